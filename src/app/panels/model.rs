//! The Model view: every matrix of a checkpoint in one sortable, filterable table that fills
//! while the scan runs, the normalised spectra of the selected rows overlaid, and a global
//! rank budget. Clicking a name opens that matrix in the single-matrix view.

use crate::analysis::LayerRow;
use crate::app::catalog::Selection;
use crate::app::jobs::JobKind;
use crate::app::model::{BudgetSetting, ModelExportFormat, ModelView, RankSource, SortColumn};
use crate::app::{Command, MainView, RankscopeApp};
use crate::figure::FigureKind;
use egui_plot::{Legend, Line, Plot, PlotPoints};

const OVERLAY_HEIGHT: f32 = 230.0;

pub(super) fn show(app: &mut RankscopeApp, ui: &mut egui::Ui) {
    let running = app
        .jobs
        .running(JobKind::Scan)
        .map(|job| job.control.progress());
    let mut commands = Vec::new();
    let Some(model) = app.model.as_mut() else {
        ui.label("No scan yet.");
        if ui.button("Scan every matrix").clicked() {
            app.commands.push(Command::ScanModel);
        }
        return;
    };
    header(ui, model, running.as_ref(), &mut commands);
    budget_controls(ui, model);
    let id = ui.make_persistent_id("model export choice");
    let mut choice = ui
        .data(|d| d.get_temp::<ExportChoice>(id))
        .unwrap_or(ExportChoice {
            format: ModelExportFormat::Compressed,
            ranks: RankSource::GavishDonoho,
            ranks_chosen: false,
            fixed_rank: 8,
        });
    if model.base.is_some() && choice.format == ModelExportFormat::Compressed {
        // A compressed checkpoint stores W; a comparison's rows are ΔW: an adapter instead.
        choice.format = ModelExportFormat::Peft;
    }
    if !choice.ranks_chosen {
        // Until the user picks, the ranks follow what is on screen: the budget's when one is
        // set; else a fine-tuning delta's numerical rank (often exactly low-rank, a merged
        // LoRA); else, for a plain checkpoint, the noise-aware threshold.
        choice.ranks = if model.budget != BudgetSetting::Off {
            RankSource::Budget
        } else if model.base.is_some() || is_adapter(model) {
            // An adapter's ΔW has no noise floor for Gavish–Donoho: its rank used instead.
            RankSource::Numerical
        } else {
            RankSource::GavishDonoho
        };
    }
    export_controls(ui, model, &mut choice, &mut commands);
    ui.data_mut(|d| d.insert_temp(id, choice));
    ui.separator();
    let table_height = (ui.available_height() - OVERLAY_HEIGHT - 40.0).max(120.0);
    // Sideways the table scrolls as a whole; up and down it scrolls itself, header fixed.
    egui::ScrollArea::horizontal()
        .id_salt("model table sideways")
        .show(ui, |ui| table(ui, model, &mut commands, table_height));
    ui.separator();
    overlay(ui, model, &mut commands);
    app.commands.extend(commands);
}

fn header(
    ui: &mut egui::Ui,
    model: &ModelView,
    running: Option<&crate::linalg::Progress>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        // The file names are elided to the row: a long path must not widen the view.
        let title = if let Some(base) = &model.base {
            ui.heading("ΔW = W − W_base, every shared matrix");
            format!("{} − {base}", model.title)
        } else {
            ui.heading("All matrices");
            model.title.clone()
        };
        let room = ui.available_width();
        super::text::elided_label(ui, &title, room, egui::TextStyle::Small, false);
    });
    ui.horizontal(|ui| {
        let done = model.rows.len() + model.skipped.len();
        #[allow(clippy::cast_precision_loss)]
        let fraction = if model.total == 0 {
            1.0
        } else {
            done as f32 / model.total as f32
        };
        let text = match running {
            Some(progress) => format!(
                "scanned {done} of {} · now: {} {:.0} %",
                model.total,
                progress.stage,
                progress.fraction * 100.0
            ),
            None if model.finished && done < model.total => {
                format!("stopped after {done} of {}", model.total)
            }
            None => format!("{done} of {} matrices", model.total),
        };
        // The bar takes what the buttons beside it leave; its text is elided to fit inside
        // it (the whole text on hover).
        let width = (ui.available_width() - 330.0).clamp(180.0, 640.0);
        let font = egui::TextStyle::Button.resolve(ui.style());
        let shown = super::text::elide_middle(
            ui,
            &text,
            &font,
            width - 2.0 * ui.spacing().item_spacing.x - 4.0,
            0.6,
        );
        let bar = ui.add(
            egui::ProgressBar::new(fraction)
                .desired_width(width)
                .text(shown.clone()),
        );
        if shown != text {
            bar.on_hover_text(text);
        }
        if running.is_some() {
            if ui.button("Stop").clicked() {
                commands.push(Command::Cancel(JobKind::Scan));
            }
        } else if ui.button("Scan again").clicked() {
            commands.push(Command::ScanModel);
        }
        if ui
            .button("Compare with a base checkpoint…")
            .on_hover_text("ΔW = this checkpoint − the base, per matrix: LoRA extraction")
            .clicked()
        {
            commands.push(Command::PickBaseToCompare);
        }
    });
    if !model.mismatched.is_empty() {
        ui.collapsing(format!("{} not compared", model.mismatched.len()), |ui| {
            for (name, reason) in &model.mismatched {
                ui.label(format!("{name}: {reason}"));
            }
        });
    }
    if !model.skipped.is_empty() {
        ui.collapsing(format!("{} not analysed", model.skipped.len()), |ui| {
            for (name, reason) in &model.skipped {
                ui.label(format!("{name}: {reason}"));
            }
        });
    }
}

fn budget_controls(ui: &mut egui::Ui, model: &mut ModelView) {
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut model.filter)
                .hint_text("filter by name")
                .desired_width(220.0),
        );
        ui.separator();
        ui.label("Rank budget:");
        let mut kind = match model.budget {
            BudgetSetting::Off => 0,
            BudgetSetting::PercentOfDense(_) => 1,
            BudgetSetting::TargetError(_) => 2,
        };
        ui.radio_value(&mut kind, 0, "off");
        // An adapter's budget is a share of what it stores, not of its dense ΔW's m·n.
        let of_size = if is_adapter(model) {
            "% of adapter size"
        } else {
            "% of dense size"
        };
        ui.radio_value(&mut kind, 1, of_size);
        ui.radio_value(&mut kind, 2, "target error");
        model.budget = match (kind, model.budget) {
            (1, BudgetSetting::PercentOfDense(p)) => {
                let mut percent = p;
                ui.add(egui::Slider::new(&mut percent, 1.0..=100.0).suffix(" %"));
                BudgetSetting::PercentOfDense(percent)
            }
            (1, _) => BudgetSetting::PercentOfDense(25.0),
            (2, BudgetSetting::TargetError(e)) => {
                let mut error = e;
                ui.add(
                    egui::Slider::new(&mut error, 0.001..=1.0)
                        .logarithmic(true)
                        .text("‖ΔW‖/‖W‖"),
                );
                BudgetSetting::TargetError(error)
            }
            (2, _) => BudgetSetting::TargetError(0.1),
            _ => BudgetSetting::Off,
        };
        if model.budget != BudgetSetting::Off {
            ui.separator();
            layer_floor_ui(ui, model);
        }
    });
    let stored = model.stored_parameters();
    let asked = match model.budget {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        BudgetSetting::PercentOfDense(percent) => Some((stored as f64 * percent / 100.0) as u64),
        _ => None,
    };
    let of_what = if is_adapter(model) {
        format!("of the {} the adapter stores now", super::grouped(stored))
    } else {
        format!("of {} dense", super::grouped(stored))
    };
    let floor = model.max_layer_error;
    if let Some(allocation) = model.allocation() {
        #[allow(clippy::cast_precision_loss)]
        ui.add(
            egui::Label::new(format!(
                "Greedy allocation (largest σ² per stored number first; optimal for this sum \
                 of squared errors): {} numbers = {:.1} % {of_what}, overall relative error \
                 {:.4}",
                super::grouped(allocation.parameters),
                100.0 * allocation.parameters as f64 / stored.max(1) as f64,
                allocation.relative_error
            ))
            .wrap(),
        );
        if let (Some(floor), Some(asked)) = (floor, asked)
            && allocation.parameters > asked
        {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "The floor of {floor:.3} per layer alone needs more than the budget: \
                     {} numbers instead of {}.",
                    super::grouped(allocation.parameters),
                    super::grouped(asked)
                ),
            );
        }
    }
}

/// "no layer above [e]": the budget's per-layer error floor.
fn layer_floor_ui(ui: &mut egui::Ui, model: &mut ModelView) {
    let mut on = model.max_layer_error.is_some();
    ui.checkbox(&mut on, "no layer above").on_hover_text(
        "A per-layer floor: every layer first gets the smallest rank whose relative error \
             ‖W − W_k‖_F / ‖W‖_F is at most this, then the budget spends what is left. A \
             global budget alone may leave a layer at 90 % error.",
    );
    model.max_layer_error = if on {
        let mut error = model.max_layer_error.unwrap_or(0.5);
        ui.add(
            egui::Slider::new(&mut error, 0.01..=1.0)
                .logarithmic(true)
                .text("relative error"),
        );
        Some(error)
    } else {
        None
    };
}

/// The export row: layout, where the ranks come from, and the button (a save dialog next).
fn export_controls(
    ui: &mut egui::Ui,
    model: &ModelView,
    state: &mut ExportChoice,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let format_label_id = ui
            .label(if model.base.is_some() {
                "Export the ΔW adapter as"
            } else if is_adapter(model) {
                "Resize the adapter to a"
            } else {
                "Export low-rank factors as"
            })
            .id;
        // A comparison exports ΔW: only as an adapter, never as a "compressed checkpoint"
        // (which would hold ΔW's factors where W belongs). An adapter is resized as one.
        let formats: &[ModelExportFormat] = if model.base.is_some() || is_adapter(model) {
            &[ModelExportFormat::Peft, ModelExportFormat::Kohya]
        } else {
            &[
                ModelExportFormat::Peft,
                ModelExportFormat::Kohya,
                ModelExportFormat::Compressed,
            ]
        };
        if !formats.contains(&state.format) {
            state.format = formats[0];
        }
        egui::ComboBox::from_id_salt("model export format")
            .selected_text(format_label(state.format))
            .show_ui(ui, |ui| {
                for &format in formats {
                    ui.selectable_value(&mut state.format, format, format_label(format));
                }
            })
            .response
            .labelled_by(format_label_id);
        let ranks_label_id = ui.label("at").id;
        let before = state.ranks;
        egui::ComboBox::from_id_salt("model export ranks")
            .selected_text(state.ranks.label())
            .show_ui(ui, |ui| {
                for ranks in RankSource::RULES {
                    if ranks == RankSource::GavishDonoho && is_adapter(model) {
                        ui.add_enabled(false, egui::Button::selectable(false, ranks.label()))
                            .on_disabled_hover_text(crate::analysis::GAVISH_DONOHO_LOW_RANK);
                        continue;
                    }
                    ui.selectable_value(&mut state.ranks, ranks, ranks.label());
                }
                let fixed = RankSource::Fixed(state.fixed_rank);
                if ui
                    .selectable_label(matches!(state.ranks, RankSource::Fixed(_)), fixed.label())
                    .clicked()
                {
                    state.ranks = fixed;
                }
            })
            .response
            .labelled_by(ranks_label_id);
        if let RankSource::Fixed(_) = state.ranks {
            ui.add(
                egui::DragValue::new(&mut state.fixed_rank)
                    .range(1..=4096)
                    .prefix("r = "),
            );
            state.ranks = RankSource::Fixed(state.fixed_rank);
        }
        if state.ranks != before {
            state.ranks_chosen = true;
        }
        let enabled = model.finished && !model.rows.is_empty();
        let button = if is_adapter(model) {
            "Resize…"
        } else {
            "Export…"
        };
        if ui
            .add_enabled(enabled, egui::Button::new(button))
            .on_disabled_hover_text("when the scan has finished")
            .clicked()
        {
            commands.push(Command::PickModelExportPath(state.format, state.ranks));
        }
    });
}

fn format_label(format: ModelExportFormat) -> &'static str {
    match format {
        ModelExportFormat::Peft => "PEFT adapter folder",
        ModelExportFormat::Kohya => "kohya LoRA .safetensors",
        ModelExportFormat::Compressed => "compressed checkpoint folder",
    }
}

/// The export choices, kept between frames in egui's memory.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ExportChoice {
    format: ModelExportFormat,
    ranks: RankSource,
    /// The user picked the ranks; until then they follow the budget (see `show`).
    ranks_chosen: bool,
    /// r of "the same rank r for every matrix".
    fixed_rank: usize,
}

fn rank_text(rank: Option<usize>) -> String {
    rank.map_or_else(|| "–".to_owned(), |k| k.to_string())
}

fn sort_header(
    ui: &mut egui::Ui,
    model: &mut ModelView,
    label: &str,
    column: SortColumn,
    tip: &str,
) {
    let arrow = match model.sort {
        (current, true) if current == column => " ▲",
        (current, false) if current == column => " ▼",
        _ => "",
    };
    if ui
        .add(
            egui::Button::new(egui::RichText::new(format!("{label}{arrow}")).strong()).frame(false),
        )
        .on_hover_text(tip)
        .clicked()
    {
        model.sort_by(column);
    }
}

/// The sortable column headers, each with what it means on hover.
fn table_header(mut header: egui_extras::TableRow<'_, '_>, model: &mut ModelView) {
    header.col(|ui| {
        ui.label("").on_hover_text("overlay the spectrum");
    });
    let sortable: [(&str, SortColumn, &str); 8] = [
        ("#", SortColumn::FileOrder, "file order"),
        (
            "name",
            SortColumn::Name,
            "tensor name; click a name to open it",
        ),
        (
            "params",
            SortColumn::Parameters,
            "numbers stored: m·n, or for an adapter module the numbers its factors hold \
             (r(m + n) for a LoRA pair)",
        ),
        ("‖W‖_F", SortColumn::Frobenius, "Frobenius norm"),
        ("σ₁", SortColumn::SigmaMax, "largest singular value = ‖W‖₂"),
        ("stable", SortColumn::StableRank, "stable rank Σσ²/σ₁²"),
        (
            "eff.",
            SortColumn::EffectiveRank,
            "effective rank exp(entropy of σ/Σσ)",
        ),
        (
            "e90",
            SortColumn::Energy90Fraction,
            "rank keeping 90 % of ‖W‖_F² (sorts by k / min(m, n))",
        ),
    ];
    for (position, (label, column, tip)) in sortable.into_iter().enumerate() {
        header.col(|ui| sort_header(ui, model, label, column, tip));
        if position == 1 {
            header.col(|ui| {
                ui.strong("shape");
            });
        }
    }
    let plain: [(&str, &str); 6] = [
        ("e99", "rank keeping 99 % of ‖W‖_F²"),
        ("GD", "Gavish–Donoho hard threshold rank"),
        ("ratio", "kohya sv_ratio rank (σ > σ₁/10)"),
        ("cumul", "kohya sv_cumulative rank (Σσ share ≥ 0.9)"),
        ("fro", "kohya sv_fro rank (Frobenius share ≥ 0.9)"),
        (
            "budget k",
            "rank from the global budget, and its relative error",
        ),
    ];
    for (label, tip) in plain {
        header.col(|ui| {
            ui.strong(label).on_hover_text(tip);
        });
    }
    if model.base.is_some() {
        header.col(|ui| {
            ui.strong("changed")
                .on_hover_text("whether W differs from W_base at all");
        });
    }
    if is_adapter(model) {
        header.col(|ui| {
            ui.strong("r (used)").on_hover_text(
                "the adapter's r for this module, and the numerical rank its ΔW actually has; \
                 ⚠ when that is at most half of what the module's structure allows",
            );
        });
    }
}

/// "r (used)" of an adapter module, ⚠ when it uses at most half of what it could.
fn adapter_text(row: &LayerRow) -> String {
    row.adapter.as_ref().map_or_else(String::new, |facts| {
        let flag = if facts.underused == Some(true) {
            " ⚠"
        } else {
            ""
        };
        format!("{} ({}){flag}", facts.rank, rank_text(facts.rank_used))
    })
}

/// Whether the rows are a LoRA adapter's modules.
fn is_adapter(model: &ModelView) -> bool {
    model.rows.iter().any(|row| row.adapter.is_some())
}

/// One row per matrix, in the chosen order. Only the rows in view are laid out (a
/// checkpoint can hold thousands of tensors; the scroll bar still spans them all).
/// Row `index`'s tick: its spectrum in the comparison plot or not. No visible text (the name
/// is in the next column), but a name for screen readers.
fn compare_tick(ui: &mut egui::Ui, model: &mut ModelView, index: usize) {
    let name = &model.rows[index].name;
    let mut selected = model.selected.contains(name);
    let tick = ui.checkbox(&mut selected, "");
    tick.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::CheckBox,
            true,
            selected,
            format!("compare {name}"),
        )
    });
    if tick.changed() {
        if selected {
            model.selected.insert(name.clone());
        } else {
            model.selected.remove(name);
        }
    }
}

fn table(ui: &mut egui::Ui, model: &mut ModelView, commands: &mut Vec<Command>, height: f32) {
    let order = model.visible();
    let ranks = model
        .allocation()
        .map(|a| (a.ranks.clone(), a.layer_errors.clone()));
    let columns = 16 + usize::from(model.base.is_some()) + usize::from(is_adapter(model));
    let adapter = is_adapter(model);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui_extras::TableBuilder::new(ui)
        .id_salt("model table")
        .striped(true)
        .max_scroll_height(height)
        .auto_shrink([false, true])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(egui_extras::Column::exact(18.0))
        .columns(egui_extras::Column::auto().at_least(28.0), columns - 1)
        .header(row_height + 2.0, |header| table_header(header, model))
        .body(|body| {
            body.rows(row_height, order.len(), |mut cells| {
                let index = order[cells.index()];
                cells.col(|ui| compare_tick(ui, model, index));
                let row: &LayerRow = &model.rows[index];
                let text = |cells: &mut egui_extras::TableRow<'_, '_>, text: String| {
                    cells.col(|ui| {
                        ui.label(text);
                    });
                };
                text(&mut cells, (index + 1).to_string());
                cells.col(|ui| {
                    if ui
                        .link(&row.name)
                        .on_hover_text("open this matrix with the rank slider")
                        .clicked()
                    {
                        let selection = if model.base.is_some() {
                            Selection::Delta(row.name.clone())
                        } else {
                            Selection::Entry(row.name.clone())
                        };
                        commands.push(Command::Select(selection));
                        commands.push(Command::ShowMain(MainView::Matrix));
                    }
                });
                text(&mut cells, format!("{} × {}", row.shape[0], row.shape[1]));
                text(&mut cells, super::grouped(row.stored_parameters()));
                text(&mut cells, format!("{:.3}", row.frobenius_norm));
                text(&mut cells, format!("{:.3}", row.sigma_max));
                text(&mut cells, format!("{:.2}", row.stable_rank));
                text(&mut cells, format!("{:.1}", row.effective_rank));
                for rank in [row.ranks.energy_90, row.ranks.energy_99] {
                    text(&mut cells, rank_text(rank));
                }
                if row.adapter.is_some() {
                    // ΔW of rank ≤ r: Gavish–Donoho has no noise floor to find.
                    cells.col(|ui| {
                        ui.weak("n/a")
                            .on_hover_text(crate::analysis::GAVISH_DONOHO_LOW_RANK);
                    });
                } else {
                    text(&mut cells, rank_text(row.ranks.gavish_donoho));
                }
                for rank in [
                    row.ranks.sv_ratio,
                    row.ranks.sv_cumulative,
                    row.ranks.sv_fro,
                ] {
                    text(&mut cells, rank_text(rank));
                }
                text(
                    &mut cells,
                    ranks.as_ref().map_or_else(String::new, |(ranks, errors)| {
                        format!("{} ({:.3})", ranks[index], errors[index])
                    }),
                );
                if model.base.is_some() {
                    let changed = if row.changed == Some(true) {
                        "yes"
                    } else {
                        "no"
                    };
                    text(&mut cells, changed.to_owned());
                }
                if adapter {
                    text(&mut cells, adapter_text(row));
                }
            });
        });
}

fn overlay(ui: &mut egui::Ui, model: &ModelView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(
                "Normalised spectra σᵢ/σ₁ against i / min(m, n) (log scale) — tick rows to compare",
            )
            .strong(),
        );
        ui.add_enabled_ui(!model.selected.is_empty(), |ui| {
            ui.menu_button("Save figure…", |ui| {
                crate::app::figures::formats_ui(ui, FigureKind::Spectra, commands);
            })
            .response
            .on_hover_text(
                "the spectra of the ticked rows as SVG or PNG, or their numbers as CSV \
                 (as rankscope scan --figure)",
            )
            .on_disabled_hover_text("tick rows to compare first");
        });
    });
    let chosen: Vec<&LayerRow> = model
        .rows
        .iter()
        .filter(|row| model.selected.contains(&row.name))
        .collect();
    Plot::new("model overlay")
        .height((ui.available_height() - 4.0).max(120.0))
        // Small and see-through: the spectra fall from the top left, under it.
        .legend(
            Legend::default()
                .position(egui_plot::Corner::RightTop)
                .text_style(egui::TextStyle::Small)
                .background_alpha(0.5),
        )
        .x_axis_label("i / min(m, n)")
        .y_axis_formatter(|mark, _| super::axes::log_tick(mark))
        .y_grid_spacer(super::axes::log_spacer())
        .allow_scroll(false)
        .show(ui, |plot_ui| {
            for row in chosen {
                let Some(&top) = row.singular_values.first() else {
                    continue;
                };
                #[allow(clippy::cast_precision_loss)]
                let scale = row.shape[0].min(row.shape[1]) as f64;
                #[allow(clippy::cast_precision_loss)]
                let points: PlotPoints<'_> = row
                    .singular_values
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| **s > 0.0 && top > 0.0)
                    .map(|(i, s)| [(i + 1) as f64 / scale, (s / top).log10()])
                    .collect();
                plot_ui.line(Line::new(row.name.clone(), points));
            }
        });
}
