//! GPU textures of the three heatmaps and of the teaching thumbnails, refreshed only when
//! the rank or the colormap changes.

use super::ViewSettings;
use super::decomposition::Decomposition;
use crate::preview::{Colormap, RankPreview, ValueRange, colorize};
use crate::source::LUMA_WEIGHTS;
use egui::{ColorImage, TextureHandle, TextureOptions};
use ndarray::Array2;

/// Share of |A| the diverging colour range spans for weights; the rest saturates.
const WEIGHT_RANGE_QUANTILE: f64 = 0.995;

/// Rank-1 layers shown in the teaching view.
pub const TEACHING_LAYERS: usize = 6;

/// A heatmap texture with the value range its colours span.
pub struct Heatmap {
    /// The texture.
    pub texture: TextureHandle,
    /// Values at the ends of the colour bar (`None` for colour images).
    pub range: Option<ValueRange>,
    /// Colormap used (`None` for colour images).
    pub colormap: Option<Colormap>,
}

/// Every texture the views draw.
pub struct Textures {
    /// A.
    pub original: Heatmap,
    /// A_k.
    pub approximation: Heatmap,
    /// A − A_k.
    pub residual: Heatmap,
    /// σ_i u_i v_iᵀ, i = 1 … [`TEACHING_LAYERS`].
    pub layers: Vec<Heatmap>,
    /// u_i and v_i of those layers.
    pub vectors: Vec<super::layer_vectors::LayerVectors>,
    shown: Option<(usize, ViewSettings)>,
}

fn options() -> TextureOptions {
    // Nearest: each matrix entry (or pooled block) stays a crisp square when zoomed.
    TextureOptions::NEAREST
}

fn rgba_image(values: &Array2<f32>, colormap: Colormap, range: ValueRange) -> ColorImage {
    let (rows, cols) = values.dim();
    ColorImage::from_rgba_unmultiplied([cols, rows], &colorize(values.view(), colormap, range))
}

/// r, g, b planes in \[0, 1\] (clamped) as one colour picture.
fn colour_image(planes: &[Array2<f32>]) -> ColorImage {
    let (rows, cols) = planes[0].dim();
    let to_byte = |v: f32| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to [0, 255]
        let byte = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        byte
    };
    let mut rgba = Vec::with_capacity(rows * cols * 4);
    for ((&r, &g), &b) in planes[0].iter().zip(planes[1].iter()).zip(planes[2].iter()) {
        rgba.extend_from_slice(&[to_byte(r), to_byte(g), to_byte(b), 255]);
    }
    ColorImage::from_rgba_unmultiplied([cols, rows], &rgba)
}

/// The luma of r, g, b planes (for the sign of a colour residual).
fn luma(planes: &[Array2<f32>]) -> Array2<f32> {
    #[allow(clippy::cast_possible_truncation)]
    let [wr, wg, wb] = LUMA_WEIGHTS.map(|w| w as f32);
    &planes[0] * wr + &planes[1] * wg + &planes[2] * wb
}

fn range_for(values: &Array2<f32>, colormap: Colormap, is_image: bool) -> ValueRange {
    if is_image && !colormap.is_diverging() {
        ValueRange { min: 0.0, max: 1.0 }
    } else if colormap.is_diverging() {
        ValueRange::symmetric_quantile(values.view(), WEIGHT_RANGE_QUANTILE)
    } else {
        ValueRange::of(values.view())
    }
}

type Picture = (ColorImage, Option<ValueRange>, Option<Colormap>);

/// Value range of A's colours (shared by A_k so the two compare directly).
fn main_range(
    decomposition: &Decomposition,
    previews: &[RankPreview],
    view: &ViewSettings,
) -> ValueRange {
    range_for(
        previews[0].original(),
        view.colormap,
        decomposition.is_image,
    )
}

fn original_picture(
    decomposition: &Decomposition,
    previews: &[RankPreview],
    view: &ViewSettings,
) -> Picture {
    if decomposition.is_colour() {
        let planes: Vec<Array2<f32>> = previews.iter().map(|p| p.original().clone()).collect();
        return (colour_image(&planes), None, None);
    }
    let range = main_range(decomposition, previews, view);
    (
        rgba_image(previews[0].original(), view.colormap, range),
        Some(range),
        Some(view.colormap),
    )
}

/// A_k and A − A_k at the previews' rank.
fn rank_pictures(
    decomposition: &Decomposition,
    previews: &[RankPreview],
    view: &ViewSettings,
) -> (Picture, Picture) {
    let diverging = Colormap::Diverging;
    if decomposition.is_colour() {
        let approximations: Vec<Array2<f32>> =
            previews.iter().map(|p| p.approximation().clone()).collect();
        let residuals: Vec<Array2<f32>> = previews.iter().map(RankPreview::residual).collect();
        let originals: Vec<Array2<f32>> = previews.iter().map(|p| p.original().clone()).collect();
        let residual_luma = luma(&residuals);
        let residual_range = if view.amplify_residual {
            ValueRange::symmetric(residual_luma.view())
        } else {
            ValueRange::symmetric(luma(&originals).view())
        };
        return (
            (colour_image(&approximations), None, None),
            (
                rgba_image(&residual_luma, diverging, residual_range),
                Some(residual_range),
                Some(diverging),
            ),
        );
    }
    let range = main_range(decomposition, previews, view);
    let residual = previews[0].residual();
    let residual_range = if view.amplify_residual {
        ValueRange::symmetric(residual.view())
    } else {
        let largest = range.min.abs().max(range.max.abs());
        ValueRange {
            min: -largest,
            max: largest,
        }
    };
    (
        (
            rgba_image(previews[0].approximation(), view.colormap, range),
            Some(range),
            Some(view.colormap),
        ),
        (
            rgba_image(&residual, diverging, residual_range),
            Some(residual_range),
            Some(diverging),
        ),
    )
}

/// σ_i u_i v_iᵀ for the first layers: signed, so diverging (or, in colour, around mid-gray),
/// each scaled to its own largest magnitude.
fn layer_pictures(decomposition: &Decomposition, previews: &[RankPreview]) -> Vec<Picture> {
    let diverging = Colormap::Diverging;
    (0..TEACHING_LAYERS.min(decomposition.max_rank()))
        .map(|i| {
            let planes: Vec<Array2<f32>> =
                previews.iter().map(|p| p.factors().component(i)).collect();
            if decomposition.is_colour() {
                let largest = planes
                    .iter()
                    .flat_map(|p| p.iter())
                    .fold(0.0f32, |m, v| m.max(v.abs()))
                    .max(f32::EPSILON);
                let shifted: Vec<Array2<f32>> = planes
                    .iter()
                    .map(|p| p.mapv(|v| 0.5 + 0.5 * v / largest))
                    .collect();
                (colour_image(&shifted), None, None)
            } else {
                let range = ValueRange::symmetric(planes[0].view());
                (
                    rgba_image(&planes[0], diverging, range),
                    Some(range),
                    Some(diverging),
                )
            }
        })
        .collect()
}

fn heatmap(ctx: &egui::Context, name: &str, (image, range, colormap): Picture) -> Heatmap {
    Heatmap {
        texture: ctx.load_texture(name, image, options()),
        range,
        colormap,
    }
}

fn refresh(target: &mut Heatmap, (image, range, colormap): Picture) {
    target.texture.set(image, options());
    target.range = range;
    target.colormap = colormap;
}

impl Textures {
    /// Uploads every texture for the previews' current rank.
    pub fn new(
        ctx: &egui::Context,
        decomposition: &Decomposition,
        previews: &[RankPreview],
        view: &ViewSettings,
    ) -> Self {
        let rank = previews.first().map_or(0, RankPreview::rank);
        let (approximation, residual) = rank_pictures(decomposition, previews, view);
        Self {
            original: heatmap(
                ctx,
                "original",
                original_picture(decomposition, previews, view),
            ),
            approximation: heatmap(ctx, "approximation", approximation),
            residual: heatmap(ctx, "residual", residual),
            layers: layer_pictures(decomposition, previews)
                .into_iter()
                .enumerate()
                .map(|(i, layer)| heatmap(ctx, &format!("layer {}", i + 1), layer))
                .collect(),
            vectors: super::layer_vectors::build(ctx, decomposition, previews),
            shown: Some((rank, view.clone())),
        }
    }

    /// Re-uploads what changed since the last call: A_k and the residual after a rank
    /// change; everything after a colormap change.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        decomposition: &Decomposition,
        previews: &[RankPreview],
        view: &ViewSettings,
        rank: usize,
    ) {
        if self.shown.as_ref() == Some(&(rank, view.clone())) {
            return;
        }
        let view_changed = self.shown.as_ref().is_none_or(|(_, shown)| shown != view);
        if view_changed {
            *self = Self::new(ctx, decomposition, previews, view);
            return;
        }
        let (approximation, residual) = rank_pictures(decomposition, previews, view);
        refresh(&mut self.approximation, approximation);
        refresh(&mut self.residual, residual);
        self.shown = Some((rank, view.clone()));
    }
}
