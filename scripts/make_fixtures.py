#!/usr/bin/env python3
"""Writes the loader fixtures in tests/fixtures/ with independent writers (numpy,
safetensors' Python package, Pillow, and a hand-rolled PNG writer for 48-bit RGB),
plus expected.json: for every fixture entry, the matrix rankscope must load (as numpy
sees it: flattened to (shape[0], -1), image pixels scaled to [0, 1], luma = 0.2126 r +
0.7152 g + 0.0722 b, as docs/formats.md says) and numpy's float64
singular values of it.

Run from the repository root:  python3 scripts/make_fixtures.py
Needs: numpy, safetensors, Pillow (pip install numpy safetensors Pillow).
"""
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np
from PIL import Image
from safetensors.numpy import save_file

OUT = Path("tests/fixtures")
OUT.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261128)
expected = {}


def record(file, entry, matrix, dtype, stored_shape):
    m = np.asarray(matrix, dtype=np.float64)
    m = m.reshape(m.shape[0], -1)
    expected.setdefault(file, {})[entry] = {
        "dtype": dtype,
        "stored_shape": list(stored_shape),
        "values": m.tolist(),
        "singular_values": np.linalg.svd(m, compute_uv=False).tolist(),
    }


# ---- .npy: every numeric dtype, both orders, big-endian, 3-D --------------------------
base = rng.integers(-9, 10, size=(5, 4))
for name, dtype in [
    ("float16", np.float16), ("float32", np.float32), ("float64", np.float64),
    ("int8", np.int8), ("int16", np.int16), ("int32", np.int32), ("int64", np.int64),
    ("uint8", np.uint8), ("uint16", np.uint16), ("uint32", np.uint32), ("uint64", np.uint64),
]:
    values = np.abs(base) if name.startswith("uint") else base
    if name.startswith("float"):
        values = base + rng.random((5, 4)).round(3)
    a = np.asarray(values).astype(dtype)
    np.save(OUT / f"{name}.npy", a)
    record(f"{name}.npy", name, a, name, a.shape)

a = rng.random((5, 4)) > 0.5
np.save(OUT / "bool.npy", a)
record("bool.npy", "bool", a, "bool", a.shape)

a = np.asfortranarray(rng.standard_normal((6, 3)))
np.save(OUT / "fortran.npy", a)
record("fortran.npy", "fortran", a, "float64", a.shape)

a = np.asfortranarray(rng.standard_normal((4, 3, 2)).astype(np.float32))
np.save(OUT / "fortran3d.npy", a)
record("fortran3d.npy", "fortran3d", a, "float32", a.shape)

a = rng.standard_normal((5, 3)).astype(">f4")
np.save(OUT / "bigendian.npy", a)
record("bigendian.npy", "bigendian", a, "float32", a.shape)

a = rng.standard_normal((3, 2, 4)).astype(np.float32)
np.save(OUT / "tensor3d.npy", a)
record("tensor3d.npy", "tensor3d", a, "float32", a.shape)

# ---- .npz: plain and compressed, with a non-numeric member -------------------------------
w = rng.standard_normal((6, 5)).astype(np.float32)
b = rng.standard_normal(5).astype(np.float32)
np.savez(OUT / "plain.npz", weight=w, bias=b)
record("plain.npz", "weight", w, "float32", w.shape)
c = rng.standard_normal((4, 7))
np.savez_compressed(OUT / "compressed.npz", layer=c, labels=np.array(["a", "b"]))
record("compressed.npz", "layer", c, "float64", c.shape)

# ---- .safetensors: float and integer tensors, 0-D, 1-D, 4-D -------------------------------
tensors = {
    "f64": rng.standard_normal((4, 6)),
    "f32": rng.standard_normal((6, 4)).astype(np.float32),
    "f16": rng.standard_normal((3, 5)).astype(np.float16),
    "i32": rng.integers(-100, 100, size=(4, 4)).astype(np.int32),
    "u8": rng.integers(0, 255, size=(3, 3)).astype(np.uint8),
    "conv": rng.standard_normal((4, 2, 3, 3)).astype(np.float32),
    "bias": rng.standard_normal(4).astype(np.float32),
    "scale": np.array(2.0, dtype=np.float32),
}
save_file(tensors, str(OUT / "model.safetensors"), metadata={"format": "pt"})
for name, t in tensors.items():
    if t.ndim >= 2:
        record("model.safetensors", name, t, str(t.dtype), t.shape)

# bfloat16 has no numpy dtype: write the file by hand (header JSON + little-endian bytes),
# truncating float32 bit patterns, which is exactly what bf16 stores.
bf_values = rng.standard_normal((3, 4)).astype(np.float32)
bf_bits = (bf_values.view(np.uint32) >> 16).astype("<u2")
bf_exact = (bf_bits.astype(np.uint32) << 16).view(np.float32)
header = json.dumps({"w": {"dtype": "BF16", "shape": [3, 4], "data_offsets": [0, bf_bits.nbytes]}}).encode()
header += b" " * (-len(header) % 8)
(OUT / "bf16.safetensors").write_bytes(struct.pack("<Q", len(header)) + header + bf_bits.tobytes())
record("bf16.safetensors", "w", bf_exact, "bfloat16", (3, 4))

# ---- images --------------------------------------------------------------------------------
H, W = 9, 12
yy, xx = np.mgrid[0:H, 0:W]
rgb8 = np.stack([(xx * 21) % 256, (yy * 28) % 256, ((xx + yy) * 11) % 256], axis=-1).astype(np.uint8)
alpha8 = ((xx * yy * 7) % 256).astype(np.uint8)
gray8 = ((xx * 19 + yy * 5) % 256).astype(np.uint8)


def luma(r, g, b):
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def record_rgb(file, rgb, scale, alpha=None, dtype="uint8"):
    r, g, b = (rgb[..., i].astype(np.float64) / scale for i in range(3))
    record(file, "luma", luma(r, g, b), dtype, (H, W))
    for name, ch in zip("rgb", (r, g, b)):
        record(file, name, ch, dtype, (H, W))
    if alpha is not None:
        record(file, "a", alpha.astype(np.float64) / scale, dtype, (H, W))


Image.fromarray(gray8, "L").save(OUT / "gray8.png")
record("gray8.png", "gray", gray8 / 255.0, "uint8", (H, W))
Image.fromarray(np.stack([gray8, alpha8], -1), "LA").save(OUT / "gray_alpha8.png")
record("gray_alpha8.png", "gray", gray8 / 255.0, "uint8", (H, W))
record("gray_alpha8.png", "a", alpha8 / 255.0, "uint8", (H, W))
Image.fromarray(rgb8, "RGB").save(OUT / "rgb8.png")
record_rgb("rgb8.png", rgb8, 255.0)
Image.fromarray(np.concatenate([rgb8, alpha8[..., None]], -1), "RGBA").save(OUT / "rgba8.png")
record_rgb("rgba8.png", rgb8, 255.0, alpha8)
Image.fromarray(rgb8, "RGB").save(OUT / "rgb8.bmp")
record_rgb("rgb8.bmp", rgb8, 255.0)
Image.fromarray(rgb8, "RGB").save(OUT / "rgb8.tiff")
record_rgb("rgb8.tiff", rgb8, 255.0)
Image.fromarray(rgb8, "RGB").save(OUT / "rgb8.webp", lossless=True)
record_rgb("rgb8.webp", rgb8, 255.0)
# JPEG is lossy and decoders differ by a few levels: the expected values are Pillow's
# decode, compared with a tolerance.
Image.fromarray(rgb8, "RGB").save(OUT / "rgb8.jpg", quality=95)
record_rgb("rgb8.jpg", np.asarray(Image.open(OUT / "rgb8.jpg").convert("RGB")), 255.0)

gray16 = ((xx * 5000 + yy * 1111) % 65536).astype(np.uint16)
Image.fromarray(gray16).save(OUT / "gray16.png")
assert Image.open(OUT / "gray16.png").mode.startswith("I"), "Pillow did not keep 16 bits"
record("gray16.png", "gray", gray16 / 65535.0, "uint16", (H, W))


def write_png_rgb16(path, rgb16):
    """A minimal 48-bit RGB PNG writer (Pillow cannot write 16-bit colour)."""
    h, w, _ = rgb16.shape
    raw = b"".join(b"\x00" + rgb16[y].astype(">u2").tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


rgb16 = np.stack([(xx * 5461) % 65536, (yy * 7000) % 65536, ((xx + yy) * 3001) % 65536], -1).astype(np.uint16)
write_png_rgb16(OUT / "rgb16.png", rgb16)
record_rgb("rgb16.png", rgb16, 65535.0, dtype="uint16")

# ---- CSV / TSV -----------------------------------------------------------------------------
m = rng.standard_normal((4, 3)).round(6)
(OUT / "header.csv").write_text("a,b,c\n" + "\n".join(",".join(repr(float(v)) for v in row) for row in m) + "\n")
record("header.csv", "header", m, "float64", m.shape)
t = rng.integers(-5, 5, size=(3, 5)).astype(np.float64)
(OUT / "plain.tsv").write_text("\n".join("\t".join(str(float(v)) for v in row) for row in t) + "\n")
record("plain.tsv", "plain", t, "float64", t.shape)

# ---- .npz with members `a.npy` and `a`: numpy's NpzFile gives key "a" the member named exactly
# "a" and key "a.npy" the other; both keys, with numpy's values. (savez cannot write this: zipfile.)
shadow_rng = np.random.default_rng(20260601)
with zipfile.ZipFile(OUT / "shadowed.npz", "w") as archive:
    for member, array in (
        ("a.npy", shadow_rng.standard_normal((3, 2))),
        ("a", shadow_rng.standard_normal((2, 4)).astype(np.float32)),
    ):
        buffer = io.BytesIO()
        np.save(buffer, array)
        archive.writestr(member, buffer.getvalue())
with np.load(OUT / "shadowed.npz") as npz:
    assert npz.files == ["a", "a"], npz.files
    for key in ("a", "a.npy"):
        record("shadowed.npz", key, npz[key], str(npz[key].dtype), npz[key].shape)

(OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
print(f"wrote {sum(len(v) for v in expected.values())} entries in {len(expected)} files to {OUT}")
