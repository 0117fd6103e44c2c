//! Large matrices in the window: a randomized first answer, then the exact SVD, both on the
//! analysis's own job control. The progress shown is the SVDs' own, a cancel stops the SVD
//! that is running, the window does not repaint every frame while it waits, the stats say
//! what a first answer does not know yet, and the JSON export says what it holds and names the
//! file as the CLI does.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ndarray_npy::write_npy;
use rankscope::app::catalog::Catalog;
use rankscope::app::decomposition::{Decomposition, FIRST_ANSWER_MIN_DIM, FIRST_ANSWER_RANK};
use rankscope::app::{Command, RankscopeApp};
use rankscope::export::Format;
use rankscope::linalg::{Cancelled, JobControl, Method, SvdError, thin_svd};
use rankscope::source::NonFinitePolicy;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod window;

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    window::app(window::opening(path), [1100.0, 860.0])
}

/// A FIRST_ANSWER_MIN_DIM² f32 matrix (large enough for a first answer) of hashed uniform
/// entries: a rank-1 mean holding 3/4 of the energy and a flat rest, so its top 64 σ keep
/// well under 99 %.
fn large_file(dir: &Path) -> PathBuf {
    let path = dir.join("large.npy");
    let n = FIRST_ANSWER_MIN_DIM;
    let a = ndarray::Array2::<f32>::from_shape_fn((n, n), |(i, j)| {
        // splitmix64's finaliser: uncorrelated entries, cheap and deterministic.
        let mut h = (i * n + j) as u64;
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^= h >> 31;
        (h >> 40) as f32 / (1u64 << 24) as f32
    });
    write_npy(&path, &a).unwrap();
    path
}

/// Runs the window's analysis of `path` with `on_report` told of each progress report (with
/// the job), and counts the first answers it delivers.
fn analyse(
    path: &Path,
    on_report: impl Fn(&JobControl) + Send + Sync + 'static,
) -> (
    Result<Decomposition, rankscope::app::jobs::JobError>,
    JobControl,
    usize,
) {
    let catalog = Catalog::open(path.to_owned(), NonFinitePolicy::Refuse).unwrap();
    let selection = catalog.default_selection.clone().unwrap();
    let job = JobControl::new();
    let watcher = job.clone();
    job.on_report(move || on_report(&watcher));
    let first_answers = AtomicUsize::new(0);
    let outcome = Decomposition::compute(&catalog, &selection, &job, &|_| {
        first_answers.fetch_add(1, Ordering::Relaxed);
    });
    (outcome, job, first_answers.into_inner())
}

/// Cancels the job at the first report whose stage contains `stage`, and counts the reports
/// that still arrive after the cancel.
fn cancel_at(stage: &'static str) -> (impl Fn(&JobControl) + Send + Sync, Arc<AtomicUsize>) {
    let after_cancel = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&after_cancel);
    let listener = move |job: &JobControl| {
        if job.is_cancelled() {
            counter.fetch_add(1, Ordering::Relaxed);
        } else if job.progress().stage.contains(stage) {
            job.cancel();
        }
    };
    (listener, after_cancel)
}

#[test]
fn a_cancel_stops_the_running_first_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let (listener, after_cancel) = cancel_at("power iteration");
    let (outcome, job, first_answers) = analyse(&path, listener);
    assert!(
        job.is_cancelled(),
        "the randomized SVD's power iterations never reported to the analysis's job"
    );
    assert!(outcome.is_err(), "a cancelled analysis delivered a result");
    assert_eq!(
        first_answers, 0,
        "the cancelled first answer ran to its end"
    );
    assert_eq!(
        after_cancel.load(Ordering::Relaxed),
        0,
        "work went on after the cancel"
    );
}

#[test]
fn a_cancel_stops_the_exact_svd_in_its_bidiagonalisation() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let (listener, after_cancel) = cancel_at("bidiagonalising (column 8 ");
    let (outcome, job, first_answers) = analyse(&path, listener);
    assert!(
        job.is_cancelled(),
        "the exact SVD's bidiagonalisation never reported to the analysis's job"
    );
    assert!(outcome.is_err(), "a cancelled analysis delivered a result");
    assert_eq!(first_answers, 1);
    assert_eq!(
        after_cancel.load(Ordering::Relaxed),
        0,
        "the SVD went on after the cancel"
    );
}

#[test]
fn a_cancel_stops_the_thin_svd_within_a_column_of_its_bidiagonalisation() {
    let a = common::with_singular_values(300, 200, &common::geometric(200, 10.0, 0.1), 4);
    let job = JobControl::new();
    let watcher = job.clone();
    let columns = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&columns);
    job.on_report(move || {
        let stage = watcher.progress().stage;
        if stage.starts_with("bidiagonalising") && counter.fetch_add(1, Ordering::Relaxed) == 10 {
            watcher.cancel();
        }
    });
    let outcome = thin_svd(a.view(), &job);
    assert!(matches!(outcome, Err(SvdError::Cancelled(Cancelled))));
    // Cancelled at the 11th column's report: it stopped before the 12th.
    assert_eq!(columns.load(Ordering::Relaxed), 11);
    // The same SVD uncancelled reports every column (200) and then its later steps.
    let job = JobControl::new();
    let watcher = job.clone();
    let stages = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = Arc::clone(&stages);
    job.on_report(move || seen.lock().unwrap().push(watcher.progress()));
    thin_svd(a.view(), &job).unwrap();
    let stages = stages.lock().unwrap();
    let columns = stages
        .iter()
        .filter(|p| p.stage.starts_with("bidiagonalising"))
        .count();
    assert_eq!(columns, 200);
    assert!(
        stages.windows(2).all(|w| w[0].fraction <= w[1].fraction),
        "progress went backwards"
    );
    assert!((stages.last().unwrap().fraction - 1.0).abs() < 1e-9);
}

/// Steps frames until `done` holds, within a generous hang guard.
fn step_until(
    harness: &mut Harness<'_, RankscopeApp>,
    what: &str,
    done: impl Fn(&Harness<'_, RankscopeApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_mins(2);
    while !done(harness) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn the_progress_shown_is_the_svds_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let mut harness = app_for(&path);
    // The first answer's power iterations, then the exact SVD's columns, as they happen
    // (in the top bar and in the line over the views).
    step_until(&mut harness, "the first answer's own progress", |h| {
        h.query_all_by_label_contains("power iteration")
            .next()
            .is_some()
    });
    step_until(&mut harness, "the exact SVD's own progress", |h| {
        h.query_all_by_label_contains("bidiagonalising (column")
            .next()
            .is_some()
    });
}

#[test]
fn nothing_in_the_window_asks_to_be_redrawn_every_frame_while_a_job_runs() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis to start", |h| {
        h.state().is_busy()
    });
    // A spinner asks for the next frame at once, every frame, for as long as it is shown;
    // with software OpenGL that takes a core from the SVD.
    let mut causes = Vec::new();
    for _ in 0..20 {
        harness.step();
        causes.extend(harness.ctx.repaint_causes());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(
        harness.state().is_busy(),
        "the analysis finished too soon to look"
    );
    let every_frame: Vec<_> = causes
        .iter()
        .filter(|c| c.file.contains("spinner") || c.file.contains("panels"))
        .collect();
    assert!(
        every_frame.is_empty(),
        "repaints asked for by widgets: {every_frame:?}"
    );
}

#[test]
fn first_answer_stats_say_what_is_not_known_yet() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let mut harness = app_for(&path);
    step_until(&mut harness, "the first answer", |h| {
        h.state().decomposition().is_some()
    });
    harness.step();
    let shown = harness.state().decomposition().unwrap();
    assert_eq!(
        shown.method,
        Method::Randomized,
        "the exact SVD arrived first"
    );
    assert_eq!(shown.max_rank(), FIRST_ANSWER_RANK);
    // Its top σ keep under 99 % of the energy: it starts on all it has, where σ_{k+1} is
    // not known.
    assert_eq!(harness.state().rank(), FIRST_ANSWER_RANK);
    harness.get_by_label(&format!(
        "first answer (top {FIRST_ANSWER_RANK}), exact SVD running"
    ));
    harness.get_by_label("—");
    harness.get_by_label("computing");
    step_until(&mut harness, "the exact answer", |h| {
        h.state()
            .decomposition()
            .is_some_and(|d| d.method == Method::Exact)
    });
    harness.step();
    assert!(harness.query_by_label("computing").is_none());
    // Nothing running: the window settles and stops asking for frames.
    harness
        .try_run()
        .expect("the idle window kept asking to be redrawn");
    // The rank the first answer chose gives way to the exact result's 99 % energy rank.
    assert_ne!(harness.state().rank(), FIRST_ANSWER_RANK);
}

fn json_export(harness: &mut Harness<'_, RankscopeApp>, out: &Path) -> serde_json::Value {
    harness
        .state_mut()
        .send(Command::Export(Format::Json, out.to_owned()));
    step_until(harness, "the export", |h| {
        !h.state().notices().is_empty() || !h.state().errors().is_empty()
    });
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

#[test]
fn the_json_export_of_a_first_answer_says_randomized_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_file(dir.path());
    let mut harness = app_for(&path);
    step_until(&mut harness, "the first answer", |h| {
        h.state().decomposition().is_some()
    });
    assert_eq!(
        harness.state().decomposition().unwrap().method,
        Method::Randomized
    );
    let report = json_export(&mut harness, &dir.path().join("first.json"));
    assert_eq!(report["method"], "randomized");
    assert_eq!(
        report["singular_values"].as_array().unwrap().len(),
        FIRST_ANSWER_RANK
    );
    // As `rankscope analyze --json` names it: the path, not "file › matrix".
    assert_eq!(report["source"], path.display().to_string());
    // Factors of a first answer would be written as if exact: refused until it is.
    harness
        .state_mut()
        .send(Command::Export(Format::Npz, dir.path().join("first.npz")));
    step_until(&mut harness, "the refusal", |h| {
        !h.state().errors().is_empty()
    });
    assert!(
        harness.state().errors()[0].contains("exact SVD is still running"),
        "{:?}",
        harness.state().errors()
    );
    assert!(!dir.path().join("first.npz").exists());
}

#[test]
fn the_json_export_names_the_file_as_the_cli_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.npy");
    write_npy(
        &path,
        &common::with_singular_values(30, 20, &common::geometric(20, 5.0, 0.5), 3),
    )
    .unwrap();
    let mut harness = app_for(&path);
    step_until(&mut harness, "the analysis", |h| {
        h.state().decomposition().is_some() && !h.state().is_busy()
    });
    let report = json_export(&mut harness, &dir.path().join("small.json"));
    assert_eq!(report["method"], "exact");
    assert_eq!(report["source"], path.display().to_string());
    assert_eq!(report["matrix"], "small");
}
