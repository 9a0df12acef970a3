"""Partial responses of `attrib serve` (issue 25): HTTP `Range` on blocks, and the trustless
gateway's `entity-bytes` and `dag-scope` on CARs, which carry only the blocks that prove the
bytes asked for. The gateway runs over an open artifact (access is the dev-node tests' part)."""

from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrib.access import RequestVerifier
from attrib.car import CarFile
from attrib.cid import CHUNK_SIZE, RAW, cid_of_bytes
from attrib.serve import ArtifactIndex, Gateway, RangeError, byte_range, entity_bytes, make_server

SIZE = 3 * CHUNK_SIZE + 1000


class OpenToAll:
    """A policy under which every registered artifact is open (no chain involved)."""

    def is_open(self, contribution: int) -> bool:
        return True


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    directory = tmp_path_factory.mktemp("ranges")
    data = os.urandom(SIZE)
    path = directory / "model.bin"
    path.write_bytes(data)
    folder = directory / "folder"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"a" * 10)
    (folder / "b.txt").write_bytes(b"b" * 20)
    index = ArtifactIndex()
    roots = {"file": index.add(path), "folder": index.add(folder)}
    for root in roots.values():
        index.artifacts[root].contribution = 1
    server = make_server(Gateway(index, OpenToAll(), RequestVerifier("0x00")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "data": data, "roots": roots}
    server.shutdown()
    server.server_close()


def _get(url: str, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _car(tmp_path: Path, body: bytes) -> CarFile:
    (tmp_path / "part.car").write_bytes(body)
    return CarFile(tmp_path / "part.car")  # every block checked against its CID


def _leaves(car: CarFile):
    return [cid for cid in car.cids() if cid.codec == RAW]


def test_entity_bytes_carries_only_the_blocks_that_prove_the_range(tmp_path, gateway):
    url, data, root = gateway["url"], gateway["data"], gateway["roots"]["file"]
    # Bytes inside the second chunk: the root and that leaf alone.
    first, last = CHUNK_SIZE + 10, CHUNK_SIZE + 99
    status, headers, body = _get(f"{url}/ipfs/{root}?format=car&entity-bytes={first}:{last}")
    assert status == 200 and "order=dfs" in headers["Content-Type"] and "dups=n" in headers["Content-Type"]
    car = _car(tmp_path, body)
    assert car.cids()[0] == root and len(car) == 2
    assert _leaves(car) == [cid_of_bytes(data[CHUNK_SIZE : 2 * CHUNK_SIZE])]
    # Across a chunk boundary: two leaves, in file order.
    status, _, body = _get(f"{url}/ipfs/{root}?format=car&entity-bytes={CHUNK_SIZE - 1}:{CHUNK_SIZE}")
    assert _leaves(_car(tmp_path, body)) == [
        cid_of_bytes(data[:CHUNK_SIZE]),
        cid_of_bytes(data[CHUNK_SIZE : 2 * CHUNK_SIZE]),
    ]
    # The last 1000 bytes (negative from, `*` to): the short last leaf.
    status, _, body = _get(f"{url}/ipfs/{root}?format=car&entity-bytes=-1000:*")
    assert _leaves(_car(tmp_path, body)) == [cid_of_bytes(data[3 * CHUNK_SIZE :])]
    # The whole file, and past its end (clamped): every leaf.
    for wanted in ("0:*", f"0:{SIZE * 2}"):
        status, _, body = _get(f"{url}/ipfs/{root}?format=car&entity-bytes={wanted}")
        assert len(_leaves(_car(tmp_path, body))) == 4


def test_dag_scope_block_and_entity(tmp_path, gateway):
    url, roots = gateway["url"], gateway["roots"]
    status, _, body = _get(f"{url}/ipfs/{roots['file']}?format=car&dag-scope=block")
    assert status == 200 and _car(tmp_path, body).cids() == [roots["file"]]
    # A directory's entity is its listing, not its files; entity-bytes is ignored for it.
    for query in ("dag-scope=entity", "entity-bytes=0:5"):
        status, _, body = _get(f"{url}/ipfs/{roots['folder']}?format=car&{query}")
        assert _car(tmp_path, body).cids() == [roots["folder"]]
    status, _, body = _get(f"{url}/ipfs/{roots['folder']}?format=car")
    assert len(_car(tmp_path, body)) == 3


def test_bad_ranges_are_refused_with_a_reason(gateway):
    url, root = gateway["url"], gateway["roots"]["file"]
    for query, reason in (
        (f"entity-bytes={SIZE}:*", f"the entity has {SIZE} bytes"),
        ("entity-bytes=five:*", "give it as from:to"),
        ("entity-bytes=5", "give it as from:to"),
        ("dag-scope=everything", "block, entity or all"),
    ):
        status, _, body = _get(f"{url}/ipfs/{root}?format=car&{query}")
        assert status == 400 and reason in json.loads(body)["error"], (query, body)


def test_range_requests_on_a_block(gateway):
    url, data = gateway["url"], gateway["data"]
    leaf = cid_of_bytes(data[:CHUNK_SIZE])
    status, headers, body = _get(f"{url}/ipfs/{leaf}?format=raw", {"Range": "bytes=100-199"})
    assert status == 206 and body == data[100:200]
    assert headers["Content-Range"] == f"bytes 100-199/{CHUNK_SIZE}"
    status, _, body = _get(f"{url}/ipfs/{leaf}?format=raw", {"Range": "bytes=-10"})
    assert status == 206 and body == data[CHUNK_SIZE - 10 : CHUNK_SIZE]
    status, _, body = _get(f"{url}/ipfs/{leaf}?format=raw", {"Range": f"bytes={CHUNK_SIZE - 5}-"})
    assert status == 206 and body == data[CHUNK_SIZE - 5 : CHUNK_SIZE]
    # Several ranges: the whole block (RFC 9110 lets a server ignore Range).
    status, headers, body = _get(f"{url}/ipfs/{leaf}?format=raw", {"Range": "bytes=0-1,5-6"})
    assert status == 200 and body == data[:CHUNK_SIZE] and headers["Accept-Ranges"] == "bytes"
    status, headers, body = _get(f"{url}/ipfs/{leaf}?format=raw", {"Range": f"bytes={CHUNK_SIZE}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{CHUNK_SIZE}"
    assert "bytes" in json.loads(body)["error"]


@settings(max_examples=300, deadline=None)
@given(size=st.integers(0, 5000), start=st.integers(-6000, 6000), end=st.one_of(st.just("*"), st.integers(-6000, 6000)))
def test_entity_bytes_selects_what_a_slice_selects(size, start, end):
    """`entity-bytes` against Python's slicing of the same bytes, the spec's rules written out."""
    content = bytes(range(256)) * (size // 256 + 1)
    content = content[:size]
    text = f"{start}:{end}"
    first = start if start >= 0 else max(size + start, 0)
    if first >= size and not (size == 0 and first == 0):
        with pytest.raises(RangeError):
            entity_bytes(text, size)
        return
    got_first, got_last = entity_bytes(text, size)
    got = content[got_first : got_last + 1] if got_first <= got_last else b""  # first > last: empty
    stop = size if end == "*" else (min(end, size - 1) + 1 if end >= 0 else max(size + end + 1, 0))
    assert got == content[first:max(stop, first)]


def test_byte_range_follows_rfc_9110():
    assert byte_range("bytes=0-0", 10) == (0, 0)
    assert byte_range("bytes=5-100", 10) == (5, 9)
    assert byte_range("bytes=-3", 10) == (7, 9)
    assert byte_range("bytes=-30", 10) == (0, 9)
    assert byte_range("items=0-1", 10) is None
    assert byte_range("bytes=a-b", 10) is None
    for unsatisfiable in ("bytes=10-", "bytes=5-2", "bytes=-0"):
        with pytest.raises(RangeError):
            byte_range(unsatisfiable, 10)
