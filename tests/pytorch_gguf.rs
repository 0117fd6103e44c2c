//! PyTorch and GGUF files against the writers and readers of their own ecosystems:
//! `tests/fixtures/torch/` was written by PyTorch's `torch.save` (scripts/make_torch_fixtures.py)
//! and `tests/fixtures/gguf/` by gguf-py's GGUFWriter (scripts/make_gguf_fixtures.py); beside
//! each file, `<file>.expected.npz` holds the values numpy gets from torch or from
//! `gguf.quants.dequantize`, read here with ndarray-npy, and `expected.json` the names,
//! shapes and dtypes in file order.
// Test code: a failed unwrap is a failed test; values are compared exactly on purpose, and
// the f64 expected values narrowed to f32 are exact (torch saved them as float32).
#![allow(
    clippy::unwrap_used,
    clippy::float_cmp,
    clippy::cast_possible_truncation
)]

use assert_cmd::Command;
use ndarray::{ArrayD, IxDyn, OwnedRepr};
use ndarray_npy::NpzReader;
use rankscope::source::{self, MatrixData, SourceKind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixtures(folder: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
}

fn manifest(folder: &str) -> Value {
    let text = std::fs::read_to_string(fixtures(folder).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The expected array `name` of an `.expected.npz`, as f64 (stored as f64 or f32).
fn expected_array(npz: &mut NpzReader<std::fs::File>, name: &str) -> ArrayD<f64> {
    if let Ok(array) = npz.by_name::<OwnedRepr<f64>, IxDyn>(name) {
        return array;
    }
    npz.by_name::<OwnedRepr<f32>, IxDyn>(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .mapv(f64::from)
}

fn open_npz(path: &Path) -> NpzReader<std::fs::File> {
    NpzReader::new(std::fs::File::open(path).unwrap()).unwrap()
}

/// Every entry of `opened` against the manifest's listing of `file` and the expected values:
/// names in order, stored shapes, dtypes, and each matrix's values exactly.
fn check_file(folder: &str, file: &str, opened: &Path, kind: SourceKind) {
    let source = source::open(opened).unwrap();
    assert_eq!(source.kind(), kind, "{file}");
    let listing = manifest(folder)["files"][file].as_array().unwrap().clone();
    let names: Vec<&str> = source.entries().iter().map(|e| e.name.as_str()).collect();
    let expected_names: Vec<&str> = listing
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, expected_names, "{file}: names in file order");
    let mut npz = open_npz(&fixtures(folder).join(format!("{file}.expected.npz")));
    let mut matrices = 0;
    for (entry, expected) in source.entries().iter().zip(&listing) {
        let shape: Vec<usize> = expected["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
            .collect();
        assert_eq!(entry.stored_shape, shape, "{file}: {}", entry.name);
        assert_eq!(
            entry.dtype.name(),
            expected["dtype"],
            "{file}: {}",
            entry.name
        );
        if entry.refusal().is_some() {
            assert!(shape.len() < 2, "{file}: {} refused", entry.name);
            continue;
        }
        let matrix = source.load(&entry.name, None).unwrap();
        let values: Vec<f64> = match matrix.data {
            MatrixData::F32(values) => values.iter().map(|&v| f64::from(v)).collect(),
            MatrixData::F64(values) => values.iter().copied().collect(),
        };
        let want = expected_array(&mut npz, &entry.name);
        assert_eq!(want.shape(), shape.as_slice(), "{file}: {}", entry.name);
        let want: Vec<f64> = want.iter().copied().collect();
        assert_eq!(values, want, "{file}: values of {}", entry.name);
        matrices += 1;
    }
    assert!(matrices > 0, "{file}: no matrix checked");
}

#[test]
fn zip_format_loads_the_values_torch_saved() {
    // Strided views, storage offsets, shared storages, a broadcast view and every dtype.
    let folder = fixtures("torch");
    check_file(
        "torch",
        "zip.pt",
        &folder.join("zip.pt"),
        SourceKind::Pytorch,
    );
}

#[test]
fn torch2_zip_layout_loads_the_same_values() {
    let folder = fixtures("torch");
    check_file(
        "torch",
        "zip_archive.pt",
        &folder.join("zip_archive.pt"),
        SourceKind::Pytorch,
    );
}

#[test]
fn legacy_format_loads_the_values_torch_saved() {
    let folder = fixtures("torch");
    check_file(
        "torch",
        "legacy.pt",
        &folder.join("legacy.pt"),
        SourceKind::Pytorch,
    );
}

#[test]
fn nested_checkpoints_join_keys_with_dots() {
    // {"state_dict": {"fc.weight": …}, "layers": [t, t], "param": Parameter, …}, protocol 4.
    let folder = fixtures("torch");
    check_file(
        "torch",
        "nested.ckpt",
        &folder.join("nested.ckpt"),
        SourceKind::Pytorch,
    );
    let source = source::open(&folder.join("nested.ckpt")).unwrap();
    assert!(source.entry("state_dict.fc.weight").is_ok());
    assert!(source.entry("layers.1").is_ok());
}

#[test]
fn a_sharded_bin_folder_opens_as_one_checkpoint() {
    let folder = fixtures("torch").join("sharded");
    let mut npz = open_npz(&fixtures("torch").join("sharded.expected.npz"));
    for opened in [folder.clone(), folder.join("pytorch_model.bin.index.json")] {
        let source = source::open(&opened).unwrap();
        assert_eq!(source.kind(), SourceKind::ShardedPytorch);
        let names: Vec<&str> = source.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "embed.weight",
                "layer.0.weight",
                "layer.1.weight",
                "head.weight"
            ]
        );
        assert_eq!(
            source.files().len(),
            4,
            "the folder, its index and two shards"
        );
        for name in names {
            let MatrixData::F32(values) = source.load(name, None).unwrap().data else {
                panic!("{name} is float32")
            };
            let want = expected_array(&mut npz, name);
            assert_eq!(values.shape(), want.shape(), "{name}");
            assert!(
                values.iter().zip(&want).all(|(&v, &w)| f64::from(v) == w),
                "{name}"
            );
        }
    }
}

#[test]
fn malicious_pickles_never_run_and_are_refused_naming_the_global() {
    // Each of these runs `touch rankscope-pickle-ran` when Python unpickles it (the fixture
    // script checked that with Python's own unpickler before writing them).
    let marker = "rankscope-pickle-ran";
    for file in [
        "malicious_global.pt",
        "malicious_stack_global.pt",
        "malicious_legacy.pt",
    ] {
        let path = fixtures("torch").join(file);
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "{file} carries the command"
        );
        for command in ["info", "analyze", "scan"] {
            let cwd = tempfile::tempdir().unwrap();
            let output = Command::cargo_bin("rankscope")
                .unwrap()
                .current_dir(cwd.path())
                .arg(command)
                .arg(&path)
                .timeout(Duration::from_secs(5))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command} {file}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "{command} {file}: {stderr}");
            assert!(stderr.contains(file), "{stderr}");
            assert!(stderr.contains("`posix.system`"), "{stderr}");
            // The next step for a shell command is a warning, never how to unpickle it.
            assert!(
                stderr.contains("do not load this file with weights_only=False")
                    && !stderr.contains("torch.save"),
                "{stderr}"
            );
            assert!(
                !cwd.path().join(marker).exists(),
                "{command} {file}: the pickle ran"
            );
        }
    }
}

#[test]
fn gguf_tensors_dequantise_as_gguf_py_does() {
    let folder = fixtures("gguf");
    for file in ["types.gguf", "v2_align64.gguf"] {
        check_file("gguf", file, &folder.join(file), SourceKind::Gguf);
    }
}

#[test]
fn gguf_info_and_scan_report_ggml_type_names() {
    let path = fixtures("gguf").join("v2_align64.gguf");
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["info", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let info: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(info["format"], "GGUF");
    assert_eq!(info["matrices"][0]["dtype"], "q4_0");
    assert_eq!(info["matrices"][0]["shape"], serde_json::json!([5, 64]));
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["scan", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows: Vec<(&str, &str)> = scan["matrices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["dtype"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [("token_embd.weight", "q4_0"), ("output.weight", "q6_k")]
    );
}

/// `tuned.safetensors` holding `tensors` (name, shape, f32 values), written by the
/// safetensors crate.
fn write_safetensors(path: &Path, tensors: &[(&str, Vec<usize>, Vec<f32>)]) {
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(_, _, values)| values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
        .iter()
        .zip(&bytes)
        .map(|((name, shape, _), data)| {
            let view =
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), data)
                    .unwrap();
            ((*name).to_owned(), view)
        })
        .collect();
    safetensors::serialize_to_file(views, None, path).unwrap();
}

#[test]
fn diff_compares_a_pytorch_base_with_a_safetensors_fine_tune() {
    // The tuned checkpoint: torch's own values for three of zip.pt's matrices (two of them
    // strided views in the .pt), one of them plus the planted rank-1 u·vᵀ. Every value is a
    // multiple of 1/16 below 64, so the sums are exact in f32.
    let mut npz = open_npz(&fixtures("torch").join("zip.pt.expected.npz"));
    let as_f32 = |a: ArrayD<f64>| a.iter().map(|&v| v as f32).collect::<Vec<f32>>();
    let (u, v) = ([1.0_f32, 2.0, 0.5, -1.0], [0.25_f32, -0.5, 1.0]);
    let mut fc = as_f32(expected_array(&mut npz, "fc.weight"));
    for (i, value) in fc.iter_mut().enumerate() {
        *value += u[i / 3] * v[i % 3];
    }
    let dir = tempfile::tempdir().unwrap();
    let tuned = dir.path().join("tuned.safetensors");
    write_safetensors(
        &tuned,
        &[
            ("fc.weight", vec![4, 3], fc),
            (
                "transposed",
                vec![5, 3],
                as_f32(expected_array(&mut npz, "transposed")),
            ),
            (
                "expanded",
                vec![4, 3],
                as_f32(expected_array(&mut npz, "expanded")),
            ),
        ],
    );
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .arg("diff")
        .arg(fixtures("torch").join("zip.pt"))
        .arg(&tuned)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = diff["matrices"].as_array().unwrap();
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap();
    let norm = |x: &[f32]| x.iter().map(|&a| f64::from(a * a)).sum::<f64>().sqrt();
    let sigma = row("fc.weight")["sigma_max"].as_f64().unwrap();
    assert!((sigma - norm(&u) * norm(&v)).abs() < 1e-12, "σ₁ = {sigma}");
    assert_eq!(row("fc.weight")["changed"], true);
    assert_eq!(row("fc.weight")["ranks"]["numerical"], 1);
    // Unchanged: the strided and broadcast views load exactly the values torch has.
    assert_eq!(row("transposed")["changed"], false);
    assert_eq!(row("expanded")["changed"], false);
    assert_eq!(rows.len(), 3);
    let mismatched = diff["mismatched"].as_array().unwrap();
    assert!(
        mismatched
            .iter()
            .any(|m| m["name"] == "half" && m["problem"] == "only in the base checkpoint")
    );
}

#[test]
fn a_pytorch_zip_recompressed_with_deflate_loads_the_same_values() {
    // torch.save stores its entries; a file re-zipped by another tool may deflate them.
    use std::io::{Read, Write};
    let original = fixtures("torch").join("zip.pt");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&original).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deflated.pt");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        writer.start_file(entry.name(), options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    let mut check = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let storage = check.by_name("zip/data/0").unwrap();
    assert_eq!(storage.compression(), zip::CompressionMethod::Deflated);
    drop(storage);
    let source = source::open(&path).unwrap();
    let mut npz = open_npz(&fixtures("torch").join("zip.pt.expected.npz"));
    for name in ["fc.weight", "transposed", "shared_window", "half"] {
        let MatrixData::F32(values) = source.load(name, None).unwrap().data else {
            panic!("{name} is read in f32")
        };
        let want = expected_array(&mut npz, name);
        let want: Vec<f64> = want.iter().copied().collect();
        let got: Vec<f64> = values.iter().map(|&v| f64::from(v)).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_lightning_checkpoint_opens_with_what_weights_only_accepts_beside_its_tensors() {
    // torch.save of a Lightning-shaped dict whose extras pickle `__builtin__.set`,
    // `_codecs.encode`, `bytearray`, `torch.Size`, `torch.device`, `torch.float16`,
    // `collections.Counter` and `complex` (scripts/make_torch_weights_only_fixtures.py).
    let folder = fixtures("torch");
    check_file(
        "torch",
        "lightning.ckpt",
        &folder.join("lightning.ckpt"),
        SourceKind::Pytorch,
    );
}

#[test]
fn a_global_weights_only_refuses_is_refused_naming_it() {
    // A numpy float beside the state dict: torch.load(weights_only=True) refuses it (the
    // fixture script checked), and so does rankscope, before reading any tensor.
    let path = fixtures("torch").join("numpy_scalar.ckpt");
    for command in ["info", "analyze", "scan"] {
        let output = Command::cargo_bin("rankscope")
            .unwrap()
            .arg(command)
            .arg(&path)
            .timeout(Duration::from_secs(5))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{command}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("numpy_scalar.ckpt"), "{stderr}");
        assert!(
            stderr.contains("`numpy.core.multiarray.scalar`"),
            "{stderr}"
        );
        // The next step, on the same line: re-save the tensors alone with torch (the fixture
        // script checked that torch itself can, and that the result has no such global).
        assert!(
            stderr.contains(
                "save its tensors alone with torch and open that: torch.save(torch.load(FILE, \
                 weights_only=False)[\"state_dict\"], \"weights.pt\")"
            ),
            "{stderr}"
        );
    }
}
