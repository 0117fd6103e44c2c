//! What the window tests share: the app in an egui_kittest harness (no GPU, no display), and
//! stepping it until something holds.
#![allow(dead_code)] // each test binary uses part of it

use egui_kittest::Harness;
use rankscope::app::{RankscopeApp, StartOptions};
use std::path::Path;
use std::time::{Duration, Instant};

/// The app started with `options` in a window of `size` points.
pub fn app(options: StartOptions, size: [f32; 2]) -> Harness<'static, RankscopeApp> {
    Harness::builder()
        .with_size(egui::vec2(size[0], size[1]))
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()))
}

/// Start options that open `path`, everything else as the command line's defaults.
pub fn opening(path: &Path) -> StartOptions {
    StartOptions {
        path: Some(path.to_owned()),
        ..StartOptions::default()
    }
}

/// Steps the app until `done` holds (failing after 30 s, naming `what`), then two frames more
/// so that what it changed is laid out and drawn.
pub fn step_until(
    harness: &mut Harness<'_, RankscopeApp>,
    what: &str,
    done: impl Fn(&RankscopeApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.step();
    harness.step();
}
