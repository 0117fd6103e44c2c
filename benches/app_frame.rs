//! Whole-app cost of one rank change: the time of the frame after the slider moves, with the
//! real app driven by egui_kittest (layout, plots, preview update, colourising and texture
//! upload to egui; no GPU). Matrices are written as .npy first and opened like a user would.
//!
//! `cargo bench --bench app_frame` prints one line per case:
//! `bench=app_frame shape=MxN frames=F p50_ms=… p99_ms=…`

mod common;

use common::percentile;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faer::rand::rngs::StdRng;
use faer::rand::{Rng, SeedableRng};
use ndarray::Array2;
use rankscope::app::{RankscopeApp, StartOptions};
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::temp_dir().join("rankscope-app-frame-bench");
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let mut rng = StdRng::seed_from_u64(5);
    for (m, n) in [(30522, 384), (4096, 4096)] {
        let path = dir.join(format!("{m}x{n}.npy"));
        let a = Array2::from_shape_simple_fn((m, n), || rng.random::<f32>() - 0.5);
        ndarray_npy::write_npy(&path, &a).expect("write npy");
        let options = StartOptions {
            path: Some(path.clone()),
            ..StartOptions::default()
        };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1100.0, 860.0))
            .build_eframe(move |cc| RankscopeApp::new(cc, options));
        let deadline = Instant::now() + Duration::from_mins(10);
        while harness.state().decomposition().is_none() || harness.state().is_busy() {
            assert!(Instant::now() < deadline, "analysis did not finish");
            harness.step();
            std::thread::sleep(Duration::from_millis(20));
        }
        harness.step();
        let max = harness
            .state()
            .decomposition()
            .map_or(1, rankscope::app::decomposition::Decomposition::max_rank);
        let mut times_ms = Vec::new();
        for change in 0..120usize {
            let rank = match change % 30 {
                0 => max,
                15 => 1,
                _ => 32 + change % 5,
            };
            harness
                .get_by_role_and_label(Role::Slider, "Rank")
                .set_value_accesskit(f64::from(u32::try_from(rank).unwrap_or(u32::MAX)));
            let started = Instant::now();
            harness.step();
            times_ms.push(started.elapsed().as_secs_f64() * 1e3);
            assert_eq!(harness.state().rank(), rank);
        }
        times_ms.sort_by(f64::total_cmp);
        println!(
            "bench=app_frame shape={m}x{n} frames={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
            times_ms.len(),
            percentile(&times_ms, 0.5),
            percentile(&times_ms, 0.99),
            times_ms[times_ms.len() - 1]
        );
        let _ = std::fs::remove_file(&path);
    }
}
