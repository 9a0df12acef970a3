"""Utilities the evaluator daemon tests run (`--utility tests/evaluator_utilities.py:knn`):
each reads its data from the artifacts the daemon hands it, checked against their CIDs."""

from __future__ import annotations

import os
import random

import numpy as np
from safetensors.numpy import load_file

from attrib.utilities import accuracy_ppm, knn_utility


def _load(path):
    tensors = load_file(str(path))
    return tensors["x"], tensors["y"]


def knn(task):
    """KNN accuracy of a coalition's datasets (exact rounds); a measurement's value is the
    accuracy of a nearest-centroid model whose centroids are the subject's tensors."""
    evaluation = _load(task.artifact(task.evaluation_set))
    if task.kind == "measurement":
        model = load_file(str(task.artifact(task.subject)))
        centroids = model["centroids"]
        distances = ((evaluation[0][:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        return accuracy_ppm(np.argmin(distances, axis=1), evaluation[1])
    slow = float(os.environ.get("ATTRIB_TEST_UTILITY_DELAY", "0"))
    if slow:
        import time

        time.sleep(slow)
    return knn_utility([_load(task.artifact(c)) for c in task.players], evaluation, k=5)


def nonsense(task):
    """Random values: an evaluator that does not measure."""
    rng = random.Random()
    if task.kind == "measurement":
        return rng.randrange(0, 1_000_000)
    return lambda coalition: rng.randrange(0, 1_000_000)
