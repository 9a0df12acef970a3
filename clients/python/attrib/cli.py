"""The `attrib` command: git-like commits of ML artifacts to Attribution Chain."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from . import pedigree as pedigrees
from . import plots
from .chain import DEFAULT_URL, MIN_PERIOD, SUGGESTED_COMMITTEE, UNIT, Chain, evaluator_policy, keypair, licence_terms
from .cid import CidError, cid_of_path
from .errors import AttribError, NodeUnavailable, NotARepository, NotFound
from .repo import Repository
from .submission import DEFAULT_TIMEOUT
from .sdk import commit, commit_many
from .tensors import diff_tensors, digests_from_json


def _repo_or_none() -> Optional[Repository]:
    try:
        return Repository.find()
    except NotARepository:
        return None


#: A local IPFS node's gateway (Kubo's default address).
DEFAULT_GATEWAY = "http://127.0.0.1:8080"


def _chain(args: argparse.Namespace) -> Chain:
    """A connection from --url/--signer/--timeout, else the repository's config, else the defaults."""
    repo = _repo_or_none()
    config = repo.config() if repo else {}
    return Chain(args.url or config.get("url") or DEFAULT_URL, args.signer or config.get("signer"), _timeout(args))


def _timeout(args: argparse.Namespace) -> float:
    """--timeout, else how long a submission waits by default."""
    return args.timeout if args.timeout is not None else DEFAULT_TIMEOUT


def _status(record: Dict[str, Any]) -> str:
    status = record["status"]
    return status if isinstance(status, str) else next(iter(status))


def _load_json(path: Optional[str]) -> Optional[Dict[str, Any]]:
    if path is None:
        return None
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise AttribError(f"{path}: not a readable JSON file ({error})") from None


def cmd_init(args) -> int:
    repo = Repository.init(Path.cwd(), args.url or DEFAULT_URL, args.project, args.signer)
    print(f"initialised {repo.meta} (node {args.url or DEFAULT_URL}, project {args.project})")
    return 0


def cmd_project(args) -> int:
    chain = _chain(args)
    floors = chain.evaluation_floors()
    committee = args.committee if args.committee is not None else max(SUGGESTED_COMMITTEE, floors["committee"])
    under = [
        f"{flag} {value} is under the chain's minimum of {floors[key]}{unit}"
        for flag, key, value, unit in (
            ("--committee", "committee", committee, " seats"),
            ("--commit-period", "commit_period", args.commit_period, " blocks"),
            ("--reveal-period", "reveal_period", args.reveal_period, " blocks"),
            ("--dispute-period", "dispute_period", args.dispute_period, " blocks"),
        )
        if value < floors[key]
    ]
    if under:
        raise AttribError("; ".join(under))
    policy = evaluator_policy(committee, 0, args.commit_period, args.reveal_period, args.dispute_period)
    membership = "Consortium" if args.consortium else "Open"
    id = chain.create_project(args.name, licence_terms(args.licence), 0, policy, membership)
    print(f"project {id} created: {args.name}" + (" (consortium: you are its first member)" if args.consortium else ""))
    repo = _repo_or_none()
    if repo is not None and repo.config().get("project") is None:
        config = repo.config()
        config["project"] = id
        repo.save_config(config)
        print(f"{repo.meta}: project set to {id}")
    return 0


def _account(text: str) -> str:
    """An SS58 address, or the address of a secret URI (`//Alice` on a dev chain)."""
    if text.startswith("//"):
        return keypair(text).ss58_address
    from substrateinterface.utils.ss58 import ss58_decode

    try:
        ss58_decode(text)
    except Exception:
        raise AttribError(f"{text!r} is neither an SS58 address nor a secret URI such as //Alice") from None
    return text


def _members_project(args, chain: Chain) -> int:
    """--project, else the repository's project; it must be a consortium."""
    project = args.project
    if project is None:
        repo = _repo_or_none()
        project = repo.config().get("project") if repo else None
    if project is None:
        raise AttribError("which project? pass --project (or run inside a repository with one)")
    record = chain.project(project)
    if record.get("membership") != "Consortium":
        raise AttribError(f"project {project} is open to anyone: only consortium projects have members")
    return project


def cmd_members(args) -> int:
    chain = _chain(args)
    project = _members_project(args, chain)
    if args.action == "list":
        owner = chain.project(project)["owner"]
        members = chain.members(project)
        print(f"project {project}: consortium of {len(members)} owned by {owner}")
        for member in members:
            print(f"  member {member}" + (" (owner)" if member == owner else ""))
        for motion in chain.motions(project):
            print(
                f"  motion to {motion['change']} {motion['member']}: {sum(a in members for a in motion['ayes'])} of "
                f"{len(members)} members "
                f"in favour (more than half applies it), opened by {motion['proposer']}"
            )
        return 0
    if chain.signer is None:
        raise AttribError("members " + args.action + " signs a transaction: pass --signer (or set one with attrib init)")
    if args.account is None:
        raise AttribError(f"members {args.action} needs the account")
    member = _account(args.account)
    if args.action in ("add", "remove") and not args.vote:
        (chain.add_member if args.action == "add" else chain.remove_member)(project, member)
        print(f"{member} {'admitted to' if args.action == 'add' else 'removed from'} project {project} by its owner")
    elif args.action in ("add", "remove"):
        vote = chain.vote_membership(project, args.action, member)
        outcome = "applied" if vote["applied"] else "more than half of the members must vote for it"
        print(
            f"voted to {args.action} {member} (project {project}): {vote['ayes']} of {vote['members']} "
            f"members in favour; {outcome}"
        )
    else:
        change, = args.change
        chain.cancel_motion(project, change, member)
        print(f"motion to {change} {member} (project {project}) cancelled; its deposit released")
    return 0


def _percent_weight(text: str) -> int:
    """Parts per billion of a percentage such as `12.5`."""
    try:
        percent = float(text.rstrip("%"))
    except ValueError:
        raise AttribError(f"a weight is a percentage such as 50 or 12.5, not {text!r}") from None
    if not 0 <= percent <= 100:
        raise AttribError(f"a weight is between 0 and 100 percent, not {text!r}")
    return round(percent * 10_000_000)


def cmd_royalties(args) -> int:
    chain = _chain(args)
    if args.parents or args.clear:
        if chain.signer is None:
            raise AttribError("royalties signs a transaction: pass --signer (or set one with attrib init)")
        parents = []
        for pair in [] if args.clear else args.parents:
            parent, _, weight = pair.partition("=")
            if not parent.isdigit() or not weight:
                raise AttribError(f"a parent is given as ID=PERCENT (for example 12=50), not {pair!r}")
            parents.append((int(parent), _percent_weight(weight)))
        chain.set_royalty_weights(args.id, parents)
    split = chain.royalty_split(args.id)
    if split is None:
        print(f"#{args.id}: no parent approved; royalties earned through it stay with its project")
        return 0
    print(f"#{args.id}: parents approved by {split['owner']} (each gets its licence's royalty first, then its weight of the rest)")
    for parent, weight in split["parents"]:
        print(f"  #{parent}: {weight / 10_000_000:g}% of what the floors leave")
    return 0


def cmd_access(args) -> int:
    if (args.id is None) == (args.project is None):
        raise AttribError("access takes a contribution id or --project P (one of them)")
    scope, id = ("contribution", args.id) if args.id is not None else ("project", args.project)
    chain = _chain(args)
    if args.evaluators is not None:
        if chain.signer is None:
            raise AttribError("access signs a transaction: pass --signer (or set one with attrib init)")
        allowed = {"on": True, "off": False, "clear": None}[args.evaluators]
        chain.set_evaluator_access(scope, id, allowed)
    setting = chain.evaluator_access_setting(scope, id)
    name = f"#{id}" if scope == "contribution" else f"project {id}"
    if setting is None:
        if scope == "contribution" and chain.evaluator_access(id):
            print(f"{name}: no setting of its own; its project's lets drawn evaluators get it")
        else:
            print(f"{name}: no setting; drawn evaluators may not get its licensed artifacts")
        return 0
    verdict = "may" if setting["allowed"] else "may not"
    print(f"{name}: drawn evaluators {verdict} get its licensed artifacts (set by {setting['owner']})")
    return 0


def cmd_car(args) -> int:
    from .car import CarFile, write_car

    if args.unpack:
        car = CarFile(args.path)
        target = car.unpack(args.output)
        print(f"{car.root}: {len(car)} blocks, each checked against its CID, unpacked to {target}")
        return 0
    output = Path(args.output)
    partial = output.with_name(output.name + ".partial")
    try:
        with open(partial, "wb") as out:
            root = write_car(args.path, out, hidden=args.hidden)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    print(f"{root}  {output}")
    return 0


def cmd_fetch(args) -> int:
    from .blockstore import DEFAULT_CACHE, DiskBlockstore
    from .cid import Cid
    from .gateway import fetch

    root = Cid.parse(args.cid)
    target = Path(args.output or args.cid)
    store = DiskBlockstore(args.cache or DEFAULT_CACHE)
    repo = _repo_or_none()
    knows_node = bool(args.url or (repo is not None and repo.config().get("url")))
    chain = _chain(args) if args.signer or knows_node else None
    sign = None
    if args.signer:
        from .access import request_signer

        sign = request_signer(keypair(args.signer), chain.genesis_hash())
    locators = list(args.locator or [])
    if knows_node:
        # The locator the chain records for the content, tried after the gateways.
        from .locators import locator_url

        id = chain.contribution_by_cid(str(root))
        url = locator_url(chain.contribution(id).get("locator")) if id is not None else None
        if url is not None:
            locators.append(url)
    downloaded = fetch(
        root, target, args.gateway or [DEFAULT_GATEWAY], store, timeout=_timeout(args), sign=sign, locators=locators
    )
    print(f"{root}: {target} ({downloaded} blocks downloaded, every block checked against its CID)")
    return 0


def cmd_serve(args) -> int:
    from .serve import build_gateway, make_server

    chain = _chain(args)
    gateway = build_gateway(chain, [Path(p) for p in args.paths])
    server = make_server(gateway, args.host, args.port)
    host, port = server.server_address[:2]
    return _serve_forever(server, f"serving on http://{host}:{port}/ipfs/{{cid}}")


def _serve_forever(server, announcement: str) -> int:
    """Says where `server` listens, then serves until Ctrl-C."""
    print(f"{announcement} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def cmd_ui(args) -> int:
    from .ui import dashboard_dir, make_server, page_url

    server = make_server(dashboard_dir(args.dir), args.host, args.port)
    host, port = server.server_address[:2]
    return _serve_forever(server, f"dashboard on {page_url(host, port, args.url)}")


def cmd_evaluator(args) -> int:
    chain = _chain(args)
    if chain.signer is None:
        raise AttribError("attrib evaluator acts as an evaluator: pass --signer (or set one with attrib init)")
    me = chain.signer.ss58_address
    if args.action == "register":
        if args.stake is None:
            raise AttribError("evaluator register needs --stake (in ATTR)")
        chain.ensure_evaluator(int(args.stake * UNIT))
        print(f"{me}: evaluator with at least {args.stake:g} ATTR staked")
        return 0
    if args.action == "unbond":
        chain.submit("Scoring", "unbond", {})
        print(f"{me}: unbonding; `attrib evaluator withdraw` once the unbonding period has passed")
        return 0
    if args.action == "withdraw":
        chain.submit("Scoring", "withdraw_unbonded", {})
        print(f"{me}: stake withdrawn")
        return 0
    if args.action == "status":
        record = chain.evaluator(me)
        if record is None:
            print(f"{me}: not a registered evaluator")
            return 0
        print(f"{me}: stake {int(record['stake']) / UNIT:g} ATTR, {record.get('active_rounds', 0)} open rounds"
              + (f", unbonding since block {record['unbonding_since']}" if record.get("unbonding_since") is not None else ""))
        for work in chain.rpc("attribution_assignments", [me])["assignments"]:
            state = "revealed" if work["revealed"] else "committed" if work["committed"] else "to commit"
            print(f"  round {work['round']} (project {work['project']}{', measurement' if work['measurement'] else ''}): "
                  f"{work['seats']} seats, {state}; commit by block {work['commitEnd']}, reveal by {work['revealEnd']}")
        return 0
    from .access import request_signer
    from .evaluator import ArtifactSource, Evaluator, load_utility

    if not args.utility:
        raise AttribError("evaluator run needs --utility module:function")
    evaluator = Evaluator(
        chain,
        chain.signer,
        load_utility(args.utility),
        Path(args.state),
        # Requests are signed with the evaluator's key: an owner's gateway serves licensed work
        # to the evaluators drawn for it where the owner allows it (`attrib access`).
        ArtifactSource(
            args.artifacts,
            gateways=args.gateway or [],
            cache=Path(args.state) / "cache",
            sign=request_signer(chain.signer, chain.genesis_hash()),
        ),
        projects=args.project,
        log=lambda line: print(f"{time.strftime('%H:%M:%S')} {line}", flush=True),
    )
    print(f"{me}: evaluating (state in {evaluator.plans.directory}); Ctrl-C stops", flush=True)
    try:
        evaluator.run(args.interval)
    except KeyboardInterrupt:
        return 0
    return 0


def cmd_cid(args) -> int:
    for path in args.paths:
        print(f"{cid_of_path(path, hidden=args.hidden)}  {path}")
    return 0


def cmd_commit(args) -> int:
    repo = Repository.find()
    config = repo.config()
    chain = Chain(args.url or config["url"], args.signer or config.get("signer"), _timeout(args))
    # What every artifact of this command shares.
    common = dict(
        kind=args.kind,
        message=args.message or "",
        parents=args.parent or [],
        authors=args.author or None,
        licence=args.licence,
        project=args.project,
        published=args.published,
        repo=repo,
        chain=chain,
    )
    if len(args.path) > 1:
        if args.config or args.metrics or args.uri:
            raise AttribError("--config, --metrics and --uri describe one artifact: commit several paths without them")
        for made in commit_many([Path(p) for p in args.path], **common):
            print(made)
        return 0
    made = commit(
        Path(args.path[0]) if args.path else None,
        config=_load_json(args.config),
        metrics=_load_json(args.metrics),
        uri=args.uri,
        **common,
    )
    print(made)
    return 0


def cmd_log(args) -> int:
    chain = _chain(args)
    repo = _repo_or_none()
    if args.project is not None or repo is None:
        project = args.project if args.project is not None else 0
        ids = chain.contributions_by_project(project)
    else:
        ids = [c["id"] for c in repo.commits()]
    for id in reversed(ids):
        record = chain.contribution(id)
        parents = ",".join(map(str, record["parents"])) or "-"
        authors = ", ".join(a["account"] for a in record["authors"])
        status = _status(record)
        if status == "active" and chain.affected_by(id) is not None:
            status = "affected"
        print(
            f"{id:>6}  #{record['registeredAt']:<7} {record['kind']:<17} {status:<9} "
            f"parents {parents:<8} {record['cid']}  {authors}"
        )
    return 0


def cmd_show(args) -> int:
    chain = _chain(args)
    record = chain.contribution(args.id)
    repo = _repo_or_none()
    local = None
    if repo is not None:
        try:
            local = repo.commit(args.id)
        except NotFound:
            pass
    shown = {
        "chain": record,
        "affectedBy": chain.affected_by(args.id),
        "withdrawnAncestors": chain.withdrawn_ancestors(args.id),
        "local": local,
    }
    print(json.dumps(shown, indent=2))
    return 0


def cmd_lineage(args) -> int:
    chain = _chain(args)
    pedigree = chain.pedigree(args.id)
    records = {r["id"]: r for r in pedigree["contributions"]}

    def walk(id: int, depth: int, seen: set) -> None:
        record = records[id]
        mark = " (withdrawn)" if _status(record) == "withdrawn" else ""
        affected = chain.affected_by(id)
        if affected is not None:
            mark += f" (affected: #{affected} withdrawn)"
        print(f"{'  ' * depth}#{id} {record['kind']}{mark} {record['cid']}")
        if id in seen:
            return
        seen.add(id)
        for parent in record["parents"]:
            if parent in records:
                walk(parent, depth + 1, seen)

    walk(args.id, 0, set())
    if pedigree.get("truncated"):
        print("(truncated: the lineage goes on beyond the chain's walk limits: 64 generations, 10,000 contributions)")
    if args.svg:
        Path(args.svg).write_text(plots.lineage_svg(pedigree))
        print(f"wrote {args.svg}")
    return 0


def cmd_status(args) -> int:
    repo = Repository.find()
    chain = _chain(args)
    latest: Dict[str, Dict[str, Any]] = {}
    for record in repo.commits():
        latest[record["path"]] = record
    if not latest:
        print("nothing committed yet")
    for path, record in sorted(latest.items()):
        local = repo.root / path
        if not local.exists():
            state = "missing locally"
        else:
            state = "unchanged" if str(cid_of_path(local)) == record["cid"] else "modified"
        try:
            on_chain = _status(chain.contribution(record["id"]))
        except NotFound:
            on_chain = "not on this chain"
        print(f"{path}: {state}; contribution {record['id']} is {on_chain}")
    return 0


def cmd_diff(args) -> int:
    repo = Repository.find()
    a, b = repo.commit(args.a)["manifest"], repo.commit(args.b)["manifest"]
    changes = 0
    if "tensors" in a or "tensors" in b:
        for change in diff_tensors(digests_from_json(a.get("tensors", {})), digests_from_json(b.get("tensors", {}))):
            changes += 1
            detail = ""
            if change.change in ("reshaped", "retyped"):
                detail = f" {change.before.dtype}{list(change.before.shape)} -> {change.after.dtype}{list(change.after.shape)}"
            print(f"tensor {change.name}: {change.change}{detail}")
    else:
        files_a, files_b = a.get("files", {}), b.get("files", {})
        for name in sorted(set(files_a) | set(files_b)):
            if name not in files_a:
                print(f"file {name}: added")
            elif name not in files_b:
                print(f"file {name}: removed")
            elif files_a[name]["cid"] != files_b[name]["cid"]:
                print(f"file {name}: changed ({files_a[name]['size']} -> {files_b[name]['size']} bytes)")
            else:
                continue
            changes += 1
    for key in ("config", "metrics"):
        for name in sorted(set(a.get(key, {})) | set(b.get(key, {}))):
            before, after = a.get(key, {}).get(name), b.get(key, {}).get(name)
            if before != after:
                changes += 1
                print(f"{key} {name}: {before} -> {after}")
    print(f"{changes} difference(s) between {args.a} and {args.b}")
    return 0


def cmd_approve(args) -> int:
    chain = _chain(args)
    chain.approve(args.id)
    print(f"contribution {args.id}: approved by {chain.signer.ss58_address}; now {_status(chain.contribution(args.id))}")
    return 0


def cmd_proxy(args) -> int:
    chain = _chain(args)
    if chain.signer is None:
        raise AttribError("proxy needs the principal's key: pass --signer (or set one with attrib init)")
    me = chain.signer.ss58_address
    if args.action == "add":
        if not args.delegate:
            raise AttribError("proxy add needs the delegate's account")
        delegate = _account(args.delegate)
        chain.add_proxy(delegate, args.type)
        print(f"{delegate} may now act for {me} as a {args.type} proxy (a deposit is held while it lasts)")
        return 0
    entry = chain.storage("Proxy", "Proxies", [me])
    proxies = entry[0] if entry else []
    if not proxies:
        print(f"{me} has no proxies")
    for proxy in proxies:
        print(f"{proxy['delegate']}: {proxy['proxy_type']}, delay {proxy['delay']} blocks")
    return 0


def cmd_claim(args) -> int:
    chain = _chain(args)
    owed = chain.claimable(chain.signer.ss58_address)
    if int(owed["total"]) == 0:
        print(f"{chain.signer.ss58_address} has nothing to claim")
        return 0
    amount, sent = chain.claim_all()
    print(f"claimed {amount / UNIT:.6f} ATTR in {sent} transaction(s)")
    return 0


def cmd_record(args) -> int:
    chain = _chain(args)
    who = _account(args.account) if args.account else (chain.signer.ss58_address if chain.signer else None)
    if who is None:
        raise AttribError("record: name the account (SS58 or //Name), or set a signer with attrib init")
    record = chain.track_record(who)
    print(
        f"{who}: {record['active']} active, {record['pending']} pending, {record['withdrawn']} withdrawn "
        f"contribution(s) in {len(record['projects_contributed_to'])} project(s); owns "
        f"{len(record['projects_owned'])} project(s); claimed {int(record['earnings']) / UNIT:.6f} ATTR"
    )
    for score in record["scores"]:
        share = "not scored" if score["share"] is None else f"{score['share'] / 1e7:7.3f}% (v{score['version']})"
        print(
            f"  #{score['contribution']:<6} project {score['project']:<4} {share:<18} "
            f"earned {int(score['earned']) / UNIT:.6f} ATTR, claimed {int(score['claimed']) / UNIT:.6f} ATTR"
        )
    if record["truncated"]:
        print("(truncated: the chain counts the first 10,000 contributions, lists 256 and sums 10,000 claimable entries)")
    return 0


def cmd_scores(args) -> int:
    chain = _chain(args)
    snapshot = chain.scores(args.project, args.version)
    print(f"project {args.project}, snapshot version {snapshot['version']}")
    for share in snapshot["shares"]:
        print(f"  #{share['contribution']:<6} {share['sharePerbill'] / 1e7:7.3f}%")
    if args.png:
        plots.scores_png(snapshot, Path(args.png), f"project {args.project} scores (version {snapshot['version']})")
        print(f"wrote {args.png}")
    return 0


def _local_manifests() -> Dict[int, Dict[str, Any]]:
    """The manifests of the contributions committed from this repository (none outside one)."""
    repo = _repo_or_none()
    return {int(c["id"]): c.get("manifest") or {} for c in repo.commits()} if repo is not None else {}


def cmd_pedigree(args) -> int:
    chain = _chain(args)
    record = chain.pedigree(args.id)
    name = chain.substrate.chain
    info = json.loads(Path(args.info).read_text()) if args.info else None
    if info is not None and args.format != "ai-act":
        raise AttribError("--info is for --format ai-act (the provider's fields of the summary)")
    if args.format == "prov":
        document: Any = pedigrees.prov_document(record, args.id, name)
    elif args.format == "spdx":
        document = pedigrees.spdx_document(record, args.id, name, _local_manifests())
        pedigrees.validate_spdx(document)
    elif args.format == "openlineage":
        from .openlineage import registration_events, validate_event

        document = registration_events(record, name)
        for event in document:
            validate_event(event)
    else:
        from .ai_act import summary_markdown, training_content_summary

        document = training_content_summary(record, args.id, name, info)
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {args.output} ({args.format}, {len(record['contributions'])} contributions)")
    else:
        sys.stdout.write(text)
    if args.format == "ai-act":
        if args.markdown:
            Path(args.markdown).write_text(summary_markdown(document))
            print(f"wrote {args.markdown} (Markdown)")
        if document["missing"]:
            print(f"{len(document['missing'])} fields the chain cannot know are missing: give them with --info", file=sys.stderr)
    return 0


def _registered(args: argparse.Namespace, cids: List[str]) -> Dict[str, int]:
    """The contribution id the chain registered for the content of each of `cids` (under any
    CID encoding), for those it has. Nothing is asked when `cids` is empty, and a node that
    does not answer, or answers the lookup with an error, leaves the rest unknown: the lookup
    only adds to an offline verification, it never fails it."""
    found: Dict[str, int] = {}
    if not cids:
        return found
    try:
        chain = _chain(args)
        for cid in dict.fromkeys(cids):
            id = chain.contribution_by_cid(cid)
            if id is not None:
                found[cid] = id
    except (NodeUnavailable, NotFound):
        pass
    return found


def cmd_verify(args) -> int:
    document = _load_json(args.document)
    stated = pedigrees.cids_in(document)
    failures = 0
    if args.paths:
        results = pedigrees.verify(document, [Path(p) for p in args.paths])
        # Content the pedigree does not state may still be on chain (under any CID encoding).
        on_chain = _registered(args, [cid for _, cid, element in results if element is None])
        for path, cid, element in results:
            if element is None:
                failures += 1
                known = f"; the chain has this content as contribution {on_chain[cid]}" if cid in on_chain else ""
                print(f"MISMATCH {path}: {cid} is not in the pedigree{known}")
            else:
                print(f"ok       {path}: {cid} = {element}")
        return 1 if failures else 0
    # No paths: every artifact this repository committed that the pedigree names.
    repo = Repository.find()
    by_cid = {cid: element for element, cid in stated.items()}
    checked = 0
    for record in repo.commits():
        element = by_cid.get(record["cid"])
        if element is None:
            continue
        checked += 1
        path = repo.root / record["path"]
        local = str(cid_of_path(path)) if path.exists() else None
        if local == record["cid"]:
            print(f"ok       {record['path']}: {local} = {element}")
        else:
            failures += 1
            now = local or "missing"
            print(f"CHANGED  {record['path']}: the pedigree states {record['cid']} ({element}), the file is now {now}")
    if not checked:
        raise AttribError("no artifact of this pedigree was committed from this repository: give paths")
    return 1 if failures else 0


def parser() -> argparse.ArgumentParser:
    """The command line."""
    top = argparse.ArgumentParser(prog="attrib", description=__doc__)
    # --url, --signer and --timeout are accepted before or after the command.
    common = argparse.ArgumentParser(add_help=False)
    for parser_ in (top, common):
        default = None if parser_ is top else argparse.SUPPRESS
        parser_.add_argument(
            "--url", default=default, help=f"node WebSocket URL (default: the repository's, else {DEFAULT_URL})"
        )
        parser_.add_argument(
            "--signer", default=default, help="secret URI of the signing key (//Alice on a dev chain, or a mnemonic)"
        )
        parser_.add_argument(
            "--timeout",
            type=float,
            default=default,
            help=f"seconds each transaction may take to reach a block before giving up (default {DEFAULT_TIMEOUT:g})",
        )
    commands = top.add_subparsers(dest="command", required=True)
    real_add_parser = commands.add_parser

    def add_parser(name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return real_add_parser(name, parents=[common], **kwargs)

    commands.add_parser = add_parser  # type: ignore[method-assign]

    p = commands.add_parser("init", help="create .attrib/ here")
    p.add_argument("--project", type=int)
    p.set_defaults(run=cmd_init)

    p = commands.add_parser("project", help="create a project on chain (and make it the repository's)")
    p.add_argument("name")
    p.add_argument("--licence", default="CC-BY-4.0", help="default SPDX licence")
    p.add_argument(
        "--committee",
        type=int,
        default=None,
        help=f"seats of each round's committee, drawn by stake (default {SUGGESTED_COMMITTEE}, or the chain's floor when higher)",
    )
    p.add_argument("--commit-period", type=int, default=MIN_PERIOD, help=f"blocks to commit (at least {MIN_PERIOD})")
    p.add_argument("--reveal-period", type=int, default=MIN_PERIOD, help=f"blocks to reveal (at least {MIN_PERIOD})")
    p.add_argument("--dispute-period", type=int, default=MIN_PERIOD, help=f"blocks to dispute a result (at least {MIN_PERIOD})")
    p.add_argument(
        "--consortium",
        action="store_true",
        help="only members contribute; you are the first, and admit others (attrib members)",
    )
    p.set_defaults(run=cmd_project)

    p = commands.add_parser(
        "members",
        help="a consortium's members: list them, or add and remove them (the owner directly, "
        "members by majority vote with --vote)",
    )
    p.add_argument("action", choices=["list", "add", "remove", "cancel"])
    p.add_argument("account", nargs="?", help="SS58 address or secret URI (//Alice) of the member")
    p.add_argument("--project", type=int, help="the consortium (default: the repository's project)")
    p.add_argument(
        "--vote",
        action="store_true",
        help="add/remove as a member's vote instead of the owner's decision: the first vote opens a "
        "motion (holding its deposit), the one that makes more than half of the members applies it",
    )
    p.add_argument(
        "--change",
        nargs=1,
        choices=["add", "remove"],
        default=["add"],
        help="cancel: which motion on the account (default add)",
    )
    p.set_defaults(run=cmd_members)

    p = commands.add_parser(
        "record",
        help="a contributor's track record: contributions by status, and per contribution its latest "
        "final share and what was earned and claimed through it",
    )
    p.add_argument("account", nargs="?", help="SS58 address or secret URI (default: the signer)")
    p.set_defaults(run=cmd_record)

    p = commands.add_parser(
        "royalties",
        help="which parents of a contribution its royalties pay: show them, or approve them with "
        "weights as its project's owner (only approved parents are paid)",
    )
    p.add_argument("id", type=int, help="the contribution")
    p.add_argument(
        "parents",
        nargs="*",
        help="PARENT=PERCENT: approve a parent for that part of what the parents' floors leave "
        "(0 approves it for its floor alone); replaces the earlier approval",
    )
    p.add_argument("--clear", action="store_true", help="remove the approval (its deposit is released)")
    p.set_defaults(run=cmd_royalties)

    p = commands.add_parser(
        "access",
        help="whether evaluators drawn for a round or measurement may get a contribution's (or a "
        "project's) licensed artifacts from its owner's gateways: show it, or set it as the project's owner",
    )
    p.add_argument("id", type=int, nargs="?", help="the contribution (its setting overrides its project's)")
    p.add_argument("--project", type=int, help="the project's setting instead")
    p.add_argument(
        "--evaluators",
        choices=["on", "off", "clear"],
        help="on: drawn evaluators may fetch it while their assignment lasts; off: they may not; "
        "clear: remove the setting (its deposit is released; no setting means no access)",
    )
    p.set_defaults(run=cmd_access)

    p = commands.add_parser(
        "car", help="write a CARv1 archive of a file or directory (`ipfs dag import` reads it), or unpack one"
    )
    p.add_argument("path", help="the file or directory to archive (with --unpack: the CAR)")
    p.add_argument("--output", "-o", required=True, help="the CAR to write (with --unpack: where to rebuild the content)")
    p.add_argument(
        "--unpack", action="store_true", help="check every block of the CAR against its CID and rebuild its root"
    )
    p.add_argument("--hidden", action="store_true", help="include names starting with a dot (as ipfs add -r --hidden)")
    p.set_defaults(run=cmd_car)

    p = commands.add_parser(
        "fetch", help="fetch a file or directory by CID from IPFS trustless gateways, every block checked"
    )
    p.add_argument("cid")
    p.add_argument("--output", "-o", help="where to put it (default: the CID); must not exist")
    p.add_argument(
        "--gateway",
        action="append",
        help=f"gateway URL, tried in order for each block (repeatable; default {DEFAULT_GATEWAY})",
    )
    p.add_argument("--cache", help="where downloaded blocks are kept, so that a fetch resumes (default ~/.cache/attrib/blocks)")
    p.add_argument(
        "--locator",
        action="append",
        help="a URL of the whole content (or its CAR) to try when no gateway delivers it; the "
        "contribution's locator on chain is tried too when a node is given (--url or the repository's)",
    )
    p.set_defaults(run=cmd_fetch)

    p = commands.add_parser(
        "evaluator",
        help="the evaluator's side: register, unbond, withdraw, status, or run the daemon that measures, commits and reveals",
    )
    p.add_argument("action", choices=["register", "unbond", "withdraw", "status", "run"])
    p.add_argument("--stake", type=float, help="register: the stake to hold, in ATTR")
    p.add_argument("--utility", help="run: module:function (or file.py:function) measuring a round's task")
    p.add_argument("--project", type=int, action="append", help="run: only these projects' rounds (repeatable)")
    p.add_argument(
        "--state", default=str(Path.home() / ".local" / "state" / "attrib" / "evaluator"),
        help="run: where plans (salts and reveals) are kept, fsynced before each commitment",
    )
    p.add_argument("--artifacts", help="run: a directory of artifacts named by CID")
    p.add_argument("--gateway", action="append", help="run: gateways to fetch artifacts from (every block checked)")
    p.add_argument("--interval", type=float, default=1.0, help="run: seconds between passes over the open work")
    p.set_defaults(run=cmd_evaluator)

    p = commands.add_parser(
        "serve",
        help="serve your registered artifacts by CID as an IPFS trustless gateway, to those the chain entitles",
    )
    p.add_argument("paths", nargs="+", help="files and directories (each the artifact the chain registered)")
    p.add_argument("--port", type=int, default=8473)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.set_defaults(run=cmd_serve)

    p = commands.add_parser("ui", help="serve the web dashboard (clients/web, built) on this machine")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080; 0: any free port)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--dir", help="the built dashboard (default: $ATTRIB_UI_DIR, else the clone's clients/web/dist)")
    p.set_defaults(run=cmd_ui)

    p = commands.add_parser("cid", help="print the IPFS CID of files or directories")
    p.add_argument("paths", nargs="+")
    p.add_argument("--hidden", action="store_true", help="include names starting with a dot (as ipfs add -r --hidden)")
    p.set_defaults(run=cmd_cid)

    p = commands.add_parser("commit", help="hash an artifact and register it as a contribution")
    p.add_argument(
        "path",
        nargs="*",
        help="file or directory (omit for a run given by --config/--metrics); several paths are "
        "registered as one contribution each, together in batched transactions",
    )
    p.add_argument("--kind", "-k", required=True, help="dataset, model, finetune, run, code, evaluation, federated-update")
    p.add_argument("--message", "-m")
    p.add_argument("--parent", "-p", type=int, action="append", help="parent contribution id (repeatable)")
    p.add_argument("--author", "-a", action="append", help="co-author account (repeatable; default: the signer)")
    p.add_argument("--licence", help="SPDX licence (default: the project's)")
    p.add_argument("--project", type=int)
    p.add_argument("--config", help="a run's configuration (JSON file)")
    p.add_argument("--metrics", help="a run's metrics (JSON file)")
    p.add_argument(
        "--locator",
        "--uri",
        dest="uri",
        help="where the artifact can be fetched besides IPFS: ar://TXID (Arweave) or a URI",
    )
    p.add_argument(
        "--published",
        action="store_true",
        help="the artifact is already public: register in one transaction, without first "
        "committing to its content (which keeps others from registering it ahead of you)",
    )
    p.set_defaults(run=cmd_commit)

    p = commands.add_parser("log", help="contributions, newest first (this repository's, or a project's)")
    p.add_argument("--project", type=int)
    p.set_defaults(run=cmd_log)

    p = commands.add_parser("show", help="a contribution's chain record and local manifest")
    p.add_argument("id", type=int)
    p.set_defaults(run=cmd_show)

    p = commands.add_parser("lineage", help="a contribution's ancestors")
    p.add_argument("id", type=int)
    p.add_argument("--svg", help="also draw the pedigree DAG to this SVG file")
    p.set_defaults(run=cmd_lineage)

    p = commands.add_parser("status", help="local artifacts against their last commits and the chain")
    p.set_defaults(run=cmd_status)

    p = commands.add_parser("diff", help="which files or tensors changed between two commits")
    p.add_argument("a", type=int)
    p.add_argument("b", type=int)
    p.set_defaults(run=cmd_diff)

    p = commands.add_parser("approve", help="approve, as a co-author, a pending contribution")
    p.add_argument("id", type=int)
    p.set_defaults(run=cmd_approve)

    p = commands.add_parser(
        "proxy",
        help="let another account act for the signer within a proxy type (a federated coordinator "
        "registering the signer's updates needs Registry), or list the signer's proxies",
    )
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("delegate", nargs="?", help="SS58 address or secret URI of the proxy (add)")
    p.add_argument(
        "--type", default="Registry", help="proxy type: Registry (register contributions only; default), "
        "Evaluator, NonTransfer, Governance, CancelProxy or Any",
    )
    p.set_defaults(run=cmd_proxy)

    p = commands.add_parser("claim", help="claim everything the signer is owed")
    p.set_defaults(run=cmd_claim)

    p = commands.add_parser("scores", help="a project's final score shares")
    p.add_argument("project", type=int)
    p.add_argument("--version", type=int)
    p.add_argument("--png", help="also chart the shares to this PNG file")
    p.set_defaults(run=cmd_scores)

    p = commands.add_parser(
        "pedigree",
        help="export a pedigree: W3C PROV-JSON, SPDX 3.0.1 (validated), OpenLineage run events "
        "(validated), or the EU AI Act's public summary of training content",
    )
    p.add_argument("id", type=int)
    p.add_argument("--format", choices=["prov", "spdx", "openlineage", "ai-act"], default="prov")
    p.add_argument("--output", "-o")
    p.add_argument("--info", help="ai-act: a JSON file with the provider's fields the chain cannot know")
    p.add_argument("--markdown", help="ai-act: also write the summary as Markdown to this file")
    p.set_defaults(run=cmd_pedigree)

    p = commands.add_parser("verify", help="re-hash local artifacts against a pedigree document")
    p.add_argument("document")
    p.add_argument("paths", nargs="*")
    p.set_defaults(run=cmd_verify)
    return top


def main(argv: Optional[List[str]] = None) -> int:
    """Runs the command line; errors print one line and exit with status 1."""
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (AttribError, CidError) as error:
        print(f"attrib: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
