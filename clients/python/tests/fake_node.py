"""A fake node for the submission tests: JSON-RPC over WebSocket (RFC 6455, standard library
only) that answers `author_submitAndWatchExtrinsic` from a script, the way a node's legacy
transaction subscription does.

Each submission the node receives plays the next script: a list of steps, each a status to
notify (`"ready"`, `{"inBlock": "0x.."}`, ...) or one of the actions below. When a script ends
the node stays silent, with the connection open, until the client goes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

SUBMIT_AND_WATCH = "author_submitAndWatchExtrinsic"
# RFC 6455's key suffix, and the frame opcodes the fake uses.
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


@dataclass(frozen=True)
class Refuse:
    """Answer the submission with a JSON-RPC error instead of a subscription id (first step)."""

    code: int
    message: str
    data: Optional[str] = None


@dataclass(frozen=True)
class SubscriptionError:
    """End the subscription with an error notification (`params.error`)."""

    code: int
    message: str


@dataclass(frozen=True)
class Pause:
    """Wait before the next step."""

    seconds: float


@dataclass(frozen=True)
class Repeat:
    """Notify `status` every `every` seconds until the client goes."""

    status: Any
    every: float


class Action:
    """A step that is a name: `NO_ANSWER`, `CLOSE_CONNECTION`, `RESET_CONNECTION`."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Never answer the submission at all (first step).
NO_ANSWER = Action("NO_ANSWER")
#: Close the connection properly, with a close frame.
CLOSE_CONNECTION = Action("CLOSE_CONNECTION")
#: Cut the TCP connection without a close frame.
RESET_CONNECTION = Action("RESET_CONNECTION")


class Peer:
    """One client connection: the RFC 6455 handshake and frame codec, server side."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.closed = threading.Event()
        self._write = threading.Lock()

    def _fill(self) -> bool:
        """Adds what the client sent next to the buffer; False when it went away."""
        try:
            chunk = self.sock.recv(65536)
        except OSError:
            chunk = b""
        self.buffer += chunk
        return bool(chunk)

    def read_exact(self, size: int) -> Optional[bytes]:
        """`size` bytes from the client, or None when it went away first."""
        while len(self.buffer) < size:
            if not self._fill():
                return None
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def handshake(self) -> bool:
        """Answers the client's upgrade request; False when it went away first."""
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                return False
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        headers = dict(
            (name.strip().lower(), value.strip())
            for name, _, value in (line.partition(":") for line in head.decode().split("\r\n")[1:])
        )
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + WEBSOCKET_GUID).encode()).digest())
        self.send_raw(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n"
        )
        return True

    def read_frame(self) -> Optional[Tuple[int, bytes]]:
        """The client's next frame as (opcode, unmasked payload); None once it went away.
        Clients mask every frame; websocket-client never fragments messages this small."""
        head = self.read_exact(2)
        if head is None:
            return None
        opcode, length = head[0] & 0x0F, head[1] & 0x7F
        if length >= 126:
            extended = self.read_exact(2 if length == 126 else 8)
            if extended is None:
                return None
            length = int.from_bytes(extended, "big")
        mask = self.read_exact(4) if head[1] & 0x80 else bytes(4)
        payload = self.read_exact(length)
        if mask is None or payload is None:
            return None
        return opcode, bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))

    def send_frame(self, opcode: int, payload: bytes) -> None:
        """One unmasked, unfragmented frame (servers never mask)."""
        size = len(payload)
        if size < 126:
            length = bytes([size])
        elif size < 1 << 16:
            length = bytes([126]) + struct.pack("!H", size)
        else:
            length = bytes([127]) + struct.pack("!Q", size)
        self.send_raw(bytes([0x80 | opcode]) + length + payload)

    def send_json(self, message: Any) -> None:
        self.send_frame(TEXT, json.dumps(message).encode())

    def send_raw(self, data: bytes) -> None:
        with self._write:
            if self.closed.is_set():
                return
            try:
                self.sock.sendall(data)
            except OSError:
                self.closed.set()

    def close(self) -> None:
        """A close frame, then the end of the connection."""
        self.send_frame(CLOSE, struct.pack("!H", 1000))
        self.reset()

    def reset(self) -> None:
        """The end of the connection, without a close frame."""
        with self._write:
            self.closed.set()
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class FakeNode:
    """A node on a free local port, in threads of the test process, until `close`.

    `submissions` lists the extrinsics submitted (hex, as sent), in the order they arrived."""

    def __init__(self, *scripts: Sequence[Any]) -> None:
        self.scripts: List[Sequence[Any]] = list(scripts)
        self.submissions: List[str] = []
        self._lock = threading.Lock()
        self._peers: List[Peer] = []
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        # A short accept timeout so `close` ends the accept loop promptly.
        self._listener.settimeout(0.05)
        self.url = f"ws://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> "FakeNode":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        """Stops listening and cuts every connection."""
        self._stopping.set()
        self._listener.close()
        for peer in self._peers:
            peer.reset()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            sock.settimeout(None)
            peer = Peer(sock)
            self._peers.append(peer)
            threading.Thread(target=self._serve, args=(peer,), daemon=True).start()

    def _serve(self, peer: Peer) -> None:
        with peer.sock:
            if not peer.handshake():
                return
            while True:
                frame = peer.read_frame()
                if frame is None:
                    peer.closed.set()
                    return
                opcode, payload = frame
                if opcode == CLOSE:
                    peer.close()
                    return
                if opcode == PING:
                    peer.send_frame(PONG, payload)
                elif opcode == TEXT:
                    self._on_request(peer, json.loads(payload))

    def _on_request(self, peer: Peer, request: dict) -> None:
        if request.get("method") != SUBMIT_AND_WATCH:
            peer.send_json({"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": -32601, "message": "Method not found"}})
            return
        with self._lock:
            self.submissions.append(request["params"][0])
            index = len(self.submissions) - 1
        script = self.scripts[index] if index < len(self.scripts) else []
        # The script plays in a thread of its own so this one keeps reading: the client's close
        # frame is answered at once even while the script pauses or repeats.
        threading.Thread(target=self._play, args=(peer, request["id"], f"sub{index}", script), daemon=True).start()

    def _play(self, peer: Peer, request_id: Any, subscription: str, script: Sequence[Any]) -> None:
        first = script[0] if script else None
        if first is NO_ANSWER:
            return
        if isinstance(first, Refuse):
            error = {"code": first.code, "message": first.message}
            if first.data is not None:
                error["data"] = first.data
            peer.send_json({"jsonrpc": "2.0", "id": request_id, "error": error})
            return
        peer.send_json({"jsonrpc": "2.0", "id": request_id, "result": subscription})
        for step in script:
            if peer.closed.is_set():
                return
            if isinstance(step, Pause):
                time.sleep(step.seconds)
            elif isinstance(step, Repeat):
                while not peer.closed.is_set():
                    self._notify(peer, subscription, {"result": step.status})
                    time.sleep(step.every)
            elif isinstance(step, SubscriptionError):
                self._notify(peer, subscription, {"error": {"code": step.code, "message": step.message}})
            elif step is CLOSE_CONNECTION:
                peer.close()
            elif step is RESET_CONNECTION:
                peer.reset()
            else:
                self._notify(peer, subscription, {"result": step})

    @staticmethod
    def _notify(peer: Peer, subscription: str, body: dict) -> None:
        peer.send_json(
            {"jsonrpc": "2.0", "method": "author_extrinsicUpdate", "params": {"subscription": subscription, **body}}
        )
