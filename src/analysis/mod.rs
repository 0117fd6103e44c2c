//! Everything shown about a spectrum, as pure functions of σ and the shape.
//!
//! Definitions (Eckart–Young–Mirsky): A_k = Σ_{i≤k} σ_i u_i v_iᵀ is the best rank-k
//! approximation in both the Frobenius and the spectral norm, with
//! ‖A − A_k‖_F = sqrt(Σ_{i>k} σ_i²) and ‖A − A_k‖₂ = σ_{k+1}.

mod budget;
mod layer;
mod report;
mod rules;
mod spectrum;

pub use budget::{Allocation, Budget, BudgetLayer, allocate};
pub use layer::{KohyaParameters, KohyaRanks, LayerRanks, LayerRow, kohya_ranks, numerical_rank};
pub use report::{AnalysisReport, RankSummary, ReportOrigin, SuggestedRanks};
pub use rules::{RankRule, gavish_donoho_omega};
pub use spectrum::Spectrum;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_counts_u_sigma_and_v() {
        // 100 × 50 at rank 3: 3 · (100 + 50 + 1) = 453 numbers vs 5000.
        assert_eq!(storage_numbers(3, 100, 50), 453);
        assert!((compression_ratio(3, 100, 50) - 5000.0 / 453.0).abs() < 1e-12);
        assert!(compression_ratio(0, 100, 50).is_infinite());
    }
}
