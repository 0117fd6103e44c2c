//! What an adapter file says about one of its modules, as reports and tables show it.

use serde::{Deserialize, Serialize};

/// One module of a LoRA adapter: the convention it follows and how its ΔW is scaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdapterFacts {
    /// `peft` or `kohya` (kohya-ss and LyCORIS files).
    pub convention: String,
    /// `lora` (B·A, LoCon included), `loha` (Hadamard) or `lokr` (Kronecker).
    pub kind: String,
    /// r as stored: the rows of `lora_A`/`lora_down` (LyCORIS's `lora_dim` for LoHa/LoKr).
    pub rank: usize,
    /// alpha as applied (r where the file gives none).
    pub alpha: f64,
    /// The factor ΔW is scaled by: alpha / r (alpha / √r with rsLoRA; 1 for a LoKr module
    /// whose two Kronecker factors are both full).
    pub scale: f64,
    /// Where the scale comes from, in words (`adapter_config.json`, `alpha tensor`, …).
    pub scale_from: String,
    /// The largest rank ΔW can have given its structure: min(r, m, n) for a product, r₁r₂ for
    /// LoHa, the product of the two factors' bounds for LoKr.
    pub rank_bound: usize,
    /// The numbers the module's factor tensors store (alpha not counted): r(m + n) for a
    /// LoRA pair (a convolution's `lora_down` counts its kernel), the actual element counts
    /// of LoHa and LoKr factors and of Tucker cores. What the module costs, where m·n is what
    /// its dense ΔW would.
    #[serde(default)]
    pub factor_parameters: u64,
    /// The numerical rank of ΔW (σ above numpy's `matrix_rank` tolerance): the rank actually
    /// used, once the spectrum is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank_used: Option<usize>,
    /// Whether ΔW uses at most half the rank its structure allows (`rank_used` ≤
    /// `rank_bound` / 2): a module trained or stored far below its r.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underused: Option<bool>,
}

impl AdapterFacts {
    /// Records the numerical rank of ΔW and whether it is far below the structure's bound.
    pub fn set_rank_used(&mut self, rank_used: usize) {
        self.rank_used = Some(rank_used);
        self.underused = Some(rank_used.saturating_mul(2) <= self.rank_bound);
    }
}
