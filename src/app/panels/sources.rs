//! The list of matrices in the open file, with a filter for checkpoints of hundreds of
//! tensors; refused entries are greyed out with their reason.

use crate::app::catalog::Selection;
use crate::app::{Command, RankscopeApp};

pub(super) fn show(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let Some(catalog) = &app.catalog else {
        ui.label("Nothing open yet.");
        return;
    };
    ui.heading("Matrices");
    ui.label(egui::RichText::new(&catalog.title).small());
    ui.add(
        egui::TextEdit::singleline(&mut app.filter)
            .hint_text("filter by name")
            .desired_width(f32::INFINITY),
    );
    let filter = app.filter.to_lowercase();
    let mut clicked: Option<Selection> = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for item in catalog
                .items
                .iter()
                .filter(|item| filter.is_empty() || item.label.to_lowercase().contains(&filter))
            {
                let selected = app.selection.as_ref() == Some(&item.selection);
                let text = format!("{}\n{} · {}", item.label, item.shape_text, item.dtype);
                if let Some(refusal) = &item.refusal {
                    // Greyed out; the full reason is one hover away, so long checkpoints
                    // stay scannable.
                    let short = format!("{}\n{} · not a matrix", item.label, item.shape_text);
                    ui.add_enabled(false, egui::Button::selectable(false, short))
                        .on_disabled_hover_text(refusal);
                } else if ui.add(egui::Button::selectable(selected, text)).clicked() && !selected {
                    clicked = Some(item.selection.clone());
                }
            }
        });
    if let Some(selection) = clicked {
        app.commands.push(Command::Select(selection));
    }
}
