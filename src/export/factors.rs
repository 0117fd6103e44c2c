//! Factor files: npz, safetensors, LoRA, CSV of A_k, and the JSON analysis.

use super::atomic::write_file;
use super::{ExportError, OutputTarget};
use crate::linalg::Factors;
use crate::real::{Precision, Real};
use ndarray::{Array2, ArrayView2, Axis};
use std::collections::HashMap;
use std::io::Write;

/// String metadata stored in safetensors exports.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorMetadata {
    /// The file the matrix came from.
    pub source: String,
    /// Tensor or channel name.
    pub matrix: String,
    /// k.
    pub rank: usize,
    /// ‖A − A_k‖_F / ‖A‖_F.
    pub relative_error: f64,
}

impl FactorMetadata {
    fn to_map(&self) -> HashMap<String, String> {
        HashMap::from([
            ("source".to_owned(), self.source.clone()),
            ("matrix".to_owned(), self.matrix.clone()),
            ("rank".to_owned(), self.rank.to_string()),
            ("relative_error".to_owned(), self.relative_error.to_string()),
        ])
    }
}

/// `U` (m×k), `S` (k), `Vt` (k×n) as a numpy `.npz` (load with `numpy.load`).
///
/// The archive is finished explicitly; if a write fails (a full disk), the zip writer's own
/// attempt to finish itself when dropped goes to the discarding [`OutputFile`](super::OutputFile),
/// and the export reports the I/O error.
pub fn write_npz<T: Real>(
    target: &OutputTarget,
    factors: &Factors<T>,
    rank: usize,
) -> Result<(), ExportError> {
    write_file(target, |file| {
        let mut npz = ndarray_npy::NpzWriter::new(file);
        let encode = |e: ndarray_npy::WriteNpzError| e.to_string();
        npz.add_array("U", &writable(factors.u_k(rank)))
            .map_err(encode)?;
        npz.add_array("S", &writable(factors.s_k(rank)))
            .map_err(encode)?;
        npz.add_array("Vt", &writable(factors.vt_k(rank)))
            .map_err(encode)?;
        npz.finish().map_err(encode)?;
        Ok(())
    })
}

/// `view` as ndarray-npy can write it: an empty slice (rank 0) as a fresh empty array,
/// because ndarray-npy 0.10 panics on an empty view with the strides of its parent; any
/// other view as it is (no copy).
fn writable<A: Clone, D: ndarray::Dimension>(
    view: ndarray::ArrayView<'_, A, D>,
) -> ndarray::CowArray<'_, A, D> {
    if view.is_empty() {
        view.to_owned().into()
    } else {
        view.into()
    }
}

fn safetensors_dtype(precision: Precision) -> safetensors::Dtype {
    match precision {
        Precision::F32 => safetensors::Dtype::F32,
        Precision::F64 => safetensors::Dtype::F64,
    }
}

/// Row-major little-endian bytes of any array view.
fn le_bytes<T: Real, D: ndarray::Dimension>(array: ndarray::ArrayView<'_, T, D>) -> Vec<u8> {
    array.iter().flat_map(|&x| x.le_bytes()).collect()
}

fn write_safetensors_file<T: Real>(
    target: &OutputTarget,
    tensors: &[(&str, Vec<usize>, Vec<u8>)],
    metadata: &FactorMetadata,
) -> Result<(), ExportError> {
    write_file(target, |file| {
        let views = tensors
            .iter()
            .map(|(name, shape, bytes)| {
                safetensors::tensor::TensorView::new(
                    safetensors_dtype(T::PRECISION),
                    shape.clone(),
                    bytes,
                )
                .map(|view| (*name, view))
                .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let bytes =
            safetensors::serialize(views, Some(metadata.to_map())).map_err(|e| e.to_string())?;
        file.write_all(&bytes).map_err(|e| e.to_string())
    })
}

/// Tensors `U` (m×k), `S` (k), `Vt` (k×n) plus string metadata `source`, `matrix`, `rank`,
/// `relative_error`, in the working precision.
pub fn write_safetensors<T: Real>(
    target: &OutputTarget,
    factors: &Factors<T>,
    metadata: &FactorMetadata,
) -> Result<(), ExportError> {
    let k = metadata.rank;
    let (m, n) = factors.shape();
    write_safetensors_file::<T>(
        target,
        &[
            ("U", vec![m, k], le_bytes(factors.u_k(k))),
            ("S", vec![k], le_bytes(factors.s_k(k))),
            ("Vt", vec![k, n], le_bytes(factors.vt_k(k))),
        ],
        metadata,
    )
}

/// The LoRA pair that splits σ evenly: B = U_k·diag(√σ_k) (m×k), A = diag(√σ_k)·V_kᵀ (k×n),
/// so that B·A = A_k.
#[must_use]
pub fn lora_pair<T: Real>(factors: &Factors<T>, rank: usize) -> (Array2<T>, Array2<T>) {
    let roots: Vec<T> = factors.s_k(rank).iter().map(|&s| s.sqrt()).collect();
    let mut lora_b = factors.u_k(rank).to_owned();
    for (mut column, &root) in lora_b.axis_iter_mut(Axis(1)).zip(&roots) {
        column.mapv_inplace(|x| x * root);
    }
    let mut lora_a = factors.vt_k(rank).to_owned();
    for (mut row, &root) in lora_a.axis_iter_mut(Axis(0)).zip(&roots) {
        row.mapv_inplace(|x| x * root);
    }
    (lora_b, lora_a)
}

/// safetensors with `lora_B` (m×k) and `lora_A` (k×n) from [`lora_pair`](crate::export::lora_pair), plus metadata.
pub fn write_lora<T: Real>(
    target: &OutputTarget,
    factors: &Factors<T>,
    metadata: &FactorMetadata,
) -> Result<(), ExportError> {
    let (lora_b, lora_a) = lora_pair(factors, metadata.rank);
    write_safetensors_file::<T>(
        target,
        &[
            ("lora_A", lora_a.shape().to_vec(), le_bytes(lora_a.view())),
            ("lora_B", lora_b.shape().to_vec(), le_bytes(lora_b.view())),
        ],
        metadata,
    )
}

/// A matrix as comma-separated rows, each value in the shortest form that reads back
/// exactly (`numpy.loadtxt(path, delimiter=",")`).
pub fn write_csv<T: Real>(
    target: &OutputTarget,
    matrix: ArrayView2<'_, T>,
) -> Result<(), ExportError> {
    write_file(target, |file| {
        let mut line = String::new();
        for row in matrix.rows() {
            line.clear();
            for (index, value) in row.iter().enumerate() {
                if index > 0 {
                    line.push(',');
                }
                line.push_str(&value.to_string());
            }
            line.push('\n');
            file.write_all(line.as_bytes()).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
}

/// Any serialisable value as pretty JSON.
pub fn write_json(target: &OutputTarget, value: &impl serde::Serialize) -> Result<(), ExportError> {
    write_file(target, |file| {
        serde_json::to_writer_pretty(&mut *file, value).map_err(|e| e.to_string())?;
        file.write_all(b"\n").map_err(|e| e.to_string())
    })
}
