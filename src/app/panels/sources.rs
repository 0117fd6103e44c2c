//! The list of matrices in the open file, with a filter for checkpoints of hundreds of
//! tensors. Each row is one line of name (elided in the middle, the whole name on hover)
//! and a small line of shape and type; 0-D/1-D tensors are hidden behind a toggle.

use super::text;
use crate::app::Command;
use crate::app::catalog::Selection;
use crate::app::shown::Shown;

/// The list's own state.
#[derive(Debug, Default)]
pub(in crate::app) struct ListState {
    /// List 0-D/1-D tensors too (greyed out).
    pub show_non_matrices: bool,
    /// The selection last scrolled into view.
    pub scrolled_to: Option<Selection>,
}

/// The list of `shown`'s catalog; a click queues [`Command::Select`].
pub(super) fn show(
    ui: &mut egui::Ui,
    shown: &Shown,
    filter: &mut String,
    list: &mut ListState,
    commands: &mut Vec<Command>,
) {
    // Fill the panel's width: egui shrinks a panel to its content, and the first frame's
    // content ("Nothing open yet.") would otherwise set its width for good.
    ui.set_min_width(ui.available_width());
    let Some(catalog) = &shown.catalog else {
        ui.label("Nothing open yet.");
        return;
    };
    ui.heading("Matrices");
    let width = ui.available_width();
    text::elided_label(ui, &catalog.title, width, egui::TextStyle::Small, false);
    ui.add(
        egui::TextEdit::singleline(filter)
            .hint_text("filter by name")
            .desired_width(f32::INFINITY),
    );
    let non_matrices = catalog.items.iter().filter(|i| i.refusal.is_some()).count();
    if non_matrices > 0 {
        ui.checkbox(
            &mut list.show_non_matrices,
            format!("show non-matrices ({non_matrices})"),
        )
        .on_hover_text("0-D and 1-D tensors (biases, norms): listed in the file, not matrices");
    }
    let filter = filter.to_lowercase();
    let mut clicked: Option<Selection> = None;
    let mut scrolled_to = None;
    let name_font = egui::TextStyle::Button.resolve(ui.style());
    let detail_font = egui::TextStyle::Small.resolve(ui.style());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let row_width = ui.available_width();
            let text_width = row_width - 2.0 * ui.spacing().button_padding.x;
            for item in catalog.items.iter().filter(|item| {
                (list.show_non_matrices || item.refusal.is_none())
                    && (filter.is_empty() || item.label.to_lowercase().contains(&filter))
            }) {
                let selected = shown.selection.as_ref() == Some(&item.selection);
                // Names differ at both ends (`model.layers.11.….q_proj.weight`): shortened
                // segment by segment, keeping the layer numbers and the last parts.
                let name = text::shorten_name(ui, &item.label, &name_font, text_width);
                let detail = if item.refusal.is_some() {
                    format!("{} · not a matrix", item.shape_text)
                } else {
                    format!("{} · {}", item.shape_text, item.dtype)
                };
                let mut job = egui::text::LayoutJob::default();
                let strong = ui.visuals().strong_text_color();
                let weak = ui.visuals().weak_text_color();
                job.append(
                    &name,
                    0.0,
                    egui::TextFormat::simple(name_font.clone(), strong),
                );
                job.append(
                    &format!("\n{detail}"),
                    0.0,
                    egui::TextFormat::simple(detail_font.clone(), weak),
                );
                let button =
                    egui::Button::selectable(selected, job).min_size(egui::vec2(row_width, 0.0));
                let response = if let Some(refusal) = &item.refusal {
                    // Greyed out; the full reason is one hover away.
                    ui.add_enabled(false, button)
                        .on_disabled_hover_text(format!("{}: {refusal}", item.label))
                } else {
                    let response = ui.add(button);
                    if name == item.label {
                        response
                    } else {
                        response.on_hover_text(item.label.as_str())
                    }
                };
                if response.clicked() && !selected {
                    clicked = Some(item.selection.clone());
                }
                // A selection made elsewhere (the command line's --tensor, the Model view)
                // is brought into view, once: asked for until it is in view (on the first
                // frames the list does not know its height yet and cannot scroll that far),
                // then left to the user's scrolling.
                if selected && list.scrolled_to.as_ref() != Some(&item.selection) {
                    response.scroll_to_me(Some(egui::Align::Center));
                    if ui.clip_rect().contains_rect(response.rect) {
                        scrolled_to = Some(item.selection.clone());
                    }
                }
            }
        });
    if let Some(selection) = scrolled_to {
        list.scrolled_to = Some(selection);
    }
    if let Some(selection) = clicked {
        // Clicked here, so already in view: no scrolling to it.
        list.scrolled_to = Some(selection.clone());
        commands.push(Command::Select(selection));
    }
}
