//! The result of an analysis job: for each channel, the matrix, its factors, its spectrum
//! and its pooled factors; plus the numbers the panels show, combined over channels.

use super::catalog::{Catalog, Selection};
use crate::analysis::{RankRule, Spectrum, storage_numbers};
use crate::linalg::{
    AnyFactors, JobControl, Method, RandomizedOptions, Request, SvdError, decompose,
    rank_k_factors, thin_svd_via_right_vectors,
};
use crate::preview::{PooledFactors, RankPreview};
use crate::real::Precision;
use crate::source::{Matrix, MatrixData};
use std::sync::Arc;

/// Matrices with min(m, n) at least this get a randomized first answer before the exact SVD
/// (below it the exact SVD takes about a second or less on two cores).
pub const FIRST_ANSWER_MIN_DIM: usize = 2048;
/// Components of the randomized first answer: enough for the picture and the head of the
/// spectrum, cheap enough to arrive within a second (4096² f32: about 0.3 s on 2 cores).
pub const FIRST_ANSWER_RANK: usize = 64;

/// The first answer's engine settings: σ to 1 % (it is replaced by the exact values), at
/// most two power iterations.
fn first_answer_options() -> RandomizedOptions {
    RandomizedOptions {
        power_iterations: 2,
        tolerance: Some(1e-2),
        ..RandomizedOptions::default()
    }
}

/// Shares of an analysis's progress: loading, the first answer (large matrices), then the
/// exact SVD up to [`PREVIEWS_FROM`], then pooling and previews.
const LOADED_AT: f64 = 0.02;
const FIRST_ANSWER_UNTIL: f64 = 0.08;
const PREVIEWS_FROM: f64 = 0.96;

/// Largest preview texture per axis: about the pixels a heatmap gets on a large screen.
pub const PREVIEW_MAX_PX: usize = 512;

/// One channel (or the single matrix) fully analysed.
pub struct ChannelDecomposition {
    /// The matrix (shared by a first answer and the exact result).
    pub matrix: Arc<Matrix>,
    /// U, σ, Vᵀ.
    pub factors: AnyFactors,
    /// σ and its curves.
    pub spectrum: Spectrum,
    /// P A Qᵀ, P U, Q V at display resolution.
    pub pooled: PooledFactors,
}

/// Everything computed for one selection.
pub struct Decomposition {
    /// "file › entry".
    pub label: String,
    /// Where the matrix came from, as the CLI's reports name it: the file's path (or the
    /// samples' title).
    pub source: String,
    /// What was selected.
    pub selection: Selection,
    /// Element type in the file.
    pub source_dtype: String,
    /// Working precision.
    pub precision: Precision,
    /// Image pixels in \[0, 1\].
    pub is_image: bool,
    /// Stored shape when it had more than two dimensions.
    pub stored_shape: Vec<usize>,
    /// One or three (r, g, b) channels.
    pub channels: Vec<ChannelDecomposition>,
    /// Seconds from start of load to finished previews.
    pub elapsed_secs: f64,
    /// Exact, or randomized for a first answer that the exact result will replace.
    pub method: Method,
    /// The rank shown first: the 99 % energy rank, capped at the break-even rank
    /// (`analysis::default_rank`).
    pub initial_rank: usize,
    /// Rank previews per channel, checkpoints built (the app takes them out).
    pub previews: Vec<RankPreview>,
}

/// [`thin_svd_via_right_vectors`] in the matrix's precision.
fn exact_for_previews(data: &MatrixData, job: &JobControl) -> Result<AnyFactors, SvdError> {
    Ok(match data {
        MatrixData::F32(a) => AnyFactors::F32(thin_svd_via_right_vectors(a.view(), job)?),
        MatrixData::F64(a) => AnyFactors::F64(thin_svd_via_right_vectors(a.view(), job)?),
    })
}

/// Rank-`rank` factors accurate to working precision, for exports ([`rank_k_factors`]).
fn factors_to_write(
    data: &MatrixData,
    factors: &AnyFactors,
    rank: usize,
) -> Result<AnyFactors, SvdError> {
    let job = JobControl::new();
    Ok(match (data, factors) {
        (MatrixData::F32(a), AnyFactors::F32(f)) => {
            AnyFactors::F32(rank_k_factors(a.view(), f, rank, &job)?)
        }
        (MatrixData::F64(a), AnyFactors::F64(f)) => {
            AnyFactors::F64(rank_k_factors(a.view(), f, rank, &job)?)
        }
        _ => unreachable!("factors in another precision than their matrix"),
    })
}

fn pooled_of(matrix: &Matrix, factors: &AnyFactors) -> PooledFactors {
    match (&matrix.data, factors) {
        (MatrixData::F32(a), AnyFactors::F32(f)) => {
            PooledFactors::new(a.view(), f, PREVIEW_MAX_PX, PREVIEW_MAX_PX)
        }
        (MatrixData::F64(a), AnyFactors::F64(f)) => {
            PooledFactors::new(a.view(), f, PREVIEW_MAX_PX, PREVIEW_MAX_PX)
        }
        // decompose() keeps the matrix's precision, so the pairs always match.
        _ => unreachable!("factors in another precision than their matrix"),
    }
}

impl Decomposition {
    /// Loads `selection` from `catalog`, decomposes each channel and pools the factors,
    /// reporting progress and honouring cancellation between steps.
    ///
    /// For large matrices (min(m, n) ≥ [`FIRST_ANSWER_MIN_DIM`]) a randomized top-k
    /// decomposition is handed to `first_answer` within a fraction of the exact time; the
    /// exact result returned afterwards replaces it.
    pub fn compute(
        catalog: &Catalog,
        selection: &Selection,
        job: &JobControl,
        first_answer: &dyn Fn(Self),
    ) -> Result<Self, super::jobs::JobError> {
        let started = std::time::Instant::now();
        job.report(0.0, "loading");
        let matrices: Vec<Arc<Matrix>> =
            catalog.load(selection)?.into_iter().map(Arc::new).collect();
        job.checkpoint().map_err(|e| e.to_string())?;
        // An adapter module: ΔW's SVD from its factors, exact and cheap at any size.
        if let Some(factored) = catalog.factored(selection)? {
            let exact = job.part(LOADED_AT, 1.0, "SVD from the factors");
            return Ok(Self::assemble_factored(
                catalog, selection, &matrices, &factored, &exact, started,
            )?);
        }
        let (m, n) = matrices[0].shape();
        let exact_from = if m.min(n) >= FIRST_ANSWER_MIN_DIM {
            let rank = FIRST_ANSWER_RANK.min(m.min(n));
            let quick = Self::assemble(
                catalog,
                selection,
                &matrices,
                Method::Randomized,
                rank,
                &job.part(
                    LOADED_AT,
                    FIRST_ANSWER_UNTIL,
                    &format!("first answer (top {rank})"),
                ),
                started,
            )?;
            first_answer(quick);
            FIRST_ANSWER_UNTIL
        } else {
            LOADED_AT
        };
        Ok(Self::assemble(
            catalog,
            selection,
            &matrices,
            Method::Exact,
            m.min(n),
            &job.part(exact_from, 1.0, "exact SVD"),
            started,
        )?)
    }

    /// An adapter module's decomposition: its SVD from the factors (at most the rank its
    /// structure allows, so the slider ends there; the σ beyond are exactly 0), in the
    /// precision ΔW was loaded in.
    fn assemble_factored(
        catalog: &Catalog,
        selection: &Selection,
        matrices: &[Arc<Matrix>],
        factored: &crate::linalg::Factored,
        job: &JobControl,
        started: std::time::Instant,
    ) -> Result<Self, String> {
        let matrix = &matrices[0];
        let (m, n) = matrix.shape();
        let factors = factored
            .factors(&job.part(0.0, PREVIEWS_FROM, ""))
            .map_err(|e| e.to_string())?;
        // Of rank ≤ r by construction: no noise floor for Gavish–Donoho to find.
        let spectrum =
            Spectrum::complete(factors.singular_values_f64(), m, n).with_rank_bound(factors.rank());
        let factors = match matrix.data.precision() {
            Precision::F64 => AnyFactors::F64(factors),
            Precision::F32 => AnyFactors::F32(crate::linalg::Factors {
                u: factors.u.mapv(<f32 as crate::real::Real>::from_f64),
                s: factors.s.mapv(<f32 as crate::real::Real>::from_f64),
                vt: factors.vt.mapv(<f32 as crate::real::Real>::from_f64),
            }),
        };
        let pooled = pooled_of(matrix, &factors);
        let channel = ChannelDecomposition {
            matrix: Arc::clone(matrix),
            factors,
            spectrum,
            pooled,
        };
        Self::finish(
            catalog,
            selection,
            vec![channel],
            Method::Exact,
            job,
            started,
        )
    }

    /// Decomposes every channel by `method` and builds the previews. `job` is the part of
    /// the analysis this takes: every SVD reports to it and stops when it is cancelled.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        catalog: &Catalog,
        selection: &Selection,
        matrices: &[Arc<Matrix>],
        method: Method,
        rank: usize,
        job: &JobControl,
        started: std::time::Instant,
    ) -> Result<Self, String> {
        let count = matrices.len() as f64;
        let mut channels = Vec::with_capacity(matrices.len());
        for (index, matrix) in matrices.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let done = index as f64 / count;
            let (m, n) = matrix.shape();
            let what = if matrices.len() > 1 {
                matrix.name.clone()
            } else {
                String::new()
            };
            let channel_job = job.part(
                PREVIEWS_FROM * done,
                PREVIEWS_FROM * (done + 1.0 / count),
                &what,
            );
            let request = Request {
                method,
                rank,
                randomized: match method {
                    Method::Randomized => first_answer_options(),
                    Method::Exact => RandomizedOptions::default(),
                },
            };
            let factors = match method {
                // σ and V from faer, U = A V Σ⁻¹: 2/3 of the memory of the full SVD, enough
                // for the previews; exports make accurate factors of their rank.
                Method::Exact => exact_for_previews(&matrix.data, &channel_job),
                Method::Randomized => decompose(&matrix.data, request, &channel_job),
            }
            .map_err(|e| e.to_string())?;
            job.checkpoint().map_err(|e| e.to_string())?;
            let spectrum = match method {
                Method::Exact => Spectrum::complete(factors.singular_values_f64(), m, n),
                Method::Randomized => Spectrum::partial(
                    factors.singular_values_f64(),
                    m,
                    n,
                    matrix.data.frobenius_norm(),
                ),
            };
            let pooled = pooled_of(matrix, &factors);
            channels.push(ChannelDecomposition {
                matrix: Arc::clone(matrix),
                factors,
                spectrum,
                pooled,
            });
        }
        Self::finish(catalog, selection, channels, method, job, started)
    }

    /// The decomposition of `channels`, with its previews at the initial rank.
    fn finish(
        catalog: &Catalog,
        selection: &Selection,
        channels: Vec<ChannelDecomposition>,
        method: Method,
        job: &JobControl,
        started: std::time::Instant,
    ) -> Result<Self, String> {
        let first = &channels[0].matrix;
        let name = match selection {
            Selection::Colour => "colour (r, g, b)".to_owned(),
            _ => first.name.clone(),
        };
        job.report(PREVIEWS_FROM, "previews");
        // A first answer knows the top σ only: when they do not reach 99 % of the energy,
        // it starts on all it has.
        let initial_rank = channels
            .iter()
            .map(|c| crate::analysis::default_rank(&c.spectrum).unwrap_or(c.spectrum.len()))
            .max()
            .unwrap_or(1)
            .clamp(1, channels[0].spectrum.len().max(1));
        let previews = channels
            .iter()
            .map(|c| RankPreview::new(c.pooled.clone(), initial_rank))
            .collect();
        job.checkpoint().map_err(|e| e.to_string())?;
        Ok(Self {
            initial_rank,
            previews,
            label: format!("{} › {name}", catalog.title),
            source: catalog.title.clone(),
            selection: selection.clone(),
            source_dtype: first.source_dtype.name().to_owned(),
            precision: first.data.precision(),
            is_image: first.is_image,
            stored_shape: first.stored_shape.clone(),
            elapsed_secs: started.elapsed().as_secs_f64(),
            method,
            channels,
        })
    }

    /// NaN/±inf values loading replaced with 0 (the first channel that had any).
    #[must_use]
    pub fn replaced_non_finite(&self) -> Option<&crate::source::NonFiniteCount> {
        self.channels
            .iter()
            .find_map(|c| c.matrix.replaced_non_finite.as_ref())
    }

    /// (m, n).
    #[must_use]
    pub fn shape(&self) -> (usize, usize) {
        self.channels[0].matrix.shape()
    }

    /// min(m, n): the slider's end.
    #[must_use]
    pub fn max_rank(&self) -> usize {
        self.channels[0].spectrum.len()
    }

    /// Whether this is a colour image decomposed per channel.
    #[must_use]
    pub fn is_colour(&self) -> bool {
        self.channels.len() == 3
    }

    /// The channels' spectra taken together (one for a matrix, three in colour mode).
    fn pooled(&self) -> crate::analysis::Channels<'_> {
        crate::analysis::Channels::new(self.channels.iter().map(|c| &c.spectrum))
    }

    /// ‖A − A_k‖_F / ‖A‖_F (over all channels together for colour).
    #[must_use]
    pub fn relative_error(&self, rank: usize) -> f64 {
        self.pooled().relative_error(rank)
    }

    /// Σ_{i≤k} σ_i² / ‖A‖_F² (over all channels together for colour).
    #[must_use]
    pub fn energy(&self, rank: usize) -> f64 {
        self.pooled().energy(rank)
    }

    /// ‖A − A_k‖₂ = σ_{k+1} (the largest over channels for colour); `None` while only
    /// the top σ are known and σ_{k+1} is not among them.
    #[must_use]
    pub fn spectral_error(&self, rank: usize) -> Option<f64> {
        self.pooled().spectral_error(rank)
    }

    /// Whether this is a randomized first answer (the top σ only; the exact SVD follows).
    #[must_use]
    pub fn is_first_answer(&self) -> bool {
        self.method == Method::Randomized
    }

    /// PSNR in dB for pixels in \[0, 1\]: 10 log₁₀(1 / MSE) over every channel's pixels;
    /// `None` for non-images and exact reconstructions.
    #[must_use]
    pub fn psnr_db(&self, rank: usize) -> Option<f64> {
        if !self.is_image {
            return None;
        }
        self.pooled().psnr_db(rank)
    }

    /// Numbers stored at rank k: k(m + n + 1) per channel.
    #[must_use]
    pub fn storage_numbers(&self, rank: usize) -> u64 {
        let (m, n) = self.shape();
        storage_numbers(rank, m, n) * self.channels.len() as u64
    }

    /// Numbers in the matrix (all channels): m·n per channel.
    #[must_use]
    pub fn matrix_numbers(&self) -> u64 {
        let (m, n) = self.shape();
        (m * n * self.channels.len()) as u64
    }

    /// The rank a rule suggests (the largest over channels for colour).
    #[must_use]
    pub fn suggested_rank(&self, rule: RankRule) -> Option<usize> {
        self.channels
            .iter()
            .filter_map(|c| rule.rank(&c.spectrum))
            .max()
    }

    /// The value of A at (row, col), and of A_k, per channel.
    #[must_use]
    pub fn probe(&self, row: usize, col: usize, rank: usize) -> Vec<(f64, f64)> {
        self.channels
            .iter()
            .map(|c| {
                (
                    c.matrix.data.value(row, col),
                    c.factors.entry(row, col, rank),
                )
            })
            .collect()
    }
}

impl Decomposition {
    /// Writes rank `rank` in `format` at `target` (the core exports; `png` recombines
    /// colour).
    pub fn export(
        &self,
        format: crate::export::Format,
        rank: usize,
        target: &crate::export::OutputTarget,
    ) -> Result<(), String> {
        use crate::export::{self, FactorMetadata, Format};
        let path = target.path();
        let first = &self.channels[0];
        let subject = if self.is_colour() {
            export::ExportSubject::ColourImage
        } else if self.is_image {
            export::ExportSubject::ImageChannel
        } else {
            export::ExportSubject::Matrix
        };
        if let Some(why) = format.refusal(subject) {
            return Err(format!("{}: {why}", path.display()));
        }
        match format {
            Format::Png => {
                let layers: Vec<_> = self
                    .channels
                    .iter()
                    .map(|c| c.factors.reconstruct_f64(rank))
                    .collect();
                export::write_png(target, &layers).map_err(|e| e.to_string())
            }
            Format::Json => {
                let (m, n) = self.shape();
                let report = crate::analysis::AnalysisReport::new(
                    crate::analysis::ReportOrigin {
                        source: self.source.clone(),
                        matrix: first.matrix.name.clone(),
                        dtype: self.source_dtype.clone(),
                        stored_shape: self.stored_shape.clone(),
                        is_image: self.is_image,
                        replaced_non_finite: first.matrix.replaced_non_finite.clone(),
                    },
                    &first.spectrum,
                    self.precision,
                    self.method,
                    self.elapsed_secs,
                    Some(rank.min(m.min(n))),
                );
                export::write_json(target, &report).map_err(|e| e.to_string())
            }
            _ if self.is_first_answer() => Err(format!(
                "{}: the exact SVD is still running (the window shows a randomized first answer); export the factors once it is done",
                path.display()
            )),
            _ => {
                let metadata = FactorMetadata {
                    source: self.source.clone(),
                    matrix: first.matrix.name.clone(),
                    rank,
                    relative_error: first.spectrum.relative_error(rank),
                };
                let factors = factors_to_write(&first.matrix.data, &first.factors, rank)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                export::write_factors(format, target, &factors, &metadata)
                    .map_err(|e| e.to_string())
            }
        }
    }
}
