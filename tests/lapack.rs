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

/// σ (as f64) by both LAPACK calls, after checking that the factors are finite.
fn lapack_values<T: Real>(a: &Array2<T>, what: &str) -> [Vec<f64>; 2] {
    let factors = lapack::thin_svd(a.view(), &JobControl::new()).unwrap();
    assert!(
        factors.u.iter().chain(&factors.vt).all(|x| x.is_finite()),
        "{what}: non-finite factors"
    );
    let values = lapack::singular_values(a.view(), &JobControl::new()).unwrap();
    [
        factors.singular_values_f64(),
        values.iter().map(|&x| x.to_f64()).collect(),
    ]
}

#[test]
fn planted_spectra_at_extreme_magnitudes() {
    // A = s·U diag(σ) Vᵀ where sums of squares overflow or underflow (and subnormal A:
    // 1e-39 in f32, 1e-310 in f64, rounded to multiples of 2⁻¹⁴⁹ and 2⁻¹⁰⁷⁴): σ/s is the
    // planted σ, and the rank-10 factors rebuild A/s at the Eckart–Young error.
    fn check<T: Real>(scale: f64, tolerance: f64) {
        let sigma = geometric(40, 4.0, 0.004);
        let planted = with_singular_values(60, 40, &sigma, 9);
        let a: Array2<T> = planted.mapv(|x| T::from_f64(x * scale));
        let what = format!("{} at {scale:e}", T::PRECISION);
        for values in lapack_values(&a, &what) {
            let unscaled: Vec<f64> = values.iter().map(|s| s / scale).collect();
            assert_planted(&unscaled, &sigma, tolerance, &what);
        }
        let factors = lapack::thin_svd(a.view(), &JobControl::new()).unwrap();
        let rebuilt = factors.reconstruct(10).mapv(|x| x.to_f64() / scale);
        let error = frobenius(&(&a.mapv(|x| x.to_f64() / scale) - &rebuilt));
        let optimum: f64 = sigma[10..].iter().map(|s| s * s).sum::<f64>().sqrt();
        assert!(
            error <= optimum * (1.0 + 100.0 * tolerance),
            "{what}: rank-10 error {error} vs Eckart–Young {optimum}"
        );
    }
    for scale in [1e-30, 1e-25, 1e20, 1e30] {
        check::<f32>(scale, 2e-5);
    }
    for scale in [1e-300, 1e-155, 1e154, 1e300] {
        check::<f64>(scale, 1e-12);
    }
    check::<f32>(1e-39, 1e-4);
    check::<f64>(1e-310, 1e-11);
}

#[test]
fn zero_constant_identity_and_one_huge_entry_at_any_magnitude() {
    fn check<T: Real>(a: &Array2<T>, expected: &[f64], what: &str) {
        let epsilon = 100.0 * T::epsilon().to_f64();
        let top = expected[0].max(f64::MIN_POSITIVE);
        for values in lapack_values(a, what) {
            for (i, (&got, &want)) in values.iter().zip(expected).enumerate() {
                assert!(
                    (got - want).abs() <= epsilon * top,
                    "{what}: σ_{} = {got:e}, expected {want:e}",
                    i + 1
                );
            }
        }
    }
    let (m, n) = (24, 16);
    let constant = |c: f64| {
        let mut sigma = vec![0.0; n];
        sigma[0] = c.abs() * f64::from(u32::try_from(m * n).unwrap()).sqrt();
        sigma
    };
    check(&Array2::<f32>::zeros((m, n)), &[0.0; 16], "f32 zero");
    check(&Array2::<f64>::zeros((m, n)), &[0.0; 16], "f64 zero");
    for c in [-3.0_f32, 1e-30, 7e30] {
        let a = Array2::from_elem((m, n), c);
        check(&a, &constant(f64::from(c)), &format!("f32 constant {c:e}"));
    }
    for c in [-3.0, 1e-300, 7e300] {
        check(
            &Array2::from_elem((m, n), c),
            &constant(c),
            &format!("f64 constant {c:e}"),
        );
    }
    check(&Array2::<f32>::eye(n), &[1.0; 16], "f32 identity");
    check(&Array2::<f64>::eye(n), &[1.0; 16], "f64 identity");
    // One huge entry among tiny ones: σ₁ is the entry, the rest are below ε·σ₁.
    let mut expected = vec![0.0; n];
    expected[0] = 1e30;
    let mut a = Array2::<f32>::from_elem((m, n), 1e-30);
    a[(3, 5)] = 1e30;
    check(&a, &expected, "f32 1e30 among 1e-30");
    expected[0] = 1e300;
    let mut a = Array2::<f64>::from_elem((m, n), 1e-300);
    a[(3, 5)] = 1e300;
    check(&a, &expected, "f64 1e300 among 1e-300");
}
