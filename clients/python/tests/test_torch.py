"""Canonical state digests with real PyTorch: invariant to order, layout and process; equal to
the digests read back from the safetensors artifact; diffs name the tensors that changed."""

import subprocess
import sys
from pathlib import Path

import pytest

try:
    import torch
except ImportError:  # fail loudly: a skipped torch test would hide a broken install
    pytest.fail("PyTorch is not installed: run `bash scripts/setup.sh` (the torch extra)", pytrace=False)

from attrib.tensors import diff_tensors, numpy_digests, safetensors_digests, state_digest  # noqa: E402
from attrib.torch import save_state, state_dict_digest, tensor_digests  # noqa: E402

MODEL = """
import torch
torch.manual_seed(7)
model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3),
                            torch.nn.BatchNorm1d(3))
"""


def small_model():
    scope = {}
    exec(MODEL, scope)
    return scope["model"]


def test_the_digest_is_the_same_in_a_fresh_process():
    here = state_dict_digest(small_model().state_dict())
    script = MODEL + "from attrib.torch import state_dict_digest\nprint(state_dict_digest(model.state_dict()))"
    there = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert there.stdout.strip() == here


def test_order_and_memory_layout_do_not_matter():
    state = small_model().state_dict()
    reordered = dict(reversed(list(state.items())))
    assert state_dict_digest(reordered) == state_dict_digest(state)
    weight = state["0.weight"]
    transposed_back = weight.t().contiguous().t()  # same values, column-major storage
    assert not transposed_back.is_contiguous()
    assert state_dict_digest({**state, "0.weight": transposed_back}) == state_dict_digest(state)


def test_values_dtypes_and_shapes_all_count():
    state = small_model().state_dict()
    base = state_dict_digest(state)
    nudged = state["2.bias"].clone()
    nudged[0] += 1e-6
    assert state_dict_digest({**state, "2.bias": nudged}) != base
    assert state_dict_digest({**state, "2.bias": state["2.bias"].double()}) != base
    assert state_dict_digest({**state, "2.bias": state["2.bias"].reshape(3, 1)}) != base


def test_the_safetensors_artifact_has_the_same_digests(tmp_path: Path):
    state = small_model().state_dict()
    state["half"] = torch.arange(6, dtype=torch.bfloat16).reshape(2, 3)
    state["flags"] = torch.tensor([True, False, True])
    path = save_state(state, tmp_path / "model.safetensors")
    assert safetensors_digests(path) == tensor_digests(state)
    assert state_digest(safetensors_digests(path)) == state_dict_digest(state)
    # Saving twice gives the same bytes, hence the same CID.
    again = save_state(state, tmp_path / "again.safetensors")
    assert path.read_bytes() == again.read_bytes()


def test_a_diff_names_changed_added_removed_and_reshaped_tensors():
    before = small_model().state_dict()
    after = dict(before)
    after["2.weight"] = before["2.weight"] * 2
    after["extra"] = torch.zeros(2)
    after["0.bias"] = before["0.bias"].reshape(4, 4)
    del after["3.running_var"]
    changes = {c.name: c.change for c in diff_tensors(tensor_digests(before), tensor_digests(after))}
    assert changes == {"2.weight": "changed", "extra": "added", "0.bias": "reshaped", "3.running_var": "removed"}


def test_numpy_arrays_digest_like_the_same_torch_tensors():
    state = {k: v for k, v in small_model().state_dict().items() if v.dtype != torch.int64}
    state["ints"] = torch.arange(5, dtype=torch.int64)
    arrays = {name: tensor.numpy() for name, tensor in state.items()}
    arrays["0.weight"] = arrays["0.weight"].astype(">f4")  # big-endian storage, same values
    assert numpy_digests(arrays) == tensor_digests(state)
