//! Chosen-rank factors and reconstructions, written in formats the Python ecosystem loads
//! directly. Every output goes to an [`OutputTarget`], which decides what may be written
//! where (never over an input; replacing only a file or a rankscope folder of the same
//! kind), and is written atomically: a temporary file or folder beside the target, flushed
//! and synced, then published under its final name, so a failed or killed export leaves no
//! partial output.

mod adapter;
mod animation;
mod atomic;
mod factors;
mod picture;
mod publish;
mod target;
mod tensors;
#[cfg(test)]
mod write_failures;

pub use adapter::{AdapterLayer, peft_config, write_compressed, write_kohya, write_peft};
pub use animation::{
    AnimationSettings, AnimationSummary, Palette, log_spaced_ranks, pool_for_animation, write_gif,
    write_rank_animation,
};
pub use atomic::{OutputFile, write_file};
pub use factors::{
    FactorMetadata, lora_pair, write_csv, write_json, write_lora, write_npz, write_safetensors,
};
pub use picture::write_png;
pub use target::{OutputKind, OutputTarget};
pub use tensors::{StoredTensor, write_tensor_file, write_tensor_folder};

use crate::linalg::{AnyFactors, Factors};
use crate::real::Real;
use std::path::PathBuf;
use thiserror::Error;

/// Writes rank `metadata.rank` of `factors` in `format`: the factor formats, `csv` (A_k) or
/// `png` (A_k of a single channel). `json` needs the analysis object: use [`write_json`].
pub fn write_factors(
    format: Format,
    target: &OutputTarget,
    factors: &AnyFactors,
    metadata: &FactorMetadata,
) -> Result<(), ExportError> {
    fn write<T: Real>(
        format: Format,
        target: &OutputTarget,
        factors: &Factors<T>,
        metadata: &FactorMetadata,
    ) -> Result<(), ExportError> {
        let rank = metadata.rank;
        match format {
            Format::Npz => write_npz(target, factors, rank),
            Format::Safetensors => write_safetensors(target, factors, metadata),
            Format::Lora => write_lora(target, factors, metadata),
            Format::Csv => write_csv(target, factors.reconstruct(rank).view()),
            Format::Png => write_png(target, &[factors.reconstruct(rank)]),
            Format::Json => Err(ExportError::Encode {
                path: target.path().to_owned(),
                detail: "json export writes the analysis object, not factors".to_owned(),
            }),
        }
    }
    match factors {
        AnyFactors::F32(f) => write(format, target, f, metadata),
        AnyFactors::F64(f) => write(format, target, f, metadata),
    }
}

/// Output formats of `rankscope export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `U` (m×k), `S` (k), `Vt` (k×n) in a numpy archive.
    Npz,
    /// `U`, `S`, `Vt` plus string metadata.
    Safetensors,
    /// `lora_B` = U·diag(√S) (m×k) and `lora_A` = diag(√S)·Vt (k×n), so B·A = A_k.
    Lora,
    /// The rank-k reconstruction of an image, clamped to \[0, 1\].
    Png,
    /// A_k as comma-separated rows.
    Csv,
    /// The analysis object.
    Json,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Self; 6] = [
        Self::Npz,
        Self::Safetensors,
        Self::Lora,
        Self::Png,
        Self::Csv,
        Self::Json,
    ];

    /// The CLI name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Npz => "npz",
            Self::Safetensors => "safetensors",
            Self::Lora => "lora",
            Self::Png => "png",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }
}

/// What is being exported, as far as the choice of format goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportSubject {
    /// A matrix that is not a picture (weights, an array, a table).
    Matrix,
    /// One channel of an image (gray, r, g, b, a or luma).
    ImageChannel,
    /// A colour image decomposed per channel (three SVDs, recombined).
    ColourImage,
}

impl Format {
    /// Why this format cannot hold `subject`, in words that follow the file's name; `None`
    /// when it can. The CLI and the window refuse with the same words.
    #[must_use]
    pub fn refusal(self, subject: ExportSubject) -> Option<String> {
        match (self, subject) {
            (Self::Png, ExportSubject::Matrix) => Some(
                "png export rebuilds images; for a matrix use npz, safetensors, lora or csv"
                    .to_owned(),
            ),
            (Self::Png, _) | (_, ExportSubject::Matrix | ExportSubject::ImageChannel) => None,
            (_, ExportSubject::ColourImage) => Some(format!(
                "colour is three factorisations (one SVD per channel) and only png recombines \
                 them; export one channel (r, g, b or luma) as {}",
                self.name()
            )),
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                format!("unknown format `{s}` (use npz, safetensors, lora, png, csv or json)")
            })
    }
}

/// Why an export failed. Nothing is left at the target path in any of these cases, and
/// what was there before is as it was.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The target may not be written: it exists (and replacing was not asked for), it is or
    /// holds an input, or it is something `--force` does not replace.
    #[error("{}: {reason}", path.display())]
    Refused {
        /// The target as given.
        path: PathBuf,
        /// Why, and what is there.
        reason: String,
    },
    /// Writing, syncing or renaming failed (a full disk, a quota, a device error, a missing
    /// or read-only folder).
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        /// The target file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The encoder for the format refused the data.
    #[error("{}: {detail}", path.display())]
    Encode {
        /// The target file.
        path: PathBuf,
        /// What the encoder said.
        detail: String,
    },
}

#[cfg(test)]
mod format_tests {
    use super::{ExportSubject, Format};

    #[test]
    fn each_format_takes_what_it_can_hold() {
        for format in Format::ALL {
            // Every format holds one channel of an image.
            assert_eq!(
                format.refusal(ExportSubject::ImageChannel),
                None,
                "{format:?}"
            );
            let matrix = format.refusal(ExportSubject::Matrix);
            let colour = format.refusal(ExportSubject::ColourImage);
            if format == Format::Png {
                // A png is a picture: of a colour image, not of weights.
                assert!(matrix.unwrap().contains("png export rebuilds images"));
                assert_eq!(colour, None);
            } else {
                // Factors are of one matrix: one channel, never three recombined.
                assert_eq!(matrix, None, "{format:?}");
                let why = colour.unwrap();
                assert!(why.contains("only png recombines"), "{why}");
                assert!(why.ends_with(format.name()), "{why}");
            }
        }
    }
}
