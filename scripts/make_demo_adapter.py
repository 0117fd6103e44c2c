#!/usr/bin/env python3
"""Writes a demo PEFT LoRA adapter for screenshots: a 6-layer, 384-wide model's q/k/v/o
projections at r = 16, lora_alpha = 32, with trained-looking factors (decaying spectra) and
two modules whose ΔW collapsed to rank 3 (the kind `scan` flags).

Usage: python3 scripts/make_demo_adapter.py OUT_FOLDER   (needs numpy, safetensors)
"""
import json
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(7)
hidden, r = 384, 16
tensors = {}
for layer in range(6):
    for proj in ["q_proj", "k_proj", "v_proj", "o_proj"]:
        name = f"model.layers.{layer}.self_attn.{proj}"
        # A = diag(decay) · random, B = random: σ of B·A fall off like the decay.
        decay = np.exp(-np.arange(r) / (3.0 + layer))[:, None]
        a = decay * rng.standard_normal((r, hidden)) / np.sqrt(hidden)
        b = rng.standard_normal((hidden, r)) * 0.02
        if (layer, proj) in [(2, "k_proj"), (4, "v_proj")]:
            b = b[:, :3] @ rng.standard_normal((3, r))  # rank collapsed to 3
        tensors[f"base_model.model.{name}.lora_A.weight"] = a.astype(np.float32)
        tensors[f"base_model.model.{name}.lora_B.weight"] = b.astype(np.float32)
save_file(tensors, out / "adapter_model.safetensors", metadata={"format": "pt"})
config = {"peft_type": "LORA", "r": r, "lora_alpha": 32, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"],
          "task_type": "CAUSAL_LM", "base_model_name_or_path": "demo/tiny-llama-like"}
(out / "adapter_config.json").write_text(json.dumps(config, indent=2) + "\n")
print(f"wrote {out}")
