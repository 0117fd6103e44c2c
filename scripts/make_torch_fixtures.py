#!/usr/bin/env python3
"""Writes the PyTorch fixtures in tests/fixtures/torch/ with PyTorch itself (torch.save),
and beside each file `<file>.expected.npz`: every tensor's values as numpy sees them (`t.numpy()`), as
float64 (which holds every value of these files exactly), keyed by the name rankscope must
list, plus
`expected.json` with the names in order, stored shapes and dtypes.

What the files hold, so the reader is tested on what torch really writes:
- zip.pt (torch >= 1.6 zip format), zip_archive.pt (the same entries laid out as PyTorch 2
  writes them: root folder `archive/`, a `byteorder` entry, storages aligned to 64 bytes) and
  legacy.pt (`_use_new_zipfile_serialization=False`,
  the format before 1.6): every dtype rankscope reads, a 1-D and a 4-D tensor, strided views
  (a transpose, a permutation, a step), storage offsets, several tensors sharing one storage,
  and a broadcast view (stride 0);
- nested.ckpt: `{"state_dict": {...}, "epoch": ..., "layers": [..]}` with an nn.Parameter,
  pickle protocol 4 (STACK_GLOBAL, FRAME, MEMOIZE);
- sharded/: `pytorch_model.bin.index.json` and two `.bin` shards, as transformers writes them;
- malicious_*.pt: pickles that run `touch rankscope-pickle-ran` when unpickled (this script
  proves it, running Python's own unpickler on each in a scratch folder), in the zip and the
  legacy layout, through GLOBAL (protocol 2) and STACK_GLOBAL (protocol 4).

Run from the repository root with a Python that has torch and numpy (Debian:
`apt-get install python3-torch`):  /usr/bin/python3 scripts/make_torch_fixtures.py
"""
import json
import os
import pickle
import pickletools
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch

OUT = Path("tests/fixtures/torch")
OUT.mkdir(parents=True, exist_ok=True)
torch.manual_seed(20261129)
manifest = {"torch_version": torch.__version__, "files": {}}


def numpy_of(t):
    t = t.detach()
    if t.dtype == torch.bfloat16:
        t = t.float()
    if t.dtype == torch.bool:
        t = t.to(torch.uint8)
    return t.contiguous().numpy().astype(np.float64)


def flatten(obj, prefix=""):
    """(name, tensor) in the order rankscope lists them: dict keys joined with '.'."""
    if isinstance(obj, torch.Tensor):
        yield prefix, obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(obj, (list, tuple)):
        for index, value in enumerate(obj):
            yield from flatten(value, f"{prefix}.{index}" if prefix else str(index))


DTYPE_NAMES = {
    torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
    torch.bfloat16: "bfloat16", torch.int64: "int64", torch.int32: "int32",
    torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool",
}


def record(file, obj):
    tensors = list(flatten(obj))
    np.savez(OUT / f"{file}.expected.npz", **{name: numpy_of(t) for name, t in tensors})
    manifest["files"][file] = [
        {"name": name, "shape": list(t.shape), "dtype": DTYPE_NAMES[t.dtype]}
        for name, t in tensors
    ]


def randn(*shape, dtype=torch.float32):
    # Values with few significant bits, so every dtype holds them exactly or nearly.
    return (torch.randn(*shape) * 8).round().div(4).to(dtype)


# ---- one state dict, in both container formats ------------------------------------------
shared = torch.arange(40, dtype=torch.float32) * 0.5 - 7
state = OrderedDict()
state["fc.weight"] = randn(4, 3)
state["fc.bias"] = randn(4)
state["conv.weight"] = randn(2, 3, 2, 2)
state["half"] = randn(3, 5, dtype=torch.float16)
state["bf16"] = randn(3, 5, dtype=torch.bfloat16)
state["double"] = randn(3, 2, dtype=torch.float64)
state["int64"] = torch.arange(-6, 6, dtype=torch.int64).reshape(3, 4) * 1000003
state["int32"] = torch.arange(-6, 6, dtype=torch.int32).reshape(4, 3) * 70001
state["int16"] = torch.arange(-6, 6, dtype=torch.int16).reshape(2, 6) * 301
state["int8"] = torch.arange(-6, 6, dtype=torch.int8).reshape(6, 2) * 20
state["uint8"] = torch.arange(0, 12, dtype=torch.uint8).reshape(3, 4) * 21
state["bool"] = torch.tensor([[True, False, True], [False, False, True]])
state["transposed"] = randn(3, 5).t()                   # stride (1, 5)
state["permuted"] = randn(2, 3, 4).permute(2, 0, 1)     # shape (4, 2, 3), stride (1, 12, 4)
state["offset"] = shared[5:17].view(3, 4)               # storage offset 5
state["shared_head"] = shared[:6].view(2, 3)            # same storage, offset 0
state["shared_window"] = shared[10:30].view(4, 5)[:, 1:4]  # offset 11, row stride 5
state["step"] = shared[::2].view(4, 5)                  # stride (10, 2)
state["expanded"] = randn(1, 3).expand(4, 3)            # stride (0, 1)
state["half_transposed"] = randn(4, 2, dtype=torch.float16).t()
assert not state["transposed"].is_contiguous() and state["offset"].storage_offset() == 5
torch.save(state, OUT / "zip.pt")
record("zip.pt", state)


def rewrite_as_torch2(source, target):
    """`source`'s entries under `archive/`, with `archive/byteorder`, each storage's data
    starting on a 64-byte boundary (padding in the local header's extra field), as
    torch >= 2.1 writes them."""
    with zipfile.ZipFile(source) as z:
        members = [(i.filename.split("/", 1)[1], z.read(i)) for i in z.infolist()]
    members.append(("byteorder", b"little"))
    with open(target, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(f"archive/{name}", date_time=(1980, 1, 1, 0, 0, 0))
            header = 30 + len(info.filename)
            pad = (-(raw.tell() + header + 4)) % 64
            info.extra = struct.pack("<HH", 0x4246, pad) + b"Z" * pad
            z.writestr(info, data)
            if name.startswith("data/"):
                assert (raw.tell() - len(data)) % 64 == 0


rewrite_as_torch2(OUT / "zip.pt", OUT / "zip_archive.pt")
reread = torch.load(OUT / "zip_archive.pt")  # torch itself reads the rewritten layout
assert list(reread) == list(state) and all(torch.equal(reread[k], state[k]) for k in state)
record("zip_archive.pt", state)
torch.save(state, OUT / "legacy.pt", _use_new_zipfile_serialization=False)
record("legacy.pt", state)


def legacy_layout(path):
    """Where each of the five pickles ends (pickletools walks their opcodes); the first
    storage's 8-byte element count follows the last: the cut points of the malformed-input
    corpus."""
    raw = path.read_bytes()
    ends, at = [], 0
    for _ in range(5):
        stop = [pos for _, _, pos in pickletools.genops(raw[at:])][-1]
        at += stop + 1
        ends.append(at)
    assert pickle.loads(raw[ends[3]:ends[4]])  # the storage keys
    return {"pickle_ends": ends, "length": len(raw)}


manifest["legacy_layout"] = legacy_layout(OUT / "legacy.pt")

# ---- a nested checkpoint, pickle protocol 4 ----------------------------------------------
nested = {
    "state_dict": OrderedDict([("fc.weight", randn(3, 4)), ("fc.bias", randn(3))]),
    "epoch": 7,
    "global_step": 1234,
    "lr": 0.001,
    "name": "run-1",
    "layers": [randn(2, 2), randn(2, 3)],
    "param": torch.nn.Parameter(randn(3, 3)),
    "empty": {},
}
torch.save(nested, OUT / "nested.ckpt", pickle_protocol=4)
record("nested.ckpt", nested)

# ---- a sharded folder, as transformers writes one ----------------------------------------
sharded = OUT / "sharded"
sharded.mkdir(exist_ok=True)
shards = {
    "pytorch_model-00001-of-00002.bin": OrderedDict(
        [("embed.weight", randn(6, 4)), ("layer.0.weight", randn(4, 4))]
    ),
    "pytorch_model-00002-of-00002.bin": OrderedDict(
        [("layer.1.weight", randn(4, 4)), ("head.weight", randn(3, 4).t())]
    ),
}
weight_map = {}
for shard, tensors in shards.items():
    torch.save(tensors, sharded / shard)
    weight_map.update({name: shard for name in tensors})
(sharded / "pytorch_model.bin.index.json").write_text(
    json.dumps({"metadata": {"total_size": 0}, "weight_map": weight_map}, indent=2) + "\n"
)
all_sharded = OrderedDict()
for tensors in shards.values():
    all_sharded.update(tensors)
np.savez(OUT / "sharded.expected.npz", **{n: numpy_of(t) for n, t in all_sharded.items()})


# ---- malicious pickles -------------------------------------------------------------------
MARKER = "rankscope-pickle-ran"


class Evil:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def proves_malicious(pickles):
    """Runs Python's own unpickler on `pickles` (in order) in a scratch folder: the marker
    file must appear, or the fixture would prove nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        blob = Path(scratch) / "blob"
        blob.write_bytes(b"".join(pickles))
        code = (
            "import pickle,sys\nf=open(sys.argv[1],'rb')\n"
            "for _ in range(%d): pickle.Unpickler(f).load()\n" % len(pickles)
        )
        subprocess.run([sys.executable, "-c", code, str(blob)], cwd=scratch, check=False)
        assert (Path(scratch) / MARKER).exists(), "the malicious pickle did not run"


def zip_checkpoint(path, data_pkl):
    """The zip layout torch.save writes: <root>/data.pkl, <root>/version, <root>/data/0."""
    root = path.stem
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{root}/data.pkl", data_pkl)
        z.writestr(f"{root}/version", "3\n")
        z.writestr(f"{root}/data/0", struct.pack("<4f", 1, 2, 3, 4))


for protocol, name in [(2, "malicious_global.pt"), (4, "malicious_stack_global.pt")]:
    payload = pickle.dumps({"w": Evil()}, protocol=protocol)
    proves_malicious([payload])
    zip_checkpoint(OUT / name, payload)

# The legacy layout: magic number, protocol version and sys_info pickles, then the object.
legacy = [
    pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2),
    pickle.dumps(1001, protocol=2),
    pickle.dumps({"protocol_version": 1001, "little_endian": True,
                  "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2),
    pickle.dumps({"w": Evil()}, protocol=2),
    pickle.dumps([], protocol=2),
]
proves_malicious(legacy)
(OUT / "malicious_legacy.pt").write_bytes(b"".join(legacy))

(OUT / "expected.json").write_text(json.dumps(manifest, indent=1) + "\n")
print("wrote", sorted(p.name for p in OUT.iterdir()))
