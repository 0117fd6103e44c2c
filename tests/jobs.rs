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
use std::sync::mpsc;
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

    let started = Instant::now();
    randomized_svd(
        a.view(),
        rank,
        RandomizedOptions::default(),
        &JobControl::new(),
    )
    .unwrap();
    let uninterrupted = started.elapsed();

    let trials = 12u32;
    let mut latencies = Vec::new();
    for trial in 0..trials {
        let job = JobControl::new();
        let (sender, receiver) = mpsc::channel();
        let worker = {
            let (a, job) = (a.clone(), job.clone());
            std::thread::Builder::new()
                .name(format!("randomized-{trial}"))
                .spawn(move || {
                    let outcome =
                        randomized_svd(a.view(), rank, RandomizedOptions::default(), &job);
                    sender.send((Instant::now(), outcome.is_err())).unwrap();
                    outcome
                })
                .unwrap()
        };
        // Spread over the whole run (deterministically), so every stage gets cancelled, the
        // last products and the small SVD included.
        let fraction = (f64::from(trial) + 0.5) / f64::from(trials);
        std::thread::sleep(uninterrupted.mul_f64(fraction));
        let cancelled_at = Instant::now();
        job.cancel();
        let (returned_at, failed) = receiver.recv_timeout(Duration::from_secs(30)).unwrap();
        let outcome = worker.join().unwrap();
        if !failed {
            continue; // it finished before the cancel landed
        }
        assert!(
            matches!(outcome, Err(SvdError::Cancelled(_))),
            "trial {trial}"
        );
        latencies.push(returned_at.saturating_duration_since(cancelled_at));
    }
    eprintln!("uninterrupted {uninterrupted:?}; cancel latencies {latencies:?}");
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
