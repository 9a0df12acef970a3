"""`attrib fetch` against an independent IPFS trustless gateway (tests/js/gateway.mjs, on
@ipld/car) serving CAR files that the JavaScript reference importer wrote: every block is
checked against its CID, a corrupted block is named and taken from another gateway, an
interrupted download resumes without asking again for what it holds, and nothing partial is
left under the target name."""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from attrib.blockstore import DiskBlockstore
from attrib.car import CarFile
from attrib.cid import CHUNK_SIZE, Cid, cid_of_bytes, cid_of_path
from attrib.gateway import FetchError, fetch

from conftest import run_attrib, same_tree


def _tree(root: Path) -> Path:
    (root / "model" / "shards").mkdir(parents=True)
    (root / "model" / "config.json").write_text('{"layers": 12}')
    (root / "model" / "shards" / "0.bin").write_bytes(os.urandom(2 * CHUNK_SIZE + 5))
    (root / "model" / "shards" / "1.bin").write_bytes(os.urandom(CHUNK_SIZE))
    return root / "model"


def _served(gateway: str) -> int:
    with urllib.request.urlopen(f"{gateway}/stats") as response:
        return json.load(response)["served"]


@pytest.fixture
def reference_car(tmp_path, car_oracle):
    """A model directory and the CAR the JS reference importer and writer made of it."""
    source = _tree(tmp_path / "source")
    car = tmp_path / "model.car"
    assert car_oracle("write", source, car).get("root") == str(cid_of_path(source))
    return source, car, CarFile(car)


def test_a_directory_is_fetched_from_an_independent_gateway(tmp_path, reference_car, js_gateway):
    source, car, archive = reference_car
    gateway = js_gateway([car])
    store = DiskBlockstore(tmp_path / "cache")
    downloaded = fetch(archive.root, tmp_path / "fetched", [gateway], store)
    assert downloaded == len(archive) == _served(gateway)
    assert same_tree(source, tmp_path / "fetched")
    # Everything is held now: fetching again asks for nothing.
    assert fetch(archive.root, tmp_path / "again", [gateway], store) == 0
    assert _served(gateway) == len(archive)


def test_a_corrupted_block_is_named_then_taken_from_another_gateway(tmp_path, reference_car, js_gateway):
    source, car, archive = reference_car
    leaf = next(c for c in archive.cids() if c.codec == 0x55)
    bad = js_gateway([car], "--corrupt", leaf)
    store = DiskBlockstore(tmp_path / "cache")
    with pytest.raises(FetchError, match=f"no gateway delivered block {leaf} intact .*does not match its hash"):
        fetch(archive.root, tmp_path / "fetched", [bad], store)
    assert not (tmp_path / "fetched").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".fetched")] == []
    assert not store.has(leaf), "a corrupted block is never stored"
    good = js_gateway([car])
    fetch(archive.root, tmp_path / "fetched", [bad, good], store)
    assert same_tree(source, tmp_path / "fetched")
    assert _served(good) == 1, "only the corrupted block was asked of the second gateway"


def test_an_interrupted_fetch_resumes_where_it_stopped(tmp_path, reference_car, js_gateway):
    source, car, archive = reference_car
    flaky = js_gateway([car], "--limit", 3)
    store = DiskBlockstore(tmp_path / "cache")
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch(archive.root, tmp_path / "fetched", [flaky], store)
    assert not (tmp_path / "fetched").exists()
    steady = js_gateway([car])
    assert fetch(archive.root, tmp_path / "fetched", [steady], store) == len(archive) - 3
    assert _served(steady) == len(archive) - 3
    assert same_tree(source, tmp_path / "fetched")


def test_the_cli_fetches_and_refuses_in_one_line(tmp_path, reference_car, js_gateway, capsys):
    source, car, archive = reference_car
    gateway = js_gateway([car])
    cache = ["--cache", tmp_path / "cache"]
    status, out, err = run_attrib(capsys, "fetch", archive.root, "-o", tmp_path / "out", "--gateway", gateway, *cache)
    assert status == 0, err
    assert f"{archive.root}: " in out and same_tree(source, tmp_path / "out")
    unknown = cid_of_bytes(b"nobody serves this")
    status, out, err = run_attrib(capsys, "fetch", unknown, "-o", tmp_path / "x", "--gateway", gateway, *cache)
    assert status == 1 and f"no gateway delivered block {unknown}" in err and "HTTP 404" in err, err
    assert len(err.strip().splitlines()) == 1
    status, out, err = run_attrib(capsys, "fetch", "not-a-cid", "-o", tmp_path / "y", "--gateway", gateway, *cache)
    assert status == 1 and "not a base32 CIDv1" in err, err
    status, out, err = run_attrib(capsys, "fetch", archive.root, "-o", tmp_path / "z", "--gateway", "http://127.0.0.1:9", *cache)
    # Everything is cached already: no gateway is needed.
    assert status == 0, err
    status, out, err = run_attrib(
        capsys, "fetch", archive.root, "-o", tmp_path / "w", "--gateway", "http://127.0.0.1:9", "--cache", tmp_path / "empty"
    )
    assert status == 1 and "http://127.0.0.1:9" in err, err
