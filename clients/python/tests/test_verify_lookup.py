"""`attrib verify` without a node: a file whose CID the pedigree does not state is a MISMATCH,
and the line also names the contribution the chain registered for that content, when a node
answers and has it. The chain is a stub here, or a port nobody listens on."""

from __future__ import annotations

import argparse
import json
import socket
from pathlib import Path
from typing import Dict, List, Optional

import pytest

import attrib.cli as cli
from attrib import pedigree as pedigrees
from attrib.cid import cid_of_path
from attrib.errors import NodeUnavailable


def _record(id: int, cid: str) -> Dict[str, object]:
    """A contribution record as `attribution_pedigree` returns it."""
    return {
        "id": id,
        "kind": "Dataset",
        "cid": cid,
        "metadataHash": "0x" + "00" * 32,
        "project": 0,
        "status": "Active",
        "licence": {"licence": {"spdx": "CC-BY-4.0"}},
        "sizeBytes": 5,
        "registeredAt": 1,
        "registeredAtMs": 1_700_000_000_000,
        "registrar": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
        "authors": [{"account": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "sharePerbill": 1_000_000_000}],
        "parents": [],
    }


@pytest.fixture
def files(tmp_path: Path) -> Dict[str, Path]:
    """A file the pedigree states (`stated`), one it does not (`other`), and the document."""
    stated, other = tmp_path / "stated.txt", tmp_path / "other.txt"
    stated.write_text("hello")
    other.write_text("not in the pedigree")
    pedigree = {"contributions": [_record(0, str(cid_of_path(stated)))]}
    document = tmp_path / "pedigree.json"
    document.write_text(json.dumps(pedigrees.prov_document(pedigree, 0, "Development")))
    return {"stated": stated, "other": other, "document": document}


class StubChain:
    """Answers `contribution_by_cid` from `ids`, and records what it was asked."""

    def __init__(self, ids: Dict[str, int]) -> None:
        self.ids = ids
        self.asked: List[str] = []

    def contribution_by_cid(self, cid: str) -> Optional[int]:
        self.asked.append(cid)
        return self.ids.get(cid)


def _verify(files: Dict[str, Path], *extra: str) -> int:
    return cli.main(["verify", str(files["document"]), str(files["stated"]), str(files["other"]), *extra])


def test_content_registered_under_another_id_is_named(files, monkeypatch, capsys):
    other = str(cid_of_path(files["other"]))
    stub = StubChain({other: 42})
    urls: List[Optional[str]] = []

    def chain(args: argparse.Namespace) -> StubChain:
        urls.append(args.url)
        assert args.signer is None  # verify asks for no signing key
        return stub

    monkeypatch.setattr(cli, "_chain", chain)
    assert _verify(files, "--url", "ws://127.0.0.1:9999") == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"ok       {files['stated']}: ")
    assert lines[1] == (
        f"MISMATCH {files['other']}: {other} is not in the pedigree; the chain has this content as contribution 42"
    )
    # Only the mismatched content is looked up, on the node --url names.
    assert stub.asked == [other]
    assert urls == ["ws://127.0.0.1:9999"]


def test_content_not_registered_is_the_plain_mismatch(files, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_chain", lambda args: StubChain({}))
    assert _verify(files) == 1
    other = cid_of_path(files["other"])
    assert capsys.readouterr().out.splitlines()[1] == f"MISMATCH {files['other']}: {other} is not in the pedigree"


def test_no_node_keeps_the_plain_mismatch(files, monkeypatch, capsys):
    def unavailable(args: argparse.Namespace) -> StubChain:
        raise NodeUnavailable("ws://127.0.0.1:9944", "Connection refused")

    monkeypatch.setattr(cli, "_chain", unavailable)
    assert _verify(files) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[1] == f"MISMATCH {files['other']}: {cid_of_path(files['other'])} is not in the pedigree"
    assert out.err == ""


def test_no_node_at_the_url_keeps_the_plain_mismatch(files, monkeypatch, capsys, tmp_path):
    """The real connection: nobody listens on the port, so the lookup is skipped."""
    monkeypatch.chdir(tmp_path)  # no repository config to read a URL or signer from
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert _verify(files, "--url", f"ws://127.0.0.1:{port}") == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[1] == f"MISMATCH {files['other']}: {cid_of_path(files['other'])} is not in the pedigree"
    assert out.err == ""


def test_every_file_stated_asks_no_node(files, monkeypatch, capsys):
    def no_chain(args: argparse.Namespace) -> StubChain:
        raise AssertionError("verify connected although every file is in the pedigree")

    monkeypatch.setattr(cli, "_chain", no_chain)
    assert cli.main(["verify", str(files["document"]), str(files["stated"])]) == 0
    assert capsys.readouterr().out.startswith(f"ok       {files['stated']}: ")
