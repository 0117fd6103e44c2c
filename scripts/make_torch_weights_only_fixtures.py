#!/usr/bin/env python3
"""Writes two PyTorch fixtures about what a checkpoint may pickle beside its tensors, with
PyTorch itself (torch.save, protocol 2, as Lightning's trainer.save_checkpoint does):

- tests/fixtures/torch/lightning.ckpt: a Lightning-shaped checkpoint — a state_dict with an
  nn.Parameter, epoch, global_step, optimizer_states, hyper_parameters — plus values
  `torch.load(weights_only=True)` accepts by default and that torch pickles through globals:
  a set (`__builtin__.set`), bytes (`_codecs.encode`), a bytearray, a torch.Size, a
  torch.device, a dtype, a collections.Counter and a complex number. Its tensors' names,
  shapes and dtypes go into expected.json's "files" (beside those scripts/make_torch_fixtures.py
  wrote) and their values into lightning.ckpt.expected.npz, as there.
- tests/fixtures/torch/numpy_scalar.ckpt: a state_dict beside a numpy float
  (`numpy.core.multiarray.scalar`), which torch.load(weights_only=True) refuses by default:
  this script checks that torch refuses it, and rankscope must too, naming the global; and
  that the next step rankscope's refusal gives (re-save the "state_dict" alone with torch)
  works and yields a file weights_only opens.

Run from the repository root with a Python that has torch and numpy (Debian:
`apt-get install python3-torch`):  /usr/bin/python3 scripts/make_torch_weights_only_fixtures.py
"""
import collections
import json
import pickletools
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

OUT = Path("tests/fixtures/torch")
torch.manual_seed(20261401)

DTYPE_NAMES = {torch.float32: "float32", torch.float16: "float16", torch.int64: "int64"}


def flatten(obj, prefix=""):
    """(name, tensor) in the order rankscope lists them: dict keys joined with '.'."""
    if isinstance(obj, torch.Tensor):
        yield prefix, obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(obj, (list, tuple)):
        for index, value in enumerate(obj):
            yield from flatten(value, f"{prefix}.{index}" if prefix else str(index))


def globals_of(path):
    """Every global the file's pickle names (pickletools, not rankscope)."""
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        data = archive.read(name)
    return {arg.replace(" ", ".") for op, arg, _ in pickletools.genops(data) if op.name == "GLOBAL"}


state = OrderedDict()
state["layer.weight"] = torch.nn.Parameter((torch.randn(4, 3) * 8).round() / 4)
state["layer.bias"] = (torch.randn(4) * 8).round() / 4
state["head.weight"] = ((torch.randn(2, 4) * 8).round() / 4).half()
checkpoint = {
    "epoch": 3,
    "global_step": 120,
    "pytorch-lightning_version": "2.4.0",
    "state_dict": state,
    "optimizer_states": [
        {
            "state": {0: {"step": torch.tensor(120.0), "exp_avg": (torch.randn(4, 3) * 8).round() / 4}},
            "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999), "params": [0]}],
        }
    ],
    "hyper_parameters": {"lr": 0.001, "name": "tiny", "tags": {"a", "b"}},
    "extras": {
        "seen": {1, 2, 3},
        "blob": b"\x00\x01rankscope",
        "buffer": bytearray(b"xyz"),
        "shape": torch.Size([4, 3]),
        "device": torch.device("cpu"),
        "dtype": torch.float16,
        "counts": collections.Counter({"a": 2, "b": 1}),
        "phase": complex(1.0, -2.0),
        "loss": 0.25,
    },
}
path = OUT / "lightning.ckpt"
torch.save(checkpoint, path)
named = globals_of(path)
for needed in ["__builtin__.set", "_codecs.encode", "__builtin__.bytearray", "torch.Size",
               "torch.device", "torch.float16", "collections.Counter", "__builtin__.complex",
               "torch._utils._rebuild_parameter"]:
    assert needed in named, f"{needed} not pickled: {sorted(named)}"
tensors = list(flatten(checkpoint))
np.savez(
    OUT / "lightning.ckpt.expected.npz",
    **{name: t.detach().float().numpy().astype(np.float64) for name, t in tensors},
)
manifest_path = OUT / "expected.json"
manifest = json.loads(manifest_path.read_text())
manifest["files"]["lightning.ckpt"] = [
    {"name": name, "shape": list(t.shape), "dtype": DTYPE_NAMES[t.dtype]} for name, t in tensors
]
manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
try:
    torch.load(path, weights_only=True)
    print("torch", torch.__version__, "weights_only=True opens lightning.ckpt")
except Exception as error:  # older torch has a shorter allowlist
    print("torch", torch.__version__, "weights_only=True refuses lightning.ckpt:", error)

# ---- beyond the allowlist: a numpy scalar --------------------------------------------------
path = OUT / "numpy_scalar.ckpt"
torch.save({"state_dict": {"w": torch.ones(2, 2)}, "best_score": np.float64(0.5)}, path)
assert "numpy.core.multiarray.scalar" in globals_of(path), sorted(globals_of(path))
try:
    torch.load(path, weights_only=True)
    raise SystemExit("torch's weights_only loader opened numpy_scalar.ckpt")
except Exception as error:
    assert "scalar" in str(error), error
# rankscope's refusal tells how to keep the tensors alone; that step must work with torch and
# give a file torch's weights_only loader opens.
import tempfile  # noqa: E402

with tempfile.TemporaryDirectory() as scratch:
    resaved = Path(scratch) / "weights.pt"
    torch.save(torch.load(path, weights_only=False)["state_dict"], resaved)
    assert "numpy.core.multiarray.scalar" not in globals_of(resaved), sorted(globals_of(resaved))
    assert torch.equal(torch.load(resaved, weights_only=True)["w"], torch.ones(2, 2))
print("wrote lightning.ckpt and numpy_scalar.ckpt; names:", [n for n, _ in tensors])
