"""PyTorch integration (the `torch` extra): canonical digests of a `state_dict`, commits of a
model's state as a safetensors artifact, and a training callback that commits checkpoints.

The digests are those of `attrib.tensors`: sorted names; each tensor's dtype, shape and
little-endian bytes. They do not depend on the device (tensors are copied to the CPU), on memory
layout (made contiguous first), on the process or on the order of the `state_dict`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Sequence

import torch as _torch

from .tensors import TensorDigest, state_digest, tensor_digest

#: safetensors' dtype names for PyTorch dtypes.
DTYPES = {
    _torch.float64: "F64",
    _torch.float32: "F32",
    _torch.float16: "F16",
    _torch.bfloat16: "BF16",
    _torch.int64: "I64",
    _torch.int32: "I32",
    _torch.int16: "I16",
    _torch.int8: "I8",
    _torch.uint8: "U8",
    _torch.bool: "BOOL",
}


def _cpu(tensor: "_torch.Tensor") -> "_torch.Tensor":
    return tensor.detach().to("cpu").contiguous()


def tensor_bytes(tensor: "_torch.Tensor") -> bytes:
    """A tensor's elements as little-endian bytes in row-major order."""
    flat = _cpu(tensor).reshape(-1)
    if flat.dtype == _torch.bool:
        flat = flat.to(_torch.uint8)
    data = flat.view(_torch.uint8).numpy().tobytes() if flat.numel() else b""
    if sys.byteorder == "big" and flat.element_size() > 1:
        size = flat.element_size()
        data = b"".join(data[i : i + size][::-1] for i in range(0, len(data), size))
    return data


def tensor_digests(state: Mapping[str, "_torch.Tensor"]) -> Dict[str, TensorDigest]:
    """Per-tensor digests of a `state_dict`."""
    digests = {}
    for name, tensor in state.items():
        if tensor.dtype not in DTYPES:
            raise TypeError(f"tensor {name!r} has dtype {tensor.dtype}, which safetensors cannot store")
        digests[name] = tensor_digest(DTYPES[tensor.dtype], tuple(tensor.shape), tensor_bytes(tensor))
    return digests


def state_dict_digest(state: Mapping[str, "_torch.Tensor"]) -> str:
    """The canonical digest of a whole `state_dict`."""
    return state_digest(tensor_digests(state))


def save_state(state: Mapping[str, "_torch.Tensor"], path: Path) -> Path:
    """Writes a `state_dict` as safetensors (CPU, contiguous, shared storage copied)."""
    from safetensors.torch import save_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({name: _cpu(t).clone() for name, t in state.items()}, str(path))
    return path


def commit(
    model: Any,
    message: str = "",
    parents: Sequence[int] = (),
    datasets: Sequence[int] = (),
    metrics: Optional[Mapping[str, Any]] = None,
    kind: str = "ModelCheckpoint",
    step: Optional[int] = None,
    **options: Any,
):
    """Commits a model's state (an `nn.Module` or a `state_dict`): saved as safetensors in the
    repository's objects, named by its state digest, and registered with `parents` and the
    training `datasets` as parent links. Returns the `attrib.Commit`."""
    from .repo import Repository
    from .sdk import commit as commit_path

    state = model.state_dict() if hasattr(model, "state_dict") else model
    digest = state_dict_digest(state)
    repo = options.pop("repo", None) or Repository.find()
    path = save_state(state, repo.objects / f"state-{digest[:16]}.safetensors")
    links = list(dict.fromkeys([*parents, *datasets]))
    extra = {"datasets": list(datasets) or None, "step": step}
    return commit_path(
        path, kind=kind, message=message, parents=links, metrics=metrics, extra=extra, repo=repo, **options
    )


class CheckpointCallback:
    """Commits the model every `every` steps, each checkpoint the parent of the next:
    call `on_step(step, model, metrics)` from the training loop (or use it as a Lightning-style
    callback through `on_train_batch_end`)."""

    def __init__(self, every: int, parents: Sequence[int] = (), datasets: Sequence[int] = (), **options: Any):
        if every < 1:
            raise ValueError("every must be at least 1")
        self.every = every
        self.parents = list(parents)
        self.datasets = list(datasets)
        self.options = options
        self.commits: list = []

    def on_step(self, step: int, model: Any, metrics: Optional[Mapping[str, Any]] = None):
        """Commits at every `every`-th step; returns the commit or None."""
        if step % self.every:
            return None
        parents = [self.commits[-1].id] if self.commits else self.parents
        made = commit(
            model,
            message=f"checkpoint at step {step}",
            parents=parents,
            datasets=self.datasets if not self.commits else (),
            metrics=metrics,
            step=step,
            **self.options,
        )
        self.commits.append(made)
        return made

    def on_train_batch_end(self, trainer: Any, module: Any, *args: Any, **kwargs: Any):
        """PyTorch Lightning hook."""
        return self.on_step(int(getattr(trainer, "global_step", 0)), module)
