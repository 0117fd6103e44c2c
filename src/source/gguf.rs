//! GGUF files (llama.cpp), versions 2 and 3: the header is read with the `anamnesis` crate
//! (every count, length, dimension and offset checked against the file before anything is
//! allocated), the file is memory-mapped, and a tensor's blocks are read and dequantised to
//! f32 only when it is loaded — by anamnesis's kernels, the same arithmetic as ggml's
//! `dequantize_row_*` and gguf-py's `gguf.quants.dequantize`.
//!
//! Entries keep their GGUF names (`blk.0.attn_q.weight`); shapes are GGUF's `ne` reversed, so
//! a matrix of `ne = [4096, 11008]` is 11008 × 4096 (rows of 4096 contiguous values, as
//! numpy's `reader.tensors[i].data` has them); dtypes are ggml's type names in lower case.

use super::entry::MatrixEntry;
use super::error::{Problem, malformed, quoted};
use super::torch::release_pages;
use crate::matrix::dtype::{ByteOrder, Dtype, decode};
use crate::real::Real;
use anamnesis::{F32Out, GgufType, OutputElement};
use ndarray::Array2;
use std::collections::HashSet;
use std::path::Path;

const FORMAT: &str = "GGUF";

pub(crate) struct GgufFile {
    mmap: memmap2::Mmap,
    tensors: Vec<Tensor>,
}

struct Tensor {
    entry: MatrixEntry,
    kind: GgufType,
    start: usize,
    len: usize,
}

/// ggml's name of a type in lower case, and how rankscope reads it: as a plain element type
/// it decodes itself, or as blocks anamnesis dequantises.
fn type_name(kind: GgufType) -> &'static str {
    match kind {
        GgufType::F32 => "f32",
        GgufType::F16 => "f16",
        GgufType::BF16 => "bf16",
        GgufType::F64 => "f64",
        GgufType::I8 => "i8",
        GgufType::I16 => "i16",
        GgufType::I32 => "i32",
        GgufType::I64 => "i64",
        GgufType::Q4_0 => "q4_0",
        GgufType::Q4_1 => "q4_1",
        GgufType::Q5_0 => "q5_0",
        GgufType::Q5_1 => "q5_1",
        GgufType::Q8_0 => "q8_0",
        GgufType::Q8_1 => "q8_1",
        GgufType::Q2_K => "q2_k",
        GgufType::Q3_K => "q3_k",
        GgufType::Q4_K => "q4_k",
        GgufType::Q5_K => "q5_k",
        GgufType::Q6_K => "q6_k",
        GgufType::Q8_K => "q8_k",
        GgufType::IQ2_XXS => "iq2_xxs",
        GgufType::IQ2_XS => "iq2_xs",
        GgufType::IQ2_S => "iq2_s",
        GgufType::IQ3_XXS => "iq3_xxs",
        GgufType::IQ3_S => "iq3_s",
        GgufType::IQ1_S => "iq1_s",
        GgufType::IQ1_M => "iq1_m",
        GgufType::IQ4_NL => "iq4_nl",
        GgufType::IQ4_XS => "iq4_xs",
        GgufType::TQ1_0 => "tq1_0",
        GgufType::TQ2_0 => "tq2_0",
        GgufType::MXFP4 => "mxfp4",
        GgufType::NVFP4 => "nvfp4",
        GgufType::Q1_0 => "q1_0",
        GgufType::Q2_0 => "q2_0",
        // A type added to anamnesis after this list: listed, refused when selected.
        _ => "",
    }
}

/// The plain element type a non-block GGUF type is decoded as.
fn plain(kind: GgufType) -> Option<Dtype> {
    Some(match kind {
        GgufType::F32 => Dtype::F32,
        GgufType::F16 => Dtype::F16,
        GgufType::BF16 => Dtype::Bf16,
        GgufType::F64 => Dtype::F64,
        GgufType::I8 => Dtype::I8,
        GgufType::I16 => Dtype::I16,
        GgufType::I32 => Dtype::I32,
        GgufType::I64 => Dtype::I64,
        _ => return None,
    })
}

/// Turns anamnesis's error into one line about this file.
fn describe(error: &anamnesis::AnamnesisError) -> Problem {
    match error {
        anamnesis::AnamnesisError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            malformed(FORMAT, "the header ends early (truncated)")
        }
        anamnesis::AnamnesisError::Io(io) => {
            Problem::Io(std::io::Error::new(io.kind(), io.to_string()))
        }
        other => {
            let text = other.to_string();
            let text = text
                .strip_prefix("parse error: ")
                .or_else(|| text.strip_prefix("unsupported format `GGUF`: "))
                .unwrap_or(&text);
            let text = text.strip_prefix("GGUF: ").unwrap_or(text);
            let hint = if text.contains("exceeds file size") || text.contains("remaining") {
                " (truncated?)"
            } else {
                ""
            };
            malformed(FORMAT, format!("{}{hint}", quoted(text)))
        }
    }
}

impl GgufFile {
    pub(crate) fn open(path: &Path) -> Result<Self, Problem> {
        let file = super::file::open_regular(path)?;
        let file_bytes = file.metadata()?.len();
        let front =
            anamnesis::parse_gguf_front_matter_from_reader(&file).map_err(|e| describe(&e))?;
        // SAFETY: read-only map; see the safetensors reader for the contract.
        let mmap = unsafe { memmap2::Mmap::map(&file)? };
        let alignment = u64::from(front.alignment);
        let mut seen = HashSet::with_capacity(front.tensor_infos.len());
        let mut tensors = Vec::with_capacity(front.tensor_infos.len());
        for info in front.tensor_infos {
            let name = info.name;
            let bad =
                |detail: String| malformed(FORMAT, format!("tensor `{}`: {detail}", quoted(&name)));
            if !seen.insert(name.clone()) {
                return Err(malformed(
                    FORMAT,
                    format!("two tensors are both named `{}`", quoted(&name)),
                ));
            }
            if info.data_offset % alignment != 0 {
                return Err(bad(format!(
                    "its data offset {} is not a multiple of the file's alignment {alignment}",
                    info.data_offset
                )));
            }
            let kind = info.dtype;
            let type_name = type_name(kind);
            let len = info
                .byte_len
                .ok_or_else(|| bad(format!("its type {kind} has no known block size")))?;
            let end = info.data_offset.checked_add(len);
            if end.is_none_or(|end| end > file_bytes) {
                return Err(bad(format!(
                    "its data [{}, {}) runs past the end of the file ({file_bytes} bytes; truncated?)",
                    info.data_offset,
                    info.data_offset.saturating_add(len)
                )));
            }
            let (Ok(start), Ok(len)) = (usize::try_from(info.data_offset), usize::try_from(len))
            else {
                return Err(bad(
                    "its data lies beyond what this machine can address".to_owned()
                ));
            };
            let block = kind.block_size() as u64;
            if plain(kind).is_none()
                && info
                    .shape
                    .first()
                    .is_some_and(|&ne0| !(ne0 as u64).is_multiple_of(block))
            {
                return Err(bad(format!(
                    "its rows of {} values are not whole {kind} blocks of {block}",
                    info.shape[0]
                )));
            }
            let dtype = if type_name.is_empty() {
                Dtype::Unsupported("an unknown ggml type")
            } else {
                Dtype::Ggml(type_name)
            };
            tensors.push(Tensor {
                entry: MatrixEntry {
                    name,
                    stored_shape: info.shape.iter().rev().copied().collect(),
                    dtype,
                },
                kind,
                start,
                len,
            });
        }
        Ok(Self { mmap, tensors })
    }

    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.tensors.iter().map(|t| t.entry.clone()).collect()
    }

    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some(tensor) = self.tensors.iter().find(|t| t.entry.name == name) else {
            return Err(Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))));
        };
        let count = rows * cols;
        let (start, end) = (tensor.start, tensor.start + tensor.len);
        let mut values: Vec<T> = Vec::with_capacity(count);
        if let Some(dtype) = plain(tensor.kind) {
            for from in (start..end).step_by(DECODE_SLICE_BYTES) {
                let to = end.min(from + DECODE_SLICE_BYTES);
                values.extend(decode::<T>(dtype, ByteOrder::Little, &self.mmap[from..to]));
                release_pages(&self.mmap, from, to - from);
            }
        } else {
            // Whole blocks at a time, so each slice's pages can be released once decoded.
            let block_values = tensor.kind.block_size();
            let block_bytes = tensor.kind.type_size().unwrap_or(1);
            let blocks_per_slice = (DECODE_SLICE_BYTES / block_bytes).max(1);
            let slice_bytes = blocks_per_slice * block_bytes;
            for from in (start..end).step_by(slice_bytes) {
                let to = end.min(from + slice_bytes);
                let n = (to - from) / block_bytes * block_values;
                anamnesis::dequantize_gguf_blocks::<F32Out, _>(
                    &self.mmap[from..to],
                    tensor.kind,
                    n,
                    |block| {
                        values.extend(block.chunks_exact(F32Out::BYTES).map(|b| {
                            let raw = [b[0], b[1], b[2], b[3]];
                            T::from_f64(f64::from(f32::from_le_bytes(raw)))
                        }));
                        Ok(())
                    },
                )
                .map_err(|e| {
                    malformed(
                        FORMAT,
                        format!("tensor `{}`: {}", quoted(name), quoted(&e.to_string())),
                    )
                })?;
                release_pages(&self.mmap, from, to - from);
            }
        }
        Array2::from_shape_vec((rows, cols), values).map_err(|_| {
            malformed(
                FORMAT,
                format!("tensor `{}`: shape does not match its data", quoted(name)),
            )
        })
    }
}

/// Bytes decoded between two releases of mapped pages (as the safetensors reader does).
const DECODE_SLICE_BYTES: usize = 4 << 20;
