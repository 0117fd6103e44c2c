//! Record GIF: the Play animation of the shown photo or matrix written as an animated GIF,
//! the same file `rankscope animate` writes (one shared core call), timed as Play runs.
//! A background export job: progress per frame, Cancel, and the output checks every
//! export goes through (never over an input, never over a folder).

use super::jobs::{JobError, JobKind};
use super::messages::Topic;
use super::{JobOutput, RankscopeApp};
use crate::export::{AnimationSettings, write_rank_animation};
use std::path::PathBuf;

/// Frames of a recording: `rankscope animate`'s default.
pub const RECORD_FRAMES: usize = 40;

/// Largest side of a recording in pixels: `rankscope animate`'s default.
pub const RECORD_SIZE: usize = 480;

/// A recording of Play: its [`RECORD_FRAMES`] frames last as long as Play takes from k = 1
/// to k = r (`play_seconds`), so the GIF runs at the window's pace (at the default 10 s,
/// `rankscope animate --frames 40 --frame-ms 250` writes the same file).
#[must_use]
pub fn record_settings(play_seconds: f64) -> AnimationSettings {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a few thousand ms
    let frame_ms = (play_seconds * 1000.0 / RECORD_FRAMES as f64).round() as u32;
    AnimationSettings {
        frames: RECORD_FRAMES,
        frame_ms,
        size: RECORD_SIZE,
    }
}

impl RankscopeApp {
    /// Writes the shown matrix's rank animation to `path` on a worker.
    pub(super) fn record_animation(&mut self, path: PathBuf) {
        let path = super::dialogs::absolute(&path);
        let refuse = |app: &mut Self, why: &str| {
            app.errors.push_about(
                Topic::Export,
                format!("{}: not recorded: {why}", path.display()),
            );
        };
        let Some(decomposition) = self.shown.decomposition.clone() else {
            refuse(self, "nothing to animate yet: open a matrix first");
            return;
        };
        if decomposition.is_first_answer() {
            refuse(
                self,
                "the exact SVD is still being computed; record once it has finished",
            );
            return;
        }
        let target = self.export_target(path.clone());
        let settings = record_settings(self.view.play.seconds);
        let label = format!("recording {}", path.display());
        let shown = path.clone();
        let started = self.start_job(JobKind::Export, label, move |job| {
            let channels: Vec<_> = decomposition
                .channels
                .iter()
                .map(|c| (c.matrix.as_ref(), &c.factors))
                .collect();
            let written = write_rank_animation(&target, &channels, settings, job)
                .map_err(|e| JobError::Failed(e.to_string()))?;
            Ok(JobOutput::Exported(format!(
                "Recorded Play as {} ({} frames, k = {} … {}, {} × {} pixels, {} ms a frame)",
                shown.display(),
                written.frames,
                written.first_rank,
                written.max_rank,
                written.width,
                written.height,
                settings.frame_ms,
            )))
        });
        if !started {
            refuse(self, "another export is still being written");
        }
    }
}
