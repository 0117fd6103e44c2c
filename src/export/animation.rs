//! A picture rebuilt from its rank-1 layers, as an animated GIF: one frame per rank, the
//! ranks spaced evenly on a log scale from 1 to r (each doubling of k gets as many frames).

use super::{ExportError, OutputTarget, write_file};
use crate::linalg::{AnyFactors, JobControl};
use crate::matrix::{Matrix, MatrixData};
use crate::preview::{Colormap, PooledFactors, ValueRange, colorize};
use ndarray::Array2;

/// How a rank animation is drawn: the command line's `animate` options, and what the
/// window's Record GIF uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnimationSettings {
    /// Frames asked for (ranks from 1 to r; fewer when r is small).
    pub frames: usize,
    /// Milliseconds per frame; the last is held three times as long.
    pub frame_ms: u32,
    /// Largest side in pixels: bigger matrices are pooled down (block means) to fit.
    pub size: usize,
}

/// What a written animation holds, for the confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnimationSummary {
    /// Frames written.
    pub frames: usize,
    /// Rank of the first frame (1 unless r = 0).
    pub first_rank: usize,
    /// Rank of the last frame: r.
    pub max_rank: usize,
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
}

/// The pooled factors of one matrix, at most `size` pixels a side; a photo keeps its shape
/// (both sides shrink by the same factor), a weight matrix fills a square.
#[must_use]
pub fn pool_for_animation(matrix: &Matrix, factors: &AnyFactors, size: usize) -> PooledFactors {
    let (m, n) = matrix.shape();
    let (rows, cols) = if matrix.is_image && m.max(n) > size {
        let shrink = |side: usize| (side * size).div_ceil(m.max(n)).max(1);
        (shrink(m), shrink(n))
    } else {
        (size, size)
    };
    match (&matrix.data, factors) {
        (MatrixData::F32(a), AnyFactors::F32(f)) => PooledFactors::new(a.view(), f, rows, cols),
        (MatrixData::F64(a), AnyFactors::F64(f)) => PooledFactors::new(a.view(), f, rows, cols),
        // The factors are computed in the matrix's own precision.
        (MatrixData::F32(a), AnyFactors::F64(f)) => {
            PooledFactors::new(a.mapv(f64::from).view(), f, rows, cols)
        }
        (MatrixData::F64(a), AnyFactors::F32(f)) => {
            #[allow(clippy::cast_possible_truncation)] // display precision
            let a = a.mapv(|x| x as f32);
            PooledFactors::new(a.view(), f, rows, cols)
        }
    }
}

/// The rank animation of one matrix, or of a colour photo's r, g and b channels (each with
/// its factors), written to `target` as a looping GIF: the frames at log-spaced ranks,
/// pictures in their own colours, weights in a diverging map symmetric around 0. Reports
/// progress per frame to `job` and stops, writing nothing, when it is cancelled.
///
/// # Errors
/// The output's [`ExportError`]s; an encoding error for an empty or oversized picture, or
/// when `job` was cancelled.
pub fn write_rank_animation(
    target: &OutputTarget,
    channels: &[(&Matrix, &AnyFactors)],
    settings: AnimationSettings,
    job: &JobControl,
) -> Result<AnimationSummary, ExportError> {
    let pooled: Vec<PooledFactors> = channels
        .iter()
        .map(|(matrix, factors)| pool_for_animation(matrix, factors, settings.size))
        .collect();
    let is_image = channels.first().is_some_and(|(matrix, _)| matrix.is_image);
    let max_rank = pooled.first().map_or(0, PooledFactors::rank);
    let ranks = log_spaced_ranks(max_rank, settings.frames);
    let palette = match pooled.first() {
        Some(first) if !is_image => Palette::Weights(ValueRange::symmetric(first.original.view())),
        _ => Palette::Picture,
    };
    write_gif_reporting(target, &pooled, &ranks, palette, settings.frame_ms, job)?;
    let (height, width) = pooled.first().map_or((0, 0), PooledFactors::pixel_shape);
    Ok(AnimationSummary {
        frames: ranks.len(),
        first_rank: ranks.first().copied().unwrap_or(0),
        max_rank,
        width,
        height,
    })
}

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
    write_gif_reporting(
        target,
        channels,
        ranks,
        palette,
        frame_ms,
        &JobControl::new(),
    )
}

/// [`write_gif`], reporting each frame to `job` and giving up (nothing written) once it is
/// cancelled.
fn write_gif_reporting(
    target: &OutputTarget,
    channels: &[PooledFactors],
    ranks: &[usize],
    palette: Palette,
    frame_ms: u32,
    job: &JobControl,
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
            if job.is_cancelled() {
                return Err("stopped before the last frame; nothing written".to_owned());
            }
            #[allow(clippy::cast_precision_loss)]
            job.report(
                index as f64 / ranks.len() as f64,
                &format!("frame {} of {} (k = {rank})", index + 1, ranks.len()),
            );
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
    fn a_cancelled_recording_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = ndarray::Array2::from_shape_fn((6, 5), |(i, j)| {
            #[allow(clippy::cast_precision_loss)]
            let v = (i * 5 + j) as f32;
            (v * 0.37).sin()
        });
        let factors =
            AnyFactors::F32(crate::linalg::thin_svd(a.view(), &JobControl::new()).unwrap());
        let matrix = Matrix {
            name: "w".to_owned(),
            stored_shape: vec![6, 5],
            source_dtype: crate::matrix::Dtype::F32,
            is_image: false,
            data: MatrixData::F32(a),
            replaced_non_finite: None,
        };
        let settings = AnimationSettings {
            frames: 5,
            frame_ms: 100,
            size: 32,
        };
        let out = dir.path().join("w.gif");
        let job = JobControl::new();
        job.cancel();
        let target = OutputTarget::new(&out);
        let result = write_rank_animation(&target, &[(&matrix, &factors)], settings, &job);
        assert!(result.unwrap_err().to_string().contains("nothing written"));
        // Neither the GIF nor a temporary file beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        // Not cancelled: written; k = 5^(i/4) rounds to 1, 1, 2, 3, 5, the repeat dropped.
        let written = write_rank_animation(
            &target,
            &[(&matrix, &factors)],
            settings,
            &JobControl::new(),
        )
        .unwrap();
        assert_eq!(
            (written.frames, written.first_rank, written.max_rank),
            (4, 1, 5)
        );
        assert!(out.is_file());
    }

    #[test]
    fn ranks_are_log_spaced_from_one_to_r() {
        assert_eq!(log_spaced_ranks(256, 9), [1, 2, 4, 8, 16, 32, 64, 128, 256]);
        assert_eq!(log_spaced_ranks(3, 10), [1, 2, 3]);
        assert_eq!(log_spaced_ranks(50, 1), [50]);
        assert!(log_spaced_ranks(0, 5).is_empty());
    }
}
