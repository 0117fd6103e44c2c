#!/usr/bin/env python3
"""Acceptance check of `rankscope analyze` against numpy's float64 SVD.

Generates weight-like safetensors tensors of the shapes in the core issue (384x384,
1536x384, a 30522x384 embedding matrix) and takes photographs given on the command line,
runs `rankscope analyze --json` on each, and checks:
  - the top 10 singular values match numpy.linalg.svd (float64) to 1e-4 relative;
  - the relative errors e_k at k = 1, 8, 32, 64 match to 1e-4 absolute.
Prints one line per case and exits non-zero on any mismatch.

Usage: python3 scripts/check_against_numpy.py [--bin target/release/rankscope] [PHOTO ...]
Needs numpy, safetensors and Pillow.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from safetensors.numpy import save_file


def weight_like(rng, rows, cols):
    """Gaussian matrix with a power-law column scaling: a decaying, realistic spectrum."""
    scale = 1.0 / np.sqrt(np.arange(1, cols + 1))
    return (rng.standard_normal((rows, cols)) * scale * 0.05).astype(np.float32)


def numpy_reference(matrix):
    sigma = np.linalg.svd(matrix.astype(np.float64), compute_uv=False)
    total = np.sum(sigma**2)
    tails = np.concatenate([np.cumsum((sigma**2)[::-1])[::-1], [0.0]])
    return sigma, np.sqrt(tails / total)


def image_matrix(path, channel):
    pixels = np.asarray(Image.open(path))
    scale = 65535.0 if pixels.dtype == np.uint16 else 255.0
    values = pixels.astype(np.float64) / scale
    if values.ndim == 2:
        return values
    if channel == "luma":
        return 0.2126 * values[..., 0] + 0.7152 * values[..., 1] + 0.0722 * values[..., 2]
    return values[..., "rgba".index(channel)]


def check(binary, path, matrix, extra):
    out = subprocess.run([binary, "analyze", str(path), "--json", *extra], capture_output=True, text=True, check=True)
    report = json.loads(out.stdout)
    sigma, errors = numpy_reference(matrix)
    ours = np.array(report["singular_values"])
    top = min(10, len(sigma))
    sigma_rel = np.max(np.abs(ours[:top] - sigma[:top]) / sigma[:top])
    ks = [k for k in (1, 8, 32, 64) if k <= len(sigma)]
    err_abs = max(abs(report["relative_error"][k] - errors[k]) for k in ks)
    ok = sigma_rel <= 1e-4 and err_abs <= 1e-4
    label = f"{Path(path).name} {' '.join(extra)}".strip()
    print(
        f"{'ok  ' if ok else 'FAIL'} {label:48s} shape={report['shape'][0]}x{report['shape'][1]} "
        f"max_rel_sigma_top10={sigma_rel:.2e} max_abs_err_k={err_abs:.2e} elapsed_secs={report['elapsed_secs']:.3f}"
    )
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default="target/release/rankscope")
    parser.add_argument("photos", nargs="*")
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tensors = {
            "attn.q.weight": weight_like(rng, 384, 384),
            "ffn.up.weight": weight_like(rng, 1536, 384),
            "embeddings.word_embeddings.weight": weight_like(rng, 30522, 384),
        }
        path = Path(tmp) / "model.safetensors"
        save_file(tensors, str(path))
        for name, matrix in tensors.items():
            results.append(check(args.bin, path, matrix, ["--tensor", name]))
        for photo in args.photos:
            channels = ["luma", "r", "g", "b"] if np.asarray(Image.open(photo)).ndim == 3 else ["gray"]
            for channel in channels:
                results.append(check(args.bin, photo, image_matrix(photo, channel), ["--channel", channel]))
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
