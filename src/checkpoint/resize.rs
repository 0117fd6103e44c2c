//! Resizing a LoRA adapter: every module's ΔW cut to the rank a rule, a fixed k or a global
//! budget chooses, written back as a LoRA pair per module in the input's convention (or the
//! other one) so that, loaded as that convention loads it, each module gives exactly the best
//! rank-k approximation of its ΔW (Eckart–Young): up = U_k·diag(√σ_k), down = diag(√σ_k)·V_kᵀ
//! and alpha = k (scale 1), with `rank_pattern`/`alpha_pattern` naming every module's k.
//!
//! The SVD of each ΔW comes from its factors ([`crate::linalg::Factored`]), so a resize never
//! forms a dense ΔW; a module's new rank never exceeds the rank its structure allows (its r
//! for a LoRA pair).

use super::adapter::factored_spectrum;
use crate::analysis::{Budget, BudgetLayer, KohyaRule, RankRule, Spectrum, allocate};
use crate::export::{
    ExportError, OutputTarget, StoredTensor, lora_pair, write_tensor_file, write_tensor_folder,
};
use crate::linalg::{Factors, JobControl, SvdError};
use crate::source::{AdapterFile, AdapterModule, Convention, Problem, Source, SourceError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use thiserror::Error;

/// How the new rank of each module is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ResizeRule {
    /// The same k for every module (capped at what each module's structure allows).
    Rank(usize),
    /// The smallest k keeping this fraction of ‖ΔW‖_F².
    Energy(f64),
    /// A named rule (`energy_90`, `energy_99`, `gavish_donoho`).
    Rule(RankRule),
    /// A kohya-ss `resize_lora.py` dynamic method ([`KohyaRule::rank`]).
    Kohya(KohyaRule),
    /// At most this many stored numbers Σ k(m + n) in all modules, allocated for the least
    /// total squared error ([`allocate`]); a module may get rank 0 and be left out.
    Budget(u64),
}

impl ResizeRule {
    /// Why the rule cannot resize an adapter at all: Gavish–Donoho, which needs a full noisy
    /// spectrum that no ΔW of rank ≤ r has; `None` for every other rule.
    #[must_use]
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            Self::Rule(RankRule::GavishDonoho) => Some(crate::analysis::GAVISH_DONOHO_LOW_RANK),
            _ => None,
        }
    }

    /// How the rule reads in reports: `rank 8`, `energy 0.95`, `sv_fro 0.9`, `budget 100000`.
    #[must_use]
    pub fn name(self) -> String {
        match self {
            Self::Rank(k) => format!("rank {k}"),
            Self::Energy(f) => format!("energy {f}"),
            Self::Rule(rule) => rule.name(),
            Self::Kohya(rule) => rule.name(),
            Self::Budget(n) => format!("budget {n}"),
        }
    }
}

/// Why a resize did not happen.
#[derive(Debug, Error)]
pub enum ResizeError {
    /// The input is not an adapter, or cannot be read.
    #[error(transparent)]
    Source(#[from] SourceError),
    /// A module's SVD failed, was cancelled or would not fit in memory.
    #[error("{}: `{module}`: {error}", path.display())]
    Svd {
        /// The adapter.
        path: std::path::PathBuf,
        /// The module's entry name.
        module: String,
        /// What went wrong.
        error: SvdError,
    },
    /// Writing the output failed.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// One module with ΔW's spectrum and SVD, computed once for any number of rank choices.
#[derive(Debug, Clone)]
pub struct ModuleSpectrum {
    /// The module as the adapter describes it.
    pub module: AdapterModule,
    /// ΔW's complete spectrum (σ beyond the factors' are 0).
    pub spectrum: Spectrum,
    /// ΔW's thin SVD in the factors' own frame (up · down).
    factors: Factors<f64>,
}

impl ModuleSpectrum {
    /// The largest rank this module may be given: what its structure allows.
    #[must_use]
    pub fn max_rank(&self) -> usize {
        self.module.facts.rank_bound.min(self.factors.rank())
    }
}

/// Every module's spectrum, in file order. Refuses a source that is not an adapter, and a
/// DoRA adapter (its magnitude vectors would no longer match a resized ΔW).
pub fn module_spectra(
    source: &Source,
    job: &JobControl,
) -> Result<Vec<ModuleSpectrum>, ResizeError> {
    let adapter = adapter_of(source)?;
    let mut spectra = Vec::with_capacity(adapter.modules().len());
    for (number, module) in adapter.modules().iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let part = job.part(
            number as f64 / adapter.modules().len() as f64,
            (number + 1) as f64 / adapter.modules().len() as f64,
            &module.name,
        );
        let factored = adapter
            .canonical_factored(module)
            .map_err(|problem| SourceError::new(source.path(), problem))?;
        let (spectrum, factors) =
            factored_spectrum(&factored, &part).map_err(|error| ResizeError::Svd {
                path: source.path().to_owned(),
                module: module.name.clone(),
                error,
            })?;
        spectra.push(ModuleSpectrum {
            module: module.clone(),
            spectrum,
            factors,
        });
    }
    Ok(spectra)
}

fn adapter_of(source: &Source) -> Result<&AdapterFile, SourceError> {
    let adapter = source.adapter().ok_or_else(|| {
        SourceError::new(
            source.path(),
            Problem::NotAMatrix(
                "is not a LoRA adapter (no lora_A/lora_B, lora_down/lora_up, hada_* or lokr_* \
                 tensors); resize reads PEFT and kohya/LyCORIS adapters"
                    .to_owned(),
            ),
        )
    })?;
    if adapter.is_dora() {
        return Err(SourceError::new(
            source.path(),
            Problem::NotAMatrix(
                "is a DoRA adapter: its magnitude vectors rescale W + ΔW, and a resized ΔW \
                 would no longer match them; rankscope does not resize DoRA"
                    .to_owned(),
            ),
        ));
    }
    Ok(adapter)
}

/// The new rank of every module under `rule`: at least 1 (the best rank-1 approximation,
/// as `resize_lora.py` keeps of a zero ΔW) and at most [`ModuleSpectrum::max_rank`]; with a
/// budget, 0 where the allocation gives a module nothing.
#[must_use]
pub fn choose_ranks(spectra: &[ModuleSpectrum], rule: ResizeRule) -> Vec<usize> {
    if let ResizeRule::Budget(limit) = rule {
        let sigma: Vec<Vec<f64>> = spectra
            .iter()
            .map(|s| s.spectrum.singular_values()[..s.max_rank()].to_vec())
            .collect();
        let layers: Vec<BudgetLayer<'_>> = spectra
            .iter()
            .zip(&sigma)
            .map(|(s, sigma)| {
                let (rows, cols) = s.spectrum.shape();
                BudgetLayer {
                    singular_values: sigma,
                    rows,
                    cols,
                    frobenius_norm: s.spectrum.frobenius_norm(),
                }
            })
            .collect();
        return allocate(&layers, Budget::Parameters(limit)).ranks;
    }
    spectra
        .iter()
        .map(|s| {
            let sigma = s.spectrum.singular_values();
            let chosen = match rule {
                ResizeRule::Rank(k) => Some(k),
                ResizeRule::Energy(fraction) => s.spectrum.rank_for_energy(fraction),
                ResizeRule::Rule(rule) => rule.rank(&s.spectrum),
                ResizeRule::Kohya(rule) => rule.rank(sigma),
                ResizeRule::Budget(_) => None,
            };
            chosen.unwrap_or(1).clamp(1, s.max_rank().max(1))
        })
        .collect()
}

/// What the resize did to one module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResizedModule {
    /// The entry name.
    pub name: String,
    /// `lora`, `loha` or `lokr` (written as a LoRA pair whatever it was).
    pub kind: String,
    /// r before.
    pub rank_before: usize,
    /// The largest rank ΔW's structure allowed.
    pub rank_bound: usize,
    /// k after (0: left out).
    pub rank: usize,
    /// ‖ΔW‖_F.
    pub frobenius_norm: f64,
    /// ‖ΔW − ΔW_k‖_F / ‖ΔW‖_F (Eckart–Young: sqrt(Σ_{i>k} σ_i²) / ‖ΔW‖_F).
    pub relative_error: f64,
    /// Numbers the module stored before (all its factor tensors).
    pub parameters_before: u64,
    /// k (m + n) after.
    pub parameters: u64,
}

/// What a resize wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResizeOutcome {
    /// `peft` or `kohya`.
    pub format: &'static str,
    /// Every module, in file order.
    pub modules: Vec<ResizedModule>,
    /// Σ of the modules' parameters before.
    pub parameters_before: u64,
    /// Σ after.
    pub parameters: u64,
    /// sqrt(Σ ‖ΔW − ΔW_k‖_F² / Σ ‖ΔW‖_F²) over all modules.
    pub relative_error: f64,
    /// Tensors of no module that the output does not carry (only when the convention
    /// changes: a PEFT `modules_to_save` weight has no kohya key).
    pub left_out: Vec<String>,
}

/// Writes `spectra` at `ranks` to `target` in `convention`.
///
/// Kept conventions keep the input's key names, convolution shapes, loose tensors and (PEFT)
/// config, with `r`, `lora_alpha`, `rank_pattern`, `alpha_pattern` set so every module's scale
/// is 1 and `use_rslora` off. A PEFT module written as kohya (or the reverse) is written in
/// the frame of the entry, the weight's own layout (so a PEFT embedding or `fan_in_fan_out`
/// ΔW becomes up · down = ΔW as the weight stores it).
pub fn write_resized(
    source: &Source,
    spectra: &[ModuleSpectrum],
    ranks: &[usize],
    convention: Convention,
    target: &OutputTarget,
) -> Result<ResizeOutcome, ResizeError> {
    let adapter = adapter_of(source)?;
    let kept = convention == adapter.convention();
    let mut tensors = Vec::new();
    let mut modules = Vec::with_capacity(spectra.len());
    let mut pattern_ranks: Vec<(String, usize)> = Vec::new();
    let mut kohya_names = serde_json::Map::new();
    for (spectrum, &rank) in spectra.iter().zip(ranks) {
        let module = &spectrum.module;
        let rank = rank.min(spectrum.max_rank());
        modules.push(summary(adapter, spectrum, rank));
        if rank == 0 {
            continue;
        }
        // The frame the output's up · down is in.
        let transposed = module.transposed && !(kept && convention == Convention::Peft);
        let factors = if transposed {
            transpose(&spectrum.factors)
        } else {
            spectrum.factors.clone()
        };
        let shape = if transposed {
            &module.stored_shape
        } else {
            &module.canonical_shape
        };
        let (up, down) = lora_pair(&factors, rank);
        #[allow(clippy::cast_possible_truncation)] // adapters are written in f32 on purpose
        let (up, down): (Vec<f32>, Vec<f32>) = (
            up.iter().map(|&x| x as f32).collect(),
            down.iter().map(|&x| x as f32).collect(),
        );
        let mut down_shape = vec![rank];
        down_shape.extend_from_slice(&shape[1..]);
        let mut up_shape = vec![shape[0], rank];
        up_shape.extend(std::iter::repeat_n(1, shape.len().saturating_sub(2)));
        let (down_key, up_key, alpha_key) = output_keys(module, convention, kept);
        tensors.push(StoredTensor::f32(down_key, down_shape, &down));
        tensors.push(StoredTensor::f32(up_key, up_shape, &up));
        if let Some(alpha_key) = alpha_key {
            #[allow(clippy::cast_precision_loss)] // ranks are far below 2^24
            tensors.push(StoredTensor::f32(alpha_key, Vec::new(), &[rank as f32]));
        }
        if convention == Convention::Kohya && !kept {
            kohya_names.insert(kohya_name(module), serde_json::json!(module.name));
        }
        pattern_ranks.push((peft_module_name(module, kept), rank));
    }
    if tensors.is_empty() {
        return Err(ResizeError::Source(SourceError::new(
            source.path(),
            Problem::NotAMatrix("every module got rank 0: no adapter to write".to_owned()),
        )));
    }
    let left_out = if kept {
        for name in adapter.loose_tensors() {
            let (dtype, shape, bytes) = adapter
                .raw_tensor(name)
                .map_err(|problem| SourceError::new(source.path(), problem))?;
            tensors.push(StoredTensor {
                name: name.clone(),
                dtype,
                shape,
                bytes: bytes.into_owned(),
            });
        }
        Vec::new()
    } else {
        adapter.loose_tensors().to_vec()
    };
    let shown = source.path().display().to_string();
    match convention {
        Convention::Peft => {
            let config = peft_config(adapter, &pattern_ranks, kept);
            let metadata = HashMap::from([
                ("format".to_owned(), "pt".to_owned()),
                ("source".to_owned(), shown),
            ]);
            write_tensor_folder(target, &tensors, metadata, config)?;
        }
        Convention::Kohya => {
            let metadata = kohya_metadata(adapter, ranks, kept, &shown, kohya_names);
            write_tensor_file(target, &tensors, metadata)?;
        }
    }
    Ok(outcome(convention, modules, left_out))
}

/// Up and down keys (and alpha's) of `module` in `convention`.
fn output_keys(
    module: &AdapterModule,
    convention: Convention,
    kept: bool,
) -> (String, String, Option<String>) {
    match convention {
        Convention::Peft => {
            let stem = if kept {
                module.stem.clone()
            } else {
                format!("base_model.model.{}", module.name)
            };
            if kept && module.embedding {
                let suffix = module.embedding_suffix.as_str();
                (
                    format!("{stem}.lora_embedding_A{suffix}"),
                    format!("{stem}.lora_embedding_B{suffix}"),
                    None,
                )
            } else {
                (
                    format!("{stem}.lora_A.weight"),
                    format!("{stem}.lora_B.weight"),
                    None,
                )
            }
        }
        Convention::Kohya => {
            let stem = if kept {
                module.stem.clone()
            } else {
                kohya_name(module)
            };
            (
                format!("{stem}.lora_down.weight"),
                format!("{stem}.lora_up.weight"),
                Some(format!("{stem}.alpha")),
            )
        }
    }
}

/// kohya's name for a PEFT module: its path with `.` replaced by `_` (kohya-ss
/// `networks/lora.py`'s `lora_name`, without the `lora_unet`/`lora_te` prefix only Stable
/// Diffusion's sub-models have).
fn kohya_name(module: &AdapterModule) -> String {
    module.name.replace('.', "_")
}

/// The module name PEFT matches patterns against.
fn peft_module_name(module: &AdapterModule, kept: bool) -> String {
    if kept {
        module
            .stem
            .strip_prefix("base_model.model.")
            .unwrap_or(&module.stem)
            .to_owned()
    } else {
        module.name.clone()
    }
}

/// The most common rank (the smallest among ties): the config's `r`.
fn common_rank(ranks: &[(String, usize)]) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for &(_, rank) in ranks {
        *counts.entry(rank).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(1, |(&rank, _)| rank)
}

/// The output's `adapter_config.json`: the input's (when the convention is kept and it has
/// one) with r, alpha, the patterns and rsLoRA set for scale 1 everywhere; otherwise a fresh
/// LoRA config.
fn peft_config(adapter: &AdapterFile, ranks: &[(String, usize)], kept: bool) -> serde_json::Value {
    let names: Vec<String> = ranks.iter().map(|(name, _)| name.clone()).collect();
    let keys = crate::source::pattern_keys(&names);
    let mut rank_pattern = serde_json::Map::new();
    let mut alpha_pattern = serde_json::Map::new();
    for (key, (_, rank)) in keys.iter().zip(ranks) {
        rank_pattern.insert(key.clone(), serde_json::json!(rank));
        alpha_pattern.insert(key.clone(), serde_json::json!(rank));
    }
    let r = common_rank(ranks);
    let mut config = match adapter.config_json() {
        Some(serde_json::Value::Object(input)) if kept => input.clone(),
        _ => {
            let serde_json::Value::Object(fresh) = crate::export::peft_config(&[], None) else {
                unreachable!("peft_config returns an object")
            };
            let mut fresh = fresh;
            fresh.insert("target_modules".to_owned(), serde_json::json!(names));
            fresh
        }
    };
    config.insert("peft_type".to_owned(), serde_json::json!("LORA"));
    config.insert("r".to_owned(), serde_json::json!(r));
    config.insert("lora_alpha".to_owned(), serde_json::json!(r));
    config.insert("use_rslora".to_owned(), serde_json::json!(false));
    config.insert(
        "rank_pattern".to_owned(),
        serde_json::Value::Object(rank_pattern),
    );
    config.insert(
        "alpha_pattern".to_owned(),
        serde_json::Value::Object(alpha_pattern),
    );
    serde_json::Value::Object(config)
}

/// The output's safetensors metadata as kohya-ss's own resize writes it: the input's (when
/// the convention is kept), with `ss_network_dim`/`ss_network_alpha` set to the new rank (or
/// `Dynamic`) and the input's now stale `sshs_*` hashes dropped.
fn kohya_metadata(
    adapter: &AdapterFile,
    ranks: &[usize],
    kept: bool,
    source: &str,
    names: serde_json::Map<String, serde_json::Value>,
) -> HashMap<String, String> {
    let mut metadata: HashMap<String, String> = if kept {
        adapter
            .metadata()
            .into_iter()
            .flatten()
            .filter(|(key, _)| !key.starts_with("sshs_") && key.as_str() != "written_by")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    } else {
        HashMap::from([("ss_network_module".to_owned(), "networks.lora".to_owned())])
    };
    let written: Vec<usize> = ranks.iter().copied().filter(|&k| k > 0).collect();
    let dim = match written.as_slice() {
        [first, rest @ ..] if rest.iter().all(|k| k == first) => first.to_string(),
        _ => "Dynamic".to_owned(),
    };
    metadata.insert("ss_network_dim".to_owned(), dim.clone());
    metadata.insert("ss_network_alpha".to_owned(), dim);
    metadata.insert("source".to_owned(), source.to_owned());
    if !names.is_empty() {
        metadata.insert(
            "rankscope_modules".to_owned(),
            serde_json::Value::Object(names).to_string(),
        );
    }
    metadata
}

/// Uᵀ and Vᵀ swapped: the SVD of the transpose.
fn transpose(factors: &Factors<f64>) -> Factors<f64> {
    Factors {
        u: factors.vt.t().as_standard_layout().into_owned(),
        s: factors.s.clone(),
        vt: factors.u.t().as_standard_layout().into_owned(),
    }
}

fn summary(adapter: &AdapterFile, spectrum: &ModuleSpectrum, rank: usize) -> ResizedModule {
    let module = &spectrum.module;
    let (m, n) = spectrum.spectrum.shape();
    let parameters_before = adapter.factor_elements(module);
    ResizedModule {
        name: module.name.clone(),
        kind: module.facts.kind.clone(),
        rank_before: module.facts.rank,
        rank_bound: module.facts.rank_bound,
        rank,
        frobenius_norm: spectrum.spectrum.frobenius_norm(),
        relative_error: spectrum.spectrum.relative_error(rank),
        parameters_before,
        parameters: rank as u64 * (m as u64 + n as u64),
    }
}

fn outcome(
    convention: Convention,
    modules: Vec<ResizedModule>,
    left_out: Vec<String>,
) -> ResizeOutcome {
    // Σ ‖ΔW − ΔW_k‖² / Σ ‖ΔW‖², in units of the largest norm so that nothing overflows.
    let unit = crate::linalg::power_of_two_near(
        modules.iter().map(|m| m.frobenius_norm).fold(0.0, f64::max),
    );
    let total: f64 = modules
        .iter()
        .map(|m| (m.frobenius_norm / unit).powi(2))
        .sum();
    let lost: f64 = modules
        .iter()
        .map(|m| (m.relative_error * m.frobenius_norm / unit).powi(2))
        .sum();
    ResizeOutcome {
        format: convention.name(),
        parameters_before: modules.iter().map(|m| m.parameters_before).sum(),
        parameters: modules.iter().map(|m| m.parameters).sum(),
        relative_error: if total > 0.0 {
            (lost / total).sqrt()
        } else {
            0.0
        },
        modules,
        left_out,
    }
}
