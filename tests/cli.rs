//! The `rankscope` binary end to end: `info`, `analyze` (table and `--json`, parsed back and
//! compared with numpy's values from `expected.json`) and the exit-status contract.
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]

mod common;

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn rankscope() -> Command {
    let mut command = Command::cargo_bin("rankscope").unwrap();
    command.timeout(Duration::from_secs(30));
    command
}

fn stdout_json(args: &[&str]) -> Value {
    let output = rankscope().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "rankscope {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn numpy_singular_values(file: &str, entry: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    expected[file][entry]["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn info_json_lists_every_tensor_with_shape_dtype_and_refusals() {
    let path = fixture("model.safetensors");
    let info = stdout_json(&["info", path.to_str().unwrap(), "--json"]);
    assert_eq!(info["format"], "safetensors");
    let rows = info["matrices"].as_array().unwrap();
    assert_eq!(rows.len(), 8);
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap().clone();
    assert_eq!(row("f16")["shape"], serde_json::json!([3, 5]));
    assert_eq!(row("f16")["dtype"], "float16");
    assert_eq!(row("conv")["matrix_shape"], serde_json::json!([4, 18]));
    assert!(row("bias")["matrix_shape"].is_null());
    assert!(row("bias")["refusal"].as_str().unwrap().contains("1-D"));
    assert!(row("f64")["refusal"].is_null());
}

#[test]
fn info_table_is_readable() {
    let output = rankscope()
        .args(["info"])
        .arg(fixture("rgb8.png"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("luma"), "{text}");
    assert!(text.contains("9 × 12"), "{text}");
    assert!(text.contains("--channel rgb"), "{text}");
}

#[test]
fn analyze_json_follows_the_contract_and_matches_numpy() {
    let cases = [
        ("model.safetensors", Some("f32"), None, "f32"),
        ("float64.npy", None, None, "f64"),
        ("rgb8.png", None, Some("g"), "f32"),
        ("rgb8.png", None, None, "f32"),
        ("header.csv", None, None, "f64"),
    ];
    for (file, tensor, channel, precision) in cases {
        let path = fixture(file);
        let mut args = vec!["analyze", path.to_str().unwrap(), "--json"];
        if let Some(tensor) = tensor {
            args.extend(["--tensor", tensor]);
        }
        if let Some(channel) = channel {
            args.extend(["--channel", channel]);
        }
        let report = stdout_json(&args);
        let entry = tensor.or(channel).unwrap_or(match file {
            "rgb8.png" => "luma",
            other => other.split('.').next().unwrap(),
        });
        for key in [
            "source",
            "matrix",
            "shape",
            "dtype",
            "precision",
            "method",
            "frobenius_norm",
            "singular_values",
            "relative_error",
            "energy",
            "suggested_ranks",
            "stable_rank",
            "effective_rank",
            "elapsed_secs",
        ] {
            assert!(report.get(key).is_some(), "{file}: `{key}` missing");
        }
        assert_eq!(report["matrix"], entry);
        assert_eq!(report["precision"], precision);
        assert_eq!(report["method"], "exact");
        let sigma = floats(&report["singular_values"]);
        let numpy = numpy_singular_values(file, entry);
        assert_eq!(sigma.len(), numpy.len());
        for (got, want) in sigma.iter().zip(&numpy) {
            assert!(
                (got - want).abs() <= 1e-5 * numpy[0],
                "{file}: σ {got} vs numpy {want}"
            );
        }
        // The curves, recomputed here from numpy's σ by their definitions (docs/formats.md):
        // e_k = sqrt(Σ_{i>k} σ_i² / Σσ²), c_k = 1 − e_k².
        let total: f64 = numpy.iter().map(|s| s * s).sum();
        let errors = floats(&report["relative_error"]);
        let energy = floats(&report["energy"]);
        assert_eq!(errors.len(), numpy.len() + 1);
        assert_eq!(energy.len(), numpy.len() + 1);
        assert_eq!(errors[0], 1.0);
        for k in 0..=numpy.len() {
            let tail: f64 = numpy[k..].iter().map(|s| s * s).sum();
            assert!(
                (errors[k] - (tail / total).sqrt()).abs() <= 1e-4,
                "{file} e_{k}"
            );
            assert!(
                (energy[k] - (1.0 - tail / total)).abs() <= 1e-4,
                "{file} c_{k}"
            );
        }
        let stable = report["stable_rank"].as_f64().unwrap();
        assert!((stable - total / (numpy[0] * numpy[0])).abs() <= 1e-4 * stable);
        let sum: f64 = numpy.iter().sum();
        let entropy: f64 = numpy
            .iter()
            .map(|s| s / sum)
            .filter(|p| *p > 0.0)
            .map(|p| -p * p.ln())
            .sum();
        let effective = report["effective_rank"].as_f64().unwrap();
        assert!((effective - entropy.exp()).abs() <= 1e-4 * effective);
        let energy_90 = report["suggested_ranks"]["energy_90"].as_u64().unwrap() as usize;
        assert!(
            energy[energy_90] >= 0.9 && energy[energy_90 - 1] < 0.9,
            "{file}: energy_90 = {energy_90}"
        );
    }
}

#[test]
fn analyze_reports_psnr_for_images_and_the_selected_rank() {
    let path = fixture("gray8.png");
    let report = stdout_json(&["analyze", path.to_str().unwrap(), "--json", "--rank", "2"]);
    let selected = &report["selected_rank"];
    assert_eq!(selected["rank"], 2);
    // 9 × 12 at rank 2: 2 · (9 + 12 + 1) = 44 numbers.
    assert_eq!(selected["storage_numbers"], 44);
    assert_eq!(selected["matrix_numbers"], 108);
    let sigma = floats(&report["singular_values"]);
    assert!((selected["spectral_error"].as_f64().unwrap() - sigma[2]).abs() < 1e-12);
    // PSNR = 10 log10(m n / Σ_{i>2} σ_i²) for pixel values in [0, 1].
    let tail: f64 = sigma[2..].iter().map(|s| s * s).sum();
    let psnr = selected["psnr_db"].as_f64().unwrap();
    assert!(
        (psnr - 10.0 * (108.0 / tail).log10()).abs() < 1e-3,
        "{psnr}"
    );
    assert_eq!(report["psnr_db"].as_array().unwrap().len(), sigma.len() + 1);
}

#[test]
fn analyze_randomized_returns_k_values_with_errors_from_the_measured_norm() {
    let path = fixture("model.safetensors");
    let exact = stdout_json(&[
        "analyze",
        path.to_str().unwrap(),
        "--tensor",
        "f64",
        "--json",
    ]);
    let fast = stdout_json(&[
        "analyze",
        path.to_str().unwrap(),
        "--tensor",
        "f64",
        "--json",
        "--method",
        "randomized",
        "--rank",
        "2",
    ]);
    assert_eq!(fast["method"], "randomized");
    let exact_sigma = floats(&exact["singular_values"]);
    let fast_sigma = floats(&fast["singular_values"]);
    assert_eq!(fast_sigma.len(), 2);
    // 4 × 6 with k + p ≥ 4: the sketch spans the whole range, so it is exact.
    for (a, b) in fast_sigma.iter().zip(&exact_sigma) {
        assert!((a - b).abs() < 1e-10, "{a} vs {b}");
    }
    let e_exact = floats(&exact["relative_error"]);
    let e_fast = floats(&fast["relative_error"]);
    assert_eq!(e_fast.len(), 3);
    assert!((e_fast[2] - e_exact[2]).abs() < 1e-10);
    assert!(fast["suggested_ranks"]["gavish_donoho"].is_null());
}

#[test]
fn analyze_table_shows_the_curves() {
    let output = rankscope()
        .arg("analyze")
        .arg(fixture("float32.npy"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("rel. error") && text.contains("stored numbers"),
        "{text}"
    );
    assert!(text.contains("suggested ranks"), "{text}");
}

#[test]
fn help_works_and_the_gui_without_a_display_fails_cleanly() {
    let help = rankscope().arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8(help.stdout).unwrap().contains("analyze"));
    // No display: a one-line error and status 1, not a panic.
    let output = rankscope()
        .arg(fixture("float32.npy"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the window"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Runs rankscope on a bad input and checks the contract: exit status 2, one stderr line
/// that names the file and contains `phrase`, nothing on stdout, within 5 s.
fn assert_refused(args: &[&str], file: &Path, phrase: &str) {
    let output = rankscope()
        .args(args)
        .arg(file)
        .timeout(Duration::from_secs(5))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}: status {:?}, stderr {stderr}",
        file.display(),
        output.status
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{}: not one line: {stderr}",
        file.display()
    );
    let file_name = file.file_name().unwrap().to_str().unwrap();
    assert!(
        stderr.contains(file_name),
        "{}: message does not name the file: {stderr}",
        file.display()
    );
    assert!(
        stderr.contains(phrase),
        "{}: expected `{phrase}` in: {stderr}",
        file.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn argument_errors_exit_2() {
    let several = fixture("model.safetensors");
    assert_refused(
        &["analyze"],
        &several,
        "holds 6 matrices; choose one with --tensor: f64, conv",
    );
    assert_refused(
        &["analyze", "--tensor", "nope"],
        &several,
        "no matrix named `nope`",
    );
    assert_refused(
        &["analyze", "--tensor", "f32", "--rank", "5"],
        &several,
        "rank 5 exceeds",
    );
    assert_refused(
        &["analyze", "--channel", "r"],
        &several,
        "--channel applies to images",
    );
    assert_refused(
        &["analyze", "--tensor", "x"],
        &fixture("rgb8.png"),
        "--channel",
    );
    assert_refused(
        &["analyze", "--channel", "rgb"],
        &fixture("rgb8.png"),
        "colour mode",
    );
    assert_refused(
        &["analyze", "--channel", "r"],
        &fixture("gray8.png"),
        "no matrix named `r`",
    );
    // clap's own usage errors also use status 2.
    let output = rankscope()
        .args(["analyze", "--method", "magic"])
        .arg(&several)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = rankscope()
        .args(["export"])
        .arg(&several)
        .args(["--format", "npz", "--out", "x.npz"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "export without a rank choice"
    );
}

#[test]
fn matrices_too_large_for_memory_are_refused_before_allocating() {
    // A valid header for 200000 × 200000 f64 over a sparse file of the right length:
    // 298 GiB that no test machine has, refused before any allocation.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.npy");
    let header = common::malformed::npy_bytes("<f8", "(200000, 200000)", &[]);
    std::fs::write(&path, &header).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(header.len() as u64 + 200_000 * 200_000 * 8)
        .unwrap();
    drop(file);
    assert_refused(&["analyze"], &path, "needs 298.0 GiB but only");
}

#[test]
fn non_finite_values_are_refused_unless_replaced_with_zero_and_then_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("holes.npy");
    ndarray_npy::write_npy(&path, &common::diagonal_with_holes()).unwrap();
    let file = path.to_str().unwrap();

    let refused = rankscope()
        .args(["analyze", file, "--json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("2 non-finite values (first: NaN at row 0, column 1)")
            && stderr.contains("--nan-to-zero"),
        "{stderr}"
    );

    let output = rankscope()
        .args(["analyze", file, "--json", "--nan-to-zero"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("note:") && stderr.contains("2 non-finite values"),
        "the replacement is not reported on stderr: {stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sigma = floats(&report["singular_values"]);
    for (got, want) in sigma.iter().zip([3.0, 2.0, 1.0]) {
        assert!((got - want).abs() < 1e-12, "{sigma:?}");
    }
    let replaced = &report["replaced_non_finite"];
    assert_eq!(replaced["count"], 2);
    assert_eq!(replaced["first_row"], 0);
    assert_eq!(replaced["first_col"], 1);
    assert_eq!(replaced["first_value"], "NaN");

    // The table says so too, and a clean file's JSON has no such field.
    let table = rankscope()
        .args(["analyze", file, "--nan-to-zero"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&table.stdout)
            .contains("replaced with 0 before the SVD: 2 non-finite values")
    );
    let clean = stdout_json(&[
        "analyze",
        fixture("float64.npy").to_str().unwrap(),
        "--json",
    ]);
    assert!(clean.get("replaced_non_finite").is_none());

    // scan rows carry the count.
    let scan = stdout_json(&["scan", file, "--json", "--nan-to-zero"]);
    assert_eq!(scan["matrices"][0]["replaced_non_finite"], 2, "{scan}");
}

#[test]
fn a_mistyped_tensor_name_lists_the_closest_few() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.npz");
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    let mut names = Vec::new();
    for layer in 0..12 {
        for part in ["attn.q", "attn.k", "attn.v", "mlp.up"] {
            names.push(format!("layer.{layer}.{part}.weight"));
        }
    }
    for name in &names {
        npz.add_array(name.as_str(), &ndarray::Array2::<f64>::eye(3))
            .unwrap();
    }
    npz.finish().unwrap();
    assert_refused(
        &["analyze", "--tensor", "layer.7.attn.q.weigth"],
        &path,
        "no matrix named `layer.7.attn.q.weigth`",
    );
    let output = rankscope()
        .args(["analyze", "--tensor", "layer.7.attn.q.weigth"])
        .arg(&path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The intended name first, then a few neighbours; not all 48.
    let listed = names.iter().filter(|n| stderr.contains(n.as_str())).count();
    assert!((1..=8).contains(&listed), "{listed} names listed: {stderr}");
    let closest = stderr.find("layer.7.attn.q.weight").unwrap();
    for other in names.iter().filter(|n| stderr.contains(n.as_str())) {
        assert!(stderr.find(other.as_str()).unwrap() >= closest, "{stderr}");
    }
    assert!(stderr.contains("of its 48"), "{stderr}");
}

#[test]
fn pytorch_and_gguf_names_on_other_content_say_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    for (name, content, phrase) in [
        (
            "model.pt",
            &b"PK\x03\x04 not a zip"[..],
            "not a valid PyTorch file",
        ),
        (
            "pytorch_model.bin",
            b"just some text",
            "neither a zip archive",
        ),
        (
            "weights.bin",
            b"\x93NUMPY\x01\x00",
            "content looks like a .npy array",
        ),
        (
            "model.gguf",
            b"PK\x03\x04 not read",
            "content looks like a zip archive",
        ),
        (
            "model.gguf",
            b"GGUF\x01\x00\x00\x00",
            "not a valid GGUF file",
        ),
        (
            "model.npy",
            b"GGUF\x03\x00\x00\x00",
            "content looks like a GGUF file",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        assert_refused(&["info"], &path, phrase);
    }
}

#[test]
fn a_typed_matrix_larger_than_32_a_side_is_refused_before_any_window() {
    let row = vec!["1"; 33].join(" ");
    let output = rankscope().args(["--matrix", &row]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 × 33") && stderr.contains(".csv"),
        "{stderr}"
    );
}
