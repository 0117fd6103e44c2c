//! What finished jobs bring back: opened files, analyses, scan rows, chosen paths, errors.
//! Each output is acted on before the next is taken, and nothing that lands can belong to
//! a file or matrix that is no longer the current one.

use super::decomposition::Decomposition;
use super::jobs::{JobError, JobKind};
use super::messages::Topic;
use super::{Command, ExportStatus, JobOutput, MAX_RECENT, MainView, RankscopeApp};
use crate::preview::Colormap;

impl RankscopeApp {
    /// Delivers every output of a live job that has arrived since the last frame.
    pub(super) fn deliver_finished_jobs(&mut self) {
        // One at a time: what one output starts may supersede the job of the next.
        while let Some(finished) = self.jobs.next_finished() {
            if finished.is_final
                && finished.kind == JobKind::Scan
                && let Some(model) = &mut self.model
            {
                model.finished = true;
            }
            match finished.output {
                Ok(output) => self.receive(output),
                Err(message) => self.receive_error(finished.kind, message),
            }
        }
    }

    /// A job's error: shown; a new file whose first matrix failed gives way to the old one.
    fn receive_error(&mut self, kind: JobKind, error: JobError) {
        let refused_non_finite = matches!(error, JobError::NonFinite(_));
        let mut message = error.message().to_owned();
        if kind == JobKind::Analyze && refused_non_finite {
            // Remember what was refused so the toggle can open it with zeros.
            if let Some(path) = self.shown.catalog.as_ref().and_then(|c| c.path.clone()) {
                self.refused_non_finite = Some((path, self.shown.selection.clone()));
            }
            message.push_str(" File → Replace NaN/±inf with 0 loads it with zeros.");
        }
        if kind == JobKind::Export && matches!(self.export_status, ExportStatus::Writing(_)) {
            // The Export window's export: its outcome is said there.
            self.export_failed(message);
            return;
        }
        if kind == JobKind::Analyze
            && let Some((catalog, selection)) = self.before_open.take()
        {
            // The new file's first matrix cannot be shown: back to the old one.
            self.shown.catalog = Some(catalog);
            self.shown.selection = selection;
        }
        let topic = match kind {
            JobKind::Open | JobKind::Analyze => Topic::Shown,
            JobKind::Export => Topic::Export,
            JobKind::Scan => Topic::Scan,
            JobKind::Dialog | JobKind::Denoise => Topic::Other,
        };
        self.errors.push_about(topic, message);
    }

    fn receive(&mut self, output: JobOutput) {
        match output {
            JobOutput::Opened(catalog, requested) => {
                if catalog.items.iter().all(|i| i.refusal.is_some()) {
                    // Nothing in it can be shown (no tensors, a vector, an empty array): say
                    // why and keep the file and matrix on screen.
                    let why = catalog.items.first().map_or_else(
                        || crate::source::Problem::NoEntries.to_string(),
                        |item| item.refusal.clone().unwrap_or_default(),
                    );
                    self.errors
                        .push_about(Topic::Shown, format!("{}: {why}", catalog.title));
                    return;
                }
                // Something else opened: messages about the previous file no longer apply.
                self.errors
                    .clear_about(&[Topic::Shown, Topic::Export, Topic::Scan]);
                if let Some(note) = catalog.note() {
                    self.notices.push(format!("{}: {note}", catalog.title));
                }
                if let Some(path) = &catalog.path {
                    self.recent.retain(|p| p != path);
                    self.recent.insert(0, path.clone());
                    self.recent.truncate(MAX_RECENT);
                }
                let selection = requested.or_else(|| catalog.default_selection.clone());
                let previous = self.shown.catalog.replace(*catalog);
                self.before_open = match (previous, &selection) {
                    (Some(previous), Some(_)) if self.shown.decomposition.is_some() => {
                        Some((previous, self.shown.selection.clone()))
                    }
                    _ => None,
                };
                // An analysis still running belongs to the previous file: its result must
                // not land under this one, even if nothing here gets selected.
                self.jobs.cancel(JobKind::Analyze);
                self.shown.selection = None;
                // A new file: the old scan no longer applies.
                self.jobs.cancel(JobKind::Scan);
                self.model = None;
                if self.main_view == MainView::Model {
                    self.main_view = MainView::Matrix;
                }
                if let Some(selection) = selection {
                    self.select(selection);
                }
                if std::mem::take(&mut self.startup.model_view) {
                    self.apply(Command::ShowMain(MainView::Model));
                }
            }
            JobOutput::Analyzed(decomposition) => {
                // The matrix is on screen: whatever stood in its way is resolved.
                self.errors.clear_about(&[Topic::Shown]);
                self.before_open = None;
                self.show(*decomposition);
            }
            JobOutput::Exported(message) => {
                self.errors.clear_about(&[Topic::Export]);
                if matches!(self.export_status, ExportStatus::Writing(_)) {
                    // The Export window's export: said there, or above the views once the
                    // window was closed.
                    if !self.export_window_open {
                        self.notices.push(message.clone());
                    }
                    self.export_status = ExportStatus::Saved(message);
                } else {
                    self.notices.push(message);
                }
            }
            JobOutput::Picked(path, purpose) => self.path_chosen(path, purpose),
            JobOutput::DialogFailed(why, purpose) => self.system_dialog_failed(why, purpose),
            JobOutput::ScanRow(row) => {
                if let Some(model) = &mut self.model {
                    // The first few rows start ticked so the overlay shows something.
                    if model.rows.len() < 4 {
                        model.selected.insert(row.name.clone());
                    }
                    model.rows.push(*row);
                }
            }
            JobOutput::ScanSkipped(name, reason) => {
                if let Some(model) = &mut self.model {
                    model.skipped.push((name, reason));
                }
            }
            JobOutput::ScanTotal(total) => {
                if let Some(model) = &mut self.model {
                    model.total = total;
                }
            }
            JobOutput::ScanDone => {
                if let Some(model) = &mut self.model {
                    model.finished = true;
                }
            }
            JobOutput::Denoised(demo) => self.denoise.receive(*demo),
            JobOutput::DiffBase(base, mismatched) => {
                if let Some(catalog) = &mut self.shown.catalog {
                    catalog.base = Some(base);
                }
                if let Some(model) = &mut self.model {
                    model.mismatched = mismatched;
                }
            }
        }
    }

    fn show(&mut self, mut decomposition: Decomposition) {
        // Superseded jobs' results are dropped before they get here (`Jobs::next_finished`):
        // what lands is always the selected item of the listed file. The soak test drives
        // this through a thousand random actions.
        debug_assert_eq!(
            Some(&decomposition.selection),
            self.shown.selection.as_ref(),
            "a result for another selection landed: {}",
            decomposition.label
        );
        debug_assert!(
            self.shown
                .catalog
                .as_ref()
                .is_some_and(|c| decomposition.label.starts_with(c.title.as_str())),
            "a result for another file landed: {} (listed: {:?})",
            decomposition.label,
            self.shown.catalog.as_ref().map(|c| &c.title)
        );
        self.view.colormap = if decomposition.is_image {
            Colormap::Gray
        } else {
            Colormap::Diverging
        };
        // Built with their checkpoints on the worker; the UI only moves them.
        let previews = std::mem::take(&mut decomposition.previews);
        // The exact result replacing a first answer keeps the rank the user has chosen (a
        // rank left where the first answer put it moves to the exact result's).
        let replaces_first_answer = self.shown.decomposition.as_ref().is_some_and(|current| {
            current.method == crate::linalg::Method::Randomized
                && current.selection == decomposition.selection
                && self.shown.rank() != current.initial_rank
        });
        let rank = if replaces_first_answer {
            self.shown.rank()
        } else {
            decomposition.initial_rank
        };
        self.shown.show(decomposition, previews, rank);
        self.startup.frames_since_ready = 0;
    }
}
