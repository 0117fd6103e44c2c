//! The spectrum (σ_i on a log axis, the Gavish–Donoho threshold, the current k) and the
//! error curve (relative Frobenius error and energy kept, or PSNR); clicking sets the rank.

use crate::app::decomposition::Decomposition;
use egui_plot::{HLine, HoverPosition, Line, LineStyle, Plot, PlotPoints, VLine};

// Okabe & Ito's colour-blind-safe palette for the curves, and the text colour (white on
// dark, black on light) for the k line: the three marks that were all red (the threshold,
// the k line, the r channel) are now reddish purple and dashed, the strongest neutral and
// thick, and vermillion; they stay apart under protan, deutan and tritan vision (tested).
const SIGMA_COLOR: egui::Color32 = egui::Color32::from_rgb(86, 180, 233); // sky blue
const ENERGY_COLOR: egui::Color32 = egui::Color32::from_rgb(0, 158, 115); // bluish green
const THRESHOLD_COLOR: egui::Color32 = egui::Color32::from_rgb(204, 121, 167); // reddish purple
const BREAK_EVEN_COLOR: egui::Color32 = egui::Color32::from_rgb(150, 150, 150); // grey
/// r, g, b channels: vermillion, bluish green, blue.
const CHANNEL_COLORS: [egui::Color32; 3] = [
    egui::Color32::from_rgb(213, 94, 0),
    egui::Color32::from_rgb(0, 158, 115),
    egui::Color32::from_rgb(0, 114, 178),
];

/// The legend, above the plot instead of over a third of it: a short stroke in each
/// line's colour (dashed ones drawn dashed) and its name, wrapping when narrow.
fn legend_ui(ui: &mut egui::Ui, entries: &[(egui::Color32, bool, String)]) {
    ui.horizontal_wrapped(|ui| {
        // Rows as high as the small text, not as a button.
        ui.spacing_mut().item_spacing = egui::vec2(10.0, 2.0);
        ui.spacing_mut().interact_size.y = 14.0;
        for (colour, dashed, name) in entries {
            legend_entry_ui(ui, *colour, *dashed, name);
        }
    });
}

/// One entry, stroke and name as a single widget so that they wrap together.
fn legend_entry_ui(ui: &mut egui::Ui, colour: egui::Color32, dashed: bool, name: &str) {
    let text_colour = ui.visuals().text_color();
    let galley = ui.painter().layout_no_wrap(
        name.to_owned(),
        egui::TextStyle::Small.resolve(ui.style()),
        text_colour,
    );
    let stroke_width = 18.0;
    let gap = 4.0;
    let size = egui::vec2(
        stroke_width + gap + galley.size().x,
        galley.size().y.max(10.0),
    );
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let y = rect.center().y;
    let ends = [
        egui::pos2(rect.left(), y),
        egui::pos2(rect.left() + stroke_width, y),
    ];
    let stroke = egui::Stroke::new(2.0, colour);
    if dashed {
        ui.painter()
            .extend(egui::Shape::dashed_line(&ends, stroke, 4.0, 3.0));
    } else {
        ui.painter().line_segment(ends, stroke);
    }
    let text_pos = egui::pos2(rect.left() + stroke_width + gap, y - galley.size().y / 2.0);
    ui.painter().galley(text_pos, galley, text_colour);
}

/// The k line's colour: the strongest text colour of the theme.
fn rank_color(ui: &egui::Ui) -> egui::Color32 {
    ui.visuals().strong_text_color()
}

/// Draws the current k as a vertical line; returns the plot x of a click, if any.
fn mark_rank_and_read_click(
    plot_ui: &mut egui_plot::PlotUi<'_>,
    rank: usize,
    colour: egui::Color32,
) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    plot_ui.vline(
        VLine::new(format!("k = {rank}"), rank as f64)
            .color(colour)
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
    ui.add(
        egui::Label::new(egui::RichText::new("Singular values σᵢ (log scale)").strong()).truncate(),
    );
    let names = ["r", "g", "b"];
    let mut legend = Vec::new();
    for (index, _) in decomposition.channels.iter().enumerate() {
        if decomposition.is_colour() {
            legend.push((
                CHANNEL_COLORS[index],
                false,
                format!("σᵢ of {}", names[index]),
            ));
        } else {
            legend.push((SIGMA_COLOR, false, "σᵢ".to_owned()));
        }
    }
    let threshold = decomposition.channels[0]
        .spectrum
        .gavish_donoho_threshold()
        .filter(|t| *t > 0.0);
    if threshold.is_some() {
        legend.push((THRESHOLD_COLOR, true, "G–D noise level".to_owned()));
    }
    let rank_colour = rank_color(ui);
    legend.push((rank_colour, false, "k".to_owned()));
    let top = ui.cursor().top();
    legend_ui(ui, &legend);
    let used = ui.cursor().top() - top;
    let response = Plot::new("spectrum")
        .width(size.x)
        .height((size.y - 24.0 - used).max(80.0))
        .y_axis_formatter(|mark, _| super::axes::log_tick(mark))
        .y_grid_spacer(super::axes::log_spacer())
        .x_grid_spacer(super::axes::x_spacer())
        .custom_x_axes(vec![super::axes::count_x_axis("i")])
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
                    CHANNEL_COLORS[index]
                } else {
                    SIGMA_COLOR
                };
                plot_ui.line(Line::new(name, points).width(1.5).color(colour));
            }
            if let Some(threshold) = threshold {
                plot_ui.hline(
                    HLine::new("Gavish–Donoho noise level", threshold.log10())
                        .color(THRESHOLD_COLOR)
                        .style(LineStyle::dashed_loose()),
                );
            }
            mark_rank_and_read_click(plot_ui, rank, rank_colour)
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
        // The toggle first: a narrow column shortens the title, not the control.
        if decomposition.is_image {
            ui.checkbox(show_psnr, "PSNR");
        }
        ui.add(
            egui::Label::new(
                egui::RichText::new(if *show_psnr {
                    "PSNR of A_k (dB)"
                } else {
                    "Error and energy vs rank k"
                })
                .strong(),
            )
            .truncate(),
        );
    });
    let max = decomposition.max_rank();
    let psnr = *show_psnr && decomposition.is_image;
    let (m, n) = decomposition.shape();
    let break_even = crate::analysis::break_even_rank(m, n);
    let mut legend = if psnr {
        vec![(SIGMA_COLOR, false, "PSNR (dB)".to_owned())]
    } else {
        vec![
            (SIGMA_COLOR, false, "‖A − A_k‖_F / ‖A‖_F".to_owned()),
            (ENERGY_COLOR, false, "energy kept".to_owned()),
        ]
    };
    let rank_colour = rank_color(ui);
    legend.push((rank_colour, false, "k".to_owned()));
    let show_break_even = break_even < max;
    if show_break_even {
        legend.push((BREAK_EVEN_COLOR, true, format!("break-even {break_even}")));
    }
    let top = ui.cursor().top();
    legend_ui(ui, &legend);
    let used = ui.cursor().top() - top;
    let response = Plot::new("error curve")
        .width(size.x)
        .height((size.y - 24.0 - used).max(80.0))
        .x_grid_spacer(super::axes::x_spacer())
        .custom_x_axes(vec![super::axes::count_x_axis("k")])
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
            if show_break_even {
                // Beyond this k the factors store more numbers than A itself.
                #[allow(clippy::cast_precision_loss)]
                plot_ui.vline(
                    VLine::new(format!("break-even k = {break_even}"), break_even as f64)
                        .color(BREAK_EVEN_COLOR)
                        .style(LineStyle::dashed_loose()),
                );
            }
            mark_rank_and_read_click(plot_ui, rank, rank_colour)
        });
    clicked_rank(response.inner, max)
}

#[cfg(test)]
mod tests {
    use super::{CHANNEL_COLORS, THRESHOLD_COLOR};

    /// sRGB → what a dichromat sees (Machado, Oliveira & Fernandes 2009, severity 1), in
    /// sRGB again.
    fn simulated(matrix: [[f64; 3]; 3], colour: egui::Color32) -> [f64; 3] {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let encoded = |c: f64| {
            let c = c.clamp(0.0, 1.0);
            255.0
                * if c <= 0.003_130_8 {
                    c * 12.92
                } else {
                    1.055 * c.powf(1.0 / 2.4) - 0.055
                }
        };
        let rgb = [linear(colour.r()), linear(colour.g()), linear(colour.b())];
        matrix.map(|row| encoded(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]))
    }

    #[test]
    fn the_marks_that_were_all_red_stay_apart_for_colour_blind_eyes() {
        const PROTAN: [[f64; 3]; 3] = [
            [0.152_286, 1.052_583, -0.204_868],
            [0.114_503, 0.786_281, 0.099_216],
            [-0.003_882, -0.048_116, 1.051_998],
        ];
        const DEUTAN: [[f64; 3]; 3] = [
            [0.367_322, 0.860_646, -0.227_968],
            [0.280_085, 0.672_501, 0.047_413],
            [-0.011_820, 0.042_940, 0.968_881],
        ];
        const TRITAN: [[f64; 3]; 3] = [
            [1.255_528, -0.076_749, -0.178_779],
            [-0.078_411, 0.930_809, 0.147_602],
            [0.004_733, 0.691_367, 0.303_900],
        ];
        // The k line is the theme's strongest text colour: white-ish or black-ish.
        for rank in [
            egui::Visuals::dark().strong_text_color(),
            egui::Visuals::light().strong_text_color(),
        ] {
            let marks = [
                ("threshold", THRESHOLD_COLOR),
                ("k line", rank),
                ("r channel", CHANNEL_COLORS[0]),
            ];
            for (vision, matrix) in [("protan", PROTAN), ("deutan", DEUTAN), ("tritan", TRITAN)] {
                for (i, (a, first)) in marks.iter().enumerate() {
                    for (b, second) in &marks[i + 1..] {
                        let [x, y] = [simulated(matrix, *first), simulated(matrix, *second)];
                        let distance = x
                            .iter()
                            .zip(&y)
                            .map(|(p, q)| (p - q).powi(2))
                            .sum::<f64>()
                            .sqrt();
                        // 60 of 441: clearly different hues (the old k line and r channel
                        // were 28–37 apart).
                        assert!(distance > 60.0, "{a} vs {b} for {vision}: {distance:.0}");
                    }
                }
            }
        }
    }
}
