//! The rank slider, its number field and one-click suggested ranks.

use crate::analysis::RankRule;
use crate::app::RankscopeApp;
use crate::app::decomposition::Decomposition;

pub(super) fn show(app: &mut RankscopeApp, ui: &mut egui::Ui, decomposition: &Decomposition) {
    let max = decomposition.max_rank();
    ui.horizontal(|ui| {
        // The slider takes what the suggestion buttons leave.
        ui.spacing_mut().slider_width = (ui.available_width() - 740.0).clamp(120.0, 900.0);
        let slider = egui::Slider::new(&mut app.rank, 0..=max)
            .text("Rank")
            .clamping(egui::SliderClamping::Always)
            .smart_aim(false);
        ui.add(slider)
            .on_hover_text("←/→ one step · PageUp/PageDown a tenth · Home/End 0 and full rank");
        ui.separator();
        ui.label("suggested:");
        for (rule, label, why) in [
            (
                RankRule::Energy90,
                "90 % energy",
                "smallest k with Σ_{i≤k} σ_i² ≥ 0.90 ‖A‖_F²",
            ),
            (
                RankRule::Energy99,
                "99 % energy",
                "smallest k with Σ_{i≤k} σ_i² ≥ 0.99 ‖A‖_F²",
            ),
            (
                RankRule::GavishDonoho,
                "Gavish–Donoho",
                "σ_i above ω(β)·median(σ): the optimal hard threshold for unknown noise",
            ),
        ] {
            if let Some(rank) = decomposition.suggested_rank(rule)
                && ui
                    .button(format!("{label}: {rank}"))
                    .on_hover_text(why)
                    .clicked()
            {
                app.rank = rank;
            }
        }
        ui.separator();
        if ui
            .button("Export…")
            .on_hover_text("Save the rank-k factors, A_k or the analysis (Ctrl+S)")
            .clicked()
        {
            app.export_window_open = true;
        }
    });
}
