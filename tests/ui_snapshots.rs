//! The window as pictures: each view at the sizes people use, rendered headless (egui_kittest's
//! wgpu renderer on Mesa's software OpenGL) and compared with tests/snapshots/*.png.
//!
//! A change to the layout fails here until the pictures are looked at and renewed with
//! `UPDATE_SNAPSHOTS=1 cargo test --test ui_snapshots` (the diff of the PNGs is then part of
//! the commit), so what the README's screenshots show cannot drift away from the code
//! unnoticed. Timings are left out of the window (`StartOptions::reproducible`).
//!
//! They need Mesa's OpenGL (Debian: libegl1, libgl1-mesa-dri), which `cargo test` on a fresh
//! machine may lack, so they are ignored there; `.ci/run` installs Mesa and runs them with
//! `cargo test --test ui_snapshots -- --ignored`.
#![allow(clippy::unwrap_used)]

use egui_kittest::{Harness, SnapshotOptions};
use rankscope::app::{RankscopeApp, StartOptions, StartView};
use std::time::{Duration, Instant};

/// The window on `options` at `size` points, once what it opens is analysed and laid out.
fn window(options: StartOptions, size: [u16; 2]) -> Harness<'static, RankscopeApp> {
    window_when(options, size, |app| app.decomposition().is_some())
}

/// The window on `options` at `size` points, once `ready` holds, no job runs and the layout
/// has settled.
fn window_when(
    options: StartOptions,
    size: [u16; 2],
    ready: impl Fn(&RankscopeApp) -> bool,
) -> Harness<'static, RankscopeApp> {
    let options = StartOptions {
        reproducible: true,
        ..options
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(f32::from(size[0]), f32::from(size[1])))
        .with_theme(egui::Theme::Dark)
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()));
    let deadline = Instant::now() + Duration::from_mins(2);
    while !ready(harness.state()) || harness.state().is_busy() {
        assert!(
            Instant::now() < deadline,
            "the window never finished opening"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // Plots and panels settle their sizes over a few frames.
    harness.run_steps(8);
    harness
}

/// Compares with tests/snapshots/`name`.png. Per pixel, egui's default tolerance; over the
/// picture, at most 0.05 % of the pixels may differ (anti-aliased edges rasterised by another
/// Mesa version), far fewer than any moved label or panel changes.
fn assert_looks_like(harness: &mut Harness<'static, RankscopeApp>, name: &str, size: [u16; 2]) {
    let pixels = usize::from(size[0]) * usize::from(size[1]);
    harness.snapshot_options(
        name,
        &SnapshotOptions::new().max_failed_pixels(pixels / 2000),
    );
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_photo_at_1024x700() {
    let mut harness = window(StartOptions::default(), [1024, 700]);
    assert_looks_like(&mut harness, "photo-1024x700", [1024, 700]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_photo_at_1366x768() {
    let mut harness = window(StartOptions::default(), [1366, 768]);
    assert_looks_like(&mut harness, "photo-1366x768", [1366, 768]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_teaching_view_at_1366x768() {
    let options = StartOptions {
        view: StartView::Teaching,
        ..StartOptions::default()
    };
    let mut harness = window(options, [1366, 768]);
    assert_looks_like(&mut harness, "teaching-1366x768", [1366, 768]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_geometry_view_at_1366x768() {
    let options = StartOptions {
        view: StartView::Geometry,
        plane_matrix: Some([[1.0, 2.0], [3.0, 4.0]]),
        ..StartOptions::default()
    };
    let mut harness = window(options, [1366, 768]);
    assert_looks_like(&mut harness, "geometry-1366x768", [1366, 768]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn presenter_mode_at_1280x800() {
    let options = StartOptions {
        present: true,
        ..StartOptions::default()
    };
    let mut harness = window(options, [1280, 800]);
    assert_looks_like(&mut harness, "presenter-1280x800", [1280, 800]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_lesson_at_1366x768() {
    let options = StartOptions {
        view: StartView::Lesson,
        ..StartOptions::default()
    };
    let mut harness = window(options, [1366, 768]);
    assert_looks_like(&mut harness, "lesson-1366x768", [1366, 768]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn the_denoising_demo_at_1366x768() {
    let options = StartOptions {
        view: StartView::Denoise,
        ..StartOptions::default()
    };
    let mut harness = window(options, [1366, 768]);
    // The experiment runs on its own job after the photo's analysis.
    let deadline = Instant::now() + Duration::from_mins(1);
    while harness.state().is_busy() {
        assert!(Instant::now() < deadline, "the demo never finished");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(8);
    assert_looks_like(&mut harness, "denoise-1366x768", [1366, 768]);
}

#[test]
#[ignore = "needs Mesa's OpenGL; .ci/run installs it and runs these"]
fn an_adapters_model_view_at_1366x768() {
    // Relative (cargo runs tests in the package root): the title shows the path, and the
    // picture must not depend on where the checkout is.
    let folder = std::path::PathBuf::from("tests/fixtures/adapters/peft");
    let options = StartOptions {
        path: Some(folder),
        view: StartView::Model,
        ..StartOptions::default()
    };
    let mut harness = window_when(options, [1366, 768], |app| {
        app.model().is_some_and(|model| model.finished)
    });
    assert_looks_like(&mut harness, "model-adapter-1366x768", [1366, 768]);
}
