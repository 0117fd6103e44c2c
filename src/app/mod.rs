//! The desktop app: a live rank slider over spectra, error curves and side-by-side heatmaps.
//!
//! The app renders state and sends commands: `ui` draws and queues [`Command`]s (a rank
//! change is applied as soon as the panel that asked for it returns, so every view moves in
//! the same frame; panels borrow only what they draw); `logic` polls the
//! background jobs and applies the queued commands. Loading, SVD and export run on named
//! workers ([`jobs`]); nothing heavy happens on the UI thread.

pub mod catalog;
mod checkpoint_jobs;
pub mod decomposition;
pub mod denoise;
mod dialogs;
mod exports;
mod figures;
mod file_browser;
pub mod geometry;
mod input;
mod inspect;
pub mod jobs;
mod layer_vectors;
pub mod lesson;
mod messages;
pub mod model;
mod panels;
pub mod play;
mod recording;
mod results;
mod screenshot;
mod shown;
mod start;
mod state;
mod system_dialog;
mod textures;

use crate::export::Format;
use crate::preview::Colormap;
use catalog::{Catalog, Selection};
use decomposition::Decomposition;
use jobs::{JobError, JobKind, Jobs};
use std::path::PathBuf;

use start::Startup;
pub use start::{DialogKind, StartOptions, StartView};
pub use state::{Command, ExportStatus, JobOutput, LowerView, MainView, PickPurpose, ViewSettings};

/// A saved screenshot's confirmation, or the error that stopped it.
type ScreenshotOutcome = Result<String, String>;

const RECENT_KEY: &str = "recent_files";
const BUILTIN_BROWSER_KEY: &str = "builtin_file_browser";
const LAST_FOLDER_KEY: &str = "last_dialog_folder";
const MAX_RECENT: usize = 10;

/// The application state.
pub struct RankscopeApp {
    /// The file, matrix, decomposition, previews and rank on screen (they change together).
    shown: shown::Shown,
    view: ViewSettings,
    jobs: Jobs<JobOutput>,
    errors: messages::Errors,
    notices: Vec<String>,
    filter: String,
    /// What the sources list shows beyond the file (UI only).
    list: panels::ListState,
    recent: Vec<PathBuf>,
    commands: Vec<Command>,
    export_format: Format,
    export_window_open: bool,
    export_status: ExportStatus,
    /// The system dialog or the in-window browser, and what they remember.
    dialogs: dialogs::FileDialogs,
    /// What the command line asked for, used up as the window starts.
    startup: Startup,
    /// Outcomes of screenshot writers (they run after the frame is captured, off the UI
    /// thread): a confirmation or an error for the window.
    screenshot_sender: std::sync::mpsc::Sender<ScreenshotOutcome>,
    screenshot_receiver: std::sync::mpsc::Receiver<ScreenshotOutcome>,
    main_view: MainView,
    model: Option<model::ModelView>,
    /// The geometry view's matrix and animation.
    geometry: geometry::GeometryView,
    /// The denoising demo's noise level, experiment and pictures.
    denoise: denoise::DenoiseView,
    /// Presenter mode: light, large, only what a class needs, full screen.
    presenting: bool,
    /// k playing itself from 1 to r, when Play is on.
    rank_play: Option<play::RankPlay>,
    /// The k where Stop paused Play (Play goes on from there unless k was moved since).
    paused_at: Option<usize>,
    /// The guided lesson, while it runs.
    lesson: Option<lesson::Lesson>,
    /// What loading does with NaN/±inf: replace with 0 when set, else refuse.
    nan_to_zero: bool,
    /// The file and matrix shown before a newly opened file, kept until that file's first
    /// analysis lands: if it fails, they come back, so a broken file never leaves the window
    /// listing one file while showing another's matrix.
    before_open: Option<(Catalog, Option<Selection>)>,
    /// The file and matrix last refused for NaN/±inf: the toggle opens them with zeros.
    refused_non_finite: Option<(PathBuf, Option<Selection>)>,
    ctx: egui::Context,
}

impl RankscopeApp {
    /// Creates the app and starts opening what `options` names.
    #[must_use]
    pub fn new(cc: &eframe::CreationContext<'_>, options: StartOptions) -> Self {
        let recent = cc
            .storage
            .and_then(|storage| eframe::get_value::<Vec<PathBuf>>(storage, RECENT_KEY))
            .unwrap_or_default();
        if let Some(zoom) = options.zoom {
            cc.egui_ctx.set_zoom_factor(zoom);
        }
        let builtin = cc
            .storage
            .and_then(|storage| eframe::get_value::<bool>(storage, BUILTIN_BROWSER_KEY))
            .unwrap_or(false);
        let last_folder = cc
            .storage
            .and_then(|storage| eframe::get_value::<PathBuf>(storage, LAST_FOLDER_KEY));
        let mut app = Self::with_context(cc.egui_ctx.clone(), options, recent);
        app.dialogs.builtin_only |= builtin;
        app.dialogs.last_folder = last_folder;
        app
    }

    /// Creates the app on `ctx` (tests build it without a window).
    #[must_use]
    pub fn with_context(ctx: egui::Context, options: StartOptions, recent: Vec<PathBuf>) -> Self {
        panels::style(&ctx);
        let requested_selection = match (&options.tensor, options.channel.as_deref()) {
            (_, Some(crate::source::CHANNEL_RGB)) => Some(Selection::Colour),
            (_, Some(channel)) => Some(Selection::Entry(channel.to_owned())),
            (Some(tensor), None) => Some(Selection::Entry(tensor.clone())),
            (None, None) => None,
        };
        let (screenshot_sender, screenshot_receiver) = std::sync::mpsc::channel();
        let mut app = Self {
            shown: shown::Shown::default(),
            view: ViewSettings {
                colormap: Colormap::Gray,
                // The teaching view starts with a residual that can be seen.
                amplify_residual: options.view == StartView::Teaching,
                show_psnr: false,
                lower: if options.view == StartView::Teaching {
                    LowerView::Teaching
                } else {
                    LowerView::Curves
                },
                log_rank_slider: true,
                play: play::PlaySettings::default(),
            },
            jobs: Jobs::default(),
            errors: messages::Errors::default(),
            notices: Vec::new(),
            filter: String::new(),
            list: panels::ListState::default(),
            recent,
            commands: Vec::new(),
            startup: Startup {
                requested_selection,
                model_view: options.view == StartView::Model,
                for_screenshot: options.screenshot.is_some() || options.reproducible,
                screenshot: options.screenshot,
                frames_since_ready: 0,
                typed_matrix: options.typed_matrix,
            },
            export_format: Format::Npz,
            export_window_open: false,
            export_status: ExportStatus::Idle,
            dialogs: dialogs::FileDialogs {
                builtin_only: options.file_dialog == DialogKind::BuiltIn,
                ..dialogs::FileDialogs::default()
            },
            screenshot_sender,
            screenshot_receiver,
            main_view: match options.view {
                StartView::Geometry => MainView::Geometry,
                StartView::Denoise => MainView::Denoise,
                _ => MainView::Matrix,
            },
            model: None,
            presenting: false,
            rank_play: None,
            paused_at: None,
            lesson: (options.view == StartView::Lesson).then(lesson::Lesson::default),
            geometry: match (options.space_matrix, options.plane_matrix) {
                (Some(space), _) => geometry::GeometryView::for_space(space),
                (None, Some(plane)) => geometry::GeometryView::new(plane),
                (None, None) => geometry::GeometryView::default(),
            },
            denoise: denoise::DenoiseView::default(),
            nan_to_zero: options.nan_to_zero,
            before_open: None,
            refused_non_finite: None,
            ctx,
        };
        if options.present {
            app.commands.push(Command::SetPresenting(true));
        }
        app.commands.push(match options.path {
            Some(path) => Command::Open(path),
            None => Command::OpenSamples,
        });
        app
    }

    /// Queues a command (as the UI does); it is applied on the next frame.
    pub fn send(&mut self, command: Command) {
        self.commands.push(command);
        self.ctx.request_repaint();
    }

    /// Starts a job; `false` when refused (an export or dialog of that kind is running).
    fn start_job(
        &mut self,
        kind: JobKind,
        label: String,
        work: impl FnOnce(&crate::linalg::JobControl) -> Result<JobOutput, JobError> + Send + 'static,
    ) -> bool {
        let ctx = self.ctx.clone();
        self.jobs
            .start(kind, label, move || ctx.request_repaint(), work)
            .is_some()
    }

    fn apply(&mut self, command: Command) {
        match command {
            Command::Open(path) => {
                // The command line's --tensor/--channel applies to the first file only.
                let selection = self.startup.requested_selection.take();
                self.open(path, selection);
            }
            Command::SetNanToZero(replace) => {
                self.nan_to_zero = replace;
                // The loaded values depend on it: open the file just refused for its NaNs,
                // else reopen the current one on the same matrix.
                let refused = self.refused_non_finite.take().filter(|_| replace);
                if let Some((path, selection)) = refused {
                    self.open(path, selection);
                } else if let Some(path) = self.shown.catalog.as_ref().and_then(|c| c.path.clone())
                {
                    self.open(path, self.shown.selection.clone());
                }
            }
            Command::OpenSamples => {
                let selection = self.startup.requested_selection.take();
                let typed = self.startup.typed_matrix.take();
                self.start_job(JobKind::Open, "opening the samples".into(), move |_| {
                    typed
                        .as_deref()
                        .map_or_else(Catalog::samples, Catalog::samples_with_typed)
                        .map(|c| JobOutput::Opened(Box::new(c), selection))
                        .map_err(JobError::from)
                });
            }
            Command::PickFileToOpen => {
                self.pick_path(PickPurpose::Open);
            }
            Command::PickFolderToOpen => {
                self.pick_path(PickPurpose::OpenFolder);
            }
            Command::PickExportPath(format) => {
                if self.pick_path(PickPurpose::Export(format)) {
                    self.export_status = ExportStatus::ChoosingPath;
                } else {
                    self.export_status = ExportStatus::Failed(
                        "a file dialog is already open: finish it first".to_owned(),
                    );
                }
            }
            Command::PickScreenshotPath => {
                self.pick_path(PickPurpose::Screenshot);
            }
            Command::PickFigurePath(kind, format) => {
                self.pick_path(PickPurpose::Figure(kind, format));
            }
            Command::SaveFigure(kind, format, path) => self.save_figure(kind, format, path),
            Command::PickAnimationPath => {
                self.pick_path(PickPurpose::Animation);
            }
            Command::RecordAnimation(path) => self.record_animation(path),
            Command::DialogEnded(path, purpose) => self.path_chosen(path, purpose),
            Command::Select(selection) => self.select(selection),
            Command::SetRank(rank) => self.set_rank(rank),
            Command::ShowExportWindow => self.open_export_window(),
            Command::Cancel(kind) => {
                self.jobs.cancel(kind);
                if kind == JobKind::Scan
                    && let Some(model) = &mut self.model
                {
                    model.finished = true;
                }
            }
            Command::Export(format, path) => self.export(format, path),
            Command::SaveScreenshot(path) => self.save_screenshot(path, false),
            Command::DismissError(index) => {
                self.errors.remove(index);
            }
            Command::ScanModel => self.scan_model(),
            Command::PickBaseToCompare => {
                self.pick_path(PickPurpose::Base);
            }
            Command::CompareWith(path) => self.compare_with(path),
            Command::PickModelExportPath(format, ranks) => {
                self.pick_path(PickPurpose::ModelExport(format, ranks));
            }
            Command::ExportModel(format, ranks, path) => self.export_model(format, ranks, path),
            Command::Play(Some((seconds, looping))) => self.set_playing(true, seconds, looping),
            Command::Play(None) => self.set_playing(false, 0.0, false),
            Command::Lesson(step) => self.go_to_lesson_step(step),
            Command::RevealQuiz => {
                if let Some(lesson) = &mut self.lesson {
                    lesson.revealed = true;
                }
            }
            Command::SetPresenting(on) => {
                self.presenting = on;
                panels::presenter_style(&self.ctx, on);
                self.ctx
                    .send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
            }
            Command::ShowMain(view) => {
                self.main_view = view;
                if view == MainView::Model && self.model.is_none() {
                    self.scan_model();
                }
            }
        }
    }

    /// Lists `path` on a worker, then shows `selection` (or the file's default). The item to
    /// show travels with the job, so a superseded open cannot hand its choice to another file.
    fn open(&mut self, path: PathBuf, selection: Option<Selection>) {
        let label = format!("opening {}", path.display());
        let non_finite = crate::source::NonFinitePolicy::replacing(self.nan_to_zero);
        self.start_job(JobKind::Open, label, move |_| {
            Catalog::open(path, non_finite)
                .map(|c| JobOutput::Opened(Box::new(c), selection))
                .map_err(JobError::from)
        });
    }

    fn select(&mut self, selection: Selection) {
        let Some(catalog) = self.shown.catalog.clone() else {
            return;
        };
        let Some(item) = catalog.item(&selection) else {
            self.errors.push_about(
                messages::Topic::Shown,
                format!("{}: no item {selection:?}", catalog.title),
            );
            return;
        };
        if let Some(refusal) = &item.refusal {
            self.errors.push_about(
                messages::Topic::Shown,
                format!("{}: {refusal}", catalog.title),
            );
            return;
        }
        self.shown.selection = Some(selection.clone());
        let label = format!("{} › {}", catalog.title, item.label);
        let ctx = self.ctx.clone();
        self.jobs.start_with_interim(
            JobKind::Analyze,
            label,
            move || ctx.request_repaint(),
            move |job, interim| {
                let first_answer =
                    |quick: Decomposition| interim.send(JobOutput::Analyzed(Box::new(quick)));
                Decomposition::compute(&catalog, &selection, job, &first_answer)
                    .map(|d| JobOutput::Analyzed(Box::new(d)))
            },
        );
    }

    /// k chosen by the user (slider, keys, a plot, a button, a command): it also stops Play.
    fn set_rank(&mut self, rank: usize) {
        self.rank_play = None;
        self.paused_at = None;
        self.shown.set_rank(rank);
    }

    /// Goes to step `step` of the lesson (setting up its view and rank), or ends it.
    fn go_to_lesson_step(&mut self, step: Option<usize>) {
        let Some(step) = step.filter(|&s| s < lesson::STEPS.len()) else {
            self.lesson = None;
            return;
        };
        self.lesson = Some(lesson::Lesson {
            step,
            revealed: false,
        });
        self.main_view = MainView::Matrix;
        let step = &lesson::STEPS[step];
        self.view.show_lower(step.lower);
        match step.rank {
            Some(lesson::StepRank::Fixed(rank)) => self.set_rank(rank),
            Some(lesson::StepRank::Play) => {
                self.set_rank(1);
                self.set_playing(true, 8.0, false);
            }
            Some(lesson::StepRank::Energy90) => {
                let rank = self
                    .shown
                    .decomposition
                    .as_ref()
                    .and_then(|d| d.suggested_rank(crate::analysis::RankRule::Energy90));
                if let Some(rank) = rank {
                    self.set_rank(rank);
                }
            }
            None => {}
        }
    }

    /// In the denoising demo, starts the experiment for the shown matrix and noise level
    /// when the one on screen (or on its way) is for something else; newest wins.
    fn keep_denoise_current(&mut self) {
        if self.main_view != MainView::Denoise {
            return;
        }
        let Some(decomposition) = self.shown.decomposition.clone() else {
            return;
        };
        let wanted = self.denoise.wanted(&decomposition);
        let on_screen = self.denoise.demo.as_ref().map(|d| &d.key);
        if on_screen == Some(&wanted) || self.denoise.pending.as_ref() == Some(&wanted) {
            return;
        }
        let rank = self.shown.rank();
        let label = format!("denoising demo, noise {:.2}", wanted.noise_level);
        let key = wanted.clone();
        if self.start_job(JobKind::Denoise, label, move |job| {
            denoise::compute(&decomposition, key, rank, job)
                .map(|demo| JobOutput::Denoised(Box::new(demo)))
                .map_err(JobError::from)
        }) {
            self.denoise.pending = Some(wanted);
        }
    }

    /// Starts k playing from 1 to r over `seconds`, or stops it.
    /// Stop, then Play, is a pause: Play goes on from the k where it stopped, unless k was
    /// moved in between.
    fn set_playing(&mut self, on: bool, seconds: f64, looping: bool) {
        if !on {
            if self.rank_play.take().is_some() {
                self.paused_at = Some(self.shown.rank());
            }
            return;
        }
        let max = self
            .shown
            .decomposition
            .as_ref()
            .map_or(0, |d| d.max_rank());
        let now = self.ctx.input(|i| i.time);
        let from = self
            .paused_at
            .take()
            .filter(|&k| k == self.shown.rank())
            .unwrap_or(1);
        self.rank_play = Some(play::RankPlay::resuming(from, max, now, seconds, looping));
    }

    /// Moves a playing k to where the clock says, through the one rank path.
    fn advance_rank_play(&mut self, ctx: &egui::Context) {
        let Some(play) = self.rank_play else {
            return;
        };
        let max = self
            .shown
            .decomposition
            .as_ref()
            .map_or(0, |d| d.max_rank());
        let (rank, going_on) = play.rank_at(ctx.input(|i| i.time), max);
        self.shown.set_rank(rank);
        if going_on {
            ctx.request_repaint();
        } else {
            self.rank_play = None;
        }
    }

    /// Applies the rank changes panels queued this frame at once (every panel drawn after
    /// them shows the new rank); the other commands wait for `logic`, in their order.
    fn apply_rank_commands(&mut self) {
        let queued = std::mem::take(&mut self.commands);
        for command in queued {
            match command {
                Command::SetRank(rank) => self.set_rank(rank),
                other => self.commands.push(other),
            }
        }
    }

    /// Brings the previews and textures to the current rank and colormap.
    fn sync_views(&mut self, ctx: &egui::Context) {
        self.shown.sync_textures(ctx, &self.view);
    }
}

impl eframe::App for RankscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.handle_global_input(ctx);
        self.deliver_finished_jobs();
        while let Ok(result) = self.screenshot_receiver.try_recv() {
            match result {
                Ok(notice) => self.notices.push(notice),
                Err(error) => self.errors.push(error),
            }
        }
        for command in std::mem::take(&mut self.commands) {
            self.apply(command);
        }
        self.advance_rank_play(ctx);
        self.keep_denoise_current();
        if self
            .jobs
            .all_running()
            .iter()
            .any(|job| job.kind != JobKind::Dialog)
        {
            // Jobs ask for a repaint when they report progress (at most 10 a second) and
            // when they finish; once a second more keeps the elapsed time moving through
            // steps that report nothing. A system dialog has neither: its answer wakes the
            // window.
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        let ready = if self.main_view == MainView::Model {
            self.model.as_ref().is_some_and(|m| m.finished)
        } else if self.main_view == MainView::Geometry {
            self.geometry.playing.is_none()
        } else if self.main_view == MainView::Denoise
            && let Some(decomposition) = &self.shown.decomposition
        {
            self.denoise.is_current(decomposition) || !self.errors.is_empty()
        } else {
            // A matrix on screen, or the window settled on a message or an unchosen list.
            self.shown.decomposition.is_some()
                || !self.errors.is_empty()
                || self.shown.catalog.is_some()
        };
        if let Some(path) = self.startup.screenshot.clone()
            && ready
            && !self.is_busy()
        {
            // A few frames for the layout to settle before the picture is taken.
            self.startup.frames_since_ready += 1;
            if self.startup.frames_since_ready == 5 {
                self.startup.screenshot = None;
                self.save_screenshot(path, true);
            }
            ctx.request_repaint();
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        panels::draw(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, BUILTIN_BROWSER_KEY, &self.dialogs.builtin_only);
        if let Some(folder) = &self.dialogs.last_folder {
            eframe::set_value(storage, LAST_FOLDER_KEY, folder);
        }
    }
}

/// Opens the window (glow renderer) and runs until it is closed.
pub fn run(options: StartOptions) -> Result<(), String> {
    crate::memory::limit_allocator_arenas();
    let native_options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("rankscope")
            .with_inner_size(options.window_size.unwrap_or([1100.0, 860.0]))
            .with_min_inner_size([800.0, 600.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "rankscope",
        native_options,
        Box::new(move |cc| Ok(Box::new(RankscopeApp::new(cc, options)))),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}
