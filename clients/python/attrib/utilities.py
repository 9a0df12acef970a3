"""Utilities an evaluator measures coalitions with: each returns the `Utility` the scoring code
takes (a coalition, as player indices, to an integer: parts per million of accuracy), so that an
exact Shapley round over `2^n` coalitions is affordable.

- `knn_utility`: K-nearest-neighbour accuracy on the evaluation set using the coalition's points.
  No training: the neighbours of each evaluation point are sorted once, and a coalition only
  selects among them, so all `2^10` coalitions of a 10-contribution round cost seconds.
- `retrain_utility`: a user's estimator (anything with scikit-learn's `fit`/`predict`, or a
  training function) trained on the union of the coalition's datasets and scored on the
  evaluation set; `utility_table_parallel` runs the coalitions on every core.
- `benchmark_value`: one checkpoint's metric on the evaluation set, for a measurement.
- `federated_utility`: for a round over federated updates, the global model plus the
  sample-weighted mean of the coalition's updates, scored on the evaluation set, with no
  retraining (the reconstruction idea of GTG-Shapley).

Scores are integers as the chain takes them: `round(accuracy * 1_000_000)`.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, List, Optional, Sequence, Tuple

import numpy as np

from .shapley import Utility, members

#: Parts per million: the chain's integer utilities.
PPM = 1_000_000

#: A dataset: features (n × d) and labels (n).
Dataset = Tuple[np.ndarray, np.ndarray]


def ppm(fraction: float) -> int:
    """A fraction as the chain's integer (parts per million, rounded)."""
    return int(round(float(fraction) * PPM))


def accuracy_ppm(predicted: np.ndarray, expected: np.ndarray) -> int:
    """Accuracy of `predicted` against `expected`, in parts per million."""
    if len(expected) == 0:
        return 0
    return ppm(np.mean(np.asarray(predicted) == np.asarray(expected)))


def knn_utility(datasets: Sequence[Dataset], evaluation: Dataset, k: int = 5) -> Utility:
    """The K-nearest-neighbour utility: a coalition's accuracy (ppm) on `evaluation` when each
    evaluation point takes the majority label of its `k` nearest points (Euclidean) among the
    coalition's datasets; ties between labels go to the smallest label, and between equally
    distant points to the earlier one (dataset order, then row order), as scikit-learn's brute
    force does. The empty coalition scores 0."""
    if k < 1:
        raise ValueError("k must be at least 1")
    points = np.concatenate([np.asarray(x, dtype=float) for x, _ in datasets])
    labels = np.concatenate([np.asarray(y) for _, y in datasets])
    owner = np.concatenate([np.full(len(y), i) for i, (_, y) in enumerate(datasets)])
    x_eval, y_eval = np.asarray(evaluation[0], dtype=float), np.asarray(evaluation[1])
    distances = ((x_eval[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    # Stable sort: equal distances keep dataset order.
    order = np.argsort(distances, axis=1, kind="stable")
    owner_sorted, labels_sorted = owner[order], labels[order]
    # Every non-empty coalition finds its k nearest points before the column where each
    # dataset has shown its k-th point (or its last): the rest of each row is never read.
    seen = np.zeros((len(x_eval), len(datasets)), dtype=int)
    cut = 0
    for column in range(owner_sorted.shape[1]):
        np.add.at(seen, (np.arange(len(x_eval)), owner_sorted[:, column]), 1)
        cut = column + 1
        if np.all(seen >= np.minimum(k, [len(y) for _, y in datasets])):
            break
    owner_bits = (np.int64(1) << owner_sorted[:, :cut].astype(np.int64))
    label_index = np.searchsorted(np.unique(labels), labels_sorted[:, :cut])
    classes = np.unique(labels)

    def utility(coalition: Sequence[int]) -> int:
        if not coalition:
            return 0
        mask = np.int64(sum(1 << i for i in set(coalition)))
        inside = (owner_bits & mask) != 0
        # The first k points of the coalition along each evaluation point's sorted row.
        chosen = inside & (np.cumsum(inside, axis=1) <= k)
        votes = np.zeros((len(x_eval), len(classes)), dtype=int)
        rows, columns = np.nonzero(chosen)
        np.add.at(votes, (rows, label_index[rows, columns]), 1)
        predicted = classes[np.argmax(votes, axis=1)]  # argmax: the smallest label on ties
        return accuracy_ppm(predicted, y_eval)

    return utility


def _union(datasets: Sequence[Dataset], coalition: Sequence[int]) -> Dataset:
    xs = [np.asarray(datasets[i][0]) for i in coalition]
    ys = [np.asarray(datasets[i][1]) for i in coalition]
    return np.concatenate(xs), np.concatenate(ys)


def retrain_score(
    make_estimator: Callable[[], Any], datasets: Sequence[Dataset], evaluation: Dataset, coalition: Sequence[int]
) -> int:
    """Trains a fresh estimator on the union of the coalition's datasets and returns its
    accuracy (ppm) on `evaluation`. A coalition without data, or with one label only, predicts
    its only label (or nothing: 0)."""
    if not coalition:
        return 0
    x, y = _union(datasets, coalition)
    labels = np.unique(y)
    if len(labels) == 1:
        return accuracy_ppm(np.full(len(evaluation[1]), labels[0]), evaluation[1])
    estimator = make_estimator()
    estimator.fit(x, y)
    return accuracy_ppm(estimator.predict(np.asarray(evaluation[0])), evaluation[1])


def retrain_utility(make_estimator: Callable[[], Any], datasets: Sequence[Dataset], evaluation: Dataset) -> Utility:
    """The retraining utility (see `retrain_score`); `make_estimator` returns a new unfitted
    estimator (`fit(X, y)`, `predict(X)`), e.g. `lambda: LogisticRegression(max_iter=500)`."""
    return lambda coalition: retrain_score(make_estimator, datasets, evaluation, coalition)


def _score_mask(args) -> int:
    make_estimator, datasets, evaluation, mask, players = args
    return retrain_score(make_estimator, datasets, evaluation, members(mask, players))


def utility_table_parallel(
    make_estimator: Callable[[], Any],
    datasets: Sequence[Dataset],
    evaluation: Dataset,
    workers: Optional[int] = None,
    progress: bool = True,
) -> List[int]:
    """`retrain_utility` of all `2^n` coalitions in bitmask order, on `workers` processes (all
    cores by default), with a progress bar. `make_estimator` must be picklable (a class, or a
    module-level function)."""
    players = len(datasets)
    jobs = [(make_estimator, datasets, evaluation, mask, players) for mask in range(1 << players)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(_score_mask, jobs, chunksize=max(1, len(jobs) // 64))
        if progress:
            from tqdm import tqdm

            results = tqdm(results, total=len(jobs), desc="coalitions", unit="coalition")
        return list(results)


def benchmark_value(predict: Callable[[np.ndarray], np.ndarray], evaluation: Dataset) -> int:
    """A checkpoint's accuracy (ppm) on the evaluation set, for a measurement: `predict` maps
    features to labels."""
    return accuracy_ppm(predict(np.asarray(evaluation[0])), evaluation[1])


def federated_utility(
    global_weights: np.ndarray,
    updates: Sequence[np.ndarray],
    samples: Sequence[int],
    evaluate: Callable[[np.ndarray], float],
) -> Utility:
    """The federated utility: a coalition's model is `global_weights` plus the mean of its
    clients' `updates` (each the client's weights minus the global ones), weighted by the
    clients' `samples`; its utility is `evaluate(model)` (a fraction) in ppm. The empty
    coalition is the global model. Nothing is retrained."""
    base = np.asarray(global_weights, dtype=float)
    deltas = [np.asarray(u, dtype=float) for u in updates]
    if any(d.shape != base.shape for d in deltas):
        raise ValueError("every update must have the global model's shape")
    counts = np.asarray(samples, dtype=float)

    def utility(coalition: Sequence[int]) -> int:
        if not coalition:
            return ppm(evaluate(base))
        weights = counts[list(coalition)]
        total = weights.sum()
        if total <= 0:
            return ppm(evaluate(base))
        mean = sum(w * deltas[i] for w, i in zip(weights, coalition)) / total
        return ppm(evaluate(base + mean))

    return utility
