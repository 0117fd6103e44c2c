//! Whole checkpoints end to end (`scan`, `diff`, adapters) on generated checkpoints with
//! planted structure: every weight is built with a known rank, and the tuned checkpoint adds
//! known rank-8 deltas to six chosen layers. Files are written with the `safetensors` crate's
//! serializer and adapters are read back with its reader; expected values are the planted
//! ones, never rankscope's own output.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::float_cmp
)]

mod common;

use assert_cmd::Command;
use common::with_singular_values;
use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::Array2;
use safetensors::SafeTensors;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

const LAYERS: usize = 3;
const HIDDEN: usize = 48;
const INTERMEDIATE: usize = 96;

/// (name, rows, cols, planted rank) of a small BERT-like checkpoint. Every planted rank is
/// below min(m, n)/2, where Gavish–Donoho's median-based threshold is meant to work.
fn layout() -> Vec<(String, usize, usize, usize)> {
    let mut tensors = vec![(
        "embeddings.word_embeddings.weight".to_owned(),
        200,
        HIDDEN,
        20,
    )];
    for layer in 0..LAYERS {
        let p = format!("encoder.layer.{layer}");
        tensors.extend([
            (
                format!("{p}.attention.self.query.weight"),
                HIDDEN,
                HIDDEN,
                6 + layer,
            ),
            (format!("{p}.attention.self.key.weight"), HIDDEN, HIDDEN, 10),
            (
                format!("{p}.attention.self.value.weight"),
                HIDDEN,
                HIDDEN,
                14,
            ),
            (
                format!("{p}.intermediate.dense.weight"),
                INTERMEDIATE,
                HIDDEN,
                16,
            ),
            (format!("{p}.output.dense.weight"), HIDDEN, INTERMEDIATE, 18),
        ]);
    }
    tensors
}

/// The six layers that get a rank-8 delta in the tuned checkpoint.
fn tuned_layers() -> Vec<String> {
    (0..LAYERS)
        .flat_map(|l| {
            [
                format!("encoder.layer.{l}.attention.self.query.weight"),
                format!("encoder.layer.{l}.attention.self.value.weight"),
            ]
        })
        .collect()
}

/// A rank-`rank` matrix with σ from 2 down to 0.5 (f64, before rounding to f32).
fn planted(rows: usize, cols: usize, rank: usize, seed: u64) -> Array2<f64> {
    let sigma: Vec<f64> = (0..rank)
        .map(|i| 2.0 - 1.5 * i as f64 / (rank.max(2) - 1) as f64)
        .collect();
    with_singular_values(rows, cols, &sigma, seed)
}

/// A rank-8 fine-tuning delta B·A with Gaussian B, A (entries ~0.05).
fn delta(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let b = Array2::from_shape_simple_fn((rows, 8), || {
        0.05 * <StandardNormal as Distribution<f64>>::sample(&StandardNormal, &mut rng)
    });
    let a = Array2::from_shape_simple_fn((8, cols), || {
        0.05 * <StandardNormal as Distribution<f64>>::sample(&StandardNormal, &mut rng)
    });
    b.dot(&a)
}

fn f32_bytes(a: &Array2<f64>) -> Vec<u8> {
    a.iter().flat_map(|&x| (x as f32).to_le_bytes()).collect()
}

fn write_checkpoint(path: &Path, tensors: &[(String, Array2<f64>)]) {
    let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(name, a)| (name.clone(), a.shape().to_vec(), f32_bytes(a)))
        .collect();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = bytes
        .iter()
        .map(|(name, shape, data)| {
            (
                name.clone(),
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), data)
                    .unwrap(),
            )
        })
        .collect();
    safetensors::serialize_to_file(views, None, path).unwrap();
}

/// Base weights as stored (f32, read back as f64), tuned weights, and the planted deltas.
struct Checkpoints {
    base: Vec<(String, Array2<f64>)>,
    tuned: Vec<(String, Array2<f64>)>,
    deltas: BTreeMap<String, Array2<f64>>,
}

fn round_f32(a: &Array2<f64>) -> Array2<f64> {
    a.mapv(|x| f64::from(x as f32))
}

fn checkpoints() -> Checkpoints {
    let mut base = Vec::new();
    let mut tuned = Vec::new();
    let mut deltas = BTreeMap::new();
    for (seed, (name, rows, cols, rank)) in layout().into_iter().enumerate() {
        let w = round_f32(&planted(rows, cols, rank, seed as u64));
        let t = if tuned_layers().contains(&name) {
            let d = delta(rows, cols, 100 + seed as u64);
            let t = round_f32(&(&w + &d));
            deltas.insert(name.clone(), d);
            t
        } else {
            w.clone()
        };
        base.push((name.clone(), w));
        tuned.push((name, t));
    }
    Checkpoints {
        base,
        tuned,
        deltas,
    }
}

fn rankscope() -> Command {
    let mut command = Command::cargo_bin("rankscope").unwrap();
    command.timeout(Duration::from_mins(1));
    command
}

fn json_of(args: &[&str]) -> Value {
    let output = rankscope().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "rankscope {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["matrices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

#[test]
fn scan_finds_the_planted_ranks_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.safetensors");
    let c = checkpoints();
    write_checkpoint(&path, &c.base);
    let report = json_of(&["scan", path.to_str().unwrap(), "--json"]);
    let rows = report["matrices"].as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    // safetensors writes tensors sorted by dtype then name; file order is data order.
    let mut expected: Vec<String> = layout().into_iter().map(|t| t.0).collect();
    expected.sort();
    assert_eq!(names, expected);
    for (name, rows_, cols, rank) in layout() {
        let r = row(&report, &name);
        assert_eq!(r["shape"], serde_json::json!([rows_, cols]), "{name}");
        assert_eq!(r["parameters"], rows_ * cols, "{name}");
        assert_eq!(r["ranks"]["numerical"], rank, "{name}: numerical rank");
        // Gavish–Donoho keeps every planted σ (all far above the f32 rounding noise). It may
        // keep some of the rounding noise too: that noise is not the white noise it assumes.
        let gd = r["ranks"]["gavish_donoho"].as_u64().unwrap() as usize;
        assert!(gd >= rank, "{name}: Gavish–Donoho rank {gd}");
        assert!(
            (r["sigma_max"].as_f64().unwrap() - 2.0).abs() < 1e-5,
            "{name}: σ₁"
        );
        let planted_sq: f64 = (0..rank)
            .map(|i| 2.0 - 1.5 * i as f64 / (rank - 1) as f64)
            .map(|s| s * s)
            .sum();
        let norm = r["frobenius_norm"].as_f64().unwrap();
        assert!((norm - planted_sq.sqrt()).abs() < 1e-5, "{name}: ‖W‖_F");
        assert!((r["stable_rank"].as_f64().unwrap() - planted_sq / 4.0).abs() < 1e-4);
        assert_eq!(r["method"], "exact");
        for key in [
            "energy_90",
            "energy_99",
            "sv_ratio",
            "sv_cumulative",
            "sv_fro",
        ] {
            let k = r["ranks"][key].as_u64().unwrap() as usize;
            assert!(k >= 1 && k <= rank, "{name}: {key} = {k}");
        }
    }
}

#[test]
fn scan_filter_and_budget() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.safetensors");
    write_checkpoint(&path, &checkpoints().base);
    let report = json_of(&[
        "scan",
        path.to_str().unwrap(),
        "--filter",
        r"attention\.self\.(query|key)",
        "--target-error",
        "1e-6",
        "--json",
    ]);
    let rows = report["matrices"].as_array().unwrap();
    assert_eq!(rows.len(), 2 * LAYERS);
    // Reaching (almost) zero error needs exactly the planted rank of every matrix: anything
    // less leaves a planted σ ≥ 0.5 out, anything more buys nothing.
    let budget = &report["budget"];
    for r in rows {
        let name = r["name"].as_str().unwrap();
        let planted_rank = layout().into_iter().find(|t| t.0 == name).unwrap().3;
        assert_eq!(budget["ranks_by_name"][name], planted_rank, "{name}");
    }
    let expected: usize = rows
        .iter()
        .map(|r| {
            let name = r["name"].as_str().unwrap();
            layout().into_iter().find(|t| t.0 == name).unwrap().3 * 2 * HIDDEN
        })
        .sum();
    assert_eq!(budget["parameters"], expected);
}

#[test]
fn sharded_folder_scans_like_the_single_file() {
    let dir = tempfile::tempdir().unwrap();
    let c = checkpoints();
    let single = dir.path().join("single.safetensors");
    write_checkpoint(&single, &c.base);
    let folder = dir.path().join("sharded");
    std::fs::create_dir(&folder).unwrap();
    let (first, second) = c.base.split_at(c.base.len() / 2);
    write_checkpoint(&folder.join("model-00001-of-00002.safetensors"), first);
    write_checkpoint(&folder.join("model-00002-of-00002.safetensors"), second);
    let mut weight_map = serde_json::Map::new();
    for (name, _) in first {
        weight_map.insert(name.clone(), "model-00001-of-00002.safetensors".into());
    }
    for (name, _) in second {
        weight_map.insert(name.clone(), "model-00002-of-00002.safetensors".into());
    }
    let index = serde_json::json!({"metadata": {"total_size": 0}, "weight_map": weight_map});
    std::fs::write(
        folder.join("model.safetensors.index.json"),
        index.to_string(),
    )
    .unwrap();
    let whole = json_of(&["scan", single.to_str().unwrap(), "--json"]);
    for target in [folder.clone(), folder.join("model.safetensors.index.json")] {
        let sharded = json_of(&["scan", target.to_str().unwrap(), "--json"]);
        assert_eq!(
            sharded["matrices"].as_array().unwrap().len(),
            whole["matrices"].as_array().unwrap().len()
        );
        for (name, _) in &c.base {
            assert_eq!(row(&sharded, name)["ranks"], row(&whole, name)["ranks"]);
            assert_eq!(
                row(&sharded, name)["sigma_max"],
                row(&whole, name)["sigma_max"]
            );
        }
    }
    // A missing shard is named.
    std::fs::remove_file(folder.join("model-00002-of-00002.safetensors")).unwrap();
    let output = rankscope()
        .args(["scan", folder.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("model-00002-of-00002.safetensors"),
        "{stderr}"
    );
    assert!(stderr.contains("missing"), "{stderr}");
}

/// ‖P − D‖_F / ‖D‖_F.
fn relative_difference(product: &Array2<f64>, delta: &Array2<f64>) -> f64 {
    let diff: f64 = (product - delta).iter().map(|x| x * x).sum::<f64>().sqrt();
    diff / delta.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn tensor_f64(tensors: &SafeTensors<'_>, name: &str) -> (Vec<usize>, Array2<f64>) {
    let view = tensors
        .tensor(name)
        .unwrap_or_else(|_| panic!("no tensor {name}"));
    assert_eq!(view.dtype(), safetensors::Dtype::F32);
    let values: Vec<f64> = view
        .data()
        .chunks_exact(4)
        .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
        .collect();
    let shape = view.shape().to_vec();
    let matrix = Array2::from_shape_vec((shape[0], shape[1]), values).unwrap();
    (shape, matrix)
}

fn write_pair(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf, Checkpoints) {
    let c = checkpoints();
    let base = dir.join("base.safetensors");
    let tuned = dir.join("tuned.safetensors");
    write_checkpoint(&base, &c.base);
    write_checkpoint(&tuned, &c.tuned);
    (base, tuned, c)
}

#[test]
fn diff_reports_rank_8_for_exactly_the_tuned_layers_and_peft_reproduces_them() {
    let dir = tempfile::tempdir().unwrap();
    let (base, tuned, c) = write_pair(dir.path());
    let out = dir.path().join("adapter");
    let report = json_of(&[
        "diff",
        base.to_str().unwrap(),
        tuned.to_str().unwrap(),
        "--rule",
        "gavish_donoho",
        "--format",
        "peft",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    for (name, ..) in layout() {
        let r = row(&report, &name);
        let tuned_here = c.deltas.contains_key(&name);
        assert_eq!(r["changed"], tuned_here, "{name}");
        let expected = if tuned_here { 8 } else { 0 };
        assert_eq!(r["ranks"]["gavish_donoho"], expected, "{name}");
        assert_eq!(r["ranks"]["numerical"], expected, "{name}");
    }
    // The adapter: exact key names and shapes, config, and B·A·(alpha/r) = ΔW.
    let bytes = std::fs::read(out.join("adapter_model.safetensors")).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(tensors.names().len(), 2 * c.deltas.len());
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("adapter_config.json")).unwrap())
            .unwrap();
    assert_eq!(config["peft_type"], "LORA");
    assert_eq!(config["r"], 8);
    let r = config["r"].as_f64().unwrap();
    let alpha = config["lora_alpha"].as_f64().unwrap();
    let mut targets: Vec<&str> = config["target_modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    targets.sort_unstable();
    let mut expected_targets: Vec<String> = c
        .deltas
        .keys()
        .map(|n| n.trim_end_matches(".weight").to_owned())
        .collect();
    expected_targets.sort();
    assert_eq!(targets, expected_targets);
    for (name, planted_delta) in &c.deltas {
        let module = name.trim_end_matches(".weight");
        let (a_shape, a) = tensor_f64(
            &tensors,
            &format!("base_model.model.{module}.lora_A.weight"),
        );
        let (b_shape, b) = tensor_f64(
            &tensors,
            &format!("base_model.model.{module}.lora_B.weight"),
        );
        let (out_dim, in_dim) = planted_delta.dim();
        assert_eq!(a_shape, vec![8, in_dim], "{module} lora_A");
        assert_eq!(b_shape, vec![out_dim, 8], "{module} lora_B");
        let rank = config["rank_pattern"][module].as_f64().unwrap_or(r);
        let module_alpha = config["alpha_pattern"][module].as_f64().unwrap_or(alpha);
        let product = b.dot(&a) * (module_alpha / rank);
        let error = relative_difference(&product, planted_delta);
        assert!(error < 1e-5, "{module}: relative error {error}");
    }
}

#[test]
fn diff_exports_kohya_and_reports_mismatches() {
    let dir = tempfile::tempdir().unwrap();
    let (base, _, mut c) = write_pair(dir.path());
    // The tuned checkpoint gains a tensor and changes one shape: reported, not fatal.
    c.tuned
        .push(("extra.weight".to_owned(), Array2::ones((4, 4))));
    let reshaped = c
        .tuned
        .iter_mut()
        .find(|(n, _)| n == "encoder.layer.2.output.dense.weight")
        .unwrap();
    reshaped.1 = Array2::ones((HIDDEN, 8));
    let tuned = dir.path().join("tuned2.safetensors");
    write_checkpoint(&tuned, &c.tuned);
    let out = dir.path().join("lora.safetensors");
    let report = json_of(&[
        "diff",
        base.to_str().unwrap(),
        tuned.to_str().unwrap(),
        "--rank",
        "8",
        "--format",
        "kohya",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let mismatched: Vec<&str> = report["mismatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(mismatched.contains(&"extra.weight"));
    assert!(mismatched.contains(&"encoder.layer.2.output.dense.weight"));
    let bytes = std::fs::read(&out).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    assert_eq!(tensors.names().len(), 3 * c.deltas.len());
    for (name, planted_delta) in &c.deltas {
        let kohya = name.trim_end_matches(".weight").replace('.', "_");
        let (down_shape, down) = tensor_f64(&tensors, &format!("{kohya}.lora_down.weight"));
        let (up_shape, up) = tensor_f64(&tensors, &format!("{kohya}.lora_up.weight"));
        let alpha_view = tensors.tensor(&format!("{kohya}.alpha")).unwrap();
        let alpha = f64::from(f32::from_le_bytes(alpha_view.data().try_into().unwrap()));
        let (out_dim, in_dim) = planted_delta.dim();
        assert_eq!(down_shape, vec![8, in_dim]);
        assert_eq!(up_shape, vec![out_dim, 8]);
        let product = up.dot(&down) * (alpha / 8.0);
        let error = relative_difference(&product, planted_delta);
        assert!(error < 1e-5, "{kohya}: relative error {error}");
    }
}

#[test]
fn diff_of_a_checkpoint_with_itself_changes_nothing_and_writes_no_adapter() {
    let dir = tempfile::tempdir().unwrap();
    let (base, _, _) = write_pair(dir.path());
    let report = json_of(&[
        "diff",
        base.to_str().unwrap(),
        base.to_str().unwrap(),
        "--json",
    ]);
    for r in report["matrices"].as_array().unwrap() {
        assert_eq!(r["changed"], false);
        assert_eq!(r["ranks"]["energy_90"], 0);
        assert_eq!(r["sigma_max"], 0.0);
    }
    let out = dir.path().join("none");
    let output = rankscope()
        .args([
            "diff",
            base.to_str().unwrap(),
            base.to_str().unwrap(),
            "--rank",
            "4",
            "--format",
            "peft",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.exists());
}

#[test]
fn scan_budget_writes_a_compressed_checkpoint_that_rebuilds_the_weights() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.safetensors");
    let c = checkpoints();
    write_checkpoint(&path, &c.base);
    let out = dir.path().join("compressed");
    json_of(&[
        "scan",
        path.to_str().unwrap(),
        "--target-error",
        "1e-6",
        "--format",
        "compressed",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let bytes = std::fs::read(out.join("model.safetensors")).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let listed = manifest["tensors"].as_array().unwrap();
    assert_eq!(
        listed.len(),
        c.base.len(),
        "every planted weight is smaller as factors"
    );
    for (name, weight) in &c.base {
        let entry = listed.iter().find(|t| t["name"] == name.as_str()).unwrap();
        let planted_rank = layout().into_iter().find(|t| &t.0 == name).unwrap().3;
        assert_eq!(entry["rank"], planted_rank, "{name}");
        let (_, left) = tensor_f64(&tensors, &format!("{name}.left"));
        let (_, right) = tensor_f64(&tensors, &format!("{name}.right"));
        let error = relative_difference(&left.dot(&right), weight);
        assert!(error < 1e-5, "{name}: relative error {error}");
    }
}

#[test]
fn an_existing_adapter_folder_is_kept_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (base, tuned, _) = write_pair(dir.path());
    let out = dir.path().join("adapter");
    let args = |rank: &str| -> Vec<String> {
        [
            "diff",
            base.to_str().unwrap(),
            tuned.to_str().unwrap(),
            "--rank",
            rank,
            "--format",
            "peft",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ]
        .iter()
        .map(ToString::to_string)
        .collect()
    };
    let first = args("4");
    json_of(&first.iter().map(String::as_str).collect::<Vec<_>>());
    let config = || -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join("adapter_config.json")).unwrap())
            .unwrap()
    };
    assert_eq!(config()["r"], 4);
    // Again without --force: refused before any work, the first adapter intact.
    let output = rankscope().args(args("8")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--force"));
    assert_eq!(config()["r"], 4);
    // With --force: replaced whole, no staging folders left beside it.
    let mut forced = args("8");
    forced.push("--force".to_owned());
    json_of(&forced.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(config()["r"], 8);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".rankscope-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
