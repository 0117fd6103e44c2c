//! The layers figure: A_k = σ₁u₁v₁ᵀ + σ₂u₂v₂ᵀ + … drawn as the first rank-1 layers (each an
//! outer product, on its own colour scale) and their sum, at display resolution from the
//! pooled factors ([`PooledFactors`]), as the window's teaching view does.

use super::axes::subscript;
use super::canvas::Picture;
use super::style::{self, FONT, Sizes};
use crate::preview::{Colormap, PooledFactors, ValueRange, colorize};
use ndarray::Array2;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The most layers the figure shows; beyond, it says how many more are in A_k.
pub const LAYERS_SHOWN_MAX: usize = 6;

/// Share of |A| the diverging colour range spans for weights; the rest saturates (as the
/// window's heatmaps).
const WEIGHT_RANGE_QUANTILE: f64 = 0.995;

/// What the layers figure is drawn from.
#[derive(Debug, Clone)]
pub struct Layers {
    title: String,
    /// One per channel: one matrix, or r, g, b of a colour image.
    pooled: Vec<PooledFactors>,
    is_image: bool,
    rank: usize,
    relative_error: f64,
}

impl Layers {
    /// The first min(`rank`, [`LAYERS_SHOWN_MAX`]) layers and A_k of the matrix (one
    /// `pooled`) or colour image (r, g, b), with A_k's `relative_error` in the caption.
    /// `rank` is clamped to the components the factors hold.
    #[must_use]
    pub fn new(
        title: impl Into<String>,
        pooled: Vec<PooledFactors>,
        is_image: bool,
        rank: usize,
        relative_error: f64,
    ) -> Self {
        let available = pooled.iter().map(PooledFactors::rank).min().unwrap_or(0);
        Self {
            title: title.into(),
            pooled,
            is_image,
            rank: rank.min(available),
            relative_error,
        }
    }

    /// k.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The layers drawn: min(k, [`LAYERS_SHOWN_MAX`]).
    #[must_use]
    pub fn shown(&self) -> usize {
        self.rank.min(LAYERS_SHOWN_MAX)
    }

    fn is_colour(&self) -> bool {
        self.pooled.len() == 3
    }

    /// σ_i u_i v_iᵀ (0-based `index`) as RGB: diverging blue < 0 < red on its own symmetric
    /// scale; a colour layer around mid-grey.
    fn layer_rgb(&self, index: usize) -> (usize, usize, Vec<u8>) {
        let planes: Vec<Array2<f32>> = self.pooled.iter().map(|p| p.component(index)).collect();
        if self.is_colour() {
            let largest = planes
                .iter()
                .flat_map(|p| p.iter())
                .fold(0.0f32, |m, v| m.max(v.abs()))
                .max(f32::EPSILON);
            let shifted: Vec<Array2<f32>> = planes
                .iter()
                .map(|p| p.mapv(|v| 0.5 + 0.5 * v / largest))
                .collect();
            colour_rgb(&shifted)
        } else {
            let range = ValueRange::symmetric(planes[0].view());
            mapped_rgb(&planes[0], Colormap::Diverging, range)
        }
    }

    /// A_k as RGB: an image in grey (or colour) over \[0, 1\]; a matrix on the diverging map
    /// over A's own range.
    fn approximation_rgb(&self) -> (usize, usize, Vec<u8>) {
        let planes: Vec<Array2<f32>> = self
            .pooled
            .iter()
            .map(|p| p.reconstruction(self.rank))
            .collect();
        if self.is_colour() {
            colour_rgb(&planes)
        } else if self.is_image {
            mapped_rgb(
                &planes[0],
                Colormap::Gray,
                ValueRange { min: 0.0, max: 1.0 },
            )
        } else {
            let range = ValueRange::symmetric_quantile(
                self.pooled[0].original.view(),
                WEIGHT_RANGE_QUANTILE,
            );
            mapped_rgb(&planes[0], Colormap::Diverging, range)
        }
    }
}

fn mapped_rgb(
    values: &Array2<f32>,
    colormap: Colormap,
    range: ValueRange,
) -> (usize, usize, Vec<u8>) {
    let (rows, columns) = values.dim();
    let rgba = colorize(values.view(), colormap, range);
    let rgb = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (columns, rows, rgb)
}

/// r, g, b planes in \[0, 1\] (clamped) as one RGB picture.
fn colour_rgb(planes: &[Array2<f32>]) -> (usize, usize, Vec<u8>) {
    let (rows, columns) = planes[0].dim();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [0, 255]
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let rgb = planes[0]
        .iter()
        .zip(planes[1].iter())
        .zip(planes[2].iter())
        .flat_map(|((&r, &g), &b)| [byte(r), byte(g), byte(b)])
        .collect();
    (columns, rows, rgb)
}

/// A box on the canvas: left, top, width, height.
type Frame = (i32, i32, i32, i32);

/// The largest rectangle of `columns` × `rows`' aspect in `frame`, centred.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
fn fitted(frame: Frame, columns: usize, rows: usize) -> Frame {
    let (left, top, width, height) = frame;
    let scale =
        (f64::from(width) / columns.max(1) as f64).min(f64::from(height) / rows.max(1) as f64);
    let w = ((columns as f64 * scale).round() as i32).max(1);
    let h = ((rows as f64 * scale).round() as i32).max(1);
    (left + (width - w) / 2, top + (height - h) / 2, w, h)
}

fn text_style(size: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size)
        .into_font()
        .color(&style::INK)
        .pos(Pos::new(h, v))
}

/// Places a picture in `frame` with a caption under it and a thin frame around it.
fn place<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: Frame,
    (columns, rows, rgb): (usize, usize, Vec<u8>),
    caption: &str,
    sizes: Sizes,
) -> Result<Picture, String> {
    let caption_height = sizes.px(48.0);
    let (left, top, width, height) = fitted(
        (frame.0, frame.1, frame.2, frame.3 - caption_height),
        columns,
        rows,
    );
    root.draw(&Rectangle::new(
        [(left - 1, top - 1), (left + width, top + height)],
        RGBColor(160, 160, 160).stroke_width(1),
    ))
    .map_err(|e| e.to_string())?;
    root.draw(&Text::new(
        caption.to_owned(),
        (left + width / 2, top + height + sizes.px(10.0)),
        text_style(sizes.label(), HPos::Center, VPos::Top),
    ))
    .map_err(|e| e.to_string())?;
    Ok(Picture {
        left,
        top,
        width,
        height,
        columns,
        rows,
        rgb,
    })
}

/// Where the layers go: cells in rows of three, an operator's width of gap before each.
struct Grid {
    left: i32,
    top: i32,
    cell_width: i32,
    cell_height: i32,
    operator: i32,
}

/// Draws the shown layers with "+" between them; returns their pictures.
fn layer_grid<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figure: &Layers,
    grid: &Grid,
    sizes: Sizes,
) -> Result<Vec<Picture>, String> {
    let error = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let Grid {
        left,
        top,
        cell_width,
        cell_height,
        operator,
    } = *grid;
    let shown = figure.shown();
    let mut pictures = Vec::with_capacity(shown + 1);
    let operator_style = text_style(sizes.title() * 1.2, HPos::Center, VPos::Center);
    for index in 0..shown {
        let column = i32::try_from(index % 3).unwrap_or(0);
        let row = i32::try_from(index / 3).unwrap_or(0);
        let cell_left = left + column * cell_width;
        let cell_top = top + row * cell_height;
        if index > 0 {
            root.draw(&Text::new(
                "+",
                (
                    cell_left + operator / 4,
                    cell_top + (cell_height - sizes.px(48.0)) / 2,
                ),
                operator_style.clone(),
            ))
            .map_err(error)?;
        }
        let i = index + 1;
        let sigma = if figure.is_colour() {
            String::new()
        } else {
            let value = figure.pooled[0].singular_values[index];
            format!("  (σ{} = {})", subscript(i), significant(f64::from(value)))
        };
        pictures.push(place(
            root,
            (
                cell_left + operator / 2,
                cell_top,
                cell_width - operator / 2,
                cell_height,
            ),
            figure.layer_rgb(index),
            &format!("σ{0}u{0}v{0}ᵀ{sigma}", subscript(i)),
            sizes,
        )?);
    }
    Ok(pictures)
}

/// Draws the layers figure; returns the pictures to place.
pub(super) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    figure: &Layers,
    sizes: Sizes,
) -> Result<Vec<Picture>, String> {
    let error = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(error)?;
    let (width, height) = root.dim_in_pixel();
    let (width, height) = (
        i32::try_from(width).unwrap_or(i32::MAX),
        i32::try_from(height).unwrap_or(i32::MAX),
    );
    let k = figure.rank;
    root.draw(&Text::new(
        format!("Rank-1 layers adding up to A_k, k = {k}: {}", figure.title),
        (width / 2, sizes.px(24.0)),
        text_style(sizes.title(), HPos::Center, VPos::Top),
    ))
    .map_err(error)?;
    let top = sizes.px(110.0);
    let bottom = height - sizes.px(130.0);
    let margin = sizes.px(40.0);
    let operator = sizes.px(56.0);
    let shown = figure.shown();
    // Layers in up to three columns and two rows on the left; "=" and A_k on the right.
    let columns = i32::try_from(shown.clamp(1, 3)).unwrap_or(3);
    let grid_width = (width - 2 * margin) * 62 / 100;
    let cell_width = grid_width / columns;
    let cell_height = (bottom - top) / 2;
    let rows_used = if shown > 3 { 2 } else { 1 };
    let grid_top = if rows_used == 1 {
        top + cell_height / 2
    } else {
        top
    };
    let grid = Grid {
        left: margin,
        top: grid_top,
        cell_width,
        cell_height,
        operator,
    };
    let mut pictures = layer_grid(root, figure, &grid, sizes)?;
    let right = margin + grid_width;
    let middle = top + (bottom - top) / 2;
    // Layers in A_k beyond those drawn are counted above the "=", in a wider gap.
    let more = k.saturating_sub(shown);
    let gap = if more > 0 { sizes.px(190.0) } else { operator };
    let equals_x = right + gap / 2;
    if more > 0 {
        root.draw(&Text::new(
            format!("+ {more} more"),
            (equals_x, middle - sizes.px(70.0)),
            text_style(sizes.label(), HPos::Center, VPos::Center),
        ))
        .map_err(error)?;
    }
    let operator_style = text_style(sizes.title() * 1.2, HPos::Center, VPos::Center);
    root.draw(&Text::new("=", (equals_x, middle), operator_style))
        .map_err(error)?;
    let result_left = right + gap;
    pictures.push(place(
        root,
        (result_left, top, width - margin - result_left, bottom - top),
        figure.approximation_rgb(),
        &format!("A_k, k = {k}"),
        sizes,
    )?);
    let scale_note = if figure.is_colour() {
        "each layer around mid-grey on its own scale"
    } else {
        "each layer on its own scale, blue < 0 < red"
    };
    let sum = match k {
        0 => "A₀ = 0".to_owned(),
        1 => "A₁ = σ₁u₁v₁ᵀ".to_owned(),
        k => format!("A{0} = σ₁u₁v₁ᵀ + … + σ{0}u{0}v{0}ᵀ", subscript(k)),
    };
    let lines = [
        format!(
            "{sum};  relative error ‖A − A_k‖_F / ‖A‖_F = {:.2} %",
            100.0 * figure.relative_error
        ),
        format!(
            "Each layer is one column pattern uᵢ times one row pattern vᵢᵀ, weighted by σᵢ ({scale_note})."
        ),
    ];
    for (index, line) in lines.into_iter().enumerate() {
        root.draw(&Text::new(
            line,
            (
                margin,
                bottom + sizes.px(24.0) + i32::try_from(index).unwrap_or(0) * sizes.px(44.0),
            ),
            text_style(sizes.label(), HPos::Left, VPos::Top),
        ))
        .map_err(error)?;
    }
    Ok(pictures)
}

/// Four significant digits, without an exponent for ordinary magnitudes.
fn significant(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude == 0.0 {
        "0".to_owned()
    } else if (1e-3..1e5).contains(&magnitude) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 … 6 digits
        let decimals = (3 - magnitude.log10().floor() as i32).max(0) as usize;
        format!("{value:.decimals$}")
    } else {
        format!("{value:.3e}")
    }
}
