//! Safety of outputs, end to end through the binary: `--force` replaces only a file or a folder
//! rankscope wrote of the same kind; no output is or contains an input; concurrent exports to
//! one new name have exactly one winner; outputs get ordinary permissions; a full disk or a
//! write error leaves one line, no temporary file and the previous output as it was.
//!
//! Expected contents come from the test's own files (bytes written here, numpy-loadable
//! archives read back with ndarray-npy), never from rankscope's output.
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]

mod common;

use common::{geometric, with_singular_values};
use ndarray::Array2;
use ndarray_npy::{NpzReader, write_npy};
use std::collections::BTreeMap;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_rankscope");

/// A planted m × n matrix with geometric singular values.
fn planted(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    with_singular_values(rows, cols, &geometric(rows.min(cols), 10.0, 0.01), seed)
}

fn write_matrix(path: &Path, rows: usize, cols: usize, seed: u64) {
    write_npy(path, &planted(rows, cols, seed)).unwrap();
}

/// A safetensors checkpoint of f32 tensors, written with the safetensors crate.
fn write_checkpoint(path: &Path, tensors: &[(&str, Array2<f64>)]) {
    let bytes: Vec<(String, Vec<usize>, Vec<u8>)> = tensors
        .iter()
        .map(|(name, a)| {
            let data = a.iter().flat_map(|&x| (x as f32).to_le_bytes()).collect();
            ((*name).to_owned(), a.shape().to_vec(), data)
        })
        .collect();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = bytes
        .iter()
        .map(|(name, shape, data)| {
            let view =
                safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), data)
                    .unwrap();
            (name.clone(), view)
        })
        .collect();
    safetensors::serialize_to_file(views, None, path).unwrap();
}

/// Two layers of `size` × `size`: base, and tuned = base + a rank-4 change of each.
fn write_pair(base: &Path, tuned: &Path, size: usize) {
    let w0 = planted(size, size, 1);
    let w1 = planted(size, size, 2);
    let change = |seed| {
        let mut d = with_singular_values(size, size, &[3.0, 2.0, 1.0, 0.5], seed);
        d *= 0.1;
        d
    };
    write_checkpoint(
        base,
        &[
            ("layer.0.weight", w0.clone()),
            ("layer.1.weight", w1.clone()),
        ],
    );
    write_checkpoint(
        tuned,
        &[
            ("layer.0.weight", &w0 + &change(3)),
            ("layer.1.weight", &w1 + &change(4)),
        ],
    );
}

/// A gray `size` × `size` PNG of noise (noise does not compress: the PNG is ~size² bytes).
fn write_noise_png(path: &Path, size: u32) {
    let mut state = 12_345_u32;
    let image = image::GrayImage::from_fn(size, size, |_, _| {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        image::Luma([(state >> 16) as u8])
    });
    image.save(path).unwrap();
}

fn run(args: &[&str]) -> Output {
    Command::new(BINARY).args(args).output().unwrap()
}

/// Runs rankscope under `sh` after `setup` (`umask 027`, `ulimit -f 8`, …).
fn run_after(setup: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}; exec \"$0\" \"$@\""))
        .arg(BINARY)
        .args(args)
        .output()
        .unwrap()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Exit 2 with exactly one stderr line holding every one of `phrases`; returns the line.
fn assert_refused(output: &Output, phrases: &[&str]) -> String {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    for phrase in phrases {
        assert!(stderr.contains(phrase), "{phrase:?} not in {stderr:?}");
    }
    stderr
}

fn assert_success(output: &Output) {
    assert!(output.status.success(), "failed: {}", stderr_of(output));
}

/// Every file under `dir` (relative path → bytes), following no links.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() {
                let relative = path.strip_prefix(dir).unwrap().to_owned();
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Names starting with `.rankscope-` in `dir`: temporary files or folders left behind.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".rankscope-"))
        .collect()
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A Hugging Face-like model folder: config, tokenizer, weights.
fn model_folder(dir: &Path) -> PathBuf {
    let model = dir.join("model");
    std::fs::create_dir(&model).unwrap();
    std::fs::write(model.join("config.json"), "{\"model_type\": \"llama\"}\n").unwrap();
    std::fs::write(model.join("tokenizer.json"), "{\"version\": \"1.0\"}\n").unwrap();
    std::fs::write(model.join("README.md"), "# a model\n").unwrap();
    let weights = model.join("model.safetensors");
    write_checkpoint(
        &weights,
        &[
            ("layer.0.weight", planted(32, 32, 1)),
            ("layer.1.weight", planted(32, 32, 2)),
        ],
    );
    model
}

#[test]
fn a_model_folder_survives_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = model_folder(dir.path());
    let weights = model.join("model.safetensors");
    let before = snapshot(&model);
    let model_text = model.to_str().unwrap();
    // The input's own folder as the compressed checkpoint: refused, nothing touched.
    let output = run(&[
        "scan",
        weights.to_str().unwrap(),
        "--budget",
        "300",
        "--format",
        "compressed",
        "--out",
        model_text,
        "--force",
    ]);
    assert_refused(&output, &[model_text]);
    assert_eq!(snapshot(&model), before);
    // As a PEFT adapter of a diff whose base lives there.
    let tuned = dir.path().join("tuned.safetensors");
    write_checkpoint(
        &tuned,
        &[
            ("layer.0.weight", planted(32, 32, 5)),
            ("layer.1.weight", planted(32, 32, 6)),
        ],
    );
    let output = run(&[
        "diff",
        weights.to_str().unwrap(),
        tuned.to_str().unwrap(),
        "--rank",
        "2",
        "--format",
        "peft",
        "--out",
        model_text,
        "--force",
    ]);
    assert_refused(&output, &[model_text]);
    assert_eq!(snapshot(&model), before);
    // A model folder that is not an input, and a Downloads-like folder: refused with what is
    // in them, whichever folder output is asked for.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let other_model = model_folder(&other);
    let downloads = dir.path().join("Downloads");
    std::fs::create_dir(&downloads).unwrap();
    for name in [
        "paper.pdf",
        "photo.jpg",
        "notes.txt",
        "setup.sh",
        "data.csv",
    ] {
        std::fs::write(downloads.join(name), name).unwrap();
    }
    std::fs::create_dir(downloads.join("old")).unwrap();
    for folder in [&other_model, &downloads] {
        let before = snapshot(folder);
        let folder_text = folder.to_str().unwrap();
        let output = run(&[
            "scan",
            weights.to_str().unwrap(),
            "--budget",
            "300",
            "--format",
            "compressed",
            "--out",
            folder_text,
            "--force",
        ]);
        let line = assert_refused(&output, &[folder_text]);
        let count = std::fs::read_dir(folder).unwrap().count();
        assert!(
            line.contains(&format!("{count} entries")),
            "the count of entries ({count}) not in {line:?}"
        );
        let first = if folder == &downloads {
            "data.csv"
        } else {
            "README.md"
        };
        assert!(line.contains(first), "{first} not named in {line:?}");
        let output = run(&[
            "diff",
            weights.to_str().unwrap(),
            tuned.to_str().unwrap(),
            "--rank",
            "2",
            "--format",
            "peft",
            "--out",
            folder_text,
            "--force",
        ]);
        assert_refused(&output, &[folder_text]);
        assert_eq!(&snapshot(folder), &before);
    }
}

#[test]
fn an_output_that_is_an_input_is_refused_with_or_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.npy");
    write_matrix(&input, 20, 12, 7);
    let original = std::fs::read(&input).unwrap();
    std::fs::create_dir(dir.path().join("x")).unwrap();
    let symlink = dir.path().join("link.npz");
    std::os::unix::fs::symlink(&input, &symlink).unwrap();
    let hard_link = dir.path().join("hard.npz");
    std::fs::hard_link(&input, &hard_link).unwrap();
    let dotted = dir.path().join("x").join("..").join("in.npy");
    let input_text = input.to_str().unwrap();
    for out in [&input, &dotted, &symlink, &hard_link] {
        for force in [true, false] {
            let mut args = vec![
                "export",
                input_text,
                "--rank",
                "2",
                "--format",
                "npz",
                "--out",
                out.to_str().unwrap(),
            ];
            if force {
                args.push("--force");
            }
            let output = run(&args);
            assert_refused(&output, &[out.to_str().unwrap(), "input"]);
            assert_eq!(std::fs::read(&input).unwrap(), original, "{out:?} {force}");
        }
    }
    assert!(
        std::fs::symlink_metadata(&symlink)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::metadata(&hard_link).unwrap().nlink(), 2);
    // The folder holding the input, as a file output.
    let output = run(&[
        "export",
        input_text,
        "--rank",
        "2",
        "--format",
        "npz",
        "--out",
        dir.path().to_str().unwrap(),
        "--force",
    ]);
    assert_refused(&output, &[dir.path().to_str().unwrap()]);
    assert_eq!(std::fs::read(&input).unwrap(), original);
    assert!(leftovers(dir.path()).is_empty());
}

/// A sharded folder: index and two shards.
fn sharded_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("sharded");
    std::fs::create_dir(&folder).unwrap();
    write_checkpoint(
        &folder.join("model-00001-of-00002.safetensors"),
        &[("layer.0.weight", planted(24, 24, 1))],
    );
    write_checkpoint(
        &folder.join("model-00002-of-00002.safetensors"),
        &[("layer.1.weight", planted(24, 24, 2))],
    );
    let index = serde_json::json!({
        "metadata": {},
        "weight_map": {
            "layer.0.weight": "model-00001-of-00002.safetensors",
            "layer.1.weight": "model-00002-of-00002.safetensors",
        }
    });
    std::fs::write(
        folder.join("model.safetensors.index.json"),
        index.to_string(),
    )
    .unwrap();
    folder
}

#[test]
fn every_file_a_checkpoint_reads_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let base = sharded_folder(dir.path());
    let tuned = dir.path().join("tuned.safetensors");
    write_checkpoint(
        &tuned,
        &[
            ("layer.0.weight", planted(24, 24, 3)),
            ("layer.1.weight", planted(24, 24, 4)),
        ],
    );
    let before = snapshot(&base);
    let base_text = base.to_str().unwrap();
    let tuned_text = tuned.to_str().unwrap();
    let shard = base.join("model-00002-of-00002.safetensors");
    let index = base.join("model.safetensors.index.json");
    for (out, what) in [
        (&shard, "kohya"),
        (&index, "kohya"),
        (&tuned, "kohya"),
        (&base, "peft"),
    ] {
        let output = run(&[
            "diff",
            base_text,
            tuned_text,
            "--rank",
            "2",
            "--format",
            what,
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]);
        assert_refused(&output, &[out.to_str().unwrap(), "input"]);
        assert_eq!(snapshot(&base), before, "{out:?}");
    }
    // Given by its index, the folder is still the input's folder.
    let output = run(&[
        "scan",
        index.to_str().unwrap(),
        "--budget",
        "200",
        "--format",
        "compressed",
        "--out",
        base_text,
        "--force",
    ]);
    assert_refused(&output, &[base_text]);
    assert_eq!(snapshot(&base), before);
}

fn peft_config(folder: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(folder.join("adapter_config.json")).unwrap())
        .unwrap()
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_rankscope_output_folder_is_replaced_whole_and_only_by_its_own_kind() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.safetensors");
    let tuned = dir.path().join("tuned.safetensors");
    write_pair(&base, &tuned, 24);
    let adapter = dir.path().join("adapter");
    let diff = |rank: &str, out: &Path, force: bool| {
        let mut args = vec![
            "diff",
            base.to_str().unwrap(),
            tuned.to_str().unwrap(),
            "--rank",
            rank,
            "--format",
            "peft",
            "--out",
            out.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        run(&args)
    };
    assert_success(&diff("2", &adapter, false));
    assert_eq!(peft_config(&adapter)["r"], 2);
    assert_refused(&diff("3", &adapter, false), &["already exists", "--force"]);
    assert_eq!(peft_config(&adapter)["r"], 2);
    assert_success(&diff("3", &adapter, true));
    assert_eq!(peft_config(&adapter)["r"], 3);
    assert_eq!(
        names_in(&adapter),
        ["adapter_config.json", "adapter_model.safetensors"]
    );
    assert!(leftovers(dir.path()).is_empty());
    // A file the user added makes it no longer rankscope's alone: refused, kept.
    std::fs::write(adapter.join("notes.md"), "keep me").unwrap();
    let before = snapshot(&adapter);
    assert_refused(
        &diff("4", &adapter, true),
        &[adapter.to_str().unwrap(), "3 entries", "notes.md"],
    );
    assert_eq!(snapshot(&adapter), before);
    std::fs::remove_file(adapter.join("notes.md")).unwrap();
    // Same two names without rankscope's marker: refused.
    let imitation = dir.path().join("imitation");
    std::fs::create_dir(&imitation).unwrap();
    write_checkpoint(
        &imitation.join("adapter_model.safetensors"),
        &[("x", planted(4, 4, 9))],
    );
    std::fs::write(imitation.join("adapter_config.json"), "{}").unwrap();
    assert_refused(&diff("2", &imitation, true), &[imitation.to_str().unwrap()]);
    // A compressed checkpoint rankscope wrote is replaced by a compressed checkpoint only.
    let compressed = dir.path().join("compressed");
    let scan = |budget: &str, out: &Path, force: bool| {
        let mut args = vec![
            "scan",
            base.to_str().unwrap(),
            "--budget",
            budget,
            "--format",
            "compressed",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ];
        if force {
            args.push("--force");
        }
        run(&args)
    };
    assert_success(&scan("200", &compressed, false));
    assert_refused(
        &diff("2", &compressed, true),
        &[compressed.to_str().unwrap()],
    );
    assert_eq!(
        names_in(&compressed),
        ["manifest.json", "model.safetensors"]
    );
    assert_success(&scan("400", &compressed, true));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(compressed.join("manifest.json")).unwrap())
            .unwrap();
    assert!(manifest["parameters"].as_u64().unwrap() > 200);
    // And an adapter folder is not replaced by a compressed checkpoint.
    let output = scan("200", &adapter, true);
    assert_refused(&output, &[adapter.to_str().unwrap()]);
    assert_eq!(peft_config(&adapter)["r"], 3);
    // An empty folder holds nothing to lose: replaced with --force.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_refused(&diff("2", &empty, false), &["already exists"]);
    assert_success(&diff("2", &empty, true));
    assert_eq!(peft_config(&empty)["r"], 2);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn force_replaces_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.npy");
    write_matrix(&input, 12, 8, 1);
    let fifo = dir.path().join("fifo.npz");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A link to a device: replacing would need --force and must still be refused.
    let device_link = dir.path().join("full.npz");
    std::os::unix::fs::symlink("/dev/full", &device_link).unwrap();
    let folder = dir.path().join("folder.npz");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("kept.txt"), "kept").unwrap();
    for (out, what) in [
        (&fifo, "FIFO"),
        (&device_link, "character device"),
        (&folder, "folder"),
    ] {
        let output = run(&[
            "export",
            input.to_str().unwrap(),
            "--rank",
            "2",
            "--format",
            "npz",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ]);
        assert_refused(&output, &[out.to_str().unwrap(), what]);
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(
        std::fs::read_link(&device_link).unwrap(),
        Path::new("/dev/full")
    );
    assert_eq!(std::fs::read(folder.join("kept.txt")).unwrap(), b"kept");
}

#[test]
fn concurrent_exports_to_one_new_name_have_exactly_one_winner() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.npy");
    // Large enough that both processes pass the early check long before either publishes.
    write_matrix(&input, 300, 200, 3);
    for pair in 0..8 {
        let out = dir.path().join(format!("out{pair}.npz"));
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(BINARY)
                    .args(["export", input.to_str().unwrap(), "--rank", "5"])
                    .args(["--format", "npz", "--out", out.to_str().unwrap()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let winners = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(winners, 1, "pair {pair}: {winners} exports succeeded");
        let loser = outputs.iter().find(|o| !o.status.success()).unwrap();
        assert_refused(loser, &["already exists", out.to_str().unwrap()]);
        let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
        let u: Array2<f64> = npz.by_name("U").unwrap();
        let vt: Array2<f64> = npz.by_name("Vt").unwrap();
        assert_eq!((u.dim(), vt.dim()), ((300, 5), (5, 200)));
    }
    assert!(leftovers(dir.path()).is_empty());
    // Folders too: four pairs of PEFT adapters to one new folder each.
    let base = dir.path().join("base.safetensors");
    let tuned = dir.path().join("tuned.safetensors");
    write_pair(&base, &tuned, 160);
    for pair in 0..4 {
        let out = dir.path().join(format!("adapter{pair}"));
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(BINARY)
                    .args(["diff", base.to_str().unwrap(), tuned.to_str().unwrap()])
                    .args(["--rank", "4", "--format", "peft", "--out"])
                    .arg(&out)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let winners = outputs.iter().filter(|o| o.status.success()).count();
        assert_eq!(
            winners, 1,
            "adapter pair {pair}: {winners} exports succeeded"
        );
        let loser = outputs.iter().find(|o| !o.status.success()).unwrap();
        assert_refused(loser, &["already exists"]);
        assert_eq!(
            names_in(&out),
            ["adapter_config.json", "adapter_model.safetensors"]
        );
        assert_eq!(peft_config(&out)["r"], 4);
    }
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn outputs_get_ordinary_permissions_and_force_keeps_the_old_mode() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.npy");
    write_matrix(&input, 12, 8, 1);
    let base = dir.path().join("base.safetensors");
    let tuned = dir.path().join("tuned.safetensors");
    write_pair(&base, &tuned, 16);
    for (umask, file_mode, folder_mode) in [
        ("022", 0o644, 0o755),
        ("077", 0o600, 0o700),
        ("027", 0o640, 0o750),
    ] {
        let setup = format!("umask {umask}");
        let out = dir.path().join(format!("u{umask}.npz"));
        let output = run_after(
            &setup,
            &[
                "export",
                input.to_str().unwrap(),
                "--rank",
                "2",
                "--format",
                "npz",
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_success(&output);
        assert_eq!(mode_of(&out), file_mode, "umask {umask}: {out:?}");
        let adapter = dir.path().join(format!("adapter{umask}"));
        let output = run_after(
            &setup,
            &[
                "diff",
                base.to_str().unwrap(),
                tuned.to_str().unwrap(),
                "--rank",
                "2",
                "--format",
                "peft",
                "--out",
                adapter.to_str().unwrap(),
            ],
        );
        assert_success(&output);
        assert_eq!(mode_of(&adapter), folder_mode, "umask {umask}: the folder");
        for name in ["adapter_model.safetensors", "adapter_config.json"] {
            assert_eq!(
                mode_of(&adapter.join(name)),
                file_mode,
                "umask {umask}: {name}"
            );
        }
    }
    // --force keeps what the replaced output had, whatever the umask says.
    let out = dir.path().join("u022.npz");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = run_after(
        "umask 022",
        &[
            "export",
            input.to_str().unwrap(),
            "--rank",
            "3",
            "--format",
            "npz",
            "--out",
            out.to_str().unwrap(),
            "--force",
        ],
    );
    assert_success(&output);
    assert_eq!(mode_of(&out), 0o640);
    let mut npz = NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: ndarray::Array1<f64> = npz.by_name("S").unwrap();
    assert_eq!(s.len(), 3, "not replaced");
    let adapter = dir.path().join("adapter022");
    std::fs::set_permissions(&adapter, std::fs::Permissions::from_mode(0o750)).unwrap();
    let weights = adapter.join("adapter_model.safetensors");
    std::fs::set_permissions(&weights, std::fs::Permissions::from_mode(0o640)).unwrap();
    let output = run_after(
        "umask 022",
        &[
            "diff",
            base.to_str().unwrap(),
            tuned.to_str().unwrap(),
            "--rank",
            "3",
            "--format",
            "peft",
            "--out",
            adapter.to_str().unwrap(),
            "--force",
        ],
    );
    assert_success(&output);
    assert_eq!(peft_config(&adapter)["r"], 3);
    assert_eq!(mode_of(&adapter), 0o750);
    assert_eq!(mode_of(&weights), 0o640);
    assert_eq!(mode_of(&adapter.join("adapter_config.json")), 0o644);
}

/// One export per format: the arguments before `--out`, for an output of a few hundred bytes
/// (`small`) and one of more than 16 KiB (`large`).
struct FormatCase {
    format: &'static str,
    small: Vec<String>,
    large: Vec<String>,
}

/// Inputs for [`format_cases`] in `dir`, and the cases.
fn format_cases(dir: &Path) -> Vec<FormatCase> {
    let small = dir.join("small.npy");
    let large = dir.join("large.npy");
    write_matrix(&small, 8, 6, 1);
    write_matrix(&large, 400, 300, 2);
    let small_png = dir.join("small.png");
    let large_png = dir.join("large.png");
    write_noise_png(&small_png, 8);
    write_noise_png(&large_png, 200);
    let small_base = dir.join("small_base.safetensors");
    let small_tuned = dir.join("small_tuned.safetensors");
    write_pair(&small_base, &small_tuned, 8);
    let large_base = dir.join("large_base.safetensors");
    let large_tuned = dir.join("large_tuned.safetensors");
    write_pair(&large_base, &large_tuned, 256);
    let text = |p: &Path| p.to_str().unwrap().to_owned();
    let strings =
        |items: &[&str]| -> Vec<String> { items.iter().map(ToString::to_string).collect() };
    let mut cases = Vec::new();
    for format in ["npz", "safetensors", "lora", "csv", "json"] {
        cases.push(FormatCase {
            format,
            small: strings(&["export", &text(&small), "--rank", "1", "--format", format]),
            large: strings(&["export", &text(&large), "--rank", "60", "--format", format]),
        });
    }
    cases.push(FormatCase {
        format: "png",
        small: strings(&[
            "export",
            &text(&small_png),
            "--rank",
            "1",
            "--format",
            "png",
        ]),
        large: strings(&[
            "export",
            &text(&large_png),
            "--rank",
            "150",
            "--format",
            "png",
        ]),
    });
    for format in ["peft", "kohya"] {
        cases.push(FormatCase {
            format,
            small: strings(&[
                "diff",
                &text(&small_base),
                &text(&small_tuned),
                "--rank",
                "1",
                "--format",
                format,
            ]),
            large: strings(&[
                "diff",
                &text(&large_base),
                &text(&large_tuned),
                "--rank",
                "8",
                "--format",
                format,
            ]),
        });
    }
    cases.push(FormatCase {
        format: "compressed",
        small: strings(&[
            "scan",
            &text(&small_base),
            "--budget",
            "40",
            "--format",
            "compressed",
            "--json",
        ]),
        large: strings(&[
            "scan",
            &text(&large_base),
            "--budget",
            "20000",
            "--format",
            "compressed",
            "--json",
        ]),
    });
    cases
}

/// For every format: a small output is written in `target_dir`, then the large export over it
/// with `--force` runs under `setup` and must fail with exit 2, one line naming the output and
/// holding `reason`, no temporary file left, and the small output exactly as it was.
fn assert_write_failures_are_clean(inputs: &Path, target_dir: &Path, setup: &str, reason: &str) {
    for case in format_cases(inputs) {
        let out = target_dir.join(format!("out-{}", case.format));
        let out_text = out.to_str().unwrap().to_owned();
        let mut small = case.small.clone();
        small.extend(["--out".to_owned(), out_text.clone()]);
        let small: Vec<&str> = small.iter().map(String::as_str).collect();
        assert_success(&run(&small));
        let before = if out.is_dir() {
            snapshot(&out)
        } else {
            BTreeMap::from([(PathBuf::new(), std::fs::read(&out).unwrap())])
        };
        let mut large = case.large.clone();
        large.extend(["--out".to_owned(), out_text.clone(), "--force".to_owned()]);
        let large: Vec<&str> = large.iter().map(String::as_str).collect();
        let output = run_after(setup, &large);
        let line = assert_refused(&output, &[&out_text, reason]);
        assert!(!line.contains("ZipWriter"), "{}: {line}", case.format);
        let after = if out.is_dir() {
            snapshot(&out)
        } else {
            BTreeMap::from([(PathBuf::new(), std::fs::read(&out).unwrap())])
        };
        assert!(
            after == before,
            "{}: the previous output changed",
            case.format
        );
        assert!(
            leftovers(target_dir).is_empty(),
            "{}: left {:?}",
            case.format,
            leftovers(target_dir)
        );
        if out.is_dir() {
            std::fs::remove_dir_all(&out).unwrap();
        } else {
            std::fs::remove_file(&out).unwrap();
        }
    }
}

#[test]
fn a_write_error_fails_cleanly_in_every_format() {
    // A file-size limit makes the kernel refuse writes past 8 KiB with EFBIG, on any file
    // system and without privileges (SIGXFSZ ignored, so the write returns the error).
    let inputs = tempfile::tempdir().unwrap();
    let outputs = tempfile::tempdir().unwrap();
    assert_write_failures_are_clean(
        inputs.path(),
        outputs.path(),
        "trap '' XFSZ; ulimit -f 16",
        "File too large",
    );
}

/// A tmpfs of 16 KiB mounted on a fresh folder, unmounted on drop.
struct TinyFileSystem {
    folder: tempfile::TempDir,
}

impl TinyFileSystem {
    fn mount() -> Result<Self, String> {
        let folder = tempfile::tempdir().unwrap();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
            .arg(folder.path())
            .output()
            .map_err(|e| e.to_string())?;
        if output.status.success() {
            Ok(Self { folder })
        } else {
            Err(stderr_of(&output).trim().to_owned())
        }
    }
}

impl Drop for TinyFileSystem {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.folder.path()).status();
    }
}

#[test]
fn a_full_disk_fails_cleanly_in_every_format() {
    let tiny = match TinyFileSystem::mount() {
        Ok(tiny) => tiny,
        Err(why) => {
            // Containers often forbid mount(2); the unit tests inject ENOSPC instead.
            eprintln!("skipped: cannot mount a 16 KiB tmpfs here ({why})");
            return;
        }
    };
    let inputs = tempfile::tempdir().unwrap();
    assert_write_failures_are_clean(
        inputs.path(),
        tiny.folder.path(),
        "true",
        "No space left on device",
    );
}
