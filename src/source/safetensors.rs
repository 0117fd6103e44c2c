//! `.safetensors` checkpoints, memory-mapped: the header is validated by the `safetensors`
//! crate (offsets contiguous, sizes consistent with shapes, file length exact) before any
//! tensor is touched, and a tensor's pages are read only when it is loaded (and released
//! again as soon as they are decoded, so loading matrix after matrix does not accumulate them).

use super::entry::MatrixEntry;
use super::error::{Problem, malformed, quoted};
use crate::matrix::dtype::{ByteOrder, Dtype, decode};
use crate::real::Real;
use ndarray::Array2;
use safetensors::SafeTensorError;
use safetensors::tensor::{Metadata, SafeTensors, TensorInfo};
use std::path::Path;

pub(crate) struct SafetensorsFile {
    mmap: memmap2::Mmap,
    data_start: usize,
    tensors: Vec<(String, TensorInfo)>,
    /// The header's `__metadata__` strings.
    metadata: std::collections::HashMap<String, String>,
}

const FORMAT: &str = "safetensors";

fn dtype_of(dtype: safetensors::Dtype) -> Dtype {
    use safetensors::Dtype as S;
    match dtype {
        S::BOOL => Dtype::Bool,
        S::U8 => Dtype::U8,
        S::I8 => Dtype::I8,
        S::U16 => Dtype::U16,
        S::I16 => Dtype::I16,
        S::U32 => Dtype::U32,
        S::I32 => Dtype::I32,
        S::U64 => Dtype::U64,
        S::I64 => Dtype::I64,
        S::F16 => Dtype::F16,
        S::BF16 => Dtype::Bf16,
        S::F32 => Dtype::F32,
        S::F64 => Dtype::F64,
        S::C64 => Dtype::Unsupported("complex64"),
        S::F8_E4M3 => Dtype::Unsupported("float8_e4m3fn"),
        S::F8_E5M2 => Dtype::Unsupported("float8_e5m2"),
        S::F8_E8M0 => Dtype::Unsupported("float8_e8m0fnu"),
        S::F8_E4M3FNUZ => Dtype::Unsupported("float8_e4m3fnuz"),
        S::F8_E5M2FNUZ => Dtype::Unsupported("float8_e5m2fnuz"),
        S::F4 => Dtype::Unsupported("float4_e2m1fn"),
        S::F6_E2M3 => Dtype::Unsupported("float6_e2m3fn"),
        S::F6_E3M2 => Dtype::Unsupported("float6_e3m2fn"),
        _ => Dtype::Unsupported("an unknown dtype"),
    }
}

impl SafetensorsFile {
    pub(crate) fn open(path: &Path) -> Result<Self, Problem> {
        let file = super::file::open_regular(path)?;
        let file_bytes = file.metadata()?.len();
        if file_bytes < 8 {
            return Err(malformed(
                FORMAT,
                format!("the file is {file_bytes} bytes, too short for the 8-byte header length"),
            ));
        }
        // SAFETY: the map is read-only; a concurrent writer truncating the file could
        // fault, which is the accepted contract of memory-mapped checkpoint readers
        // (the safetensors Python library does the same).
        let mmap = unsafe { memmap2::Mmap::map(&file)? };
        let (header_bytes, metadata) =
            SafeTensors::read_metadata(&mmap).map_err(|e| describe(&e, &mmap))?;
        let tensors = ordered_tensors(&metadata);
        Ok(Self {
            data_start: 8 + header_bytes,
            metadata: metadata.metadata().clone().unwrap_or_default(),
            mmap,
            tensors,
        })
    }

    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.tensors
            .iter()
            .map(|(name, info)| MatrixEntry {
                name: name.clone(),
                stored_shape: info.shape.clone(),
                dtype: dtype_of(info.dtype),
            })
            .collect()
    }

    /// The header's `__metadata__` strings.
    pub(crate) fn metadata(&self) -> &std::collections::HashMap<String, String> {
        &self.metadata
    }

    /// The stored bytes of tensor `name` with its header entry (for copying it unchanged).
    pub(crate) fn raw(&self, name: &str) -> Option<(&TensorInfo, &[u8])> {
        let (_, info) = self.tensors.iter().find(|(n, _)| n == name)?;
        let (start, end) = info.data_offsets;
        // Validated by read_metadata: offsets lie inside the map.
        let bytes = self
            .mmap
            .get(self.data_start + start..self.data_start + end)?;
        Some((info, bytes))
    }

    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some((_, info)) = self.tensors.iter().find(|(n, _)| n == name) else {
            return Err(Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))));
        };
        let dtype = dtype_of(info.dtype);
        let (start, end) = info.data_offsets;
        // Validated by read_metadata: offsets lie inside the map and match shape × dtype.
        let (start, end) = (self.data_start + start, self.data_start + end);
        // Decoded a slice at a time, each slice's pages released once it is decoded: mapped
        // pages a process has read count in its resident memory until it unmaps them, so a
        // scan would otherwise end up holding every tensor it has read as well as the working
        // copy (a 2-layer LLaMA-7B-shaped scan peaked at 1.1 GB with 0.77 GB of it mapped).
        let mut values: Vec<T> = Vec::with_capacity((end - start) / dtype.element_bytes());
        for from in (start..end).step_by(DECODE_SLICE_BYTES) {
            let to = end.min(from + DECODE_SLICE_BYTES);
            values.extend(decode::<T>(dtype, ByteOrder::Little, &self.mmap[from..to]));
            self.release_pages(from, to - from);
        }
        Array2::from_shape_vec((rows, cols), values).map_err(|_| {
            malformed(
                FORMAT,
                format!("tensor `{}`: shape does not match its data", quoted(name)),
            )
        })
    }

    /// Drops the process's mapping of the pages over `len` bytes at `offset` (and of the
    /// partial pages at either end): they leave its resident memory, and reading them again
    /// faults them back in from the page cache or the file.
    fn release_pages(&self, offset: usize, len: usize) {
        #[cfg(unix)]
        // SAFETY: the map is read-only and shared with the file, so MADV_DONTNEED only removes
        // page-table entries; a later read sees the same bytes again. Failure only leaves the
        // pages resident, so it is ignored.
        unsafe {
            let _ =
                self.mmap
                    .unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, len);
        }
        #[cfg(not(unix))]
        let _ = (offset, len);
    }
}

/// Bytes of a tensor decoded between two releases of its mapped pages: a multiple of every
/// element size, and small beside any matrix worth scanning.
const DECODE_SLICE_BYTES: usize = 4 << 20;

/// Tensors in the order their data lies in the file (the order `scan` reports).
fn ordered_tensors(metadata: &Metadata) -> Vec<(String, TensorInfo)> {
    metadata
        .offset_keys()
        .into_iter()
        .filter_map(|name| {
            let info = metadata.info(&name)?.clone();
            Some((name, info))
        })
        .collect()
}

/// Turns the crate's error into a sentence that says what is wrong with *this* file,
/// re-reading the header as plain JSON where the crate's error names no tensor.
fn describe(error: &SafeTensorError, bytes: &[u8]) -> Problem {
    let file_bytes = bytes.len();
    let declared = u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8]));
    let detail = match error {
        SafeTensorError::HeaderTooLarge => format!(
            "the header length field says {declared} bytes, more than the 100 MB a safetensors header may have"
        ),
        SafeTensorError::InvalidHeaderLength => format!(
            "the header length field says {declared} bytes but the file has only {file_bytes} (truncated?)"
        ),
        SafeTensorError::InvalidHeader(_) => "the header is not UTF-8 text".to_owned(),
        // serde's messages quote what they found, which can be a megabyte-long string.
        SafeTensorError::InvalidHeaderDeserialization(e) => {
            format!("the header is not valid: {}", quoted(&e.to_string()))
        }
        SafeTensorError::InvalidOffset(name) => format!(
            "tensor `{}`: its data_offsets overlap, leave a gap or run backwards",
            quoted(name)
        ),
        SafeTensorError::ValidationOverflow => {
            "a tensor's shape overflows (absurd dimensions)".to_owned()
        }
        SafeTensorError::TensorInvalidInfo => header_json(bytes, declared)
            .and_then(|json| first_size_mismatch(&json))
            .unwrap_or_else(|| {
                "a tensor's byte range does not match its shape and dtype".to_owned()
            }),
        SafeTensorError::MetadataIncompleteBuffer => {
            let data_end = header_json(bytes, declared).map_or(0, |json| max_data_end(&json));
            format!(
                "the header describes {} bytes but the file has {file_bytes} (truncated or padded)",
                8 + declared + data_end
            )
        }
        other => quoted(&other.to_string()),
    };
    malformed(FORMAT, detail)
}

fn header_json(bytes: &[u8], declared: u64) -> Option<serde_json::Value> {
    let end = 8usize.checked_add(usize::try_from(declared).ok()?)?;
    serde_json::from_slice(bytes.get(8..end)?).ok()
}

fn tensor_infos(json: &serde_json::Value) -> impl Iterator<Item = (&String, &serde_json::Value)> {
    json.as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| name.as_str() != "__metadata__")
}

fn max_data_end(json: &serde_json::Value) -> u64 {
    tensor_infos(json)
        .filter_map(|(_, info)| info["data_offsets"][1].as_u64())
        .max()
        .unwrap_or(0)
}

fn first_size_mismatch(json: &serde_json::Value) -> Option<String> {
    tensor_infos(json).find_map(|(name, info)| {
        let shape: Vec<usize> = info["shape"]
            .as_array()?
            .iter()
            .filter_map(|d| usize::try_from(d.as_u64()?).ok())
            .collect();
        let dtype: safetensors::Dtype = serde_json::from_value(info["dtype"].clone()).ok()?;
        let start = info["data_offsets"][0].as_u64()?;
        let end = info["data_offsets"][1].as_u64()?;
        let count = shape.iter().try_fold(1u64, |a, &d| a.checked_mul(d as u64))?;
        let needed = count.checked_mul(dtype.bitsize() as u64)? / 8;
        (end.checked_sub(start) != Some(needed)).then(|| {
            format!(
                "tensor `{}`: shape {} of {dtype:?} needs {needed} bytes but its data_offsets [{start}, {end}] span {}",
                quoted(name),
                super::entry::format_shape(&shape),
                end.saturating_sub(start)
            )
        })
    })
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;

    /// Resident KiB of the mapping that starts at `start`, from /proc/self/smaps.
    fn resident_kib(start: usize) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
        let mut lines = smaps.lines();
        let header = format!("{start:x}-");
        lines
            .by_ref()
            .find(|line| line.starts_with(&header))
            .expect("the mapping is listed");
        let rss = lines.find(|line| line.starts_with("Rss:"));
        let kib = rss.and_then(|line| line.split_whitespace().nth(1)?.parse().ok());
        kib.expect("the mapping's Rss line")
    }

    #[test]
    fn loading_a_tensor_releases_its_mapped_pages() {
        // 2048 × 2048 f16 = 8 MiB of data, more than one decode slice; entry (i, j) = j.
        let (rows, cols) = (2048_usize, 2048_usize);
        let header = format!(
            r#"{{"w":{{"dtype":"F16","shape":[{rows},{cols}],"data_offsets":[0,{}]}}}}"#,
            rows * cols * 2
        );
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&(header.len() as u64).to_le_bytes())
            .unwrap();
        file.write_all(header.as_bytes()).unwrap();
        let row: Vec<u8> = (0..cols)
            .flat_map(|j| half::f16::from_f32(j as f32).to_le_bytes())
            .collect();
        for _ in 0..rows {
            file.write_all(&row).unwrap();
        }
        file.flush().unwrap();

        let tensors = SafetensorsFile::open(file.path()).unwrap();
        let values = tensors.load::<f32>("w", rows, cols).unwrap();
        assert_eq!(values[(0, 0)], 0.0);
        assert_eq!(values[(1000, 1234)], 1234.0);
        assert_eq!(values[(rows - 1, cols - 1)], (cols - 1) as f32);
        // Only the header's page may stay: the 8 MiB the tensor was read from are released.
        let resident = resident_kib(tensors.mmap.as_ptr() as usize);
        assert!(resident <= 64, "{resident} KiB of the map still resident");
    }
}
