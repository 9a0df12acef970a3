"""Signed gateway requests (`attrib.access`), without a node: what a signature binds, and every
way a request is refused."""

from __future__ import annotations

import pytest

from attrib import keypair
from attrib.access import ACCOUNT, EXPIRY, MAX_VALIDITY, NONCE, SIGNATURE, AccessDenied, RequestVerifier, sign_request

GENESIS = "0x" + "ab" * 32
ORIGIN = "gateway.example:8473"
PATH = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=raw"


def test_a_signed_request_names_its_account_once():
    dave = keypair("//Dave")
    verifier = RequestVerifier(GENESIS)
    headers = sign_request(dave, "GET", ORIGIN, PATH, GENESIS)
    assert verifier.account("GET", ORIGIN, PATH, headers) == dave.ss58_address
    with pytest.raises(AccessDenied, match="nonce was used already") as refused:
        verifier.account("GET", ORIGIN, PATH, headers)
    assert refused.value.status == 401
    assert verifier.account("GET", ORIGIN, PATH, {}) is None, "unsigned: no account, no error"


def test_a_nonce_is_remembered_only_once_the_request_is_served():
    """`verify` alone (a request refused later, e.g. 403) records nothing: accounts without
    rights cannot fill the gateway's memory with nonces."""
    verifier = RequestVerifier(GENESIS, max_nonces=1)
    for uri in ("//Eve", "//Ferdie", "//Charlie"):
        assert verifier.verify("GET", ORIGIN, PATH, sign_request(keypair(uri), "GET", ORIGIN, PATH, GENESIS)) is not None
    signed = verifier.verify("GET", ORIGIN, PATH, sign_request(keypair("//Dave"), "GET", ORIGIN, PATH, GENESIS))
    verifier.consume(signed)
    other = verifier.verify("GET", ORIGIN, PATH, sign_request(keypair("//Eve"), "GET", ORIGIN, PATH, GENESIS))
    with pytest.raises(AccessDenied, match="too many") as refused:
        verifier.consume(other)
    assert refused.value.status == 503
    # Expired nonces make room again.
    verifier.consume(other, now=signed.expiry + 1)


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
    headers = sign_request(keypair("//Dave"), "GET", ORIGIN, PATH, GENESIS)
    change(headers)
    with pytest.raises(AccessDenied, match=reason) as refused:
        RequestVerifier(GENESIS).account("GET", ORIGIN, PATH, headers)
    assert refused.value.status == 401


def test_a_signature_binds_method_gateway_path_chain_and_time():
    dave = keypair("//Dave")
    headers = sign_request(dave, "GET", ORIGIN, PATH, GENESIS)
    for method, origin, path, genesis in (
        ("HEAD", ORIGIN, PATH, GENESIS),
        ("GET", "another.gateway:8473", PATH, GENESIS),  # replayed by a gateway to another
        ("GET", ORIGIN, PATH + "x", GENESIS),
        ("GET", ORIGIN, PATH, "0x" + "cd" * 32),
    ):
        with pytest.raises(AccessDenied, match="not the account's"):
            RequestVerifier(genesis).account(method, origin, path, dict(headers))
    expired = sign_request(dave, "GET", ORIGIN, PATH, GENESIS, validity=-1)
    with pytest.raises(AccessDenied, match="expired"):
        RequestVerifier(GENESIS).account("GET", ORIGIN, PATH, expired)
    far = sign_request(dave, "GET", ORIGIN, PATH, GENESIS, validity=MAX_VALIDITY + 60)
    with pytest.raises(AccessDenied, match="more than"):
        RequestVerifier(GENESIS).account("GET", ORIGIN, PATH, far)
