//! Pairing the tensors of two checkpoints and forming ΔW = W_tuned − W_base.

use super::ScanOptions;
use crate::source::{MatrixData, Problem, Source, SourceError};
use ndarray::Array2;
use serde::Serialize;

/// A tensor that cannot be compared, and why (reported, never fatal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Tensor name.
    pub name: String,
    /// `only in base`, `only in tuned`, or the two shapes/dtypes.
    pub problem: String,
}

/// The tensors two checkpoints share (in the tuned checkpoint's order) and those they don't.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiffPlan {
    /// Names present in both as floating-point matrices of the same shape.
    pub pairs: Vec<String>,
    /// Everything else the filter lets through.
    pub mismatches: Vec<Mismatch>,
}

/// Pairs the floating-point matrices of `base` and `tuned` by name.
#[must_use]
pub fn plan_diff(base: &Source, tuned: &Source, options: &ScanOptions) -> DiffPlan {
    let wanted = |name: &str| options.wants(name);
    let is_matrix = |e: &crate::source::MatrixEntry| e.dtype.is_float() && e.refusal().is_none();
    let mut plan = DiffPlan::default();
    for entry in tuned
        .entries()
        .iter()
        .filter(|e| wanted(&e.name) && is_matrix(e))
    {
        match base.entries().iter().find(|b| b.name == entry.name) {
            None => plan.mismatches.push(Mismatch {
                name: entry.name.clone(),
                problem: "only in the tuned checkpoint".to_owned(),
            }),
            Some(b) if b.stored_shape != entry.stored_shape => plan.mismatches.push(Mismatch {
                name: entry.name.clone(),
                problem: format!(
                    "shape {:?} in base, {:?} in tuned",
                    b.stored_shape, entry.stored_shape
                ),
            }),
            Some(b) if !is_matrix(b) => plan.mismatches.push(Mismatch {
                name: entry.name.clone(),
                problem: format!("dtype {} in base is not floating-point", b.dtype),
            }),
            Some(_) => plan.pairs.push(entry.name.clone()),
        }
    }
    for entry in base
        .entries()
        .iter()
        .filter(|e| wanted(&e.name) && is_matrix(e))
    {
        if !tuned.entries().iter().any(|t| t.name == entry.name) {
            plan.mismatches.push(Mismatch {
                name: entry.name.clone(),
                problem: "only in the base checkpoint".to_owned(),
            });
        }
    }
    plan
}

/// ΔW = W_tuned − W_base for tensor `name`, in f64: the difference of two f32 (or f16/bf16)
/// values is exact in f64, so a small fine-tuning delta keeps all its digits instead of
/// drowning in the rounding of W.
pub fn load_delta(base: &Source, tuned: &Source, name: &str) -> Result<Array2<f64>, SourceError> {
    let precision = Some(crate::real::Precision::F64);
    let into_f64 = |data: MatrixData| match data {
        MatrixData::F64(values) => values,
        MatrixData::F32(values) => values.mapv(f64::from),
    };
    let tuned_values = into_f64(tuned.load(name, precision)?.data);
    let base_values = into_f64(base.load(name, precision)?.data);
    if base_values.dim() != tuned_values.dim() {
        return Err(SourceError::new(
            tuned.path(),
            Problem::NotAMatrix(format!(
                "`{name}` is {:?} here but {:?} in the base checkpoint",
                tuned_values.dim(),
                base_values.dim()
            )),
        ));
    }
    Ok(tuned_values - base_values)
}
