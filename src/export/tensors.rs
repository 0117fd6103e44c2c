//! Adapters written tensor by tensor: names, dtypes and shapes chosen by the caller (a resized
//! adapter keeps its input's key names, convolution shapes and untouched tensors), published
//! safely like every other output.

use super::adapter::{WRITTEN_BY_KEY, json_writer};
use super::atomic::{OutputFile, write_file, write_folder};
use super::target::WRITTEN_BY;
use super::{ExportError, OutputKind, OutputTarget};
use std::collections::HashMap;
use std::io::Write;

/// One tensor to write: its name, safetensors dtype, shape and little-endian bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTensor {
    /// The key.
    pub name: String,
    /// The element type of `bytes`.
    pub dtype: safetensors::Dtype,
    /// The shape (empty for a scalar).
    pub shape: Vec<usize>,
    /// The values, little-endian.
    pub bytes: Vec<u8>,
}

impl StoredTensor {
    /// An f32 tensor of `shape` holding `values` (row-major).
    #[must_use]
    pub fn f32(name: impl Into<String>, shape: Vec<usize>, values: &[f32]) -> Self {
        Self {
            name: name.into(),
            dtype: safetensors::Dtype::F32,
            shape,
            bytes: values.iter().flat_map(|x| x.to_le_bytes()).collect(),
        }
    }
}

/// The safetensors bytes of `tensors` with `metadata` plus `written_by`.
fn serialized(
    tensors: &[StoredTensor],
    mut metadata: HashMap<String, String>,
) -> Result<Vec<u8>, String> {
    metadata.insert(WRITTEN_BY_KEY.to_owned(), WRITTEN_BY.to_owned());
    let views = tensors
        .iter()
        .map(|t| {
            safetensors::tensor::TensorView::new(t.dtype, t.shape.clone(), &t.bytes)
                .map(|view| (t.name.clone(), view))
                .map_err(|e| format!("tensor `{}`: {e}", t.name))
        })
        .collect::<Result<Vec<_>, _>>()?;
    safetensors::serialize(views, Some(metadata)).map_err(|e| e.to_string())
}

/// Writes `tensors` as one safetensors file (a kohya-ss / LyCORIS adapter).
#[allow(clippy::implicit_hasher)] // safetensors takes std's HashMap
pub fn write_tensor_file(
    target: &OutputTarget,
    tensors: &[StoredTensor],
    metadata: HashMap<String, String>,
) -> Result<(), ExportError> {
    write_file(
        target,
        Box::new(move |file: &mut OutputFile| {
            let bytes = serialized(tensors, metadata)?;
            file.write_all(&bytes).map_err(|e| e.to_string())
        }),
    )
}

/// Writes a PEFT adapter folder: `tensors` as `adapter_model.safetensors` and `config` as
/// `adapter_config.json`. An existing folder is replaced only as the target allows.
#[allow(clippy::implicit_hasher)] // safetensors takes std's HashMap
pub fn write_tensor_folder(
    target: &OutputTarget,
    tensors: &[StoredTensor],
    metadata: HashMap<String, String>,
    config: serde_json::Value,
) -> Result<(), ExportError> {
    write_folder(
        target,
        OutputKind::PeftAdapter,
        vec![
            (
                "adapter_model.safetensors",
                Box::new(move |file: &mut OutputFile| {
                    let bytes = serialized(tensors, metadata)?;
                    file.write_all(&bytes).map_err(|e| e.to_string())
                }),
            ),
            ("adapter_config.json", json_writer(config)),
        ],
    )
}
