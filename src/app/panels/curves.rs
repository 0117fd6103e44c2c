//! The spectrum (σ_i on a log axis, the Gavish–Donoho threshold, the current k) and the
//! error curve (relative Frobenius error and energy kept, or PSNR); clicking sets the rank.

use crate::app::decomposition::Decomposition;
use egui_plot::{HLine, HoverPosition, Legend, Line, Plot, PlotPoints, VLine};

const RANK_COLOR: egui::Color32 = egui::Color32::from_rgb(230, 80, 40);
const SIGMA_COLOR: egui::Color32 = egui::Color32::from_rgb(90, 150, 240);
const ENERGY_COLOR: egui::Color32 = egui::Color32::from_rgb(90, 190, 120);

/// Draws the current k as a vertical line; returns the plot x of a click, if any.
fn mark_rank_and_read_click(plot_ui: &mut egui_plot::PlotUi<'_>, rank: usize) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    plot_ui.vline(
        VLine::new(format!("k = {rank}"), rank as f64)
            .color(RANK_COLOR)
            .width(2.0),
    );
    if plot_ui.response().clicked() {
        plot_ui.pointer_coordinate().map(|p| p.x)
    } else {
        None
    }
}

/// The rank nearest to a click at plot x, if the plot was clicked.
fn clicked_rank(x: Option<f64>, max: usize) -> Option<usize> {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [0, max]
    x.map(|x| x.round().clamp(0.0, max as f64) as usize)
}

/// Returns a rank when the plot was clicked.
pub(super) fn spectrum(
    ui: &mut egui::Ui,
    size: egui::Vec2,
    decomposition: &Decomposition,
    rank: usize,
) -> Option<usize> {
    ui.label(egui::RichText::new("Singular values σᵢ (log scale)").strong());
    let names = ["r", "g", "b"];
    let colours = [
        egui::Color32::from_rgb(220, 60, 60),
        egui::Color32::from_rgb(60, 170, 60),
        egui::Color32::from_rgb(70, 110, 230),
    ];
    let response = Plot::new("spectrum")
        .width(size.x)
        .height(size.y - 24.0)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .y_axis_formatter(|mark, _| format!("{:.0e}", 10f64.powf(mark.value)))
        .x_axis_label("i")
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}: σ_{:.0} = {:.4e}",
                position.x,
                10f64.powf(position.y)
            )),
            HoverPosition::Elsewhere { position } => Some(format!("i = {:.0}", position.x)),
        })
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            for (index, channel) in decomposition.channels.iter().enumerate() {
                let name = if decomposition.is_colour() {
                    names[index]
                } else {
                    "σᵢ"
                };
                #[allow(clippy::cast_precision_loss)]
                let points: PlotPoints<'_> = channel
                    .spectrum
                    .singular_values()
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s > 0.0)
                    .map(|(i, s)| [(i + 1) as f64, s.log10()])
                    .collect();
                let colour = if decomposition.is_colour() {
                    colours[index]
                } else {
                    SIGMA_COLOR
                };
                let line = Line::new(name, points).width(1.5).color(colour);
                plot_ui.line(line);
                if let Some(threshold) = channel.spectrum.gavish_donoho_threshold()
                    && threshold > 0.0
                    && index == 0
                {
                    plot_ui.hline(
                        HLine::new("Gavish–Donoho threshold", threshold.log10())
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                }
            }
            mark_rank_and_read_click(plot_ui, rank)
        });
    clicked_rank(response.inner, decomposition.max_rank())
}

/// Returns a rank when the plot was clicked.
pub(super) fn error(
    ui: &mut egui::Ui,
    size: egui::Vec2,
    decomposition: &Decomposition,
    rank: usize,
    show_psnr: &mut bool,
) -> Option<usize> {
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(if *show_psnr {
                "PSNR of A_k (dB)"
            } else {
                "Error and energy vs rank k"
            })
            .strong(),
        );
        if decomposition.is_image {
            ui.checkbox(show_psnr, "PSNR");
        }
    });
    let max = decomposition.max_rank();
    let psnr = *show_psnr && decomposition.is_image;
    let response = Plot::new("error curve")
        .width(size.x)
        .height(size.y - 24.0)
        .legend(Legend::default().position(egui_plot::Corner::RightTop))
        .x_axis_label("k")
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            if psnr {
                #[allow(clippy::cast_precision_loss)]
                let points: PlotPoints<'_> = (0..=max)
                    .filter_map(|k| decomposition.psnr_db(k).map(|p| [k as f64, p]))
                    .collect();
                plot_ui.line(Line::new("PSNR (dB)", points).width(1.5).color(SIGMA_COLOR));
            } else {
                #[allow(clippy::cast_precision_loss)]
                let errors: PlotPoints<'_> = (0..=max)
                    .map(|k| [k as f64, decomposition.relative_error(k)])
                    .collect();
                #[allow(clippy::cast_precision_loss)]
                let energy: PlotPoints<'_> = (0..=max)
                    .map(|k| [k as f64, decomposition.energy(k)])
                    .collect();
                plot_ui.line(
                    Line::new("‖A − A_k‖_F / ‖A‖_F", errors)
                        .width(1.5)
                        .color(SIGMA_COLOR),
                );
                plot_ui.line(
                    Line::new("energy kept", energy)
                        .width(1.5)
                        .color(ENERGY_COLOR),
                );
            }
            mark_rank_and_read_click(plot_ui, rank)
        });
    clicked_rank(response.inner, max)
}
