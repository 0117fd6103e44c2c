//! Values → colours: sequential maps for images and magnitudes, a diverging map symmetric
//! around 0 for weights and residuals.

use ndarray::ArrayView2;

/// How values become colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Colormap {
    /// Black → white: photographs.
    Gray,
    /// Perceptually uniform dark blue → yellow: magnitudes.
    Viridis,
    /// Blue → white → red with white at 0: signed weights and residuals.
    Diverging,
}

impl Colormap {
    /// Every colormap, in menu order.
    pub const ALL: [Self; 3] = [Self::Gray, Self::Viridis, Self::Diverging];

    /// Menu label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Gray => "gray",
            Self::Viridis => "viridis",
            Self::Diverging => "diverging (blue–white–red)",
        }
    }

    /// Whether the map should span a range symmetric around zero.
    #[must_use]
    pub fn is_diverging(self) -> bool {
        self == Self::Diverging
    }

    /// The colour of `t` in \[0, 1\] as RGB.
    #[must_use]
    pub fn rgb(self, t: f64) -> [u8; 3] {
        let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
        match self {
            Self::Gray => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in [0, 255]
                let v = (t * 255.0).round() as u8;
                [v, v, v]
            }
            Self::Viridis => colorous::VIRIDIS.eval_continuous(t).as_array(),
            // RdBu runs red → blue; reversed so negative is blue and positive red.
            Self::Diverging => colorous::RED_BLUE.eval_continuous(1.0 - t).as_array(),
        }
    }
}

/// The value range a colormap spans.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueRange {
    /// Value at the low end of the map.
    pub min: f64,
    /// Value at the high end of the map.
    pub max: f64,
}

impl ValueRange {
    /// \[min, max\] of `values` (a unit range around a constant).
    #[must_use]
    pub fn of(values: ArrayView2<'_, f32>) -> Self {
        let (min, max) = values
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(f64::from(v)), hi.max(f64::from(v)))
            });
        if !min.is_finite() || !max.is_finite() {
            return Self { min: 0.0, max: 1.0 };
        }
        if max > min {
            Self { min, max }
        } else {
            Self {
                min: min - 0.5,
                max: max + 0.5,
            }
        }
    }

    /// \[−M, M\] with M = max |value| (white at 0 for diverging maps).
    #[must_use]
    pub fn symmetric(values: ArrayView2<'_, f32>) -> Self {
        let largest = values
            .iter()
            .fold(0.0f64, |m, &v| m.max(f64::from(v).abs()));
        let largest = if largest > 0.0 { largest } else { 1.0 };
        Self {
            min: -largest,
            max: largest,
        }
    }

    /// \[−M, M\] with M the `quantile` (e.g. 0.995) of |value|: trained weights have a few
    /// outliers that would otherwise wash every other entry out to white. Values beyond M
    /// take the end colours.
    #[must_use]
    pub fn symmetric_quantile(values: ArrayView2<'_, f32>, quantile: f64) -> Self {
        let mut magnitudes: Vec<f32> = values
            .iter()
            .map(|v| v.abs())
            .filter(|v| v.is_finite())
            .collect();
        if magnitudes.is_empty() {
            return Self {
                min: -1.0,
                max: 1.0,
            };
        }
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let index = ((magnitudes.len() - 1) as f64 * quantile.clamp(0.0, 1.0)).round() as usize;
        let (_, &mut largest, _) = magnitudes.select_nth_unstable_by(index, f32::total_cmp);
        let largest = if largest > 0.0 {
            f64::from(largest)
        } else {
            1.0
        };
        Self {
            min: -largest,
            max: largest,
        }
    }

    /// The position of `value` in the range, 0 … 1 (clamped).
    #[must_use]
    pub fn normalize(self, value: f64) -> f64 {
        ((value - self.min) / (self.max - self.min)).clamp(0.0, 1.0)
    }
}

/// Entries of the lookup table [`colorize`] uses: finer than 8-bit output can show.
const LUT_SIZE: usize = 1024;

/// Row-major RGBA8 pixels of `values` through `colormap` over `range`.
///
/// Goes through a lookup table, so a 512 × 512 preview costs well under a millisecond per
/// rank change instead of one spline evaluation per pixel.
#[must_use]
pub fn colorize(values: ArrayView2<'_, f32>, colormap: Colormap, range: ValueRange) -> Vec<u8> {
    #[allow(clippy::cast_precision_loss)]
    let lut: Vec<[u8; 3]> = (0..LUT_SIZE)
        .map(|i| colormap.rgb(i as f64 / (LUT_SIZE - 1) as f64))
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let scale = (LUT_SIZE - 1) as f64;
    let mut pixels = Vec::with_capacity(values.len() * 4);
    for &value in values {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in [0, LUT_SIZE)
        let index = (range.normalize(f64::from(value)) * scale).round() as usize;
        let [r, g, b] = lut[index];
        pixels.extend_from_slice(&[r, g, b, 255]);
    }
    pixels
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn diverging_is_white_at_zero_blue_below_red_above() {
        let values = array![[-2.0f32, 0.0, 1.0]];
        let range = ValueRange::symmetric(values.view());
        assert_eq!((range.min, range.max), (-2.0, 2.0));
        let pixels = colorize(values.view(), Colormap::Diverging, range);
        let (low, mid, high) = (&pixels[0..4], &pixels[4..8], &pixels[8..12]);
        assert!(low[2] > low[0], "negative should be blue: {low:?}");
        // RdBu's midpoint is #f7f7f7; the continuous scheme lands within a few levels of it.
        assert!(
            mid.iter().take(3).all(|&c| c > 230),
            "zero should be near white: {mid:?}"
        );
        assert!(high[0] > high[2], "positive should be red: {high:?}");
    }

    #[test]
    fn quantile_range_ignores_outliers() {
        // 999 values of magnitude ≤ 1 and one outlier of 1000.
        let mut values: Vec<f32> = (0..999)
            .map(|i| (i as f32 / 998.0) * if i % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        values.push(1000.0);
        let values = ndarray::Array2::from_shape_vec((10, 100), values).unwrap();
        let range = ValueRange::symmetric_quantile(values.view(), 0.99);
        assert!(range.max > 0.9 && range.max <= 1.0, "{range:?}");
        assert_eq!(range.min, -range.max);
    }

    #[test]
    fn gray_maps_the_range_ends_to_black_and_white() {
        let values = array![[0.0f32, 1.0]];
        let pixels = colorize(
            values.view(),
            Colormap::Gray,
            ValueRange { min: 0.0, max: 1.0 },
        );
        assert_eq!(pixels, vec![0, 0, 0, 255, 255, 255, 255, 255]);
    }
}
