"""Run by `test_keras.py` in a process of its own per Keras backend (the backend is chosen when
Keras is imported): builds a small model with fixed weights, trains it with
`attrib.keras.CheckpointCallback` against the dev node and prints what it committed as JSON."""

from __future__ import annotations

import json
import sys

import numpy as np


def main() -> None:
    url, project, workdir, monitor = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    import keras

    from attrib import Chain
    from attrib.keras import CheckpointCallback, weights_by_path, weights_digest
    from attrib.repo import Repository

    keras.utils.set_random_seed(7)
    inputs = keras.Input(shape=(4,), name="features")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(1, name="score")(hidden)
    model = keras.Model(inputs, outputs, name="regressor")
    rng = np.random.default_rng(11)
    # The same starting weights on every backend.
    model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    initial = weights_digest(model)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01), loss="mse")
    x = rng.normal(size=(64, 4)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    repo = Repository.init(workdir, url, project, "//Ferdie")
    callback = CheckpointCallback(monitor=monitor, repo=repo, chain=Chain(url, "//Ferdie"))
    model.fit(x, y, epochs=3, batch_size=16, shuffle=False, verbose=0, callbacks=[callback])
    print(json.dumps({
        "backend": keras.backend.backend(),
        "initial": initial,
        "paths": sorted(weights_by_path(model)),
        "final": weights_digest(model),
        "commits": [{"id": c.id, "epoch": c.manifest["epoch"], "state": c.manifest["stateDigest"],
                     "backend": c.manifest["backend"], "loss": c.manifest["metrics"]["loss"]} for c in callback.commits],
    }))


if __name__ == "__main__":
    main()
