//! Drawing: one file per panel. `draw` lays out the frame and hands each panel only what it
//! draws (the shown matrix and rank, its own UI state) and the command queue; panels change
//! nothing else. A rank change is a [`Command::SetRank`] like any other request, applied as
//! soon as the panel that queued it returns, so every panel drawn after it shows the new k.
//! The frame-level parts (menus and messages in `top_bar`, the Model view's table) still
//! take the app.

mod axes;
mod curves;
mod denoise;
mod geometry;
mod heatmaps;
mod lesson;
mod model;
mod presenter;
mod rank_bar;
mod sources;
mod space;
mod stats;
mod teaching;
mod text;
mod top_bar;

pub(super) use sources::ListState;

use super::decomposition::Decomposition;
use super::{Command, LowerView, MainView, RankscopeApp};

/// DejaVu Sans and Sans Mono (Bitstream Vera licence, assets/fonts/): they have every glyph
/// the formulas use (σᵢ, ‖·‖, √, Σ, subscripts, ᵀ) and read well on a projector. Sans is the
/// figures' font too: one copy in the binary.
const MONO: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");

fn fonts(ctx: &egui::Context) {
    use egui::{FontData, FontDefinitions, FontFamily};
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVu Sans".to_owned(),
        std::sync::Arc::new(FontData::from_static(crate::figure::DEJAVU_SANS)),
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

/// Presenter mode's look (light, large text) on or off.
pub(super) fn presenter_style(ctx: &egui::Context, on: bool) {
    presenter::apply_style(ctx, on);
}

/// Draws the whole window.
pub(super) fn draw(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    egui::Panel::top("top bar").show(ui, |ui| top_bar::show(app, ui));
    if app.main_view == MainView::Geometry {
        // A typed 2 × 2 matrix, whatever file is open: the plane gets the whole window.
        top_bar::export_window(app, ui);
        egui::CentralPanel::default_margins().show(ui, |ui| {
            top_bar::messages(app, ui);
            ui.horizontal(|ui| {
                if ui.button("← Back to the matrix").clicked() {
                    app.commands.push(Command::ShowMain(MainView::Matrix));
                }
                ui.heading(geometry_heading(&app.geometry));
            });
            geometry_ui(&mut app.geometry, ui);
        });
        return;
    }
    // The Model view's table lists every matrix itself: the width goes to its columns; a
    // class sees only the pictures and the numbers.
    if app.main_view != MainView::Model && !app.presenting {
        egui::Panel::left("sources")
            .resizable(true)
            .default_size(250.0)
            .size_range(180.0..=480.0)
            .show(ui, |ui| {
                sources::show(
                    ui,
                    &app.shown,
                    &mut app.filter,
                    &mut app.list,
                    &mut app.commands,
                );
            });
    }
    top_bar::export_window(app, ui);
    app.file_browser_ui(ui.ctx());
    egui::CentralPanel::default_margins().show(ui, |ui| {
        top_bar::messages(app, ui);
        loading_ui(app, ui);
        if app
            .shown
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
        let Some(decomposition) = app.shown.decomposition.clone() else {
            placeholder_ui(app, ui);
            return;
        };
        if app.presenting {
            let ctx = ui.ctx().clone();
            app.sync_views(&ctx);
            let playing = app.is_playing();
            presenter::show(
                ui,
                &app.shown,
                &decomposition,
                playing,
                &mut app.view,
                &mut app.commands,
            );
            app.apply_rank_commands();
            return;
        }
        if app.main_view == MainView::Denoise {
            let (rank, computing) = (app.shown.rank(), app.is_denoising());
            denoise::show(
                ui,
                &mut app.denoise,
                &decomposition,
                rank,
                computing,
                &mut app.commands,
            );
            return app.apply_rank_commands();
        }
        if let Some(step) = app.lesson {
            lesson::show(ui, step, app.shown.rank(), &mut app.commands);
            if step.hides_rank() {
                // The quiz: the pictures only, every number that would tell k left out.
                let ctx = ui.ctx().clone();
                app.sync_views(&ctx);
                if let Some(textures) = app.shown.textures.as_ref() {
                    presenter::pictures(ui, &decomposition, textures, "A_k, k = ?");
                }
                return;
            }
        }
        matrix_view_ui(app, ui, &decomposition);
    });
}

/// The matrix view: the rank bar, then the heatmaps above the curves (or the teaching view).
fn matrix_view_ui(app: &mut RankscopeApp, ui: &mut egui::Ui, decomposition: &Decomposition) {
    let (rank, playing) = (app.shown.rank(), app.is_playing());
    rank_bar::show(
        ui,
        decomposition,
        rank,
        &mut app.view,
        playing,
        &mut app.commands,
    );
    app.apply_rank_commands();
    // The rank may have just moved: bring every view to it before drawing any of them.
    let ctx = ui.ctx().clone();
    app.sync_views(&ctx);
    if app.shown.textures.is_none() {
        return;
    }
    // Heatmaps above, curves (or the teaching view) below, split by a draggable divider.
    // By default the curves get half the height (at least 280 points), or all that a
    // picture's heatmaps leave.
    let total = ui.available_height();
    let heat_wanted = heatmaps::height(ui, decomposition, total - 280.0);
    let lower_default = (total - heat_wanted).max(total * 0.5).max(280.0);
    // The heatmaps keep at least 170 points (titles, a plot, the probe line).
    let lower_max = (total - 170.0).max(120.0);
    let lower = egui::Panel::bottom("lower view")
        .resizable(true)
        .default_size(lower_default.min(lower_max))
        .size_range(120.0..=lower_max)
        .frame(egui::Frame::new().inner_margin(egui::Margin {
            top: 4,
            ..egui::Margin::ZERO
        }))
        .show(ui, |ui| lower_ui(app, ui, decomposition));
    let Some(textures) = app.shown.textures.as_ref() else {
        return;
    };
    // What the panel left above it (the Ui's own available height still reaches the
    // window's bottom edge).
    // The divider's handle reaches a few points above the panel.
    let above = lower.response.rect.top()
        - ui.cursor().top()
        - ui.spacing().item_spacing.y
        - ui.style().interaction.resize_grab_radius_side;
    let heat_height = heatmaps::height(ui, decomposition, above).min(above.max(0.0));
    ui.allocate_ui(egui::vec2(ui.available_width(), heat_height), |ui| {
        heatmaps::show(
            ui,
            decomposition,
            textures,
            app.shown.rank(),
            &mut app.view.amplify_residual,
        );
    });
}

/// The lower half: the curves and numbers, or the teaching view.
fn lower_ui(
    app: &mut RankscopeApp,
    ui: &mut egui::Ui,
    decomposition: &super::decomposition::Decomposition,
) {
    let Some(textures) = app.shown.textures.as_ref() else {
        return;
    };
    ui.horizontal(|ui| {
        let mut lower = app.view.lower;
        ui.selectable_value(&mut lower, LowerView::Curves, "Spectrum & error");
        ui.selectable_value(&mut lower, LowerView::Teaching, "Teaching: rank-1 layers");
        if lower != app.view.lower {
            app.view.show_lower(lower);
        }
        ui.menu_button("Save figure…", |ui| {
            crate::app::figures::save_figure_menu_ui(ui, Some(decomposition), &mut app.commands);
        })
        .response
        .on_hover_text(
            "the plots and the layers as SVG or PNG at the current rank, or their numbers as CSV",
        );
    });
    let mut new_rank = None;
    match app.view.lower {
        LowerView::Curves => {
            // The numbers take a panel on the right at their own width (egui sizes a
            // panel to its content); the two plots share what is left, so no number is
            // ever cut off.
            egui::Panel::right("stats")
                .resizable(false)
                .show_separator_line(false)
                .default_size(240.0)
                .size_range(120.0..=420.0)
                .frame(egui::Frame::new().inner_margin(egui::Margin {
                    left: 8,
                    ..egui::Margin::ZERO
                }))
                .show(ui, |ui| {
                    // A short lower view scrolls the numbers instead of clipping them.
                    egui::ScrollArea::vertical()
                        .id_salt("stats")
                        .auto_shrink([true, false])
                        .show(ui, |ui| stats::show(ui, decomposition, app.shown.rank()));
                });
            let size = egui::vec2(
                ((ui.available_width() - ui.spacing().item_spacing.x) / 2.0).max(100.0),
                ui.available_height().max(120.0),
            );
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_max_width(size.x);
                    new_rank =
                        new_rank.or(curves::spectrum(ui, size, decomposition, app.shown.rank()));
                });
                ui.vertical(|ui| {
                    ui.set_max_width(size.x);
                    new_rank = new_rank.or(curves::error(
                        ui,
                        size,
                        decomposition,
                        app.shown.rank(),
                        &mut app.view.show_psnr,
                    ));
                });
            });
        }
        LowerView::Teaching => teaching::show(ui, decomposition, textures, app.shown.rank()),
    }
    if let Some(rank) = new_rank {
        // A click on a plot: applied now, drawn next frame (requested at once).
        app.set_rank(rank);
        ui.ctx().request_repaint();
    }
}

/// What the main area says before a matrix is shown.
fn placeholder_ui(app: &RankscopeApp, ui: &mut egui::Ui) {
    let matrices = app.shown.catalog.as_ref().map_or(0, |c| {
        c.items.iter().filter(|i| i.refusal.is_none()).count()
    });
    ui.centered_and_justified(|ui| {
        if app.is_busy() {
            // Not a spinner: it repaints every frame (the progress is in the top bar).
            ui.label("Working…");
        } else if matrices > 0 {
            // A checkpoint is listed and nothing chosen yet: the list is the next step.
            ui.label(format!(
                "Select a matrix on the left ({matrices} in this file), or scan them all \
                 with “All matrices (scan)”."
            ));
        } else {
            ui.label("Open a matrix or an image: File → Open…, or drop a file on the window.");
        }
    });
}

/// While a file is being listed, or another matrix than the one shown is being analysed: a
/// line that says so (the old views stay until the new ones are ready).
fn loading_ui(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let switching = app
        .shown
        .decomposition
        .as_ref()
        .is_some_and(|shown| app.shown.selection.as_ref() != Some(&shown.selection));
    let job = app
        .jobs
        .running(super::jobs::JobKind::Open)
        .or_else(|| {
            app.jobs
                .running(super::jobs::JobKind::Analyze)
                .filter(|_| switching || app.shown.decomposition.is_none())
        })
        .cloned();
    let Some(job) = job else {
        return;
    };
    let progress = job.control.progress();
    egui::Frame::new()
        .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.25))
        .inner_margin(6.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                // No spinner beside the bar: it would repaint the window every frame.
                ui.add(
                    #[allow(clippy::cast_possible_truncation)]
                    egui::ProgressBar::new(progress.fraction as f32)
                        .desired_width(120.0)
                        .show_percentage(),
                );
                if ui.button("Cancel").clicked() {
                    app.commands.push(Command::Cancel(job.kind));
                }
                // Names, not paths: the top bar has the file already.
                let wanted = app
                    .shown
                    .selection
                    .as_ref()
                    .and_then(|s| app.shown.catalog.as_ref()?.item(s))
                    .map(|item| item.label.clone());
                let text = match (app.shown.decomposition.as_ref(), wanted) {
                    (Some(shown), Some(wanted))
                        if switching && job.kind == super::jobs::JobKind::Analyze =>
                    {
                        let shown = shown.label.rsplit(" › ").next().unwrap_or_default();
                        format!(
                            "{wanted}: {} · still showing {shown} until it is ready",
                            progress.stage
                        )
                    }
                    _ => format!("{}: {}", job.label, progress.stage),
                };
                let room = ui.available_width();
                text::elided_label(ui, &text, room, egui::TextStyle::Body, false);
            });
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

/// The geometry view's title: the shape and which way the map goes.
fn geometry_heading(view: &super::geometry::GeometryView) -> &'static str {
    match view.space.map(|s| s.shape()) {
        Some((3, 2)) => "Geometry of a 3 × 2 matrix: the plane into space",
        Some(_) => "Geometry of a 2 × 3 matrix: space onto the plane",
        None => "Geometry of a 2 × 2 matrix",
    }
}

/// A 2 × 2 matrix as a map of the plane, or a 3 × 2 / 2 × 3 one between plane and space.
fn geometry_ui(view: &mut super::geometry::GeometryView, ui: &mut egui::Ui) {
    if view.space.is_some() {
        space::show(view, ui);
    } else {
        geometry::show(view, ui);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouped_separates_thousands() {
        assert_eq!(super::grouped(1_234_567), "1\u{2009}234\u{2009}567");
        assert_eq!(super::grouped(999), "999");
    }
}
