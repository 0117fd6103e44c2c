//! For the classroom: the first rank-1 layers σᵢ uᵢ vᵢᵀ adding up to A_k, and the
//! Eckart–Young formulas with the current numbers plugged in.

use super::grouped;
use crate::app::decomposition::Decomposition;
use crate::app::layer_vectors::{DrawnVector, LayerVectors, VectorPicture};
use crate::app::textures::{Heatmap, Textures};
use crate::figure::subscript;

/// Captions under the pictures: read from the back of a classroom.
const CAPTION_SIZE: f32 = 20.0;
/// The explanations' text.
const TEXT_SIZE: f32 = 18.0;
/// Thickness of a uᵢ or vᵢ strip (pictures).
const STRIP: f32 = 12.0;
/// Thickness of a uᵢ or vᵢ curve's plot (weights).
const CURVE: f32 = 30.0;

fn image_size(texture: &egui::TextureHandle, side: f32) -> egui::Vec2 {
    let [w, h] = texture.size();
    #[allow(clippy::cast_precision_loss)]
    let scale = side / (w.max(h) as f32);
    #[allow(clippy::cast_precision_loss)]
    egui::vec2(w as f32 * scale, h as f32 * scale)
}

fn thumbnail(ui: &mut egui::Ui, texture: &egui::TextureHandle, caption: &str, side: f32) {
    ui.vertical(|ui| {
        ui.add(egui::Image::new((texture.id(), image_size(texture, side))));
        ui.label(egui::RichText::new(caption).size(CAPTION_SIZE));
    });
}

/// uᵢ (`column`: down the layer's left side, index growing downwards) or vᵢᵀ (along its
/// top) in a `size` rectangle, named for screen readers and tests by what it holds.
fn vector_ui(ui: &mut egui::Ui, vector: &DrawnVector, name: &str, column: bool, size: egui::Vec2) {
    let label = format!("{name}: {}", vector.describe());
    let response = match &vector.picture {
        VectorPicture::Strip(texture) => ui.add(
            egui::Image::new((texture.id(), size))
                .maintain_aspect_ratio(false)
                .alt_text(label.clone()),
        ),
        VectorPicture::Curve(points) => {
            let largest = points
                .iter()
                .fold(f64::EPSILON, |m, [_, value]| m.max(value.abs()));
            #[allow(clippy::cast_precision_loss)]
            let last = vector.entries.saturating_sub(1).max(1) as f64;
            let plotted: Vec<[f64; 2]> = points
                .iter()
                .map(|&[index, value]| {
                    if column {
                        [value, index]
                    } else {
                        [index, value]
                    }
                })
                .collect();
            let (x_bounds, y_bounds) = if column {
                ((-largest, largest), (0.0, last))
            } else {
                ((0.0, last), (-largest, largest))
            };
            let response = egui_plot::Plot::new(("teaching vector", name))
                .width(size.x)
                .height(size.y)
                .show_axes(false)
                .show_grid(false)
                .show_x(false)
                .show_y(false)
                .allow_drag(false)
                .allow_zoom(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .allow_double_click_reset(false)
                .set_margin_fraction(egui::vec2(0.0, 0.0))
                .invert_y(column)
                .default_x_bounds(x_bounds.0, x_bounds.1)
                .default_y_bounds(y_bounds.0, y_bounds.1)
                .show(ui, |plot_ui| {
                    // The zero line: which entries are positive, which negative.
                    let zero = egui::Color32::from_gray(110);
                    if column {
                        plot_ui.vline(egui_plot::VLine::new("0", 0.0).color(zero));
                    } else {
                        plot_ui.hline(egui_plot::HLine::new("0", 0.0).color(zero));
                    }
                    plot_ui.line(
                        egui_plot::Line::new(name, egui_plot::PlotPoints::from(plotted))
                            .width(1.5)
                            .color(egui::Color32::from_rgb(0xd6, 0x27, 0x28)),
                    );
                })
                .response;
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
            response
        }
    };
    response.on_hover_text(if column {
        format!("{label}: one value per row of the layer")
    } else {
        format!("{label}: one value per column of the layer")
    });
}

/// σᵢuᵢvᵢᵀ with uᵢ down its left side and vᵢᵀ along its top: the outer product drawn.
fn layer_ui(
    ui: &mut egui::Ui,
    layer: &Heatmap,
    vectors: Option<&LayerVectors>,
    number: &str,
    side: f32,
) {
    let size = image_size(&layer.texture, side);
    let thickness = match vectors.map(|v| &v.u.picture) {
        Some(VectorPicture::Curve(_)) => CURVE,
        _ => STRIP,
    };
    ui.vertical(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(3.0, 3.0);
        if let Some(vectors) = vectors {
            ui.horizontal(|ui| {
                ui.add_space(thickness + 3.0);
                let name = format!("v{number}ᵀ");
                vector_ui(ui, &vectors.v, &name, false, egui::vec2(size.x, thickness));
            });
        }
        ui.horizontal(|ui| {
            if let Some(vectors) = vectors {
                let name = format!("u{number}");
                vector_ui(ui, &vectors.u, &name, true, egui::vec2(thickness, size.y));
            }
            ui.add(egui::Image::new((layer.texture.id(), size)));
        });
        ui.horizontal(|ui| {
            ui.add_space(thickness + 3.0);
            ui.label(
                egui::RichText::new(format!("σ{number}u{number}v{number}ᵀ")).size(CAPTION_SIZE),
            );
        });
    });
}

pub(super) fn show(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    textures: &Textures,
    rank: usize,
) {
    // A short lower half scrolls rather than cutting the formulas off.
    egui::ScrollArea::vertical()
        .id_salt("teaching")
        .auto_shrink([false, true])
        .show(ui, |ui| teaching_ui(ui, decomposition, textures, rank));
}

fn teaching_ui(ui: &mut egui::Ui, decomposition: &Decomposition, textures: &Textures, rank: usize) {
    let curves = !decomposition.is_image;
    let gutter = 3.0 + if curves { CURVE } else { STRIP };
    // Six layers with their uᵢ beside them, the result at 1.3×, and room for the large
    // "+ … (n more) =" text between them.
    let side = ((ui.available_width() - 420.0 - 6.0 * gutter) / 7.3).clamp(40.0, 160.0);
    ui.horizontal(|ui| {
        let subscripts = ["₁", "₂", "₃", "₄", "₅", "₆"];
        // Exactly the layers in A_k: the first six of them when k is larger.
        for (i, layer) in textures.layers.iter().take(rank).enumerate() {
            if i > 0 {
                ui.label(egui::RichText::new("+").size(CAPTION_SIZE + 4.0));
            }
            layer_ui(ui, layer, textures.vectors.get(i), subscripts[i], side);
        }
        if rank == 0 {
            ui.label(egui::RichText::new("(no layer: A₀ = 0)").size(CAPTION_SIZE));
        }
        if rank > textures.layers.len() {
            ui.label(
                egui::RichText::new(format!("+ … ({} more)", rank - textures.layers.len()))
                    .size(CAPTION_SIZE),
            );
        }
        ui.label(egui::RichText::new("=").size(CAPTION_SIZE + 4.0));
        thumbnail(
            ui,
            &textures.approximation.texture,
            &format!("A_k, k = {rank}"),
            side * 1.3,
        );
    });
    let reading = match (curves, decomposition.is_colour()) {
        (true, _) => {
            "Left: uᵢ, a value per row. Above: vᵢᵀ, a value per column. Layer = σᵢ uᵢ vᵢᵀ, \
             their outer product (blue < 0 < red)."
        }
        (false, false) => {
            "Left: uᵢ, a pixel per row. Above: vᵢᵀ, a pixel per column. Layer = σᵢ uᵢ vᵢᵀ, \
             their outer product (blue < 0 < red)."
        }
        (false, true) => {
            "Left: uᵢ, a pixel per row. Above: vᵢᵀ, a pixel per column. Layer = σᵢ uᵢ vᵢᵀ, \
             their outer product, channel by channel (0 = mid-gray)."
        }
    };
    for line in [
        reading,
        "Why sorted: the SVD lists σ₁ ≥ σ₂ ≥ … ≥ 0, so A_k holds the k strongest layers \
         and every next layer matters less.",
        "Why orthogonal: uᵢ ⊥ uⱼ and vᵢ ⊥ vⱼ, so no layer repeats another and their \
         energies add up: ‖A‖_F² = σ₁² + σ₂² + …",
    ] {
        ui.label(egui::RichText::new(line).size(TEXT_SIZE));
    }
    ui.separator();
    formulas(ui, decomposition, rank);
}

fn formulas(ui: &mut egui::Ui, decomposition: &Decomposition, rank: usize) {
    let (m, n) = decomposition.shape();
    // All min(m, n) terms, also when only the top ones are known yet (a first answer).
    let r = m.min(n);
    // Colour: the numbers of the three channels together, as the numbers panel says them
    // (squares summed over r, g and b).
    let colour = decomposition.is_colour();
    let note = if colour {
        "; r, g and b together: each σ² term summed over the channels"
    } else {
        ""
    };
    let pooled = |f: &dyn Fn(&crate::analysis::Spectrum) -> f64| {
        decomposition
            .channels
            .iter()
            .map(|c| f(&c.spectrum).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let tail_terms = if rank >= r {
        "0 (nothing left)".to_owned()
    } else if rank + 1 == r {
        format!("σ{}²", subscript(rank + 1))
    } else {
        format!("σ{}² + … + σ{}²", subscript(rank + 1), subscript(r))
    };
    let sum = match rank {
        0 => "0".to_owned(),
        1 => "σ₁u₁v₁ᵀ".to_owned(),
        2 => "σ₁u₁v₁ᵀ + σ₂u₂v₂ᵀ".to_owned(),
        k => format!("σ₁u₁v₁ᵀ + … + σ{0}u{0}v{0}ᵀ", subscript(k)),
    };
    let absolute = pooled(&|s| s.absolute_error(rank));
    let norm = pooled(&|s| s.frobenius_norm());
    let stored = crate::analysis::storage_numbers(rank, m, n);
    #[allow(clippy::cast_precision_loss)]
    let stored_share = 100.0 * stored as f64 / (m * n) as f64;
    let lines = [
        format!("A_k = {sum}   (k = {rank}{note})"),
        format!(
            "‖A − A_k‖_F = √({tail_terms}) = {absolute:.4};   ÷ ‖A‖_F = {norm:.4}  →  relative error {:.3} %",
            100.0 * decomposition.relative_error(rank)
        ),
        format!(
            "‖A − A_k‖₂ = σ{} = {}{}",
            subscript(rank + 1),
            decomposition
                .spectral_error(rank)
                .map_or_else(|| "—".to_owned(), |s| format!("{s:.4}")),
            if colour {
                " (the largest of the three channels')"
            } else {
                ""
            }
        ),
        format!(
            "energy kept = (σ₁² + … + σ{}²) / (σ₁² + … + σ{}²) = {:.3} %",
            subscript(rank.max(1)),
            subscript(r),
            100.0 * decomposition.energy(rank)
        ),
        format!(
            "stored = k(m + n + 1) = {rank} × ({m} + {n} + 1) = {} numbers vs m·n = {} ({:.1} %)",
            grouped(stored),
            grouped((m * n) as u64),
            stored_share
        ),
        "Eckart–Young: no matrix of rank k is closer to A, in either norm, than A_k.".to_owned(),
    ];
    for line in lines {
        ui.label(egui::RichText::new(line).monospace().size(17.0));
    }
}
