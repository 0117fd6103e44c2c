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
        // LoRA adapters are safetensors files recognised by their tensor names.
        "adapter" => ("safetensors", bytes),
        other => (other, bytes),
    };
    let path = scratch.join(format!("input.{extension}"));
    std::fs::write(&path, content).unwrap();
    Some(path)
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
        let outcome = std::panic::catch_unwind(|| rankscope::source::load_every_matrix(&path));
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
