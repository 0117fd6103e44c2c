//! The exact SVD for looking at a matrix (the window): σ and V from faer, U formed as
//! A V Σ⁻¹ afterwards, and accurate rank-k factors for exports by a Rayleigh–Ritz step on
//! the exact right singular subspace.
//!
//! faer's SVD of an n × n matrix with both factors holds, besides A and the two factors, a
//! working copy of A and five n × n buffers (the bidiagonal SVD's vectors and its
//! divide-and-conquer merges): 9·n² numbers at the peak, 597 MiB for 4096² f32. Without U
//! it needs neither U nor two of those buffers: 6·n², 440 MiB in the window, and U =
//! A V Σ⁻¹ is one product once that workspace is freed.

use super::exact::{StepShares, observed};
use super::{Factors, JobControl, Scaling, SvdError};
use crate::memory;
use crate::real::Real;
use faer::diag::Diag;
use faer::linalg::matmul::matmul;
use faer::linalg::svd::{ComputeSvdVectors, svd, svd_scratch};
use faer::{Accum, Spec};
use faer_ext::IntoFaer;
use ndarray::{Array1, Array2, ArrayView2, Axis};

/// `lhs · rhs` by faer (parallel, any strides).
fn product<T: Real>(lhs: ArrayView2<'_, T>, rhs: ArrayView2<'_, T>) -> Array2<T> {
    let mut out = Array2::<T>::zeros((lhs.nrows(), rhs.ncols()));
    matmul(
        out.view_mut().into_faer(),
        Accum::Replace,
        lhs.into_faer(),
        rhs.into_faer(),
        T::one(),
        faer::get_global_parallelism(),
    );
    out
}

/// Shares of faer's SVD without U taken by its steps (4096² f32, 2 cores: 73 %, 14 %, 13 %).
const V_ONLY: StepShares = StepShares {
    bidiagonalisation: 0.73,
    bidiagonal_svd: 0.14,
};

/// Share of [`thin_svd_via_right_vectors`] taken by faer's SVD; U = A V Σ⁻¹ takes the rest.
const FAER_SHARE: f64 = 0.88;

/// Bytes [`thin_svd_via_right_vectors`] needs beyond the input, at its peak (faer's SVD
/// without U): a working copy, V, and five r × r buffers.
fn workspace_bytes(rows: usize, cols: usize, element_bytes: u64) -> Option<u64> {
    let (m, n) = (rows as u64, cols as u64);
    let r = m.min(n);
    let copy = m.checked_mul(n)?;
    let v = n.checked_mul(r)?;
    let buffers = (r + 1).checked_mul(r + 1)?.checked_mul(5)?;
    let scratch = m.checked_add(n)?.checked_mul(64)?;
    copy.checked_add(v)?
        .checked_add(buffers)?
        .checked_add(scratch)?
        .checked_mul(element_bytes)
}

/// σ (descending) and Vᵀ (r × n) of an m × n matrix, r = min(m, n), without U; progress and
/// cancellation as [`thin_svd`](super::thin_svd).
fn sigma_and_right_vectors<T: Real>(
    a: ArrayView2<'_, T>,
    job: &JobControl,
) -> Result<(Array1<T>, Array2<T>), SvdError> {
    let (m, n) = a.dim();
    let r = m.min(n);
    let what = format!("the SVD of a {m} × {n} {} matrix", T::PRECISION);
    let bytes = workspace_bytes(m, n, T::PRECISION.element_bytes())
        .ok_or_else(|| memory::MemoryError::Overflow { what: what.clone() })?;
    memory::ensure_fits(&what, bytes)?;
    // Vᵀ row-major (r × n) is V column-major (n × r): faer writes it in place.
    let mut vt = Array2::<T>::zeros((r, n));
    let mut s = Diag::<T>::zeros(r);
    let par = faer::get_global_parallelism();
    // A row-major A is a column-major Aᵀ, whose left singular vectors are A's right ones
    // (faer works on column-major matrices; see `thin_svd`).
    let transposed = a.is_standard_layout();
    let input = if transposed { a.t() } else { a };
    let (rows, cols) = input.dim();
    let (left, right) = if transposed {
        (ComputeSvdVectors::Thin, ComputeSvdVectors::No)
    } else {
        (ComputeSvdVectors::No, ComputeSvdVectors::Thin)
    };
    let mut buffer = super::two_stage::workspace(svd_scratch::<T>(
        rows,
        cols,
        left,
        right,
        par,
        Spec::default(),
    ))?;
    let outcome = {
        let v = vt.view_mut().reversed_axes().into_faer();
        let (u, v) = if transposed {
            (Some(v), None)
        } else {
            (None, Some(v))
        };
        observed(job, (m, n), V_ONLY, || {
            svd(
                input.into_faer(),
                s.as_mut(),
                u,
                v,
                par,
                faer::dyn_stack::MemStack::new(&mut buffer),
                Spec::default(),
            )
        })?
    };
    outcome.map_err(|_| SvdError::NoConvergence)?;
    let s: Array1<T> = s.column_vector().iter().copied().collect();
    Ok((s, vt))
}

/// The thin SVD A = U diag(σ) Vᵀ for previews, in less memory than [`thin_svd`](super::thin_svd)
/// (4096² f32: 440 instead of 597 MiB at the peak) and less time: σ and V from faer,
/// then U = A V Σ⁻¹ by one product.
///
/// σ and V are as accurate as `thin_svd`'s, and so is every σ_i u_i = A v_i, hence A_k and
/// its previews; but u_i alone carries an error of about ε σ_1 / σ_i, so U is not orthonormal
/// to working precision in its small-σ columns (and columns with σ_i ≤ ε σ_1 are left 0).
/// Use [`rank_k_factors`] for factors that are written out.
///
/// A matrix with max|a_ij| outside 2^±32 (f32) or 2^±256 (f64) is decomposed as sA, s a
/// power of two that brings it near 1 (as in [`thin_svd`](super::thin_svd)), and σ divided
/// by s at the end; that takes one more copy of the matrix, for such matrices only.
pub fn thin_svd_via_right_vectors<T: Real>(
    a: ArrayView2<'_, T>,
    job: &JobControl,
) -> Result<Factors<T>, SvdError> {
    job.checkpoint()?;
    let scaling = Scaling::of(a);
    let scaled;
    let a = if scaling.is_identity() {
        a
    } else {
        let (m, n) = a.dim();
        memory::ensure_fits(
            &format!("a scaled copy of a {m} × {n} {} matrix", T::PRECISION),
            (m as u64 * n as u64).saturating_mul(T::PRECISION.element_bytes()),
        )?;
        scaled = scaling.scaled_copy(a);
        scaled.view()
    };
    job.report(0.0, "exact SVD");
    let (mut s, vt) = sigma_and_right_vectors(a, &job.part(0.0, FAER_SHARE, ""))?;
    job.checkpoint()?;
    job.report(FAER_SHARE, "U = A V Σ⁻¹");
    // (sA) V (sΣ)⁻¹ = A V Σ⁻¹: U from the scaled matrix and σ, with nothing out of range.
    let mut u = product(a, vt.t());
    let largest = s.first().copied().unwrap_or_else(T::zero);
    let negligible = largest * T::epsilon();
    for (mut column, &sigma) in u.axis_iter_mut(Axis(1)).zip(&s) {
        if sigma > negligible {
            let inverse = T::one() / sigma;
            column.mapv_inplace(|x| x * inverse);
        } else {
            column.fill(T::zero());
        }
    }
    s.mapv_inplace(|sigma| scaling.undo(sigma));
    job.report(1.0, "exact SVD");
    Ok(Factors { u, s, vt })
}

/// Rank-k factors of `a` accurate to working precision from the exact right singular
/// vectors in `factors` (e.g. from [`thin_svd_via_right_vectors`]): the SVD of A V_k
/// (m × k) = U' Σ' W'ᵀ gives U_k = U', σ = Σ', V_kᵀ ← W'ᵀ V_kᵀ (a Rayleigh–Ritz step on the
/// exact subspace). Costs 2mnk plus a thin SVD of m × k.
pub fn rank_k_factors<T: Real>(
    a: ArrayView2<'_, T>,
    factors: &Factors<T>,
    rank: usize,
    job: &JobControl,
) -> Result<Factors<T>, SvdError> {
    let k = rank.min(factors.rank());
    if k == 0 {
        return Ok(Factors {
            u: Array2::zeros((a.nrows(), 0)),
            s: Array1::zeros(0),
            vt: Array2::zeros((0, a.ncols())),
        });
    }
    let vt_k = factors.vt.slice(ndarray::s![..k, ..]);
    let y = product(a, vt_k.t());
    let small = super::thin_svd(y.view(), job)?;
    // Vᵀ_k ← W'ᵀ Vᵀ_k.
    let vt = product(small.vt.view(), vt_k);
    Ok(Factors {
        u: small.u,
        s: small.s,
        vt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::planted_matrix;

    fn frobenius(a: &Array2<f64>) -> f64 {
        a.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    fn tail(sigma: &[f64], k: usize) -> f64 {
        sigma[k.min(sigma.len())..]
            .iter()
            .map(|s| s * s)
            .sum::<f64>()
            .sqrt()
    }

    fn orthonormality_error(q: ArrayView2<'_, f64>) -> f64 {
        let gram = q.t().dot(&q);
        let identity = Array2::<f64>::eye(gram.nrows());
        (&gram - &identity).iter().fold(0.0, |w, x| w.max(x.abs()))
    }

    /// σ_i = 10 · 0.8^i, i < r, then `zeros` exact zeros (rank-deficient).
    fn spectrum(r: usize, zeros: usize) -> Vec<f64> {
        let mut sigma: Vec<f64> = (0..r)
            .map(|i| 10.0 * 0.8f64.powi(i32::try_from(i).unwrap()))
            .collect();
        sigma.extend(std::iter::repeat_n(0.0, zeros));
        sigma
    }

    #[test]
    fn sigma_v_and_every_a_k_match_the_planted_decomposition() {
        // Tall, wide, square; row-major and column-major; rank-deficient.
        for (m, n, zeros) in [(70, 40, 0), (40, 70, 0), (50, 50, 10)] {
            let sigma = spectrum(m.min(n) - zeros, zeros);
            let a = planted_matrix(m, n, &sigma, 7);
            let column_major = a.t().as_standard_layout().into_owned().reversed_axes();
            for input in [a.view(), column_major.view()] {
                let factors = thin_svd_via_right_vectors(input, &JobControl::new()).unwrap();
                assert_eq!(factors.s.len(), m.min(n));
                for (got, want) in factors.s.iter().zip(&sigma) {
                    assert!((got - want).abs() <= 1e-12 * sigma[0], "{got} vs {want}");
                }
                assert!(orthonormality_error(factors.vt.t()) < 1e-12);
                assert!(factors.u.iter().all(|x| x.is_finite()));
                // Eckart–Young: ‖A − A_k‖_F is the planted tail for every k.
                for k in [1, 5, 17, m.min(n)] {
                    let error = frobenius(&(&a - &factors.reconstruct(k)));
                    assert!(
                        (error - tail(&sigma, k)).abs() <= 1e-11 * sigma[0],
                        "{m} × {n}, k = {k}: {error} vs {}",
                        tail(&sigma, k)
                    );
                }
            }
        }
    }

    #[test]
    fn rank_k_factors_are_orthonormal_and_exact_even_for_tiny_values() {
        // σ from 1 down to 1e-12: U = A V Σ⁻¹ loses orthonormality in the small-σ columns;
        // the Rayleigh–Ritz step does not.
        let sigma: Vec<f64> = (0..40)
            .map(|i| 10f64.powf(-12.0 * f64::from(i) / 39.0))
            .collect();
        let a = planted_matrix(90, 40, &sigma, 3);
        let previews = thin_svd_via_right_vectors(a.view(), &JobControl::new()).unwrap();
        for k in [3, 25, 40] {
            let exact = rank_k_factors(a.view(), &previews, k, &JobControl::new()).unwrap();
            assert_eq!(exact.u.dim(), (90, k));
            assert_eq!(exact.vt.dim(), (k, 40));
            assert!(orthonormality_error(exact.u.view()) < 1e-12, "U at k = {k}");
            assert!(orthonormality_error(exact.vt.t()) < 1e-12, "V at k = {k}");
            for (got, want) in exact.s.iter().zip(&sigma) {
                assert!((got - want).abs() <= 1e-13, "{got} vs {want}");
            }
            let error = frobenius(&(&a - &exact.reconstruct(k)));
            assert!((error - tail(&sigma, k)).abs() <= 1e-13, "k = {k}: {error}");
        }
    }

    #[test]
    fn a_cancel_stops_it() {
        let a = planted_matrix(120, 80, &spectrum(80, 0), 5);
        let job = JobControl::new();
        let watcher = job.clone();
        job.on_report(move || {
            if watcher.progress().stage.starts_with("bidiagonalising") {
                watcher.cancel();
            }
        });
        assert!(matches!(
            thin_svd_via_right_vectors(a.view(), &job),
            Err(SvdError::Cancelled(_))
        ));
    }
}
