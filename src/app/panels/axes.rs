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
    // A divisor of `step`, so the finer lines fall on the labelled ones (after 50 comes 10,
    // not 20: 20s and 50s labelled together read "0 20 40 50 60").
    let below = if lead <= 1.0 { power / 2.0 } else { power };
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

/// Grid marks of a log₁₀ axis (the plotted values are log₁₀ x): every decade, and 2× and 5×
/// within each when the axis spans few decades, so that a spectrum from 4 to 60 reads
/// "5, 10, 20, 50" instead of a lone "1e1".
#[must_use]
pub fn log_spacer() -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    Box::new(|input: GridInput| {
        let (low, high) = input.bounds;
        if !(low.is_finite() && high.is_finite()) || high <= low {
            return Vec::new();
        }
        let decades = high - low;
        // Decades only, every `stride` of them, once the axis spans many.
        #[allow(clippy::cast_possible_truncation)] // a whole number of decades, under 700
        let stride = nice_at_least(decades / 6.0).max(1.0) as i64;
        let minor = decades <= 3.0;
        let mut marks = Vec::new();
        #[allow(clippy::cast_possible_truncation)]
        let (first, last) = (low.floor() as i64, high.ceil() as i64);
        for decade in first..=last {
            #[allow(clippy::cast_precision_loss)]
            let value = decade as f64;
            if decade.rem_euclid(stride) == 0 {
                #[allow(clippy::cast_precision_loss)]
                marks.push(GridMark {
                    value,
                    step_size: stride as f64,
                });
            }
            if minor {
                for factor in [2.0f64, 5.0] {
                    marks.push(GridMark {
                        value: value + factor.log10(),
                        step_size: 0.3,
                    });
                }
            }
        }
        marks.retain(|mark| (low..=high).contains(&mark.value));
        marks
    })
}

/// The label of a log₁₀ axis mark: the number itself from 0.001 to 9999 ("0.5", "20"), else
/// in scientific notation ("1e-6").
#[must_use]
pub fn log_tick(mark: GridMark) -> String {
    let x = 10f64.powf(mark.value);
    if (1e-3..1e4).contains(&x) {
        // Marks sit on 1, 2 or 5 times a power of ten: rounding to 3 digits removes the
        // error of 10^log10.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 5
        let digits = (2.0 - x.log10().floor()).max(0.0) as usize;
        let text = format!("{x:.digits$}");
        if text.contains('.') {
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            text
        }
    } else {
        format!("{x:.0e}")
    }
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
        assert_eq!(nice_below(50.0), 10.0);
        assert_eq!(nice_below(1.0), 1.0);
    }

    #[test]
    fn log_axes_label_round_numbers() {
        let tick = |x: f64| {
            log_tick(GridMark {
                value: x.log10(),
                step_size: 1.0,
            })
        };
        assert_eq!(tick(20.0), "20");
        assert_eq!(tick(0.5), "0.5");
        assert_eq!(tick(1.0), "1");
        assert_eq!(tick(0.002), "0.002");
        assert_eq!(tick(5000.0), "5000");
        assert_eq!(tick(1e-6), "1e-6");
        assert_eq!(tick(1e5), "1e5");
        // 4 to 60: 5, 10, 20, 50 — not one lone decade.
        let spacer = log_spacer();
        let marks = spacer(GridInput {
            bounds: (4f64.log10(), 60f64.log10()),
            base_step_size: 0.01,
        });
        let labels: Vec<String> = marks.into_iter().map(log_tick).collect();
        assert_eq!(labels, ["5", "10", "20", "50"]);
    }

    #[test]
    fn every_finer_step_divides_the_labelled_one() {
        // 120 ranks on the 210-point error curve of a 1024-px window labelled "0 20 40 50
        // 60 100 120" when 20s were the finer step under 50s.
        let labels = x_labels((-3.0, 123.0), 210.0);
        let values: Vec<i64> = labels.iter().map(|l| l.parse().unwrap()).collect();
        let step = values[1] - values[0];
        assert!(
            values.windows(2).all(|w| w[1] - w[0] == step),
            "uneven labels: {labels:?}"
        );
        for label in [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0] {
            let finer = nice_below(label);
            let coarser = nice_at_least(label * 5.0);
            assert_eq!(label % finer, 0.0, "{finer} does not divide {label}");
            assert_eq!(coarser % label, 0.0, "{label} does not divide {coarser}");
        }
    }
}
