//! A generated weight-like matrix with a known power-law spectrum (the built-in sample).

use super::{Dtype, Matrix, MatrixData};
use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use faer_ext::IntoNdarray;
use ndarray::{Array2, Axis};

/// U diag(σ) Vᵀ, m × n, with Haar-random orthonormal U (m × r) and V (n × r) — the Q
/// factors of Gaussian matrices — for r = `sigma.len()` ≤ min(m, n): a matrix whose
/// singular values are exactly `sigma` (to rounding).
#[must_use]
pub fn planted_matrix(rows: usize, cols: usize, sigma: &[f64], seed: u64) -> Array2<f64> {
    let r = sigma.len();
    let mut rng = StdRng::seed_from_u64(seed);
    let mut orthonormal = |len: usize| -> Array2<f64> {
        let gaussian = faer::Mat::<f64>::from_fn(len, r, |_, _| StandardNormal.sample(&mut rng));
        gaussian
            .qr()
            .compute_thin_Q()
            .as_ref()
            .into_ndarray()
            .to_owned()
    };
    let mut u = orthonormal(rows);
    let v = orthonormal(cols);
    for (mut column, &s) in u.axis_iter_mut(Axis(1)).zip(sigma) {
        column *= s;
    }
    u.dot(&v.t())
}

/// A weight-like f32 matrix with σ_i = scale · i^(−exponent): the heavy-tailed spectrum
/// trained layers show ([`planted_matrix`] with that σ).
#[must_use]
pub fn power_law_matrix(rows: usize, cols: usize, exponent: f64, seed: u64) -> Matrix {
    // Scaled so entries look like a trained layer's.
    #[allow(clippy::cast_precision_loss)]
    let scale = 0.05 * ((rows * cols) as f64).sqrt() / 3.0;
    #[allow(clippy::cast_precision_loss)]
    let sigma: Vec<f64> = (1..=rows.min(cols))
        .map(|i| scale * (i as f64).powf(-exponent))
        .collect();
    #[allow(clippy::cast_possible_truncation)] // weights are stored in f32
    let values = planted_matrix(rows, cols, &sigma, seed).mapv(|x| x as f32);
    Matrix {
        name: "power_law".to_owned(),
        stored_shape: vec![rows, cols],
        source_dtype: Dtype::F32,
        is_image: false,
        data: MatrixData::F32(values),
        replaced_non_finite: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::{JobControl, singular_values};

    #[test]
    fn spectrum_follows_the_power_law() {
        let matrix = power_law_matrix(60, 40, 1.0, 3);
        let MatrixData::F32(a) = &matrix.data else {
            panic!("f32 expected")
        };
        let s = singular_values(a.view(), &JobControl::new()).unwrap();
        for i in 1..10 {
            let ratio = f64::from(s[0] / s[i]);
            #[allow(clippy::cast_precision_loss)]
            let expected = (i + 1) as f64;
            assert!(
                (ratio - expected).abs() < 1e-3 * expected,
                "σ_1/σ_{} = {ratio}",
                i + 1
            );
        }
    }
}
