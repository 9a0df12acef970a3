"""The connection to an Attribution Chain node: signed calls through `substrate-interface` and
reads through the node's `attribution_*` JSON-RPC namespace."""

from __future__ import annotations

import copy
import hashlib
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from .cid import Cid, cid_from_chain
from .errors import AttribError, ExtrinsicFailed, NodeUnavailable, NotFound, TransactionInvalid
from .submission import DEFAULT_TIMEOUT, DROP_RETRIES, Submission, WebSocketWatch

#: Most pages one paged query follows: a node that keeps answering `next` for ever is broken,
#: and a client must not loop for ever (10,000 pages of `claimable` examine 100 million entries).
MAX_PAGES = 10_000

#: Storage entries one request of a map listing reads (substrate-interface pages through the
#: rest); a consortium has at most the runtime's MaxMembers (64) members.
MAX_MAP_PAGE = 100

#: Where `scripts/run-dev.sh` serves JSON-RPC.
DEFAULT_URL = "ws://127.0.0.1:9944"
#: One ATTR in plancks (12 decimals).
UNIT = 10**12
#: A whole share in parts per billion (`Perbill::one()`).
PERBILL = 1_000_000_000

#: The chain's contribution kinds (`ContributionKind`), as the CLI spells them.
KINDS = {
    "dataset": "Dataset",
    "model": "ModelCheckpoint",
    "checkpoint": "ModelCheckpoint",
    "finetune": "FineTune",
    "hyperparameters": "HyperparameterRun",
    "run": "HyperparameterRun",
    "code": "Code",
    "evaluation": "Evaluation",
    "federated-update": "FederatedUpdate",
}


def blake2_256(data: bytes) -> bytes:
    """blake2b with a 32-byte digest, the chain's hash."""
    return hashlib.blake2b(data, digest_size=32).digest()


def compact(value: int) -> bytes:
    """SCALE compact encoding of a non-negative integer."""
    if value < 1 << 6:
        return bytes([value << 2])
    if value < 1 << 14:
        return ((value << 2) | 1).to_bytes(2, "little")
    if value < 1 << 30:
        return ((value << 2) | 2).to_bytes(4, "little")
    body = value.to_bytes((value.bit_length() + 7) // 8, "little")
    return bytes([((len(body) - 4) << 2) | 3]) + body


def licence_terms(
    spdx: str = "CC-BY-4.0",
    commercial_use: bool = True,
    derivatives_allowed: bool = True,
    attribution_required: bool = True,
    royalty_perbill: int = 0,
) -> Dict[str, Any]:
    """`LicenceTerms` as a call argument."""
    return {
        "licence": {"Spdx": spdx},
        "commercial_use": commercial_use,
        "derivatives_allowed": derivatives_allowed,
        "attribution_required": attribution_required,
        "royalty": royalty_perbill,
    }


#: The runtime's floors for a project's evaluator policy: the chain refuses to open a round or
#: fund a reward pool under a policy below them (`CommitteeTooSmall`, `CommitPeriodTooShort`,
#: `RevealPeriodTooShort`, `DisputePeriodTooShort`). `Chain.evaluation_floors` reads the
#: connected chain's own. The committee floor is the dev and local chains' (set at genesis).
MIN_COMMITTEE = 5
#: The production chain's committee floor: seats drawn by stake at which a third of the stake
#: gets a majority with probability under one in a million.
DEFAULT_COMMITTEE = 193
#: The committee `attrib project` asks for unless told otherwise (or the chain's floor, when
#: higher): with a handful of evaluators of similar stake, each is drawn.
SUGGESTED_COMMITTEE = 31
#: Shortest commit, reveal and dispute period, in blocks.
MIN_PERIOD = 10
#: Least stake an evaluator registers with, and least stake one commitment assigns.
MIN_EVALUATOR_STAKE = 100 * UNIT


def evaluator_policy(
    committee: int = SUGGESTED_COMMITTEE,
    min_stake: int = 0,
    commit_period: int = 20,
    reveal_period: int = 20,
    dispute_period: int = 10,
) -> Dict[str, Any]:
    """`EvaluatorPolicy` as a call argument (periods in blocks). The chain turns it into the
    terms of each round and pool, and refuses it under the runtime's floors: a committee of at
    least the chain's floor of seats (`MIN_COMMITTEE` on dev chains) and `MIN_PERIOD` blocks
    for each period. `min_stake` is what each seat assigns (under `MIN_EVALUATOR_STAKE` it
    counts as that)."""
    return {
        "committee": committee,
        "min_stake": min_stake,
        "commit_period": commit_period,
        "reveal_period": reveal_period,
        "dispute_period": dispute_period,
    }


def variant(value: Any) -> Tuple[str, Any]:
    """An enum as substrate-interface decodes it, as (variant name, data): a unit variant is
    its name (`"Open"`), others `{"Name": data}` (`{"Value": 5}`, `{"Score": {...}}`)."""
    if isinstance(value, str):
        return value, None
    if isinstance(value, dict) and len(value) == 1:
        (name, data), = value.items()
        return name, data
    raise ValueError(f"not an enum value: {value!r}")


def account_hex(account: Any) -> str:
    """An account (ss58 address, `0x` hex or 32 bytes) as lower-case hex without `0x`."""
    if isinstance(account, (bytes, bytearray)):
        return bytes(account).hex()
    text = str(account)
    if text.startswith("0x"):
        return text[2:].lower()
    from scalecodec.utils.ss58 import ss58_decode

    return ss58_decode(text).lower()


@dataclass
class Receipt:
    """A transaction included in a block: where, and what it emitted."""

    block_hash: str
    block_number: int
    events: List[Dict[str, Any]] = field(default_factory=list)

    def events_named(self, pallet: str, name: str) -> List[Dict[str, Any]]:
        """The attributes of every event `pallet::name`, in the order they were emitted."""
        return [
            event["attributes"]
            for event in self.events
            if event["module_id"] == pallet and event["event_id"] == name
        ]

    def event(self, pallet: str, name: str) -> Dict[str, Any]:
        """The attributes of the first event `pallet::name`; `NotFound` if none."""
        found = self.events_named(pallet, name)
        if not found:
            raise NotFound(f"no {pallet}::{name} event in block {self.block_number}")
        return found[0]


def _locator(text: Optional[str]) -> Optional[Dict[str, str]]:
    """The chain's `Locator` for `ar://TXID` or a URI, None for none."""
    from .locators import locator_arg

    return locator_arg(text) if text else None


def _membership_change(change: str, member: str) -> Dict[str, str]:
    """The chain's `MembershipChange` for "add" or "remove"."""
    if change not in ("add", "remove"):
        raise AttribError(f"a membership change is 'add' or 'remove', not {change!r}")
    return {"Add" if change == "add" else "Remove": member}


def keypair(uri: str):
    """A signing key from a secret URI (`//Alice` on dev chains, or a mnemonic)."""
    from substrateinterface import Keypair

    return Keypair.create_from_uri(uri)


def _scope_variant(scope: str) -> str:
    """The `AccessScope` variant of "project" or "contribution"."""
    variants = {"project": "Project", "contribution": "Contribution"}
    if scope not in variants:
        raise AttribError(f"an evaluator-access scope is a project or a contribution, not {scope!r}")
    return variants[scope]


class Chain:
    """A connection to a node. Calls sign with `signer` unless given another key; a submission
    waits at most `timeout` seconds for its transaction's final status (`submit`)."""

    #: (real account, proxy type) when transactions are sent as a proxy (`on_behalf_of`).
    acting_for: Optional[Tuple[str, str]] = None

    def __init__(self, url: str = DEFAULT_URL, signer: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        from substrateinterface import SubstrateInterface

        self.url = url
        self.timeout = timeout
        try:
            self.substrate = SubstrateInterface(url=url)
        except (ConnectionError, OSError) as error:
            raise NodeUnavailable(url, str(error) or type(error).__name__) from None
        except Exception as error:  # websocket handshake errors and the like
            raise NodeUnavailable(url, f"{type(error).__name__}: {error}") from None
        self.signer = keypair(signer) if signer else None

    def on_behalf_of(self, real: str, proxy_type: str = "Registry") -> "Chain":
        """The same connection, whose transactions the signer sends as `real`'s proxy of
        `proxy_type` (`Proxy.proxy`): the runtime dispatches each call as `real`'s, so `real` is
        the registrar of what is registered this way. `real` must have made the signer such a
        proxy (`add_proxy`); `Registry` lets a proxy commit to, register, approve, reject and
        expire contributions and nothing else. A call the proxy may not make, or that fails,
        raises `ExtrinsicFailed` with its error, as a direct call would."""
        view = copy.copy(self)
        view.acting_for = (real, proxy_type)
        return view

    def add_proxy(self, delegate: str, proxy_type: str = "Registry", signer=None) -> Receipt:
        """Makes `delegate` a proxy of the signer of `proxy_type` with no delay (a deposit is
        held while it lasts): a federated coordinator given `Registry` can register the
        signer's updates as the signer's (`on_behalf_of`)."""
        return self.submit("Proxy", "add_proxy", {"delegate": delegate, "proxy_type": proxy_type, "delay": 0}, signer)

    def is_proxy(self, real: str, delegate: str, proxy_type: str = "Registry") -> bool:
        """Whether `delegate` is a proxy of `real` of exactly `proxy_type` with no delay
        (`Proxy.Proxies`): what `on_behalf_of` needs (it forces that type)."""
        entry = self.storage("Proxy", "Proxies", [real])
        proxies = entry[0] if entry else []
        return any(p["delegate"] == delegate and p["proxy_type"] == proxy_type and int(p["delay"]) == 0 for p in proxies)

    # --- reads -----------------------------------------------------------------------------

    def rpc(self, method: str, params: Sequence[Any]) -> Any:
        """Calls a JSON-RPC method; returns its result or raises with the node's error."""
        try:
            response = self.substrate.rpc_request(method, list(params))
        except (ConnectionError, OSError) as error:
            raise NodeUnavailable(self.url, str(error)) from None
        if "error" in response:
            error = response["error"]
            raise NotFound(f"{method}: {error.get('message')} (code {error.get('code')})")
        return response["result"]

    def contribution(self, id: int) -> Dict[str, Any]:
        """A contribution's record (`attribution_contribution`)."""
        record = self.rpc("attribution_contribution", [id])
        if record is None:
            raise NotFound(f"no contribution {id} on chain")
        return record

    def track_record(self, who: str) -> Dict[str, Any]:
        """`who`'s record (`attribution_trackRecord`): `active`, `pending`, `withdrawn`,
        `projects_owned`, `projects_contributed_to`, `earnings` (claimed in all, as a string),
        `scores` (per contribution: `contribution`, `project`, the `version` and `share`, in
        parts per billion, of its project's latest payable snapshot, and the `earned` and
        `claimed` amounts, as strings) and `truncated`."""
        return self.rpc("attribution_trackRecord", [who])

    def affected_by(self, id: int) -> Optional[int]:
        """The withdrawn ancestor whose withdrawal marked contribution `id` affected
        (`Contributions.AffectedBy`), or None if the chain's walk has not marked it. Marked
        work cannot be built upon, licensed, released a pool for or scored anew."""
        return self.storage("Contributions", "AffectedBy", [id])

    def withdrawn_ancestors(self, id: int) -> List[int]:
        """The withdrawn ancestors of contribution `id`, nearest first
        (`attribution_affectedByWithdrawal`, computed at query time: it sees a withdrawal
        before the chain's walk reaches `id`). Empty for a withdrawn `id` itself."""
        lineage = self.rpc("attribution_affectedByWithdrawal", [id])
        if lineage is None:
            raise NotFound(f"no contribution {id} on chain")
        nodes = lineage["nodes"]
        if nodes and nodes[0]["depth"] == 0:
            # A withdrawn `id` comes first, with the descendants its withdrawal affects.
            return []
        return [node["id"] for node in nodes]

    def contribution_by_cid(self, cid: str) -> Optional[int]:
        """The id registered with this CID, or None."""
        return self.rpc("attribution_contributionByCid", [cid])

    def project(self, id: int) -> Dict[str, Any]:
        """A project's record."""
        record = self.rpc("attribution_project", [id])
        if record is None:
            raise NotFound(f"no project {id} on chain")
        return record

    def _paged(self, method: str, key: Any, page: int) -> List[int]:
        """Every id a paged `attribution_*` list method returns, read `page` at a time."""
        ids: List[int] = []
        while True:
            batch = self.rpc(method, [key, ids[-1] if ids else None, page])
            ids.extend(batch)
            if len(batch) < page:
                return ids

    def contributions_by_project(self, project: int, page: int = 100) -> List[int]:
        """Every contribution id of a project, in order."""
        return self._paged("attribution_contributionsByProject", project, page)

    def contributions_by_contributor(self, who: str, page: int = 100) -> List[int]:
        """Every contribution id an account authored or registered."""
        return self._paged("attribution_contributionsByContributor", who, page)

    def _head(self) -> str:
        """The best block's hash: paged reads pin it, so that every page describes one state."""
        return self.substrate.get_chain_head()

    def _pages(self, method: str, key: Sequence[Any], page: int) -> Iterator[Any]:
        """Every page of an `attribution_*` query that says where its next page starts
        (`next`), from the first, all read at the same block; a `None` answer (unknown key)
        is yielded once."""
        cursor, at = None, self._head()
        for _ in range(MAX_PAGES):
            answer = self.rpc(method, [*key, cursor, page, at])
            yield answer
            cursor = None if answer is None else answer.get("next")
            if cursor is None:
                return
        raise AttribError(f"{method}: more than {MAX_PAGES} pages; the node keeps saying 'next'")

    def live_licences(self, who: str, contribution: int) -> List[Dict[str, Any]]:
        """The licences of `contribution` that `who` holds and that have not expired at the
        best block (`attribution_licences`, every page)."""
        now = self.best_number()
        return [
            licence
            for page in self._pages("attribution_licences", [who], 1000)
            for licence in (page or {}).get("items", [])
            if licence["contribution"] == contribution and (licence["expiresAt"] is None or licence["expiresAt"] >= now)
        ]

    def may_derive(self, who: str, contribution: int) -> bool:
        """Whether `who` holds an unexpired licence of `contribution` that grants derivatives
        (`attribution_licences`), which lets it name that contribution as a parent where its
        terms forbid derivatives."""
        return any(licence["derivatives"] for licence in self.live_licences(who, contribution))

    def genesis_hash(self) -> str:
        """The chain's genesis hash (`0x…`): signed gateway requests are bound to it."""
        return self.substrate.get_block_hash(0)

    def pedigree(self, id: int, page: int = 256) -> Dict[str, Any]:
        """A contribution and all its ancestors (`attribution_pedigree`, read `page` records
        at a time): `contributions`, and `truncated` if the chain's walk stopped at its limits."""
        contributions: List[Dict[str, Any]] = []
        truncated = False
        for answer in self._pages("attribution_pedigree", [id], page):
            if answer is None:
                raise NotFound(f"no contribution {id} on chain")
            contributions.extend(answer["contributions"])
            truncated = truncated or answer["truncated"]
        return {"contributions": contributions, "truncated": truncated}

    def scores(self, project: int, version: Optional[int] = None) -> Dict[str, Any]:
        """A project's final score snapshot (the latest, or `version`)."""
        snapshot = self.rpc("attribution_scores", [project, version])
        if snapshot is None:
            which = f"version {version}" if version is not None else "final snapshot"
            raise NotFound(f"project {project} has no {which}")
        return snapshot

    def round(self, id: int) -> Optional[Dict[str, Any]]:
        """A scoring round not finalized yet, or None, as the node's `attribution_round` JSON
        shows it. `round_record` reads the stored record itself."""
        return self.rpc("attribution_round", [id])

    def pool(self, id: int) -> Optional[Dict[str, Any]]:
        """A reward pool, or None, as the node's `attribution_pool` JSON shows it. `pool_record`
        reads the stored record itself."""
        return self.rpc("attribution_pool", [id])

    def storage(self, pallet: str, item: str, keys: Sequence[Any] = ()) -> Any:
        """A storage entry at the best block, decoded by the runtime's metadata (None when
        absent from an optional map)."""
        try:
            value = self.substrate.query(pallet, item, list(keys))
        except (ConnectionError, OSError) as error:
            raise NodeUnavailable(self.url, str(error)) from None
        return None if value is None else value.value

    def round_record(self, id: int) -> Optional[Dict[str, Any]]:
        """A round as stored (`Scoring.Rounds`), or None once it was finalized, failed or
        discarded. Fields as the metadata names them: `project`, `opener`, `kind`
        (`{"Score": {"players", "utility", "method", "seed"}}` or `{"Measurement": {"subject",
        "metric", "evaluation_set"}}`), `terms` (`committee`, `min_stake`, periods...),
        `interested`, `at_stake`, `parent`, `level`, `commit_end`, `reveal_end` (set once the
        committee is drawn), `seats`, `members`, `commits`, `reveals`, `revealed_seats`, `phase`
        (`{"Drawing": {"epoch"}}`, `"Open"`, `{"Aggregated": {"dispute_end"}}`,
        `{"Disputed": {...}}`) and `result`."""
        return self.storage("Scoring", "Rounds", [id])

    def round_uses(self, id: int) -> Optional[Tuple[List[int], Cid, int]]:
        """What round `id` measures: the contribution ids it uses (a Shapley round's players,
        or a measurement's subject), its evaluation set's CID (which whoever opened the round
        chose) and its project; None once the round is gone."""
        record = self.round_record(id)
        if record is None:
            return None
        name, kind = variant(record["kind"])
        project = int(record["project"])
        if name == "Score":
            utility = kind.get("utility") or record.get("utility") or {}
            return [int(p) for p in kind["players"]], cid_from_chain(utility.get("evaluation_set")), project
        return [int(kind["subject"])], cid_from_chain(kind["evaluation_set"]), project

    def seats(self, round: int, who: str) -> int:
        """The seats `who` holds on `round`'s committee (0 when it was not drawn)."""
        return int(self.storage("Scoring", "Seats", [round, who]) or 0)

    def wait_drawn(self, round: int, timeout: float = 120.0) -> Dict[str, Any]:
        """Waits until `round`'s committee is drawn (two relay epochs after the request; the
        round fails at its draw when nobody can be drawn) and returns its record."""
        import time

        deadline = time.monotonic() + timeout
        while True:
            record = self.round_record(round)
            if record is None:
                raise NotFound(f"round {round} is gone: it failed at its draw (no evaluator to draw)")
            if variant(record["phase"])[0] != "Drawing":
                return record
            if time.monotonic() > deadline:
                raise TimeoutError(f"round {round} was not drawn in {timeout:.0f} s")
            time.sleep(0.25)

    def round_players(self, id: int) -> List[int]:
        """The players of Shapley round `id`, in the chain's order (bit `i` of a coalition is
        player `i`): every active contribution of the project when it opened, by id."""
        record = self.round_record(id)
        if record is None:
            raise NotFound(f"no open round {id} on chain")
        name, kind = variant(record["kind"])
        if name != "Score":
            raise NotFound(f"round {id} is a {name.lower()}, not a Shapley round")
        return [int(player) for player in kind["players"]]

    def pool_record(self, id: int) -> Optional[Dict[str, Any]]:
        """A reward pool as stored (`Payouts.Pools`), or None. Its `status` is `"Open"`,
        `{"Reporting": {"checkpoint", "measurement"}}` or `{"Released": {"at", "checkpoint",
        "result"}}`."""
        return self.storage("Payouts", "Pools", [id])

    def report_measurement(self, pool: int) -> int:
        """The id of the measurement (a scoring round) of `pool`'s report under way."""
        record = self.pool_record(pool)
        if record is None:
            raise NotFound(f"no pool {pool} on chain")
        name, status = variant(record["status"])
        if name != "Reporting":
            raise NotFound(f"pool {pool} has no report under way (it is {name.lower()})")
        return int(status["measurement"])

    def evaluator(self, who: str) -> Optional[Dict[str, Any]]:
        """A registered evaluator (`stake`, `assigned`, `unbonding_since`, `active_rounds`,
        `slot`, `weight` in the draw), or None."""
        return self.storage("Scoring", "Evaluators", [who])

    def evaluation_floors(self) -> Dict[str, int]:
        """The runtime's floors for evaluator policies (`committee` seats, from its genesis
        storage; `commit_period`, `reveal_period`, `dispute_period` in blocks and `min_stake`,
        from its constants); this module's defaults for any the runtime does not declare."""
        defaults = {
            "commit_period": ("MinCommitPeriod", MIN_PERIOD),
            "reveal_period": ("MinRevealPeriod", MIN_PERIOD),
            "dispute_period": ("MinDisputePeriod", MIN_PERIOD),
            "min_stake": ("MinEvaluatorStake", MIN_EVALUATOR_STAKE),
        }
        floors = {}
        for key, (constant, default) in defaults.items():
            try:
                value = self.substrate.get_constant("Scoring", constant)
            except (ConnectionError, OSError) as error:
                raise NodeUnavailable(self.url, str(error)) from None
            floors[key] = int(value.value) if value is not None else default
        floors["committee"] = int(self.storage("Scoring", "CommitteeFloor") or MIN_COMMITTEE)
        return floors

    def conflict(self, round: Dict[str, Any], who: str) -> Optional[str]:
        """Why `who` may not evaluate `round` (a `round_record`), or None: the chain refuses
        commitments from the project's owner (and the round's opener), the round's interested
        party (a reward pool's sponsor) and any author of an accepted contribution of the
        project."""
        me = account_hex(who)
        project = int(round["project"])
        owner = (self.storage("Contributions", "Projects", [project]) or {}).get("owner")
        if me in {account_hex(a) for a in (owner, round["opener"]) if a}:
            return "it owns the project"
        if round.get("interested") and account_hex(round["interested"]) == me:
            return "it has an interest in the result (the reward pool's sponsor)"
        if int(self.storage("Contributions", "ProjectAuthors", [project, who]) or 0) > 0:
            return f"it is an author of project {project}'s contributions"
        return None

    def claimable(self, who: str, page: int = 1000) -> Dict[str, Any]:
        """What an account can claim: `total` and one item per (project, version, contribution),
        read page by page (`attribution_claimable`)."""
        items: List[Dict[str, Any]] = []
        for answer in self._pages("attribution_claimable", [who], page):
            items.extend(answer["items"])
        return {"total": str(sum(int(i["amount"]) for i in items)), "items": items}

    def earnings(self, project: int, page: int = 1000) -> Dict[str, Any]:
        """What a project's snapshots have released and what is still unclaimed, read page by
        page (`attribution_earnings`)."""
        snapshots: List[Dict[str, Any]] = []
        undistributed = "0"
        for answer in self._pages("attribution_earnings", [project], page):
            snapshots.extend(answer["snapshots"])
            undistributed = answer["undistributed"]
        return {"project": project, "snapshots": snapshots, "undistributed": undistributed}

    def best_number(self) -> int:
        """The best block's number."""
        return self.substrate.get_block_number(self.substrate.get_chain_head())

    def free_balance(self, who: str) -> int:
        """An account's free balance in plancks."""
        info = self.substrate.query("System", "Account", [who])
        return int(info.value["data"]["free"])

    def wait_past(self, block: int, timeout: float = 120.0) -> None:
        """Waits until the best block is past `block`."""
        import time

        deadline = time.monotonic() + timeout
        while self.best_number() <= block:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the chain did not pass block {block} in {timeout:.0f} s")
            time.sleep(0.25)

    # --- writes ----------------------------------------------------------------------------

    def submit(
        self,
        pallet: str,
        call: str,
        params: Dict[str, Any],
        signer=None,
        *,
        timeout: Optional[float] = None,
        wait_for_finalization: bool = False,
        retries: int = DROP_RETRIES,
    ) -> Receipt:
        """Signs, submits and waits until a block includes the transaction (or finalizes it,
        with `wait_for_finalization`); returns its receipt. Never waits longer than `timeout`
        seconds (default: the connection's) for the transaction, nor for any one answer of
        the node while signing it or reading its receipt.

        Raises `ExtrinsicFailed` with the pallet's error when the call failed in its block;
        `TransactionInvalid` when the node refuses the transaction (unfunded account, bad
        nonce...) or its pool declares it `invalid`; `TransactionUsurped` when another
        transaction with the same nonce replaced it; `TransactionDropped` when the pool dropped
        it `retries` + 1 times (each time it is sent again, the call is signed again with the
        same nonce: pools ban the hash of what they drop, and sr25519 signatures are randomised,
        so the new signature gives a new hash while the nonce lets only one version in), or
        dropped it and its nonce was used by another transaction; `SubmissionTimeout` (it
        may still be included) when no final status came in time; `NodeUnavailable` when the
        connection fails. `attrib.submission.Submission.run` says what each status does."""
        signer = signer or self.signer
        name = f"{pallet}.{call}"
        if signer is None:
            raise TransactionInvalid(name, "-", "no signing key (pass --signer)")
        timeout = self.timeout if timeout is None else timeout
        with self._signing(name, signer, timeout):
            since = self.best_number()
            nonce = self.substrate.get_account_nonce(signer.ss58_address) or 0
            composed = self.substrate.compose_call(pallet, call, params)
            if self.acting_for is not None:
                real, proxy_type = self.acting_for
                composed = self.substrate.compose_call(
                    "Proxy", "proxy", {"real": real, "force_proxy_type": proxy_type, "call": composed}
                )
        extrinsic, extrinsic_hash = self._sign(name, composed, signer, nonce, timeout)
        submission = Submission(
            call=name,
            account=signer.ss58_address,
            extrinsic=extrinsic,
            extrinsic_hash=extrinsic_hash,
            watch=WebSocketWatch(self.url),
            receipt=lambda block, included: self._receipt(name, included, block, timeout),
            nonce_used=lambda: self._nonce_past(signer.ss58_address, nonce, timeout),
            find_block=lambda hashes: self._block_including(hashes, since, timeout),
            timeout=timeout,
            wait_for_finalization=wait_for_finalization,
            retries=retries,
            # After a drop: the same call, the same nonce, a new (randomised) signature.
            resign=lambda: self._sign(name, composed, signer, nonce, timeout),
        )
        return submission.run()

    def _sign(self, name: str, composed: Any, signer, nonce: int, timeout: float) -> Tuple[str, str]:
        """`composed` (a call `compose_call` built) signed by `signer` with `nonce`: the
        extrinsic (`0x` hex) and its hash."""
        with self._signing(name, signer, timeout):
            extrinsic = self.substrate.create_signed_extrinsic(call=composed, keypair=signer, nonce=nonce)
        return str(extrinsic.data), "0x" + bytes(extrinsic.extrinsic_hash).hex()

    @contextmanager
    def _signing(self, name: str, signer, timeout: float) -> Iterator[None]:
        """Bounds each answer of the node to `timeout` while a transaction is prepared, and
        turns the node's refusal into `TransactionInvalid`."""
        from substrateinterface.exceptions import SubstrateRequestException

        try:
            with self._answers_within(timeout):
                yield
        except SubstrateRequestException as error:
            detail = error.args[0] if error.args else error
            if isinstance(detail, dict):
                detail = f"{detail.get('message')}: {detail.get('data')}"
            raise TransactionInvalid(name, signer.ss58_address, str(detail)) from None
        except (ConnectionError, OSError) as error:
            raise NodeUnavailable(self.url, str(error)) from None

    def _receipt(self, name: str, extrinsic_hash: str, block_hash: str, timeout: float) -> Receipt:
        """What the transaction did in the block that holds it; `ExtrinsicFailed` if it failed."""
        from substrateinterface import ExtrinsicReceipt

        with self._answers_within(timeout):
            result = ExtrinsicReceipt(self.substrate, extrinsic_hash=extrinsic_hash, block_hash=block_hash)
            events = [event.value for event in result.triggered_events]
            if not result.is_success:
                message = result.error_message or {}
                docs = " ".join(message.get("docs") or [])
                raise ExtrinsicFailed(name, self._module_of(events), message.get("name", "?"), docs)
            self._raise_proxied_failure(name, events)
            number = self.substrate.get_block_number(block_hash)
        return Receipt(block_hash, number, events)

    def _nonce_past(self, account: str, nonce: int, timeout: float) -> bool:
        """Whether the chain's nonce of `account` moved past `nonce` (a transaction used it)."""
        with self._answers_within(timeout):
            return int(self.substrate.get_account_nonce(account) or 0) > nonce

    def _block_including(self, extrinsic_hashes: Iterable[str], since: int, timeout: float) -> Optional[Tuple[str, str]]:
        """The first block of the best chain, numbered `since` or later, that includes an
        extrinsic with one of these hashes (versions of one transaction, signed with the same
        nonce: at most one can be included): (its hash, the extrinsic's hash), or None."""
        wanted = {bytes.fromhex(extrinsic_hash[2:]): extrinsic_hash for extrinsic_hash in extrinsic_hashes}
        with self._answers_within(timeout):
            for number in range(since, self.best_number() + 1):
                block_hash = self.rpc("chain_getBlockHash", [number])
                block = self.rpc("chain_getBlock", [block_hash])
                for extrinsic in block["block"]["extrinsics"]:
                    found = wanted.get(blake2_256(bytes.fromhex(extrinsic[2:])))
                    if found is not None:
                        return block_hash, found
        return None

    @contextmanager
    def _answers_within(self, seconds: float) -> Iterator[None]:
        """Bounds each read of substrate-interface's connection to `seconds` (it has no timeout
        of its own: a node that stopped answering would hang it); a read that takes longer is
        `NodeUnavailable`."""
        from websocket import WebSocketConnectionClosedException, WebSocketTimeoutException

        connection = self.substrate.websocket
        previous = connection.gettimeout() if connection is not None else None
        if connection is not None:
            connection.settimeout(seconds)
        try:
            yield
        except (WebSocketTimeoutException, socket.timeout):
            raise NodeUnavailable(self.url, f"it did not answer within {seconds:g} s") from None
        except (WebSocketConnectionClosedException, ConnectionError) as error:
            raise NodeUnavailable(self.url, f"the connection closed: {error or type(error).__name__}") from None
        finally:
            if connection is not None:
                connection.settimeout(previous)

    def _raise_proxied_failure(self, name: str, events: Sequence[Dict[str, Any]]) -> None:
        """`ExtrinsicFailed` when a call sent through `Proxy.proxy` failed: the transaction
        succeeds and its `ProxyExecuted` event carries the call's error."""
        for event in events:
            if event.get("module_id") != "Proxy" or event.get("event_id") != "ProxyExecuted":
                continue
            result = event.get("attributes", {}).get("result")
            if not isinstance(result, dict) or "Err" not in result:
                continue
            error = result["Err"]
            module = error.get("Module") if isinstance(error, dict) else None
            if isinstance(module, dict):
                index, code = int(module["index"]), module["error"]
                code = bytes.fromhex(code[2:])[0] if isinstance(code, str) else int(code[0] if isinstance(code, (list, tuple)) else code)
                pallet = next((p for p in self.substrate.metadata.pallets if p.value["index"] == index), None)
                found = pallet.errors[code].value if pallet is not None and pallet.errors and code < len(pallet.errors) else {}
                raise ExtrinsicFailed(name, pallet.name if pallet else None, found.get("name", "?"), " ".join(found.get("docs") or []))
            raise ExtrinsicFailed(name, None, str(error), "the proxied call failed")

    def _module_of(self, events: Iterable[Dict[str, Any]]) -> Optional[str]:
        """The pallet whose error an `ExtrinsicFailed` event carries, when it is a module's."""
        for event in events:
            if event.get("event_id") != "ExtrinsicFailed":
                continue
            error = event.get("attributes", {}).get("dispatch_error", {})
            module = error.get("Module") if isinstance(error, dict) else None
            if isinstance(module, dict) and "index" in module:
                for pallet in self.substrate.metadata.pallets:
                    if pallet.value["index"] == module["index"]:
                        return pallet.name
        return None

    def create_project(
        self,
        name: str,
        licence: Optional[Dict[str, Any]] = None,
        royalty_to_parents_perbill: int = 0,
        policy: Optional[Dict[str, Any]] = None,
        membership: str = "Open",
        signer=None,
    ) -> int:
        """Creates a project; returns its id."""
        receipt = self.submit(
            "Contributions",
            "create_project",
            {
                "name": name,
                "default_licence": licence or licence_terms(),
                "royalty_to_parents": royalty_to_parents_perbill,
                "evaluator_policy": policy or evaluator_policy(),
                "membership": membership,
            },
            signer,
        )
        return int(receipt.event("Contributions", "ProjectCreated")["project"])

    # --- consortium membership ----------------------------------------------------------------

    def add_member(self, project: int, member: str, signer=None) -> Receipt:
        """Admits `member` to consortium `project`: its owner's call (members vote instead)."""
        return self.submit("Contributions", "add_member", {"project": project, "member": member}, signer)

    def remove_member(self, project: int, member: str, signer=None) -> Receipt:
        """Removes `member` from consortium `project`: its owner's call (members vote instead)."""
        return self.submit("Contributions", "remove_member", {"project": project, "member": member}, signer)

    def set_royalty_weights(self, contribution: int, parents: Sequence[Tuple[int, int]], signer=None) -> Receipt:
        """Approves `parents` of `contribution` for royalties, each with its weight in parts per
        billion of what the parents' floors leave of the project's royalty share (the owner of
        `contribution`'s project signs; holds a deposit). Only approved parents are paid; an
        empty list removes the approval."""
        return self.submit(
            "Payouts",
            "set_royalty_weights",
            {"contribution": contribution, "parents": [[int(p), int(w)] for p, w in parents]},
            signer,
        )

    def royalty_split(self, contribution: int) -> Optional[Dict[str, Any]]:
        """The approved parents of `contribution` (`Payouts.RoyaltySplits`): `owner`,
        `deposit` and `parents` as [parent, weight in parts per billion], or None."""
        return self.storage("Payouts", "RoyaltySplits", [contribution])

    def set_evaluator_access(self, scope: str, id: int, allowed: Optional[bool], signer=None) -> Receipt:
        """Lets (`True`) or does not let (`False`) evaluators drawn for a round or measurement
        that uses the licensed artifacts of `scope` ("project" or "contribution") `id` get them
        from the owner's gateways, or removes the setting (`None`: no access). A contribution's
        setting overrides its project's. The project's owner signs; holds a deposit."""
        return self.submit(
            "Payouts", "set_evaluator_access", {"scope": {_scope_variant(scope): id}, "allowed": allowed}, signer
        )

    def evaluator_access_setting(self, scope: str, id: int) -> Optional[Dict[str, Any]]:
        """The setting of `scope` ("project" or "contribution") `id`
        (`Payouts.EvaluatorAccess`): `owner`, `deposit`, `allowed`; None when there is none."""
        return self.storage("Payouts", "EvaluatorAccess", [{_scope_variant(scope): id}])

    def evaluator_access(self, contribution: int) -> bool:
        """Whether evaluators drawn for work that uses `contribution` may get it: its own
        setting, else its project's, else no."""
        own = self.evaluator_access_setting("contribution", contribution)
        if own is not None:
            return bool(own["allowed"])
        project = int(self.contribution(contribution)["project"])
        setting = self.evaluator_access_setting("project", project)
        return bool(setting is not None and setting["allowed"])

    def vote_membership(self, project: int, change: str, member: str, signer=None) -> Dict[str, Any]:
        """Votes, as a member of consortium `project`, to `change` ("add" or "remove") `member`.
        The first vote opens the motion and holds its deposit from the voter; the vote that
        makes more than half of the members applies it. Returns `ayes`, `members` and
        `applied`."""
        receipt = self.submit(
            "Contributions",
            "vote_membership",
            {"project": project, "change": _membership_change(change, member)},
            signer,
        )
        voted = receipt.event("Contributions", "MembershipVoted")
        applied = receipt.events_named("Contributions", "MemberAdded" if change == "add" else "MemberRemoved")
        return {"ayes": int(voted["ayes"]), "members": int(voted["members"]), "applied": bool(applied)}

    def cancel_motion(self, project: int, change: str, member: str, signer=None) -> Receipt:
        """Closes an open membership motion without applying it (its proposer or the project's
        owner), releasing its deposit."""
        return self.submit(
            "Contributions",
            "cancel_motion",
            {"project": project, "change": _membership_change(change, member)},
            signer,
        )

    def members(self, project: int) -> List[str]:
        """The members of consortium `project` (empty for an open project)."""
        return sorted(str(key.value) for key, _ in self._map("Contributions", "Members", [project]))

    def motions(self, project: int) -> List[Dict[str, Any]]:
        """The open membership motions of consortium `project`: `change` ("add"/"remove"),
        `member`, `proposer` and `ayes` (the members in favour)."""
        motions = []
        for key, value in self._map("Contributions", "Motions", [project]):
            (change, member), = key.value.items()
            record = value.value
            motions.append(
                {"change": change.lower(), "member": member, "proposer": record["proposer"], "ayes": list(record["ayes"])}
            )
        return motions

    def _map(self, pallet: str, item: str, keys: Sequence[Any]) -> List[Any]:
        """Every entry of a storage map under the prefix `keys`, at the best block."""
        try:
            return list(self.substrate.query_map(pallet, item, list(keys), page_size=MAX_MAP_PAGE))
        except (ConnectionError, OSError) as error:
            raise NodeUnavailable(self.url, str(error)) from None

    def register_contribution(
        self,
        project: int,
        kind: str,
        cid: bytes,
        authors: Sequence[Tuple[str, int]],
        parents: Sequence[int] = (),
        licence: Optional[Dict[str, Any]] = None,
        metadata_hash: bytes = bytes(32),
        size_bytes: int = 0,
        uri: Optional[str] = None,
        signer=None,
    ) -> Tuple[int, Receipt]:
        """Registers a contribution; returns its id and the receipt. With co-authors other
        than the signer it is pending until each approves."""
        receipt = self.submit(
            "Contributions",
            "register_contribution",
            {
                "project": project,
                "kind": kind,
                "cid": "0x" + cid.hex(),
                "locator": _locator(uri),
                "authors": [(account, share) for account, share in authors],
                "parents": list(parents),
                "licence": licence,
                "metadata_hash": "0x" + metadata_hash.hex(),
                "size_bytes": size_bytes,
            },
            signer,
        )
        return int(receipt.event("Contributions", "ContributionRegistered")["id"]), receipt

    def commit_registrations(self, cids: Sequence[bytes], signer=None) -> Receipt:
        """Commits to register the content of `cids` (binary CIDs) so that the registration
        cannot be front-run: one `Contributions.commit_registration` per CID (in one
        `Utility.batch_all` for several), each holding the runtime's `CommitmentDeposit` until
        the signer registers the content, from the next block on and within `RevealPeriod`
        blocks (burned otherwise). Meanwhile the chain refuses anyone else's registration of
        it. Returns the receipt once a block includes the commitments."""
        tags = ["0x" + Cid.from_bytes(bytes(cid)).registration_tag().hex() for cid in cids]
        if not tags:
            raise ValueError("no CIDs to commit to")
        if len(tags) == 1:
            return self.submit("Contributions", "commit_registration", {"tag": tags[0]}, signer)
        calls = [
            {"call_module": "Contributions", "call_function": "commit_registration", "call_args": {"tag": tag}}
            for tag in tags
        ]
        return self.submit("Utility", "batch_all", {"calls": calls}, signer)

    def max_batch(self) -> int:
        """How many registrations one `register_contributions` call may carry (the runtime's
        `MaxBatch`)."""
        constant = self.substrate.get_constant("Contributions", "MaxBatch")
        return int(constant.value if constant is not None else 1)

    def register_contributions(
        self, project: int, items: Sequence[Dict[str, Any]], signer=None
    ) -> Tuple[List[int], Receipt]:
        """Registers several contributions to `project` in one transaction, all or nothing
        (at most `max_batch()`). Each item has the fields `register_contribution` takes after
        the project: `kind`, `cid` (bytes), `authors`, and optionally `parents` (earlier
        items of the batch may be named: they get consecutive ids), `licence`,
        `metadata_hash`, `size_bytes`, `uri`. Returns the ids, in the items' order, and the
        receipt. Costs less per contribution than one transaction each (one deposit hold, the
        project and id counter written once)."""
        registrations = [
            {
                "kind": item["kind"],
                "cid": "0x" + bytes(item["cid"]).hex(),
                "locator": _locator(item.get("uri")),
                "authors": [(account, share) for account, share in item["authors"]],
                "parents": list(item.get("parents", ())),
                "licence": item.get("licence"),
                "metadata_hash": "0x" + bytes(item.get("metadata_hash", bytes(32))).hex(),
                "size_bytes": int(item.get("size_bytes", 0)),
            }
            for item in items
        ]
        receipt = self.submit(
            "Contributions",
            "register_contributions",
            {"project": project, "registrations": registrations},
            signer,
        )
        ids = [int(event["id"]) for event in receipt.events_named("Contributions", "ContributionRegistered")]
        return ids, receipt

    def approve(self, id: int, signer=None) -> Receipt:
        """A co-author approves a pending contribution; the last approval makes it active."""
        return self.submit("Contributions", "approve_contribution", {"id": id}, signer)

    def withdraw(self, id: int, reason: str, signer=None) -> Receipt:
        """Withdraws a contribution (an author's call); it stays in the pedigree, marked."""
        return self.submit("Contributions", "withdraw_contribution", {"id": id, "reason": reason}, signer)

    def ensure_evaluator(self, stake: int, signer=None) -> None:
        """Makes the signer a registered evaluator holding at least `stake` (registering, or
        bonding the difference); refused while it is unbonding."""
        signer = signer or self.signer
        record = self.evaluator(signer.ss58_address)
        if record is None:
            self.submit("Scoring", "register_evaluator", {"stake": stake}, signer)
        elif record.get("unbonding_since") is not None:
            raise AttribError(f"evaluator {signer.ss58_address} is unbonding: it cannot take new work")
        elif int(record["stake"]) < stake:
            self.submit("Scoring", "bond_extra", {"amount": stake - int(record["stake"])}, signer)

    def create_pool(
        self,
        project: int,
        metric: str,
        threshold: int,
        evaluation_set: bytes,
        amount: int,
        deadline: int,
        comparator: str = "AtLeast",
        committee: Optional[int] = None,
        signer=None,
    ) -> int:
        """Escrows `amount` for `project`, released when a report measures `metric` (named by
        the blake2-256 of its name) on `evaluation_set` (a binary CID) crossing `threshold`
        before block `deadline`; returns the pool's id."""
        receipt = self.submit(
            "Payouts",
            "create_pool",
            {
                "project": project,
                "trigger": {
                    "metric": "0x" + blake2_256(metric.encode()).hex(),
                    "comparator": comparator,
                    "threshold": threshold,
                    "evaluation_set": "0x" + evaluation_set.hex(),
                },
                "amount": amount,
                "deadline": deadline,
                "committee": committee,
            },
            signer,
        )
        return int(receipt.event("Payouts", "PoolCreated")["pool"])

    def buy_licence(self, contribution: int, max_price: int, signer=None) -> Receipt:
        """Buys a licence of `contribution` for at most `max_price`, agreeing to the terms its
        offer shows now (`attribution_licenceOffer`): the chain refuses the purchase if the offer
        was replaced meanwhile."""
        offer = self.rpc("attribution_licenceOffer", [contribution])
        if offer is None:
            raise NotFound(f"contribution {contribution} has no licence offer")
        expected = {
            "duration": offer["duration"],
            "commercial": offer["commercial"],
            "derivatives": offer["derivatives"],
            "terms_hash": offer["termsHash"],
        }
        return self.submit(
            "Payouts", "buy_licence", {"contribution": contribution, "max_price": max_price, "expected": expected}, signer
        )

    def start_report(self, pool: int, checkpoint: int, signer=None) -> Tuple[int, Dict[str, Any]]:
        """Starts a report on `checkpoint` for `pool` (the project's owner only): the
        evaluation engine opens a measurement under the pool's terms. Returns the measurement
        id and its `Scoring.MeasurementRequested` event (`draw_epoch`: the relay epoch whose
        randomness draws its committee; `Chain.wait_drawn` waits for it)."""
        receipt = self.submit("Payouts", "start_report", {"pool": pool, "checkpoint": checkpoint}, signer)
        requested = receipt.event("Scoring", "MeasurementRequested")
        return int(requested["measurement"]), requested

    def conclude_report(self, pool: int, signer=None) -> Dict[str, Any]:
        """Concludes `pool`'s report once its measurement is final (anyone; it finalizes the
        measurement itself after the dispute window). Returns the `ReportConcluded` event
        (`reveals`, `median`, `crossed`), with `released_at`: the block the pool was released
        in, or None."""
        receipt = self.submit("Payouts", "conclude_report", {"pool": pool}, signer)
        concluded = dict(receipt.event("Payouts", "ReportConcluded"))
        released = receipt.events_named("Payouts", "PoolReleased")
        concluded["released_at"] = receipt.block_number if released else None
        return concluded

    def active_contributions(self, project: int) -> List[int]:
        """The ids of `project`'s active contributions, in id order: the players a Shapley
        round of the project opened now would have."""
        active = []
        for id in self.contributions_by_project(project):
            status = self.contribution(id)["status"]
            if (status if isinstance(status, str) else next(iter(status))) == "active":
                active.append(id)
        return active

    def claim_all(self, signer=None) -> Tuple[int, int]:
        """Claims everything the signer is owed, 32 targets per transaction; returns
        (amount claimed, transactions sent)."""
        signer = signer or self.signer
        items = self.claimable(signer.ss58_address)["items"]
        total, sent = 0, 0
        for start in range(0, len(items), 32):
            targets = [
                {"project": i["project"], "version": i["version"], "contribution": i["contribution"]}
                for i in items[start : start + 32]
            ]
            # A `BoundedVec` argument is a one-field composite to scalecodec: a 1-tuple.
            receipt = self.submit("Payouts", "claim", {"targets": [targets]}, signer)
            total += int(receipt.event("Payouts", "Claimed")["amount"])
            sent += 1
        return total, sent


def shares_of(authors: Sequence[str]) -> List[Tuple[str, int]]:
    """Equal author shares in parts per billion that add up to exactly one whole."""
    if not authors:
        raise ValueError("a contribution needs at least one author")
    base, rest = divmod(PERBILL, len(authors))
    return [(a, base + (1 if i < rest else 0)) for i, a in enumerate(authors)]
