//! A picture rebuilt from its rank-1 layers, as an animated GIF: one frame per rank, the
//! ranks spaced evenly on a log scale from 1 to r (each doubling of k gets as many frames).

use super::{ExportError, OutputTarget, write_file};
use crate::preview::{Colormap, PooledFactors, ValueRange, colorize};
use ndarray::Array2;

/// `frames` ranks from 1 to `max_rank`, evenly spaced in log k, without repeats (a small r
/// gives fewer frames).
#[must_use]
pub fn log_spaced_ranks(max_rank: usize, frames: usize) -> Vec<usize> {
    if max_rank == 0 || frames == 0 {
        return Vec::new();
    }
    let mut ranks: Vec<usize> = (0..frames)
        .map(|i| {
            #[allow(clippy::cast_precision_loss)]
            let t = if frames == 1 {
                1.0
            } else {
                i as f64 / (frames - 1) as f64
            };
            #[allow(clippy::cast_precision_loss)]
            let k = (max_rank as f64).powf(t).round();
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let k = k as usize;
            k.clamp(1, max_rank)
        })
        .collect();
    ranks.dedup();
    ranks
}

/// How the values of a frame become colours.
#[derive(Debug, Clone, Copy)]
pub enum Palette {
    /// Pixels in \[0, 1\]: gray for one channel, RGB for three.
    Picture,
    /// A weight matrix: a diverging map symmetric around 0 over this range.
    Weights(ValueRange),
}

/// RGBA pixels of the rank-`rank` reconstruction of `channels` (one, or r, g, b).
fn frame_pixels(channels: &[PooledFactors], rank: usize, palette: Palette) -> Vec<u8> {
    let layers: Vec<Array2<f32>> = channels.iter().map(|c| c.reconstruction(rank)).collect();
    match palette {
        Palette::Weights(range) => colorize(layers[0].view(), Colormap::Diverging, range),
        Palette::Picture => {
            let byte = |v: f32| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in [0, 255]
                let b = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
                b
            };
            let (rows, cols) = layers[0].dim();
            let mut pixels = Vec::with_capacity(rows * cols * 4);
            for i in 0..rows {
                for j in 0..cols {
                    let value = |c: usize| byte(layers[c.min(layers.len() - 1)][[i, j]]);
                    pixels.extend_from_slice(&[value(0), value(1), value(2), 255]);
                }
            }
            pixels
        }
    }
}

/// Writes the reconstructions of `channels` at `ranks` as a looping GIF, `frame_ms` per
/// frame and three times that on the last.
///
/// # Errors
/// The output's [`ExportError`]s, and an encoding error for an empty or oversized picture.
pub fn write_gif(
    target: &OutputTarget,
    channels: &[PooledFactors],
    ranks: &[usize],
    palette: Palette,
    frame_ms: u32,
) -> Result<(), ExportError> {
    let encode_error = |detail: String| ExportError::Encode {
        path: target.path().to_owned(),
        detail,
    };
    let Some(first) = channels.first() else {
        return Err(encode_error("no channel to animate".to_owned()));
    };
    let (rows, cols) = first.pixel_shape();
    let width = u32::try_from(cols).map_err(|_| encode_error("too wide".to_owned()))?;
    let height = u32::try_from(rows).map_err(|_| encode_error("too tall".to_owned()))?;
    if width == 0 || height == 0 || width > 65_535 || height > 65_535 {
        return Err(encode_error(format!(
            "{width} × {height} pixels cannot be a GIF"
        )));
    }
    write_file(target, |file| {
        let mut encoder = image::codecs::gif::GifEncoder::new_with_speed(file, 10);
        encoder
            .set_repeat(image::codecs::gif::Repeat::Infinite)
            .map_err(|e| e.to_string())?;
        for (index, &rank) in ranks.iter().enumerate() {
            let pixels = frame_pixels(channels, rank, palette);
            let buffer = image::RgbaImage::from_raw(width, height, pixels)
                .ok_or_else(|| "a frame of the wrong size".to_owned())?;
            let last = index + 1 == ranks.len();
            let delay =
                image::Delay::from_numer_denom_ms(if last { frame_ms * 3 } else { frame_ms }, 1);
            encoder
                .encode_frame(image::Frame::from_parts(buffer, 0, 0, delay))
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_log_spaced_from_one_to_r() {
        assert_eq!(log_spaced_ranks(256, 9), [1, 2, 4, 8, 16, 32, 64, 128, 256]);
        assert_eq!(log_spaced_ranks(3, 10), [1, 2, 3]);
        assert_eq!(log_spaced_ranks(50, 1), [50]);
        assert!(log_spaced_ranks(0, 5).is_empty());
    }
}
