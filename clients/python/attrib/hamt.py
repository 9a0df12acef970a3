"""HAMT-sharded UnixFS directories, as the IPFS importers build a directory too large for one
block.

A directory whose flat node would pass `SHARD_SPLIT_THRESHOLD_BYTES` becomes a hash array mapped
trie: each entry's name is hashed (the first 64 bits of murmur3-x64-128, byte by byte from the
most significant), each level of the trie consumes one byte (a fanout of 256), and an entry
sits at the first level where no other entry shares its path; two entries that do share it
there push both one level down, into a sub-shard. When 64 bits run out the name is hashed again
with a counter byte appended. Each shard is a dag-pb node of UnixFS type `HAMTShard` whose links
are named by their two-character uppercase hex index, followed by the entry's name for an entry
(a sub-shard's link is the index alone), and whose data is the bit set of used indexes.

This follows `ipfs-unixfs-importer` (the `unixfs-v1-2025` profile, checked by the tests against
it) byte for byte: notably the bit set is written as its shortest big-endian form, where Go's
importer always writes 32 bytes.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

#: Hash function code of murmur3-x64-64 (multicodec), as shards record it.
MURMUR3_X64_64 = 0x22

#: Entries per shard.
FANOUT = 256

_MASK64 = (1 << 64) - 1


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _MASK64


def _fmix(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _MASK64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _MASK64
    k ^= k >> 33
    return k


def murmur3_x64_128(data: bytes, seed: int = 0) -> Tuple[int, int]:
    """MurmurHash3 x64 128-bit of `data`: its two 64-bit halves (h1, h2)."""
    c1, c2 = 0x87C37B91114253D5, 0x4CF5AD432745937F
    h1 = h2 = seed
    blocks = len(data) // 16
    for i in range(blocks):
        k1 = int.from_bytes(data[16 * i : 16 * i + 8], "little")
        k2 = int.from_bytes(data[16 * i + 8 : 16 * i + 16], "little")
        k1 = (_rotl((k1 * c1) & _MASK64, 31) * c2) & _MASK64
        h1 ^= k1
        h1 = (((_rotl(h1, 27) + h2) & _MASK64) * 5 + 0x52DCE729) & _MASK64
        k2 = (_rotl((k2 * c2) & _MASK64, 33) * c1) & _MASK64
        h2 ^= k2
        h2 = (((_rotl(h2, 31) + h1) & _MASK64) * 5 + 0x38495AB5) & _MASK64
    tail = data[16 * blocks :]
    k1 = int.from_bytes(tail[:8], "little") if tail else 0
    k2 = int.from_bytes(tail[8:16], "little") if len(tail) > 8 else 0
    if len(tail) > 8:
        k2 = (_rotl((k2 * c2) & _MASK64, 33) * c1) & _MASK64
        h2 ^= k2
    if tail:
        k1 = (_rotl((k1 * c1) & _MASK64, 31) * c2) & _MASK64
        h1 ^= k1
    h1 ^= len(data)
    h2 ^= len(data)
    h1 = (h1 + h2) & _MASK64
    h2 = (h2 + h1) & _MASK64
    h1, h2 = _fmix(h1), _fmix(h2)
    h1 = (h1 + h2) & _MASK64
    h2 = (h2 + h1) & _MASK64
    return h1, h2


def slots(name: str) -> Iterator[int]:
    """The index of `name` at each level of a shard trie, without end."""
    data = name.encode("utf-8")
    depth = 0
    while True:
        h1, _ = murmur3_x64_128(data if depth == 0 else data + bytes([depth & 0xFF]))
        for shift in range(56, -8, -8):
            yield (h1 >> shift) & 0xFF
        depth += 1


def bitfield(indexes: Sequence[int]) -> bytes:
    """The used indexes of a shard as the importer writes them: big-endian, shortest form."""
    value = sum(1 << i for i in set(indexes))
    return value.to_bytes((max(indexes) + 8) // 8, "big")


#: Makes a dag-pb node of (links: (CID, name, Tsize), UnixFS data) and returns (CID, block size).
Encode = Callable[[List[Tuple[object, str, int]], bytes], Tuple[object, int]]


def shard(entries: Sequence[Tuple[str, object, int]], make: Encode, shard_data: Callable[[bytes], bytes]) -> Tuple[object, int]:
    """Builds the shard trie of `entries` (name, CID, cumulative size) with `make` (which also
    emits each node) and `shard_data` (the UnixFS data of a shard with a given bit set);
    returns the root's CID and cumulative size."""
    level: List[Tuple[str, object, int, Iterator[int]]] = [(name, cid, size, slots(name)) for name, cid, size in entries]
    return _build(level, make, shard_data)


def _build(entries, make: Encode, shard_data) -> Tuple[object, int]:
    buckets: Dict[int, list] = {}
    for entry in entries:
        buckets.setdefault(next(entry[3]), []).append(entry)
    links: List[Tuple[object, str, int]] = []
    total = 0
    for index in sorted(buckets):
        label = f"{index:02X}"
        group = buckets[index]
        if len(group) == 1:
            name, cid, size, _ = group[0]
            links.append((cid, label + name, size))
        else:
            cid, size = _build(group, make, shard_data)
            links.append((cid, label, size))
        total += links[-1][2]
    cid, block_size = make(links, shard_data(bitfield(sorted(buckets))))
    return cid, block_size + total
