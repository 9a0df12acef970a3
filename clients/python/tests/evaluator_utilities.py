"""Utilities the evaluator daemon tests run (`--utility tests/evaluator_utilities.py:retrain`):
each reads its data from the artifacts the daemon hands it, checked against their CIDs."""

from __future__ import annotations

import os
import random

import numpy as np
from safetensors.numpy import load_file

from attrib.utilities import accuracy_ppm, knn_utility, retrain_utility


def _load(path):
    tensors = load_file(str(path))
    return tensors["x"], tensors["y"]


def knn(task):
    """KNN accuracy of a coalition's datasets (exact rounds); a measurement's value is the
    accuracy of a nearest-centroid model whose centroids are the subject's tensors."""
    evaluation = _load(task.artifact(task.evaluation_set))
    if task.kind == "measurement":
        return _nearest_centroid(task, evaluation)
    slow = float(os.environ.get("ATTRIB_TEST_UTILITY_DELAY", "0"))
    if slow:
        import time

        time.sleep(slow)
    return knn_utility([_load(task.artifact(c)) for c in task.players], evaluation, k=5)


def _nearest_centroid(task, evaluation):
    """A measurement's value: the accuracy of the subject's nearest-centroid model."""
    centroids = load_file(str(task.artifact(task.subject)))["centroids"]
    distances = ((evaluation[0][:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return accuracy_ppm(np.argmin(distances, axis=1), evaluation[1])


def retrain(task):
    """Retraining with this evaluator's own random seed (`ATTRIB_TEST_SEED`): a stochastic
    logistic regression trained on each coalition's datasets, shuffled by the seed, so honest
    evaluators measure slightly different utilities and the chain's median and tolerance have
    real noise to absorb. A measurement is the subject's nearest-centroid accuracy."""
    from sklearn.linear_model import SGDClassifier

    evaluation = _load(task.artifact(task.evaluation_set))
    if task.kind == "measurement":
        return _nearest_centroid(task, evaluation)
    seed = int(os.environ["ATTRIB_TEST_SEED"])
    datasets = [_load(task.artifact(c)) for c in task.players]
    return retrain_utility(
        lambda: SGDClassifier(loss="log_loss", alpha=0.01, max_iter=100, tol=None, average=True, random_state=seed), datasets, evaluation
    )


def nonsense(task):
    """Random values: an evaluator that does not measure."""
    rng = random.Random()
    if task.kind == "measurement":
        return rng.randrange(0, 1_000_000)
    return lambda coalition: rng.randrange(0, 1_000_000)
