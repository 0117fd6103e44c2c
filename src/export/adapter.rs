//! LoRA adapters for many layers at once, in the two layouts the ecosystem loads:
//! Hugging Face PEFT (a folder) and kohya-ss (one safetensors file).
//!
//! Every layer is a pair up (out × r) · down (r × in) = rank-r ΔW. Both formats scale the
//! product by alpha / r when they apply it; rankscope writes alpha = r for every layer, so the
//! scale is 1 and the stored pair itself is the rank-r ΔW.

use super::atomic::{FileWriter, OutputFile, write_file, write_folder};
use super::target::{COMPRESSED_FORMAT, WRITTEN_BY};
use super::{ExportError, OutputKind, OutputTarget};
use ndarray::Array2;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// One layer of an adapter.
#[derive(Debug, Clone, PartialEq)]
pub struct AdapterLayer {
    /// The weight tensor's name in the checkpoint (`….weight`).
    pub tensor: String,
    /// B = U_r·diag(√σ_r): out × r (PEFT `lora_B`, kohya `lora_up`).
    pub up: Array2<f32>,
    /// A = diag(√σ_r)·V_rᵀ: r × in (PEFT `lora_A`, kohya `lora_down`).
    pub down: Array2<f32>,
    /// ‖ΔW − BA‖_F / ‖ΔW‖_F.
    pub relative_error: f64,
}

impl AdapterLayer {
    /// r.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.down.nrows()
    }

    /// The module the weight belongs to: the tensor name without `.weight`.
    #[must_use]
    pub fn module(&self) -> &str {
        self.tensor.strip_suffix(".weight").unwrap_or(&self.tensor)
    }

    /// kohya's name for the module: its path with `.` replaced by `_`, as kohya-ss's
    /// `networks/lora.py` forms `lora_name` (without a `lora_unet`/`lora_te` prefix, which only
    /// Stable Diffusion's two sub-models have).
    #[must_use]
    pub fn kohya_name(&self) -> String {
        self.module().replace('.', "_")
    }
}

fn f32_bytes(array: &Array2<f32>) -> Vec<u8> {
    array.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Serialises `tensors` (name, shape, f32 little-endian bytes) with string `metadata`.
fn safetensors_bytes(
    tensors: &[(String, Vec<usize>, Vec<u8>)],
    metadata: HashMap<String, String>,
) -> Result<Vec<u8>, String> {
    let views = tensors
        .iter()
        .map(|(name, shape, bytes)| {
            safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), bytes)
                .map(|view| (name.clone(), view))
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    safetensors::serialize(views, Some(metadata)).map_err(|e| e.to_string())
}

/// The most common rank (the smallest among ties): PEFT's default `r`.
fn common_rank(layers: &[AdapterLayer]) -> usize {
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for layer in layers {
        *counts.entry(layer.rank()).or_default() += 1;
    }
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(&rank, _)| rank)
}

/// `adapter_config.json` for `layers`: LoRA with `r` = the most common rank, and every
/// module's own rank and alpha in `rank_pattern` / `alpha_pattern` (alpha = r: scale 1).
#[must_use]
pub fn peft_config(layers: &[AdapterLayer], base_model: Option<&str>) -> Value {
    let r = common_rank(layers);
    let mut rank_pattern = Map::new();
    let mut alpha_pattern = Map::new();
    for layer in layers {
        rank_pattern.insert(layer.module().to_owned(), json!(layer.rank()));
        alpha_pattern.insert(layer.module().to_owned(), json!(layer.rank()));
    }
    let target_modules: Vec<&str> = layers.iter().map(AdapterLayer::module).collect();
    json!({
        "peft_type": "LORA",
        "task_type": null,
        "base_model_name_or_path": base_model,
        "r": r,
        "lora_alpha": r,
        "lora_dropout": 0.0,
        "bias": "none",
        "fan_in_fan_out": false,
        "inference_mode": true,
        "init_lora_weights": true,
        "use_rslora": false,
        "use_dora": false,
        "modules_to_save": null,
        "target_modules": target_modules,
        "rank_pattern": rank_pattern,
        "alpha_pattern": alpha_pattern,
    })
}

/// Writes a PEFT adapter folder at `target`: `adapter_model.safetensors` with
/// `base_model.model.<module>.lora_A.weight` (r × in) and `….lora_B.weight` (out × r), and
/// `adapter_config.json` ([`peft_config`]).
///
/// The folder is assembled under a temporary name beside the target and renamed into place,
/// so a failed or killed export leaves no half-written adapter; an existing folder is
/// replaced only as the target allows (a PEFT adapter rankscope wrote, `written_by` in the
/// safetensors metadata being the mark).
pub fn write_peft(
    target: &OutputTarget,
    layers: &[AdapterLayer],
    source: &str,
    base_model: Option<&str>,
) -> Result<(), ExportError> {
    let mut tensors = Vec::with_capacity(2 * layers.len());
    for layer in layers {
        let module = layer.module();
        tensors.push((
            format!("base_model.model.{module}.lora_A.weight"),
            layer.down.shape().to_vec(),
            f32_bytes(&layer.down),
        ));
        tensors.push((
            format!("base_model.model.{module}.lora_B.weight"),
            layer.up.shape().to_vec(),
            f32_bytes(&layer.up),
        ));
    }
    let metadata = HashMap::from([
        ("format".to_owned(), "pt".to_owned()),
        ("source".to_owned(), source.to_owned()),
        ("written_by".to_owned(), WRITTEN_BY.to_owned()),
    ]);
    let config = peft_config(layers, base_model);
    write_folder(
        target,
        OutputKind::PeftAdapter,
        vec![
            (
                "adapter_model.safetensors",
                safetensors_writer(&tensors, metadata),
            ),
            ("adapter_config.json", json_writer(config)),
        ],
    )
}

/// Writes `tensors` with `metadata` as one safetensors file.
fn safetensors_writer(
    tensors: &[(String, Vec<usize>, Vec<u8>)],
    metadata: HashMap<String, String>,
) -> FileWriter<'_> {
    Box::new(move |file: &mut OutputFile| {
        let bytes = safetensors_bytes(tensors, metadata)?;
        file.write_all(&bytes).map_err(|e| e.to_string())
    })
}

/// The safetensors metadata key that marks rankscope's outputs.
pub(super) const WRITTEN_BY_KEY: &str = "written_by";

/// Writes `value` as pretty JSON and a newline.
pub(super) fn json_writer(value: Value) -> FileWriter<'static> {
    Box::new(move |file: &mut OutputFile| {
        serde_json::to_writer_pretty(&mut *file, &value).map_err(|e| e.to_string())?;
        file.write_all(b"\n").map_err(|e| e.to_string())
    })
}

/// Writes a kohya-ss LoRA file: `<name>.lora_down.weight` (r × in), `<name>.lora_up.weight`
/// (out × r) and `<name>.alpha` (a 0-D f32 holding r), with [`AdapterLayer::kohya_name`]
/// names; the metadata maps each name back to its tensor (`rankscope_modules`).
pub fn write_kohya(
    target: &OutputTarget,
    layers: &[AdapterLayer],
    source: &str,
) -> Result<(), ExportError> {
    let mut tensors = Vec::with_capacity(3 * layers.len());
    let mut names = Map::new();
    for layer in layers {
        let name = layer.kohya_name();
        #[allow(clippy::cast_precision_loss)] // ranks are far below 2^24
        let alpha = layer.rank() as f32;
        tensors.push((
            format!("{name}.lora_down.weight"),
            layer.down.shape().to_vec(),
            f32_bytes(&layer.down),
        ));
        tensors.push((
            format!("{name}.lora_up.weight"),
            layer.up.shape().to_vec(),
            f32_bytes(&layer.up),
        ));
        tensors.push((
            format!("{name}.alpha"),
            Vec::new(),
            alpha.to_le_bytes().to_vec(),
        ));
        names.insert(name, json!(layer.tensor));
    }
    let dims: Vec<usize> = layers.iter().map(AdapterLayer::rank).collect();
    let metadata = HashMap::from([
        ("ss_network_module".to_owned(), "networks.lora".to_owned()),
        (
            "ss_network_dim".to_owned(),
            dims.iter().max().copied().unwrap_or(0).to_string(),
        ),
        (
            "ss_network_alpha".to_owned(),
            "per-layer alpha = rank (scale 1)".to_owned(),
        ),
        ("source".to_owned(), source.to_owned()),
        ("written_by".to_owned(), WRITTEN_BY.to_owned()),
        (
            "rankscope_modules".to_owned(),
            Value::Object(names).to_string(),
        ),
    ]);
    write_file(target, safetensors_writer(&tensors, metadata))
}

/// Writes a compressed checkpoint folder at `target`: `model.safetensors` holding, for every layer,
/// `<tensor>.left` (m × k = U_k·diag(√σ_k)) and `<tensor>.right` (k × n = diag(√σ_k)·V_kᵀ)
/// in f32, so that left · right = W_k, and `manifest.json` (`manifest`, plus one entry per
/// layer: name, shape, rank, relative error, the two tensor names). Tensors not listed are
/// not in the folder: they stay as they are in the source checkpoint. An existing folder is
/// replaced only as the target allows (a compressed checkpoint rankscope wrote).
pub fn write_compressed(
    target: &OutputTarget,
    layers: &[AdapterLayer],
    mut manifest: Map<String, Value>,
) -> Result<(), ExportError> {
    let mut tensors = Vec::with_capacity(2 * layers.len());
    let mut entries = Vec::with_capacity(layers.len());
    for layer in layers {
        let left = format!("{}.left", layer.tensor);
        let right = format!("{}.right", layer.tensor);
        entries.push(json!({
            "name": layer.tensor,
            "shape": [layer.up.nrows(), layer.down.ncols()],
            "rank": layer.rank(),
            "relative_error": layer.relative_error,
            "left": left,
            "right": right,
        }));
        tensors.push((left, layer.up.shape().to_vec(), f32_bytes(&layer.up)));
        tensors.push((right, layer.down.shape().to_vec(), f32_bytes(&layer.down)));
    }
    manifest.insert("format".to_owned(), json!(COMPRESSED_FORMAT));
    manifest.insert(
        "reconstruct".to_owned(),
        json!(
            "W ≈ left @ right for every listed tensor; other tensors are unchanged in the source"
        ),
    );
    manifest.insert("tensors".to_owned(), Value::Array(entries));
    let metadata = HashMap::from([
        ("format".to_owned(), "pt".to_owned()),
        ("written_by".to_owned(), WRITTEN_BY.to_owned()),
    ]);
    write_folder(
        target,
        OutputKind::CompressedCheckpoint,
        vec![
            ("model.safetensors", safetensors_writer(&tensors, metadata)),
            ("manifest.json", json_writer(Value::Object(manifest))),
        ],
    )
}
