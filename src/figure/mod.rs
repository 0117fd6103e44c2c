//! Figures for slides and papers: the spectrum (σ_i on a log axis with the Gavish–Donoho
//! threshold), the relative error e_k, the energy c_k, the PSNR of an image, and the first
//! rank-1 layers σ_i u_i v_iᵀ adding up to A_k, the denoising demo's two error curves, and
//! the normalised spectra σᵢ/σ₁ of several matrices (a checkpoint's), as SVG, PNG or (for
//! the curves) CSV.
//!
//! Drawn with `plotters` on white at slide size (1600 × 1000 px by default, text ≥ 20 px),
//! with text laid out from the embedded DejaVu Sans, so a figure looks the same on every
//! machine and needs no system font library. The numbers are those of [`crate::analysis`]
//! ([`crate::analysis::Spectrum`], [`crate::analysis::Channels`] for colour), the same as `analyze --json`
//! and the window show. Both front ends call [`write_figure`]; it writes through
//! [`crate::export::write_file`], so figures follow the rules of every other output.

mod axes;
pub use axes::subscript;
mod canvas;
mod curves;
mod denoise;
mod layers;
mod spectra;
mod style;
mod table;

pub use curves::Curves;
pub use denoise::DenoiseFigure;
pub use layers::{LAYERS_SHOWN_MAX, Layers};
pub use spectra::{SPECTRA_NAMED_MAX, Spectra};
pub use style::DEJAVU_SANS;

use crate::export::{ExportError, OutputTarget};
use std::path::Path;
use thiserror::Error;

/// Which figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureKind {
    /// σ_i against i on a log axis, with the Gavish–Donoho threshold.
    Spectrum,
    /// e_k = ‖A − A_k‖_F / ‖A‖_F against k.
    Error,
    /// c_k = Σ_{i≤k} σ_i² / ‖A‖_F² against k.
    Energy,
    /// PSNR of A_k (images only) against k.
    Psnr,
    /// The first rank-1 layers σ_i u_i v_iᵀ and their sum A_k.
    Layers,
    /// The denoising demo: the error of N_k against the clean and the noisy matrix
    /// (`rankscope denoise --figure`, not a kind of `plot`).
    Denoise,
    /// σᵢ/σ₁ of several matrices against i / min(m, n) (`rankscope scan --figure`, the
    /// Model view; not a kind of `plot`).
    Spectra,
}

impl FigureKind {
    /// Every kind `plot` draws, in the order the CLI lists them.
    pub const ALL: [Self; 5] = [
        Self::Spectrum,
        Self::Error,
        Self::Energy,
        Self::Psnr,
        Self::Layers,
    ];

    /// The CLI name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Spectrum => "spectrum",
            Self::Error => "error",
            Self::Energy => "energy",
            Self::Psnr => "psnr",
            Self::Layers => "layers",
            Self::Denoise => "denoise",
            Self::Spectra => "spectra",
        }
    }
}

impl std::str::FromStr for FigureKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == Self::Denoise.name() {
            return Err(
                "the denoising figure is drawn by `rankscope denoise PATH --figure FILE`"
                    .to_owned(),
            );
        }
        if s == Self::Spectra.name() {
            return Err(
                "the spectra of several matrices are drawn by `rankscope scan PATH --figure FILE`"
                    .to_owned(),
            );
        }
        Self::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| {
                format!("unknown figure `{s}` (use spectrum, error, energy, psnr or layers)")
            })
    }
}

/// The file format of a figure, chosen by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureFormat {
    /// Scalable vector graphics (text stays text).
    Svg,
    /// An 8-bit RGB PNG.
    Png,
    /// The numbers behind the curves, one row per k.
    Csv,
}

impl FigureFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Self; 3] = [Self::Svg, Self::Png, Self::Csv];

    /// The extension (without the dot), also the format's name.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Csv => "csv",
        }
    }

    /// The format `path`'s extension names (`.svg`, `.png`, `.csv`, in any case).
    pub fn of_path(path: &Path) -> Result<Self, FigureError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|f| f.extension() == extension)
            .ok_or_else(|| {
                FigureError::Unsupported(format!(
                    "{}: the figure's format comes from the extension: .svg, .png or .csv",
                    path.display()
                ))
            })
    }
}

/// The pixel size of a figure (SVG: its user units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureSize {
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
}

impl Default for FigureSize {
    /// 1600 × 1000: a 16:10 slide, text ≥ 20 px.
    fn default() -> Self {
        Self {
            width_px: 1600,
            height_px: 1000,
        }
    }
}

/// Why a figure could not be made or written.
#[derive(Debug, Error)]
pub enum FigureError {
    /// The figure cannot be made of this matrix or in this format (PSNR of weights, the
    /// layers as CSV, an unknown extension); the message says what to do instead.
    #[error("{0}")]
    Unsupported(String),
    /// The drawing library failed.
    #[error("cannot draw the figure: {0}")]
    Draw(String),
    /// Writing the file failed, or the target may not be written.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// A figure with its data, ready to render in any format.
#[derive(Debug, Clone)]
pub enum Figure {
    /// σ_i, e_k, c_k or PSNR against the rank, with the rank k marked when given.
    Curve {
        /// Spectrum, Error, Energy or Psnr.
        kind: FigureKind,
        /// The spectra and what they are of.
        curves: Curves,
        /// The k to mark.
        rank: Option<usize>,
    },
    /// σ_i u_i v_iᵀ, i = 1 … min(k, [`LAYERS_SHOWN_MAX`]), and A_k.
    Layers(Layers),
    /// The denoising demo's error curves against k (log axis), with their marks.
    Denoise(DenoiseFigure),
    /// σᵢ/σ₁ of several matrices against i / min(m, n).
    Spectra(Spectra),
}

impl Figure {
    /// Which figure this is.
    #[must_use]
    pub fn kind(&self) -> FigureKind {
        match self {
            Self::Curve { kind, .. } => *kind,
            Self::Layers(_) => FigureKind::Layers,
            Self::Denoise(_) => FigureKind::Denoise,
            Self::Spectra(_) => FigureKind::Spectra,
        }
    }

    /// The curve figure `kind` of `curves`; refuses PSNR of a matrix that is not an image
    /// and `Layers` (which needs the factors: [`Figure::Layers`]).
    pub fn curve(
        kind: FigureKind,
        curves: Curves,
        rank: Option<usize>,
    ) -> Result<Self, FigureError> {
        match kind {
            FigureKind::Psnr if !curves.is_image() => Err(FigureError::Unsupported(
                "PSNR is defined for images (pixels in [0, 1]); for a matrix plot error or energy"
                    .to_owned(),
            )),
            FigureKind::Layers => Err(FigureError::Unsupported(
                "the layers figure needs the factors U and V, not only σ".to_owned(),
            )),
            FigureKind::Denoise => Err(FigureError::Unsupported(
                "the denoising figure needs a denoising experiment, not a spectrum".to_owned(),
            )),
            FigureKind::Spectra => Err(FigureError::Unsupported(
                "the normalised spectra need several matrices: Figure::Spectra".to_owned(),
            )),
            _ => Ok(Self::Curve { kind, curves, rank }),
        }
    }

    /// Why this figure has no `format`, if it has none: the layers are pictures, and
    /// their numbers are the spectrum's (‖σ_i u_i v_iᵀ‖_F = σ_i).
    #[must_use]
    pub fn refusal(&self, format: FigureFormat) -> Option<String> {
        match (self, format) {
            (Self::Layers(_), FigureFormat::Csv) => Some(
                "the layers figure is pictures and has no CSV; its numbers are the spectrum's \
                 (‖σᵢuᵢvᵢᵀ‖_F = σᵢ): use --kind spectrum with .csv"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    /// The file's bytes: SVG text, PNG data or CSV text.
    pub fn render(&self, format: FigureFormat, size: FigureSize) -> Result<Vec<u8>, FigureError> {
        if let Some(why) = self.refusal(format) {
            return Err(FigureError::Unsupported(why));
        }
        match format {
            FigureFormat::Svg => canvas::svg(self, size).map(String::into_bytes),
            FigureFormat::Png => canvas::png(self, size),
            FigureFormat::Csv => match self {
                Self::Curve { curves, .. } => Ok(table::csv(curves).into_bytes()),
                Self::Denoise(figure) => Ok(table::denoise_csv(figure.curves()).into_bytes()),
                Self::Spectra(spectra) => Ok(table::spectra_csv(spectra).into_bytes()),
                Self::Layers(_) => unreachable!("refused above"),
            },
        }
    }
}

/// Renders `figure` in `format` and writes it at `target` (atomically, never over an input,
/// replacing only as the target allows).
pub fn write_figure(
    target: &OutputTarget,
    figure: &Figure,
    format: FigureFormat,
    size: FigureSize,
) -> Result<(), FigureError> {
    let bytes = figure.render(format, size)?;
    crate::export::write_file(target, |file| {
        use std::io::Write;
        file.write_all(&bytes).map_err(|e| e.to_string())
    })?;
    Ok(())
}

/// The name a figure of a matrix is titled with: the file's name (not its folder) and the
/// matrix's.
#[must_use]
pub fn title_of(source: &Path, matrix: &str) -> String {
    let file = source.file_name().map_or_else(
        || source.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    format!("{file} › {matrix}")
}
