//! Progress reporting and cooperative cancellation shared between a worker and its watchers.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use thiserror::Error;

/// The job was cancelled before it finished.
#[derive(Debug, Clone, Copy, Error, PartialEq, Eq)]
#[error("cancelled")]
pub struct Cancelled;

/// A snapshot of how far a job has got.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// 0.0 … 1.0.
    pub fraction: f64,
    /// What the job is doing now ("exact SVD", "power iteration 2 of 4", …).
    pub stage: String,
    /// Seconds since the job control was created.
    pub elapsed_secs: f64,
}

struct Shared {
    cancelled: AtomicBool,
    /// Progress in millionths, so it can be read without a lock.
    progress_millionths: AtomicU32,
    stage: Mutex<String>,
    started: Instant,
}

/// Handle to one job: the worker reports progress and checks for cancellation between
/// steps; any clone (the UI, a CLI spinner) can read progress or cancel.
#[derive(Clone)]
pub struct JobControl {
    shared: Arc<Shared>,
}

impl Default for JobControl {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for JobControl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JobControl")
            .field("progress", &self.progress())
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl JobControl {
    /// A fresh job at 0 %, timed from now.
    #[must_use]
    pub fn new() -> Self {
        Self {
            shared: Arc::new(Shared {
                cancelled: AtomicBool::new(false),
                progress_millionths: AtomicU32::new(0),
                stage: Mutex::new(String::from("starting")),
                started: Instant::now(),
            }),
        }
    }

    /// Asks the job to stop at its next checkpoint.
    pub fn cancel(&self) {
        self.shared.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.shared.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: workers call this between steps and return early.
    pub fn checkpoint(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Records that the job is `fraction` (0 … 1) done and now doing `stage`.
    pub fn report(&self, fraction: f64, stage: &str) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [0, 1e6]
        let millionths = (fraction.clamp(0.0, 1.0) * 1e6).round() as u32;
        self.shared
            .progress_millionths
            .store(millionths, Ordering::Relaxed);
        if let Ok(mut current) = self.shared.stage.lock() {
            stage.clone_into(&mut current);
        }
    }

    /// The latest report.
    #[must_use]
    pub fn progress(&self) -> Progress {
        let stage = self
            .shared
            .stage
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default();
        Progress {
            fraction: f64::from(self.shared.progress_millionths.load(Ordering::Relaxed)) / 1e6,
            stage,
            elapsed_secs: self.shared.started.elapsed().as_secs_f64(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_progress_and_cancellation() {
        let job = JobControl::new();
        let watcher = job.clone();
        job.report(0.25, "step one");
        assert_eq!(watcher.progress().fraction, 0.25);
        assert_eq!(watcher.progress().stage, "step one");
        assert_eq!(job.checkpoint(), Ok(()));
        watcher.cancel();
        assert_eq!(job.checkpoint(), Err(Cancelled));
    }
}
