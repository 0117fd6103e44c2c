//! `.npy` arrays: the header is parsed in one linear pass (`npy_header`); the data is
//! checked against the header's claims before anything is allocated, then decoded for every
//! numeric dtype (including float16 and big-endian data).

use super::entry::{MatrixEntry, format_shape};
use super::error::{Problem, malformed, quoted};
use super::npy_header::{self, Descr};
use super::{ensure_raw_fits, file, stem_name};
use crate::matrix::dtype::{ByteOrder, Dtype, decode};
use crate::real::Real;
use ndarray::{Array2, ArrayD, IxDyn, ShapeBuilder};
use std::io::{Read, Seek};
use std::path::Path;

/// numpy's own limit on header length (`max_header_size`, numpy ≥ 1.24): longer headers
/// are refused there because evaluating them can take unbounded time, and here too.
const MAX_HEADER_BYTES: usize = 10_000;

/// Deepest bracket nesting accepted in a header: a plain one has the dict and the shape
/// tuple, a structured dtype a few levels more. (The parser is linear at any depth; the
/// limit keeps its recursion shallow and says plainly what is wrong with such a header.)
const MAX_HEADER_NESTING: usize = 8;

/// The header text after the magic, version and length field at the reader's position,
/// checked for length and nesting before anything parses it.
fn read_raw_header(reader: &mut impl Read) -> Result<Vec<u8>, Problem> {
    let truncated = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            malformed(".npy", "the file ends inside the header (truncated)")
        } else {
            Problem::Io(e)
        }
    };
    let mut prefix = [0u8; 8];
    reader.read_exact(&mut prefix).map_err(truncated)?;
    if &prefix[..6] != b"\x93NUMPY" {
        return Err(malformed(
            ".npy",
            "it does not start with the .npy magic bytes",
        ));
    }
    let length_bytes = match prefix[6] {
        1 => 2,
        2 | 3 => 4,
        major => {
            return Err(malformed(
                ".npy",
                format!("unsupported format version {major}.{}", prefix[7]),
            ));
        }
    };
    let mut length_field = vec![0u8; length_bytes];
    reader.read_exact(&mut length_field).map_err(truncated)?;
    let length = length_field
        .iter()
        .rev()
        .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
    if length > MAX_HEADER_BYTES {
        return Err(malformed(
            ".npy",
            format!("the header is {length} bytes; numpy itself reads at most {MAX_HEADER_BYTES}"),
        ));
    }
    let mut raw = vec![0u8; length];
    reader.read_exact(&mut raw).map_err(truncated)?;
    let depth = nesting_depth(&raw);
    if depth > MAX_HEADER_NESTING {
        return Err(malformed(
            ".npy",
            format!("the header nests brackets {depth} deep (a real one nests a few)"),
        ));
    }
    Ok(raw)
}

/// The deepest nesting of (), [] and {} outside quoted strings.
fn nesting_depth(text: &[u8]) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for &byte in text {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(byte),
            (None, b'(' | b'[' | b'{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// What an npy header says, validated.
#[derive(Debug, Clone)]
pub(crate) struct NpyHeader {
    pub(crate) dtype: Dtype,
    pub(crate) order: ByteOrder,
    pub(crate) fortran_order: bool,
    pub(crate) shape: Vec<usize>,
}

impl NpyHeader {
    /// Reads and validates the header at the reader's position, leaving it at the data.
    pub(crate) fn read(reader: &mut impl Read, name: &str) -> Result<Self, Problem> {
        let raw = read_raw_header(reader)?;
        let text = std::str::from_utf8(&raw)
            .map_err(|_| malformed(".npy", "bad header: it is not text (UTF-8)"))?;
        let header = npy_header::parse(text, MAX_HEADER_NESTING)
            .map_err(|detail| malformed(".npy", format!("bad header: {detail}")))?;
        let descriptor = match header.descr {
            Descr::Plain(descriptor) => descriptor,
            Descr::Structured(written) => {
                return Err(Problem::UnsupportedDtype {
                    name: name.to_owned(),
                    dtype: format!("{} (a structured dtype)", quoted(&written)),
                });
            }
        };
        let (dtype, order) =
            parse_descriptor(&descriptor).ok_or_else(|| Problem::UnsupportedDtype {
                name: name.to_owned(),
                dtype: format!("'{}'", quoted(&descriptor)),
            })?;
        Ok(Self {
            dtype,
            order,
            fortran_order: header.fortran_order,
            shape: header.shape,
        })
    }

    /// Number of elements, or an error when the shape overflows.
    pub(crate) fn element_count(&self) -> Result<usize, Problem> {
        self.shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .ok_or_else(|| {
                malformed(
                    ".npy",
                    format!("the header's shape {} overflows", format_shape(&self.shape)),
                )
            })
    }

    /// Bytes of data the header promises.
    pub(crate) fn data_bytes(&self) -> Result<u64, Problem> {
        (self.element_count()? as u64)
            .checked_mul(self.dtype.element_bytes() as u64)
            .ok_or_else(|| {
                malformed(
                    ".npy",
                    format!("the header's shape {} overflows", format_shape(&self.shape)),
                )
            })
    }

    /// Reads exactly the promised data from `reader` and returns it as an m × n matrix
    /// (C or Fortran order as the header says; higher ranks flattened C-wise after the
    /// first axis, as numpy's `reshape(shape[0], -1)` does).
    pub(crate) fn read_matrix<T: Real>(
        &self,
        reader: &mut impl Read,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let count = self.element_count()?;
        let byte_count = ensure_raw_fits(
            &format!("the raw data of `{}`", quoted(name)),
            count,
            self.dtype,
        )?;
        let mut raw = vec![0u8; byte_count];
        reader.read_exact(&mut raw).map_err(|e| {
            if e.kind() == std::io::ErrorKind::UnexpectedEof {
                malformed(
                    ".npy",
                    format!("the data of `{}` ends early (truncated; the header promises {byte_count} bytes)", quoted(name)),
                )
            } else {
                Problem::Io(e)
            }
        })?;
        let values: Vec<T> = decode(self.dtype, self.order, &raw);
        drop(raw);
        let overflow = || malformed(".npy", "shape does not match the data");
        if !self.fortran_order {
            return Array2::from_shape_vec((rows, cols), values).map_err(|_| overflow());
        }
        if self.shape.len() == 2 {
            return Array2::from_shape_vec((rows, cols).f(), values).map_err(|_| overflow());
        }
        let full =
            ArrayD::from_shape_vec(IxDyn(&self.shape).f(), values).map_err(|_| overflow())?;
        let standard = full.as_standard_layout().into_owned();
        standard
            .into_shape_with_order((rows, cols))
            .map_err(|_| overflow())
    }
}

/// `'<f4'` → (F32, Little). `None` for anything that is not a plain number.
fn parse_descriptor(descriptor: &str) -> Option<(Dtype, ByteOrder)> {
    let (order, code) = match descriptor.as_bytes().first()? {
        b'<' | b'|' | b'=' => (ByteOrder::Little, &descriptor[1..]),
        b'>' => (ByteOrder::Big, &descriptor[1..]),
        _ => (ByteOrder::Little, descriptor),
    };
    let dtype = match code {
        "b1" | "?" => Dtype::Bool,
        "u1" => Dtype::U8,
        "i1" => Dtype::I8,
        "u2" => Dtype::U16,
        "i2" => Dtype::I16,
        "u4" => Dtype::U32,
        "i4" => Dtype::I32,
        "u8" => Dtype::U64,
        "i8" => Dtype::I64,
        "f2" => Dtype::F16,
        "f4" => Dtype::F32,
        "f8" => Dtype::F64,
        _ => return None,
    };
    Some((dtype, order))
}

pub(crate) struct NpyFile {
    header: NpyHeader,
    data_offset: u64,
}

impl NpyFile {
    pub(crate) fn open(path: &Path) -> Result<Self, Problem> {
        let mut file = std::io::BufReader::new(file::open_regular(path)?);
        let file_bytes = file.get_ref().metadata()?.len();
        let header = NpyHeader::read(&mut file, &stem_name(path))?;
        let data_offset = file.stream_position()?;
        let promised = header.data_bytes()?;
        let present = file_bytes - data_offset;
        if present < promised {
            return Err(malformed(
                ".npy",
                format!(
                    "the header promises {promised} bytes of {} data for shape {} but only {present} follow (truncated?)",
                    header.dtype,
                    format_shape(&header.shape)
                ),
            ));
        }
        if present > promised {
            return Err(malformed(
                ".npy",
                format!(
                    "{} unexpected bytes follow the {promised} bytes of data the header promises",
                    present - promised
                ),
            ));
        }
        Ok(Self {
            header,
            data_offset,
        })
    }

    pub(crate) fn entry(&self, path: &Path) -> MatrixEntry {
        MatrixEntry {
            name: stem_name(path),
            stored_shape: self.header.shape.clone(),
            dtype: self.header.dtype,
        }
    }

    pub(crate) fn load<T: Real>(
        &self,
        path: &Path,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let mut file = std::io::BufReader::new(file::open_regular(path)?);
        file.seek(std::io::SeekFrom::Start(self.data_offset))?;
        self.header
            .read_matrix(&mut file, &stem_name(path), rows, cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_map_to_dtypes() {
        assert_eq!(
            parse_descriptor("<f2"),
            Some((Dtype::F16, ByteOrder::Little))
        );
        assert_eq!(parse_descriptor(">i8"), Some((Dtype::I64, ByteOrder::Big)));
        assert_eq!(
            parse_descriptor("|b1"),
            Some((Dtype::Bool, ByteOrder::Little))
        );
        assert_eq!(parse_descriptor("<U10"), None);
        assert_eq!(parse_descriptor("<c8"), None);
        assert_eq!(parse_descriptor("|O"), None);
    }
}
