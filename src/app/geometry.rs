//! The geometry view's state: the 2 × 2 matrix being taught, how far through U Σ Vᵀ the
//! picture has gone, and the animation that carries it there.

use crate::analysis::plane::{Mat2, PlaneSvd};
use crate::analysis::space::{SpaceMatrix, SpaceSvd};

/// Seconds Play takes for the three steps (Vᵀ, Σ, U).
pub const PLAY_SECS: f64 = 6.0;

/// The geometry view.
#[derive(Debug, Clone, PartialEq)]
pub struct GeometryView {
    /// A, row-major.
    pub matrix: Mat2,
    /// How far the picture has gone: 0 (the unit circle) … 3 (A's image), fractions between.
    pub step: f64,
    /// When Play started (egui's time, seconds) and from which step; `None` when still.
    pub playing: Option<(f64, f64)>,
    /// Which image of e₁ / e₂ is being dragged.
    pub dragging: Option<usize>,
    /// Show σ₁u₁v₁ᵀ, the best rank-1 approximation, as the line it maps the plane onto.
    pub show_rank_one: bool,
    /// A 3 × 2 or 2 × 3 matrix taught instead of `matrix`: a map between the plane and
    /// space.
    pub space: Option<SpaceMatrix>,
}

impl Default for GeometryView {
    fn default() -> Self {
        Self::new([[3.0, 1.0], [1.0, 2.0]])
    }
}

impl GeometryView {
    /// The view of `matrix`, with the picture at A's image.
    #[must_use]
    pub fn new(matrix: Mat2) -> Self {
        Self {
            matrix,
            step: 3.0,
            playing: None,
            dragging: None,
            show_rank_one: false,
            space: None,
        }
    }

    /// The view of a 3 × 2 or 2 × 3 `matrix`, with the picture at A's image.
    #[must_use]
    pub fn for_space(matrix: SpaceMatrix) -> Self {
        Self {
            space: Some(matrix),
            ..Self::default()
        }
    }

    /// The SVD of the 3 × 2 or 2 × 3 matrix, when one is taught.
    #[must_use]
    pub fn space_svd(&self) -> Option<SpaceSvd> {
        self.space.map(SpaceSvd::new)
    }

    /// For a 3 × 2 or 2 × 3 matrix: the drawn ellipse's outline now, in the scene (ℝ³, the
    /// plane as z = 0): the input's unit circle through the step's matrix.
    #[must_use]
    pub fn space_outline_now(&self, points: usize) -> Option<Vec<[f64; 3]>> {
        self.space_svd().map(|svd| svd.outline(self.step, points))
    }

    /// The SVD of the current matrix.
    #[must_use]
    pub fn svd(&self) -> PlaneSvd {
        PlaneSvd::new(self.matrix)
    }

    /// Starts the three steps from the unit circle.
    pub fn play(&mut self, now: f64) {
        self.step = 0.0;
        self.playing = Some((now, 0.0));
    }

    /// Moves the animation to `now`; `true` while it still runs (the window then asks for
    /// the next frame).
    pub fn advance(&mut self, now: f64) -> bool {
        let Some((started, from)) = self.playing else {
            return false;
        };
        self.step = (from + 3.0 * (now - started) / PLAY_SECS).min(3.0);
        if self.step >= 3.0 {
            self.playing = None;
        }
        self.playing.is_some()
    }

    /// Replaces A by its best rank-1 approximation σ₁u₁v₁ᵀ (σ₂ → 0): the ellipse collapses
    /// to a segment.
    pub fn drop_second_singular_value(&mut self) {
        self.matrix = self.svd().rank_one();
    }

    /// The ellipse the picture's circle is on now: the unit circle through the step's
    /// matrix.
    #[must_use]
    pub fn circle_now(&self, points: usize) -> Vec<[f64; 2]> {
        let m = self.svd().at_step(self.step);
        crate::analysis::plane::unit_circle(points)
            .into_iter()
            .map(|p| crate::analysis::plane::apply(m, p))
            .collect()
    }
}
