//! Original · rank-k · residual, side by side, with linked zoom and pan, a value probe under
//! the cursor and colour bars.

use super::text::significant;
use crate::app::decomposition::Decomposition;
use crate::app::textures::{Heatmap, Textures};
use egui_plot::{Plot, PlotImage, PlotPoint};

const PROBE_HEIGHT: f32 = 24.0;
const TITLE_HEIGHT: f32 = 24.0;
const BAR_WIDTH: f32 = 84.0;

fn plot_width(ui: &egui::Ui) -> f32 {
    ((ui.available_width() - BAR_WIDTH - 24.0) / 3.0).max(80.0)
}

/// Height the heatmap row needs: pictures keep their aspect ratio (so no empty band above
/// and below them), weight matrices take what is offered.
pub(super) fn height(ui: &egui::Ui, decomposition: &Decomposition, offered: f32) -> f32 {
    let offered = offered.max(160.0);
    if !decomposition.is_image {
        return offered;
    }
    let (m, n) = decomposition.shape();
    #[allow(clippy::cast_precision_loss)]
    let aspect = m as f32 / n as f32;
    // The plot frame adds axis labels around the picture.
    let wanted = (plot_width(ui) - 40.0) * aspect + 30.0 + TITLE_HEIGHT + PROBE_HEIGHT + 8.0;
    wanted.min(offered)
}

pub(super) fn show(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    textures: &Textures,
    rank: usize,
    amplify_residual: &mut bool,
) {
    let (m, n) = decomposition.shape();
    let link = ui.scope_id().with("heatmaps linked");
    let width = plot_width(ui);
    // Besides the title row and the probe line: the spacing between the three rows.
    let height =
        (ui.available_height() - PROBE_HEIGHT - TITLE_HEIGHT - 3.0 * ui.spacing().item_spacing.y)
            .max(80.0);
    let mut hovered: Option<PlotPoint> = None;
    ui.horizontal(|ui| {
        for (title, heatmap) in [
            ("Original A".to_owned(), &textures.original),
            (
                format!("Rank-{rank} approximation A_k"),
                &textures.approximation,
            ),
            ("Residual A − A_k".to_owned(), &textures.residual),
        ] {
            ui.vertical(|ui| {
                ui.horizontal(|ui| {
                    ui.label(egui::RichText::new(&title).strong());
                    if title.starts_with("Residual") {
                        ui.checkbox(amplify_residual, "amplify").on_hover_text(
                            "Scale the residual to its own largest value instead of A's range",
                        );
                    }
                });
                let mut plot = Plot::new(("heatmap", heatmap.texture.id()))
                    .width(width)
                    .height(height)
                    .link_axis(link, true)
                    .link_cursor(link, true)
                    .show_grid(false)
                    .show_background(false)
                    .allow_double_click_reset(true)
                    // The wheel zooms (below), as on any picture; dragging pans.
                    .allow_scroll(false)
                    .x_grid_spacer(super::axes::x_spacer())
                    .y_grid_spacer(super::axes::y_spacer())
                    .custom_x_axes(vec![super::axes::count_x_axis("")])
                    .y_axis_formatter(|mark, _| format_row(mark.value))
                    .label_formatter(|_| None)
                    .include_x(0.0)
                    .include_y(0.0)
                    .set_margin_fraction(egui::Vec2::ZERO);
                if decomposition.is_image {
                    // Pixels are square; weight matrices fill the space instead.
                    plot = plot.data_aspect(1.0);
                }
                #[allow(clippy::cast_precision_loss)]
                let (w, h) = (n as f64, m as f64);
                plot = plot.include_x(w).include_y(-h);
                let response = plot.show(ui, |plot_ui| {
                    plot_ui.image(PlotImage::new(
                        "matrix",
                        heatmap.texture.id(),
                        PlotPoint::new(w / 2.0, -h / 2.0),
                        #[allow(clippy::cast_possible_truncation)]
                        egui::vec2(w as f32, h as f32),
                    ));
                    if plot_ui.response().hovered() {
                        let scroll = plot_ui.ctx().input(|i| i.smooth_scroll_delta.y);
                        if scroll != 0.0 {
                            // 200 points of wheel = ×e; up zooms in, around the cursor.
                            plot_ui.zoom_bounds_around_hovered(egui::Vec2::splat(
                                (scroll / 200.0).exp(),
                            ));
                        }
                    }
                    plot_ui.pointer_coordinate()
                });
                if response.response.hovered() {
                    hovered = response.inner;
                }
            });
        }
        colour_bar(ui, &textures.original, &textures.residual, height);
    });
    probe(ui, decomposition, rank, hovered);
}

/// Rows count downwards from the top: plot y = −row, so ticks land on round row numbers.
fn format_row(y: f64) -> String {
    if y > 0.0 {
        String::new()
    } else {
        // `+ 0.0` turns −0 into 0 for the top row.
        format!("{:.0}", -y + 0.0)
    }
}

fn probe(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    rank: usize,
    hovered: Option<PlotPoint>,
) {
    let (m, n) = decomposition.shape();
    let text = hovered
        .and_then(|point| {
            let row = (-point.y).floor();
            let col = point.x.floor();
            #[allow(clippy::cast_precision_loss)]
            let inside = row >= 0.0 && col >= 0.0 && row < m as f64 && col < n as f64;
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            inside.then_some((row as usize, col as usize))
        })
        .map_or_else(
            || "Hover a heatmap to read A, A_k and A − A_k · scroll to zoom · drag to pan · double-click to reset".to_owned(),
            |(row, col)| {
                let values = decomposition.probe(row, col, rank);
                let names = ["r", "g", "b"];
                let parts: Vec<String> = values
                    .iter()
                    .enumerate()
                    .map(|(i, (a, a_k))| {
                        let prefix = if values.len() > 1 { format!("{}: ", names[i]) } else { String::new() };
                        format!(
                            "{prefix}A = {}, A_k = {}, A − A_k = {}",
                            significant(*a, 4),
                            significant(*a_k, 4),
                            significant(a - a_k, 4)
                        )
                    })
                    .collect();
                format!("row {row}, column {col}:  {}", parts.join("   "))
            },
        );
    // One line, whatever the width: a second line would spill over the divider below.
    ui.add(egui::Label::new(egui::RichText::new(text).monospace()).truncate());
}

fn colour_bar(ui: &mut egui::Ui, main: &Heatmap, residual: &Heatmap, height: f32) {
    ui.vertical(|ui| {
        for (label, heatmap) in [("A, A_k", main), ("A − A_k", residual)] {
            let (Some(range), Some(colormap)) = (heatmap.range, heatmap.colormap) else {
                continue;
            };
            ui.label(egui::RichText::new(label).small());
            ui.label(egui::RichText::new(significant(range.max, 3)).small());
            // Two blocks of three small lines and a bar fill the plots' height (plus their
            // title row), never more: a taller column would push the probe line down.
            let line = ui.text_style_height(&egui::TextStyle::Small) + ui.spacing().item_spacing.y;
            let half = f32::midpoint(height, TITLE_HEIGHT);
            let bar_height = (half - 3.0 * line - 4.0).max(12.0);
            let (rect, _) =
                ui.allocate_exact_size(egui::vec2(18.0, bar_height), egui::Sense::hover());
            let steps = 48;
            for step in 0..steps {
                #[allow(clippy::cast_precision_loss)]
                let t = 1.0 - (f64::from(step) + 0.5) / f64::from(steps);
                let [r, g, b] = colormap.rgb(t);
                #[allow(clippy::cast_precision_loss)]
                let y0 = rect.top() + rect.height() * step as f32 / steps as f32;
                #[allow(clippy::cast_precision_loss)]
                let y1 = rect.top() + rect.height() * (step + 1) as f32 / steps as f32;
                ui.painter().rect_filled(
                    egui::Rect::from_x_y_ranges(rect.x_range(), y0..=y1),
                    0.0,
                    egui::Color32::from_rgb(r, g, b),
                );
            }
            ui.label(egui::RichText::new(significant(range.min, 3)).small());
        }
    });
}
