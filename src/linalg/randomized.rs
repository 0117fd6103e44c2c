//! Randomized top-k SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 and 5.1).
//!
//! Sketch Y = A Ω with a Gaussian Ω of k + p columns, sharpen it with q power iterations
//! (re-orthonormalising after every product so small singular values are not lost to
//! rounding), then take the exact SVD of the small matrix B = Qᵀ A.

use super::{Factors, JobControl, SvdError};
use crate::memory;
use crate::real::Real;
use faer::rand::SeedableRng;
use faer::rand::rngs::StdRng;
use faer::stats::prelude::{Distribution, StandardNormal};
use faer::{Mat, MatRef};
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, ArrayView2};

/// Tuning of the randomized engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomizedOptions {
    /// Extra sketch columns beyond k (p); `None` picks p = max(10, k), a sketch of 2k
    /// columns. The error of σ_k shrinks like (σ_{k+p+1}/σ_k)^(2q+1): on the slowly decaying
    /// σ_i = 1/i the customary p = 10 with q = 4 leaves 1e-2 at σ_64, p = k leaves 1e-6.
    pub oversampling: Option<usize>,
    /// Power iterations (q). Each multiplies the spectral gap's effect.
    pub power_iterations: usize,
    /// Seed of the Gaussian sketch, so results are reproducible.
    pub seed: u64,
}

impl Default for RandomizedOptions {
    fn default() -> Self {
        Self {
            oversampling: None,
            power_iterations: 4,
            seed: 0x5eed,
        }
    }
}

impl RandomizedOptions {
    /// The oversampling p used for rank `rank`.
    #[must_use]
    pub fn oversampling_for(&self, rank: usize) -> usize {
        self.oversampling.unwrap_or(rank.max(10))
    }
}

fn orthonormal_basis<T: Real>(y: MatRef<'_, T>) -> Mat<T> {
    y.qr().compute_thin_Q()
}

/// The top `rank` singular triplets of `a`, approximately.
pub fn randomized_svd<T: Real>(
    a: ArrayView2<'_, T>,
    rank: usize,
    options: RandomizedOptions,
    job: &JobControl,
) -> Result<Factors<T>, SvdError>
where
    StandardNormal: Distribution<T>,
{
    let (m, n) = a.dim();
    let full = m.min(n);
    if rank == 0 || rank > full {
        return Err(SvdError::InvalidArgument(format!(
            "rank {rank} is outside 1 … {full} for a {m} × {n} matrix"
        )));
    }
    let sketch = (rank + options.oversampling_for(rank)).min(full);
    let what = format!("the randomized SVD sketch of a {m} × {n} matrix");
    let bytes = ((m + n) as u64 * sketch as u64 * 3 + (sketch * sketch) as u64)
        * T::PRECISION.element_bytes();
    memory::ensure_fits(&what, bytes)?;

    let steps = (2 + 2 * options.power_iterations) as f64;
    let mut done = 0.0;
    let mut step = |job: &JobControl, stage: &str| -> Result<(), SvdError> {
        job.checkpoint()?;
        job.report(done / steps, stage);
        done += 1.0;
        Ok(())
    };

    let a = a.into_faer();
    let mut rng = StdRng::seed_from_u64(options.seed);
    let omega = Mat::<T>::from_fn(n, sketch, |_, _| StandardNormal.sample(&mut rng));
    step(job, "sketching")?;
    let mut q = orthonormal_basis((a * &omega).as_ref());
    for iteration in 0..options.power_iterations {
        step(
            job,
            &format!(
                "power iteration {} of {}",
                iteration + 1,
                options.power_iterations
            ),
        )?;
        let z = orthonormal_basis((a.transpose() * &q).as_ref());
        step(
            job,
            &format!(
                "power iteration {} of {}",
                iteration + 1,
                options.power_iterations
            ),
        )?;
        q = orthonormal_basis((a * &z).as_ref());
    }
    step(job, "small SVD")?;
    let b = q.transpose() * a;
    let svd = b.thin_svd().map_err(|_| SvdError::NoConvergence)?;
    job.checkpoint()?;
    let u = &q * svd.U();
    let u = u
        .as_ref()
        .subcols(0, rank)
        .into_ndarray()
        .as_standard_layout()
        .into_owned();
    let vt = svd
        .V()
        .subcols(0, rank)
        .transpose()
        .into_ndarray()
        .as_standard_layout()
        .into_owned();
    let s: Array1<T> = svd.S().column_vector().iter().take(rank).copied().collect();
    job.report(1.0, "done");
    Ok(Factors { u, s, vt })
}
