//! LoRA adapters end to end: PEFT folders (alpha ≠ r, rank_pattern, alpha_pattern, rsLoRA,
//! fan_in_fan_out, conv, embedding), a PEFT file alone, kohya files (linear, conv, missing
//! alpha, Tucker core), LyCORIS LoHa and LoKr. The fixtures and every expected number come
//! from numpy (scripts/make_adapter_fixtures.py): ΔW built from the stored factors with each
//! convention's formula, its singular values by `np.linalg.svd`, kohya's dynamic ranks by a
//! port of `resize_lora.py`. Resized adapters are read back with the `safetensors` crate and
//! their ΔW rebuilt here, in each convention's own way, against Eckart–Young.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::float_cmp
)]

use assert_cmd::Command;
use ndarray::Array2;
use safetensors::SafeTensors;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn rankscope() -> Command {
    Command::cargo_bin("rankscope").unwrap()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adapters")
}

/// The adapter each key of expected.json (and bin_expected.json) names.
fn adapter_path(key: &str) -> PathBuf {
    match key {
        "peft" | "peft_rslora" | "peft_bin" => fixtures().join(key),
        "peft_alone" => fixtures().join("peft_alone/adapter_model.safetensors"),
        "peft_bin_alone" => fixtures().join("peft_bin_alone/adapter_model.bin"),
        "kohya_pt" => fixtures().join("kohya.pt"),
        other => fixtures().join(format!("{other}.safetensors")),
    }
}

fn read_json(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()
}

/// Every adapter's modules as numpy built them: the safetensors fixtures and those torch.save
/// wrote (scripts/make_adapter_bin_fixtures.py).
fn expected() -> serde_json::Map<String, Value> {
    let mut all = read_json("expected.json").as_object().unwrap().clone();
    let bin = read_json("bin_expected.json");
    all.extend(bin["modules"].as_object().unwrap().clone());
    all
}

fn json_of(args: &[&str]) -> Value {
    let output = rankscope().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn numbers(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn matrix(value: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = value.as_array().unwrap().iter().map(numbers).collect();
    Array2::from_shape_fn((rows.len(), rows[0].len()), |(i, j)| rows[i][j])
}

fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// sqrt(Σ_{i>k} σ_i²): the least error of any rank-k approximation (Eckart–Young).
fn tail(sigma: &[f64], k: usize) -> f64 {
    sigma[k.min(sigma.len())..]
        .iter()
        .map(|s| s * s)
        .sum::<f64>()
        .sqrt()
}

#[test]
fn every_module_lists_with_numpys_shape_dtype_and_singular_values() {
    for (key, modules) in expected() {
        let path = adapter_path(&key);
        let path = path.to_str().unwrap();
        let info = json_of(&["info", path, "--json"]);
        let listed = info["matrices"].as_array().unwrap();
        for (name, want) in modules.as_object().unwrap() {
            let row = listed
                .iter()
                .find(|r| r["name"] == name.as_str())
                .unwrap_or_else(|| panic!("{key}: `{name}` is not listed: {listed:?}"));
            assert_eq!(row["shape"], want["stored_shape"], "{key} {name}");
            assert_eq!(row["dtype"], want["dtype"], "{key} {name}");

            let report = json_of(&["analyze", path, "--tensor", name, "--json"]);
            let sigma = numbers(&want["singular_values"]);
            let got = numbers(&report["singular_values"]);
            let values = matrix(&want["values"]);
            let (m, n) = values.dim();
            assert_eq!(report["shape"], serde_json::json!([m, n]), "{key} {name}");
            assert_eq!(
                got.len(),
                m.min(n),
                "{key} {name}: σ are padded to min(m, n)"
            );
            for (i, (g, w)) in got.iter().zip(&sigma).enumerate() {
                assert!(
                    (g - w).abs() <= 1e-10 * sigma[0],
                    "{key} {name}: σ_{} = {g}, numpy {w}",
                    i + 1
                );
            }
            let norm = report["frobenius_norm"].as_f64().unwrap();
            let want_norm = want["frobenius_norm"].as_f64().unwrap();
            assert!(
                (norm - want_norm).abs() <= 1e-12 * want_norm,
                "{key} {name}: ‖ΔW‖_F {norm} vs {want_norm}"
            );
            // The error curve is the usual one: e_k = tail(k) / ‖ΔW‖_F.
            let errors = numbers(&report["relative_error"]);
            for k in [1, 2] {
                assert!((errors[k] - tail(&sigma, k) / want_norm).abs() < 1e-9);
            }
            let facts = &report["adapter"];
            assert_eq!(facts["kind"], want["kind"], "{key} {name}");
            assert_eq!(facts["rank"], want["rank"], "{key} {name}");
            assert_eq!(facts["rank_bound"], want["rank_bound"], "{key} {name}");
            for field in ["alpha", "scale"] {
                let (g, w) = (
                    facts[field].as_f64().unwrap(),
                    want[field].as_f64().unwrap(),
                );
                assert!(
                    (g - w).abs() < 1e-12 * w.abs().max(1.0),
                    "{key} {name} {field}: {g} vs {w}"
                );
            }
        }
    }
}

#[test]
fn loading_a_module_gives_the_dense_delta_w_numpy_built() {
    for (key, modules) in expected() {
        let source = rankscope::source::open(&adapter_path(&key)).unwrap();
        for (name, want) in modules.as_object().unwrap() {
            let loaded = source
                .load(name, Some(rankscope::real::Precision::F64))
                .unwrap()
                .data
                .to_f64();
            let values = matrix(&want["values"]);
            let error = frobenius(&(&loaded - &values));
            assert!(
                error <= 1e-12 * frobenius(&values),
                "{key} {name}: ‖loaded − numpy‖ = {error}"
            );
        }
    }
}

#[test]
fn scan_gives_a_row_per_module_with_its_r_alpha_and_the_rank_it_uses() {
    for (key, modules) in expected() {
        let path = adapter_path(&key);
        let report = json_of(&["scan", path.to_str().unwrap(), "--json"]);
        let rows = report["matrices"].as_array().unwrap();
        for (name, want) in modules.as_object().unwrap() {
            let row = rows.iter().find(|r| r["name"] == name.as_str()).unwrap();
            let facts = &row["adapter"];
            assert_eq!(facts["rank"], want["rank"], "{key} {name}");
            // Random factors use every rank they have: numpy's matrix_rank of ΔW.
            let values = matrix(&want["values"]);
            let sigma = numbers(&want["singular_values"]);
            let tolerance =
                sigma[0] * values.nrows().max(values.ncols()) as f64 * f64::from(f32::EPSILON);
            let used = sigma.iter().filter(|&&s| s > tolerance).count();
            assert_eq!(facts["rank_used"], used, "{key} {name}");
            assert_eq!(facts["underused"], false, "{key} {name}");
            let norm = row["frobenius_norm"].as_f64().unwrap();
            assert!((norm - want["frobenius_norm"].as_f64().unwrap()).abs() < 1e-12 * norm);
        }
        assert_eq!(
            report["adapter"]["modules"],
            modules.as_object().unwrap().len()
        );
    }
}

/// The numbers module `name` of adapter `key` stores in its factor tensors (alpha not
/// counted): from the safetensors header (every tensor under the module's key prefix), or for
/// the PyTorch fixtures, which are plain LoRA pairs, r(m + n) from numpy's shapes.
fn factor_numbers(key: &str, name: &str, want: &Value) -> u64 {
    let path = adapter_path(key);
    let weights = if path.join("adapter_model.safetensors").exists() {
        path.join("adapter_model.safetensors")
    } else {
        path
    };
    if weights.extension() != Some("safetensors".as_ref()) {
        let values = matrix(&want["values"]);
        return want["rank"].as_u64().unwrap() * (values.nrows() + values.ncols()) as u64;
    }
    let bytes = std::fs::read(&weights).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let prefix = if key.starts_with("peft") {
        format!("base_model.model.{name}.")
    } else {
        format!("{name}.")
    };
    tensors
        .tensors()
        .iter()
        .filter(|(n, _)| n.starts_with(&prefix) && *n != format!("{prefix}alpha"))
        .map(|(_, view)| view.shape().iter().product::<usize>() as u64)
        .sum()
}

#[test]
fn scan_gives_an_adapter_modules_stored_numbers_beside_its_dense_size() {
    for (key, modules) in expected() {
        let path = adapter_path(&key);
        let report = json_of(&["scan", path.to_str().unwrap(), "--json"]);
        let text = rankscope()
            .args(["scan", path.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).into_owned();
        let rows = report["matrices"].as_array().unwrap();
        for (name, want) in modules.as_object().unwrap() {
            let row = rows.iter().find(|r| r["name"] == name.as_str()).unwrap();
            let values = matrix(&want["values"]);
            // `parameters` keeps its meaning, m·n; the factors' count is beside it.
            assert_eq!(
                row["parameters"],
                values.nrows() * values.ncols(),
                "{key} {name}"
            );
            let stored = factor_numbers(&key, name, want);
            assert_eq!(row["adapter"]["factor_parameters"], stored, "{key} {name}");
            // The table's `params` column shows what the module stores.
            let line = text
                .lines()
                .find(|l| l.split_whitespace().next() == Some(name.as_str()))
                .unwrap();
            let params: u64 = line
                .split_whitespace()
                .skip_while(|w| !w.ends_with(']'))
                .nth(1)
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(params, stored, "{key} {name}: {line}");
        }
    }
}

/// m·n of a dense tensor that is no module (PEFT's `modules_to_save`), from the file's header
/// or, for the PyTorch fixtures, numpy's shape in bin_expected.json.
fn loose_numbers(key: &str, name: &str) -> u64 {
    let weights = adapter_path(key).join("adapter_model.safetensors");
    let shape: Vec<u64> = if weights.exists() {
        let bytes = std::fs::read(&weights).unwrap();
        let tensors = SafeTensors::deserialize(&bytes).unwrap();
        let view = tensors.tensor(name).unwrap();
        view.shape().iter().map(|&d| d as u64).collect()
    } else {
        let loose = &read_json("bin_expected.json")["loose"][key][name];
        loose["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_u64().unwrap())
            .collect()
    };
    shape.iter().product()
}

#[test]
fn a_scan_budget_reads_an_adapter_against_what_it_stores() {
    for (key, modules) in expected() {
        let path = adapter_path(&key);
        let path = path.to_str().unwrap();
        let report = json_of(&["scan", path, "--budget", "1000000", "--json"]);
        let budget = &report["budget"];
        let mut stored = 0;
        let mut spent = 0;
        for row in report["matrices"].as_array().unwrap() {
            let name = row["name"].as_str().unwrap();
            let rank = budget["ranks_by_name"][name].as_u64().unwrap();
            let [m, n] = [0, 1].map(|i| row["shape"][i].as_u64().unwrap());
            spent += rank * (m + n);
            let Some(want) = modules.get(name) else {
                stored += loose_numbers(&key, name);
                continue;
            };
            stored += factor_numbers(&key, name, want);
            // A budget that buys everything gives a module the rank its structure allows
            // (numpy's bound), as `resize --budget` does, never the rounding-level zeros
            // beyond it at m + n numbers each.
            assert_eq!(rank, want["rank_bound"].as_u64().unwrap(), "{key} {name}");
        }
        assert_eq!(budget["parameters_before"], stored, "{key}");
        assert_eq!(budget["parameters"], spent, "{key}");
        // The text says the same against the adapter's own size, never a dense m·n.
        let output = rankscope()
            .args(["scan", path, "--budget", "1000000"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.starts_with("rank budget:"))
            .unwrap();
        let percent = 100.0 * spent as f64 / stored as f64;
        assert_eq!(
            line,
            format!(
                "rank budget: {spent} stored numbers ({percent:.1} % of {stored} stored by the \
                 adapter now), overall relative error 0.0000"
            ),
            "{key}"
        );
    }
}

#[test]
fn a_module_that_uses_far_less_than_its_r_is_flagged() {
    // r = 6, but the up factor's columns repeat two patterns: ΔW has rank 2.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("low.safetensors");
    let down: Vec<f32> = (0..6 * 9).map(|i| ((i * 7 % 11) as f32) - 5.0).collect();
    let up: Vec<f32> = (0..8 * 6)
        .map(|i| {
            let (row, col) = (i / 6, i % 6);
            if col % 2 == 0 {
                row as f32 + 1.0
            } else {
                (row * row) as f32 - 3.0
            }
        })
        .collect();
    write_safetensors(
        &path,
        &[
            ("lora_unet_low.lora_down.weight", vec![6, 9], &down),
            ("lora_unet_low.lora_up.weight", vec![8, 6], &up),
        ],
    );
    let report = json_of(&["scan", path.to_str().unwrap(), "--json"]);
    let facts = &report["matrices"][0]["adapter"];
    assert_eq!(facts["rank"], 6);
    assert_eq!(facts["rank_used"], 2);
    assert_eq!(facts["underused"], true);
    let text = rankscope()
        .args(["scan", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("underused"));
}

fn write_safetensors(path: &Path, tensors: &[(&str, Vec<usize>, &[f32])]) {
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(_, _, values)| values.iter().flat_map(|v| v.to_le_bytes()).collect())
        .collect();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
        .iter()
        .zip(&bytes)
        .map(|((name, shape, _), bytes)| {
            (
                (*name).to_owned(),
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), bytes)
                    .unwrap(),
            )
        })
        .collect();
    std::fs::write(path, safetensors::serialize(views, None).unwrap()).unwrap();
}

#[test]
fn a_peft_file_alone_has_scale_1_and_says_so() {
    let path = adapter_path("peft_alone");
    let path = path.to_str().unwrap();
    let name = "model.layers.0.self_attn.q_proj";
    let report = json_of(&["analyze", path, "--tensor", name, "--json"]);
    assert_eq!(report["adapter"]["scale"], 1.0);
    assert!(
        report["adapter"]["scale_from"]
            .as_str()
            .unwrap()
            .contains("no adapter_config.json"),
        "{report}"
    );
    let text = rankscope()
        .args(["analyze", path, "--tensor", name])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("note: no adapter_config.json beside it: scale 1"),
        "{text}"
    );
    let info = json_of(&["info", path, "--json"]);
    assert!(info["note"].as_str().unwrap().contains("scale 1"), "{info}");
    // With its config, the same weights say nothing of the kind.
    let folder = adapter_path("peft");
    let info = json_of(&["info", folder.to_str().unwrap(), "--json"]);
    assert!(info.get("note").is_none(), "{info}");
}

#[test]
fn checkpoints_and_single_matrix_lora_exports_stay_plain_files() {
    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model.safetensors");
    let info = json_of(&["info", plain.to_str().unwrap(), "--json"]);
    assert_eq!(info["format"], "safetensors");
    let dir = tempfile::tempdir().unwrap();
    let lora = dir.path().join("pair.safetensors");
    let values = [1.0f32; 6];
    write_safetensors(
        &lora,
        &[
            ("lora_A", vec![2, 3], &values),
            ("lora_B", vec![3, 2], &values),
        ],
    );
    let info = json_of(&["info", lora.to_str().unwrap(), "--json"]);
    assert_eq!(info["format"], "safetensors");
    assert_eq!(info["matrices"].as_array().unwrap().len(), 2);
}

/// ΔW' of every module of a resized adapter, rebuilt as its convention loads it: PEFT from
/// `adapter_config.json` (r, lora_alpha, rank_pattern, alpha_pattern, use_rslora,
/// fan_in_fan_out) with keys under `base_model.model.`; kohya from `<name>.alpha` / rows of
/// `lora_down`. Returned by module name (PEFT) or kohya name, in the entry's orientation.
fn reload(out: &Path) -> Vec<(String, Array2<f64>, usize)> {
    let (weights, config) = if out.is_dir() {
        let config: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("adapter_config.json")).unwrap(),
        )
        .unwrap();
        (out.join("adapter_model.safetensors"), Some(config))
    } else {
        (out.to_owned(), None)
    };
    let bytes = std::fs::read(&weights).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let read = |name: &str| -> (Vec<usize>, Vec<f64>) {
        let view = tensors.tensor(name).unwrap();
        assert_eq!(view.dtype(), safetensors::Dtype::F32, "{name}");
        let values = view
            .data()
            .chunks_exact(4)
            .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
            .collect();
        (view.shape().to_vec(), values)
    };
    let as_matrix = |shape: &[usize], values: Vec<f64>| {
        let rows = shape[0];
        Array2::from_shape_vec((rows, values.len() / rows), values).unwrap()
    };
    let mut modules = Vec::new();
    for name in tensors.names() {
        let (stem, down_suffix, up_suffix, embedding) =
            if let Some(stem) = name.strip_suffix(".lora_A.weight") {
                (stem, ".lora_A.weight", ".lora_B.weight", false)
            } else if let Some(stem) = name.strip_suffix(".lora_embedding_A") {
                (stem, ".lora_embedding_A", ".lora_embedding_B", true)
            } else if let Some(stem) = name.strip_suffix(".lora_down.weight") {
                (stem, ".lora_down.weight", ".lora_up.weight", false)
            } else {
                continue;
            };
        let (down_shape, down) = read(name);
        let (up_shape, up) = read(&format!("{stem}{up_suffix}"));
        let _ = down_suffix;
        let r = down_shape[0];
        assert_eq!(up_shape[1], r, "{stem}: lora_up/lora_B columns");
        let product = as_matrix(&up_shape, up).dot(&as_matrix(&down_shape, down));
        let (module, scale, transposed) = if let Some(config) = &config {
            let module = stem.strip_prefix("base_model.model.").unwrap();
            // rankscope writes each module's own name as its pattern key.
            let rank_pattern = config["rank_pattern"][module].as_u64().unwrap();
            assert_eq!(rank_pattern, r as u64, "{module}: rank_pattern");
            let rank = rank_pattern as f64;
            let alpha = config["alpha_pattern"][module].as_f64().unwrap();
            let scale = if config["use_rslora"] == true {
                alpha / rank.sqrt()
            } else {
                alpha / rank
            };
            let transposed = embedding || config["fan_in_fan_out"] == true;
            (module.to_owned(), scale, transposed)
        } else {
            let (_, alpha) = read(&format!("{stem}.alpha"));
            (stem.to_owned(), alpha[0] / r as f64, false)
        };
        let delta = product * scale;
        let delta = if transposed {
            delta.reversed_axes().as_standard_layout().into_owned()
        } else {
            delta
        };
        modules.push((module, delta, r));
    }
    modules
}

/// Resizes `key`'s adapter with `args` and checks every module against Eckart–Young: rank k
/// at most the old one, and ‖ΔW − ΔW'‖_F = sqrt(Σ_{i>k} σ_i²) with numpy's σ of ΔW.
fn resize_and_check(key: &str, args: &[&str], out_name: &str) -> (Value, Vec<(String, usize)>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(out_name);
    let mut command = vec![
        "resize",
        adapter_path(key).to_str().unwrap().to_owned().leak() as &str,
    ];
    command.extend_from_slice(args);
    command.extend_from_slice(&["--out", out.to_str().unwrap().to_owned().leak(), "--json"]);
    let report = json_of(&command);
    let expected = expected();
    let modules = expected[key].as_object().unwrap();
    let reloaded = reload(&out);
    let mut ranks = Vec::new();
    for (name, want) in modules {
        let kohya_name = name.replace('.', "_");
        let values = matrix(&want["values"]);
        let sigma = numbers(&want["singular_values"]);
        // A module left out (rank 0, only under a budget) contributes ΔW' = 0.
        let (delta, k) = reloaded
            .iter()
            .find(|(m, _, _)| m == name || *m == kohya_name)
            .map_or_else(
                || (Array2::zeros(values.dim()), 0),
                |(_, delta, k)| (delta.clone(), *k),
            );
        let k = &k;
        let delta = delta.into_shape_with_order(values.dim()).unwrap();
        let error = frobenius(&(&values - &delta));
        let best = tail(&sigma, *k);
        assert!(
            (error - best).abs() <= 2e-6 * sigma[0],
            "{key} {name} at rank {k}: ‖ΔW − ΔW'‖ = {error}, Eckart–Young {best}"
        );
        assert!(
            *k <= want["rank_bound"].as_u64().unwrap() as usize,
            "{key} {name}: rank {k}"
        );
        let line = report["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["name"] == name.as_str())
            .unwrap();
        assert_eq!(line["rank"], *k, "{key} {name}");
        let relative = line["relative_error"].as_f64().unwrap();
        assert!(
            (relative - best / frobenius(&values)).abs() < 1e-9,
            "{key} {name}"
        );
        ranks.push((name.clone(), *k));
    }
    (report, ranks)
}

#[test]
fn a_resized_adapter_reloads_in_its_convention_as_the_best_rank_k_approximation() {
    for (key, out) in [
        ("peft", "resized"),
        ("peft_rslora", "resized"),
        ("peft_alone", "resized"),
        ("peft_bin", "resized"),
        ("peft_bin_alone", "resized"),
        ("kohya", "resized.safetensors"),
        ("kohya_pt", "resized.safetensors"),
        ("loha", "resized.safetensors"),
        ("lokr", "resized.safetensors"),
    ] {
        let (report, ranks) = resize_and_check(key, &["--rank", "2"], out);
        let format = if key.starts_with("peft") {
            "peft"
        } else {
            "kohya"
        };
        assert_eq!(report["format"], format, "{key}");
        for (name, k) in ranks {
            let bound = expected()[key][&name]["rank_bound"].as_u64().unwrap() as usize;
            assert_eq!(k, bound.min(2), "{key} {name}");
        }
    }
}

#[test]
fn a_resize_can_change_the_convention() {
    resize_and_check(
        "peft",
        &["--energy", "0.9", "--format", "kohya"],
        "as_kohya.safetensors",
    );
    resize_and_check("kohya", &["--rank", "1", "--format", "peft"], "as_peft");
    resize_and_check("lokr", &["--rank", "3", "--format", "peft"], "as_peft");
}

#[test]
fn the_kohya_rules_pick_what_resize_lora_picks_with_its_off_by_one_fixed() {
    for (flag, value, rule) in [
        ("--sv-ratio", "3", "sv_ratio 3.0"),
        ("--sv-cumulative", "0.8", "sv_cumulative 0.8"),
        ("--sv-fro", "0.95", "sv_fro 0.95"),
    ] {
        for (key, out) in [
            ("kohya", "k.safetensors"),
            ("peft", "p"),
            ("loha", "h.safetensors"),
        ] {
            let (_, ranks) = resize_and_check(key, &[flag, value], out);
            for (name, k) in ranks {
                let want = expected()[key][&name]["kohya_ranks"][rule]
                    .as_u64()
                    .unwrap();
                assert_eq!(k as u64, want, "{key} {name} {rule}");
            }
        }
    }
}

#[test]
fn a_budget_bounds_the_stored_numbers() {
    let (report, ranks) = resize_and_check("peft", &["--budget", "150"], "budget");
    let modules = expected();
    let stored: usize = ranks
        .iter()
        .map(|(name, k)| {
            let values = matrix(&modules["peft"][name]["values"]);
            k * (values.nrows() + values.ncols())
        })
        .sum();
    assert!(stored <= 150, "{stored}");
    assert_eq!(report["parameters"], stored);
    assert!(ranks.iter().any(|(_, k)| *k > 0));
}

#[test]
fn resize_refuses_what_it_cannot_write_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let kohya = adapter_path("kohya");
    let refused = |args: &[&str], phrase: &str| {
        let output = rankscope().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(phrase), "{args:?}: {stderr}");
    };
    let out = dir.path().join("a.safetensors");
    std::fs::write(&out, b"keep").unwrap();
    let k = kohya.to_str().unwrap();
    refused(
        &["resize", k, "--rank", "1", "--out", out.to_str().unwrap()],
        "already exists",
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"keep");
    refused(
        &[
            "resize",
            k,
            "--rank",
            "1",
            "--format",
            "peft",
            "--out",
            out.to_str().unwrap(),
        ],
        "a PEFT adapter is a folder",
    );
    refused(
        &["resize", k, "--rank", "1", "--out", k],
        "never writes over what it reads",
    );
    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model.safetensors");
    refused(
        &[
            "resize",
            plain.to_str().unwrap(),
            "--rank",
            "1",
            "--out",
            dir.path().join("x.safetensors").to_str().unwrap(),
        ],
        "is not a LoRA adapter",
    );
    // A DoRA adapter: its magnitudes would no longer match a resized ΔW.
    let dora = dir.path().join("dora.safetensors");
    let values = [0.5f32; 12];
    write_safetensors(
        &dora,
        &[
            ("lora_unet_d.lora_down.weight", vec![2, 3], &values[..6]),
            ("lora_unet_d.lora_up.weight", vec![4, 2], &values[..8]),
            ("lora_unet_d.dora_scale", vec![4, 1], &values[..4]),
        ],
    );
    refused(
        &[
            "resize",
            dora.to_str().unwrap(),
            "--rank",
            "1",
            "--out",
            dir.path().join("d.safetensors").to_str().unwrap(),
        ],
        "DoRA",
    );
    // --force replaces a file.
    let output = rankscope()
        .args([
            "resize",
            k,
            "--rank",
            "1",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_ne!(std::fs::read(&out).unwrap(), b"keep");
}

#[test]
fn export_writes_a_modules_rank_k_factors_from_its_factors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("conv.npz");
    let path = adapter_path("peft");
    let output = rankscope()
        .args([
            "export",
            path.to_str().unwrap(),
            "--tensor",
            "model.conv",
            "--rank",
            "2",
        ])
        .args(["--format", "npz", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // U diag(S) Vt is the best rank-2 approximation: its error is numpy's tail.
    let mut archive = ndarray_npy::NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let u: Array2<f32> = archive.by_name("U").unwrap();
    let s: ndarray::Array1<f32> = archive.by_name("S").unwrap();
    let vt: Array2<f32> = archive.by_name("Vt").unwrap();
    let mut scaled = u.mapv(f64::from);
    for (mut column, &sigma) in scaled.columns_mut().into_iter().zip(&s) {
        column *= f64::from(sigma);
    }
    let rebuilt = scaled.dot(&vt.mapv(f64::from));
    let want = &expected()["peft"]["model.conv"];
    let values = matrix(&want["values"]);
    let sigma = numbers(&want["singular_values"]);
    let error = frobenius(&(&values - &rebuilt));
    assert!((error - tail(&sigma, 2)).abs() < 1e-5 * sigma[0], "{error}");
}

#[test]
fn a_peft_bin_opens_as_its_folder_its_config_or_the_file_alone() {
    let folder = adapter_path("peft_bin");
    let want = &expected()["peft_bin"];
    for path in [
        folder.clone(),
        folder.join("adapter_config.json"),
        folder.join("adapter_model.bin"),
    ] {
        let path = path.to_str().unwrap();
        let info = json_of(&["info", path, "--json"]);
        assert_eq!(info["format"], "PEFT LoRA adapter", "{path}");
        assert!(info.get("note").is_none(), "{path}: {info}");
        let names: Vec<&str> = info["matrices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "model.layers.0.self_attn.q_proj",
                "model.layers.0.self_attn.v_proj",
                "model.layers.1.mlp.fc",
                "base_model.model.score.weight"
            ],
            "{path}"
        );
        // rank_pattern and alpha_pattern come from the config beside the .bin.
        let name = "model.layers.1.mlp.fc";
        let report = json_of(&["analyze", path, "--tensor", name, "--json"]);
        assert_eq!(report["adapter"]["rank"], 2, "{path}");
        assert_eq!(report["adapter"]["scale"], want[name]["scale"], "{path}");
    }
    // The file alone: scale 1, said so.
    let alone = adapter_path("peft_bin_alone");
    let alone = alone.to_str().unwrap();
    let info = json_of(&["info", alone, "--json"]);
    assert!(
        info["note"]
            .as_str()
            .unwrap()
            .contains("no adapter_config.json beside it: scale 1"),
        "{info}"
    );
    let report = json_of(&["analyze", alone, "--tensor", "model.out_proj", "--json"]);
    assert_eq!(report["adapter"]["scale"], 1.0);
}

#[test]
fn a_resized_bin_adapter_is_peft_safetensors_and_diffs_against_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("resized");
    let input = adapter_path("peft_bin");
    let input = input.to_str().unwrap();
    json_of(&[
        "resize",
        input,
        "--rank",
        "1",
        "--out",
        out.to_str().unwrap(),
        "--json",
    ]);
    // PEFT loads adapter_model.safetensors in preference to a .bin: that is what is written.
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["adapter_config.json", "adapter_model.safetensors"]
    );
    // The modules_to_save weight (a transposed view in the .bin) keeps numpy's values.
    let bytes = std::fs::read(out.join("adapter_model.safetensors")).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let score = tensors.tensor("base_model.model.score.weight").unwrap();
    let loose =
        &read_json("bin_expected.json")["loose"]["peft_bin"]["base_model.model.score.weight"];
    assert_eq!(score.shape(), [2, 12]);
    let got: Vec<f64> = score
        .data()
        .chunks_exact(4)
        .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
        .collect();
    let want: Vec<f64> = loose["values"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(numbers)
        .collect();
    // The stored f32 values exactly (the JSON's decimals parse to within an ulp of f64).
    let want: Vec<f64> = want.iter().map(|&x| f64::from(x as f32)).collect();
    assert_eq!(got, want);
    // diff across formats: ΔW − ΔW₁ per module, whose norm is Eckart–Young's tail at 1.
    let diff = json_of(&["diff", input, out.to_str().unwrap(), "--json"]);
    let expected = expected();
    for row in diff["matrices"].as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        if name == "base_model.model.score.weight" {
            assert_eq!(row["changed"], false, "{row}");
            continue;
        }
        let sigma = numbers(&expected["peft_bin"][name]["singular_values"]);
        let norm = row["frobenius_norm"].as_f64().unwrap();
        assert!(
            (norm - tail(&sigma, 1)).abs() < 2e-6 * sigma[0],
            "{name}: {norm} vs {}",
            tail(&sigma, 1)
        );
    }
}

#[test]
fn export_reads_a_module_of_a_pytorch_adapter() {
    let dir = tempfile::tempdir().unwrap();
    for (key, name) in [
        ("peft_bin", "model.layers.0.self_attn.v_proj"),
        ("kohya_pt", "lora_unet_conv"),
    ] {
        let out = dir.path().join(format!("{key}.npz"));
        let path = adapter_path(key);
        let output = rankscope()
            .args(["export", path.to_str().unwrap(), "--tensor", name])
            .args([
                "--rank",
                "1",
                "--format",
                "npz",
                "--out",
                out.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut archive = ndarray_npy::NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
        let u: Array2<f32> = archive.by_name("U").unwrap();
        let s: ndarray::Array1<f32> = archive.by_name("S").unwrap();
        let vt: Array2<f32> = archive.by_name("Vt").unwrap();
        let rebuilt = (u.mapv(f64::from) * f64::from(s[0])).dot(&vt.mapv(f64::from));
        let want = &expected()[key][name];
        let values = matrix(&want["values"]);
        let sigma = numbers(&want["singular_values"]);
        let error = frobenius(&(&values - &rebuilt));
        assert!(
            (error - tail(&sigma, 1)).abs() < 1e-5 * sigma[0],
            "{key}: {error}"
        );
    }
}

const GAVISH_DONOHO_LOW_RANK: &str =
    "Gavish–Donoho assumes a full noisy spectrum; ΔW of rank ≤ r has none";

/// Runs rankscope with `args` and checks the refusal contract: status 2, one stderr line
/// naming `file` and `phrase`.
fn refused_with(args: &[&str], file: &str, phrase: &str) {
    let output = rankscope().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(file), "{stderr}");
    assert!(stderr.contains(phrase), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn gavish_donoho_gives_no_rank_for_an_adapter_module_and_says_why() {
    // ΔW has at most r nonzero σ: the median of its spectrum is 0, and GD would keep every
    // nonzero σ. Reported as null (the contract's "unavailable"), never as a rank.
    for key in ["kohya", "peft_bin", "loha"] {
        let path = adapter_path(key);
        let path = path.to_str().unwrap();
        let scan = json_of(&["scan", path, "--json"]);
        for row in scan["matrices"].as_array().unwrap() {
            if row.get("adapter").is_some() {
                assert!(row["ranks"]["gavish_donoho"].is_null(), "{key}: {row}");
                // The other rules still answer.
                assert!(row["ranks"]["energy_90"].is_u64(), "{key}: {row}");
            }
        }
        let text = rankscope().args(["scan", path]).output().unwrap();
        assert!(
            String::from_utf8_lossy(&text.stdout).contains(GAVISH_DONOHO_LOW_RANK),
            "{key}"
        );
    }
    let kohya = adapter_path("kohya");
    let kohya = kohya.to_str().unwrap();
    let report = json_of(&["analyze", kohya, "--tensor", "lora_unet_a", "--json"]);
    assert!(
        report["suggested_ranks"]["gavish_donoho"].is_null(),
        "{report}"
    );
    assert_eq!(report["suggested_ranks"]["energy_99"], 3);
    let text = rankscope()
        .args(["analyze", kohya, "--tensor", "lora_unet_a"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains(GAVISH_DONOHO_LOW_RANK));
    // A plain checkpoint keeps its Gavish–Donoho rank.
    let plain = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model.safetensors");
    let scan = json_of(&["scan", plain.to_str().unwrap(), "--json"]);
    assert!(
        scan["matrices"][0]["ranks"]["gavish_donoho"].is_u64(),
        "{scan}"
    );

    // Asked for by name, the rule is refused with that reason and nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.safetensors");
    refused_with(
        &[
            "resize",
            kohya,
            "--rule",
            "gavish_donoho",
            "--out",
            out.to_str().unwrap(),
        ],
        "kohya.safetensors",
        GAVISH_DONOHO_LOW_RANK,
    );
    assert!(!out.exists());
    let npz = dir.path().join("a.npz");
    refused_with(
        &[
            "export",
            kohya,
            "--tensor",
            "lora_unet_a",
            "--rule",
            "gavish_donoho",
            "--format",
            "npz",
            "--out",
            npz.to_str().unwrap(),
        ],
        "kohya.safetensors",
        GAVISH_DONOHO_LOW_RANK,
    );
    assert!(!npz.exists());
    // The spectrum figure draws no Gavish–Donoho line for a module.
    let svg = dir.path().join("s.svg");
    json_of_status_ok(&[
        "plot",
        kohya,
        "--tensor",
        "lora_unet_a",
        "--kind",
        "spectrum",
        "--out",
        svg.to_str().unwrap(),
    ]);
    assert!(!std::fs::read_to_string(&svg).unwrap().contains("Gavish"));
}

fn json_of_status_ok(args: &[&str]) {
    let output = rankscope().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}
