//! The analysis object that `analyze --json` prints and `export --format json` writes.

use super::{RankRule, Spectrum, compression_ratio, storage_numbers};
use crate::linalg::Method;
use crate::matrix::NonFiniteCount;
use crate::real::Precision;
use serde::{Deserialize, Serialize};

/// Ranks the standard rules suggest; `null` where a partial spectrum cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestedRanks {
    /// Smallest k keeping 90 % of ‖A‖_F².
    pub energy_90: Option<usize>,
    /// Smallest k keeping 99 % of ‖A‖_F².
    pub energy_99: Option<usize>,
    /// Gavish–Donoho hard threshold (needs every σ).
    pub gavish_donoho: Option<usize>,
}

impl SuggestedRanks {
    /// Applies the three standard rules to `spectrum`.
    #[must_use]
    pub fn of(spectrum: &Spectrum) -> Self {
        Self {
            energy_90: RankRule::Energy90.rank(spectrum),
            energy_99: RankRule::Energy99.rank(spectrum),
            gavish_donoho: RankRule::GavishDonoho.rank(spectrum),
        }
    }
}

/// What a rank-k approximation keeps and costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankSummary {
    /// k.
    pub rank: usize,
    /// ‖A − A_k‖_F / ‖A‖_F.
    pub relative_error: f64,
    /// Σ_{i≤k} σ_i² / ‖A‖_F².
    pub energy: f64,
    /// ‖A − A_k‖₂ = σ_{k+1}; `null` beyond a partial spectrum.
    pub spectral_error: Option<f64>,
    /// k(m + n + 1).
    pub storage_numbers: u64,
    /// m·n.
    pub matrix_numbers: u64,
    /// m·n / (k(m + n + 1)).
    pub compression_ratio: f64,
    /// 10 log₁₀(1/MSE) for images in \[0, 1\]; `null` for other matrices or exact A_k.
    pub psnr_db: Option<f64>,
}

impl RankSummary {
    /// Summarises rank `rank` of `spectrum`; `is_image` enables PSNR.
    #[must_use]
    pub fn of(spectrum: &Spectrum, rank: usize, is_image: bool) -> Self {
        let (m, n) = spectrum.shape();
        let ratio = compression_ratio(rank, m, n);
        Self {
            rank,
            relative_error: spectrum.relative_error(rank),
            energy: spectrum.energy(rank),
            spectral_error: spectrum.spectral_error(rank),
            storage_numbers: storage_numbers(rank, m, n),
            matrix_numbers: m as u64 * n as u64,
            // JSON has no infinity: k = 0 stores nothing.
            compression_ratio: if ratio.is_finite() { ratio } else { 0.0 },
            psnr_db: if is_image {
                spectrum.psnr_db(rank)
            } else {
                None
            },
        }
    }
}

/// One matrix's analysis, in the field order `analyze --json` prints (a stable interface that
/// docs/cli.md documents field by field: add fields, never rename or reorder them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisReport {
    /// The file, as given.
    pub source: String,
    /// Tensor or channel name.
    pub matrix: String,
    /// \[m, n\] as analysed.
    pub shape: [usize; 2],
    /// Element type in the file (numpy name).
    pub dtype: String,
    /// Working precision.
    pub precision: Precision,
    /// Engine used.
    pub method: Method,
    /// ‖A‖_F.
    pub frobenius_norm: f64,
    /// σ_1 ≥ … ≥ σ_r.
    pub singular_values: Vec<f64>,
    /// \[e_0 … e_r\].
    pub relative_error: Vec<f64>,
    /// \[c_0 … c_r\].
    pub energy: Vec<f64>,
    /// The standard rules' ranks.
    pub suggested_ranks: SuggestedRanks,
    /// Σσ² / σ₁².
    pub stable_rank: f64,
    /// exp(entropy of σ/Σσ).
    pub effective_rank: f64,
    /// Seconds the decomposition took.
    pub elapsed_secs: f64,
    /// Shape in the file, when it had more than two dimensions and was flattened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_shape: Option<Vec<usize>>,
    /// PSNR in dB of A_0 … A_r, for images (`null` where A_k = A).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psnr_db: Option<Vec<Option<f64>>>,
    /// The rank asked for with `--rank`, summarised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected_rank: Option<RankSummary>,
    /// NaN/±inf values replaced with 0 before the SVD (`--nan-to-zero`); absent when none were.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_non_finite: Option<NonFiniteCount>,
    /// A LoRA adapter's module: its r, alpha, scale and the rank ΔW actually uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapter: Option<crate::matrix::AdapterFacts>,
}

/// Where a matrix came from, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOrigin {
    /// The file, as given.
    pub source: String,
    /// Tensor or channel name.
    pub matrix: String,
    /// Element type name in the file.
    pub dtype: String,
    /// Shape in the file.
    pub stored_shape: Vec<usize>,
    /// Whether the matrix holds image pixels in \[0, 1\].
    pub is_image: bool,
    /// NaN/±inf values loading replaced with 0.
    pub replaced_non_finite: Option<NonFiniteCount>,
}

impl AnalysisReport {
    /// Assembles the report for `spectrum`.
    #[must_use]
    pub fn new(
        origin: ReportOrigin,
        spectrum: &Spectrum,
        precision: Precision,
        method: Method,
        elapsed_secs: f64,
        selected_rank: Option<usize>,
    ) -> Self {
        let (m, n) = spectrum.shape();
        Self {
            source: origin.source,
            matrix: origin.matrix,
            shape: [m, n],
            dtype: origin.dtype,
            precision,
            method,
            frobenius_norm: spectrum.frobenius_norm(),
            singular_values: spectrum.singular_values().to_vec(),
            relative_error: spectrum.relative_errors(),
            energy: spectrum.energies(),
            suggested_ranks: SuggestedRanks::of(spectrum),
            stable_rank: spectrum.stable_rank(),
            effective_rank: spectrum.effective_rank(),
            elapsed_secs,
            stored_shape: (origin.stored_shape.len() > 2).then_some(origin.stored_shape),
            psnr_db: origin
                .is_image
                .then(|| (0..=spectrum.len()).map(|k| spectrum.psnr_db(k)).collect()),
            selected_rank: selected_rank.map(|k| RankSummary::of(spectrum, k, origin.is_image)),
            replaced_non_finite: origin.replaced_non_finite,
            adapter: None,
        }
    }
}
