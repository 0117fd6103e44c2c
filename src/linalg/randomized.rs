//! Randomized top-k SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1).
//!
//! Sketch Y = A Ω with a Gaussian Ω of k + p columns, sharpen it with up to q power
//! iterations (re-orthonormalising after every product so small singular values are not lost
//! to rounding), then take the exact SVD of the small matrix B = Qᵀ A.
//!
//! Every iteration forms Bᵀ = Aᵀ Q and its QR, Q_b R, anyway; σ(R) = σ(B) are the current
//! estimates of the top σ, so the iterations stop as soon as those have settled to the
//! requested accuracy ([`RandomizedOptions::tolerance`]), and the last QR is the final one.

use super::{Factors, JobControl, Scaling, SvdError};
use crate::memory;
use crate::real::Real;
use faer::dyn_stack::{MemStack, StackReq};
use faer::linalg::householder::{
    apply_block_householder_sequence_on_the_left_in_place_scratch,
    apply_block_householder_sequence_on_the_left_in_place_with_conj,
    apply_block_householder_sequence_transpose_on_the_left_in_place_scratch,
    apply_block_householder_sequence_transpose_on_the_left_in_place_with_conj,
};
use faer::linalg::matmul::matmul;
use faer::linalg::qr::no_pivoting::factor::{qr_in_place, qr_in_place_scratch};
use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use faer::{Accum, Conj, Mat, MatRef, Spec};
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, ArrayView2};

/// Tuning of the randomized engine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomizedOptions {
    /// Extra sketch columns beyond k (p); `None` picks p = max(10, k), a sketch of 2k
    /// columns. The error of σ_k shrinks like (σ_{k+p+1}/σ_k)^(2q+1): on the slowly decaying
    /// σ_i = 1/i the customary p = 10 with q = 4 leaves 1e-2 at σ_64, p = k leaves 1e-6.
    pub oversampling: Option<usize>,
    /// Power iterations (q): the most run. Each multiplies the spectral gap's effect.
    pub power_iterations: usize,
    /// Relative accuracy wanted of σ_1 … σ_k: the iterations stop once the estimated error
    /// of every one is below it (see `settled`); `None` always runs all
    /// `power_iterations`.
    pub tolerance: Option<f64>,
    /// Seed of the Gaussian sketch, so results are reproducible.
    pub seed: u64,
}

/// The default [`RandomizedOptions::tolerance`]: σ to 0.1 %, far finer than any curve or
/// suggested rank shows.
pub const DEFAULT_TOLERANCE: f64 = 1e-3;

impl Default for RandomizedOptions {
    fn default() -> Self {
        Self {
            oversampling: None,
            power_iterations: 4,
            tolerance: Some(DEFAULT_TOLERANCE),
            seed: 0x5eed,
        }
    }
}

impl RandomizedOptions {
    /// The oversampling p used for rank `rank`.
    #[must_use]
    pub fn oversampling_for(&self, rank: usize) -> usize {
        self.oversampling.unwrap_or(rank.max(10))
    }
}

/// Columns per Householder panel of [`orthonormal_basis`]: each panel's update of the
/// columns on its right is one checkpoint's worth of work.
const QR_PANEL: usize = 32;

/// σ_1 … σ_rank of the small square `r` (values only), as f64.
fn top_singular_values<T: Real>(
    r: &Mat<T>,
    rank: usize,
    job: &JobControl,
) -> Result<Vec<f64>, SvdError> {
    let r = r.clone();
    let values = job
        .run_uninterruptible(move || r.singular_values())?
        .map_err(|_| SvdError::NoConvergence)?;
    Ok(values.into_iter().take(rank).map(Real::to_f64).collect())
}

/// max_i |new_i − old_i| / new_i over the estimates (0 where both are 0).
fn relative_change(old: &[f64], new: &[f64]) -> f64 {
    old.iter()
        .zip(new)
        .map(|(&o, &n)| {
            if n > 0.0 {
                (n - o).abs() / n
            } else if o > 0.0 {
                f64::INFINITY
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max)
}

/// Whether σ estimates whose successive relative changes were `changes` (oldest first) are
/// within `tolerance` of the true values.
///
/// The estimates approach the true σ geometrically (each iteration multiplies the error by
/// about (σ_{s+1}/σ_i)², s the sketch size), so with ρ = the ratio of the last two changes,
/// the error left is about change · ρ / (1 − ρ). With only one change known, ρ ≤ ½ is
/// assumed only when the change is already ten times below the tolerance.
#[must_use]
pub fn settled(changes: &[f64], tolerance: f64) -> bool {
    match changes {
        [] => false,
        [.., last] if *last <= 0.0 => true,
        [only] => *only <= 0.1 * tolerance,
        [.., before, last] => {
            let ratio = last / before;
            ratio < 1.0 && last * ratio / (1.0 - ratio) <= tolerance
        }
    }
}

/// Floating-point operations between two cancellation checkpoints of a product: 1 GFlop,
/// about 8 ms on two cores (f32), so a cancel takes effect well within 100 ms however large
/// the matrix. Smaller blocks cost speed: each block packs the right-hand side again (with
/// 2^27 the top-64 of 4096² took 0.43 s instead of 0.34 s).
const FLOPS_PER_CHECKPOINT: usize = 1 << 30;

/// An orthonormal basis of the columns of the tall `y` (m ≥ s): the Q of [`thin_qr`].
fn orthonormal_basis<T: Real>(y: Mat<T>, job: &JobControl) -> Result<Mat<T>, SvdError> {
    thin_qr(y, job).map(|(q, _)| q)
}

/// The thin QR of the tall `y` (m ≥ s): Q (m × s) and the upper-triangular R (s × s), by a
/// Householder QR in panels (faer's blocked kernels) with a cancellation checkpoint between
/// panels, both while factoring and while forming Q (LAPACK's `?orgqr` order: last panel
/// first).
fn thin_qr<T: Real>(mut y: Mat<T>, job: &JobControl) -> Result<(Mat<T>, Mat<T>), SvdError> {
    let (m, s) = y.shape();
    debug_assert!(m >= s);
    let par = faer::get_global_parallelism();
    let panel = QR_PANEL.min(s).max(1);
    let mut buffer = super::two_stage::workspace(StackReq::any_of(&[
        qr_in_place_scratch::<T>(m, panel, panel, par, Spec::default()),
        apply_block_householder_sequence_transpose_on_the_left_in_place_scratch::<T>(m, panel, s),
        apply_block_householder_sequence_on_the_left_in_place_scratch::<T>(m, panel, s),
    ]))?;
    let stack = MemStack::new(&mut buffer);
    let mut coefficients = Vec::with_capacity(s.div_ceil(panel));
    for start in (0..s).step_by(panel) {
        job.checkpoint()?;
        let width = panel.min(s - start);
        let mut coeff = Mat::<T>::zeros(width, width);
        let (reflectors, trailing) = y
            .as_mut()
            .submatrix_mut(start, start, m - start, s - start)
            .split_at_col_mut(width);
        let mut reflectors = reflectors;
        qr_in_place(
            reflectors.as_mut(),
            coeff.as_mut(),
            par,
            stack,
            Spec::default(),
        );
        if trailing.ncols() > 0 {
            apply_block_householder_sequence_transpose_on_the_left_in_place_with_conj(
                reflectors.as_ref(),
                coeff.as_ref(),
                Conj::No,
                trailing,
                par,
                stack,
            );
        }
        coefficients.push(coeff);
    }
    let mut q = Mat::<T>::zeros(m, s);
    for i in 0..s {
        q[(i, i)] = T::one();
    }
    for (index, start) in (0..s).step_by(panel).enumerate().rev() {
        job.checkpoint()?;
        let width = panel.min(s - start);
        apply_block_householder_sequence_on_the_left_in_place_with_conj(
            y.as_ref().submatrix(start, start, m - start, width),
            coefficients[index].as_ref(),
            Conj::No,
            q.as_mut().submatrix_mut(start, start, m - start, s - start),
            par,
            stack,
        );
    }
    let r = Mat::<T>::from_fn(s, s, |i, j| if i <= j { y[(i, j)] } else { T::zero() });
    Ok((q, r))
}

/// `lhs · rhs`, computed in blocks of rows of `lhs` with a cancellation checkpoint between
/// blocks (faer's product itself cannot be interrupted, and one product of a large matrix
/// with the sketch takes longer than a cancel may wait).
fn product<T: Real>(
    lhs: MatRef<'_, T>,
    rhs: MatRef<'_, T>,
    job: &JobControl,
) -> Result<Mat<T>, SvdError> {
    let (m, inner) = lhs.shape();
    let cols = rhs.ncols();
    let mut out = Mat::<T>::zeros(m, cols);
    let rows_per_block = (FLOPS_PER_CHECKPOINT / (2 * inner * cols).max(1)).clamp(16, m.max(16));
    let par = faer::get_global_parallelism();
    for start in (0..m).step_by(rows_per_block) {
        job.checkpoint()?;
        let rows = rows_per_block.min(m - start);
        matmul(
            out.as_mut().subrows_mut(start, rows),
            Accum::Replace,
            lhs.subrows(start, rows),
            rhs,
            T::one(),
            par,
        );
    }
    Ok(out)
}

/// `q` times the scaling's factor, as a new matrix; `q` itself when the factor is 1.
fn scaled<'a, T: Real>(
    q: MatRef<'a, T>,
    scaling: Scaling<T>,
    copy: &'a mut Mat<T>,
) -> MatRef<'a, T> {
    if scaling.is_identity() {
        return q;
    }
    *copy = Mat::from_fn(q.nrows(), q.ncols(), |i, j| scaling.apply(q[(i, j)]));
    copy.as_ref()
}

/// The top `rank` singular triplets of `a`, approximately.
///
/// A matrix with max|a_ij| outside 2^±32 (f32) or 2^±256 (f64) is decomposed as sA for a
/// power of two s that brings it near 1, without a copy of A: each product (sA)·X is taken
/// as A·(sX), sX a scaled copy of the thin right-hand side, and σ divided by s at the end.
/// That is exact but for entries of sX that underflow (s < 1, huge A): their error is at
/// most 2⁻¹⁵⁰/s ≤ 2⁻³⁰ (2⁻¹⁰⁷⁵/s ≤ 2⁻⁵⁹ in f64, s ≥ 2⁻¹²⁰ and 2⁻¹⁰¹⁶) against columns of X
/// of norm 1 or more, below rounding.
pub fn randomized_svd<T: Real>(
    a: ArrayView2<'_, T>,
    rank: usize,
    options: RandomizedOptions,
    job: &JobControl,
) -> Result<Factors<T>, SvdError>
where
    StandardNormal: Distribution<T>,
{
    randomized(a, rank, options, job).map(|(factors, _)| factors)
}

/// [`randomized_svd`], and the number of power iterations it ran.
fn randomized<T: Real>(
    a: ArrayView2<'_, T>,
    rank: usize,
    options: RandomizedOptions,
    job: &JobControl,
) -> Result<(Factors<T>, usize), SvdError>
where
    StandardNormal: Distribution<T>,
{
    let (m, n) = a.dim();
    let full = m.min(n);
    if rank == 0 || rank > full {
        return Err(SvdError::InvalidArgument(format!(
            "rank {rank} is outside 1 … {full} for a {m} × {n} matrix"
        )));
    }
    let sketch = (rank + options.oversampling_for(rank)).min(full);
    let what = format!("the randomized SVD sketch of a {m} × {n} matrix");
    // Three thin (m + n) × sketch matrices, and one more for the scaled right-hand sides
    // when A is scaled (checked after the pass over A that tells).
    let bytes = |thin: u64| {
        ((m + n) as u64 * sketch as u64 * thin + (sketch * sketch) as u64)
            * T::PRECISION.element_bytes()
    };
    memory::ensure_fits(&what, bytes(3))?;
    let scaling = Scaling::of(a);
    if !scaling.is_identity() {
        memory::ensure_fits(&what, bytes(4))?;
    }

    let most = options.power_iterations;
    let steps = (2 + 2 * most) as f64;
    let mut done = 0.0;
    let mut step = |job: &JobControl, stage: &str| -> Result<(), SvdError> {
        job.checkpoint()?;
        job.report(done / steps, stage);
        done += 1.0;
        Ok(())
    };

    let a = a.into_faer();
    let mut rng = StdRng::seed_from_u64(options.seed);
    // (sA)Ω computed as A(sΩ): Ω's entries are scaled as drawn.
    let omega = Mat::<T>::from_fn(n, sketch, |_, _| {
        scaling.apply(StandardNormal.sample(&mut rng))
    });
    step(job, "sketching")?;
    let mut q = orthonormal_basis(product(a, omega.as_ref(), job)?, job)?;
    // σ estimates after each iteration, and their relative changes.
    let mut estimates: Vec<f64> = Vec::new();
    let mut changes: Vec<f64> = Vec::new();
    let mut iteration = 0;
    let mut copy = Mat::<T>::new();
    // B = Qᵀ A (sketch × n) through the QR of Bᵀ = Aᵀ Q = Q_b R: B = Rᵀ Q_bᵀ, and with
    // R = U_r Σ V_rᵀ, B = V_r Σ (Q_b U_r)ᵀ. A power iteration is this QR followed by
    // Q = orth(A Q_b), so the one that settles the estimates is also the final one.
    let (q_b, r) = loop {
        let stage = if iteration < most {
            format!("power iteration {} of at most {most}", iteration + 1)
        } else {
            "small SVD".to_owned()
        };
        step(job, &stage)?;
        let (q_b, r) = thin_qr(
            product(a.transpose(), scaled(q.as_ref(), scaling, &mut copy), job)?,
            job,
        )?;
        if iteration == most {
            break (q_b, r);
        }
        if let Some(tolerance) = options.tolerance {
            let latest = top_singular_values(&r, rank, job)?;
            if !estimates.is_empty() {
                changes.push(relative_change(&estimates, &latest));
            }
            estimates = latest;
            if settled(&changes, tolerance) {
                break (q_b, r);
            }
        }
        step(job, &stage)?;
        q = orthonormal_basis(
            product(a, scaled(q_b.as_ref(), scaling, &mut copy), job)?,
            job,
        )?;
        iteration += 1;
    };
    drop(copy);
    // Only the SVD of the small square R cannot be interrupted; the products and the QR
    // stop at their checkpoints.
    let svd = job
        .run_uninterruptible(move || r.thin_svd())?
        .map_err(|_| SvdError::NoConvergence)?;
    let u = product(q.as_ref(), svd.V().subcols(0, rank), job)?;
    let v = product(q_b.as_ref(), svd.U().subcols(0, rank), job)?;
    let u = u.as_ref().into_ndarray().as_standard_layout().into_owned();
    let vt = v
        .as_ref()
        .transpose()
        .into_ndarray()
        .as_standard_layout()
        .into_owned();
    let s: Array1<T> = svd
        .S()
        .column_vector()
        .iter()
        .take(rank)
        .map(|&sigma| scaling.undo(sigma))
        .collect();
    job.report(1.0, "done");
    Ok((Factors { u, s, vt }, iteration))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::planted_matrix;

    /// σ_i = 1/i, the slowly decaying spectrum of trained layers, planted in a 600 × 400
    /// matrix.
    fn power_law() -> (ndarray::Array2<f64>, Vec<f64>) {
        let sigma: Vec<f64> = (1..=400).map(|i| 1.0 / f64::from(i)).collect();
        (planted_matrix(600, 400, &sigma, 21), sigma)
    }

    fn worst_relative_error(got: &Array1<f64>, sigma: &[f64]) -> f64 {
        got.iter()
            .zip(sigma)
            .map(|(g, s)| (g - s).abs() / s)
            .fold(0.0, f64::max)
    }

    #[test]
    fn adaptive_iterations_reach_the_tolerance_and_stop_before_the_cap() {
        let (a, sigma) = power_law();
        for (rank, tolerance) in [(32, 1e-3), (16, 1e-5), (64, 1e-2)] {
            let options = RandomizedOptions {
                power_iterations: 8,
                tolerance: Some(tolerance),
                ..RandomizedOptions::default()
            };
            let (factors, iterations) =
                randomized(a.view(), rank, options, &JobControl::new()).unwrap();
            let error = worst_relative_error(&factors.s, &sigma);
            assert!(
                error <= tolerance,
                "k = {rank}: σ off by {error:.1e}, {tolerance:.0e} asked ({iterations} iterations)"
            );
            assert!(
                iterations < 8,
                "k = {rank}, tolerance {tolerance:.0e}: ran to the cap"
            );
        }
    }

    #[test]
    fn a_finer_tolerance_takes_more_iterations_and_none_runs_them_all() {
        let (a, _) = power_law();
        let run = |tolerance| {
            let options = RandomizedOptions {
                power_iterations: 6,
                tolerance,
                ..RandomizedOptions::default()
            };
            randomized(a.view(), 32, options, &JobControl::new())
                .unwrap()
                .1
        };
        let coarse = run(Some(1e-2));
        let fine = run(Some(1e-7));
        assert!(
            coarse < fine,
            "{coarse} iterations for 1e-2, {fine} for 1e-7"
        );
        assert_eq!(run(None), 6);
    }

    #[test]
    fn settling_needs_a_small_change_that_is_also_shrinking_fast() {
        assert!(!settled(&[], 1e-3));
        // One change: only when far below the tolerance.
        assert!(!settled(&[5e-4], 1e-3));
        assert!(settled(&[5e-5], 1e-3));
        // Shrinking tenfold per iteration: the error left is about a ninth of the change.
        assert!(!settled(&[1e-1, 1e-2], 1e-3));
        assert!(settled(&[1e-2, 1e-3], 1e-3));
        // Shrinking slowly (ρ = 0.9): the error left is about nine times the change.
        assert!(!settled(&[1e-3, 9e-4], 1e-3));
        assert!(settled(&[1e-4, 9e-5], 1e-3));
        // Not shrinking: never.
        assert!(!settled(&[1e-5, 2e-5], 1e-3));
        assert!(settled(&[1e-5, 0.0], 1e-3));
    }
}
