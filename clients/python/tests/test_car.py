"""CARv1 archives (`attrib car`), checked against the IPFS JavaScript stack: @ipld/car reads
what the SDK writes with the same root and blocks, and the SDK reads and unpacks what
ipfs-unixfs-importer and @ipld/car write; a corrupted or missing block is named and leaves no
output behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from attrib.car import CarFile, car_header, write_car
from attrib.dag import DagError
from attrib.cid import CHUNK_SIZE, Cid, Layout, cid_of_path, import_path, read_varint

from conftest import run_attrib, same_tree


def _tree(root: Path) -> Path:
    """A directory with nested, unicode-named, empty, one-chunk and multi-chunk files."""
    (root / "data" / "sous-répertoire").mkdir(parents=True)
    (root / "data" / "empty.txt").write_bytes(b"")
    (root / "data" / "one.txt").write_bytes(b"x")
    (root / "data" / "sous-répertoire" / "数据.bin").write_bytes(os.urandom(CHUNK_SIZE + 1))
    (root / "data" / "zeros.bin").write_bytes(bytes(3 * CHUNK_SIZE))  # one leaf, three times
    return root / "data"


@pytest.mark.parametrize("size", [0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 7])
def test_a_files_car_has_its_cid_as_root_and_unpacks_to_the_same_bytes(tmp_path, car_oracle, size):
    source = tmp_path / "artifact.bin"
    source.write_bytes(os.urandom(size))
    car = tmp_path / "artifact.car"
    with open(car, "wb") as out:
        root = write_car(source, out)
    assert root == cid_of_path(source)
    read = CarFile(car)
    assert read.roots == [root]
    read.unpack(tmp_path / "back.bin")
    assert (tmp_path / "back.bin").read_bytes() == source.read_bytes()
    js = car_oracle("read", car)
    assert js.get("roots") == [str(root)], js
    assert js["blocks"] == [str(c) for c in read.cids()]


def test_a_directorys_car_matches_the_reference_both_ways(tmp_path, car_oracle):
    source = _tree(tmp_path)
    car = tmp_path / "ours.car"
    with open(car, "wb") as out:
        root = write_car(source, out)
    assert root == cid_of_path(source)
    ours = CarFile(car)
    # The three identical chunks of zeros are one block, written once.
    assert len(ours) == len(set(ours.cids()))
    js = car_oracle("read", car)
    assert js.get("roots") == [str(root)], js
    assert sorted(js["blocks"]) == sorted(str(c) for c in ours.cids())

    # What the reference importer and writer make, the SDK reads with the same root and
    # unpacks to the same tree.
    theirs = tmp_path / "theirs.car"
    written = car_oracle("write", source, theirs)
    assert written.get("root") == str(root), written
    read = CarFile(theirs)
    assert read.root == root
    assert sorted(map(str, read.cids())) == sorted(map(str, ours.cids()))
    read.unpack(tmp_path / "rebuilt")
    assert same_tree(source, tmp_path / "rebuilt")


def test_deep_dags_round_trip(tmp_path, car_oracle):
    """Small chunks and few links per node make a DAG of several levels from small content."""
    source = tmp_path / "deep.bin"
    source.write_bytes(os.urandom(5_000))
    layout = Layout(chunk_size=64, max_links=4)
    car = tmp_path / "deep.car"
    with open(car, "wb") as out:
        root = write_car(source, out, layout=layout)
    assert root == import_path(source, layout=layout).cid
    theirs = tmp_path / "theirs.car"
    assert car_oracle("write", source, theirs, "--chunk-size", 64, "--max-links", 4).get("root") == str(root)
    CarFile(car).unpack(tmp_path / "back")
    assert (tmp_path / "back").read_bytes() == source.read_bytes()


def test_a_corrupted_or_missing_block_is_named_and_nothing_is_left_behind(tmp_path, car_oracle):
    source = tmp_path / "artifact.bin"
    source.write_bytes(os.urandom(2 * CHUNK_SIZE))
    car = tmp_path / "artifact.car"
    with open(car, "wb") as out:
        root = write_car(source, out)
    good = CarFile(car)
    leaf = next(c for c in good.cids() if c != root)

    corrupted = tmp_path / "corrupted.car"
    data = bytearray(car.read_bytes())
    data[len(car_header(root)) + 100] ^= 0xFF  # inside the first block (a leaf)
    corrupted.write_bytes(bytes(data))
    with pytest.raises(DagError, match=f"block {leaf} does not match its hash"):
        CarFile(corrupted)
    assert "does not match its CID" in car_oracle("read", corrupted).get("error", ""), "the reference agrees"

    # A CAR without its first block (that leaf): unpacking names it, and leaves no file.
    missing = tmp_path / "missing.car"
    sections = car.read_bytes()[len(car_header(root)) :]
    length, start = read_varint(sections, 0)
    missing.write_bytes(car_header(root) + sections[start + length :])
    with pytest.raises(DagError, match=f"lacks block {leaf}"):
        CarFile(missing).unpack(tmp_path / "out.bin")
    assert not (tmp_path / "out.bin").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.bin")] == []

    truncated = tmp_path / "truncated.car"
    truncated.write_bytes(car.read_bytes()[:-10])
    with pytest.raises(DagError, match="ends inside"):
        CarFile(truncated)


def test_the_cli_writes_and_unpacks_in_one_line_each(tmp_path, capsys):
    source = _tree(tmp_path)
    car = tmp_path / "data.car"
    status, out, err = run_attrib(capsys, "car", source, "-o", car)
    assert status == 0, err
    assert out.split() == [str(cid_of_path(source)), str(car)]
    status, out, err = run_attrib(capsys, "car", car, "--unpack", "-o", tmp_path / "back")
    assert status == 0, err
    assert same_tree(source, tmp_path / "back")
    status, out, err = run_attrib(capsys, "car", car, "--unpack", "-o", tmp_path / "back")
    assert status == 1 and "exists already" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "not.car").write_bytes(b"\x05hello")
    status, out, err = run_attrib(capsys, "car", tmp_path / "not.car", "--unpack", "-o", tmp_path / "x")
    assert status == 1 and err.startswith("attrib: error:") and len(err.strip().splitlines()) == 1, err


def test_header_is_canonical_dag_cbor():
    root = Cid.parse("bafybeicy5xln6wik3lcohzci6tj6nuo2dgv4ldmiovfxqglf4degqp5kcq")
    header = car_header(root)
    # Length 0x3a, map(2), "roots", array(1), tag 42, bytes(37) 0x00 + CID, "version", 1.
    assert header[:8] == bytes.fromhex("3aa265726f6f7473")
    assert header[8:13] == bytes.fromhex("81d82a5825")
    assert header[13] == 0 and header[14:50] == root.to_bytes()
    assert header[50:] == bytes.fromhex("6776657273696f6e01")


# ---- malicious DAGs ----


def _crafted_car(tmp_path, blocks, root):
    """A CAR of hand-made blocks (each checked against its CID when read)."""
    from attrib.car import car_section

    path = tmp_path / "crafted.car"
    path.write_bytes(car_header(root) + b"".join(car_section(cid, block) for cid, block in blocks))
    return CarFile(path)


def test_a_dag_that_repeats_a_block_to_inflate_its_content_is_refused_past_the_cap(tmp_path):
    from attrib.cid import DAG_PB, RAW, _pb_node, _unixfs_file

    leaf = bytes(1024)
    leaf_cid = Cid.of_block(RAW, leaf)
    inner = _pb_node([(leaf_cid, "", len(leaf))] * 1000, _unixfs_file([len(leaf)] * 1000))
    inner_cid = Cid.of_block(DAG_PB, inner)
    outer = _pb_node([(inner_cid, "", len(inner))] * 1000, _unixfs_file([1024 * 1000] * 1000))
    outer_cid = Cid.of_block(DAG_PB, outer)
    car = _crafted_car(tmp_path, [(leaf_cid, leaf), (inner_cid, inner), (outer_cid, outer)], outer_cid)
    with pytest.raises(DagError, match="larger than allowed"):
        car.unpack(tmp_path / "bomb", max_bytes=10 << 20)
    assert not (tmp_path / "bomb").exists()
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".bomb")] == []


@pytest.mark.parametrize("name", ["..", "a/b", "..\\evil", "C:evil", "nul\x00byte", "tab\tname"])
def test_a_directory_entry_that_is_not_one_plain_name_is_refused(tmp_path, name):
    from attrib.cid import DAG_PB, RAW, UNIXFS_DIRECTORY, _pb_node

    leaf = b"payload"
    leaf_cid = Cid.of_block(RAW, leaf)
    directory = _pb_node([(leaf_cid, name, len(leaf))], UNIXFS_DIRECTORY)
    root = Cid.of_block(DAG_PB, directory)
    car = _crafted_car(tmp_path, [(leaf_cid, leaf), (root, directory)], root)
    with pytest.raises(DagError, match="unsafe entry name"):
        car.unpack(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_directory_naming_an_entry_twice_is_refused(tmp_path):
    from attrib.cid import DAG_PB, RAW, UNIXFS_DIRECTORY, _pb_node

    a, b = b"first", b"second"
    a_cid, b_cid = Cid.of_block(RAW, a), Cid.of_block(RAW, b)
    directory = _pb_node([(a_cid, "same", len(a)), (b_cid, "same", len(b))], UNIXFS_DIRECTORY)
    root = Cid.of_block(DAG_PB, directory)
    car = _crafted_car(tmp_path, [(a_cid, a), (b_cid, b), (root, directory)], root)
    with pytest.raises(DagError, match="twice"):
        car.unpack(tmp_path / "out")
