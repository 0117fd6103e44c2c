//! The geometry of a 2 × 2 matrix, for teaching: A = U Σ Vᵀ maps the unit circle to an
//! ellipse with semi-axes σ₁u₁ and σ₂u₂, in three steps — Vᵀ rotates (or reflects), Σ
//! stretches along the axes, U rotates — and this module gives the matrix of every moment
//! between them, so a picture can be carried through the steps continuously.
//!
//! Sign convention: U is always a rotation; V is a rotation when det A ≥ 0 and a reflection
//! when det A < 0, so "Vᵀ rotates or reflects, Σ stretches, U rotates" holds for every A.

/// A 2 × 2 matrix, row-major: `[[a, b], [c, d]]`.
pub type Mat2 = [[f64; 2]; 2];

/// The product `x · y`.
#[must_use]
pub fn product(x: Mat2, y: Mat2) -> Mat2 {
    [
        [
            x[0][0] * y[0][0] + x[0][1] * y[1][0],
            x[0][0] * y[0][1] + x[0][1] * y[1][1],
        ],
        [
            x[1][0] * y[0][0] + x[1][1] * y[1][0],
            x[1][0] * y[0][1] + x[1][1] * y[1][1],
        ],
    ]
}

/// `m` applied to the point `p`.
#[must_use]
pub fn apply(m: Mat2, p: [f64; 2]) -> [f64; 2] {
    [
        m[0][0] * p[0] + m[0][1] * p[1],
        m[1][0] * p[0] + m[1][1] * p[1],
    ]
}

fn transpose(m: Mat2) -> Mat2 {
    [[m[0][0], m[1][0]], [m[0][1], m[1][1]]]
}

/// The rotation by `angle` radians.
#[must_use]
pub fn rotation(angle: f64) -> Mat2 {
    let (sin, cos) = angle.sin_cos();
    [[cos, -sin], [sin, cos]]
}

/// The SVD of a 2 × 2 matrix and the numbers a class derives it from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaneSvd {
    /// The matrix.
    pub a: Mat2,
    /// U (columns u₁, u₂), a rotation.
    pub u: Mat2,
    /// σ₁ ≥ σ₂ ≥ 0.
    pub sigma: [f64; 2],
    /// Vᵀ (rows v₁ᵀ, v₂ᵀ): a rotation, or a reflection when det A < 0.
    pub vt: Mat2,
}

impl PlaneSvd {
    /// Decomposes `a` through AᵀA = V Σ² Vᵀ, as taught: V from the eigenvectors of the
    /// symmetric AᵀA (closed form), σᵢ = √λᵢ, and uᵢ = A vᵢ / σᵢ; for σ₂ = 0 (rank 1), u₂ is
    /// u₁ turned a quarter, and for A = 0 every direction is singular (U = V = I).
    #[must_use]
    pub fn new(a: Mat2) -> Self {
        let ata = product(transpose(a), a);
        let (p, q, r) = (ata[0][0], ata[0][1], ata[1][1]);
        // Eigenvalues of [[p, q], [q, r]]: mean ± radius; the eigenvector of the larger at
        // angle θ with tan 2θ = 2q / (p − r).
        let mean = 0.5 * (p + r);
        let radius = (0.5 * (p - r)).hypot(q);
        let lambda = [mean + radius, (mean - radius).max(0.0)];
        let theta = 0.5 * (2.0 * q).atan2(p - r);
        let v1 = [theta.cos(), theta.sin()];
        let mut v2 = [-v1[1], v1[0]];
        let sigma = [lambda[0].sqrt(), lambda[1].sqrt()];
        let scale = sigma[0].max(1e-300);
        let au1 = apply(a, v1);
        let u1 = if sigma[0] > 0.0 {
            [au1[0] / scale, au1[1] / scale]
        } else {
            [1.0, 0.0]
        };
        // u₂ ⊥ u₁ with U a rotation; then v₂ follows from A v₂ = σ₂ u₂ (its sign flips when
        // det A < 0, making V a reflection).
        let u2 = [-u1[1], u1[0]];
        let au2 = apply(a, v2);
        if au2[0] * u2[0] + au2[1] * u2[1] < 0.0 {
            v2 = [-v2[0], -v2[1]];
        }
        Self {
            a,
            u: [[u1[0], u2[0]], [u1[1], u2[1]]],
            sigma,
            vt: [v1, v2],
        }
    }

    /// λ₁ ≥ λ₂: the eigenvalues of AᵀA, σᵢ².
    #[must_use]
    pub fn eigenvalues(&self) -> [f64; 2] {
        [self.sigma[0].powi(2), self.sigma[1].powi(2)]
    }

    /// AᵀA.
    #[must_use]
    pub fn gram(&self) -> Mat2 {
        product(transpose(self.a), self.a)
    }

    /// det A = ±σ₁σ₂ (negative: A reflects).
    #[must_use]
    pub fn determinant(&self) -> f64 {
        self.a[0][0] * self.a[1][1] - self.a[0][1] * self.a[1][0]
    }

    /// σ₁/σ₂ (infinite for a singular matrix).
    #[must_use]
    pub fn condition_number(&self) -> f64 {
        if self.sigma[1] > 0.0 {
            self.sigma[0] / self.sigma[1]
        } else {
            f64::INFINITY
        }
    }

    /// vᵢ (the columns of V).
    #[must_use]
    pub fn v(&self, i: usize) -> [f64; 2] {
        self.vt[i]
    }

    /// σᵢuᵢ: the ellipse's semi-axes, the images of vᵢ.
    #[must_use]
    pub fn semi_axis(&self, i: usize) -> [f64; 2] {
        [self.sigma[i] * self.u[0][i], self.sigma[i] * self.u[1][i]]
    }

    /// σ₁u₁v₁ᵀ: the best rank-1 approximation (Eckart–Young), which maps the plane onto the
    /// line along u₁.
    #[must_use]
    pub fn rank_one(&self) -> Mat2 {
        let (s, u, v) = (self.sigma[0], self.u, self.vt[0]);
        [
            [s * u[0][0] * v[0], s * u[0][0] * v[1]],
            [s * u[1][0] * v[0], s * u[1][0] * v[1]],
        ]
    }

    /// The matrix that has acted after `step` ∈ [0, 3] of the three steps: I at 0, Vᵀ at 1,
    /// ΣVᵀ at 2, UΣVᵀ = A at 3, and in between a rotation turned part of the way (a
    /// reflection first flips across v₁'s line, then turns), a stretch part of the way.
    #[must_use]
    pub fn at_step(&self, step: f64) -> Mat2 {
        let step = step.clamp(0.0, 3.0);
        let first = orthogonal_part_way(self.vt, step.min(1.0));
        if step <= 1.0 {
            return first;
        }
        let s = (step - 1.0).min(1.0);
        let stretch = [
            [1.0 + s * (self.sigma[0] - 1.0), 0.0],
            [0.0, 1.0 + s * (self.sigma[1] - 1.0)],
        ];
        let stretched = product(stretch, self.vt);
        if step <= 2.0 {
            return stretched;
        }
        product(orthogonal_part_way(self.u, step - 2.0), stretched)
    }
}

/// Part `t` ∈ [0, 1] of the way from I to the orthogonal `q`: a rotation by t·θ, or for a
/// reflection q = R(θ)·F (F the flip of the second axis), F carried out in the first half as
/// a squash through 0 and R(θ) turned in the second.
pub(crate) fn orthogonal_part_way(q: Mat2, t: f64) -> Mat2 {
    let det = q[0][0] * q[1][1] - q[0][1] * q[1][0];
    if det >= 0.0 {
        return rotation(t * q[1][0].atan2(q[0][0]));
    }
    // q = R(θ) F with F = diag(1, −1): R(θ) = q F, whose first column is q's.
    let theta = q[1][0].atan2(q[0][0]);
    let flip = (2.0 * t).min(1.0);
    let squash = [[1.0, 0.0], [0.0, 1.0 - 2.0 * flip]];
    let turn = (2.0 * t - 1.0).clamp(0.0, 1.0);
    product(rotation(turn * theta), squash)
}

/// `count` points of the unit circle, counter-clockwise from (1, 0), closed.
#[must_use]
pub fn unit_circle(count: usize) -> Vec<[f64; 2]> {
    (0..=count)
        .map(|i| {
            #[allow(clippy::cast_precision_loss)]
            let angle = std::f64::consts::TAU * i as f64 / count as f64;
            [angle.cos(), angle.sin()]
        })
        .collect()
}

/// A small matrix typed on the command line, rows of equal length.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedMatrix(pub Vec<Vec<f64>>);

impl TypedMatrix {
    /// Whether the geometry view draws it: 2 × 2, 2 × 3 or 3 × 2.
    #[must_use]
    pub fn is_for_geometry(&self) -> bool {
        let m = self.0.len();
        let n = self.0.first().map_or(0, Vec::len);
        matches!((m, n), (2, 2 | 3) | (3, 2))
    }

    /// The matrix when it is 2 × 2.
    #[must_use]
    pub fn plane(&self) -> Option<Mat2> {
        match self.0.as_slice() {
            [a, b] if a.len() == 2 => Some([[a[0], a[1]], [b[0], b[1]]]),
            _ => None,
        }
    }
}

/// Parses a small typed matrix: rows separated by `;` (or new lines), entries by spaces or
/// commas ("3 1; 1 2"). Every row must have as many entries as the first.
///
/// # Errors
/// A message saying what is wrong (an entry that is not a number, ragged rows, nothing).
pub fn parse_matrix(text: &str) -> Result<Vec<Vec<f64>>, String> {
    let rows: Vec<Vec<f64>> = text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|row| !row.is_empty())
        .map(|row| {
            row.split([' ', ',', '\t'])
                .filter(|entry| !entry.is_empty())
                .map(|entry| {
                    entry
                        .parse::<f64>()
                        .ok()
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| format!("\"{entry}\" is not a finite number"))
                })
                .collect::<Result<Vec<f64>, String>>()
        })
        .collect::<Result<_, _>>()?;
    let Some(first) = rows.first() else {
        return Err("no entries (write rows separated by ';', e.g. \"3 1; 1 2\")".to_owned());
    };
    if first.is_empty() || rows.iter().any(|row| row.len() != first.len()) {
        return Err(format!(
            "rows of different lengths ({}); every row needs as many entries as the first",
            rows.iter()
                .map(|row| row.len().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: Mat2, y: Mat2) -> bool {
        (0..2).all(|i| (0..2).all(|j| (x[i][j] - y[i][j]).abs() < 1e-12))
    }

    /// σ₁, σ₂ of a 2 × 2 matrix in closed form: √((‖A‖_F² ± √(‖A‖_F⁴ − 4 det²)) / 2).
    fn sigma_closed_form(a: Mat2) -> [f64; 2] {
        let fro2 = a.iter().flatten().map(|x| x * x).sum::<f64>();
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        let root = (fro2 * fro2 - 4.0 * det * det).max(0.0).sqrt();
        [
            f64::midpoint(fro2, root).sqrt(),
            ((fro2 - root) / 2.0).max(0.0).sqrt(),
        ]
    }

    #[test]
    fn decomposes_every_kind_of_plane_map() {
        let cases: [Mat2; 8] = [
            [[3.0, 1.0], [1.0, 2.0]],   // symmetric positive definite
            [[2.0, 0.0], [0.0, 3.0]],   // axes swapped by size
            [[0.0, -1.0], [1.0, 0.0]],  // a rotation: σ = 1, 1
            [[1.0, 2.0], [3.0, 4.0]],   // det < 0: a reflection in V
            [[2.0, 4.0], [1.0, 2.0]],   // rank 1
            [[0.0, 0.0], [0.0, 0.0]],   // zero
            [[1.0, 0.0], [0.0, -1.0]],  // a pure reflection
            [[-2.5, 0.3], [0.7, -0.1]], // nearly singular
        ];
        for a in cases {
            let svd = PlaneSvd::new(a);
            let want = sigma_closed_form(a);
            assert!(
                (svd.sigma[0] - want[0]).abs() < 1e-12,
                "{a:?}: {:?}",
                svd.sigma
            );
            assert!(
                (svd.sigma[1] - want[1]).abs() < 1e-7,
                "{a:?}: {:?}",
                svd.sigma
            );
            let sigma = [[svd.sigma[0], 0.0], [0.0, svd.sigma[1]]];
            assert!(
                close(product(svd.u, product(sigma, svd.vt)), a),
                "{a:?}: {svd:?}"
            );
            // U is a rotation; V one too unless A reflects.
            let det_u = svd.u[0][0] * svd.u[1][1] - svd.u[0][1] * svd.u[1][0];
            let det_v = svd.vt[0][0] * svd.vt[1][1] - svd.vt[0][1] * svd.vt[1][0];
            assert!((det_u - 1.0).abs() < 1e-12, "{a:?}");
            let expected_v = if svd.determinant() < -1e-12 {
                -1.0
            } else {
                1.0
            };
            assert!((det_v - expected_v).abs() < 1e-12, "{a:?}: det V = {det_v}");
            // The steps end on A and start at I.
            assert!(close(svd.at_step(3.0), a), "{a:?}");
            assert!(close(svd.at_step(0.0), [[1.0, 0.0], [0.0, 1.0]]));
            assert!(close(svd.at_step(1.0), svd.vt), "{a:?}");
        }
    }

    #[test]
    fn the_circle_goes_to_the_ellipse_with_semi_axes_sigma() {
        let a = [[3.0, 1.0], [1.0, 2.0]];
        let svd = PlaneSvd::new(a);
        let radii: Vec<f64> = unit_circle(3600)
            .into_iter()
            .map(|p| {
                let q = apply(a, p);
                q[0].hypot(q[1])
            })
            .collect();
        let longest = radii.iter().copied().fold(0.0, f64::max);
        let shortest = radii.iter().copied().fold(f64::INFINITY, f64::min);
        assert!((longest - svd.sigma[0]).abs() < 1e-5);
        assert!((shortest - svd.sigma[1]).abs() < 1e-5);
        // The image of v₁ is σ₁u₁.
        let image = apply(a, svd.v(0));
        let axis = svd.semi_axis(0);
        assert!((image[0] - axis[0]).abs() < 1e-12 && (image[1] - axis[1]).abs() < 1e-12);
        // The best rank-1 approximation has rank 1 and leaves σ₂ of error.
        let r1 = svd.rank_one();
        assert!((r1[0][0] * r1[1][1] - r1[0][1] * r1[1][0]).abs() < 1e-12);
        let residual: f64 = (0..2)
            .flat_map(|i| (0..2).map(move |j| (i, j)))
            .map(|(i, j)| (a[i][j] - r1[i][j]).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!((residual - svd.sigma[1]).abs() < 1e-12);
    }

    #[test]
    fn typed_matrices_parse_or_say_why_not() {
        assert_eq!(
            parse_matrix("3 1; 1 2").unwrap(),
            vec![vec![3.0, 1.0], vec![1.0, 2.0]]
        );
        assert_eq!(
            parse_matrix("1,2,3\n4, 5, 6").unwrap(),
            vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]]
        );
        assert!(
            parse_matrix("1 2; 3")
                .unwrap_err()
                .contains("different lengths")
        );
        assert!(parse_matrix("1 x").unwrap_err().contains("\"x\""));
        assert!(parse_matrix("1 inf").unwrap_err().contains("finite"));
        assert!(parse_matrix(" ; ").unwrap_err().contains("no entries"));
    }
}
