"""The errors the SDK raises, each with a message a user can act on."""

from __future__ import annotations

from typing import Optional, Sequence


class AttribError(Exception):
    """Base of every error the SDK raises on purpose."""


class NodeUnavailable(AttribError):
    """No node answers at the URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"no Attribution Chain node answers at {url} ({reason}); start one with "
            "`bash scripts/run-dev.sh` or pass --url"
        )
        self.url = url
        self.reason = reason


class ExtrinsicFailed(AttribError):
    """The chain included the transaction but it failed; `name` is the pallet's error."""

    def __init__(self, call: str, module: Optional[str], name: str, docs: str) -> None:
        where = f"{module}::{name}" if module else name
        super().__init__(f"{call} was rejected: {where}" + (f" ({docs})" if docs else ""))
        self.call = call
        self.module = module
        self.name = name
        self.docs = docs


class TransactionInvalid(AttribError):
    """The node refused the transaction before inclusion (fees, nonce, bad signature...)."""

    def __init__(self, call: str, account: str, detail: str) -> None:
        if "pay some fees" in detail or "Inability to pay" in detail:
            message = (
                f"{call}: account {account} cannot pay the transaction fee: it is not funded "
                "(transfer some ATTR to it first)"
            )
        else:
            message = f"{call} was refused by the node: {detail}"
        super().__init__(message)
        self.call = call
        self.account = account
        self.detail = detail


class TransactionUsurped(AttribError):
    """Another transaction from the same account with the same nonce replaced this one in the
    node's pool (`usurped`): this one will never be included."""

    def __init__(self, call: str, extrinsic_hash: str, replaced_by: str) -> None:
        super().__init__(
            f"{call}: transaction {extrinsic_hash} was replaced in the node's pool by {replaced_by}, "
            "another transaction of the same account with the same nonce; it will not be included"
        )
        self.call = call
        self.extrinsic_hash = extrinsic_hash
        self.replaced_by = replaced_by


class TransactionDropped(AttribError):
    """The node's pool dropped the transaction (`dropped`: the pool was full, or the transaction
    was banned) every time it was submitted, dropped it and then refused it back (`refusal`,
    the node's words: a pool bans what it drops for a while), or dropped it and its nonce was
    then used by another transaction (`nonce_used`). Either way it was not included.

    `extrinsic_hash` is the transaction as last sent; `earlier_hashes` the same call as signed
    before it with the same nonce (a dropped transaction is re-signed before it is sent again),
    oldest first."""

    def __init__(
        self,
        call: str,
        extrinsic_hash: str,
        attempts: int,
        nonce_used: bool = False,
        refusal: Optional[str] = None,
        earlier_hashes: Sequence[str] = (),
    ) -> None:
        earlier = ", ".join(earlier_hashes)
        if nonce_used:
            signed_before = f" (nor was {earlier}, the same call signed before with the same nonce)" if earlier else ""
            message = (
                f"{call}: the node dropped transaction {extrinsic_hash}{signed_before} and another "
                "transaction of the same account then used its nonce: it was not included and no "
                "longer can be"
            )
        elif refusal and earlier_hashes:
            message = (
                f"{call}: the node dropped transaction {earlier_hashes[-1]} from its pool, then refused "
                f"{extrinsic_hash}, the same call re-signed with the same nonce ({refusal}): it was "
                "not included; send the call again"
            )
        elif refusal:
            message = (
                f"{call}: the node dropped transaction {extrinsic_hash} from its pool, then refused "
                f"it back ({refusal}): it was not included; send the call again"
            )
        else:
            signed_before = f"; it was re-signed with the same nonce after each drop, earlier as {earlier}" if earlier else ""
            message = (
                f"{call}: the node dropped transaction {extrinsic_hash} from its pool {attempts} "
                f"time(s) (pool full, or the transaction banned){signed_before}: it was not "
                "included; send the call again later"
            )
        super().__init__(message)
        self.call = call
        self.extrinsic_hash = extrinsic_hash
        self.attempts = attempts
        self.nonce_used = nonce_used
        self.refusal = refusal
        self.earlier_hashes = list(earlier_hashes)


#: What a transaction still waiting is most likely waiting for, by its last status.
_WAITING_FOR = {
    "future": "its nonce is ahead of the account's: an earlier transaction of the account is missing",
    "finalityTimeout": "it is in a block that was not finalized in time",
}


class SubmissionTimeout(AttribError):
    """The transaction reached no final status within the submission's timeout. It may still be
    included later: look for it (by `extrinsic_hash`, and `earlier_hashes`: the same call as
    signed before with the same nonce, when the pool dropped it) before sending the call again."""

    def __init__(
        self,
        call: str,
        extrinsic_hash: str,
        timeout: float,
        last_status: Optional[str],
        earlier_hashes: Sequence[str] = (),
    ) -> None:
        seen = last_status or "none, the node never acknowledged the submission"
        why = _WAITING_FOR.get((last_status or "").split(" ")[0])
        if earlier_hashes:
            which = (
                f"it, or {', '.join(earlier_hashes)} (the same call signed before with the same "
                "nonce: at most one of them can be), may still be included: look for them"
            )
        else:
            which = "it may still be included: look for it"
        super().__init__(
            f"{call}: no final status for transaction {extrinsic_hash} within {timeout:g} s (last "
            f"status: {seen}{'; ' + why if why else ''}); {which} before sending the call again"
        )
        self.call = call
        self.extrinsic_hash = extrinsic_hash
        self.timeout = timeout
        self.last_status = last_status
        self.earlier_hashes = list(earlier_hashes)


class NotFound(AttribError):
    """A contribution, project, snapshot or local commit that does not exist."""


class NotARepository(AttribError):
    """The directory (and its parents) has no `.attrib` repository."""

    def __init__(self, start: str) -> None:
        super().__init__(f"{start} is not in an attrib repository: run `attrib init` first")
