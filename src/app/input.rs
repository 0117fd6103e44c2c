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
        let Some(max) = self.decomposition.as_ref().map(|d| d.max_rank()) else {
            return;
        };
        if ctx.text_edit_focused() {
            return;
        }
        let page = (max / 10).max(1);
        let rank = self.rank;
        let new_rank = ctx.input_mut(|i| {
            use egui::{Key, Modifiers};
            if i.consume_key(Modifiers::NONE, Key::ArrowRight) {
                Some(rank.saturating_add(1))
            } else if i.consume_key(Modifiers::NONE, Key::ArrowLeft) {
                Some(rank.saturating_sub(1))
            } else if i.consume_key(Modifiers::NONE, Key::PageUp) {
                Some(rank.saturating_add(page))
            } else if i.consume_key(Modifiers::NONE, Key::PageDown) {
                Some(rank.saturating_sub(page))
            } else if i.consume_key(Modifiers::NONE, Key::Home) {
                Some(0)
            } else if i.consume_key(Modifiers::NONE, Key::End) {
                Some(max)
            } else {
                None
            }
        });
        if let Some(rank) = new_rank {
            self.set_rank(rank);
        }
    }
}
