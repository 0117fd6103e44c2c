//! What every curve figure's frame shares: tick labels for counts, logs, fractions, percents
//! and decibels, and the chart with its title fitted to the width.

use super::style::{self, FONT, Sizes};
use plotters::coord::Shift;
use plotters::prelude::*;

/// 12 → "₁₂" (figure labels and the window's formulas).
#[must_use]
pub fn subscript(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| char::from_u32(0x2080 + d.to_digit(10).unwrap_or(0)).unwrap_or(d))
        .collect()
}

/// A tick label for a count.
#[allow(clippy::trivially_copy_pass_by_ref)] // plotters' formatter signature
pub(super) fn count_label(value: &f64) -> String {
    // Ticks between whole numbers (a short axis) stay unlabelled rather than read "0 0 1".
    if (value - value.round()).abs() < 1e-9 {
        format!("{value:.0}")
    } else {
        String::new()
    }
}

/// A tick label on the log axis: plain numbers where they are short, else 2e-5.
#[allow(clippy::trivially_copy_pass_by_ref)] // plotters' formatter signature
pub(super) fn log_label(value: &f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 {
        "0".to_owned()
    } else if (1e-3..1e5).contains(&magnitude) {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        format!("{value:.0e}")
    }
}

/// A tick label on an axis of fractions from 0 to 1: 0, 0.25, 1.
#[allow(clippy::trivially_copy_pass_by_ref)] // plotters' formatter signature
pub(super) fn fraction_label(value: &f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[allow(clippy::trivially_copy_pass_by_ref)] // plotters' formatter signature
pub(super) fn percent_label(value: &f64) -> String {
    format!("{value:.0} %")
}

#[allow(clippy::trivially_copy_pass_by_ref)] // plotters' formatter signature
pub(super) fn decibel_label(value: &f64) -> String {
    format!("{value:.0}")
}

/// Ticks on an axis of counts up to `end`: ten, or one per whole number on a short axis.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a small count
pub(super) fn x_labels(end: f64) -> usize {
    (end.max(0.0) as usize + 1).clamp(2, 10)
}

/// The title and a font size at which it fits the figure's width: smaller down to 60 % of
/// the usual size, then shortened in the middle (a file name and a filter can be long).
fn fitted_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: String,
    sizes: Sizes,
) -> (String, f64) {
    let room = f64::from(root.dim_in_pixel().0) - 2.0 * f64::from(sizes.px(30.0));
    let width = |text: &str, size: f64| {
        root.estimate_text_size(text, &(FONT, size).into_font().into_text_style(root))
            .map_or(0.0, |(w, _)| f64::from(w))
    };
    let mut size = sizes.title();
    while width(&title, size) > room && size > 0.6 * sizes.title() {
        size *= 0.95;
    }
    if width(&title, size) <= room {
        return (title, size);
    }
    let chars: Vec<char> = title.chars().collect();
    let mut keep = chars.len();
    while keep > 8 {
        keep -= 1;
        let head: String = chars[..keep / 2].iter().collect();
        let tail: String = chars[chars.len() - (keep - keep / 2)..].iter().collect();
        let shortened = format!("{head}…{tail}");
        if width(&shortened, size) <= room {
            return (shortened, size);
        }
    }
    (title, size)
}

pub(super) fn chart_builder<'b, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: String,
    sizes: Sizes,
) -> ChartBuilder<'_, 'b, DB> {
    let (title, size) = fitted_title(root, title, sizes);
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(title, (FONT, size).into_font().color(&style::INK))
        .margin(sizes.px(30.0))
        .margin_right(sizes.px(50.0))
        .x_label_area_size(sizes.px(110.0))
        .y_label_area_size(sizes.px(150.0));
    builder
}
