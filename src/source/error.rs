//! Everything that can be wrong with an input file, each naming the file.

use crate::memory::MemoryError;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use thiserror::Error;

/// A file that cannot be listed or loaded, with the reason.
#[derive(Debug, Error)]
#[error("{}: {problem}", path.display())]
pub struct SourceError {
    /// The file (or folder) concerned.
    pub path: PathBuf,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with an input file.
#[derive(Debug, Error)]
pub enum Problem {
    /// The OS refused to read it.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// A directory where a file was expected.
    #[error("is a directory, not a matrix file")]
    IsDirectory,
    /// The extension is none rankscope reads.
    #[error(
        "unknown file type {0:?} (rankscope reads .safetensors .npy .npz .csv .tsv .png .jpg .jpeg .webp .bmp .tif .tiff)"
    )]
    UnknownExtension(String),
    /// A format rankscope does not read yet, and how to convert it to one it does.
    #[error("{format} files are not read yet; {next_step}")]
    NotYetReadable {
        /// "PyTorch", "GGUF".
        format: &'static str,
        /// What to do instead (a conversion command with the file's name).
        next_step: String,
    },
    /// The content is another format than the extension says.
    #[error("the name says {expected} but the content looks like {found}; rename the file")]
    WrongExtension {
        /// Format the extension names.
        expected: &'static str,
        /// Format the first bytes match.
        found: &'static str,
    },
    /// The bytes do not form a valid file of the format.
    #[error("not a valid {format} file: {detail}")]
    Malformed {
        /// `".npy"`, `"safetensors"`, …
        format: &'static str,
        /// What exactly is wrong.
        detail: String,
    },
    /// A numeric type rankscope does not read.
    #[error("`{name}` has dtype {dtype}; rankscope reads floating-point, integer and bool data")]
    UnsupportedDtype {
        /// Entry name.
        name: String,
        /// The type as the file names it.
        dtype: String,
    },
    /// A listed entry that is not a matrix (1-D, empty, overflowing shape).
    #[error("{0}")]
    NotAMatrix(String),
    /// Values that are NaN or infinite (refused unless the source replaces them with 0).
    #[error(
        "`{name}` has {found}; rankscope needs finite numbers (--nan-to-zero replaces them with 0)"
    )]
    NonFinite {
        /// Entry name.
        name: String,
        /// How many there are and where the first one is.
        found: NonFiniteCount,
    },
    /// The file holds no matrix at all.
    #[error("holds no tensors")]
    NoEntries,
    /// The requested name is not in the file.
    #[error("has no matrix named `{name}`; {}", suggestions(candidates, *total))]
    NoSuchEntry {
        /// What was asked for.
        name: String,
        /// The names closest to it (all of them in a small file).
        candidates: Vec<String>,
        /// How many names the file holds.
        total: usize,
    },
    /// Several matrices and no choice made.
    #[error("holds {} matrices; choose one with --tensor: {}", candidates.len(), candidates.join(", "))]
    Ambiguous {
        /// What the file holds.
        candidates: Vec<String>,
    },
    /// The working copy would not fit in memory.
    #[error(transparent)]
    Memory(#[from] MemoryError),
}

/// "it holds: a, b" when `candidates` are every name, else the closest few and where the
/// rest are.
fn suggestions(candidates: &[String], total: usize) -> String {
    if candidates.len() >= total {
        format!("it holds: {}", candidates.join(", "))
    } else {
        format!(
            "the closest of its {total} names: {} (`rankscope info` lists them all)",
            candidates.join(", ")
        )
    }
}

impl SourceError {
    /// Attaches `path` to `problem`.
    pub fn new(path: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Self {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

/// `text` on one line: its non-blank lines, trimmed and joined by spaces. Messages from
/// libraries (image decoders) can span lines; the window and stderr show one.
#[must_use]
pub fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shorthand for a [`Problem::Malformed`].
pub(crate) fn malformed(format: &'static str, detail: impl Into<String>) -> Problem {
    Problem::Malformed {
        format,
        detail: detail.into(),
    }
}

/// How many values of a matrix are NaN or ±inf, and where the first one is (row-major order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonFiniteCount {
    /// How many values are NaN or ±inf.
    pub count: usize,
    /// Row of the first one (0-based).
    pub first_row: usize,
    /// Column of the first one (0-based).
    pub first_col: usize,
    /// `NaN`, `inf` or `-inf`.
    pub first_value: String,
}

impl std::fmt::Display for NonFiniteCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} non-finite value{} (first: {} at row {}, column {})",
            self.count,
            if self.count == 1 { "" } else { "s" },
            self.first_value,
            self.first_row,
            self.first_col
        )
    }
}
