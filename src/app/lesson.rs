//! The guided lesson: a handful of steps, each setting up the window and saying two or
//! three sentences, from "a picture is a matrix" to low-rank adaptation, with a quiz.

use super::LowerView;

/// One step of the lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonStep {
    /// Its title.
    pub title: &'static str,
    /// What the teacher would say.
    pub text: &'static str,
    /// The lower view it shows.
    pub lower: LowerView,
    /// The rank it sets (`None`: leaves it).
    pub rank: Option<StepRank>,
    /// Whether k is hidden (the quiz).
    pub quiz: bool,
}

/// The rank a step sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRank {
    /// Exactly this k.
    Fixed(usize),
    /// k from 1 up to r, played.
    Play,
    /// The 90 %-energy rank.
    Energy90,
}

/// The lesson, in order.
pub const STEPS: [LessonStep; 7] = [
    LessonStep {
        title: "1. A picture is a matrix",
        text: "This photo is a matrix: one number per pixel, its brightness between 0 and 1. \
               The SVD writes any matrix as A = U Σ Vᵀ = σ₁u₁v₁ᵀ + σ₂u₂v₂ᵀ + …: a sum of \
               simple layers, each weighted by a singular value σᵢ.",
        lower: LowerView::Curves,
        rank: None,
        quiz: false,
    },
    LessonStep {
        title: "2. One rank-1 layer",
        text: "σ₁u₁v₁ᵀ is one column pattern u₁ times one row pattern v₁ᵀ, weighted by σ₁. \
               Every row of it is a multiple of the same row: the best picture that a single \
               layer can make.",
        lower: LowerView::Teaching,
        rank: Some(StepRank::Fixed(1)),
        quiz: false,
    },
    LessonStep {
        title: "3. Adding layers",
        text: "A_k adds the first k layers. The σᵢ are sorted from largest to smallest, so the \
               first layers carry most of the picture and the later ones only detail. The \
               layers are orthogonal: each adds something the others do not have.",
        lower: LowerView::Teaching,
        rank: Some(StepRank::Play),
        quiz: false,
    },
    LessonStep {
        title: "4. Nothing of rank k is closer (Eckart–Young)",
        text: "Among all matrices of rank k, A_k is the closest to A, and its error is exactly \
               ‖A − A_k‖_F = √(σ²ₖ₊₁ + … + σ²ᵣ): the singular values left out. The error curve \
               below is that formula.",
        lower: LowerView::Curves,
        rank: Some(StepRank::Fixed(20)),
        quiz: false,
    },
    LessonStep {
        title: "5. Choosing k",
        text: "Keep 90 % or 99 % of the energy Σσᵢ²; never go past the break-even rank \
               mn/(m + n + 1), where the factors hold more numbers than A; for a noisy \
               matrix, Gavish–Donoho keeps the σᵢ above the noise. The buttons above the \
               pictures set each of them.",
        lower: LowerView::Curves,
        rank: Some(StepRank::Energy90),
        quiz: false,
    },
    LessonStep {
        title: "6. Low-rank adaptation (LoRA)",
        text: "Fine-tuning a 1000 × 1000 layer W₀ as W₀ + BA, with B 1000 × 50 and A 50 × 1000, \
               trains 2 · 1000 · 50 = 100 000 numbers instead of 1 000 000: the update is a \
               rank-50 matrix. `rankscope diff` measures how low the rank of a real \
               fine-tune's ΔW is.",
        lower: LowerView::Curves,
        rank: None,
        quiz: false,
    },
    LessonStep {
        title: "7. Quiz: how many layers?",
        text: "How many layers does it take to recognise the picture? Guess k, then reveal it.",
        lower: LowerView::Teaching,
        rank: Some(StepRank::Fixed(8)),
        quiz: true,
    },
];

/// Where the lesson stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lesson {
    /// Index into [`STEPS`].
    pub step: usize,
    /// The quiz's answer has been revealed.
    pub revealed: bool,
}

impl Lesson {
    /// The current step.
    #[must_use]
    pub fn current(&self) -> &'static LessonStep {
        &STEPS[self.step.min(STEPS.len() - 1)]
    }

    /// Whether k is hidden now (the quiz, before the reveal).
    #[must_use]
    pub fn hides_rank(&self) -> bool {
        self.current().quiz && !self.revealed
    }
}
