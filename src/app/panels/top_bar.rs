//! Menu, current matrix, job progress with Cancel, messages and the export window.

use crate::app::jobs::JobKind;
use crate::app::{Command, ExportStatus, MainView, RankscopeApp};
use crate::export::Format;
use crate::preview::Colormap;

/// Opening, the NaN policy, the file dialog, exports and quitting.
fn file_menu(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    if ui.button("Open…  (Ctrl+O)").clicked() {
        app.commands.push(Command::PickFileToOpen);
    }
    if ui
        .button("Open model folder…")
        .on_hover_text("a Hugging Face folder with model.safetensors.index.json and its shards")
        .clicked()
    {
        app.commands.push(Command::PickFolderToOpen);
    }
    if ui.button("Built-in samples").clicked() {
        app.commands.push(Command::OpenSamples);
    }
    ui.menu_button("Recent files", |ui| {
        if app.recent.is_empty() {
            ui.label("none yet");
        }
        for path in app.recent.clone() {
            if ui.button(path.display().to_string()).clicked() {
                app.commands.push(Command::Open(path));
            }
        }
    });
    let mut nan_to_zero = app.nan_to_zero;
    if ui
        .checkbox(&mut nan_to_zero, "Replace NaN/±inf with 0")
        .on_hover_text(
            "Off: a matrix with NaN or infinite values is refused, with their count and \
             the first position. On: they become 0 (the count is shown above the \
             numbers) and the refused file is opened again.",
        )
        .changed()
    {
        app.commands.push(Command::SetNanToZero(nan_to_zero));
    }
    let mut builtin = app.dialogs.builtin_only;
    if ui
        .checkbox(&mut builtin, "Use the built-in file browser")
        .on_hover_text(
            "ask for files inside this window instead of with the system's dialog (for \
             desktops whose file dialog does not open or does not work)",
        )
        .changed()
    {
        app.dialogs.builtin_only = builtin;
    }
    ui.separator();
    if ui.button("Export…  (Ctrl+S)").clicked() {
        app.open_export_window();
    }
    if ui.button("Save view as PNG…").clicked() {
        app.commands.push(Command::PickScreenshotPath);
    }
    if ui
        .button("Record Play as GIF…")
        .on_hover_text("the shown matrix rebuilt from 1 to r layers, as Play runs, in a GIF")
        .clicked()
    {
        app.commands.push(Command::PickAnimationPath);
    }
    ui.menu_button("Save figure", |ui| {
        let decomposition = app.shown.decomposition.as_deref();
        crate::app::figures::save_figure_menu_ui(ui, decomposition, &mut app.commands);
    });
    ui.separator();
    if ui.button("Quit").clicked() {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

pub(super) fn show(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(app, ui));
        ui.menu_button("View", |ui| {
            ui.label("Colormap of A and A_k");
            for colormap in Colormap::ALL {
                ui.radio_value(&mut app.view.colormap, colormap, colormap.label());
            }
            ui.separator();
            ui.checkbox(
                &mut app.view.amplify_residual,
                "Scale the residual to its own range",
            );
            ui.separator();
            let presenting = app.presenting;
            if ui
                .selectable_label(presenting, "Presenter mode (F5)")
                .on_hover_text(
                    "light, large text, only A, A_k, the slider and the numbers; full screen",
                )
                .clicked()
            {
                app.commands.push(Command::SetPresenting(!presenting));
                ui.close();
            }
            if ui
                .button("Lesson: the SVD in seven steps")
                .on_hover_text("a guided tour from a picture as a matrix to LoRA, with a quiz")
                .clicked()
            {
                app.commands.push(Command::Lesson(Some(0)));
                ui.close();
            }
            let geometry = app.main_view == MainView::Geometry;
            if ui
                .selectable_label(geometry, "Geometry of a 2 × 2 matrix")
                .on_hover_text("the unit circle through Vᵀ, Σ and U, step by step")
                .clicked()
            {
                app.commands.push(Command::ShowMain(if geometry {
                    MainView::Matrix
                } else {
                    MainView::Geometry
                }));
                ui.close();
            }
            let denoise = app.main_view == MainView::Denoise;
            if ui
                .selectable_label(denoise, "Denoising demo")
                .on_hover_text(
                    "noise added to the picture: which rank removes it best, and where \
                     Gavish–Donoho puts it",
                )
                .clicked()
            {
                app.commands.push(Command::ShowMain(if denoise {
                    MainView::Matrix
                } else {
                    MainView::Denoise
                }));
                ui.close();
            }
        });
        ui.separator();
        // Progress and Cancel are laid out first, from the right edge, so a long title
        // (path › tensor) can only shorten itself, never push them out of the window.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            jobs_ui(app, ui);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                title_ui(app, ui);
            });
        });
    });
}

/// Every running job, right to left: Cancel, what it does (elided), a progress bar.
fn jobs_ui(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let jobs = app.jobs.all_running().to_vec();
    // Each job may take up to this share of the bar; the title gets the rest.
    #[allow(clippy::cast_precision_loss)]
    let room = (ui.available_width() * 0.7 / jobs.len().max(1) as f32 - 90.0).max(140.0);
    for job in jobs.iter().rev() {
        if job.kind == JobKind::Dialog {
            // A system file dialog: no progress to show, nothing to animate, and only its
            // own buttons close it.
            super::text::elided_label(
                ui,
                &format!("{}: in the file dialog", job.label),
                room,
                egui::TextStyle::Body,
                false,
            );
            ui.separator();
            continue;
        }
        if ui.button("Cancel").clicked() {
            app.commands.push(Command::Cancel(job.kind));
        }
        let progress = job.control.progress();
        let remaining = if progress.fraction > 0.05 {
            let total = progress.elapsed_secs / progress.fraction;
            format!(", ~{:.0} s left", (total - progress.elapsed_secs).max(0.0))
        } else {
            String::new()
        };
        // What it is doing now and how far it is stay whole (the part that changes); what
        // the job is about (a path, often long) is shortened in the middle to what is left.
        let status = format!(
            "{} ({:.0} %, {:.1} s{remaining})",
            progress.stage,
            progress.fraction * 100.0,
            progress.elapsed_secs
        );
        let status_width =
            super::text::elided_label(ui, &status, room - 60.0, egui::TextStyle::Body, false)
                .rect
                .width();
        super::text::elided_label(
            ui,
            &format!("{}:", job.label),
            (room - status_width).max(60.0),
            egui::TextStyle::Body,
            false,
        );
        // Not a spinner: it would repaint the window every frame for as long as the job runs.
        #[allow(clippy::cast_possible_truncation)] // a bar's fill
        ui.add(egui::ProgressBar::new(progress.fraction as f32).desired_width(48.0));
        ui.separator();
    }
}

/// The shown matrix: its label elided in the middle, then its shape and timing.
fn title_ui(app: &RankscopeApp, ui: &mut egui::Ui) {
    let Some(decomposition) = &app.shown.decomposition else {
        return;
    };
    let (m, n) = decomposition.shape();
    let timing = if app.startup.for_screenshot {
        // Screenshots are compared from run to run: no number that changes with the machine.
        String::new()
    } else {
        format!(" · SVD {:.2} s", decomposition.elapsed_secs)
    };
    let details = format!(
        "{m} × {n} · {} · computed in {}{timing}",
        decomposition.source_dtype, decomposition.precision
    );
    let font = egui::TextStyle::Body.resolve(ui.style());
    let details_width = ui
        .ctx()
        .fonts_mut(|f| f.layout_no_wrap(details.clone(), font, egui::Color32::PLACEHOLDER))
        .size()
        .x;
    let first_answer = decomposition.method == crate::linalg::Method::Randomized;
    let note_width = if first_answer { 180.0 } else { 0.0 };
    let title_room = (ui.available_width() - details_width - note_width - 24.0)
        .max(ui.available_width() * 0.4)
        .max(60.0);
    super::text::elided_label(
        ui,
        &decomposition.label,
        title_room,
        egui::TextStyle::Body,
        true,
    );
    ui.add(egui::Label::new(details).truncate());
    if first_answer {
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!(
                    "first answer: randomized top {}; exact SVD on its way",
                    decomposition.max_rank()
                ))
                .color(ui.visuals().warn_fg_color),
            )
            .truncate(),
        );
    }
}

/// The error banner (the latest message, wrapped to the window, dismissable with its button
/// or Esc; earlier ones counted, on hover) and the latest confirmation.
pub(super) fn messages(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let errors = app.errors.as_slice();
    if let Some(message) = errors.last() {
        let index = errors.len() - 1;
        let earlier = &errors[..index];
        let mut dismiss_latest = false;
        let mut dismiss_all = false;
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                // Buttons first, from the right: the message wraps in what they leave.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    dismiss_latest = ui
                        .small_button("Dismiss")
                        .on_hover_text("Esc closes every message")
                        .clicked();
                    if !earlier.is_empty() {
                        dismiss_all = ui.small_button("Dismiss all").clicked();
                        let list: Vec<String> = earlier
                            .iter()
                            .rev()
                            .map(|e| super::text::elide_chars(e, 300))
                            .collect();
                        ui.label(
                            egui::RichText::new(format!("+{} earlier", earlier.len())).small(),
                        )
                        .on_hover_text(list.join("\n\n"));
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                        ui.colored_label(ui.visuals().error_fg_color, "⚠");
                        // At most four lines, shortened in the middle of the path's
                        // folders so that the file's name and the problem stay whole; the
                        // whole message is one hover away.
                        let font = egui::TextStyle::Body.resolve(ui.style());
                        let char_width = ui.ctx().fonts_mut(|f| f.glyph_width(&font, 'n'));
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let room = (3.5 * ui.available_width() / char_width.max(1.0)) as usize;
                        let shown = super::text::elide_message(message, room.max(40));
                        let mut job = egui::text::LayoutJob::simple(
                            shown.clone(),
                            font,
                            ui.visuals().text_color(),
                            ui.available_width(),
                        );
                        job.wrap.max_rows = 4;
                        let response = ui.add(egui::Label::new(job).wrap());
                        if shown != *message {
                            response.on_hover_text(super::text::elide_chars(message, 4000));
                        }
                    });
                });
            });
        if dismiss_all {
            app.errors.clear();
        } else if dismiss_latest {
            app.commands.push(Command::DismissError(index));
        }
    }
    if let Some(notice) = app.notices.last().cloned() {
        ui.horizontal(|ui| {
            if ui.small_button("OK").clicked() {
                app.notices.clear();
            }
            ui.add(egui::Label::new(format!("✔ {notice}")).truncate())
                .on_hover_text(&notice);
        });
    }
}

/// The export dialog: a format, then a file dialog, written by a worker. It stays open until
/// closed, showing where the export stands and how it ended ("Saved …" or why not).
pub(super) fn export_window(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    if !app.export_window_open {
        return;
    }
    let mut open = true;
    let rank = app.shown.rank();
    let width = (ui.ctx().content_rect().width() - 48.0).clamp(240.0, 460.0);
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .max_width(width)
        .show(ui.ctx(), |ui| {
            ui.set_max_width(width);
            ui.label(format!("Export rank k = {rank}:"));
            for format in Format::ALL {
                let text = match format {
                    Format::Npz => "npz — U (m×k), S (k), Vt (k×n)",
                    Format::Safetensors => "safetensors — U, S, Vt + metadata",
                    Format::Lora => "LoRA — lora_B = U√S, lora_A = √S·Vt",
                    Format::Png => "png — the rank-k picture (images)",
                    Format::Csv => "csv — A_k",
                    Format::Json => "json — the analysis",
                };
                ui.radio_value(&mut app.export_format, format, text);
            }
            let busy = matches!(
                app.export_status,
                ExportStatus::ChoosingPath | ExportStatus::Writing(_)
            );
            if ui
                .add_enabled(!busy, egui::Button::new("Save as…"))
                .clicked()
            {
                app.commands
                    .push(Command::PickExportPath(app.export_format));
            }
            export_status_ui(ui, &app.export_status);
        });
    if !open {
        app.export_window_open = false;
    }
}

/// Where the export stands; wraps, so a long path never widens the window off screen.
fn export_status_ui(ui: &mut egui::Ui, status: &ExportStatus) {
    match status {
        ExportStatus::Idle => {}
        // No spinner: it would repaint the window every frame until the export ends. The
        // worker's result wakes the window.
        ExportStatus::ChoosingPath => {
            ui.label("choosing where to save…");
        }
        ExportStatus::Writing(path) => {
            ui.add(egui::Label::new(format!("writing {}…", path.display())).wrap());
        }
        ExportStatus::Saved(message) => {
            ui.add(egui::Label::new(format!("✔ {message}")).wrap());
        }
        ExportStatus::Failed(message) => {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!("⚠ {message}")).color(ui.visuals().error_fg_color),
                )
                .wrap(),
            );
        }
    }
}
