//! The LAPACK engine (`--features lapack`) against matrices with a known SVD, the same way
//! `tests/known_svd.rs` holds the faer engine: A = U diag(σ) Vᵀ with U, V the orthonormal Q
//! factors of Gaussian matrices (faer's QR) and σ chosen, so neither engine is the reference
//! of the other. Checks σ, values-only σ, orthogonality, reconstruction, layout, and both
//! engines against the same planted spectrum.
#![cfg(feature = "lapack")]
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]

mod common;

use common::{frobenius, geometric, with_singular_values};
use ndarray::Array2;
use rankscope::linalg::{Cancelled, JobControl, SvdError, lapack};
use rankscope::real::Real;
use rankscope::source::planted_matrix;

/// The shapes every check runs on: tall, wide and square.
const SHAPES: [(usize, usize); 3] = [(120, 40), (40, 120), (64, 64)];

/// ‖QᵀQ − I‖_F for the columns of `q`, in f64.
fn orthonormality_defect<T: Real>(q: &Array2<T>) -> f64 {
    let q = q.mapv(Real::to_f64);
    let gram = q.t().dot(&q);
    frobenius(&(&gram - &Array2::<f64>::eye(gram.nrows())))
}

/// Every σ_i within `tolerance`·σ_1 of the planted value, and as many as planted.
fn assert_planted<T: Real>(got: &[T], sigma: &[f64], tolerance: f64, what: &str) {
    assert_eq!(got.len(), sigma.len(), "{what}: number of singular values");
    for (i, (&got, &want)) in got.iter().zip(sigma).enumerate() {
        let got = got.to_f64();
        assert!(
            (got - want).abs() <= tolerance * sigma[0],
            "{what} σ_{}: {got} vs planted {want}",
            i + 1
        );
    }
}

/// The full check of one precision: factors, layout, orthogonality, reconstruction, and
/// values-only σ, on every shape. `tolerance` is relative to σ_1 (or ‖A‖_F).
fn check_known_factors<T: Real>(tolerance: f64, seed: u64) {
    for (rows, cols) in SHAPES {
        let r = rows.min(cols);
        let sigma = geometric(r, 10.0, 1e-2);
        let planted = with_singular_values(rows, cols, &sigma, seed);
        let a: Array2<T> = planted.mapv(T::from_f64);
        let what = format!("{rows}×{cols} {}", T::PRECISION);

        let factors = lapack::thin_svd(a.view(), &JobControl::new()).unwrap();
        assert_eq!(factors.u.dim(), (rows, r), "{what}: U shape");
        assert_eq!(factors.vt.dim(), (r, cols), "{what}: Vᵀ shape");
        assert!(
            factors.u.is_standard_layout() && factors.vt.is_standard_layout(),
            "{what}: U and Vᵀ must be row-major like the faer engine's"
        );
        assert_planted(factors.s.as_slice().unwrap(), &sigma, tolerance, &what);
        assert!(
            factors.s.windows(2).into_iter().all(|w| w[0] >= w[1]),
            "{what}: σ not descending"
        );
        let u_defect = orthonormality_defect(&factors.u);
        let v_defect = orthonormality_defect(&factors.vt.t().to_owned());
        assert!(
            u_defect <= tolerance * 10.0,
            "{what}: ‖UᵀU − I‖_F = {u_defect}"
        );
        assert!(
            v_defect <= tolerance * 10.0,
            "{what}: ‖VᵀV − I‖_F = {v_defect}"
        );

        let rebuilt = factors.reconstruct(r).mapv(Real::to_f64);
        let a64 = a.mapv(Real::to_f64);
        let residual = frobenius(&(&a64 - &rebuilt)) / frobenius(&a64);
        assert!(
            residual <= tolerance,
            "{what}: ‖A − UΣVᵀ‖_F/‖A‖_F = {residual}"
        );

        let values = lapack::singular_values(a.view(), &JobControl::new()).unwrap();
        assert_planted(values.as_slice().unwrap(), &sigma, tolerance, &what);
    }
}

#[test]
fn lapack_f64_recovers_known_factors_on_tall_wide_and_square() {
    check_known_factors::<f64>(1e-12, 7);
}

#[test]
fn lapack_f32_recovers_known_factors_on_tall_wide_and_square() {
    // Rounding A to f32 moves σ by about 1e-7·‖A‖; sgesdd adds a few ulps more.
    check_known_factors::<f32>(2e-5, 11);
}

#[test]
fn rank_deficient_tail_is_zero_and_the_error_is_the_eckart_young_tail() {
    let sigma = [9.0, 7.0, 4.0, 2.0, 1.0, 0.5, 0.25, 0.1];
    let a = with_singular_values(30, 20, &sigma, 3);
    let factors = lapack::thin_svd(a.view(), &JobControl::new()).unwrap();
    assert_eq!(factors.rank(), 20);
    for k in 0..=sigma.len() {
        let error = frobenius(&(&a - &factors.reconstruct(k)));
        let tail: f64 = sigma[k..].iter().map(|s| s * s).sum::<f64>().sqrt();
        assert!(
            (error - tail).abs() <= 1e-12 * sigma[0],
            "k = {k}: {error} vs {tail}"
        );
    }
    assert!(factors.s[sigma.len()] <= 1e-12 * sigma[0]);
}

#[test]
fn lapack_and_faer_agree_with_the_planted_spectrum_of_a_random_matrix() {
    // A random weight-like matrix (Haar U, V; σ_i = i^(−0.7)), in both precisions: each
    // engine is held to the planted σ, not to the other's output.
    let (rows, cols) = (150, 90);
    let sigma: Vec<f64> = (1..=90).map(|i| f64::from(i).powf(-0.7)).collect();
    let planted = planted_matrix(rows, cols, &sigma, 21);
    let job = JobControl::new();

    let lapack64 = lapack::singular_values(planted.view(), &job).unwrap();
    let faer64 = rankscope::linalg::singular_values(planted.view(), &job).unwrap();
    assert_planted(lapack64.as_slice().unwrap(), &sigma, 1e-12, "lapack f64");
    assert_planted(faer64.as_slice().unwrap(), &sigma, 1e-12, "faer f64");

    let a32 = planted.mapv(f32::from_f64);
    let lapack32 = lapack::singular_values(a32.view(), &job).unwrap();
    let faer32 = rankscope::linalg::singular_values(a32.view(), &job).unwrap();
    assert_planted(lapack32.as_slice().unwrap(), &sigma, 2e-5, "lapack f32");
    assert_planted(faer32.as_slice().unwrap(), &sigma, 2e-5, "faer f32");

    // The two engines' factors span the same singular subspaces: |⟨u_i^lapack, u_i^faer⟩| ≈ 1
    // for well-separated σ (each vector is defined up to sign).
    let by_lapack = lapack::thin_svd(planted.view(), &job).unwrap();
    let by_faer = rankscope::linalg::thin_svd(planted.view(), &job).unwrap();
    for i in 0..10 {
        let cosine = by_lapack.u.column(i).dot(&by_faer.u.column(i)).abs();
        assert!(
            (cosine - 1.0).abs() <= 1e-9,
            "u_{}: |cos| = {cosine}",
            i + 1
        );
    }
}

#[test]
fn views_of_any_layout_give_the_same_values() {
    // A transposed (column-major) view and a strided slice go through the row-major copy.
    let sigma = [3.0, 2.0, 1.0];
    let a = with_singular_values(20, 10, &sigma, 1);
    let job = JobControl::new();
    let transposed = lapack::thin_svd(a.t(), &job).unwrap();
    assert_eq!(transposed.u.dim(), (10, 10));
    assert_planted(&transposed.s.as_slice().unwrap()[..3], &sigma, 1e-12, "Aᵀ");
    let rebuilt = transposed.reconstruct(3);
    assert!(frobenius(&(&rebuilt - &a.t())) <= 1e-12 * frobenius(&a));

    let every_other_row = a.slice(ndarray::s![..;2, ..]);
    let values = lapack::singular_values(every_other_row, &job).unwrap();
    let reference = rankscope::linalg::singular_values(every_other_row, &job).unwrap();
    for (&got, &want) in values.iter().zip(&reference) {
        assert!(
            (got - want).abs() <= 1e-12 * reference[0],
            "{got} vs {want}"
        );
    }
}

#[test]
fn cancelled_jobs_and_non_finite_entries_are_reported_not_panicked() {
    let a = with_singular_values(20, 10, &[3.0, 2.0, 1.0], 1);
    let job = JobControl::new();
    job.cancel();
    assert!(matches!(
        lapack::thin_svd(a.view(), &job),
        Err(SvdError::Cancelled(Cancelled))
    ));
    assert!(matches!(
        lapack::singular_values(a.view(), &job),
        Err(SvdError::Cancelled(Cancelled))
    ));

    // NaN and ±∞ are errors as with faer (no convergence), never NaN σ in silence.
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut broken = a.clone();
        broken[[3, 4]] = bad;
        let fresh = JobControl::new();
        assert!(
            matches!(
                lapack::thin_svd(broken.view(), &fresh),
                Err(SvdError::NoConvergence)
            ),
            "{bad}: factors"
        );
        assert!(
            matches!(
                lapack::singular_values(broken.view(), &fresh),
                Err(SvdError::NoConvergence)
            ),
            "{bad}: values"
        );
        assert!(matches!(
            rankscope::linalg::singular_values(broken.view(), &fresh),
            Err(SvdError::NoConvergence)
        ));
        assert_eq!(fresh.progress().fraction, 0.0, "{bad}: no success reported");
    }
}

#[test]
fn sizes_beyond_32_bit_lapack_are_refused_before_allocating() {
    // A zero-strided view claims 70 000 × 70 000 (4.9e9 elements) on one element: more than
    // LAPACK's 32-bit sizes can index, refused before any copy is made.
    let one = Array2::<f32>::ones((1, 1));
    let huge = one.broadcast((70_000, 70_000)).unwrap();
    for error in [
        lapack::thin_svd(huge, &JobControl::new()).unwrap_err(),
        lapack::singular_values(huge, &JobControl::new()).unwrap_err(),
    ] {
        assert!(matches!(error, SvdError::InvalidArgument(_)), "{error}");
        assert!(error.to_string().contains("32-bit"), "{error}");
    }
}

#[test]
fn empty_matrices_have_empty_factors() {
    for (rows, cols) in [(3, 0), (0, 5)] {
        let a = Array2::<f64>::zeros((rows, cols));
        let factors = lapack::thin_svd(a.view(), &JobControl::new()).unwrap();
        assert_eq!(factors.u.dim(), (rows, 0));
        assert!(factors.s.is_empty());
        assert_eq!(factors.vt.dim(), (0, cols));
        let values = lapack::singular_values(a.view(), &JobControl::new()).unwrap();
        assert!(values.is_empty());
    }
}
