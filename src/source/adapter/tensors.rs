//! The file an adapter's tensors are in: safetensors (`adapter_model.safetensors`, kohya
//! files) or PyTorch (`adapter_model.bin`, the default of PEFT before 0.6, and `.pt` LoRAs).
//! Both list their tensors from the header alone and load one tensor at a time, which is all
//! the grouping into modules needs.

use crate::matrix::Dtype;
use crate::real::Real;
use crate::source::entry::MatrixEntry;
use crate::source::error::{Problem, quoted};
use crate::source::safetensors::SafetensorsFile;
use crate::source::torch::TorchFile;
use ndarray::Array2;
use std::borrow::Cow;
use std::collections::HashMap;

/// A tensor as a safetensors writer takes it: dtype, shape and little-endian bytes in C order.
pub type RawTensor<'a> = (safetensors::Dtype, Vec<usize>, Cow<'a, [u8]>);

/// A file of named tensors that loads one tensor at a time.
pub(crate) enum TensorFile {
    /// A `.safetensors` file.
    Safetensors(SafetensorsFile),
    /// A `torch.save` file (`.bin`, `.pt`, `.pth`, `.ckpt`), zip or legacy format.
    Torch(TorchFile),
}

impl TensorFile {
    /// Every tensor, in file order, with its stored shape and dtype.
    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        match self {
            Self::Safetensors(file) => file.entries(),
            Self::Torch(file) => file.entries(),
        }
    }

    /// Tensor `name` as a rows × cols matrix in `T`.
    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        match self {
            Self::Safetensors(file) => file.load(name, rows, cols),
            Self::Torch(file) => file.load(name, rows, cols),
        }
    }

    /// The safetensors `__metadata__`; a PyTorch file has none.
    pub(crate) fn metadata(&self) -> Option<&HashMap<String, String>> {
        match self {
            Self::Safetensors(file) => Some(file.metadata()),
            Self::Torch(_) => None,
        }
    }

    /// Tensor `name` as a safetensors writer takes it: dtype, shape and little-endian bytes
    /// in C order (the stored bytes of a safetensors file; a PyTorch view gathered).
    pub(crate) fn raw(&self, name: &str) -> Result<RawTensor<'_>, Problem> {
        match self {
            Self::Safetensors(file) => {
                let (info, bytes) = file
                    .raw(name)
                    .ok_or_else(|| Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))))?;
                Ok((info.dtype, info.shape.clone(), Cow::Borrowed(bytes)))
            }
            Self::Torch(file) => {
                let (dtype, shape, bytes) = file.contiguous_bytes(name)?;
                let dtype = safetensors_dtype(dtype).ok_or_else(|| {
                    Problem::NotAMatrix(format!(
                        "`{}` has dtype {dtype}, which a safetensors file cannot hold",
                        quoted(name)
                    ))
                })?;
                Ok((dtype, shape, Cow::Owned(bytes)))
            }
        }
    }
}

/// The safetensors dtype of a PyTorch storage's element type.
fn safetensors_dtype(dtype: Dtype) -> Option<safetensors::Dtype> {
    use safetensors::Dtype as S;
    Some(match dtype {
        Dtype::Bool => S::BOOL,
        Dtype::U8 => S::U8,
        Dtype::I8 => S::I8,
        Dtype::U16 => S::U16,
        Dtype::I16 => S::I16,
        Dtype::U32 => S::U32,
        Dtype::I32 => S::I32,
        Dtype::U64 => S::U64,
        Dtype::I64 => S::I64,
        Dtype::F16 => S::F16,
        Dtype::Bf16 => S::BF16,
        Dtype::F32 => S::F32,
        Dtype::F64 => S::F64,
        Dtype::Unsupported(_) | Dtype::Ggml(_) => return None,
    })
}
