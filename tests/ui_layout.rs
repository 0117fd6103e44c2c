//! The window at real sizes (egui_kittest at 1024 × 700, the smallest common laptop screen
//! minus its bars): long messages, long paths and long names never push a control out of the
//! window; small values stay readable; every key press counts; the default rank never stores
//! more than the matrix; a checkpoint's list says what to do and shows the chosen tensor.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{geometric, with_singular_values};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ndarray_npy::write_npy;
use rankscope::app::catalog::Selection;
use rankscope::app::{Command, RankscopeApp, StartOptions};
use std::path::{Path, PathBuf};

mod window;
use window::step_until;

fn app_with(options: StartOptions) -> Harness<'static, RankscopeApp> {
    window::app(options, [WIDTH, HEIGHT])
}

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    app_with(window::opening(path))
}

const WIDTH: f32 = 1024.0;
const HEIGHT: f32 = 700.0;

fn window() -> egui::Rect {
    egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(WIDTH, HEIGHT))
}

fn analysed(app: &RankscopeApp) -> bool {
    app.decomposition().is_some() && !app.is_busy()
}

/// A 48 × 32 matrix with σ from 20 down to 0.02, times `scale`, saved as `name`.
fn planted_file(dir: &Path, name: &str, scale: f64) -> PathBuf {
    let path = dir.join(name);
    let a = with_singular_values(48, 32, &geometric(32, 20.0, 0.02), 1) * scale;
    write_npy(&path, &a).unwrap();
    path
}

/// A folder path of about `length` characters under `dir` (components of 60), created.
fn long_folder(dir: &Path, length: usize) -> PathBuf {
    let mut path = dir.to_owned();
    while path.as_os_str().len() < length {
        path.push("a_rather_long_folder_name_that_goes_on_and_on_for_a_while_xx");
    }
    std::fs::create_dir_all(&path).unwrap();
    path
}

fn assert_inside(what: &str, rect: egui::Rect) {
    assert!(
        window().contains_rect(rect),
        "{what} at {rect:?} is not inside the {WIDTH} × {HEIGHT} window"
    );
}

#[test]
fn a_long_error_wraps_keeps_its_dismiss_button_and_export_on_screen_and_esc_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = planted_file(dir.path(), "good.npy", 1.0);
    let mut harness = app_for(&good);
    step_until(&mut harness, "the analysis", analysed);
    // A missing file under a 2000-character path: its message quotes the path.
    let missing = long_folder(dir.path(), 2000).join("missing.npy");
    std::fs::remove_dir_all(missing.parent().unwrap()).unwrap();
    harness.state_mut().send(Command::Open(missing));
    step_until(&mut harness, "the error", |app| !app.errors().is_empty());
    assert!(harness.state().errors()[0].len() > 2000);
    assert_inside("Dismiss", harness.get_by_label("Dismiss").rect());
    assert_inside(
        "Export…",
        harness
            .get_by_role_and_label(Role::Button, "Export…")
            .rect(),
    );
    harness.key_press(egui::Key::Escape);
    harness.step();
    assert!(harness.state().errors().is_empty(), "Esc left the banner");
    assert!(harness.query_by_label("Dismiss").is_none());
}

#[test]
fn many_errors_show_one_banner_and_a_success_clears_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = planted_file(dir.path(), "good.npy", 1.0);
    let other = planted_file(dir.path(), "other.npy", 2.0);
    let mut harness = app_for(&good);
    step_until(&mut harness, "the analysis", analysed);
    for i in 0..8 {
        let bad = dir.path().join(format!("broken{i}.npy"));
        std::fs::write(&bad, b"\x93NUMPY garbage").unwrap();
        harness.state_mut().send(Command::Open(bad));
        step_until(&mut harness, "the error", |app| {
            app.errors().len() == i + 1 && !app.is_busy()
        });
    }
    // One banner: the latest message, the others counted.
    assert_eq!(harness.query_all_by_label("Dismiss").count(), 1);
    assert_eq!(
        harness.query_all_by_label_contains("broken7.npy").count(),
        1
    );
    assert_eq!(
        harness.query_all_by_label_contains("broken0.npy").count(),
        0
    );
    harness.get_by_label("+7 earlier");
    assert_inside("Dismiss", harness.get_by_label("Dismiss").rect());
    // Something else opens: the messages about the broken files go.
    harness.state_mut().send(Command::Open(other));
    step_until(&mut harness, "other.npy", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("other.npy"))
            && !app.is_busy()
    });
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
}

#[test]
fn progress_and_cancel_stay_in_the_window_beside_a_long_title_and_a_switch_shows() {
    let dir = tempfile::tempdir().unwrap();
    let folder = long_folder(dir.path(), 300);
    let path = folder.join("checkpoint.npz");
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    for (name, seed) in [("first", 1), ("second", 2)] {
        npz.add_array(
            name,
            &with_singular_values(300, 200, &geometric(200, 10.0, 0.1), seed),
        )
        .unwrap();
    }
    npz.finish().unwrap();
    let mut harness = app_with(StartOptions {
        path: Some(path.clone()),
        tensor: Some("first".into()),
        ..StartOptions::default()
    });
    step_until(&mut harness, "the first matrix", analysed);
    // The job starts in this frame's logic and is drawn in the same frame.
    harness
        .state_mut()
        .send(Command::Select(Selection::Entry("second".into())));
    harness.step();
    assert!(harness.state().is_busy());
    for cancel in harness.get_all_by_role_and_label(Role::Button, "Cancel") {
        assert_inside("Cancel", cancel.rect());
    }
    // The main area says that another matrix is on its way.
    harness.get_by_label_contains("still showing");
    step_until(&mut harness, "the second matrix", analysed);
    assert!(harness.query_by_label_contains("still showing").is_none());
}

#[test]
fn small_values_read_with_significant_digits() {
    let dir = tempfile::tempdir().unwrap();
    // A fine-tuning ΔW: entries of about 1e-4.
    let path = planted_file(dir.path(), "delta.npy", 1e-4);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    for collapsed in ["0.000", "-0.000", "\u{2212}0.000"] {
        assert_eq!(
            harness.query_all_by_label(collapsed).count(),
            0,
            "a colour bar reads {collapsed}"
        );
    }
    let scientific = |label: &str| {
        let label = label.trim();
        let mantissa = label.trim_start_matches('\u{2212}');
        mantissa.contains("e-") && !mantissa.starts_with('0')
    };
    let bars = harness
        .query_all_by(|node| {
            node.role() == Role::Label && text_of(node).is_some_and(|l| scientific(&l))
        })
        .count();
    assert!(bars >= 2, "colour-bar ends in scientific notation: {bars}");
    // The probe under the cursor, over the original's heatmap.
    let title = harness.get_by_label("Original A").rect();
    harness.hover_at(egui::pos2(title.left() + 60.0, title.bottom() + 60.0));
    harness.step();
    harness.step();
    let probe = probe_text(&harness).unwrap();
    assert!(probe.contains("e-"), "{probe}");
    assert!(!probe.contains("0.0000"), "{probe}");
}

/// `count` presses (and releases) of `key`, all in the next frame's input.
fn press_in_one_frame(harness: &mut Harness<'_, RankscopeApp>, key: egui::Key, count: usize) {
    for _ in 0..count {
        for pressed in [true, false] {
            harness.input_mut().events.push(egui::Event::Key {
                key,
                physical_key: None,
                pressed,
                repeat: false,
                modifiers: egui::Modifiers::NONE,
            });
        }
    }
    harness.step();
}

#[test]
fn every_key_press_in_a_frame_moves_the_rank() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 1.0);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    harness.state_mut().send(Command::SetRank(5));
    harness.step();
    // Twenty presses 30 ms apart land in one frame on a busy machine (kittest's own
    // `key_press` gives every event a frame of its own, so they go in directly).
    press_in_one_frame(&mut harness, egui::Key::ArrowRight, 20);
    assert_eq!(harness.state().rank(), 25);
    press_in_one_frame(&mut harness, egui::Key::ArrowLeft, 3);
    assert_eq!(harness.state().rank(), 22);
}

#[test]
fn the_default_rank_never_stores_more_than_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flat.npy");
    // A flat spectrum, as a trained weight's: 99 % energy needs nearly every rank.
    let (m, n) = (60, 40);
    let sigma: Vec<f64> = (0..n).map(|i| 1.0 - 0.01 * i as f64).collect();
    write_npy(&path, &with_singular_values(m, n, &sigma, 3)).unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    let total: f64 = sigma.iter().map(|s| s * s).sum();
    let mut kept = 0.0;
    let energy_99 = 1 + sigma
        .iter()
        .position(|s| {
            kept += s * s;
            kept >= 0.99 * total
        })
        .unwrap();
    let break_even = m * n / (m + n + 1);
    assert_eq!(break_even, 23);
    assert!(energy_99 > break_even);
    assert_eq!(harness.state().rank(), break_even);
    // The break-even rank is named beside the slider, with what it means.
    let _ = harness.get_all_by_label(&format!("break-even k = {break_even}"));
    // Gavish–Donoho is offered as what it is.
    harness.get_by_label_contains("Gavish–Donoho (denoise)");
}

#[test]
fn the_rank_slider_is_logarithmic_for_many_ranks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.npy");
    write_npy(
        &path,
        &with_singular_values(200, 160, &geometric(160, 10.0, 0.01), 4),
    )
    .unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    let rail = harness.get_by_role_and_label(Role::Slider, "Rank").rect();
    // A click a fifth of the way along: k = 32 on a linear slider of 160.
    let at = egui::pos2(rail.left() + 0.2 * rail.width(), rail.center().y);
    harness.hover_at(at);
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    harness.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.step();
    harness.step();
    let rank = harness.state().rank();
    assert!(rank <= 8, "a fifth of the rail is k = {rank}");
}

/// What a node says: a button's label, a text label's value.
fn text_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    node.label().or_else(|| node.value())
}

/// The probe's line ("row 3, column 7: A = …"), or `None` when the pointer is on no entry.
fn probe_text(harness: &Harness<'_, RankscopeApp>) -> Option<String> {
    harness
        .query_by(|node| {
            node.role() == Role::Label && text_of(node).is_some_and(|l| l.starts_with("row "))
        })
        .and_then(|node| node.accesskit_node().value())
}

/// The probe's column under the pointer at `pos`.
fn probed_column(harness: &mut Harness<'_, RankscopeApp>, pos: egui::Pos2) -> f64 {
    harness.hover_at(pos);
    harness.step();
    harness.step();
    let probe = probe_text(harness).unwrap_or_else(|| {
        panic!("the pointer at {pos:?} is on no entry of the matrix (panned away?)")
    });
    let column = probe
        .split("column ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .unwrap();
    column.trim().parse().unwrap()
}

#[test]
fn the_wheel_zooms_the_heatmaps_as_the_hint_says() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 1.0);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    let hint = harness
        .get_by_label_contains("Hover a heatmap")
        .accesskit_node()
        .value()
        .unwrap();
    assert!(hint.contains("scroll to zoom"), "{hint}");
    let title = harness.get_by_label("Original A").rect();
    let left = egui::pos2(title.left() + 80.0, title.bottom() + 80.0);
    let right = left + egui::vec2(60.0, 0.0);
    let before = probed_column(&mut harness, right) - probed_column(&mut harness, left);
    assert!(before >= 4.0, "{before} columns in 60 px");
    harness.hover_at(left);
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, 300.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
    for _ in 0..30 {
        harness.step();
    }
    let after = probed_column(&mut harness, right) - probed_column(&mut harness, left);
    assert!(
        after < before / 2.0,
        "the wheel did not zoom in: {before} columns in 60 px before, {after} after"
    );
}

#[test]
fn export_stays_in_the_window_with_the_widest_side_panel_and_the_split_can_be_dragged() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 1.0);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", analysed);
    // The plots get a real share of the height by default.
    let tabs = harness.get_by_label("Spectrum & error").rect();
    assert!(
        HEIGHT - tabs.top() > 250.0,
        "the lower view starts at {}",
        tabs.top()
    );
    // Drag the divider above the lower view up by 100 points.
    let divider = egui::pos2(tabs.center().x + 200.0, tabs.top() - 5.0);
    drag(&mut harness, divider, divider - egui::vec2(0.0, 100.0));
    let moved = harness.get_by_label("Spectrum & error").rect();
    assert!(
        moved.top() < tabs.top() - 60.0,
        "the split did not move: {} → {}",
        tabs.top(),
        moved.top()
    );
    // Widen the list to its largest by its edge (the tall splitter): Export stays inside.
    let edge = harness
        .get_all_by_role(Role::Splitter)
        .map(|s| s.rect())
        .find(|r| r.height() > r.width())
        .unwrap();
    let from = egui::pos2(edge.center().x, 400.0);
    drag(&mut harness, from, from + egui::vec2(300.0, 0.0));
    assert_inside(
        "Export…",
        harness
            .get_by_role_and_label(Role::Button, "Export…")
            .rect(),
    );
    assert_inside(
        "the rank slider",
        harness.get_by_role_and_label(Role::Slider, "Rank").rect(),
    );
}

fn drag(harness: &mut Harness<'_, RankscopeApp>, from: egui::Pos2, to: egui::Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for step in 1..=10 {
        harness.hover_at(from + (to - from) * (step as f32 / 10.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.step();
    harness.step();
}

/// An .npz checkpoint: `count` small matrices `layer{i:02}.weight` with a bias each, and one
/// matrix with a long name.
fn checkpoint(dir: &Path, count: usize) -> (PathBuf, String) {
    let path = dir.join("checkpoint.npz");
    let long_name = format!(
        "model.encoder.{}.self_attention.query_key_value.weight",
        "very_long_module_name.".repeat(4)
    );
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    npz.add_array(
        long_name.as_str(),
        &with_singular_values(8, 6, &[3.0, 2.0, 1.0], 5),
    )
    .unwrap();
    for i in 0..count {
        npz.add_array(
            format!("layer{i:02}.weight"),
            &with_singular_values(8, 6, &[3.0, 2.0, 1.0], 10 + i as u64),
        )
        .unwrap();
        npz.add_array(
            format!("layer{i:02}.bias"),
            &ndarray::Array1::<f64>::zeros(8),
        )
        .unwrap();
    }
    npz.finish().unwrap();
    (path, long_name)
}

#[test]
fn a_checkpoint_list_shows_the_chosen_tensor_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (path, long_name) = checkpoint(dir.path(), 60);
    // Without --tensor: the main area points at the list, not at File → Open.
    let mut harness = app_for(&path);
    step_until(&mut harness, "the list", |app| {
        app.catalog().is_some() && !app.is_busy()
    });
    harness.step();
    harness.get_by_label_contains("Select a matrix on the left");
    assert!(harness.query_by_label_contains("File → Open").is_none());
    // 1-D tensors are hidden until asked for.
    assert!(harness.query_by_label_contains("layer00.bias").is_none());
    // A long name is one line (elided, whole on hover), not four.
    let row = harness
        .get_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| !l.starts_with("layer"))
        })
        .unwrap();
    let label = row.accesskit_node().label().unwrap();
    assert!(
        row.rect().height() < 45.0,
        "a name row is {} high: {label}",
        row.rect().height()
    );
    assert!(label.len() < long_name.len(), "not elided: {label}");
    harness.get_by_label("show non-matrices (60)").click();
    harness.step();
    harness.step();
    harness.get_by_label_contains("layer00.bias");

    // With --tensor far down the list: that row is scrolled into view.
    let mut harness = app_with(StartOptions {
        path: Some(path),
        tensor: Some("layer55.weight".into()),
        ..StartOptions::default()
    });
    step_until(&mut harness, "layer55", analysed);
    let row = harness
        .get_all_by_role(Role::Button)
        .find(|b| {
            b.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("layer55.weight"))
        })
        .unwrap();
    assert_inside("the --tensor row", row.rect());
}

#[test]
fn at_one_and_a_half_zoom_the_heatmaps_stay_above_the_divider_and_the_numbers_inside() {
    // 1366 × 768 at Ctrl+plus ×1.5: 910 × 512 points.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("square.npy");
    write_npy(
        &path,
        &with_singular_values(384, 384, &geometric(384, 10.0, 0.01), 6),
    )
    .unwrap();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0 / 1.5, 768.0 / 1.5))
        .with_pixels_per_point(1.5)
        .build_eframe(move |cc| {
            RankscopeApp::new(
                cc,
                StartOptions {
                    path: Some(path.clone()),
                    ..StartOptions::default()
                },
            )
        });
    step_until(&mut harness, "the analysis", analysed);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1366.0, 768.0) / 1.5);
    let divider = harness
        .get_all_by_role(Role::Splitter)
        .map(|s| s.rect())
        .find(|r| r.width() > r.height())
        .unwrap();
    let hint = harness.get_by_label_contains("Hover a heatmap").rect();
    assert!(
        hint.bottom() <= divider.top() + 1.0,
        "the heatmaps' last line at {hint:?} runs into the divider at {divider:?}"
    );
    for node in harness.query_all_by_label("Export…") {
        assert!(
            window.contains_rect(node.rect()),
            "Export… at {:?}",
            node.rect()
        );
    }
    // The numbers are inside the window's width (a short view scrolls them vertically).
    for name in ["relative error", "numbers stored", "vs m·n", "compression"] {
        let row = harness.get_by_label(name).rect();
        assert!(row.right() <= window.right(), "{name} at {row:?}");
    }
    // "147 456 (x %)", the widest value.
    let value = harness.get_by(|node| {
        node.role() == Role::Label && text_of(node).is_some_and(|t| t.ends_with("%)"))
    });
    assert!(value.rect().right() <= window.right(), "{:?}", value.rect());
}
