"""UnixFS DAGs read back: dag-pb nodes decoded, blocks checked against their CIDs, and files
and directories rebuilt from blocks wherever they come from (a CAR, a gateway, a block cache).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO, Callable, Iterator, List, Optional, Tuple

from .cid import DAG_PB, RAW, Cid, CidError, read_varint
from .errors import AttribError

#: UnixFS node types (the `Type` field of UnixFS `Data`).
UNIXFS_RAW, UNIXFS_DIRECTORY, UNIXFS_FILE, UNIXFS_HAMT_SHARD = 0, 1, 2, 5

#: Characters of a HAMT shard link's index prefix (fanout 256: two hex digits).
SHARD_LABEL = 2

#: Gets a block's bytes by CID (checked by `verify_block` before it returns).
GetBlock = Callable[[Cid], bytes]


class DagError(CidError, AttribError):
    """A block that does not match its CID, cannot be found, or is not the UnixFS expected."""


def verify_block(cid: Cid, block: bytes) -> None:
    """Fails unless `block` is what `cid` names (its sha2-256 digest), in a codec this SDK reads."""
    if cid.codec not in (RAW, DAG_PB):
        raise DagError(f"block {cid}: codec 0x{cid.codec:x} is neither raw nor dag-pb")
    if hashlib.sha256(block).digest() != cid.digest:
        raise DagError(f"block {cid} does not match its hash: it is corrupted")


@dataclass(frozen=True)
class Link:
    """A dag-pb link: the child's CID, its name in a directory, its cumulative size."""

    cid: Cid
    name: str
    tsize: int


def _pb_fields(data: bytes) -> Iterator[Tuple[int, int, object]]:
    """The protobuf fields of `data`: (number, wire type, value: int or bytes)."""
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = read_varint(data, i)
            yield number, wire, value
        elif wire == 2:
            length, i = read_varint(data, i)
            if i + length > len(data):
                raise DagError("a dag-pb field overruns its block")
            yield number, wire, data[i : i + length]
            i += length
        else:
            raise DagError(f"dag-pb wire type {wire} is not used by UnixFS")


def decode_pb(block: bytes) -> Tuple[List[Link], bytes]:
    """A dag-pb node's links and its `Data`."""
    links: List[Link] = []
    payload = b""
    for number, wire, value in _pb_fields(block):
        if number == 2 and wire == 2:
            cid, name, tsize = None, "", 0
            for n, w, v in _pb_fields(value):  # type: ignore[arg-type]
                if n == 1 and w == 2:
                    cid = Cid.from_bytes(v)  # type: ignore[arg-type]
                elif n == 2 and w == 2:
                    try:
                        name = v.decode("utf-8")  # type: ignore[union-attr]
                    except UnicodeDecodeError:
                        raise DagError("a dag-pb link name is not UTF-8") from None
                elif n == 3 and w == 0:
                    tsize = v  # type: ignore[assignment]
            if cid is None:
                raise DagError("a dag-pb link has no CID")
            links.append(Link(cid, name, tsize))
        elif number == 1 and wire == 2:
            payload = value  # type: ignore[assignment]
    return links, payload


def unixfs_type_and_data(payload: bytes) -> Tuple[int, bytes]:
    """The UnixFS `Type` of a dag-pb node's `Data`, and the bytes it carries inline."""
    kind, inline = None, b""
    for number, wire, value in _pb_fields(payload):
        if number == 1 and wire == 0:
            kind = value
        elif number == 2 and wire == 2:
            inline = value  # type: ignore[assignment]
    if kind is None:
        raise DagError("a dag-pb node without a UnixFS type")
    return kind, inline  # type: ignore[return-value]


def unixfs_file_parts(payload: bytes) -> Tuple[bytes, List[int]]:
    """A UnixFS file node's inline bytes and its children's sizes (`blocksizes`, packed or
    not), in link order."""
    kind, inline = unixfs_type_and_data(payload)
    if kind not in (UNIXFS_FILE, UNIXFS_RAW):
        raise DagError(f"a UnixFS node of type {kind} is not a file")
    sizes: List[int] = []
    for number, wire, value in _pb_fields(payload):
        if number == 4 and wire == 0:
            sizes.append(value)  # type: ignore[arg-type]
        elif number == 4 and wire == 2:
            i = 0
            while i < len(value):  # type: ignore[arg-type]
                size, i = read_varint(value, i)  # type: ignore[arg-type]
                sizes.append(size)
    return inline, sizes


def children(cid: Cid, block: bytes) -> List[Link]:
    """The links of a dag-pb block (none for a raw one)."""
    return decode_pb(block)[0] if cid.codec == DAG_PB else []


#: Most levels of a DAG `assemble` follows (a file of 1024-link nodes reaches a petabyte in 4).
MAX_DEPTH = 64

#: Most files and directories `assemble` makes of one DAG, unless told otherwise.
MAX_ENTRIES = 1_000_000


class _Budget:
    """What one `assemble` may still write: bytes and entries."""

    def __init__(self, max_bytes: Optional[int], max_entries: int) -> None:
        self.bytes = max_bytes
        self.entries = max_entries

    def write(self, out: BinaryIO, data: bytes) -> None:
        if self.bytes is not None:
            if len(data) > self.bytes:
                raise DagError("the content is larger than allowed: refused (a DAG may repeat a block to inflate it)")
            self.bytes -= len(data)
        out.write(data)

    def entry(self) -> None:
        self.entries -= 1
        if self.entries < 0:
            raise DagError("the DAG holds more files and directories than allowed: refused")


def safe_name(name: str, cid: Cid) -> str:
    """`name` if it is one plain path component on every system; `DagError` otherwise."""
    if (
        not name
        or name in (".", "..")
        or any(c in name for c in "/\\:\x00")
        or any(ord(c) < 32 for c in name)
        or PurePosixPath(name).name != name
        or PureWindowsPath(name).name != name
    ):
        raise DagError(f"directory {cid} has an unsafe entry name {name!r}")
    return name


def _write_file(get: GetBlock, cid: Cid, out: BinaryIO, budget: _Budget, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise DagError(f"block {cid} lies more than {MAX_DEPTH} levels deep: refused")
    block = get(cid)
    if cid.codec == RAW:
        budget.write(out, block)
        return
    links, payload = decode_pb(block)
    kind, inline = unixfs_type_and_data(payload)
    if kind not in (UNIXFS_FILE, UNIXFS_RAW):
        raise DagError(f"block {cid} is not part of a file (UnixFS type {kind})")
    budget.write(out, inline)
    for link in links:
        _write_file(get, link.cid, out, budget, depth + 1)


def _entries(get: GetBlock, cid: Cid, links: List[Link], kind: int, depth: int = 0) -> Iterator[Tuple[str, Cid]]:
    """A directory's (name, CID) entries: its links, or a HAMT shard's leaves (a link named by
    its index alone is a sub-shard, one with a name after the index an entry)."""
    if depth > MAX_DEPTH:
        raise DagError(f"shard {cid} lies more than {MAX_DEPTH} levels deep: refused")
    if kind == UNIXFS_DIRECTORY:
        for link in links:
            yield link.name, link.cid
        return
    for link in links:
        if len(link.name) == SHARD_LABEL:
            sub_links, payload = decode_pb(get(link.cid))
            if unixfs_type_and_data(payload)[0] != UNIXFS_HAMT_SHARD:
                raise DagError(f"shard {cid} links to {link.cid}, which is not a shard")
            yield from _entries(get, link.cid, sub_links, UNIXFS_HAMT_SHARD, depth + 1)
        else:
            yield link.name[SHARD_LABEL:], link.cid


def _extract(get: GetBlock, cid: Cid, target: Path, budget: _Budget, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise DagError(f"directory {cid} lies more than {MAX_DEPTH} levels deep: refused")
    budget.entry()
    if cid.codec == DAG_PB:
        links, payload = decode_pb(get(cid))
        kind, _ = unixfs_type_and_data(payload)
        if kind in (UNIXFS_DIRECTORY, UNIXFS_HAMT_SHARD):
            target.mkdir()
            seen = set()
            for name, child in _entries(get, cid, links, kind):
                safe_name(name, cid)
                if name in seen:
                    raise DagError(f"directory {cid} names {name!r} twice")
                seen.add(name)
                _extract(get, child, target / name, budget, depth + 1)
            return
    with open(target, "wb") as out:
        _write_file(get, cid, out, budget, 0)


def assemble(
    get: GetBlock, root: Cid, target: os.PathLike, max_bytes: Optional[int] = None, max_entries: int = MAX_ENTRIES
) -> Path:
    """Rebuilds the file or directory `root` at `target`, which must not exist, from blocks
    `get` returns (each checked against its CID). It is built under a temporary name beside
    `target` and renamed when complete, so a missing or corrupted block, or a DAG that breaks a
    limit (`max_bytes` of content, `max_entries` files and directories, `MAX_DEPTH` levels,
    an unsafe or repeated name), leaves nothing under `target`. Memory: one block at a time."""
    target = Path(target)
    if target.exists():
        raise DagError(f"{target} exists already")

    def checked(cid: Cid) -> bytes:
        block = get(cid)
        verify_block(cid, block)
        return block

    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else "."))
    try:
        built = scratch / "content"
        try:
            _extract(checked, root, built, _Budget(max_bytes, max_entries))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            if isinstance(error, DagError):
                raise
            raise DagError(f"{root}: not a DAG this SDK rebuilds ({type(error).__name__}: {error})") from None
        except OSError as error:
            raise DagError(f"{root}: cannot write it: {error}") from None
        built.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
