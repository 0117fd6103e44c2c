//! The geometry of a 3 × 2 or 2 × 3 matrix, for teaching: maps between the plane and space.
//!
//! Both live in one scene, ℝ³, with the plane ℝ² as its floor z = 0. A 3 × 2 matrix carries
//! the unit circle of the plane to an ellipse lying in a plane through 0 in space; a 2 × 3
//! matrix flattens the unit sphere onto a filled ellipse in the plane. In both cases
//! A = U Σ Vᵀ acts in three steps as for 2 × 2 — Vᵀ turns the input, Σ stretches along the
//! axes (and, for 2 × 3, squashes the third axis to 0), U turns the result — and
//! [`SpaceSvd::at_step`] gives the 3 × 3 scene matrix of every moment between them.
//!
//! Sign convention: the 3 × 3 factor (U of a 3 × 2, V of a 2 × 3) is completed by the cross
//! product, so it is a rotation; the 2 × 2 factor may be a reflection, as in
//! [`super::plane`].

use super::plane::{Mat2, rotation};

/// A 3 × 3 matrix, row-major.
pub type Mat3 = [[f64; 3]; 3];

/// A matrix between the plane and space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpaceMatrix {
    /// 3 × 2, row-major: the plane into space.
    Tall([[f64; 2]; 3]),
    /// 2 × 3, row-major: space onto the plane.
    Wide([[f64; 3]; 2]),
}

impl SpaceMatrix {
    /// A typed matrix of 3 × 2 or 2 × 3 entries; `None` for any other shape.
    #[must_use]
    pub fn from_rows(rows: &[Vec<f64>]) -> Option<Self> {
        match rows {
            [a, b, c] if a.len() == 2 && b.len() == 2 && c.len() == 2 => {
                Some(Self::Tall([[a[0], a[1]], [b[0], b[1]], [c[0], c[1]]]))
            }
            [a, b] if a.len() == 3 && b.len() == 3 => {
                Some(Self::Wide([[a[0], a[1], a[2]], [b[0], b[1], b[2]]]))
            }
            _ => None,
        }
    }

    /// (m, n).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        match self {
            Self::Tall(_) => (3, 2),
            Self::Wide(_) => (2, 3),
        }
    }

    /// Entry (i, j).
    #[must_use]
    pub fn entry(&self, i: usize, j: usize) -> f64 {
        match self {
            Self::Tall(a) => a[i][j],
            Self::Wide(a) => a[i][j],
        }
    }

    /// Entry (i, j), to change.
    pub fn entry_mut(&mut self, i: usize, j: usize) -> &mut f64 {
        match self {
            Self::Tall(a) => &mut a[i][j],
            Self::Wide(a) => &mut a[i][j],
        }
    }

    /// The matrix acting on the scene: a 3 × 2 reads (x, y) of a point of the floor, a 2 × 3
    /// writes its result to the floor (z = 0).
    #[must_use]
    pub fn scene(&self) -> Mat3 {
        match self {
            Self::Tall(a) => [
                [a[0][0], a[0][1], 0.0],
                [a[1][0], a[1][1], 0.0],
                [a[2][0], a[2][1], 0.0],
            ],
            Self::Wide(a) => [a[0], a[1], [0.0; 3]],
        }
    }
}

/// `m` applied to `p`.
#[must_use]
pub fn apply3(m: Mat3, p: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2])
}

/// The product `x · y`.
#[must_use]
pub fn product3(x: Mat3, y: Mat3) -> Mat3 {
    [0, 1, 2].map(|i| [0, 1, 2].map(|j| (0..3).map(|k| x[i][k] * y[k][j]).sum()))
}

fn transpose3(m: Mat3) -> Mat3 {
    [0, 1, 2].map(|i| [0, 1, 2].map(|j| m[j][i]))
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn norm(a: [f64; 3]) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn scaled(a: [f64; 3], s: f64) -> [f64; 3] {
    a.map(|x| x * s)
}

/// A unit vector orthogonal to the unit `a`: `a` crossed with the axis it is least along.
fn orthogonal_to(a: [f64; 3]) -> [f64; 3] {
    let axis = (0..3)
        .min_by(|&i, &j| a[i].abs().total_cmp(&a[j].abs()))
        .unwrap_or(0);
    let mut e = [0.0; 3];
    e[axis] = 1.0;
    let c = cross(a, e);
    scaled(c, 1.0 / norm(c).max(1e-300))
}

/// A 2 × 2 matrix as the 3 × 3 one that acts on (x, y) and keeps z.
fn embed(m: Mat2) -> Mat3 {
    [
        [m[0][0], m[0][1], 0.0],
        [m[1][0], m[1][1], 0.0],
        [0.0, 0.0, 1.0],
    ]
}

/// The SVD of a 3 × 2 or 2 × 3 matrix, with its 3 × 3 factor completed to a rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpaceSvd {
    /// The matrix.
    pub matrix: SpaceMatrix,
    /// σ₁ ≥ σ₂ ≥ 0.
    pub sigma: [f64; 2],
    /// U: 3 × 3 columns u₁, u₂, u₃ for a 3 × 2 (u₃ = u₁ × u₂, normal to the image plane);
    /// the 2 × 2 U in the top-left corner (and 1 at (3, 3)) for a 2 × 3.
    pub u: Mat3,
    /// Vᵀ: rows v₁ᵀ, v₂ᵀ, v₃ᵀ for a 2 × 3 (v₃ = v₁ × v₂ spans the null space); the 2 × 2
    /// Vᵀ in the top-left corner for a 3 × 2.
    pub vt: Mat3,
}

/// σ, the 3 × 2 factor's columns completed to a rotation, and the 2 × 2 orthogonal factor,
/// of a 3 × 2 matrix `b`: b = [w₁ w₂] diag(σ) Qᵀ with Q from the eigenvectors of bᵀb.
fn tall_svd(b: [[f64; 2]; 3]) -> ([f64; 2], Mat3, Mat2) {
    // The Gram matrix bᵀb = [[p, q], [q, r]] = Q Σ² Qᵀ: eigenvalues mean ± radius, the
    // larger one's eigenvector at angle θ with tan 2θ = 2q / (p − r), as for 2 × 2.
    let p = b.iter().map(|row| row[0] * row[0]).sum::<f64>();
    let q = b.iter().map(|row| row[0] * row[1]).sum::<f64>();
    let r = b.iter().map(|row| row[1] * row[1]).sum::<f64>();
    let mean = 0.5 * (p + r);
    let radius = (0.5 * (p - r)).hypot(q);
    let lambda = [mean + radius, (mean - radius).max(0.0)];
    let theta = 0.5 * (2.0 * q).atan2(p - r);
    let q1 = [theta.cos(), theta.sin()];
    let q2 = [-q1[1], q1[0]];
    let sigma = [lambda[0].sqrt(), lambda[1].sqrt()];
    let image = |v: [f64; 2]| [0, 1, 2].map(|i| b[i][0] * v[0] + b[i][1] * v[1]);
    let w1 = if sigma[0] > 1e-12 * (1.0 + sigma[0]) {
        scaled(image(q1), 1.0 / sigma[0])
    } else {
        [1.0, 0.0, 0.0]
    };
    let w2 = if sigma[1] > 1e-12 * (1.0 + sigma[0]) {
        scaled(image(q2), 1.0 / sigma[1])
    } else {
        orthogonal_to(w1)
    };
    let w3 = cross(w1, w2);
    let w = [0, 1, 2].map(|i| [w1[i], w2[i], w3[i]]);
    (sigma, w, [q1, q2])
}

impl SpaceSvd {
    /// Decomposes `matrix` through its 2 × 2 Gram matrix (AᵀA for a 3 × 2, AAᵀ for a
    /// 2 × 3), as taught for 2 × 2: σᵢ = √λᵢ, and the 3-D singular vectors as the images
    /// A vᵢ / σᵢ (or Aᵀuᵢ / σᵢ), the third by the cross product.
    #[must_use]
    pub fn new(matrix: SpaceMatrix) -> Self {
        match matrix {
            SpaceMatrix::Tall(a) => {
                let (sigma, u, qt) = tall_svd(a);
                Self {
                    matrix,
                    sigma,
                    u,
                    vt: embed(qt),
                }
            }
            SpaceMatrix::Wide(a) => {
                // A = (Aᵀ)ᵀ = (W Σ Qᵀ)ᵀ = Q Σ Wᵀ.
                let (sigma, w, qt) = tall_svd([0, 1, 2].map(|i| [a[0][i], a[1][i]]));
                let q = [[qt[0][0], qt[1][0]], [qt[0][1], qt[1][1]]];
                Self {
                    matrix,
                    sigma,
                    u: embed(q),
                    vt: transpose3(w),
                }
            }
        }
    }

    /// vᵢ, in the scene (a 3 × 2's lie on the floor).
    #[must_use]
    pub fn v(&self, i: usize) -> [f64; 3] {
        self.vt[i]
    }

    /// σᵢuᵢ: the image ellipse's semi-axes, in the scene.
    #[must_use]
    pub fn semi_axis(&self, i: usize) -> [f64; 3] {
        [0, 1, 2].map(|r| self.sigma[i] * self.u[r][i])
    }

    /// The rank: how many σ are not 0 (relative to σ₁).
    #[must_use]
    pub fn rank(&self) -> usize {
        let tolerance = 1e-12 * self.sigma[0].max(1.0);
        self.sigma.iter().filter(|&&s| s > tolerance).count()
    }

    /// The scene matrix after `step` ∈ [0, 3] of the three steps: I at 0, Vᵀ at 1, ΣVᵀ at 2,
    /// UΣVᵀ (the matrix's own scene map) at 3, each turn taken part of the way in between
    /// and the stretch (for 2 × 3 with the third axis squashed to 0) likewise.
    #[must_use]
    pub fn at_step(&self, step: f64) -> Mat3 {
        let step = step.clamp(0.0, 3.0);
        let wide = matches!(self.matrix, SpaceMatrix::Wide(_));
        // The 2 × 2 factor may reflect; the 3 × 3 one is a rotation.
        let turn = |q: Mat3, t: f64, flat: bool| {
            if flat {
                embed(super::plane::orthogonal_part_way(
                    [[q[0][0], q[0][1]], [q[1][0], q[1][1]]],
                    t,
                ))
            } else {
                rotation_part_way(q, t)
            }
        };
        let first = turn(self.vt, step.min(1.0), !wide);
        if step <= 1.0 {
            return first;
        }
        let s = (step - 1.0).min(1.0);
        // The third axis goes to 0: a 2 × 3 flattens space; a 3 × 2's picture has z = 0
        // anyway, and its scene map reads only (x, y).
        let third = 1.0 - s;
        let stretch = [
            [1.0 + s * (self.sigma[0] - 1.0), 0.0, 0.0],
            [0.0, 1.0 + s * (self.sigma[1] - 1.0), 0.0],
            [0.0, 0.0, third],
        ];
        let stretched = product3(stretch, self.vt);
        if step <= 2.0 {
            return stretched;
        }
        product3(turn(self.u, step - 2.0, wide), stretched)
    }

    /// The image of the unit circle of the input that the ellipse's outline comes from
    /// (the floor's circle for a 3 × 2; the great circle through v₁, v₂ for a 2 × 3) after
    /// `step`: at step 3 it is σ₁cos t u₁ + σ₂ sin t u₂, semi-axes σ₁ and σ₂.
    #[must_use]
    pub fn outline(&self, step: f64, count: usize) -> Vec<[f64; 3]> {
        let m = self.at_step(step);
        super::plane::unit_circle(count)
            .into_iter()
            .map(|[c, s]| {
                let p = match self.matrix {
                    SpaceMatrix::Tall(_) => [c, s, 0.0],
                    SpaceMatrix::Wide(_) => {
                        [0, 1, 2].map(|i| c * self.vt[0][i] + s * self.vt[1][i])
                    }
                };
                apply3(m, p)
            })
            .collect()
    }
}

/// Part `t` ∈ [0, 1] of the way from I to the rotation `r`: the turn about r's axis by t
/// times its angle (Rodrigues' formula).
#[must_use]
pub fn rotation_part_way(r: Mat3, t: f64) -> Mat3 {
    let trace = r[0][0] + r[1][1] + r[2][2];
    let angle = ((trace - 1.0) / 2.0).clamp(-1.0, 1.0).acos();
    if angle < 1e-12 {
        return if t >= 1.0 { r } else { identity3() };
    }
    let skew = [r[2][1] - r[1][2], r[0][2] - r[2][0], r[1][0] - r[0][1]];
    let axis = if norm(skew) > 1e-6 {
        scaled(skew, 1.0 / norm(skew))
    } else {
        // A half turn: r + I = 2 a aᵀ; its largest column is along a. The sign does not
        // matter for the whole turn, only for which way the part-way turns go.
        let column = (0..3)
            .map(|j| [r[0][j], r[1][j], r[2][j]])
            .enumerate()
            .map(|(j, mut c)| {
                c[j] += 1.0;
                c
            })
            .max_by(|a, b| norm(*a).total_cmp(&norm(*b)))
            .unwrap_or([1.0, 0.0, 0.0]);
        scaled(column, 1.0 / norm(column).max(1e-300))
    };
    let (sin, cos) = (t * angle).sin_cos();
    let [x, y, z] = axis;
    let k = [[0.0, -z, y], [z, 0.0, -x], [-y, x, 0.0]];
    let k2 = product3(k, k);
    [0, 1, 2].map(|i| {
        [0, 1, 2].map(|j| {
            let delta = if i == j { 1.0 } else { 0.0 };
            delta + sin * k[i][j] + (1.0 - cos) * k2[i][j]
        })
    })
}

fn identity3() -> Mat3 {
    embed(rotation(0.0))
}

/// The sphere's wireframe: `circles` circles of latitude and as many meridians, `count`
/// points each.
#[must_use]
pub fn sphere_wireframe(circles: usize, count: usize) -> Vec<Vec<[f64; 3]>> {
    let mut lines = Vec::new();
    for i in 1..circles {
        #[allow(clippy::cast_precision_loss)]
        let latitude = std::f64::consts::PI * (i as f64 / circles as f64 - 0.5);
        let (z, radius) = latitude.sin_cos();
        lines.push(
            super::plane::unit_circle(count)
                .into_iter()
                .map(|[c, s]| [radius * c, radius * s, z])
                .collect(),
        );
    }
    for i in 0..circles {
        #[allow(clippy::cast_precision_loss)]
        let longitude = std::f64::consts::PI * i as f64 / circles as f64;
        let (sin, cos) = longitude.sin_cos();
        lines.push(
            super::plane::unit_circle(count)
                .into_iter()
                .map(|[c, s]| [c * cos, c * sin, s])
                .collect(),
        );
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: Mat3, y: Mat3, tolerance: f64) -> bool {
        (0..3).all(|i| (0..3).all(|j| (x[i][j] - y[i][j]).abs() < tolerance))
    }

    fn det3(m: Mat3) -> f64 {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }

    /// σ₁, σ₂ of a 3 × 2 (or, transposed, 2 × 3) matrix in closed form: the Gram matrix G
    /// has trace ‖A‖_F² and determinant Σ (2 × 2 minors)² (Cauchy–Binet), so
    /// σ² = (‖A‖_F² ± √(‖A‖_F⁴ − 4 det G)) / 2.
    fn sigma_closed_form(columns: [[f64; 3]; 2]) -> [f64; 2] {
        let fro2: f64 = columns.iter().flatten().map(|x| x * x).sum();
        let [a, b] = columns;
        let minors = (a[0] * b[1] - a[1] * b[0]).powi(2)
            + (a[0] * b[2] - a[2] * b[0]).powi(2)
            + (a[1] * b[2] - a[2] * b[1]).powi(2);
        let root = (fro2 * fro2 - 4.0 * minors).max(0.0).sqrt();
        [
            f64::midpoint(fro2, root).sqrt(),
            ((fro2 - root) / 2.0).max(0.0).sqrt(),
        ]
    }

    #[test]
    fn decomposes_maps_between_plane_and_space() {
        let tall: [[[f64; 2]; 3]; 5] = [
            [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]],
            [[3.0, 1.0], [1.0, 2.0], [0.5, -1.0]],
            [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], // rank 1
            [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]], // zero
            [[0.0, 1.0], [1.0, 0.0], [0.0, 0.0]], // a reflection of the floor
        ];
        for a in tall {
            let columns = [[a[0][0], a[1][0], a[2][0]], [a[0][1], a[1][1], a[2][1]]];
            let want = sigma_closed_form(columns);
            for matrix in [
                SpaceMatrix::Tall(a),
                SpaceMatrix::Wide([columns[0], columns[1]]),
            ] {
                let svd = SpaceSvd::new(matrix);
                assert!((svd.sigma[0] - want[0]).abs() < 1e-12, "{matrix:?}");
                assert!((svd.sigma[1] - want[1]).abs() < 1e-7, "{matrix:?}");
                // The steps start at I and end on the matrix's own scene map.
                assert!(close(svd.at_step(0.0), identity3(), 1e-12), "{matrix:?}");
                assert!(
                    close(svd.at_step(3.0), matrix.scene(), 1e-9),
                    "{matrix:?}: {:?} vs {:?}",
                    svd.at_step(3.0),
                    matrix.scene()
                );
                // The 3 × 3 factor is a rotation.
                let three = if matches!(matrix, SpaceMatrix::Tall(_)) {
                    svd.u
                } else {
                    svd.vt
                };
                assert!((det3(three) - 1.0).abs() < 1e-9, "{matrix:?}");
                assert!(close(product3(three, transpose3(three)), identity3(), 1e-9));
            }
        }
        assert_eq!(
            SpaceSvd::new(SpaceMatrix::Tall(tall[2])).rank(),
            1,
            "rank 1"
        );
    }

    #[test]
    fn the_outline_has_semi_axes_sigma_and_a_wide_map_flattens_onto_the_floor() {
        // "1 0 1; 0 1 1": σ = √3, 1.
        let wide = SpaceSvd::new(SpaceMatrix::Wide([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]));
        assert!((wide.sigma[0] - 3f64.sqrt()).abs() < 1e-12);
        assert!((wide.sigma[1] - 1.0).abs() < 1e-12);
        for svd in [
            wide,
            SpaceSvd::new(SpaceMatrix::Tall([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])),
        ] {
            let radii: Vec<f64> = svd.outline(3.0, 3600).into_iter().map(norm).collect();
            let longest = radii.iter().copied().fold(0.0, f64::max);
            let shortest = radii.iter().copied().fold(f64::INFINITY, f64::min);
            assert!((longest - svd.sigma[0]).abs() < 1e-5);
            assert!((shortest - svd.sigma[1]).abs() < 1e-5);
        }
        // Every point of the sphere lands on the floor, inside the outline's ellipse.
        let m = wide.at_step(3.0);
        for line in sphere_wireframe(6, 24) {
            for p in line {
                let q = apply3(m, p);
                assert!(q[2].abs() < 1e-12);
            }
        }
        // The null space: A v₃ = 0.
        assert!(norm(apply3(wide.matrix.scene(), wide.v(2))) < 1e-12);
    }

    #[test]
    fn part_way_rotations_compose_to_the_whole_turn() {
        let r = SpaceSvd::new(SpaceMatrix::Tall([[3.0, 1.0], [1.0, 2.0], [0.5, -1.0]])).u;
        let half = rotation_part_way(r, 0.5);
        assert!(close(product3(half, half), r, 1e-9));
        // A half turn about z.
        let flip = [[-1.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]];
        let quarter = rotation_part_way(flip, 0.5);
        assert!(close(product3(quarter, quarter), flip, 1e-9));
    }
}
