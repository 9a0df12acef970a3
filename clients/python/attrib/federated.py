"""Federated learning: each client's update recorded as a `FederatedUpdate` whose parent is the
global model it started from, and a scoring round over one round's updates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

from .chain import Chain
from .cid import cid_of_path
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
) -> List[Commit]:
    """Registers each update as a `FederatedUpdate` with the global model as its parent and
    the client as its author (registered by the coordinator: pending until the client approves
    when the coordinator is not the client)."""
    return [
        commit(
            update.path,
            kind="FederatedUpdate",
            message=f"{round_label}: update from {update.client}",
            parents=[global_model],
            authors=[update.client],
            metrics=update.metrics,
            extra={"federatedRound": round_label},
            repo=repo,
            chain=chain,
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
    """Opens an exact scoring round over a round's updates; returns the round id."""
    evaluation = cid_of_path(evaluation_set).to_bytes()
    receipt = chain.submit(
        "Scoring",
        "open_round",
        {
            "project": project,
            "players": list(updates),
            "utility": {
                "metric": metric,
                "evaluation_set": "0x" + evaluation.hex(),
                "direction": "HigherIsBetter" if higher_is_better else "LowerIsBetter",
            },
            "method": "Exact",
        },
        signer,
    )
    return int(receipt.event("Scoring", "RoundOpened")["round"])
