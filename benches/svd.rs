//! SVD engines on the shapes of the performance issue, one machine-readable line per case:
//!
//! `bench=svd engine=faer shape=2048x2048 dtype=f32 vectors=values median_secs=… min_secs=…`
//! `bench=randomized shape=4096x4096 spectrum=power_law k=64 median_secs=… max_rel_sigma_error=…`
//!
//! `cargo bench --bench svd` runs everything (about ten minutes on 2 cores);
//! `BENCH_FILTER=randomized` keeps the lines containing that text, `BENCH_REPEATS=N` sets the
//! repetitions (default 3). Compare with `python3 scripts/bench_numpy.py`.

use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::Array2;
use rankscope::linalg::{JobControl, RandomizedOptions, randomized_svd, singular_values, thin_svd};
use rankscope::real::Real;
use rankscope::source::planted_matrix;
use std::time::Instant;

fn repeats() -> usize {
    std::env::var("BENCH_REPEATS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn wanted(label: &str) -> bool {
    std::env::var("BENCH_FILTER").map_or(true, |filter| label.contains(&filter))
}

/// (median, min) seconds of `repeats` runs.
fn timed(repeats: usize, mut run: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..repeats)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0])
}

fn gaussian<T: Real>(rows: usize, cols: usize, seed: u64) -> Array2<T>
where
    StandardNormal: Distribution<T>,
{
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_simple_fn((rows, cols), || StandardNormal.sample(&mut rng))
}

fn exact_cases<T: Real>(dtype: &str, repeats: usize)
where
    StandardNormal: Distribution<T>,
{
    for (m, n) in [
        (1024, 1024),
        (2048, 2048),
        (4096, 1024),
        (1024, 4096),
        (4096, 4096),
    ] {
        let a: Array2<T> = gaussian(m, n, 7);
        for vectors in ["factors", "values"] {
            let label =
                format!("bench=svd engine=faer shape={m}x{n} dtype={dtype} vectors={vectors}");
            if !wanted(&label) {
                continue;
            }
            let job = JobControl::new();
            let (median, best) = timed(repeats, || {
                if vectors == "factors" {
                    std::hint::black_box(thin_svd(a.view(), &job).expect("svd"));
                } else {
                    std::hint::black_box(singular_values(a.view(), &job).expect("svd"));
                }
            });
            println!("{label} median_secs={median:.4} min_secs={best:.4}");
        }
    }
}

fn randomized_cases(repeats: usize) {
    for (m, n) in [(4096, 4096), (30522, 384)] {
        for spectrum in ["power_law", "flat"] {
            let prefix = format!("bench=randomized shape={m}x{n} spectrum={spectrum}");
            if !wanted(&prefix) {
                continue;
            }
            let r = m.min(n);
            // power_law: σ_i = 1/i, planted; flat: a Gaussian matrix (Marchenko–Pastur),
            // whose exact σ come from the exact engine.
            let (a, exact): (Array2<f32>, Vec<f64>) = if spectrum == "power_law" {
                #[allow(clippy::cast_precision_loss)]
                let sigma: Vec<f64> = (1..=r).map(|i| 1.0 / i as f64).collect();
                #[allow(clippy::cast_possible_truncation)] // the bench runs in f32
                let a = planted_matrix(m, n, &sigma, 3).mapv(|x| x as f32);
                (a, sigma)
            } else {
                let a: Array2<f32> = gaussian(m, n, 5);
                let exact = singular_values(a.view(), &JobControl::new())
                    .expect("svd")
                    .iter()
                    .map(|&s| f64::from(s))
                    .collect();
                (a, exact)
            };
            for k in [16, 64, 256] {
                let job = JobControl::new();
                let mut worst = 0.0f64;
                let (median, best) = timed(repeats, || {
                    let factors = randomized_svd(a.view(), k, RandomizedOptions::default(), &job)
                        .expect("svd");
                    worst = factors
                        .s
                        .iter()
                        .zip(&exact)
                        .map(|(&got, &want)| (f64::from(got) - want).abs() / want)
                        .fold(0.0, f64::max);
                });
                println!(
                    "{prefix} k={k} median_secs={median:.4} min_secs={best:.4} max_rel_sigma_error={worst:.2e}"
                );
            }
        }
    }
}

fn main() {
    let repeats = repeats();
    exact_cases::<f32>("f32", repeats);
    exact_cases::<f64>("f64", repeats);
    randomized_cases(repeats);
}
