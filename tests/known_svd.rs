//! The SVD engines against matrices built with a known SVD: A = U diag(σ) Vᵀ with U, V the
//! orthonormal Q factors of Gaussian matrices (faer's QR, an independent routine) and σ
//! chosen. Checks σ, reconstruction, orthogonality and the Eckart–Young error.
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
use ndarray::{Array1, Array2};
use rankscope::linalg::{
    Cancelled, Factors, JobControl, RandomizedOptions, SvdError, TWO_STAGE_MIN_DIM, randomized_svd,
    singular_values, singular_values_two_stage, thin_svd,
};

fn assert_orthonormal_columns(q: &Array2<f64>, tolerance: f64, what: &str) {
    let gram = q.t().dot(q);
    let identity = Array2::<f64>::eye(gram.nrows());
    let off = frobenius(&(&gram - &identity));
    assert!(off <= tolerance, "{what}: ‖QᵀQ − I‖_F = {off}");
}

#[test]
fn exact_f64_recovers_known_factors_on_tall_wide_and_square() {
    for (rows, cols) in [(120, 40), (40, 120), (64, 64)] {
        let r = rows.min(cols);
        let sigma = geometric(r, 10.0, 1e-3);
        let a = with_singular_values(rows, cols, &sigma, 7);
        let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
        assert_eq!(factors.u.dim(), (rows, r));
        assert_eq!(factors.vt.dim(), (r, cols));
        assert_recovers_planted(&a, &sigma, &factors, &format!("{rows}×{cols}"));
    }
}

/// `count` singular values three ways: decaying over six decades; clustered (a triple value
/// repeated over 60 % of the spectrum); and exactly rank-deficient (`rank` non-zero values).
fn planted_spectra(count: usize, rank: usize) -> [(&'static str, Vec<f64>); 3] {
    let decaying = geometric(count, 1e3, 1e-3);
    let mut clustered: Vec<f64> = (0..count)
        .map(|i| [50.0, 20.0, 20.0, 20.0, 1.0][i * 5 / count])
        .collect();
    clustered[0] = 60.0;
    let deficient: Vec<f64> = (0..count)
        .map(|i| {
            if i < rank {
                10.0 - 4.0 * i as f64 / rank as f64
            } else {
                0.0
            }
        })
        .collect();
    [
        ("decaying", decaying),
        ("clustered", clustered),
        ("rank-deficient", deficient),
    ]
}

/// σ within 1e-12·σ₁ of the planted values, A = UΣVᵀ to 1e-12 relative, U and V orthonormal.
fn assert_recovers_planted(a: &Array2<f64>, sigma: &[f64], factors: &Factors<f64>, what: &str) {
    for (i, (&got, &want)) in factors.s.iter().zip(sigma).enumerate() {
        assert!(
            (got - want).abs() <= 1e-12 * sigma[0],
            "{what}: σ_{} = {got}, planted {want}",
            i + 1
        );
    }
    let rebuilt = factors.reconstruct(factors.rank());
    assert!(
        frobenius(&(a - &rebuilt)) <= 1e-12 * frobenius(a),
        "{what}: A ≠ UΣVᵀ"
    );
    assert_orthonormal_columns(&factors.u, 1e-12, &format!("{what}: U"));
    assert_orthonormal_columns(&factors.vt.t().to_owned(), 1e-12, &format!("{what}: V"));
}

/// Sizes at which faer bidiagonalises on several threads (trailing blocks above 192 × 256
/// elements), which runs the patched one-sweep step of vendor/faer on split column blocks:
/// decaying, clustered (repeated σ) and exactly rank-deficient spectra, square, tall and wide.
#[test]
fn exact_factors_of_planted_spectra_at_parallel_sizes() {
    let r = 300;
    for (name, sigma) in planted_spectra(r, 120) {
        for (rows, cols) in [(r, r), (420, r), (r, 420)] {
            let a = with_singular_values(rows, cols, &sigma, 17);
            let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
            assert_recovers_planted(&a, &sigma, &factors, &format!("{name} {rows}×{cols}"));
        }
    }
    // f32 on the same path: σ to single precision, relative to σ₁.
    let decaying = geometric(r, 1e3, 1e-3);
    let a = with_singular_values(420, r, &decaying, 19).mapv(|x| x as f32);
    let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
    for (&got, &want) in factors.s.iter().zip(&decaying) {
        assert!(
            (f64::from(got) - want).abs() <= 1e-5 * decaying[0],
            "f32: {got} vs {want}"
        );
    }
    assert_orthonormal_columns(&factors.u.mapv(f64::from), 1e-4, "U (f32)");
}

#[test]
fn exact_f32_recovers_known_singular_values() {
    let sigma = geometric(48, 5.0, 0.05);
    let a = with_singular_values(96, 48, &sigma, 11).mapv(|x| x as f32);
    let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
    for (&got, &want) in factors.s.iter().zip(&sigma) {
        assert!(
            (f64::from(got) - want).abs() <= 1e-5 * sigma[0],
            "{got} vs {want}"
        );
    }
    let values = singular_values(a.view(), &JobControl::new()).unwrap();
    for (&got, &want) in values.iter().zip(&sigma) {
        assert!(
            (f64::from(got) - want).abs() <= 1e-5 * sigma[0],
            "{got} vs {want}"
        );
    }
}

#[test]
fn reconstruction_error_is_the_eckart_young_tail() {
    let sigma = [9.0, 7.0, 4.0, 2.0, 1.0, 0.5, 0.25, 0.1];
    let a = with_singular_values(30, 20, &sigma, 3);
    let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
    for k in 0..=sigma.len() {
        let error = frobenius(&(&a - &factors.reconstruct(k)));
        let tail: f64 = sigma[k..].iter().map(|s| s * s).sum::<f64>().sqrt();
        assert!(
            (error - tail).abs() <= 1e-12 * sigma[0],
            "k = {k}: {error} vs {tail}"
        );
    }
    // Beyond the planted rank the values are zero to rounding.
    assert!(factors.s[sigma.len()] <= 1e-12 * sigma[0]);
}

#[test]
fn values_only_matches_the_known_spectrum() {
    let sigma = geometric(50, 100.0, 1.0);
    let a = with_singular_values(50, 80, &sigma, 5);
    let values: Array1<f64> = singular_values(a.view(), &JobControl::new()).unwrap();
    for (&got, &want) in values.iter().zip(&sigma) {
        assert!((got - want).abs() <= 1e-12 * sigma[0]);
    }
}

#[test]
fn randomized_is_exact_when_the_sketch_spans_the_range() {
    // Rank 15 < k + oversampling = 8 + 10: the sketch captures the whole range.
    let sigma = geometric(15, 50.0, 0.5);
    let a = with_singular_values(200, 150, &sigma, 9);
    let factors = randomized_svd(
        a.view(),
        8,
        RandomizedOptions::default(),
        &JobControl::new(),
    )
    .unwrap();
    assert_eq!(factors.rank(), 8);
    assert_eq!(factors.u.dim(), (200, 8));
    assert_eq!(factors.vt.dim(), (8, 150));
    for (&got, &want) in factors.s.iter().zip(&sigma) {
        assert!((got - want).abs() <= 1e-10 * sigma[0], "{got} vs {want}");
    }
    assert_orthonormal_columns(&factors.u, 1e-10, "randomized U");
    let tail: f64 = sigma[8..].iter().map(|s| s * s).sum::<f64>().sqrt();
    let error = frobenius(&(&a - &factors.reconstruct(8)));
    assert!((error - tail).abs() <= 1e-9 * sigma[0], "{error} vs {tail}");
}

#[test]
fn randomized_approximates_a_decaying_spectrum() {
    // σ_i = 1/i, the hard case of the performance issue: with the default oversampling
    // p = max(10, k) and all 4 power iterations (no early stop), every one of the top 32 is
    // within 1e-4 (the customary p = 10 leaves about 1e-2 at the end of the top k).
    let sigma: Vec<f64> = (1..=150).map(|i| 1.0 / f64::from(i)).collect();
    let a = with_singular_values(400, 300, &sigma, 13);
    let options = RandomizedOptions {
        tolerance: None,
        ..RandomizedOptions::default()
    };
    let factors = randomized_svd(a.view(), 32, options, &JobControl::new()).unwrap();
    for (i, (&got, &want)) in factors.s.iter().zip(&sigma).enumerate() {
        assert!(got <= want * (1.0 + 1e-12), "σ_{} overestimated", i + 1);
        assert!(
            (got - want).abs() <= 1e-4 * want,
            "σ_{}: {got} vs {want}",
            i + 1
        );
    }
}

#[test]
fn cancelled_jobs_return_cancelled_and_bad_ranks_are_refused() {
    let a = with_singular_values(20, 10, &[3.0, 2.0, 1.0], 1);
    let job = JobControl::new();
    job.cancel();
    assert!(matches!(
        thin_svd(a.view(), &job),
        Err(SvdError::Cancelled(Cancelled))
    ));
    assert!(matches!(
        randomized_svd(a.view(), 2, RandomizedOptions::default(), &job),
        Err(SvdError::Cancelled(Cancelled))
    ));
    let fresh = JobControl::new();
    assert!(matches!(
        randomized_svd(a.view(), 11, RandomizedOptions::default(), &fresh),
        Err(SvdError::InvalidArgument(_))
    ));
    // faer sees the same data through a zero-copy view of any layout.
    let transposed = a.t();
    let values = singular_values(transposed, &fresh).unwrap();
    assert!((values[0] - 3.0).abs() < 1e-12);
}

/// The two-stage values-only path (band reduction, bulge chasing, bidiagonal QR) on planted
/// spectra: decaying, clustered, repeated and exactly rank-deficient, tall (QR first), wide
/// (transposed) and square, with bandwidths that do and do not divide n.
#[test]
fn two_stage_values_match_planted_spectra() {
    for (name, sigma) in planted_spectra(150, 40) {
        for (rows, cols) in [(150, 150), (400, 150), (150, 260), (260, 150)] {
            let a = with_singular_values(rows, cols, &sigma, 21);
            for band in [1, 2, 7, 32] {
                let values = singular_values_two_stage(a.view(), band, &JobControl::new()).unwrap();
                assert_eq!(values.len(), 150);
                for (i, (&got, &want)) in values.iter().zip(sigma.iter()).enumerate() {
                    assert!(
                        (got - want).abs() <= 1e-12 * sigma[0],
                        "{name} {rows}×{cols} b={band}: σ_{} = {got}, planted {want}",
                        i + 1
                    );
                }
            }
        }
    }
}

#[test]
fn two_stage_f32_is_accurate_to_single_precision() {
    let sigma = geometric(600, 100.0, 0.01);
    let a = with_singular_values(700, 600, &sigma, 4).mapv(|x| x as f32);
    // The public values-only entry point takes the two-stage path at this size.
    const { assert!(600 >= TWO_STAGE_MIN_DIM) };
    let values = singular_values(a.view(), &JobControl::new()).unwrap();
    for (i, (&got, &want)) in values.iter().zip(&sigma).enumerate() {
        // Rounding A to f32 alone moves σ by up to about ε_f32 ‖A‖_F ≈ 6e-8 · 700.
        assert!(
            (f64::from(got) - want).abs() <= 1e-5 * sigma[0],
            "σ_{} = {got}, planted {want}",
            i + 1
        );
    }
}

#[test]
fn two_stage_honours_cancellation() {
    let a = with_singular_values(600, 600, &geometric(600, 10.0, 1.0), 2);
    let job = JobControl::new();
    job.cancel();
    assert!(matches!(
        singular_values_two_stage(a.view(), 32, &job),
        Err(SvdError::Cancelled(_))
    ));
}
