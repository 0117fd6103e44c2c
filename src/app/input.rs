//! Keys and dropped files that act on the whole window.

use super::{Command, RankscopeApp};
use std::path::PathBuf;

impl RankscopeApp {
    pub(super) fn handle_global_input(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.commands.push(Command::Open(path));
        }
        // Shortcuts with Ctrl work everywhere; plain keys only when no text field is being
        // typed in (a focused slider is fine: its arrow keys are taken here, once).
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S)) {
            self.open_export_window();
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::O)) {
            self.commands.push(Command::PickFileToOpen);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F5)) {
            self.commands.push(Command::SetPresenting(!self.presenting));
        }
        // Esc closes the error banner (a text field or an open menu takes it first).
        if !self.errors.is_empty()
            && !ctx.text_edit_focused()
            && !ctx.any_popup_open()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.errors.clear();
        }
        let Some(max) = self.shown.decomposition.as_ref().map(|d| d.max_rank()) else {
            return;
        };
        if ctx.text_edit_focused() {
            return;
        }
        let page = (max / 10).max(1);
        // Every press counts, in order: a fast typist's (or key repeat's) several presses
        // arrive in one frame, and `consume_key` would count them as one.
        let new_rank = ctx.input_mut(|i| {
            use egui::{Event, Key, Modifiers};
            let mut rank = self.shown.rank();
            let mut moved = false;
            i.events.retain(|event| {
                let Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } = event
                else {
                    return true;
                };
                if !modifiers.matches_logically(Modifiers::NONE) {
                    return true;
                }
                rank = match key {
                    Key::ArrowRight => rank.saturating_add(1).min(max),
                    Key::ArrowLeft => rank.saturating_sub(1),
                    Key::PageUp => rank.saturating_add(page).min(max),
                    Key::PageDown => rank.saturating_sub(page),
                    Key::Home => 0,
                    Key::End => max,
                    _ => return true,
                };
                moved = true;
                false
            });
            moved.then_some(rank)
        });
        if let Some(rank) = new_rank {
            self.set_rank(rank);
        }
    }
}
