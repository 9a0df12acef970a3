"""End to end on a dev node with scikit-learn's `load_digits`.

Three contributors (Eve, Ferdie and Alice's stash) each register a third of the training data;
one of them has a quarter of its labels scrambled. Three staked evaluators (Bob, Charlie, Dave)
each measure, off chain, the test accuracy of a logistic regression trained on every coalition
of the three datasets, compute the exact Shapley values, and commit then reveal the utility
table in an exact scoring round. Alice sponsors a 30 ATTR pool released when a model trained on
the data reaches 90% accuracy; the evaluators report it, the pool releases, and each
contributor claims its share. Prints the scores and the payouts.

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
from attrib.chain import UNIT, blake2_256
from attrib.cid import cid_of_path
from attrib.shapley import exact_round, shapley_values, utility_table

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
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="attrib-digits-"))
    work.mkdir(parents=True, exist_ok=True)

    sponsor = Chain(args.url, SPONSOR)
    evaluators = [keypair(uri) for uri in EVALUATORS]
    parts, test = split_data()

    # The project: three evaluators per round, short periods for a dev chain.
    policy = evaluator_policy(min_evaluators=3, commit_period=4, reveal_period=4, dispute_period=2)
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

    # Evaluators stake, then measure every coalition off chain (exact Shapley, 2^3 models).
    for evaluator in evaluators:
        sponsor.submit("Scoring", "register_evaluator", {"stake": 100 * UNIT}, evaluator)
    table = utility_table(3, lambda coalition: accuracy_ppm(parts, test, coalition))
    values = shapley_values(table)
    print("coalition accuracies (ppm, bitmask order):", table)
    print("off-chain Shapley values (accuracy points):", [round(v / 10_000, 2) for v in values])

    receipt = sponsor.submit(
        "Scoring",
        "open_round",
        {
            "project": project,
            "players": dataset_ids,
            "utility": {
                "metric": 1,
                "evaluation_set": "0x" + _test_set_cid(work, test).hex(),
                "direction": "HigherIsBetter",
            },
            "method": "Exact",
        },
    )
    round_id = int(receipt.event("Scoring", "RoundOpened")["round"])
    exact_round(sponsor, evaluators, round_id, table)
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

    # The sponsor's pool, released by the evaluators' report that the checkpoint crosses 90%.
    deadline = sponsor.best_number() + 400
    receipt = sponsor.submit(
        "Payouts",
        "create_pool",
        {
            "project": project,
            "trigger": {
                "metric": "0x" + blake2_256(b"accuracy").hex(),
                "comparator": "AtLeast",
                "threshold": THRESHOLD_PPM,
                "evaluation_set": "0x" + _test_set_cid(work, test).hex(),
            },
            "amount": POOL,
            "deadline": deadline,
        },
    )
    pool = int(receipt.event("Payouts", "PoolCreated")["pool"])
    sponsor.submit("Payouts", "start_report", {"pool": pool, "checkpoint": checkpoint.id})
    reporting = sponsor.pool(pool)["status"]["reporting"]
    salts = {e.ss58_address: os.urandom(32) for e in evaluators}
    for evaluator in evaluators:
        preimage = (
            pool.to_bytes(8, "little")
            + int(reporting["attempt"]).to_bytes(4, "little")
            + evaluator.public_key
            + accuracy.to_bytes(8, "little", signed=True)
            + salts[evaluator.ss58_address]
        )
        sponsor.submit("Payouts", "commit_result", {"pool": pool, "commitment": "0x" + blake2_256(preimage).hex()}, evaluator)
    sponsor.wait_past(reporting["commitEnd"])
    for evaluator in evaluators:
        sponsor.submit("Payouts", "reveal_result", {"pool": pool, "result": accuracy, "salt": "0x" + salts[evaluator.ss58_address].hex()}, evaluator)
    sponsor.wait_past(reporting["revealEnd"])
    sponsor.submit("Payouts", "conclude_report", {"pool": pool})
    released = sponsor.pool(pool)["status"]["released"]
    print(f"pool {pool}: {POOL / UNIT:.0f} ATTR released at block {released['at']} (reported accuracy {released['result'] / 10_000:.2f}%)")

    # Each contributor claims by pull.
    for uri in CONTRIBUTORS:
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
