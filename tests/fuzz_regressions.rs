//! Every fuzzing seed and every input a fuzzer ever broke rankscope with (fuzz/seeds/,
//! fuzz/regressions/, one folder per target) goes through the same path as the fuzz
//! targets, `source::load_every_matrix`, under the target's file extension: no panic, an
//! answer within 5 s. Regressions must also be refused with a message naming the file.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The extension each target gives its input (the image target's first byte picks one,
/// as in fuzz/fuzz_targets/image.rs).
fn input_file(target: &str, bytes: &[u8], scratch: &Path) -> Option<PathBuf> {
    let (extension, content) = match target {
        "image" => {
            let (&pick, rest) = bytes.split_first()?;
            let extensions = ["png", "jpg", "webp", "bmp", "tiff"];
            (extensions[usize::from(pick) % extensions.len()], rest)
        }
        // LoRA adapters are safetensors files recognised by their tensor names, or the same
        // through PyTorch's reader (fuzz/fuzz_targets/adapter_bin.rs).
        "adapter" => ("safetensors", bytes),
        "adapter_bin" => ("bin", bytes),
        other => (other, bytes),
    };
    let path = scratch.join(format!("input.{extension}"));
    std::fs::write(&path, content).unwrap();
    Some(path)
}

/// What the adapter targets do after loading (fuzz/src/lib.rs): every module's ΔW
/// decomposed from its factors; returns how many were.
fn decompose_every_module(path: &Path) -> usize {
    let Ok(source) = rankscope::source::open(path) else {
        return 0;
    };
    let mut decomposed = 0;
    for entry in source.entries() {
        if let Ok(Some(factored)) = source.factored(&entry.name)
            && factored
                .factors(&rankscope::linalg::JobControl::new())
                .is_ok()
        {
            decomposed += 1;
        }
    }
    decomposed
}

fn inputs(folder: &str) -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(folder);
    let mut found = Vec::new();
    for target in std::fs::read_dir(&root).unwrap() {
        let target = target.unwrap();
        let name = target.file_name().into_string().unwrap();
        for input in std::fs::read_dir(target.path()).unwrap() {
            found.push((name.clone(), input.unwrap().path()));
        }
    }
    found.sort();
    found
}

fn check(folder: &str, must_refuse: bool) -> usize {
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let all = inputs(folder);
    for (target, input) in &all {
        let bytes = std::fs::read(input).unwrap();
        let Some(path) = input_file(target, &bytes, scratch.path()) else {
            continue;
        };
        let started = Instant::now();
        let adapter = target.starts_with("adapter");
        let outcome = std::panic::catch_unwind(|| {
            let loaded = rankscope::source::load_every_matrix(&path);
            if adapter && loaded.is_ok() {
                decompose_every_module(&path);
            }
            loaded
        });
        let took = started.elapsed();
        let shown = input.display();
        match outcome {
            Err(_) => failures.push(format!("{shown}: panicked")),
            Ok(Ok(_)) if must_refuse => failures.push(format!("{shown}: accepted")),
            Ok(Err(error)) if !error.to_string().contains("input.") => {
                failures.push(format!(
                    "{shown}: the message does not name the file: {error}"
                ));
            }
            Ok(_) => {}
        }
        if took > Duration::from_secs(5) {
            failures.push(format!("{shown}: took {took:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    all.len()
}

#[test]
fn every_seed_loads_or_is_refused_quickly_without_panicking() {
    assert!(check("seeds", false) >= 30);
}

#[test]
fn every_input_that_once_broke_a_loader_is_now_refused_quickly() {
    assert!(check("regressions", true) >= 1);
}

#[test]
fn the_pytorch_adapter_seeds_are_adapters_whose_modules_decompose() {
    // Seeds that missed the adapter path would fuzz only the plain PyTorch reader.
    let scratch = tempfile::tempdir().unwrap();
    let seeds = inputs("seeds");
    let mut checked = 0;
    for (_, input) in seeds.iter().filter(|(target, _)| target == "adapter_bin") {
        let bytes = std::fs::read(input).unwrap();
        let path = input_file("adapter_bin", &bytes, scratch.path()).unwrap();
        let source = rankscope::source::open(&path).unwrap();
        assert!(source.adapter().is_some(), "{}", input.display());
        assert!(decompose_every_module(&path) >= 1, "{}", input.display());
        checked += 1;
    }
    assert!(checked >= 3, "{checked}");
}
