#!/usr/bin/env python3
"""Writes the LoRA adapters saved by torch.save in tests/fixtures/adapters/ (PEFT's
adapter_model.bin, the default before PEFT 0.6, and a kohya LoRA in a .pt), and
bin_expected.json: for every module, ΔW built here from the stored factors in float64 with
the convention's formula (as scripts/make_adapter_fixtures.py states them), its shape, dtype,
numpy's singular values and Frobenius norm; for tensors of no module, their values. The
factors are made in numpy; torch only writes them. Nothing here asks rankscope.

- peft_bin/: adapter_config.json (r 4, lora_alpha 6, rank_pattern {"mlp.fc": 2},
  alpha_pattern {"v_proj": 5}) and adapter_model.bin (zip format, as torch.save writes it):
  an f32 and an f16 module, a module under rank_pattern, and a modules_to_save weight stored
  as a transposed view (strides (1, 12)), which a resize must carry with its values;
- peft_bin_alone/adapter_model.bin: one module, no config (scale 1);
- kohya.pt: a kohya LoRA in the legacy format (_use_new_zipfile_serialization=False) with
  0-D alpha tensors (f16 and f32), a linear and a 3 × 3 conv module.

Run from the repository root with a Python that has torch and numpy (Debian:
`apt-get install python3-torch`):  /usr/bin/python3 scripts/make_adapter_bin_fixtures.py
"""
import json
import re
from pathlib import Path

import numpy as np
import torch

OUT = Path("tests/fixtures/adapters")
rng = np.random.default_rng(20261314)
modules_expected = {}
loose_expected = {}


def factor(*shape, dtype=np.float32):
    return (rng.standard_normal(shape) * 0.5).astype(dtype)


def f64(a):
    return np.asarray(a, dtype=np.float64)


def tensor(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def record(file, name, delta, dtype, rank, alpha, scale):
    matrix = delta.reshape(delta.shape[0], -1)
    modules_expected.setdefault(file, {})[name] = {
        "stored_shape": list(delta.shape),
        "dtype": dtype,
        "kind": "lora",
        "rank": rank,
        "alpha": alpha,
        "scale": scale,
        "values": matrix.tolist(),
        "singular_values": np.linalg.svd(matrix, compute_uv=False).tolist(),
        "frobenius_norm": float(np.linalg.norm(matrix)),
        "rank_bound": min(rank, *matrix.shape),
    }


def peft_match(patterns, module):
    """PEFT's get_pattern_key: the first key k with re.match(rf"(.*\\.)?({k})$", module)."""
    for key in patterns:
        if re.match(rf"(.*\.)?({key})$", module):
            return key
    return None


# ---- PEFT adapter_model.bin with its config -------------------------------------------
config = {
    "peft_type": "LORA",
    "r": 4,
    "lora_alpha": 6,
    "rank_pattern": {"mlp.fc": 2},
    "alpha_pattern": {"v_proj": 5},
    "use_rslora": False,
    "fan_in_fan_out": False,
    "target_modules": ["q_proj", "v_proj", "fc"],
    "modules_to_save": ["score"],
    "task_type": "CAUSAL_LM",
    "base_model_name_or_path": "fixture/tiny",
}
modules = {
    "model.layers.0.self_attn.q_proj": (12, 10, np.float32),
    "model.layers.0.self_attn.v_proj": (12, 10, np.float16),
    "model.layers.1.mlp.fc": (16, 12, np.float32),
}
state = {}
for name, (out, inp, dtype) in modules.items():
    r = config["rank_pattern"].get(peft_match(config["rank_pattern"], name), config["r"])
    alpha = config["alpha_pattern"].get(peft_match(config["alpha_pattern"], name), config["lora_alpha"])
    a, b = factor(r, inp, dtype=dtype), factor(out, r, dtype=dtype)
    state[f"base_model.model.{name}.lora_A.weight"] = tensor(a)
    state[f"base_model.model.{name}.lora_B.weight"] = tensor(b)
    scale = alpha / r
    dt = "float16" if dtype == np.float16 else "float32"
    record("peft_bin", name, scale * f64(b) @ f64(a), dt, r, alpha, scale)
# modules_to_save: a whole (2, 12) weight, saved as the transpose of a (12, 2) tensor.
score = factor(12, 2)
state["base_model.model.score.weight"] = tensor(score).t()
assert not state["base_model.model.score.weight"].is_contiguous()
loose_expected.setdefault("peft_bin", {})["base_model.model.score.weight"] = {
    "shape": [2, 12],
    "values": f64(score).T.tolist(),
}
folder = OUT / "peft_bin"
folder.mkdir(parents=True, exist_ok=True)
torch.save(state, folder / "adapter_model.bin")
(folder / "adapter_config.json").write_text(json.dumps(config, indent=2) + "\n")

# ---- The same kind of file alone: scale 1 ----------------------------------------------
a, b = factor(3, 9), factor(7, 3)
alone = OUT / "peft_bin_alone"
alone.mkdir(exist_ok=True)
torch.save(
    {"base_model.model.model.out_proj.lora_A.weight": tensor(a),
     "base_model.model.model.out_proj.lora_B.weight": tensor(b)},
    alone / "adapter_model.bin",
)
record("peft_bin_alone", "model.out_proj", f64(b) @ f64(a), "float32", 3, 3, 1.0)

# ---- kohya LoRA in a legacy-format .pt ---------------------------------------------------
state = {}
down, up = factor(3, 8), factor(10, 3)
state["lora_unet_a.lora_down.weight"] = tensor(down)
state["lora_unet_a.lora_up.weight"] = tensor(up)
state["lora_unet_a.alpha"] = torch.tensor(1.5, dtype=torch.float16)
record("kohya_pt", "lora_unet_a", (1.5 / 3) * f64(up) @ f64(down), "float32", 3, 1.5, 0.5)
down, up = factor(2, 3, 3, 3), factor(5, 2, 1, 1)
state["lora_unet_conv.lora_down.weight"] = tensor(down)
state["lora_unet_conv.lora_up.weight"] = tensor(up)
state["lora_unet_conv.alpha"] = torch.tensor(4.0, dtype=torch.float32)
delta = (4.0 / 2) * (f64(up).reshape(5, 2) @ f64(down).reshape(2, -1))
record("kohya_pt", "lora_unet_conv", delta.reshape(5, 3, 3, 3), "float32", 2, 4.0, 2.0)
torch.save(state, OUT / "kohya.pt", _use_new_zipfile_serialization=False)

(OUT / "bin_expected.json").write_text(
    json.dumps({"torch_version": torch.__version__, "modules": modules_expected, "loose": loose_expected}) + "\n"
)
print("wrote", ", ".join(sorted(modules_expected)))
