#!/usr/bin/env python3
"""Writes the anchors of `rankscope plot`'s tests: tests/fixtures/plot_weights.npy (a 48 × 32
float64 matrix with a planted, geometrically decaying spectrum plus small noise) and
tests/fixtures/plot_expected.json with numpy's numbers for it and for the sample photo
assets/chelsea.png (luma, and r, g, b pooled as one matrix [R G B]):

- singular_values: numpy's float64 SVD;
- relative_error[k] = ||A - A_k||_F / ||A||_F and energy[k] = ||A_k||_F^2 / ||A||_F^2 for
  k = 0 ... r, from the reconstructions A_k = U_k diag(s_k) V_k^T themselves (not from a
  formula in sigma);
- psnr_db[k] = 10 log10(1 / MSE(A_k)) for the photo (pixels in [0, 1]);
- gavish_donoho: omega(beta) * median(sigma) with the published cubic, and how many sigma
  exceed it.

Run from the repository root:  python3 scripts/make_plot_fixtures.py
Needs: numpy, Pillow (pip install numpy Pillow).
"""
import json
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path("tests/fixtures")
rng = np.random.default_rng(20261201)


def curves(channels):
    """numpy's numbers for one matrix, or for channels taken together as [R G B]."""
    factors = [np.linalg.svd(a, full_matrices=False) for a in channels]
    r = min(channels[0].shape)
    total = sum(np.linalg.norm(a, "fro") ** 2 for a in channels)
    pixels = sum(a.size for a in channels)
    errors, energies, psnr = [], [], []
    approximations = [np.zeros_like(a) for a in channels]
    for k in range(r + 1):
        if k > 0:
            for i, (u, s, vt) in enumerate(factors):
                approximations[i] += s[k - 1] * np.outer(u[:, k - 1], vt[k - 1])
        residual = sum(np.linalg.norm(a - ak, "fro") ** 2 for a, ak in zip(channels, approximations))
        kept = sum(np.linalg.norm(ak, "fro") ** 2 for ak in approximations)
        errors.append(float(np.sqrt(residual / total)))
        energies.append(float(kept / total))
        mse = residual / pixels
        psnr.append(float(10 * np.log10(1 / mse)) if mse > 0 else None)
    return factors, errors, energies, psnr


def gavish_donoho(sigma, shape):
    beta = min(shape) / max(shape)
    omega = 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43
    threshold = omega * float(np.median(sigma))
    return {"threshold": threshold, "rank": int(np.sum(sigma > threshold))}


expected = {}

# ---- weights: planted spectrum 10 * 0.8^i plus noise --------------------------------------
m, n = 48, 32
u, _ = np.linalg.qr(rng.standard_normal((m, n)))
v, _ = np.linalg.qr(rng.standard_normal((n, n)))
planted = 10.0 * 0.8 ** np.arange(n)
w = (u * planted) @ v.T + 1e-3 * rng.standard_normal((m, n))
np.save(OUT / "plot_weights.npy", w)
factors, errors, energies, _ = curves([w])
expected["plot_weights.npy"] = {
    "shape": [m, n],
    "singular_values": factors[0][1].tolist(),
    "relative_error": errors,
    "energy": energies,
    "gavish_donoho": gavish_donoho(factors[0][1], (m, n)),
}

# ---- the sample photo: luma, and r, g, b together --------------------------------------------
rgb = np.asarray(Image.open("assets/chelsea.png").convert("RGB")).astype(np.float64) / 255.0
r, g, b = (rgb[..., i] for i in range(3))
luma = 0.2126 * r + 0.7152 * g + 0.0722 * b
factors, errors, energies, psnr = curves([luma])
expected["chelsea.png"] = {
    "luma": {
        "shape": list(luma.shape),
        "singular_values": factors[0][1].tolist(),
        "relative_error": errors,
        "energy": energies,
        "psnr_db": psnr,
        "gavish_donoho": gavish_donoho(factors[0][1], luma.shape),
    }
}
factors, errors, energies, psnr = curves([r, g, b])
expected["chelsea.png"]["rgb"] = {
    "shape": list(r.shape),
    "singular_values": {name: f[1].tolist() for name, f in zip("rgb", factors)},
    "relative_error": errors,
    "energy": energies,
    "psnr_db": psnr,
}

(OUT / "plot_expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
print(f"wrote {OUT / 'plot_weights.npy'} and {OUT / 'plot_expected.json'}")
