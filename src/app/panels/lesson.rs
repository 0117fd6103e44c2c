//! The guided lesson's box: the step's title and sentences, Back / Next, and the quiz's
//! Reveal.

use crate::app::Command;
use crate::app::lesson::{Lesson, STEPS};

/// The box of `lesson`'s step at rank `rank`; Back, Next, End and Reveal queue commands.
pub(super) fn show(ui: &mut egui::Ui, lesson: Lesson, rank: usize, commands: &mut Vec<Command>) {
    let step = lesson.current();
    egui::Frame::new()
        .fill(ui.visuals().selection.bg_fill.gamma_multiply(0.2))
        .inner_margin(10.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(step.title).heading().strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("End lesson").clicked() {
                        commands.push(Command::Lesson(None));
                    }
                    let last = lesson.step + 1 >= STEPS.len();
                    if ui.add_enabled(!last, egui::Button::new("Next ▶")).clicked() {
                        commands.push(Command::Lesson(Some(lesson.step + 1)));
                    }
                    ui.label(format!("{} of {}", lesson.step + 1, STEPS.len()));
                    if ui
                        .add_enabled(lesson.step > 0, egui::Button::new("◀ Back"))
                        .clicked()
                    {
                        commands.push(Command::Lesson(Some(lesson.step - 1)));
                    }
                });
            });
            let ink = ui.visuals().strong_text_color();
            ui.add(egui::Label::new(egui::RichText::new(step.text).size(16.0).color(ink)).wrap());
            if step.quiz {
                ui.horizontal(|ui| {
                    if lesson.revealed {
                        ui.label(
                            egui::RichText::new(format!("k = {rank}"))
                                .size(28.0)
                                .strong(),
                        );
                    } else if ui
                        .button(egui::RichText::new("Reveal k").size(18.0))
                        .clicked()
                    {
                        commands.push(Command::RevealQuiz);
                    }
                });
            }
        });
    ui.add_space(4.0);
}
