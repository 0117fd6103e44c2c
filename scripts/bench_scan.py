#!/usr/bin/env python3
"""Whole-checkpoint scan against numpy: `rankscope scan` on a MiniLM-L6-shaped checkpoint
(22.7 M parameters in 40 matrices: word/position/token-type embeddings, 6 layers of
query/key/value/attention-output 384², intermediate 1536×384, output 384×1536, pooler) against
one `numpy.linalg.svd(W, compute_uv=False)` per matrix in a loop (loading included).

  python3 scripts/bench_scan.py [--bin target/release/rankscope] [--repeats 3]

Prints `bench=scan …` lines and the ratio; the performance goal is rankscope ≤ 3× numpy.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file


def minilm_like(path):
    rng = np.random.default_rng(6)
    hidden, inter = 384, 1536
    tensors = {
        "embeddings.word_embeddings.weight": (30522, hidden),
        "embeddings.position_embeddings.weight": (512, hidden),
        "embeddings.token_type_embeddings.weight": (2, hidden),
    }
    for layer in range(6):
        p = f"encoder.layer.{layer}"
        for name in ("attention.self.query", "attention.self.key", "attention.self.value",
                     "attention.output.dense"):
            tensors[f"{p}.{name}.weight"] = (hidden, hidden)
            tensors[f"{p}.{name}.bias"] = (hidden,)
        tensors[f"{p}.intermediate.dense.weight"] = (inter, hidden)
        tensors[f"{p}.output.dense.weight"] = (hidden, inter)
        tensors[f"{p}.attention.output.LayerNorm.weight"] = (hidden,)
    tensors["pooler.dense.weight"] = (hidden, hidden)
    arrays = {name: (0.05 * rng.standard_normal(shape)).astype(np.float32)
              for name, shape in tensors.items()}
    save_file(arrays, str(path))
    return arrays


def numpy_loop(path):
    start = time.perf_counter()
    for name, w in load_file(str(path)).items():
        if w.ndim >= 2:
            np.linalg.svd(w, compute_uv=False)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/rankscope")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/rankscope-bench")
    args = parser.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    path = Path(args.dir) / "minilm_l6_like.safetensors"
    arrays = minilm_like(path)
    matrices = [a for a in arrays.values() if a.ndim >= 2]
    parameters = sum(a.size for a in matrices)
    numpy_times = [numpy_loop(path) for _ in range(args.repeats)]
    ours = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        out = subprocess.run([args.bin, "scan", str(path), "--json"], check=True,
                             capture_output=True).stdout
        ours.append(time.perf_counter() - start)
    rows = json.loads(out)["matrices"]
    assert len(rows) == len(matrices), (len(rows), len(matrices))
    np_median, our_median = statistics.median(numpy_times), statistics.median(ours)
    print(f"bench=scan matrices={len(matrices)} parameters={parameters} engine=numpy_loop "
          f"median_secs={np_median:.3f}")
    print(f"bench=scan matrices={len(matrices)} parameters={parameters} engine=rankscope_process "
          f"median_secs={our_median:.3f} ratio_to_numpy={our_median / np_median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
