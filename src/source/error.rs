//! Everything that can be wrong with an input file, each naming the file.

use crate::memory::MemoryError;
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
    /// Values that are NaN or infinite.
    #[error(
        "`{name}` has {count} non-finite value{} (first: {first_value} at row {first_row}, column {first_col}); rankscope needs finite numbers",
        if *count == 1 { "" } else { "s" }
    )]
    NonFinite {
        /// Entry name.
        name: String,
        /// How many values are NaN or ±inf.
        count: usize,
        /// Row of the first one (0-based).
        first_row: usize,
        /// Column of the first one (0-based).
        first_col: usize,
        /// `NaN`, `inf` or `-inf`.
        first_value: String,
    },
    /// The file holds no matrix at all.
    #[error("holds no tensors")]
    NoEntries,
    /// The requested name is not in the file.
    #[error("has no matrix named `{name}`; it holds: {}", candidates.join(", "))]
    NoSuchEntry {
        /// What was asked for.
        name: String,
        /// What the file holds.
        candidates: Vec<String>,
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

impl SourceError {
    /// Attaches `path` to `problem`.
    pub fn new(path: impl Into<PathBuf>, problem: impl Into<Problem>) -> Self {
        Self {
            path: path.into(),
            problem: problem.into(),
        }
    }
}

/// Shorthand for a [`Problem::Malformed`].
pub(crate) fn malformed(format: &'static str, detail: impl Into<String>) -> Problem {
    Problem::Malformed {
        format,
        detail: detail.into(),
    }
}
