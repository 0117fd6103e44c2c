#!/usr/bin/env python3
"""Writes the anchors of the denoising demo's tests: tests/fixtures/denoise_clean.npy (a
60 x 40 float64 matrix with a planted rank-6 spectrum), tests/fixtures/denoise_noisy.npy (the
same plus numpy's Gaussian noise of standard deviation 0.05) and
tests/fixtures/denoise_expected.json with numpy's numbers for them:

- singular_values: numpy's float64 SVD of the noisy matrix N;
- error_vs_clean[k] = ||C - N_k||_F / ||C||_F and error_vs_noisy[k] = ||N - N_k||_F / ||N||_F
  for k = 0 ... r, measured on the reconstructions N_k = U_k diag(s_k) V_k^T themselves (not
  from a formula in sigma);
- best_rank: the k of the smallest error_vs_clean;
- gavish_donoho: the known-noise threshold lambda*(beta) sqrt(n) sigma_n (Gavish & Donoho
  2014, eq. (11)), the unknown-noise one omega(beta) median(sigma), and how many sigma exceed
  each.

Run from the repository root:  python3 scripts/make_denoise_fixtures.py
Needs: numpy (pip install numpy).
"""
import json
from pathlib import Path

import numpy as np

OUT = Path("tests/fixtures")
rng = np.random.default_rng(20261214)

m, n, noise_sigma = 60, 40, 0.05
u, _ = np.linalg.qr(rng.standard_normal((m, 6)))
v, _ = np.linalg.qr(rng.standard_normal((n, 6)))
planted = np.array([6.0, 4.0, 2.5, 1.5, 0.9, 0.5])
clean = (u * planted) @ v.T
noisy = clean + noise_sigma * rng.standard_normal((m, n))

U, s, Vt = np.linalg.svd(noisy, full_matrices=False)
r = min(m, n)
error_vs_clean, error_vs_noisy = [], []
approximation = np.zeros_like(noisy)
for k in range(r + 1):
    if k > 0:
        approximation += s[k - 1] * np.outer(U[:, k - 1], Vt[k - 1])
    error_vs_clean.append(float(np.linalg.norm(clean - approximation) / np.linalg.norm(clean)))
    error_vs_noisy.append(float(np.linalg.norm(noisy - approximation) / np.linalg.norm(noisy)))

beta = min(m, n) / max(m, n)
lam = np.sqrt(2 * (beta + 1) + 8 * beta / ((beta + 1) + np.sqrt(beta**2 + 14 * beta + 1)))
known = float(lam * np.sqrt(max(m, n)) * noise_sigma)
omega = 0.56 * beta**3 - 0.95 * beta**2 + 1.82 * beta + 1.43
unknown = float(omega * np.median(s))

np.save(OUT / "denoise_clean.npy", clean)
np.save(OUT / "denoise_noisy.npy", noisy)
expected = {
    "shape": [m, n],
    "noise_sigma": noise_sigma,
    "singular_values": [float(x) for x in s],
    "error_vs_clean": error_vs_clean,
    "error_vs_noisy": error_vs_noisy,
    "best_rank": int(np.argmin(error_vs_clean)),
    "gavish_donoho": {
        "known_threshold": known,
        "known_rank": int(np.sum(s > known)),
        "unknown_threshold": unknown,
        "unknown_rank": int(np.sum(s > unknown)),
    },
}
(OUT / "denoise_expected.json").write_text(json.dumps(expected, indent=1) + "\n")
print(f"best k = {expected['best_rank']}, G-D known = {expected['gavish_donoho']['known_rank']}, "
      f"unknown = {expected['gavish_donoho']['unknown_rank']}")
