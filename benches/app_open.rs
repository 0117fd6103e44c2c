//! Opening a large matrix in the real app, against the CLI on the same file in the same run:
//!
//! `bench=app_open shape=4096x4096 first_picture_s=… exact_s=… cli_export_s=… peak_rss_mib=…`
//!
//! The app (`RankscopeApp`, driven by egui_kittest without a GPU, frames scheduled as eframe
//! schedules them: when the app or a worker asks for a repaint) runs in a child process, so
//! its peak RSS is its own; `first_picture_s` is the time from start to the first frame drawn
//! with a decomposition (the first answer), `exact_s` to the frame with the exact one and no
//! job running. `cli_export_s` is `rankscope export X --rank 64 --format npz` as a whole
//! process. Each is the median of `BENCH_REPEATS` runs (default 3), alternating app and CLI;
//! `frames` is the app's median count of frames drawn until the exact result.
//!
//! `cargo bench --bench app_open` (`BENCH_SIZE=2048` for another size).

use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::Array2;
use rankscope::app::{RankscopeApp, StartOptions};
use rankscope::linalg::Method;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Set in the child that runs the app: the path to open.
const CHILD_ENV: &str = "RANKSCOPE_BENCH_APP_OPEN";

fn main() {
    if let Some(path) = std::env::var_os(CHILD_ENV) {
        run_app(Path::new(&path));
        return;
    }
    let size: usize = std::env::var("BENCH_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4096);
    let repeats: usize = std::env::var("BENCH_REPEATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join(format!("{size}x{size}.npy"));
    {
        let mut rng = StdRng::seed_from_u64(5);
        let a =
            Array2::<f32>::from_shape_simple_fn((size, size), || StandardNormal.sample(&mut rng));
        ndarray_npy::write_npy(&path, &a).expect("write npy");
    }
    let out = dir.path().join("factors.npz");
    let (mut first, mut exact, mut cli, mut rss, mut frames) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..repeats {
        let (seconds, _) = timed_child(
            Command::new(env!("CARGO_BIN_EXE_rankscope"))
                .arg("export")
                .arg(&path)
                .args(["--rank", "64", "--format", "npz", "--force", "--out"])
                .arg(&out),
        );
        cli.push(seconds);
        let (_, child) = timed_child(
            Command::new(std::env::current_exe().expect("bench executable"))
                .env(CHILD_ENV, &path)
                .stdout(std::process::Stdio::piped()),
        );
        let (peak_mib, stdout) = child;
        let value = |key: &str| -> f64 {
            stdout
                .split_whitespace()
                .find_map(|field| field.strip_prefix(&format!("{key}=")))
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("the app child printed no {key}: {stdout}"))
        };
        first.push(value("first_picture_s"));
        exact.push(value("exact_s"));
        frames.push(value("frames"));
        rss.push(peak_mib);
    }
    let cli_export = median(&mut cli);
    let exact_s = median(&mut exact);
    println!(
        "bench=app_open shape={size}x{size} first_picture_s={:.2} exact_s={exact_s:.2} cli_export_s={cli_export:.2} peak_rss_mib={:.0} exact_over_cli={:.2} frames={:.0}",
        median(&mut first),
        median(&mut rss),
        exact_s / cli_export,
        median(&mut frames),
    );
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs `command` to its end: its wall time in seconds, and (peak RSS in MiB, stdout).
fn timed_child(command: &mut Command) -> (f64, (f64, String)) {
    let started = Instant::now();
    #[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives its peak RSS
    let mut child = command.spawn().expect("start a child process");
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        use std::io::Read;
        pipe.read_to_string(&mut stdout)
            .expect("read the child's output");
    }
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: plain system call on our own child, with valid pointers to locals; the child
    // is reaped here (std's `Child` is not waited on afterwards).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{command:?} failed: status {status}"
    );
    // ru_maxrss is in KiB on Linux.
    #[allow(clippy::cast_precision_loss)]
    let peak_mib = usage.ru_maxrss as f64 / 1024.0;
    (seconds, (peak_mib, stdout))
}

/// The child: opens `path` in the app and draws frames when asked to, as eframe would.
fn run_app(path: &Path) {
    let started = Instant::now();
    let options = StartOptions {
        path: Some(PathBuf::from(path)),
        ..StartOptions::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1100.0, 860.0))
        .build_eframe(move |cc| RankscopeApp::new(cc, options));
    // When the next frame is due: what eframe's event loop keeps (repaint requests from the
    // UI and from workers, with their delays).
    let due: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(Some(Instant::now())));
    let schedule = Arc::clone(&due);
    harness.ctx.set_request_repaint_callback(move |info| {
        if let Some(at) = Instant::now().checked_add(info.delay) {
            let mut due = schedule.lock().expect("schedule");
            *due = Some(due.map_or(at, |d| d.min(at)));
        }
    });
    let deadline = started + Duration::from_mins(10);
    let mut frames = 0u32;
    let mut first_picture = None;
    loop {
        assert!(Instant::now() < deadline, "the analysis did not finish");
        let now = Instant::now();
        let is_due = {
            let mut due = due.lock().expect("schedule");
            if due.is_some_and(|d| d <= now) {
                *due = None;
                true
            } else {
                false
            }
        };
        if !is_due {
            std::thread::sleep(Duration::from_millis(1));
            continue;
        }
        harness.step();
        frames += 1;
        let app = harness.state();
        if let Some(decomposition) = app.decomposition() {
            first_picture.get_or_insert_with(|| started.elapsed().as_secs_f64());
            if decomposition.method == Method::Exact && !app.is_busy() {
                break;
            }
        }
    }
    println!(
        "first_picture_s={:.3} exact_s={:.3} frames={frames}",
        first_picture.unwrap_or(f64::NAN),
        started.elapsed().as_secs_f64()
    );
}
