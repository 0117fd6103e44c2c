#!/usr/bin/env python3
"""Writes a real trained network's weights as OUT.safetensors, for screenshots and manual checks.

The network is PaddleOCR's PP-OCRv4 text recogniser (an SVTR transformer with a 120 × 6625 CTC
head, 2.7 M parameters), as shipped in the `rapidocr-onnxruntime` wheel on PyPI (Apache-2.0).
Every float32 constant of two or more dimensions and at least 1024 values is kept, under its
ONNX name (`linear_85.w_0`, `conv2d_184.w_0`, ...), in float32 as stored.

Needs `pip` (to download the wheel) and the Python packages numpy, onnx and safetensors.
"""
import pathlib
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper
from safetensors.numpy import save_file

WHEEL = "rapidocr-onnxruntime==1.4.4"
MODEL = "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx"


def main() -> None:
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "ppocrv4_rec.safetensors")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp, WHEEL],
            check=True,
        )
        wheel = next(pathlib.Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            model = onnx.load_from_string(archive.read(MODEL))
    tensors = {}
    for node in model.graph.node:
        if node.op_type != "Constant":
            continue
        for attribute in node.attribute:
            if attribute.name != "value":
                continue
            array = numpy_helper.to_array(attribute.t)
            if array.dtype == np.float32 and array.ndim >= 2 and array.size >= 1024:
                tensors[node.output[0]] = np.ascontiguousarray(array)
    save_file(tensors, str(out))
    print(f"wrote {out}: {len(tensors)} tensors, {sum(t.size for t in tensors.values())} values")


if __name__ == "__main__":
    main()
