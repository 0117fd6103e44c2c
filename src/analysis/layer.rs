//! One row of a whole-checkpoint table (`scan`, `diff`): what a layer's spectrum says, as pure
//! functions of its σ and shape, including the dynamic-rank rules of kohya's `resize_lora.py`.

use super::{RankRule, Spectrum};
use crate::linalg::{Method, power_of_two_near};
use serde::{Deserialize, Serialize};

/// Parameters of kohya-ss `networks/resize_lora.py`'s dynamic rank methods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KohyaParameters {
    /// `sv_ratio`: keep σ_i > σ₁ / ratio.
    pub sv_ratio: f64,
    /// `sv_cumulative`: keep the smallest k with Σ_{i≤k} σ_i / Σσ ≥ this.
    pub sv_cumulative: f64,
    /// `sv_fro`: keep the smallest k with sqrt(Σ_{i≤k} σ_i² / Σσ²) ≥ this.
    pub sv_fro: f64,
}

impl Default for KohyaParameters {
    /// The values kohya's documentation uses as examples: ratio 10, 90 % cumulative, 90 %
    /// Frobenius.
    fn default() -> Self {
        Self {
            sv_ratio: 10.0,
            sv_cumulative: 0.9,
            sv_fro: 0.9,
        }
    }
}

/// The ranks kohya's rules pick. Like `resize_lora.py` they are clamped to 1 ≤ k ≤ r − 1
/// (r = min(m, n)), so they match what that script would do to the same matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KohyaRanks {
    /// `sv_ratio` rank.
    pub sv_ratio: usize,
    /// `sv_cumulative` rank.
    pub sv_cumulative: usize,
    /// `sv_fro` rank.
    pub sv_fro: usize,
}

/// One of kohya-ss `resize_lora.py`'s dynamic methods with its parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KohyaRule {
    /// `sv_ratio`: keep the σ_i > σ₁ / x.
    SvRatio(f64),
    /// `sv_cumulative`: the smallest k with Σ_{i≤k} σ_i / Σσ ≥ x.
    SvCumulative(f64),
    /// `sv_fro`: the smallest k with sqrt(Σ_{i≤k} σ_i² / Σσ²) ≥ x.
    SvFro(f64),
}

impl KohyaRule {
    /// The rank the rule keeps of a complete, descending spectrum, as `resize_lora.py` does
    /// once its off-by-one is fixed (sd-scripts PR #2194): `sv_cumulative` and `sv_fro` keep
    /// the first k whose share reaches x (`searchsorted(shares, x) + 1`), not one more;
    /// `sv_ratio` keeps exactly the values above σ₁ / x, not one more (the same fix, which the
    /// PR's thread notes `index_sv_ratio` needs too). At least 1 and at most len; `None` for
    /// an empty or all-zero spectrum (where the script divides by zero; it keeps rank 1).
    ///
    /// Sums are of σ_i/u for a power of two u near σ₁ (the shares are the same), so that
    /// Σσ² neither overflows nor underflows.
    #[must_use]
    pub fn rank(self, sigma: &[f64]) -> Option<usize> {
        let unit = power_of_two_near(sigma.first().copied().unwrap_or(0.0));
        let scaled: Vec<f64> = sigma.iter().map(|s| s / unit).collect();
        let total: f64 = scaled.iter().sum();
        if sigma.is_empty() || total <= 0.0 {
            return None;
        }
        // torch.searchsorted(shares, target) + 1: the first k whose share reaches the target;
        // rounding can leave the last share a hair below 1, so no share reaching it means all.
        let first_reaching = |shares: &[f64], target: f64| {
            shares
                .iter()
                .position(|&share| share >= target)
                .map_or(sigma.len(), |index| index + 1)
        };
        let rank = match self {
            Self::SvRatio(ratio) => {
                let floor = sigma[0] / ratio;
                sigma.iter().filter(|&&s| s > floor).count()
            }
            Self::SvCumulative(target) => {
                let mut running = 0.0;
                let shares: Vec<f64> = scaled
                    .iter()
                    .map(|s| {
                        running += s;
                        running / total
                    })
                    .collect();
                first_reaching(&shares, target)
            }
            Self::SvFro(target) => {
                let total_sq: f64 = scaled.iter().map(|s| s * s).sum();
                let mut running = 0.0;
                let shares: Vec<f64> = scaled
                    .iter()
                    .map(|s| {
                        running += s * s;
                        running / total_sq
                    })
                    .collect();
                first_reaching(&shares, target * target)
            }
        };
        Some(rank.clamp(1, sigma.len()))
    }

    /// `sv_ratio 10`, `sv_cumulative 0.9`, `sv_fro 0.9`.
    #[must_use]
    pub fn name(self) -> String {
        match self {
            Self::SvRatio(x) => format!("sv_ratio {x}"),
            Self::SvCumulative(x) => format!("sv_cumulative {x}"),
            Self::SvFro(x) => format!("sv_fro {x}"),
        }
    }
}

/// kohya's three ranks for a complete, descending spectrum; `None` for fewer than two σ or an
/// all-zero spectrum (where the script would divide by zero).
///
/// The sums are taken of σ_i/u for a power of two u near σ₁ (the shares are the same), so
/// that Σσ² neither overflows nor underflows at any magnitude.
#[must_use]
pub fn kohya_ranks(sigma: &[f64], parameters: KohyaParameters) -> Option<KohyaRanks> {
    if sigma.len() < 2 {
        return None;
    }
    let clamp = |k: usize| k.clamp(1, sigma.len() - 1);
    Some(KohyaRanks {
        sv_ratio: clamp(KohyaRule::SvRatio(parameters.sv_ratio).rank(sigma)?),
        sv_cumulative: clamp(KohyaRule::SvCumulative(parameters.sv_cumulative).rank(sigma)?),
        sv_fro: clamp(KohyaRule::SvFro(parameters.sv_fro).rank(sigma)?),
    })
}

/// numpy's `matrix_rank` rule: the number of σ above σ₁ · max(m, n) · ε, with ε the machine
/// epsilon of the precision the SVD was computed in.
#[must_use]
#[allow(clippy::cast_precision_loss)]
pub fn numerical_rank(sigma: &[f64], rows: usize, cols: usize, epsilon: f64) -> usize {
    let Some(&top) = sigma.first() else { return 0 };
    let tolerance = top * rows.max(cols) as f64 * epsilon;
    sigma.iter().filter(|&&s| s > tolerance).count()
}

/// The ranks every layer row reports; `null` where the spectrum cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRanks {
    /// Smallest k keeping 90 % of ‖W‖_F².
    pub energy_90: Option<usize>,
    /// Smallest k keeping 99 % of ‖W‖_F².
    pub energy_99: Option<usize>,
    /// Gavish–Donoho hard threshold (unknown noise).
    pub gavish_donoho: Option<usize>,
    /// σ above numpy's `matrix_rank` tolerance: the rank a planted low-rank matrix has.
    pub numerical: Option<usize>,
    /// kohya `sv_ratio`.
    pub sv_ratio: Option<usize>,
    /// kohya `sv_cumulative`.
    pub sv_cumulative: Option<usize>,
    /// kohya `sv_fro`.
    pub sv_fro: Option<usize>,
}

/// One matrix of a checkpoint, as `scan --json` prints it (and `diff --json`, on ΔW).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerRow {
    /// Tensor name.
    pub name: String,
    /// [m, n] as analysed.
    pub shape: [usize; 2],
    /// The stored shape, when it has more than two dimensions.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stored_shape: Option<Vec<usize>>,
    /// Source dtype (numpy's name).
    pub dtype: String,
    /// m·n.
    pub parameters: u64,
    /// ‖W‖_F.
    pub frobenius_norm: f64,
    /// σ₁ = ‖W‖₂.
    pub sigma_max: f64,
    /// Σσ²/σ₁².
    pub stable_rank: f64,
    /// Roy–Vetterli effective rank.
    pub effective_rank: f64,
    /// Engine that computed σ.
    pub method: Method,
    /// Rank rules.
    pub ranks: LayerRanks,
    /// `diff` only: whether W_tuned differs from W_base at all.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub changed: Option<bool>,
    /// How many NaN/±inf values were replaced with 0 before the SVD (`--nan-to-zero`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replaced_non_finite: Option<usize>,
    /// A LoRA adapter's module: its r, alpha, scale and the rank ΔW actually uses.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub adapter: Option<crate::matrix::AdapterFacts>,
    /// σ (not printed: the table overlays and the budget use them).
    #[serde(skip)]
    pub singular_values: Vec<f64>,
}

impl LayerRow {
    /// The numbers the row's matrix is stored as: m·n, or for an adapter's module the numbers
    /// its factors hold ([`crate::matrix::AdapterFacts::factor_parameters`]).
    #[must_use]
    pub fn stored_parameters(&self) -> u64 {
        self.adapter
            .as_ref()
            .map_or(self.parameters, |facts| facts.factor_parameters)
    }

    /// The row for a matrix called `name` whose (possibly partial) spectrum is `spectrum`,
    /// computed by `method` in a precision with machine epsilon `epsilon`.
    #[must_use]
    pub fn of(
        name: &str,
        dtype: &str,
        stored_shape: &[usize],
        spectrum: &Spectrum,
        method: Method,
        epsilon: f64,
        kohya: KohyaParameters,
    ) -> Self {
        let (m, n) = spectrum.shape();
        let sigma = spectrum.singular_values();
        let complete = spectrum.is_complete();
        let kohya_ranks = complete.then(|| kohya_ranks(sigma, kohya)).flatten();
        let ranks = LayerRanks {
            energy_90: RankRule::Energy90.rank(spectrum),
            energy_99: RankRule::Energy99.rank(spectrum),
            gavish_donoho: RankRule::GavishDonoho.rank(spectrum),
            numerical: complete.then(|| numerical_rank(sigma, m, n, epsilon)),
            sv_ratio: kohya_ranks.map(|k| k.sv_ratio),
            sv_cumulative: kohya_ranks.map(|k| k.sv_cumulative),
            sv_fro: kohya_ranks.map(|k| k.sv_fro),
        };
        Self {
            name: name.to_owned(),
            shape: [m, n],
            stored_shape: (stored_shape.len() > 2).then(|| stored_shape.to_vec()),
            dtype: dtype.to_owned(),
            parameters: m as u64 * n as u64,
            frobenius_norm: spectrum.frobenius_norm(),
            sigma_max: sigma.first().copied().unwrap_or(0.0),
            stable_rank: spectrum.stable_rank(),
            effective_rank: spectrum.effective_rank(),
            method,
            ranks,
            changed: None,
            replaced_non_finite: None,
            adapter: None,
            singular_values: sigma.to_vec(),
        }
    }
}

impl LayerRow {
    /// This layer as the global rank allocation sees it. An adapter's module offers only its
    /// first `rank_bound` σ, as `resize --budget` does: the rest are rounding-level zeros of
    /// a ΔW whose structure allows no higher rank, and a parameter budget would otherwise
    /// buy them at k(m + n) each.
    #[must_use]
    pub fn budget_layer(&self) -> super::BudgetLayer<'_> {
        let usable = self
            .adapter
            .as_ref()
            .map_or(self.singular_values.len(), |facts| {
                facts.rank_bound.min(self.singular_values.len())
            });
        super::BudgetLayer {
            singular_values: &self.singular_values[..usable],
            rows: self.shape[0],
            cols: self.shape[1],
            frobenius_norm: self.frobenius_norm,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kohya_rules_follow_resize_lora() {
        // σ = 8, 4, 2, 1, 0.5: Σσ = 15.5, Σσ² = 85.25.
        let sigma = [8.0, 4.0, 2.0, 1.0, 0.5];
        let ranks = kohya_ranks(
            &sigma,
            KohyaParameters {
                sv_ratio: 5.0,      // keep σ > 1.6: three values
                sv_cumulative: 0.9, // 8/15.5 = .52, 12/15.5 = .77, 14/15.5 = .903 → 3
                sv_fro: 0.99,       // √(64/85.25)=.866, √(80/85.25)=.969, √(84/85.25)=.9927 → 3
            },
        )
        .unwrap();
        assert_eq!(
            ranks,
            KohyaRanks {
                sv_ratio: 3,
                sv_cumulative: 3,
                sv_fro: 3
            }
        );
        // The script clamps to 1 ≤ k ≤ r − 1.
        let all = kohya_ranks(
            &sigma,
            KohyaParameters {
                sv_ratio: 1000.0,
                sv_cumulative: 1.0,
                sv_fro: 1.0,
            },
        )
        .unwrap();
        assert_eq!((all.sv_ratio, all.sv_cumulative, all.sv_fro), (4, 4, 4));
    }

    #[test]
    fn kohya_rules_keep_no_rank_too_many() {
        // sd-scripts PR #2194: cumulative shares [0.9, 0.95, 1.0]; keeping 94 % or 95 % of Σσ
        // needs 2 values, 96 % needs 3, 80 % or 90 % needs 1 (the script kept one more).
        let sigma = [0.9, 0.05, 0.05];
        for (target, rank) in [(0.8, 1), (0.9, 1), (0.94, 2), (0.95, 2), (0.96, 3)] {
            assert_eq!(
                KohyaRule::SvCumulative(target).rank(&sigma),
                Some(rank),
                "{target}"
            );
        }
        // sv_ratio 5 of σ = 8, 4, 2, 1, 0.5: the three values above 1.6 (the script: 4).
        assert_eq!(
            KohyaRule::SvRatio(5.0).rank(&[8.0, 4.0, 2.0, 1.0, 0.5]),
            Some(3)
        );
        // sv_fro 0.9 of σ = 3, 1, 1, 1: √(9/12) = 0.866, √(10/12) = 0.913 → 2.
        assert_eq!(KohyaRule::SvFro(0.9).rank(&[3.0, 1.0, 1.0, 1.0]), Some(2));
        // A zero ΔW has no rank to keep; the full spectrum may be kept (no len − 1 cap).
        assert_eq!(KohyaRule::SvFro(0.9).rank(&[0.0, 0.0]), None);
        assert_eq!(KohyaRule::SvCumulative(1.0).rank(&[1.0, 1.0]), Some(2));
    }

    #[test]
    fn kohya_rules_do_not_depend_on_the_magnitude() {
        let sigma = [8.0, 4.0, 2.0, 1.0, 0.5, 0.25];
        let parameters = KohyaParameters {
            sv_ratio: 5.0,
            sv_cumulative: 0.9,
            sv_fro: 0.99,
        };
        let reference = kohya_ranks(&sigma, parameters).unwrap();
        // Σσ² overflows at 1e300 and 1e200 and is lost to underflow at 1e-200.
        for scale in [1e-300, 1e-200, 1e200, 1e300] {
            let scaled: Vec<f64> = sigma.iter().map(|s| s * scale).collect();
            assert_eq!(
                kohya_ranks(&scaled, parameters),
                Some(reference),
                "{scale:e}"
            );
        }
    }

    #[test]
    fn numerical_rank_counts_values_above_numpys_tolerance() {
        let sigma = [10.0, 1.0, 1e-13, 1e-15];
        // tolerance 10 · 100 · 2.2e-16 = 2.2e-13
        assert_eq!(numerical_rank(&sigma, 100, 50, f64::EPSILON), 2);
        assert_eq!(numerical_rank(&[], 3, 3, f64::EPSILON), 0);
    }
}
