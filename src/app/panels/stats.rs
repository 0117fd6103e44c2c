//! The numbers at the current rank, each with what it means.

use super::grouped;
use crate::app::decomposition::Decomposition;

/// A first answer knows only the top σ: say so above the numbers.
fn first_answer_note(ui: &mut egui::Ui, decomposition: &Decomposition) {
    if decomposition.is_first_answer() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "first answer (top {}), exact SVD running",
                decomposition.max_rank()
            ),
        );
    }
}

pub(super) fn show(ui: &mut egui::Ui, decomposition: &Decomposition, rank: usize) {
    let (m, n) = decomposition.shape();
    if let Some(found) = decomposition.replaced_non_finite() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("⚠ {found} replaced with 0 before the SVD"),
        );
    }
    first_answer_note(ui, decomposition);
    ui.label(egui::RichText::new(format!("At rank k = {rank}")).strong());
    let stored = decomposition.storage_numbers(rank);
    let total = decomposition.matrix_numbers();
    #[allow(clippy::cast_precision_loss)]
    let share = 100.0 * stored as f64 / total as f64;
    egui::Grid::new("stats")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |name: &str, value: String, why: &str| {
                ui.label(name).on_hover_text(why);
                ui.monospace(value);
                ui.end_row();
            };
            row(
                "relative error",
                format!("{:.4} %", 100.0 * decomposition.relative_error(rank)),
                "‖A − A_k‖_F / ‖A‖_F = √(Σ_{i>k} σᵢ²) / ‖A‖_F",
            );
            row(
                "spectral error",
                decomposition
                    .spectral_error(rank)
                    .map_or_else(|| "—".to_owned(), |sigma| format!("{sigma:.5}")),
                "‖A − A_k‖₂ = σ_{k+1}",
            );
            row(
                "energy kept",
                format!("{:.4} %", 100.0 * decomposition.energy(rank)),
                "Σ_{i≤k} σᵢ² / ‖A‖_F²",
            );
            if let Some(psnr) = decomposition.psnr_db(rank) {
                row(
                    "PSNR",
                    format!("{psnr:.2} dB"),
                    "10 log₁₀(1 / mean squared error), pixels in [0, 1]",
                );
            }
            let channels = decomposition.channels.len();
            let per = if channels > 1 {
                format!(" × {channels}")
            } else {
                String::new()
            };
            row(
                "numbers stored",
                format!("{}{per}", grouped(stored / channels as u64)),
                "k(m + n + 1): U_k, σ_k and V_k",
            );
            row(
                "vs m·n",
                format!("{}{per} ({share:.1} %)", grouped(total / channels as u64)),
                "the matrix itself",
            );
            let ratio = if stored > 0 {
                #[allow(clippy::cast_precision_loss)]
                let r = total as f64 / stored as f64;
                format!("{r:.2} ×")
            } else {
                "—".to_owned()
            };
            row("compression", ratio, "m·n / k(m + n + 1)");
            let break_even = crate::analysis::break_even_rank(m, n);
            row(
                "break-even k",
                if rank > break_even {
                    format!("{break_even} (k is past it)")
                } else {
                    break_even.to_string()
                },
                "⌊m·n / (m + n + 1)⌋: beyond it the factors are larger than A",
            );
            let ranks = |f: fn(&crate::analysis::Spectrum) -> f64| {
                decomposition
                    .channels
                    .iter()
                    .map(|c| format!("{:.2}", f(&c.spectrum)))
                    .collect::<Vec<_>>()
                    .join(" / ")
            };
            row(
                "stable rank",
                ranks(crate::analysis::Spectrum::stable_rank),
                "Σσᵢ² / σ₁²",
            );
            row(
                "effective rank",
                // It needs every σ: the top ones alone give a very different number.
                if decomposition.is_first_answer() {
                    "computing".to_owned()
                } else {
                    ranks(crate::analysis::Spectrum::effective_rank)
                },
                "exp(−Σ pᵢ ln pᵢ), pᵢ = σᵢ / Σσ (Roy & Vetterli)",
            );
            row("shape", format!("{m} × {n}"), "rows × columns as stored");
        });
}
