//! A long session: the real app (egui_kittest) driven through 1 000 random actions — slider
//! moves, file switches (good, broken, large enough for a randomized first answer),
//! selections, cancels, the NaN toggle, view switches — with frames in between and no
//! waiting for jobs. Nothing may panic, no result may land on the wrong matrix, and memory
//! must stay bounded.
//!
//! Its own test binary, so the resident memory it measures is this session's alone.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

mod common;

use common::{geometric, with_singular_values};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ndarray_npy::write_npy;
use rankscope::app::catalog::Selection;
use rankscope::app::jobs::JobKind;
use rankscope::app::{Command, MainView, RankscopeApp, StartOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const ACTIONS: usize = 1000;
/// Growth of settled resident memory allowed between the end of the warm-up and the end
/// (one 2048² f32 matrix is 16 MiB; a leak of one result per file switch would be far more).
const RSS_GROWTH_LIMIT_MIB: u64 = 48;

/// xorshift64*: a deterministic sequence without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Resident memory of this process once the app shows the small matrix again and the
/// allocator has returned freed pages: what the session keeps alive, not what it happens to
/// be computing or what malloc caches.
fn settled_resident_mib(harness: &mut Harness<'_, RankscopeApp>, small: &std::path::Path) -> u64 {
    harness.state_mut().send(Command::Open(small.to_owned()));
    wait_idle(harness);
    // Superseded jobs are dropped at once but finish their current uninterruptible step
    // (an exact SVD of the 2048² matrix) on their own thread: wait for those threads too.
    let deadline = Instant::now() + Duration::from_mins(2);
    while worker_threads() > 0 {
        assert!(
            Instant::now() < deadline,
            "worker threads still alive after 120 s"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    for _ in 0..5 {
        harness.step();
    }
    // SAFETY: malloc_trim only releases free heap pages.
    unsafe {
        libc::malloc_trim(0);
    }
    resident_mib()
}

/// Threads of this process that run rankscope jobs (named `rankscope-…`).
fn worker_threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.starts_with("rankscope-"))
        .count()
}

fn wait_idle(harness: &mut Harness<'_, RankscopeApp>) {
    let deadline = Instant::now() + Duration::from_mins(1);
    harness.step();
    while harness.state().is_busy() {
        assert!(Instant::now() < deadline, "jobs still running after 60 s");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.step();
}

fn resident_mib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096 / (1 << 20)
}

/// The files the session switches between.
fn files(dir: &std::path::Path) -> Vec<PathBuf> {
    let small = dir.join("small.npy");
    write_npy(
        &small,
        &with_singular_values(48, 32, &geometric(32, 20.0, 0.02), 1),
    )
    .unwrap();
    let wide = dir.join("wide.npy");
    write_npy(
        &wide,
        &with_singular_values(40, 90, &geometric(40, 5.0, 0.1), 2),
    )
    .unwrap();
    // min(m, n) ≥ 2048: a randomized first answer, then the exact SVD (seconds).
    let large = dir.join("large.npy");
    let mut state = 7u64;
    let values = ndarray::Array2::<f32>::from_shape_simple_fn((2048, 2048), || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5
    });
    write_npy(&large, &values).unwrap();
    let broken = dir.join("broken.npy");
    std::fs::write(&broken, b"\x93NUMPY\x01\x00garbage").unwrap();
    let holes = dir.join("holes.npy");
    write_npy(
        &holes,
        &ndarray::array![[3.0, f64::NAN, 0.0], [0.0, 2.0, 1.0], [0.0, 0.0, 1.0]],
    )
    .unwrap();
    let picture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rgb8.png");
    vec![small, wide, large, broken, holes, picture]
}

#[test]
fn a_thousand_random_actions_leave_no_panic_no_stale_result_and_bounded_memory() {
    // As `rankscope` (the window) does before anything else.
    rankscope::memory::limit_allocator_arenas();
    let dir = tempfile::tempdir().unwrap();
    let files = files(dir.path());
    let options = StartOptions {
        path: Some(files[0].clone()),
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1100.0, 860.0))
        .build_eframe(move |cc| RankscopeApp::new(cc, options));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rss_after_warm_up = 0;
    let started = Instant::now();
    for action in 0..ACTIONS {
        if action == ACTIONS / 10 {
            rss_after_warm_up = settled_resident_mib(&mut harness, &files[0]);
        }
        let app = harness.state_mut();
        match rng.below(20) {
            0..=8 => {
                let max = app
                    .decomposition()
                    .map_or(0, rankscope::app::decomposition::Decomposition::max_rank);
                app.send(Command::SetRank(rng.below(max + 1)));
            }
            9..=11 => app.send(Command::Open(files[rng.below(files.len())].clone())),
            12 => app.send(Command::OpenSamples),
            13..=14 => {
                let choices: Vec<Selection> = app
                    .catalog()
                    .map(|c| {
                        c.items
                            .iter()
                            .filter(|i| i.refusal.is_none())
                            .map(|i| i.selection.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                if !choices.is_empty() {
                    app.send(Command::Select(choices[rng.below(choices.len())].clone()));
                }
            }
            15 => app.send(Command::Cancel(JobKind::Analyze)),
            16 => app.send(Command::SetNanToZero(rng.below(2) == 0)),
            17 => app.send(Command::ShowMain(MainView::Matrix)),
            18 => {
                for index in (0..app.errors().len()).rev() {
                    app.send(Command::DismissError(index));
                }
            }
            _ => {
                // Clicked like a user would, when the tabs are on screen.
                let tab = if rng.below(2) == 0 {
                    "Spectrum & error"
                } else {
                    "Teaching: rank-1 layers"
                };
                if let Some(node) = harness.query_by_label(tab) {
                    node.click();
                }
            }
        }
        // Whatever lands is checked where it lands: `RankscopeApp::show` asserts (in debug
        // builds, as tests run) that it is the selected item of the listed file.
        for _ in 0..=rng.below(3) {
            harness.step();
        }
        if rng.below(10) == 0 {
            // Now and then let the background work progress a little.
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // Let the last jobs finish.
    wait_idle(&mut harness);
    // The final picture is of the final selection.
    let app = harness.state();
    if let (Some(decomposition), Some(selection)) = (app.decomposition(), app.selection()) {
        assert_eq!(&decomposition.selection, selection);
    }
    let rss_at_end = settled_resident_mib(&mut harness, &files[0]);
    let growth = rss_at_end.saturating_sub(rss_after_warm_up);
    eprintln!(
        "{ACTIONS} actions in {:?}; settled resident memory {rss_after_warm_up} MiB after the warm-up, {rss_at_end} MiB at the end",
        started.elapsed()
    );
    assert!(
        growth <= RSS_GROWTH_LIMIT_MIB,
        "resident memory grew {growth} MiB (limit {RSS_GROWTH_LIMIT_MIB})"
    );
}
