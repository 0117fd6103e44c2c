//! The denoising demo: a clean matrix C, a noisy one N = C + Z with Z_ij ~ N(0, σ_n²), and
//! how far the rank-k truncation N_k of the noisy matrix is from each.
//!
//! - Against the noisy matrix, ‖N − N_k‖_F = sqrt(Σ_{i>k} σ_i²) falls to 0 as k grows
//!   (Eckart–Young): N_k copies the noise too.
//! - Against the clean matrix, ‖C − N_k‖_F first falls (each layer adds picture) and then
//!   rises again (the later layers add mostly noise): it has a minimum.
//! - Gavish & Donoho's hard threshold keeps the σ_i above the noise's reach and lands near
//!   that minimum without knowing C: what the threshold is for.
//!
//! With N = Σ σ_i u_i v_iᵀ, the clean error of every k comes from one pass over C:
//! ‖C − N_k‖_F² = ‖C‖_F² − 2 Σ_{i≤k} σ_i u_iᵀ C v_i + Σ_{i≤k} σ_i²
//! (N_k's layers are orthonormal), so after the r numbers u_iᵀ C v_i (one product C V)
//! each k costs O(1).
//!
//! Everything here is in f64: the clean error is a difference of sums of squares, which
//! f32's seven digits would blur at the small errors the minimum is about.

use super::Spectrum;
use crate::linalg::{Factors, JobControl, SvdError, power_of_two_near, thin_svd};
use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::{Array2, ArrayView2, Axis};

/// λ*(β) = sqrt(2(β + 1) + 8β / ((β + 1) + sqrt(β² + 14β + 1))): the optimal hard threshold
/// for singular values in units of √n·σ_n when the noise level σ_n is known, for an m × n
/// matrix (m ≤ n) with aspect ratio β = m/n. Gavish & Donoho, "The Optimal Hard Threshold
/// for Singular Values is 4/√3", IEEE Trans. Inf. Theory 60(8), 2014, eq. (11);
/// λ*(1) = 4/√3.
#[must_use]
pub fn gavish_donoho_lambda(beta: f64) -> f64 {
    let beta = beta.clamp(0.0, 1.0);
    (2.0 * (beta + 1.0) + 8.0 * beta / ((beta + 1.0) + (beta * beta + 14.0 * beta + 1.0).sqrt()))
        .sqrt()
}

/// τ = λ*(β)·√n·σ_n with n = max(rows, cols), β = min/max: the known-noise Gavish–Donoho
/// threshold (keep the σ_i > τ).
#[must_use]
#[allow(clippy::cast_precision_loss)] // matrix sides, far below 2⁵³
pub fn gavish_donoho_known_threshold(rows: usize, cols: usize, noise_sigma: f64) -> f64 {
    let (short, long) = (rows.min(cols) as f64, rows.max(cols) as f64);
    if long == 0.0 {
        return 0.0;
    }
    gavish_donoho_lambda(short / long) * long.sqrt() * noise_sigma
}

/// What one noise level is measured against: the pixel range (1, pixels being in \[0, 1\])
/// for a picture, else the spread max − min of the clean matrix's entries. A noise level of
/// 0.1 on a photo is σ_n = 0.1, i.e. 25.5 of 255 grey levels.
#[must_use]
pub fn noise_unit(clean: ArrayView2<'_, f64>, is_image: bool) -> f64 {
    if is_image {
        return 1.0;
    }
    let (low, high) = clean
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if high > low { high - low } else { 1.0 }
}

/// Z, rows × cols, with independent N(0, σ_n²) entries from a seeded generator (the
/// same `StdRng` + standard normal as the planted test matrices): the same seed gives the
/// same noise on every machine and run.
#[must_use]
pub fn gaussian_noise(rows: usize, cols: usize, noise_sigma: f64, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_simple_fn((rows, cols), || {
        let z: f64 = StandardNormal.sample(&mut rng);
        noise_sigma * z
    })
}

/// Block means that shrink `matrix` so its longer side is at most `max_side`, both sides by
/// the same factor (a photo keeps its shape); unchanged when it already fits.
#[must_use]
pub fn shrink_to(matrix: ArrayView2<'_, f64>, max_side: usize) -> Array2<f64> {
    let (m, n) = matrix.dim();
    let longest = m.max(n);
    if longest <= max_side || max_side == 0 {
        return matrix.to_owned();
    }
    let side = |len: usize| (len * max_side).div_ceil(longest).clamp(1, len);
    let (p, q) = (side(m), side(n));
    let block = |i: usize, len: usize, count: usize| (i * len / count)..((i + 1) * len / count);
    Array2::from_shape_fn((p, q), |(i, j)| {
        let rows = block(i, m, p);
        let cols = block(j, n, q);
        #[allow(clippy::cast_precision_loss)]
        let count = (rows.len() * cols.len()) as f64;
        matrix.slice(ndarray::s![rows, cols]).sum() / count
    })
}

/// The two error curves of a denoising experiment and the ranks that matter on them.
#[derive(Debug, Clone, PartialEq)]
pub struct DenoiseCurves {
    /// (m, n).
    pub shape: (usize, usize),
    /// σ_n, the noise's standard deviation, when known.
    pub noise_sigma: Option<f64>,
    /// σ_1 ≥ … ≥ σ_r of the noisy matrix N.
    pub singular_values: Vec<f64>,
    /// ‖C‖_F.
    pub clean_norm: f64,
    /// ‖N‖_F.
    pub noisy_norm: f64,
    /// ‖C − N_k‖_F / ‖C‖_F for k = 0 … r (1 at k = 0; ‖Z‖_F / ‖C‖_F at k = r).
    pub error_vs_clean: Vec<f64>,
    /// ‖N − N_k‖_F / ‖N‖_F = sqrt(Σ_{i>k} σ_i²) / ‖N‖_F for k = 0 … r (Eckart–Young).
    pub error_vs_noisy: Vec<f64>,
}

impl DenoiseCurves {
    /// The curves of `noisy` = U diag(σ) Vᵀ (all r = min(m, n) components, in
    /// `noisy_factors`) against `clean`, of the same shape. One product C V (m·n·r), then
    /// O(r) for every k together.
    #[must_use]
    pub fn new(
        clean: ArrayView2<'_, f64>,
        noisy_factors: &Factors<f64>,
        noise_sigma: Option<f64>,
    ) -> Self {
        let (m, n) = clean.dim();
        let sigma = noisy_factors.singular_values_f64();
        // In units of a power of two near the largest norm, so no square overflows.
        let clean_norm = crate::linalg::frobenius_norm(clean);
        let noisy_spectrum = Spectrum::complete(sigma.clone(), m, n);
        let noisy_norm = noisy_spectrum.frobenius_norm();
        let unit = power_of_two_near(clean_norm.max(noisy_norm));
        // d_i = u_iᵀ C v_i: the column sums of U ∘ (C V).
        let cv = clean.dot(&noisy_factors.vt.t());
        let projections: Vec<f64> = (&noisy_factors.u * &cv)
            .sum_axis(Axis(0))
            .iter()
            .map(|d| d / unit)
            .collect();
        let clean_sq = (clean_norm / unit).powi(2);
        let mut error_vs_clean = Vec::with_capacity(sigma.len() + 1);
        let mut squared = clean_sq;
        error_vs_clean.push(1.0);
        for (&s, &d) in sigma.iter().zip(&projections) {
            let s = s / unit;
            squared += s * s - 2.0 * s * d;
            error_vs_clean.push(if clean_sq > 0.0 {
                (squared.max(0.0) / clean_sq).sqrt()
            } else {
                0.0
            });
        }
        Self {
            shape: (m, n),
            noise_sigma,
            error_vs_noisy: noisy_spectrum.relative_errors(),
            singular_values: sigma,
            clean_norm,
            noisy_norm,
            error_vs_clean,
        }
    }

    /// r, the largest rank on the curves.
    #[must_use]
    pub fn max_rank(&self) -> usize {
        self.singular_values.len()
    }

    /// The k minimising ‖C − N_k‖_F (the smallest such k on a tie): the best any truncation
    /// of the noisy matrix can do, known only because C is.
    #[must_use]
    pub fn best_rank(&self) -> usize {
        self.error_vs_clean
            .iter()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(b.1))
            .map_or(0, |(k, _)| k)
    }

    /// The known-noise threshold λ*(β)·√n·σ_n, when σ_n is known.
    #[must_use]
    pub fn known_noise_threshold(&self) -> Option<f64> {
        let (m, n) = self.shape;
        self.noise_sigma
            .map(|s| gavish_donoho_known_threshold(m, n, s))
    }

    /// Number of σ_i above [`known_noise_threshold`](Self::known_noise_threshold).
    #[must_use]
    pub fn known_noise_rank(&self) -> Option<usize> {
        let threshold = self.known_noise_threshold()?;
        Some(
            self.singular_values
                .iter()
                .filter(|&&s| s > threshold)
                .count(),
        )
    }

    /// The unknown-noise threshold ω(β)·median(σ) of the noisy matrix (the rule the
    /// spectrum view draws).
    #[must_use]
    pub fn unknown_noise_threshold(&self) -> Option<f64> {
        let (m, n) = self.shape;
        Spectrum::complete(self.singular_values.clone(), m, n).gavish_donoho_threshold()
    }

    /// Number of σ_i above [`unknown_noise_threshold`](Self::unknown_noise_threshold).
    #[must_use]
    pub fn unknown_noise_rank(&self) -> Option<usize> {
        let (m, n) = self.shape;
        Spectrum::complete(self.singular_values.clone(), m, n).gavish_donoho_rank()
    }
}

/// A finished experiment: the noisy matrix, its SVD and the curves.
#[derive(Debug, Clone)]
pub struct Denoising {
    /// N = C + Z.
    pub noisy: Array2<f64>,
    /// U, σ, Vᵀ of N (all min(m, n) components).
    pub factors: Factors<f64>,
    /// Both error curves.
    pub curves: DenoiseCurves,
}

impl Denoising {
    /// N_k = Σ_{i≤k} σ_i u_i v_iᵀ, the denoised matrix at rank k.
    #[must_use]
    pub fn denoised(&self, rank: usize) -> Array2<f64> {
        self.factors.reconstruct(rank)
    }
}

/// Adds N(0, σ_n²) noise (seeded) to `clean` and measures every truncation of the noisy
/// matrix against both: one exact SVD of N, cancellable through `job`.
pub fn denoise(
    clean: ArrayView2<'_, f64>,
    noise_sigma: f64,
    seed: u64,
    job: &JobControl,
) -> Result<Denoising, SvdError> {
    let (m, n) = clean.dim();
    let noisy = &clean + &gaussian_noise(m, n, noise_sigma, seed);
    let factors = thin_svd(noisy.view(), job)?;
    let curves = DenoiseCurves::new(clean, &factors, Some(noise_sigma));
    Ok(Denoising {
        noisy,
        factors,
        curves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::planted_matrix;

    /// ‖X‖_F straight from the entries.
    fn norm(x: &Array2<f64>) -> f64 {
        x.iter().map(|v| v * v).sum::<f64>().sqrt()
    }

    #[test]
    fn lambda_star_is_four_over_root_three_for_square_matrices() {
        assert!((gavish_donoho_lambda(1.0) - 4.0 / 3f64.sqrt()).abs() < 1e-12);
        // β → 0: √2 (the paper's limit; a tall matrix's noise bulk edge is √n σ).
        assert!((gavish_donoho_lambda(0.0) - 2f64.sqrt()).abs() < 1e-12);
        // Above the bulk edge (1 + √β) everywhere: the threshold never keeps pure noise.
        for beta in [0.05, 0.25, 0.5, 0.75, 1.0] {
            let lambda: f64 = gavish_donoho_lambda(beta);
            assert!(lambda > 1.0 + f64::sqrt(beta), "β = {beta}: {lambda}");
        }
        // n is the longer side, whichever way the matrix is stored.
        let tall = gavish_donoho_known_threshold(400, 100, 0.5);
        assert_eq!(tall, gavish_donoho_known_threshold(100, 400, 0.5));
        assert!((tall - gavish_donoho_lambda(0.25) * 20.0 * 0.5).abs() < 1e-12);
    }

    #[test]
    fn clean_error_matches_direct_reconstruction() {
        // Rebuilds every N_k entry by entry and measures ‖C − N_k‖_F and ‖N − N_k‖_F from
        // the differences: no use of the one-pass identity.
        let sigma = [9.0, 6.0, 4.0, 2.5, 1.0];
        let clean = planted_matrix(23, 17, &sigma, 5);
        let run = denoise(clean.view(), 0.2, 11, &JobControl::new()).unwrap();
        let curves = &run.curves;
        assert_eq!(curves.max_rank(), 17);
        assert_eq!(curves.error_vs_clean.len(), 18);
        let clean_norm = norm(&clean);
        let noisy_norm = norm(&run.noisy);
        for k in 0..=17 {
            let approx = run.denoised(k);
            let vs_clean = norm(&(&clean - &approx)) / clean_norm;
            let vs_noisy = norm(&(&run.noisy - &approx)) / noisy_norm;
            assert!(
                (curves.error_vs_clean[k] - vs_clean).abs() < 1e-12,
                "k = {k}: {} vs {vs_clean}",
                curves.error_vs_clean[k]
            );
            assert!(
                (curves.error_vs_noisy[k] - vs_noisy).abs() < 1e-12,
                "k = {k}"
            );
        }
        // At full rank N_k = N: the clean error is the noise's norm.
        let noise = &run.noisy - &clean;
        assert!((curves.error_vs_clean[17] - norm(&noise) / clean_norm).abs() < 1e-12);
    }

    #[test]
    fn noise_is_seeded_and_has_the_asked_standard_deviation() {
        let a = gaussian_noise(200, 300, 0.1, 7);
        assert_eq!(a, gaussian_noise(200, 300, 0.1, 7));
        assert_ne!(a, gaussian_noise(200, 300, 0.1, 8));
        #[allow(clippy::cast_precision_loss)]
        let count = a.len() as f64;
        let mean = a.sum() / count;
        let sd = (a.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / count).sqrt();
        // 60 000 samples: the standard error of the sd is about 0.1 / √120 000 ≈ 3e-4.
        assert!(mean.abs() < 2e-3, "{mean}");
        assert!((sd - 0.1).abs() < 2e-3, "{sd}");
    }

    #[test]
    fn gavish_donoho_lands_near_the_minimum_of_the_clean_error() {
        // A planted rank-10 200 × 300 signal well above the noise (bulk edge
        // σ_n(√200 + √300) ≈ 3.1 at σ_n = 0.1) plus Gaussian noise.
        let sigma: Vec<f64> = (0..10).map(|i| 40.0 * 0.8f64.powi(i)).collect();
        let clean = planted_matrix(200, 300, &sigma, 3);
        let run = denoise(clean.view(), 0.1, 4, &JobControl::new()).unwrap();
        let curves = &run.curves;
        let best = curves.best_rank();
        assert!((8..=10).contains(&best), "best k = {best}");
        // The clean error has a minimum: it rises again to the noise's level at full rank.
        let at_best = curves.error_vs_clean[best];
        assert!(curves.error_vs_clean[200] > 2.0 * at_best);
        assert!(curves.error_vs_clean[0] > 2.0 * at_best);
        // The noisy error only falls.
        assert!(curves.error_vs_noisy.windows(2).all(|w| w[1] <= w[0]));
        let known = curves.known_noise_rank().unwrap();
        let unknown = curves.unknown_noise_rank().unwrap();
        for (name, k) in [("known", known), ("unknown", unknown)] {
            assert!(best.abs_diff(k) <= 2, "{name}: k = {k}, best = {best}");
            let excess = curves.error_vs_clean[k] / at_best;
            assert!(excess < 1.05, "{name}: {excess}");
        }
    }

    #[test]
    fn shrinking_keeps_the_shape_and_averages_blocks() {
        let a = Array2::from_shape_fn((6, 9), |(i, j)| (i * 9 + j) as f64);
        assert_eq!(shrink_to(a.view(), 9), a);
        let small = shrink_to(a.view(), 3);
        assert_eq!(small.dim(), (2, 3));
        // Block (rows 0..3, cols 0..3): mean of 0,1,2,9,10,11,18,19,20 = 10.
        assert!((small[[0, 0]] - 10.0).abs() < 1e-12);
        assert!((small.sum() / 6.0 - a.sum() / 54.0).abs() < 1e-12);
    }
}
