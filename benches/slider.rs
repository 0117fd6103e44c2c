//! Slider latency: time from a rank change to finished preview pixels (pooled A_k and
//! residual updated and colourised), at display resolution, for matrices of several sizes.
//! The factors are random (the cost does not depend on their values).
//!
//! `cargo bench --bench slider` prints one line per case:
//! `bench=slider shape=MxN k=K changes=C p50_ms=… p99_ms=… max_ms=…`

mod common;

use common::percentile;

use faer::rand::rngs::StdRng;
use faer::rand::{Rng, SeedableRng};
use ndarray::{Array1, Array2};
use rankscope::linalg::Factors;
use rankscope::preview::{Colormap, PooledFactors, RankPreview, ValueRange, colorize};
use std::time::Instant;

const PREVIEW_PX: usize = 512;

fn random(rows: usize, cols: usize, rng: &mut StdRng) -> Array2<f32> {
    Array2::from_shape_simple_fn((rows, cols), || rng.random::<f32>() - 0.5)
}

fn main() {
    let mut rng = StdRng::seed_from_u64(1);
    for (m, n) in [(1024, 1024), (4096, 4096), (30522, 384), (4096, 11008)] {
        let r = m.min(n);
        let a = random(m, n, &mut rng);
        #[allow(clippy::cast_precision_loss)]
        let factors = Factors {
            u: random(m, r, &mut rng),
            s: Array1::from_shape_fn(r, |i| 1.0 / (i + 1) as f32),
            vt: random(r, n, &mut rng),
        };
        let started = Instant::now();
        let pooled = PooledFactors::new(a.view(), &factors, PREVIEW_PX, PREVIEW_PX);
        let pooling_secs = started.elapsed().as_secs_f64();
        let range = ValueRange::symmetric(pooled.original.view());
        for start in [1, 64, r] {
            let mut preview = RankPreview::new(pooled.clone(), start);
            let mut times_ms = Vec::new();
            // A drag: ±1 steps around the start rank, plus jumps (Home/End, clicks).
            for step in 0..240usize {
                let target = match step % 40 {
                    0 => r,
                    20 => 0,
                    _ => {
                        let offset = step % 7;
                        (start + offset).min(r).saturating_sub(3)
                    }
                };
                let t = Instant::now();
                preview.set_rank(target);
                let approximation =
                    colorize(preview.approximation().view(), Colormap::Diverging, range);
                let residual = colorize(preview.residual().view(), Colormap::Diverging, range);
                std::hint::black_box((approximation, residual));
                times_ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            times_ms.sort_by(f64::total_cmp);
            println!(
                "bench=slider shape={m}x{n} k={start} changes={} p50_ms={:.3} p99_ms={:.3} max_ms={:.3} pooling_secs={pooling_secs:.3}",
                times_ms.len(),
                percentile(&times_ms, 0.5),
                percentile(&times_ms, 0.99),
                times_ms[times_ms.len() - 1]
            );
        }
    }
}
