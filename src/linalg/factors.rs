//! The result of an SVD: A ≈ U diag(σ) Vᵀ with σ descending.

use crate::real::Real;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, s};

/// Thin SVD factors of an m × n matrix, truncated to `rank()` = r ≤ min(m, n) components.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors<T> {
    /// Left singular vectors as columns, m × r, orthonormal.
    pub u: Array2<T>,
    /// Singular values, length r, non-negative and descending.
    pub s: Array1<T>,
    /// Right singular vectors as rows, r × n, orthonormal.
    pub vt: Array2<T>,
}

impl<T: Real> Factors<T> {
    /// Number of components held.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.s.len()
    }

    /// (m, n) of the factored matrix.
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        (self.u.nrows(), self.vt.ncols())
    }

    /// U_k (m × k), the first `k` columns of U.
    #[must_use]
    pub fn u_k(&self, k: usize) -> ArrayView2<'_, T> {
        self.u.slice(s![.., ..k.min(self.rank())])
    }

    /// σ_1 … σ_k.
    #[must_use]
    pub fn s_k(&self, k: usize) -> ArrayView1<'_, T> {
        self.s.slice(s![..k.min(self.rank())])
    }

    /// V_kᵀ (k × n), the first `k` rows of Vᵀ.
    #[must_use]
    pub fn vt_k(&self, k: usize) -> ArrayView2<'_, T> {
        self.vt.slice(s![..k.min(self.rank()), ..])
    }

    /// σ as f64, for the analysis functions.
    #[must_use]
    pub fn singular_values_f64(&self) -> Vec<f64> {
        self.s.iter().map(|&x| x.to_f64()).collect()
    }

    /// A_k = Σ_{i≤k} σ_i u_i v_iᵀ = U_k diag(σ_k) V_kᵀ, m × n.
    #[must_use]
    pub fn reconstruct(&self, k: usize) -> Array2<T> {
        let mut scaled_u = self.u_k(k).to_owned();
        for (mut column, &sigma) in scaled_u.axis_iter_mut(Axis(1)).zip(self.s_k(k)) {
            column.mapv_inplace(|x| x * sigma);
        }
        scaled_u.dot(&self.vt_k(k))
    }
}
