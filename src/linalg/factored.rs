//! Matrices given by their factors, as LoRA adapters store ΔW, and their SVD from the factors.
//!
//! A rank-r product B·A (B: m × r, A: r × n) has at most r non-zero singular values, and they
//! come from the factors alone: with the thin QRs B = Q_B R_B and Aᵀ = Q_A R_A,
//! B·A = Q_B (R_B R_Aᵀ) Q_Aᵀ, so the SVD of the r × r core C = R_B R_Aᵀ = U_c Σ V_cᵀ gives
//! B·A = (Q_B U_c) Σ (Q_A V_c)ᵀ. That costs O((m + n) r²) instead of the O(m n min(m, n)) of
//! a dense SVD, and the m × n product is never formed.
//!
//! LyCORIS's structured adapters reduce to the same: a Hadamard product of two products is
//! itself a product of rank r₁r₂ (the face-splitting identity
//! (B₁A₁) ⊙ (B₂A₂) = (B₁ • B₂)(A₁ᵀ • A₂ᵀ)ᵀ, • the row-wise Kronecker product), and the SVD of a
//! Kronecker product is the Kronecker product of the SVDs (σ_{ij} = σ_i σ'_j,
//! u_{ij} = u_i ⊗ u'_j, v_{ij} = v_i ⊗ v'_j).

use super::{Factors, JobControl, SvdError, largest_magnitude, power_of_two_near, thin_svd};
use crate::memory::MemoryError;
use faer::Mat;
use faer_ext::{IntoFaer, IntoNdarray};
use ndarray::{Array1, Array2, ArrayView2};

/// A matrix as an adapter stores it, in f64.
#[derive(Debug, Clone, PartialEq)]
pub enum Factored {
    /// The matrix itself (a full Kronecker factor, or a small piece).
    Dense(Array2<f64>),
    /// up · down: up is m × r, down is r × n.
    Product {
        /// m × r (B, `lora_B`, `lora_up`).
        up: Array2<f64>,
        /// r × n (A, `lora_A`, `lora_down`).
        down: Array2<f64>,
    },
    /// The elementwise product of two matrices of the same shape (LoHa).
    Hadamard(Box<Factored>, Box<Factored>),
    /// The Kronecker product (LoKr): a (p × q) ⊗ (s × t) is ps × qt.
    Kronecker(Box<Factored>, Box<Factored>),
}

/// How [`Factored::factors`] computed the SVD, in words for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactoredMethod {
    /// QR of both factors and the SVD of the r × r core.
    ProductQr,
    /// A dense SVD of the matrix (small, or of a rank too high for the factors to help).
    Dense,
    /// The SVDs of the two Kronecker factors, combined.
    Kronecker,
}

impl FactoredMethod {
    /// A short description.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::ProductQr => "from the factors (QR of each, SVD of the r × r core)",
            Self::Dense => "dense SVD of the product",
            Self::Kronecker => "from the SVDs of the two Kronecker factors",
        }
    }
}

impl Factored {
    /// (m, n).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        match self {
            Self::Dense(a) => a.dim(),
            Self::Product { up, down } => (up.nrows(), down.ncols()),
            Self::Hadamard(first, _) => first.shape(),
            Self::Kronecker(first, second) => {
                let ((p, q), (s, t)) = (first.shape(), second.shape());
                (p * s, q * t)
            }
        }
    }

    /// The largest rank the structure allows: min(m, n), and r for a product, r₁r₂ for a
    /// Hadamard product of products, the product of the factors' bounds for a Kronecker one.
    #[must_use]
    pub fn rank_bound(&self) -> usize {
        let (m, n) = self.shape();
        let structural = match self {
            Self::Dense(_) => m.min(n),
            Self::Product { down, .. } => down.nrows(),
            Self::Hadamard(first, second) => first.rank_bound().saturating_mul(second.rank_bound()),
            Self::Kronecker(first, second) => {
                first.rank_bound().saturating_mul(second.rank_bound())
            }
        };
        structural.min(m.min(n))
    }

    /// The transpose, with the same structure ((BA)ᵀ = AᵀBᵀ, (X ⊗ Y)ᵀ = Xᵀ ⊗ Yᵀ).
    #[must_use]
    pub fn transposed(self) -> Self {
        match self {
            Self::Dense(a) => Self::Dense(a.reversed_axes().as_standard_layout().into_owned()),
            Self::Product { up, down } => Self::Product {
                up: down.reversed_axes().as_standard_layout().into_owned(),
                down: up.reversed_axes().as_standard_layout().into_owned(),
            },
            Self::Hadamard(first, second) => {
                Self::Hadamard(Box::new(first.transposed()), Box::new(second.transposed()))
            }
            Self::Kronecker(first, second) => {
                Self::Kronecker(Box::new(first.transposed()), Box::new(second.transposed()))
            }
        }
    }

    /// Multiplies the matrix by `factor` (applied to one factor only).
    #[must_use]
    pub fn scaled(self, factor: f64) -> Self {
        match self {
            Self::Dense(a) => Self::Dense(a * factor),
            Self::Product { up, down } => Self::Product {
                up: up * factor,
                down,
            },
            Self::Hadamard(first, second) => Self::Hadamard(Box::new(first.scaled(factor)), second),
            Self::Kronecker(first, second) => {
                Self::Kronecker(Box::new(first.scaled(factor)), second)
            }
        }
    }

    /// The m × n matrix itself.
    #[must_use]
    pub fn dense(&self) -> Array2<f64> {
        match self {
            Self::Dense(a) => a.clone(),
            Self::Product { up, down } => up.dot(down),
            Self::Hadamard(first, second) => first.dense() * second.dense(),
            Self::Kronecker(first, second) => kronecker(&first.dense(), &second.dense()),
        }
    }

    /// How [`Self::factors`] goes about it.
    #[must_use]
    pub fn method(&self) -> FactoredMethod {
        let (m, n) = self.shape();
        match self {
            Self::Dense(_) => FactoredMethod::Dense,
            Self::Product { down, .. } if down.nrows() < m.min(n) => FactoredMethod::ProductQr,
            Self::Hadamard(first, second)
                if as_product(first).is_some()
                    && as_product(second).is_some()
                    && self.rank_bound() < m.min(n) =>
            {
                FactoredMethod::ProductQr
            }
            Self::Kronecker(..) => FactoredMethod::Kronecker,
            _ => FactoredMethod::Dense,
        }
    }

    /// The thin SVD of the matrix, computed from its factors where the structure allows
    /// ([`FactoredMethod`]): at most [`Self::rank_bound`] components (zero σ included), σ
    /// descending.
    ///
    /// What it allocates is checked against available memory first: a few megabytes of
    /// Kronecker factors can stand for a ΔW of terabytes.
    pub fn factors(&self, job: &JobControl) -> Result<Factors<f64>, SvdError> {
        job.checkpoint()?;
        let (m, n) = self.shape();
        let method = self.method();
        let elements = match method {
            // U and Vᵀ, and as much again while they are formed.
            FactoredMethod::ProductQr | FactoredMethod::Kronecker => (m as u64)
                .checked_add(n as u64)
                .and_then(|sides| sides.checked_mul(self.rank_bound() as u64))
                .and_then(|factors| factors.checked_mul(2)),
            // The dense matrix, and the SVD's copy of it (the SVD checks its own workspace).
            FactoredMethod::Dense => (m as u64)
                .checked_mul(n as u64)
                .and_then(|dense| dense.checked_mul(2)),
        };
        let what = format!("the SVD of a {m} × {n} ΔW {}", method.describe());
        let bytes = elements
            .and_then(|e| e.checked_mul(8))
            .ok_or_else(|| MemoryError::Overflow { what: what.clone() })?;
        crate::memory::ensure_fits(&what, bytes)?;
        match (self, method) {
            (Self::Product { up, down }, FactoredMethod::ProductQr) => {
                product_svd(up.view(), down.view(), job)
            }
            (Self::Hadamard(first, second), FactoredMethod::ProductQr) => {
                let (Some((up_1, down_1)), Some((up_2, down_2))) =
                    (as_product(first), as_product(second))
                else {
                    return thin_svd(self.dense().view(), job);
                };
                let (up, down) = face_splitting(up_1, down_1, up_2, down_2);
                product_svd(up.view(), down.view(), job)
            }
            (Self::Kronecker(first, second), _) => {
                let first = first.factors(job)?;
                let second = second.factors(job)?;
                Ok(kronecker_factors(&first, &second))
            }
            _ => thin_svd(self.dense().view(), job),
        }
    }
}

/// The up and down factors of a product (none for other structures).
fn as_product(factored: &Factored) -> Option<(&Array2<f64>, &Array2<f64>)> {
    match factored {
        Factored::Product { up, down } => Some((up, down)),
        _ => None,
    }
}

/// (B₁ • B₂, (A₁ᵀ • A₂ᵀ)ᵀ) with • the row-wise Kronecker product: their product is
/// (B₁A₁) ⊙ (B₂A₂). Column p·r₂ + q of the first is B₁[:, p] ⊙ B₂[:, q]; row p·r₂ + q of the
/// second is A₁[p, :] ⊙ A₂[q, :].
fn face_splitting(
    up_1: &Array2<f64>,
    down_1: &Array2<f64>,
    up_2: &Array2<f64>,
    down_2: &Array2<f64>,
) -> (Array2<f64>, Array2<f64>) {
    let (r_1, r_2) = (up_1.ncols(), up_2.ncols());
    let up = Array2::from_shape_fn((up_1.nrows(), r_1 * r_2), |(i, c)| {
        up_1[[i, c / r_2]] * up_2[[i, c % r_2]]
    });
    let down = Array2::from_shape_fn((r_1 * r_2, down_1.ncols()), |(c, j)| {
        down_1[[c / r_2, j]] * down_2[[c % r_2, j]]
    });
    (up, down)
}

/// X ⊗ Y: entry (i·s + k, j·t + l) is X[i, j]·Y[k, l] for a (s × t) Y.
#[must_use]
pub fn kronecker(x: &Array2<f64>, y: &Array2<f64>) -> Array2<f64> {
    let ((p, q), (s, t)) = (x.dim(), y.dim());
    Array2::from_shape_fn((p * s, q * t), |(row, col)| {
        x[[row / s, col / t]] * y[[row % s, col % t]]
    })
}

/// The SVD of X ⊗ Y from those of X and Y: every σ_i σ'_j with u_i ⊗ u'_j and v_i ⊗ v'_j,
/// ordered by σ descending.
fn kronecker_factors(first: &Factors<f64>, second: &Factors<f64>) -> Factors<f64> {
    let mut pairs: Vec<(usize, usize)> = (0..first.rank())
        .flat_map(|i| (0..second.rank()).map(move |j| (i, j)))
        .collect();
    pairs.sort_by(|&(a, b), &(c, d)| {
        (second.s[d] * first.s[c]).total_cmp(&(first.s[a] * second.s[b]))
    });
    let ((m_1, n_1), (m_2, n_2)) = (first.shape(), second.shape());
    let u = Array2::from_shape_fn((m_1 * m_2, pairs.len()), |(row, c)| {
        let (i, j) = pairs[c];
        first.u[[row / m_2, i]] * second.u[[row % m_2, j]]
    });
    let vt = Array2::from_shape_fn((pairs.len(), n_1 * n_2), |(c, col)| {
        let (i, j) = pairs[c];
        first.vt[[i, col / n_2]] * second.vt[[j, col % n_2]]
    });
    let s: Array1<f64> = pairs
        .iter()
        .map(|&(i, j)| first.s[i] * second.s[j])
        .collect();
    Factors { u, s, vt }
}

/// The thin SVD of up · down (m × r times r × n) from the factors: QR of up and of downᵀ, then
/// the SVD of the r × r core (see the module notes). r components (zero σ included) when
/// r < min(m, n); otherwise the product is small enough to decompose densely.
///
/// Each factor is first scaled by a power of two near its largest entry, and σ scaled back
/// (exact), so that no square in the QRs under- or overflows.
pub fn product_svd(
    up: ArrayView2<'_, f64>,
    down: ArrayView2<'_, f64>,
    job: &JobControl,
) -> Result<Factors<f64>, SvdError> {
    let ((m, r), (r_down, n)) = (up.dim(), down.dim());
    if r != r_down {
        return Err(SvdError::InvalidArgument(format!(
            "the factors do not chain: {m} × {r} times {r_down} × {n}"
        )));
    }
    if r >= m.min(n) {
        return thin_svd(up.dot(&down).view(), job);
    }
    job.report(0.0, "QR of the factors");
    let up_unit = power_of_two_near(largest_magnitude(up));
    let down_unit = power_of_two_near(largest_magnitude(down));
    let up_scaled = up.mapv(|x| x / up_unit);
    let down_scaled_t = down.t().mapv(|x| x / down_unit);
    let up_qr = up_scaled.view().into_faer().qr();
    job.checkpoint()?;
    let down_qr = down_scaled_t.view().into_faer().qr();
    job.checkpoint()?;
    let core: Mat<f64> = up_qr.thin_R() * down_qr.thin_R().transpose();
    let svd = core.thin_svd().map_err(|_| SvdError::NoConvergence)?;
    job.checkpoint()?;
    let u: Mat<f64> = up_qr.compute_thin_Q() * svd.U();
    let v: Mat<f64> = down_qr.compute_thin_Q() * svd.V();
    let u = u.as_ref().into_ndarray().as_standard_layout().into_owned();
    let vt = v
        .as_ref()
        .transpose()
        .into_ndarray()
        .as_standard_layout()
        .into_owned();
    let s: Array1<f64> = svd
        .S()
        .column_vector()
        .iter()
        .map(|&sigma| sigma * up_unit * down_unit)
        .collect();
    job.report(1.0, "SVD of the core");
    Ok(Factors { u, s, vt })
}

/// σ padded with zeros to min(m, n) values: the complete spectrum of a matrix whose non-zero
/// singular values are `known` (all of them, as [`Factored::factors`] gives).
#[must_use]
pub fn padded_spectrum(known: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut sigma = known.to_vec();
    sigma.resize(rows.min(cols).max(known.len()), 0.0);
    sigma
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Axis, array};

    /// Orthonormal columns built by hand: a scaled Hadamard-like pattern.
    fn orthonormal(rows: usize, cols: usize, shift: usize) -> Array2<f64> {
        // Columns of the discrete cosine basis are orthonormal for any length.
        let n = rows as f64;
        Array2::from_shape_fn((rows, cols), |(i, j)| {
            let k = (j + shift) as f64;
            let weight = if j + shift == 0 {
                (1.0 / n).sqrt()
            } else {
                (2.0 / n).sqrt()
            };
            weight * (std::f64::consts::PI * (i as f64 + 0.5) * k / n).cos()
        })
    }

    #[test]
    fn the_product_of_planted_factors_gives_the_planted_spectrum() {
        // up = U diag(σ) R and down = Rᵀ Vᵀ with orthonormal U, V and a rotation R, so
        // up · down = U diag(σ) Vᵀ: its σ are planted, though neither factor shows them.
        let sigma = [5.0, 2.0, 0.25];
        let u = orthonormal(40, 3, 1);
        let v = orthonormal(30, 3, 2);
        let (c, s) = (0.6, 0.8);
        let rotation = array![[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]];
        let mut scaled = u;
        for (mut column, &sigma) in scaled.axis_iter_mut(Axis(1)).zip(&sigma) {
            column *= sigma;
        }
        let up = scaled.dot(&rotation);
        let down = rotation.t().dot(&v.t());
        let factors = product_svd(up.view(), down.view(), &JobControl::new()).unwrap();
        assert_eq!(factors.rank(), 3);
        for (got, want) in factors.s.iter().zip(sigma) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        let error = (&factors.reconstruct(3) - &up.dot(&down))
            .mapv(|x| x * x)
            .sum()
            .sqrt();
        assert!(error < 1e-12, "{error}");
    }

    #[test]
    fn kronecker_sigma_are_the_products_of_the_factors_sigma() {
        // diag(3, 1) ⊗ diag(2, 0.5): σ = 6, 2, 1.5, 0.5.
        let x = Factored::Dense(array![[3.0, 0.0], [0.0, 1.0]]);
        let y = Factored::Dense(array![[0.0, 2.0, 0.0], [0.5, 0.0, 0.0]]);
        let kron = Factored::Kronecker(Box::new(x), Box::new(y));
        assert_eq!(kron.shape(), (4, 6));
        let factors = kron.factors(&JobControl::new()).unwrap();
        let sigma: Vec<f64> = factors.s.to_vec();
        assert_eq!(sigma.len(), 4);
        for (got, want) in sigma.iter().zip([6.0, 2.0, 1.5, 0.5]) {
            assert!((got - want).abs() < 1e-12, "{sigma:?}");
        }
        let error = (&factors.reconstruct(4) - &kron.dense())
            .mapv(|x| x * x)
            .sum()
            .sqrt();
        assert!(error < 1e-12, "{error}");
    }

    #[test]
    fn face_splitting_reproduces_the_hadamard_product() {
        let up_1 = array![[1.0, 2.0], [0.0, 1.0], [3.0, -1.0]];
        let down_1 = array![[1.0, 0.0, 2.0, 1.0], [0.5, 1.0, 0.0, -1.0]];
        let up_2 = array![[2.0], [1.0], [-1.0]];
        let down_2 = array![[1.0, 3.0, -2.0, 0.5]];
        let (up, down) = face_splitting(&up_1, &down_1, &up_2, &down_2);
        let want = up_1.dot(&down_1) * up_2.dot(&down_2);
        assert_eq!(up.dot(&down), want);
    }

    #[test]
    fn a_small_kronecker_that_stands_for_a_huge_matrix_is_refused_before_allocating() {
        // (2²⁰ × 1)·(1 × 2²⁰) ⊗ the same: ΔW is 2⁴⁰ × 2⁴⁰ of rank 1; its factors alone would
        // take 32 TiB.
        let piece = || Factored::Product {
            up: Array2::ones((1 << 20, 1)),
            down: Array2::ones((1, 1 << 20)),
        };
        let kron = Factored::Kronecker(Box::new(piece()), Box::new(piece()));
        assert_eq!(kron.shape(), (1 << 40, 1 << 40));
        let error = kron.factors(&JobControl::new()).unwrap_err();
        assert!(matches!(error, SvdError::Memory(_)), "{error}");
    }

    #[test]
    fn padding_completes_the_spectrum_with_zeros() {
        assert_eq!(padded_spectrum(&[3.0, 1.0], 4, 6), vec![3.0, 1.0, 0.0, 0.0]);
        assert_eq!(padded_spectrum(&[3.0, 1.0], 1, 6), vec![3.0, 1.0]);
    }
}
