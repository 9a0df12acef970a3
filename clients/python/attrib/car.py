"""CARv1 archives of artifacts, as `ipfs dag export` writes them and `ipfs dag import` reads them.

A CAR (Content Addressable aRchive, version 1) is a header naming its root CIDs, then blocks,
each its CID followed by its bytes. `write_car` archives a file or directory with the blocks of
the same UnixFS DAG whose root `cid_of_path` computes, so the archive's root is the CID the chain
registered. `CarFile` reads one back, checks every block against its CID as it indexes it, and
`CarFile.unpack` rebuilds the files: a corrupted block is named and no partial output is left.

Only what this SDK makes is read: CIDv1 blocks over sha2-256, raw or dag-pb (UnixFS files and
directories).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, Dict, List, Optional, Tuple

from .cid import DEFAULT_LAYOUT, Cid, Layout, Progress, import_path, read_varint, varint
from .dag import DagError, assemble, verify_block

#: The largest block this SDK writes or accepts: a 1 MiB leaf, or an interior node of 1024 links
#: (about 48 KiB); 2 MiB leaves room for other importers' chunkers.
MAX_BLOCK = 2 << 20

#: The largest CAR header accepted (one root is about 60 bytes).
MAX_HEADER = 1 << 16


class CarError(DagError):
    """A CAR that is malformed, holds a block that does not match its CID, or lacks a block."""


def _cbor_head(major: int, value: int) -> bytes:
    """A CBOR item head (major type and argument), in the shortest form dag-cbor requires."""
    if value < 24:
        return bytes([(major << 5) | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([(major << 5) | info]) + value.to_bytes(size, "big")
    raise CarError(f"CBOR argument too large: {value}")


def car_header(root: Cid) -> bytes:
    """The CARv1 header naming `root`: dag-cbor `{"roots": [root], "version": 1}` (keys in
    dag-cbor's canonical order), prefixed by its length."""
    link = b"\x00" + root.to_bytes()  # a CID in dag-cbor: tag 42 over 0x00 ‖ binary CID
    header = (
        _cbor_head(5, 2)
        + _cbor_head(3, 5) + b"roots"
        + _cbor_head(4, 1) + _cbor_head(6, 42) + _cbor_head(2, len(link)) + link
        + _cbor_head(3, 7) + b"version"
        + _cbor_head(0, 1)
    )
    return varint(len(header)) + header


def car_section(cid: Cid, block: bytes) -> bytes:
    """One block of a CAR: its length, its CID and its bytes."""
    cid_bytes = cid.to_bytes()
    return varint(len(cid_bytes) + len(block)) + cid_bytes + block


def write_car(
    path: os.PathLike, out: BinaryIO, progress: Progress = None, layout: Layout = DEFAULT_LAYOUT, hidden: bool = False
) -> Cid:
    """Writes a CARv1 of the file or directory at `path` to `out`: its root is the CID
    `cid_of_path` gives it, and each block is written once, children before parents. Reads the
    content twice (the root must head the archive); returns the root. `hidden` includes names
    starting with a dot, as `ipfs add -r --hidden` does."""
    root = import_path(path, layout=layout, hidden=hidden).cid
    out.write(car_header(root))
    written = set()

    def emit(cid: Cid, block: bytes) -> None:
        if cid not in written:
            written.add(cid)
            out.write(car_section(cid, block))

    again = import_path(path, progress, layout, emit, hidden).cid
    if again != root:
        raise CarError(f"{path} changed while it was archived ({root} became {again})")
    return root


def _read_exact(stream: BinaryIO, size: int, what: str) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise CarError(f"the CAR ends inside {what}")
    return data


def _read_stream_varint(stream: BinaryIO) -> Optional[int]:
    """A varint from `stream`; None at a clean end of the stream."""
    value, shift = 0, 0
    while True:
        byte = stream.read(1)
        if not byte:
            if shift:
                raise CarError("the CAR ends inside a length")
            return None
        value |= (byte[0] & 0x7F) << shift
        shift += 7
        if not byte[0] & 0x80:
            return value
        if shift > 63:
            raise CarError("a length in the CAR is too long")


def _parse_header(header: bytes) -> List[Cid]:
    """The roots of a CARv1 header (dag-cbor map with `roots` and `version: 1`)."""
    # Parsed structurally, not byte-compared: other writers order or size items differently.
    roots: List[Cid] = []
    version = None
    i = 0

    def head() -> Tuple[int, int]:
        nonlocal i
        if i >= len(header):
            raise CarError("the CAR header is truncated")
        first = header[i]
        i += 1
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None or i + size > len(header):
            raise CarError("the CAR header is malformed")
        value = int.from_bytes(header[i : i + size], "big")
        i += size
        return major, value

    def text() -> str:
        nonlocal i
        major, length = head()
        if major != 3:
            raise CarError("the CAR header's keys must be strings")
        value = header[i : i + length].decode("utf-8", "replace")
        i += length
        return value

    major, entries = head()
    if major != 5:
        raise CarError("the CAR header is not a map")
    for _ in range(entries):
        key = text()
        if key == "version":
            major, version = head()
            if major != 0:
                raise CarError("the CAR version is not an integer")
        elif key == "roots":
            major, count = head()
            if major != 4:
                raise CarError("the CAR roots are not a list")
            for _ in range(count):
                major, tag = head()
                major2, length = head()
                if major != 6 or tag != 42 or major2 != 2 or header[i : i + 1] != b"\x00":
                    raise CarError("a CAR root is not a CID link")
                roots.append(Cid.from_bytes(header[i + 1 : i + length]))
                i += length
        else:
            raise CarError(f"unexpected key {key!r} in the CAR header")
    if version != 1:
        raise CarError(f"CAR version {version}: only version 1 is read")
    if not roots:
        raise CarError("the CAR names no root")
    return roots


def _split_cid(section: bytes) -> Tuple[Cid, int]:
    """The CID at the start of a CAR section, and where the block starts."""
    version, i = read_varint(section, 0)
    if version != 1:
        raise CarError(f"a block's CID is version {version}: only CIDv1 is read")
    _, i = read_varint(section, i)  # codec
    code, i = read_varint(section, i)
    length, i = read_varint(section, i)
    if code != 0x12 or length != 32:
        raise CarError("a block's CID is not sha2-256")
    end = i + 32
    return Cid.from_bytes(section[:end]), end


class CarFile:
    """A CARv1 on disk, indexed: every block checked against its CID on opening."""

    def __init__(self, path: os.PathLike) -> None:
        self.path = Path(path)
        self._index: Dict[Cid, Tuple[int, int]] = {}
        with open(self.path, "rb") as stream:
            size = _read_stream_varint(stream)
            if size is None or size > MAX_HEADER:
                raise CarError(f"{self.path}: not a CAR (no header, or one over {MAX_HEADER} bytes)")
            self.roots = _parse_header(_read_exact(stream, size, "the header"))
            while True:
                length = _read_stream_varint(stream)
                if length is None:
                    break
                if length > MAX_BLOCK + 64:
                    raise CarError(f"{self.path}: a block of {length} bytes is over the limit")
                start = stream.tell()
                section = _read_exact(stream, length, "a block")
                cid, offset = _split_cid(section)
                verify_block(cid, section[offset:])
                self._index.setdefault(cid, (start + offset, length - offset))

    @property
    def root(self) -> Cid:
        """The first root."""
        return self.roots[0]

    def __contains__(self, cid: Cid) -> bool:
        return cid in self._index

    def __len__(self) -> int:
        return len(self._index)

    def cids(self) -> List[Cid]:
        """The CIDs of the blocks held, in archive order."""
        return list(self._index)

    def block(self, cid: Cid) -> bytes:
        """A block's bytes (checked again as they are read)."""
        where = self._index.get(cid)
        if where is None:
            raise CarError(f"the CAR lacks block {cid}")
        with open(self.path, "rb") as stream:
            stream.seek(where[0])
            block = _read_exact(stream, where[1], f"block {cid}")
        verify_block(cid, block)
        return block

    def unpack(self, target: os.PathLike, root: Optional[Cid] = None, max_bytes: Optional[int] = None) -> Path:
        """Rebuilds the file or directory `root` (the archive's first root) at `target`, which
        must not exist, atomically ([`dag.assemble`], at most `max_bytes` of content): a
        missing or corrupted block leaves nothing under `target`."""
        return assemble(self.block, root or self.root, target, max_bytes=max_bytes)
