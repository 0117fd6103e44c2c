//! [`Spectrum`]: σ plus the curves derived from it, computed once per factorisation.

use super::rules::gavish_donoho_omega;
use crate::linalg::power_of_two_near;

/// Why Gavish–Donoho does not apply to a matrix of low rank by construction.
pub const GAVISH_DONOHO_LOW_RANK: &str =
    "Gavish–Donoho assumes a full noisy spectrum; ΔW of rank ≤ r has none";

/// Singular values of an m × n matrix and everything derived from them.
///
/// Holds either all r = min(m, n) values ([`Spectrum::complete`]) or only the top ones
/// with ‖A‖_F measured directly ([`Spectrum::partial`], from a randomized SVD). All
/// curves are indexed by rank k = 0 … len.
///
/// Sums of σ² are kept in units of a power of two u near σ₁ (or ‖A‖_F), so they neither
/// overflow nor underflow at any magnitude of A: σ = 1e200 gives the same curves as σ = 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    rows: usize,
    cols: usize,
    singular_values: Vec<f64>,
    /// u (1 for the zero matrix).
    unit: f64,
    /// `tail_sq[k]` = ‖A − A_k‖_F² / u² = Σ_{i>k} (σ_i/u)², k = 0 … len.
    tail_sq: Vec<f64>,
    /// `head_sq[k]` = ‖A_k‖_F² / u² = Σ_{i≤k} (σ_i/u)², k = 0 … len.
    head_sq: Vec<f64>,
    /// ‖A‖_F² / u².
    frobenius_norm_sq: f64,
    is_complete: bool,
    /// The rank the matrix has at most by construction (a LoRA ΔW = B·A), when known: its
    /// σ beyond are zeros, not noise.
    rank_bound: Option<usize>,
}

impl Spectrum {
    /// All r = min(m, n) singular values of an m × n matrix (any order; sorted here).
    #[must_use]
    pub fn complete(singular_values: Vec<f64>, rows: usize, cols: usize) -> Self {
        Self::build(singular_values, rows, cols, None)
    }

    /// The top singular values only, with ‖A‖_F computed from the matrix itself, so the
    /// tail beyond the known values is ‖A‖_F² − Σ_known σ_i².
    #[must_use]
    pub fn partial(
        singular_values: Vec<f64>,
        rows: usize,
        cols: usize,
        frobenius_norm: f64,
    ) -> Self {
        Self::build(singular_values, rows, cols, Some(frobenius_norm))
    }

    fn build(
        mut singular_values: Vec<f64>,
        rows: usize,
        cols: usize,
        frobenius_norm: Option<f64>,
    ) -> Self {
        singular_values.sort_by(|a, b| b.total_cmp(a));
        let len = singular_values.len();
        let largest = singular_values
            .first()
            .copied()
            .unwrap_or(0.0)
            .max(frobenius_norm.unwrap_or(0.0));
        let unit = power_of_two_near(largest);
        let square = |sigma: f64| (sigma / unit) * (sigma / unit);
        let mut head_sq = Vec::with_capacity(len + 1);
        head_sq.push(0.0);
        for &sigma in &singular_values {
            head_sq.push(head_sq[head_sq.len() - 1] + square(sigma));
        }
        let known_sq = head_sq[len];
        let is_complete = frobenius_norm.is_none() || len == rows.min(cols);
        // Beyond the known values: nothing for a complete spectrum, else what ‖A‖_F says is left.
        let residual_sq = match frobenius_norm {
            Some(norm) if !is_complete => (square(norm) - known_sq).max(0.0),
            _ => 0.0,
        };
        // Summed from the small end so tiny tails keep their relative accuracy.
        let mut tail_sq = vec![0.0; len + 1];
        tail_sq[len] = residual_sq;
        for k in (0..len).rev() {
            tail_sq[k] = tail_sq[k + 1] + square(singular_values[k]);
        }
        Self {
            rows,
            cols,
            frobenius_norm_sq: tail_sq[0],
            singular_values,
            unit,
            tail_sq,
            head_sq,
            is_complete,
            rank_bound: None,
        }
    }

    /// Marks the matrix as of rank at most `bound` by construction (an adapter's ΔW): its
    /// σ beyond `bound` are exact zeros rather than a noise floor, so Gavish–Donoho, which
    /// estimates the noise from the median σ, does not apply
    /// ([`Self::gavish_donoho_refusal`]).
    #[must_use]
    pub fn with_rank_bound(mut self, bound: usize) -> Self {
        self.rank_bound = Some(bound);
        self
    }

    /// The rank the matrix has at most by construction, if it is one of low rank by design.
    #[must_use]
    pub fn rank_bound(&self) -> Option<usize> {
        self.rank_bound
    }

    /// σ_1 ≥ σ_2 ≥ ….
    #[must_use]
    pub fn singular_values(&self) -> &[f64] {
        &self.singular_values
    }

    /// (m, n).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    /// Number of known singular values (the largest rank the curves reach).
    #[must_use]
    pub fn len(&self) -> usize {
        self.singular_values.len()
    }

    /// Whether no singular value is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.singular_values.is_empty()
    }

    /// Whether all min(m, n) singular values are known.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.is_complete
    }

    /// ‖A‖_F = sqrt(Σ σ_i²).
    #[must_use]
    pub fn frobenius_norm(&self) -> f64 {
        self.unit * self.frobenius_norm_sq.sqrt()
    }

    /// ‖A − A_k‖_F = sqrt(Σ_{i>k} σ_i²) (Eckart–Young). `k` is clamped to `len()`.
    #[must_use]
    pub fn absolute_error(&self, rank: usize) -> f64 {
        self.unit * self.tail_sq[rank.min(self.len())].sqrt()
    }

    /// e_k = ‖A − A_k‖_F / ‖A‖_F = sqrt(Σ_{i>k} σ_i²) / ‖A‖_F, with e_0 = 1.
    ///
    /// For the all-zero matrix, where this is 0/0, e_0 = 1 and e_k = 0 for every k ≥ 1:
    /// A_k = A exactly, as for any matrix once k reaches its rank.
    #[must_use]
    pub fn relative_error(&self, rank: usize) -> f64 {
        if rank == 0 {
            return 1.0;
        }
        if self.frobenius_norm_sq == 0.0 {
            return 0.0;
        }
        (self.tail_sq[rank.min(self.len())] / self.frobenius_norm_sq).sqrt()
    }

    /// \[e_0, e_1, …, e_len\].
    #[must_use]
    pub fn relative_errors(&self) -> Vec<f64> {
        (0..=self.len()).map(|k| self.relative_error(k)).collect()
    }

    /// c_k = Σ_{i≤k} σ_i² / ‖A‖_F²: the share of ‖A‖_F² that A_k keeps (c_0 = 0).
    #[must_use]
    pub fn energy(&self, rank: usize) -> f64 {
        if rank == 0 {
            return 0.0;
        }
        if self.frobenius_norm_sq == 0.0 {
            return 1.0;
        }
        (self.head_sq[rank.min(self.len())] / self.frobenius_norm_sq).min(1.0)
    }

    /// \[c_0, c_1, …, c_len\].
    #[must_use]
    pub fn energies(&self) -> Vec<f64> {
        (0..=self.len()).map(|k| self.energy(k)).collect()
    }

    /// ‖A − A_k‖₂ = σ_{k+1} (0 once k ≥ min(m, n)); `None` beyond a partial spectrum.
    #[must_use]
    pub fn spectral_error(&self, rank: usize) -> Option<f64> {
        match self.singular_values.get(rank) {
            Some(&sigma) => Some(sigma),
            None if self.is_complete => Some(0.0),
            None => None,
        }
    }

    /// Stable rank Σσ²/σ₁² = ‖A‖_F² / ‖A‖₂² (0 for the zero matrix).
    #[must_use]
    pub fn stable_rank(&self) -> f64 {
        match self.singular_values.first() {
            Some(&top) if top > 0.0 => self.frobenius_norm_sq / ((top / self.unit).powi(2)),
            _ => 0.0,
        }
    }

    /// Effective rank (Roy & Vetterli 2007): exp(−Σ p_i ln p_i) with p_i = σ_i / Σσ,
    /// over the known singular values (summed in units of u, so Σσ cannot overflow).
    #[must_use]
    pub fn effective_rank(&self) -> f64 {
        let total: f64 = self.singular_values.iter().map(|s| s / self.unit).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let entropy: f64 = self
            .singular_values
            .iter()
            .map(|&s| s / self.unit / total)
            .filter(|&p| p > 0.0)
            .map(|p| -p * p.ln())
            .sum();
        entropy.exp()
    }

    /// The smallest k with c_k ≥ `fraction` (0 < fraction ≤ 1); `None` if a partial
    /// spectrum does not reach it.
    #[must_use]
    pub fn rank_for_energy(&self, fraction: f64) -> Option<usize> {
        if fraction <= 0.0 {
            return Some(0);
        }
        match (0..=self.len()).find(|&k| self.energy(k) >= fraction) {
            Some(k) => Some(k),
            // Rounding can leave c_r a hair below 1: the full rank keeps everything.
            None if self.is_complete => Some(self.len()),
            None => None,
        }
    }

    /// The Gavish–Donoho threshold ω(β)·median(σ) for unknown noise level, with
    /// β = min(m, n) / max(m, n); `None` unless the spectrum is complete, and for a matrix of
    /// low rank by construction ([`Self::gavish_donoho_refusal`]).
    #[must_use]
    pub fn gavish_donoho_threshold(&self) -> Option<f64> {
        if !self.is_complete || self.is_empty() || self.rank_bound.is_some() {
            return None;
        }
        #[allow(clippy::cast_precision_loss)]
        let beta = self.rows.min(self.cols) as f64 / self.rows.max(self.cols) as f64;
        Some(gavish_donoho_omega(beta) * median_of_descending(&self.singular_values))
    }

    /// Why Gavish–Donoho gives no rank for a matrix of low rank by construction (an
    /// adapter's ΔW of rank ≤ r has at most r nonzero σ: the median of its full spectrum is
    /// 0, and there is no noise to threshold); `None` for any other spectrum.
    #[must_use]
    pub fn gavish_donoho_refusal(&self) -> Option<&'static str> {
        self.rank_bound.map(|_| GAVISH_DONOHO_LOW_RANK)
    }

    /// Number of σ_i above [`gavish_donoho_threshold`](Self::gavish_donoho_threshold).
    #[must_use]
    pub fn gavish_donoho_rank(&self) -> Option<usize> {
        let threshold = self.gavish_donoho_threshold()?;
        Some(
            self.singular_values
                .iter()
                .filter(|&&s| s > threshold)
                .count(),
        )
    }

    /// PSNR of A_k for an image with values in \[0, 1\]:
    /// 10 log₁₀(1 / MSE_k), MSE_k = ‖A − A_k‖_F² / (m n). `None` when A_k = A exactly.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn psnr_db(&self, rank: usize) -> Option<f64> {
        let tail = self.tail_sq[rank.min(self.len())];
        // MSE_k = u² · tail / (m n), in logarithms so u² cannot overflow.
        (tail > 0.0).then(|| {
            10.0 * ((self.rows as f64 * self.cols as f64) / tail).log10() - 20.0 * self.unit.log10()
        })
    }
}

/// numpy's median of a descending slice (mean of the middle two for even lengths).
fn median_of_descending(values: &[f64]) -> f64 {
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        0.5 * (values[n / 2 - 1] + values[n / 2])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn curves_match_hand_computed_values() {
        // σ = (3, 2, 1): ‖A‖_F² = 9 + 4 + 1 = 14.
        let s = Spectrum::complete(vec![1.0, 3.0, 2.0], 3, 4);
        assert_eq!(s.singular_values(), &[3.0, 2.0, 1.0]);
        assert!(close(s.frobenius_norm(), 14f64.sqrt()));
        assert_eq!(s.relative_error(0), 1.0);
        assert!(close(s.relative_error(1), (5.0f64 / 14.0).sqrt()));
        assert!(close(s.relative_error(2), (1.0f64 / 14.0).sqrt()));
        assert_eq!(s.relative_error(3), 0.0);
        assert!(close(s.energy(1), 9.0 / 14.0));
        assert!(close(s.energy(2), 13.0 / 14.0));
        assert!(close(s.energy(3), 1.0));
        assert_eq!(s.spectral_error(0), Some(3.0));
        assert_eq!(s.spectral_error(2), Some(1.0));
        assert_eq!(s.spectral_error(3), Some(0.0));
        assert!(close(s.stable_rank(), 14.0 / 9.0));
        assert!(close(s.absolute_error(1), 5f64.sqrt()));
    }

    #[test]
    fn effective_rank_of_flat_and_single_spectra() {
        // Equal σ: p_i = 1/n, entropy ln n, effective rank n.
        assert!(close(
            Spectrum::complete(vec![2.0; 5], 5, 5).effective_rank(),
            5.0
        ));
        assert!(close(
            Spectrum::complete(vec![7.0, 0.0, 0.0], 3, 3).effective_rank(),
            1.0
        ));
        // σ = (3, 1): p = (3/4, 1/4), H = −(¾ ln ¾ + ¼ ln ¼).
        let h: f64 = -(0.75f64 * 0.75f64.ln() + 0.25 * 0.25f64.ln());
        assert!(close(
            Spectrum::complete(vec![3.0, 1.0], 2, 2).effective_rank(),
            h.exp()
        ));
    }

    #[test]
    fn energy_rule_picks_smallest_sufficient_rank() {
        // σ² = (81, 16, 2, 1) / 100.
        let s = Spectrum::complete(vec![9.0, 4.0, 2f64.sqrt(), 1.0], 4, 4);
        assert_eq!(s.rank_for_energy(0.81), Some(1));
        assert_eq!(s.rank_for_energy(0.90), Some(2));
        assert_eq!(s.rank_for_energy(0.97), Some(2));
        assert_eq!(s.rank_for_energy(0.98), Some(3));
        assert_eq!(s.rank_for_energy(1.0), Some(4));
    }

    #[test]
    fn partial_spectrum_uses_measured_norm() {
        // Known top two of (3, 2, 1) with ‖A‖_F² = 14 measured directly.
        let s = Spectrum::partial(vec![3.0, 2.0], 3, 3, 14f64.sqrt());
        assert!(!s.is_complete());
        assert!(close(s.relative_error(2), (1.0f64 / 14.0).sqrt()));
        assert_eq!(s.spectral_error(2), None);
        assert_eq!(s.gavish_donoho_rank(), None);
        assert_eq!(s.rank_for_energy(0.99), None);
    }

    #[test]
    fn gavish_donoho_counts_values_above_threshold() {
        // Square: β = 1, ω ≈ 0.56 − 0.95 + 1.82 + 1.43 = 2.86; median of (10, 5, 1, 1) = 3.
        let s = Spectrum::complete(vec![10.0, 5.0, 1.0, 1.0], 4, 4);
        let threshold = s.gavish_donoho_threshold().unwrap();
        assert!(close(threshold, 2.86 * 3.0), "{threshold}");
        assert_eq!(s.gavish_donoho_rank(), Some(1));
    }

    #[test]
    fn gavish_donoho_does_not_apply_to_a_spectrum_of_low_rank_by_construction() {
        // ΔW of rank 2 in 6 × 6, padded with zeros: the median σ is 0, so the plain rule
        // would keep every nonzero σ; marked low-rank it gives no rank and says why.
        let sigma = vec![3.0, 1.0, 0.0, 0.0, 0.0, 0.0];
        let plain = Spectrum::complete(sigma.clone(), 6, 6);
        assert_eq!(plain.gavish_donoho_threshold(), Some(0.0));
        assert_eq!(plain.gavish_donoho_refusal(), None);
        let low = Spectrum::complete(sigma, 6, 6).with_rank_bound(2);
        assert_eq!(low.gavish_donoho_threshold(), None);
        assert_eq!(low.gavish_donoho_rank(), None);
        assert_eq!(low.gavish_donoho_refusal(), Some(GAVISH_DONOHO_LOW_RANK));
        // The other rules are untouched.
        assert_eq!(low.rank_for_energy(0.9), Some(1));
    }

    #[test]
    fn psnr_from_tail_energy() {
        // 2 × 2 image, σ = (1, 0.1): MSE_1 = 0.01 / 4, PSNR = 10 log10(400).
        let s = Spectrum::complete(vec![1.0, 0.1], 2, 2);
        assert!(close(s.psnr_db(1).unwrap(), 10.0 * 400f64.log10()));
        assert_eq!(s.psnr_db(2), None);
    }

    #[test]
    fn curves_hold_where_squares_overflow_or_underflow() {
        // σ = (3, 2, 1)·s: the curves of (3, 2, 1) and ‖A‖_F = √14·s, at scales where σ² is
        // beyond f64 (1e±300, 1e±200) or subnormal (1e-160).
        let reference = Spectrum::complete(vec![3.0, 2.0, 1.0], 3, 4);
        for scale in [1e-300, 1e-200, 1e-160, 1e200, 1e300] {
            let s = Spectrum::complete(vec![3.0 * scale, 2.0 * scale, scale], 3, 4);
            assert!(close(s.frobenius_norm() / scale, 14f64.sqrt()), "{scale:e}");
            assert!(close(s.absolute_error(1) / scale, 5f64.sqrt()), "{scale:e}");
            for k in 0..=3 {
                assert!(
                    close(s.relative_error(k), reference.relative_error(k)),
                    "{scale:e}"
                );
                assert!(close(s.energy(k), reference.energy(k)), "{scale:e}");
            }
            assert!(close(s.stable_rank(), 14.0 / 9.0), "{scale:e}");
            assert!(
                close(s.effective_rank(), reference.effective_rank()),
                "{scale:e}"
            );
            // MSE scales by s²: PSNR drops by 20 log₁₀ s.
            let psnr = s.psnr_db(1).unwrap();
            let expected = reference.psnr_db(1).unwrap() - 20.0 * scale.log10();
            assert!(
                (psnr - expected).abs() < 1e-9,
                "{scale:e}: {psnr} vs {expected}"
            );
            let partial =
                Spectrum::partial(vec![3.0 * scale, 2.0 * scale], 3, 3, 14f64.sqrt() * scale);
            assert!(
                close(partial.relative_error(2), (1.0f64 / 14.0).sqrt()),
                "{scale:e}"
            );
            assert!(
                close(partial.frobenius_norm() / scale, 14f64.sqrt()),
                "{scale:e}"
            );
        }
    }

    #[test]
    fn zero_matrix_has_finite_curves() {
        let s = Spectrum::complete(vec![0.0, 0.0], 2, 2);
        assert_eq!(s.relative_errors(), vec![1.0, 0.0, 0.0]);
        assert_eq!(s.energies(), vec![0.0, 1.0, 1.0]);
        assert_eq!(s.frobenius_norm(), 0.0);
        assert_eq!(s.psnr_db(0), None);
        assert_eq!(s.stable_rank(), 0.0);
        assert_eq!(s.effective_rank(), 0.0);
    }
}
