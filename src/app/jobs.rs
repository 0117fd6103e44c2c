//! Background work: every load, SVD and export runs on a named worker thread with a job id,
//! progress and cancellation; results of superseded jobs are dropped by id.

use crate::linalg::JobControl;
use std::sync::mpsc::{Receiver, Sender, channel};

/// What kind of work a job does: the key of the job registry. One job of each kind runs at
/// a time, and kinds never touch each other: asking where to save never cancels a load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Listing a file.
    Open,
    /// Loading a matrix and computing its SVD and previews.
    Analyze,
    /// Writing an export.
    Export,
    /// Scanning every matrix of a checkpoint (the Model view).
    Scan,
    /// A system file dialog, waiting for the user.
    Dialog,
    /// The denoising demo's experiment (noise, SVD of the noisy matrix, curves).
    Denoise,
}

impl JobKind {
    /// Whether a new job of this kind supersedes a running one (the newest request wins: a
    /// newer file, matrix or scan makes the older one pointless). Otherwise a second job is
    /// refused while one runs: a dialog waits on the user and cannot be closed from here,
    /// and an export must end in its own "Saved" or error, never in silence.
    #[must_use]
    pub fn newest_wins(self) -> bool {
        match self {
            Self::Open | Self::Analyze | Self::Scan | Self::Denoise => true,
            Self::Export | Self::Dialog => false,
        }
    }
}

/// Why a job ended without its output: a kind the window acts on, or a message to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// The matrix holds NaN or ±inf, which loading refuses unless told to replace them
    /// with 0 (the window then offers to).
    NonFinite(String),
    /// Anything else, said as it is.
    Failed(String),
}

impl JobError {
    /// The message to show.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Self::NonFinite(message) | Self::Failed(message) => message,
        }
    }
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl From<String> for JobError {
    fn from(message: String) -> Self {
        Self::Failed(message)
    }
}

impl From<crate::source::SourceError> for JobError {
    fn from(error: crate::source::SourceError) -> Self {
        if matches!(error.problem, crate::source::Problem::NonFinite { .. }) {
            Self::NonFinite(error.to_string())
        } else {
            Self::Failed(error.to_string())
        }
    }
}

/// A running job as the UI sees it.
#[derive(Debug, Clone)]
pub struct RunningJob {
    /// Unique, increasing id: only the latest job of a kind may deliver.
    pub id: u64,
    /// What it does.
    pub kind: JobKind,
    /// For the progress line ("chelsea.png › colour").
    pub label: String,
    /// Progress and cancellation.
    pub control: JobControl,
}

/// A job's output, tagged with its id: the final one, or an interim one (a first answer
/// that a better one will replace).
pub struct Finished<T> {
    /// The job's id.
    pub id: u64,
    /// The job's kind.
    pub kind: JobKind,
    /// What it produced, or why not (a panic included).
    pub output: Result<T, JobError>,
    /// Whether the job is done; `false` for interim outputs.
    pub is_final: bool,
}

/// Least time between two repaints asked for by a job's progress reports (10 a second).
const PROGRESS_REPAINT_PERIOD: std::time::Duration = std::time::Duration::from_millis(100);

/// `repaint`, called at most once per [`PROGRESS_REPAINT_PERIOD`]: a job may report
/// thousands of times a second, and the window only needs to show the latest.
fn throttled(repaint: std::sync::Arc<dyn Fn() + Send + Sync>) -> impl Fn() + Send + Sync {
    use std::sync::atomic::{AtomicU64, Ordering};
    let period = u64::try_from(PROGRESS_REPAINT_PERIOD.as_micros()).unwrap_or(u64::MAX);
    let started = std::time::Instant::now();
    // Microseconds since `started`, plus one period, of the last repaint asked for.
    let last = AtomicU64::new(0);
    move || {
        let now = u64::try_from(started.elapsed().as_micros())
            .unwrap_or(u64::MAX)
            .saturating_add(period);
        let previous = last.load(Ordering::Relaxed);
        if now >= previous.saturating_add(period)
            && last
                .compare_exchange(previous, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            repaint();
        }
    }
}

/// Lets a running job hand over interim outputs (the UI shows them at once).
pub struct Interim<T> {
    id: u64,
    kind: JobKind,
    sender: Sender<Finished<T>>,
    repaint: std::sync::Arc<dyn Fn() + Send + Sync>,
}

impl<T> Interim<T> {
    /// Delivers `value` now; the job goes on.
    pub fn send(&self, value: T) {
        let _ = self.sender.send(Finished {
            id: self.id,
            kind: self.kind,
            output: Ok(value),
            is_final: false,
        });
        (self.repaint)();
    }
}

/// Starts jobs and collects their results; at most one live job per kind (see
/// [`JobKind::newest_wins`] for what a second one does).
pub struct Jobs<T> {
    next_id: u64,
    running: Vec<RunningJob>,
    sender: Sender<Finished<T>>,
    receiver: Receiver<Finished<T>>,
}

impl<T: Send + 'static> Default for Jobs<T> {
    fn default() -> Self {
        let (sender, receiver) = channel();
        Self {
            next_id: 1,
            running: Vec::new(),
            sender,
            receiver,
        }
    }
}

impl<T: Send + 'static> Jobs<T> {
    /// Starts `work` on a named thread, cancelling (superseding) any job of the same kind if
    /// [`JobKind::newest_wins`], else refusing (`None`) while one of that kind runs.
    /// `repaint` is called when the result is ready so the UI wakes up.
    pub fn start(
        &mut self,
        kind: JobKind,
        label: String,
        repaint: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&JobControl) -> Result<T, JobError> + Send + 'static,
    ) -> Option<u64> {
        self.start_with_interim(kind, label, repaint, move |control, _| work(control))
    }

    /// As [`start`](Self::start), and `work` may deliver interim outputs through [`Interim`].
    pub fn start_with_interim(
        &mut self,
        kind: JobKind,
        label: String,
        repaint: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&JobControl, &Interim<T>) -> Result<T, JobError> + Send + 'static,
    ) -> Option<u64> {
        if !kind.newest_wins() && self.running(kind).is_some() {
            return None;
        }
        self.cancel(kind);
        let id = self.next_id;
        self.next_id += 1;
        let control = JobControl::new();
        let repaint: std::sync::Arc<dyn Fn() + Send + Sync> = std::sync::Arc::new(repaint);
        control.on_report(throttled(std::sync::Arc::clone(&repaint)));
        self.running.push(RunningJob {
            id,
            kind,
            label,
            control: control.clone(),
        });
        let sender = self.sender.clone();
        let interim = Interim {
            id,
            kind,
            sender: self.sender.clone(),
            repaint,
        };
        let spawned = std::thread::Builder::new()
            .name(format!("rankscope-{kind:?}-{id}").to_lowercase())
            .spawn(move || {
                // A panic in the core must become a message, not a dead worker and a UI that
                // waits forever.
                let output = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    work(&control, &interim)
                }))
                .unwrap_or_else(|payload| {
                    let detail = payload
                        .downcast_ref::<&str>()
                        .map(ToString::to_string)
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    Err(JobError::Failed(format!(
                        "internal error in a background job: {detail}"
                    )))
                });
                let _ = sender.send(Finished {
                    id,
                    kind,
                    output,
                    is_final: true,
                });
                (interim.repaint)();
            });
        if let Err(error) = spawned {
            self.running.retain(|job| job.id != id);
            let _ = self.sender.send(Finished {
                id,
                kind,
                output: Err(format!("cannot start a worker thread: {error}").into()),
                is_final: true,
            });
        }
        Some(id)
    }

    /// Cancels the running job of `kind`, if any. A superseding kind's result is dropped;
    /// a refusing kind (an export) is told to stop but still delivers its outcome (it may have
    /// written its file already, or says it stopped), so it never ends in silence.
    pub fn cancel(&mut self, kind: JobKind) {
        for job in self.running.iter().filter(|job| job.kind == kind) {
            job.control.cancel();
        }
        if kind.newest_wins() {
            self.running.retain(|job| job.kind != kind);
        }
    }

    /// The running job of `kind`.
    #[must_use]
    pub fn running(&self, kind: JobKind) -> Option<&RunningJob> {
        self.running.iter().find(|job| job.kind == kind)
    }

    /// Every running job.
    #[must_use]
    pub fn all_running(&self) -> &[RunningJob] {
        &self.running
    }

    /// The next output of a live job, if one has arrived; outputs of cancelled or superseded
    /// jobs are dropped here. Take outputs one at a time and act on each before asking for
    /// the next: acting on one may supersede the job of the next (opening a file starts a
    /// new analysis), and liveness is judged at the moment of delivery.
    pub fn next_finished(&mut self) -> Option<Finished<T>> {
        while let Ok(done) = self.receiver.try_recv() {
            let is_live = self.running.iter().any(|job| job.id == done.id);
            if is_live {
                if done.is_final {
                    self.running.retain(|job| job.id != done.id);
                }
                return Some(done);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn wait_for<T: Send + 'static>(jobs: &mut Jobs<T>, count: usize) -> Vec<Finished<T>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut all = Vec::new();
        while all.len() < count && Instant::now() < deadline {
            all.extend(std::iter::from_fn(|| jobs.next_finished()));
            std::thread::sleep(Duration::from_millis(5));
        }
        all
    }

    #[test]
    fn superseded_results_are_dropped() {
        let mut jobs = Jobs::<u32>::default();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        jobs.start(
            JobKind::Analyze,
            "slow".into(),
            || {},
            move |_| {
                let _ = gate.recv_timeout(Duration::from_secs(5));
                Ok(1)
            },
        );
        jobs.start(JobKind::Analyze, "fast".into(), || {}, |_| Ok(2));
        let done = wait_for(&mut jobs, 1);
        release.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(50));
        let late: Vec<_> = std::iter::from_fn(|| jobs.next_finished()).collect();
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].output, Ok(2));
        assert!(late.is_empty(), "the superseded job delivered");
    }

    #[test]
    fn an_output_superseded_by_acting_on_an_earlier_one_is_not_delivered() {
        // An open and an analysis both finish before the UI looks. Acting on the open's
        // output starts a new analysis, which supersedes the finished one: its output,
        // already in the channel, must not be delivered (the soak test found this).
        let mut jobs = Jobs::<&str>::default();
        jobs.start(JobKind::Open, "open".into(), || {}, |_| Ok("opened"));
        std::thread::sleep(Duration::from_millis(50));
        jobs.start(
            JobKind::Analyze,
            "old".into(),
            || {},
            |_| Ok("old analysis"),
        );
        std::thread::sleep(Duration::from_millis(50));
        let first = jobs.next_finished().unwrap();
        assert_eq!(first.output, Ok("opened"));
        jobs.start(
            JobKind::Analyze,
            "new".into(),
            || {},
            |_| Ok("new analysis"),
        );
        let rest: Vec<_> = wait_for(&mut jobs, 1)
            .into_iter()
            .map(|f| f.output)
            .collect();
        assert_eq!(rest, vec![Ok("new analysis")]);
    }

    #[test]
    fn interim_outputs_arrive_before_the_final_one() {
        let mut jobs = Jobs::<u32>::default();
        jobs.start_with_interim(
            JobKind::Analyze,
            "two answers".into(),
            || {},
            |_, interim| {
                interim.send(1);
                Ok(2)
            },
        );
        let done = wait_for(&mut jobs, 2);
        let outputs: Vec<(Result<u32, JobError>, bool)> =
            done.into_iter().map(|f| (f.output, f.is_final)).collect();
        assert_eq!(outputs, vec![(Ok(1), false), (Ok(2), true)]);
        assert!(jobs.running(JobKind::Analyze).is_none());
    }

    #[test]
    fn kinds_are_separate_keys_and_exports_and_dialogs_refuse_a_second_job() {
        let mut jobs = Jobs::<&str>::default();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let dialog = jobs.start(
            JobKind::Dialog,
            "dialog".into(),
            || {},
            move |_| {
                let _ = gate.recv_timeout(Duration::from_secs(5));
                Ok("picked")
            },
        );
        assert!(dialog.is_some());
        // A load does not touch the dialog; a second dialog is refused, not superseding.
        jobs.start(JobKind::Open, "open".into(), || {}, |_| Ok("opened"));
        assert!(
            jobs.start(JobKind::Dialog, "again".into(), || {}, |_| Ok("x"))
                .is_none()
        );
        release.send(()).unwrap();
        let mut outputs: Vec<_> = wait_for(&mut jobs, 2)
            .into_iter()
            .map(|f| f.output.unwrap())
            .collect();
        outputs.sort_unstable();
        assert_eq!(outputs, vec!["opened", "picked"]);
    }

    #[test]
    fn a_cancelled_export_still_delivers_its_outcome() {
        let mut jobs = Jobs::<&str>::default();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        jobs.start(
            JobKind::Export,
            "export".into(),
            || {},
            move |control| {
                let _ = gate.recv_timeout(Duration::from_secs(5));
                if control.is_cancelled() {
                    Err(JobError::Failed(
                        "export stopped; nothing written".to_owned(),
                    ))
                } else {
                    Ok("saved")
                }
            },
        );
        assert!(
            jobs.start(JobKind::Export, "second".into(), || {}, |_| Ok("x"))
                .is_none()
        );
        jobs.cancel(JobKind::Export);
        release.send(()).unwrap();
        let done = wait_for(&mut jobs, 1);
        assert_eq!(
            done[0].output,
            Err(JobError::Failed(
                "export stopped; nothing written".to_owned()
            ))
        );
        assert!(jobs.running(JobKind::Export).is_none());
    }

    #[test]
    fn panics_become_messages() {
        let mut jobs = Jobs::<u32>::default();
        jobs.start(JobKind::Export, "boom".into(), || {}, |_| panic!("kaboom"));
        let done = wait_for(&mut jobs, 1);
        let error = done[0].output.clone().unwrap_err();
        assert!(error.message().contains("kaboom"), "{error}");
    }
}
