//! Whole checkpoints: one row per matrix (`scan`), the same on ΔW = W_tuned − W_base of two
//! checkpoints (`diff`), and the low-rank factors of chosen layers for adapters.
//!
//! Matrices are loaded one at a time (a sharded or memory-mapped checkpoint never has more
//! than one working copy in memory), analysed, and handed to the caller as they finish, so
//! the CLI can print progress and the app can fill its table while the scan runs.

mod adapter;
mod delta;
mod resize;

pub use adapter::{adapter_row, factored_spectrum};
pub use delta::{DiffPlan, Mismatch, load_delta, plan_diff};
pub use resize::{
    ModuleSpectrum, ResizeError, ResizeOutcome, ResizeRule, ResizedModule, choose_ranks,
    module_spectra, write_resized,
};

use crate::analysis::{KohyaParameters, LayerRanks, LayerRow, RankRule, Spectrum};
use crate::export::{AdapterLayer, lora_pair};
use crate::linalg::{
    Factors, JobControl, Method, RandomizedOptions, SvdError, randomized_svd, thin_svd,
};
use crate::real::Real;
use crate::source::{MatrixData, MatrixEntry, Source, SourceError};
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::ArrayView2;
use thiserror::Error;

/// Matrices with min(m, n) above this get a randomized top-[`SCAN_RANDOMIZED_RANK`] spectrum
/// instead of every σ: an exact 8192² values-only SVD takes minutes on a laptop, and a scan
/// visits hundreds of them. Their Gavish–Donoho and kohya ranks are then unknown (`null`).
pub const SCAN_EXACT_MAX_DIM: usize = 4096;

/// Components of the randomized spectrum of very large matrices in a scan.
pub const SCAN_RANDOMIZED_RANK: usize = 256;

/// What a scan looks at and how.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Only tensors whose name this matches.
    pub filter: Option<regex::Regex>,
    /// Parameters of the kohya rank rules.
    pub kohya: KohyaParameters,
}

impl ScanOptions {
    /// Whether `name` passes the filter.
    #[must_use]
    pub fn wants(&self, name: &str) -> bool {
        self.filter.as_ref().is_none_or(|f| f.is_match(name))
    }
}

/// Why one matrix of a scan has no row; the scan goes on with the next.
#[derive(Debug, Error)]
pub enum LayerError {
    /// The file could not give the matrix.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// The decomposition failed or was cancelled.
    #[error(transparent)]
    Svd(#[from] SvdError),
}

/// The entries a scan reports: floating-point tensors of two or more dimensions, none empty,
/// that pass the filter, in file order.
#[must_use]
pub fn scan_entries<'a>(source: &'a Source, options: &ScanOptions) -> Vec<&'a MatrixEntry> {
    source
        .entries()
        .iter()
        .filter(|e| e.dtype.is_float() && e.refusal().is_none() && options.wants(&e.name))
        .collect()
}

/// The row of one entry: loads it, computes its spectrum and the rank rules.
pub fn scan_entry(
    source: &Source,
    entry: &MatrixEntry,
    options: &ScanOptions,
    job: &JobControl,
) -> Result<LayerRow, LayerError> {
    if let Some(row) = adapter_row(source, entry, options, job)? {
        return Ok(row);
    }
    let matrix = source.load(&entry.name, None)?;
    let (spectrum, method, epsilon) = spectrum_of(&matrix.data, job)?;
    let mut row = LayerRow::of(
        &entry.name,
        entry.dtype.name(),
        &entry.stored_shape,
        &spectrum,
        method,
        epsilon,
        options.kohya,
    );
    row.replaced_non_finite = matrix.replaced_non_finite.map(|found| found.count);
    Ok(row)
}

/// The spectrum a scan row is made of: every σ (values-only exact SVD), or the top
/// [`SCAN_RANDOMIZED_RANK`] of very large matrices. Also the engine and the machine epsilon of
/// the precision.
pub fn spectrum_of(
    data: &MatrixData,
    job: &JobControl,
) -> Result<(Spectrum, Method, f64), SvdError> {
    match data {
        MatrixData::F32(a) => spectrum_of_view(a.view(), job),
        MatrixData::F64(a) => spectrum_of_view(a.view(), job),
    }
}

/// [`spectrum_of`] for a matrix view in either precision.
pub fn spectrum_of_view<T: Real>(
    a: ArrayView2<'_, T>,
    job: &JobControl,
) -> Result<(Spectrum, Method, f64), SvdError>
where
    StandardNormal: Distribution<T>,
{
    let (m, n) = a.dim();
    let epsilon = T::epsilon().to_f64();
    if m.min(n) > SCAN_EXACT_MAX_DIM {
        let factors = randomized_svd(a, SCAN_RANDOMIZED_RANK, RandomizedOptions::default(), job)?;
        let frobenius = crate::linalg::frobenius_norm(a);
        let spectrum = Spectrum::partial(factors.singular_values_f64(), m, n, frobenius);
        return Ok((spectrum, Method::Randomized, epsilon));
    }
    let values = crate::linalg::singular_values(a, job)?;
    let spectrum = Spectrum::complete(values.iter().map(|&v| v.to_f64()).collect(), m, n);
    Ok((spectrum, Method::Exact, epsilon))
}

/// The `diff` row of `entry` from its ΔW (see [`load_delta`]), and ΔW's spectrum. A ΔW that
/// is exactly zero is `changed: false` with every rank 0.
pub fn delta_row(
    entry: &MatrixEntry,
    delta: ArrayView2<'_, f64>,
    options: &ScanOptions,
    job: &JobControl,
) -> Result<(LayerRow, Spectrum), SvdError> {
    let changed = delta.iter().any(|&x| x != 0.0);
    let (spectrum, method, _) = spectrum_of_view(delta, job)?;
    // The working precision is f64, but ΔW is a difference of values stored in the
    // checkpoint's dtype: numpy's rank tolerance uses that dtype's epsilon.
    let epsilon = match entry.dtype {
        crate::source::Dtype::F64 => f64::EPSILON,
        _ => f64::from(f32::EPSILON),
    };
    let mut row = LayerRow::of(
        &entry.name,
        entry.dtype.name(),
        &entry.stored_shape,
        &spectrum,
        method,
        epsilon,
        options.kohya,
    );
    row.changed = Some(changed);
    if !changed {
        row.ranks = LayerRanks {
            energy_90: Some(0),
            energy_99: Some(0),
            gavish_donoho: Some(0),
            numerical: Some(0),
            sv_ratio: Some(0),
            sv_cumulative: Some(0),
            sv_fro: Some(0),
        };
    }
    Ok((row, spectrum))
}

/// The rank-`rank` factors of ΔW (or any matrix) for an adapter: exact thin SVD, or the
/// randomized engine when the rank is a small part of a large matrix (exact to working
/// precision when ΔW has low rank, which is what adapters are for).
pub fn top_factors(
    a: ArrayView2<'_, f64>,
    rank: usize,
    job: &JobControl,
) -> Result<Factors<f64>, SvdError> {
    let (m, n) = a.dim();
    let smaller = m.min(n);
    if smaller >= 1024 && rank.saturating_mul(4) <= smaller {
        randomized_svd(a, rank, RandomizedOptions::default(), job)
    } else {
        thin_svd(a, job)
    }
}

/// How the rank of each layer of an adapter is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RankChoice {
    /// The same k everywhere (capped at min(m, n)).
    Fixed(usize),
    /// The smallest k keeping this fraction of ‖ΔW‖_F².
    Energy(f64),
    /// A named rule per layer.
    Rule(RankRule),
}

impl RankChoice {
    /// The rank for a layer with `spectrum`; `None` when a rule cannot tell.
    #[must_use]
    pub fn rank_for(self, spectrum: &Spectrum) -> Option<usize> {
        let (m, n) = spectrum.shape();
        match self {
            Self::Fixed(k) => Some(k.min(m.min(n))),
            Self::Energy(fraction) => spectrum.rank_for_energy(fraction),
            Self::Rule(rule) => rule.rank(spectrum),
        }
    }
}

/// The adapter pair of rank `rank` for `tensor` from its ΔW: up = U_r·diag(√σ_r),
/// down = diag(√σ_r)·V_rᵀ (so up · down = ΔW_r), stored in f32.
pub fn adapter_layer(
    tensor: &str,
    delta: ArrayView2<'_, f64>,
    rank: usize,
    job: &JobControl,
) -> Result<AdapterLayer, SvdError> {
    let factors = top_factors(delta, rank, job)?;
    let rank = rank.min(factors.rank());
    let (up, down) = lora_pair(&factors, rank);
    // In units of ‖ΔW‖_F, so that no square overflows or underflows.
    let norm = crate::linalg::frobenius_norm(delta);
    let kept_sq: f64 = factors.s_k(rank).iter().map(|s| (s / norm).powi(2)).sum();
    let relative_error = if norm > 0.0 {
        (1.0 - kept_sq).max(0.0).sqrt()
    } else {
        0.0
    };
    #[allow(clippy::cast_possible_truncation)] // adapters are stored in f32 on purpose
    let to_f32 = |a: ndarray::Array2<f64>| a.mapv(|x| x as f32);
    Ok(AdapterLayer {
        tensor: tensor.to_owned(),
        up: to_f32(up),
        down: to_f32(down),
        relative_error,
    })
}
