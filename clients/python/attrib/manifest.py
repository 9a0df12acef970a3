"""A commit's manifest: the off-chain description of an artifact whose hash the chain keeps as
the contribution's `metadata_hash`.

The manifest lists what was hashed (each file's CID and size, or each tensor's digest), the
message, and for runs their configuration and metrics. It is canonical JSON (sorted keys, no
spaces, UTF-8), so anyone holding it can check it against the chain: `blake2_256(manifest)`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from . import cid as cids
from .chain import blake2_256
from .tensors import digests_to_json, safetensors_digests, state_digest

#: The manifest format's name and version.
SCHEMA = "attrib/manifest/1"


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8: one encoding per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def manifest_hash(manifest: Mapping[str, Any]) -> bytes:
    """What the chain stores as the contribution's `metadata_hash`."""
    return blake2_256(canonical_json(manifest))


def describe_path(path: Path, progress: cids.Progress = None) -> Dict[str, Any]:
    """The content part of a manifest for a file or directory: the root CID, the total size,
    every file's CID and size (by path relative to the root), and for safetensors files the
    tensors' digests and the state digest."""
    path = Path(path)
    if path.is_dir():
        nodes = {
            file.relative_to(path).as_posix(): cids.import_file(file, progress)
            for file in cids.files_under(path)
        }
        return {
            "root": str(cids.directory_of(nodes, empty_directories=cids.empty_directories_under(path)).cid),
            "size": sum(node.file_size for node in nodes.values()),
            "files": {
                name: {"cid": str(node.cid), "size": node.file_size}
                for name, node in sorted(nodes.items())
            },
        }
    node = cids.import_file(path, progress)
    description = {
        "root": str(node.cid),
        "size": node.file_size,
        "files": {path.name: {"cid": str(node.cid), "size": node.file_size}},
    }
    if path.suffix == ".safetensors":
        digests = safetensors_digests(path)
        description["tensors"] = digests_to_json(digests)
        description["stateDigest"] = state_digest(digests)
    return description


def build_manifest(
    kind: str,
    message: str,
    content: Mapping[str, Any],
    extra: Optional[Mapping[str, Any]] = None,
) -> Dict[str, Any]:
    """A manifest: schema, kind, message, the content description and anything else
    (`config`, `metrics`, `datasets`, `step`...)."""
    manifest: Dict[str, Any] = {"schema": SCHEMA, "kind": kind, "message": message}
    manifest.update(content)
    for key, value in (extra or {}).items():
        if value is not None:
            manifest[key] = value
    return manifest


def numeric_metrics(values: Mapping[str, Any]) -> Dict[str, float]:
    """The entries of a framework's metrics that are numbers (booleans and anything else left
    out), as floats by name: what a manifest's `metrics` records."""
    return {str(k): float(v) for k, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def run_document(config: Mapping[str, Any], metrics: Mapping[str, Any]) -> bytes:
    """A hyperparameter run as the artifact that is hashed: its configuration and metrics as
    canonical JSON."""
    return canonical_json({"config": dict(config), "metrics": dict(metrics)})
