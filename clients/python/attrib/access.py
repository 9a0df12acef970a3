"""Signed requests to an `attrib serve` gateway: who asks, proven with the account's sr25519 key.

A request for a licensed artifact carries four headers: `X-Attrib-Account` (SS58 address),
`X-Attrib-Nonce` (fresh random hex), `X-Attrib-Expiry` (Unix seconds) and `X-Attrib-Signature`
(hex sr25519 signature of `signing_message`). The message binds the method, the gateway's
origin (`host[:port]`, its `Host` header), the path (with its query), the nonce, the expiry and
the chain's genesis hash, so a signature cannot be replayed (the server remembers the nonces of
the requests it served until they expire), used after its expiry, for another request, at
another gateway, or on another chain. Use HTTPS between untrusted networks: the signature
proves who asks, it does not hide what is served.
"""

from __future__ import annotations

import heapq
import os
import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Tuple

#: What every signed message starts with, so that it can never be a transaction or a message of
#: another protocol.
DOMAIN = b"attrib-gateway-request:"

#: Longest a signature may be valid for, in seconds: a later expiry is refused.
MAX_VALIDITY = 300

#: The request headers.
ACCOUNT, NONCE, EXPIRY, SIGNATURE = "X-Attrib-Account", "X-Attrib-Nonce", "X-Attrib-Expiry", "X-Attrib-Signature"


def signing_message(method: str, origin: str, path: str, nonce: str, expiry: int, genesis_hash: str) -> bytes:
    """The bytes a request's signature covers. `origin` is the gateway's `host[:port]` as the
    client addresses it (its `Host` header), so a gateway cannot replay a request to another."""
    fields = [method.upper(), origin.lower(), path, nonce, str(expiry), genesis_hash.lower()]
    return DOMAIN + "\n".join(fields).encode("utf-8")


def sign_request(keypair, method: str, origin: str, path: str, genesis_hash: str, validity: int = 60) -> Dict[str, str]:
    """The headers that prove `keypair`'s account asks `origin` (`host[:port]`) for `path`,
    valid `validity` seconds."""
    nonce = os.urandom(16).hex()
    expiry = int(time.time()) + validity
    signature = keypair.sign(signing_message(method, origin, path, nonce, expiry, genesis_hash))
    return {ACCOUNT: keypair.ss58_address, NONCE: nonce, EXPIRY: str(expiry), SIGNATURE: "0x" + bytes(signature).hex()}


def request_signer(keypair, genesis_hash: str, validity: int = 60):
    """A function of (method, origin, path) that returns the headers signing that request with
    `keypair` on the chain of `genesis_hash` (what `attrib.gateway.fetch` takes as `sign`)."""
    return lambda method, origin, path: sign_request(keypair, method, origin, path, genesis_hash, validity)


class AccessDenied(Exception):
    """Why a request is refused: `status` (401: not proven; 403: proven but not entitled) and a
    reason for the JSON body."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Signed:
    """A request's proven account, and the nonce to consume once it is served."""

    account: str
    nonce: str
    expiry: int


class RequestVerifier:
    """Checks signed requests for one chain (`genesis_hash`). Nonces are remembered until they
    expire, but only those of requests about to be served (`consume`, after the entitlement
    check): accounts without rights cannot fill the memory with them."""

    def __init__(self, genesis_hash: str, max_nonces: int = 100_000) -> None:
        self.genesis_hash = genesis_hash
        self.max_nonces = max_nonces
        self._nonces: Dict[str, int] = {}
        self._expiries: List[Tuple[int, str]] = []  # a heap of (expiry, nonce)
        self._lock = threading.Lock()

    def verify(
        self, method: str, origin: str, path: str, headers: Mapping[str, str], now: Optional[float] = None
    ) -> Optional[Signed]:
        """The signed request's account and nonce, None if it is not signed at all; raises
        `AccessDenied(401)` for a signature that is malformed, expired, already used, for
        another request, gateway or chain, or not the account's."""
        from substrateinterface import Keypair

        account = headers.get(ACCOUNT)
        if account is None:
            return None
        nonce, expiry, signature = headers.get(NONCE), headers.get(EXPIRY), headers.get(SIGNATURE)
        try:
            if nonce is None or signature is None:
                raise ValueError
            expiry = int(expiry)
        except (TypeError, ValueError):
            raise AccessDenied(401, f"a signed request needs {NONCE}, {EXPIRY} (Unix seconds) and {SIGNATURE}") from None
        now = time.time() if now is None else now
        if expiry < now:
            raise AccessDenied(401, "the request's signature has expired")
        if expiry > now + MAX_VALIDITY:
            raise AccessDenied(401, f"the request's expiry is more than {MAX_VALIDITY} s away")
        if not 16 <= len(nonce) <= 128:
            raise AccessDenied(401, "the nonce must be 16 to 128 characters")
        message = signing_message(method, origin, path, nonce, expiry, self.genesis_hash)
        try:
            valid = Keypair(ss58_address=account).verify(message, signature)
        except Exception:
            valid = False
        if not valid:
            raise AccessDenied(401, "the signature is not the account's over this request to this gateway on this chain")
        with self._lock:
            if nonce in self._nonces:
                raise AccessDenied(401, "this nonce was used already: sign each request afresh")
        return Signed(account, nonce, expiry)

    def consume(self, signed: Signed, now: Optional[float] = None) -> None:
        """Records the nonce of a request about to be served; `AccessDenied(401)` if it was
        used already (a replay racing the first use)."""
        now = time.time() if now is None else now
        with self._lock:
            while self._expiries and self._expiries[0][0] < now:
                _, old = heapq.heappop(self._expiries)
                self._nonces.pop(old, None)
            if signed.nonce in self._nonces:
                raise AccessDenied(401, "this nonce was used already: sign each request afresh")
            if len(self._nonces) >= self.max_nonces:
                raise AccessDenied(503, "too many signed requests in flight; retry shortly")
            self._nonces[signed.nonce] = signed.expiry
            heapq.heappush(self._expiries, (signed.expiry, signed.nonce))

    def account(
        self, method: str, origin: str, path: str, headers: Mapping[str, str], now: Optional[float] = None
    ) -> Optional[str]:
        """`verify` then `consume` at once: the account of a signed request entitled to
        anything (tests and simple gateways)."""
        signed = self.verify(method, origin, path, headers, now)
        if signed is None:
            return None
        self.consume(signed, now)
        return signed.account
