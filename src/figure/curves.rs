//! The curve figures: σ_i on a log axis with the Gavish–Donoho threshold, e_k, c_k and the
//! PSNR of an image against k, with the rank k marked when one is given.

use super::axes::{
    chart_builder, count_label, decibel_label, log_label, percent_label, subscript, x_labels,
};
use super::style::{self, FONT, Sizes};
use crate::analysis::{Channels, Spectrum, break_even_rank};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What the curve figures are drawn from: the spectrum of one matrix, or of each channel of
/// a colour image (whose error, energy and PSNR pool the channels as the window's colour
/// mode does, [`Channels`]).
#[derive(Debug, Clone)]
pub struct Curves {
    title: String,
    spectra: Vec<Spectrum>,
    channel_names: Vec<String>,
    is_image: bool,
}

impl Curves {
    /// The curves of one matrix; `is_image` for pixels in \[0, 1\] (enables PSNR).
    #[must_use]
    pub fn single(title: impl Into<String>, spectrum: Spectrum, is_image: bool) -> Self {
        Self {
            title: title.into(),
            spectra: vec![spectrum],
            channel_names: Vec::new(),
            is_image,
        }
    }

    /// The curves of a colour image, one spectrum per channel (r, g, b).
    #[must_use]
    pub fn colour(title: impl Into<String>, spectra: [Spectrum; 3]) -> Self {
        Self {
            title: title.into(),
            spectra: spectra.into(),
            channel_names: ["r", "g", "b"].map(str::to_owned).into(),
            is_image: true,
        }
    }

    /// The title the figures carry.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Whether the matrix holds image pixels in \[0, 1\].
    #[must_use]
    pub fn is_image(&self) -> bool {
        self.is_image
    }

    /// Whether these are the channels of a colour image.
    #[must_use]
    pub fn is_colour(&self) -> bool {
        self.spectra.len() > 1
    }

    /// The spectra: one, or r, g, b.
    #[must_use]
    pub fn spectra(&self) -> &[Spectrum] {
        &self.spectra
    }

    /// The channel names of a colour image (empty for one matrix).
    #[must_use]
    pub fn channel_names(&self) -> &[String] {
        &self.channel_names
    }

    /// The largest rank every curve reaches: the number of known σ (of the shortest channel).
    #[must_use]
    pub fn len(&self) -> usize {
        self.spectra.iter().map(Spectrum::len).min().unwrap_or(0)
    }

    /// Whether no σ is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (m, n) of each channel.
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        self.spectra.first().map_or((0, 0), Spectrum::shape)
    }

    /// e_k = ‖A − A_k‖_F / ‖A‖_F: [`Spectrum::relative_error`] for one matrix (the value
    /// `analyze` reports), pooled over the channels for colour.
    #[must_use]
    pub fn relative_error(&self, rank: usize) -> f64 {
        match self.spectra.as_slice() {
            [one] => one.relative_error(rank),
            many => Channels::new(many).relative_error(rank),
        }
    }

    /// c_k = Σ_{i≤k} σ_i² / ‖A‖_F², as [`Self::relative_error`].
    #[must_use]
    pub fn energy(&self, rank: usize) -> f64 {
        match self.spectra.as_slice() {
            [one] => one.energy(rank),
            many => Channels::new(many).energy(rank),
        }
    }

    /// PSNR of A_k in dB for an image (`None` for other matrices and where A_k = A).
    #[must_use]
    pub fn psnr_db(&self, rank: usize) -> Option<f64> {
        if !self.is_image {
            return None;
        }
        match self.spectra.as_slice() {
            [one] => one.psnr_db(rank),
            many => Channels::new(many).psnr_db(rank),
        }
    }

    /// The Gavish–Donoho threshold drawn on the spectrum: the first channel's (positive).
    fn threshold(&self) -> Option<f64> {
        self.spectra
            .first()?
            .gavish_donoho_threshold()
            .filter(|t| *t > 0.0)
    }

    fn shape_text(&self) -> String {
        let (m, n) = self.shape();
        format!("{m} × {n}")
    }
}

fn error_text<E: std::fmt::Display>(error: E) -> String {
    error.to_string()
}

/// Draws curve figure `kind` of `curves` on `root`.
pub(super) fn draw<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, Shift>,
    kind: super::FigureKind,
    curves: &Curves,
    rank: Option<usize>,
    sizes: Sizes,
) -> Result<(), String> {
    use super::FigureKind;
    root.fill(&WHITE).map_err(error_text)?;
    match kind {
        FigureKind::Spectrum => spectrum(root, curves, rank, sizes),
        FigureKind::Error => linear(root, &error_curve(curves), rank, sizes),
        FigureKind::Energy => linear(root, &energy_curve(curves), rank, sizes),
        FigureKind::Psnr => linear(root, &psnr_curve(curves), rank, sizes),
        FigureKind::Layers => Err("the layers are not a curve".to_owned()),
        FigureKind::Denoise => Err("the denoising figure is drawn from its experiment".to_owned()),
        FigureKind::Spectra => {
            Err("the normalised spectra are drawn from their matrices".to_owned())
        }
    }
}

/// Mesh and axis descriptions every curve figure shares.
macro_rules! configure_mesh {
    ($chart:expr, $sizes:expr, $x_desc:expr, $y_desc:expr, $x_label:expr, $y_label:expr, $x_labels:expr) => {
        $chart
            .configure_mesh()
            .x_desc($x_desc)
            .y_desc($y_desc)
            .axis_desc_style((FONT, $sizes.axis()).into_font().color(&style::INK))
            .label_style((FONT, $sizes.label()).into_font().color(&style::INK))
            .x_label_formatter($x_label)
            .y_label_formatter($y_label)
            .x_labels($x_labels)
            .y_labels(10)
            .bold_line_style(RGBColor(215, 215, 215).stroke_width(1))
            .light_line_style(RGBColor(240, 240, 240).stroke_width(1))
            .axis_style(style::INK.stroke_width(2))
            .set_all_tick_mark_size($sizes.px(8.0))
            .draw()
            .map_err(error_text)?
    };
}

/// The legend, in a framed white box at `position`.
macro_rules! draw_legend {
    ($chart:expr, $sizes:expr, $position:expr) => {
        $chart
            .configure_series_labels()
            .position($position)
            .margin($sizes.px(20.0))
            .legend_area_size($sizes.px(50.0))
            .label_font((FONT, $sizes.label()).into_font().color(&style::INK))
            .background_style(WHITE.mix(0.9))
            .border_style(style::INK.stroke_width(1))
            .draw()
            .map_err(error_text)?
    };
}

/// A short stroke for a legend entry: `legend_mark!(sizes, colour)` solid,
/// `legend_mark!(sizes, colour, dashed)` in three dashes.
macro_rules! legend_mark {
    ($sizes:expr, $colour:expr) => {{
        let width = $sizes.px(40.0);
        let style = $colour.stroke_width($sizes.stroke());
        move |(x, y): (i32, i32)| PathElement::new(vec![(x, y), (x + width, y)], style)
    }};
    ($sizes:expr, $colour:expr, dashed) => {{
        let width = $sizes.px(40.0);
        let dash = width / 5;
        let style = $colour.stroke_width($sizes.stroke());
        move |(x, y): (i32, i32)| {
            EmptyElement::at((x, y))
                + PathElement::new(vec![(0, 0), (dash, 0)], style)
                + PathElement::new(vec![(2 * dash, 0), (3 * dash, 0)], style)
                + PathElement::new(vec![(4 * dash, 0), (width, 0)], style)
        }
    }};
}

#[allow(clippy::cast_precision_loss)]
fn spectrum<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, Shift>,
    curves: &Curves,
    rank: Option<usize>,
    sizes: Sizes,
) -> Result<(), String> {
    let len = curves.len();
    let threshold = curves.threshold();
    let positive = curves
        .spectra()
        .iter()
        .flat_map(|s| s.singular_values()[..len].iter().copied())
        .chain(threshold)
        .filter(|s| *s > 0.0);
    let (low, high) = positive.fold((f64::INFINITY, 0.0f64), |(lo, hi), s| {
        (lo.min(s), hi.max(s))
    });
    // A decade of room below and half of one above; a zero matrix gets an empty decade.
    let (low, high) = if high > 0.0 {
        (low / 2.0, high * 2.0)
    } else {
        (0.1, 1.0)
    };
    let x_end = len.max(2) as f64;
    let mut chart = chart_builder(
        root,
        format!(
            "Singular values: {} ({})",
            curves.title(),
            curves.shape_text()
        ),
        sizes,
    )
    .build_cartesian_2d(1.0..x_end, (low..high).log_scale())
    .map_err(error_text)?;
    configure_mesh!(
        chart,
        sizes,
        "index i (σᵢ in descending order)",
        "singular value σᵢ (units of A, log scale)",
        &count_label,
        &log_label,
        x_labels(x_end)
    );
    let stroke = sizes.stroke();
    for (index, spectrum) in curves.spectra().iter().enumerate() {
        let (colour, mut name) = if curves.is_colour() {
            (
                style::CHANNELS[index % 3],
                format!("σᵢ of {}", curves.channel_names()[index]),
            )
        } else {
            (style::MAIN, "σᵢ".to_owned())
        };
        if spectrum.singular_values()[..len].iter().all(|s| *s <= 0.0) {
            name.push_str(": all 0, nothing to draw on a log axis");
        }
        let points: Vec<(f64, f64)> = spectrum.singular_values()[..len]
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > 0.0)
            .map(|(i, s)| ((i + 1) as f64, *s))
            .collect();
        chart
            .draw_series(LineSeries::new(points, colour.stroke_width(stroke)))
            .map_err(error_text)?
            .label(name)
            .legend(legend_mark!(sizes, colour));
    }
    if let Some(threshold) = threshold {
        let kept = curves.spectra()[0].gavish_donoho_rank().unwrap_or(0);
        let which = if curves.is_colour() { " of r" } else { "" };
        chart
            .draw_series(DashedLineSeries::new(
                [(1.0, threshold), (x_end, threshold)],
                sizes.px(18.0),
                sizes.px(10.0),
                style::THRESHOLD.stroke_width(stroke),
            ))
            .map_err(error_text)?
            .label(format!(
                "Gavish–Donoho threshold{which} {} (keeps {kept})",
                log_label(&threshold)
            ))
            .legend(legend_mark!(sizes, style::THRESHOLD, dashed));
    }
    if let Some(k) = rank.filter(|k| (1..=len).contains(k)) {
        let sigma = curves.spectra()[0].singular_values()[k - 1];
        let value = if curves.is_colour() {
            String::new()
        } else {
            format!(", σ{} = {}", subscript(k), log_label(&sigma))
        };
        chart
            .draw_series(LineSeries::new(
                [(k as f64, low), (k as f64, high)],
                style::INK.stroke_width(stroke),
            ))
            .map_err(error_text)?
            .label(format!("k = {k}{value}"))
            .legend(legend_mark!(sizes, style::INK));
    }
    draw_legend!(chart, sizes, SeriesLabelPosition::UpperRight);
    root.present().map_err(error_text)
}

/// A named curve in its colour: (name, colour, points (k, y)).
pub(super) type Series = (String, RGBColor, Vec<(f64, f64)>);

/// A vertical line at a rank, with its legend entry.
pub(super) struct Mark {
    /// Where it stands.
    pub rank: usize,
    /// What the legend says.
    pub label: String,
    pub colour: RGBColor,
    /// Dash and gap in px at the reference size; `None`: solid.
    pub dash: Option<(f64, f64)>,
}

/// One figure of curves against the rank k: k = 0 … r on a linear axis, or k = 1 … r on a
/// log axis.
pub(super) struct LinearCurve {
    pub title: String,
    pub x_desc: &'static str,
    pub y_desc: &'static str,
    pub series: Vec<Series>,
    pub y_range: (f64, f64),
    /// The largest k on the axis.
    pub x_end: f64,
    /// k on a log axis from 1 (k = 0 cannot be drawn there).
    pub log_x: bool,
    /// The values on a log axis (`y_range` then positive).
    pub log_y: bool,
    /// Tick labels along x: whole counts ([`count_label`]) or fractions.
    pub x_label: fn(&f64) -> String,
    pub y_label: fn(&f64) -> String,
    /// What the k marker's legend entry says after "k = K".
    pub rank_note: Box<dyn Fn(usize) -> String>,
    pub legend_position: SeriesLabelPosition,
    /// Lines at ranks that matter (the break-even rank, the best k, …), drawn before k's.
    pub marks: Vec<Mark>,
}

pub(super) fn percent(value: f64) -> String {
    format!("{:.2} %", 100.0 * value)
}

/// The k axis of the figures against k.
const K_AXIS: &str = "rank k (components kept)";

/// A curve of a fraction shown in % against k (the error, the energy), told apart by these.
struct PercentCurve {
    /// The fraction at rank k.
    measure: fn(&Curves, usize) -> f64,
    /// "Relative error of A_k", "Energy kept by A_k".
    title: &'static str,
    y_desc: &'static str,
    series: &'static str,
    colour: RGBColor,
    /// The word before the value in the k marker's legend entry.
    note: &'static str,
    legend_position: SeriesLabelPosition,
}

#[allow(clippy::cast_precision_loss)]
fn percent_curve(curves: &Curves, kind: PercentCurve) -> LinearCurve {
    let len = curves.len();
    let measure = kind.measure;
    let points = (0..=len)
        .map(|k| (k as f64, 100.0 * measure(curves, k)))
        .collect();
    let pooled = if curves.is_colour() {
        " (r, g, b together)"
    } else {
        ""
    };
    let for_note = curves.clone();
    let note = kind.note;
    let break_even = break_even_rank(curves.shape().0, curves.shape().1);
    #[allow(clippy::cast_precision_loss)]
    let marks = ((break_even as f64) < (len as f64).max(1.0))
        .then(|| Mark {
            rank: break_even,
            label: format!("break-even k = {break_even} (beyond it the factors outnumber A)"),
            colour: style::BREAK_EVEN,
            dash: Some((18.0, 10.0)),
        })
        .into_iter()
        .collect();
    LinearCurve {
        title: format!(
            "{}{pooled}: {} ({})",
            kind.title,
            curves.title(),
            curves.shape_text()
        ),
        x_desc: K_AXIS,
        y_desc: kind.y_desc,
        series: vec![(kind.series.to_owned(), kind.colour, points)],
        y_range: (0.0, 100.0),
        x_end: len as f64,
        log_x: false,
        log_y: false,
        x_label: count_label,
        y_label: percent_label,
        rank_note: Box::new(move |k| format!(", {note} {}", percent(measure(&for_note, k)))),
        legend_position: kind.legend_position,
        marks,
    }
}

fn error_curve(curves: &Curves) -> LinearCurve {
    percent_curve(
        curves,
        PercentCurve {
            measure: Curves::relative_error,
            title: "Relative error of A_k",
            y_desc: "relative error ‖A − A_k‖_F / ‖A‖_F (%)",
            series: "‖A − A_k‖_F / ‖A‖_F",
            colour: style::MAIN,
            note: "error",
            legend_position: SeriesLabelPosition::UpperRight,
        },
    )
}

fn energy_curve(curves: &Curves) -> LinearCurve {
    percent_curve(
        curves,
        PercentCurve {
            measure: Curves::energy,
            title: "Energy kept by A_k",
            y_desc: "energy kept Σ_{i≤k} σᵢ² / ‖A‖_F² (%)",
            series: "Σ_{i≤k} σᵢ² / ‖A‖_F²",
            colour: style::ENERGY,
            note: "energy",
            legend_position: SeriesLabelPosition::LowerRight,
        },
    )
}

#[allow(clippy::cast_precision_loss)]
fn psnr_curve(curves: &Curves) -> LinearCurve {
    let len = curves.len();
    let points: Vec<(f64, f64)> = (0..=len)
        .filter_map(|k| curves.psnr_db(k).map(|p| (k as f64, p)))
        .filter(|(_, p)| p.is_finite())
        .collect();
    let (low, high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, p)| {
            (lo.min(*p), hi.max(*p))
        });
    let y_range = if low <= high {
        ((low / 5.0).floor() * 5.0, (high / 5.0).ceil() * 5.0 + 5.0)
    } else {
        (0.0, 60.0)
    };
    let pooled = if curves.is_colour() {
        " (r, g, b together)"
    } else {
        ""
    };
    let for_note = curves.clone();
    LinearCurve {
        title: format!(
            "PSNR of A_k{pooled}: {} ({})",
            curves.title(),
            curves.shape_text()
        ),
        x_desc: K_AXIS,
        y_desc: "PSNR 10 log₁₀(1 / MSE) of A_k (dB)",
        series: vec![("PSNR (dB)".to_owned(), style::MAIN, points)],
        y_range,
        x_end: len as f64,
        log_x: false,
        log_y: false,
        x_label: count_label,
        y_label: decibel_label,
        rank_note: Box::new(move |k| {
            for_note
                .psnr_db(k)
                .map_or_else(|| ", exact".to_owned(), |p| format!(", {p:.2} dB"))
        }),
        legend_position: SeriesLabelPosition::LowerRight,
        marks: Vec::new(),
    }
}

/// Draws `curve` on `root`, k marked at `rank` when given.
#[allow(clippy::cast_precision_loss)]
pub(super) fn linear<'a, DB: DrawingBackend + 'a>(
    root: &'a DrawingArea<DB, Shift>,
    curve: &LinearCurve,
    rank: Option<usize>,
    sizes: Sizes,
) -> Result<(), String> {
    let (low, high) = curve.y_range;
    let mut builder = chart_builder(root, curve.title.clone(), sizes);
    // The x axis from `$start` (in `$x`'s coordinates), drawn with the y axis `$y`.
    macro_rules! chart {
        ($x:expr, $y:expr, $start:expr, $end:expr) => {{
            let mut chart = builder.build_cartesian_2d($x, $y).map_err(error_text)?;
            configure_mesh!(
                chart,
                sizes,
                curve.x_desc,
                curve.y_desc,
                &curve.x_label,
                &curve.y_label,
                if curve.log_y {
                    // Fractions from 0 to 1: tenths.
                    10
                } else {
                    x_labels($end)
                }
            );
            lines(&mut chart, curve, rank, sizes, $start..=$end)?;
        }};
    }
    if curve.log_x {
        let end = curve.x_end.max(2.0);
        chart!((1.0..end).log_scale(), low..high, 1.0, end);
    } else if curve.log_y {
        let end = curve.x_end.max(f64::EPSILON);
        chart!(0.0..end, (low..high).log_scale(), 0.0, end);
    } else {
        let end = curve.x_end.max(1.0);
        chart!(0.0..end, low..high, 0.0, end);
    }
    root.present().map_err(error_text)
}

/// The curves, the marks, k and the legend of `curve` on a chart whose k axis spans
/// `k_axis`. A mark or k off that axis (k = 0 on a log axis) keeps its legend entry, saying so.
#[allow(clippy::cast_precision_loss)]
fn lines<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    curve: &LinearCurve,
    rank: Option<usize>,
    sizes: Sizes,
    k_axis: std::ops::RangeInclusive<f64>,
) -> Result<(), String>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let (low, high) = curve.y_range;
    let stroke = sizes.stroke();
    for (name, colour, points) in &curve.series {
        let drawn = chart
            .draw_series(LineSeries::new(
                points.iter().copied(),
                colour.stroke_width(stroke),
            ))
            .map_err(error_text)?;
        // A series without a name is drawn and left out of the legend.
        if !name.is_empty() {
            drawn
                .label(name.clone())
                .legend(legend_mark!(sizes, *colour));
        }
    }
    let off_axis = " (not on the log axis)";
    for mark in &curve.marks {
        let x = mark.rank as f64;
        let line = [(x, low), (x, high)];
        let style = mark.colour.stroke_width(stroke);
        let shown = k_axis.contains(&x);
        let drawn = match (mark.dash, shown) {
            (_, false) => chart.draw_series(LineSeries::new(std::iter::empty(), style)),
            (None, true) => chart.draw_series(LineSeries::new(line, style)),
            (Some((dash, gap)), true) => chart.draw_series(DashedLineSeries::new(
                line,
                sizes.px(dash),
                sizes.px(gap),
                style,
            )),
        }
        .map_err(error_text)?;
        let label = if shown {
            mark.label.clone()
        } else {
            format!("{}{off_axis}", mark.label)
        };
        let drawn = drawn.label(label);
        if mark.dash.is_some() {
            drawn.legend(legend_mark!(sizes, mark.colour, dashed));
        } else {
            drawn.legend(legend_mark!(sizes, mark.colour));
        }
    }
    if let Some(k) = rank {
        let x = k as f64;
        if k_axis.contains(&x) {
            chart
                .draw_series(LineSeries::new(
                    [(x, low), (x, high)],
                    style::INK.stroke_width(stroke),
                ))
                .map_err(error_text)?
                .label(format!("k = {k}{}", (curve.rank_note)(k)))
                .legend(legend_mark!(sizes, style::INK));
        } else if curve.log_x && k == 0 {
            chart
                .draw_series(LineSeries::new(
                    std::iter::empty(),
                    style::INK.stroke_width(stroke),
                ))
                .map_err(error_text)?
                .label(format!("k = 0{}{off_axis}", (curve.rank_note)(k)))
                .legend(legend_mark!(sizes, style::INK));
        }
    }
    draw_legend!(chart, sizes, curve.legend_position.clone());
    Ok(())
}
