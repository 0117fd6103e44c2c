//! Global rank allocation across the layers of a checkpoint.
//!
//! Replacing layer ℓ (m_ℓ × n_ℓ) by rank k_ℓ factors stores k_ℓ(m_ℓ + n_ℓ) numbers (the two
//! LoRA-style factors, σ folded in) and loses Σ_{i>k_ℓ} σ_{ℓ,i}² of squared Frobenius error
//! (Eckart–Young). The total squared error is a sum over layers, and within a layer each
//! further rank step costs the same m_ℓ + n_ℓ numbers and gains σ_{ℓ,k+1}², which never grows
//! with k. So the problem is separable with concave gains, and the greedy rule — always take
//! the step with the largest σ² per stored number — is optimal: as long as it has skipped no
//! step, its allocation has the least total error of all allocations storing as many numbers
//! (it is the optimum of the linear relaxation, which here is integral: the exchange argument
//! of the fractional knapsack). When layers differ in m + n, the best next step can be too
//! big for what is left of a parameter budget; the greedy then skips it and fills the rest
//! with smaller steps, which is within one step of the optimum but not always on it. With
//! equal step costs it is always optimal (tested against brute force).

use crate::linalg::power_of_two_near;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A layer as the allocation sees it.
#[derive(Debug, Clone, Copy)]
pub struct BudgetLayer<'a> {
    /// Descending σ (complete, or the top ones known).
    pub singular_values: &'a [f64],
    /// m.
    pub rows: usize,
    /// n.
    pub cols: usize,
    /// ‖W‖_F (its square may exceed Σσ² of a partial spectrum).
    pub frobenius_norm: f64,
}

/// What to allocate for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// At most this many stored numbers in all factors together.
    Parameters(u64),
    /// The fewest numbers that bring the overall relative error
    /// sqrt(Σ_ℓ ‖W_ℓ − W_ℓ,k‖_F² / Σ_ℓ ‖W_ℓ‖_F²) down to this.
    RelativeError(f64),
}

/// The chosen ranks and what they achieve.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Allocation {
    /// k_ℓ per layer, in input order.
    pub ranks: Vec<usize>,
    /// Σ k_ℓ (m_ℓ + n_ℓ).
    pub parameters: u64,
    /// Σ m_ℓ n_ℓ: the dense layers' size.
    pub dense_parameters: u64,
    /// Overall relative Frobenius error (see [`Budget::RelativeError`]).
    pub relative_error: f64,
    /// ‖W_ℓ − W_ℓ,k‖_F / ‖W_ℓ‖_F per layer.
    pub layer_errors: Vec<f64>,
}

/// A candidate next rank step of one layer, ordered by gain per stored number.
struct Step {
    gain_per_number: f64,
    layer: usize,
}

impl PartialEq for Step {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Step {}
impl PartialOrd for Step {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Step {
    fn cmp(&self, other: &Self) -> Ordering {
        // Ties go to the earlier layer, so the result does not depend on heap internals.
        self.gain_per_number
            .total_cmp(&other.gain_per_number)
            .then_with(|| other.layer.cmp(&self.layer))
    }
}

/// Allocates ranks across `layers` greedily by σ² per stored number (optimal, see the module
/// documentation).
///
/// Every square is taken of σ/u (and ‖W‖_F/u) for one power of two u near the largest norm
/// of all layers: the same order of steps and the same ratios, without overflow or underflow
/// at any magnitude.
#[must_use]
pub fn allocate(layers: &[BudgetLayer<'_>], budget: Budget) -> Allocation {
    allocate_from(layers, budget, vec![0; layers.len()])
}

/// [`allocate`] with a per-layer error floor: no layer is left with a relative error
/// ‖W_ℓ − W_ℓ,k‖_F / ‖W_ℓ‖_F above `max_layer_error`. Each layer first gets the smallest
/// rank that meets the floor (or every σ it has, for a partial spectrum that cannot), then
/// the greedy spends what the budget leaves. The floor comes first: a parameter budget that
/// the floor alone exceeds is exceeded (`parameters` then says by how much), because a
/// global budget that quietly ruins one layer is what the floor is there to prevent. From
/// those starting ranks the remaining problem is the same separable one, so the greedy is
/// as optimal as in [`allocate`].
#[must_use]
pub fn allocate_with_floor(
    layers: &[BudgetLayer<'_>],
    budget: Budget,
    max_layer_error: f64,
) -> Allocation {
    let start = layers
        .iter()
        .map(|layer| {
            // Smallest k with (‖W‖_F² − Σ_{i≤k} σ_i²) ≤ e² ‖W‖_F², in units of ‖W‖_F so
            // that no square overflows or underflows.
            let unit = power_of_two_near(layer.frobenius_norm);
            let square = |x: f64| (x / unit) * (x / unit);
            let allowed_sq = max_layer_error.max(0.0).powi(2) * square(layer.frobenius_norm);
            let mut lost_sq = square(layer.frobenius_norm);
            let mut rank = 0;
            for &sigma in layer.singular_values {
                if lost_sq <= allowed_sq {
                    break;
                }
                lost_sq -= square(sigma);
                rank += 1;
            }
            rank
        })
        .collect();
    allocate_from(layers, budget, start)
}

/// The greedy of [`allocate`], starting from `ranks` (already paid for).
#[allow(clippy::cast_precision_loss)]
fn allocate_from(layers: &[BudgetLayer<'_>], budget: Budget, mut ranks: Vec<usize>) -> Allocation {
    let largest = layers.iter().fold(0.0_f64, |largest, l| {
        let top = l.singular_values.first().copied().unwrap_or(0.0);
        largest.max(l.frobenius_norm).max(top)
    });
    let unit = power_of_two_near(largest);
    let square = |x: f64| (x / unit) * (x / unit);
    let norm_sq = |layer: &BudgetLayer<'_>| square(layer.frobenius_norm);
    let cost = |layer: &BudgetLayer<'_>| (layer.rows + layer.cols) as u64;
    let step = |index: usize, rank: usize| -> Option<Step> {
        let layer = &layers[index];
        let sigma = *layer.singular_values.get(rank)?;
        Some(Step {
            gain_per_number: square(sigma) / cost(layer) as f64,
            layer: index,
        })
    };
    let total_sq: f64 = layers.iter().map(norm_sq).sum();
    let mut parameters: u64 = layers
        .iter()
        .zip(&ranks)
        .map(|(layer, &k)| k as u64 * cost(layer))
        .sum();
    let mut kept_sq: f64 = layers
        .iter()
        .zip(&ranks)
        .map(|(layer, &k)| {
            layer.singular_values[..k]
                .iter()
                .map(|&s| square(s))
                .sum::<f64>()
        })
        .sum();
    let mut heap: BinaryHeap<Step> = (0..layers.len())
        .filter_map(|i| step(i, ranks[i]))
        .collect();
    let reached = |kept_sq: f64| match budget {
        Budget::Parameters(_) => false,
        Budget::RelativeError(target) => {
            total_sq <= 0.0 || ((total_sq - kept_sq).max(0.0) / total_sq).sqrt() <= target
        }
    };
    while !reached(kept_sq) {
        let Some(next) = heap.pop() else { break };
        let layer = &layers[next.layer];
        let price = cost(layer);
        if let Budget::Parameters(limit) = budget
            && parameters + price > limit
        {
            // Does not fit; smaller steps elsewhere still may. This layer stops here.
            continue;
        }
        kept_sq += square(layer.singular_values[ranks[next.layer]]);
        parameters += price;
        ranks[next.layer] += 1;
        if let Some(following) = step(next.layer, ranks[next.layer]) {
            heap.push(following);
        }
    }
    let mut lost_sq_total = 0.0;
    let layer_errors = layers
        .iter()
        .zip(&ranks)
        .map(|(layer, &k)| {
            let kept: f64 = layer.singular_values[..k].iter().map(|&s| square(s)).sum();
            let lost = (norm_sq(layer) - kept).max(0.0);
            lost_sq_total += lost;
            if norm_sq(layer) > 0.0 {
                (lost / norm_sq(layer)).sqrt()
            } else {
                0.0
            }
        })
        .collect();
    Allocation {
        ranks,
        parameters,
        dense_parameters: layers.iter().map(|l| l.rows as u64 * l.cols as u64).sum(),
        relative_error: if total_sq > 0.0 {
            (lost_sq_total / total_sq).sqrt()
        } else {
            0.0
        },
        layer_errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(sigma: &[f64], rows: usize, cols: usize) -> BudgetLayer<'_> {
        BudgetLayer {
            singular_values: sigma,
            rows,
            cols,
            frobenius_norm: sigma.iter().map(|s| s * s).sum::<f64>().sqrt(),
        }
    }

    /// Every allocation within the budget, by brute force, for small cases.
    fn best_by_brute_force(layers: &[BudgetLayer<'_>], limit: u64) -> f64 {
        let mut best = f64::INFINITY;
        let mut ranks = vec![0usize; layers.len()];
        loop {
            let cost: u64 = layers
                .iter()
                .zip(&ranks)
                .map(|(l, &k)| k as u64 * (l.rows + l.cols) as u64)
                .sum();
            if cost <= limit {
                let lost: f64 = layers
                    .iter()
                    .zip(&ranks)
                    .map(|(l, &k)| l.singular_values[k..].iter().map(|s| s * s).sum::<f64>())
                    .sum();
                best = best.min(lost);
            }
            // Next rank vector (odometer).
            let mut i = 0;
            loop {
                if i == layers.len() {
                    return best;
                }
                ranks[i] += 1;
                if ranks[i] <= layers[i].singular_values.len() {
                    break;
                }
                ranks[i] = 0;
                i += 1;
            }
        }
    }

    #[test]
    fn greedy_matches_brute_force_when_steps_cost_the_same() {
        let a = [5.0, 3.0, 1.0, 0.5];
        let b = [4.0, 3.5, 0.2];
        let c = [6.0, 0.1, 0.05];
        let layers = [layer(&a, 6, 4), layer(&b, 5, 5), layer(&c, 7, 3)];
        for steps in 0..=10u64 {
            let limit = steps * 10;
            let allocation = allocate(&layers, Budget::Parameters(limit));
            assert!(allocation.parameters <= limit);
            let total: f64 = layers.iter().map(|l| l.frobenius_norm.powi(2)).sum();
            let lost = allocation.relative_error.powi(2) * total;
            let best = best_by_brute_force(&layers, limit);
            assert!(
                (lost - best).abs() <= 1e-9 * total,
                "limit {limit}: {lost} vs {best}"
            );
        }
    }

    #[test]
    fn allocation_does_not_depend_on_the_magnitude() {
        let a = [5.0, 3.0, 1.0, 0.5];
        let b = [4.0, 3.5, 0.2];
        let budgets = [Budget::Parameters(40), Budget::RelativeError(0.2)];
        let unscaled = [layer(&a, 6, 4), layer(&b, 5, 5)];
        // σ² and ‖W‖_F² overflow at 1e200 and 1e300, underflow at 1e-200 and 1e-300.
        for scale in [1e-300, 1e-200, 1e200, 1e300] {
            let a_scaled: Vec<f64> = a.iter().map(|s| s * scale).collect();
            let b_scaled: Vec<f64> = b.iter().map(|s| s * scale).collect();
            let layers = [
                BudgetLayer {
                    frobenius_norm: unscaled[0].frobenius_norm * scale,
                    singular_values: &a_scaled,
                    ..unscaled[0]
                },
                BudgetLayer {
                    frobenius_norm: unscaled[1].frobenius_norm * scale,
                    singular_values: &b_scaled,
                    ..unscaled[1]
                },
            ];
            for budget in budgets {
                let reference = allocate(&unscaled, budget);
                let allocation = allocate(&layers, budget);
                assert_eq!(allocation.ranks, reference.ranks, "{scale:e} {budget:?}");
                let error = allocation.relative_error;
                assert!(
                    (error - reference.relative_error).abs() < 1e-12,
                    "{scale:e}: {error}"
                );
                for (got, want) in allocation.layer_errors.iter().zip(&reference.layer_errors) {
                    assert!((got - want).abs() < 1e-12, "{scale:e}: {got} vs {want}");
                }
            }
        }
    }

    #[test]
    fn the_floor_lifts_every_layer_under_the_chosen_error() {
        // Layer a: σ = 3, 2, 1 (‖a‖² = 14); layer b: σ = 4, 1 (‖b‖² = 17); step costs 5 each.
        let a = [3.0, 2.0, 1.0];
        let b = [4.0, 1.0];
        let layers = [layer(&a, 2, 3), layer(&b, 3, 2)];
        // Without a floor, 10 numbers go to σ = 4 and σ = 3: a keeps 9 of 14, error √(5/14)
        // = 0.598.
        let plain = allocate(&layers, Budget::Parameters(10));
        assert_eq!(plain.ranks, vec![1, 1]);
        assert!((plain.layer_errors[0] - (5.0f64 / 14.0).sqrt()).abs() < 1e-12);
        // A floor of 0.5 needs a at k = 2 (error √(1/14) = 0.27; k = 1 leaves 0.598) and b at
        // k = 1 (√(1/17) = 0.24): 15 numbers, beyond the budget of 10, which the floor wins.
        let floored = allocate_with_floor(&layers, Budget::Parameters(10), 0.5);
        assert_eq!(floored.ranks, vec![2, 1]);
        assert_eq!(floored.parameters, 15);
        assert!(floored.layer_errors.iter().all(|&e| e <= 0.5));
        // With room to spare, the greedy goes on from the floor: 20 numbers buy one more step,
        // the largest σ² left (a's σ = 1 and b's σ = 1 tie; the earlier layer wins).
        let more = allocate_with_floor(&layers, Budget::Parameters(20), 0.5);
        assert_eq!(more.ranks, vec![3, 1]);
        assert_eq!(more.parameters, 20);
        // A target error already met by the floor adds nothing.
        let target = allocate_with_floor(&layers, Budget::RelativeError(0.9), 0.5);
        assert_eq!(target.ranks, vec![2, 1]);
    }

    #[test]
    fn target_error_takes_the_fewest_numbers() {
        let a = [3.0, 2.0, 1.0];
        let b = [4.0, 1.0];
        let layers = [layer(&a, 2, 3), layer(&b, 3, 2)];
        // Σσ² = 14 + 17 = 31. Keeping 4 and 3 (cost 10) leaves (4 + 1 + 1) / 31 → e = 0.44.
        let allocation = allocate(&layers, Budget::RelativeError(0.45));
        assert_eq!(allocation.ranks, vec![1, 1]);
        assert_eq!(allocation.parameters, 10);
        assert!((allocation.relative_error - (6.0f64 / 31.0).sqrt()).abs() < 1e-12);
        assert_eq!(allocation.dense_parameters, 12);
    }
}
