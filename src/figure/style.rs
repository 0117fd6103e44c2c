//! Colours, text sizes and the font: what makes a figure readable on a projector.

use plotters::style::{FontStyle, RGBColor};
use std::sync::OnceLock;

/// The family every text of a figure uses. In SVG it is written as is, so a viewer draws
/// the text in its own sans-serif; in PNG it is DejaVu Sans, embedded.
pub(super) const FONT: &str = "sans-serif";

/// DejaVu Sans (Bitstream Vera licence, assets/fonts/): every glyph the figures use
/// (σ, ‖, subscripts, ≤, −, …). The window's text uses the same bytes.
pub static DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Registers the embedded font as [`FONT`] once; `false` if it could not be parsed.
pub(super) fn font_ready() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, DEJAVU_SANS).is_ok()
    })
}

// Okabe & Ito's colour-blind-safe palette, the darker members: on white at a distance the
// light ones (sky blue, yellow) wash out.
/// The main curve: blue.
pub(super) const MAIN: RGBColor = RGBColor(0, 114, 178);
/// The energy curve: bluish green.
pub(super) const ENERGY: RGBColor = RGBColor(0, 158, 115);
/// The Gavish–Donoho threshold: reddish purple, dashed.
pub(super) const THRESHOLD: RGBColor = RGBColor(204, 121, 167);
/// The Gavish–Donoho rank for an unknown noise level (the denoising figure): orange,
/// finely dashed.
pub(super) const THRESHOLD_UNKNOWN: RGBColor = RGBColor(230, 159, 0);
/// The error against the clean matrix (the denoising figure): vermillion.
pub(super) const CLEAN: RGBColor = RGBColor(213, 94, 0);
/// The best k (the denoising figure): bluish green.
pub(super) const BEST: RGBColor = RGBColor(0, 158, 115);
/// The break-even rank: grey, dashed.
pub(super) const BREAK_EVEN: RGBColor = RGBColor(120, 120, 120);
/// The k marker and all text: black.
pub(super) const INK: RGBColor = RGBColor(0, 0, 0);
/// Channels r, g, b: vermillion, bluish green, blue.
pub(super) const CHANNELS: [RGBColor; 3] = [
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(0, 114, 178),
];

/// The lines of several matrices (the normalised spectra), in turn: the palette's dark
/// members first, then black and sky blue.
pub(super) const LINES: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
    RGBColor(86, 180, 233),
];

/// Sizes at the reference 1600 × 1000, scaled with the figure.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    scale: f64,
}

impl Sizes {
    /// For a figure of `width` × `height` px: proportional to the smaller of
    /// width / 1600 and height / 1000, never below half of it.
    pub(super) fn new(width: u32, height: u32) -> Self {
        let scale = (f64::from(width) / 1600.0).min(f64::from(height) / 1000.0);
        Self {
            scale: scale.max(0.5),
        }
    }

    /// `reference` px at 1600 × 1000, scaled.
    #[allow(clippy::cast_possible_truncation)] // small positive sizes
    pub(super) fn px(self, reference: f64) -> i32 {
        (reference * self.scale).round() as i32
    }

    /// A text size: plotters' SVG writes size / 1.24 as the font size, so these give
    /// 35, 26 and 23 px of text at the reference size, and the PNG as much.
    pub(super) fn title(self) -> f64 {
        44.0 * self.scale
    }

    /// Axis descriptions.
    pub(super) fn axis(self) -> f64 {
        33.0 * self.scale
    }

    /// Tick labels, legend, captions.
    pub(super) fn label(self) -> f64 {
        29.0 * self.scale
    }

    /// Curve strokes.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // small positive
    pub(super) fn stroke(self) -> u32 {
        (3.0 * self.scale).round().max(1.0) as u32
    }
}
