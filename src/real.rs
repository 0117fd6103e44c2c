//! The two working precisions, f32 and f64, and what the core needs of them.

use std::fmt::{Debug, Display};

/// Precision the SVD and everything after it is computed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// IEEE single precision.
    F32,
    /// IEEE double precision.
    F64,
}

impl Precision {
    /// `"f32"` or `"f64"`, as on the command line and in JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::F32 => "f32",
            Self::F64 => "f64",
        }
    }

    /// Bytes per element.
    #[must_use]
    pub fn element_bytes(self) -> u64 {
        match self {
            Self::F32 => 4,
            Self::F64 => 8,
        }
    }
}

impl Display for Precision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "f32" => Ok(Self::F32),
            "f64" => Ok(Self::F64),
            other => Err(format!("unknown precision `{other}` (use f32 or f64)")),
        }
    }
}

/// A working-precision real number: f32 or f64.
///
/// Bundles the bounds of faer (SVD), ndarray (products) and ndarray-npy (export) so generic
/// core code names one trait.
pub trait Real:
    faer::traits::RealField
    + ndarray::LinalgScalar
    + ndarray_npy::WritableElement
    + num_traits::Float
    + Copy
    + Send
    + Sync
    + Debug
    + Display
    + Default
    + 'static
{
    /// The precision this type stands for.
    const PRECISION: Precision;
    /// Lossy conversion from f64 (rounds to nearest for f32).
    fn from_f64(value: f64) -> Self;
    /// Exact widening (f32) or identity (f64).
    fn to_f64(self) -> f64;
    /// Little-endian bytes of one value, for safetensors output.
    fn le_bytes(self) -> Vec<u8>;
}

impl Real for f32 {
    const PRECISION: Precision = Precision::F32;
    #[allow(clippy::cast_possible_truncation)] // rounding to f32 is the point
    fn from_f64(value: f64) -> Self {
        value as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn le_bytes(self) -> Vec<u8> {
        self.to_le_bytes().to_vec()
    }
}

impl Real for f64 {
    const PRECISION: Precision = Precision::F64;
    fn from_f64(value: f64) -> Self {
        value
    }
    fn to_f64(self) -> f64 {
        self
    }
    fn le_bytes(self) -> Vec<u8> {
        self.to_le_bytes().to_vec()
    }
}
