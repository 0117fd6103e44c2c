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

/// Called after every report (e.g. to wake a window that shows the progress).
type Listener = Arc<dyn Fn() + Send + Sync>;

struct Shared {
    cancelled: AtomicBool,
    /// Progress in millionths, so it can be read without a lock.
    progress_millionths: AtomicU32,
    stage: Mutex<String>,
    started: Instant,
    listener: Mutex<Option<Listener>>,
}

/// Which share of the whole job a handle's reports stand for: a step of a longer job
/// (an SVD inside a load-decompose-preview pipeline) reports 0 … 1 of its own work.
#[derive(Clone)]
struct Part {
    from: f64,
    to: f64,
    /// Prepended to the part's stages ("first answer: power iteration 2 of 4").
    label: Option<Arc<str>>,
}

/// Handle to one job: the worker reports progress and checks for cancellation between
/// steps; any clone (the UI, a CLI spinner) can read progress or cancel.
///
/// [`part`](Self::part) hands a step of the job (an SVD) a handle to the same job whose
/// reports fill only that step's share of the progress: cancelling the job stops the step,
/// and the step's progress is what the job's watchers see.
#[derive(Clone)]
pub struct JobControl {
    shared: Arc<Shared>,
    part: Part,
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
                listener: Mutex::new(None),
            }),
            part: Part {
                from: 0.0,
                to: 1.0,
                label: None,
            },
        }
    }

    /// The same job, for a step that takes the share `from` … `to` (0 ≤ from ≤ to ≤ 1) of
    /// this handle's progress: its reports of 0 … 1 land there, its stages are prefixed
    /// with `label` (unless empty), and it is cancelled with the job.
    #[must_use]
    pub fn part(&self, from: f64, to: f64, label: &str) -> Self {
        let span = self.part.to - self.part.from;
        let label = match (&self.part.label, label.is_empty()) {
            (Some(outer), false) => Some(format!("{outer}: {label}").into()),
            (Some(outer), true) => Some(Arc::clone(outer)),
            (None, false) => Some(label.into()),
            (None, true) => None,
        };
        Self {
            shared: Arc::clone(&self.shared),
            part: Part {
                from: self.part.from + span * from.clamp(0.0, 1.0),
                to: self.part.from + span * to.clamp(0.0, 1.0),
                label,
            },
        }
    }

    /// Calls `listener` after every report from now on (on the reporting thread; keep it
    /// cheap). One listener per job: a second call replaces the first.
    pub fn on_report(&self, listener: impl Fn() + Send + Sync + 'static) {
        if let Ok(mut current) = self.shared.listener.lock() {
            *current = Some(Arc::new(listener));
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

    /// Records that the job (or this handle's part of it) is `fraction` (0 … 1) done and
    /// now doing `stage`.
    pub fn report(&self, fraction: f64, stage: &str) {
        let Part { from, to, label } = &self.part;
        let fraction = from + (to - from) * fraction.clamp(0.0, 1.0);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [0, 1e6]
        let millionths = (fraction.clamp(0.0, 1.0) * 1e6).round() as u32;
        self.shared
            .progress_millionths
            .store(millionths, Ordering::Relaxed);
        if let Ok(mut current) = self.shared.stage.lock() {
            current.clear();
            if let Some(label) = label {
                current.push_str(label);
                current.push_str(": ");
            }
            current.push_str(stage);
        }
        let listener = self.shared.listener.lock().ok().and_then(|l| l.clone());
        if let Some(listener) = listener {
            listener();
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

    #[test]
    fn parts_report_into_their_share_and_are_cancelled_with_the_job() {
        let job = JobControl::new();
        let heard = Arc::new(AtomicU32::new(0));
        let counter = Arc::clone(&heard);
        job.on_report(move || {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let svd = job.part(0.2, 0.6, "exact SVD");
        svd.report(0.5, "bidiagonalising");
        assert!((job.progress().fraction - 0.4).abs() < 1e-6);
        assert_eq!(job.progress().stage, "exact SVD: bidiagonalising");
        // A part of a part: 0.2 + 0.4 · (0.5 + 0.5 · 1.0) = 0.6.
        svd.part(0.5, 1.0, "step").report(1.0, "done");
        assert!((job.progress().fraction - 0.6).abs() < 1e-6);
        assert_eq!(job.progress().stage, "exact SVD: step: done");
        assert_eq!(heard.load(Ordering::Relaxed), 2);
        job.cancel();
        assert_eq!(svd.checkpoint(), Err(Cancelled));
    }
}
