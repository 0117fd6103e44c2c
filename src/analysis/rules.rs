//! Rank-selection rules: which k to suggest for a spectrum.

use super::Spectrum;

/// A named rule that picks a rank from a spectrum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RankRule {
    /// Smallest k keeping 90 % of ‖A‖_F².
    Energy90,
    /// Smallest k keeping 99 % of ‖A‖_F².
    Energy99,
    /// Gavish & Donoho (2014) optimal hard threshold for unknown noise.
    GavishDonoho,
    /// Smallest k keeping the given fraction of ‖A‖_F².
    Energy(f64),
}

impl RankRule {
    /// The rules every analysis suggests, in report order.
    pub const SUGGESTED: [Self; 3] = [Self::Energy90, Self::Energy99, Self::GavishDonoho];

    /// `energy_90`, `energy_99`, `gavish_donoho`, as in JSON and on the command line.
    #[must_use]
    pub fn name(self) -> String {
        match self {
            Self::Energy90 => "energy_90".into(),
            Self::Energy99 => "energy_99".into(),
            Self::GavishDonoho => "gavish_donoho".into(),
            Self::Energy(f) => format!("energy {f}"),
        }
    }

    /// The rank this rule picks, or `None` where the spectrum cannot tell (a partial
    /// spectrum that does not reach the energy, or lacks the median).
    #[must_use]
    pub fn rank(self, spectrum: &Spectrum) -> Option<usize> {
        match self {
            Self::Energy90 => spectrum.rank_for_energy(0.90),
            Self::Energy99 => spectrum.rank_for_energy(0.99),
            Self::Energy(fraction) => spectrum.rank_for_energy(fraction),
            Self::GavishDonoho => spectrum.gavish_donoho_rank(),
        }
    }

    /// Why this rule does not apply to `spectrum` at all (Gavish–Donoho on a matrix of low
    /// rank by construction), as opposed to a spectrum too partial to tell; `None` otherwise.
    #[must_use]
    pub fn refusal(self, spectrum: &Spectrum) -> Option<&'static str> {
        match self {
            Self::GavishDonoho => spectrum.gavish_donoho_refusal(),
            _ => None,
        }
    }
}

impl std::str::FromStr for RankRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "energy_90" => Ok(Self::Energy90),
            "energy_99" => Ok(Self::Energy99),
            "gavish_donoho" => Ok(Self::GavishDonoho),
            other => Err(format!(
                "unknown rule `{other}` (use energy_90, energy_99 or gavish_donoho)"
            )),
        }
    }
}

/// ω(β) ≈ 0.56β³ − 0.95β² + 1.82β + 1.43, the Gavish–Donoho multiplier of the median
/// singular value for an m × n matrix with aspect ratio β = min/max and unknown noise.
#[must_use]
pub fn gavish_donoho_omega(beta: f64) -> f64 {
    0.56 * beta.powi(3) - 0.95 * beta.powi(2) + 1.82 * beta + 1.43
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn omega_matches_published_polynomial() {
        assert!((gavish_donoho_omega(1.0) - 2.86).abs() < 1e-12);
        assert!((gavish_donoho_omega(0.5) - (0.07 - 0.2375 + 0.91 + 1.43)).abs() < 1e-12);
    }

    #[test]
    fn rules_parse_by_their_json_names() {
        for rule in RankRule::SUGGESTED {
            assert_eq!(rule.name().parse::<RankRule>(), Ok(rule));
        }
        assert!("energy_95".parse::<RankRule>().is_err());
    }
}
