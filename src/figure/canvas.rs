//! The two canvases: SVG text and an RGB bitmap encoded as PNG. plotters draws the axes,
//! curves and text on both; heatmaps (the layers figure) are pictures placed afterwards,
//! embedded as PNG images in the SVG (one element each instead of one rectangle per pixel)
//! and copied pixel by pixel into the bitmap.

use super::style::{self, Sizes};
use super::{Figure, FigureError, FigureSize, curves, denoise, layers, spectra};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A heatmap to place on the canvas: `columns` × `rows` RGB pixels shown in the rectangle
/// at (`left`, `top`), `width` × `height` canvas pixels, each pixel a crisp block.
#[derive(Debug, Clone)]
pub(super) struct Picture {
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    pub columns: usize,
    pub rows: usize,
    /// Row-major RGB8.
    pub rgb: Vec<u8>,
}

fn draw_figure<DB: DrawingBackend>(
    figure: &Figure,
    root: &DrawingArea<DB, Shift>,
    sizes: Sizes,
) -> Result<Vec<Picture>, FigureError> {
    if !style::font_ready() {
        return Err(FigureError::Draw(
            "the embedded font could not be read".to_owned(),
        ));
    }
    match figure {
        Figure::Curve { kind, curves, rank } => {
            curves::draw(root, *kind, curves, *rank, sizes).map(|()| Vec::new())
        }
        Figure::Layers(figure) => layers::draw(root, figure, sizes),
        Figure::Denoise(figure) => root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| curves::linear(root, &denoise::curve(figure), figure.rank(), sizes))
            .map(|()| Vec::new()),
        Figure::Spectra(figure) => root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| curves::linear(root, &spectra::curve(figure), None, sizes))
            .map(|()| Vec::new()),
    }
    .map_err(FigureError::Draw)
}

/// `figure` as an SVG document of `size` px.
pub(super) fn svg(figure: &Figure, size: FigureSize) -> Result<String, FigureError> {
    let sizes = Sizes::new(size.width_px, size.height_px);
    let mut text = String::new();
    let pictures = {
        let root =
            SVGBackend::with_string(&mut text, (size.width_px, size.height_px)).into_drawing_area();
        let pictures = draw_figure(figure, &root, sizes)?;
        root.present()
            .map_err(|e| FigureError::Draw(e.to_string()))?;
        pictures
    };
    if !pictures.is_empty() {
        let images: String = pictures.iter().map(svg_image).collect();
        let end = text
            .rfind("</svg>")
            .ok_or_else(|| FigureError::Draw("the SVG has no end tag".to_owned()))?;
        text.insert_str(end, &images);
    }
    Ok(text)
}

/// An `<image>` element showing `picture` as an embedded PNG, without smoothing.
fn svg_image(picture: &Picture) -> String {
    format!(
        "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
         style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{}\"/>\n",
        picture.left,
        picture.top,
        picture.width,
        picture.height,
        base64(&png_bytes(&picture.rgb, picture.columns, picture.rows))
    )
}

/// `figure` as PNG data of `size` px (8-bit RGB).
pub(super) fn png(figure: &Figure, size: FigureSize) -> Result<Vec<u8>, FigureError> {
    let sizes = Sizes::new(size.width_px, size.height_px);
    let (width, height) = (size.width_px as usize, size.height_px as usize);
    let mut buffer = vec![255u8; width * height * 3];
    let pictures = {
        let root = BitMapBackend::with_buffer(&mut buffer, (size.width_px, size.height_px))
            .into_drawing_area();
        let pictures = draw_figure(figure, &root, sizes)?;
        root.present()
            .map_err(|e| FigureError::Draw(e.to_string()))?;
        pictures
    };
    for picture in &pictures {
        blit(&mut buffer, width, height, picture);
    }
    Ok(png_bytes(&buffer, width, height))
}

/// Copies `picture` into the RGB `canvas`, each canvas pixel taking the picture pixel it
/// falls in (nearest neighbour), clipped to the canvas.
#[allow(
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap
)] // clipped to the canvas first
fn blit(canvas: &mut [u8], width: usize, height: usize, picture: &Picture) {
    if picture.width <= 0 || picture.height <= 0 || picture.columns == 0 || picture.rows == 0 {
        return;
    }
    let x_range = picture.left.max(0)..(picture.left + picture.width).min(width as i32);
    let y_range = picture.top.max(0)..(picture.top + picture.height).min(height as i32);
    for y in y_range {
        let row = ((y - picture.top) as usize * picture.rows) / picture.height as usize;
        for x in x_range.clone() {
            let column = ((x - picture.left) as usize * picture.columns) / picture.width as usize;
            let from = 3 * (row * picture.columns + column);
            let to = 3 * (y as usize * width + x as usize);
            canvas[to..to + 3].copy_from_slice(&picture.rgb[from..from + 3]);
        }
    }
}

/// RGB8 pixels as PNG data (an encoder writing to memory cannot fail on valid sizes; an
/// empty vector if it ever does, which the caller's decoder or viewer reports).
fn png_bytes(rgb: &[u8], width: usize, height: usize) -> Vec<u8> {
    use image::ImageEncoder;
    let mut data = Vec::new();
    let (Ok(width), Ok(height)) = (u32::try_from(width), u32::try_from(height)) else {
        return data;
    };
    let encoded = image::codecs::png::PngEncoder::new(&mut data).write_image(
        rgb,
        width,
        height,
        image::ExtendedColorType::Rgb8,
    );
    if encoded.is_err() {
        data.clear();
    }
    data
}

/// Standard base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                text.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                text.push('=');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        // RFC 4648 §10.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain}");
        }
    }

    #[test]
    fn blit_scales_by_nearest_neighbour_and_clips() {
        // A 2 × 1 picture (red, blue) shown 4 × 2 at (1, 0) on a 4 × 2 canvas: columns
        // 1–2 red, 3 blue, 4 (off the canvas) clipped; column 0 untouched.
        let picture = Picture {
            left: 1,
            top: 0,
            width: 4,
            height: 2,
            columns: 2,
            rows: 1,
            rgb: vec![255, 0, 0, 0, 0, 255],
        };
        let mut canvas = vec![9u8; 4 * 2 * 3];
        blit(&mut canvas, 4, 2, &picture);
        for y in 0..2 {
            let pixel = |x: usize| &canvas[3 * (y * 4 + x)..3 * (y * 4 + x) + 3];
            assert_eq!(pixel(0), [9, 9, 9]);
            assert_eq!(pixel(1), [255, 0, 0]);
            assert_eq!(pixel(2), [255, 0, 0]);
            assert_eq!(pixel(3), [0, 0, 255]);
        }
    }
}
