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

/// One row of the numbers: its name (what it means on hover) and its value.
fn row(ui: &mut egui::Ui, name: &str, value: String, why: &str) {
    ui.label(name).on_hover_text(why);
    ui.monospace(value);
    ui.end_row();
}

pub(super) fn show(ui: &mut egui::Ui, decomposition: &Decomposition, rank: usize) {
    if let Some(found) = decomposition.replaced_non_finite() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("⚠ {found} replaced with 0 before the SVD"),
        );
    }
    first_answer_note(ui, decomposition);
    ui.label(egui::RichText::new(format!("At rank k = {rank}")).strong());
    egui::Grid::new("stats")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            error_rows(ui, decomposition, rank);
            storage_rows(ui, decomposition, rank);
            rank_rows(ui, decomposition);
        });
}

/// How far A_k is from A.
fn error_rows(ui: &mut egui::Ui, decomposition: &Decomposition, rank: usize) {
    row(
        ui,
        "relative error",
        format!("{:.4} %", 100.0 * decomposition.relative_error(rank)),
        "‖A − A_k‖_F / ‖A‖_F = √(Σ_{i>k} σᵢ²) / ‖A‖_F",
    );
    row(
        ui,
        "spectral error",
        // Four significant digits: a fine-tuning ΔW's σ are ~1e-4 and never read "0.00000".
        decomposition.spectral_error(rank).map_or_else(
            || "—".to_owned(),
            |sigma| super::text::significant(sigma, 4),
        ),
        "‖A − A_k‖₂ = σ_{k+1}",
    );
    row(
        ui,
        "energy kept",
        format!("{:.4} %", 100.0 * decomposition.energy(rank)),
        "Σ_{i≤k} σᵢ² / ‖A‖_F²",
    );
    if let Some(psnr) = decomposition.psnr_db(rank) {
        row(
            ui,
            "PSNR",
            format!("{psnr:.2} dB"),
            "10 log₁₀(1 / mean squared error), pixels in [0, 1]",
        );
    }
}

/// What the rank-k factors store against the matrix itself.
fn storage_rows(ui: &mut egui::Ui, decomposition: &Decomposition, rank: usize) {
    let (m, n) = decomposition.shape();
    let stored = decomposition.storage_numbers(rank);
    let total = decomposition.matrix_numbers();
    #[allow(clippy::cast_precision_loss)]
    let share = 100.0 * stored as f64 / total as f64;
    let channels = decomposition.channels.len();
    let per = if channels > 1 {
        format!(" × {channels}")
    } else {
        String::new()
    };
    row(
        ui,
        "numbers stored",
        format!("{}{per}", grouped(stored / channels as u64)),
        "k(m + n + 1): U_k, σ_k and V_k",
    );
    row(
        ui,
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
    row(ui, "compression", ratio, "m·n / k(m + n + 1)");
    let break_even = crate::analysis::break_even_rank(m, n);
    row(
        ui,
        "break-even k",
        if rank > break_even {
            format!("{break_even} (k is past it)")
        } else {
            break_even.to_string()
        },
        "⌊m·n / (m + n + 1)⌋: beyond it the factors are larger than A",
    );
}

/// Numbers of the whole spectrum, per channel.
fn rank_rows(ui: &mut egui::Ui, decomposition: &Decomposition) {
    let (m, n) = decomposition.shape();
    let ranks = |f: fn(&crate::analysis::Spectrum) -> f64| {
        decomposition
            .channels
            .iter()
            .map(|c| format!("{:.2}", f(&c.spectrum)))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    row(
        ui,
        "stable rank",
        ranks(crate::analysis::Spectrum::stable_rank),
        "Σσᵢ² / σ₁²",
    );
    row(
        ui,
        "effective rank",
        // It needs every σ: the top ones alone give a very different number.
        if decomposition.is_first_answer() {
            "computing".to_owned()
        } else {
            ranks(crate::analysis::Spectrum::effective_rank)
        },
        "exp(−Σ pᵢ ln pᵢ), pᵢ = σᵢ / Σσ (Roy & Vetterli)",
    );
    row(
        ui,
        "shape",
        format!("{m} × {n}"),
        "rows × columns as stored",
    );
}
