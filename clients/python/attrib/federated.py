"""Federated learning: each client's update recorded as a `FederatedUpdate` whose parent is the
global model it started from, and a scoring round over one round's updates.

A Shapley round's players are every active contribution of its project (the chain chooses
them), so a round over a federated round's updates lives in a project whose active
contributions are exactly those updates: record each federated round's updates in a project of
their own (`record_updates(..., project=...)`); their parent, the global model, may be in
another project.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

from .chain import Chain
from .cid import cid_of_path
from .errors import AttribError
from .repo import Repository
from .sdk import Commit, commit


@dataclass
class ClientUpdate:
    """One client's update: the artifact (a safetensors file or directory) and who made it."""

    client: str  # the client's account (ss58)
    path: Path
    metrics: Optional[Mapping[str, float]] = None


def record_updates(
    global_model: int,
    updates: Sequence[ClientUpdate],
    round_label: str,
    repo: Optional[Repository] = None,
    chain: Optional[Chain] = None,
    project: Optional[int] = None,
) -> List[Commit]:
    """Registers each update as a `FederatedUpdate` of `project` (default: the repository's)
    with the global model as its parent and the client as its sole author and registrar.

    The coordinator (the chain's signer) registers its own updates directly and a client's
    through the chain's registry-only proxy (`Chain.on_behalf_of`): a client approves once by
    making the coordinator its `Registry` proxy (`Chain.add_proxy`, or `attrib proxy add`),
    which lets it register, and nothing else, in the client's name. An update is then active
    at once (the client is its registrar and author), so it can be a player of the round
    scoring it. A client that has not approved is refused before anything is sent. To score
    the updates, give a project that holds nothing else (see `open_round`)."""
    repo = repo or Repository.find()
    if chain is None:
        settings = repo.config()
        chain = Chain(settings["url"], settings.get("signer"))
    if chain.signer is None:
        raise AttribError("no signing key: the coordinator signs the registrations")
    coordinator = chain.signer.ss58_address
    refused = [u.client for u in updates if u.client != coordinator and not chain.is_proxy(u.client, coordinator)]
    if refused:
        raise AttribError(
            f"{', '.join(sorted(set(refused)))} did not make the coordinator {coordinator} its Registry proxy: "
            f"each client approves once with `attrib proxy add {coordinator} --signer <client key>`"
        )
    return [
        commit(
            update.path,
            kind="FederatedUpdate",
            message=f"{round_label}: update from {update.client}",
            parents=[global_model],
            authors=[update.client],
            metrics=update.metrics,
            extra={"federatedRound": round_label},
            project=project,
            repo=repo,
            chain=chain if update.client == coordinator else chain.on_behalf_of(update.client),
        )
        for update in updates
    ]


def open_round(
    chain: Chain,
    project: int,
    updates: Sequence[int],
    metric: int,
    evaluation_set: Path,
    higher_is_better: bool = True,
    signer=None,
) -> int:
    """Opens a scoring round over a federated round's `updates` (the project's owner only);
    returns the round id.

    The chain takes every active contribution of `project`, in id order, as the players
    (`Exact` up to 10 of them, `Sampled` above): `project` must hold exactly the `updates` as
    active contributions, which is checked before opening. The players are then read back
    from the round on chain (`Chain.round_players`); evaluators compute their utility tables
    in that order."""
    expected = sorted(int(u) for u in updates)
    active = chain.active_contributions(project)
    if active != expected:
        raise AttribError(
            f"project {project}'s active contributions are {active}, not the updates {expected}: "
            "a round scores all of them, so record the updates in a project of their own"
        )
    evaluation = cid_of_path(evaluation_set).to_bytes()
    receipt = chain.submit(
        "Scoring",
        "open_round",
        {
            "project": project,
            "utility": {
                "metric": metric,
                "evaluation_set": "0x" + evaluation.hex(),
                "direction": "HigherIsBetter" if higher_is_better else "LowerIsBetter",
            },
        },
        signer,
    )
    round = int(receipt.event("Scoring", "RoundOpened")["round"])
    players = chain.round_players(round)
    if players != expected:
        raise AttribError(f"round {round} opened over {players}, not the updates {expected}")
    return round
