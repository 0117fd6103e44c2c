//! The malformed-input corpus (tests/common/malformed.rs) end to end: every case gives exit
//! status 2 and one stderr line naming the file and the problem, no panic, within 5 s, and
//! the whole run stays within a memory bound. The same corpus through the library loads
//! every matrix of each file and must refuse it. (The app's side is in tests/ui.rs.)
//!
//! This binary holds only these tests so the children's peak memory it measures is theirs.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use common::malformed::{Case, corpus};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

/// Peak resident memory any rankscope child may reach on a malformed input. The corpus
/// holds headers that claim terabytes; all must be refused before allocating.
const CHILD_RSS_LIMIT_MIB: i64 = 256;

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
        let outcome = std::panic::catch_unwind(|| rankscope::source::load_every_matrix(&case.path));
        let shown = case.path.display();
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
