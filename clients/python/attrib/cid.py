"""IPFS-compatible content identifiers, computed locally without an IPFS daemon.

The CIDs are those `ipfs add` (Kubo) and Helia's `ipfs-unixfs-importer` produce under the
``unixfs-v1-2025`` profile: CIDv1, sha2-256, raw leaves, 1 MiB chunks, a balanced UnixFS DAG of
at most 1024 links per node, and a file of one chunk (or none) is that chunk's raw CID.
Directories are taken as `ipfs add -r` takes them (hidden names left out unless asked for, empty
directories kept, symbolic links left out, large directories HAMT-sharded: `attrib.hamt`). The
test suite checks them byte for byte against the reference importer.

Only the CIDs are computed; no block is kept (an `emit` callback receives each block as it is
made, for CAR files and serving). Files are read in chunks, so memory stays at about one chunk
plus one link per chunk whatever the size.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from . import hamt

#: Bytes per leaf (the profile's 1 MiB).
CHUNK_SIZE = 1 << 20
#: Links per interior node of the balanced layout.
MAX_LINKS_PER_NODE = 1024
#: A directory whose flat node would be larger than this (counting its files' and empty
#: directories' links) is sharded (HAMT) by IPFS.
SHARD_SPLIT_THRESHOLD_BYTES = 262_144

#: Multicodec of raw bytes.
RAW = 0x55
#: Multicodec of dag-pb (UnixFS nodes).
DAG_PB = 0x70
#: Multihash code of sha2-256.
SHA2_256 = 0x12

#: Called with the number of bytes just hashed (progress bars).
Progress = Optional[Callable[[int], None]]

#: Called with each block an import makes, its CID and its bytes, children before parents (the
#: root last); a block repeated in the content is passed each time it occurs.
Emit = Optional[Callable[["Cid", bytes], None]]


REGISTRATION_TAG_DOMAIN = b"attribution/registration"
"""The domain of `Cid.registration_tag`'s hash, as the runtime's `commitments::TAG_DOMAIN`."""


class CidError(ValueError):
    """Text or bytes that are not a CID this SDK understands, or content it cannot address."""


def varint(value: int) -> bytes:
    """Unsigned LEB128, as multiformats and protobuf write integers."""
    if value < 0:
        raise CidError(f"varint of a negative number: {value}")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def read_varint(data: bytes, offset: int) -> Tuple[int, int]:
    """Reads a varint at `offset`; returns (value, next offset)."""
    value, shift = 0, 0
    while True:
        if offset >= len(data) or shift > 63:
            raise CidError("truncated or overlong varint")
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, offset


@dataclass(frozen=True)
class Cid:
    """A CIDv1 over sha2-256: its content codec and digest."""

    codec: int
    digest: bytes

    def __post_init__(self) -> None:
        if len(self.digest) != 32:
            raise CidError(f"a sha2-256 digest is 32 bytes, not {len(self.digest)}")

    @classmethod
    def of_block(cls, codec: int, block: bytes) -> "Cid":
        """The CID of one block."""
        return cls(codec, hashlib.sha256(block).digest())

    def to_bytes(self) -> bytes:
        """The binary CID, as the chain stores it."""
        return varint(1) + varint(self.codec) + varint(SHA2_256) + varint(32) + self.digest

    def multihash(self) -> bytes:
        """The multihash (hash code, digest length, digest): what the chain keys content on,
        whatever the CID's version and codec."""
        return varint(SHA2_256) + varint(32) + self.digest

    def registration_tag(self) -> bytes:
        """The tag a registrar commits to before registering this content
        (`Contributions.commit_registration`): blake2b-256 of `attribution/registration`
        followed by the multihash. It tells nothing about content one does not already have."""
        return hashlib.blake2b(REGISTRATION_TAG_DOMAIN + self.multihash(), digest_size=32).digest()

    def __str__(self) -> str:
        """The base32 text form (`bafy…` for UnixFS nodes, `bafk…` for raw blocks)."""
        text = base64.b32encode(self.to_bytes()).decode("ascii").rstrip("=").lower()
        return "b" + text

    @classmethod
    def from_bytes(cls, data: bytes) -> "Cid":
        """Parses a binary CIDv1 over sha2-256."""
        version, i = read_varint(data, 0)
        if version != 1:
            raise CidError(f"CID version {version}: only CIDv1 is supported")
        codec, i = read_varint(data, i)
        code, i = read_varint(data, i)
        length, i = read_varint(data, i)
        if code != SHA2_256 or length != 32:
            raise CidError("only sha2-256 CIDs are supported")
        if len(data) != i + 32:
            raise CidError("the digest is truncated or followed by other bytes")
        return cls(codec, bytes(data[i:]))

    @classmethod
    def parse(cls, text: str) -> "Cid":
        """Parses the base32 text form (`b…`)."""
        if not text.startswith("b"):
            raise CidError(f"{text!r} is not a base32 CIDv1 (it should start with 'b')")
        body = text[1:].upper()
        try:
            data = base64.b32decode(body + "=" * (-len(body) % 8))
        except Exception as error:  # binascii.Error
            raise CidError(f"{text!r} is not valid base32: {error}") from None
        return cls.from_bytes(data)


@dataclass(frozen=True)
class Node:
    """An imported UnixFS entry: its CID, the bytes of its file content (`file_size`, 0 for a
    directory) and the cumulative size of its DAG (`dag_size`, what a parent link's Tsize says)."""

    cid: Cid
    file_size: int
    dag_size: int


def cid_from_chain(value: Any) -> Cid:
    """A CID from the chain's JSON (text, or hex of its binary form)."""
    if isinstance(value, (list, tuple)) and len(value) == 1 and not isinstance(value[0], int):
        value = value[0]
    if isinstance(value, (list, tuple)) and all(isinstance(b, int) for b in value):
        return Cid.from_bytes(bytes(value))
    if isinstance(value, str) and value.startswith("0x"):
        return Cid.from_bytes(bytes.fromhex(value[2:]))
    if isinstance(value, (bytes, bytearray)):
        return Cid.from_bytes(bytes(value))
    return Cid.parse(str(value))


def _field(number: int, wire_type: int) -> bytes:
    return varint((number << 3) | wire_type)


def _bytes_field(number: int, value: bytes) -> bytes:
    return _field(number, 2) + varint(len(value)) + value


def _link_field(cid: Cid, name: str, tsize: int) -> bytes:
    """One dag-pb link (Hash, Name, Tsize) as the node's `Links` field."""
    link = _bytes_field(1, cid.to_bytes()) + _bytes_field(2, name.encode("utf-8")) + _field(3, 0) + varint(tsize)
    return _bytes_field(2, link)


def _pb_node(links: Sequence[Tuple[Cid, str, int]], data: bytes) -> bytes:
    """A dag-pb node in canonical form: links (Hash, Name, Tsize) first, then Data."""
    return b"".join(_link_field(*link) for link in links) + _bytes_field(1, data)


def _unixfs_file(block_sizes: Sequence[int]) -> bytes:
    """UnixFS `Data` of a file node: type File, its size, and its children's sizes."""
    data = _field(1, 0) + varint(2) + _field(3, 0) + varint(sum(block_sizes))
    for size in block_sizes:
        data += _field(4, 0) + varint(size)
    return data


UNIXFS_DIRECTORY = _field(1, 0) + varint(1)


def _unixfs_shard(bits: bytes) -> bytes:
    """UnixFS `Data` of a HAMT shard: type HAMTShard, its bit set, hash function, fanout."""
    return (
        _field(1, 0) + varint(5) + _bytes_field(2, bits)
        + _field(5, 0) + varint(hamt.MURMUR3_X64_64) + _field(6, 0) + varint(hamt.FANOUT)
    )


def _file_node(children: Sequence[Node], emit: Emit = None) -> Node:
    links = [(c.cid, "", c.dag_size) for c in children if c.file_size > 0]
    block = _pb_node(links, _unixfs_file([c.file_size for c in children if c.file_size > 0]))
    node = Node(
        Cid.of_block(DAG_PB, block),
        sum(c.file_size for c in children),
        len(block) + sum(tsize for _, _, tsize in links),
    )
    if emit is not None:
        emit(node.cid, block)
    return node


def _chunks(stream: BinaryIO, chunk_size: int) -> Iterator[bytes]:
    """Full chunks of `chunk_size` and a last short one; one empty chunk for empty content."""
    emitted = False
    while True:
        buffer = bytearray()
        while len(buffer) < chunk_size:
            piece = stream.read(chunk_size - len(buffer))
            if not piece:
                break
            buffer += piece
        if buffer or not emitted:
            emitted = True
            yield bytes(buffer)
        if len(buffer) < chunk_size:
            return


@dataclass(frozen=True)
class Layout:
    """How content is cut into leaves and linked. The default is the ``unixfs-v1-2025``
    profile; other values exist so tests can build deep DAGs from small inputs."""

    chunk_size: int = CHUNK_SIZE
    max_links: int = MAX_LINKS_PER_NODE


#: The ``unixfs-v1-2025`` profile.
DEFAULT_LAYOUT = Layout()


def import_stream(
    stream: BinaryIO, progress: Progress = None, layout: Layout = DEFAULT_LAYOUT, emit: Emit = None
) -> Node:
    """Imports the content of a binary stream as a UnixFS file; returns its root."""
    leaves: List[Node] = []
    for chunk in _chunks(stream, layout.chunk_size):
        leaf = Node(Cid.of_block(RAW, chunk), len(chunk), len(chunk))
        leaves.append(leaf)
        if emit is not None:
            emit(leaf.cid, chunk)
        if progress is not None:
            progress(len(chunk))
    if len(leaves) == 1:
        return leaves[0]
    level = leaves
    while True:
        level = [
            _file_node(level[i : i + layout.max_links], emit)
            for i in range(0, len(level), layout.max_links)
        ]
        if len(level) == 1:
            return level[0]


def cid_of_bytes(data: bytes) -> Cid:
    """The CID IPFS gives `data` added as a file."""
    import io

    return import_stream(io.BytesIO(data)).cid


def import_file(
    path: os.PathLike, progress: Progress = None, layout: Layout = DEFAULT_LAYOUT, emit: Emit = None
) -> Node:
    """Imports one file."""
    with open(path, "rb") as stream:
        return import_stream(stream, progress, layout, emit)


def _directory_node(entries: Iterable[Tuple[str, Node, bool]], emit: Emit = None) -> Node:
    """A directory of (name, node, counted) entries: flat, or HAMT-sharded (`attrib.hamt`) when
    its flat node would pass `SHARD_SPLIT_THRESHOLD_BYTES`. As the reference importer decides
    it, the estimate counts the links of files and empty directories only (`counted`): a
    subdirectory with content has no CID yet while the importer adds entries."""
    links = sorted(entries, key=lambda e: e[0].encode("utf-8"))
    estimate = len(_bytes_field(1, UNIXFS_DIRECTORY)) + sum(
        len(_link_field(node.cid, name, node.dag_size)) for name, node, counted in links if counted
    )
    if estimate > SHARD_SPLIT_THRESHOLD_BYTES:

        def make(shard_links, data):
            block = _pb_node(shard_links, data)
            cid = Cid.of_block(DAG_PB, block)
            if emit is not None:
                emit(cid, block)
            return cid, len(block)

        cid, size = hamt.shard([(name, node.cid, node.dag_size) for name, node, _ in links], make, _unixfs_shard)
        return Node(cid, 0, size)
    block = _pb_node([(node.cid, name, node.dag_size) for name, node, _ in links], UNIXFS_DIRECTORY)
    node = Node(
        Cid.of_block(DAG_PB, block), 0, len(block) + sum(node.dag_size for _, node, _ in links)
    )
    if emit is not None:
        emit(node.cid, block)
    return node


def _walk(root: Path, hidden: bool) -> Iterator[Tuple[Path, List[str], List[Path]]]:
    """Each directory under `root` (itself first) as `ipfs add -r` takes it: its subdirectories'
    names and its regular files. Names starting with a dot are left out unless `hidden`;
    symbolic links are not followed and left out."""
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        here = Path(directory)
        subdirectories[:] = sorted(
            d for d in subdirectories if (hidden or not d.startswith(".")) and not (here / d).is_symlink()
        )
        kept = [
            here / name
            for name in sorted(files)
            if (hidden or not name.startswith(".")) and (here / name).is_file() and not (here / name).is_symlink()
        ]
        yield here, subdirectories, kept


def files_under(root: Path, hidden: bool = False) -> List[Path]:
    """The regular files under `root` that `ipfs add -r` adds, sorted: not hidden ones (names
    starting with a dot) unless `hidden`; symbolic links are not followed."""
    return [file for _, _, files in _walk(Path(root), hidden) for file in files]


def empty_directories_under(root: Path, hidden: bool = False) -> List[str]:
    """The directories under `root` with nothing `ipfs add -r` adds in them (as
    `/`-separated paths relative to `root`): IPFS keeps them, as empty directories."""
    root = Path(root)
    return [
        directory.relative_to(root).as_posix()
        for directory, subdirectories, files in _walk(root, hidden)
        if directory != root and not subdirectories and not files
    ]


def directory_of(files: Mapping[str, Node], emit: Emit = None, empty_directories: Iterable[str] = ()) -> Node:
    """The root of a directory holding these files, given by `/`-separated relative paths, and
    these empty directories."""
    tree: dict = {}
    for relative in empty_directories:
        branch = tree
        for part in relative.split("/"):
            branch = branch.setdefault(part, {})
    for relative, node in files.items():
        parts = relative.split("/")
        branch = tree
        for part in parts[:-1]:
            branch = branch.setdefault(part, {})
        branch[parts[-1]] = node

    def build(branch: dict) -> Node:
        return _directory_node(
            (
                (name, build(child), child == {}) if isinstance(child, dict) else (name, child, True)
                for name, child in branch.items()
            ),
            emit,
        )

    return build(tree)


def import_directory(
    root: os.PathLike, progress: Progress = None, layout: Layout = DEFAULT_LAYOUT, emit: Emit = None,
    hidden: bool = False,
) -> Node:
    """Imports a directory as `ipfs add -r` does: its files and empty directories, hidden ones
    (names starting with a dot) only if `hidden`, symbolic links left out; directories too large
    for one block sharded."""
    root = Path(root)
    return directory_of(
        {
            path.relative_to(root).as_posix(): import_file(path, progress, layout, emit)
            for path in files_under(root, hidden)
        },
        emit,
        empty_directories_under(root, hidden),
    )


def import_path(
    path: os.PathLike, progress: Progress = None, layout: Layout = DEFAULT_LAYOUT, emit: Emit = None,
    hidden: bool = False,
) -> Node:
    """Imports a file or a directory (see `import_directory`)."""
    path = Path(path)
    if path.is_dir():
        return import_directory(path, progress, layout, emit, hidden)
    if path.is_file():
        return import_file(path, progress, layout, emit)
    raise CidError(f"{path}: no such file or directory")


def cid_of_path(path: os.PathLike, progress: Progress = None, hidden: bool = False) -> Cid:
    """The CID `ipfs add` (`-r` for a directory, `--hidden` if `hidden`) gives a file or a
    directory."""
    return import_path(path, progress, hidden=hidden).cid
