"""The SDK reads paged `attribution_*` queries to the end: it follows each page's `next`, reads
every page at the same block, merges the pages, and gives up (typed error) on a node that
never stops paging.

The node side of paging (caps, cursors) is tested in the pallets and against the real node
(`tests/tests/payouts.rs`, `tests/tests/registry.rs`); here a scripted `rpc` stands in for it."""

from typing import Any, Dict, List, Sequence

import pytest

from attrib import chain as chain_module
from attrib.chain import Chain
from attrib.errors import AttribError, NotFound


class ScriptedChain(Chain):
    """A `Chain` whose JSON-RPC answers come from a script: (method, params) -> result."""

    def __init__(self, answers: Dict[Any, Any]) -> None:  # no connection
        self.answers = answers
        self.calls: List[Sequence[Any]] = []

    def _head(self) -> str:
        return HEAD

    def rpc(self, method: str, params: Sequence[Any]) -> Any:
        self.calls.append((method, list(params)))
        key = (method, repr(list(params)))
        if key not in self.answers:
            raise AssertionError(f"unexpected call {key}")
        return self.answers[key]


#: The block every page of one read is pinned to.
HEAD = "0x" + "ab" * 32


def answer(method: str, params: List[Any], result: Any):
    """The scripted result of `method` called with `params` at [`HEAD`]."""
    return (method, repr([*params, HEAD])), result


def item(contribution: int, version: int, amount: int) -> Dict[str, Any]:
    return {"project": 0, "version": version, "contribution": contribution, "amount": str(amount)}


def test_claimable_follows_next_to_the_end_and_sums_every_page():
    cursor = {"contribution": 3, "afterVersion": 7}
    chain = ScriptedChain(dict([
        answer("attribution_claimable", ["5Alice", None, 2],
               {"total": "30", "items": [item(1, 1, 10), item(3, 7, 20)], "next": cursor}),
        answer("attribution_claimable", ["5Alice", cursor, 2],
               {"total": "0", "items": [], "next": {"contribution": 9, "afterVersion": None}}),
        answer("attribution_claimable", ["5Alice", {"contribution": 9, "afterVersion": None}, 2],
               {"total": "5", "items": [item(9, 1, 5)], "next": None}),
    ]))
    owed = chain.claimable("5Alice", page=2)
    assert owed["total"] == "35"
    assert [(i["contribution"], i["version"]) for i in owed["items"]] == [(1, 1), (3, 7), (9, 1)]
    assert len(chain.calls) == 3, "an empty page with a `next` is not the end"


def test_pedigree_merges_pages_and_keeps_truncated():
    record = lambda id: {"id": id, "parents": []}  # noqa: E731
    chain = ScriptedChain(dict([
        answer("attribution_pedigree", [5, None, 2],
               {"contributions": [record(5), record(4)], "truncated": True, "next": 4}),
        answer("attribution_pedigree", [5, 4, 2],
               {"contributions": [record(1)], "truncated": True, "next": None}),
    ]))
    pedigree = chain.pedigree(5, page=2)
    assert [r["id"] for r in pedigree["contributions"]] == [5, 4, 1]
    assert pedigree["truncated"] is True


def test_an_unknown_contribution_is_not_found():
    chain = ScriptedChain(dict([answer("attribution_pedigree", [99, None, 256], None)]))
    with pytest.raises(NotFound):
        chain.pedigree(99)


def test_earnings_merges_snapshots_across_pages():
    snapshot = lambda v: {"version": v, "released": "10", "claimed": "0", "unclaimed": "10"}  # noqa: E731
    chain = ScriptedChain(dict([
        answer("attribution_earnings", [0, None, 1],
               {"project": 0, "snapshots": [snapshot(2)], "undistributed": "7", "next": 2}),
        answer("attribution_earnings", [0, 2, 1],
               {"project": 0, "snapshots": [snapshot(1)], "undistributed": "7", "next": None}),
    ]))
    earnings = chain.earnings(0, page=1)
    assert [s["version"] for s in earnings["snapshots"]] == [2, 1]
    assert earnings["undistributed"] == "7"


def test_a_node_that_never_stops_paging_gives_a_typed_error(monkeypatch):
    monkeypatch.setattr(chain_module, "MAX_PAGES", 3)

    class Endless(ScriptedChain):
        def rpc(self, method, params):
            self.calls.append((method, list(params)))
            return {"total": "0", "items": [], "next": {"contribution": 1, "afterVersion": None}}

    chain = Endless({})
    with pytest.raises(AttribError, match="more than 3 pages"):
        chain.claimable("5Alice")
    assert len(chain.calls) == 3
