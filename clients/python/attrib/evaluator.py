"""The evaluator's side: a daemon that takes the work the chain draws it for, measures, commits
and reveals by itself (`attrib evaluator run`).

Every few seconds `Evaluator.step` reads the evaluator's open work from the chain
(`attribution_assignments`) at the finalized block and, for each round it was drawn to:

1. **Measure** with the user's utility, `function(task)` (`--utility module:function`), given a
   `Task`: for a measurement it returns the integer value of `task.subject`; for an exact
   Shapley round, a function from a coalition (a list of player indices in the chain's order:
   `task.players[i]` is the contribution id) to its integer utility, called for every
   coalition (e.g. `attrib.utilities.knn_utility(...)`). `task.artifact(contribution or CID)`
   gives the local path of a contribution or of `task.evaluation_set`, checked against its CID
   (from a directory of artifacts named by CID, a path map, or fetched from gateways with every
   block checked).
2. **Plan, then commit.** The reveal and a fresh salt are written to the state directory and
   fsynced before the commitment is sent, so a restarted daemon reveals what it committed and
   never commits twice.
3. **Reveal** once the commit period has passed, before the reveal period ends.

Work it cannot finish (the commit period ends before the measurement is ready, a conflict of
interest, an unknown kind) is refused with a log line saying why. Sampled rounds are left alone
until the chain can check sampled tables.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

from .cid import Cid, cid_from_chain, cid_of_path
from .errors import AttribError
from .shapley import encode_exact_reveal, encode_value_reveal, commitment, new_salt, utility_table

#: Blocks of the commit period the daemon keeps in hand to get its commitment included.
COMMIT_MARGIN = 2

#: Blocks after which a commitment or reveal the chain does not show yet is sent again (it was
#: dropped): sooner, it is most likely on its way, and a second one would only fail and cost.
RESEND_AFTER = 3


@dataclass
class Assignment:
    """One piece of open work, as `attribution_assignments` lists it."""

    round: int
    project: int
    measurement: bool
    seats: int
    committed: bool
    revealed: bool
    commit_end: int
    reveal_end: int

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> "Assignment":
        return cls(
            round=int(value["round"]),
            project=int(value["project"]),
            measurement=bool(value["measurement"]),
            seats=int(value["seats"]),
            committed=bool(value["committed"]),
            revealed=bool(value["revealed"]),
            commit_end=int(value["commitEnd"]),
            reveal_end=int(value["revealEnd"]),
        )


@dataclass
class Task:
    """What a utility measures: a round's players (contribution ids, in the chain's order) or a
    measurement's subject, and the evaluation set, with a way to get each one's files."""

    round: int
    project: int
    kind: str  # "exact" or "measurement"
    players: List[int]
    subject: Optional[int]
    metric: Optional[str]
    evaluation_set: Cid
    artifact: Callable[[Any], Path] = field(repr=False)


@dataclass
class Plan:
    """What the daemon will reveal for a round, kept on disk from before its commitment."""

    round: int
    reveal: Dict[str, Any]  # the call argument (`{"Exact": [[...]]}` or `{"Value": n}`)
    reveal_bytes: str  # hex of the SCALE `Reveal` the commitment covers
    salt: str  # hex
    committed: bool = False
    revealed: bool = False
    settled: bool = False  # the round ended on chain (finalized, or failed)
    commit_sent_at: int = -1  # the best block when the commitment was last sent
    reveal_sent_at: int = -1


class PlanStore:
    """Plans in a directory, one JSON file per round, written atomically and fsynced."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, round: int) -> Path:
        return self.directory / f"round-{round}.json"

    def get(self, round: int) -> Optional[Plan]:
        try:
            return Plan(**json.loads(self._path(round).read_text()))
        except FileNotFoundError:
            return None

    def unsettled(self) -> List[Plan]:
        """Plans revealed whose round has not ended yet, as far as this store knows."""
        plans = [Plan(**json.loads(p.read_text())) for p in sorted(self.directory.glob("round-*.json"))]
        return [plan for plan in plans if plan.revealed and not plan.settled]

    def save(self, plan: Plan) -> None:
        """Writes the plan durably: the file and its directory entry reach the disk before this
        returns."""
        path = self._path(plan.round)
        temporary = path.with_suffix(".tmp")
        with open(temporary, "w") as out:
            json.dump(asdict(plan), out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
        directory = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


class ArtifactSource:
    """Where the daemon finds artifacts by CID: a directory whose entries are named by CID, a
    map from CID to path, or gateways (`attrib fetch`, every block checked; each request
    signed with `sign`, see `attrib.access.request_signer`, so that an owner's gateway can
    serve licensed work to the evaluators drawn for it). A local file is hashed and accepted
    only if it is the CID's content."""

    def __init__(
        self,
        directory: Optional[Path] = None,
        paths: Optional[Mapping[str, Path]] = None,
        gateways: Sequence[str] = (),
        cache: Optional[Path] = None,
        sign: Optional[Callable[[str, str, str], Dict[str, str]]] = None,
    ) -> None:
        self.directory = Path(directory) if directory else None
        self.sign = sign
        self.paths = {k: Path(v) for k, v in (paths or {}).items()}
        self.gateways = list(gateways)
        self.cache = Path(cache) if cache else None
        self._checked: Dict[str, Path] = {}

    def get(self, cid: Cid, max_bytes: Optional[int] = None) -> Path:
        """The checked local path of `cid`'s content (fetched if needed, at most `max_bytes`)."""
        key = str(cid)
        if key in self._checked:
            return self._checked[key]
        candidates = [p for p in (self.paths.get(key), self.directory / key if self.directory else None) if p]
        for path in candidates:
            if path.exists():
                if cid_of_path(path) != cid:
                    raise AttribError(f"{path} is not the content of {cid}: refused")
                self._checked[key] = path
                return path
        if self.gateways and self.cache is not None:
            from .blockstore import DiskBlockstore
            from .gateway import fetch

            target = self.cache / "artifacts" / key
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                fetch(
                    cid, target, self.gateways, DiskBlockstore(self.cache / "blocks"), max_bytes=max_bytes, sign=self.sign
                )
            self._checked[key] = target
            return target
        raise AttribError(f"no local copy of {cid} and no gateway to fetch it from")


def load_utility(spec: str) -> Callable[[Task], Any]:
    """`module:function` (the module importable, or a file path `path/to/file.py:function`)."""
    module_name, _, function = spec.partition(":")
    if not function:
        raise AttribError(f"--utility {spec!r}: give it as module:function")
    if module_name.endswith(".py"):
        spec_ = importlib.util.spec_from_file_location(Path(module_name).stem, module_name)
        if spec_ is None or spec_.loader is None:
            raise AttribError(f"--utility {spec!r}: cannot load {module_name}")
        module = importlib.util.module_from_spec(spec_)
        spec_.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    try:
        return getattr(module, function)
    except AttributeError:
        raise AttribError(f"--utility {spec!r}: {module_name} has no {function}") from None


class Evaluator:
    """The daemon's logic for one evaluator key (`keypair`) on `chain`."""

    def __init__(
        self,
        chain,
        keypair,
        utility: Callable[[Task], Any],
        state: Path,
        artifacts: ArtifactSource,
        projects: Optional[Sequence[int]] = None,
        log: Callable[[str], None] = print,
    ) -> None:
        self.chain = chain
        self.keypair = keypair
        self.utility = utility
        self.plans = PlanStore(Path(state) / keypair.ss58_address)
        self.artifacts = artifacts
        self.projects = set(projects) if projects else None
        self.log = log
        self.refused: set = set()

    def assignments(self) -> List[Assignment]:
        answer = self.chain.rpc("attribution_assignments", [self.keypair.ss58_address])
        return [Assignment.from_json(a) for a in answer["assignments"]]

    def task(self, assignment: Assignment) -> Task:
        from .chain import variant

        record = self.chain.round_record(assignment.round)
        if record is None:
            raise AttribError(f"round {assignment.round} is gone")
        name, kind = variant(record["kind"])
        utility = record.get("utility") or {}
        if name == "Score":
            method, _ = variant(kind["method"])
            if method != "Exact":
                raise AttribError(f"round {assignment.round} is {method.lower()}: sampled tables are not taken yet")
            evaluation = kind.get("utility", utility).get("evaluation_set")
            return Task(assignment.round, assignment.project, "exact", [int(p) for p in kind["players"]], None, None,
                        cid_from_chain(evaluation), self._artifact)
        if name == "Measurement":
            return Task(assignment.round, assignment.project, "measurement", [], int(kind["subject"]),
                        str(kind.get("metric")), cid_from_chain(kind["evaluation_set"]), self._artifact)
        raise AttribError(f"round {assignment.round} is a {name}: not a kind this daemon measures")

    def _artifact(self, what) -> Path:
        """A contribution id's (or a CID's) local path, checked against its CID."""
        if isinstance(what, Cid):
            return self.artifacts.get(what)
        record = self.chain.contribution(int(what))
        # The size its registrar declared bounds what a fetch may rebuild.
        size = int(record.get("sizeBytes") or 0)
        return self.artifacts.get(Cid.parse(record["cid"]), max_bytes=size or None)

    def plan(self, assignment: Assignment, task: Task) -> Plan:
        """Measures and returns the plan (not yet saved)."""
        if task.kind == "exact":
            of_coalition = self.utility(task)
            if not callable(of_coalition):
                raise AttribError(f"round {task.round}: the utility returned {of_coalition!r}, not a function of a coalition")
            table = utility_table(len(task.players), lambda coalition: int(of_coalition(list(coalition))))
            return Plan(assignment.round, {"Exact": [[int(v) for v in table]]}, encode_exact_reveal(table).hex(), new_salt().hex())
        value = int(self.utility(task))
        return Plan(assignment.round, {"Value": value}, encode_value_reveal(value).hex(), new_salt().hex())

    def step(self) -> None:
        """One pass over the open work at the finalized block."""
        finalized = self.chain.substrate.get_block_number(self.chain.substrate.get_chain_finalised_head())
        now = max(finalized, 0)
        listed = set()
        for assignment in self.assignments():
            listed.add(assignment.round)
            try:
                self._work(assignment, now)
            except Exception as error:  # one round's trouble must not stop the others
                self.log(f"round {assignment.round}: {type(error).__name__}: {error}")
        # Rounds it revealed in leave its open work once aggregated: it still finalizes them.
        for plan in self.plans.unsettled():
            if plan.round not in listed:
                try:
                    self._settle(plan.round)
                except Exception as error:
                    self.log(f"round {plan.round}: {type(error).__name__}: {error}")

    def _work(self, assignment: Assignment, now: int) -> None:
        """The next step of one assignment."""
        round = assignment.round
        if assignment.revealed:
            self._settle(round)
            return
        if round in self.refused:
            return
        if self.projects is not None and assignment.project not in self.projects:
            return
        plan = self.plans.get(round)
        if assignment.committed:
            if plan is None:
                self.log(f"round {round}: committed, but no plan here to reveal (another machine's?)")
                self.refused.add(round)
            elif now > assignment.commit_end and self.chain.best_number() <= assignment.reveal_end and self._may_send(plan.reveal_sent_at):
                self._reveal(plan)
            return
        if assignment.seats == 0 or self.chain.best_number() > assignment.commit_end - COMMIT_MARGIN:
            if assignment.seats > 0 and plan is None:
                self.log(f"round {round}: its commit period ends at block {assignment.commit_end}: too late to measure, refused")
                self.refused.add(round)
            return
        if plan is None:
            try:
                task = self.task(assignment)
                started = time.monotonic()
                plan = self.plan(assignment, task)
            except AttribError as error:
                self.log(f"round {round}: refused: {error}")
                self.refused.add(round)
                return
            if self.chain.best_number() > assignment.commit_end - COMMIT_MARGIN:
                self.log(f"round {round}: measured in {time.monotonic() - started:.1f} s, after its commit period: refused")
                self.refused.add(round)
                return
            self.plans.save(plan)
            self.log(f"round {round}: measured ({task.kind}) in {time.monotonic() - started:.1f} s; plan saved")
        if self._may_send(plan.commit_sent_at):
            self._commit(plan)

    def _may_send(self, sent_at: int) -> bool:
        """Whether to send a commitment or reveal: not sent yet, or sent `RESEND_AFTER` blocks
        ago and still not on chain (dropped)."""
        return sent_at < 0 or self.chain.best_number() - sent_at >= RESEND_AFTER

    def _settle(self, round: int) -> None:
        """Drives a round it revealed in to its end, as anyone may: aggregates it once the
        reveal period has passed, finalizes it once the dispute window has; notes in its plan
        when the round is gone from the chain (ended)."""
        from .chain import variant
        from .errors import ExtrinsicFailed

        record = self.chain.round_record(round)
        if record is None:
            plan = self.plans.get(round)
            if plan is not None and not plan.settled:
                plan.settled = True
                self.plans.save(plan)
                self.log(f"round {round}: ended")
            return
        phase, detail = variant(record["phase"])
        best = self.chain.best_number()
        try:
            if phase == "Open" and best > int(record["reveal_end"]):
                self.chain.submit("Scoring", "aggregate", {"round": round}, self.keypair)
                self.log(f"round {round}: aggregated")
            elif phase == "Aggregated" and best > int(detail["dispute_end"]):
                self.chain.submit("Scoring", "finalize", {"round": round}, self.keypair)
                self.log(f"round {round}: finalized")
        except ExtrinsicFailed as error:
            # Another evaluator got there first, or the round moved on: nothing lost.
            self.log(f"round {round}: {error.name} ({phase.lower()})")

    def _commit(self, plan: Plan) -> None:
        digest = commitment(plan.round, self.keypair.public_key, bytes.fromhex(plan.reveal_bytes), bytes.fromhex(plan.salt))
        plan.commit_sent_at = self.chain.best_number()
        self.chain.submit("Scoring", "commit", {"round": plan.round, "hash": "0x" + digest.hex()}, self.keypair)
        plan.committed = True
        self.plans.save(plan)
        self.log(f"round {plan.round}: committed")

    def _reveal(self, plan: Plan) -> None:
        plan.reveal_sent_at = self.chain.best_number()
        self.chain.submit("Scoring", "reveal", {"round": plan.round, "reveal": plan.reveal, "salt": "0x" + plan.salt}, self.keypair)
        plan.revealed = True
        self.plans.save(plan)
        self.log(f"round {plan.round}: revealed")

    def run(self, interval: float = 1.0, until: Optional[Callable[[], bool]] = None) -> None:
        """Steps every `interval` seconds until `until()` is true (or for ever)."""
        while until is None or not until():
            try:
                self.step()
            except Exception as error:  # the node away for a moment: try again next pass
                self.log(f"error: {type(error).__name__}: {error}")
            time.sleep(interval)


