//! The in-window file browser: used where no system dialog can be shown (no desktop portal,
//! no zenity) or when the user prefers it (File → Use the built-in file browser).
//!
//! A modal over the window: the current folder (its parent one click away), its folders and
//! the files the dialog is for, and a field that takes a name in the folder or a whole path
//! (absolute, `~/…`, or relative to the folder). Enter or the button confirms, Esc cancels.
//! Nothing is chosen that cannot be used: a missing file, a folder where a file is wanted or
//! a missing parent folder is said in the browser, and saving over a file asks first.
//! (egui_file 0.29 supports egui 0.37, but its Open button ignores a typed path and it
//! reports folder errors on stdout; this one is small and says everything in the window.)

use super::dialogs::DialogSpec;
use std::path::{Component, Path, PathBuf};

/// What the browser picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseMode {
    /// An existing file.
    OpenFile,
    /// An existing folder.
    OpenFolder,
    /// A path to write: a new name in an existing folder, or an existing file to replace.
    SaveFile,
}

/// How the browser ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// The user chose this path (absolute).
    Chosen(PathBuf),
    /// The user closed it without choosing.
    Cancelled,
}

/// One line of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    is_folder: bool,
}

/// The browser's state while it is up.
#[derive(Debug)]
pub struct FileBrowser {
    spec: DialogSpec,
    folder: PathBuf,
    /// The folder's folders and matching files, or why it cannot be read.
    entries: Result<Vec<Entry>, String>,
    /// The name or path field.
    typed: String,
    /// Every file (and hidden ones), not only the dialog's extensions.
    show_all: bool,
    /// Why the last confirmation was not accepted.
    problem: Option<String>,
    /// An existing file the user asked to save over: waiting for "Replace".
    replacing: Option<PathBuf>,
    /// Focus the field on the first frame.
    focus_field: bool,
}

/// What a click in the list asks for (applied after the list is drawn).
enum ListAction {
    Enter(PathBuf),
    Pick(String),
    Confirm(String),
}

impl FileBrowser {
    /// A browser for `spec`, showing `folder`.
    #[must_use]
    pub fn new(spec: DialogSpec, folder: PathBuf) -> Self {
        let typed = spec.default_name.clone().unwrap_or_default();
        let mut browser = Self {
            spec,
            folder: lexically_normal(&folder),
            entries: Ok(Vec::new()),
            typed,
            show_all: false,
            problem: None,
            replacing: None,
            focus_field: true,
        };
        browser.list();
        browser
    }

    /// The folder shown.
    #[must_use]
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    fn enter(&mut self, folder: PathBuf) {
        self.folder = lexically_normal(&folder);
        self.problem = None;
        self.list();
    }

    /// Reads the folder: folders first, then the files the dialog is for, by name.
    fn list(&mut self) {
        let show_files = self.spec.mode != BrowseMode::OpenFolder;
        let read = std::fs::read_dir(&self.folder)
            .map_err(|e| format!("cannot read {}: {}", self.folder.display(), describe(&e)));
        self.entries = read.map(|read| {
            let mut entries: Vec<Entry> = read
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') && !self.show_all {
                        return None;
                    }
                    // Follows links: a link to a folder is a folder.
                    let is_folder = entry.path().is_dir();
                    let wanted =
                        is_folder || (show_files && (self.show_all || self.matches_filter(&name)));
                    wanted.then_some(Entry { name, is_folder })
                })
                .collect();
            entries.sort_by(|a, b| {
                b.is_folder
                    .cmp(&a.is_folder)
                    .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            });
            entries
        });
    }

    fn matches_filter(&self, name: &str) -> bool {
        self.spec.extensions.is_empty()
            || Path::new(name)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| {
                    self.spec
                        .extensions
                        .iter()
                        .any(|wanted| wanted.eq_ignore_ascii_case(e))
                })
    }

    /// The typed text as an absolute path: `~` is the home folder, relative paths start in
    /// the folder shown.
    fn resolve(&self, typed: &str) -> PathBuf {
        let home = || std::env::var_os("HOME").map(PathBuf::from);
        let path = match typed.strip_prefix('~') {
            Some("") => home(),
            Some(rest) if rest.starts_with('/') => home().map(|h| h.join(&rest[1..])),
            _ => None,
        }
        .unwrap_or_else(|| PathBuf::from(typed));
        lexically_normal(&self.folder.join(path))
    }

    /// Acts on the typed text (Enter or the Open/Save button): the chosen path, or `None`
    /// with the browser moved into a folder or a problem shown.
    fn confirm(&mut self) -> Option<BrowserOutcome> {
        self.problem = None;
        let typed = self.typed.trim().to_owned();
        if typed.is_empty() {
            if self.spec.mode == BrowseMode::OpenFolder {
                return Some(BrowserOutcome::Chosen(self.folder.clone()));
            }
            self.problem = Some(
                if self.spec.mode == BrowseMode::SaveFile {
                    "type a name to save as"
                } else {
                    "choose a file, or type its name or path"
                }
                .to_owned(),
            );
            return None;
        }
        let target = self.resolve(&typed);
        let found = std::fs::metadata(&target);
        match (self.spec.mode, found) {
            (BrowseMode::OpenFile | BrowseMode::SaveFile, Ok(meta)) if meta.is_dir() => {
                // A folder: go in; a name to save as stays proposed.
                self.enter(target);
                self.typed = self.spec.default_name.clone().unwrap_or_default();
                None
            }
            (BrowseMode::OpenFile, Ok(_)) => Some(BrowserOutcome::Chosen(target)),
            (BrowseMode::OpenFolder, Ok(meta)) => {
                if meta.is_dir() {
                    Some(BrowserOutcome::Chosen(target))
                } else {
                    self.problem = Some(format!(
                        "{} is a file: choose a folder",
                        self.shown(&target)
                    ));
                    None
                }
            }
            (BrowseMode::SaveFile, Ok(_)) => {
                self.replacing = Some(target);
                None
            }
            (BrowseMode::SaveFile, Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                let parent = target.parent().unwrap_or(&self.folder);
                if typed.ends_with('/') || !parent.is_dir() {
                    self.problem = Some(format!(
                        "folder {} does not exist",
                        if typed.ends_with('/') {
                            target.display()
                        } else {
                            parent.display()
                        }
                    ));
                    None
                } else {
                    Some(BrowserOutcome::Chosen(target))
                }
            }
            (_, Err(e)) => {
                self.problem = Some(format!("{}: {}", self.shown(&target), describe(&e)));
                None
            }
        }
    }

    /// `path` as a message names it: its name when it is in the folder shown, else whole.
    fn shown(&self, path: &Path) -> String {
        match path.file_name() {
            Some(name) if path.parent() == Some(self.folder.as_path()) => {
                name.to_string_lossy().into_owned()
            }
            _ => path.display().to_string(),
        }
    }

    /// Draws the browser; `Some` once it has ended.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<BrowserOutcome> {
        let screen = ctx.content_rect();
        let width = (screen.width() - 64.0).clamp(260.0, 640.0);
        let list_height = (screen.height() - 330.0).clamp(90.0, 320.0);
        let modal = egui::Modal::new(egui::Id::unique("file browser"))
            .show(ctx, |ui| self.contents_ui(ui, width, list_height));
        let mut outcome = modal.inner;
        if outcome.is_none()
            && modal.is_top_modal
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
            && self.replacing.take().is_none()
        {
            // Esc answers the "Replace?" question first, then closes the browser.
            outcome = Some(BrowserOutcome::Cancelled);
        }
        outcome
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        width: f32,
        list_height: f32,
    ) -> Option<BrowserOutcome> {
        ui.set_width(width);
        ui.heading(&self.spec.title);
        ui.add_space(4.0);
        self.folder_ui(ui);
        let action = self.list_ui(ui, list_height);
        let mut outcome = match action {
            Some(ListAction::Enter(folder)) => {
                self.enter(folder);
                None
            }
            Some(ListAction::Pick(name)) => {
                self.typed = name;
                self.problem = None;
                None
            }
            Some(ListAction::Confirm(name)) => {
                self.typed = name;
                self.confirm()
            }
            None => None,
        };
        ui.horizontal(|ui| {
            if ui
                .checkbox(&mut self.show_all, "Show all files")
                .on_hover_text("every file and hidden entry, not only the ones this dialog is for")
                .changed()
            {
                self.list();
            }
            if !self.spec.extensions.is_empty() && !self.show_all {
                let globs: Vec<String> = self
                    .spec
                    .extensions
                    .iter()
                    .map(|e| format!("*.{e}"))
                    .collect();
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(format!(
                            "{}: {}",
                            self.spec.filter_name,
                            globs.join(" ")
                        ))
                        .weak(),
                    )
                    .truncate(),
                );
            }
        });
        ui.add_space(4.0);
        outcome = outcome.or_else(|| self.field_ui(ui));
        if let Some(problem) = &self.problem {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {problem}"));
        }
        ui.add_space(6.0);
        outcome.or_else(|| self.buttons_ui(ui))
    }

    /// "↑ Parent folder" and the folder, cut at the start when it is too long: the end of a
    /// path says where one is, and the buttons must stay on screen.
    fn folder_ui(&mut self, ui: &mut egui::Ui) {
        let mut go_up = None;
        ui.horizontal(|ui| {
            let parent = self.folder.parent().map(Path::to_owned);
            if ui
                .add_enabled(parent.is_some(), egui::Button::new("↑ Parent folder"))
                .clicked()
            {
                go_up = parent;
            }
            let font = egui::TextStyle::Monospace.resolve(ui.style());
            let glyph = ui.fonts_mut(|f| f.glyph_width(&font, '0')).max(1.0);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let room = (ui.available_width() / glyph).floor().max(8.0) as usize;
            let full = self.folder.display().to_string();
            ui.add(egui::Label::new(
                egui::RichText::new(elide_start(&full, room)).monospace(),
            ))
            .on_hover_text(full);
        });
        if let Some(parent) = go_up {
            self.enter(parent);
        }
    }

    fn list_ui(&self, ui: &mut egui::Ui, list_height: f32) -> Option<ListAction> {
        let mut action = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 2.0;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let entries = match &self.entries {
                Ok(entries) => entries,
                Err(why) => {
                    ui.set_min_height(list_height);
                    ui.colored_label(ui.visuals().error_fg_color, why);
                    return;
                }
            };
            if entries.is_empty() {
                ui.set_min_height(list_height);
                ui.weak(if self.spec.mode == BrowseMode::OpenFolder {
                    "no folders here"
                } else {
                    "no matching files here (Show all files lists every file)"
                });
                return;
            }
            egui::ScrollArea::vertical()
                .id_salt(("file browser list", &self.folder))
                .min_scrolled_height(list_height)
                .max_height(list_height)
                .auto_shrink([false, false])
                .show_rows(ui, row_height, entries.len(), |ui, rows| {
                    ui.with_layout(ui.layout().with_cross_justify(true), |ui| {
                        for entry in &entries[rows] {
                            let text = if entry.is_folder {
                                format!("{}/", entry.name)
                            } else {
                                entry.name.clone()
                            };
                            let selected = !entry.is_folder && self.typed == entry.name;
                            let response = ui.add(
                                egui::Button::selectable(selected, text)
                                    .truncate()
                                    .min_size(egui::vec2(0.0, row_height - 2.0)),
                            );
                            if response.double_clicked() && !entry.is_folder {
                                action = Some(ListAction::Confirm(entry.name.clone()));
                            } else if response.clicked() {
                                action = Some(if entry.is_folder {
                                    ListAction::Enter(self.folder.join(&entry.name))
                                } else {
                                    ListAction::Pick(entry.name.clone())
                                });
                            }
                        }
                    });
                });
        });
        action
    }

    fn field_ui(&mut self, ui: &mut egui::Ui) -> Option<BrowserOutcome> {
        let mut outcome = None;
        ui.horizontal(|ui| {
            let label = ui.label(if self.spec.mode == BrowseMode::OpenFolder {
                "Folder:"
            } else {
                "Name or path:"
            });
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.typed)
                        .desired_width(f32::INFINITY)
                        .hint_text("a name here, or a whole path"),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_field) {
                field.request_focus();
            }
            if field.changed() {
                self.problem = None;
                self.replacing = None;
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                outcome = self.confirm();
            }
        });
        outcome
    }

    fn buttons_ui(&mut self, ui: &mut egui::Ui) -> Option<BrowserOutcome> {
        let mut outcome = None;
        if let Some(target) = self.replacing.clone() {
            let shown = self.shown(&target);
            ui.add(egui::Label::new(format!("{shown} already exists. Replace it?")).wrap());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Replace").clicked() {
                    outcome = Some(BrowserOutcome::Chosen(target));
                }
                if ui.button("Keep it").clicked() {
                    self.replacing = None;
                }
            });
            return outcome;
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let action = match self.spec.mode {
                BrowseMode::SaveFile => "Save",
                BrowseMode::OpenFile | BrowseMode::OpenFolder => "Open",
            };
            if ui.button(action).clicked() {
                outcome = self.confirm();
            }
            if ui.button("Cancel").clicked() {
                outcome = Some(BrowserOutcome::Cancelled);
            }
            if self.spec.folders_too
                && ui
                    .button("Use this folder")
                    .on_hover_text(self.folder.display().to_string())
                    .clicked()
            {
                outcome = Some(BrowserOutcome::Chosen(self.folder.clone()));
            }
        });
        outcome
    }
}

/// `text` cut to its last `max_chars` characters behind "…" when longer.
fn elide_start(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let keep = max_chars.saturating_sub(1);
    let tail: String = text.chars().skip(count - keep).collect();
    format!("…{tail}")
}

/// `path` with `.` and `..` resolved by name (links are not followed): what the user reads.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// An I/O error in words a user acts on.
fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "does not exist".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(mode: BrowseMode, extensions: &'static [&'static str]) -> DialogSpec {
        DialogSpec {
            mode,
            title: "t".into(),
            filter_name: "f",
            extensions,
            default_name: None,
            folders_too: false,
        }
    }

    #[test]
    fn lists_folders_first_then_matching_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.npy", "A.npz", "c.txt", ".hidden.npy"] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        std::fs::create_dir(dir.path().join("zeta")).unwrap();
        let mut browser = FileBrowser::new(
            spec(BrowseMode::OpenFile, &["npy", "npz"]),
            dir.path().to_owned(),
        );
        let names = |b: &FileBrowser| -> Vec<String> {
            b.entries
                .as_ref()
                .unwrap()
                .iter()
                .map(|e| e.name.clone())
                .collect()
        };
        assert_eq!(names(&browser), ["zeta", "A.npz", "b.npy"]);
        browser.show_all = true;
        browser.list();
        assert_eq!(
            names(&browser),
            ["zeta", ".hidden.npy", "A.npz", "b.npy", "c.txt"]
        );
    }

    #[test]
    fn a_typed_path_opens_enters_or_says_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join("m.npy");
        std::fs::write(&file, b"").unwrap();
        let mut browser = FileBrowser::new(spec(BrowseMode::OpenFile, &[]), dir.path().into());
        // A folder, relative: the browser goes in.
        browser.typed = "sub".into();
        assert_eq!(browser.confirm(), None);
        assert_eq!(browser.folder(), sub);
        // A whole path, from anywhere, with `..` in it.
        browser.typed = format!("{}/../sub/m.npy", sub.display());
        assert_eq!(browser.confirm(), Some(BrowserOutcome::Chosen(file)));
        browser.typed = "missing.npy".into();
        assert_eq!(browser.confirm(), None);
        let problem = browser.problem.clone().unwrap();
        assert_eq!(problem, "missing.npy: does not exist");
        browser.typed = "/nonexistent-rankscope-folder/m.npy".into();
        assert_eq!(browser.confirm(), None);
        assert_eq!(
            browser.problem.as_deref(),
            Some("/nonexistent-rankscope-folder/m.npy: does not exist")
        );
    }

    #[test]
    fn saving_needs_an_existing_folder_and_asks_before_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("old.npz");
        std::fs::write(&existing, b"").unwrap();
        let mut browser = FileBrowser::new(spec(BrowseMode::SaveFile, &["npz"]), dir.path().into());
        browser.typed = "new.npz".into();
        assert_eq!(
            browser.confirm(),
            Some(BrowserOutcome::Chosen(dir.path().join("new.npz")))
        );
        browser.typed = "nowhere/new.npz".into();
        assert_eq!(browser.confirm(), None);
        assert!(browser.problem.clone().unwrap().contains("does not exist"));
        browser.typed = "old.npz".into();
        assert_eq!(browser.confirm(), None);
        assert_eq!(browser.replacing, Some(existing));
    }

    #[test]
    fn long_folders_keep_their_end() {
        assert_eq!(elide_start("/a/b/c", 10), "/a/b/c");
        assert_eq!(elide_start("/home/user/deep/folder", 8), "…/folder");
        assert_eq!(
            lexically_normal(Path::new("/a/./b/../c")),
            PathBuf::from("/a/c")
        );
    }
}
