#!/usr/bin/env bash
# Regenerates screenshots/*.png: the real app in a real X window (Xvfb, software OpenGL), at
# the sizes people use (1024×700, 1366×768, 1920×1080, and 1920×1080 at 1.5× zoom), on the
# built-in photo, on a real trained network (PP-OCRv4's recogniser, see
# scripts/real_checkpoint.py: needs pip, numpy, onnx and safetensors) and on its Model view.
# Needs Debian's xvfb and Mesa:
#   apt-get install xvfb xauth libgl1 libegl1 libgl1-mesa-dri libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6
# The shots hold no temporary paths (files are opened by their plain names) and no timings
# (the window leaves them out when it is started with --screenshot).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
cargo build --bin rankscope
bin=$repo/target/debug/rankscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/real_checkpoint.py "$work/ppocrv4_rec.safetensors" >/dev/null
mkdir -p screenshots

shoot() { # OUT SIZE ZOOM ARGS…
  local out=$1 size=$2 zoom=$3
  shift 3
  # A fresh settings folder per shot: the window keeps its zoom and panel sizes between runs
  # (eframe persistence), and one shot must not inherit another's.
  (cd "$work" && XDG_DATA_HOME=$(mktemp -d -p "$work") xvfb-run -a -s "-screen 0 ${size}x24" \
    timeout 180 "$bin" "$@" --window-size "$size" --zoom "$zoom" --screenshot "$repo/$out")
  echo "wrote $out"
}

layer=(ppocrv4_rec.safetensors --tensor linear_85.w_0)
for size in 1024x700 1366x768 1920x1080; do
  shoot "screenshots/photo-$size.png" "$size" 1
  shoot "screenshots/layer-$size.png" "$size" 1 "${layer[@]}"
  shoot "screenshots/model-$size.png" "$size" 1 ppocrv4_rec.safetensors --view model
done
shoot screenshots/layer-1920x1080-zoom1.5.png 1920x1080 1.5 "${layer[@]}"
shoot screenshots/teaching-1366x768.png 1366x768 1 --view teaching
shoot screenshots/geometry-1366x768.png 1366x768 1 --matrix "1 2; 3 4"
shoot screenshots/geometry-2x3-1366x768.png 1366x768 1 --matrix "1 0 1; 0 1 1"
shoot screenshots/geometry-3x2-1366x768.png 1366x768 1 --matrix "1 0; 0 1; 1 1"
shoot screenshots/presenter-1280x800.png 1280x800 1 --present
shoot screenshots/lesson-1366x768.png 1366x768 1 --view lesson
shoot screenshots/denoise-1366x768.png 1366x768 1 --view denoise

# Figures for slides: the same renderer as the window's Save figure menu, no window needed.
"$bin" plot assets/chelsea.png --channel rgb --kind layers --rank 40 --out screenshots/figure-layers.png --force
"$bin" plot assets/chelsea.png --kind spectrum --rank 13 --out screenshots/figure-spectrum.png --force
"$bin" denoise assets/chelsea.png --noise 0.1 --figure screenshots/figure-denoise.png --force >/dev/null
"$bin" scan "$work/ppocrv4_rec.safetensors" --filter 'linear_8[0-5]' --figure screenshots/figure-spectra.png --force >/dev/null

# A LoRA adapter (numpy-made PEFT folder, two modules collapsed to rank 3) and its resize.
python3 scripts/make_demo_adapter.py "$work/adapter" >/dev/null
"$bin" resize "$work/adapter" --sv-fro 0.9 --out "$work/resized" >/dev/null
shoot screenshots/adapter-module-1366x768.png 1366x768 1 adapter --tensor model.layers.2.self_attn.k_proj
shoot screenshots/adapter-model-1366x768.png 1366x768 1 adapter --view model
shoot screenshots/adapter-resized-1366x768.png 1366x768 1 resized --view model
