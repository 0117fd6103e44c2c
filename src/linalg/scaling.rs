//! Scaling by powers of two, so that no engine and no norm squares numbers outside the
//! floating-point range.
//!
//! Sums of squares overflow for entries above about the square root of the largest float
//! (1e19 in f32, 1e154 in f64) and lose every digit below the square root of the smallest
//! (1e-19, 1e-154); the SVD engines and norms all form such sums (Householder vectors,
//! Givens rotations, ‖A‖_F). Multiplying A by a power of two s changes no digit of any entry
//! (only the exponent), and every step of an SVD commutes with it exactly as long as nothing
//! under- or overflows: the σ of sA are s·σ exactly, its singular vectors are A's. So an engine
//! scales A to max|a| ≈ 1 when it lies outside a safe range, and divides σ by s afterwards.

use crate::real::{Precision, Real};
use ndarray::{Array2, ArrayView2};

/// max|a_ij| (0 for an empty matrix; NaN entries are skipped, ±∞ give ∞).
#[must_use]
pub fn largest_magnitude<T: Real>(a: ArrayView2<'_, T>) -> T {
    let Some(values) = a.as_slice_memory_order() else {
        return a.fold(T::zero(), |largest, &x| largest.max(x.abs()));
    };
    // Eight independent maxima, so the loop vectorises.
    let mut lanes = [T::zero(); 8];
    let mut chunks = values.chunks_exact(8);
    for chunk in &mut chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = lane.max(x.abs());
        }
    }
    chunks
        .remainder()
        .iter()
        .chain(&lanes)
        .fold(T::zero(), |largest, &x| largest.max(x.abs()))
}

/// The power of two 2^e nearest to a finite, positive `value` (by exponent), with e clamped to
/// `-limit ..= limit`; 1 for 0, NaN and ±∞.
#[allow(clippy::cast_possible_truncation)] // log2 of a finite f64 lies within ±1075
fn power_of_two_near_clamped(value: f64, limit: i32) -> f64 {
    if !(value.is_finite() && value > 0.0) {
        return 1.0;
    }
    let exponent = (value.log2().round() as i32).clamp(-limit, limit);
    2f64.powi(exponent)
}

/// A power of two near `value` (within a factor √2 in the normal range), for dividing sums of
/// squares of numbers up to `value` by its square; 1 for 0, NaN and ±∞.
#[must_use]
pub fn power_of_two_near(value: f64) -> f64 {
    power_of_two_near_clamped(value, f64::MAX_EXP - 2)
}

/// A factor s = 2^e that an engine multiplies A by (and σ divides by), 1 when A needs none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scaling<T> {
    factor: T,
}

impl<T: Real> Scaling<T> {
    /// Safe range of max|a|, 2^±limit: a quarter of the exponent range (2^±32 in f32, 2^±256
    /// in f64). Within it, the square of every entry down to ε·max|a| is a normal number and
    /// sums of 2^40 squares of entries stay below the largest float, with room to spare.
    fn safe_exponent() -> i32 {
        match T::PRECISION {
            Precision::F32 => f32::MAX_EXP / 4,
            Precision::F64 => f64::MAX_EXP / 4,
        }
    }

    /// The largest |exponent| of a factor: 2^±120 in f32, 2^±1016 in f64. A normal number
    /// of T with 2⁸ to spare, so the randomized engine's Gaussian sketch times the factor
    /// cannot overflow; it still lifts the smallest subnormal into the safe range.
    fn factor_limit() -> i32 {
        match T::PRECISION {
            Precision::F32 => f32::MAX_EXP - 8,
            Precision::F64 => f64::MAX_EXP - 8,
        }
    }

    /// The scaling for a matrix whose largest entry magnitude is `largest`: none inside the
    /// safe range (and for 0, NaN, ∞: the engines report those as before), else the power of
    /// two that brings `largest` near 1 (near 2⁻²⁹ and 2⁻⁵⁸ at most for the smallest
    /// subnormals, 2⁸ at most for the largest floats: within the safe range either way).
    #[must_use]
    pub fn for_largest(largest: T) -> Self {
        let largest = largest.to_f64();
        let safe = 2f64.powi(Self::safe_exponent());
        let factor =
            if largest == 0.0 || !largest.is_finite() || (1.0 / safe..=safe).contains(&largest) {
                1.0
            } else {
                power_of_two_near_clamped(largest, Self::factor_limit()).recip()
            };
        Self {
            factor: T::from_f64(factor),
        }
    }

    /// The scaling `a` needs (one pass over `a` for max|a_ij|).
    #[must_use]
    pub fn of(a: ArrayView2<'_, T>) -> Self {
        Self::for_largest(largest_magnitude(a))
    }

    /// Whether the factor is 1.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.factor == T::one()
    }

    /// s·x (exact unless it leaves T's normal range).
    #[must_use]
    pub fn apply(&self, x: T) -> T {
        x * self.factor
    }

    /// σ/s: a singular value of sA back to one of A.
    #[must_use]
    pub fn undo(&self, sigma: T) -> T {
        sigma / self.factor
    }

    /// σ/s computed in f64, for a σ of sA held in f64.
    #[must_use]
    pub fn undo_f64(&self, sigma: f64) -> f64 {
        sigma / self.factor.to_f64()
    }

    /// sA as a new array, in `a`'s memory order when it has one.
    #[must_use]
    pub fn scaled_copy(&self, a: ArrayView2<'_, T>) -> Array2<T> {
        a.mapv(|x| x * self.factor)
    }
}

/// ‖A‖_F = sqrt(Σ a_ij²), accumulated in f64 without overflow or underflow at any magnitude.
///
/// The plain sum of squares is right whenever it is finite and not tiny (every square that
/// underflowed is then below 2^-1022 while the sum is above 2^-600, far under rounding); f32
/// entries always pass, their squares fit in f64. Otherwise (and for the zero matrix) the sum
/// is taken again with every entry scaled by a power of two near 1/max|a_ij|.
#[must_use]
pub fn frobenius_norm<T: Real>(a: ArrayView2<'_, T>) -> f64 {
    let sum_of_squares = |scale: f64| {
        a.fold(0.0_f64, |sum, &x| {
            let x = x.to_f64() * scale;
            sum + x * x
        })
    };
    let plain = sum_of_squares(1.0);
    if plain.is_finite() && plain > 2f64.powi(-600) {
        return plain.sqrt();
    }
    let unit = power_of_two_near(largest_magnitude(a).to_f64());
    unit * sum_of_squares(unit.recip()).sqrt()
}

/// sqrt(Σ x_i²) of f64 values without overflow or underflow: the sum of (x_i/u)² times u, for
/// a power of two u near max|x_i|.
#[must_use]
pub fn euclidean_norm(values: &[f64]) -> f64 {
    let unit = power_of_two_near(values.iter().fold(0.0_f64, |m, x| m.max(x.abs())));
    unit * values
        .iter()
        .map(|x| (x / unit) * (x / unit))
        .sum::<f64>()
        .sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn factors_are_powers_of_two_and_only_outside_the_safe_range() {
        assert!(Scaling::<f32>::for_largest(1.0).is_identity());
        assert!(Scaling::<f32>::for_largest(1e9).is_identity());
        assert!(Scaling::<f32>::for_largest(0.0).is_identity());
        assert!(Scaling::<f32>::for_largest(f32::INFINITY).is_identity());
        assert!(Scaling::<f64>::for_largest(1e70).is_identity());
        assert!(Scaling::<f64>::for_largest(f64::NAN).is_identity());
        for (largest, factor) in [(1e-25_f32, 2f32.powi(83)), (1e20, 2f32.powi(-66))] {
            assert_eq!(Scaling::<f32>::for_largest(largest).apply(1.0), factor);
        }
        let s = Scaling::<f64>::for_largest(1e300);
        assert_eq!(s.apply(1.0), 2f64.powi(-997));
        assert!((s.apply(1e300) - 1.0).abs() < 0.5);
        // The smallest subnormals: the factor (2^120, 2^1016) leaves room for a Gaussian
        // sketch entry up to 2⁸ before overflow.
        let tiny = Scaling::<f32>::for_largest(f32::from_bits(1));
        assert_eq!(tiny.apply(1.0), 2f32.powi(120));
        assert!(tiny.apply(255.0).is_finite());
        assert_eq!(tiny.apply(f32::from_bits(1)), 2f32.powi(-29));
        let tiny = Scaling::<f64>::for_largest(f64::from_bits(1));
        assert_eq!(tiny.apply(f64::from_bits(1)), 2f64.powi(-58));
        assert!(tiny.apply(255.0).is_finite());
        // The largest floats come down to 2⁸ at most.
        assert!(Scaling::<f32>::for_largest(f32::MAX).apply(f32::MAX) <= 256.0);
        assert!(Scaling::<f64>::for_largest(f64::MAX).apply(f64::MAX) <= 256.0);
    }

    #[test]
    fn largest_magnitude_reads_every_entry_in_any_layout() {
        let a = ndarray::Array2::from_shape_fn((5, 7), |(i, j)| (i * 7 + j) as f64 - 20.0);
        assert_eq!(largest_magnitude(a.view()), 20.0);
        assert_eq!(largest_magnitude(a.t()), 20.0);
        assert_eq!(largest_magnitude(a.slice(ndarray::s![1..3, ..;2])), 13.0);
        assert_eq!(largest_magnitude(array![[f64::NAN, -3.0]].view()), 3.0);
        assert_eq!(
            largest_magnitude(ndarray::Array2::<f32>::zeros((0, 3)).view()),
            0.0
        );
    }

    #[test]
    fn frobenius_norm_holds_at_the_ends_of_the_range() {
        // 3-4-5 at every scale: the plain sum of squares overflows or underflows here.
        for scale in [1.0, 1e-300, 1e-160, 1e160, 1e300] {
            let a = array![[3.0 * scale, 0.0], [0.0, -4.0 * scale]];
            let got = frobenius_norm(a.view());
            let want = 5.0 * scale;
            assert!(
                (got - want).abs() <= 1e-15 * want,
                "{scale}: {got} vs {want}"
            );
        }
        let subnormal = f64::from_bits(3);
        let a = array![[subnormal, 0.0], [0.0, f64::from_bits(4)]];
        assert_eq!(frobenius_norm(a.view()), f64::from_bits(5));
        let a = array![[3e30_f32, 4e30]];
        assert!((frobenius_norm(a.view()) - 5e30).abs() < 1e-6 * 5e30);
        assert_eq!(
            frobenius_norm(ndarray::Array2::<f64>::zeros((3, 2)).view()),
            0.0
        );
        assert_eq!(
            frobenius_norm(array![[f64::INFINITY, 1.0]].view()),
            f64::INFINITY
        );
        assert!((euclidean_norm(&[3e200, 4e200]) - 5e200).abs() < 1e-15 * 5e200);
        assert!((euclidean_norm(&[3e-200, 4e-200]) - 5e-200).abs() < 1e-15 * 5e-200);
        assert_eq!(euclidean_norm(&[]), 0.0);
    }
}
