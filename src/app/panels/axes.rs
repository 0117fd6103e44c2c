//! Axis ticks for counts (ranks, indices, rows and columns): whole numbers, spaced so that
//! several of them are labelled at any width.

use egui_plot::{AxisHints, GridInput, GridMark};

/// egui_plot's default `grid_spacing.min`: `GridInput::base_step_size` is the value of this
/// many points.
const GRID_MIN_POINTS: f64 = 8.0;

/// Smallest of 1, 2, 5, 10, 20, 50, … that is at least `value`.
fn nice_at_least(value: f64) -> f64 {
    let mut step = 1.0;
    loop {
        for factor in [1.0, 2.0, 5.0] {
            if step * factor >= value {
                return step * factor;
            }
        }
        step *= 10.0;
    }
}

/// The nice step below `step` (≥ 1), for the finer grid lines.
fn nice_below(step: f64) -> f64 {
    let power = 10f64.powf(step.log10().floor());
    let lead = (step / power).round();
    let below = if lead <= 1.0 {
        power / 2.0
    } else if lead <= 2.0 {
        power
    } else {
        2.0 * power
    };
    below.max(1.0)
}

/// Grid steps of whole numbers in 1–2–5 progression, the labelled one at least
/// `label_points` apart on screen. egui_plot's own steps grow ×10 and it labels x steps only
/// from 60 points apart: on a 180-point axis of 384 ranks the 100s are 47 points apart and
/// unlabelled, the 1000s are off the axis, and "0" is the only label left (the collapse seen
/// at 1100–1366 px and after Ctrl+plus).
#[must_use]
fn integer_spacer(label_points: f64) -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    egui_plot::uniform_grid_spacer(move |input: GridInput| {
        let per_point = input.base_step_size / GRID_MIN_POINTS;
        let label = nice_at_least(per_point * label_points).max(1.0);
        [nice_below(label), label, nice_at_least(label * 5.0)]
    })
}

/// A whole-number tick ("−0" shown as "0").
#[must_use]
pub fn integer_tick(mark: GridMark) -> String {
    format!("{:.0}", mark.value.round() + 0.0)
}

/// Points between labelled x ticks: whole numbers of up to four digits are under 32 points
/// wide, so egui_plot's 60 (meant for long decimals) is relaxed to 36.
const X_LABEL_POINTS: f64 = 40.0;

/// An x axis of counts named `label`, labelled at whole numbers at least 40 points apart;
/// goes with [`x_spacer`].
#[must_use]
pub fn count_x_axis(label: &str) -> AxisHints<'static> {
    #[allow(clippy::cast_possible_truncation)]
    AxisHints::new_x()
        .label(label)
        .formatter(|mark, _| integer_tick(mark))
        .label_spacing(36.0..=X_LABEL_POINTS as f32 + 4.0)
}

/// The grid spacer that goes with [`count_x_axis`].
#[must_use]
pub fn x_spacer() -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    integer_spacer(X_LABEL_POINTS)
}

/// A y spacer of whole numbers (egui_plot labels y ticks from 20 points apart).
#[must_use]
pub fn y_spacer() -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    integer_spacer(24.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels a count x axis `points` wide showing `bounds` draws: the marks whose step
    /// is more than 36 points on screen.
    fn x_labels(bounds: (f64, f64), points: f64) -> Vec<String> {
        let per_point = (bounds.1 - bounds.0) / points;
        let marks = x_spacer()(GridInput {
            bounds,
            base_step_size: per_point * GRID_MIN_POINTS,
        });
        marks
            .into_iter()
            .filter(|m| m.step_size / per_point > 36.0)
            .map(integer_tick)
            .collect()
    }

    #[test]
    fn narrow_or_zoomed_axes_keep_several_whole_labels() {
        // 384 ranks on 180 points (the error curve of a 1100-px window).
        assert_eq!(x_labels((-5.0, 390.0), 180.0), ["0", "100", "200", "300"]);
        // The same at 1.5× zoom: 120 points.
        assert_eq!(x_labels((-5.0, 390.0), 120.0), ["0", "200"]);
        // Zoomed into six ranks: whole numbers only, no "0 0 1 1".
        assert_eq!(x_labels((-0.2, 5.3), 400.0), ["0", "1", "2", "3", "4", "5"]);
        assert_eq!(nice_at_least(3.0), 5.0);
        assert_eq!(nice_at_least(120.0), 200.0);
        assert_eq!(nice_below(200.0), 100.0);
        assert_eq!(nice_below(50.0), 20.0);
        assert_eq!(nice_below(1.0), 1.0);
    }
}
