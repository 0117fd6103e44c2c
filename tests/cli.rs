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
        // The curves, recomputed here from numpy's σ by the DESIGN.md definitions.
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

fn npy_bytes(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend(u16::try_from(header.len()).unwrap().to_le_bytes());
    bytes.extend(header.as_bytes());
    bytes.extend(data);
    bytes
}

fn safetensors_bytes(header: &str, data_len: usize) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend(header.as_bytes());
    bytes.extend(vec![0u8; data_len]);
    bytes
}

fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

#[test]
#[allow(clippy::too_many_lines)] // one table row per malformed-input class
fn every_malformed_input_class_exits_2_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let good_npy = std::fs::read(fixture("float32.npy")).unwrap();
    let good_png = std::fs::read(fixture("rgb8.png")).unwrap();
    let good_st = std::fs::read(fixture("model.safetensors")).unwrap();
    let nan_data = f32_bytes(&[1.0, f32::NAN, 3.0, f32::INFINITY, 5.0, 6.0]);

    let cases: Vec<(PathBuf, &str)> = vec![
        (write("empty.npy", b""), "the file is empty"),
        (write("empty.safetensors", b""), "the file is empty"),
        (write("empty.png", b""), "the file is empty"),
        (write("empty.csv", b""), "the file is empty"),
        (write("empty.npz", b""), "the file is empty"),
        (write("blank.csv", b"\n\n"), "no rows"),
        (write("tiny.safetensors", b"\x05\x00"), "too short"),
        (
            write("cut_data.npy", &good_npy[..good_npy.len() - 7]),
            "truncated",
        ),
        (write("cut_header.npy", &good_npy[..20]), "truncated"),
        (
            write("magic.npy", b"NOTNUMPY\x01\x00garbage garbage garbage"),
            "not a valid .npy",
        ),
        (
            write("overlong.npy", &[good_npy.as_slice(), b"xx"].concat()),
            "unexpected bytes",
        ),
        (
            write(
                "absurd.npy",
                &npy_bytes("<f4", "(1000000000000, 1000000000000)", &[0; 16]),
            ),
            "overflow",
        ),
        (
            write("huge.npy", &npy_bytes("<f8", "(100000, 100000)", &[0; 64])),
            "truncated",
        ),
        (
            write("strings.npy", &npy_bytes("<U3", "(2, 2)", &[0; 48])),
            "dtype",
        ),
        (
            write("zero_rows.npy", &npy_bytes("<f4", "(0, 5)", &[])),
            "at least one row",
        ),
        (
            write(
                "vector.npy",
                &npy_bytes("<f4", "(6,)", &f32_bytes(&[1.0; 6])),
            ),
            "1-D",
        ),
        (
            write("nan.npy", &npy_bytes("<f4", "(2, 3)", &nan_data)),
            "2 non-finite values (first: NaN at row 0, column 1)",
        ),
        (write("nan.csv", b"1,2\nnan,4\n"), "non-finite"),
        (write("ragged.csv", b"1,2,3\n4,5\n"), "line 2 has 2 values"),
        (write("words.csv", b"a,b\n1,x\n"), "`x` is not a number"),
        (write("header_only.csv", b"a,b,c\n"), "no rows"),
        (
            write("cut.safetensors", &good_st[..good_st.len() - 10]),
            "truncated",
        ),
        (write("cut_header.safetensors", &good_st[..40]), "truncated"),
        (
            write(
                "lying_length.safetensors",
                &[&u64::MAX.to_le_bytes()[..], b"{}"].concat(),
            ),
            "header length",
        ),
        (
            write("not_json.safetensors", &safetensors_bytes("{not json}", 0)),
            "not valid",
        ),
        (
            write(
                "size_lie.safetensors",
                &safetensors_bytes(
                    r#"{"w":{"dtype":"F32","shape":[4,4],"data_offsets":[0,32]}}"#,
                    32,
                ),
            ),
            "needs 64 bytes",
        ),
        (
            write(
                "absurd.safetensors",
                &safetensors_bytes(
                    r#"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}"#,
                    8,
                ),
            ),
            "overflow",
        ),
        (
            write(
                "fp8.safetensors",
                &safetensors_bytes(
                    r#"{"w":{"dtype":"F8_E4M3","shape":[2,2],"data_offsets":[0,4]}}"#,
                    4,
                ),
            ),
            "float8",
        ),
        (write("cut.png", &good_png[..good_png.len() / 2]), "image"),
        (
            write("renamed_png.npy", &good_png),
            "looks like a PNG image",
        ),
        (
            write("renamed_npy.safetensors", &good_npy),
            "looks like a .npy array",
        ),
        (
            write("matrix.xyz", b"1,2\n3,4\n"),
            "unknown file type \".xyz\"",
        ),
        (dir.path().join("does_not_exist.npy"), "cannot read"),
    ];
    for (path, phrase) in &cases {
        assert_refused(&["analyze"], path, phrase);
    }
    let folder = dir.path().join("folder.npy");
    std::fs::create_dir(&folder).unwrap();
    assert_refused(&["analyze"], &folder, "is a directory");
    // `info` reads headers only, so it refuses what the header betrays.
    assert_refused(&["info"], &dir.path().join("cut.safetensors"), "truncated");
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
    let header = npy_bytes("<f8", "(200000, 200000)", &[]);
    std::fs::write(&path, &header).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(header.len() as u64 + 200_000 * 200_000 * 8)
        .unwrap();
    drop(file);
    assert_refused(&["analyze"], &path, "needs 298.0 GiB but only");
}
