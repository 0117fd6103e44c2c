//! Export round trips: files written by `rankscope export`, read back with the format's own
//! reader (ndarray-npy, the safetensors crate, `image`, plain text parsing), rebuilt into
//! A_k and compared with the Eckart–Young error of the planted singular values.
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
use common::{frobenius, geometric, with_singular_values};
use ndarray::{Array1, Array2, Axis};
use ndarray_npy::{NpzReader, write_npy};
use safetensors::SafeTensors;
use std::path::{Path, PathBuf};

const ROWS: usize = 60;
const COLS: usize = 40;

fn planted_sigma() -> Vec<f64> {
    geometric(COLS, 10.0, 0.01)
}

/// Writes the planted 60 × 40 matrix as `a.npy` in `dir` and returns it with its path.
fn planted_npy(dir: &Path) -> (Array2<f64>, PathBuf) {
    let a = with_singular_values(ROWS, COLS, &planted_sigma(), 42);
    let path = dir.join("a.npy");
    write_npy(&path, &a).unwrap();
    (a, path)
}

fn export(input: &Path, extra: &[&str], out: &Path) {
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .arg("export")
        .arg(input)
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "export {extra:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains("wrote"), "{said}");
}

fn tail(sigma: &[f64], k: usize) -> f64 {
    sigma[k..].iter().map(|s| s * s).sum::<f64>().sqrt()
}

fn rebuild(u: &Array2<f64>, s: &Array1<f64>, vt: &Array2<f64>) -> Array2<f64> {
    let mut scaled = u.clone();
    for (mut column, &sigma) in scaled.axis_iter_mut(Axis(1)).zip(s) {
        column *= sigma;
    }
    scaled.dot(vt)
}

fn f64_tensor(tensors: &SafeTensors<'_>, name: &str) -> (Vec<usize>, Vec<f64>) {
    let view = tensors.tensor(name).unwrap();
    assert_eq!(view.dtype(), safetensors::Dtype::F64, "{name}");
    let values = view
        .data()
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    (view.shape().to_vec(), values)
}

#[test]
fn npz_factors_rebuild_a_k_to_the_eckart_young_error() {
    let dir = tempfile::tempdir().unwrap();
    let (a, input) = planted_npy(dir.path());
    let out = dir.path().join("factors.npz");
    export(&input, &["--rank", "5", "--format", "npz"], &out);
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut names = npz.names().unwrap();
    names.sort();
    assert_eq!(names, ["S", "U", "Vt"]);
    let u: Array2<f64> = npz.by_name("U").unwrap();
    let s: Array1<f64> = npz.by_name("S").unwrap();
    let vt: Array2<f64> = npz.by_name("Vt").unwrap();
    assert_eq!((u.dim(), s.len(), vt.dim()), ((ROWS, 5), 5, (5, COLS)));
    let sigma = planted_sigma();
    for (&got, &want) in s.iter().zip(&sigma) {
        assert!((got - want).abs() < 1e-12 * sigma[0]);
    }
    let error = frobenius(&(&a - &rebuild(&u, &s, &vt)));
    assert!(
        (error - tail(&sigma, 5)).abs() < 1e-10,
        "{error} vs {}",
        tail(&sigma, 5)
    );
}

#[test]
fn rank_zero_exports_empty_factors_in_every_factor_format() {
    // k = 0 is A_0 = 0: empty U (m × 0), S (0) and Vt (0 × n), as numpy.savez writes them
    // (np.zeros((60, 0)) and so on); it crashed the npz writer once.
    let dir = tempfile::tempdir().unwrap();
    let (_, input) = planted_npy(dir.path());
    let out = dir.path().join("empty.npz");
    export(&input, &["--rank", "0", "--format", "npz"], &out);
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let u: Array2<f64> = npz.by_name("U").unwrap();
    let s: Array1<f64> = npz.by_name("S").unwrap();
    let vt: Array2<f64> = npz.by_name("Vt").unwrap();
    assert_eq!((u.dim(), s.len(), vt.dim()), ((ROWS, 0), 0, (0, COLS)));
    for format in ["safetensors", "lora", "csv", "json"] {
        let out = dir.path().join(format!("empty.{format}"));
        export(&input, &["--rank", "0", "--format", format], &out);
        assert!(std::fs::metadata(&out).unwrap().len() > 0, "{format}");
    }
}

#[test]
fn safetensors_and_lora_exports_load_with_the_reference_reader() {
    let dir = tempfile::tempdir().unwrap();
    let (a, input) = planted_npy(dir.path());
    let sigma = planted_sigma();

    let out = dir.path().join("factors.safetensors");
    export(&input, &["--rank", "7", "--format", "safetensors"], &out);
    let bytes = std::fs::read(&out).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let (u_shape, u) = f64_tensor(&tensors, "U");
    let (s_shape, s) = f64_tensor(&tensors, "S");
    let (vt_shape, vt) = f64_tensor(&tensors, "Vt");
    assert_eq!(
        (u_shape, s_shape, vt_shape),
        (vec![ROWS, 7], vec![7], vec![7, COLS])
    );
    let u = Array2::from_shape_vec((ROWS, 7), u).unwrap();
    let vt = Array2::from_shape_vec((7, COLS), vt).unwrap();
    let rebuilt = rebuild(&u, &Array1::from(s), &vt);
    assert!((frobenius(&(&a - &rebuilt)) - tail(&sigma, 7)).abs() < 1e-10);
    let (_, metadata) = SafeTensors::read_metadata(&bytes).unwrap();
    let metadata = metadata.metadata().clone().unwrap();
    assert_eq!(metadata["matrix"], "a");
    assert_eq!(metadata["rank"], "7");
    assert!(metadata["source"].ends_with("a.npy"));
    let relative: f64 = metadata["relative_error"].parse().unwrap();
    let total = tail(&sigma, 0);
    assert!((relative - tail(&sigma, 7) / total).abs() < 1e-10);

    let out = dir.path().join("adapter.safetensors");
    export(&input, &["--rank", "7", "--format", "lora"], &out);
    let bytes = std::fs::read(&out).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let (b_shape, b) = f64_tensor(&tensors, "lora_B");
    let (a_shape, lora_a) = f64_tensor(&tensors, "lora_A");
    assert_eq!((b_shape, a_shape), (vec![ROWS, 7], vec![7, COLS]));
    let product = Array2::from_shape_vec((ROWS, 7), b)
        .unwrap()
        .dot(&Array2::from_shape_vec((7, COLS), lora_a).unwrap());
    assert!(
        (frobenius(&(&product - &rebuilt))) < 1e-10,
        "lora_B · lora_A ≠ A_k"
    );
}

#[test]
fn csv_holds_a_k_and_json_the_analysis_at_the_chosen_rank() {
    let dir = tempfile::tempdir().unwrap();
    let (a, input) = planted_npy(dir.path());
    let sigma = planted_sigma();
    let out = dir.path().join("a_k.csv");
    export(&input, &["--rank", "3", "--format", "csv"], &out);
    let text = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<f64>> = text
        .lines()
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!((rows.len(), rows[0].len()), (ROWS, COLS));
    let a_k = Array2::from_shape_fn((ROWS, COLS), |(i, j)| rows[i][j]);
    assert!((frobenius(&(&a - &a_k)) - tail(&sigma, 3)).abs() < 1e-10);

    // --energy 0.99: the smallest k whose planted Σ_{i≤k} σ_i² reaches 99 %.
    let total: f64 = sigma.iter().map(|s| s * s).sum();
    let mut kept = 0.0;
    let want = sigma
        .iter()
        .position(|s| {
            kept += s * s;
            kept / total >= 0.99
        })
        .unwrap()
        + 1;
    let out = dir.path().join("analysis.json");
    export(&input, &["--energy", "0.99", "--format", "json"], &out);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(report["selected_rank"]["rank"], want);
    assert_eq!(report["suggested_ranks"]["energy_99"], want);
    assert_eq!(report["singular_values"].as_array().unwrap().len(), COLS);
}

#[test]
fn gavish_donoho_rule_finds_the_planted_rank_under_noise() {
    use faer::rand::SeedableRng;
    use faer::stats::prelude::{Distribution, StandardNormal};
    let dir = tempfile::tempdir().unwrap();
    let signal = with_singular_values(200, 100, &[100.0, 80.0, 60.0, 40.0], 8);
    let mut rng = faer::rand::rngs::StdRng::seed_from_u64(99);
    let noisy = signal.mapv(|x| {
        let noise: f64 = StandardNormal.sample(&mut rng);
        x + 0.01 * noise
    });
    let input = dir.path().join("noisy.npy");
    write_npy(&input, &noisy).unwrap();
    let out = dir.path().join("denoised.npz");
    export(
        &input,
        &["--rule", "gavish_donoho", "--format", "npz"],
        &out,
    );
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: Array1<f64> = npz.by_name("S").unwrap();
    assert_eq!(s.len(), 4, "Gavish–Donoho kept {s:?}");
}

#[test]
fn png_rebuilds_images_in_colour_and_gray() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // Full rank (min(9, 12) = 9) reproduces every pixel.
    let out = dir.path().join("full.png");
    export(
        &fixtures.join("rgb8.png"),
        &["--channel", "rgb", "--rank", "9", "--format", "png"],
        &out,
    );
    let original = image::open(fixtures.join("rgb8.png")).unwrap().to_rgb8();
    let rebuilt = image::open(&out).unwrap();
    assert_eq!(rebuilt.color(), image::ColorType::Rgb8);
    assert_eq!(rebuilt.to_rgb8().as_raw(), original.as_raw());

    // A rank-1 gray image (an outer product) is rebuilt exactly at rank 1.
    let outer = image::GrayImage::from_fn(16, 10, |x, y| {
        image::Luma([u8::try_from((x + 1) * (y + 1)).unwrap()])
    });
    let input = dir.path().join("outer.png");
    outer.save(&input).unwrap();
    let out = dir.path().join("rank1.png");
    export(&input, &["--rank", "1", "--format", "png"], &out);
    let rebuilt = image::open(&out).unwrap();
    assert_eq!(rebuilt.color(), image::ColorType::L8);
    assert_eq!(rebuilt.to_luma8().as_raw(), outer.as_raw());
}

#[test]
fn f32_sources_export_f32_factors() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = dir.path().join("f32.safetensors");
    export(
        &fixtures.join("model.safetensors"),
        &["--tensor", "f32", "--rank", "2", "--format", "safetensors"],
        &out,
    );
    let bytes = std::fs::read(&out).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(
        tensors.tensor("U").unwrap().dtype(),
        safetensors::Dtype::F32
    );
    assert_eq!(tensors.tensor("U").unwrap().shape(), [6, 2]);
}

#[test]
fn failed_exports_leave_no_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (_, input) = planted_npy(dir.path());
    let missing = dir.path().join("no/such/folder/out.npz");
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["export"])
        .arg(&input)
        .args(["--rank", "2", "--format", "npz", "--out"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("out.npz"));
    assert!(!missing.exists());

    let out = dir.path().join("weights.png");
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["export"])
        .arg(&input)
        .args(["--rank", "2", "--format", "png", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("png export rebuilds images"));
    assert!(!out.exists());
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["export"])
        .arg(&input)
        .args(["--rank", "41", "--format", "npz", "--out"])
        .arg(dir.path().join("x.npz"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    // Only the input is left in the folder: no temporary files.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["a.npy"]);
}

#[test]
fn an_existing_output_is_refused_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, input) = planted_npy(dir.path());
    let out = dir.path().join("factors.npz");
    std::fs::write(&out, b"an earlier export").unwrap();
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args([
            "export",
            input.to_str().unwrap(),
            "--rank",
            "3",
            "--format",
            "npz",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"an earlier export");
    export(&input, &["--rank", "3", "--format", "npz", "--force"], &out);
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: Array1<f64> = npz.by_name("S").unwrap();
    assert_eq!(s.len(), 3);
}

/// Reads a CSV export of A_k back; `None` if it is not a complete m × n table of numbers.
fn read_complete_csv(path: &Path, rows: usize, cols: usize) -> Option<Array2<f64>> {
    let text = std::fs::read_to_string(path).ok()?;
    let values: Vec<Vec<f64>> = text
        .lines()
        .map(|line| {
            line.split(',')
                .map(|v| v.trim().parse::<f64>())
                .collect::<Result<_, _>>()
        })
        .collect::<Result<_, _>>()
        .ok()?;
    if values.len() != rows || values.iter().any(|row| row.len() != cols) {
        return None;
    }
    Array2::from_shape_vec((rows, cols), values.concat()).ok()
}

#[test]
fn killing_an_export_mid_write_leaves_no_file_or_a_complete_one() {
    // Large enough that writing A_k as text takes a while, so kills land in every phase:
    // loading, the SVD, the write, the rename.
    const M: usize = 700;
    const N: usize = 500;
    let dir = tempfile::tempdir().unwrap();
    let a = with_singular_values(M, N, &geometric(N, 10.0, 0.01), 7);
    let input = dir.path().join("big.npy");
    write_npy(&input, &a).unwrap();
    let run = |out: &Path| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("rankscope"))
            .arg("export")
            .arg(&input)
            .args(["--rank", "500", "--format", "csv", "--out"])
            .arg(out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long an uninterrupted export takes here; kills are spread over that span.
    let started = std::time::Instant::now();
    let full = dir.path().join("full.csv");
    assert!(run(&full).wait().unwrap().success());
    let span = started.elapsed();
    let reference = read_complete_csv(&full, M, N).expect("the uninterrupted export is complete");
    assert!(frobenius(&(&reference - &a)) < 1e-9 * frobenius(&a));

    let trials: u32 = 24;
    let (mut absent, mut complete) = (0, 0);
    for trial in 0..trials {
        let out = dir.path().join(format!("killed-{trial}.csv"));
        let mut child = run(&out);
        // Deterministic spread from 0 to 3 × span, denser early: most kills land in the
        // export, the last ones after it has finished even on a loaded machine.
        let fraction = f64::from(trial) / f64::from(trials - 1);
        std::thread::sleep(span.mul_f64(3.0 * fraction * fraction));
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            let written = read_complete_csv(&out, M, N)
                .unwrap_or_else(|| panic!("trial {trial}: a partial file at {}", out.display()));
            assert_eq!(written, reference, "trial {trial}: a different A_k");
            complete += 1;
        } else {
            absent += 1;
        }
    }
    // Both outcomes happened, so the kills really landed before and after the rename.
    assert!(
        absent > 0 && complete > 0,
        "absent {absent}, complete {complete}"
    );
    // Whatever was killed mid-write is only ever a hidden temporary, never the target name.
    let mut temporaries = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.starts_with(".rankscope-") {
            temporaries += 1;
        } else {
            let extension = Path::new(&name).extension().and_then(|e| e.to_str());
            assert!(
                matches!(extension, Some("csv" | "npy")),
                "unexpected file {name}"
            );
        }
    }
    eprintln!(
        "export span {span:?}: {absent} killed before the rename ({temporaries} of them mid-write), {complete} complete"
    );
}
