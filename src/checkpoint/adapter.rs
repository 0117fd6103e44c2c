//! The modules of a LoRA adapter as matrices: ΔW's spectrum from its factors (never a dense
//! SVD of ΔW), and scan rows that say how much of its r each module uses.

use super::{LayerError, ScanOptions};
use crate::analysis::{LayerRow, Spectrum};
use crate::linalg::{Factored, Factors, JobControl, Method, SvdError, padded_spectrum};
use crate::source::{MatrixEntry, Source};

/// The complete spectrum of `factored` (its known σ padded with zeros to min(m, n): the rest
/// are exactly 0) and its thin SVD factors, from [`Factored::factors`]. The spectrum is marked
/// as of rank at most the factors' ([`Spectrum::with_rank_bound`]): Gavish–Donoho does not
/// apply to it.
pub fn factored_spectrum(
    factored: &Factored,
    job: &JobControl,
) -> Result<(Spectrum, Factors<f64>), SvdError> {
    let (m, n) = factored.shape();
    let factors = factored.factors(job)?;
    let sigma = padded_spectrum(&factors.singular_values_f64(), m, n);
    let spectrum = Spectrum::complete(sigma, m, n).with_rank_bound(factors.rank());
    Ok((spectrum, factors))
}

/// The machine epsilon numpy's rank tolerance uses for factors stored as `entry.dtype`.
fn stored_epsilon(entry: &MatrixEntry) -> f64 {
    match entry.dtype {
        crate::source::Dtype::F64 => f64::EPSILON,
        _ => f64::from(f32::EPSILON),
    }
}

/// The scan row of `entry` when it is a module of the adapter `source`: ΔW's spectrum from
/// its factors, the module's r, alpha and scale, and the rank ΔW actually uses (its
/// numerical rank), flagged when it is at most half of what the structure allows. `None`
/// when `source` is no adapter or `entry` no module of it.
pub fn adapter_row(
    source: &Source,
    entry: &MatrixEntry,
    options: &ScanOptions,
    job: &JobControl,
) -> Result<Option<LayerRow>, LayerError> {
    let (Some(factored), Some(mut facts)) = (
        source.factored(&entry.name)?,
        source.adapter_facts(&entry.name),
    ) else {
        return Ok(None);
    };
    let (spectrum, _) = factored_spectrum(&factored, job)?;
    let mut row = LayerRow::of(
        &entry.name,
        entry.dtype.name(),
        &entry.stored_shape,
        &spectrum,
        Method::Exact,
        stored_epsilon(entry),
        options.kohya,
    );
    facts.set_rank_used(row.ranks.numerical.unwrap_or(0));
    row.adapter = Some(facts);
    Ok(Some(row))
}
