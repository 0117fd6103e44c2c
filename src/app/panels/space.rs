//! The geometry view of a 3 × 2 or 2 × 3 matrix: a map between the plane and space, drawn
//! in a fixed oblique projection of ℝ³ with the plane as its floor z = 0. A 3 × 2 carries
//! the unit circle to an ellipse in a tilted plane; a 2 × 3 flattens the unit sphere onto a
//! filled ellipse in the plane. The steps Vᵀ, Σ, U as for 2 × 2.

use crate::analysis::space::{Mat3, SpaceMatrix, SpaceSvd, apply3, sphere_wireframe};
use crate::app::geometry::GeometryView;
use egui_plot::{Arrows, Line, LineStyle, Plot, PlotPoint, PlotPoints, Polygon, Text};

/// The letter F on the floor (as in the 2 × 2 view): it shows a reflection at a glance.
const LETTER_F: [[[f64; 3]; 2]; 3] = [
    [[-0.25, -0.5, 0.0], [-0.25, 0.5, 0.0]],
    [[-0.25, 0.5, 0.0], [0.3, 0.5, 0.0]],
    [[-0.25, 0.05, 0.0], [0.15, 0.05, 0.0]],
];

/// Cabinet projection: x to the right, y up, z towards the viewer drawn down-right at half
/// length, so the floor (the plane ℝ²) is seen face-on and undistorted. (Down-right rather
/// than the usual down-left: a vector like (1, 1, 2), common in class examples, would
/// otherwise be drawn almost as a point.)
fn project(p: [f64; 3]) -> [f64; 2] {
    let depth = 0.5 * std::f64::consts::FRAC_1_SQRT_2;
    [p[0] + depth * p[2], p[1] - depth * p[2]]
}

fn projected(points: impl IntoIterator<Item = [f64; 3]>) -> PlotPoints<'static> {
    PlotPoints::new(points.into_iter().map(project).collect())
}

fn step_caption(matrix: &SpaceMatrix, step: f64) -> &'static str {
    let tall = matches!(matrix, SpaceMatrix::Tall(_));
    match (tall, step) {
        (true, s) if s <= 0.0 => "the unit circle and the letter F in the plane, before A acts",
        (true, s) if s <= 1.0 => {
            "Vᵀ: rotates (or reflects) the plane so that v₁, v₂ lie on the axes"
        }
        (true, s) if s <= 2.0 => "Σ: stretches along the axes, by σ₁ and σ₂",
        (true, s) if s < 3.0 => "U: turns the stretched plane up into space, onto u₁, u₂",
        (true, _) => {
            "A = U Σ Vᵀ: the circle's image is an ellipse in a plane of ℝ³, semi-axes σ₁u₁, σ₂u₂"
        }
        (false, s) if s <= 0.0 => "the unit sphere of ℝ³, before A acts",
        (false, s) if s <= 1.0 => "Vᵀ: turns space so that v₁, v₂, v₃ lie on the axes",
        (false, s) if s <= 2.0 => {
            "Σ: stretches x by σ₁ and y by σ₂, and squashes z (v₃, the null space) to 0"
        }
        (false, s) if s < 3.0 => "U: rotates (or reflects) the plane onto u₁, u₂",
        (false, _) => {
            "A = U Σ Vᵀ: the sphere's image is a filled ellipse in the plane, semi-axes σ₁u₁, σ₂u₂"
        }
    }
}

/// The view of `view.space` (the caller checks there is one).
pub(super) fn show(view: &mut GeometryView, ui: &mut egui::Ui) {
    let Some(mut matrix) = view.space else {
        return;
    };
    let now = ui.input(|i| i.time);
    if view.advance(now) {
        ui.ctx().request_repaint();
    }
    controls(view, &mut matrix, ui, now);
    view.space = Some(matrix);
    ui.separator();
    let svd = SpaceSvd::new(matrix);
    let numbers_width = 400.0_f32.min(ui.available_width() * 0.42);
    ui.horizontal_top(|ui| {
        let plot_side = (ui.available_width() - numbers_width - 12.0)
            .min(ui.available_height())
            .max(200.0);
        ui.vertical(|ui| {
            ui.set_width(plot_side);
            scene_plot(view.step, &svd, ui, plot_side);
        });
        ui.vertical(|ui| {
            ui.set_max_width(numbers_width);
            numbers(&svd, ui);
        });
    });
}

/// The entries, Play and the step slider.
fn controls(view: &mut GeometryView, matrix: &mut SpaceMatrix, ui: &mut egui::Ui, now: f64) {
    let (m, n) = matrix.shape();
    let digits = ["₁", "₂", "₃"];
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new("A =").size(18.0));
        egui::Grid::new("space matrix").show(ui, |ui| {
            for row in 0..m {
                for col in 0..n {
                    let name = format!("a{}{}", digits[row], digits[col]);
                    super::geometry::matrix_entry(ui, matrix.entry_mut(row, col), &name);
                }
                ui.end_row();
            }
        });
        ui.separator();
        if ui
            .button("▶ Play")
            .on_hover_text("Vᵀ, then Σ, then U, from the unit circle (or sphere) to A's image")
            .clicked()
        {
            view.play(now);
        }
        super::geometry::step_slider(ui, &mut view.step);
    });
    ui.label(
        egui::RichText::new(step_caption(matrix, view.step))
            .strong()
            .size(16.0),
    );
}

/// The axes of ℝ³, labelled at their positive ends.
fn axes_ui(plot_ui: &mut egui_plot::PlotUi<'_>, reach: f64, ink: egui::Color32) {
    for (axis, name) in ["x", "y", "z"].into_iter().enumerate() {
        let mut end = [0.0; 3];
        end[axis] = reach;
        let start = end.map(|x| -x);
        plot_ui.line(
            Line::new("axes", projected([start, end]))
                .color(ink.gamma_multiply(0.5))
                .width(1.0),
        );
        let label = project(end.map(|x| x * 1.05));
        plot_ui.text(Text::new(
            "axes",
            PlotPoint::new(label[0], label[1]),
            egui::RichText::new(name).size(20.0).color(ink),
        ));
    }
}

/// The scene: axes, the picture at the current step, the singular vectors.
fn scene_plot(step: f64, svd: &SpaceSvd, ui: &mut egui::Ui, side: f32) {
    let m: Mat3 = svd.at_step(step);
    let reach = svd.sigma[0].max(1.0) * 1.2;
    let dark = ui.visuals().dark_mode;
    let ink = if dark {
        egui::Color32::from_gray(220)
    } else {
        egui::Color32::from_gray(30)
    };
    let (blue, orange, purple) = (
        egui::Color32::from_rgb(0, 114, 178),
        egui::Color32::from_rgb(230, 159, 0),
        egui::Color32::from_rgb(204, 121, 167),
    );
    let tall = matches!(svd.matrix, SpaceMatrix::Tall(_));
    let at_end = step >= 3.0;
    Plot::new("geometry space")
        .width(side)
        .height(side)
        .data_aspect(1.0)
        .include_x(-reach)
        .include_x(reach)
        .include_y(-reach)
        .include_y(reach)
        .allow_drag(false)
        .show_axes(false)
        .show_grid(false)
        .show_x(false)
        .show_y(false)
        .show(ui, |plot_ui| {
            axes_ui(plot_ui, reach, ink);
            if tall {
                plot_ui.line(
                    Line::new(
                        "unit circle",
                        projected(
                            crate::analysis::plane::unit_circle(128)
                                .into_iter()
                                .map(|[x, y]| [x, y, 0.0]),
                        ),
                    )
                    .color(ink.gamma_multiply(0.35))
                    .style(LineStyle::dashed_dense()),
                );
                for stroke in LETTER_F {
                    plot_ui.line(
                        Line::new("letter F", projected(stroke.map(|p| apply3(m, p))))
                            .color(orange)
                            .width(3.0),
                    );
                }
            } else {
                for circle in sphere_wireframe(8, 64) {
                    plot_ui.line(
                        Line::new(
                            "unit sphere",
                            projected(circle.into_iter().map(|p| apply3(m, p))),
                        )
                        .color(ink.gamma_multiply(0.3))
                        .width(1.0),
                    );
                }
            }
            let outline = svd.outline(step, 256);
            plot_ui.polygon(
                Polygon::new("image of the circle", projected(outline.clone()))
                    .fill_color(blue.gamma_multiply(if tall || at_end { 0.25 } else { 0.08 }))
                    .stroke(egui::Stroke::new(2.0, ink)),
            );
            let names = if at_end {
                ["σ₁u₁", "σ₂u₂", "v₃ ↦ 0"]
            } else {
                ["v₁", "v₂", "v₃"]
            };
            let vectors = if tall { 2 } else { 3 };
            for (i, name) in names.into_iter().enumerate().take(vectors) {
                let tip = apply3(m, svd.v(i));
                let colour = if i == 2 { purple } else { blue };
                let [x, y] = project(tip);
                if x.hypot(y) > 1e-9 {
                    plot_ui.arrows(
                        Arrows::new(name, projected([[0.0; 3]]), projected([tip]))
                            .color(colour)
                            .tip_length(12.0),
                    );
                }
                let at = project(tip.map(|c| c * 1.1));
                plot_ui.text(Text::new(
                    name,
                    PlotPoint::new(at[0] + 0.02 * reach, at[1] + 0.04 * reach),
                    egui::RichText::new(name).size(18.0).color(colour),
                ));
            }
        })
        .response
        .on_hover_text(
            "ℝ³ in a fixed oblique view: x right, y up, z towards you (drawn down-right); \
             the plane is z = 0",
        );
}

fn matrix_text(rows: &[Vec<f64>]) -> String {
    rows.iter()
        .map(|row| {
            row.iter()
                .map(|x| format!("{x:>7.3}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The factors and where they come from, with the live numbers.
fn numbers(svd: &SpaceSvd, ui: &mut egui::Ui) {
    let mono = |ui: &mut egui::Ui, text: String| {
        ui.label(egui::RichText::new(text).monospace().size(15.0));
    };
    let tall = matches!(svd.matrix, SpaceMatrix::Tall(_));
    let (m, n) = svd.matrix.shape();
    let rows = |matrix: &dyn Fn(usize, usize) -> f64, r: usize, c: usize| -> Vec<Vec<f64>> {
        (0..r)
            .map(|i| (0..c).map(|j| matrix(i, j)).collect())
            .collect()
    };
    ui.heading("A = U Σ Vᵀ");
    ui.horizontal(|ui| {
        ui.strong("A =");
        mono(ui, matrix_text(&rows(&|i, j| svd.matrix.entry(i, j), m, n)));
    });
    // U, Σ and Vᵀ under A: side by side with it they would not fit beside the scene.
    egui::Grid::new("space factors")
        .num_columns(3)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for name in ["U", "Σ", "Vᵀ"] {
                ui.strong(name);
            }
            ui.end_row();
            mono(ui, matrix_text(&rows(&|i, j| svd.u[i][j], m, m)));
            mono(
                ui,
                matrix_text(&rows(&|i, j| if i == j { svd.sigma[i] } else { 0.0 }, m, n)),
            );
            mono(ui, matrix_text(&rows(&|i, j| svd.vt[i][j], n, n)));
            ui.end_row();
        });
    ui.add_space(6.0);
    let text = |ui: &mut egui::Ui, line: &str| {
        ui.label(egui::RichText::new(line).size(15.0));
    };
    if tall {
        text(ui, "AᵀA (2 × 2) = V Σ² Vᵀ: σᵢ = √λᵢ(AᵀA), uᵢ = A vᵢ / σᵢ");
        text(
            ui,
            "u₃ = u₁ × u₂ is normal to the image plane: no x reaches \
             anything off that plane.",
        );
    } else {
        text(ui, "AAᵀ (2 × 2) = U Σ² Uᵀ: σᵢ = √λᵢ(AAᵀ), vᵢ = Aᵀuᵢ / σᵢ");
        text(
            ui,
            "v₃ = v₁ × v₂ spans the null space: A v₃ = 0, so the sphere is \
             flattened along it onto a filled ellipse.",
        );
    }
    mono(
        ui,
        format!(
            "σ₁ = {:.4}   σ₂ = {:.4}   rank {}",
            svd.sigma[0],
            svd.sigma[1],
            svd.rank()
        ),
    );
}
