#!/usr/bin/env bash
# Peak resident memory of `rankscope analyze` on a 4096 × 4096 f32 matrix (the performance
# issue's budget: 3.5 × 64 MiB + 150 MiB = 374 MiB). Needs GNU time (/usr/bin/time) and numpy.
#   bash scripts/bench_rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin rankscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c "import numpy as np; np.save('$work/a.npy', np.random.default_rng(1).standard_normal((4096, 4096)).astype(np.float32))"
kib=$(/usr/bin/time -f "%M" target/release/rankscope analyze "$work/a.npy" --json 2>&1 >/dev/null | tail -1)
echo "bench=rss command=analyze shape=4096x4096 dtype=f32 max_rss_mib=$((kib / 1024)) budget_mib=374"
