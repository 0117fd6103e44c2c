#!/usr/bin/env python3
"""Outside anchors for benches/svd.rs: numpy's and scipy's SVD on the same matrices.

Writes (or reuses) the benchmark matrices as .npy under --dir, times numpy.linalg.svd and
scipy.linalg.svd (gesdd, true f32 for f32 input) with full_matrices=False, factors and
values only, and prints one line per case in the format of the Rust benches:

  bench=svd engine=numpy shape=2048x2048 dtype=f32 vectors=values median_secs=… min_secs=…

It also times whole processes, `python -c "load; decompose"` against
`rankscope analyze X.npy --json`, for the ratio the performance issue asks for, and reports
the BLAS in use (threadpoolctl). Usage:

  python3 scripts/bench_numpy.py [--dir /tmp/rankscope-bench] [--repeats 3] [--bin target/release/rankscope]
"""
import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

SHAPES = [(1024, 1024), (2048, 2048), (4096, 1024), (1024, 4096), (4096, 4096)]


def matrix_path(directory, m, n, dtype):
    path = Path(directory) / f"gauss_{m}x{n}_{dtype}.npy"
    if not path.exists():
        rng = np.random.default_rng(m * 100003 + n)
        np.save(path, rng.standard_normal((m, n)).astype(dtype))
    return path


def timed(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/rankscope-bench")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--bin", default="target/release/rankscope")
    parser.add_argument("--skip-process", action="store_true")
    parser.add_argument("--only-process-factors", action="store_true",
                        help="only the whole-process factors comparison (export npz vs numpy/scipy + savez)")
    args = parser.parse_args()
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    try:
        import scipy.linalg
    except ImportError:
        scipy = None
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            print(
                f"# blas: {pool.get('internal_api')} {pool.get('version')} "
                f"threads={pool.get('num_threads')} arch={pool.get('architecture')} lib={pool.get('filepath')}"
            )
    except ImportError:
        print("# threadpoolctl not installed: BLAS unknown")
    print(f"# numpy {np.__version__}" + (f", scipy {scipy.__version__}" if scipy else ""))

    for dtype in ("float32", "float64"):
        short = "f32" if dtype == "float32" else "f64"
        for m, n in SHAPES:
            path = matrix_path(args.dir, m, n, dtype)
            if args.only_process_factors:
                process_factors(args, path, m, n, short)
                continue
            a = np.load(path)
            cases = [
                ("numpy", "factors", lambda: np.linalg.svd(a, full_matrices=False)),
                ("numpy", "values", lambda: np.linalg.svd(a, compute_uv=False)),
            ]
            if scipy:
                cases += [
                    ("scipy", "factors", lambda: scipy.linalg.svd(a, full_matrices=False, check_finite=False)),
                    ("scipy", "values", lambda: scipy.linalg.svd(a, compute_uv=False, check_finite=False)),
                ]
            for engine, vectors, fn in cases:
                median, best = timed(fn, args.repeats)
                print(
                    f"bench=svd engine={engine} shape={m}x{n} dtype={short} vectors={vectors} "
                    f"median_secs={median:.4f} min_secs={best:.4f}",
                    flush=True,
                )
            if args.skip_process or not Path(args.bin).exists():
                continue
            # Whole process: load + values-only decomposition, as `rankscope analyze` does.
            py = f"import numpy as np, scipy.linalg as s; a=np.load('{path}'); s.svd(a, compute_uv=False, check_finite=False)"
            median, best = timed(lambda: subprocess.run([sys.executable, "-c", py], check=True), args.repeats)
            print(
                f"bench=process engine=python-scipy shape={m}x{n} dtype={short} median_secs={median:.4f} min_secs={best:.4f}",
                flush=True,
            )
            run = lambda: subprocess.run([args.bin, "analyze", str(path), "--json"], check=True, capture_output=True)
            median, best = timed(run, args.repeats)
            print(
                f"bench=process engine=rankscope shape={m}x{n} dtype={short} median_secs={median:.4f} min_secs={best:.4f}",
                flush=True,
            )


def process_factors(args, path, m, n, short):
    """Whole process with every factor written out: `rankscope export --rank r --format npz`
    against a Python process that loads, decomposes (scipy, full_matrices=False) and saves an
    npz with U, S, Vt the same way."""
    out = Path(args.dir) / "factors-out.npz"
    r = min(m, n)
    py = (f"import numpy as np, scipy.linalg as s; a=np.load('{path}'); "
          f"u, v, w = s.svd(a, full_matrices=False, check_finite=False); "
          f"np.savez('{out}', U=u, S=v, Vt=w)")
    median, best = timed(lambda: subprocess.run([sys.executable, "-c", py], check=True), args.repeats)
    print(f"bench=process_factors engine=python-scipy shape={m}x{n} dtype={short} "
          f"median_secs={median:.4f} min_secs={best:.4f}", flush=True)
    run = lambda: subprocess.run([args.bin, "export", str(path), "--rank", str(r), "--format", "npz",
                                  "--out", str(out), "--force"], check=True, capture_output=True)
    median, best = timed(run, args.repeats)
    print(f"bench=process_factors engine=rankscope shape={m}x{n} dtype={short} "
          f"median_secs={median:.4f} min_secs={best:.4f}", flush=True)
    out.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
