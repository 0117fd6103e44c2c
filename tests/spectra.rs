//! `rankscope scan --figure`: the normalised spectra σᵢ/σ₁ of a checkpoint's matrices, the
//! CSV against numpy's σ (`tests/fixtures/expected.json`, written by
//! `scripts/make_fixtures.py`), the SVG parsed as XML (axis labels, one curve per matrix,
//! where the points lie), the PNG decoded, and the refusals (exit 2, one line, no file).
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_precision_loss, clippy::float_cmp)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
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

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("rankscope")
        .unwrap()
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

/// numpy's σ of each floating-point matrix of model.safetensors (the integer ones are not
/// scanned).
fn numpy_sigma() -> BTreeMap<String, Vec<f64>> {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    expected["model.safetensors"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, m)| m["dtype"].as_str().unwrap().starts_with("float"))
        .map(|(name, m)| {
            let sigma = m["singular_values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_f64().unwrap())
                .collect();
            (name.clone(), sigma)
        })
        .collect()
}

fn scan_figure(out: &Path, extra: &[&str]) {
    let model = fixture("model.safetensors");
    let mut args = vec![
        "scan",
        model.to_str().unwrap(),
        "--figure",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert!(
        output.status.success(),
        "rankscope {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.is_file(), "{} not written", out.display());
}

/// The CSV's rows: matrix → σᵢ/σ₁ for i = 1, 2, … (checking i counts from 1 in order).
fn csv_ratios(text: &str) -> BTreeMap<String, Vec<f64>> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("matrix,i,sigma_over_sigma1"));
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 3, "{line}");
        let row = ratios.entry(fields[0].to_owned()).or_default();
        assert_eq!(fields[1].parse::<usize>().unwrap(), row.len() + 1, "{line}");
        row.push(fields[2].parse().unwrap());
    }
    ratios
}

#[test]
fn the_csv_holds_numpys_sigma_over_sigma1_for_every_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("spectra.csv");
    scan_figure(&csv, &[]);
    let ratios = csv_ratios(&std::fs::read_to_string(&csv).unwrap());
    let numpy = numpy_sigma();
    assert_eq!(
        ratios.keys().collect::<Vec<_>>(),
        numpy.keys().collect::<Vec<_>>()
    );
    for (name, sigma) in &numpy {
        let got = &ratios[name];
        assert_eq!(got.len(), sigma.len(), "{name}");
        for (i, (got, s)) in got.iter().zip(sigma).enumerate() {
            let want = s / sigma[0];
            assert!(
                (got - want).abs() < 1e-6,
                "{name}: σ{}/σ₁ = {got}, numpy's {want}",
                i + 1
            );
        }
    }

    // --filter keeps the matrices it matches, and only those.
    let filtered = dir.path().join("filtered.csv");
    scan_figure(&filtered, &["--filter", "^f(32|64)$"]);
    let ratios = csv_ratios(&std::fs::read_to_string(&filtered).unwrap());
    assert_eq!(ratios.keys().collect::<Vec<_>>(), ["f32", "f64"]);
}

#[test]
fn the_svg_has_labelled_axes_and_one_curve_per_matrix_and_the_png_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("spectra.svg");
    scan_figure(&svg, &[]);
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    assert!(has("i / min(m, n)"), "{texts:?}");
    assert!(has("σᵢ / σ₁") && has("log scale"), "{texts:?}");
    assert!(
        has("Normalised spectra: model.safetensors (4 matrices)"),
        "{texts:?}"
    );
    // The legend names each matrix with its shape (conv is 4 × 2 × 3 × 3, read as 4 × 18).
    for name in ["f64 (4 × 6)", "conv (4 × 18)", "f32 (6 × 4)", "f16 (3 × 5)"] {
        assert!(has(name), "{name} not in {texts:?}");
    }
    // One curve per matrix, in file order and in their colours (every other polyline is
    // an axis, grid or legend stroke of two points).
    let lines = polylines(&document);
    let curves: Vec<&(String, Vec<(f64, f64)>)> =
        lines.iter().filter(|(_, p)| p.len() > 2).collect();
    let colours: Vec<&str> = curves.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(colours, ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]);
    let numpy = numpy_sigma();
    for ((_, points), name) in curves.iter().zip(["f64", "conv", "f32", "f16"]) {
        let sigma = &numpy[name];
        assert_eq!(points.len(), sigma.len(), "{name}");
        // x in proportion to i / min(m, n): equal steps from i = 1.
        let step = points[1].0 - points[0].0;
        for (i, p) in points.iter().enumerate() {
            assert!(
                (p.0 - points[0].0 - i as f64 * step).abs() <= 1.0,
                "{name} x"
            );
        }
        // y in proportion to log(σᵢ/σ₁) (screen y grows downwards from σ₁'s).
        let last = sigma.len() - 1;
        let per_decade = (points[last].1 - points[0].1) / (sigma[last] / sigma[0]).log10();
        for (p, s) in points.iter().zip(sigma) {
            let want = points[0].1 + per_decade * (s / sigma[0]).log10();
            assert!((p.1 - want).abs() <= 2.0, "{name}: y {} vs {want}", p.1);
        }
    }
    // The rows share one x scale: σ₁ of the 4-row matrices at 1/4, f16's (3 rows) at 1/3.
    let quarter = curves[0].1[0].0;
    let third = curves[3].1[0].0;
    let origin = quarter - (curves[0].1[1].0 - quarter);
    let ratio = (third - origin) / (quarter - origin);
    assert!((ratio - 4.0 / 3.0).abs() < 0.02, "{ratio}");

    let png = dir.path().join("spectra.png");
    scan_figure(&png, &[]);
    let picture = image::open(&png).unwrap().to_rgb8();
    assert_eq!(picture.dimensions(), (1600, 1000));
}

/// Exit 2 with exactly one stderr line holding `needle`.
fn assert_refused(output: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    assert!(stderr.contains(needle), "{needle:?} not in {stderr:?}");
}

#[test]
fn a_bad_figure_is_refused_before_the_scan_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("model.safetensors");
    std::fs::copy(fixture("model.safetensors"), &input).unwrap();
    let input_bytes = std::fs::read(&input).unwrap();
    let input = input.to_str().unwrap();
    let txt = dir.path().join("spectra.txt");
    assert_refused(
        &run(&["scan", input, "--figure", txt.to_str().unwrap()]),
        "spectra.txt",
    );
    assert!(!txt.exists());
    for force in [false, true] {
        let mut args = vec!["scan", input, "--figure", input];
        if force {
            args.push("--force");
        }
        assert_refused(&run(&args), "model.safetensors");
    }
    assert_eq!(std::fs::read(input).unwrap(), input_bytes);
    let svg = dir.path().join("spectra.svg");
    std::fs::write(&svg, b"keep").unwrap();
    let svg_str = svg.to_str().unwrap();
    let refused = run(&["scan", input, "--figure", svg_str]);
    assert_refused(&refused, "already exists");
    assert!(refused.stdout.is_empty(), "the scan ran before the refusal");
    assert_eq!(std::fs::read(&svg).unwrap(), b"keep");
    let forced = run(&["scan", input, "--figure", svg_str, "--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
}
