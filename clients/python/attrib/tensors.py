"""Canonical digests of model states, independent of device, framework and file layout.

A tensor's digest is sha256 over ``attrib-tensor-v1``, its dtype (safetensors' names: ``F32``,
``BF16``, ``I64``...), its shape and its elements' little-endian bytes in row-major order. A
state's digest is sha256 over ``attrib-state-v1`` and, for each tensor in sorted name order, the
name and the tensor's digest. The same weights give the same digests on CPU or GPU, in PyTorch
or read back from a safetensors file, in any process.

This module needs no framework: it reads safetensors files directly (their data is already
little-endian and row-major). `attrib.torch` computes the same digests from a `state_dict`.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Dict, List, Mapping, Optional, Sequence, Tuple

TENSOR_DOMAIN = b"attrib-tensor-v1\0"
STATE_DOMAIN = b"attrib-state-v1\0"


@dataclass(frozen=True)
class TensorDigest:
    """What identifies one tensor: dtype, shape and the digest of all three with its bytes."""

    dtype: str
    shape: Tuple[int, ...]
    sha256: str

    def to_json(self) -> Dict[str, object]:
        """As stored in a commit's manifest."""
        return {"dtype": self.dtype, "shape": list(self.shape), "sha256": self.sha256}

    @classmethod
    def from_json(cls, value: Mapping[str, object]) -> "TensorDigest":
        """From a manifest entry."""
        return cls(str(value["dtype"]), tuple(int(d) for d in value["shape"]), str(value["sha256"]))


def tensor_hasher(dtype: str, shape: Sequence[int]):
    """A sha256 already fed with the tensor's header; feed it the little-endian bytes."""
    hasher = hashlib.sha256(TENSOR_DOMAIN)
    hasher.update(dtype.encode("ascii") + b"\0")
    hasher.update(",".join(str(int(d)) for d in shape).encode("ascii") + b"\0")
    return hasher


def tensor_digest(dtype: str, shape: Sequence[int], data: bytes) -> TensorDigest:
    """The digest of one tensor given its little-endian bytes."""
    hasher = tensor_hasher(dtype, shape)
    hasher.update(data)
    return TensorDigest(dtype, tuple(int(d) for d in shape), hasher.hexdigest())


def state_digest(tensors: Mapping[str, TensorDigest]) -> str:
    """The digest of a whole state from its tensors' digests."""
    hasher = hashlib.sha256(STATE_DOMAIN)
    for name in sorted(tensors):
        encoded = name.encode("utf-8")
        hasher.update(struct.pack("<Q", len(encoded)) + encoded)
        hasher.update(bytes.fromhex(tensors[name].sha256))
    return hasher.hexdigest()


#: safetensors' dtype names for numpy dtypes.
NUMPY_DTYPES = {
    "float64": "F64", "float32": "F32", "float16": "F16", "int64": "I64", "int32": "I32",
    "int16": "I16", "int8": "I8", "uint8": "U8", "uint16": "U16", "uint32": "U32",
    "uint64": "U64", "bool": "BOOL",
}


def numpy_digests(arrays: Mapping[str, Any]) -> Dict[str, TensorDigest]:
    """Per-tensor digests of numpy arrays (a scikit-learn or JAX model's parameters): the same
    as PyTorch's for the same values."""
    import numpy as np

    digests = {}
    for name, array in arrays.items():
        array = np.asarray(array)
        if array.dtype.name not in NUMPY_DTYPES:
            raise TypeError(f"array {name!r} has dtype {array.dtype}, which safetensors cannot store")
        little = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<"))
        digests[name] = tensor_digest(NUMPY_DTYPES[array.dtype.name], array.shape, little.tobytes())
    return digests


class SafetensorsError(ValueError):
    """A file that is not a well-formed safetensors file."""


def read_safetensors_header(stream: BinaryIO) -> Tuple[int, Dict[str, dict]]:
    """The tensors' entries of a safetensors file and where their data starts."""
    prefix = stream.read(8)
    if len(prefix) != 8:
        raise SafetensorsError("shorter than a safetensors header")
    (length,) = struct.unpack("<Q", prefix)
    if length > 100 * 1024 * 1024:
        raise SafetensorsError(f"header of {length} bytes: not a safetensors file")
    try:
        header = json.loads(stream.read(length))
    except ValueError as error:
        raise SafetensorsError(f"header is not JSON: {error}") from None
    if not isinstance(header, dict):
        raise SafetensorsError("header is not a JSON object")
    header.pop("__metadata__", None)
    return 8 + length, header


def safetensors_digests(path: Path, chunk: int = 1 << 20) -> Dict[str, TensorDigest]:
    """Per-tensor digests of a safetensors file, read tensor by tensor in chunks."""
    with open(path, "rb") as stream:
        start, header = read_safetensors_header(stream)
        digests = {}
        for name, entry in header.items():
            try:
                begin, end = entry["data_offsets"]
                hasher = tensor_hasher(entry["dtype"], entry["shape"])
            except (KeyError, TypeError, ValueError):
                raise SafetensorsError(f"tensor {name!r} has a malformed entry") from None
            stream.seek(start + begin)
            left = end - begin
            while left > 0:
                piece = stream.read(min(chunk, left))
                if not piece:
                    raise SafetensorsError(f"tensor {name!r} is truncated")
                hasher.update(piece)
                left -= len(piece)
            digests[name] = TensorDigest(
                entry["dtype"], tuple(int(d) for d in entry["shape"]), hasher.hexdigest()
            )
    return digests


@dataclass(frozen=True)
class TensorChange:
    """One tensor's difference between two states."""

    name: str
    change: str  # "added", "removed", "changed", "reshaped", "retyped"
    before: Optional[TensorDigest] = None
    after: Optional[TensorDigest] = None


def diff_tensors(
    before: Mapping[str, TensorDigest], after: Mapping[str, TensorDigest]
) -> List[TensorChange]:
    """Which tensors differ between two states, in name order."""
    changes = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name), after.get(name)
        if a is None:
            changes.append(TensorChange(name, "added", None, b))
        elif b is None:
            changes.append(TensorChange(name, "removed", a, None))
        elif a.dtype != b.dtype:
            changes.append(TensorChange(name, "retyped", a, b))
        elif a.shape != b.shape:
            changes.append(TensorChange(name, "reshaped", a, b))
        elif a.sha256 != b.sha256:
            changes.append(TensorChange(name, "changed", a, b))
    return changes


def digests_from_json(values: Mapping[str, Mapping[str, object]]) -> Dict[str, TensorDigest]:
    """A manifest's `tensors` section back as digests."""
    return {name: TensorDigest.from_json(value) for name, value in values.items()}


def digests_to_json(digests: Mapping[str, TensorDigest]) -> Dict[str, Dict[str, object]]:
    """Digests as a manifest's `tensors` section, sorted by name."""
    return {name: digests[name].to_json() for name in sorted(digests)}

