//! Asking for a path: the system file dialog where one works, else the in-window browser.
//! Both end in [`RankscopeApp::path_chosen`], which routes the path by why it was asked for.
//!
//! The system dialog (rfd) blocks until closed, so it runs as a [`JobKind::Dialog`] job: its
//! own key, so asking where to save never cancels a load, and a file dropped meanwhile never
//! discards the chosen path. When it cannot be shown (no desktop portal and no zenity, the
//! usual case on remote and minimal Linux machines) the built-in browser opens instead, for
//! the rest of the session.

use super::file_browser::{BrowseMode, BrowserOutcome, FileBrowser};
use super::jobs::JobKind;
use super::{Command, ExportStatus, JobOutput, PickPurpose, RankscopeApp, model};
use crate::export::Format;
use std::path::{Path, PathBuf};

/// What a file dialog asks for: shared by the system dialog and the in-window browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogSpec {
    /// Open a file, open a folder, or save.
    pub mode: BrowseMode,
    /// The dialog's title ("Save the npz export as").
    pub title: String,
    /// The filter's name ("matrices and images").
    pub filter_name: &'static str,
    /// Extensions shown (without dots); empty: every file.
    pub extensions: &'static [&'static str],
    /// The name proposed when saving.
    pub default_name: Option<String>,
    /// Opening a file may also take a folder (a sharded checkpoint as the base).
    pub folders_too: bool,
}

const OPENABLE: &[&str] = &[
    "safetensors",
    "json",
    "npy",
    "npz",
    "csv",
    "tsv",
    "png",
    "jpg",
    "jpeg",
    "webp",
    "bmp",
    "tif",
    "tiff",
];

impl DialogSpec {
    /// The dialog for `purpose`.
    #[must_use]
    pub fn for_purpose(purpose: PickPurpose) -> Self {
        let open = |title: &str, filter_name, extensions| Self {
            mode: BrowseMode::OpenFile,
            title: title.to_owned(),
            filter_name,
            extensions,
            default_name: None,
            folders_too: false,
        };
        let save = |title: String, filter_name, extensions, name: &str| Self {
            mode: BrowseMode::SaveFile,
            title,
            filter_name,
            extensions,
            default_name: Some(name.to_owned()),
            folders_too: false,
        };
        match purpose {
            PickPurpose::Open => open("Open a matrix or an image", "matrices and images", OPENABLE),
            PickPurpose::OpenFolder => Self {
                mode: BrowseMode::OpenFolder,
                ..open("Open a model folder", "folders", &[])
            },
            PickPurpose::Base => Self {
                folders_too: true,
                ..open(
                    "Choose the base checkpoint (a file or a model folder)",
                    "checkpoints",
                    &["safetensors", "json", "npz"],
                )
            },
            PickPurpose::Export(format) => save(
                format!("Save the {} export as", format.name()),
                format.name(),
                export_extensions(format),
                &format!("rankscope-export.{}", export_extensions(format)[0]),
            ),
            PickPurpose::ModelExport(format, _) => match format {
                model::ModelExportFormat::Kohya => save(
                    "Save the kohya LoRA as".to_owned(),
                    "kohya LoRA",
                    &["safetensors"],
                    "lora.safetensors",
                ),
                model::ModelExportFormat::Peft => save(
                    "Save the PEFT adapter folder as".to_owned(),
                    "folders",
                    &[],
                    "adapter",
                ),
                model::ModelExportFormat::Compressed => save(
                    "Save the compressed checkpoint folder as".to_owned(),
                    "folders",
                    &[],
                    "compressed",
                ),
            },
            PickPurpose::Screenshot => save(
                "Save the view as PNG".to_owned(),
                "png",
                &["png"],
                "rankscope-view.png",
            ),
            PickPurpose::Figure(kind, format) => save(
                format!(
                    "Save the {} figure as {}",
                    kind.name(),
                    format.extension().to_uppercase()
                ),
                format.extension(),
                figure_extensions(format),
                &format!("rankscope-{}.{}", kind.name(), format.extension()),
            ),
            PickPurpose::Animation => save(
                "Record Play as GIF".to_owned(),
                "gif",
                &["gif"],
                "rankscope-ranks.gif",
            ),
        }
    }
}

/// The file-dialog state of the window.
#[derive(Default)]
pub struct FileDialogs {
    /// The in-window browser, while it is up, and why it was opened.
    pub browser: Option<(FileBrowser, PickPurpose)>,
    /// Always use the in-window browser (File menu; saved between runs).
    pub builtin_only: bool,
    /// Why the system dialog cannot be used, once it has failed: the browser takes over
    /// for the rest of the session instead of failing (or timing out) again each time.
    pub system_unavailable: Option<String>,
    /// The folder the last dialog ended in: the next one starts there.
    pub last_folder: Option<PathBuf>,
}

impl RankscopeApp {
    /// Asks for a path for `purpose`: the system dialog, or the in-window browser when asked
    /// for or when no system dialog works. Refused (`false`) while another dialog is up.
    pub(super) fn pick_path(&mut self, purpose: PickPurpose) -> bool {
        if self.dialogs.browser.is_some() || self.jobs.running(JobKind::Dialog).is_some() {
            // One dialog at a time: the one on screen is still waiting for the user.
            return false;
        }
        let spec = DialogSpec::for_purpose(purpose);
        let folder = self.start_folder();
        if self.dialogs.builtin_only {
            self.open_browser(spec, folder, purpose);
            return true;
        }
        if self.dialogs.system_unavailable.is_none() {
            self.dialogs.system_unavailable = super::system_dialog::unavailable_reason();
        }
        if self.dialogs.system_unavailable.is_some() {
            self.open_browser(spec, folder, purpose);
            return true;
        }
        let label = spec.title.clone();
        self.start_job(JobKind::Dialog, label, move |_| {
            Ok(match super::system_dialog::ask(&spec, folder.as_deref()) {
                Ok(picked) => JobOutput::Picked(picked, purpose),
                Err(why) => JobOutput::DialogFailed(why, purpose),
            })
        })
    }

    /// The system dialog could not be shown: say why once, and ask in the window instead.
    pub(super) fn system_dialog_failed(&mut self, why: String, purpose: PickPurpose) {
        self.notices.push(format!(
            "The system file dialog is unavailable ({why}); using the built-in file browser."
        ));
        self.dialogs.system_unavailable = Some(why);
        let spec = DialogSpec::for_purpose(purpose);
        let folder = self.start_folder();
        self.open_browser(spec, folder, purpose);
    }

    fn open_browser(&mut self, spec: DialogSpec, folder: Option<PathBuf>, purpose: PickPurpose) {
        let folder = folder
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        self.dialogs.browser = Some((FileBrowser::new(spec, folder), purpose));
    }

    /// Where a dialog starts: the last dialog's folder, else the open file's.
    fn start_folder(&self) -> Option<PathBuf> {
        self.dialogs
            .last_folder
            .clone()
            .filter(|folder| folder.is_dir())
            .or_else(|| {
                let path = self.shown.catalog.as_ref()?.path.as_ref()?;
                let folder = if path.is_dir() { path } else { path.parent()? };
                Some(std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned()))
            })
    }

    /// A dialog ended: `None` when cancelled. Routes the path by why it was asked for.
    pub(super) fn path_chosen(&mut self, path: Option<PathBuf>, purpose: PickPurpose) {
        let Some(path) = path else {
            if matches!(purpose, PickPurpose::Export(_))
                && self.export_status == ExportStatus::ChoosingPath
            {
                // Back to the export window's choices: it stayed open, nothing was written.
                self.export_status = ExportStatus::Idle;
            }
            return;
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            self.dialogs.last_folder = Some(folder.to_owned());
        }
        let command = match purpose {
            PickPurpose::Open | PickPurpose::OpenFolder => Command::Open(path),
            PickPurpose::Export(format) => Command::Export(format, path),
            PickPurpose::Base => Command::CompareWith(path),
            PickPurpose::ModelExport(format, ranks) => Command::ExportModel(format, ranks, path),
            PickPurpose::Screenshot => Command::SaveScreenshot(path),
            PickPurpose::Figure(kind, format) => Command::SaveFigure(kind, format, path),
            PickPurpose::Animation => Command::RecordAnimation(path),
        };
        self.apply(command);
    }

    /// Draws the in-window browser, if it is up, and acts on how it ended.
    pub(super) fn file_browser_ui(&mut self, ctx: &egui::Context) {
        let Some((browser, purpose)) = &mut self.dialogs.browser else {
            return;
        };
        let purpose = *purpose;
        let Some(outcome) = browser.show(ctx) else {
            return;
        };
        self.dialogs.last_folder = Some(browser.folder().to_owned());
        self.dialogs.browser = None;
        let chosen = match outcome {
            BrowserOutcome::Chosen(path) => Some(path),
            BrowserOutcome::Cancelled => None,
        };
        // Applied with the other commands in `logic`, after this frame.
        self.commands.push(Command::DialogEnded(chosen, purpose));
    }
}

/// The file extensions of an export format (the first one is proposed).
#[must_use]
pub fn export_extensions(format: Format) -> &'static [&'static str] {
    match format {
        Format::Npz => &["npz"],
        Format::Safetensors | Format::Lora => &["safetensors"],
        Format::Png => &["png"],
        Format::Csv => &["csv"],
        Format::Json => &["json"],
    }
}

/// The file extension of a figure format, as the dialog's filter wants it.
fn figure_extensions(format: crate::figure::FigureFormat) -> &'static [&'static str] {
    use crate::figure::FigureFormat;
    match format {
        FigureFormat::Svg => &["svg"],
        FigureFormat::Png => &["png"],
        FigureFormat::Csv => &["csv"],
    }
}

/// `path` made absolute (not resolving links), as confirmations show it: a relative path
/// would leave the user guessing which folder it is relative to.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}
