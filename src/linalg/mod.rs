//! SVD engines behind one interface: exact (faer's thin SVD) and randomized top-k
//! (Halko–Martinsson–Tropp), both cancellable between steps and reporting progress.
//!
//! Every engine gives σ right at any magnitude: a matrix whose largest entry lies outside a
//! safe range is scaled by a power of two first (`scaling.rs`), and σ scaled back, exactly.

mod any;
mod exact;
mod factored;
mod factors;
mod job;
#[cfg(feature = "lapack")]
pub mod lapack;
mod randomized;
mod right_vectors;
mod scaling;
mod two_stage;

pub use any::{AnyFactors, Request, decompose, singular_values_of};
pub use exact::{TWO_STAGE_MIN_DIM, singular_values, thin_svd, workspace_bytes};
pub use factored::{Factored, FactoredMethod, kronecker, padded_spectrum, product_svd};
pub use factors::Factors;
pub use job::{Cancelled, JobControl, Progress};
pub use randomized::{RandomizedOptions, randomized_svd};
pub use right_vectors::{rank_k_factors, thin_svd_via_right_vectors};
pub(crate) use scaling::Scaling;
pub use scaling::{euclidean_norm, frobenius_norm, largest_magnitude, power_of_two_near};
pub use two_stage::{DEFAULT_BANDWIDTH, singular_values_two_stage};

use crate::memory::MemoryError;
use thiserror::Error;

/// Which engine computes the decomposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Every singular value and vector, to working precision.
    Exact,
    /// The top k only, from a random sketch: much faster for k ≪ min(m, n).
    Randomized,
}

impl Method {
    /// `"exact"` or `"randomized"`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Randomized => "randomized",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a decomposition did not produce a result.
#[derive(Debug, Error)]
pub enum SvdError {
    /// The job was cancelled.
    #[error("the SVD was cancelled")]
    Cancelled(#[from] Cancelled),
    /// The iteration did not converge (faer's report).
    #[error("the SVD did not converge")]
    NoConvergence,
    /// The workspace would not fit in memory.
    #[error(transparent)]
    Memory(#[from] MemoryError),
    /// A parameter is out of range (rank 0, rank above min(m, n), …).
    #[error("{0}")]
    InvalidArgument(String),
}
