//! Pooled factors and the rank-k preview built from them.

use super::pooling::{Bins, pool};
use crate::linalg::Factors;
use crate::real::Real;
use ndarray::{Array2, ArrayView2, Axis, s};

/// P A Qᵀ, P U and Q V: everything a rank change needs, at display resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct PooledFactors {
    /// Row blocks (P).
    pub row_bins: Bins,
    /// Column blocks (Q).
    pub col_bins: Bins,
    /// P A Qᵀ, p × q: the pooled original, computed from A itself.
    pub original: Array2<f32>,
    /// P U, p × r.
    pub pooled_u: Array2<f32>,
    /// Q V, q × r.
    pub pooled_v: Array2<f32>,
    /// σ, length r.
    pub singular_values: Vec<f32>,
}

impl PooledFactors {
    /// Pools `matrix` and its `factors` to at most `max_rows` × `max_cols` pixels.
    #[must_use]
    pub fn new<T: Real>(
        matrix: ArrayView2<'_, T>,
        factors: &Factors<T>,
        max_rows: usize,
        max_cols: usize,
    ) -> Self {
        let (m, n) = matrix.dim();
        let row_bins = Bins::new(m, max_rows);
        let col_bins = Bins::new(n, max_cols);
        // P A Qᵀ = pool the rows, then pool the rows of the transpose.
        let rows_pooled = pool(matrix, &row_bins);
        let original = pool(rows_pooled.t(), &col_bins).reversed_axes();
        Self {
            pooled_u: pool(factors.u.view(), &row_bins),
            pooled_v: pool(factors.vt.t(), &col_bins),
            singular_values: factors.s.iter().map(|&x| to_f32(x)).collect(),
            original,
            row_bins,
            col_bins,
        }
    }

    /// Number of components available.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.singular_values.len()
    }

    /// (p, q) pixels.
    #[must_use]
    pub fn pixel_shape(&self) -> (usize, usize) {
        self.original.dim()
    }

    /// σ_i (P u_i)(Q v_i)ᵀ, the i-th rank-1 layer (0-based), p × q.
    #[must_use]
    pub fn component(&self, index: usize) -> Array2<f32> {
        let u = self.pooled_u.column(index);
        let v = self.pooled_v.column(index);
        let sigma = self.singular_values[index];
        Array2::from_shape_fn(self.pixel_shape(), |(i, j)| sigma * u[i] * v[j])
    }

    /// (P U_k) diag(σ_k) (Q V_k)ᵀ computed from scratch, p × q.
    #[must_use]
    pub fn reconstruction(&self, rank: usize) -> Array2<f32> {
        let k = rank.min(self.rank());
        let mut scaled = self.pooled_u.slice(s![.., ..k]).to_owned();
        for (mut column, &sigma) in scaled.axis_iter_mut(Axis(1)).zip(&self.singular_values) {
            column *= sigma;
        }
        scaled.dot(&self.pooled_v.slice(s![.., ..k]).t())
    }

    /// Adds (sign = 1) or removes (sign = −1) layers `from..to` into `target`.
    fn accumulate(&self, target: &mut Array2<f32>, from: usize, to: usize, sign: f32) {
        let scaled_u = self.pooled_u.slice(s![.., from..to]).to_owned()
            * &ndarray::ArrayView1::from(&self.singular_values[from..to]).mapv(|s| s * sign);
        ndarray::linalg::general_mat_mul(
            1.0,
            &scaled_u,
            &self.pooled_v.slice(s![.., from..to]).t(),
            1.0,
            target,
        );
    }
}

fn to_f32<T: Real>(x: T) -> f32 {
    #[allow(clippy::cast_possible_truncation)] // display precision
    let value = x.to_f64() as f32;
    value
}

/// The pooled A_k for the current rank, updated incrementally as the rank moves.
///
/// Holds checkpoints P A_{jC} Qᵀ every C ranks (at most [`MAX_CHECKPOINTS`](crate::preview::MAX_CHECKPOINTS) + 1 of them, built
/// once at O(p q r), the cost of one full reconstruction), so any rank change — a drag step,
/// Home/End, a click on a plot — touches at most C/2 layers: O(p q C / 2), whatever k is.
#[derive(Debug, Clone)]
pub struct RankPreview {
    factors: PooledFactors,
    rank: usize,
    approximation: Array2<f32>,
    /// `checkpoints[j]` = pooled A_{j·spacing}.
    checkpoints: Vec<Array2<f32>>,
    spacing: usize,
    /// Rank changes applied incrementally since the last checkpoint copy; rounding error
    /// grows with them, so the preview restarts from a checkpoint every so often.
    incremental_steps: usize,
}

/// Most checkpoints kept per preview (memory: p·q·4 bytes each, 1 MiB at 512 × 512).
pub const MAX_CHECKPOINTS: usize = 32;
/// Incremental updates before restarting from a checkpoint (bounds f32 drift).
const MAX_INCREMENTAL_STEPS: usize = 256;

impl RankPreview {
    /// A preview at rank `rank`, with its checkpoints (O(p q r): build it off the UI thread).
    #[must_use]
    pub fn new(factors: PooledFactors, rank: usize) -> Self {
        let r = factors.rank();
        let spacing = r.div_ceil(MAX_CHECKPOINTS).max(8);
        let mut checkpoints = Vec::with_capacity(r / spacing + 2);
        let mut running = Array2::<f32>::zeros(factors.pixel_shape());
        checkpoints.push(running.clone());
        let mut done = 0;
        while done + spacing <= r {
            factors.accumulate(&mut running, done, done + spacing, 1.0);
            done += spacing;
            checkpoints.push(running.clone());
        }
        let mut preview = Self {
            approximation: checkpoints[0].clone(),
            factors,
            rank: 0,
            checkpoints,
            spacing,
            incremental_steps: 0,
        };
        preview.set_rank(rank);
        preview
    }

    /// The pooled factors behind the preview.
    #[must_use]
    pub fn factors(&self) -> &PooledFactors {
        &self.factors
    }

    /// The current rank.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// Moves to rank `rank` (clamped to r), from the current rank or from the nearest
    /// checkpoint, whichever is fewer layers away.
    pub fn set_rank(&mut self, rank: usize) {
        let rank = rank.min(self.factors.rank());
        if rank == self.rank {
            return;
        }
        let nearest = ((rank + self.spacing / 2) / self.spacing).min(self.checkpoints.len() - 1);
        let checkpoint_rank = nearest * self.spacing;
        let from_current = rank.abs_diff(self.rank);
        let from_checkpoint = rank.abs_diff(checkpoint_rank);
        if from_checkpoint < from_current || self.incremental_steps >= MAX_INCREMENTAL_STEPS {
            self.approximation.assign(&self.checkpoints[nearest]);
            self.rank = checkpoint_rank;
            self.incremental_steps = 0;
        }
        if rank > self.rank {
            self.factors
                .accumulate(&mut self.approximation, self.rank, rank, 1.0);
        } else if rank < self.rank {
            self.factors
                .accumulate(&mut self.approximation, rank, self.rank, -1.0);
        }
        self.incremental_steps += 1;
        self.rank = rank;
    }

    /// Pooled A_k, p × q.
    #[must_use]
    pub fn approximation(&self) -> &Array2<f32> {
        &self.approximation
    }

    /// Pooled A, p × q.
    #[must_use]
    pub fn original(&self) -> &Array2<f32> {
        &self.factors.original
    }

    /// Pooled A − A_k, p × q.
    #[must_use]
    pub fn residual(&self) -> Array2<f32> {
        &self.factors.original - &self.approximation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linalg::{JobControl, thin_svd};

    fn sample(m: usize, n: usize) -> Array2<f64> {
        Array2::from_shape_fn((m, n), |(i, j)| {
            ((i * 7 + j * 3) % 11) as f64 / 11.0 + (i as f64 * 0.1).sin() * (j as f64 * 0.05).cos()
        })
    }

    #[test]
    fn pooled_reconstruction_equals_pooling_the_direct_a_k() {
        let a = sample(97, 61);
        let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
        let pooled = PooledFactors::new(a.view(), &factors, 20, 13);
        assert_eq!(pooled.pixel_shape(), (20, 13));
        for k in [0, 1, 5, 61] {
            let direct = factors.reconstruct(k);
            let rows = pool(direct.view(), &pooled.row_bins);
            let expected = pool(rows.t(), &pooled.col_bins).reversed_axes();
            let got = pooled.reconstruction(k);
            let worst = (&got - &expected)
                .iter()
                .fold(0.0f32, |w, d| w.max(d.abs()));
            assert!(worst < 1e-4, "k = {k}: max difference {worst}");
        }
        // Full rank reproduces the pooled original.
        let worst = (&pooled.reconstruction(61) - &pooled.original)
            .iter()
            .fold(0.0f32, |w, d| w.max(d.abs()));
        assert!(worst < 1e-4, "{worst}");
    }

    #[test]
    fn incremental_rank_changes_match_recomputation() {
        let a = sample(80, 50);
        let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
        let pooled = PooledFactors::new(a.view(), &factors, 32, 32);
        let mut preview = RankPreview::new(pooled.clone(), 1);
        for rank in [2, 3, 10, 9, 40, 41, 7, 50, 49, 0, 5] {
            preview.set_rank(rank);
            let expected = pooled.reconstruction(rank);
            let worst = (preview.approximation() - &expected)
                .iter()
                .fold(0.0f32, |w, d| w.max(d.abs()));
            assert!(worst < 1e-4, "rank {rank}: {worst}");
            assert_eq!(preview.rank(), rank);
        }
        let residual = preview.residual();
        let sum = &residual + preview.approximation();
        let worst = (&sum - preview.original())
            .iter()
            .fold(0.0f32, |w, d| w.max(d.abs()));
        assert!(worst < 1e-5, "{worst}");
    }

    #[test]
    fn components_add_up_to_the_reconstruction() {
        let a = sample(30, 20);
        let factors = thin_svd(a.view(), &JobControl::new()).unwrap();
        let pooled = PooledFactors::new(a.view(), &factors, 30, 20);
        let sum = (0..4).fold(Array2::<f32>::zeros((30, 20)), |acc, i| {
            acc + pooled.component(i)
        });
        let worst = (&sum - &pooled.reconstruction(4))
            .iter()
            .fold(0.0f32, |w, d| w.max(d.abs()));
        assert!(worst < 1e-4, "{worst}");
    }
}
