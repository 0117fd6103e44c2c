//! One entry point over both working precisions, for callers holding a [`MatrixData`].

use super::{Factors, JobControl, Method, RandomizedOptions, SvdError};
use crate::matrix::MatrixData;
use crate::real::Real;
use faer::stats::prelude::{Distribution, StandardNormal};
use ndarray::{Array2, ArrayView2};

/// Factors in whichever precision the matrix was loaded in.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyFactors {
    /// From an f32 working copy.
    F32(Factors<f32>),
    /// From an f64 working copy.
    F64(Factors<f64>),
}

impl AnyFactors {
    /// σ as f64.
    #[must_use]
    pub fn singular_values_f64(&self) -> Vec<f64> {
        match self {
            Self::F32(f) => f.singular_values_f64(),
            Self::F64(f) => f.singular_values_f64(),
        }
    }

    /// Number of components held.
    #[must_use]
    pub fn rank(&self) -> usize {
        match self {
            Self::F32(f) => f.rank(),
            Self::F64(f) => f.rank(),
        }
    }

    /// (A_k)_{ij} = Σ_{l<k} σ_l U_{il} Vᵀ_{lj}: one entry of the rank-k approximation in
    /// O(k), for value probes on matrices too large to rebuild.
    #[must_use]
    pub fn entry(&self, row: usize, col: usize, rank: usize) -> f64 {
        fn entry<T: Real>(f: &Factors<T>, row: usize, col: usize, rank: usize) -> f64 {
            (0..rank.min(f.rank()))
                .map(|l| f.s[l].to_f64() * f.u[[row, l]].to_f64() * f.vt[[l, col]].to_f64())
                .sum()
        }
        match self {
            Self::F32(f) => entry(f, row, col, rank),
            Self::F64(f) => entry(f, row, col, rank),
        }
    }

    /// u_i (length m) and v_i (length n) as f64, `index` 0-based; `None` past the rank held.
    #[must_use]
    pub fn singular_vectors_f64(&self, index: usize) -> Option<(Vec<f64>, Vec<f64>)> {
        fn vectors<T: Real>(f: &Factors<T>, index: usize) -> Option<(Vec<f64>, Vec<f64>)> {
            (index < f.rank()).then(|| {
                (
                    f.u.column(index).iter().map(|&x| Real::to_f64(x)).collect(),
                    f.vt.row(index).iter().map(|&x| Real::to_f64(x)).collect(),
                )
            })
        }
        match self {
            Self::F32(f) => vectors(f, index),
            Self::F64(f) => vectors(f, index),
        }
    }

    /// A_k in f64.
    #[must_use]
    pub fn reconstruct_f64(&self, rank: usize) -> Array2<f64> {
        match self {
            Self::F32(f) => f.reconstruct(rank).mapv(f64::from),
            Self::F64(f) => f.reconstruct(rank),
        }
    }
}

/// What to compute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    /// Engine.
    pub method: Method,
    /// Components wanted: ignored by the exact engine (it computes all), required by the
    /// randomized one.
    pub rank: usize,
    /// Randomized-engine tuning.
    pub randomized: RandomizedOptions,
}

fn factors_of<T: Real>(
    a: ArrayView2<'_, T>,
    request: Request,
    job: &JobControl,
) -> Result<Factors<T>, SvdError>
where
    StandardNormal: Distribution<T>,
{
    match request.method {
        Method::Exact => super::thin_svd(a, job),
        Method::Randomized => super::randomized_svd(a, request.rank, request.randomized, job),
    }
}

/// U, σ, Vᵀ of `data` by the requested engine.
pub fn decompose(
    data: &MatrixData,
    request: Request,
    job: &JobControl,
) -> Result<AnyFactors, SvdError> {
    Ok(match data {
        MatrixData::F32(a) => AnyFactors::F32(factors_of(a.view(), request, job)?),
        MatrixData::F64(a) => AnyFactors::F64(factors_of(a.view(), request, job)?),
    })
}

/// σ only (descending, as f64): values-only exact SVD, or the randomized engine's top k.
pub fn singular_values_of(
    data: &MatrixData,
    request: Request,
    job: &JobControl,
) -> Result<Vec<f64>, SvdError> {
    match request.method {
        Method::Exact => Ok(match data {
            MatrixData::F32(a) => super::singular_values(a.view(), job)?
                .iter()
                .map(|&s| f64::from(s))
                .collect(),
            MatrixData::F64(a) => super::singular_values(a.view(), job)?.to_vec(),
        }),
        Method::Randomized => Ok(decompose(data, request, job)?.singular_values_f64()),
    }
}
