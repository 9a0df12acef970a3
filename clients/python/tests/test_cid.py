"""The SDK's CIDs against the reference importer (`ipfs-unixfs-importer`, profile
`unixfs-v1-2025`) on the same files."""

import random
from pathlib import Path

import pytest

from attrib.cid import CHUNK_SIZE, Cid, CidError, Layout, cid_of_bytes, cid_of_path, import_path

MIB = CHUNK_SIZE


def write(path: Path, size: int, seed: int) -> Path:
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    root = tmp_path_factory.mktemp("cids")
    files = {
        "empty": write(root / "empty", 0, 1),
        "one byte": write(root / "one", 1, 2),
        "exactly 1 MiB": write(root / "mib", MIB, 3),
        "1 MiB + 1": write(root / "mib1", MIB + 1, 4),
        "5.5 MiB": write(root / "multi", 5 * MIB + MIB // 2, 5),
    }
    tree = root / "dataset"
    (tree / "train" / "images").mkdir(parents=True)
    (tree / "test").mkdir()
    (tree / "no files here").mkdir()
    write(tree / "README.md", 300, 6)
    write(tree / "train" / "labels.csv", 2 * MIB + 5, 7)
    write(tree / "train" / "images" / "0001.png", 70_000, 8)
    write(tree / "train" / "images" / "été.png", 10, 9)
    write(tree / "test" / "empty.csv", 0, 10)
    files["directory"] = tree
    return files


def test_every_sample_has_the_reference_importers_cid(samples, cid_oracle):
    expected = cid_oracle(samples.values())
    for label, path in samples.items():
        assert str(cid_of_path(path)) == expected[str(path)], label


def test_single_block_files_are_raw_cids_and_larger_ones_unixfs(samples):
    assert str(cid_of_path(samples["exactly 1 MiB"])).startswith("bafkrei")
    assert str(cid_of_path(samples["1 MiB + 1"])).startswith("bafybei")
    assert str(cid_of_bytes(b"")) == "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"


def test_deep_balanced_dags_match_the_reference_importer(samples, cid_oracle):
    # 1,000-byte chunks and 3 links per node turn 5.5 MiB into a tree 9 levels deep.
    expected = cid_oracle([samples["5.5 MiB"], samples["directory"]], "--chunk-size", "1000", "--max-links", "3")
    layout = Layout(chunk_size=1000, max_links=3)
    for path in (samples["5.5 MiB"], samples["directory"]):
        assert str(import_path(path, layout=layout).cid) == expected[str(path)]


def test_text_and_binary_forms_round_trip(samples):
    cid = cid_of_path(samples["directory"])
    assert Cid.parse(str(cid)) == cid
    assert Cid.from_bytes(cid.to_bytes()) == cid
    assert cid.to_bytes()[:4] == bytes([0x01, 0x70, 0x12, 0x20])


@pytest.mark.parametrize("text", ["", "Qm123", "bafy!!", "b" + "a" * 10])
def test_malformed_text_is_a_clear_error(text):
    with pytest.raises(CidError):
        Cid.parse(text)


def test_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CidError, match="no such file"):
        cid_of_path(tmp_path / "nothing")


def test_progress_counts_every_byte(samples):
    seen = []
    cid_of_path(samples["directory"], seen.append)
    total = sum(f.stat().st_size for f in Path(samples["directory"]).rglob("*") if f.is_file())
    assert sum(seen) == total


# ---- directories as `ipfs add -r` takes them ----


@pytest.fixture(scope="module")
def tree_with_rules(tmp_path_factory):
    """Hidden files and directories, empty directories (one empty only of hidden files),
    symbolic links and unicode names."""
    root = tmp_path_factory.mktemp("rules") / "project"
    (root / ".git").mkdir(parents=True)
    write(root / ".git" / "config", 100, 20)
    write(root / ".env", 30, 21)
    (root / "data" / "naïve — ünïcode").mkdir(parents=True)
    write(root / "data" / "naïve — ünïcode" / "数据.csv", 500, 22)
    write(root / "data" / ".cache", 40, 23)
    (root / "empty" / "nested-empty").mkdir(parents=True)
    (root / "only-hidden").mkdir()
    write(root / "only-hidden" / ".keep", 0, 24)
    (root / "link-to-data").symlink_to(root / "data", target_is_directory=True)
    (root / "link.csv").symlink_to(root / "data" / "naïve — ünïcode" / "数据.csv")
    return root


def test_hidden_names_empty_directories_and_links_follow_ipfs_add(tree_with_rules, cid_oracle):
    plain = cid_oracle([tree_with_rules])[str(tree_with_rules)]
    hidden = cid_oracle([tree_with_rules], "--hidden")[str(tree_with_rules)]
    assert str(cid_of_path(tree_with_rules)) == plain
    assert str(cid_of_path(tree_with_rules, hidden=True)) == hidden
    assert plain != hidden, "hidden files change the directory only when included"


def _many_files(root: Path, count: int, name_length: int) -> Path:
    root.mkdir(parents=True)
    for i in range(count):
        (root / f"{i:05d}-{'n' * name_length}.txt").write_bytes(i.to_bytes(4, "big"))
    return root


def test_a_directory_too_large_for_one_block_is_sharded_as_the_reference_does(tmp_path, cid_oracle):
    from attrib.car import CarFile, write_car

    # About 150 bytes of link per file: 2,000 files pass the 256 KiB threshold.
    big = _many_files(tmp_path / "corpus" / "shards", 2_000, 100)
    (big / "a subdirectory").mkdir()
    write(big / "a subdirectory" / "inside.bin", 2_000, 30)
    small = _many_files(tmp_path / "corpus" / "few", 10, 100)
    expected = cid_oracle([big, small, tmp_path / "corpus"])
    assert str(cid_of_path(big)) == expected[str(big)]
    assert str(cid_of_path(small)) == expected[str(small)]
    assert str(cid_of_path(tmp_path / "corpus")) == expected[str(tmp_path / "corpus")]
    # The shards round-trip through a CAR.
    with open(tmp_path / "corpus.car", "wb") as out:
        root = write_car(tmp_path / "corpus", out)
    CarFile(tmp_path / "corpus.car").unpack(tmp_path / "back")
    assert sorted(p.name for p in (tmp_path / "back" / "shards").iterdir()) == sorted(p.name for p in big.iterdir())
    assert (tmp_path / "back" / "shards" / "a subdirectory" / "inside.bin").read_bytes() == (
        big / "a subdirectory" / "inside.bin"
    ).read_bytes()
    assert root == cid_of_path(tmp_path / "corpus")


def test_just_below_and_above_the_threshold(tmp_path, cid_oracle):
    """The flat node's size decides: with these names a link is 176 bytes and the node's data
    4, so 1,489 files make 262,068 bytes (flat) and 1,490 make 262,244 (sharded)."""
    from attrib.dag import UNIXFS_DIRECTORY, UNIXFS_HAMT_SHARD, decode_pb, unixfs_type_and_data

    below = _many_files(tmp_path / "below", 1_489, 120)
    above = _many_files(tmp_path / "above", 1_490, 120)
    expected = cid_oracle([below, above])
    for path, kind in ((below, UNIXFS_DIRECTORY), (above, UNIXFS_HAMT_SHARD)):
        blocks = {}
        node = import_path(path, emit=lambda cid, block: blocks.setdefault(cid, block))
        assert str(node.cid) == expected[str(path)]
        assert unixfs_type_and_data(decode_pb(blocks[node.cid])[1])[0] == kind
