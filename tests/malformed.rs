//! The malformed-input corpus (tests/common/malformed.rs) end to end: every case gives exit
//! status 2 and one stderr line naming the file and the problem, no panic, within 5 s, and
//! the whole run stays within a memory bound. The same corpus through the library loads
//! every matrix of each file and must refuse it. (The app's side is in tests/ui.rs.) Beside
//! it, hostile files that are valid must load, quickly and in bounded memory, with the
//! numbers an independent reference gives.
//!
//! This binary holds only these tests so the children's peak memory it measures is theirs.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use common::malformed::{Case, corpus, fixture, npy_bytes, write_sparse};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Peak resident memory any rankscope child may reach on a malformed input. The corpus
/// holds headers that claim terabytes; all must be refused before allocating.
const CHILD_RSS_LIMIT_MIB: i64 = 256;

/// The longest message: one line that quotes at most ~200 characters of any name or field.
const MESSAGE_LIMIT_CHARS: usize = 1_500;

fn rankscope() -> Command {
    Command::cargo_bin("rankscope").unwrap()
}

/// Checks the contract for one case run as `command`: status 2, one line naming the file
/// and one of the case's phrases, nothing on stdout, no panic, within 5 s.
fn check_refused(command: &mut Command, case: &Case) -> Result<(), String> {
    let started = Instant::now();
    let output = command.timeout(Duration::from_secs(5)).output().unwrap();
    let elapsed = started.elapsed();
    let shown = case.path.display();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let file_name = case.path.file_name().unwrap().to_str().unwrap();
    if output.status.code() != Some(2) {
        return Err(format!(
            "{shown}: status {:?} after {elapsed:?}, stderr {stderr}",
            output.status
        ));
    }
    if stderr.lines().count() != 1 {
        return Err(format!("{shown}: not one line: {stderr}"));
    }
    if !stderr.contains(file_name) {
        return Err(format!(
            "{shown}: the message does not name the file: {stderr}"
        ));
    }
    if !case.phrases.iter().any(|p| stderr.contains(p)) {
        return Err(format!(
            "{shown}: expected one of {:?} in: {stderr}",
            case.phrases
        ));
    }
    if stderr.contains("panicked") || !output.stdout.is_empty() {
        return Err(format!("{shown}: panicked or wrote to stdout: {stderr}"));
    }
    let line = stderr.trim_end_matches('\n');
    if line.chars().count() > MESSAGE_LIMIT_CHARS {
        return Err(format!(
            "{shown}: a message of {} characters: {}…",
            line.chars().count(),
            line.chars().take(300).collect::<String>()
        ));
    }
    if line.chars().any(char::is_control) {
        return Err(format!(
            "{shown}: control characters reach the terminal: {line:?}"
        ));
    }
    Ok(())
}

/// Fails with every problem found, not just the first.
fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Peak RSS in MiB of the largest child this process has waited for.
fn children_peak_rss_mib() -> i64 {
    // SAFETY: getrusage only writes the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &raw mut usage) };
    assert_eq!(status, 0);
    usage.ru_maxrss / 1024
}

#[test]
fn every_malformed_input_exits_2_with_one_clear_line_quickly_and_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let cases = corpus(dir.path());
    assert!(cases.len() > 100, "only {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| check_refused(rankscope().arg("analyze").arg(&case.path), case).err())
        .collect();
    assert_no_failures(&failures);
    // `info` reads headers only: whatever it accepts, it must never crash or hang, and what
    // it refuses follows the same contract.
    for case in &cases {
        let output = rankscope()
            .arg("info")
            .arg(&case.path)
            .timeout(Duration::from_secs(5))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            matches!(output.status.code(), Some(0 | 2)),
            "{}: info status {:?}: {stderr}",
            case.path.display(),
            output.status
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let peak = children_peak_rss_mib();
    eprintln!(
        "{} cases; the largest child peaked at {peak} MiB",
        cases.len()
    );
    assert!(
        peak <= CHILD_RSS_LIMIT_MIB,
        "a child reached {peak} MiB on a malformed input (limit {CHILD_RSS_LIMIT_MIB})"
    );
}

#[test]
fn the_library_refuses_every_malformed_file_when_loading_every_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for case in corpus(dir.path()) {
        let started = Instant::now();
        // On a thread, so that a load that blocks (a FIFO opened for reading) fails the test
        // instead of hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        let path = case.path.clone();
        std::thread::Builder::new()
            .name("load".to_owned())
            .spawn(move || {
                let outcome =
                    std::panic::catch_unwind(|| rankscope::source::load_every_matrix(&path));
                let _ = sender.send(outcome);
            })
            .unwrap();
        let shown = case.path.display();
        let Ok(outcome) = receiver.recv_timeout(Duration::from_secs(5)) else {
            failures.push(format!("{shown}: still loading after 5 s"));
            continue;
        };
        let took = started.elapsed();
        match outcome {
            Err(_) => failures.push(format!("{shown}: the loader panicked")),
            Ok(Ok(count)) => failures.push(format!(
                "{shown}: loaded {count} matrices without complaint"
            )),
            Ok(Err(error)) => {
                let message = error.to_string();
                if !case.phrases.iter().any(|p| message.contains(p)) {
                    failures.push(format!(
                        "{shown}: expected one of {:?} in: {message}",
                        case.phrases
                    ));
                }
            }
        }
        if took > Duration::from_secs(5) {
            failures.push(format!("{shown}: took {took:?}"));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn an_unreadable_file_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.npy");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/float32.npy"),
        &path,
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let case = Case {
        path: path.clone(),
        phrases: vec!["cannot read", "ermission denied"],
    };
    let binary = assert_cmd::cargo::cargo_bin("rankscope");
    // SAFETY: geteuid has no preconditions.
    let mut command = if unsafe { libc::geteuid() } == 0 {
        // Root reads any file: run as nobody, as a user would be.
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        command.arg(&binary);
        command
    } else {
        Command::new(&binary)
    };
    command.arg("analyze").arg(&path);
    assert_no_failures(
        &check_refused(&mut command, &case)
            .err()
            .into_iter()
            .collect::<Vec<_>>(),
    );
}

/// Runs `args` with the 5 s hang guard; returns (status, stdout, stderr).
fn run_guarded(args: &[&std::ffi::OsStr]) -> (Option<i32>, String, String) {
    let output = rankscope()
        .args(args)
        .timeout(Duration::from_secs(5))
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn singular_values(json: &str) -> Vec<f64> {
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    report["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn hostile_but_valid_files_load_quickly_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // A JPEG followed by 2.5 GiB of zeros (sparse): what follows the end-of-image marker is
    // not part of the picture (as libjpeg and Pillow read it); its σ are numpy's of
    // Pillow's decode, within the JPEG tolerance of tests/loaders.rs.
    let jpeg = dir.path().join("tail.jpg");
    write_sparse(&jpeg, &fixture("rgb8.jpg"), 5 << 29);
    let (status, stdout, stderr) =
        run_guarded(&["analyze".as_ref(), jpeg.as_os_str(), "--json".as_ref()]);
    assert_eq!(status, Some(0), "{stderr}");
    let expected: serde_json::Value = serde_json::from_slice(&fixture("expected.json")).unwrap();
    let numpy: Vec<f64> = expected["rgb8.jpg"]["luma"]["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let ours = singular_values(&stdout);
    assert_eq!(ours.len(), numpy.len());
    for (got, want) in ours.iter().zip(&numpy) {
        assert!(
            (got - want).abs() <= 2e-2 * numpy[0],
            "σ {got} vs numpy {want}"
        );
    }

    // An index of 100 000 entries, all in one shard: listed whole, and any entry loads.
    // Tensor i is the 1 × 1 matrix [i], so its only σ is i. (Listing takes about 1.2 KB a
    // tensor, most of it the safetensors crate's parse of the shard's header; 200 000 would
    // pass this binary's memory bound for children.)
    let folder = dir.path().join("wide_model");
    std::fs::create_dir(&folder).unwrap();
    let count = 100_000usize;
    let shard = "model-00001-of-00001.safetensors";
    let mut header = serde_json::Map::new();
    let mut weight_map = serde_json::Map::new();
    for i in 0..count {
        let name = format!("layers.{i}.weight");
        header.insert(
            name.clone(),
            serde_json::json!({"dtype": "F32", "shape": [1, 1], "data_offsets": [4 * i, 4 * i + 4]}),
        );
        weight_map.insert(name, shard.into());
    }
    let text = serde_json::Value::Object(header).to_string();
    let mut bytes = (text.len() as u64).to_le_bytes().to_vec();
    bytes.extend(text.as_bytes());
    bytes.extend((0..count).flat_map(|i| (i as f32).to_le_bytes()));
    std::fs::write(folder.join(shard), bytes).unwrap();
    std::fs::write(
        folder.join("model.safetensors.index.json"),
        serde_json::json!({"metadata": {}, "weight_map": weight_map}).to_string(),
    )
    .unwrap();
    let (status, stdout, stderr) = run_guarded(&["info".as_ref(), folder.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(
        stdout.lines().filter(|l| l.contains("layers.")).count(),
        count
    );
    let (status, stdout, stderr) = run_guarded(&[
        "analyze".as_ref(),
        folder.as_os_str(),
        "--tensor".as_ref(),
        "layers.65432.weight".as_ref(),
        "--json".as_ref(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(singular_values(&stdout), [65_432.0]);

    let peak = children_peak_rss_mib();
    assert!(
        peak <= CHILD_RSS_LIMIT_MIB,
        "a child reached {peak} MiB (limit {CHILD_RSS_LIMIT_MIB})"
    );
}

#[test]
fn listing_pytorch_and_gguf_files_reads_no_tensor_data() {
    // 16384 × 32768 f32 (2 GiB, sparse) in a legacy PyTorch file and in a GGUF file: listed
    // from their headers, well within this binary's memory bound for children, which reading
    // the tensor would pass eight times over.
    let dir = tempfile::tempdir().unwrap();
    let (rows, cols) = (16_384_u64, 32_768_u64);
    let bytes = rows * cols * 4;
    let legacy = dir.path().join("big.pt");
    let header = common::malformed::legacy_torch_header(rows.cast_signed(), cols.cast_signed());
    write_sparse(&legacy, &header, header.len() as u64 + bytes);
    let gguf = dir.path().join("big.gguf");
    let header = common::malformed::gguf_bytes(&[], 0, &[("w", &[cols, rows], 0, 0)], &[]);
    write_sparse(&gguf, &header, header.len() as u64 + bytes);
    for path in [&legacy, &gguf] {
        let (status, stdout, stderr) = run_guarded(&["info".as_ref(), path.as_os_str()]);
        assert_eq!(status, Some(0), "{stderr}");
        assert!(stdout.contains("16384 × 32768"), "{stdout}");
    }
    let peak = children_peak_rss_mib();
    assert!(
        peak <= CHILD_RSS_LIMIT_MIB,
        "a child reached {peak} MiB (limit {CHILD_RSS_LIMIT_MIB})"
    );
}

#[test]
fn a_matrix_whose_svd_cannot_fit_is_refused_from_its_header_naming_the_file() {
    // 1 × 2³¹ uint8 (2 GiB, sparse): its f32 working copy (8 GiB) may fit, its SVD's
    // workspace does not; refused before a byte of it is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.npy");
    let header = npy_bytes("|u1", "(1, 2147483648)", &[]);
    write_sparse(&path, &header, header.len() as u64 + (1 << 31));
    let case = Case {
        path: path.clone(),
        phrases: vec!["the SVD of `wide` (1 × 2147483648, f32, with its working copy) needs"],
    };
    let out = dir.path().join("factors.npz");
    let out = out.to_str().unwrap();
    let export: &[&str] = &["export", "--rank", "1", "--format", "npz", "--out", out];
    let failures: Vec<String> = [&["analyze"][..], export]
        .iter()
        .filter_map(|args| check_refused(rankscope().args(*args).arg(&path), &case).err())
        .collect();
    assert_no_failures(&failures);
    let (status, stdout, stderr) = run_guarded(&["info".as_ref(), path.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("1 × 2147483648"), "{stdout}");
}

#[test]
fn names_from_files_are_listed_with_control_characters_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("escapes.safetensors");
    std::fs::write(
        &path,
        common::malformed::safetensors_named(&["\x1b[2J\x1b[Hcleared", "\u{202e}desrever"], 1.0),
    )
    .unwrap();
    let (status, stdout, stderr) = run_guarded(&["info".as_ref(), path.as_os_str()]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(
        stdout.contains("\\u{1b}[2J\\u{1b}[Hcleared") && stdout.contains("\\u{202e}desrever"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\x1b') && !stdout.contains('\u{202e}'),
        "{stdout:?}"
    );
    // The JSON listing keeps the names exact (JSON escapes them itself).
    let (status, stdout, _) = run_guarded(&["info".as_ref(), path.as_os_str(), "--json".as_ref()]);
    assert_eq!(status, Some(0));
    let listing: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(listing["matrices"][0]["name"], "\x1b[2J\x1b[Hcleared");
    // The text report of one of them.
    let (status, stdout, stderr) = run_guarded(&[
        "analyze".as_ref(),
        path.as_os_str(),
        "--tensor".as_ref(),
        "\x1b[2J\x1b[Hcleared".as_ref(),
    ]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("› \\u{1b}[2J\\u{1b}[Hcleared"), "{stdout}");
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
}
