//! The geometry view: a 2 × 2 matrix as a map of the plane. The unit circle and a letter go
//! through Vᵀ (rotate or reflect), Σ (stretch along the axes) and U (rotate), step by step,
//! ending on A's own image; beside it the derivation with the live numbers.

use crate::analysis::plane::{Mat2, PlaneSvd, apply, unit_circle};
use crate::app::geometry::GeometryView;
use egui_plot::{Arrows, Line, LineStyle, Plot, PlotPoint, PlotPoints, Points, Text};

/// The letter F (it shows a reflection at a glance), as strokes inside the unit disc.
const LETTER_F: [[[f64; 2]; 2]; 3] = [
    [[-0.25, -0.5], [-0.25, 0.5]],
    [[-0.25, 0.5], [0.3, 0.5]],
    [[-0.25, 0.05], [0.15, 0.05]],
];

/// What each step does, for the line under the step slider.
fn step_caption(step: f64) -> &'static str {
    if step <= 0.0 {
        "the unit circle and the letter F, before A acts"
    } else if step <= 1.0 {
        "Vᵀ: rotates (or reflects) the plane so that v₁, v₂ lie on the axes"
    } else if step <= 2.0 {
        "Σ: stretches along the axes, by σ₁ and σ₂"
    } else if step < 3.0 {
        "U: rotates the axes onto u₁, u₂"
    } else {
        "A = U Σ Vᵀ: the circle's image is an ellipse with semi-axes σ₁u₁ and σ₂u₂"
    }
}

pub(super) fn show(view: &mut GeometryView, ui: &mut egui::Ui) {
    let now = ui.input(|i| i.time);
    if view.advance(now) {
        ui.ctx().request_repaint();
    }
    controls(view, ui, now);
    ui.separator();
    let svd = view.svd();
    let numbers_width = 380.0_f32.min(ui.available_width() * 0.42);
    ui.horizontal_top(|ui| {
        let plot_side = (ui.available_width() - numbers_width - 12.0)
            .min(ui.available_height())
            .max(200.0);
        ui.vertical(|ui| {
            ui.set_width(plot_side);
            plane_plot(view, &svd, ui, plot_side);
        });
        ui.vertical(|ui| numbers(&svd, view.step, ui));
    });
}

/// One entry of the typed matrix: dragged or typed, named for screen readers (`a₁₂`).
pub(super) fn matrix_entry(ui: &mut egui::Ui, value: &mut f64, name: &str) {
    let response = ui
        .add(egui::DragValue::new(value).speed(0.02).fixed_decimals(2))
        .on_hover_text(format!("{name}: drag or type"));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::SpinButton, true, name));
}

/// The step slider from the start through Vᵀ, Σ and U (0 to 3), read as the step and its %.
pub(super) fn step_slider(ui: &mut egui::Ui, step: &mut f64) {
    ui.add(
        egui::Slider::new(step, 0.0..=3.0)
            .text("step")
            .custom_formatter(|step, _| match step {
                s if s <= 0.0 => "start".to_owned(),
                s if s <= 1.0 => format!("Vᵀ {:.0} %", 100.0 * s),
                s if s <= 2.0 => format!("Σ {:.0} %", 100.0 * (s - 1.0)),
                s => format!("U {:.0} %", 100.0 * (s - 2.0)),
            }),
    );
}

/// The matrix entries, the step slider, Play and the rank-1 button.
fn controls(view: &mut GeometryView, ui: &mut egui::Ui, now: f64) {
    ui.horizontal_wrapped(|ui| {
        ui.label("A =");
        egui::Grid::new("geometry matrix").show(ui, |ui| {
            for row in 0..2 {
                for col in 0..2 {
                    let name = format!("a{}{}", ["₁", "₂"][row], ["₁", "₂"][col]);
                    matrix_entry(ui, &mut view.matrix[row][col], &name);
                }
                ui.end_row();
            }
        });
        ui.separator();
        if ui
            .button("▶ Play")
            .on_hover_text("Vᵀ, then Σ, then U, from the unit circle to A's image")
            .clicked()
        {
            view.play(now);
        }
        step_slider(ui, &mut view.step);
        if ui
            .button("σ₂ → 0")
            .on_hover_text("replace A by σ₁u₁v₁ᵀ, its best rank-1 approximation")
            .clicked()
        {
            view.drop_second_singular_value();
        }
        ui.checkbox(&mut view.show_rank_one, "best rank-1 line");
    });
    ui.label(egui::RichText::new(step_caption(view.step)).strong());
}

fn polyline(points: impl IntoIterator<Item = [f64; 2]>) -> PlotPoints<'static> {
    PlotPoints::new(points.into_iter().collect())
}

#[allow(clippy::too_many_lines)] // one plot: the picture, the vectors, the columns
/// The plane: the picture at the current step, the singular vectors, A's columns (the
/// images of e₁ and e₂, draggable at the last step).
fn plane_plot(view: &mut GeometryView, svd: &PlaneSvd, ui: &mut egui::Ui, side: f32) {
    let m = svd.at_step(view.step);
    let reach = svd.sigma[0].max(1.0) * 1.15;
    let dark = ui.visuals().dark_mode;
    let ink = if dark {
        egui::Color32::from_gray(220)
    } else {
        egui::Color32::from_gray(30)
    };
    let (blue, orange, green) = (
        egui::Color32::from_rgb(0, 114, 178),
        egui::Color32::from_rgb(230, 159, 0),
        egui::Color32::from_rgb(0, 158, 115),
    );
    let at_end = view.step >= 3.0;
    let response = Plot::new("geometry plane")
        .width(side)
        .height(side)
        .data_aspect(1.0)
        .include_x(-reach)
        .include_x(reach)
        .include_y(-reach)
        .include_y(reach)
        .allow_drag(false)
        .x_grid_spacer(super::axes::x_spacer())
        .y_grid_spacer(super::axes::y_spacer())
        .x_axis_formatter(|mark, _| super::axes::integer_tick(mark))
        .y_axis_formatter(|mark, _| super::axes::integer_tick(mark))
        .show(ui, |plot_ui| {
            plot_ui.line(
                Line::new("unit circle", polyline(unit_circle(128)))
                    .color(ink.gamma_multiply(0.35))
                    .style(LineStyle::dashed_dense()),
            );
            plot_ui.line(
                Line::new(
                    "image of the circle",
                    polyline(unit_circle(256).into_iter().map(|p| apply(m, p))),
                )
                .color(ink)
                .width(2.0),
            );
            for stroke in LETTER_F {
                plot_ui.line(
                    Line::new("letter F", polyline(stroke.map(|p| apply(m, p))))
                        .color(orange)
                        .width(3.0),
                );
            }
            // v₁, v₂ carried along: at the end they are σ₁u₁ and σ₂u₂.
            let names = if at_end {
                ["σ₁u₁", "σ₂u₂"]
            } else {
                ["v₁", "v₂"]
            };
            for (i, name) in names.into_iter().enumerate() {
                let tip = apply(m, svd.v(i));
                plot_ui.arrows(
                    Arrows::new(name, polyline([[0.0, 0.0]]), polyline([tip]))
                        .color(blue)
                        .tip_length(12.0),
                );
                plot_ui.text(Text::new(
                    names[i],
                    PlotPoint::new(tip[0] * 1.08, tip[1] * 1.08),
                    egui::RichText::new(names[i]).size(18.0).color(blue),
                ));
            }
            if view.show_rank_one {
                let r1 = svd.rank_one();
                let ends = [
                    apply(r1, svd.v(0)),
                    apply(r1, [-svd.vt[0][0], -svd.vt[0][1]]),
                ];
                plot_ui.line(
                    Line::new("σ₁u₁v₁ᵀ (best rank 1)", polyline(ends))
                        .color(green)
                        .width(3.0)
                        .style(LineStyle::dashed_loose()),
                );
            }
            if at_end {
                let columns = [
                    [view.matrix[0][0], view.matrix[1][0]],
                    [view.matrix[0][1], view.matrix[1][1]],
                ];
                plot_ui.points(
                    Points::new("A e₁, A e₂ (drag)", polyline(columns))
                        .radius(6.0)
                        .color(green),
                );
                for (i, column) in columns.iter().enumerate() {
                    plot_ui.text(Text::new(
                        "columns",
                        PlotPoint::new(column[0], column[1] - 0.12 * reach),
                        egui::RichText::new(["Ae₁", "Ae₂"][i])
                            .size(15.0)
                            .color(green),
                    ));
                }
                drag_columns(view, plot_ui, columns, reach);
            }
        });
    response.response.on_hover_text(
        "At the last step, drag the green points (the images of e₁ and e₂, A's columns) \
         to change A",
    );
}

/// Dragging A's columns at the last step.
fn drag_columns(
    view: &mut GeometryView,
    plot_ui: &egui_plot::PlotUi<'_>,
    columns: [[f64; 2]; 2],
    reach: f64,
) {
    let response = plot_ui.response();
    let Some(pointer) = plot_ui.pointer_coordinate() else {
        return;
    };
    if response.drag_started() {
        view.dragging = columns
            .iter()
            .position(|c| (c[0] - pointer.x).hypot(c[1] - pointer.y) < 0.08 * reach);
    }
    if let Some(i) = view.dragging {
        if response.dragged() {
            view.matrix[0][i] = pointer.x;
            view.matrix[1][i] = pointer.y;
        }
        if response.drag_stopped() {
            view.dragging = None;
        }
    }
}

fn matrix_text(m: Mat2) -> String {
    format!(
        "⎡{:>7.3} {:>7.3}⎤\n⎣{:>7.3} {:>7.3}⎦",
        m[0][0], m[0][1], m[1][0], m[1][1]
    )
}

/// The derivation with the live numbers.
fn numbers(svd: &PlaneSvd, step: f64, ui: &mut egui::Ui) {
    let mono = |ui: &mut egui::Ui, text: String| {
        ui.label(egui::RichText::new(text).monospace().size(15.0));
    };
    ui.heading("A = U Σ Vᵀ");
    egui::Grid::new("geometry factors")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for name in ["A", "U (rotate)", "Σ (stretch)", "Vᵀ"] {
                ui.strong(name);
            }
            ui.end_row();
            mono(ui, matrix_text(svd.a));
            mono(ui, matrix_text(svd.u));
            mono(ui, matrix_text([[svd.sigma[0], 0.0], [0.0, svd.sigma[1]]]));
            mono(ui, matrix_text(svd.vt));
            ui.end_row();
        });
    ui.add_space(6.0);
    ui.strong("Where the numbers come from");
    let gram = svd.gram();
    let lambda = svd.eigenvalues();
    mono(ui, format!("AᵀA =\n{}", matrix_text(gram)));
    ui.label(egui::RichText::new("AᵀA = V Σ² Vᵀ: its eigenvectors are v₁, v₂").size(15.0));
    mono(
        ui,
        format!(
            "λ₁ = {:.4}   σ₁ = √λ₁ = {:.4}\nλ₂ = {:.4}   σ₂ = √λ₂ = {:.4}",
            lambda[0], svd.sigma[0], lambda[1], svd.sigma[1]
        ),
    );
    ui.label(egui::RichText::new("uᵢ = A vᵢ / σᵢ (the images of vᵢ, made unit length)").size(15.0));
    ui.add_space(6.0);
    let det = svd.determinant();
    let reflects = if det < 0.0 {
        " (< 0: A reflects; here Vᵀ does)"
    } else {
        ""
    };
    mono(ui, format!("det A = {det:.4} = ±σ₁σ₂{reflects}"));
    let condition = svd.condition_number();
    mono(
        ui,
        if condition.is_finite() {
            format!("σ₁/σ₂ = {condition:.3} (condition number)")
        } else {
            "σ₂ = 0: rank 1, the circle collapses to a segment".to_owned()
        },
    );
    ui.label(
        egui::RichText::new(format!(
            "best rank-1 error ‖A − σ₁u₁v₁ᵀ‖_F = σ₂ = {:.4}",
            svd.sigma[1]
        ))
        .size(15.0),
    );
    if step < 3.0 {
        ui.label(
            egui::RichText::new("Drag the step slider or press Play to see each factor act.")
                .weak(),
        );
    }
}
