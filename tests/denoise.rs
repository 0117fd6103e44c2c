//! The denoising demo: the core's curves against numpy's (`tests/fixtures/denoise_*`, written
//! by `scripts/make_denoise_fixtures.py` from numpy's reconstructions N_k), and `rankscope
//! denoise` end to end on the sample photo — its noise measured on the written noisy matrix,
//! its clean-error curve checked against reconstructions built here, its outputs and refusals.
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::float_cmp
)]

use assert_cmd::Command;
use ndarray::Array2;
use ndarray_npy::ReadNpyExt;
use rankscope::analysis::denoise::DenoiseCurves;
use rankscope::linalg::{JobControl, thin_svd};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn photo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chelsea.png")
}

fn read_npy(path: &Path) -> Array2<f64> {
    Array2::<f64>::read_npy(std::fs::File::open(path).unwrap()).unwrap()
}

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("rankscope")
        .unwrap()
        .args(args)
        .timeout(Duration::from_mins(1))
        .output()
        .unwrap()
}

fn norm(x: &Array2<f64>) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// The sample photo's luma, computed here from the 8-bit pixels (0.2126 r + 0.7152 g +
/// 0.0722 b on values ÷ 255), not through rankscope's loader.
fn photo_luma() -> Array2<f64> {
    let image = image::open(photo()).unwrap().to_rgb8();
    let (width, height) = image.dimensions();
    Array2::from_shape_fn((height as usize, width as usize), |(i, j)| {
        let p = image.get_pixel(j as u32, i as u32).0;
        (0.2126 * f64::from(p[0]) + 0.7152 * f64::from(p[1]) + 0.0722 * f64::from(p[2])) / 255.0
    })
}

#[test]
fn curves_match_numpy_on_a_planted_matrix_with_noise() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("denoise_expected.json")).unwrap())
            .unwrap();
    let clean = read_npy(&fixture("denoise_clean.npy"));
    let noisy = read_npy(&fixture("denoise_noisy.npy"));
    let noise_sigma = expected["noise_sigma"].as_f64().unwrap();
    let factors = thin_svd(noisy.view(), &JobControl::new()).unwrap();
    let curves = DenoiseCurves::new(clean.view(), &factors, Some(noise_sigma));
    for (got, want) in curves
        .singular_values
        .iter()
        .zip(floats(&expected["singular_values"]))
    {
        assert!(
            (got - want).abs() < 1e-10 * want.max(1.0),
            "{got} vs {want}"
        );
    }
    for (name, got) in [
        ("error_vs_clean", &curves.error_vs_clean),
        ("error_vs_noisy", &curves.error_vs_noisy),
    ] {
        let want = floats(&expected[name]);
        assert_eq!(got.len(), want.len(), "{name}");
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!((g - w).abs() < 1e-10, "{name}[{k}]: {g} vs {w}");
        }
    }
    assert_eq!(
        curves.best_rank() as u64,
        expected["best_rank"].as_u64().unwrap()
    );
    let gd = &expected["gavish_donoho"];
    let known = curves.known_noise_threshold().unwrap();
    assert!((known - gd["known_threshold"].as_f64().unwrap()).abs() < 1e-12);
    let unknown = curves.unknown_noise_threshold().unwrap();
    assert!((unknown - gd["unknown_threshold"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(
        curves.known_noise_rank().unwrap() as u64,
        gd["known_rank"].as_u64().unwrap()
    );
    assert_eq!(
        curves.unknown_noise_rank().unwrap() as u64,
        gd["unknown_rank"].as_u64().unwrap()
    );
}

#[test]
fn the_sample_photo_denoises_best_near_the_gavish_donoho_rank() {
    let dir = tempfile::tempdir().unwrap();
    let noisy_path = dir.path().join("noisy.npy");
    let denoised_path = dir.path().join("denoised.png");
    let output = run(&[
        "denoise",
        photo().to_str().unwrap(),
        "--noise",
        "0.1",
        "--seed",
        "3",
        "--json",
        "--out-noisy",
        noisy_path.to_str().unwrap(),
        "--out-denoised",
        denoised_path.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["matrix"], "luma");
    assert_eq!(report["shape"], serde_json::json!([300, 451]));
    assert_eq!(report["noise_sigma"].as_f64().unwrap(), 0.1);
    let clean_curve = floats(&report["relative_error_clean"]);
    let noisy_curve = floats(&report["relative_error_noisy"]);
    assert_eq!(clean_curve.len(), 301);
    assert_eq!(noisy_curve.len(), 301);
    assert!(noisy_curve.windows(2).all(|w| w[1] <= w[0] + 1e-15));
    // The best k is the minimum of the curve it came with, in its interior.
    let best = report["best_rank"].as_u64().unwrap() as usize;
    let argmin = (0..clean_curve.len())
        .min_by(|&a, &b| clean_curve[a].total_cmp(&clean_curve[b]))
        .unwrap();
    assert_eq!(best, argmin);
    assert!(best > 5 && best < 100, "best k = {best}");
    // The noise is what was asked: N − C has standard deviation 0.1.
    let clean = photo_luma();
    let noisy = read_npy(&noisy_path);
    assert_eq!(noisy.dim(), clean.dim());
    let noise = &noisy - &clean;
    let sd = (noise.iter().map(|x| x * x).sum::<f64>() / noise.len() as f64).sqrt();
    assert!((sd - 0.1).abs() < 1e-3, "noise sd {sd}");
    // The clean curve, measured here on reconstructions of the written noisy matrix.
    let factors = thin_svd(noisy.view(), &JobControl::new()).unwrap();
    for k in [1, best, 300] {
        let direct = norm(&(&clean - &factors.reconstruct(k))) / norm(&clean);
        // f32 pixels in the loader against f64 here: agreement to 1e-6.
        assert!(
            (direct - clean_curve[k]).abs() < 1e-6,
            "k = {k}: {direct} vs {}",
            clean_curve[k]
        );
    }
    // Both Gavish–Donoho ranks land near the best k and cost little against it.
    for rule in ["known_noise", "unknown_noise"] {
        let k = report["gavish_donoho"][rule]["rank"].as_u64().unwrap() as usize;
        assert!(k.abs_diff(best) <= best / 4 + 2, "{rule}: {k} vs {best}");
        assert!(clean_curve[k] < 1.02 * clean_curve[best], "{rule}");
    }
    // The threshold for a known σ_n: λ*(β)·√n·σ_n with β = 300/451, n = 451.
    let beta: f64 = 300.0 / 451.0;
    let lambda = (2.0 * (beta + 1.0)
        + 8.0 * beta / ((beta + 1.0) + (beta * beta + 14.0 * beta + 1.0).sqrt()))
    .sqrt();
    let threshold = report["gavish_donoho"]["known_noise"]["threshold"]
        .as_f64()
        .unwrap();
    assert!((threshold - lambda * 451f64.sqrt() * 0.1).abs() < 1e-12);
    // The denoised picture: the photo's size, in grey.
    let denoised = image::open(&denoised_path).unwrap();
    assert_eq!((denoised.width(), denoised.height()), (451, 300));
    assert_eq!(denoised.color(), image::ColorType::L8);
}

#[test]
fn the_same_seed_gives_the_same_noise_and_size_pools_first() {
    let photo = photo();
    let json = |extra: &[&str]| -> Value {
        let mut args = vec!["denoise", photo.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let output = run(&args);
        assert!(output.status.success(), "{output:?}");
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let a = json(&["--seed", "9"]);
    assert_eq!(a, json(&["--seed", "9"]));
    assert_ne!(
        a["singular_values"],
        json(&["--seed", "10"])["singular_values"]
    );
    let small = json(&["--size", "150"]);
    assert_eq!(small["shape"], serde_json::json!([100, 150]));
    assert_eq!(small["shrunk_from"], serde_json::json!([300, 451]));
    assert!(a.get("shrunk_from").is_none());
}

fn assert_refused(output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{stderr}");
}

#[test]
fn bad_requests_exit_2_with_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let photo = photo();
    let photo = photo.to_str().unwrap();
    let out = dir.path().join("out.png");
    let out_str = out.to_str().unwrap();
    // A usage error (clap's own message, with its hint).
    let negative = run(&["denoise", photo, "--noise=-0.1"]);
    assert_eq!(negative.status.code(), Some(2), "{negative:?}");
    assert!(String::from_utf8_lossy(&negative.stderr).contains("outside [0, 10]"));
    assert_refused(&run(&["denoise", photo, "--channel", "rgb"]), "rgb");
    assert_refused(
        &run(&["denoise", photo, "--out-denoised", out_str, "--rank", "301"]),
        "rank 301",
    );
    assert!(!out.exists());
    let weights = fixture("float64.npy");
    assert_refused(
        &run(&["denoise", weights.to_str().unwrap(), "--out-noisy", out_str]),
        "not an image",
    );
    assert_refused(
        &run(&[
            "denoise",
            photo,
            "--out-noisy",
            dir.path().join("x.txt").to_str().unwrap(),
        ]),
        "x.txt",
    );
    assert!(!out.exists());
    std::fs::write(&out, b"keep").unwrap();
    let refused = run(&["denoise", photo, "--out-noisy", out_str]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
}
