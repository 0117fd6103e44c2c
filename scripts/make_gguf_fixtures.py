#!/usr/bin/env python3
"""Writes the GGUF fixtures in tests/fixtures/gguf/ with gguf-py (llama.cpp's Python
package): GGUFWriter writes the files, `gguf.quants.quantize` quantises the block formats it
can quantise (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, MXFP4, BF16), and the K-quant and i-quant tensors are
random blocks with finite f16 scales (gguf-py has no quantiser for those). Beside each file,
`<file>.expected.npz` holds (float32, float64 for f64 and i32) what gguf-py reads back: `gguf.quants.dequantize` of every tensor
as GGUFReader sees it, keyed by tensor name, in numpy's row-major shape (GGUF's `ne`
reversed); `expected.json` lists names, shapes and the lower-case GGML type names in file
order, and `layout` where gguf-py finds each header field, tensor info and tensor's data
(the cut points of the malformed-input corpus).

- types.gguf (version 3, default alignment 32): one 2-D tensor per type, plus a 1-D and a
  3-D tensor;
- v2_align64.gguf: a few tensors with `general.alignment` = 64, its version field set to 2
  (versions 2 and 3 lay out little-endian files identically).

Run from the repository root:  python3 scripts/make_gguf_fixtures.py
Needs: numpy and gguf (pip install numpy gguf).
"""
import json
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

OUT = Path("tests/fixtures/gguf")
OUT.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261130)
manifest = {"gguf_py_version": None, "files": {}}
try:
    from importlib.metadata import version

    manifest["gguf_py_version"] = version("gguf")
except Exception:  # noqa: BLE001 - the version is only informative
    pass

# Byte offsets of the f16 scale fields in each block (ggml's block_* structs).
F16_FIELDS = {
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
    T.IQ4_NL: [0], T.IQ4_XS: [0], T.IQ2_XXS: [0], T.IQ2_XS: [0], T.IQ3_S: [0],
    T.IQ1_S: [0], T.TQ2_0: [64], T.TQ1_0: [52], T.IQ2_S: [0], T.IQ3_XXS: [0],
}


def random_blocks(qtype, rows, cols):
    """`rows` rows of random blocks whose f16 scales are finite and modest."""
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    blocks = cols // block_size
    raw = rng.integers(0, 256, size=(rows, blocks, type_size), dtype=np.uint8)
    for offset in F16_FIELDS[qtype]:
        scale = rng.uniform(-0.5, 0.5, size=(rows, blocks)).astype(np.float16)
        raw[:, :, offset:offset + 2] = scale.view(np.uint8).reshape(rows, blocks, 2)
    return raw.reshape(rows, blocks * type_size)


def values(rows, cols):
    return (rng.standard_normal((rows, cols)) * 2).astype(np.float32)


def write(file, tensors, alignment=None, version=None):
    path = OUT / file
    writer = gguf.GGUFWriter(path, "rankscope-test")
    if alignment is not None:
        writer.add_custom_alignment(alignment)
    writer.add_name(file)
    for name, data, qtype in tensors:
        if qtype is None:
            writer.add_tensor(name, data)
        else:
            writer.add_tensor(name, data, raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    if version is not None:
        raw = bytearray(path.read_bytes())
        raw[4:8] = version.to_bytes(4, "little")
        path.write_bytes(bytes(raw))
    # What gguf-py reads back, dequantised by gguf-py.
    reader = gguf.GGUFReader(path)
    expected, listing = {}, []
    for t in reader.tensors:
        shape = [int(d) for d in reversed(t.shape.tolist())]
        array = gguf.quants.dequantize(t.data, t.tensor_type) if t.tensor_type not in (
            T.F64, T.I8, T.I16, T.I32, T.I64) else np.asarray(t.data)
        # float32 holds every dequantised value exactly; f64 and i32 keep float64.
        wide = t.tensor_type in (T.F64, T.I32, T.I64)
        expected[t.name] = np.asarray(array, dtype=np.float64 if wide else np.float32).reshape(shape)
        listing.append({"name": t.name, "shape": shape, "dtype": t.tensor_type.name.lower()})
    np.savez(OUT / f"{file}.expected.npz", **expected)
    manifest["files"][file] = listing
    # Where gguf-py finds each header field, tensor info and tensor: the cut points of the
    # malformed-input corpus.
    manifest.setdefault("layout", {})[file] = {
        "fields": [int(f.offset) for f in reader.fields.values()],
        "tensor_infos": [int(t.field.offset) for t in reader.tensors],
        "tensor_data": [[int(t.data_offset), int(t.n_bytes)] for t in reader.tensors],
    }


rows, cols = 2, 512
tensors = [
    ("f32", values(rows, cols), None),
    ("f16", values(rows, cols).astype(np.float16), None),
    ("bf16", gguf.quants.quantize(values(rows, cols), T.BF16), T.BF16),
    ("f64", rng.standard_normal((2, 5)), None),
    ("i8", rng.integers(-128, 128, size=(2, 6), dtype=np.int8), None),
    ("i16", rng.integers(-30000, 30000, size=(2, 6), dtype=np.int16), None),
    ("i32", rng.integers(-2**31, 2**31, size=(2, 6), dtype=np.int32), None),
]
for qtype in (T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.MXFP4):
    tensors.append((qtype.name.lower(), gguf.quants.quantize(values(rows, cols), qtype), qtype))
for qtype in (T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K,
              T.IQ4_NL, T.IQ4_XS, T.IQ2_XXS, T.IQ2_XS, T.IQ2_S, T.IQ3_XXS, T.IQ3_S, T.IQ1_S,
              T.TQ1_0, T.TQ2_0):
    tensors.append((qtype.name.lower(), random_blocks(qtype, rows, cols), qtype))
tensors.append(("blk.0.attn_norm.weight", values(1, 64)[0], None))
tensors.append(("blk.0.ffn_gate.3d", values(2 * 3, 4).reshape(2, 3, 4), None))
tensors.append(("blk.0.attn_q.weight", gguf.quants.quantize(values(8, 256), T.Q8_0), T.Q8_0))
write("types.gguf", tensors)

write(
    "v2_align64.gguf",
    [
        ("token_embd.weight", gguf.quants.quantize(values(5, 64), T.Q4_0), T.Q4_0),
        ("output_norm.weight", values(1, 7)[0], None),
        ("output.weight", random_blocks(T.Q6_K, 2, 256), T.Q6_K),
    ],
    alignment=64,
    version=2,
)

(OUT / "expected.json").write_text(json.dumps(manifest, indent=1) + "\n")
print("wrote", sorted(p.name for p in OUT.iterdir()))
