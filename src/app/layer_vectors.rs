//! uᵢ and vᵢ beside each rank-1 layer of the teaching view, so that the layer reads as their
//! outer product: for a picture as strips of pixels at the layer's own resolution (uᵢ a
//! column, one pixel per row; vᵢᵀ a row, one pixel per column), for weights as curves of
//! value against index.
//!
//! The SVD fixes each pair only up to a common sign (−uᵢ, −vᵢ give the same layer); for the
//! picture each pair is turned so that uᵢ sums to ≥ 0, so a layer of one sign shows two
//! vectors of that sign rather than two of the other.

use super::decomposition::Decomposition;
use super::textures::TEACHING_LAYERS;
use crate::preview::{Colormap, RankPreview, ValueRange, colorize};
use egui::{ColorImage, TextureHandle, TextureOptions};
use ndarray::Array1;

/// Most points a curve draws: longer vectors are sampled evenly (every s-th entry), and the
/// label says so.
pub const MAX_CURVE_POINTS: usize = 4096;

/// uᵢ or vᵢ as drawn.
pub enum VectorPicture {
    /// A strip of pixels: a column (1 × p texture, u) or a row (q × 1, v).
    Strip(TextureHandle),
    /// Points `[index, value]`, index from 0.
    Curve(Vec<[f64; 2]>),
}

/// One singular vector as drawn, and how much of it.
pub struct DrawnVector {
    /// The strip or the curve.
    pub picture: VectorPicture,
    /// Values drawn: pixels of the strip, points of the curve.
    pub drawn: usize,
    /// Entries of the vector itself: m for u, n for v.
    pub entries: usize,
    /// "rows" for u, "columns" for v.
    along: &'static str,
}

impl DrawnVector {
    /// What the drawing holds, in words a label can show: "300 pixels", "512 pixels, each the
    /// mean of 2 rows", "4096 of 12288 values (every 3rd)".
    #[must_use]
    pub fn describe(&self) -> String {
        let Self {
            picture,
            drawn,
            entries,
            along,
        } = self;
        match picture {
            VectorPicture::Strip(_) if drawn == entries => format!("{drawn} pixels"),
            VectorPicture::Strip(_) => format!(
                "{drawn} pixels, each the mean of ~{} {along}",
                entries.div_ceil(*drawn)
            ),
            VectorPicture::Curve(_) if drawn == entries => format!("{drawn} values"),
            VectorPicture::Curve(_) => format!(
                "{drawn} of {entries} values (every {})",
                ordinal(entries.div_ceil(MAX_CURVE_POINTS))
            ),
        }
    }
}

/// 2 → "2nd", 3 → "3rd", 11 → "11th".
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// uᵢ and vᵢ of one layer.
pub struct LayerVectors {
    /// uᵢ, drawn down the layer's left side.
    pub u: DrawnVector,
    /// vᵢ, drawn along the layer's top.
    pub v: DrawnVector,
}

/// The vectors of the first [`TEACHING_LAYERS`] layers.
pub fn build(
    ctx: &egui::Context,
    decomposition: &Decomposition,
    previews: &[RankPreview],
) -> Vec<LayerVectors> {
    let layers = TEACHING_LAYERS.min(decomposition.max_rank());
    if decomposition.is_image {
        (0..layers)
            .map(|i| strips(ctx, decomposition, previews, i))
            .collect()
    } else {
        let (m, n) = decomposition.shape();
        (0..layers)
            .map_while(|i| {
                let (mut u, mut v) = decomposition.channels[0].factors.singular_vectors_f64(i)?;
                if u.iter().sum::<f64>() < 0.0 {
                    for x in u.iter_mut().chain(v.iter_mut()) {
                        *x = -*x;
                    }
                }
                Some(LayerVectors {
                    u: curve(&u, m, "rows"),
                    v: curve(&v, n, "columns"),
                })
            })
            .collect()
    }
}

/// `values` as `[index, value]` points, every s-th entry when there are more than
/// [`MAX_CURVE_POINTS`].
fn curve(values: &[f64], entries: usize, along: &'static str) -> DrawnVector {
    let step = values.len().div_ceil(MAX_CURVE_POINTS).max(1);
    #[allow(clippy::cast_precision_loss)]
    let points: Vec<[f64; 2]> = values
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(index, &value)| [index as f64, value])
        .collect();
    DrawnVector {
        drawn: points.len(),
        picture: VectorPicture::Curve(points),
        entries,
        along,
    }
}

/// Layer `index`'s pooled uᵢ and vᵢ as strips: diverging colours around 0 for one channel
/// (blue < 0 < red, as the layer); in colour, each channel around mid-gray, as the colour
/// layers are drawn.
fn strips(
    ctx: &egui::Context,
    decomposition: &Decomposition,
    previews: &[RankPreview],
    index: usize,
) -> LayerVectors {
    let (m, n) = decomposition.shape();
    // Each channel's pair, turned so that uᵢ sums to ≥ 0.
    let (us, vs): (Vec<Array1<f32>>, Vec<Array1<f32>>) = previews
        .iter()
        .map(|p| {
            let u = p.factors().pooled_u.column(index).to_owned();
            let v = p.factors().pooled_v.column(index).to_owned();
            if u.sum() < 0.0 { (-u, -v) } else { (u, v) }
        })
        .unzip();
    let strip = |channels: &[Array1<f32>], column: bool, name: String| {
        let len = channels[0].len();
        let size = if column { [1, len] } else { [len, 1] };
        let image = if channels.len() == 1 {
            let values = channels[0].to_owned().insert_axis(ndarray::Axis(1));
            let range = ValueRange::symmetric(values.view());
            ColorImage::from_rgba_unmultiplied(
                size,
                &colorize(values.view(), Colormap::Diverging, range),
            )
        } else {
            let largest = channels
                .iter()
                .flat_map(|c| c.iter())
                .fold(0.0f32, |m, v| m.max(v.abs()))
                .max(f32::EPSILON);
            let byte = |v: f32| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in [0, 255]
                let b = ((0.5 + 0.5 * v / largest).clamp(0.0, 1.0) * 255.0).round() as u8;
                b
            };
            let mut rgba = Vec::with_capacity(len * 4);
            let channel = |c: usize| &channels[c.min(channels.len() - 1)];
            for ((&r, &g), &b) in channel(0).iter().zip(channel(1)).zip(channel(2)) {
                rgba.extend_from_slice(&[byte(r), byte(g), byte(b), 255]);
            }
            ColorImage::from_rgba_unmultiplied(size, &rgba)
        };
        (ctx.load_texture(name, image, TextureOptions::NEAREST), len)
    };
    let (u, u_len) = strip(&us, true, format!("u {}", index + 1));
    let (v, v_len) = strip(&vs, false, format!("v {}", index + 1));
    LayerVectors {
        u: DrawnVector {
            picture: VectorPicture::Strip(u),
            drawn: u_len,
            entries: m,
            along: "rows",
        },
        v: DrawnVector {
            picture: VectorPicture::Strip(v),
            drawn: v_len,
            entries: n,
            along: "columns",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_vectors_are_sampled_and_say_so() {
        let values: Vec<f64> = (0..10_000).map(f64::from).collect();
        let drawn = curve(&values, 10_000, "rows");
        // Every 3rd entry: 0, 3, …, 9999 → 3334 points.
        assert_eq!(drawn.drawn, 3334);
        assert_eq!(drawn.describe(), "3334 of 10000 values (every 3rd)");
        let VectorPicture::Curve(points) = &drawn.picture else {
            panic!("a curve");
        };
        assert_eq!(points[1], [3.0, 3.0]);
        let short = curve(&values[..384], 384, "columns");
        assert_eq!(short.describe(), "384 values");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(22), "22nd");
    }
}
