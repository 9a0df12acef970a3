"""The evaluator's utilities (`attrib.utilities`), without a node: the KNN utility agrees with
scikit-learn's classifier and ranks a label-noise contributor last, the retraining utility runs
the same in parallel as serially, and the federated utility gives a client that sends a random
update the lowest share."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrib.shapley import shapley_values, utility_table
from attrib.utilities import (
    benchmark_value,
    federated_utility,
    knn_utility,
    ppm,
    retrain_score,
    utility_table_parallel,
)

# scikit-learn comes with the test install (the `examples` extra): missing, the tests fail.
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier


def _blobs(rng, n, flip=False):
    """Two Gaussian classes in 2-D; `flip` swaps the labels (a contributor of wrong labels)."""
    y = rng.integers(0, 2, n)
    x = rng.normal(size=(n, 2)) + np.where(y[:, None] == 1, 1.5, -1.5)
    return x, (1 - y) if flip else y


def _datasets(seed=0, noisy=4, players=5):
    rng = np.random.default_rng(seed)
    datasets = [_blobs(rng, 30, flip=(i == noisy)) for i in range(players)]
    return datasets, _blobs(rng, 200)


@settings(max_examples=25, deadline=None)
@given(coalition=st.sets(st.integers(0, 4), min_size=1), k=st.sampled_from([1, 3, 5, 7]))
def test_knn_utility_agrees_with_scikit_learn(coalition, k):
    datasets, evaluation = _datasets(seed=1)
    members = sorted(coalition)
    x = np.concatenate([datasets[i][0] for i in members])
    y = np.concatenate([datasets[i][1] for i in members])
    if len(y) < k:
        return
    reference = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(x, y).predict(evaluation[0])
    assert knn_utility(datasets, evaluation, k)(members) == ppm(np.mean(reference == evaluation[1]))


def test_the_label_noise_contributor_has_the_lowest_knn_shapley_value():
    datasets, evaluation = _datasets(seed=2, noisy=3)
    values = shapley_values(utility_table(len(datasets), knn_utility(datasets, evaluation, k=5)))
    assert int(np.argmin(values)) == 3
    assert knn_utility(datasets, evaluation)([]) == 0


def test_retraining_in_parallel_equals_serially_and_a_direct_fit():
    datasets, evaluation = _datasets(seed=3, players=4)
    serial = utility_table(4, lambda c: retrain_score(LogisticRegression, datasets, evaluation, c))
    assert utility_table_parallel(LogisticRegression, datasets, evaluation, workers=2, progress=False) == serial
    x = np.concatenate([datasets[0][0], datasets[2][0]])
    y = np.concatenate([datasets[0][1], datasets[2][1]])
    direct = LogisticRegression().fit(x, y).predict(evaluation[0])
    assert serial[0b0101] == ppm(np.mean(direct == evaluation[1]))
    assert serial[0] == 0


def test_benchmark_value_is_the_accuracy_in_ppm():
    x = np.arange(8).reshape(4, 2)
    assert benchmark_value(lambda features: np.array([0, 1, 1, 1]), (x, np.array([0, 1, 0, 1]))) == 750_000


def _logistic_accuracy(weights, evaluation):
    x, y = evaluation
    scores = x @ weights[:-1] + weights[-1]
    return float(np.mean((scores > 0).astype(int) == y))


def _local_update(global_weights, data, steps=50, rate=0.1):
    """A client's local training from the global model (logistic regression, gradient steps);
    returns its weights minus the global ones."""
    x, y = data
    w = global_weights.copy()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))
        gradient = np.concatenate([x.T @ (p - y), [np.sum(p - y)]]) / len(y)
        w -= rate * gradient
    return w - global_weights


def test_a_client_sending_a_random_update_gets_the_lowest_federated_share():
    rng = np.random.default_rng(4)
    clients = [_blobs(rng, 60) for _ in range(4)]
    evaluation = _blobs(rng, 300)
    global_weights = np.zeros(3)
    updates = [_local_update(global_weights, data) for data in clients]
    updates[2] = rng.normal(scale=5.0, size=3)  # a client that sends noise
    utility = federated_utility(global_weights, updates, [60, 60, 60, 60], lambda w: _logistic_accuracy(w, evaluation))
    values = shapley_values(utility_table(4, utility))
    assert int(np.argmin(values)) == 2
    assert utility([]) == ppm(_logistic_accuracy(global_weights, evaluation))
    with pytest.raises(ValueError, match="shape"):
        federated_utility(global_weights, [np.zeros(2)], [1], lambda w: 0.0)
