"""`attrib serve`: an owner's IPFS trustless gateway that serves its registered artifacts only to
those the chain entitles.

The server indexes the files and directories it is given as the same UnixFS DAGs whose root
CIDs the chain registered (leaves are read from the files when asked for; only interior nodes
are kept in memory), and answers `GET`/`HEAD /ipfs/{cid}` as the IPFS Trustless Gateway
specification defines: one block (`application/vnd.ipld.raw`, or `?format=raw`; a `Range`
header gets that part of it, 206) or the CAR of the DAG under a CID (`application/vnd.ipld.car`,
or `?format=car`; depth first, each block once), streamed a block at a time. CARs honour
`dag-scope` (`block`, `entity`, `all`) and `entity-bytes=from:to`, which carries only the blocks
that prove those bytes of a file: the trustless form of a range request, so a client can read
any part of a multi-gigabyte checkpoint and still check every byte.

Access is decided for every request, from the chain, by the artifacts the requested block
belongs to ([`Policy`]): an *open* artifact (SPDX licence terms allowing commercial use and
derivatives, and no licence offered for sale) is served to anyone; any other only to an account,
proven by a signed request ([`attrib.access`]), that holds an unexpired licence of it on chain,
or that the scoring pallet drew for an open round or measurement using it (a player, the
measured subject, or the evaluation set of a round of the artifact's own project: whoever opens
a round names its evaluation set) while its reveal period lasts, if the artifact's
project owner allowed drawn evaluators access (`attrib access --evaluators on`, stored in
`Payouts.EvaluatorAccess`; off unless turned on). A block is served if one artifact it belongs
to may be served to the requester. Chain answers are reused for `CHAIN_CACHE_SECONDS`, so a
licence or an assignment that ends is honoured that much longer at most. Refusals are JSON:
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
from .dag import (
    SHARD_LABEL,
    UNIXFS_HAMT_SHARD,
    DagError,
    children,
    decode_pb,
    unixfs_file_parts,
    unixfs_type_and_data,
    verify_block,
)
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

    def file_size(self, root: Cid) -> Optional[int]:
        """The length of the file `root` names; None if it is not a file (a directory)."""
        block = self.block(root)
        if root.codec == RAW:
            return len(block)
        _, payload = decode_pb(block)
        try:
            inline, sizes = unixfs_file_parts(payload)
        except DagError:
            return None
        return len(inline) + sum(sizes)

    def file_range(self, root: Cid, first: int, last: int) -> Iterator[Tuple[Cid, bytes]]:
        """The blocks that prove bytes `first`..`last` (inclusive) of the file `root`: the
        nodes on the way down and the leaves holding those bytes, parents before children,
        each once (the trustless gateway's `entity-bytes`)."""
        # A block is sent once, but a subtree repeated at several offsets (zero-filled regions)
        # is walked at each: another offset may need children the first did not.
        sent: Set[Cid] = set()
        walked: Set[Tuple[Cid, int]] = set()
        pending: List[Tuple[Cid, int]] = [(root, 0)]  # a block and the file offset it starts at
        while pending:
            cid, offset = pending.pop()
            if (cid, offset) in walked:
                continue
            walked.add((cid, offset))
            block = self.block(cid)
            if cid not in sent:
                sent.add(cid)
                yield cid, block
            if cid.codec == RAW:
                continue
            links, payload = decode_pb(block)
            inline, sizes = unixfs_file_parts(payload)
            if len(sizes) != len(links):
                raise DagError(f"file node {cid}: {len(links)} links but {len(sizes)} block sizes")
            position, wanted = offset + len(inline), []
            for link, size in zip(links, sizes):
                if size > 0 and position <= last and position + size - 1 >= first:
                    wanted.append((link.cid, position))
                position += size
            pending.extend(reversed(wanted))

    def directory_entity(self, root: Cid) -> Iterator[Tuple[Cid, bytes]]:
        """The blocks that list the directory `root`: its node and, when it is sharded, its
        HAMT's inner shards, without the entries' own blocks (`dag-scope=entity`)."""
        pending = [root]
        while pending:
            cid = pending.pop()
            block = self.block(cid)
            yield cid, block
            links, payload = decode_pb(block)
            if unixfs_type_and_data(payload)[0] == UNIXFS_HAMT_SHARD:
                # A link named by its index prefix alone is an inner shard, not an entry.
                pending.extend(reversed([link.cid for link in links if len(link.name) == SHARD_LABEL]))


class RangeError(Exception):
    """A byte range a request asks for that cannot be served (400 or 416)."""


def entity_bytes(text: str, size: int) -> Tuple[int, int]:
    """The inclusive byte range `from:to` of the trustless gateway's `entity-bytes` selects in
    an entity of `size` bytes: negative values count from the end, `to` may be `*` (the last
    byte). `RangeError` for a malformed value or a range wholly after the end; an empty range
    gives `first > last`."""
    start, sep, end = text.partition(":")
    try:
        first = int(start)
        last = size - 1 if end == "*" else int(end)
    except ValueError:
        raise RangeError(f"entity-bytes {text!r}: give it as from:to (integers, to may be *)") from None
    if not sep:
        raise RangeError(f"entity-bytes {text!r}: give it as from:to (integers, to may be *)")
    first = max(size + first, 0) if first < 0 else first
    last = size + last if last < 0 else min(last, size - 1)
    if first >= size and size > 0 or (size == 0 and first > 0):
        raise RangeError(f"entity-bytes {text!r}: the entity has {size} bytes")
    return first, last


def byte_range(header: str, size: int) -> Optional[Tuple[int, int]]:
    """The inclusive range of an HTTP `Range: bytes=…` header (one range; RFC 9110) over `size`
    bytes; None when the header asks for several ranges (the whole body is then sent);
    `RangeError` when it cannot be satisfied."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    start, dash, end = spec.strip().partition("-")
    try:
        if not dash:
            raise ValueError
        if start == "":
            suffix = int(end)
            if suffix <= 0:
                raise RangeError("an empty suffix range")
            return max(size - suffix, 0), size - 1
        first = int(start)
        last = size - 1 if end == "" else min(int(end), size - 1)
    except ValueError:
        return None  # a malformed Range is ignored, as RFC 9110 says
    if first > last or first >= size:
        raise RangeError(f"bytes {spec} of a {size}-byte block")
    return first, last


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

    def drawn_for(self, account: str, artifact: "Artifact") -> bool:
        """`account` holds a seat on an open round or measurement that uses `artifact` (one of
        its players, its measured subject, or the evaluation set of a round of the artifact's
        own project) whose reveal period has not ended, and the artifact's project owner lets
        drawn evaluators get it (`Payouts.EvaluatorAccess`)."""
        contribution = artifact.contribution
        if not self._cached(("evaluator access", contribution), lambda: self.chain.evaluator_access(contribution)):
            return False
        now = int(self._cached(("best block",), self.chain.best_number))

        def open_work() -> List[Tuple[int, int]]:
            answer = self.chain.rpc("attribution_assignments", [account])
            return [(int(a["round"]), int(a["revealEnd"])) for a in answer["assignments"]]

        for round, reveal_end in self._cached(("assignments", account), open_work):
            if now > reveal_end:
                continue
            uses = self._cached(("round uses", round), lambda: self.chain.round_uses(round))
            if uses is None:
                continue
            players, evaluation_set, project = uses
            if contribution in players:
                return True
            # Whoever opens a round chooses its evaluation set: it opens the artifact only to the
            # rounds of the artifact's own project, not to a stranger naming it in another.
            if evaluation_set == artifact.root and project == self._project_of(contribution):
                return True
        return False

    def _project_of(self, contribution: int) -> int:
        return int(self._cached(("project of", contribution), lambda: self.chain.contribution(contribution)["project"]))


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
        if not any(self.policy.licensed(signed.account, a.contribution) for a in owners) and not any(
            self.policy.drawn_for(signed.account, a) for a in owners
        ):
            raise AccessDenied(
                403,
                f"{signed.account} holds no unexpired licence of an artifact this block belongs to, and is not "
                "drawn for open work that uses one whose owner lets drawn evaluators get it",
            )
        self.verifier.consume(signed)


def _handler(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        server_version = "attrib-gateway/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # quiet by default
            pass

        def _json(self, status: int, reason: str, extra: Optional[Dict[str, str]] = None) -> None:
            body = json.dumps({"error": reason}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
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
            if fmt == "raw":
                return self._raw(cid)
            return self._car(cid, query)

        def _raw(self, cid: Cid) -> None:
            """One block, or the part of it a `Range` header asks for (206)."""
            try:
                block = gateway.index.block(cid)
            except (DagError, OSError) as error:
                # The file changed or went away since it was indexed: nothing wrong is served.
                return self._json(500, f"the artifact changed on disk: {type(error).__name__}")
            status, body, extra = 200, block, {}
            if self.headers.get("Range"):
                try:
                    selected = byte_range(self.headers["Range"], len(block))
                except RangeError as error:
                    return self._json(416, str(error), {"Content-Range": f"bytes */{len(block)}"})
                if selected is not None:
                    first, last = selected
                    status, body = 206, block[first : last + 1]
                    extra = {"Content-Range": f"bytes {first}-{last}/{len(block)}"}
            self.send_response(status)
            self.send_header("Content-Type", RAW_BLOCK)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Disposition", f'attachment; filename="{cid}.bin"')
            self.send_header("Etag", f'"{cid}.raw"')
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _car(self, cid: Cid, query: Dict[str, List[str]]) -> None:
            """The CAR of the blocks under `cid` that `dag-scope` and `entity-bytes` select,
            streamed a block at a time, depth first, each block once."""
            scope = (query.get("dag-scope") or ["all"])[0]
            wanted = (query.get("entity-bytes") or [None])[0]
            if scope not in ("block", "entity", "all"):
                return self._json(400, f"dag-scope {scope!r}: block, entity or all")
            try:
                if scope == "block":
                    blocks: Iterator[Tuple[Cid, bytes]] = iter([(cid, gateway.index.block(cid))])
                elif scope == "all" and wanted is None:
                    blocks = gateway.index.dag(cid)
                else:  # the entity: a whole file, a byte range of one, or a directory's listing
                    size = gateway.index.file_size(cid)
                    if size is None:
                        blocks = gateway.index.directory_entity(cid)
                    else:
                        first, last = entity_bytes(wanted, size) if wanted is not None else (0, size - 1)
                        blocks = (
                            gateway.index.file_range(cid, first, last)
                            if first <= last
                            else iter([(cid, gateway.index.block(cid))])
                        )
            except RangeError as error:
                return self._json(400, str(error))
            except (DagError, OSError) as error:
                return self._json(500, f"the artifact changed on disk: {type(error).__name__}")
            self.send_response(200)
            self.send_header("Content-Type", CAR + "; version=1; order=dfs; dups=n")
            self.send_header("Content-Disposition", f'attachment; filename="{cid}.car"')
            self.send_header("Etag", f'"{cid}.car.{scope}.{wanted or ""}"')
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command == "HEAD":
                return
            try:
                # One block at a time: memory stays at one block whatever the artifact's size.
                self._chunk(car_header(cid))
                for block_cid, block in blocks:
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
