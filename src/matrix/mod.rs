//! The matrix types every layer shares: a loaded [`Matrix`] (values in their working
//! precision, with where they came from), the element types of files ([`Dtype`]), counts of
//! non-finite values, and matrices built with a known SVD.
//!
//! They sit below [`crate::source`] (which makes them from files) and [`crate::linalg`] /
//! [`crate::analysis`] (which decompose and describe them), so that neither of those needs
//! the other.

mod adapter;
pub mod dtype;
mod synthetic;

pub use adapter::AdapterFacts;
pub use dtype::Dtype;
pub use synthetic::{planted_matrix, power_law_matrix};

use crate::real::Precision;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Matrix values in their working precision.
#[derive(Debug, Clone, PartialEq)]
pub enum MatrixData {
    /// Single-precision working copy.
    F32(Array2<f32>),
    /// Double-precision working copy.
    F64(Array2<f64>),
}

impl MatrixData {
    /// (rows, columns).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        match self {
            Self::F32(a) => a.dim(),
            Self::F64(a) => a.dim(),
        }
    }

    /// The working precision.
    #[must_use]
    pub fn precision(&self) -> Precision {
        match self {
            Self::F32(_) => Precision::F32,
            Self::F64(_) => Precision::F64,
        }
    }

    /// ‖A‖_F, accumulated in f64 whatever the working precision, without overflow or
    /// underflow at any magnitude ([`crate::linalg::frobenius_norm`]).
    #[must_use]
    pub fn frobenius_norm(&self) -> f64 {
        match self {
            Self::F32(a) => crate::linalg::frobenius_norm(a.view()),
            Self::F64(a) => crate::linalg::frobenius_norm(a.view()),
        }
    }

    /// Entry (row, col) as f64.
    #[must_use]
    pub fn value(&self, row: usize, col: usize) -> f64 {
        match self {
            Self::F32(a) => f64::from(a[[row, col]]),
            Self::F64(a) => a[[row, col]],
        }
    }

    /// A copy in f64 (for tests and small exports).
    #[must_use]
    pub fn to_f64(&self) -> Array2<f64> {
        match self {
            Self::F32(a) => a.mapv(f64::from),
            Self::F64(a) => a.clone(),
        }
    }
}

/// A loaded matrix: values plus where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// The entry's name (tensor or channel).
    pub name: String,
    /// Shape as stored in the file (may have more than two dimensions).
    pub stored_shape: Vec<usize>,
    /// Element type in the file.
    pub source_dtype: Dtype,
    /// Whether the values are image pixels scaled to \[0, 1\].
    pub is_image: bool,
    /// The m × n values.
    pub data: MatrixData,
    /// NaN/±inf values that loading replaced with 0 (only with
    /// [`crate::source::NonFinitePolicy::ReplaceWithZero`]; otherwise they are refused).
    pub replaced_non_finite: Option<NonFiniteCount>,
}

impl Matrix {
    /// (m, n).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        self.data.shape()
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
