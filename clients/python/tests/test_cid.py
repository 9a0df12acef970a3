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
