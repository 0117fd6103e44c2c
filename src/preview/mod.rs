//! Display-resolution views of A, A_k and A − A_k that stay live at any matrix size.
//!
//! With row and column pooling operators P (p × m) and Q (q × n) that average contiguous
//! blocks, the pooled rank-k approximation is
//! P A_k Qᵀ = (P U_k) diag(σ_k) (Q V_k)ᵀ,
//! so after one O((m + n) r) precomputation of P U and Q V every rank change costs
//! O(p q Δk) (incremental) or O(p q k) (from scratch), whatever m and n are.

mod colormap;
mod pooled;
mod pooling;

pub use colormap::{Colormap, ValueRange, colorize};
pub use pooled::{MAX_CHECKPOINTS, PooledFactors, RankPreview};
pub use pooling::{Bins, pool};
