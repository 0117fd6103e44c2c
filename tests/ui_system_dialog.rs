//! The system file dialog path, driven for real: rfd is pointed at a session bus that does
//! not exist (so its portal call fails at once) and at a stand-in `zenity` on PATH that waits
//! a moment and answers with a path. That is rfd's own fallback, so the dialog job runs as it
//! does on a desktop, without one: asking for a path must not cancel a load, a file dropped
//! meanwhile must not discard the answer, and with no zenity either the window must say so
//! and open its own browser.
//!
//! One test in its own binary: it sets environment variables, which no other thread may
//! read at the same time.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rankscope::app::{Command, RankscopeApp};
use std::path::{Path, PathBuf};

mod window;
use window::step_until;

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    window::app(window::opening(path), [1024.0, 700.0])
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    path
}

fn shows(app: &RankscopeApp, name: &str) -> bool {
    app.decomposition().is_some_and(|d| d.label.contains(name))
}

/// A file dropped on the window, as the integration hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn the_system_dialog_never_cancels_a_load_and_its_failure_opens_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let answer = dir.path().join("answer");
    let zenity = bin.join("zenity");
    // Waits (the user choosing), then answers with the prepared path.
    std::fs::write(
        &zenity,
        format!("#!/bin/sh\nsleep 1\ncat '{}'\n", answer.display()),
    )
    .unwrap();
    let executable = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&zenity, executable).unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.clone()];
    paths.extend(std::env::split_paths(&path));
    // SAFETY: the only test of this binary, before it starts any thread of its own.
    unsafe {
        std::env::set_var("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        std::env::set_var("PATH", std::env::join_paths(paths).unwrap());
    }

    let first = copy_fixture(dir.path(), "float32.npy");
    let second = copy_fixture(dir.path(), "float64.npy");
    let third = copy_fixture(dir.path(), "int16.npy");
    let mut harness = app_for(&first);
    step_until(&mut harness, "the first matrix", |app| {
        shows(app, "float32.npy") && !app.is_busy()
    });

    // A load and a save dialog in the same frame: the load goes on while the dialog is up.
    let out = dir.path().join("factors.npz");
    std::fs::write(&answer, format!("{}\n", out.display())).unwrap();
    harness.state_mut().send(Command::Open(second));
    harness
        .state_mut()
        .send(Command::PickExportPath(rankscope::export::Format::Npz));
    step_until(&mut harness, "the second file", |app| {
        shows(app, "float64.npy")
    });
    // A file dropped while the dialog is still up: opened, and the dialog's answer kept.
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(third)));
    step_until(&mut harness, "the export", |app| {
        app.notices().iter().any(|n| n.contains("factors.npz"))
    });
    assert!(out.exists());
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
    step_until(&mut harness, "the dropped file", |app| {
        shows(app, "int16.npy") && !app.is_busy()
    });

    // No zenity either: no dialog can be shown. The window says so and asks itself.
    std::fs::remove_file(&zenity).unwrap();
    harness
        .state_mut()
        .send(Command::PickExportPath(rankscope::export::Format::Npz));
    step_until(&mut harness, "the fallback", |app| {
        app.notices()
            .iter()
            .any(|n| n.contains("built-in file browser"))
    });
    harness.step();
    harness.get_by_label("Save the npz export as");
}
