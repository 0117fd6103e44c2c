#!/usr/bin/env python3
"""Writes the LoRA adapter fixtures in tests/fixtures/adapters/ with numpy and safetensors'
Python package, following each convention as its own loader applies it, and expected.json:
for every module, ΔW built here from the stored factors (in float64, with the formulas of
PEFT, kohya-ss and LyCORIS written out below), its shape, and numpy's singular values and
Frobenius norm of it. Nothing here asks rankscope.

The conventions (what PEFT's LoraLayer, kohya-ss networks/lora.py and LyCORIS do):
- PEFT: ΔW = scale · B @ A, B = lora_B (out, r), A = lora_A (r, in); scale = alpha / r, or
  alpha / sqrt(r) with use_rslora; r and alpha from the first rank_pattern / alpha_pattern key
  k with re.match(rf"(.*\\.)?({k})$", module) (peft.utils.other.get_pattern_key), else r and
  lora_alpha. fan_in_fan_out and embeddings: ΔW = (B @ A).T. Without adapter_config.json:
  scale 1.
- kohya: ΔW = (alpha / r) · up @ down, conv down (r, in, kh, kw) flattened to (r, in·kh·kw),
  up (out, r, 1, 1); no alpha: alpha = r. lora_mid (Tucker): ΔW[o, i, h, w] =
  Σ up[o, p] mid[p, q, h, w] down[q, i].
- LoHa: ΔW = (alpha / r) · (w1a @ w1b) * (w2a @ w2b), r = w1b.shape[0]; Tucker:
  einsum("i j ..., j r, i p -> p r ...", t, w_b, w_a) per factor.
- LoKr: ΔW = scale · kron(W1, W2); W = w or w_a @ w_b or the Tucker rebuild
  einsum("i j ..., i p, j r -> p r ...", t, w_a, w_b); scale = alpha / r with r the inner
  dimension of the first decomposed factor, 1 when both factors are full.

Run from the repository root:  python3 scripts/make_adapter_fixtures.py
Needs: numpy, safetensors (pip install numpy safetensors).
"""
import json
import re
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

OUT = Path("tests/fixtures/adapters")
OUT.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261213)
expected = {}


def factor(*shape, dtype=np.float32):
    """Random factor values stored in `dtype`; ΔW is computed from the stored values."""
    return (rng.standard_normal(shape) * 0.5).astype(dtype)


def f64(a):
    return np.asarray(a, dtype=np.float64)


def record(file, name, delta, dtype, kind, rank, alpha, scale, bound=None):
    """ΔW as the entry shows it: shape as stored (conv 4-D), matrix (shape[0], -1). `bound`:
    the largest rank the structure allows (r₁r₂ for LoHa, the product of the Kronecker
    factors' ranks for LoKr; r for a LoRA pair), capped at min(m, n)."""
    matrix = delta.reshape(delta.shape[0], -1)
    expected.setdefault(file, {})[name] = {
        "stored_shape": list(delta.shape),
        "dtype": dtype,
        "kind": kind,
        "rank": rank,
        "alpha": alpha,
        "scale": scale,
        "values": matrix.tolist(),
        "singular_values": np.linalg.svd(matrix, compute_uv=False).tolist(),
        "frobenius_norm": float(np.linalg.norm(matrix)),
        "rank_bound": min(bound if bound is not None else rank, *matrix.shape),
    }


def peft_match(patterns, module):
    """PEFT's get_pattern_key: the first key k with re.match(rf"(.*\\.)?({k})$", module)."""
    for key in patterns:
        if re.match(rf"(.*\.)?({key})$", module):
            return key
    return None


# ---- PEFT folder: alpha ≠ r, rank_pattern, alpha_pattern, conv, embedding, extra tensor ----
config = {
    "peft_type": "LORA",
    "r": 4,
    "lora_alpha": 8,
    "rank_pattern": {"layers.1.mlp.fc": 2},
    "alpha_pattern": {"self_attn.q_proj": 3},
    "use_rslora": False,
    "fan_in_fan_out": False,
    "target_modules": ["q_proj", "v_proj", "fc", "conv", "embed"],
    "task_type": "CAUSAL_LM",
    "base_model_name_or_path": "fixture/tiny",
}
modules = {
    # name: (out, in, dtype)
    "model.layers.0.self_attn.q_proj": (12, 10, np.float32),
    "model.layers.0.self_attn.v_proj": (12, 10, np.float16),
    "model.layers.1.mlp.fc": (16, 12, np.float32),
}
tensors = {}
for name, (out, inp, dtype) in modules.items():
    r = config["rank_pattern"].get(peft_match(config["rank_pattern"], name), config["r"])
    alpha = config["alpha_pattern"].get(peft_match(config["alpha_pattern"], name), config["lora_alpha"])
    a, b = factor(r, inp, dtype=dtype), factor(out, r, dtype=dtype)
    tensors[f"base_model.model.{name}.lora_A.weight"] = a
    tensors[f"base_model.model.{name}.lora_B.weight"] = b
    scale = alpha / r
    dt = "float16" if dtype == np.float16 else "float32"
    record("peft", name, scale * f64(b) @ f64(a), dt, "lora", r, alpha, scale)
# A Conv2d module: lora_A is a conv (r, in, kh, kw), lora_B a 1 × 1 conv (out, r, 1, 1).
a, b = factor(4, 3, 3, 3), factor(6, 4, 1, 1)
tensors["base_model.model.model.conv.lora_A.weight"] = a
tensors["base_model.model.model.conv.lora_B.weight"] = b
delta = (8 / 4) * (f64(b).reshape(6, 4) @ f64(a).reshape(4, -1))
record("peft", "model.conv", delta.reshape(6, 3, 3, 3), "float32", "lora", 4, 8, 2.0)
# An embedding: lora_embedding_A (r, num_embeddings), lora_embedding_B (dim, r); ΔW = (B A)ᵀ.
a, b = factor(4, 11), factor(6, 4)
tensors["base_model.model.model.embed.lora_embedding_A"] = a
tensors["base_model.model.model.embed.lora_embedding_B"] = b
record("peft", "model.embed", ((8 / 4) * f64(b) @ f64(a)).T, "float32", "lora", 4, 8, 2.0)
# modules_to_save: a whole weight, listed as itself.
tensors["base_model.model.score.weight"] = factor(2, 12)
folder = OUT / "peft"
folder.mkdir(exist_ok=True)
save_file(tensors, folder / "adapter_model.safetensors", metadata={"format": "pt"})
(folder / "adapter_config.json").write_text(json.dumps(config, indent=2) + "\n")

# The same weights without a config: scale 1.
alone = OUT / "peft_alone"
alone.mkdir(exist_ok=True)
single = {k: v for k, v in tensors.items() if "q_proj" in k}
save_file(single, alone / "adapter_model.safetensors", metadata={"format": "pt"})
a = f64(single["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"])
b = f64(single["base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight"])
record("peft_alone", "model.layers.0.self_attn.q_proj", b @ a, "float32", "lora", 4, 4, 1.0)

# ---- PEFT with rsLoRA and fan_in_fan_out (GPT-2 Conv1D weights are (in, out)) ------------
config = {
    "peft_type": "LORA", "r": 8, "lora_alpha": 4, "use_rslora": True, "fan_in_fan_out": True,
    "target_modules": ["c_attn"], "rank_pattern": {}, "alpha_pattern": {},
}
a, b = factor(8, 16), factor(20, 8)
folder = OUT / "peft_rslora"
folder.mkdir(exist_ok=True)
save_file(
    {"base_model.model.transformer.h.0.attn.c_attn.lora_A.weight": a,
     "base_model.model.transformer.h.0.attn.c_attn.lora_B.weight": b},
    folder / "adapter_model.safetensors", metadata={"format": "pt"},
)
(folder / "adapter_config.json").write_text(json.dumps(config, indent=2) + "\n")
scale = 4 / np.sqrt(8)
record("peft_rslora", "transformer.h.0.attn.c_attn", (scale * f64(b) @ f64(a)).T, "float32", "lora", 8, 4, scale)

# ---- kohya: linear with alpha ≠ r, conv 3 × 3, missing alpha, LoCon with lora_mid --------
tensors = {}
down, up = factor(3, 8), factor(10, 3)
tensors["lora_unet_a.lora_down.weight"] = down
tensors["lora_unet_a.lora_up.weight"] = up
tensors["lora_unet_a.alpha"] = np.array(1.5, dtype=np.float16)
record("kohya", "lora_unet_a", (1.5 / 3) * f64(up) @ f64(down), "float32", "lora", 3, 1.5, 0.5)
down, up = factor(2, 3, 3, 3), factor(5, 2, 1, 1)
tensors["lora_unet_conv.lora_down.weight"] = down
tensors["lora_unet_conv.lora_up.weight"] = up
tensors["lora_unet_conv.alpha"] = np.array(4.0, dtype=np.float32)
delta = (4.0 / 2) * (f64(up).reshape(5, 2) @ f64(down).reshape(2, -1))
record("kohya", "lora_unet_conv", delta.reshape(5, 3, 3, 3), "float32", "lora", 2, 4.0, 2.0)
down, up = factor(2, 7), factor(9, 2)
tensors["lora_te_b.lora_down.weight"] = down
tensors["lora_te_b.lora_up.weight"] = up
record("kohya", "lora_te_b", f64(up) @ f64(down), "float32", "lora", 2, 2.0, 1.0)
down, mid, up = factor(2, 3, 1, 1), factor(2, 2, 3, 3), factor(4, 2, 1, 1)
tensors["lora_unet_mid.lora_down.weight"] = down
tensors["lora_unet_mid.lora_mid.weight"] = mid
tensors["lora_unet_mid.lora_up.weight"] = up
tensors["lora_unet_mid.alpha"] = np.array(1.0, dtype=np.float32)
delta = 0.5 * np.einsum("op,pqhw,qi->oihw", f64(up)[:, :, 0, 0], f64(mid), f64(down)[:, :, 0, 0])
record("kohya", "lora_unet_mid", delta, "float32", "lora", 2, 1.0, 0.5)
save_file(tensors, OUT / "kohya.safetensors", metadata={"ss_network_module": "networks.lora", "ss_network_dim": "3"})

# ---- LyCORIS LoHa: factored (r₁r₂ < min), dense (r₁r₂ ≥ min), Tucker conv ----------------
tensors = {}
w1a, w1b, w2a, w2b = factor(9, 2), factor(2, 7), factor(9, 2), factor(2, 7)
tensors.update({"lora_unet_h.hada_w1_a": w1a, "lora_unet_h.hada_w1_b": w1b,
                "lora_unet_h.hada_w2_a": w2a, "lora_unet_h.hada_w2_b": w2b,
                "lora_unet_h.alpha": np.array(1.0, dtype=np.float32)})
record("loha", "lora_unet_h", 0.5 * (f64(w1a) @ f64(w1b)) * (f64(w2a) @ f64(w2b)), "float32", "loha", 2, 1.0, 0.5, bound=4)
w1a, w1b, w2a, w2b = factor(6, 3), factor(3, 5), factor(6, 3), factor(3, 5)
tensors.update({"lora_unet_hd.hada_w1_a": w1a, "lora_unet_hd.hada_w1_b": w1b,
                "lora_unet_hd.hada_w2_a": w2a, "lora_unet_hd.hada_w2_b": w2b})
record("loha", "lora_unet_hd", (f64(w1a) @ f64(w1b)) * (f64(w2a) @ f64(w2b)), "float32", "loha", 3, 3.0, 1.0, bound=9)
t1, w1a, w1b = factor(2, 2, 3, 3), factor(2, 5), factor(2, 4)
t2, w2a, w2b = factor(2, 2, 3, 3), factor(2, 5), factor(2, 4)
tensors.update({"lora_unet_ht.hada_t1": t1, "lora_unet_ht.hada_w1_a": w1a, "lora_unet_ht.hada_w1_b": w1b,
                "lora_unet_ht.hada_t2": t2, "lora_unet_ht.hada_w2_a": w2a, "lora_unet_ht.hada_w2_b": w2b,
                "lora_unet_ht.alpha": np.array(4.0, dtype=np.float32)})
rebuild1 = np.einsum("ijhw,jr,ip->prhw", f64(t1), f64(w1b), f64(w1a))
rebuild2 = np.einsum("ijhw,jr,ip->prhw", f64(t2), f64(w2b), f64(w2a))
record("loha", "lora_unet_ht", 2.0 * rebuild1 * rebuild2, "float32", "loha", 2, 4.0, 2.0, bound=4)
save_file(tensors, OUT / "loha.safetensors")

# ---- LyCORIS LoKr: w1 full + w2 low rank, w1 low rank + w2 full, both full, Tucker conv --
tensors = {}
w1, w2a, w2b = factor(2, 3), factor(4, 2), factor(2, 5)
tensors.update({"lora_unet_k1.lokr_w1": w1, "lora_unet_k1.lokr_w2_a": w2a, "lora_unet_k1.lokr_w2_b": w2b,
                "lora_unet_k1.alpha": np.array(1.0, dtype=np.float32)})
record("lokr", "lora_unet_k1", 0.5 * np.kron(f64(w1), f64(w2a) @ f64(w2b)), "float32", "lokr", 2, 1.0, 0.5, bound=2 * 2)
w1a, w1b, w2 = factor(3, 1), factor(1, 2), factor(4, 4)
tensors.update({"lora_unet_k2.lokr_w1_a": w1a, "lora_unet_k2.lokr_w1_b": w1b, "lora_unet_k2.lokr_w2": w2,
                "lora_unet_k2.alpha": np.array(3.0, dtype=np.float32)})
record("lokr", "lora_unet_k2", 3.0 * np.kron(f64(w1a) @ f64(w1b), f64(w2)), "float32", "lokr", 1, 3.0, 3.0, bound=1 * 4)
w1, w2 = factor(2, 2), factor(3, 3)
tensors.update({"lora_unet_k3.lokr_w1": w1, "lora_unet_k3.lokr_w2": w2,
                "lora_unet_k3.alpha": np.array(5.0, dtype=np.float32)})
record("lokr", "lora_unet_k3", np.kron(f64(w1), f64(w2)), "float32", "lokr", 1, 1.0, 1.0, bound=2 * 3)
w1, t2, w2a, w2b = factor(2, 2), factor(2, 2, 3, 3), factor(2, 3), factor(2, 4)
tensors.update({"lora_unet_kc.lokr_w1": w1, "lora_unet_kc.lokr_t2": t2, "lora_unet_kc.lokr_w2_a": w2a,
                "lora_unet_kc.lokr_w2_b": w2b, "lora_unet_kc.alpha": np.array(2.0, dtype=np.float32)})
w2 = np.einsum("ijhw,ip,jr->prhw", f64(t2), f64(w2a), f64(w2b))
delta = np.kron(f64(w1)[:, :, None, None], w2)
record("lokr", "lora_unet_kc", delta, "float32", "lokr", 2, 2.0, 1.0, bound=2 * 2)
save_file(tensors, OUT / "lokr.safetensors")

# ---- kohya-ss resize_lora.py's dynamic ranks, with the off-by-one fix of sd-scripts PR #2194 --
# index_sv_cumulative / index_sv_fro as that PR has them (searchsorted, then + 1 in
# rank_resize); index_sv_ratio with the same fix, which the PR's thread says it needs: the
# number of σ above σ₁ / ratio. kohya then caps at the requested maximum (here: the module's
# own rank, what rankscope caps at) and keeps rank 1 of a zero ΔW.
def kohya_fixed(sigma, method, param, cap):
    s = np.asarray(sigma)
    if s[0] <= 1e-6:
        return 1
    if method == "sv_ratio":
        index = max(0, min(int(np.sum(s > s[0] / param)) - 1, len(s) - 1))
    elif method == "sv_cumulative":
        index = max(0, min(int(np.searchsorted(np.cumsum(s) / s.sum(), param)), len(s) - 1))
    else:
        squares = s ** 2
        index = max(0, min(int(np.searchsorted(np.cumsum(squares) / squares.sum(), param ** 2)), len(s) - 1))
    return min(index + 1, cap)


KOHYA_RULES = [("sv_ratio", 3.0), ("sv_cumulative", 0.8), ("sv_fro", 0.95)]
for file, modules in expected.items():
    for name, entry in modules.items():
        entry["kohya_ranks"] = {
            f"{method} {param}": kohya_fixed(entry["singular_values"], method, param, entry["rank_bound"])
            for method, param in KOHYA_RULES
        }

(OUT / "expected.json").write_text(json.dumps(expected) + "\n")
print(f"wrote {sum(len(v) for v in expected.values())} modules in {len(expected)} adapters to {OUT}")
