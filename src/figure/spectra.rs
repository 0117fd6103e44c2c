//! The normalised spectra of several matrices (the Model view's overlay, `rankscope scan
//! --figure`): σᵢ/σ₁ on a log axis against i / min(m, n), one line per matrix, so matrices of
//! different sizes and scales compare on one chart.

use super::axes::{fraction_label, log_label};
use super::curves::{LinearCurve, Series};
use super::style;
use plotters::prelude::SeriesLabelPosition;

/// The most matrices the legend names; the others are drawn and counted in one entry.
pub const SPECTRA_NAMED_MAX: usize = 8;

/// A legend name longer than this many characters is shortened in its middle.
const NAME_CHARS_MAX: usize = 44;

/// One matrix's line.
#[derive(Debug, Clone)]
struct Line {
    name: String,
    shape: (usize, usize),
    singular_values: Vec<f64>,
}

/// What the normalised-spectra figure is drawn from: the σ of each matrix, in order.
#[derive(Debug, Clone)]
pub struct Spectra {
    title: String,
    lines: Vec<Line>,
}

impl Spectra {
    /// No matrix yet; `title` names what they are of (a checkpoint).
    #[must_use]
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            lines: Vec::new(),
        }
    }

    /// Adds matrix `name` of `shape` (m, n) with its σ in descending order (all min(m, n),
    /// or the first ones known).
    pub fn push(
        &mut self,
        name: impl Into<String>,
        shape: (usize, usize),
        singular_values: &[f64],
    ) {
        self.lines.push(Line {
            name: name.into(),
            shape,
            singular_values: singular_values.to_vec(),
        });
    }

    /// How many matrices.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there is no matrix.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The title the figure carries.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Each matrix's name and σ, in order.
    pub(super) fn matrices(&self) -> impl Iterator<Item = (&str, &[f64])> {
        self.lines
            .iter()
            .map(|line| (line.name.as_str(), line.singular_values.as_slice()))
    }
}

/// `name` whole, or "…" and its last characters when longer than [`NAME_CHARS_MAX`]: the
/// end of a tensor's name tells most (`…layers.11.self_attn.q_proj.weight`), while a start
/// shared by every layer (`model.language_model.`) would leave the names alike.
fn elided(name: &str) -> String {
    let count = name.chars().count();
    if count <= NAME_CHARS_MAX {
        return name.to_owned();
    }
    let end: String = name.chars().skip(count - (NAME_CHARS_MAX - 1)).collect();
    format!("…{end}")
}

/// (i / min(m, n), σᵢ/σ₁) of `line` where σᵢ/σ₁ can be drawn on a log axis (positive).
#[allow(clippy::cast_precision_loss)]
fn points(line: &Line) -> Vec<(f64, f64)> {
    let scale = line.shape.0.min(line.shape.1).max(1) as f64;
    let top = line.singular_values.first().copied().unwrap_or(0.0);
    if top <= 0.0 {
        return Vec::new();
    }
    line.singular_values
        .iter()
        .enumerate()
        .map(|(i, s)| ((i + 1) as f64 / scale, s / top))
        .filter(|(_, r)| *r > 0.0 && r.is_finite())
        .collect()
}

/// The lines, the axes and the legend of `spectra`.
pub(super) fn curve(spectra: &Spectra) -> LinearCurve {
    let mut series: Vec<Series> = Vec::new();
    let mut low = f64::INFINITY;
    for (index, line) in spectra.lines.iter().enumerate() {
        let points = points(line);
        low = points.iter().map(|(_, r)| *r).fold(low, f64::min);
        let colour = style::LINES[index % style::LINES.len()];
        let (m, n) = line.shape;
        let name = if index < SPECTRA_NAMED_MAX || spectra.lines.len() == SPECTRA_NAMED_MAX + 1 {
            let mut name = format!("{} ({m} × {n})", elided(&line.name));
            if points.is_empty() {
                name.push_str(": all 0, nothing to draw");
            }
            name
        } else if index == SPECTRA_NAMED_MAX {
            format!(
                "… and {} more (named in the CSV)",
                spectra.lines.len() - SPECTRA_NAMED_MAX
            )
        } else {
            // Drawn, not in the legend.
            String::new()
        };
        series.push((name, colour, points));
    }
    // A decade of room below the lowest ratio and half of one above 1.
    let low = if low.is_finite() { low / 2.0 } else { 0.1 };
    let count = spectra.lines.len();
    LinearCurve {
        title: format!(
            "Normalised spectra: {} ({count} matri{})",
            spectra.title,
            if count == 1 { "x" } else { "ces" }
        ),
        x_desc: "position i / min(m, n) (fraction of the largest possible rank)",
        y_desc: "σᵢ / σ₁ (relative to the largest, log scale)",
        series,
        y_range: (low, 2.0),
        x_end: 1.0,
        log_x: false,
        log_y: true,
        x_label: fraction_label,
        y_label: log_label,
        rank_note: Box::new(|_| String::new()),
        legend_position: SeriesLabelPosition::LowerLeft,
        marks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_keep_their_end() {
        let name = "model.language_model.layers.11.self_attention.linear_qkv.weight";
        let short = elided(name);
        assert_eq!(short.chars().count(), NAME_CHARS_MAX);
        assert!(short.starts_with('…'), "{short}");
        assert!(
            short.ends_with("layers.11.self_attention.linear_qkv.weight"),
            "{short}"
        );
        assert_eq!(elided("fc1.weight"), "fc1.weight");
    }

    #[test]
    fn points_are_ratios_against_the_fraction_of_min_m_n() {
        // σ = 4, 2, 0 of a 3 × 5 matrix: (1/3, 1), (2/3, 0.5); the 0 is not drawable.
        let line = Line {
            name: "w".to_owned(),
            shape: (3, 5),
            singular_values: vec![4.0, 2.0, 0.0],
        };
        assert_eq!(points(&line), vec![(1.0 / 3.0, 1.0), (2.0 / 3.0, 0.5)]);
    }
}
