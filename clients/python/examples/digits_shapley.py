"""End to end on a dev node with scikit-learn's `load_digits`.

Three contributors (Eve, Ferdie and Alice's stash) each register a third of the training data
to Alice's project; one of them has a quarter of its labels scrambled. Alice opens an exact
scoring round: the chain makes the project's active contributions (the three datasets, in id
order) its players. Three staked evaluators (Bob, Charlie, Dave: neither the owner, the
sponsor nor an author, who may not evaluate) each measure, off chain, the test accuracy of a
logistic regression trained on every coalition of the round's players, and commit then reveal
the utility table. Alice sponsors a 30 ATTR pool released when a model trained on the data
reaches 90% accuracy; as the project's owner she starts a report on her checkpoint, which the
evaluation engine measures: the same evaluators commit and reveal the accuracy on the
measurement, it is aggregated, and after its dispute window the report is concluded, the pool
releases, and each contributor claims its share. Prints the scores and the payouts.

    python examples/digits_shapley.py [--url ws://127.0.0.1:9944]
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from attrib import Chain, Repository, commit, evaluator_policy, keypair, licence_terms
from attrib.chain import MIN_EVALUATOR_STAKE, UNIT
from attrib.cid import cid_of_path
from attrib.shapley import exact_round, measurement_round, members, shapley_values

CONTRIBUTORS = ["//Eve", "//Ferdie", "//Alice//stash"]
EVALUATORS = ["//Bob", "//Charlie", "//Dave"]
SPONSOR = "//Alice"
POOL = 30 * UNIT
THRESHOLD_PPM = 900_000  # 90% accuracy


def split_data(seed: int = 0):
    """Train/test split of the digits, the training part cut in three; the third one's labels
    are a quarter scrambled."""
    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data / 16.0, digits.target, test_size=0.3, random_state=seed, stratify=digits.target
    )
    parts = []
    for n, (x, y) in enumerate(zip(np.array_split(x_train, 3), np.array_split(y_train, 3))):
        y = y.copy()
        if n == 2:
            rng = np.random.default_rng(seed)
            noisy = rng.choice(len(y), size=len(y) // 4, replace=False)
            y[noisy] = rng.integers(0, 10, size=len(noisy))
        parts.append((x, y))
    return parts, (x_test, y_test)


def accuracy_ppm(parts, test, coalition) -> int:
    """Test accuracy, in parts per million, of a model trained on the coalition's data (0 for
    the empty coalition)."""
    if not coalition:
        return 0
    x = np.concatenate([parts[i][0] for i in coalition])
    y = np.concatenate([parts[i][1] for i in coalition])
    model = LogisticRegression(max_iter=2000).fit(x, y)
    return int(round(model.score(*test) * 1_000_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("ATTRIB_URL", "ws://127.0.0.1:9944"))
    parser.add_argument("--workdir", help="where the artifacts and .attrib go (default: a temporary directory)")
    parser.add_argument("--leave-unclaimed", metavar="URI", choices=CONTRIBUTORS, action="append", default=[], help="a contributor who does not claim its share (to claim it later, e.g. with `attrib claim` or the dashboard); may be repeated")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="attrib-digits-"))
    work.mkdir(parents=True, exist_ok=True)

    sponsor = Chain(args.url, SPONSOR)
    evaluators = [keypair(uri) for uri in EVALUATORS]
    parts, test = split_data()

    # The project: committees of 31 seats drawn by stake (the three evaluators share them);
    # commit, reveal and dispute periods above the runtime's floors (10 blocks each) with room
    # for three transactions each.
    policy = evaluator_policy(committee=31, commit_period=20, reveal_period=20, dispute_period=10)
    project = sponsor.create_project("digits", licence_terms("CC-BY-4.0"), 0, policy)
    print(f"project {project} created by Alice")

    # Each contributor registers its data subset (saved as safetensors; the SDK computes the CID).
    dataset_ids = []
    for n, uri in enumerate(CONTRIBUTORS):
        folder = work / f"contributor{n}"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        save_file({"x": parts[n][0].astype(np.float32), "y": parts[n][1].astype(np.int64)}, str(folder / "data" / "digits.safetensors"))
        repo = Repository.init(folder, args.url, project, uri)
        made = commit(folder / "data", kind="dataset", message=f"digits subset {n}", repo=repo, show_progress=False)
        dataset_ids.append(made.id)
        print(f"{uri:>15} registered dataset {made.id}: {made.cid}")

    # Evaluators stake enough to cover every seat of the 31 they may draw (a seat votes only
    # as far as the stake behind it covers it), then measure every coalition off chain
    # before the round opens (2^3 models), so that committing fits the commit period.
    for evaluator in evaluators:
        sponsor.ensure_evaluator(31 * MIN_EVALUATOR_STAKE, evaluator)
    accuracy_of = {
        frozenset(dataset_ids[i] for i in members(mask, 3)): accuracy_ppm(parts, test, members(mask, 3))
        for mask in range(1 << 3)
    }

    # The round's players are the project's active contributions, chosen by the chain; the
    # evaluators' table follows the chain's player order.
    receipt = sponsor.submit(
        "Scoring",
        "open_round",
        {
            "project": project,
            "utility": {
                "metric": 1,
                "evaluation_set": "0x" + _test_set_cid(work, test).hex(),
                "direction": "HigherIsBetter",
            },
        },
    )
    round_id = int(receipt.event("Scoring", "RoundOpened")["round"])
    players = sponsor.round_players(round_id)
    if sorted(players) != sorted(dataset_ids):
        raise SystemExit(f"round {round_id} scores {players}, not the datasets {dataset_ids}")
    print(f"round {round_id} opened over contributions {players}")
    scored = exact_round(sponsor, evaluators, round_id, lambda coalition: accuracy_of[frozenset(coalition)])
    print("coalition accuracies (ppm, bitmask order over the players):", scored.table)
    values = shapley_values(scored.table)
    print("off-chain Shapley values (accuracy points):", [round(v / 10_000, 2) for v in values])
    scores = sponsor.scores(project)
    share_of = {s["contribution"]: s["sharePerbill"] for s in scores["shares"]}
    for uri, id in zip(CONTRIBUTORS, dataset_ids):
        print(f"{uri:>15} dataset {id}: {share_of[id] / 1e7:6.2f}% of the project's earnings")

    # A model trained on all the data, registered as a checkpoint derived from the datasets.
    model = LogisticRegression(max_iter=2000).fit(np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
    (work / "model").mkdir(exist_ok=True)
    save_file({"coef": model.coef_.astype(np.float32), "intercept": model.intercept_.astype(np.float32)}, str(work / "model" / "logreg.safetensors"))
    owner_repo = Repository.init(work / "owner", args.url, project, SPONSOR)
    checkpoint = commit(work / "model" / "logreg.safetensors", kind="model", message="logistic regression on all three subsets", parents=dataset_ids, repo=owner_repo, chain=sponsor, show_progress=False)
    accuracy = accuracy_ppm(parts, test, [0, 1, 2])
    print(f"checkpoint {checkpoint.id}: accuracy {accuracy / 10_000:.2f}%")

    # The sponsor's pool, released by a report, measured by the evaluators, that the checkpoint
    # crosses 90%.
    # The project policy's committee (a sponsor may ask for more seats).
    pool = sponsor.create_pool(
        project, "accuracy", THRESHOLD_PPM, _test_set_cid(work, test), POOL, sponsor.best_number() + 400
    )

    # The owner starts a report: the evaluation engine opens a measurement of the checkpoint
    # under the pool's terms; the evaluators commit and reveal its accuracy there.
    measurement, requested = sponsor.start_report(pool, checkpoint.id)
    print(f"pool {pool}: measurement {measurement} of checkpoint {checkpoint.id}, committee drawn in relay epoch {requested['draw_epoch']}")
    median = measurement_round(sponsor, evaluators, measurement, accuracy)
    concluded = sponsor.conclude_report(pool)
    if concluded["released_at"] is None:
        raise SystemExit(f"pool {pool} was not released: {concluded}")
    print(f"pool {pool}: {POOL / UNIT:.0f} ATTR released at block {concluded['released_at']} (reported accuracy {median / 10_000:.2f}%)")

    # Each contributor claims by pull.
    for uri in CONTRIBUTORS:
        if uri in args.leave_unclaimed:
            print(f"{uri:>15} leaves its share unclaimed")
            continue
        contributor = Chain(args.url, uri)
        amount, _ = contributor.claim_all()
        print(f"{uri:>15} claimed {amount / UNIT:.6f} ATTR")


def _test_set_cid(work: Path, test) -> bytes:
    path = work / "test-set.safetensors"
    if not path.exists():
        save_file({"x": test[0].astype(np.float32), "y": test[1].astype(np.int64)}, str(path))
    return cid_of_path(path).to_bytes()


if __name__ == "__main__":
    main()
