//! Drawing: one file per panel; each reads the app state and queues commands.

mod curves;
mod heatmaps;
mod model;
mod rank_bar;
mod sources;
mod stats;
mod teaching;
mod top_bar;

use super::{Command, LowerView, MainView, RankscopeApp};

/// DejaVu Sans and Sans Mono (Bitstream Vera licence, assets/fonts/): they have every glyph
/// the formulas use (σᵢ, ‖·‖, √, Σ, subscripts, ᵀ) and read well on a projector.
const SANS: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const MONO: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");

fn fonts(ctx: &egui::Context) {
    use egui::{FontData, FontDefinitions, FontFamily};
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVu Sans".to_owned(),
        std::sync::Arc::new(FontData::from_static(SANS)),
    );
    fonts.font_data.insert(
        "DejaVu Sans Mono".to_owned(),
        std::sync::Arc::new(FontData::from_static(MONO)),
    );
    // First choice for text; egui's own fonts stay behind as fallbacks (emoji and icons).
    if let Some(family) = fonts.families.get_mut(&FontFamily::Proportional) {
        family.insert(0, "DejaVu Sans".to_owned());
    }
    if let Some(family) = fonts.families.get_mut(&FontFamily::Monospace) {
        family.insert(0, "DejaVu Sans Mono".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// Fonts and text sizes that stay legible on a projector at the back of a classroom.
pub(super) fn style(ctx: &egui::Context) {
    fonts(ctx);
    ctx.global_style_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(18.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(13.5, FontFamily::Proportional)),
            (
                TextStyle::Monospace,
                FontId::new(12.5, FontFamily::Monospace),
            ),
            (
                TextStyle::Button,
                FontId::new(13.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(11.0, FontFamily::Proportional),
            ),
        ]
        .into();
    });
}

/// Draws the whole window.
pub(super) fn draw(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    egui::Panel::top("top bar").show(ui, |ui| top_bar::show(app, ui));
    // The Model view's table lists every matrix itself: the width goes to its columns.
    if app.main_view != MainView::Model {
        egui::Panel::left("sources")
            .resizable(true)
            .default_size(250.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| sources::show(app, ui));
    }
    top_bar::export_window(app, ui);
    egui::CentralPanel::default_margins().show(ui, |ui| {
        top_bar::messages(app, ui);
        if app
            .catalog
            .as_ref()
            .is_some_and(|c| c.scannable().is_some())
        {
            main_view_tabs(app, ui);
            if app.main_view == MainView::Model {
                model::show(app, ui);
                return;
            }
        }
        let Some(decomposition) = app.decomposition.clone() else {
            ui.centered_and_justified(|ui| {
                if app.is_busy() {
                    // Not a spinner: it repaints every frame (the progress is in the top bar).
                    ui.label("Working…");
                } else {
                    ui.label(
                        "Open a matrix or an image: File → Open, or drop a file on the window.",
                    );
                }
            });
            return;
        };
        rank_bar::show(app, ui, &decomposition);
        // The rank may have just moved: bring every view to it before drawing any of them.
        let ctx = ui.ctx().clone();
        app.sync_views(&ctx);
        let Some(textures) = app.textures.as_ref() else {
            return;
        };
        let lower_min = 250.0;
        let heat_height = heatmaps::height(ui, &decomposition, ui.available_height() - lower_min);
        ui.allocate_ui(egui::vec2(ui.available_width(), heat_height), |ui| {
            heatmaps::show(
                ui,
                &decomposition,
                textures,
                app.rank,
                &mut app.view.amplify_residual,
            );
        });
        ui.separator();
        ui.horizontal(|ui| {
            ui.selectable_value(&mut app.view.lower, LowerView::Curves, "Spectrum & error");
            ui.selectable_value(
                &mut app.view.lower,
                LowerView::Teaching,
                "Teaching: rank-1 layers",
            );
        });
        let mut new_rank = None;
        match app.view.lower {
            LowerView::Curves => {
                let size = egui::vec2(
                    ((ui.available_width() - 330.0) / 2.0).max(160.0),
                    ui.available_height().max(120.0),
                );
                ui.horizontal_top(|ui| {
                    ui.vertical(|ui| {
                        new_rank =
                            new_rank.or(curves::spectrum(ui, size, &decomposition, app.rank));
                    });
                    ui.vertical(|ui| {
                        new_rank = new_rank.or(curves::error(
                            ui,
                            size,
                            &decomposition,
                            app.rank,
                            &mut app.view.show_psnr,
                        ));
                    });
                    ui.vertical(|ui| stats::show(ui, &decomposition, app.rank));
                });
            }
            LowerView::Teaching => teaching::show(ui, &decomposition, textures, app.rank),
        }
        if let Some(rank) = new_rank {
            // A click on a plot: applied now, drawn next frame (requested at once).
            app.set_rank(rank);
            ui.ctx().request_repaint();
        }
    });
}

/// "One matrix" / "All matrices" for checkpoints.
fn main_view_tabs(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    ui.horizontal(|ui| {
        let mut view = app.main_view;
        ui.selectable_value(&mut view, MainView::Matrix, "One matrix");
        ui.selectable_value(&mut view, MainView::Model, "All matrices (scan)")
            .on_hover_text(
                "every matrix of the checkpoint in one table, with a global rank budget",
            );
        if view != app.main_view {
            app.commands.push(Command::ShowMain(view));
        }
    });
    ui.separator();
}

/// "1 234 567": thousands separated by thin spaces, for numbers read aloud in class.
pub(super) fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouped_separates_thousands() {
        assert_eq!(super::grouped(1_234_567), "1\u{2009}234\u{2009}567");
        assert_eq!(super::grouped(999), "999");
    }
}
