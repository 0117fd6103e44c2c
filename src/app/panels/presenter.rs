//! Presenter mode: for a projector at the back of a classroom. A light theme, text 1.75× the
//! normal size, and only what a class needs: the original and A_k side by side, the slider,
//! and a large readout of k, the numbers stored (and their share of m·n) and the error.

use super::grouped;
use crate::app::decomposition::Decomposition;
use crate::app::shown::Shown;
use crate::app::{Command, ViewSettings};

/// Text size in presenter mode, as a multiple of the normal sizes.
pub const TEXT_SCALE: f32 = 1.75;

/// Switches the window's look to presenter mode (light, large text) or back.
pub(super) fn apply_style(ctx: &egui::Context, present: bool) {
    super::style(ctx);
    if present {
        ctx.set_visuals(egui::Visuals::light());
        ctx.global_style_mut(|style| {
            for font in style.text_styles.values_mut() {
                font.size *= TEXT_SCALE;
            }
            style.spacing.interact_size.y *= 1.4;
            style.spacing.slider_rail_height *= 1.6;
        });
    } else {
        ctx.set_visuals(egui::Visuals::dark());
    }
}

/// What a class needs of `shown` (its decomposition is `decomposition`); changes are queued
/// as commands.
pub(super) fn show(
    ui: &mut egui::Ui,
    shown: &Shown,
    decomposition: &Decomposition,
    playing: bool,
    view: &mut ViewSettings,
    commands: &mut Vec<Command>,
) {
    let max = decomposition.max_rank();
    let rank = shown.rank();
    ui.horizontal(|ui| {
        if ui
            .button("Exit presenter mode")
            .on_hover_text("F5 switches presenter mode on and off")
            .clicked()
        {
            commands.push(Command::SetPresenting(false));
        }
        super::rank_bar::play_button(ui, playing, view, commands);
        ui.spacing_mut().slider_width = (ui.available_width() - 220.0).max(120.0);
        let mut chosen = rank;
        if ui
            .add(
                egui::Slider::new(&mut chosen, 0..=max)
                    .text("k")
                    .logarithmic(max >= 64)
                    .smart_aim(false),
            )
            .changed()
        {
            commands.push(Command::SetRank(chosen));
        }
    });
    let (m, n) = decomposition.shape();
    let stored = decomposition.storage_numbers(rank);
    let total = decomposition.matrix_numbers();
    #[allow(clippy::cast_precision_loss)]
    let share = 100.0 * stored as f64 / total as f64;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            egui::RichText::new(format!("k = {rank}"))
                .size(44.0)
                .strong(),
        );
        ui.add_space(24.0);
        ui.label(
            egui::RichText::new(format!(
                "{} numbers ({share:.1} % of m·n) · error {:.2} %",
                grouped(stored),
                100.0 * decomposition.relative_error(rank)
            ))
            .size(30.0),
        );
    });
    ui.label(format!(
        "{m} × {n} matrix · error = ‖A − A_k‖_F / ‖A‖_F · m·n = {}",
        grouped(total)
    ));
    ui.add_space(8.0);
    let Some(textures) = shown.textures.as_ref() else {
        return;
    };
    pictures(ui, decomposition, textures, &format!("A_k, rank {rank}"));
}

/// A and A_k, as large as the room allows: side by side for a photo (keeping its shape),
/// stacked and stretched for a weight matrix much wider than tall.
pub(super) fn pictures(
    ui: &mut egui::Ui,
    decomposition: &Decomposition,
    textures: &crate::app::textures::Textures,
    approximation_caption: &str,
) {
    let gap = 16.0;
    let pictures = [
        (&textures.original, "A (original)".to_owned()),
        (&textures.approximation, approximation_caption.to_owned()),
    ];
    let [w, h] = textures.original.texture.size();
    #[allow(clippy::cast_precision_loss)]
    let (w, h) = (w as f32, h as f32);
    // A photo keeps its shape; a weight matrix fills the room (its entries are not square
    // pixels), one above the other when it is much wider than tall.
    let stacked = !decomposition.is_image && w > 2.0 * h;
    let caption_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let (room_w, room_h) = if stacked {
        (
            ui.available_width(),
            (ui.available_height() - gap) / 2.0 - caption_height,
        )
    } else {
        (
            (ui.available_width() - gap) / 2.0 - ui.spacing().item_spacing.x,
            ui.available_height() - caption_height,
        )
    };
    let size = if decomposition.is_image {
        let scale = (room_w / w).min(room_h / h);
        egui::vec2(w * scale, h * scale)
    } else {
        egui::vec2(room_w, room_h.min(room_w * 0.75).max(40.0))
    };
    let picture = |ui: &mut egui::Ui, heatmap: &crate::app::textures::Heatmap, caption: &str| {
        ui.vertical(|ui| {
            ui.strong(caption);
            ui.add(egui::Image::new((heatmap.texture.id(), size)));
        });
    };
    if stacked {
        for (heatmap, caption) in pictures {
            picture(ui, heatmap, &caption);
        }
    } else {
        ui.horizontal_top(|ui| {
            ui.spacing_mut().item_spacing.x = gap;
            for (heatmap, caption) in pictures {
                picture(ui, heatmap, &caption);
            }
        });
    }
}
