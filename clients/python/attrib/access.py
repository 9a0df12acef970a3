"""Signed requests to an `attrib serve` gateway: who asks, proven with the account's sr25519 key.

A request for a licensed artifact carries four headers: `X-Attrib-Account` (SS58 address),
`X-Attrib-Nonce` (fresh random hex), `X-Attrib-Expiry` (Unix seconds) and `X-Attrib-Signature`
(hex sr25519 signature of `signing_message`). The message binds the method, the path (with its
query), the nonce, the expiry and the chain's genesis hash, so a signature cannot be replayed
(the server remembers nonces until they expire), used after its expiry, for another request,
or on another chain.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Dict, Mapping, Optional

#: What every signed message starts with, so that it can never be a transaction or a message of
#: another protocol.
DOMAIN = b"attrib-gateway-request:"

#: Longest a signature may be valid for, in seconds: a later expiry is refused.
MAX_VALIDITY = 300

#: The request headers.
ACCOUNT, NONCE, EXPIRY, SIGNATURE = "X-Attrib-Account", "X-Attrib-Nonce", "X-Attrib-Expiry", "X-Attrib-Signature"


def signing_message(method: str, path: str, nonce: str, expiry: int, genesis_hash: str) -> bytes:
    """The bytes a request's signature covers."""
    fields = [method.upper(), path, nonce, str(expiry), genesis_hash.lower()]
    return DOMAIN + "\n".join(fields).encode("utf-8")


def sign_request(keypair, method: str, path: str, genesis_hash: str, validity: int = 60) -> Dict[str, str]:
    """The headers that prove `keypair`'s account asks for `path`, valid `validity` seconds."""
    nonce = os.urandom(16).hex()
    expiry = int(time.time()) + validity
    signature = keypair.sign(signing_message(method, path, nonce, expiry, genesis_hash))
    return {ACCOUNT: keypair.ss58_address, NONCE: nonce, EXPIRY: str(expiry), SIGNATURE: "0x" + bytes(signature).hex()}


class AccessDenied(Exception):
    """Why a request is refused: `status` (401: not proven; 403: proven but not entitled) and a
    reason for the JSON body."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RequestVerifier:
    """Checks signed requests for one chain (`genesis_hash`), remembering nonces until they
    expire so that none is accepted twice."""

    def __init__(self, genesis_hash: str, max_nonces: int = 100_000) -> None:
        self.genesis_hash = genesis_hash
        self.max_nonces = max_nonces
        self._nonces: Dict[str, int] = {}
        self._lock = threading.Lock()

    def account(self, method: str, path: str, headers: Mapping[str, str], now: Optional[float] = None) -> Optional[str]:
        """The account that signed the request, None if it is not signed at all; raises
        `AccessDenied(401)` for a signature that is malformed, expired, replayed, for another
        request or chain, or not the account's."""
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
        message = signing_message(method, path, nonce, expiry, self.genesis_hash)
        try:
            valid = Keypair(ss58_address=account).verify(message, signature)
        except Exception:
            valid = False
        if not valid:
            raise AccessDenied(401, "the signature is not the account's over this request on this chain")
        with self._lock:
            for seen, until in list(self._nonces.items()):
                if until < now:
                    del self._nonces[seen]
            if nonce in self._nonces:
                raise AccessDenied(401, "this nonce was used already: sign each request afresh")
            if len(self._nonces) >= self.max_nonces:
                raise AccessDenied(401, "too many signed requests in flight; retry shortly")
            self._nonces[nonce] = expiry
        return account
