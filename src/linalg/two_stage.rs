//! Singular values by two-stage bidiagonalisation: dense → upper band with block Householder
//! transformations (matrix–matrix products), then band → bidiagonal by chasing bulges with
//! Givens rotations, then the bidiagonal's singular values.
//!
//! Why: the one-stage bidiagonalisation that faer and LAPACK's `gebrd` use reads the whole
//! trailing matrix for every column (matrix–vector products), so on large matrices it runs at
//! memory speed. The first stage here touches the trailing matrix once per panel of `b`
//! columns and runs at matrix-multiply speed; the second stage works on an n × (b + 3) array
//! that stays in cache. Measured on 4096² (2 cores), see `benches/svd.rs` and the README.
//! Only the values are computed: accumulating the second stage's rotations into singular
//! vectors would cost more than the one-stage algorithm saves.
//!
//! Every step is an orthogonal transformation, so the computed σ are those of a matrix within
//! a small multiple of ε‖A‖_F of A (the same backward error as one-stage bidiagonalisation).

use super::{JobControl, Scaling, SvdError};
use crate::real::Real;
use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::householder::{
    apply_block_householder_sequence_on_the_right_in_place_scratch,
    apply_block_householder_sequence_on_the_right_in_place_with_conj,
    apply_block_householder_sequence_transpose_on_the_left_in_place_scratch,
    apply_block_householder_sequence_transpose_on_the_left_in_place_with_conj,
};
use faer::linalg::qr::no_pivoting::factor::{qr_in_place, qr_in_place_scratch};
use faer::{Conj, Mat, Spec};
use ndarray::{Array1, ArrayView2};

/// Bandwidth of the intermediate band matrix: wide enough for matrix-multiply speed in the
/// first stage, narrow enough that the O(n² b) second stage stays small (tuned on 4096²).
pub const DEFAULT_BANDWIDTH: usize = 32;

/// σ_1 ≥ … ≥ σ_r of an m × n matrix by two-stage bidiagonalisation with bandwidth `band`.
///
/// Progress is reported and cancellation honoured between panels of the first stage.
pub fn singular_values_two_stage<T: Real>(
    a: ArrayView2<'_, T>,
    band: usize,
    job: &JobControl,
) -> Result<Array1<T>, SvdError> {
    job.checkpoint()?;
    // σ(A) = σ(Aᵀ): work on the orientation with at least as many rows as columns.
    let a = if a.nrows() >= a.ncols() {
        a
    } else {
        a.reversed_axes()
    };
    let (m, n) = a.dim();
    if n == 0 {
        return Ok(Array1::zeros(0));
    }
    let band = band.clamp(1, n);
    // Far from 1 in magnitude, A is scaled in the working copy (exactly: a power of two) and
    // σ back at the end; the band matrix below has its own scale for the second stage.
    let scaling = Scaling::of(a);
    let mut work = Mat::<T>::from_fn(m, n, |i, j| scaling.apply(a[(i, j)]));
    if m > n * 5 / 3 {
        // Tall: σ(A) = σ(R) for A = QR, and a QR costs about half of what the band reduction
        // would spend on the extra rows (LAPACK switches at the same ratio).
        job.report(0.0, "QR of a tall matrix");
        work = upper_triangle_of_qr(work)?;
        job.checkpoint()?;
    }
    let (diagonal, superdiagonal, scale) = if band == 1 || n <= 2 {
        // Already narrow: plain Householder bidiagonalisation is the first stage itself.
        reduce_to_band(&mut work, 1, job)?;
        read_band(&work, 1).into_bidiagonal()
    } else {
        reduce_to_band(&mut work, band, job)?;
        let mut banded = read_band(&work, band);
        drop(work);
        job.report(0.9, "band to bidiagonal");
        banded.chase_to_bidiagonal();
        banded.into_bidiagonal()
    };
    job.checkpoint()?;
    job.report(0.97, "bidiagonal singular values");
    let values = bidiagonal_singular_values(&diagonal, &superdiagonal)?;
    job.report(1.0, "singular values");
    Ok(values
        .into_iter()
        .map(|s| T::from(scaling.undo_f64(s * scale)).unwrap_or_else(T::zero))
        .collect())
}

/// Stage one: A (m ≥ n) → Q₁ᵀ A P₁ = upper band matrix with `band` superdiagonals, in place.
///
/// Panel by panel: a QR of the next `band` columns zeroes them below the diagonal, and an LQ
/// of the same rows to the right of the panel zeroes them beyond the band. Only the band is
/// meaningful afterwards (the Householder vectors are left below the diagonal).
fn reduce_to_band<T: Real>(
    work: &mut Mat<T>,
    band: usize,
    job: &JobControl,
) -> Result<(), SvdError> {
    let (m, n) = work.shape();
    let par = faer::get_global_parallelism();
    let scratch = StackReq::any_of(&[
        qr_in_place_scratch::<T>(m, band, band, par, Spec::default()),
        apply_block_householder_sequence_transpose_on_the_left_in_place_scratch::<T>(m, band, n),
        apply_block_householder_sequence_on_the_right_in_place_scratch::<T>(n, band, m),
    ]);
    let mut buffer = workspace(scratch)?;
    let stack = MemStack::new(&mut buffer);
    let mut coefficients = Mat::<T>::zeros(band, band);
    let mut row_panel = Mat::<T>::zeros(n, band);
    // Work done up to panel j grows like 1 − (1 − j/n)³; report that share of the stage.
    let total = n as f64;
    for start in (0..n).step_by(band) {
        job.checkpoint()?;
        let done = start as f64 / total;
        job.report(0.9 * (1.0 - (1.0 - done).powi(3)), "band reduction");
        let width = band.min(n - start);

        // QR of the column panel, Qᵀ applied to the columns on its right.
        {
            let (panel, trailing) = work
                .as_mut()
                .submatrix_mut(start, start, m - start, n - start)
                .split_at_col_mut(width);
            let mut coeff = coefficients.as_mut().submatrix_mut(0, 0, width, width);
            let mut panel = panel;
            qr_in_place(panel.as_mut(), coeff.as_mut(), par, stack, Spec::default());
            if trailing.ncols() > 0 {
                apply_block_householder_sequence_transpose_on_the_left_in_place_with_conj(
                    panel.as_ref(),
                    coeff.as_ref(),
                    Conj::No,
                    trailing,
                    par,
                    stack,
                );
            }
        }

        // LQ of the same rows right of the panel (as a QR of their transpose), Q applied to
        // the rows below from the right.
        let right = start + width;
        if right >= n {
            continue;
        }
        let cols = n - right;
        let reflectors = width.min(cols);
        let mut transposed = row_panel.as_mut().submatrix_mut(0, 0, cols, width);
        for r in 0..width {
            for c in 0..cols {
                transposed[(c, r)] = work[(start + r, right + c)];
            }
        }
        let mut coeff = coefficients
            .as_mut()
            .submatrix_mut(0, 0, reflectors, reflectors);
        qr_in_place(
            transposed.as_mut(),
            coeff.as_mut(),
            par,
            stack,
            Spec::default(),
        );
        for r in 0..width {
            for c in 0..cols {
                work[(start + r, right + c)] = if c <= r && c < reflectors {
                    transposed[(c, r)]
                } else {
                    T::zero()
                };
            }
        }
        let below = work.as_mut().submatrix_mut(right, right, m - right, cols);
        apply_block_householder_sequence_on_the_right_in_place_with_conj(
            transposed.as_ref(),
            coeff.as_ref(),
            Conj::No,
            below,
            par,
            stack,
        );
    }
    Ok(())
}

/// The n × n factor R of A = QR (m ≥ n).
fn upper_triangle_of_qr<T: Real>(mut work: Mat<T>) -> Result<Mat<T>, SvdError> {
    let (m, n) = work.shape();
    let par = faer::get_global_parallelism();
    let block = faer::linalg::qr::no_pivoting::factor::recommended_block_size::<T>(m, n);
    let mut coefficients = Mat::<T>::zeros(block, n);
    let mut buffer = workspace(qr_in_place_scratch::<T>(m, n, block, par, Spec::default()))?;
    qr_in_place(
        work.as_mut(),
        coefficients.as_mut(),
        par,
        MemStack::new(&mut buffer),
        Spec::default(),
    );
    Ok(Mat::from_fn(n, n, |i, j| {
        if i <= j { work[(i, j)] } else { T::zero() }
    }))
}

pub(super) fn workspace(request: StackReq) -> Result<MemBuffer, SvdError> {
    MemBuffer::try_new(request).map_err(|_| {
        SvdError::Memory(crate::memory::MemoryError::Overflow {
            what: "the SVD's workspace".to_owned(),
        })
    })
}

/// An n × n upper band matrix in f64, stored by rows with room for one subdiagonal and one
/// superdiagonal of fill: entry (i, j) lives at `i * stride + (j + 1 − i)`, −1 ≤ j − i ≤ b + 1.
struct BandMatrix {
    n: usize,
    bandwidth: usize,
    stride: usize,
    entries: Vec<f64>,
    /// The stored entries are the matrix's divided by this.
    scale: f64,
}

fn read_band<T: Real>(work: &Mat<T>, bandwidth: usize) -> BandMatrix {
    let n = work.ncols();
    let stride = bandwidth + 3;
    let mut entries = vec![0.0; n * stride];
    for i in 0..n {
        for j in i..n.min(i + bandwidth + 1) {
            entries[i * stride + j + 1 - i] = work[(i, j)].to_f64();
        }
    }
    // Scaled so that every entry is at most 1 (see `givens`); σ scale back by `scale`.
    let largest = entries.iter().fold(0.0_f64, |acc, v| acc.max(v.abs()));
    let scale = if largest > 0.0 && largest.is_finite() {
        largest
    } else {
        1.0
    };
    for v in &mut entries {
        *v /= scale;
    }
    BandMatrix {
        n,
        bandwidth,
        stride,
        entries,
        scale,
    }
}

/// (c, s, r) with [c s; −s c] · [x; y] = [r; 0].
///
/// `hypot` would be safe against overflow but costs several times a square root, and this is
/// the innermost operation of the second stage; callers scale their entries to at most 1, so
/// x² + y² cannot overflow, and an underflowing sum falls back to `hypot`.
#[inline]
fn givens(x: f64, y: f64) -> (f64, f64, f64) {
    let sum = x * x + y * y;
    let r = if sum > f64::MIN_POSITIVE {
        sum.sqrt()
    } else {
        x.hypot(y)
    };
    if r == 0.0 {
        (1.0, 0.0, 0.0)
    } else {
        (x / r, y / r, r)
    }
}

impl BandMatrix {
    fn index(&self, i: usize, j: usize) -> usize {
        debug_assert!(j + 1 >= i && j <= i + self.bandwidth + 1);
        i * self.stride + j + 1 - i
    }

    /// Stage two: reduce the bandwidth one diagonal at a time. Each entry (i, i + d) is zeroed by
    /// a rotation of columns (i + d − 1, i + d); the entry that rotation creates below the
    /// diagonal is zeroed by a rotation of rows, which creates one just outside the band d
    /// rows further down, and so on to the end of the matrix (Schwarz's bulge chasing).
    fn chase_to_bidiagonal(&mut self) {
        let n = self.n;
        for d in (2..=self.bandwidth).rev() {
            for i in 0..n.saturating_sub(d) {
                let (mut row, mut col) = (i, i + d);
                loop {
                    // Columns (col − 1, col) so that entry (row, col) becomes 0.
                    let (x, y) = (
                        self.entries[self.index(row, col - 1)],
                        self.entries[self.index(row, col)],
                    );
                    if y == 0.0 {
                        break;
                    }
                    let (c, s, r) = givens(x, y);
                    let left = self.index(row, col - 1);
                    self.entries[left] = r;
                    self.entries[left + 1] = 0.0;
                    // Rows row + 1 ..= col: entry (k, col − 1) and its right neighbour sit
                    // `stride − 1` apart from one row to the next.
                    let first = self.index(row + 1, col - 1);
                    let step = self.stride - 1;
                    let rows = col - row;
                    for pair in self.entries[first..first + (rows - 1) * step + 2].chunks_mut(step)
                    {
                        let (a, b) = (pair[0], pair[1]);
                        pair[0] = c * a + s * b;
                        pair[1] = c * b - s * a;
                    }
                    // Rows (col − 1, col) so that the fill at (col, col − 1) becomes 0.
                    let top = self.index(col - 1, col - 1);
                    let bottom = self.index(col, col - 1);
                    let (x, y) = (self.entries[top], self.entries[bottom]);
                    if y != 0.0 {
                        let (c, s, r) = givens(x, y);
                        self.entries[top] = r;
                        self.entries[bottom] = 0.0;
                        let last = (col + d).min(n - 1);
                        let count = last - col + 1;
                        let (upper, lower) = self.entries.split_at_mut(bottom);
                        let upper = &mut upper[top + 1..top + 1 + count];
                        let lower = &mut lower[1..=count];
                        for (a, b) in upper.iter_mut().zip(lower.iter_mut()) {
                            let (x, y) = (*a, *b);
                            *a = c * x + s * y;
                            *b = c * y - s * x;
                        }
                    }
                    if col + d >= n {
                        break;
                    }
                    row = col - 1;
                    col += d;
                }
            }
        }
        self.bandwidth = 1;
    }

    /// The diagonal and superdiagonal (scaled by `1 / scale`) and the scale.
    fn into_bidiagonal(self) -> (Vec<f64>, Vec<f64>, f64) {
        let diagonal = (0..self.n)
            .map(|i| self.entries[self.index(i, i)])
            .collect();
        let superdiagonal = (0..self.n.saturating_sub(1))
            .map(|i| self.entries[self.index(i, i + 1)])
            .collect();
        (diagonal, superdiagonal, self.scale)
    }
}

/// Singular values of the upper bidiagonal matrix with `diagonal` d and `superdiagonal` e,
/// descending, by implicit-shift QR sweeps on the bidiagonal itself (Golub–Kahan SVD steps
/// with a Wilkinson shift, values only; Golub & Van Loan, Algorithm 8.6.2). Working on B rather
/// than on BᵀB loses no accuracy on the small σ.
fn bidiagonal_singular_values(
    diagonal: &[f64],
    superdiagonal: &[f64],
) -> Result<Vec<f64>, SvdError> {
    let n = diagonal.len();
    let mut d = diagonal.to_vec();
    let mut e = superdiagonal.to_vec();
    e.push(0.0);
    let norm = d.iter().chain(&e).fold(0.0_f64, |acc, v| acc.max(v.abs()));
    if n == 0 || norm == 0.0 || !norm.is_finite() {
        return if norm.is_finite() {
            Ok(vec![0.0; n])
        } else {
            Err(SvdError::NoConvergence)
        };
    }
    let eps = f64::EPSILON;
    let negligible = eps * norm;
    let mut sweeps_left = 40 * n + 100;
    let mut q = n - 1;
    while q > 0 {
        // Deflate: a negligible e[q − 1] splits off σ = |d[q]|.
        if e[q - 1].abs() <= eps * (d[q - 1].abs() + d[q].abs())
            || e[q - 1].abs() <= eps * negligible
        {
            e[q - 1] = 0.0;
            q -= 1;
            continue;
        }
        // The unreduced block p..=q: e[p..q] all non-negligible.
        let mut p = q - 1;
        while p > 0 {
            let off = e[p - 1].abs();
            if off <= eps * (d[p - 1].abs() + d[p].abs()) || off <= eps * negligible {
                e[p - 1] = 0.0;
                break;
            }
            p -= 1;
        }
        if sweeps_left == 0 {
            return Err(SvdError::NoConvergence);
        }
        sweeps_left -= 1;
        // A zero on the diagonal: rotate its row's superdiagonal entry away, which splits B.
        if let Some(k) = (p..=q).find(|&k| d[k].abs() <= negligible) {
            d[k] = 0.0;
            if k < q {
                let mut bulge = e[k];
                e[k] = 0.0;
                for j in k + 1..=q {
                    let (c, s, r) = givens(d[j], bulge);
                    d[j] = r;
                    if j < q {
                        bulge = -s * e[j];
                        e[j] *= c;
                    }
                }
            } else {
                let mut bulge = e[q - 1];
                e[q - 1] = 0.0;
                for j in (p..q).rev() {
                    let (c, s, r) = givens(d[j], bulge);
                    d[j] = r;
                    if j > p {
                        bulge = -s * e[j - 1];
                        e[j - 1] *= c;
                    }
                }
            }
            continue;
        }
        // Wilkinson shift: the eigenvalue of the trailing 2 × 2 of BᵀB nearer its last entry.
        let above = if q - 1 > p { e[q - 2] } else { 0.0 };
        let t11 = d[q - 1] * d[q - 1] + above * above;
        let t12 = d[q - 1] * e[q - 1];
        let t22 = d[q] * d[q] + e[q - 1] * e[q - 1];
        let half_gap = (t11 - t22) / 2.0;
        let root = half_gap.hypot(t12);
        let shift = t22 - t12 * t12 / (half_gap + if half_gap >= 0.0 { root } else { -root });
        let shift = if shift.is_finite() { shift } else { t22 };
        let mut y = d[p] * d[p] - shift;
        let mut z = d[p] * e[p];
        for k in p..q {
            // Columns (k, k + 1), then rows (k, k + 1), chasing the bulge down.
            let (c, s, r) = givens(y, z);
            if k > p {
                e[k - 1] = r;
            }
            y = c * d[k] + s * e[k];
            e[k] = c * e[k] - s * d[k];
            z = s * d[k + 1];
            d[k + 1] *= c;
            let (c, s, r) = givens(y, z);
            d[k] = r;
            y = c * e[k] + s * d[k + 1];
            d[k + 1] = c * d[k + 1] - s * e[k];
            if k + 1 < q {
                z = s * e[k + 1];
                e[k + 1] *= c;
            }
        }
        e[q - 1] = y;
    }
    let mut values: Vec<f64> = d.iter().map(|v| v.abs()).collect();
    values.sort_by(|a, b| b.total_cmp(a));
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidiagonal_values_match_a_hand_computed_case() {
        // [[3, 4], [0, 0]] has σ = 5, 0; [[1, 1], [0, 1]] has σ = (√5 ± 1)/2.
        let values = bidiagonal_singular_values(&[3.0, 0.0], &[4.0]).unwrap();
        assert!((values[0] - 5.0).abs() < 1e-14 && values[1].abs() < 1e-14);
        let values = bidiagonal_singular_values(&[1.0, 1.0], &[1.0]).unwrap();
        let golden = f64::midpoint(5f64.sqrt(), 1.0);
        assert!((values[0] - golden).abs() < 1e-14);
        assert!((values[1] - 1.0 / golden).abs() < 1e-14);
    }

    #[test]
    fn chasing_keeps_the_frobenius_norm_and_leaves_a_bidiagonal() {
        let n = 40;
        let bandwidth = 5;
        let work = Mat::<f64>::from_fn(n, n, |i, j| {
            if j >= i && j <= i + bandwidth {
                ((i * 7 + j * 13) % 11) as f64 - 5.0
            } else {
                0.0
            }
        });
        let norm_before: f64 = work.norm_l2();
        let mut banded = read_band(&work, bandwidth);
        banded.chase_to_bidiagonal();
        let (d, e, scale) = banded.into_bidiagonal();
        let norm_after = scale * d.iter().chain(&e).map(|v| v * v).sum::<f64>().sqrt();
        assert!((norm_before - norm_after).abs() < 1e-10 * norm_before);
    }
}
