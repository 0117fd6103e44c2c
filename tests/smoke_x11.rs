//! Smoke test of the real window: needs an X display (CI runs it under Xvfb with
//! `xvfb-run -a cargo test --test smoke_x11 -- --ignored`), so it is ignored by default.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_rankscope")
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn wait_with_timeout(
    child: &mut std::process::Child,
    limit: Duration,
) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[test]
#[ignore = "needs an X display: run under xvfb-run with --ignored"]
fn window_opens_a_file_stays_alive_and_renders_it() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run under xvfb-run"
    );
    let file = fixture("rgb8.png");
    // A settings folder of its own: the window restores its size and zoom from the last
    // session, and a developer's last session must not decide this test's picture.
    let settings = tempfile::tempdir().unwrap();

    // Stays alive: after 3 s the window is still running (no crash, no early exit).
    let mut child = Command::new(binary())
        .arg(&file)
        .env("XDG_DATA_HOME", settings.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let early = wait_with_timeout(&mut child, Duration::from_secs(3));
    if early.is_none() {
        child.kill().unwrap();
        child.wait().unwrap();
    }
    assert!(early.is_none(), "the app exited early: {early:?}");

    // Renders: a screenshot of the window, taken once the file is analysed, is not blank.
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("window.png");
    let mut child = Command::new(binary())
        .arg(&file)
        .env("XDG_DATA_HOME", settings.path())
        .arg("--screenshot")
        .arg(&shot)
        .spawn()
        .unwrap();
    let status = wait_with_timeout(&mut child, Duration::from_mins(2));
    if status.is_none() {
        child.kill().unwrap();
    }
    assert!(
        status.is_some_and(|s| s.success()),
        "no screenshot: {status:?}"
    );
    let image = image::open(&shot).unwrap().to_rgba8();
    assert!(
        image.width() >= 800 && image.height() >= 600,
        "{}×{}",
        image.width(),
        image.height()
    );
    let mut colours: Vec<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 500,
        "only {} distinct colours: blank window?",
        colours.len()
    );
}
