//! For the classroom: the first rank-1 layers σᵢ uᵢ vᵢᵀ adding up to A_k, and the
//! Eckart–Young formulas with the current numbers plugged in.

use super::grouped;
use crate::app::decomposition::Decomposition;
use crate::app::textures::Textures;

fn thumbnail(ui: &mut egui::Ui, texture: &egui::TextureHandle, caption: &str, side: f32) {
    ui.vertical(|ui| {
        let [w, h] = texture.size();
        #[allow(clippy::cast_precision_loss)]
        let scale = side / (w.max(h) as f32);
        #[allow(clippy::cast_precision_loss)]
        let size = egui::vec2(w as f32 * scale, h as f32 * scale);
        ui.add(egui::Image::new((texture.id(), size)));
        ui.label(egui::RichText::new(caption).size(16.0));
    });
}

pub(super) fn show(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    textures: &Textures,
    rank: usize,
) {
    // Six layers, the result at 1.3×, and room for the "+ … =" text between them.
    let side = ((ui.available_width() - 330.0) / 7.3).clamp(40.0, 160.0);
    ui.horizontal(|ui| {
        let subscripts = ["₁", "₂", "₃", "₄", "₅", "₆"];
        // Exactly the layers in A_k: the first six of them when k is larger.
        for (i, layer) in textures.layers.iter().take(rank).enumerate() {
            if i > 0 {
                ui.label(egui::RichText::new("+").heading());
            }
            thumbnail(
                ui,
                &layer.texture,
                &format!("σ{0}u{0}v{0}ᵀ", subscripts[i]),
                side,
            );
        }
        if rank == 0 {
            ui.label(egui::RichText::new("(no layer: A₀ = 0)").heading());
        }
        if rank > textures.layers.len() {
            ui.label(
                egui::RichText::new(format!("+ … ({} more)", rank - textures.layers.len()))
                    .heading(),
            );
        }
        ui.label(egui::RichText::new("=").heading());
        thumbnail(
            ui,
            &textures.approximation.texture,
            &format!("A_k, k = {rank}"),
            side * 1.3,
        );
    });
    ui.label(
        egui::RichText::new(
            "Each layer is an outer product: one column pattern times one row pattern, weighted \
             by σᵢ (blue < 0 < red; colour layers around mid-gray). The σᵢ come sorted, largest \
             first, so every next layer matters less; the layers are orthogonal (uᵢ ⊥ uⱼ, \
             vᵢ ⊥ vⱼ), so each adds what the others lack and their energies σᵢ² simply add up.",
        )
        .size(15.0),
    );
    ui.separator();
    formulas(ui, decomposition, rank);
}

/// 20 → "₂₀".
fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
        .collect()
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
