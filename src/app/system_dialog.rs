//! The system file dialog (rfd), and telling "cannot be shown" from "cancelled".
//!
//! On Linux rfd asks the desktop portal over the D-Bus session bus, falls back to `zenity`,
//! and returns `None` both when the user cancels and when neither works. Two checks tell
//! them apart:
//! - before asking, [`unavailable_reason`]: with no session bus and no `zenity`, no system
//!   dialog can appear (a plain X server, a remote or minimal machine);
//! - while asking, rfd's own error log: it reports each failure (portal call, zenity start)
//!   through the `log` crate before returning `None`. A logger that keeps only rfd's
//!   warnings and errors, per thread, sees whether the last thing rfd reported was a failure
//!   (no dialog was shown) or the switch to zenity (which then ran).

use super::dialogs::DialogSpec;
use super::file_browser::BrowseMode;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

/// Why no system dialog can be shown here, checked without showing one; `None` when one
/// may work (the attempt itself then tells).
#[must_use]
pub fn unavailable_reason() -> Option<String> {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let session_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS")
            .is_some_and(|address| !address.is_empty())
            || std::env::var_os("XDG_RUNTIME_DIR")
                .is_some_and(|dir| Path::new(&dir).join("bus").exists());
        let zenity = std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file())
        });
        if !session_bus && !zenity {
            return Some("no D-Bus session bus for a desktop portal, and no zenity".to_owned());
        }
    }
    None
}

/// Shows the system dialog for `spec`, starting in `folder`; blocks until it closes.
/// `Ok(None)`: cancelled. `Err`: no dialog could be shown, and why.
pub fn ask(spec: &DialogSpec, folder: Option<&Path>) -> Result<Option<PathBuf>, String> {
    let mut dialog = rfd::FileDialog::new().set_title(&spec.title);
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    if !spec.extensions.is_empty() {
        dialog = dialog.add_filter(spec.filter_name, spec.extensions);
    }
    if let Some(name) = &spec.default_name {
        dialog = dialog.set_file_name(name);
    }
    let capturing = start_capture();
    let picked = match spec.mode {
        BrowseMode::OpenFile => dialog.pick_file(),
        BrowseMode::OpenFolder => dialog.pick_folder(),
        BrowseMode::SaveFile => dialog.save_file(),
    };
    let reports = end_capture();
    if capturing {
        judge(picked, &reports)
    } else {
        Ok(picked)
    }
}

/// A path is a path; no path is a failure when the last thing rfd reported was an error
/// (the portal failed and so did zenity, or zenity alone), else a cancel (nothing went
/// wrong, or rfd switched to zenity and zenity ran).
fn judge(
    picked: Option<PathBuf>,
    reports: &[(log::Level, String)],
) -> Result<Option<PathBuf>, String> {
    match (picked, reports.last()) {
        (Some(path), _) => Ok(Some(path)),
        (None, Some((log::Level::Error, message))) => Err(message.clone()),
        (None, _) => Ok(None),
    }
}

thread_local! {
    /// rfd's warnings and errors on this thread while a dialog is asked for.
    static REPORTS: RefCell<Option<Vec<(log::Level, String)>>> = const { RefCell::new(None) };
}

/// Keeps rfd's warnings and errors for the thread that asked; drops every other record
/// (nothing was printed before this logger either).
struct RfdReports;

impl log::Log for RfdReports {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::Level::Warn && metadata.target().starts_with("rfd")
    }

    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            REPORTS.with(|reports| {
                if let Some(reports) = reports.borrow_mut().as_mut() {
                    reports.push((record.level(), record.args().to_string()));
                }
            });
        }
    }

    fn flush(&self) {}
}

static RFD_REPORTS: RfdReports = RfdReports;

/// Starts keeping rfd's reports on this thread; `false` if the logger could not be
/// installed (another one was first), and then a `None` reads as a cancel.
fn start_capture() -> bool {
    static INSTALLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let installed = *INSTALLED.get_or_init(|| {
        log::set_logger(&RFD_REPORTS)
            .map(|()| log::set_max_level(log::LevelFilter::Warn))
            .is_ok()
    });
    REPORTS.with(|reports| *reports.borrow_mut() = Some(Vec::new()));
    installed
}

fn end_capture() -> Vec<(log::Level, String)> {
    REPORTS.with(|reports| reports.borrow_mut().take().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_rfd_report_decides_between_failure_and_cancel() {
        use log::Level::{Error, Warn};
        let portal_failed = (Error, "OpenFile failed: ServiceUnknown".to_owned());
        let zenity_used = (Warn, "Using zenity fallback".to_owned());
        let zenity_failed = (
            Error,
            "Failed to pick file with zenity: not found".to_owned(),
        );
        // The user cancelled the portal's dialog, or zenity's after the portal failed.
        assert_eq!(judge(None, &[]), Ok(None));
        let cancelled_zenity = [portal_failed.clone(), zenity_used.clone()];
        assert_eq!(judge(None, &cancelled_zenity), Ok(None));
        // Neither could be shown.
        let neither = [portal_failed, zenity_used, zenity_failed];
        assert_eq!(
            judge(None, &neither),
            Err("Failed to pick file with zenity: not found".to_owned())
        );
        let chosen = Some(PathBuf::from("/tmp/a.npy"));
        assert_eq!(judge(chosen.clone(), &neither), Ok(chosen));
    }

    #[test]
    fn only_rfd_reports_on_the_asking_thread_are_kept() {
        assert!(start_capture());
        log::error!(target: "rfd::backend::portal", "OpenFile failed: no portal");
        log::warn!(target: "rfd::backend", "Using zenity fallback");
        log::error!(target: "winit", "unrelated");
        let reports = end_capture();
        assert_eq!(
            reports,
            vec![
                (log::Level::Error, "OpenFile failed: no portal".to_owned()),
                (log::Level::Warn, "Using zenity fallback".to_owned()),
            ]
        );
        // Not capturing: nothing is kept.
        log::error!(target: "rfd", "late");
        assert!(end_capture().is_empty());
    }
}
