//! Everything shown about a spectrum, as pure functions of σ and the shape.
//!
//! Definitions (Eckart–Young–Mirsky): A_k = Σ_{i≤k} σ_i u_i v_iᵀ is the best rank-k
//! approximation in both the Frobenius and the spectral norm, with
//! ‖A − A_k‖_F = sqrt(Σ_{i>k} σ_i²) and ‖A − A_k‖₂ = σ_{k+1}.

mod budget;
mod channels;
pub mod denoise;
mod layer;
pub mod plane;
mod report;
mod rules;
pub mod space;
mod spectrum;

pub use budget::{Allocation, Budget, BudgetLayer, allocate, allocate_with_floor};
pub use channels::Channels;
pub use layer::{
    KohyaParameters, KohyaRanks, KohyaRule, LayerRanks, LayerRow, kohya_ranks, numerical_rank,
};
pub use report::{AnalysisReport, RankSummary, ReportOrigin, SuggestedRanks};
pub use rules::{RankRule, gavish_donoho_omega};
pub use spectrum::{GAVISH_DONOHO_LOW_RANK, Spectrum};

/// Numbers stored by a rank-k factorisation of an m × n matrix: k(m + n + 1)
/// (U_k, σ_k and V_k), against m·n for the matrix itself.
#[must_use]
pub fn storage_numbers(rank: usize, rows: usize, cols: usize) -> u64 {
    rank as u64 * (rows as u64 + cols as u64 + 1)
}

/// m·n / (k(m + n + 1)): how many times smaller the factors are than the matrix
/// (`inf` at k = 0).
#[must_use]
#[allow(clippy::cast_precision_loss)] // a ratio for display
pub fn compression_ratio(rank: usize, rows: usize, cols: usize) -> f64 {
    (rows as f64 * cols as f64) / storage_numbers(rank, rows, cols) as f64
}

/// The break-even rank ⌊m·n / (m + n + 1)⌋: the largest k whose factors store no more
/// numbers than the matrix (k(m + n + 1) ≤ m·n). Beyond it the factors are larger than A.
#[must_use]
pub fn break_even_rank(rows: usize, cols: usize) -> usize {
    let dense = rows as u64 * cols as u64;
    let per_rank = rows as u64 + cols as u64 + 1;
    usize::try_from(dense / per_rank).unwrap_or(usize::MAX)
}

/// The rank the window shows first: the 99 %-energy rank, but never beyond the break-even
/// rank. A default that stores more numbers than the matrix itself reads as a compression
/// that is none (a trained 384 × 384 weight needs k = 360 for 99 %: 117 % of m·n, "0.85×");
/// where 99 % lies past break-even, the largest rank that still does not grow the storage is
/// the most the factors can offer, and the 99 % button and the error curve show the rest.
/// `None` where a partial spectrum does not reach 99 %.
#[must_use]
pub fn default_rank(spectrum: &Spectrum) -> Option<usize> {
    let (rows, cols) = spectrum.shape();
    RankRule::Energy99
        .rank(spectrum)
        .map(|k| k.min(break_even_rank(rows, cols)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn break_even_is_the_last_rank_not_larger_than_the_matrix() {
        // 384 × 384: 147 456 / 769 = 191.7…; 191 · 769 = 146 879 ≤ 147 456 < 192 · 769.
        assert_eq!(break_even_rank(384, 384), 191);
        for (m, n) in [(384, 384), (300, 451), (30522, 384), (1, 7), (5, 3)] {
            let k = break_even_rank(m, n);
            let dense = (m * n) as u64;
            assert!(storage_numbers(k, m, n) <= dense, "{m} × {n}: k = {k}");
            assert!(storage_numbers(k + 1, m, n) > dense, "{m} × {n}: k = {k}");
        }
    }

    #[test]
    fn default_rank_is_the_99_percent_rank_capped_at_break_even() {
        // Flat spectrum of a 20 × 20 matrix: 99 % needs 20 of 20 ranks; break-even is
        // ⌊400 / 41⌋ = 9.
        let flat = Spectrum::complete(vec![1.0; 20], 20, 20);
        assert_eq!(default_rank(&flat), Some(9));
        // One dominant σ: 99 % is reached at k = 1, well below break-even.
        let mut sigma = vec![100.0];
        sigma.extend(std::iter::repeat_n(0.01, 19));
        let steep = Spectrum::complete(sigma, 20, 20);
        assert_eq!(default_rank(&steep), Some(1));
    }

    #[test]
    fn storage_counts_u_sigma_and_v() {
        // 100 × 50 at rank 3: 3 · (100 + 50 + 1) = 453 numbers vs 5000.
        assert_eq!(storage_numbers(3, 100, 50), 453);
        assert!((compression_ratio(3, 100, 50) - 5000.0 / 453.0).abs() < 1e-12);
        assert!(compression_ratio(0, 100, 50).is_infinite());
    }
}
