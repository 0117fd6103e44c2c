//! The rank slider, its number field and one-click suggested ranks.

use crate::analysis::RankRule;
use crate::app::decomposition::Decomposition;
use crate::app::{Command, ViewSettings};

/// From this many ranks on, the slider can be logarithmic (and is, unless unticked): on a
/// linear slider of 512 ranks, 100 px is k = 83, and the low ranks where most of the
/// picture happens are a few pixels each.
pub(super) const LOG_SLIDER_MIN_RANKS: usize = 64;

/// The slider over `decomposition`'s ranks at `rank`; changes are queued as commands
/// ([`Command::SetRank`] is applied as soon as the bar is drawn).
pub(super) fn show(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    rank: usize,
    view: &mut ViewSettings,
    playing: bool,
    commands: &mut Vec<Command>,
) {
    let max = decomposition.max_rank();
    let (m, n) = decomposition.shape();
    let break_even = crate::analysis::break_even_rank(m, n);
    let logarithmic = view.log_rank_slider && max >= LOG_SLIDER_MIN_RANKS;
    // Export and the scale toggle are placed first, from the right edge, so the slider
    // takes what is left and nothing is pushed out of the window.
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Export…")
                .on_hover_text("Save the rank-k factors, A_k or the analysis (Ctrl+S)")
                .clicked()
            {
                commands.push(Command::ShowExportWindow);
            }
            record_button(ui, commands);
            play_button(ui, playing, view, commands);
            if max >= LOG_SLIDER_MIN_RANKS {
                ui.checkbox(&mut view.log_rank_slider, "log")
                    .on_hover_text("a logarithmic slider: low ranks get as much room as high ones");
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                // The number field and the "Rank" label need about 110 px beside the rail.
                ui.spacing_mut().slider_width = (ui.available_width() - 110.0).clamp(80.0, 1600.0);
                let mut rank = rank;
                let slider = egui::Slider::new(&mut rank, 0..=max)
                    .text("Rank")
                    .clamping(egui::SliderClamping::Always)
                    .logarithmic(logarithmic)
                    .smart_aim(false);
                let response = ui.add(slider).on_hover_text(
                    "←/→ one step · PageUp/PageDown a tenth · Home/End 0 and full rank",
                );
                if response.changed() {
                    // The hand on the slider takes over from Play (SetRank stops it).
                    commands.push(Command::SetRank(rank));
                }
            });
        });
    });
    ui.horizontal_wrapped(|ui| {
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
                "Gavish–Donoho (denoise)",
                "A denoising threshold, not a compression rule: keeps the σᵢ above the noise \
                 level ω(β)·median(σ), the optimal hard threshold for a low-rank signal plus \
                 white noise of unknown size. On a trained weight, which is not signal + \
                 noise, it can drop much of the matrix.",
            ),
        ] {
            // An adapter's ΔW: no noise floor to threshold, and the window says so.
            if let Some(why) = decomposition
                .channels
                .first()
                .and_then(|c| rule.refusal(&c.spectrum))
            {
                ui.weak(format!("{label}: {why}")).on_hover_text(why);
                continue;
            }
            if let Some(rank) = decomposition.suggested_rank(rule) {
                let mut text = format!("{label}: {rank}");
                if rank > break_even {
                    text.push_str(" ⚠");
                }
                let button = ui.button(text).on_hover_text(why);
                let button = if rank > break_even {
                    button.on_hover_text(format!(
                        "k = {rank} is beyond the break-even rank {break_even}: its factors \
                         store more numbers than A"
                    ))
                } else {
                    button
                };
                if button.clicked() {
                    commands.push(Command::SetRank(rank));
                }
            }
        }
        ui.separator();
        let text = format!("break-even k = {break_even}");
        let label = if rank > break_even {
            ui.colored_label(ui.visuals().warn_fg_color, format!("{text} (k is past it)"))
        } else {
            ui.label(text)
        };
        label.on_hover_text(format!(
            "⌊m·n / (m + n + 1)⌋ = ⌊{m}·{n} / {}⌋: beyond it the factors U_k, σ_k, V_k are \
             larger than A itself",
            m + n + 1
        ));
    });
}

/// ▶ Play / ■ Stop (k from 1, or from where Stop left it, to r, each doubling taking the
/// same time) and beside it its speed and loop.
pub(super) fn play_button(
    ui: &mut egui::Ui,
    playing: bool,
    view: &mut ViewSettings,
    commands: &mut Vec<Command>,
) {
    let (seconds, looping) = (view.play.seconds, view.play.looping);
    let play = |ui: &mut egui::Ui, commands: &mut Vec<Command>| {
        let (text, command) = if playing {
            ("■ Stop", Command::Play(None))
        } else {
            ("▶ Play", Command::Play(Some((seconds, looping))))
        };
        if ui
            .button(text)
            .on_hover_text(format!(
                "k from 1 to r in {seconds:.0} s, each doubling of k taking the same time; \
                 Stop pauses, Play goes on from k"
            ))
            .clicked()
        {
            commands.push(command);
        }
    };
    let settings = |ui: &mut egui::Ui, view: &mut ViewSettings| {
        ui.menu_button("speed", |ui| {
            ui.add(
                egui::Slider::new(&mut view.play.seconds, 2.0..=60.0)
                    .logarithmic(true)
                    .fixed_decimals(0)
                    .suffix(" s")
                    .text("from k = 1 to r"),
            );
            ui.checkbox(&mut view.play.looping, "loop (start again at 1 after r)");
            ui.weak("Record GIF… keeps this pace");
        })
        .response
        .on_hover_text("Play's speed and loop");
    };
    // Play, then its settings, reading left to right in either direction of the bar.
    if ui.layout().prefer_right_to_left() {
        settings(ui, view);
        play(ui, commands);
    } else {
        play(ui, commands);
        settings(ui, view);
    }
}

/// Record GIF…: asks where, then writes Play's animation as a GIF.
fn record_button(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button("Record GIF…")
        .on_hover_text(format!(
            "write what Play shows as an animated GIF: {} frames from k = 1 to r, \
             as long as Play takes",
            crate::app::recording::RECORD_FRAMES
        ))
        .clicked()
    {
        commands.push(Command::PickAnimationPath);
    }
}
