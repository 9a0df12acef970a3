"""Keras 3 integration (the `keras` extra): canonical digests of a model's weights on any
backend, and a training callback that commits checkpoints.

A checkpoint is the model's variables by path (`dense/kernel`, ...), written as safetensors and
named by the canonical digest of its tensors (`attrib.tensors`: sorted names; each tensor's
dtype, shape and little-endian bytes), not by the bytes of a `.keras` archive, which records a
save date. Variable paths and values are the same under the TensorFlow, torch and JAX backends,
so the same weights give the same digests on all of them. Paths come from layer names: name
layers explicitly (auto-generated names count up per process) so that a rebuilt model has the
same paths.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

import keras
import numpy as np

from .errors import AttribError
from .manifest import numeric_metrics
from .tensors import numpy_digests, state_digest


def weights_by_path(model: "keras.Model") -> Dict[str, np.ndarray]:
    """Every variable of `model` (trainable or not) as a numpy array, by its path."""
    arrays: Dict[str, np.ndarray] = {}
    for variable in model.weights:
        path = str(variable.path)
        if path in arrays:
            raise AttribError(f"two variables share the path {path!r}: give the layers distinct names")
        arrays[path] = np.ascontiguousarray(keras.ops.convert_to_numpy(variable))
    return arrays


def weights_digest(model: "keras.Model") -> str:
    """The canonical digest of `model`'s weights (the same on every backend)."""
    return state_digest(numpy_digests(weights_by_path(model)))


def _config(model: "keras.Model") -> Optional[Dict[str, Any]]:
    """The model's config if it is JSON (subclassed models may have none)."""
    try:
        config = model.get_config()
        json.dumps(config)
        return config
    except Exception:
        return None


def commit(
    model: "keras.Model",
    message: str = "",
    parents: Sequence[int] = (),
    datasets: Sequence[int] = (),
    metrics: Optional[Mapping[str, Any]] = None,
    kind: str = "ModelCheckpoint",
    epoch: Optional[int] = None,
    config: Optional[Mapping[str, Any]] = None,
    **options: Any,
):
    """Commits `model`'s weights: saved as safetensors in the repository's objects, named by
    their digest, registered with `parents` and the training `datasets` as parent links, the
    model's config (`config`, else read from the model: seconds for a large model, so a
    callback reads it once) and `metrics`. Returns the `attrib.Commit`."""
    from safetensors.numpy import save_file

    from .repo import Repository
    from .sdk import commit as commit_path

    arrays = weights_by_path(model)
    digest = state_digest(numpy_digests(arrays))
    repo = options.pop("repo", None) or Repository.find()
    path = repo.objects / f"keras-{digest[:16]}.safetensors"
    if not path.exists():
        save_file(arrays, str(path))
    links = list(dict.fromkeys([*parents, *datasets]))
    extra = {"datasets": list(datasets) or None, "epoch": epoch, "backend": keras.backend.backend()}
    return commit_path(
        path,
        kind=kind,
        message=message,
        parents=links,
        config=config if config is not None else _config(model),
        metrics=metrics,
        extra=extra,
        repo=repo,
        **options,
    )


class CheckpointCallback(keras.callbacks.Callback):
    """Commits the model every `every` epochs, or, with `monitor` (a logged metric such as
    `val_loss`), whenever it improves on the best so far (`mode` "min" or "max"; "auto": max
    for accuracy-like names, else min). Each checkpoint is the parent of the next; the first's
    parents are `parents` and the training `datasets` (contribution ids). Other keyword options
    go to `attrib.sdk.commit` (`repo`, `chain`, `project`, `licence`...). `commits` lists what
    was committed."""

    def __init__(
        self,
        every: int = 1,
        monitor: Optional[str] = None,
        mode: str = "auto",
        parents: Sequence[int] = (),
        datasets: Sequence[int] = (),
        **options: Any,
    ) -> None:
        super().__init__()
        if every < 1:
            raise ValueError("every must be at least 1")
        if mode not in ("auto", "min", "max"):
            raise ValueError("mode is auto, min or max")
        self.every = every
        self.monitor = monitor
        if mode == "auto" and monitor is not None:
            mode = "max" if any(word in monitor for word in ("acc", "auc", "precision", "recall", "f1")) else "min"
        self.mode = mode
        self.best: Optional[float] = None
        self.parents = list(parents)
        self.datasets = list(datasets)
        self.options = {"show_progress": False, **options}
        self.commits: List[Any] = []
        self._config: Optional[Dict[str, Any]] = None

    def _improved(self, logs: Mapping[str, Any]) -> bool:
        if self.monitor not in logs:
            raise AttribError(f"monitor {self.monitor!r} is not logged; logged: {', '.join(sorted(logs)) or 'nothing'}")
        value = float(logs[self.monitor])
        better = self.best is None or (value < self.best if self.mode == "min" else value > self.best)
        if better:
            self.best = value
        return better

    def on_epoch_end(self, epoch: int, logs: Optional[Mapping[str, Any]] = None) -> None:
        logs = dict(logs or {})
        if self.monitor is not None:
            if not self._improved(logs):
                return
        elif (epoch + 1) % self.every:
            return
        if self._config is None:
            self._config = _config(self.model) or {}
        self.commits.append(
            commit(
                self.model,
                config=self._config or None,
                message=f"Keras checkpoint after epoch {epoch + 1}",
                parents=[self.commits[-1].id] if self.commits else self.parents,
                datasets=() if self.commits else self.datasets,
                metrics=numeric_metrics(logs),
                epoch=epoch + 1,
                **self.options,
            )
        )
