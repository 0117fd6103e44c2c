//! Cancelling the randomized engine takes effect within 100 ms, wherever the cancel lands:
//! in a product with the sketch, in an orthonormalisation, or in the small SVD.
//!
//! Its own test binary, so no other test competes for the cores while latencies are timed.
// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::Array2;
use rankscope::linalg::{JobControl, RandomizedOptions, SvdError, randomized_svd};
use std::time::{Duration, Instant};

/// The most a cancel may take to stop the engine.
const CANCEL_LIMIT: Duration = Duration::from_millis(100);

#[test]
fn cancelling_the_randomized_engine_takes_effect_within_100_ms() {
    // The app's first answer for large matrices: the top 256 (a sketch of 512 columns).
    let mut rng = StdRng::seed_from_u64(11);
    let a = Array2::<f32>::from_shape_simple_fn((2000, 1600), || StandardNormal.sample(&mut rng));
    let a = std::sync::Arc::new(a);
    let rank = 256;

    let trials = 12u32;
    let mut latencies = Vec::new();
    for trial in 0..trials {
        let job = JobControl::new();
        // Cancelled from its own progress reports, spread over the whole run (deterministic
        // whatever the machine's speed or load), so every stage gets cancelled, the last
        // products and the small SVD included.
        let fraction = (f64::from(trial) + 0.5) / f64::from(trials);
        let cancelled_at = std::sync::Arc::new(std::sync::Mutex::new(None::<Instant>));
        {
            let (watcher, cancelled_at) = (job.clone(), cancelled_at.clone());
            job.on_report(move || {
                let mut at = cancelled_at.lock().unwrap();
                // (The report of 100 % comes after the work: nothing is left to cancel.)
                let done = watcher.progress().fraction;
                if at.is_none() && done >= fraction && done < 1.0 {
                    *at = Some(Instant::now());
                    watcher.cancel();
                }
            });
        }
        let outcome = randomized_svd(a.view(), rank, RandomizedOptions::default(), &job);
        let returned_at = Instant::now();
        let Some(cancelled_at) = *cancelled_at.lock().unwrap() else {
            continue; // no report reached the fraction before the end
        };
        assert!(
            matches!(outcome, Err(SvdError::Cancelled(_))),
            "trial {trial} (cancelled at {fraction:.2})"
        );
        latencies.push(returned_at.saturating_duration_since(cancelled_at));
    }
    eprintln!("cancel latencies {latencies:?}");
    assert!(
        latencies.len() >= 8,
        "only {} of {trials} runs were cancelled",
        latencies.len()
    );
    let worst = latencies.iter().max().unwrap();
    assert!(
        *worst <= CANCEL_LIMIT,
        "a cancel took {worst:?} (limit {CANCEL_LIMIT:?}): {latencies:?}"
    );
}
