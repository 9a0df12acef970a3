"""Flower integration (the `flower` extra, Flower 1.21 or later, its Message API): a strategy
wrapper that records every federated round on chain.

`AttributedStrategy(strategy, clients=...)` wraps any `flwr.serverapp.strategy.Strategy`
(`FedAvg`, `FedProx`...) and leaves its decisions unchanged. Each round:

1. `configure_train` remembers the round's global model: the contribution registered for the
   arrays it sends out (the first round's is registered then, unless `global_model` names it);
2. `aggregate_train` registers every client's reply as a `FederatedUpdate` whose parent is that
   global model and whose author and registrar is the client's account (`clients` maps Flower
   node ids to accounts; the coordinator registers through each client's `Registry` proxy, see
   `attrib.federated.record_updates`), then lets the wrapped strategy aggregate, and registers
   the aggregated model as a `ModelCheckpoint` whose parents are the global model and the
   round's updates: the next round's global model (an aggregate that is content already on
   chain, such as a lone client's update, is that contribution);
3. with `score_rounds`, opens a Shapley round over the round's updates. A round scores every
   active contribution of its project, so each federated round's updates then need a project
   of their own: give `updates_project` as a function of the round number that returns one
   (for example one that creates it).

Clients approve their updates: `configure_train` adds the round's terms to every instruction
(a `ConfigRecord` named `attrib`: genesis hash, round label, global model), and a client puts
`sign_reply(key, instruction, arrays)` under `attrib` in its reply, its signature over the
update's CID and those terms. The coordinator registers an update in a client's name only with
that signature (and the client's `Registry` proxy), so it can neither credit one client's
update to another nor register its own work as a client's. Replies that cannot be credited
(from nodes not in `clients`, unsigned or wrongly signed, carrying errors or several
ArrayRecords, a node's second reply) are left out of the aggregation too, each logged: what
nobody is credited for does not shape the model.

Arrays are written as safetensors under `workdir` (by name, as the `ArrayRecord` holds them), so
the manifests record each tensor's canonical digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from flwr.app import ArrayRecord, ConfigRecord, Message, MetricRecord
from flwr.serverapp import Grid
from flwr.serverapp.strategy import Strategy

from .chain import Chain
from .cid import Cid, cid_of_bytes, cid_of_path
from .federated import ClientUpdate, open_round, record_updates, sign_update, verify_update
from .manifest import numeric_metrics
from .repo import Repository
from .sdk import Commit, commit


@dataclass
class ScoreRounds:
    """What a scoring round over a federated round's updates measures: a metric id and the
    evaluation set's path (see `attrib.federated.open_round`)."""

    metric: int
    evaluation_set: Path
    higher_is_better: bool = True


#: The name of the `ConfigRecord` that carries the round's terms to clients (`global-model`,
#: `round`, `genesis`) and each client's signature back (`signature`).
ATTRIB_RECORD = "attrib"


def _arrays_bytes(record: ArrayRecord) -> bytes:
    """An `ArrayRecord` as safetensors bytes, each array under its name."""
    from safetensors.numpy import save

    return save({str(name): array.numpy() for name, array in record.items()})


def _save_arrays(record: ArrayRecord, path: Path) -> Path:
    """Writes an `ArrayRecord` as the safetensors file whose CID `arrays_cid` gives."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_arrays_bytes(record))
    return path


def arrays_cid(record: ArrayRecord) -> Cid:
    """The CID an `ArrayRecord` is registered under (the coordinator saves it as safetensors)."""
    return cid_of_bytes(_arrays_bytes(record))


def sign_reply(keypair, instruction: Message, arrays: ArrayRecord) -> ConfigRecord:
    """For a client: the `ConfigRecord` to put under `"attrib"` in its training reply, signing
    `arrays` as its update of the round the instruction describes (the coordinator registers
    it in the client's name only with this signature)."""
    terms = instruction.content.config_records.get(ATTRIB_RECORD)
    if terms is None:
        raise ValueError("the instruction carries no attrib terms: is the server an AttributedStrategy?")
    signature = sign_update(keypair, str(terms["genesis"]), str(terms["round"]), int(terms["global-model"]), str(arrays_cid(arrays)))
    return ConfigRecord({"signature": signature})


def _label(server_round: int) -> str:
    """The round label updates are signed and registered under."""
    return f"federated round {server_round}"


def _numbers(record: Optional[MetricRecord]) -> Optional[Dict[str, float]]:
    return None if record is None else numeric_metrics(record)


def _only(records: Mapping[str, Any]) -> Any:
    values = list(records.values())
    return values[0] if len(values) == 1 else None


class AttributedStrategy(Strategy):
    """Wraps `strategy` (see the module)."""

    def __init__(
        self,
        strategy: Strategy,
        clients: Mapping[int, str],
        workdir: Path,
        global_model: Optional[int] = None,
        updates_project: Union[None, int, Callable[[int], int]] = None,
        score_rounds: Optional[ScoreRounds] = None,
        repo: Optional[Repository] = None,
        chain: Optional[Chain] = None,
        project: Optional[int] = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.strategy = strategy
        self.clients = {int(node): account for node, account in clients.items()}
        self.workdir = Path(workdir)
        self.global_model = global_model
        self.updates_project = updates_project
        self.score_rounds = score_rounds
        self.repo = repo or Repository.find()
        if chain is None:
            settings = self.repo.config()
            chain = Chain(settings["url"], settings.get("signer"))
        self.chain = chain
        self.project = project
        self.log = log
        self.genesis = self.chain.genesis_hash()
        #: Per round: the updates registered, the aggregated model, the scoring round.
        self.updates: Dict[int, List[Commit]] = {}
        self.models: Dict[int, Commit] = {}
        self.scoring_rounds: Dict[int, int] = {}

    def _commit(self, path: Path, **fields: Any) -> Commit:
        return commit(path, repo=self.repo, chain=self.chain, project=self.project, show_progress=False, **fields)

    # --- the round's input -------------------------------------------------------------------

    def configure_train(self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid) -> Iterable[Message]:
        if self.global_model is None:
            path = _save_arrays(arrays, self.workdir / "initial.safetensors")
            known = self.chain.contribution_by_cid(str(cid_of_path(path)))
            self.global_model = int(known) if known is not None else self._commit(
                path, kind="ModelCheckpoint", message="federated run: initial global model"
            ).id
        terms = ConfigRecord({"genesis": self.genesis, "round": _label(server_round), "global-model": int(self.global_model)})
        messages = list(self.strategy.configure_train(server_round, arrays, config, grid))
        for message in messages:
            message.content[ATTRIB_RECORD] = terms
        return messages

    # --- the round's output ------------------------------------------------------------------

    def aggregate_train(
        self, server_round: int, replies: Iterable[Message]
    ) -> Tuple[Optional[ArrayRecord], Optional[MetricRecord]]:
        replies = list(replies)
        if self.global_model is None:
            raise RuntimeError("aggregate_train before configure_train: the round's global model is unknown")
        label = _label(server_round)
        updates, accepted, seen = [], [], set()
        for reply in replies:
            node = int(reply.metadata.src_node_id)
            reason = self._refusal(reply, node, seen)
            if reason is None:
                path = _save_arrays(_only(reply.content.array_records), self.workdir / f"round-{server_round}" / f"node-{node}.safetensors")
                terms = reply.content.config_records.get(ATTRIB_RECORD)
                update = ClientUpdate(self.clients[node], path, _numbers(_only(reply.content.metric_records)),
                                      str(terms["signature"]) if terms is not None and "signature" in terms else None)
                if update.client != self.chain.signer.ss58_address and not verify_update(self.genesis, label, self.global_model, update):
                    reason = "sent no valid signature of its account over its update"
            if reason is not None:
                # Aggregated nowhere: what nobody can be credited for must not shape the model.
                self.log(f"round {server_round}: node {node} {reason}: left out")
                continue
            seen.add(node)
            updates.append(update)
            accepted.append(reply)
        replies = accepted
        project = self.updates_project(server_round) if callable(self.updates_project) else self.updates_project
        recorded = (
            record_updates(self.global_model, updates, label, repo=self.repo, chain=self.chain, project=project)
            if updates
            else []
        )
        self.updates[server_round] = recorded
        aggregated, metrics = self.strategy.aggregate_train(server_round, replies)
        if aggregated is not None:
            path = _save_arrays(aggregated, self.workdir / f"round-{server_round}" / "global.safetensors")
            known = self.chain.contribution_by_cid(str(cid_of_path(path)))
            if known is not None:
                # The aggregate is content already registered (one client's update, alone in
                # its round): the registry holds each content once, so that is the next model.
                self.log(f"round {server_round}: the aggregated model is contribution {known}: not registered again")
                self.global_model = int(known)
                return aggregated, metrics
            made = self._commit(
                path,
                kind="ModelCheckpoint",
                message=f"federated round {server_round}: aggregated model",
                parents=[self.global_model, *[u.id for u in recorded]],
                metrics=_numbers(metrics),
                extra={"federatedRound": server_round, "updates": [u.id for u in recorded]},
            )
            self.models[server_round] = made
            self.global_model = made.id
        if self.score_rounds is not None and recorded:
            if project is None:
                raise ValueError("score_rounds needs updates_project: a round scores every active contribution of its project")
            self.scoring_rounds[server_round] = open_round(
                self.chain,
                project,
                [u.id for u in recorded],
                self.score_rounds.metric,
                self.score_rounds.evaluation_set,
                self.score_rounds.higher_is_better,
            )
        return aggregated, metrics

    def _refusal(self, reply: Message, node: int, seen: set) -> Optional[str]:
        """Why a reply cannot be credited to anyone, or None."""
        if reply.has_error():
            return "replied with an error"
        if node in seen:
            return "replied twice (the first reply counts)"
        if node not in self.clients:
            return "has no account"
        if _only(reply.content.array_records) is None:
            return "sent no single ArrayRecord"
        return None

    # --- everything else: the wrapped strategy's ------------------------------------------------

    def configure_evaluate(self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid) -> Iterable[Message]:
        return self.strategy.configure_evaluate(server_round, arrays, config, grid)

    def aggregate_evaluate(self, server_round: int, replies: Iterable[Message]) -> Optional[MetricRecord]:
        return self.strategy.aggregate_evaluate(server_round, replies)

    def summary(self) -> None:
        self.strategy.summary()
