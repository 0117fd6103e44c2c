//! A one-line progress display on stderr while a job runs, only when stderr is a terminal
//! (so pipes, CI logs and `--json` consumers see nothing of it).

use crate::linalg::JobControl;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Shows `label` with the job's stage, percentage and elapsed time until dropped.
pub(crate) struct ProgressLine {
    finished: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    pub(crate) fn start(label: String, job: &JobControl) -> Self {
        let finished = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let finished = Arc::clone(&finished);
            let job = job.clone();
            std::thread::Builder::new()
                .name("progress-line".into())
                .spawn(move || draw_until(&label, &job, &finished))
                .ok()
        });
        Self {
            finished,
            thread: thread.flatten(),
        }
    }
}

fn draw_until(label: &str, job: &JobControl, finished: &AtomicBool) {
    const FRAMES: [char; 4] = ['|', '/', '-', '\\'];
    let mut frame = 0;
    // Stay quiet for quick jobs: no flicker for sub-second work.
    std::thread::sleep(Duration::from_millis(300));
    while !finished.load(Ordering::Relaxed) {
        let progress = job.progress();
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} {label}: {} {:.0} % ({:.1} s)",
            FRAMES[frame % FRAMES.len()],
            progress.stage,
            progress.fraction * 100.0,
            progress.elapsed_secs
        );
        let _ = err.flush();
        drop(err);
        frame += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = write!(std::io::stderr(), "\r\x1b[2K");
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.finished.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
