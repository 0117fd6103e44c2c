//! Menu, current matrix, job progress with Cancel, messages and the export window.

use crate::app::{Command, RankscopeApp};
use crate::export::Format;
use crate::preview::Colormap;

/// Opening, the NaN policy, exports and quitting.
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
    ui.separator();
    if ui.button("Export…  (Ctrl+S)").clicked() {
        app.export_window_open = true;
    }
    if ui.button("Save view as PNG").clicked() {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        app.commands.push(Command::SaveScreenshot(
            format!("rankscope-view-{stamp}.png").into(),
        ));
    }
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
        });
        ui.separator();
        if let Some(decomposition) = &app.decomposition {
            let (m, n) = decomposition.shape();
            ui.strong(&decomposition.label);
            ui.label(format!(
                "{m} × {n} · {} · computed in {} · SVD {:.2} s",
                decomposition.source_dtype, decomposition.precision, decomposition.elapsed_secs
            ));
            if decomposition.method == crate::linalg::Method::Randomized {
                ui.label(
                    egui::RichText::new(format!(
                        "first answer: randomized top {}; exact SVD on its way",
                        decomposition.max_rank()
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
            }
        }
        for job in app.jobs.all_running().to_vec() {
            ui.separator();
            let progress = job.control.progress();
            // Not a spinner: it would repaint the window every frame for as long as the job runs.
            #[allow(clippy::cast_possible_truncation)] // a bar's fill
            ui.add(egui::ProgressBar::new(progress.fraction as f32).desired_width(48.0));
            let remaining = if progress.fraction > 0.05 {
                let total = progress.elapsed_secs / progress.fraction;
                format!(
                    ", about {:.0} s left",
                    (total - progress.elapsed_secs).max(0.0)
                )
            } else {
                String::new()
            };
            ui.label(format!(
                "{}: {} ({:.0} %, {:.1} s{remaining})",
                job.label,
                progress.stage,
                progress.fraction * 100.0,
                progress.elapsed_secs
            ));
            if ui.button("Cancel").clicked() {
                app.commands.push(Command::Cancel(job.kind));
            }
        }
    });
}

/// Errors (dismissable, naming the file) and confirmations.
pub(super) fn messages(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let mut dismissed = None;
    for (index, message) in app.errors.iter().enumerate() {
        egui::Frame::new()
            .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, "⚠");
                    ui.label(message);
                    if ui.small_button("Dismiss").clicked() {
                        dismissed = Some(index);
                    }
                });
            });
    }
    if let Some(index) = dismissed {
        app.commands.push(Command::DismissError(index));
    }
    if let Some(notice) = app.notices.last().cloned() {
        ui.horizontal(|ui| {
            ui.label(format!("✔ {notice}"));
            if ui.small_button("OK").clicked() {
                app.notices.clear();
            }
        });
    }
}

/// The export dialog: a format, then the system's save dialog, written by a worker.
pub(super) fn export_window(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    if !app.export_window_open {
        return;
    }
    let mut open = true;
    let rank = app.rank;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
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
            if ui.button("Save as…").clicked() {
                app.commands
                    .push(Command::PickExportPath(app.export_format));
                app.export_window_open = false;
            }
        });
    if !open {
        app.export_window_open = false;
    }
}
