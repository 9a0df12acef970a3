"""Following a signed transaction into a block, whatever the node answers, within a deadline.

substrate-interface's own watcher (`submit_extrinsic(..., wait_for_inclusion=True)`) ignores
`invalid`, `usurped` and a `finalized` that arrives without `inBlock`, lets `dropped` escape as a
bare `ValueError` and reads its socket without a timeout, so a submission could wait for ever.
`Submission` subscribes itself (`author_submitAndWatchExtrinsic`) and ends every way a
transaction can end with the block that holds it or one of the SDK's typed errors.

The node reports statuses as Substrate's `TransactionStatus` serializes them (serde,
camelCase): unit variants as strings (`"future"`, `"ready"`, `"dropped"`, `"invalid"`), the
others as one-key objects (`{"broadcast": [peer, ...]}`, `{"inBlock": block}`,
`{"retracted": block}`, `{"finalityTimeout": block}`, `{"finalized": block}`,
`{"usurped": transaction}`), in notifications
`{"method": "author_extrinsicUpdate", "params": {"subscription": id, "result": status}}`.

A transaction the pool drops while its account's nonce is still unused is sent again. Substrate
pools ban the hash of what they drop (for 30 minutes by default), so the same bytes sent again
would usually be refused as temporarily banned (error 1012): a submission that can re-sign
(`Submission.resign`) signs the same call again with the same nonce before each resubmission.
sr25519 signatures are randomised, so the new extrinsic has a new hash the pool has not banned,
and the shared nonce lets at most one of the versions ever be included. Every hash sent is kept:
once the nonce is used, the block that includes any of them is looked for (the version the pool
dropped may still have been included through another node's pool). Deterministic signatures
(ed25519, ecdsa) re-sign to the same bytes, which is what a submission without `resign` sends.
"""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from .errors import NodeUnavailable, SubmissionTimeout, TransactionDropped, TransactionInvalid, TransactionUsurped

#: Seconds a submission waits for its transaction's final status unless told otherwise.
DEFAULT_TIMEOUT = 60.0
#: Times a transaction the pool dropped is submitted again (re-signed with the same nonce, or
#: the same bytes when the submission cannot re-sign).
DROP_RETRIES = 2
#: Seconds before the first resubmission of a dropped transaction; the n-th waits n times this.
DROP_BACKOFF = 1.0
#: Seconds to open the connection a submission is watched on (never past the deadline).
CONNECT_TIMEOUT = 10.0
#: Seconds the node is given to answer our close frame when a watch ends.
CLOSE_TIMEOUT = 1.0
#: The legacy submit-and-watch method and the id of its request on a watch's own connection.
SUBMIT_AND_WATCH = "author_submitAndWatchExtrinsic"
REQUEST_ID = 1
#: The node's error codes (sc-rpc-api's author errors) for a transaction its pool bans for a
#: while (it bans what it drops), for one it had no room for (a `dropped` on arrival), and for
#: one it could not check.
POOL_TEMPORARILY_BANNED = 1012
POOL_IMMEDIATELY_DROPPED = 1016
VERIFICATION_ERROR = 1002
#: The node's words, in a `VERIFICATION_ERROR`, when the block it checked the transaction
#: against lost its state: a collator's best block on a fork that finality has just
#: discarded, until the reorg reaches its pool. Sent again, it is checked at the new best.
STATE_DISCARDED = "State already discarded"

#: A watch submits signed extrinsic bytes (`0x` hex) with `author_submitAndWatchExtrinsic` and
#: yields each status the node reports, as JSON decodes it, until the caller stops iterating
#: (closing the iterator ends the subscription). It raises `RpcError` when the node refuses the
#: submission or ends the subscription with an error, `NodeUnavailable` when the connection
#: fails or closes, and `TimeoutError` once the deadline (a `time.monotonic()` value) passes.
Watch = Callable[[str, float], Iterator[Any]]


class RpcError(Exception):
    """The node answered a JSON-RPC request, or ended a subscription, with an error object."""

    def __init__(self, error: Any) -> None:
        error = error if isinstance(error, dict) else {"message": str(error)}
        self.code = error.get("code")
        self.message = error.get("message")
        self.data = error.get("data")
        super().__init__(self.detail)

    @property
    def detail(self) -> str:
        """The node's words: `message: data` (`Invalid Transaction: Transaction is outdated`)."""
        return f"{self.message}: {self.data}" if self.data is not None else str(self.message)


def refused_for_now(error: RpcError) -> Optional[str]:
    """Why the node refused a submission for now, when it may accept the same transaction
    later (its pool is full; the block it checked against is gone), else None."""
    if error.code == POOL_IMMEDIATELY_DROPPED:
        return "dropped on arrival (the pool is full)"
    if error.code == VERIFICATION_ERROR and STATE_DISCARDED in error.detail:
        return "refused on arrival (the node checked it against a block finality discarded)"
    return None


class _Dropped(Exception):
    """The pool dropped the transaction (`dropped`): the caller decides whether to resubmit."""


def parse_status(result: Any) -> Tuple[str, Any]:
    """A `TransactionStatus` as the node serializes it, as (camelCase name, data or None):
    `"ready"` is `("ready", None)`, `{"inBlock": "0x12"}` is `("inBlock", "0x12")`. Anything
    else is `("unknown", result)`."""
    if isinstance(result, str):
        return _camel(result), None
    if isinstance(result, dict) and len(result) == 1:
        (name, data), = result.items()
        return _camel(str(name)), data
    return "unknown", result


def _camel(name: str) -> str:
    # Nodes serialize camelCase; substrate-interface lower-cases keys "for backwards
    # compatibility", so a capitalised `InBlock` is read as `inBlock` too.
    return name[:1].lower() + name[1:]


def describe(name: str, data: Any) -> str:
    """A status as error messages show it: `ready`, `inBlock 0x12..`, `broadcast to 3 peer(s)`."""
    if data is None:
        return name
    if name == "broadcast" and isinstance(data, list):
        return f"broadcast to {len(data)} peer(s)"
    return f"{name} {data}"


class WebSocketWatch:
    """A `Watch` on `url`: each call submits on a WebSocket connection of its own.

    A connection per watch because a subscription abandoned half-way (at the deadline, on an
    error, or once the transaction is in a block) then ends by closing it: the node forgets the
    watch, and no late notification lands in the queue of the connection substrate-interface
    reads, which nobody would ever empty."""

    def __init__(self, url: str, connect_timeout: float = CONNECT_TIMEOUT) -> None:
        self.url = url
        self.connect_timeout = connect_timeout

    def __call__(self, extrinsic: str, deadline: float) -> Iterator[Any]:
        """Submits `extrinsic` (`0x` hex) and yields its statuses; see `Watch`."""
        connection = self._connect(deadline)
        try:
            self._send(connection, {"jsonrpc": "2.0", "id": REQUEST_ID, "method": SUBMIT_AND_WATCH, "params": [extrinsic]})
            subscription = None
            while True:
                message = self._receive(connection, deadline)
                if message.get("id") == REQUEST_ID:
                    if "error" in message:
                        raise RpcError(message["error"])
                    subscription = message.get("result")
                    continue
                params = message.get("params")
                # The node answers the request before it notifies, so anything before the
                # answer, or for another subscription, is not ours.
                if subscription is None or not isinstance(params, dict) or params.get("subscription") != subscription:
                    continue
                if "error" in params:
                    raise RpcError(params["error"])
                yield params.get("result")
        finally:
            self._close(connection)

    def _connect(self, deadline: float):
        from websocket import WebSocketException, create_connection

        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        try:
            return create_connection(self.url, timeout=min(self.connect_timeout, remaining))
        except (OSError, WebSocketException) as error:  # refused, unreachable, handshake refused
            raise NodeUnavailable(self.url, str(error) or type(error).__name__) from None

    def _send(self, connection, request: Dict[str, Any]) -> None:
        from websocket import WebSocketException

        try:
            connection.send(json.dumps(request))
        except (OSError, WebSocketException) as error:
            raise NodeUnavailable(self.url, f"the connection failed: {error or type(error).__name__}") from None

    def _receive(self, connection, deadline: float) -> Dict[str, Any]:
        """The next JSON object the node sends, waiting no later than `deadline`."""
        from websocket import WebSocketException, WebSocketTimeoutException

        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            # Each read is bounded by what is left, so a node that keeps talking without ever
            # giving a final status cannot stretch the wait past the deadline either.
            connection.settimeout(remaining)
            try:
                text = connection.recv()
            except (WebSocketTimeoutException, socket.timeout):  # before OSError: a timeout is one
                raise TimeoutError from None
            except (OSError, WebSocketException) as error:
                raise NodeUnavailable(self.url, f"the connection closed: {error or type(error).__name__}") from None
            if not text:  # what websocket-client's `recv` returns for the node's close frame
                raise NodeUnavailable(self.url, "the node closed the connection")
            try:
                message = json.loads(text)
            except ValueError:
                raise NodeUnavailable(self.url, f"the node sent something that is not JSON: {text[:80]!r}") from None
            if isinstance(message, dict):
                return message

    @staticmethod
    def _close(connection) -> None:
        from websocket import WebSocketException

        try:
            connection.close(timeout=CLOSE_TIMEOUT)
        except (OSError, WebSocketException):
            pass  # already broken: closing must not hide why the watch ended


@dataclass
class Submission:
    """One signed transaction on its way into a block; `run` submits it and follows it.

    `extrinsic` is the signed bytes (`0x` hex) and `extrinsic_hash` their hash: the first to
    send, then (after a re-sign) the last signed; `call` and `account` name the call and its
    signer in errors. `watch` submits and reports statuses (a `Watch`), `receipt(block_hash,
    extrinsic_hash)` reads what the transaction with that hash did in the block that holds it,
    `nonce_used()` says whether the chain's nonce of the account moved past the transaction's
    and `find_block(extrinsic_hashes)` looks for a block of the chain that includes an
    extrinsic with one of those hashes: (block hash, the hash found), or None. `resign()`, when
    given, signs the same call again with the same nonce: (extrinsic, extrinsic hash) for a
    resubmission after a drop (see the module's docstring); without it the same bytes are sent.
    """

    call: str
    account: str
    extrinsic: str
    extrinsic_hash: str
    watch: Watch
    receipt: Callable[[str, str], Any]
    nonce_used: Callable[[], bool]
    find_block: Callable[[Sequence[str]], Optional[Tuple[str, str]]]
    timeout: float = DEFAULT_TIMEOUT
    wait_for_finalization: bool = False
    retries: int = DROP_RETRIES
    backoff: float = DROP_BACKOFF
    resign: Optional[Callable[[], Tuple[str, str]]] = None
    #: The last status the node reported (as `describe` puts it), None before the first.
    last_status: Optional[str] = field(default=None, init=False)
    #: How many times the transaction was sent.
    submissions: int = field(default=0, init=False)
    #: The hash of each version of the transaction sent, oldest first, each once (re-signed
    #: versions share the nonce: at most one of them can be included).
    extrinsic_hashes: List[str] = field(default_factory=list, init=False)

    def run(self) -> Any:
        """Submits the transaction and returns `receipt(block, extrinsic_hash)` for the block
        that holds it and the version of the transaction it holds.

        Every status of the subscription, within one deadline `timeout` seconds away:

        - `future`, `ready`, `broadcast`: on its way; keep waiting.
        - `inBlock`: done (`receipt` of that block), unless `wait_for_finalization`: then keep
          waiting for `finalized`.
        - `finalized`: done, with or without an `inBlock` before it.
        - `retracted`: its block left the best chain; another block may include it: keep waiting.
        - `finalityTimeout`: its block is stuck: keep waiting, until the deadline.
        - `usurped`: another transaction with the same nonce replaced it: `TransactionUsurped`.
        - `invalid`: `TransactionInvalid`.
        - `dropped`: if the account's nonce has moved past the transaction's, the block that
          includes any version of it sent so far is looked for (`receipt` of it) or
          `TransactionDropped` says the nonce was used; otherwise, after `backoff` seconds times
          the drops so far, the transaction is sent again, up to `retries` times: re-signed
          with the same nonce (`resign`) because pools ban the hash of what they drop, or the
          same bytes without `resign`; one drop more is `TransactionDropped`. The node refusing
          a submission for now is a drop too: its pool is full (error 1016), or it checked the
          transaction against a block whose state finality discarded (error 1002 saying so: a
          collator's best block on a losing fork, for a moment).
        - any other error answer to the submission: `TransactionInvalid` with the node's words.
          After a drop the nonce is checked first, as above (the resubmission may be refused as
          outdated because an earlier version was included meanwhile), and a refusal as banned
          (error 1012: pools ban what they drop for a while, and a deterministic signature
          re-signs to the same bytes) is `TransactionDropped`.
        - the connection failing or closing: `NodeUnavailable`.
        - no final status by the deadline: `SubmissionTimeout` with the last status seen.
        """
        deadline = time.monotonic() + self.timeout
        drops = 0
        while True:
            try:
                found = self._follow(deadline, drops)
            except _Dropped:
                drops += 1
                found = self._included_meanwhile(drops)
                if found is None:
                    if drops > self.retries:
                        raise TransactionDropped(
                            self.call, self.extrinsic_hash, drops, earlier_hashes=self._earlier_hashes()
                        ) from None
                    self._back_off(drops, deadline)
                    continue
            return self.receipt(*found)

    def _follow(self, deadline: float, drops: int) -> Tuple[str, str]:
        """Sends the transaction once (after a drop, re-signed when it can be) and follows it:
        the hash of the block that holds it and the hash of the version it holds."""
        if drops and self.resign is not None and time.monotonic() < deadline:
            self.extrinsic, self.extrinsic_hash = self.resign()
        if self.extrinsic_hash not in self.extrinsic_hashes:
            self.extrinsic_hashes.append(self.extrinsic_hash)
        self.submissions += 1
        stream = self.watch(self.extrinsic, deadline)
        try:
            for result in stream:
                block = self._on_status(*parse_status(result))
                if block is not None:
                    return block, self.extrinsic_hash
            # A watch that ends without a final status is silence until the deadline.
            time.sleep(max(0.0, deadline - time.monotonic()))
            raise TimeoutError
        except TimeoutError:
            raise SubmissionTimeout(
                self.call, self.extrinsic_hash, self.timeout, self.last_status, self._earlier_hashes()
            ) from None
        except RpcError as error:
            return self._on_refusal(error, drops)
        except NodeUnavailable as error:
            if self.last_status is None:
                raise
            earlier = self._earlier_hashes()
            signed_before = f" (or {', '.join(earlier)}, signed before with the same nonce)" if earlier else ""
            raise NodeUnavailable(
                error.url, f"{error.reason}; transaction {self.extrinsic_hash}{signed_before} may still be included"
            ) from None
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()

    def _on_status(self, name: str, data: Any) -> Optional[str]:
        """What one status means: the block hash when the transaction is done, None to keep
        waiting; raises for the statuses that end it otherwise."""
        self.last_status = describe(name, data)
        if name == "inBlock" and not self.wait_for_finalization:
            return data
        if name == "finalized":
            return data
        if name == "usurped":
            raise TransactionUsurped(self.call, self.extrinsic_hash, str(data))
        if name == "invalid":
            raise TransactionInvalid(
                self.call,
                self.account,
                f"its pool declared transaction {self.extrinsic_hash} `invalid` after accepting it "
                "(its nonce was used, its era ended or its account can no longer cover the fee)",
            )
        if name == "dropped":
            raise _Dropped
        # future, ready, broadcast, inBlock while waiting for finality, retracted (the block
        # left the best chain; another may include it), finalityTimeout (the block is stuck)
        # and statuses newer than this module: keep waiting.
        return None

    def _on_refusal(self, error: RpcError, drops: int) -> Tuple[str, str]:
        """What the node refusing a submission means: a drop when it may accept it later
        (`refused_for_now`); after a drop, an earlier version may have been included meanwhile
        (the node then refuses the resubmission as outdated), or the resubmission be banned
        (the same bytes it dropped); otherwise it is invalid."""
        for_now = refused_for_now(error)
        if for_now is not None:
            self.last_status = for_now
            raise _Dropped from None
        found = self._included_meanwhile(drops) if drops else None
        if found is not None:
            return found
        if drops and error.code == POOL_TEMPORARILY_BANNED:
            raise TransactionDropped(
                self.call, self.extrinsic_hash, drops, refusal=error.detail, earlier_hashes=self._earlier_hashes()
            ) from None
        raise TransactionInvalid(self.call, self.account, error.detail) from None

    def _included_meanwhile(self, drops: int) -> Optional[Tuple[str, str]]:
        """After a drop: None while the transaction's nonce is unused (it can be sent again);
        once the nonce is used, the block that includes one of the versions sent and that
        version's hash, or `TransactionDropped` when it was another transaction that used the
        nonce."""
        if not self.nonce_used():
            return None
        found = self.find_block(list(self.extrinsic_hashes))
        if found is None:
            raise TransactionDropped(
                self.call, self.extrinsic_hash, drops, nonce_used=True, earlier_hashes=self._earlier_hashes()
            )
        return found

    def _earlier_hashes(self) -> List[str]:
        """The hashes of the versions sent before the last one (re-signed with the same nonce)."""
        return [sent for sent in self.extrinsic_hashes if sent != self.extrinsic_hash]

    def _back_off(self, drops: int, deadline: float) -> None:
        # A pool that dropped for lack of room needs a moment to make some; never past the
        # deadline, where the next watch reports the timeout.
        time.sleep(max(0.0, min(self.backoff * drops, deadline - time.monotonic())))
