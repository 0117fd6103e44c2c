//! LoRA adapters read as one ΔW per module: a Hugging Face PEFT folder
//! (`adapter_config.json` + `adapter_model.safetensors`, or the PyTorch `adapter_model.bin`
//! older PEFT versions save), a PEFT weights file alone, or a kohya-ss / LyCORIS file (LoRA
//! and LoCon, LoHa, LoKr). The weights are safetensors or PyTorch files alike
//! ([`TensorFile`]): the grouping below only lists names and loads one tensor at a time.
//!
//! Each module lists as one entry whose matrix is ΔW (out × in, a convolution's kernel
//! flattened into the columns), its dtype that of the stored factors. Loading an entry builds
//! the dense ΔW (for the heatmaps); [`Source::factored`] gives ΔW as its factors, from which
//! the spectrum comes without a dense SVD ([`crate::linalg::Factored`]). Tensors that belong to
//! no module (PEFT `modules_to_save` weights, DoRA magnitudes) list under their own names.
//!
//! The conventions, as the loaders apply them:
//! - PEFT: `base_model.model.<module>.lora_A.weight` (r × in), `….lora_B.weight` (out × r);
//!   ΔW = scale · B · A with scale = alpha / r (alpha / √r with `use_rslora`), r and alpha
//!   from `rank_pattern` / `alpha_pattern` as PEFT matches them, else `r` / `lora_alpha`;
//!   (B·A)ᵀ with `fan_in_fan_out`; `lora_embedding_A/B` give (B·A)ᵀ, as PEFT's `Embedding`.
//!   Without a config the scale is 1 (an `<module>.alpha` tensor, if present, is used).
//! - kohya / LyCORIS: `<name>.lora_down.weight` (r × in [× kh × kw]), `….lora_up.weight`
//!   (out × r [× 1 × 1]), optional `….lora_mid.weight` (Tucker core, r × r × kh × kw),
//!   `<name>.alpha`; ΔW = (alpha / r) · up · down, alpha = r when absent or 0.
//! - LoHa: ΔW = (alpha / r) · (w1a · w1b) ⊙ (w2a · w2b), r = rows of `hada_w1_b` (with
//!   `hada_t1/t2`, each factor is rebuilt through its Tucker core as LyCORIS does).
//! - LoKr: ΔW = scale · W1 ⊗ W2, W1 = `lokr_w1` or `lokr_w1_a · lokr_w1_b`, W2 = `lokr_w2`,
//!   `lokr_w2_a · lokr_w2_b` or its Tucker rebuild with `lokr_t2`; scale = alpha / r with r the
//!   inner dimension of the first decomposed factor, and 1 when both factors are full.

mod keys;
mod modules;
mod peft;
mod tensors;

pub(crate) use keys::holds_adapter;
pub use modules::AdapterModule;
pub use peft::{matching_key, pattern_keys};
pub use tensors::RawTensor;
pub(crate) use tensors::TensorFile;

use super::entry::MatrixEntry;
use super::error::{Problem, SourceError, malformed, quoted};
use super::safetensors::SafetensorsFile;
use super::torch::TorchFile;
use crate::linalg::Factored;
use crate::matrix::AdapterFacts;
use crate::real::Real;
use keys::{Part, split_key};
use modules::{Piece, Shapes, bad, build_module, elements, tucker_down};
use ndarray::Array2;
use peft::PeftConfig;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) use peft::CONFIG_NAME;

const FORMAT: &str = "LoRA adapter";

/// The naming convention of an adapter file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// Hugging Face PEFT: `base_model.model.<module>.lora_A.weight` / `lora_B`, a config.
    Peft,
    /// kohya-ss and LyCORIS: `<name>.lora_down.weight` / `lora_up`, `hada_*`, `lokr_*`, alpha.
    Kohya,
}

impl Convention {
    /// `peft` or `kohya`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Peft => "peft",
            Self::Kohya => "kohya",
        }
    }
}

/// The structure of one module's ΔW.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModuleKind {
    /// B · A (LoRA, LoCon, with or without a Tucker core).
    Lora,
    /// (w1a · w1b) ⊙ (w2a · w2b).
    LoHa,
    /// W1 ⊗ W2.
    LoKr,
}

impl ModuleKind {
    /// `lora`, `loha` or `lokr`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Lora => "lora",
            Self::LoHa => "loha",
            Self::LoKr => "lokr",
        }
    }
}

/// An opened adapter: the weights file, its modules and the tensors that belong to none.
pub struct AdapterFile {
    tensors: TensorFile,
    /// Every tensor's stored shape and dtype, by name.
    shapes: Shapes,
    weights: PathBuf,
    config_path: Option<PathBuf>,
    config: Option<PeftConfig>,
    convention: Convention,
    modules: Vec<AdapterModule>,
    /// Names of tensors that are part of no module, in file order.
    loose: Vec<String>,
    entries: Vec<MatrixEntry>,
}

impl std::fmt::Debug for AdapterFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdapterFile")
            .field("weights", &self.weights)
            .field("convention", &self.convention)
            .field("modules", &self.modules.len())
            .finish_non_exhaustive()
    }
}

/// The folder's config and weights, if `folder` is a PEFT adapter folder.
pub(crate) fn is_peft_folder(folder: &Path) -> bool {
    folder.join(CONFIG_NAME).is_file()
}

/// Opens a PEFT adapter folder: `adapter_config.json` and `adapter_model.safetensors`, or
/// without it `adapter_model.bin` (PyTorch), as PEFT prefers them.
pub(crate) fn open_peft_folder(folder: &Path) -> Result<AdapterFile, SourceError> {
    let config_path = folder.join(CONFIG_NAME);
    let safetensors = folder.join("adapter_model.safetensors");
    let bin = folder.join("adapter_model.bin");
    let (tensors, weights) = if safetensors.exists() {
        let file =
            SafetensorsFile::open(&safetensors).map_err(|e| SourceError::new(&safetensors, e))?;
        (TensorFile::Safetensors(file), safetensors)
    } else if bin.exists() {
        let file = TorchFile::open(&bin).map_err(|e| SourceError::new(&bin, e))?;
        (TensorFile::Torch(file), bin)
    } else {
        return Err(SourceError::new(
            folder,
            Problem::NotAMatrix(format!(
                "has {CONFIG_NAME} but no adapter_model.safetensors (nor adapter_model.bin)"
            )),
        ));
    };
    AdapterFile::new(tensors, &weights, Some(&config_path))
}

/// Opens the weights file `path` (already read as `tensors`) as an adapter, with the PEFT
/// config beside it when its keys are PEFT's and there is one.
pub(crate) fn open_file(tensors: TensorFile, path: &Path) -> Result<AdapterFile, SourceError> {
    let names: Vec<String> = tensors.entries().into_iter().map(|e| e.name).collect();
    let peft_keys = names.iter().any(|n| {
        matches!(
            split_key(n),
            Some((
                _,
                Part::LoraA | Part::LoraB | Part::EmbeddingA | Part::EmbeddingB
            ))
        )
    });
    let beside = path.parent().unwrap_or(Path::new(".")).join(CONFIG_NAME);
    let config = (peft_keys && beside.is_file()).then_some(beside);
    AdapterFile::new(tensors, path, config.as_deref())
}

impl AdapterFile {
    fn new(
        tensors: TensorFile,
        weights: &Path,
        config_path: Option<&Path>,
    ) -> Result<Self, SourceError> {
        let config = match config_path {
            Some(path) => Some(PeftConfig::read(path).map_err(|e| SourceError::new(path, e))?),
            None => None,
        };
        let err = |problem: Problem| SourceError::new(weights, problem);
        let listed = tensors.entries();
        let shapes: Shapes = listed
            .iter()
            .map(|e| (e.name.clone(), (e.stored_shape.clone(), e.dtype)))
            .collect();
        // Stems in the order of their first tensor; each stem's parts.
        let mut order: Vec<&str> = Vec::new();
        let mut parts: HashMap<&str, Vec<(Part, &str)>> = HashMap::new();
        for entry in &listed {
            if let Some((stem, part)) = split_key(&entry.name) {
                let found = parts.entry(stem).or_default();
                if found.is_empty() {
                    order.push(stem);
                }
                if found.iter().any(|(p, _)| *p == part) {
                    return Err(err(malformed(
                        FORMAT,
                        format!("module `{}` has its {part:?} tensor twice", quoted(stem)),
                    )));
                }
                found.push((part, &entry.name));
            }
        }
        let mut modules = Vec::new();
        let mut in_module: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for stem in order {
            let found = &parts[stem];
            // An alpha with nothing else is not a module; it stays a loose tensor.
            if found.iter().all(|(p, _)| *p == Part::Alpha) {
                continue;
            }
            let module =
                build_module(stem, found, &shapes, config.as_ref(), &tensors).map_err(err)?;
            in_module.extend(found.iter().map(|(_, key)| *key));
            modules.push(module);
        }
        if modules.is_empty() {
            return Err(err(malformed(
                FORMAT,
                "it has no LoRA, LoHa or LoKr module",
            )));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = modules.iter().find(|m| !seen.insert(m.name.clone())) {
            return Err(err(malformed(
                FORMAT,
                format!("two modules are both called `{}`", quoted(&twice.name)),
            )));
        }
        let convention = if modules.iter().any(|m| m.facts.convention == "peft") {
            Convention::Peft
        } else {
            Convention::Kohya
        };
        // Entries in file order: a module where its first tensor is, loose tensors as they are.
        let mut entries = Vec::new();
        let mut loose = Vec::new();
        let by_first_key: HashMap<&str, &AdapterModule> = modules
            .iter()
            .map(|m| (parts[m.stem.as_str()][0].1, m))
            .collect();
        for entry in &listed {
            if let Some(module) = by_first_key.get(entry.name.as_str()) {
                entries.push(MatrixEntry {
                    name: module.name.clone(),
                    stored_shape: module.stored_shape.clone(),
                    dtype: module.dtype,
                });
            } else if !in_module.contains(entry.name.as_str()) {
                loose.push(entry.name.clone());
                entries.push(entry.clone());
            }
        }
        Ok(Self {
            tensors,
            shapes,
            weights: weights.to_owned(),
            config_path: config_path.map(Path::to_owned),
            config,
            convention,
            modules,
            loose,
            entries,
        })
    }

    /// Entries: one per module (ΔW), then loose tensors, in file order.
    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.entries.clone()
    }

    /// The weights file and the config, if any.
    pub(crate) fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.weights.clone()];
        files.extend(self.config_path.clone());
        files
    }

    /// The file's convention.
    #[must_use]
    pub fn convention(&self) -> Convention {
        self.convention
    }

    /// The modules, in file order.
    #[must_use]
    pub fn modules(&self) -> &[AdapterModule] {
        &self.modules
    }

    /// The module called `name`.
    #[must_use]
    pub fn module(&self, name: &str) -> Option<&AdapterModule> {
        self.modules.iter().find(|m| m.name == name)
    }

    /// Names of the tensors that belong to no module.
    #[must_use]
    pub fn loose_tensors(&self) -> &[String] {
        &self.loose
    }

    /// The PEFT config as read, if there is one.
    #[must_use]
    pub fn config_json(&self) -> Option<&serde_json::Value> {
        self.config.as_ref().map(|c| &c.json)
    }

    /// Whether the adapter is DoRA (PEFT `use_dora`, or a `dora_scale` / magnitude tensor): its
    /// magnitudes rescale W + ΔW, which ΔW alone does not show.
    #[must_use]
    pub fn is_dora(&self) -> bool {
        self.config.as_ref().is_some_and(|c| c.use_dora)
            || self
                .loose
                .iter()
                .any(|n| n.ends_with(".dora_scale") || n.contains("lora_magnitude_vector"))
    }

    /// The safetensors `__metadata__` of the weights file; `None` for a PyTorch file.
    #[must_use]
    pub fn metadata(&self) -> Option<&HashMap<String, String>> {
        self.tensors.metadata()
    }

    /// Whether the weights are a PyTorch file (`adapter_model.bin`, a `.pt` LoRA).
    #[must_use]
    pub fn is_pytorch(&self) -> bool {
        matches!(self.tensors, TensorFile::Torch(_))
    }

    /// Tensor `name` as a safetensors writer takes it: its dtype, shape and little-endian
    /// bytes in C order (a PyTorch tensor's view gathered).
    pub fn raw_tensor(&self, name: &str) -> Result<RawTensor<'_>, Problem> {
        self.tensors.raw(name)
    }

    /// How many numbers the factor tensors of `module` hold (its alpha not counted).
    #[must_use]
    pub fn factor_elements(&self, module: &AdapterModule) -> u64 {
        module.facts.factor_parameters
    }

    /// A one-line note on how the adapter is read, when something is assumed.
    #[must_use]
    pub fn note(&self) -> Option<String> {
        let mut notes = Vec::new();
        if self.convention == Convention::Peft && self.config.is_none() {
            notes.push(format!(
                "no {CONFIG_NAME} beside it: scale 1 (alpha = r) unless a module has an alpha tensor"
            ));
        }
        if self.is_dora() {
            notes.push(
                "DoRA: the magnitude vectors are not applied; ΔW is the low-rank update only"
                    .to_owned(),
            );
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// ΔW of `module` in its factors' own frame (up · down, scale applied).
    pub fn canonical_factored(&self, module: &AdapterModule) -> Result<Factored, Problem> {
        let mut pieces = Vec::with_capacity(module.pieces.len());
        for piece in &module.pieces {
            pieces.push(self.piece(piece)?);
        }
        let mut pieces = pieces.into_iter();
        let Some(first) = pieces.next() else {
            return Err(bad(&module.stem, "it has no factors"));
        };
        let factored = match (module.kind, pieces.next()) {
            (ModuleKind::LoHa, Some(second)) => {
                Factored::Hadamard(Box::new(first), Box::new(second))
            }
            (ModuleKind::LoKr, Some(second)) => {
                Factored::Kronecker(Box::new(first), Box::new(second))
            }
            _ => first,
        };
        Ok(factored.scaled(module.facts.scale))
    }

    /// ΔW of `module` as the entry shows it (transposed where the entry is).
    pub fn factored(&self, module: &AdapterModule) -> Result<Factored, Problem> {
        let factored = self.canonical_factored(module)?;
        Ok(if module.transposed {
            factored.transposed()
        } else {
            factored
        })
    }

    /// A tensor as an (s₀, product of the rest) matrix in f64 (1 × s₀ for a vector, 1 × 1 for
    /// a scalar).
    fn tensor(&self, name: &str) -> Result<Array2<f64>, Problem> {
        let (shape, _) = self
            .shapes
            .get(name)
            .ok_or_else(|| Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))))?;
        let (rows, cols) = match shape.as_slice() {
            [] => (1, 1),
            [only] => (1, *only),
            [first, rest @ ..] => (*first, elements(rest).unwrap_or(0)),
        };
        self.tensors.load::<f64>(name, rows, cols)
    }

    fn piece(&self, piece: &Piece) -> Result<Factored, Problem> {
        Ok(match piece {
            Piece::Full(name) => Factored::Dense(self.tensor(name)?),
            Piece::Low { up, down } => Factored::Product {
                up: self.tensor(up)?,
                down: self.tensor(down)?,
            },
            Piece::Tucker { core, up, down } => {
                let up = self.tensor(up)?;
                let down = self.tensor(down)?;
                let core = self.tensor(core)?;
                Factored::Product {
                    up: up.reversed_axes().as_standard_layout().into_owned(),
                    down: tucker_down(&core, &down),
                }
            }
            Piece::Mid { up, mid, down } => {
                let up = self.tensor(up)?;
                let down = self.tensor(down)?;
                let mid = self.tensor(mid)?;
                Factored::Product {
                    up,
                    down: tucker_down(&mid, &down),
                }
            }
        })
    }

    /// The dense ΔW of entry `name` (or a loose tensor) as rows × cols in `T`.
    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some(module) = self.module(name) else {
            return self.tensors.load(name, rows, cols);
        };
        let dense = self.factored(module)?.dense();
        if dense.dim() != (rows, cols) {
            return Err(malformed(
                FORMAT,
                format!(
                    "module `{}`: its factors give {:?}, not {rows} × {cols}",
                    quoted(name),
                    dense.dim()
                ),
            ));
        }
        Ok(dense.mapv(T::from_f64))
    }
}

impl super::Source {
    /// The adapter this source is, if it is one.
    #[must_use]
    pub fn adapter(&self) -> Option<&AdapterFile> {
        match &self.backend {
            super::Backend::Adapter(adapter) => Some(adapter),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// What the adapter says about the module listed as `name`; `None` when the source is no
    /// adapter or `name` is no module of it.
    #[must_use]
    pub fn adapter_facts(&self, name: &str) -> Option<AdapterFacts> {
        Some(self.adapter()?.module(name)?.facts.clone())
    }

    /// ΔW of the adapter module listed as `name`, as its factors (scale applied, oriented as
    /// the entry), for an SVD that never forms the dense matrix; `None` when the source is no
    /// adapter or `name` is no module of it. NaN/±inf in a factor are refused, or replaced
    /// with 0 when the source replaces them.
    pub fn factored(&self, name: &str) -> Result<Option<Factored>, SourceError> {
        let Some(adapter) = self.adapter() else {
            return Ok(None);
        };
        let Some(module) = adapter.module(name) else {
            return Ok(None);
        };
        let err = |problem: Problem| SourceError::new(&self.path, problem);
        let factored = adapter.factored(module).map_err(err)?;
        match non_finite_in(&factored) {
            0 => Ok(Some(factored)),
            count => match self.non_finite {
                super::NonFinitePolicy::Refuse => Err(err(Problem::NotAMatrix(format!(
                    "`{}` has {count} non-finite value{} in its factors; rankscope needs finite \
                     numbers (--nan-to-zero replaces them with 0)",
                    quoted(name),
                    if count == 1 { "" } else { "s" }
                )))),
                super::NonFinitePolicy::ReplaceWithZero => Ok(Some(zero_non_finite(factored))),
            },
        }
    }
}

fn non_finite_in(factored: &Factored) -> usize {
    let count = |a: &Array2<f64>| a.iter().filter(|x| !x.is_finite()).count();
    match factored {
        Factored::Dense(a) => count(a),
        Factored::Product { up, down } => count(up) + count(down),
        Factored::Hadamard(x, y) | Factored::Kronecker(x, y) => non_finite_in(x) + non_finite_in(y),
    }
}

fn zero_non_finite(factored: Factored) -> Factored {
    let fix = |a: Array2<f64>| a.mapv(|x| if x.is_finite() { x } else { 0.0 });
    match factored {
        Factored::Dense(a) => Factored::Dense(fix(a)),
        Factored::Product { up, down } => Factored::Product {
            up: fix(up),
            down: fix(down),
        },
        Factored::Hadamard(x, y) => {
            Factored::Hadamard(Box::new(zero_non_finite(*x)), Box::new(zero_non_finite(*y)))
        }
        Factored::Kronecker(x, y) => {
            Factored::Kronecker(Box::new(zero_non_finite(*x)), Box::new(zero_non_finite(*y)))
        }
    }
}
