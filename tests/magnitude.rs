//! σ, norms, curves and factors at the ends of the floating-point range.
//!
//! A = s·U diag(σ) Vᵀ with U, V the orthonormal Q factors of Gaussian matrices (faer's QR,
//! built in f64) and σ chosen, at scales s where sums of squares overflow or underflow
//! (1e-30 … 1e30 in f32, 1e-300 … 1e300 in f64), then subnormal matrices, one huge entry
//! among tiny ones, and the zero, constant and identity matrices. Every engine must give
//! s·σ to the usual precision, and the curves and factors of the unscaled matrix; so must
//! `analyze --json` and `export` on a file written at that scale.
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::float_cmp
)]

mod common;

use assert_cmd::Command;
use common::{frobenius, geometric, with_singular_values};
use ndarray::{Array1, Array2, Axis};
use ndarray_npy::{NpzReader, write_npy};
use rankscope::analysis::Spectrum;
use rankscope::linalg::{
    Factors, JobControl, RandomizedOptions, TWO_STAGE_MIN_DIM, randomized_svd, rank_k_factors,
    singular_values, singular_values_two_stage, thin_svd, thin_svd_via_right_vectors,
};
use rankscope::real::Real;
use rankscope::source::MatrixData;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

const F32_SCALES: [f64; 4] = [1e-30, 1e-25, 1e20, 1e30];
const F64_SCALES: [f64; 4] = [1e-300, 1e-155, 1e154, 1e300];

const ROWS: usize = 60;
const COLS: usize = 40;
/// The rank the randomized engine computes and the factors are cut to.
const RANK: usize = 10;

/// Ten values from 4 down to 1, then a gap of 25 and thirty more decaying to 0.004: the
/// gap makes the randomized engine's top ten exact to working precision, and the tail leaves
/// a rank-10 error well above rounding.
fn planted_sigma() -> Vec<f64> {
    let mut sigma = geometric(RANK, 4.0, 1.0);
    sigma.extend(geometric(COLS - RANK, 0.04, 0.004));
    sigma
}

/// σ within this multiple of σ₁ (and curves within this much) in each precision.
fn tolerance<T: Real>() -> f64 {
    match T::PRECISION {
        rankscope::real::Precision::F32 => 2e-5,
        rankscope::real::Precision::F64 => 1e-12,
    }
}

/// sqrt(Σ_{i>k} σ_i²): the Eckart–Young error of the best rank-k approximation.
fn tail(sigma: &[f64], k: usize) -> f64 {
    sigma[k..].iter().map(|s| s * s).sum::<f64>().sqrt()
}

/// The planted matrix times `scale`, rounded to T.
fn planted_at<T: Real>(scale: f64, seed: u64) -> Array2<T> {
    with_singular_values(ROWS, COLS, &planted_sigma(), seed).mapv(|x| T::from_f64(x * scale))
}

/// Each of `got` (σ of A at `scale`) divided by `scale` within `tolerance`·σ₁ of `sigma`.
fn assert_values(got: &[f64], sigma: &[f64], scale: f64, tolerance: f64, what: &str) {
    assert!(got.len() <= sigma.len(), "{what}: {} values", got.len());
    for (i, (&got, &want)) in got.iter().zip(sigma).enumerate() {
        let unscaled = got / scale;
        assert!(
            (unscaled - want).abs() <= tolerance * sigma[0],
            "{what}: σ_{} = {got:e} = {unscaled} × {scale:e}, planted {want}",
            i + 1
        );
    }
}

/// The rank-k factors rebuild A (divided by `scale`, in f64) with an error within a hair of
/// the Eckart–Young optimum, and U, V are orthonormal.
fn assert_factors<T: Real>(
    factors: &Factors<T>,
    a: &Array2<T>,
    sigma: &[f64],
    scale: f64,
    what: &str,
) {
    let tolerance = tolerance::<T>();
    assert_values(
        &factors.singular_values_f64(),
        sigma,
        scale,
        tolerance,
        what,
    );
    let k = RANK;
    let u = factors.u_k(k).mapv(Real::to_f64);
    let s: Array1<f64> = factors.s_k(k).mapv(|x| x.to_f64() / scale);
    let vt = factors.vt_k(k).mapv(Real::to_f64);
    let mut scaled_u = u.clone();
    for (mut column, &sigma) in scaled_u.axis_iter_mut(Axis(1)).zip(&s) {
        column *= sigma;
    }
    let unscaled = a.mapv(|x| x.to_f64() / scale);
    let error = frobenius(&(&unscaled - &scaled_u.dot(&vt)));
    let optimum = tail(sigma, k);
    // f32 rounding of A alone moves the error by about ε‖A‖_F ≈ 1e-6.
    let slack = if tolerance > 1e-9 { 1e-4 } else { 1e-10 };
    assert!(
        error <= optimum * (1.0 + slack),
        "{what}: rank-{k} error {error} vs Eckart–Young {optimum}"
    );
    let gram = u.t().dot(&u) - Array2::<f64>::eye(k);
    assert!(
        frobenius(&gram) < 1e3 * tolerance,
        "{what}: U not orthonormal"
    );
    let gram = vt.dot(&vt.t()) - Array2::<f64>::eye(k);
    assert!(
        frobenius(&gram) < 1e3 * tolerance,
        "{what}: V not orthonormal"
    );
}

/// ‖A‖_F, e_k and c_k from σ at `scale` match the planted spectrum's.
fn assert_curves(values: &[f64], sigma: &[f64], scale: f64, tolerance: f64, what: &str) {
    let spectrum = Spectrum::complete(values.to_vec(), ROWS, COLS);
    let planted = Spectrum::complete(sigma.to_vec(), ROWS, COLS);
    let norm = spectrum.frobenius_norm();
    assert!(
        norm.is_finite() && (norm / scale - planted.frobenius_norm()).abs() <= tolerance * 10.0,
        "{what}: ‖A‖_F = {norm:e} at scale {scale:e}, planted {}",
        planted.frobenius_norm()
    );
    for (k, (got, want)) in spectrum
        .relative_errors()
        .iter()
        .zip(planted.relative_errors())
        .enumerate()
    {
        assert!(
            (got - want).abs() <= tolerance * 10.0,
            "{what}: e_{k} = {got}, planted {want}"
        );
    }
    for (k, (got, want)) in spectrum
        .energies()
        .iter()
        .zip(planted.energies())
        .enumerate()
    {
        assert!(
            (got - want).abs() <= tolerance * 10.0,
            "{what}: c_{k} = {got}, planted {want}"
        );
    }
    let stable = spectrum.stable_rank();
    assert!(
        (stable - planted.stable_rank()).abs() <= tolerance * 100.0,
        "{what}: stable rank {stable} vs {}",
        planted.stable_rank()
    );
}

/// Every engine on the planted matrix at `scale` in precision T.
fn check_every_engine<T: Real>(scale: f64, seed: u64)
where
    faer::stats::prelude::StandardNormal: faer::stats::prelude::Distribution<T>,
{
    let sigma = planted_sigma();
    let tolerance = tolerance::<T>();
    let a = planted_at::<T>(scale, seed);
    let job = JobControl::new();
    let what = |engine: &str| format!("{engine}, {} at {scale:e}", T::PRECISION);

    let factors = thin_svd(a.view(), &job).unwrap();
    assert_factors(&factors, &a, &sigma, scale, &what("exact"));
    assert_curves(
        &factors.singular_values_f64(),
        &sigma,
        scale,
        tolerance,
        &what("exact"),
    );

    // The window's engine: σ and V from faer, U = A V Σ⁻¹, and the exports' rank-k factors.
    let factors = thin_svd_via_right_vectors(a.view(), &job).unwrap();
    assert_factors(&factors, &a, &sigma, scale, &what("σ and V, then U"));
    let exported = rank_k_factors(a.view(), &factors, RANK, &job).unwrap();
    assert_factors(&exported, &a, &sigma, scale, &what("rank-k factors"));

    let values: Vec<f64> = singular_values(a.view(), &job)
        .unwrap()
        .iter()
        .map(|&x| Real::to_f64(x))
        .collect();
    assert_values(&values, &sigma, scale, tolerance, &what("values only"));
    assert_curves(&values, &sigma, scale, tolerance, &what("values only"));

    for band in [1, 8] {
        let values: Vec<f64> = singular_values_two_stage(a.view(), band, &job)
            .unwrap()
            .iter()
            .map(|&x| Real::to_f64(x))
            .collect();
        let engine = format!("two-stage, band {band}");
        assert_values(&values, &sigma, scale, tolerance, &what(&engine));
        assert_curves(&values, &sigma, scale, tolerance, &what(&engine));
    }

    let factors = randomized_svd(a.view(), RANK, RandomizedOptions::default(), &job).unwrap();
    assert_factors(&factors, &a, &sigma, scale, &what("randomized"));
    // The randomized path's curves: its top σ with ‖A‖_F measured from the matrix.
    let data = to_matrix_data(a.clone());
    let norm = data.frobenius_norm();
    let planted = Spectrum::complete(sigma.clone(), ROWS, COLS);
    assert!(
        (norm / scale - planted.frobenius_norm()).abs() <= 10.0 * tolerance,
        "{}: ‖A‖_F = {norm:e}",
        what("matrix")
    );
    let partial = Spectrum::partial(factors.singular_values_f64(), ROWS, COLS, norm);
    for k in 0..=RANK {
        let (got, want) = (partial.relative_error(k), planted.relative_error(k));
        assert!(
            (got - want).abs() <= 1e3 * tolerance,
            "{}: e_{k} = {got}, planted {want}",
            what("randomized")
        );
    }
}

fn to_matrix_data<T: Real>(a: Array2<T>) -> MatrixData {
    let any: Box<dyn std::any::Any> = Box::new(a);
    match any.downcast::<Array2<f32>>() {
        Ok(a) => MatrixData::F32(*a),
        Err(any) => MatrixData::F64(*any.downcast::<Array2<f64>>().unwrap()),
    }
}

#[test]
fn planted_spectra_at_extreme_scales_in_f32_through_every_engine() {
    for (seed, scale) in (1..).zip(F32_SCALES) {
        check_every_engine::<f32>(scale, seed);
    }
}

#[test]
fn planted_spectra_at_extreme_scales_in_f64_through_every_engine() {
    for (seed, scale) in (11..).zip(F64_SCALES) {
        check_every_engine::<f64>(scale, seed);
    }
}

#[test]
fn planted_spectra_just_inside_the_unscaled_range() {
    // Matrices up to 2^±32 (f32) and 2^±256 (f64) are decomposed as they are: the engines
    // must be right there without help.
    for (seed, scale) in (21..).zip([1e-9, 1e9]) {
        check_every_engine::<f32>(scale, seed);
    }
    for (seed, scale) in (31..).zip([1e-76, 1e76]) {
        check_every_engine::<f64>(scale, seed);
    }
}

#[test]
fn values_only_dispatch_to_two_stage_at_extreme_scales() {
    let n = TWO_STAGE_MIN_DIM;
    let sigma = geometric(n, 4.0, 0.01);
    let planted = with_singular_values(n + 8, n, &sigma, 5);
    let job = JobControl::new();
    for scale in [1e-25, 1e30] {
        let a = planted.mapv(|x| (x * scale) as f32);
        let values: Vec<f64> = singular_values(a.view(), &job)
            .unwrap()
            .iter()
            .map(|&x| f64::from(x))
            .collect();
        assert_values(
            &values,
            &sigma,
            scale,
            2e-5,
            &format!("f32 {n}² at {scale:e}"),
        );
    }
    for scale in [1e-300, 1e300] {
        let a = planted.mapv(|x| x * scale);
        let values = singular_values(a.view(), &job).unwrap().to_vec();
        assert_values(
            &values,
            &sigma,
            scale,
            1e-12,
            &format!("f64 {n}² at {scale:e}"),
        );
    }
}

/// σ by each engine as f64: exact (factors and values only), two-stage, and the randomized
/// top `rank`.
fn every_engines_values<T: Real>(a: &Array2<T>, rank: usize) -> Vec<(&'static str, Vec<f64>)>
where
    faer::stats::prelude::StandardNormal: faer::stats::prelude::Distribution<T>,
{
    let job = JobControl::new();
    let as_f64 = |values: Array1<T>| values.iter().map(|&x| Real::to_f64(x)).collect::<Vec<_>>();
    let exact = thin_svd(a.view(), &job).unwrap();
    for x in exact.u.iter().chain(&exact.vt) {
        assert!(x.is_finite(), "exact: non-finite entry in the factors");
    }
    let randomized = randomized_svd(a.view(), rank, RandomizedOptions::default(), &job).unwrap();
    for x in randomized.u.iter().chain(&randomized.vt) {
        assert!(x.is_finite(), "randomized: non-finite entry in the factors");
    }
    vec![
        ("exact", exact.singular_values_f64()),
        (
            "values only",
            as_f64(singular_values(a.view(), &job).unwrap()),
        ),
        (
            "two-stage",
            as_f64(singular_values_two_stage(a.view(), 8, &job).unwrap()),
        ),
        ("randomized", randomized.singular_values_f64()),
    ]
}

#[test]
fn subnormal_matrices_are_decomposed_like_normal_ones() {
    // Every entry below the smallest normal number: 1.2e-38 in f32, 2.2e-308 in f64. Their
    // own rounding (to multiples of 2⁻¹⁴⁹ and 2⁻¹⁰⁷⁴) moves σ by about 1e-5 and 1e-13 of σ₁.
    let sigma = planted_sigma();
    let planted = with_singular_values(ROWS, COLS, &sigma, 23);
    let scale = 1e-39;
    let a = planted.mapv(|x| (x * scale) as f32);
    assert!(a.iter().all(|x| !x.is_normal()));
    for (engine, values) in every_engines_values(&a, RANK) {
        assert_values(
            &values,
            &sigma,
            scale,
            1e-4,
            &format!("{engine}, f32 subnormal"),
        );
    }
    let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
    let rebuilt = factors.reconstruct(RANK).mapv(|x| f64::from(x) / scale);
    let error = frobenius(&(&a.mapv(|x| f64::from(x) / scale) - &rebuilt));
    assert!(
        error <= tail(&sigma, RANK) * 1.01,
        "f32 subnormal: rank-{RANK} error {error}"
    );

    let scale = 1e-310;
    let a = planted.mapv(|x| x * scale);
    assert!(a.iter().all(|x| !x.is_normal()));
    for (engine, values) in every_engines_values(&a, RANK) {
        assert_values(
            &values,
            &sigma,
            scale,
            1e-11,
            &format!("{engine}, f64 subnormal"),
        );
    }
    let norm = MatrixData::F64(a).frobenius_norm();
    assert!((norm / scale - frobenius(&planted)).abs() < 1e-11 * frobenius(&planted));
}

#[test]
fn one_huge_entry_among_tiny_ones() {
    // 1e30 at (3, 5), 1e-30 elsewhere (f32); 1e300 among 1e-300 (f64): σ₁ is the huge entry
    // (the rest add 1e-60 of it), u₁ = ±e₃ and v₁ = ±e₅, the other σ are below ε·σ₁.
    fn check<T: Real>(huge: f64, tiny: f64, epsilon: f64)
    where
        faer::stats::prelude::StandardNormal: faer::stats::prelude::Distribution<T>,
    {
        let mut a = Array2::<T>::from_elem((40, 30), T::from_f64(tiny));
        a[(3, 5)] = T::from_f64(huge);
        let what = format!("{} {huge:e} among {tiny:e}", T::PRECISION);
        for (engine, values) in every_engines_values(&a, 3) {
            assert!(
                (values[0] / huge - 1.0).abs() <= epsilon,
                "{engine}, {what}: σ₁ = {:e}",
                values[0]
            );
            assert!(
                values[1..]
                    .iter()
                    .all(|&s| (0.0..=epsilon * huge).contains(&s)),
                "{engine}, {what}: {values:?}"
            );
            let spectrum = Spectrum::complete(values, 40, 30);
            assert!(
                (spectrum.frobenius_norm() / huge - 1.0).abs() <= epsilon,
                "{what}"
            );
            assert!(
                spectrum.relative_error(1) <= epsilon,
                "{engine}, {what}: e_1"
            );
        }
        let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
        assert!(
            (factors.u[(3, 0)].to_f64().abs() - 1.0).abs() <= epsilon,
            "{what}: u₁"
        );
        assert!(
            (factors.vt[(0, 5)].to_f64().abs() - 1.0).abs() <= epsilon,
            "{what}: v₁"
        );
        let norm = to_matrix_data(a).frobenius_norm();
        assert!(
            (norm / huge - 1.0).abs() <= epsilon,
            "{what}: ‖A‖_F = {norm:e}"
        );
    }
    check::<f32>(1e30, 1e-30, 1e-6);
    check::<f64>(1e300, 1e-300, 1e-14);
}

#[test]
fn zero_constant_and_identity_matrices_through_every_engine() {
    fn check<T: Real>(a: &Array2<T>, expected: &[f64], what: &str)
    where
        faer::stats::prelude::StandardNormal: faer::stats::prelude::Distribution<T>,
    {
        let epsilon = 100.0 * T::epsilon().to_f64();
        let top = expected[0].max(f64::MIN_POSITIVE);
        for (engine, values) in every_engines_values(a, 4) {
            for (i, (&got, &want)) in values.iter().zip(expected).enumerate() {
                assert!(
                    (got - want).abs() <= epsilon * top,
                    "{engine}, {what}: σ_{} = {got:e}, expected {want:e}",
                    i + 1
                );
            }
            let (m, n) = a.dim();
            let spectrum = Spectrum::complete(values, m, n);
            let curves = spectrum
                .relative_errors()
                .into_iter()
                .chain(spectrum.energies());
            for value in curves {
                assert!(value.is_finite(), "{engine}, {what}: non-finite curve");
            }
            assert!(spectrum.stable_rank().is_finite() && spectrum.effective_rank().is_finite());
        }
    }
    let (m, n) = (24, 16);
    let expected_constant = |c: f64| {
        let mut sigma = vec![0.0; n];
        sigma[0] = c.abs() * ((m * n) as f64).sqrt();
        sigma
    };
    check(&Array2::<f32>::zeros((m, n)), &[0.0; 16], "f32 zero");
    check(&Array2::<f64>::zeros((m, n)), &[0.0; 16], "f64 zero");
    for c in [-3.0, 1e-30, 7e30] {
        let a = Array2::from_elem((m, n), c as f32);
        check(
            &a,
            &expected_constant(f64::from(c as f32)),
            &format!("f32 constant {c:e}"),
        );
    }
    for c in [-3.0, 1e-300, 7e300] {
        check(
            &Array2::from_elem((m, n), c),
            &expected_constant(c),
            &format!("f64 constant {c:e}"),
        );
    }
    check(&Array2::<f32>::eye(n), &[1.0; 16], "f32 identity");
    check(&Array2::<f64>::eye(n), &[1.0; 16], "f64 identity");
    // The zero matrix's curves are defined: e_0 = 1 and e_k = 0 (A_k = A), c_k = 1.
    let zero = Spectrum::complete(vec![0.0; 4], 4, 4);
    assert_eq!(zero.relative_errors(), [1.0, 0.0, 0.0, 0.0, 0.0]);
    assert_eq!(zero.energies(), [0.0, 1.0, 1.0, 1.0, 1.0]);
    assert_eq!(zero.frobenius_norm(), 0.0);
}

fn rankscope() -> Command {
    let mut command = Command::cargo_bin("rankscope").unwrap();
    command.timeout(Duration::from_secs(30));
    command
}

fn run_json(args: &[&str], file: &Path) -> Value {
    let output = rankscope().args(args).arg(file).output().unwrap();
    assert!(
        output.status.success(),
        "rankscope {args:?} {}: {}",
        file.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn floats(value: &Value, what: &str) -> Vec<f64> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not an array: {value}"))
        .iter()
        .map(|v| {
            v.as_f64()
                .unwrap_or_else(|| panic!("{what}: {v} is not a number"))
        })
        .collect()
}

/// `analyze --json` (exact and randomized) and `export --format npz` on an .npy of the
/// planted matrix at `scale`, written in precision T.
fn check_cli_at<T: Real + ndarray_npy::ReadableElement>(scale: f64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scaled.npy");
    let sigma = planted_sigma();
    let planted = Spectrum::complete(sigma.clone(), ROWS, COLS);
    let a = planted_at::<T>(scale, 31);
    write_npy(&path, &a).unwrap();
    let tolerance = tolerance::<T>();
    let what = format!("{} at {scale:e}", T::PRECISION);

    let report = run_json(&["analyze", "--json"], &path);
    let norm = report["frobenius_norm"].as_f64();
    assert!(
        norm.is_some_and(|norm| (norm / scale - planted.frobenius_norm()).abs() <= 10.0 * tolerance),
        "{what}: frobenius_norm {}",
        report["frobenius_norm"]
    );
    let values = floats(&report["singular_values"], &what);
    assert_eq!(values.len(), COLS);
    assert_values(&values, &sigma, scale, tolerance, &what);
    for (k, (got, want)) in floats(&report["relative_error"], &what)
        .iter()
        .zip(planted.relative_errors())
        .enumerate()
    {
        assert!(
            (got - want).abs() <= 10.0 * tolerance,
            "{what}: e_{k} = {got}, planted {want}"
        );
    }
    for (k, (got, want)) in floats(&report["energy"], &what)
        .iter()
        .zip(planted.energies())
        .enumerate()
    {
        assert!(
            (got - want).abs() <= 10.0 * tolerance,
            "{what}: c_{k} = {got}, planted {want}"
        );
    }

    let report = run_json(
        &[
            "analyze",
            "--json",
            "--method",
            "randomized",
            "--rank",
            "10",
        ],
        &path,
    );
    let what = format!("{what}, randomized");
    assert!(
        report["frobenius_norm"]
            .as_f64()
            .is_some_and(|norm| (norm / scale - planted.frobenius_norm()).abs() <= 10.0 * tolerance),
        "{what}: frobenius_norm {}",
        report["frobenius_norm"]
    );
    assert_values(
        &floats(&report["singular_values"], &what),
        &sigma,
        scale,
        tolerance,
        &what,
    );
    let errors = floats(&report["relative_error"], &what);
    assert!(
        (errors[RANK] - planted.relative_error(RANK)).abs() <= 1e3 * tolerance,
        "{what}: e_10"
    );

    let out = dir.path().join("factors.npz");
    let output = rankscope()
        .args(["export", "--rank", "10", "--format", "npz", "--out"])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{what}: export failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let u: Array2<T> = npz.by_name("U").unwrap();
    let s: Array1<T> = npz.by_name("S").unwrap();
    let vt: Array2<T> = npz.by_name("Vt").unwrap();
    let factors = Factors { u, s, vt };
    assert_factors(&factors, &a, &sigma, scale, &format!("{what}, npz export"));
}

#[test]
fn analyze_and_export_files_written_at_extreme_scales() {
    for scale in F32_SCALES {
        check_cli_at::<f32>(scale);
    }
    for scale in F64_SCALES {
        check_cli_at::<f64>(scale);
    }
}
