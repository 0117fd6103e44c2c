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

    /// Runs `work`, a bounded computation that cannot check for cancellation itself (a
    /// library call), on a helper thread, and returns `Err(Cancelled)` as soon as the job is
    /// cancelled instead of waiting for it: the helper then finishes on its own and its
    /// result is dropped. Keeps cancels prompt around calls like the small SVD of a sketch.
    pub fn run_uninterruptible<R: Send + 'static>(
        &self,
        work: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, Cancelled> {
        self.checkpoint()?;
        let (sender, receiver) = std::sync::mpsc::channel();
        // Failing to start a thread means the process is out of resources; the panic is
        // caught at the job boundary and shown as a message like any other.
        let helper = std::thread::Builder::new()
            .name("rankscope-uninterruptible".to_owned())
            .spawn(move || {
                let _ = sender.send(work());
            })
            .expect("cannot start a helper thread");
        loop {
            match receiver.recv_timeout(std::time::Duration::from_millis(2)) {
                Ok(result) => {
                    let _ = helper.join();
                    return Ok(result);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => self.checkpoint()?,
                // The helper panicked: re-raise it here, where the job's panic handling is.
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match helper.join() {
                    Err(payload) => std::panic::resume_unwind(payload),
                    Ok(()) => return Err(Cancelled),
                },
            }
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
