"""Signed gateway requests (`attrib.access`), without a node: what a signature binds, and every
way a request is refused."""

from __future__ import annotations

import pytest

from attrib import keypair
from attrib.access import ACCOUNT, EXPIRY, MAX_VALIDITY, NONCE, SIGNATURE, AccessDenied, RequestVerifier, sign_request

GENESIS = "0x" + "ab" * 32
PATH = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=raw"


def test_a_signed_request_names_its_account_once():
    dave = keypair("//Dave")
    verifier = RequestVerifier(GENESIS)
    headers = sign_request(dave, "GET", PATH, GENESIS)
    assert verifier.account("GET", PATH, headers) == dave.ss58_address
    with pytest.raises(AccessDenied, match="nonce was used already") as refused:
        verifier.account("GET", PATH, headers)
    assert refused.value.status == 401
    assert verifier.account("GET", PATH, {}) is None, "unsigned: no account, no error"


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda h: h.pop(SIGNATURE), "needs"),
        (lambda h: h.update({EXPIRY: "soon"}), "needs"),
        (lambda h: h.update({NONCE: "short"}), "16 to 128"),
        (lambda h: h.update({ACCOUNT: keypair("//Eve").ss58_address}), "not the account's"),
        (lambda h: h.update({SIGNATURE: "0x" + "00" * 64}), "not the account's"),
        (lambda h: h.update({ACCOUNT: "not-an-address"}), "not the account's"),
    ],
)
def test_tampered_requests_are_refused(change, reason):
    headers = sign_request(keypair("//Dave"), "GET", PATH, GENESIS)
    change(headers)
    with pytest.raises(AccessDenied, match=reason) as refused:
        RequestVerifier(GENESIS).account("GET", PATH, headers)
    assert refused.value.status == 401


def test_a_signature_binds_method_path_chain_and_time():
    dave = keypair("//Dave")
    headers = sign_request(dave, "GET", PATH, GENESIS)
    for method, path, genesis in (("HEAD", PATH, GENESIS), ("GET", PATH + "x", GENESIS), ("GET", PATH, "0x" + "cd" * 32)):
        with pytest.raises(AccessDenied, match="not the account's"):
            RequestVerifier(genesis).account(method, path, dict(headers))
    expired = sign_request(dave, "GET", PATH, GENESIS, validity=-1)
    with pytest.raises(AccessDenied, match="expired"):
        RequestVerifier(GENESIS).account("GET", PATH, expired)
    far = sign_request(dave, "GET", PATH, GENESIS, validity=MAX_VALIDITY + 60)
    with pytest.raises(AccessDenied, match="more than"):
        RequestVerifier(GENESIS).account("GET", PATH, far)
