"""Wall time of an exact 10-contribution Shapley round (all 1,024 coalitions) with the KNN
utility and with the retraining utility (logistic regression, on every core), and the federated
utility against leave-one-out retraining for the same clients: time and rank agreement.

    python benchmarks/utilities.py
"""

from __future__ import annotations

import os
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

from attrib.shapley import shapley_values, utility_table
from attrib.utilities import federated_utility, knn_utility, retrain_score, utility_table_parallel


def blobs(rng, n, noise=0.0):
    y = rng.integers(0, 2, n)
    x = rng.normal(size=(n, 8)) + np.where(y[:, None] == 1, 0.8, -0.8)
    flip = rng.random(n) < noise
    return x, np.where(flip, 1 - y, y)


def spearman(a, b) -> float:
    ra, rb = np.argsort(np.argsort(a)), np.argsort(np.argsort(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def main() -> None:
    rng = np.random.default_rng(7)
    datasets = [blobs(rng, 100, noise=0.05 * i) for i in range(10)]
    evaluation = blobs(rng, 500)
    start = time.perf_counter()
    knn = shapley_values(utility_table(10, knn_utility(datasets, evaluation, k=5)))
    knn_seconds = time.perf_counter() - start
    start = time.perf_counter()
    table = utility_table_parallel(LogisticRegression, datasets, evaluation, progress=False)
    retrain = shapley_values(table)
    retrain_seconds = time.perf_counter() - start
    print(f"utilities: exact 10-contribution round (1,024 coalitions, 100 points each, 500 to evaluate), {os.cpu_count()} cores")
    print(f"utilities:   KNN (k=5)                      {knn_seconds:7.2f} s")
    print(f"utilities:   retrain (logistic regression)  {retrain_seconds:7.2f} s  ratio {retrain_seconds / knn_seconds:.0f}x KNN")
    print(f"utilities:   rank agreement KNN vs retrain (Spearman) {spearman(knn, retrain):.2f}")

    # Federated: 8 clients train locally from a global model; one sends noise.
    clients = [blobs(rng, 200, noise=0.04 * i) for i in range(8)]
    global_weights = np.zeros(9)

    def local(data):
        x, y = data
        w = global_weights.copy()
        for _ in range(100):
            p = 1 / (1 + np.exp(-(x @ w[:-1] + w[-1])))
            w -= 0.1 * np.concatenate([x.T @ (p - y), [np.sum(p - y)]]) / len(y)
        return w - global_weights

    def accuracy(w):
        x, y = evaluation
        return float(np.mean(((x @ w[:-1] + w[-1]) > 0).astype(int) == y))

    updates = [local(c) for c in clients]
    updates[5] = rng.normal(scale=3.0, size=9)
    start = time.perf_counter()
    federated = shapley_values(utility_table(8, federated_utility(global_weights, updates, [200] * 8, accuracy)))
    federated_seconds = time.perf_counter() - start
    # Leave-one-out retraining: each client's data left out of a model trained on the rest (the
    # noise client's data is its noise: random labels).
    data = list(clients)
    data[5] = (clients[5][0], rng.integers(0, 2, len(clients[5][1])))
    start = time.perf_counter()
    everyone = retrain_score(LogisticRegression, data, evaluation, list(range(8)))
    loo = [everyone - retrain_score(LogisticRegression, data, evaluation, [j for j in range(8) if j != i]) for i in range(8)]
    loo_seconds = time.perf_counter() - start
    print("utilities: federated round of 8 clients, one sending noise")
    print(f"utilities:   federated utility, exact Shapley (256 coalitions)  {federated_seconds:7.3f} s, lowest: client {int(np.argmin(federated))}")
    print(f"utilities:   leave-one-out retraining (9 fits)                  {loo_seconds:7.3f} s, lowest: client {int(np.argmin(loo))}")
    print(f"utilities:   rank agreement (Spearman) {spearman(federated, loo):.2f}")


if __name__ == "__main__":
    main()
