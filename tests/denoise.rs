//! The denoising demo: the core's curves against numpy's (`tests/fixtures/denoise_*`, written
//! by `scripts/make_denoise_fixtures.py` from numpy's reconstructions N_k), and `rankscope
//! denoise` end to end on the sample photo — its noise measured on the written noisy matrix,
//! its clean-error curve checked against reconstructions built here, its outputs and refusals.
#![allow(
    clippy::unwrap_used,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
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

mod svg;
use svg::polylines;

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

#[test]
fn the_figures_csv_holds_numpys_errors_at_every_k() {
    // The numpy-made experiment (clean, noisy, both curves from numpy's own N_k), through
    // the figure's CSV writer.
    use rankscope::figure::{DenoiseFigure, Figure, FigureFormat, FigureSize};
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("denoise_expected.json")).unwrap())
            .unwrap();
    let clean = read_npy(&fixture("denoise_clean.npy"));
    let noisy = read_npy(&fixture("denoise_noisy.npy"));
    let factors = thin_svd(noisy.view(), &JobControl::new()).unwrap();
    let curves = DenoiseCurves::new(
        clean.view(),
        &factors,
        Some(expected["noise_sigma"].as_f64().unwrap()),
    );
    let figure = Figure::Denoise(DenoiseFigure::new("t", curves, Some(3)));
    let csv = figure
        .render(FigureFormat::Csv, FigureSize::default())
        .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("k,error_vs_clean,error_vs_noisy"));
    let clean_want = floats(&expected["error_vs_clean"]);
    let noisy_want = floats(&expected["error_vs_noisy"]);
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|f| f.parse().unwrap()).collect())
        .collect();
    // k = 1 … r (numpy's arrays start at k = 0).
    assert_eq!(rows.len(), clean_want.len() - 1);
    for (index, row) in rows.iter().enumerate() {
        let k = index + 1;
        assert_eq!(row[0], k as f64);
        assert!((row[1] - clean_want[k]).abs() < 1e-10, "clean, k = {k}");
        assert!((row[2] - noisy_want[k]).abs() < 1e-10, "noisy, k = {k}");
    }
}

/// The SVG of `denoise --size 100 --rank 7 --figure`: axes, legend, both curves on a log
/// axis, and the best k's line at the clean curve's lowest point.
fn check_denoise_svg(text: &str, best: u64, known: u64, unknown: u64) {
    let document = roxmltree::Document::parse(text).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    // Both axes with their units, the curves, the marks and k in the legend.
    assert!(has("rank k of N_k") && has("log scale"), "{texts:?}");
    assert!(has("relative error of N_k (%)"), "{texts:?}");
    assert!(has("vs clean C: ‖C − N_k‖_F / ‖C‖_F"), "{texts:?}");
    assert!(has("vs noisy N: ‖N − N_k‖_F / ‖N‖_F"), "{texts:?}");
    assert!(has(&format!("best k = {best} ")), "{texts:?}");
    assert!(has("σ_n known: keep σᵢ > "), "{texts:?}");
    assert!(
        has(&format!("→ k = {known} ")) && has(&format!("→ k = {unknown} ")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.starts_with("k = 7, ")), "{texts:?}");
    assert!(has("Denoising: chelsea.png › luma"), "{texts:?}");
    // Two curves of r points each (every other line is an axis, tick, mark or legend
    // stroke of two points), vermillion against C and blue against N.
    let lines = polylines(&document);
    let curves: Vec<&(String, Vec<(f64, f64)>)> =
        lines.iter().filter(|(_, p)| p.len() > 2).collect();
    assert_eq!(curves.len(), 2, "{:?}", curves.iter().map(|c| &c.0));
    assert_eq!(curves[0].0, "#D55E00");
    assert_eq!(curves[1].0, "#0072B2");
    assert!(curves.iter().all(|(_, p)| p.len() == 67));
    // On a log axis: k = 1, 10 and 67 at x proportional to 0, 1 and log₁₀ 67.
    let x = &curves[0].1;
    let ratio = (x[66].0 - x[0].0) / (x[9].0 - x[0].0);
    assert!((ratio - 67f64.log10()).abs() < 0.02, "{ratio}");
    // The best k's line (bluish green, the whole height) stands at the lowest point of the
    // clean curve drawn (largest y on screen).
    let lowest = x.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let best_line = lines
        .iter()
        .find(|(c, p)| c == "#009E73" && p.len() == 2 && p[0].0 == p[1].0 && p[0].1 != p[1].1)
        .unwrap();
    assert!(
        x.iter().any(|p| p.1 == lowest && p.0 == best_line.1[0].0),
        "best k at x = {}",
        best_line.1[0].0
    );
}

#[test]
fn denoise_draws_its_figure_as_svg_png_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let photo = photo();
    let photo = photo.to_str().unwrap();
    let svg = dir.path().join("curves.svg");
    let noisy_path = dir.path().join("noisy.npy");
    // Pooled to 67 × 100: r = 67.
    let common = ["denoise", photo, "--size", "100", "--seed", "5", "--json"];
    let mut args = common.to_vec();
    args.extend([
        "--rank",
        "7",
        "--figure",
        svg.to_str().unwrap(),
        "--out-noisy",
        noisy_path.to_str().unwrap(),
    ]);
    let output = run(&args);
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["shape"], serde_json::json!([67, 100]));
    let best = report["best_rank"].as_u64().unwrap();
    let known = report["gavish_donoho"]["known_noise"]["rank"]
        .as_u64()
        .unwrap();
    let unknown = report["gavish_donoho"]["unknown_noise"]["rank"]
        .as_u64()
        .unwrap();

    check_denoise_svg(
        &std::fs::read_to_string(&svg).unwrap(),
        best,
        known,
        unknown,
    );

    // The numbers: the arrays of the same run's report at k = 1 … r (another run may
    // differ in the last bit: the SVD's threads), and the clean error measured here on
    // reconstructions of the written noisy matrix.
    let csv = dir.path().join("curves.csv");
    let mut args = common.to_vec();
    args.extend(["--figure", csv.to_str().unwrap()]);
    let output = run(&args);
    assert!(output.status.success(), "{output:?}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some("k,error_vs_clean,error_vs_noisy"));
    let rows: Vec<Vec<f64>> = rows
        .map(|l| l.split(',').map(|f| f.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 67);
    let clean_curve = floats(&report["relative_error_clean"]);
    let noisy_curve = floats(&report["relative_error_noisy"]);
    // (serde_json's default parser may land an ulp off the exact double.)
    for row in &rows {
        let k = row[0] as usize;
        assert!((row[1] - clean_curve[k]).abs() < 1e-15, "k = {k}");
        assert!((row[2] - noisy_curve[k]).abs() < 1e-15, "k = {k}");
    }
    let noisy = read_npy(&noisy_path);
    // C = N − Z: the noise of seed 5 at σ_n = 0.1 taken off again.
    let clean = &noisy - &rankscope::analysis::denoise::gaussian_noise(67, 100, 0.1, 5);
    let factors = thin_svd(noisy.view(), &JobControl::new()).unwrap();
    for k in [1, 10, 67] {
        let direct = norm(&(&clean - &factors.reconstruct(k))) / norm(&clean);
        let noisy_direct = norm(&(&noisy - &factors.reconstruct(k))) / norm(&noisy);
        assert!((rows[k - 1][1] - direct).abs() < 1e-9, "k = {k}");
        assert!((rows[k - 1][2] - noisy_direct).abs() < 1e-9, "k = {k}");
    }

    // The picture: slide-sized.
    let png = dir.path().join("curves.png");
    let mut args = common.to_vec();
    args.extend(["--figure", png.to_str().unwrap()]);
    assert!(run(&args).status.success());
    let picture = image::open(&png).unwrap();
    assert_eq!((picture.width(), picture.height()), (1600, 1000));
}

#[test]
fn a_bad_figure_is_refused_before_any_work_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("chelsea.png");
    std::fs::copy(photo(), &input).unwrap();
    let input_bytes = std::fs::read(&input).unwrap();
    let input = input.to_str().unwrap();
    let txt = dir.path().join("curves.txt");
    assert_refused(
        &run(&["denoise", input, "--figure", txt.to_str().unwrap()]),
        "curves.txt",
    );
    assert!(!txt.exists());
    // Never over the input, with or without --force.
    for force in [false, true] {
        let mut args = vec!["denoise", input, "--figure", input];
        if force {
            args.push("--force");
        }
        assert_refused(&run(&args), "chelsea.png");
    }
    assert_eq!(std::fs::read(input).unwrap(), input_bytes);
    // An existing figure only with --force.
    let svg = dir.path().join("curves.svg");
    std::fs::write(&svg, b"keep").unwrap();
    let svg_str = svg.to_str().unwrap();
    assert_refused(
        &run(&["denoise", input, "--size", "50", "--figure", svg_str]),
        "already exists",
    );
    assert_eq!(std::fs::read(&svg).unwrap(), b"keep");
    let forced = run(&[
        "denoise", input, "--size", "50", "--figure", svg_str, "--force",
    ]);
    assert!(forced.status.success(), "{forced:?}");
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    // Two outputs under one name.
    let png = dir.path().join("both.png");
    let png_str = png.to_str().unwrap();
    assert_refused(
        &run(&[
            "denoise",
            input,
            "--out-noisy",
            png_str,
            "--figure",
            png_str,
        ]),
        "--out-noisy and --figure name the same file",
    );
    assert!(!png.exists());
    // --rank needs something to apply to (clap's usage error).
    let lone = run(&["denoise", input, "--rank", "3"]);
    assert_eq!(lone.status.code(), Some(2), "{lone:?}");
}
