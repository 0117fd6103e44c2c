//! The real app driven without a window (egui_kittest): the rank slider and keys move every
//! view in the same frame, suggested ranks are one click, superseded jobs never show, bad
//! files leave the previous matrix in place, exports land and are confirmed.
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
use std::time::{Duration, Instant};

mod window;
use window::step_until;

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    window::app(window::opening(path), [1100.0, 860.0])
}

const ROWS: usize = 48;
const COLS: usize = 32;

fn planted_sigma() -> Vec<f64> {
    geometric(COLS, 20.0, 0.02)
}

/// A 48 × 32 f64 matrix with the planted singular values, saved as `name`.
fn planted_file(dir: &Path, name: &str, seed: u64) -> PathBuf {
    let path = dir.join(name);
    write_npy(
        &path,
        &with_singular_values(ROWS, COLS, &planted_sigma(), seed),
    )
    .unwrap();
    path
}

/// The label of the decomposition on screen ("" before the first one lands).
fn shown_label(harness: &Harness<'_, RankscopeApp>) -> String {
    harness
        .state()
        .decomposition()
        .map(|d| d.label.clone())
        .unwrap_or_default()
}

fn relative_error(sigma: &[f64], k: usize) -> f64 {
    let total: f64 = sigma.iter().map(|s| s * s).sum();
    let tail: f64 = sigma[k..].iter().map(|s| s * s).sum();
    (tail / total).sqrt()
}

#[test]
fn slider_and_keys_move_every_view_in_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 1);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    let sigma = planted_sigma();

    harness
        .get_by_role_and_label(Role::Slider, "Rank")
        .set_value_accesskit(5.0);
    harness.step();
    assert_eq!(harness.state().rank(), 5);
    // The stats panel shows the Eckart–Young error of the planted σ at k = 5 …
    let expected = format!("{:.4} %", 100.0 * relative_error(&sigma, 5));
    harness.get_by_label(&expected);
    // … and the heatmap title the rank, in that same frame.
    harness.get_by_label("Rank-5 approximation A_k");

    harness.key_press(egui::Key::ArrowRight);
    harness.step();
    assert_eq!(harness.state().rank(), 6);
    harness.get_by_label(&format!("{:.4} %", 100.0 * relative_error(&sigma, 6)));
    harness.key_press(egui::Key::End);
    harness.step();
    assert_eq!(harness.state().rank(), COLS);
    harness.key_press(egui::Key::PageDown);
    harness.step();
    assert_eq!(harness.state().rank(), COLS - COLS / 10);
    harness.key_press(egui::Key::Home);
    harness.step();
    assert_eq!(harness.state().rank(), 0);
    harness.get_by_label("100.0000 %");
}

#[test]
fn suggested_rank_buttons_apply_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 2);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    // Smallest k whose planted energy reaches 90 %, computed here from σ.
    let sigma = planted_sigma();
    let total: f64 = sigma.iter().map(|s| s * s).sum();
    let mut kept = 0.0;
    let energy_90 = 1 + sigma
        .iter()
        .position(|s| {
            kept += s * s;
            kept >= 0.9 * total
        })
        .unwrap();
    harness
        .get_by_label(&format!("90 % energy: {energy_90}"))
        .click();
    harness.step();
    harness.step();
    assert_eq!(harness.state().rank(), energy_90);
}

#[test]
fn a_superseded_analysis_never_shows() {
    let dir = tempfile::tempdir().unwrap();
    let first = planted_file(dir.path(), "first.npy", 3);
    let mut harness = app_for(&first);
    step_until(&mut harness, "the first analysis", |app| {
        app.decomposition().is_some()
    });
    // Two selections in one frame: the first job is superseded by the second.
    harness
        .state_mut()
        .send(Command::Select(Selection::Entry("first".into())));
    harness.state_mut().send(Command::OpenSamples);
    step_until(&mut harness, "the samples", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.starts_with("built-in samples"))
            && !app.is_busy()
    });
    // Ask for the power-law sample and at once for the red channel: only red may land.
    harness
        .state_mut()
        .send(Command::Select(Selection::PowerLaw));
    harness
        .state_mut()
        .send(Command::Select(Selection::Entry("r".into())));
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        harness.step();
        let label = shown_label(&harness);
        assert!(
            !label.contains("power_law"),
            "the superseded job's result was shown: {label}"
        );
        if label.ends_with("› r") && !harness.state().is_busy() {
            break;
        }
        assert!(Instant::now() < deadline, "timed out; showing {label}");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Give a late result every chance to arrive, then check again.
    std::thread::sleep(Duration::from_millis(300));
    harness.step();
    assert!(shown_label(&harness).ends_with("› r"));
}

#[test]
fn a_bad_file_shows_an_error_and_keeps_the_previous_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let good = planted_file(dir.path(), "good.npy", 4);
    let bad = dir.path().join("broken.npy");
    std::fs::write(&bad, b"\x93NUMPY garbage").unwrap();
    let mut harness = app_for(&good);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    harness.state_mut().send(Command::SetRank(3));
    harness.state_mut().send(Command::Open(bad));
    step_until(&mut harness, "the error", |app| !app.errors().is_empty());
    let message = harness.state().errors()[0].clone();
    assert!(message.contains("broken.npy"), "{message}");
    let state = harness.state();
    assert!(state.decomposition().unwrap().label.contains("good.npy"));
    assert_eq!(state.rank(), 3);
    // The message is in the window and can be dismissed.
    harness.get_by_label_contains("broken.npy");
    harness.get_by_label("Dismiss").click();
    harness.step();
    harness.step();
    assert!(harness.state().errors().is_empty());
}

#[test]
fn export_writes_the_current_rank_and_confirms() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 5);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    harness.state_mut().send(Command::SetRank(4));
    let out = dir.path().join("factors.npz");
    harness
        .state_mut()
        .send(Command::Export(rankscope::export::Format::Npz, out.clone()));
    step_until(&mut harness, "the export", |app| !app.notices().is_empty());
    assert!(harness.state().notices()[0].contains("factors.npz"));
    let mut npz = ndarray_npy::NpzReader::new(std::fs::File::open(&out).unwrap()).unwrap();
    let s: ndarray::Array1<f64> = npz.by_name("S").unwrap();
    assert_eq!(s.len(), 4);
    for (got, want) in s.iter().zip(planted_sigma()) {
        assert!((got - want).abs() < 1e-10 * want.max(1.0));
    }
}

#[test]
fn an_export_over_the_open_file_is_refused_and_the_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 5);
    let original = std::fs::read(&path).unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    // The save dialog confirmed replacing, but this is the input (reached through `..`).
    let same = dir.path().join("x").join("..").join("planted.npy");
    std::fs::create_dir(dir.path().join("x")).unwrap();
    harness
        .state_mut()
        .send(Command::Export(rankscope::export::Format::Npz, same));
    step_until(&mut harness, "the refusal", |app| !app.errors().is_empty());
    let error = &harness.state().errors()[0];
    assert!(error.contains("is the input"), "{error}");
    assert!(harness.state().notices().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn starts_on_the_built_in_samples_in_colour() {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 860.0))
        .build_eframe(|cc| RankscopeApp::new(cc, StartOptions::default()));
    step_until(&mut harness, "the sample", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    let decomposition = harness.state().decomposition().unwrap();
    assert!(decomposition.is_colour());
    assert_eq!(decomposition.shape(), (300, 451));
    // The list elides long names in the middle: its beginning is kept.
    harness.get_by_label_contains("power-law");
    harness.get_by_label("Original A");
}

#[test]
fn keys_still_work_after_clicking_the_slider() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_file(dir.path(), "planted.npy", 6);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some()
    });
    let slider = harness.get_by_role_and_label(Role::Slider, "Rank");
    slider.focus();
    harness.step();
    harness.key_press(egui::Key::End);
    harness.step();
    assert_eq!(harness.state().rank(), COLS);
    harness.key_press(egui::Key::ArrowLeft);
    harness.step();
    assert_eq!(harness.state().rank(), COLS - 1, "one key press, one step");
}

#[test]
fn large_matrices_get_a_randomized_first_answer_then_the_exact_one() {
    use rankscope::app::decomposition::{FIRST_ANSWER_MIN_DIM, FIRST_ANSWER_RANK};
    use rankscope::linalg::Method;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.npy");
    let n = FIRST_ANSWER_MIN_DIM;
    let a = ndarray::Array2::<f32>::from_shape_fn((n, n), |(i, j)| {
        // Deterministic, full-rank, cheap to make: a smooth part plus a hash-like part.
        let x = ((i * 7919 + j * 104_729) % 1009) as f32 / 1009.0;
        x + (i as f32 * 0.01).sin() * (j as f32 * 0.02).cos()
    });
    write_npy(&path, &a).unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the first answer", |app| {
        app.decomposition().is_some()
    });
    let first = harness.state().decomposition().unwrap();
    assert_eq!(
        first.method,
        Method::Randomized,
        "the exact SVD arrived first"
    );
    assert_eq!(first.max_rank(), FIRST_ANSWER_RANK);
    // The user moves the slider while the exact SVD runs …
    harness
        .state_mut()
        .send(Command::SetRank(FIRST_ANSWER_RANK / 2));
    step_until(&mut harness, "the exact answer", |app| {
        app.decomposition()
            .is_some_and(|d| d.method == Method::Exact)
    });
    // … and the exact result keeps that rank, with the full range now available.
    assert_eq!(harness.state().rank(), FIRST_ANSWER_RANK / 2);
    assert_eq!(harness.state().decomposition().unwrap().max_rank(), n);
}

/// An .npz checkpoint of `count` matrices of planted rank 2 + i (f64, 40 × 30).
fn planted_checkpoint(dir: &Path, count: usize) -> PathBuf {
    let path = dir.join("checkpoint.npz");
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..count {
        let sigma: Vec<f64> = (0..2 + i).map(|j| 5.0 - j as f64 * 0.5).collect();
        npz.add_array(
            format!("layer{i}.weight"),
            &with_singular_values(40, 30, &sigma, 10 + i as u64),
        )
        .unwrap();
    }
    npz.finish().unwrap();
    path
}

#[test]
fn model_view_scans_every_matrix_and_opens_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = planted_checkpoint(dir.path(), 5);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.get_by_label("All matrices (scan)").click();
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    let model = harness.state().model().unwrap();
    assert_eq!(model.total, 5);
    assert_eq!(model.rows.len(), 5);
    for (i, row) in model.rows.iter().enumerate() {
        assert_eq!(row.name, format!("layer{i}.weight"));
        assert_eq!(row.ranks.numerical, Some(2 + i), "{}", row.name);
        assert!((row.sigma_max - 5.0).abs() < 1e-10);
    }
    // The rows are in the table; a name opens that matrix in the single-matrix view.
    harness
        .get_by_role_and_label(Role::Link, "layer3.weight")
        .click();
    step_until(&mut harness, "layer3's analysis", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("layer3.weight"))
    });
    assert_eq!(
        harness.state().main_view(),
        rankscope::app::MainView::Matrix
    );
}

#[test]
fn the_model_table_lays_out_only_the_rows_in_view() {
    // A checkpoint with thousands of tensors: laying out every row each frame made the
    // Model view crawl. The rows in view are drawn, the rest only counted by the scroll bar.
    const MATRICES: usize = 2000;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.npz");
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..MATRICES {
        let a = with_singular_values(6, 4, &[2.0, 1.0], i as u64);
        npz.add_array(format!("block{i:04}.weight"), &a).unwrap();
    }
    npz.finish().unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::ScanModel);
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    harness.run_steps(3);
    assert_eq!(harness.state().model().unwrap().rows.len(), MATRICES);
    let drawn = harness
        .query_all_by(|node| {
            node.role() == Role::Link && node.label().is_some_and(|l| l.starts_with("block"))
        })
        .count();
    assert!(
        (5..200).contains(&drawn),
        "{drawn} of {MATRICES} rows laid out"
    );
    harness.get_by_role_and_label(Role::Link, "block0000.weight");
}

#[test]
fn stopping_a_scan_keeps_the_rows_so_far_and_a_new_file_drops_them() {
    // Enough matrices that a scan that ignored the stop would list them all.
    const MATRICES: usize = 300;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.npz");
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..MATRICES {
        let a = with_singular_values(80, 60, &[4.0, 2.0, 1.0], i as u64);
        npz.add_array(format!("layer{i:03}.weight"), &a).unwrap();
    }
    npz.finish().unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::ScanModel);
    harness
        .state_mut()
        .send(Command::Cancel(rankscope::app::jobs::JobKind::Scan));
    step_until(&mut harness, "the stop", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    let model = harness.state().model().unwrap();
    assert!(
        model.rows.len() < MATRICES,
        "the scan ran to the end: {} rows",
        model.rows.len()
    );
    // What was scanned before the stop stays, in file order, with its planted rank.
    for (i, row) in model.rows.iter().enumerate() {
        assert_eq!(row.name, format!("layer{i:03}.weight"));
        assert_eq!(row.ranks.numerical, Some(3), "{}", row.name);
    }
    let other = planted_file(dir.path(), "other.npy", 3);
    harness.state_mut().send(Command::Open(other));
    step_until(&mut harness, "the new file", |app| {
        app.catalog().is_some_and(|c| c.title.contains("other.npy"))
    });
    assert!(harness.state().model().is_none());
}

#[test]
fn comparing_with_a_base_shows_delta_rows_opens_delta_and_exports_an_adapter() {
    let dir = tempfile::tempdir().unwrap();
    let base = planted_checkpoint(dir.path(), 3);
    let base_path = dir.path().join("base.npz");
    std::fs::rename(&base, &base_path).unwrap();
    // The tuned copy: layer1 gets a planted rank-2 delta, the others are unchanged.
    let tuned_path = dir.path().join("tuned.npz");
    let delta = with_singular_values(40, 30, &[0.3, 0.1], 99);
    let mut npz = ndarray_npy::NpzWriter::new(std::fs::File::create(&tuned_path).unwrap());
    for i in 0..3_u32 {
        let sigma: Vec<f64> = (0..2 + i).map(|j| 5.0 - f64::from(j) * 0.5).collect();
        let mut w = with_singular_values(40, 30, &sigma, 10 + u64::from(i));
        if i == 1 {
            w += &delta;
        }
        npz.add_array(format!("layer{i}.weight"), &w).unwrap();
    }
    npz.finish().unwrap();

    let mut harness = app_for(&tuned_path);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::CompareWith(base_path));
    step_until(&mut harness, "the comparison", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    let model = harness.state().model().unwrap();
    assert_eq!(model.rows.len(), 3);
    for row in &model.rows {
        let tuned = row.name == "layer1.weight";
        assert_eq!(row.changed, Some(tuned), "{}", row.name);
        assert_eq!(
            row.ranks.numerical,
            Some(if tuned { 2 } else { 0 }),
            "{}",
            row.name
        );
    }
    // ΔW of layer1 opens with the rank slider: its σ are the planted ones.
    harness
        .get_by_role_and_label(Role::Link, "layer1.weight")
        .click();
    step_until(&mut harness, "ΔW's analysis", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("ΔW layer1.weight"))
    });
    let sigma = harness.state().decomposition().unwrap().channels[0]
        .spectrum
        .singular_values()
        .to_vec();
    assert!((sigma[0] - 0.3).abs() < 1e-10 && (sigma[1] - 0.1).abs() < 1e-10);
    assert!(sigma[2] < 1e-12);
    // The adapter of the changed matrix, at its numerical rank.
    let out = dir.path().join("adapter");
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    harness.state_mut().send(Command::ExportModel(
        rankscope::app::model::ModelExportFormat::Peft,
        rankscope::app::model::RankSource::Numerical,
        out.clone(),
    ));
    step_until(&mut harness, "the export", |app| !app.notices().is_empty());
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("adapter_config.json")).unwrap())
            .unwrap();
    assert_eq!(config["target_modules"], serde_json::json!(["layer1"]));
    assert_eq!(config["r"], 2);
    assert!(out.join("adapter_model.safetensors").exists());
}

#[test]
fn every_malformed_file_shows_its_error_and_keeps_the_previous_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let good = planted_file(dir.path(), "good.npy", 5);
    let mut harness = app_for(&good);
    step_until(&mut harness, "the analysis", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    harness.state_mut().send(Command::SetRank(4));
    let corpus_dir = dir.path().join("corpus");
    std::fs::create_dir(&corpus_dir).unwrap();
    let cases = common::malformed::corpus(&corpus_dir);
    for case in &cases {
        harness.state_mut().send(Command::Open(case.path.clone()));
        let shown = case.path.display().to_string();
        step_until(&mut harness, &shown, |app| {
            !app.errors().is_empty() && !app.is_busy()
        });
        let state = harness.state();
        let message = state.errors().join(" | ");
        let file_name = case.path.file_name().unwrap().to_str().unwrap();
        assert!(
            message.contains(file_name) && case.phrases.iter().any(|p| message.contains(p)),
            "{shown}: {message}"
        );
        let decomposition = state.decomposition().unwrap();
        assert!(
            decomposition.label.contains("good.npy"),
            "{shown}: now showing {}",
            decomposition.label
        );
        assert_eq!(state.rank(), 4, "{shown}");
        // The list still shows the file whose matrix is on screen.
        assert!(
            state.catalog().unwrap().title.contains("good.npy"),
            "{shown}: the list shows {}",
            state.catalog().unwrap().title
        );
        for index in (0..state.errors().len()).rev() {
            harness.state_mut().send(Command::DismissError(index));
        }
        harness.step();
    }
}

#[test]
fn the_nan_toggle_opens_the_refused_file_with_zeros_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let good = planted_file(dir.path(), "good.npy", 6);
    let path = dir.path().join("holes.npy");
    write_npy(&path, &common::diagonal_with_holes()).unwrap();
    let mut harness = app_for(&good);
    step_until(&mut harness, "the first analysis", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    harness.state_mut().send(Command::Open(path));
    step_until(&mut harness, "the refusal", |app| {
        !app.errors().is_empty() && !app.is_busy()
    });
    // Refused: the good matrix stays, and the message says what to do.
    assert!(shown_label(&harness).contains("good.npy"));
    let message = harness.state().errors()[0].clone();
    assert!(
        message.contains("holes.npy")
            && message.contains("2 non-finite values (first: NaN at row 0, column 1)")
            && message.contains("File → Replace NaN/±inf with 0"),
        "{message}"
    );
    harness.get_by_label("File").click();
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label("Replace NaN/±inf with 0").click();
    step_until(&mut harness, "the analysis with zeros", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("holes.npy"))
            && !app.is_busy()
    });
    assert!(harness.state().nan_to_zero());
    let sigma = harness.state().decomposition().unwrap().channels[0]
        .spectrum
        .singular_values()
        .to_vec();
    for (got, want) in sigma.iter().zip([3.0, 2.0, 1.0]) {
        assert!((got - want).abs() < 1e-12, "{sigma:?}");
    }
    harness.get_by_label_contains(
        "2 non-finite values (first: NaN at row 0, column 1) replaced with 0",
    );
}

#[test]
fn an_open_that_supersedes_a_reopen_does_not_inherit_its_selection() {
    let dir = tempfile::tempdir().unwrap();
    let small = planted_file(dir.path(), "small.npy", 7);
    let picture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rgb8.png");
    let mut harness = app_for(&picture);
    step_until(&mut harness, "the picture in colour", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    // The NaN toggle reopens the picture asking for colour; an open in the same frame
    // supersedes that. The new file must get its own default, not "colour".
    harness.state_mut().send(Command::SetNanToZero(true));
    harness.state_mut().send(Command::Open(small));
    step_until(&mut harness, "small.npy", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("small.npy"))
            && !app.is_busy()
    });
    let state = harness.state();
    assert!(state.errors().is_empty(), "{:?}", state.errors());
    assert_eq!(state.selection(), Some(&Selection::Entry("small".into())));
}

#[test]
#[allow(clippy::too_many_lines)] // one story: list, open, scan, resize, read back
fn an_adapter_lists_its_modules_shows_delta_w_and_resizes_from_the_model_view() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adapters");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("expected.json")).unwrap())
            .unwrap();
    let expected = &expected["kohya"];
    let sigma_of = |name: &str| -> Vec<f64> {
        expected[name]["singular_values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let mut harness = app_for(&fixtures.join("kohya.safetensors"));
    step_until(&mut harness, "the adapter", |app| {
        app.catalog().is_some() && !app.is_busy()
    });
    // The list shows one item per module.
    let labels: Vec<String> = harness
        .state()
        .catalog()
        .unwrap()
        .items
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(
        labels,
        [
            "lora_te_b",
            "lora_unet_a",
            "lora_unet_conv",
            "lora_unet_mid"
        ]
    );
    // A module opens as ΔW: numpy's σ, up to its r = 3 (the slider ends there).
    harness
        .state_mut()
        .send(Command::Select(Selection::Entry("lora_unet_a".to_owned())));
    step_until(&mut harness, "ΔW of lora_unet_a", |app| {
        app.decomposition()
            .is_some_and(|d| d.label.contains("lora_unet_a"))
            && !app.is_busy()
    });
    let decomposition = harness.state().decomposition().unwrap();
    let got = decomposition.channels[0]
        .spectrum
        .singular_values()
        .to_vec();
    let want = sigma_of("lora_unet_a");
    assert_eq!(got.len(), 3);
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() < 1e-5 * want[0], "{got:?} vs {want:?}");
    }
    // The Model view's rows carry each module's r; Resize writes every module at rank 1.
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    let model = harness.state().model().unwrap();
    assert!(model.rows.iter().all(|r| r.adapter.is_some()));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("resized.safetensors");
    harness.state_mut().send(Command::ExportModel(
        rankscope::app::model::ModelExportFormat::Kohya,
        rankscope::app::model::RankSource::Fixed(1),
        out.clone(),
    ));
    step_until(&mut harness, "the resize", |app| !app.notices().is_empty());
    assert!(
        harness
            .state()
            .notices()
            .join(" ")
            .contains("kohya adapter"),
        "{:?} {:?}",
        harness.state().notices(),
        harness.state().errors()
    );
    // Read back as kohya loads it: (alpha / r) · up · down, against Eckart–Young at rank 1.
    let bytes = std::fs::read(&out).unwrap();
    let tensors = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let values = |name: &str| -> (Vec<usize>, Vec<f64>) {
        let view = tensors.tensor(name).unwrap();
        let data = view
            .data()
            .chunks_exact(4)
            .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
            .collect();
        (view.shape().to_vec(), data)
    };
    for name in labels {
        let (down_shape, down) = values(&format!("{name}.lora_down.weight"));
        let (up_shape, up) = values(&format!("{name}.lora_up.weight"));
        let (_, alpha) = values(&format!("{name}.alpha"));
        assert_eq!(
            (down_shape[0], up_shape[1], alpha[0]),
            (1, 1, 1.0),
            "{name}"
        );
        let rows: Vec<Vec<f64>> = expected[&name]["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap())
                    .collect()
            })
            .collect();
        let error: f64 = rows
            .iter()
            .enumerate()
            .flat_map(|(i, row)| row.iter().enumerate().map(move |(j, v)| (i, j, v)))
            .map(|(i, j, v)| (v - up[i] * down[j]).powi(2))
            .sum::<f64>()
            .sqrt();
        let sigma = sigma_of(&name);
        let best: f64 = sigma[1..].iter().map(|s| s * s).sum::<f64>().sqrt();
        assert!(
            (error - best).abs() < 1e-5 * sigma[0],
            "{name}: {error} vs {best}"
        );
    }
}

#[test]
fn a_peft_file_without_its_config_opens_with_a_notice_that_its_scale_is_1() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/adapters/peft_alone/adapter_model.safetensors");
    let mut harness = app_for(&path);
    step_until(&mut harness, "the adapter's module", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    let notices = harness.state().notices().join(" | ");
    assert!(
        notices.contains("no adapter_config.json beside it: scale 1"),
        "{notices}"
    );
}

#[test]
#[allow(clippy::too_many_lines)] // one story: open, module, Model view, refused rule
fn a_pytorch_peft_adapter_shows_its_stored_numbers_and_no_gavish_donoho_rank() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adapters");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("bin_expected.json")).unwrap())
            .unwrap();
    let expected = &expected["modules"]["peft_bin"];
    let gd = "Gavish–Donoho assumes a full noisy spectrum; ΔW of rank ≤ r has none";
    // The folder holds adapter_model.bin (torch.save) and its config.
    let mut harness = app_for(&fixtures.join("peft_bin"));
    step_until(&mut harness, "the adapter", |app| {
        app.catalog().is_some() && !app.is_busy()
    });
    let labels: Vec<String> = harness
        .state()
        .catalog()
        .unwrap()
        .items
        .iter()
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(
        labels,
        [
            "model.layers.0.self_attn.q_proj",
            "model.layers.0.self_attn.v_proj",
            "model.layers.1.mlp.fc",
            "base_model.model.score.weight"
        ]
    );
    // A module opens as ΔW with numpy's σ (rank_pattern: r = 2); the rank bar says why
    // there is no Gavish–Donoho rank instead of offering one.
    let name = "model.layers.1.mlp.fc";
    harness
        .state_mut()
        .send(Command::Select(Selection::Entry(name.to_owned())));
    step_until(&mut harness, "ΔW of the fc module", |app| {
        app.decomposition().is_some_and(|d| d.label.contains(name)) && !app.is_busy()
    });
    let got = harness.state().decomposition().unwrap().channels[0]
        .spectrum
        .singular_values()
        .to_vec();
    let want: Vec<f64> = expected[name]["singular_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(got.len(), 2);
    for (g, w) in got.iter().zip(&want) {
        assert!((g - w).abs() < 1e-5 * want[0], "{got:?} vs {want:?}");
    }
    harness.get_by_label_contains(gd);
    assert!(
        harness
            .query_by_label_contains("Gavish–Donoho (denoise):")
            .is_some()
    );
    // The Model view: params are r(m + n), what the factors store (numpy's shapes), not m·n;
    // the GD column says n/a for each module.
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    harness.step();
    for (module, want) in expected.as_object().unwrap() {
        let shape = want["stored_shape"].as_array().unwrap();
        let (m, n) = (shape[0].as_u64().unwrap(), shape[1].as_u64().unwrap());
        let stored = want["rank"].as_u64().unwrap() * (m + n);
        assert!(
            harness
                .query_all_by_label(&stored.to_string())
                .next()
                .is_some(),
            "{module}: no cell shows {stored}"
        );
        assert!(
            harness
                .query_all_by_label(&(m * n).to_string())
                .next()
                .is_none(),
            "{module}: a cell still shows m·n = {}",
            m * n
        );
    }
    assert_eq!(harness.query_all_by_label("n/a").count(), 3);
    // Resizing by Gavish–Donoho is refused with the reason; nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("resized");
    harness.state_mut().send(Command::ExportModel(
        rankscope::app::model::ModelExportFormat::Peft,
        rankscope::app::model::RankSource::GavishDonoho,
        out.clone(),
    ));
    step_until(&mut harness, "the refusal", |app| !app.errors().is_empty());
    assert!(
        harness.state().errors().join(" ").contains(gd),
        "{:?}",
        harness.state().errors()
    );
    assert!(!out.exists());
}

#[test]
fn an_adapters_budget_is_a_share_of_what_it_stores_not_of_its_dense_delta_w() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/adapters/loha.safetensors");
    // What the file stores, from its own header: every factor tensor's elements (LoHa's four
    // per module and Tucker cores, not r(m + n)), alphas not counted; and, from numpy's
    // shapes, the m·n its dense ΔW would take.
    let bytes = std::fs::read(&path).unwrap();
    let tensors = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let stored: u64 = tensors
        .tensors()
        .iter()
        .filter(|(name, _)| name.rsplit('.').next() != Some("alpha"))
        .map(|(_, view)| view.shape().iter().product::<usize>() as u64)
        .sum();
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(path.with_file_name("expected.json")).unwrap(),
    )
    .unwrap();
    let dense: u64 = expected["loha"]
        .as_object()
        .unwrap()
        .values()
        .map(|module| {
            // numpy's ΔW shape (out, in[, kh, kw]): m·n of its matrix view.
            module["stored_shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_u64().unwrap())
                .product::<u64>()
        })
        .sum();
    assert_ne!(stored, dense);
    let mut harness = app_for(&path);
    step_until(&mut harness, "the adapter", |app| {
        app.catalog().is_some() && !app.is_busy()
    });
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    assert!(harness.query_by_label("% of dense size").is_none());
    harness.get_by_label("% of adapter size").click();
    for _ in 0..4 {
        harness.step();
    }
    // The default 25 %: of the adapter's own numbers.
    let line = harness
        .get_by_label_contains("Greedy allocation")
        .accesskit_node()
        .value()
        .unwrap();
    assert!(
        line.contains(&format!("of the {stored} the adapter stores now")),
        "{line}"
    );
    assert!(!line.contains("dense"), "{line}");
    let after = line.split("): ").nth(1).unwrap();
    let numbers: u64 = after.split(' ').next().unwrap().parse().unwrap();
    let percent: f64 = after
        .split("= ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(numbers > 0 && numbers <= stored / 4, "{line}");
    #[allow(clippy::cast_precision_loss)]
    let want = 100.0 * numbers as f64 / stored as f64;
    assert!(
        (percent - want).abs() <= 0.05,
        "{line}: {percent} vs {want}"
    );
}
