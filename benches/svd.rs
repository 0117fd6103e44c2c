//! SVD engines on the shapes of the performance issue, one machine-readable line per case:
//!
//! `bench=svd engine=rankscope shape=2048x2048 dtype=f32 vectors=values median_secs=… min_secs=…`
//!
//! Engines: `rankscope` (what the app and CLI run: faer's thin SVD for factors, the two-stage
//! values-only path from min(m, n) ≥ 512), `faer` (faer's own one-stage values-only SVD) and,
//! with `--features lapack`, `lapack`.
//! `bench=randomized shape=4096x4096 spectrum=power_law k=64 median_secs=… max_rel_sigma_error=…`
//!
//! `cargo bench --bench svd` runs everything (about ten minutes on 2 cores);
//! `BENCH_FILTER=randomized` keeps the lines containing that text, `BENCH_REPEATS=N` sets the
//! repetitions (default 3). Compare with `python3 scripts/bench_numpy.py`.
//!
//! `cargo bench --features lapack --bench svd` (needs the system OpenBLAS,
//! `apt-get install libopenblas-dev`) adds an `engine=lapack` line (LAPACK's ?gesdd) right
//! after the others: the same matrix, the same repetitions, so the engines
//! are compared in one run. OpenBLAS picks its thread count from `OPENBLAS_NUM_THREADS`
//! (default: every core), faer from rayon (`RAYON_NUM_THREADS`, same default). OpenBLAS
//! chooses its kernels when it loads: an older release (Debian 12 has 0.3.21) that does not
//! recognise the CPU falls back to slow generic ones (`OPENBLAS_VERBOSE=2` prints
//! `Core: Prescott`); `OPENBLAS_CORETYPE=SkylakeX` (or `Haswell`) names the right ones.

use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::{Array1, Array2, ArrayView2};
#[cfg(feature = "lapack")]
use rankscope::linalg::lapack;
use rankscope::linalg::{
    Factors, JobControl, RandomizedOptions, SvdError, randomized_svd, singular_values, thin_svd,
};
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

/// One exact SVD engine: its name in the bench lines and its two entry points.
struct Engine<T: Real> {
    name: &'static str,
    thin_svd: fn(ArrayView2<'_, T>, &JobControl) -> Result<Factors<T>, SvdError>,
    singular_values: fn(ArrayView2<'_, T>, &JobControl) -> Result<Array1<T>, SvdError>,
}

/// faer's own values-only SVD (one-stage bidiagonalisation), which rankscope used before
/// its two-stage path: kept as a line of its own for the comparison.
fn faer_one_stage_values<T: Real>(
    a: ArrayView2<'_, T>,
    _job: &JobControl,
) -> Result<Array1<T>, SvdError> {
    use faer_ext::IntoFaer;
    a.into_faer()
        .singular_values()
        .map(Array1::from)
        .map_err(|_| SvdError::NoConvergence)
}

/// The engines every exact case runs on, in line order: what rankscope ships (faer's thin SVD
/// for factors; for values the two-stage path from min(m, n) ≥ 512), faer's one-stage values,
/// then LAPACK when built with `--features lapack`.
fn engines<T: Real>() -> Vec<Engine<T>> {
    vec![
        Engine {
            name: "rankscope",
            thin_svd: thin_svd::<T>,
            singular_values: singular_values::<T>,
        },
        Engine {
            name: "faer",
            thin_svd: thin_svd::<T>,
            singular_values: faer_one_stage_values::<T>,
        },
        #[cfg(feature = "lapack")]
        Engine {
            name: "lapack",
            thin_svd: lapack::thin_svd::<T>,
            singular_values: lapack::singular_values::<T>,
        },
    ]
}

fn exact_cases<T: Real>(dtype: &str, repeats: usize)
where
    StandardNormal: Distribution<T>,
{
    let engines = engines::<T>();
    for (m, n) in [
        (1024, 1024),
        (2048, 2048),
        (4096, 1024),
        (1024, 4096),
        (4096, 4096),
    ] {
        let a: Array2<T> = gaussian(m, n, 7);
        for vectors in ["factors", "values"] {
            for engine in &engines {
                // The factors are faer's for both of the first two engines: time them once.
                if vectors == "factors" && engine.name == "faer" {
                    continue;
                }
                let label = format!(
                    "bench=svd engine={} shape={m}x{n} dtype={dtype} vectors={vectors}",
                    engine.name
                );
                if !wanted(&label) {
                    continue;
                }
                let job = JobControl::new();
                let (median, best) = timed(repeats, || {
                    if vectors == "factors" {
                        std::hint::black_box((engine.thin_svd)(a.view(), &job).expect("svd"));
                    } else {
                        std::hint::black_box(
                            (engine.singular_values)(a.view(), &job).expect("svd"),
                        );
                    }
                });
                println!("{label} median_secs={median:.4} min_secs={best:.4}");
            }
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
