//! The denoising demo's state: the noise level chosen, the experiment computed for it on a
//! worker (noise added to the shown matrix, one SVD of the noisy matrix, both error curves,
//! the previews), and the textures of the clean, noisy and rank-k pictures.
//!
//! The experiment is derived state: whenever the view is up and the shown matrix or the
//! noise level differs from what the last experiment was for, a new job starts (newest
//! wins), so the slider never waits on an SVD and a stale result is never drawn.

use super::decomposition::{Decomposition, PREVIEW_MAX_PX};
use crate::analysis::denoise::{DenoiseCurves, denoise, noise_unit, shrink_to};
use crate::linalg::JobControl;
use crate::preview::{Colormap, PooledFactors, RankPreview, ValueRange, colorize};
use crate::source::LUMA_WEIGHTS;
use egui::{ColorImage, TextureHandle, TextureOptions};
use ndarray::Array2;

/// Longest side the demo works at: a larger photo is pooled down (block means) first, so
/// one SVD per noise level stays well under a second.
pub const DEMO_MAX_SIDE: usize = PREVIEW_MAX_PX;

/// The noise level the view opens at: σ_n = 0.1 of the pixel range (25.5 grey levels).
pub const DEFAULT_NOISE_LEVEL: f64 = 0.1;

/// What an experiment was computed for: the matrix shown, the noise level and the seed.
#[derive(Debug, Clone, PartialEq)]
pub struct DenoiseKey {
    /// The decomposition's label ("file › entry") and its method (a randomized first
    /// answer and the exact result are the same matrix).
    pub label: String,
    /// σ_n as a fraction of the value range.
    pub noise_level: f64,
    /// The noise's seed.
    pub seed: u64,
}

/// One finished experiment, as the view draws it.
pub struct DenoiseDemo {
    /// What it was computed for.
    pub key: DenoiseKey,
    /// Both error curves, the best k and the Gavish–Donoho ranks.
    pub curves: DenoiseCurves,
    /// σ_n in the matrix's units.
    pub noise_sigma: f64,
    /// Whether the values are pixels in \[0, 1\].
    pub is_image: bool,
    /// Whether a colour photo was turned into its luma for the demo.
    pub from_colour: bool,
    /// The matrix's own shape when it was pooled down to [`DEMO_MAX_SIDE`].
    pub shrunk_from: Option<(usize, usize)>,
    /// C, as pixels.
    pub clean: Array2<f32>,
    /// N, as pixels.
    pub noisy: Array2<f32>,
    /// N_k at the current rank (built with its checkpoints on the worker).
    pub preview: RankPreview,
}

/// What the plot drew last, in plot coordinates (x = log₁₀ k, y = error in %): the two
/// curves and the markers' x by name. Kept so tests can check the marks against the curve
/// actually drawn.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlottedCurves {
    /// ‖C − N_k‖_F / ‖C‖_F in %, k = 1 … r.
    pub clean: Vec<[f64; 2]>,
    /// ‖N − N_k‖_F / ‖N‖_F in %, k = 1 … r.
    pub noisy: Vec<[f64; 2]>,
    /// ("best k" | "G–D, σ_n known" | "G–D, σ_n unknown" | "k", x).
    pub markers: Vec<(String, f64)>,
}

/// The view's state.
pub struct DenoiseView {
    /// σ_n as a fraction of the value range (the slider).
    pub noise_level: f64,
    /// The noise's seed (fixed: the same picture for the same level every time).
    pub seed: u64,
    /// The last experiment that landed.
    pub demo: Option<DenoiseDemo>,
    /// What the running job computes, if one runs.
    pub pending: Option<DenoiseKey>,
    /// Textures of the current experiment.
    pub textures: Option<DenoiseTextures>,
    /// What the plot drew last (for tests: the marks against the curve drawn).
    pub plotted: Option<PlottedCurves>,
}

impl Default for DenoiseView {
    fn default() -> Self {
        Self {
            noise_level: DEFAULT_NOISE_LEVEL,
            seed: 1,
            demo: None,
            pending: None,
            textures: None,
            plotted: None,
        }
    }
}

impl DenoiseView {
    /// The key of the experiment the view wants for `decomposition` now.
    #[must_use]
    pub fn wanted(&self, decomposition: &Decomposition) -> DenoiseKey {
        DenoiseKey {
            label: decomposition.label.clone(),
            noise_level: self.noise_level,
            seed: self.seed,
        }
    }

    /// Whether the experiment on screen is the one wanted for `decomposition`.
    #[must_use]
    pub fn is_current(&self, decomposition: &Decomposition) -> bool {
        let wanted = self.wanted(decomposition);
        self.demo.as_ref().is_some_and(|d| d.key == wanted)
    }

    /// Takes a finished experiment if it is still wanted (a newer one may be on its way).
    pub fn receive(&mut self, demo: DenoiseDemo) {
        if self.pending.as_ref() == Some(&demo.key) {
            self.pending = None;
        }
        self.textures = None;
        self.demo = Some(demo);
    }
}

/// The matrix the demo starts from, as f64: the shown matrix, or the luma of a colour
/// photo (0.2126 r + 0.7152 g + 0.0722 b, as the `luma` channel), and whether it was colour.
fn clean_matrix(decomposition: &Decomposition) -> (Array2<f64>, bool) {
    if decomposition.is_colour() {
        let mut luma = Array2::<f64>::zeros(decomposition.shape());
        for (channel, weight) in decomposition.channels.iter().zip(LUMA_WEIGHTS) {
            luma.scaled_add(weight, &channel.matrix.data.to_f64());
        }
        (luma, true)
    } else {
        (decomposition.channels[0].matrix.data.to_f64(), false)
    }
}

fn to_f32(values: &Array2<f64>) -> Array2<f32> {
    #[allow(clippy::cast_possible_truncation)] // display precision
    values.mapv(|x| x as f32)
}

/// Runs the experiment `key` on `decomposition`'s matrix (on a worker): pooled down to
/// [`DEMO_MAX_SIDE`], noise added, one exact SVD, both curves, the N_k preview at `rank`.
pub fn compute(
    decomposition: &Decomposition,
    key: DenoiseKey,
    rank: usize,
    job: &JobControl,
) -> Result<DenoiseDemo, String> {
    job.report(0.0, "adding noise");
    let (full, from_colour) = clean_matrix(decomposition);
    let clean = shrink_to(full.view(), DEMO_MAX_SIDE);
    let shrunk_from = (clean.dim() != full.dim()).then(|| full.dim());
    drop(full);
    let noise_sigma = key.noise_level * noise_unit(clean.view(), decomposition.is_image);
    let run = denoise(
        clean.view(),
        noise_sigma,
        key.seed,
        &job.part(0.05, 0.9, "SVD of the noisy matrix"),
    )
    .map_err(|e| e.to_string())?;
    job.checkpoint().map_err(|e| e.to_string())?;
    let (m, n) = clean.dim();
    // The demo's matrix is at most DEMO_MAX_SIDE a side: the previews are the matrix itself.
    let pooled = PooledFactors::new(run.noisy.view(), &run.factors, m, n);
    let preview = RankPreview::new(pooled, rank);
    Ok(DenoiseDemo {
        key,
        noise_sigma,
        is_image: decomposition.is_image,
        from_colour,
        shrunk_from,
        clean: to_f32(&clean),
        noisy: to_f32(&run.noisy),
        curves: run.curves,
        preview,
    })
}

/// The three pictures' textures; N_k's follows the rank.
pub struct DenoiseTextures {
    /// C.
    pub clean: TextureHandle,
    /// N = C + Z (clamped to the clean picture's range for display).
    pub noisy: TextureHandle,
    /// N_k.
    pub approximation: TextureHandle,
    /// The rank `approximation` shows.
    shown_rank: usize,
    colormap: Colormap,
    range: ValueRange,
}

fn texture_options() -> TextureOptions {
    TextureOptions::NEAREST
}

fn picture(values: &Array2<f32>, colormap: Colormap, range: ValueRange) -> ColorImage {
    let (rows, cols) = values.dim();
    ColorImage::from_rgba_unmultiplied([cols, rows], &colorize(values.view(), colormap, range))
}

impl DenoiseTextures {
    /// Textures of `demo` at its preview's rank: grey in \[0, 1\] for a photo, the diverging
    /// map on the clean matrix's symmetric range otherwise (all three on one scale).
    #[must_use]
    pub fn new(ctx: &egui::Context, demo: &DenoiseDemo) -> Self {
        let (colormap, range) = if demo.is_image {
            (Colormap::Gray, ValueRange { min: 0.0, max: 1.0 })
        } else {
            (
                Colormap::Diverging,
                ValueRange::symmetric(demo.clean.view()),
            )
        };
        let load = |name: &str, values: &Array2<f32>| {
            ctx.load_texture(name, picture(values, colormap, range), texture_options())
        };
        Self {
            clean: load("denoise clean", &demo.clean),
            noisy: load("denoise noisy", &demo.noisy),
            approximation: load("denoise approximation", demo.preview.approximation()),
            shown_rank: demo.preview.rank(),
            colormap,
            range,
        }
    }

    /// Brings N_k's texture to the preview's rank.
    pub fn update(&mut self, demo: &DenoiseDemo) {
        if demo.preview.rank() != self.shown_rank {
            self.approximation.set(
                picture(demo.preview.approximation(), self.colormap, self.range),
                texture_options(),
            );
            self.shown_rank = demo.preview.rank();
        }
    }
}
