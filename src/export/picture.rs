//! Rank-k reconstructions of images as 8-bit PNG.

use super::atomic::write_file;
use super::{ExportError, OutputTarget};
use crate::real::Real;
use ndarray::Array2;

fn to_byte<T: Real>(value: T) -> u8 {
    // Clamp to [0, 1] first: a low-rank reconstruction over- and undershoots.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in [0, 255] after clamp
    let byte = (value.to_f64().clamp(0.0, 1.0) * 255.0).round() as u8;
    byte
}

/// Writes one channel (grayscale) or three (r, g, b) of equal shape as an 8-bit PNG,
/// each value clamped to \[0, 1\] and scaled by 255.
pub fn write_png<T: Real>(
    target: &OutputTarget,
    channels: &[Array2<T>],
) -> Result<(), ExportError> {
    let encode_error = |detail: String| ExportError::Encode {
        path: target.path().to_owned(),
        detail,
    };
    let Some(first) = channels.first() else {
        return Err(encode_error("no channel to write".to_owned()));
    };
    let (height, width) = first.dim();
    if channels.iter().any(|c| c.dim() != first.dim()) {
        return Err(encode_error("channels differ in shape".to_owned()));
    }
    let too_large = || encode_error(format!("{width} × {height} is too large for PNG"));
    let width_px = u32::try_from(width).map_err(|_| too_large())?;
    let height_px = u32::try_from(height).map_err(|_| too_large())?;
    let (color, pixels): (image::ExtendedColorType, Vec<u8>) = match channels {
        [gray] => (
            image::ExtendedColorType::L8,
            gray.iter().map(|&v| to_byte(v)).collect(),
        ),
        [r, g, b] => (
            image::ExtendedColorType::Rgb8,
            r.iter()
                .zip(g.iter())
                .zip(b.iter())
                .flat_map(|((&r, &g), &b)| [to_byte(r), to_byte(g), to_byte(b)])
                .collect(),
        ),
        _ => {
            return Err(encode_error(format!(
                "{} channels: PNG export takes 1 or 3",
                channels.len()
            )));
        }
    };
    write_file(target, |file| {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new(file)
            .write_image(&pixels, width_px, height_px, color)
            .map_err(|e| e.to_string())
    })
}
