//! Axis ticks for counts (ranks, indices, rows and columns): whole numbers only.

use egui_plot::{GridInput, GridMark};

/// Grid steps of 1, 10, 100, … only: between two whole numbers there is nothing to label,
/// and formatting a step of 0.2 as a whole number reads "0 0 0 1 1" (what narrow plots and
/// Ctrl+plus used to show).
#[must_use]
pub fn integer_spacer() -> Box<dyn Fn(GridInput) -> Vec<GridMark>> {
    egui_plot::uniform_grid_spacer(|input: GridInput| {
        let smallest = if input.base_step_size > 1.0 {
            10f64.powf(input.base_step_size.log10().ceil())
        } else {
            1.0
        };
        [smallest, smallest * 10.0, smallest * 100.0]
    })
}

/// A whole-number tick ("−0" shown as "0").
#[must_use]
pub fn integer_tick(mark: GridMark) -> String {
    format!("{:.0}", mark.value.round() + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_or_zoomed_axes_get_whole_distinct_ticks() {
        // 0.3 of a rank per grid step: a narrow plot of 5 ranks, or Ctrl+plus.
        let marks = integer_spacer()(GridInput {
            bounds: (-0.2, 5.3),
            base_step_size: 0.3,
        });
        let labels: Vec<String> = marks.iter().map(|m| integer_tick(*m)).collect();
        assert_eq!(labels, ["0", "1", "2", "3", "4", "5"]);
        // Wide ranges keep egui's spacing: steps of 100 for a base step of 37.
        let marks = integer_spacer()(GridInput {
            bounds: (0.0, 384.0),
            base_step_size: 37.0,
        });
        assert!(marks.iter().all(|m| m.value % 100.0 == 0.0), "{marks:?}");
    }
}
