//! Shared test helpers: matrices with a known SVD, built independently of the engines
//! under test (faer's QR of Gaussian matrices gives the orthonormal factors).
// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]

pub mod malformed;

use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use faer_ext::IntoNdarray;
use ndarray::{Array2, Axis};

/// diag(3, 2, 1) with a NaN and an inf where zeros belong: replaced by 0, its singular
/// values are 3, 2, 1.
pub fn diagonal_with_holes() -> Array2<f64> {
    ndarray::array![
        [3.0, f64::NAN, 0.0],
        [0.0, 2.0, f64::INFINITY],
        [0.0, 0.0, 1.0]
    ]
}

/// An m × r matrix with orthonormal columns.
pub fn orthonormal(rows: usize, cols: usize, rng: &mut StdRng) -> Array2<f64> {
    let gaussian = faer::Mat::<f64>::from_fn(rows, cols, |_, _| StandardNormal.sample(rng));
    gaussian
        .qr()
        .compute_thin_Q()
        .as_ref()
        .into_ndarray()
        .to_owned()
}

/// A = U diag(σ) Vᵀ for the given σ (descending), m × n.
pub fn with_singular_values(rows: usize, cols: usize, sigma: &[f64], seed: u64) -> Array2<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let u = orthonormal(rows, sigma.len(), &mut rng);
    let v = orthonormal(cols, sigma.len(), &mut rng);
    let mut scaled = u.clone();
    for (mut column, &s) in scaled.axis_iter_mut(Axis(1)).zip(sigma) {
        column *= s;
    }
    scaled.dot(&v.t())
}

pub fn geometric(count: usize, from: f64, to: f64) -> Vec<f64> {
    let ratio = (to / from).powf(1.0 / (count as f64 - 1.0));
    (0..count)
        .map(|i| from * ratio.powi(i32::try_from(i).unwrap()))
        .collect()
}

/// ‖A‖_F.
pub fn frobenius(a: &Array2<f64>) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}
