"""Submission ends every way a transaction can end, within its timeout: each status of the
legacy transaction subscription, the subscription's errors and a closed connection, played by a
fake node speaking the real JSON-RPC protocol over a real WebSocket (`fake_node.py`)."""

from __future__ import annotations

import contextlib
import time
from types import SimpleNamespace
from typing import Any, List, Optional, Sequence, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrib import (
    Chain,
    NodeUnavailable,
    SubmissionTimeout,
    TransactionDropped,
    TransactionInvalid,
    TransactionUsurped,
)
from attrib.chain import Receipt, blake2_256
from attrib.submission import CLOSE_TIMEOUT, Submission, WebSocketWatch, parse_status
from conftest import free_port
from fake_node import (
    CLOSE_CONNECTION,
    NO_ANSWER,
    RESET_CONNECTION,
    FakeNode,
    Pause,
    Refuse,
    Repeat,
    SubscriptionError,
)

NONCE = 7


def signed(signature: int, nonce: int = NONCE) -> str:
    """A stand-in for a signed extrinsic the fake node records as it was sent: a fixed call,
    then the nonce and the signature's number in plain sight (the node cannot decode real
    ones)."""
    return "0x" + "4d02840012" * 8 + f"{nonce:08x}" + f"{signature:08x}"


def nonce_of(extrinsic: str) -> int:
    return int(extrinsic[-16:-8], 16)


def signature_of(extrinsic: str) -> int:
    return int(extrinsic[-8:], 16)


def hash_of(extrinsic: str) -> str:
    return "0x" + blake2_256(bytes.fromhex(extrinsic[2:])).hex()


EXTRINSIC = signed(0)
EXTRINSIC_HASH = hash_of(EXTRINSIC)
BLOCK_A = "0x" + "aa" * 32
BLOCK_B = "0x" + "bb" * 32
REPLACEMENT = "0x" + "cc" * 32
CALL = "Contributions.create_project"
ACCOUNT = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
# How much longer than its timeout a submission may take to give up: closing the watch's
# connection (at most `CLOSE_TIMEOUT`, when the node does not answer the close) and the
# scheduling of a machine busy with the rest of the suite (2.19 s seen for a 0.5 s timeout).
MARGIN = CLOSE_TIMEOUT + 2.0


class ChainSide:
    """What a submission asks the chain besides the watch, scripted and recorded: the receipt
    of a block, whether the nonce was used (`nonce_used`, one answer per question, the last one
    repeated) and the block that includes an extrinsic (`included`: (block, extrinsic hash),
    found only when asked for that hash)."""

    def __init__(self, nonce_used: Any = False, included: Optional[Tuple[str, str]] = None) -> None:
        self.nonce_answers = list(nonce_used) if isinstance(nonce_used, list) else [nonce_used]
        self.included = included
        self.receipts: List[Tuple[str, str]] = []
        self.nonce_checks = 0
        #: The hashes each search was asked for.
        self.searches: List[List[str]] = []

    def receipt(self, block: str, extrinsic_hash: str) -> Any:
        self.receipts.append((block, extrinsic_hash))
        return ("receipt", block, extrinsic_hash)

    def nonce_used(self) -> bool:
        answer = self.nonce_answers[min(self.nonce_checks, len(self.nonce_answers) - 1)]
        self.nonce_checks += 1
        return answer

    def find_block(self, extrinsic_hashes: Sequence[str]) -> Optional[Tuple[str, str]]:
        self.searches.append(list(extrinsic_hashes))
        if self.included is not None and self.included[1] in extrinsic_hashes:
            return self.included
        return None


class Resign:
    """A `resign` that signs `EXTRINSIC`'s call again with the nonce it keeps: each signature is
    recognisable (`signed(1)`, `signed(2)`...), and each nonce it signed with is recorded."""

    def __init__(self, nonce: int = NONCE) -> None:
        self.nonce = nonce
        self.nonces: List[int] = []

    def __call__(self) -> Tuple[str, str]:
        self.nonces.append(self.nonce)
        extrinsic = signed(len(self.nonces), self.nonce)
        return extrinsic, hash_of(extrinsic)


def assert_resigned(sent: List[str], count: int) -> None:
    """`sent` is `count` versions of the transaction: the same nonce, a new signature each."""
    assert len(sent) == count
    assert {nonce_of(extrinsic) for extrinsic in sent} == {NONCE}
    assert [signature_of(extrinsic) for extrinsic in sent] == list(range(count))
    assert len(set(sent)) == count


@pytest.fixture
def node():
    """Starts fake nodes, each playing the scripts given, and stops them after the test."""
    started: List[FakeNode] = []

    def start(*scripts: List[Any]) -> FakeNode:
        started.append(FakeNode(*scripts))
        return started[-1]

    yield start
    for fake in started:
        fake.close()


def submission(url: str, chain: Optional[ChainSide] = None, **options: Any) -> Submission:
    """A submission of `EXTRINSIC` watched on `url`; `options` override the defaults (a 5 s
    timeout, a 10 ms backoff, no `resign`)."""
    chain = chain or ChainSide()
    options = {"timeout": 5.0, "backoff": 0.01, **options}
    return Submission(
        call=CALL,
        account=ACCOUNT,
        extrinsic=EXTRINSIC,
        extrinsic_hash=EXTRINSIC_HASH,
        watch=WebSocketWatch(url),
        receipt=chain.receipt,
        nonce_used=chain.nonce_used,
        find_block=chain.find_block,
        **options,
    )


# --- success --------------------------------------------------------------------------------


def test_in_block_returns_the_receipt_of_that_block(node):
    fake = node(["future", "ready", {"broadcast": ["12D3KooWpeer"]}, {"inBlock": BLOCK_A}, {"finalized": BLOCK_A}])
    chain = ChainSide()
    result = submission(fake.url, chain).run()
    assert result == ("receipt", BLOCK_A, EXTRINSIC_HASH)
    assert chain.receipts == [(BLOCK_A, EXTRINSIC_HASH)]
    assert fake.submissions == [EXTRINSIC]


def test_finalized_without_in_block_is_success_in_its_block(node):
    fake = node(["ready", {"finalized": BLOCK_B}])
    chain = ChainSide()
    assert submission(fake.url, chain).run() == ("receipt", BLOCK_B, EXTRINSIC_HASH)
    assert chain.receipts == [(BLOCK_B, EXTRINSIC_HASH)]


def test_retracted_keeps_waiting_for_another_block(node):
    fake = node(["ready", {"retracted": BLOCK_A}, "ready", {"inBlock": BLOCK_B}])
    chain = ChainSide()
    assert submission(fake.url, chain).run() == ("receipt", BLOCK_B, EXTRINSIC_HASH)
    assert chain.receipts == [(BLOCK_B, EXTRINSIC_HASH)]


def test_waiting_for_finality_follows_a_retracted_block_to_the_finalized_one(node):
    fake = node(["ready", {"inBlock": BLOCK_A}, {"retracted": BLOCK_A}, {"inBlock": BLOCK_B}, {"finalized": BLOCK_B}])
    chain = ChainSide()
    assert submission(fake.url, chain, wait_for_finalization=True).run() == ("receipt", BLOCK_B, EXTRINSIC_HASH)
    assert chain.receipts == [(BLOCK_B, EXTRINSIC_HASH)]


def test_finality_timeout_keeps_listening(node):
    fake = node(["ready", {"finalityTimeout": BLOCK_A}, Pause(0.2), {"finalized": BLOCK_A}])
    assert submission(fake.url).run() == ("receipt", BLOCK_A, EXTRINSIC_HASH)


# --- statuses that end the transaction ---------------------------------------------------------


def test_usurped_raises_naming_the_replacing_transaction(node):
    fake = node(["ready", {"usurped": REPLACEMENT}, {"inBlock": BLOCK_A}])
    chain = ChainSide()
    with pytest.raises(TransactionUsurped) as raised:
        submission(fake.url, chain).run()
    assert raised.value.replaced_by == REPLACEMENT
    assert raised.value.extrinsic_hash == EXTRINSIC_HASH
    assert REPLACEMENT in str(raised.value) and CALL in str(raised.value)
    assert fake.submissions == [EXTRINSIC] and chain.receipts == []


def test_invalid_raises_transaction_invalid(node):
    fake = node(["ready", "invalid", {"inBlock": BLOCK_A}])
    chain = ChainSide()
    with pytest.raises(TransactionInvalid) as raised:
        submission(fake.url, chain).run()
    assert "`invalid`" in raised.value.detail and EXTRINSIC_HASH in raised.value.detail
    assert raised.value.account == ACCOUNT and raised.value.call == CALL
    assert fake.submissions == [EXTRINSIC] and chain.receipts == []


def test_a_refused_submission_raises_transaction_invalid_with_the_nodes_words(node):
    fake = node([Refuse(1010, "Invalid Transaction", "Inability to pay some fees (e.g. account balance too low)")])
    with pytest.raises(TransactionInvalid) as raised:
        submission(fake.url).run()
    assert raised.value.detail == "Invalid Transaction: Inability to pay some fees (e.g. account balance too low)"
    assert "cannot pay the transaction fee" in str(raised.value)
    assert fake.submissions == [EXTRINSIC]


def test_a_subscription_ended_with_an_error_raises_transaction_invalid(node):
    fake = node(["ready", SubscriptionError(-32000, "subscription closed by the server"), {"inBlock": BLOCK_A}])
    with pytest.raises(TransactionInvalid) as raised:
        submission(fake.url).run()
    assert raised.value.detail == "subscription closed by the server"


# --- dropped ------------------------------------------------------------------------------------

DROPPED = ["ready", "dropped"]
POOL_FULL = Refuse(1016, "Immediately Dropped", "The transaction couldn't enter the pool because of the limit")
BANNED = Refuse(1012, "Transaction is temporarily banned")
OUTDATED = Refuse(1010, "Invalid Transaction", "Transaction is outdated")
# What a collator answered in the zombienet load test while its best block was on a fork that
# finality had just discarded (sc-rpc-api: the message, then the error's Debug form as data).
DISCARDED_BLOCK = "0x4146f1808558f1dce48f328411026de69efd6b14b4f7a21a9ec0d9cf2544c8b1"
FORK_DISCARDED = Refuse(
    1002,
    f"Verification Error: Runtime error: Api called for an unknown Block: State already discarded for {DISCARDED_BLOCK}",
    f'RuntimeApi("Api called for an unknown Block: State already discarded for {DISCARDED_BLOCK}")',
)
# A transaction with the same sender and nonce already in the pool, of no lower priority.
LOW_PRIORITY = Refuse(1014, "Priority is too low: (0 vs 0)", "The transaction couldn't enter the pool because of the limit")


def test_dropped_is_re_signed_with_the_same_nonce_and_then_included(node):
    fake = node(DROPPED, ["ready", {"inBlock": BLOCK_A}])
    chain, resign = ChainSide(nonce_used=False), Resign()
    watched = submission(fake.url, chain, resign=resign)
    resent = signed(1)
    assert watched.run() == ("receipt", BLOCK_A, hash_of(resent))
    # Different bytes, so a hash the pool has not banned; the same nonce, so only one can count.
    assert fake.submissions == [EXTRINSIC, resent]
    assert_resigned(fake.submissions, 2)
    assert resign.nonces == [NONCE]
    assert watched.extrinsic_hashes == [EXTRINSIC_HASH, hash_of(resent)]
    assert watched.extrinsic_hash == hash_of(resent)
    assert watched.submissions == 2 and chain.nonce_checks == 1 and chain.searches == []


def test_without_resign_a_dropped_transaction_is_sent_again_as_it_was(node):
    fake = node(DROPPED, ["ready", {"inBlock": BLOCK_A}])
    watched = submission(fake.url, ChainSide(nonce_used=False))
    assert watched.run() == ("receipt", BLOCK_A, EXTRINSIC_HASH)
    assert fake.submissions == [EXTRINSIC, EXTRINSIC]
    assert watched.extrinsic_hashes == [EXTRINSIC_HASH]


def test_dropped_more_times_than_the_retries_raises_transaction_dropped(node):
    fake = node(DROPPED, DROPPED, DROPPED, ["ready", {"inBlock": BLOCK_A}])
    chain, resign = ChainSide(nonce_used=False), Resign()
    started = time.monotonic()
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, chain, retries=2, backoff=0.1, resign=resign).run()
    assert raised.value.attempts == 3 and not raised.value.nonce_used
    assert_resigned(fake.submissions, 3)
    assert resign.nonces == [NONCE, NONCE]
    # The error names the last version, and the earlier ones.
    hashes = [hash_of(extrinsic) for extrinsic in fake.submissions]
    assert raised.value.extrinsic_hash == hashes[2] and raised.value.earlier_hashes == hashes[:2]
    assert all(sent in str(raised.value) for sent in hashes) and "same nonce" in str(raised.value)
    assert chain.receipts == []
    # Backed off 0.1 s after the first drop and 0.2 s after the second.
    assert time.monotonic() - started >= 0.3


def test_dropped_with_its_nonce_used_returns_the_block_that_includes_it(node):
    fake = node(DROPPED, ["ready", {"inBlock": BLOCK_A}])
    chain, resign = ChainSide(nonce_used=True, included=(BLOCK_B, EXTRINSIC_HASH)), Resign()
    assert submission(fake.url, chain, resign=resign).run() == ("receipt", BLOCK_B, EXTRINSIC_HASH)
    assert fake.submissions == [EXTRINSIC] and resign.nonces == []
    assert chain.searches == [[EXTRINSIC_HASH]]


def test_dropped_with_its_nonce_used_by_another_transaction_raises(node):
    fake = node(DROPPED, ["ready", {"inBlock": BLOCK_A}])
    chain = ChainSide(nonce_used=True, included=None)
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, chain, resign=Resign()).run()
    assert raised.value.nonce_used and raised.value.attempts == 1
    assert "used its nonce" in str(raised.value)
    assert fake.submissions == [EXTRINSIC] and chain.searches == [[EXTRINSIC_HASH]]


def test_a_dropped_version_included_after_all_is_found_by_its_first_hash(node):
    # The pool dropped the first version, but it was included after all (through another node's
    # pool): the re-signed one is then refused as outdated, and the search must look for both.
    fake = node(DROPPED, [OUTDATED])
    chain = ChainSide(nonce_used=[False, True], included=(BLOCK_B, EXTRINSIC_HASH))
    watched = submission(fake.url, chain, resign=Resign())
    assert watched.run() == ("receipt", BLOCK_B, EXTRINSIC_HASH)
    assert_resigned(fake.submissions, 2)
    assert chain.searches == [[EXTRINSIC_HASH, hash_of(signed(1))]]
    assert chain.receipts == [(BLOCK_B, EXTRINSIC_HASH)]


def test_a_re_signed_version_dropped_again_with_its_nonce_used_is_found_by_its_first_hash(node):
    fake = node(DROPPED, DROPPED)
    chain = ChainSide(nonce_used=[False, True], included=(BLOCK_A, EXTRINSIC_HASH))
    assert submission(fake.url, chain, resign=Resign()).run() == ("receipt", BLOCK_A, EXTRINSIC_HASH)
    assert chain.searches == [[EXTRINSIC_HASH, hash_of(signed(1))]]


def test_nonce_used_by_another_transaction_names_every_version(node):
    fake = node(DROPPED, DROPPED)
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, ChainSide(nonce_used=[False, True]), resign=Resign()).run()
    assert raised.value.nonce_used and raised.value.attempts == 2
    assert raised.value.extrinsic_hash == hash_of(signed(1))
    assert raised.value.earlier_hashes == [EXTRINSIC_HASH] and EXTRINSIC_HASH in str(raised.value)


@pytest.mark.parametrize("refusal", [POOL_FULL, FORK_DISCARDED], ids=["pool-without-room", "check-against-a-discarded-fork"])
def test_a_refusal_for_now_counts_as_a_drop_and_is_re_signed(node, refusal):
    fake = node([refusal], ["ready", {"inBlock": BLOCK_A}])
    resign = Resign()
    assert submission(fake.url, resign=resign).run() == ("receipt", BLOCK_A, hash_of(signed(1)))
    assert_resigned(fake.submissions, 2)
    assert resign.nonces == [NONCE]


def test_a_refusal_for_now_every_time_raises_transaction_dropped(node):
    fake = node([FORK_DISCARDED], [FORK_DISCARDED], ["ready", {"inBlock": BLOCK_A}])
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, ChainSide(nonce_used=False), retries=1, backoff=0.01, resign=Resign()).run()
    assert raised.value.attempts == 2
    assert len(fake.submissions) == 2


def test_a_same_nonce_already_in_the_pool_is_invalid_with_the_nodes_words(node):
    fake = node([LOW_PRIORITY])
    with pytest.raises(TransactionInvalid) as raised:
        submission(fake.url, resign=Resign()).run()
    assert "Priority is too low" in raised.value.detail
    assert fake.submissions == [EXTRINSIC]


def test_another_verification_error_is_invalid_not_a_drop(node):
    fake = node([Refuse(1002, "Verification Error: Runtime error: Execution failed: wasm trap", "x")])
    with pytest.raises(TransactionInvalid) as raised:
        submission(fake.url, resign=Resign()).run()
    assert "wasm trap" in raised.value.detail
    assert fake.submissions == [EXTRINSIC]


def test_a_re_signed_resubmission_refused_as_banned_raises_transaction_dropped(node):
    fake = node(DROPPED, [BANNED], ["ready", {"inBlock": BLOCK_A}])
    chain = ChainSide(nonce_used=False)
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, chain, resign=Resign()).run()
    # Still a drop, in the node's words, naming the version refused and the one dropped.
    assert raised.value.refusal == "Transaction is temporarily banned" and raised.value.attempts == 1
    assert "(Transaction is temporarily banned)" in str(raised.value)
    assert raised.value.extrinsic_hash == hash_of(signed(1)) and raised.value.earlier_hashes == [EXTRINSIC_HASH]
    assert EXTRINSIC_HASH in str(raised.value) and hash_of(signed(1)) in str(raised.value)
    assert_resigned(fake.submissions, 2)
    # The nonce was checked after the drop and again after the refusal: still unused.
    assert chain.nonce_checks == 2 and chain.searches == [] and chain.receipts == []


def test_a_resubmission_of_the_same_bytes_refused_as_banned_raises_transaction_dropped(node):
    fake = node(DROPPED, [BANNED], ["ready", {"inBlock": BLOCK_A}])
    with pytest.raises(TransactionDropped) as raised:
        submission(fake.url, ChainSide(nonce_used=False)).run()
    assert raised.value.refusal == "Transaction is temporarily banned" and raised.value.attempts == 1
    assert raised.value.extrinsic_hash == EXTRINSIC_HASH and raised.value.earlier_hashes == []
    assert fake.submissions == [EXTRINSIC, EXTRINSIC]


def test_a_timeout_after_a_re_sign_names_every_version(node):
    fake = node(DROPPED, ["ready"])
    with pytest.raises(SubmissionTimeout) as raised:
        submission(fake.url, timeout=0.5, resign=Resign()).run()
    assert raised.value.extrinsic_hash == hash_of(signed(1))
    assert raised.value.earlier_hashes == [EXTRINSIC_HASH]
    assert EXTRINSIC_HASH in str(raised.value) and "may still be included" in str(raised.value)


# --- time and connection --------------------------------------------------------------------------


def expect_timeout(url: str, timeout: float, **options: Any) -> SubmissionTimeout:
    """Runs a submission that must give up: returns its error after checking it took its
    timeout and little more."""
    started = time.monotonic()
    with pytest.raises(SubmissionTimeout) as raised:
        submission(url, timeout=timeout, **options).run()
    elapsed = time.monotonic() - started
    assert timeout <= elapsed < timeout + MARGIN, elapsed
    assert raised.value.extrinsic_hash == EXTRINSIC_HASH and raised.value.timeout == timeout
    assert "may still be included" in str(raised.value)
    return raised.value


def test_silence_raises_submission_timeout_in_time(node):
    error = expect_timeout(node(["ready"]).url, 0.5)
    assert error.last_status == "ready"


def test_no_answer_to_the_submission_raises_submission_timeout(node):
    error = expect_timeout(node([NO_ANSWER]).url, 0.5)
    assert error.last_status is None and "never acknowledged" in str(error)


def test_a_node_that_keeps_talking_cannot_stretch_the_timeout(node):
    error = expect_timeout(node([Repeat({"broadcast": ["12D3KooWpeer"]}, every=0.05)]).url, 0.5)
    assert error.last_status == "broadcast to 1 peer(s)"


def test_finality_timeout_then_silence_raises_submission_timeout_at_the_deadline(node):
    error = expect_timeout(node(["ready", {"inBlock": BLOCK_A}, {"finalityTimeout": BLOCK_A}]).url, 0.5, wait_for_finalization=True)
    assert error.last_status == f"finalityTimeout {BLOCK_A}"
    assert "not finalized in time" in str(error)


def test_future_then_silence_says_an_earlier_nonce_is_missing(node):
    error = expect_timeout(node(["future"]).url, 0.3)
    assert "an earlier transaction of the account is missing" in str(error)


@pytest.mark.parametrize("ending", [CLOSE_CONNECTION, RESET_CONNECTION])
def test_the_connection_closing_raises_node_unavailable(node, ending):
    fake = node(["ready", ending, {"inBlock": BLOCK_A}])
    started = time.monotonic()
    with pytest.raises(NodeUnavailable) as raised:
        submission(fake.url, timeout=5.0).run()
    assert time.monotonic() - started < MARGIN
    assert raised.value.url == fake.url
    assert f"transaction {EXTRINSIC_HASH} may still be included" in str(raised.value)


def test_no_node_raises_node_unavailable():
    url = f"ws://127.0.0.1:{free_port()}"
    with pytest.raises(NodeUnavailable) as raised:
        submission(url).run()
    assert raised.value.url == url


# --- the statuses, whatever comes before the final one ---------------------------------------------

WAITING = st.sampled_from(
    ["future", "ready", {"broadcast": ["p1", "p2"]}, {"retracted": BLOCK_A}, {"finalityTimeout": BLOCK_A}, {"somethingNew": 1}]
)
FINAL = st.sampled_from(
    [
        ({"inBlock": BLOCK_B}, ("receipt", BLOCK_B, EXTRINSIC_HASH)),
        ({"finalized": BLOCK_B}, ("receipt", BLOCK_B, EXTRINSIC_HASH)),
        ({"usurped": REPLACEMENT}, TransactionUsurped),
        ("invalid", TransactionInvalid),
    ]
)


@settings(max_examples=60, deadline=None)
@given(waiting=st.lists(WAITING, max_size=6), final=FINAL)
def test_only_the_final_status_decides(waiting, final):
    status, expected = final

    def watch(extrinsic: str, deadline: float):
        # An in-memory watch: the real one is exercised against the fake node above.
        yield from waiting + [status, {"inBlock": BLOCK_A}]

    watched = submission("ws://unused", timeout=1.0)
    watched.watch = watch
    if isinstance(expected, tuple):
        assert watched.run() == expected
    else:
        with pytest.raises(expected):
            watched.run()


def test_statuses_parse_as_substrate_serializes_them():
    assert parse_status("ready") == ("ready", None)
    assert parse_status({"inBlock": BLOCK_A}) == ("inBlock", BLOCK_A)
    assert parse_status({"InBlock": BLOCK_A}) == ("inBlock", BLOCK_A)
    assert parse_status({"finalityTimeout": BLOCK_A}) == ("finalityTimeout", BLOCK_A)
    assert parse_status([1, 2]) == ("unknown", [1, 2])


# --- Chain.submit's wiring -------------------------------------------------------------------------


class SignedExtrinsic:
    """What `create_signed_extrinsic` returns, as far as `Chain.submit` reads it."""

    def __init__(self, data: bytes) -> None:
        self.data = "0x" + data.hex()  # ScaleBytes prints as 0x hex
        self.extrinsic_hash = blake2_256(data)


def offline_chain(url: str, timeout: float) -> Chain:
    """A `Chain` whose substrate-interface is a stub signing with nonce `NONCE`: its first
    signature is `EXTRINSIC`, each one after it `signed(1)`, `signed(2)`... with the nonce it
    was asked for. The watch is the real one, on `url`. Records the nonce and the call of each
    signature (`signed_nonces`, `signed_calls`) and the extrinsic hash each receipt was read
    for (`receipts_read`)."""
    chain = Chain.__new__(Chain)
    chain.url, chain.timeout = url, timeout
    chain.signer = SimpleNamespace(ss58_address=ACCOUNT)
    nonces, calls, receipts = [], [], []

    def create_signed_extrinsic(call, keypair, nonce):
        extrinsic = signed(len(nonces), nonce)
        nonces.append(nonce)
        calls.append(call)
        return SignedExtrinsic(bytes.fromhex(extrinsic[2:]))

    def read_receipt(name, extrinsic_hash, block, timeout):
        receipts.append(extrinsic_hash)
        return Receipt(block, 42, [])

    chain.substrate = SimpleNamespace(
        websocket=None,
        get_chain_head=lambda: BLOCK_A,
        get_block_number=lambda block: 41,
        get_account_nonce=lambda account: NONCE,
        compose_call=lambda pallet, call, params: (pallet, call, params),
        create_signed_extrinsic=create_signed_extrinsic,
    )
    chain.signed_nonces, chain.signed_calls, chain.receipts_read = nonces, calls, receipts
    chain._receipt = read_receipt
    return chain


def test_chain_submit_sends_the_signed_bytes_and_returns_the_receipt(node):
    fake = node(["ready", {"inBlock": BLOCK_B}])
    chain = offline_chain(fake.url, timeout=5.0)
    receipt = chain.submit("Contributions", "create_project", {"name": "x"})
    assert receipt == Receipt(BLOCK_B, 42, [])
    assert fake.submissions == [EXTRINSIC] and chain.signed_nonces == [NONCE]
    assert chain.receipts_read == [EXTRINSIC_HASH]


def test_chain_submit_re_signs_a_dropped_transaction_with_the_same_nonce(node):
    fake = node(DROPPED, ["ready", {"inBlock": BLOCK_B}])
    chain = offline_chain(fake.url, timeout=5.0)
    # The chain's nonce stays NONCE: the dropped transaction did not use it.
    receipt = chain.submit("Contributions", "create_project", {"name": "x"})
    assert receipt == Receipt(BLOCK_B, 42, [])
    assert_resigned(fake.submissions, 2)
    assert chain.signed_nonces == [NONCE, NONCE]
    first, again = chain.signed_calls
    assert again is first  # the same composed call, signed again
    # The receipt is read for the version the block holds: the re-signed one.
    assert chain.receipts_read == [hash_of(signed(1))]


def test_chain_submit_times_out_after_the_connections_timeout(node):
    chain = offline_chain(node(["ready"]).url, timeout=0.4)
    started = time.monotonic()
    with pytest.raises(SubmissionTimeout) as raised:
        chain.submit("Contributions", "create_project", {"name": "x"})
    assert time.monotonic() - started < 0.4 + MARGIN
    assert raised.value.call == "Contributions.create_project"
    assert raised.value.extrinsic_hash == EXTRINSIC_HASH


def test_chain_submit_takes_a_timeout_of_its_own(node):
    chain = offline_chain(node(["ready"]).url, timeout=60.0)
    with pytest.raises(SubmissionTimeout) as raised:
        chain.submit("Contributions", "create_project", {"name": "x"}, timeout=0.3)
    assert raised.value.timeout == 0.3


def test_a_dropped_transaction_is_looked_for_in_the_blocks_since_submission():
    first, again = signed(0), signed(1)
    blocks = {
        40: ["0x0102"],
        41: ["0x0304"],
        42: ["0x0506", first],
    }
    chain = Chain.__new__(Chain)
    chain.best_number = lambda: 42
    chain._answers_within = lambda seconds: contextlib.nullcontext()
    chain.rpc = lambda method, params: (
        f"hash{params[0]}" if method == "chain_getBlockHash" else {"block": {"extrinsics": blocks[int(params[0][4:])]}}
    )
    # Any of the versions sent is found, with the hash of the one the block holds.
    assert chain._block_including([hash_of(first), hash_of(again)], 41, 5.0) == ("hash42", hash_of(first))
    assert chain._block_including([hash_of(again), hash_of(first)], 41, 5.0) == ("hash42", hash_of(first))
    assert chain._block_including([hash_of(again)], 40, 5.0) is None
    assert chain._block_including([hash_of(first)], 43, 5.0) is None
