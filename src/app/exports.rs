//! The Export window's export: started on a worker at the shown rank, never over an input,
//! and never without a word when it cannot happen.

use super::catalog::Catalog;
use super::jobs::{JobError, JobKind};
use super::{ExportStatus, JobOutput, RankscopeApp, dialogs};
use crate::export::Format;
use std::path::PathBuf;

impl RankscopeApp {
    /// Writes the shown matrix at the current rank as `format` at `path`, on a worker.
    pub(super) fn export(&mut self, format: Format, path: PathBuf) {
        let Some(decomposition) = self.shown.decomposition.clone() else {
            self.export_failed("nothing to export yet: open a matrix first".to_owned());
            return;
        };
        let rank = self.shown.rank();
        let path = dialogs::absolute(&path);
        let label = format!("exporting {}", path.display());
        let written_to = path.clone();
        let target = self.export_target(path.clone());
        let started = self.start_job(JobKind::Export, label, move |job| {
            if job.is_cancelled() {
                return Err(JobError::Failed(format!(
                    "export to {} stopped; nothing written",
                    path.display()
                )));
            }
            decomposition.export(format, rank, &target)?;
            Ok(JobOutput::Exported(format!(
                "Saved {} (rank {rank}, {})",
                path.display(),
                format.name()
            )))
        });
        if started {
            self.export_status = ExportStatus::Writing(written_to);
        } else {
            self.export_failed(format!(
                "not saved to {}: another export is still being written",
                written_to.display()
            ));
        }
    }

    /// An export that did not happen: said in the Export window if it is open, else above
    /// the views.
    pub(super) fn export_failed(&mut self, message: String) {
        if !self.export_window_open {
            self.errors.push(message.clone());
        }
        self.export_status = ExportStatus::Failed(message);
    }

    /// Opens the Export window on its choices (a finished export's outcome was seen).
    pub(super) fn open_export_window(&mut self) {
        if !matches!(
            self.export_status,
            ExportStatus::ChoosingPath | ExportStatus::Writing(_)
        ) {
            self.export_status = ExportStatus::Idle;
        }
        self.export_window_open = true;
    }

    /// Where an export chosen in a save dialog goes: the dialog asked before replacing, so
    /// a file (or a rankscope folder of the same kind) may be replaced, never an input.
    pub(super) fn export_target(&self, path: PathBuf) -> crate::export::OutputTarget {
        let inputs = self
            .shown
            .catalog
            .as_ref()
            .map(Catalog::input_files)
            .unwrap_or_default();
        crate::export::OutputTarget::new(path)
            .replacing(true)
            .reading(inputs)
    }
}
