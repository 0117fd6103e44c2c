#!/usr/bin/env bash
# Regenerates screenshots/*.png: the real app in a real X window (Xvfb, software OpenGL),
# on the built-in sample and on a generated checkpoint. Needs Debian's xvfb and Mesa:
#   apt-get install xvfb xauth libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin rankscope --example make_checkpoint
bin=target/release/rankscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/make_checkpoint "$work/minilm-like.safetensors" >/dev/null

shoot() { # OUT ARGS…
  local out=$1
  shift
  # A fresh settings folder per shot: the window keeps its zoom and panel sizes between runs
  # (eframe persistence), and one shot must not inherit another's.
  XDG_DATA_HOME=$(mktemp -d -p "$work") xvfb-run -a -s "-screen 0 1100x860x24" \
    timeout 120 "$bin" "$@" --window-size 1100x860 --screenshot "$out"
  echo "wrote $out"
}

mkdir -p screenshots
shoot screenshots/sample-photo.png
shoot screenshots/sample-teaching.png --view teaching
shoot screenshots/checkpoint-query.png "$work/minilm-like.safetensors" --tensor encoder.layer.0.attention.self.query.weight
shoot screenshots/checkpoint-embeddings.png "$work/minilm-like.safetensors" --tensor embeddings.word_embeddings.weight
shoot screenshots/checkpoint-model.png "$work/minilm-like.safetensors" --view model

# A LoRA adapter (numpy-made PEFT folder, two modules collapsed to rank 3) and its resize.
python3 scripts/make_demo_adapter.py "$work/adapter" >/dev/null
"$bin" resize "$work/adapter" --sv-fro 0.9 --out "$work/resized" >/dev/null
shoot screenshots/adapter-module.png "$work/adapter" --tensor model.layers.2.self_attn.k_proj
shoot screenshots/adapter-model.png "$work/adapter" --view model
shoot screenshots/adapter-resized.png "$work/resized" --view model
