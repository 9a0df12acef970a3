"""`attrib.commit`: hash an artifact, describe it, register it as a contribution, remember it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence

from . import progress
from .chain import KINDS, Chain, licence_terms, shares_of
from .cid import Cid
from .errors import AttribError
from .manifest import build_manifest, canonical_json, describe_path, manifest_hash, run_document
from .repo import Repository


@dataclass
class Commit:
    """A registered contribution as the SDK recorded it."""

    id: int
    block: int
    block_hash: str
    cid: str
    kind: str
    pending: bool
    manifest: Dict[str, Any]

    def __str__(self) -> str:
        state = " (pending co-author approval)" if self.pending else ""
        return f"contribution {self.id} in block #{self.block}: {self.kind} {self.cid}{state}"


def kind_name(kind: str) -> str:
    """The chain's name for a kind given as the CLI spells it or as the chain does."""
    if kind in KINDS.values():
        return kind
    try:
        return KINDS[kind.lower()]
    except KeyError:
        raise AttribError(
            f"unknown kind {kind!r}: one of {', '.join(sorted(KINDS))}"
        ) from None


def write_run(repo: Repository, config: Mapping[str, Any], metrics: Mapping[str, Any]) -> Path:
    """Stores a hyperparameter run's document in the repository's objects; returns its path."""
    document = run_document(config, metrics)
    path = repo.objects / f"run-{hashlib.sha256(document).hexdigest()[:16]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(document)
    return path


def commit(
    path: Optional[Path] = None,
    *,
    kind: str,
    message: str = "",
    parents: Sequence[int] = (),
    authors: Optional[Sequence[str]] = None,
    licence: Optional[str] = None,
    project: Optional[int] = None,
    config: Optional[Mapping[str, Any]] = None,
    metrics: Optional[Mapping[str, Any]] = None,
    extra: Optional[Mapping[str, Any]] = None,
    uri: Optional[str] = None,
    repo: Optional[Repository] = None,
    chain: Optional[Chain] = None,
    show_progress: bool = True,
) -> Commit:
    """Hashes `path` (a file or directory; for a hyperparameter run, `config` and `metrics`
    instead), builds its manifest and registers it as a contribution of `kind` with these
    parents, co-authors (default: the signer alone, equal shares otherwise) and SPDX licence
    (default: the project's). Returns the commit; records it in the repository."""
    repo = repo or Repository.find()
    settings = repo.config()
    chain = chain or Chain(settings["url"], settings.get("signer"))
    if project is None:
        project = settings.get("project")
    if project is None:
        raise AttribError("no project: pass --project or set one with `attrib init --project`")
    kind = kind_name(kind)
    if path is None:
        if config is None and metrics is None:
            raise AttribError("nothing to commit: give a path, or a run's config and metrics")
        path = write_run(repo, config or {}, metrics or {})
    path = Path(path)
    if not path.exists():
        raise AttribError(f"{path}: no such file or directory")

    with progress.bar(progress.total_bytes(path), f"hashing {path.name}", show_progress) as tick:
        content = describe_path(path, tick)
    run = {"config": dict(config) if config else None, "metrics": dict(metrics) if metrics else None}
    manifest = build_manifest(kind, message, content, {**run, **(extra or {})})

    signer = chain.signer
    if signer is None:
        raise AttribError("no signing key: pass --signer or set one with `attrib init --signer`")
    accounts = list(authors) if authors else [signer.ss58_address]
    id, receipt = chain.register_contribution(
        project,
        kind,
        Cid.parse(content["root"]).to_bytes(),
        shares_of(accounts),
        parents,
        licence_terms(licence) if licence else None,
        manifest_hash(manifest),
        content["size"],
        uri,
    )
    pending = bool(receipt.event("Contributions", "ContributionRegistered").get("pending"))
    record = Commit(id, receipt.block_number, receipt.block_hash, content["root"], kind, pending, manifest)
    repo.record(
        {
            "id": id,
            "block": record.block,
            "blockHash": record.block_hash,
            "cid": record.cid,
            "kind": kind,
            "path": repo.relative(path),
            "project": project,
            "parents": list(parents),
            "authors": accounts,
            "manifest": manifest,
            "metadataHash": "0x" + manifest_hash(manifest).hex(),
        }
    )
    return record


__all__ = ["Commit", "commit", "kind_name", "canonical_json"]
