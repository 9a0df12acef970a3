"""`attrib serve`: an owner's IPFS trustless gateway that serves its registered artifacts only to
those the chain entitles.

The server indexes the files and directories it is given as the same UnixFS DAGs whose root
CIDs the chain registered (leaves are read from the files when asked for; only interior nodes
are kept in memory), and answers `GET`/`HEAD /ipfs/{cid}` as the IPFS Trustless Gateway
specification defines: one block (`application/vnd.ipld.raw`, or `?format=raw`) or the CAR of the
DAG under a CID (`application/vnd.ipld.car`, or `?format=car`), streamed a block at a time.

Access is decided for every request, from the chain, by the artifacts the requested block
belongs to ([`Policy`]): an *open* artifact (SPDX licence terms allowing commercial use and
derivatives, and no licence offered for sale) is served to anyone; any other only to an account
holding an unexpired licence of it on chain, proven by a signed request ([`attrib.access`]). A
block is served if one artifact it belongs to may be served to the requester. Refusals are JSON:
400 (malformed CID), 401 (no valid signature where one is needed), 403 (not entitled), 404 (not
served here).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Set, Tuple, Union
from urllib.parse import parse_qs, urlsplit

from .access import AccessDenied, RequestVerifier
from .car import car_header, car_section
from .chain import Chain
from .cid import RAW, Cid, CidError, directory_of, empty_directories_under, files_under, import_file
from .dag import DagError, children, verify_block
from .errors import NotFound

#: The media types of the trustless gateway specification.
RAW_BLOCK, CAR = "application/vnd.ipld.raw", "application/vnd.ipld.car"

#: Seconds a chain answer (terms, offers, licences) is reused before it is asked again.
CHAIN_CACHE_SECONDS = 6.0

#: Chain answers kept at most (least recently used dropped first).
MAX_CACHED_ANSWERS = 10_000


@dataclass(frozen=True)
class Leaf:
    """A leaf block read from a file when asked for: where its bytes are."""

    path: Path
    offset: int
    length: int


@dataclass
class Artifact:
    """A file or directory served: its root CID and its registration on chain."""

    root: Cid
    path: Path
    contribution: Optional[int]


class ArtifactIndex:
    """The blocks of the artifacts served, and which artifacts each block belongs to."""

    def __init__(self) -> None:
        self._blocks: Dict[Cid, Union[Leaf, bytes]] = {}
        self._owners: Dict[Cid, Set[Cid]] = {}
        self.artifacts: Dict[Cid, Artifact] = {}

    def _leaf_emitter(self, path: Path, made: List[Cid]) -> Callable[[Cid, bytes], None]:
        offset = 0

        def emit(cid: Cid, block: bytes) -> None:
            nonlocal offset
            if cid.codec == RAW:
                self._blocks.setdefault(cid, Leaf(path, offset, len(block)))
                offset += len(block)
            else:
                self._blocks.setdefault(cid, bytes(block))
            made.append(cid)

        return emit

    def add(self, path: Path) -> Cid:
        """Indexes a file or directory; returns its root CID (as `cid_of_path` computes it)."""
        path = Path(path)
        made: List[Cid] = []
        if path.is_dir():
            files = {
                file.relative_to(path).as_posix(): import_file(file, emit=self._leaf_emitter(file, made))
                for file in files_under(path)
            }
            root = directory_of(files, self._leaf_emitter(path, made), empty_directories_under(path)).cid
        elif path.is_file():
            root = import_file(path, emit=self._leaf_emitter(path, made)).cid
        else:
            raise CidError(f"{path}: no such file or directory")
        for cid in made:
            self._owners.setdefault(cid, set()).add(root)
        self.artifacts[root] = Artifact(root, path, None)
        return root

    def __contains__(self, cid: Cid) -> bool:
        return cid in self._blocks

    def owners(self, cid: Cid) -> List[Artifact]:
        """The artifacts block `cid` belongs to."""
        return [self.artifacts[root] for root in self._owners.get(cid, ())]

    def block(self, cid: Cid) -> bytes:
        """A block's bytes, checked against its CID (a file changed on disk is detected)."""
        source = self._blocks[cid]
        if isinstance(source, Leaf):
            with open(source.path, "rb") as stream:
                stream.seek(source.offset)
                block = stream.read(source.length)
        else:
            block = source
        verify_block(cid, block)
        return block

    def dag(self, root: Cid) -> Iterator[Tuple[Cid, bytes]]:
        """Every block under `root`, each once, parents before children (one in memory)."""
        seen: Set[Cid] = set()
        pending = [root]
        while pending:
            cid = pending.pop()
            if cid in seen:
                continue
            seen.add(cid)
            block = self.block(cid)
            yield cid, block
            pending.extend(reversed([link.cid for link in children(cid, block)]))


class Policy:
    """Who may get which artifact, read from the chain (answers kept `CHAIN_CACHE_SECONDS`)."""

    def __init__(self, chain: Chain, cache_seconds: float = CHAIN_CACHE_SECONDS) -> None:
        self.chain = chain
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        # One websocket connection, used by every request thread in turn.
        self._chain_lock = threading.Lock()
        self._cache: "OrderedDict[Tuple, Tuple[float, object]]" = OrderedDict()

    def _cached(self, key: Tuple, compute: Callable[[], object]) -> object:
        def fresh() -> Optional[Tuple[float, object]]:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None and time.monotonic() - hit[0] < self.cache_seconds:
                    self._cache.move_to_end(key)
                    return hit
            return None

        hit = fresh()
        if hit is not None:
            return hit[1]
        with self._chain_lock:
            # Another request may have asked while this one waited for the connection.
            hit = fresh()
            if hit is not None:
                return hit[1]
            value = compute()
        with self._lock:
            self._cache[key] = (time.monotonic(), value)
            self._cache.move_to_end(key)
            while len(self._cache) > MAX_CACHED_ANSWERS:
                self._cache.popitem(last=False)
        return value

    def is_open(self, contribution: int) -> bool:
        """Open to anyone: SPDX terms allowing commercial use and derivatives, and no licence
        offered for sale."""

        def compute() -> bool:
            terms = self.chain.contribution(contribution)["licence"]
            if "spdx" not in terms["licence"] or not (terms["commercialUse"] and terms["derivativesAllowed"]):
                return False
            return self.chain.rpc("attribution_licenceOffer", [contribution]) is None

        return bool(self._cached(("open", contribution), compute))

    def licensed(self, account: str, contribution: int) -> bool:
        """`account` holds an unexpired licence of `contribution`."""
        return bool(self._cached(("licence", account, contribution), lambda: bool(self.chain.live_licences(account, contribution))))


class Gateway:
    """The gateway's logic, apart from HTTP: which block to whom."""

    def __init__(self, index: ArtifactIndex, policy: Policy, verifier: RequestVerifier) -> None:
        self.index = index
        self.policy = policy
        self.verifier = verifier

    def authorize(self, cid: Cid, method: str, origin: str, path: str, headers) -> None:
        """Fails with `AccessDenied` (or `NotFound`) unless the requester may get block `cid`
        (asked of this gateway as `origin`, its `Host` header). A signed request's nonce is
        consumed only once it is entitled."""
        owners = [a for a in self.index.owners(cid) if a.contribution is not None]
        if cid not in self.index or not owners:
            raise NotFound(f"{cid} is not served here")
        if any(self.policy.is_open(a.contribution) for a in owners):
            return
        signed = self.verifier.verify(method, origin, path, headers)
        if signed is None:
            raise AccessDenied(401, "this artifact is licensed: sign the request with an account holding a licence")
        if not any(self.policy.licensed(signed.account, a.contribution) for a in owners):
            raise AccessDenied(403, f"{signed.account} holds no unexpired licence of an artifact this block belongs to")
        self.verifier.consume(signed)


def _handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        server_version = "attrib-gateway/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # quiet by default
            pass

        def _json(self, status: int, reason: str) -> None:
            body = json.dumps({"error": reason}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            match = re.fullmatch(r"/ipfs/([^/]+)", url.path)
            if match is None:
                return self._json(404, "only /ipfs/{cid} is served")
            try:
                cid = Cid.parse(match.group(1))
            except CidError as error:
                return self._json(400, f"malformed CID: {error}")
            query = parse_qs(url.query)
            accept = self.headers.get("Accept", "")
            fmt = (query.get("format") or [None])[0] or ("car" if CAR in accept else "raw")
            if fmt not in ("raw", "car"):
                return self._json(400, f"format {fmt!r}: only raw and car are served")
            try:
                gateway.authorize(cid, self.command, self.headers.get("Host", ""), self.path, self.headers)
            except NotFound as error:
                return self._json(404, str(error))
            except AccessDenied as error:
                return self._json(error.status, error.reason)
            except Exception as error:  # the chain unreachable, a malformed answer
                return self._json(503, f"the gateway cannot check access now: {type(error).__name__}")
            try:
                if fmt == "raw":
                    block = gateway.index.block(cid)
                    self.send_response(200)
                    self.send_header("Content-Type", RAW_BLOCK)
                    self.send_header("Content-Length", str(len(block)))
                    self.send_header("X-Content-Type-Options", "nosniff")
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(block)
                    return
            except (DagError, OSError) as error:
                # The file changed or went away since it was indexed: nothing wrong is served.
                return self._json(500, f"the artifact changed on disk: {type(error).__name__}")
            self.send_response(200)
            self.send_header("Content-Type", CAR + "; version=1")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command == "HEAD":
                return
            try:
                # One block at a time: memory stays at one block whatever the artifact's size.
                self._chunk(car_header(cid))
                for block_cid, block in gateway.index.dag(cid):
                    self._chunk(car_section(block_cid, block))
                self.wfile.write(b"0\r\n\r\n")
            except (DagError, OSError):
                # Headers are sent: end the connection without the last chunk, so the client
                # sees a truncated response rather than a complete wrong one.
                self.close_connection = True

        def _chunk(self, piece: bytes) -> None:
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")

    return Handler


def make_server(gateway: Gateway, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server for `gateway` (port 0: any free port); call `serve_forever` to run it."""
    server = ThreadingHTTPServer((host, port), _handler(gateway))
    server.daemon_threads = True
    return server


def build_gateway(
    chain: Chain,
    paths: List[Path],
    report: Callable[[str], None] = print,
    cache_seconds: float = CHAIN_CACHE_SECONDS,
) -> Gateway:
    """Indexes `paths`, finds each one's registration on chain (an unregistered artifact is not
    served) and returns the gateway."""
    index = ArtifactIndex()
    for path in paths:
        root = index.add(path)
        contribution = chain.contribution_by_cid(str(root))
        index.artifacts[root].contribution = contribution
        report(
            f"{root}  {path}: "
            + (f"contribution {contribution}" if contribution is not None else "not registered on chain: not served")
        )
    return Gateway(index, Policy(chain, cache_seconds), RequestVerifier(chain.genesis_hash()))
