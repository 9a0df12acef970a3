"""The errors the SDK raises, each with a message a user can act on."""

from __future__ import annotations

from typing import Optional


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


class NotFound(AttribError):
    """A contribution, project, snapshot or local commit that does not exist."""


class NotARepository(AttribError):
    """The directory (and its parents) has no `.attrib` repository."""

    def __init__(self, start: str) -> None:
        super().__init__(f"{start} is not in an attrib repository: run `attrib init` first")
