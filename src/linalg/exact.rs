//! Exact thin SVD through faer (pure Rust; uses every core through rayon).

use super::two_stage::{DEFAULT_BANDWIDTH, singular_values_two_stage};
use super::{Cancelled, Factors, JobControl, Scaling, SvdError};
use crate::memory;
use crate::real::Real;
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, ArrayView2};

/// Bytes faer's SVD of an m × n matrix needs beyond the input: a working copy (two when
/// `scaled`: faer copies the scaled copy), the factors when `vectors` is set, and its
/// scratch space (measured to stay below this bound). `None` when the size overflows.
/// Callers check it before loading a matrix, from its shape alone (with `scaled` false:
/// whether a matrix needs scaling is known only once it is read, and the engine checks again).
#[must_use]
pub fn workspace_bytes(
    rows: usize,
    cols: usize,
    vectors: bool,
    scaled: bool,
    element_bytes: u64,
) -> Option<u64> {
    let (m, n) = (rows as u64, cols as u64);
    let r = m.min(n);
    let copy = m.checked_mul(n)?.checked_mul(if scaled { 2 } else { 1 })?;
    let factors = if vectors {
        m.checked_add(n)?
            .checked_mul(r)?
            .checked_add(r.checked_mul(r)?)?
    } else {
        0
    };
    let scratch = m.checked_add(n)?.checked_mul(64)?;
    copy.checked_add(factors)?
        .checked_add(scratch)?
        .checked_mul(element_bytes)
}

fn ensure_workspace<T: Real>(
    a: &ArrayView2<'_, T>,
    vectors: bool,
    scaled: bool,
) -> Result<(), SvdError> {
    let (m, n) = a.dim();
    let what = format!("the SVD of a {m} × {n} {} matrix", T::PRECISION);
    let bytes = workspace_bytes(m, n, vectors, scaled, T::PRECISION.element_bytes())
        .ok_or_else(|| memory::MemoryError::Overflow { what: what.clone() })?;
    memory::ensure_fits(&what, bytes)?;
    Ok(())
}

/// Shares of a faer SVD's time taken by its first two steps (the bidiagonalisation, then
/// the SVD of the bidiagonal matrix; the singular vectors take the rest), for progress.
#[derive(Debug, Clone, Copy)]
pub(super) struct StepShares {
    pub(super) bidiagonalisation: f64,
    pub(super) bidiagonal_svd: f64,
}

/// With U and V (measured on 4096² f32, 2 cores: 61 %, 17 %, 22 %).
const WITH_BOTH_FACTORS: StepShares = StepShares {
    bidiagonalisation: 0.6,
    bidiagonal_svd: 0.17,
};

/// Share of the bidiagonalisation of an m × n matrix done after `done` of its min(m, n)
/// columns: column j updates the (m − j) × (n − j) trailing matrix.
fn bidiagonalisation_done(rows: usize, cols: usize, done: usize) -> f64 {
    let (m, n) = (rows.max(cols) as f64, rows.min(cols) as f64);
    let work =
        |k: f64| k * m * n - (m + n) * k * (k - 1.0) / 2.0 + (k - 1.0) * k * (2.0 * k - 1.0) / 6.0;
    let total = work(n);
    if total > 0.0 {
        (work(done as f64) / total).clamp(0.0, 1.0)
    } else {
        1.0
    }
}

/// Runs `svd`, a faer SVD of an m × n matrix, reporting its progress to `job` and
/// abandoning it at the next column of its bidiagonalisation (a few milliseconds) once the
/// job is cancelled. The steps after the bidiagonalisation (a quarter to two fifths of the time)
/// cannot be interrupted.
pub(super) fn observed<R>(
    job: &JobControl,
    (rows, cols): (usize, usize),
    shares: StepShares,
    svd: impl FnOnce() -> R,
) -> Result<R, Cancelled> {
    use faer::linalg::svd::progress::{Step, observe};
    let observer = |step: Step, done: usize, total: usize| {
        if job.is_cancelled() {
            // Not a panic: no message, the payload says why (caught below).
            std::panic::resume_unwind(Box::new(Cancelled));
        }
        match step {
            Step::Bidiagonalization => job.report(
                shares.bidiagonalisation * bidiagonalisation_done(rows, cols, done),
                &format!("bidiagonalising (column {done} of {total})"),
            ),
            Step::BidiagonalSvd => {
                job.report(shares.bidiagonalisation, "SVD of the bidiagonal matrix");
            }
            Step::Vectors => job.report(
                shares.bidiagonalisation + shares.bidiagonal_svd,
                "singular vectors",
            ),
        }
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| observe(&observer, svd))) {
        Ok(result) => Ok(result),
        Err(payload) if payload.is::<Cancelled>() => Err(Cancelled),
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// The thin SVD A = U diag(σ) Vᵀ of an m × n matrix: U is m × r, Vᵀ is r × n, r = min(m, n),
/// σ descending.
///
/// Progress is reported through faer's steps, and a cancel stops the bidiagonalisation
/// within a column (`observed`).
///
/// A matrix with max|a_ij| outside 2^±32 (f32) or 2^±256 (f64), where sums of squares
/// would overflow or underflow, is decomposed as sA, for a power of two s that brings it
/// near 1, and σ divided by s (exact: only exponents change). faer's working copy is
/// internal, so that takes one more copy of the matrix, for such matrices only.
pub fn thin_svd<T: Real>(a: ArrayView2<'_, T>, job: &JobControl) -> Result<Factors<T>, SvdError> {
    job.checkpoint()?;
    ensure_workspace(&a, true, false)?;
    let scaling = Scaling::of(a);
    if !scaling.is_identity() {
        ensure_workspace(&a, true, true)?;
    }
    job.report(0.0, "exact SVD");
    let scaled;
    let a = if scaling.is_identity() {
        a
    } else {
        scaled = scaling.scaled_copy(a);
        scaled.view()
    };
    // faer works on column-major copies and returns column-major factors, while matrices here
    // are row-major. A row-major A is a column-major Aᵀ, so decomposing Aᵀ = V Σ Uᵀ makes
    // faer's working copy a straight copy, and its left factor (V, column-major) is already
    // Vᵀ row by row; only U needs transposing. That is one 128 MiB transposition fewer for
    // a 4096² f64 matrix than decomposing A. (faer itself turns a wide Aᵀ back into A.)
    let transposed = a.is_standard_layout();
    let input = if transposed { a.t() } else { a };
    let (rows, cols) = input.dim();
    let svd = observed(job, (rows, cols), WITH_BOTH_FACTORS, || {
        input.into_faer().thin_svd()
    })?
    .map_err(|_| SvdError::NoConvergence)?;
    job.checkpoint()?;
    let (left, right) = if transposed {
        (svd.V(), svd.U())
    } else {
        (svd.U(), svd.V())
    };
    let u = left.into_ndarray().as_standard_layout().into_owned();
    let vt = right
        .transpose()
        .into_ndarray()
        .as_standard_layout()
        .into_owned();
    let s: Array1<T> = svd
        .S()
        .column_vector()
        .iter()
        .map(|&sigma| scaling.undo(sigma))
        .collect();
    job.report(1.0, "exact SVD");
    Ok(Factors { u, s, vt })
}

/// From this min(m, n) on, the values-only SVD uses the two-stage bidiagonalisation
/// ([`singular_values_two_stage`]), which is faster than faer's one-stage SVD there
/// (`benches/svd.rs`; e.g. 4096² f64 on 2 cores) and cancellable between panels.
pub const TWO_STAGE_MIN_DIM: usize = 512;

/// σ_1 ≥ … ≥ σ_r of an m × n matrix, without the vectors (much cheaper in memory and time),
/// scaled like [`thin_svd`]'s.
pub fn singular_values<T: Real>(
    a: ArrayView2<'_, T>,
    job: &JobControl,
) -> Result<Array1<T>, SvdError> {
    job.checkpoint()?;
    ensure_workspace(&a, false, false)?;
    if a.nrows().min(a.ncols()) >= TWO_STAGE_MIN_DIM {
        // Scales in its own working copy.
        return singular_values_two_stage(a, DEFAULT_BANDWIDTH, job);
    }
    let scaling = Scaling::of(a);
    if !scaling.is_identity() {
        ensure_workspace(&a, false, true)?;
    }
    job.report(0.0, "singular values");
    let scaled;
    let a = if scaling.is_identity() {
        a
    } else {
        scaled = scaling.scaled_copy(a);
        scaled.view()
    };
    let values = a
        .into_faer()
        .singular_values()
        .map_err(|_| SvdError::NoConvergence)?;
    job.checkpoint()?;
    job.report(1.0, "singular values");
    Ok(values
        .into_iter()
        .map(|sigma| scaling.undo(sigma))
        .collect())
}
