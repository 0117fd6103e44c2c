//! File dialogs and exports in the real app, driven without a window (egui_kittest): the
//! in-window file browser end to end (open a typed path, export to a typed path), jobs keyed
//! so that asking for a path never cancels a load, an Export window that always ends in
//! "Saved …" or a message, and the Model view's export choices.
//!
//! The browser is forced (`StartOptions::file_dialog`), so nothing here depends on
//! whether the machine running the tests has a desktop portal.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};
use rankscope::app::model::{ModelExportFormat, RankSource};
use rankscope::app::{Command, DialogKind, ExportStatus, MainView, RankscopeApp, StartOptions};
use std::path::{Path, PathBuf};

mod window;
use window::step_until;

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    let options = StartOptions {
        file_dialog: DialogKind::BuiltIn,
        ..window::opening(path)
    };
    window::app(options, [1024.0, 700.0])
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// numpy's singular values of `entry` in fixture `file` (tests/fixtures/expected.json).
fn numpy_sigma(file: &str, entry: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
    expected[file][entry]["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

/// A copy of fixture `name` in `dir`.
fn copy_fixture(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(fixture(name), &path).unwrap();
    path
}

/// A few frames: a click is seen in one, its command applied in the next, drawn after.
fn frames(harness: &mut Harness<'_, RankscopeApp>, count: usize) {
    for _ in 0..count {
        harness.step();
    }
}

fn shows(app: &RankscopeApp, name: &str) -> bool {
    app.decomposition().is_some_and(|d| d.label.contains(name)) && !app.is_busy()
}

/// Types `text` into the browser's field, replacing what is there.
fn type_path(harness: &mut Harness<'_, RankscopeApp>, text: &str) {
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or path:");
    field.focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name or path:")
        .type_text(text);
    harness.step();
}

fn sigma_shown(app: &RankscopeApp) -> Vec<f64> {
    app.decomposition().unwrap().channels[0]
        .spectrum
        .singular_values()
        .to_vec()
}

fn assert_close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= 1e-10 * w.abs().max(1.0),
            "{got:?} vs {want:?}"
        );
    }
}

#[test]
fn the_built_in_browser_opens_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let first = copy_fixture(dir.path(), "float32.npy");
    let other = tempfile::tempdir().unwrap();
    let wanted = copy_fixture(other.path(), "float64.npy");
    let mut harness = app_for(&first);
    step_until(&mut harness, "the first matrix", |app| {
        shows(app, "float32.npy")
    });

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    frames(&mut harness, 4);
    assert!(harness.state().file_browser_open());
    harness.get_by_label("Open a matrix or an image");
    // It starts in the open file's folder and lists its matrices.
    harness.get_by_label("float32.npy");
    // A whole path from another folder, then the Open button.
    type_path(&mut harness, &wanted.display().to_string());
    harness.get_by_role_and_label(Role::Button, "Open").click();
    step_until(&mut harness, "the typed file", |app| {
        shows(app, "float64.npy")
    });
    assert!(!harness.state().file_browser_open());
    assert_close(
        &sigma_shown(harness.state()),
        &numpy_sigma("float64.npy", "float64"),
    );
}

#[test]
fn the_built_in_browser_says_what_is_wrong_and_esc_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let first = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&first);
    step_until(&mut harness, "the matrix", |app| shows(app, "float64.npy"));
    harness.state_mut().send(Command::PickFileToOpen);
    frames(&mut harness, 4);
    type_path(&mut harness, "no-such-file.npy");
    harness.key_press(egui::Key::Enter);
    frames(&mut harness, 4);
    // Said in the browser, which stays open.
    harness.get_by_label_contains("no-such-file.npy: does not exist");
    assert!(harness.state().file_browser_open());
    harness.key_press(egui::Key::Escape);
    frames(&mut harness, 4);
    assert!(!harness.state().file_browser_open());
    assert!(shows(harness.state(), "float64.npy"));
}

#[test]
fn export_to_a_typed_path_writes_the_file_and_says_saved_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&path);
    step_until(&mut harness, "the matrix", |app| shows(app, "float64.npy"));
    harness.state_mut().send(Command::SetRank(3));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    frames(&mut harness, 4);
    harness.get_by_label("Save as…").click();
    frames(&mut harness, 4);
    harness.get_by_label("Save the npz export as");
    // The Export window stays open while the path is asked for …
    assert!(harness.state().export_window_open());
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("factors.npz");
    type_path(&mut harness, &out.display().to_string());
    harness.key_press(egui::Key::Enter);
    step_until(&mut harness, "the export", |app| {
        matches!(app.export_status(), ExportStatus::Saved(_))
    });
    // … and says where the file went, in the window.
    assert!(harness.state().export_window_open());
    let saved = format!("✔ Saved {} (rank 3, npz)", out.display());
    harness.get_by_label(&saved);
    // The file holds the top three of numpy's singular values.
    let mut npz = ndarray_npy::NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: ndarray::Array1<f64> = npz.by_name("S").unwrap();
    let u: ndarray::Array2<f64> = npz.by_name("U").unwrap();
    let vt: ndarray::Array2<f64> = npz.by_name("Vt").unwrap();
    assert_close(
        s.as_slice().unwrap(),
        &numpy_sigma("float64.npy", "float64")[..3],
    );
    assert_eq!((u.dim(), vt.dim()), ((5, 3), (3, 4)));
}

#[test]
fn an_export_window_never_closes_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&path);
    step_until(&mut harness, "the matrix", |app| shows(app, "float64.npy"));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    // A cancelled dialog: the window is still there, nothing claimed.
    harness.get_by_label("Save as…").click();
    frames(&mut harness, 4);
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    frames(&mut harness, 4);
    assert!(harness.state().export_window_open());
    assert_eq!(harness.state().export_status(), &ExportStatus::Idle);
    // An export that fails (png of a weight matrix): the reason, in the window.
    harness
        .get_by_label("png — the rank-k picture (images)")
        .click();
    harness.step();
    harness.get_by_label("Save as…").click();
    frames(&mut harness, 4);
    let out = dir.path().join("picture.png");
    type_path(&mut harness, &out.display().to_string());
    harness.get_by_role_and_label(Role::Button, "Save").click();
    step_until(&mut harness, "the export's outcome", |app| {
        matches!(app.export_status(), ExportStatus::Failed(_))
    });
    assert!(harness.state().export_window_open());
    harness.get_by_label_contains("png export rebuilds images");
    assert!(!out.exists());
}

#[test]
fn asking_where_to_export_never_cancels_a_load() {
    let dir = tempfile::tempdir().unwrap();
    let first = copy_fixture(dir.path(), "float32.npy");
    let second = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&first);
    step_until(&mut harness, "the first matrix", |app| {
        shows(app, "float32.npy")
    });
    // In one frame: a file starts loading, and an export asks where to save.
    harness.state_mut().send(Command::Open(second));
    harness
        .state_mut()
        .send(Command::PickExportPath(rankscope::export::Format::Npz));
    step_until(&mut harness, "the second file", |app| {
        shows(app, "float64.npy")
    });
    assert!(harness.state().file_browser_open());
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
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
fn a_file_dropped_while_choosing_where_to_save_keeps_the_chosen_path() {
    let dir = tempfile::tempdir().unwrap();
    let first = copy_fixture(dir.path(), "float32.npy");
    let dropped = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&first);
    step_until(&mut harness, "the first matrix", |app| {
        shows(app, "float32.npy")
    });
    harness
        .state_mut()
        .send(Command::PickExportPath(rankscope::export::Format::Npz));
    harness.step();
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dropped)));
    step_until(&mut harness, "the dropped file", |app| {
        shows(app, "float64.npy")
    });
    // The save dialog is still up, and its answer still exports (the dropped matrix, now
    // on screen).
    let out = dir.path().join("after-drop.npz");
    type_path(&mut harness, &out.display().to_string());
    harness.get_by_role_and_label(Role::Button, "Save").click();
    step_until(&mut harness, "the export", |app| {
        matches!(app.export_status(), ExportStatus::Saved(_))
    });
    let mut npz = ndarray_npy::NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: ndarray::Array1<f64> = npz.by_name("S").unwrap();
    let sigma = numpy_sigma("float64.npy", "float64");
    let rank = harness.state().rank();
    assert_close(s.as_slice().unwrap(), &sigma[..rank]);
}

#[test]
fn save_view_as_png_asks_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_fixture(dir.path(), "float64.npy");
    let mut harness = app_for(&path);
    step_until(&mut harness, "the matrix", |app| shows(app, "float64.npy"));
    harness.get_by_label("File").click();
    frames(&mut harness, 4);
    harness.get_by_label("Save view as PNG…").click();
    frames(&mut harness, 4);
    assert!(harness.state().file_browser_open());
    harness.get_by_label("Save the view as PNG");
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or path:");
    assert_eq!(field.value().as_deref(), Some("rankscope-view.png"));
}

/// The combo box showing `value` (combo boxes have no label of their own).
fn combo_box<'a>(harness: &'a Harness<'_, RankscopeApp>, value: &'a str) -> egui_kittest::Node<'a> {
    harness.get(by().role(Role::ComboBox).value(value))
}

/// An .npz checkpoint of `count` matrices of planted rank 2 + i (f64, 40 × 30).
fn planted_checkpoint(path: &Path, count: usize, delta_on: Option<usize>) {
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..count {
        let sigma: Vec<f64> = (0..2 + i).map(|j| 5.0 - j as f64 * 0.5).collect();
        let mut w = common::with_singular_values(40, 30, &sigma, 10 + i as u64);
        if delta_on == Some(i) {
            w += &common::with_singular_values(40, 30, &[0.3, 0.1], 99);
        }
        npz.add_array(format!("layer{i}.weight"), &w).unwrap();
    }
    npz.finish().unwrap();
}

#[test]
fn a_comparison_offers_adapters_only_and_a_fixed_rank_for_every_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.npz");
    let tuned = dir.path().join("tuned.npz");
    planted_checkpoint(&base, 3, None);
    planted_checkpoint(&tuned, 3, Some(1));
    let mut harness = app_for(&tuned);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::CompareWith(base));
    step_until(&mut harness, "the comparison", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    // The layout list: adapters of ΔW only, no "compressed checkpoint" of ΔW.
    combo_box(&harness, "PEFT adapter folder").click();
    frames(&mut harness, 4);
    harness.get_by_label("kohya LoRA .safetensors");
    assert!(
        harness
            .query_by_label("compressed checkpoint folder")
            .is_none(),
        "a comparison offers a compressed checkpoint of ΔW"
    );
    // Asked for anyway, it is refused with a message, and nothing is written.
    let refused = dir.path().join("compressed");
    harness.state_mut().send(Command::ExportModel(
        ModelExportFormat::Compressed,
        RankSource::Numerical,
        refused.clone(),
    ));
    step_until(&mut harness, "the refusal", |app| !app.errors().is_empty());
    assert!(harness.state().errors()[0].contains("adapter"));
    assert!(!refused.exists());
    // r = 1 for every changed matrix: only layer1 changed.
    let out = dir.path().join("adapter");
    harness.state_mut().send(Command::ExportModel(
        ModelExportFormat::Peft,
        RankSource::Fixed(1),
        out.clone(),
    ));
    step_until(&mut harness, "the export", |app| !app.notices().is_empty());
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("adapter_config.json")).unwrap())
            .unwrap();
    assert_eq!(config["target_modules"], serde_json::json!(["layer1"]));
    assert_eq!(config["r"], 1);
}

#[test]
fn the_model_export_follows_the_budget_once_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.npz");
    planted_checkpoint(&path, 3, None);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::ShowMain(MainView::Model));
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    combo_box(&harness, "Gavish–Donoho rank of each matrix");
    harness.get_by_label("% of dense size").click();
    frames(&mut harness, 4);
    combo_box(&harness, "the global budget's ranks");
}
