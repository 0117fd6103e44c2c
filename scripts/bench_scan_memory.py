#!/usr/bin/env python3
"""Peak memory and time of `rankscope scan` on a sharded LLaMA-7B-shaped checkpoint, against a
Python loop of `scipy.linalg.svd(W, compute_uv=False)` over the same shards.

The checkpoint: `--layers` (default 2) decoder layers of LLaMA-7B's shapes in float16, random
values, one layer per shard (`model-0000i-of-0000n.safetensors`) with a
`model.safetensors.index.json`, as `transformers` writes them. Per layer q/k/v/o_proj are
4096 × 4096, gate/up_proj 11008 × 4096 and down_proj 4096 × 11008; embeddings, norms and the
head are left out, so the largest matrix is 4096 × 11008 (172 MiB in f32). The budget is
3.5 × that + 150 MiB.

Both sides run as whole processes under GNU time (`/usr/bin/time`, apt package `time`):
peak RSS ("maximum resident set size") and wall seconds. The scipy loop opens each shard with
`safetensors.safe_open` and reads one tensor at a time, converted to float32 (rankscope's
working precision for f16) before the SVD.

  python3 scripts/bench_scan_memory.py [--bin target/release/rankscope] [--repeats 3]
  python3 scripts/bench_scan_memory.py --generate DIR      # only write the checkpoint

Prints one `bench=scan_memory …` line: the minimum peak RSS and the median time of each side.
Needs numpy, scipy and safetensors (pip) and about 0.8 GB of disk per layer in the temp dir.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIDDEN, INTERMEDIATE = 4096, 11008
MIB = 1024 * 1024


def layer_shapes(layer):
    p = f"model.layers.{layer}"
    shapes = {f"{p}.self_attn.{n}_proj.weight": (HIDDEN, HIDDEN) for n in "qkvo"}
    shapes[f"{p}.mlp.gate_proj.weight"] = (INTERMEDIATE, HIDDEN)
    shapes[f"{p}.mlp.up_proj.weight"] = (INTERMEDIATE, HIDDEN)
    shapes[f"{p}.mlp.down_proj.weight"] = (HIDDEN, INTERMEDIATE)
    return shapes


def generate(folder, layers):
    """Writes the shards and the index; returns the largest matrix's f32 bytes."""
    import numpy as np
    from safetensors.numpy import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(11)
    weight_map, total, largest = {}, 0, 0
    for layer in range(layers):
        shard = f"model-{layer + 1:05d}-of-{layers:05d}.safetensors"
        tensors = {}
        for name, shape in layer_shapes(layer).items():
            w = rng.standard_normal(shape, dtype=np.float32)
            w *= 0.02
            tensors[name] = w.astype(np.float16)
            del w
            weight_map[name] = shard
            total += tensors[name].nbytes
            largest = max(largest, shape[0] * shape[1] * 4)
        save_file(tensors, str(folder / shard))
        del tensors
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index, indent=2))
    return largest


def scipy_loop(folder):
    """The reference: every matrix's σ, one tensor in memory at a time."""
    import numpy as np
    import scipy.linalg
    from safetensors import safe_open

    index = json.loads((Path(folder) / "model.safetensors.index.json").read_text())
    count = 0
    for shard in sorted(set(index["weight_map"].values())):
        with safe_open(str(Path(folder) / shard), framework="np") as f:
            for name in f.keys():
                w = f.get_tensor(name).astype(np.float32)
                scipy.linalg.svd(w, compute_uv=False)
                del w
                count += 1
    return count


def measured(command):
    """(peak RSS in MiB, wall seconds, stdout) of a process under GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
                              check=True, capture_output=True, text=True)
        secs = time.perf_counter() - start
        kib = int(report.read().split()[-1])
    return kib / 1024, secs, done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/rankscope")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--dir", help="reuse (or create) the checkpoint here instead of a temp dir")
    parser.add_argument("--generate", metavar="DIR", help="only write the checkpoint to DIR")
    parser.add_argument("--scipy-loop", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--skip-scipy", action="store_true", help="measure rankscope only")
    args = parser.parse_args()
    if args.scipy_loop:
        print(scipy_loop(args.scipy_loop))
        return 0
    if args.generate:
        generate(args.generate, args.layers)
        return 0
    with tempfile.TemporaryDirectory(prefix="rankscope-scanmem-") as temp:
        folder = Path(args.dir or temp)
        index = folder / "model.safetensors.index.json"
        largest = max(
            (h * w * 4 for layer in range(args.layers) for h, w in layer_shapes(layer).values()))
        if not index.exists():
            generate(folder, args.layers)
        largest_mib = largest / MIB
        budget_mib = 3.5 * largest_mib + 150
        matrices = 7 * args.layers
        ours = [measured([args.bin, "scan", str(folder), "--json"]) for _ in range(args.repeats)]
        for _, _, out in ours:
            rows = json.loads(out)["matrices"]
            assert len(rows) == matrices, (len(rows), matrices)
        line = (f"bench=scan_memory shape=llama7b-{args.layers}layer-f16 matrices={matrices} "
                f"largest_f32_mib={largest_mib:.0f} budget_mib={budget_mib:.0f} "
                f"peak_rss_mib={min(r for r, _, _ in ours):.0f} "
                f"secs={statistics.median(s for _, s, _ in ours):.2f}")
        if not args.skip_scipy:
            theirs = [measured([sys.executable, __file__, "--scipy-loop", str(folder)])
                      for _ in range(args.repeats)]
            assert all(int(out) == matrices for _, _, out in theirs)
            scipy_secs = statistics.median(s for _, s, _ in theirs)
            line += (f" scipy_peak_rss_mib={min(r for r, _, _ in theirs):.0f}"
                     f" scipy_secs={scipy_secs:.2f}"
                     f" ratio={statistics.median(s for _, s, _ in ours) / scipy_secs:.2f}")
        print(line)
        print("runs: rankscope " + " ".join(f"{r:.0f}MiB/{s:.1f}s" for r, s, _ in ours)
              + ("" if args.skip_scipy else
                 "; scipy " + " ".join(f"{r:.0f}MiB/{s:.1f}s" for r, s, _ in theirs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
