//! The denoising demo: a noise slider, the clean, noisy and rank-k pictures, and one plot
//! with the error of N_k against the clean matrix (it has a minimum) and against the noisy
//! one (Eckart–Young: it only falls), marked at the best k, the Gavish–Donoho ranks and k.

use super::axes::{log_spacer, log_tick};
use crate::app::decomposition::Decomposition;
use crate::app::denoise::{DenoiseDemo, DenoiseTextures, DenoiseView, PlottedCurves};
use crate::app::{Command, MainView};
use crate::figure::FigureKind;
use egui_plot::{
    AxisHints, HoverPosition, Line, LineStyle, MarkerShape, Plot, PlotPoints, Points, VLine,
};

// Okabe & Ito's colour-blind-safe palette, as the curves panel uses: the two curves are
// vermillion and blue (apart under protan, deutan and tritan vision), the best k bluish
// green, the Gavish–Donoho ranks reddish purple (σ_n known, dashed) and orange (unknown,
// dotted); k is the theme's strongest text colour, as elsewhere.
const CLEAN_COLOR: egui::Color32 = egui::Color32::from_rgb(213, 94, 0);
const NOISY_COLOR: egui::Color32 = egui::Color32::from_rgb(0, 114, 178);
const BEST_COLOR: egui::Color32 = egui::Color32::from_rgb(0, 158, 115);
const KNOWN_COLOR: egui::Color32 = egui::Color32::from_rgb(204, 121, 167);
const UNKNOWN_COLOR: egui::Color32 = egui::Color32::from_rgb(230, 159, 0);

/// Highest noise level on the slider: σ_n = half the pixel range already buries a photo.
const MAX_NOISE_LEVEL: f64 = 0.5;

#[allow(clippy::cast_precision_loss)]
fn log_k(k: usize) -> f64 {
    (k.max(1) as f64).log10()
}

fn percent(value: f64) -> String {
    format!("{:.1} %", 100.0 * value)
}

/// The view: the explanation, the noise slider, k, the pictures and the plot.
/// `view`'s experiment on `decomposition` at rank `rank` (`computing` while its job runs);
/// rank changes and Back are queued as commands.
pub(super) fn show(
    ui: &mut egui::Ui,
    view: &mut DenoiseView,
    decomposition: &Decomposition,
    rank: usize,
    computing: bool,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        if ui.button("← Back to the matrix").clicked() {
            commands.push(Command::ShowMain(MainView::Matrix));
        }
        ui.heading("Denoising: which rank removes the noise?");
        ui.menu_button("Save figure…", |ui| {
            crate::app::figures::formats_ui(ui, FigureKind::Denoise, commands);
        })
        .response
        .on_hover_text(
            "the plot below as SVG or PNG at the current k, or its numbers as CSV \
             (as rankscope denoise --figure)",
        );
    });
    ui.label(
        "Noise is added to the picture, and A_k is taken of the noisy picture N. Against N \
         itself the error only falls as k grows (Eckart–Young): the last layers copy the \
         noise too. Against the clean picture C it falls, then rises again: the best k keeps \
         the picture and leaves the noise. The Gavish–Donoho threshold finds that k from the \
         noisy σ alone, without seeing C — that is what it is for.",
    );
    noise_controls_ui(ui, view, decomposition, computing);
    let same_matrix = view
        .demo
        .as_ref()
        .is_some_and(|d| d.key.label == decomposition.label);
    if !same_matrix {
        ui.centered_and_justified(|ui| {
            ui.label("Adding noise and computing the SVD of the noisy matrix…");
        });
        return;
    }
    let new_rank = {
        let Some(demo) = view.demo.as_mut() else {
            return;
        };
        let k = rank.min(demo.curves.max_rank());
        demo.preview.set_rank(k);
        let textures = view
            .textures
            .get_or_insert_with(|| DenoiseTextures::new(ui.ctx(), demo));
        textures.update(demo);
        let from_buttons = rank_ui(ui, demo, k);
        pictures_ui(ui, demo, textures, k);
        let (from_plot, plotted) = plot_ui(ui, demo, k);
        view.plotted = Some(plotted);
        from_buttons.or(from_plot)
    };
    if let Some(rank) = new_rank {
        commands.push(Command::SetRank(rank));
        ui.ctx().request_repaint();
    }
}

/// The noise slider and what the level means.
fn noise_controls_ui(
    ui: &mut egui::Ui,
    view: &mut DenoiseView,
    decomposition: &Decomposition,
    computing: bool,
) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Noise σ_n =");
        let slider = egui::Slider::new(&mut view.noise_level, 0.0..=MAX_NOISE_LEVEL)
            .step_by(0.01)
            .fixed_decimals(2)
            .clamping(egui::SliderClamping::Always);
        ui.add(slider)
            .labelled_by(label.id)
            .on_hover_text("Gaussian noise, the same seed every time (recomputed on a worker)");
        let level = view.noise_level;
        if decomposition.is_image {
            ui.label(format!(
                "× the pixel range ({:.0} of 255 grey levels)",
                level * 255.0
            ));
        } else {
            ui.label("× the range max − min of the entries");
        }
        if let Some(demo) = view.demo.as_ref() {
            let mut notes = Vec::new();
            if demo.from_colour {
                notes.push("on the photo's luminance (luma)".to_owned());
            }
            if let Some((m, n)) = demo.shrunk_from {
                let (p, q) = demo.curves.shape;
                notes.push(format!("pooled from {m} × {n} to {p} × {q} for the demo"));
            }
            if !notes.is_empty() {
                ui.weak(format!("· {}", notes.join(" · ")));
            }
        }
        if computing {
            ui.weak("· computing…");
        }
    });
}

/// The rank slider over the demo's ranks (through the one rank path) and the numbers at
/// the marks; returns a rank the user chose.
fn rank_ui(ui: &mut egui::Ui, demo: &DenoiseDemo, k: usize) -> Option<usize> {
    let curves = &demo.curves;
    let max = curves.max_rank();
    let mut chosen = None;
    ui.horizontal(|ui| {
        let mut rank = k;
        ui.spacing_mut().slider_width = (ui.available_width() - 140.0).clamp(80.0, 900.0);
        let response = ui.add(
            egui::Slider::new(&mut rank, 0..=max)
                .text("Rank k")
                .logarithmic(max >= 64)
                .clamping(egui::SliderClamping::Always)
                .smart_aim(false),
        );
        if response.changed() {
            chosen = Some(rank);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut egui::Ui, text: String, rank: usize, why: &str| {
            if ui.button(text).on_hover_text(why).clicked() {
                chosen = Some(rank);
            }
        };
        let best = curves.best_rank();
        button(
            ui,
            format!("best k = {best}: {}", percent(curves.error_vs_clean[best])),
            best,
            "the k with the least error against the clean picture (only known because C is)",
        );
        if let Some(known) = curves.known_noise_rank() {
            button(
                ui,
                format!(
                    "Gavish–Donoho, σ_n known: k = {known}: {}",
                    percent(curves.error_vs_clean[known])
                ),
                known,
                "keep σᵢ > λ*(β)·√n·σ_n (Gavish & Donoho 2014)",
            );
        }
        if let Some(unknown) = curves.unknown_noise_rank() {
            button(
                ui,
                format!(
                    "σ_n unknown: k = {unknown}: {}",
                    percent(curves.error_vs_clean[unknown])
                ),
                unknown,
                "keep σᵢ > ω(β)·median σ: the noise level estimated from the noisy σ",
            );
        }
        ui.label(format!(
            "full rank (N itself): {}",
            percent(curves.error_vs_clean[max])
        ));
    });
    chosen
}

/// Clean, noisy and N_k side by side, as large as a third of the width and 40 % of the
/// height allow.
fn pictures_ui(ui: &mut egui::Ui, demo: &DenoiseDemo, textures: &DenoiseTextures, k: usize) {
    let (rows, cols) = demo.clean.dim();
    #[allow(clippy::cast_precision_loss)]
    let aspect = cols as f32 / rows.max(1) as f32;
    let spacing = ui.spacing().item_spacing.x;
    let title_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let width_each = ((ui.available_width() - 2.0 * spacing) / 3.0).max(60.0);
    let height = (ui.available_height() * 0.42 - title_height)
        .min(width_each / aspect)
        .max(40.0);
    let size = egui::vec2(height * aspect, height);
    let error = demo.curves.error_vs_clean[k];
    let titles = [
        "Clean C".to_owned(),
        format!("Noisy N = C + noise (σ_n = {:.3})", demo.noise_sigma),
        format!("N_k, k = {k}: {} from C", percent(error)),
    ];
    let pictures = [&textures.clean, &textures.noisy, &textures.approximation];
    ui.horizontal_top(|ui| {
        for (title, texture) in titles.iter().zip(pictures) {
            ui.vertical(|ui| {
                ui.set_max_width(size.x.max(width_each));
                ui.add(egui::Label::new(egui::RichText::new(title).strong()).truncate());
                ui.add(egui::Image::new((texture.id(), size)));
            });
        }
    });
}

/// Both curves against k (log scale) with the marks; returns a clicked rank and what was
/// drawn.
fn plot_ui(ui: &mut egui::Ui, demo: &DenoiseDemo, k: usize) -> (Option<usize>, PlottedCurves) {
    let curves = &demo.curves;
    let max = curves.max_rank();
    let percent_points = |values: &[f64]| -> Vec<[f64; 2]> {
        (1..=max).map(|k| [log_k(k), 100.0 * values[k]]).collect()
    };
    let mut plotted = PlottedCurves {
        clean: percent_points(&curves.error_vs_clean),
        noisy: percent_points(&curves.error_vs_noisy),
        markers: Vec::new(),
    };
    let marks = marks_of(curves, k, ui.visuals().strong_text_color());
    plotted.markers = marks
        .iter()
        .map(|(name, rank, ..)| (name.clone(), log_k(*rank)))
        .collect();
    legend_ui(ui, &marks);
    let response = Plot::new("denoise curves")
        .height(ui.available_height().max(120.0))
        .x_grid_spacer(log_spacer())
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label("rank k (log scale)")
                .formatter(|mark, _| log_tick(mark)),
        ])
        .custom_y_axes(vec![AxisHints::new_y().label("error (%)")])
        .include_y(0.0)
        .allow_scroll(false)
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\nk = {:.0}: {:.2} %",
                10f64.powf(position.x).round(),
                position.y
            )),
            HoverPosition::Elsewhere { position } => {
                Some(format!("k = {:.0}", 10f64.powf(position.x).round()))
            }
        })
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new("error vs clean C", PlotPoints::from(plotted.clean.clone()))
                    .width(2.0)
                    .color(CLEAN_COLOR),
            );
            plot_ui.line(
                Line::new("error vs noisy N", PlotPoints::from(plotted.noisy.clone()))
                    .width(2.0)
                    .color(NOISY_COLOR),
            );
            // The minimum itself, as a dot on the clean curve: seen even where a rank line
            // lies on the best k's.
            let best = curves.best_rank();
            plot_ui.points(
                Points::new(
                    format!("best k = {best}"),
                    vec![[log_k(best), 100.0 * curves.error_vs_clean[best]]],
                )
                .radius(6.0)
                .shape(MarkerShape::Circle)
                .filled(true)
                .color(BEST_COLOR),
            );
            for (name, rank, colour, style, width) in marks.iter().rev() {
                plot_ui.vline(
                    VLine::new(format!("{name} = {rank}"), log_k(*rank))
                        .color(*colour)
                        .style(*style)
                        .width(*width),
                );
            }
            if plot_ui.response().clicked() {
                plot_ui.pointer_coordinate().map(|p| p.x)
            } else {
                None
            }
        });
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [1, r]
    let clicked = response
        .inner
        .map(|x| 10f64.powf(x).round().clamp(1.0, max as f64) as usize);
    (clicked, plotted)
}

/// A rank line on the plot: name, k, colour, style, width.
type Mark = (String, usize, egui::Color32, LineStyle, f32);

/// The best k, the Gavish–Donoho ranks and k, in drawing order from the top.
fn marks_of(
    curves: &crate::analysis::denoise::DenoiseCurves,
    k: usize,
    rank_colour: egui::Color32,
) -> Vec<Mark> {
    let mut marks = vec![(
        "best k".to_owned(),
        curves.best_rank(),
        BEST_COLOR,
        LineStyle::Solid,
        2.5,
    )];
    if let Some(known) = curves.known_noise_rank() {
        marks.push((
            "G–D, σ_n known".to_owned(),
            known,
            KNOWN_COLOR,
            LineStyle::dashed_loose(),
            2.0,
        ));
    }
    if let Some(unknown) = curves.unknown_noise_rank() {
        marks.push((
            "G–D, σ_n unknown".to_owned(),
            unknown,
            UNKNOWN_COLOR,
            LineStyle::dotted_loose(),
            2.0,
        ));
    }
    marks.push(("k".to_owned(), k, rank_colour, LineStyle::Solid, 1.5));
    marks
}

/// The legend above the plot, as the other plots have it: each curve and mark in its
/// colour, with its formula or k.
fn legend_ui(ui: &mut egui::Ui, marks: &[Mark]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(12.0, 2.0);
        let entry = |ui: &mut egui::Ui, colour: egui::Color32, text: String| {
            ui.label(egui::RichText::new(format!("━ {text}")).color(colour));
        };
        entry(
            ui,
            CLEAN_COLOR,
            "error vs clean C: ‖C − N_k‖_F / ‖C‖_F".to_owned(),
        );
        entry(
            ui,
            NOISY_COLOR,
            "error vs noisy N: ‖N − N_k‖_F / ‖N‖_F".to_owned(),
        );
        for (name, rank, colour, ..) in marks {
            entry(ui, *colour, format!("{name} = {rank}"));
        }
    });
}
