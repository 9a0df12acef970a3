"""`attrib.commit`: hash an artifact, describe it, register it as a contribution, remember it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

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
    published: bool = False,
    repo: Optional[Repository] = None,
    chain: Optional[Chain] = None,
    show_progress: bool = True,
) -> Commit:
    """Hashes `path` (a file or directory; for a hyperparameter run, `config` and `metrics`
    instead), builds its manifest and registers it as a contribution of `kind` with these
    parents, co-authors (default: the signer alone, equal shares otherwise) and SPDX licence
    (default: the project's). Returns the commit; records it in the repository.

    Unless `published` (the artifact is already public, so there is nothing to protect), the
    registration cannot be front-run: the SDK first commits to the content's tag
    (`Chain.commit_registrations`, a small deposit returned by the registration) and registers
    once a block has included the commitment, two transactions instead of one."""
    repo = repo or Repository.find()
    chain, project = _connect(repo, chain, project)
    kind = kind_name(kind)
    if path is None:
        if config is None and metrics is None:
            raise AttribError("nothing to commit: give a path, or a run's config and metrics")
        path = write_run(repo, config or {}, metrics or {})
    run = {"config": dict(config) if config else None, "metrics": dict(metrics) if metrics else None}
    item = _describe(Path(path), kind, message, {**run, **(extra or {})}, show_progress)
    accounts = _accounts(chain, authors)
    cid = Cid.parse(item.content["root"]).to_bytes()
    _refuse_early(chain, [item], parents)
    if not published:
        chain.commit_registrations([cid])
    id, receipt = chain.register_contribution(
        project,
        kind,
        cid,
        shares_of(accounts),
        parents,
        licence_terms(licence) if licence else None,
        manifest_hash(item.manifest),
        item.content["size"],
        uri,
    )
    pending = bool(receipt.event("Contributions", "ContributionRegistered").get("pending"))
    return _remember(repo, item, id, receipt, pending, project, parents, accounts)


def commit_many(
    paths: Sequence[Path],
    *,
    kind: str,
    message: str = "",
    parents: Sequence[int] = (),
    authors: Optional[Sequence[str]] = None,
    licence: Optional[str] = None,
    project: Optional[int] = None,
    published: bool = False,
    repo: Optional[Repository] = None,
    chain: Optional[Chain] = None,
    show_progress: bool = True,
) -> List[Commit]:
    """Commits several artifacts (files or directories) of one `kind`, each its own
    contribution with the same parents, co-authors and licence, registered together:
    `register_contributions` transactions of up to the runtime's batch size, each all or
    nothing, at a lower cost per contribution than one transaction each. Every path is hashed
    before anything is submitted, so a missing file fails before the chain is touched. Returns
    the commits in the order of `paths`; records them in the repository. Unless `published`,
    each batch is preceded by one transaction committing to its items' content, as `commit`
    does."""
    if not paths:
        raise AttribError("nothing to commit: give one or more paths")
    repo = repo or Repository.find()
    chain, project = _connect(repo, chain, project)
    kind = kind_name(kind)
    items = [_describe(Path(path), kind, message, {}, show_progress) for path in paths]
    accounts = _accounts(chain, authors)
    terms = licence_terms(licence) if licence else None
    batch = max(1, chain.max_batch())
    made: List[Commit] = []
    _refuse_early(chain, items, parents)
    for first in range(0, len(items), batch):
        chunk = items[first : first + batch]
        if not published:
            chain.commit_registrations([Cid.parse(item.content["root"]).to_bytes() for item in chunk])
        ids, receipt = chain.register_contributions(
            project,
            [
                {
                    "kind": kind,
                    "cid": Cid.parse(item.content["root"]).to_bytes(),
                    "authors": shares_of(accounts),
                    "parents": parents,
                    "licence": terms,
                    "metadata_hash": manifest_hash(item.manifest),
                    "size_bytes": item.content["size"],
                }
                for item in chunk
            ],
        )
        if len(ids) != len(chunk):
            raise AttribError(f"the chain registered {len(ids)} of {len(chunk)} contributions")
        pending = [
            bool(event.get("pending"))
            for event in receipt.events_named("Contributions", "ContributionRegistered")
        ]
        for item, id, waits in zip(chunk, ids, pending):
            made.append(_remember(repo, item, id, receipt, waits, project, parents, accounts))
    return made


@dataclass
class _Described:
    """An artifact hashed and described, ready to register."""

    path: Path
    content: Dict[str, Any]
    manifest: Dict[str, Any]


def _refuse_early(chain: Chain, items: Sequence[_Described], parents: Sequence[int]) -> None:
    """Fails before any transaction, so that no commitment deposit is left to lapse, when the
    chain would refuse the registration for a reason known now: an artifact already
    registered, a parent that does not exist or cannot be built upon. Names the chain's
    error."""
    for item in items:
        existing = chain.contribution_by_cid(item.content["root"])
        if existing is not None:
            raise AttribError(
                f"{item.path} ({item.content['root']}) is already contribution {existing} "
                "(Contributions::DuplicateCid)"
            )
    for parent in parents:
        record = chain.rpc("attribution_contribution", [parent])
        if record is None:
            raise AttribError(f"parent {parent} does not exist (Contributions::UnknownParent)")
        status = record["status"] if isinstance(record["status"], str) else next(iter(record["status"]))
        if status == "withdrawn":
            raise AttribError(f"parent {parent} was withdrawn (Contributions::ParentWithdrawn)")
        affected = chain.affected_by(parent) if status == "active" else None
        if affected is not None:
            raise AttribError(
                f"parent {parent} descends from withdrawn contribution {affected} (Contributions::ParentAffected)"
            )
        if status != "active":
            raise AttribError(f"parent {parent} is {status}, not active (Contributions::ParentNotActive)")
        signer = chain.signer.ss58_address if chain.signer is not None else None
        authors = [a["account"] for a in record["authors"]]
        if (
            signer is not None
            and not record["licence"].get("derivativesAllowed", True)
            and signer not in authors
            and not chain.may_derive(signer, parent)
        ):
            raise AttribError(
                f"parent {parent}'s terms forbid derivatives and {signer} holds no licence of it "
                "that grants them: buy one first (Contributions::DerivativesNotLicensed)"
            )


def _connect(repo: Repository, chain: Optional[Chain], project: Optional[int]):
    """The chain to sign on (the repository's node and key unless given) and the project."""
    settings = repo.config()
    chain = chain or Chain(settings["url"], settings.get("signer"))
    if project is None:
        project = settings.get("project")
    if project is None:
        raise AttribError("no project: pass --project or set one with `attrib init --project`")
    if chain.signer is None:
        raise AttribError("no signing key: pass --signer or set one with `attrib init --signer`")
    return chain, project


def _describe(path: Path, kind: str, message: str, extra: Mapping[str, Any], show_progress: bool) -> _Described:
    """Hashes `path` and builds its manifest."""
    if not path.exists():
        raise AttribError(f"{path}: no such file or directory")
    with progress.bar(progress.total_bytes(path), f"hashing {path.name}", show_progress) as tick:
        content = describe_path(path, tick)
    return _Described(path, content, build_manifest(kind, message, content, extra))


def _accounts(chain: Chain, authors: Optional[Sequence[str]]) -> List[str]:
    """The authors, by default the signer alone."""
    return list(authors) if authors else [chain.signer.ss58_address]


def _remember(
    repo: Repository,
    item: _Described,
    id: int,
    receipt,
    pending: bool,
    project: int,
    parents: Sequence[int],
    accounts: Sequence[str],
) -> Commit:
    """Records a registered artifact in the repository; returns its commit."""
    kind = item.manifest["kind"]
    record = Commit(id, receipt.block_number, receipt.block_hash, item.content["root"], kind, pending, item.manifest)
    repo.record(
        {
            "id": id,
            "block": record.block,
            "blockHash": record.block_hash,
            "cid": record.cid,
            "kind": kind,
            "path": repo.relative(item.path),
            "project": project,
            "parents": list(parents),
            "authors": list(accounts),
            "manifest": item.manifest,
            "metadataHash": "0x" + manifest_hash(item.manifest).hex(),
        }
    )
    return record


__all__ = ["Commit", "commit", "commit_many", "kind_name", "canonical_json"]
