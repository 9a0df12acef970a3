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


#: What every client's signature over its update starts with (see `update_message`).
UPDATE_DOMAIN = b"attrib-federated-update:"


@dataclass
class ClientUpdate:
    """One client's update: the artifact (a safetensors file or directory), who made it, and
    the client's signature of it (`sign_update`), which a coordinator needs to register it in
    the client's name."""

    client: str  # the client's account (ss58)
    path: Path
    metrics: Optional[Mapping[str, float]] = None
    signature: Optional[str] = None  # hex sr25519 signature of `update_message`


def update_message(genesis_hash: str, round_label: str, global_model: int, cid: str) -> bytes:
    """What a client signs to approve one update: its content (CID), the global model it
    started from and the federated round, on one chain, so that the signature cannot be
    moved to other content, another round or another chain."""
    return UPDATE_DOMAIN + "\n".join([genesis_hash.lower(), round_label, str(int(global_model)), str(cid)]).encode()


def sign_update(keypair, genesis_hash: str, round_label: str, global_model: int, cid: str) -> str:
    """The client's signature (hex) approving the update whose content is `cid`."""
    return "0x" + bytes(keypair.sign(update_message(genesis_hash, round_label, global_model, cid))).hex()


def verify_update(genesis_hash: str, round_label: str, global_model: int, update: "ClientUpdate") -> bool:
    """Whether `update.signature` is its client's over this update (its content as on disk)."""
    from substrateinterface import Keypair

    if not update.signature:
        return False
    message = update_message(genesis_hash, round_label, global_model, str(cid_of_path(update.path)))
    try:
        return bool(Keypair(ss58_address=update.client).verify(message, update.signature))
    except Exception:
        return False


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
    and approves each update by signing it (`sign_update`: its CID, the global model and the
    round label, on this chain), so that the coordinator can register in a client's name only
    content that client approved, never another client's update or its own. An update is then
    active at once (the client is its registrar and author) and can be a player of the round
    scoring it. A client without the proxy, or an update without a valid signature, is refused
    before anything is sent. To score the updates, give a project that holds nothing else
    (see `open_round`)."""
    repo = repo or Repository.find()
    if chain is None:
        settings = repo.config()
        chain = Chain(settings["url"], settings.get("signer"))
    if chain.signer is None:
        raise AttribError("no signing key: the coordinator signs the registrations")
    coordinator = chain.signer.ss58_address
    others = [u for u in updates if u.client != coordinator]
    refused = sorted({u.client for u in others if not chain.is_proxy(u.client, coordinator)})
    if refused:
        raise AttribError(
            f"{', '.join(refused)} did not make the coordinator {coordinator} its Registry proxy: "
            f"each client approves once with `attrib proxy add {coordinator} --signer <client key>`"
        )
    genesis = chain.genesis_hash() if others else ""
    unsigned = [str(u.path) for u in others if not verify_update(genesis, round_label, global_model, u)]
    if unsigned:
        raise AttribError(
            f"no valid signature of its client on {', '.join(unsigned)}: a client approves each update with "
            f"attrib.federated.sign_update (its CID, global model {global_model}, round {round_label!r})"
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
