//! Exact SVD through LAPACK's divide-and-conquer ?gesdd (ndarray-linalg over the system
//! OpenBLAS), built only with the `lapack` cargo feature.
//!
//! It keeps the contract of the faer engine ([`super::thin_svd`], [`super::singular_values`]):
//! the same signatures, U m × r, σ descending, Vᵀ r × n, both row-major, cancellation checked
//! before and after, and a memory check before anything is allocated. That makes the two
//! engines comparable case by case: `tests/lapack.rs` holds both to planted spectra and
//! `cargo bench --features lapack --bench svd` times them on the same matrices.

use super::{Factors, JobControl, Scaling, SvdError};
use crate::memory;
use crate::real::{Precision, Real};
use ndarray::{Array1, Array2, ArrayView2};
use ndarray_linalg::error::LinalgError;
use ndarray_linalg::{JobSvd, Lapack, SVDDCInto, Scalar};
use std::any::Any;

/// Block size allowed for in LAPACK's optimal workspace (its `ILAENV` block sizes stay below
/// this).
const BLOCK: u64 = 64;

/// Elements ?gesdd works in beyond the input: the working copy it overwrites, σ, U and Vᵀ
/// when `vectors` is set, and its workspace. LWORK follows the LAPACK documentation,
/// 3r + max(max(m, n), 4r² + 4r) with vectors and 3r + max(max(m, n), 7r) without, plus
/// `BLOCK`·(m + n) for the blocked (optimal) size; IWORK (8r 32-bit integers) is counted
/// as 8r elements.
fn workspace_elements(rows: usize, cols: usize, vectors: bool) -> Option<u64> {
    let (m, n) = (rows as u64, cols as u64);
    let (r, longest) = (m.min(n), m.max(n));
    let copy = m.checked_mul(n)?;
    let (factors, work) = if vectors {
        let factors = m.checked_add(n)?.checked_mul(r)?;
        let bidiagonal = r.checked_mul(r)?.checked_mul(4)?.checked_add(r * 4)?;
        (factors, longest.max(bidiagonal).checked_add(r * 3)?)
    } else {
        (0, longest.max(r * 7).checked_add(r * 3)?)
    };
    let blocked = m.checked_add(n)?.checked_mul(BLOCK)?;
    copy.checked_add(factors)?
        .checked_add(work)?
        .checked_add(blocked)?
        .checked_add(r * 9)
}

/// Refuses matrices LAPACK cannot index or the machine cannot hold.
///
/// OpenBLAS as distributions build it uses 32-bit LAPACK integers: the matrix (m·n) and the
/// workspace must each stay below 2³¹ elements, or the sizes would wrap. The faer engine has
/// no such limit.
fn ensure_workspace<T: Real>(a: &ArrayView2<'_, T>, vectors: bool) -> Result<(), SvdError> {
    let (m, n) = a.dim();
    let what = format!("the LAPACK SVD of a {m} × {n} {} matrix", T::PRECISION);
    let overflow = || memory::MemoryError::Overflow { what: what.clone() };
    let elements = workspace_elements(m, n, vectors).ok_or_else(overflow)?;
    let limit = u64::from(i32::MAX.unsigned_abs());
    let copy = (m as u64).checked_mul(n as u64).ok_or_else(overflow)?;
    let work = elements - copy;
    if copy > limit || work > limit {
        return Err(SvdError::InvalidArgument(format!(
            "{what} exceeds LAPACK's 32-bit sizes (2³¹ elements); use the exact (faer) engine"
        )));
    }
    let bytes = memory::checked_bytes(&what, elements, T::PRECISION.element_bytes())?;
    memory::ensure_fits(&what, bytes)?;
    Ok(())
}

/// The thin SVD A = U diag(σ) Vᵀ of an m × n matrix by LAPACK's ?gesdd (JOBZ = 'S'): U is
/// m × r, Vᵀ is r × n, r = min(m, n), σ descending, all row-major as from the faer engine.
///
/// Cancellation is honoured before and after the decomposition (one LAPACK call).
pub fn thin_svd<T: Real>(a: ArrayView2<'_, T>, job: &JobControl) -> Result<Factors<T>, SvdError> {
    job.checkpoint()?;
    ensure_workspace(&a, true)?;
    job.report(0.0, "exact SVD (LAPACK)");
    let (m, n) = a.dim();
    let factors = if m.min(n) == 0 {
        // LAPACK refuses empty dimensions; the empty factorisation is exact.
        Factors {
            u: Array2::zeros((m, 0)),
            s: Array1::zeros(0),
            vt: Array2::zeros((0, n)),
        }
    } else {
        let (u, s, vt) = gesdd(a, JobSvd::Some)?;
        let (Some(u), Some(vt)) = (u, vt) else {
            return Err(SvdError::InvalidArgument(
                "LAPACK ?gesdd returned no singular vectors".to_owned(),
            ));
        };
        Factors {
            u: row_major(u),
            s,
            vt: row_major(vt),
        }
    };
    job.checkpoint()?;
    job.report(1.0, "exact SVD (LAPACK)");
    Ok(factors)
}

/// σ_1 ≥ … ≥ σ_r of an m × n matrix by LAPACK's ?gesdd without vectors (JOBZ = 'N').
pub fn singular_values<T: Real>(
    a: ArrayView2<'_, T>,
    job: &JobControl,
) -> Result<Array1<T>, SvdError> {
    job.checkpoint()?;
    ensure_workspace(&a, false)?;
    job.report(0.0, "singular values (LAPACK)");
    let values = if a.is_empty() {
        Array1::zeros(0)
    } else {
        gesdd(a, JobSvd::None)?.1
    };
    job.checkpoint()?;
    job.report(1.0, "singular values (LAPACK)");
    Ok(values)
}

/// U (if asked), σ, Vᵀ (if asked), as ?gesdd returns them.
type Gesdd<T> = (Option<Array2<T>>, Array1<T>, Option<Array2<T>>);

/// Runs ?gesdd on a row-major copy of `a` (LAPACK overwrites its input). LAPACK sees the
/// copy as Aᵀ in column-major order, so ndarray-linalg swaps and transposes the factors
/// back: U and Vᵀ come out row-major without a further copy.
///
/// A matrix far from 1 in magnitude is scaled by a power of two in that copy and σ scaled
/// back, as the faer engine does. ?gesdd also scales such a matrix itself
/// (by max|a_ij|, to the edge of its own safe range); doing it here as well costs one pass
/// over the copy, only for such matrices, and keeps the result the same whichever LAPACK
/// the system provides.
fn gesdd<T: Real>(a: ArrayView2<'_, T>, jobz: JobSvd) -> Result<Gesdd<T>, SvdError> {
    let scaling = Scaling::of(a);
    let mut copy = a.as_standard_layout().into_owned();
    if !scaling.is_identity() {
        copy.mapv_inplace(|x| scaling.apply(x));
    }
    let (u, mut s, vt) = match T::PRECISION {
        Precision::F32 => gesdd_as::<T, f32>(copy, jobz),
        Precision::F64 => gesdd_as::<T, f64>(copy, jobz),
    }?;
    s.mapv_inplace(|sigma| scaling.undo(sigma));
    Ok((u, s, vt))
}

/// [`gesdd`] for the element type `L` that `T` is (sgesdd for f32, dgesdd for f64).
fn gesdd_as<T: Real, L: Lapack + Scalar<Real = L>>(
    copy: Array2<T>,
    jobz: JobSvd,
) -> Result<Gesdd<T>, SvdError> {
    let a: Array2<L> = same_type(copy)?;
    let (u, s, vt) = a.svddc_into(jobz).map_err(lapack_error)?;
    let s: Array1<T> = same_type(s)?;
    // ±∞ in A gets through ?gesdd as NaN in σ, with INFO = 0; faer reports it as no
    // convergence, and so does this engine rather than return NaN in silence.
    if !s.iter().all(|value| value.is_finite()) {
        return Err(SvdError::NoConvergence);
    }
    Ok((
        u.map(same_type).transpose()?,
        s,
        vt.map(same_type).transpose()?,
    ))
}

/// `value` as type `B` when it already is one (a move, no copy or conversion).
///
/// `Real` is generic over f32 and f64 but cannot carry ndarray-linalg's `Lapack` bound (the
/// dependency is optional), so [`gesdd`] dispatches on [`Real::PRECISION`] and moves the
/// arrays across to the concrete type here.
fn same_type<A: 'static, B: 'static>(value: A) -> Result<B, SvdError> {
    let boxed: Box<dyn Any> = Box::new(value);
    boxed.downcast::<B>().map(|same| *same).map_err(|_| {
        SvdError::InvalidArgument(format!(
            "internal: {} is not {}",
            std::any::type_name::<A>(),
            std::any::type_name::<B>()
        ))
    })
}

/// `a` in row-major order: unchanged when it already is (the usual case), else copied.
fn row_major<T: Clone>(a: Array2<T>) -> Array2<T> {
    if a.is_standard_layout() {
        a
    } else {
        a.as_standard_layout().into_owned()
    }
}

/// LAPACK's INFO as an [`SvdError`]: INFO > 0 means the bidiagonal divide and conquer
/// (?bdsdc) did not converge; INFO = −4 is LAPACK's report of NaN in A, which faer also
/// reports as no convergence; any other refusal is a bad argument.
fn lapack_error(error: LinalgError) -> SvdError {
    match error {
        LinalgError::Lapack(
            lax::error::Error::LapackComputationalFailure { .. }
            | lax::error::Error::LapackInvalidValue { return_code: -4 },
        ) => SvdError::NoConvergence,
        other => SvdError::InvalidArgument(format!("LAPACK ?gesdd refused the matrix: {other}")),
    }
}
