//! Element types a file can store, and their decoding into a working precision.

use crate::real::{Precision, Real};
use half::{bf16, f16};

/// Element type of a stored tensor or image, named as numpy names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dtype {
    /// `bool`, read as 0 or 1.
    Bool,
    /// `uint8`.
    U8,
    /// `int8`.
    I8,
    /// `uint16`.
    U16,
    /// `int16`.
    I16,
    /// `uint32`.
    U32,
    /// `int32`.
    I32,
    /// `uint64`.
    U64,
    /// `int64`.
    I64,
    /// IEEE half precision.
    F16,
    /// bfloat16 (brain floating point).
    Bf16,
    /// IEEE single precision.
    F32,
    /// IEEE double precision.
    F64,
    /// A type that is listed but not read (fp8, fp4, complex): numpy/ml_dtypes' name.
    Unsupported(&'static str),
    /// A GGUF tensor type, by ggml's name in lower case (`f16`, `q8_0`, `q4_k`): the GGUF
    /// reader decodes (dequantises) it itself, to f32 (f64 for `f64`, `i32` and `i64`).
    Ggml(&'static str),
}

impl Dtype {
    /// numpy's name for the type (`"bfloat16"` for bf16, as ml_dtypes and PyTorch call it).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::U8 => "uint8",
            Self::I8 => "int8",
            Self::U16 => "uint16",
            Self::I16 => "int16",
            Self::U32 => "uint32",
            Self::I32 => "int32",
            Self::U64 => "uint64",
            Self::I64 => "int64",
            Self::F16 => "float16",
            Self::Bf16 => "bfloat16",
            Self::F32 => "float32",
            Self::F64 => "float64",
            Self::Unsupported(name) | Self::Ggml(name) => name,
        }
    }

    /// Bytes per stored element.
    #[must_use]
    pub fn element_bytes(self) -> usize {
        match self {
            Self::Bool | Self::U8 | Self::I8 => 1,
            Self::U16 | Self::I16 | Self::F16 | Self::Bf16 => 2,
            Self::U32 | Self::I32 | Self::F32 => 4,
            Self::U64 | Self::I64 | Self::F64 => 8,
            // Never read; 1 keeps size arithmetic well-defined for listings.
            Self::Unsupported(_) => 1,
            // Decoded by the GGUF reader from its blocks: the size of one decoded value.
            Self::Ggml(name) => match name {
                "f64" | "i64" => 8,
                _ => 4,
            },
        }
    }

    /// Whether rankscope can read values of this type.
    #[must_use]
    pub fn is_supported(self) -> bool {
        !matches!(self, Self::Unsupported(_))
    }

    /// Whether this is a floating-point type (the only ones a checkpoint scan looks at).
    #[must_use]
    pub fn is_float(self) -> bool {
        match self {
            Self::F16 | Self::Bf16 | Self::F32 | Self::F64 => true,
            // Every ggml type but its plain integers (`i8` … `i64`) holds real weights.
            Self::Ggml(name) => !name.starts_with('i') || name.starts_with("iq"),
            _ => false,
        }
    }

    /// The precision a matrix of this type is analysed in unless the user overrides it.
    ///
    /// f32 for everything that f32 holds exactly (half types, f32, integers up to 16 bits,
    /// bool); f64 for f64 and for 32/64-bit integers, whose values f32 would round.
    #[must_use]
    pub fn default_precision(self) -> Precision {
        match self {
            Self::F64 | Self::U32 | Self::I32 | Self::U64 | Self::I64 => Precision::F64,
            Self::Ggml("f64" | "i32" | "i64") => Precision::F64,
            _ => Precision::F32,
        }
    }
}

impl std::fmt::Display for Dtype {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Byte order of stored elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteOrder {
    /// Least significant byte first (safetensors, almost every npy).
    Little,
    /// Most significant byte first (`>f4` in npy).
    Big,
}

/// Decodes `bytes` holding `dtype` elements into working-precision values.
///
/// `bytes.len()` must be a multiple of the element size; callers have checked the length
/// against the shape before calling.
#[must_use]
pub fn decode<T: Real>(dtype: Dtype, order: ByteOrder, bytes: &[u8]) -> Vec<T> {
    macro_rules! decode_with {
        ($ty:ty, $n:expr, $to_f64:expr) => {{
            let convert = $to_f64;
            bytes
                .chunks_exact($n)
                .map(|chunk| {
                    let mut raw = [0u8; $n];
                    raw.copy_from_slice(chunk);
                    let value = match order {
                        ByteOrder::Little => <$ty>::from_le_bytes(raw),
                        ByteOrder::Big => <$ty>::from_be_bytes(raw),
                    };
                    convert(value)
                })
                .collect()
        }};
    }
    // f32 and half types go through f32 so an f32 working copy is exact and cheap; every
    // integer goes through f64, which holds all of them up to 2^53 exactly.
    match dtype {
        Dtype::Bool => bytes
            .iter()
            .map(|&b| T::from_f64(f64::from(u8::from(b != 0))))
            .collect(),
        Dtype::U8 => bytes.iter().map(|&b| T::from_f64(f64::from(b))).collect(),
        Dtype::I8 => bytes
            .iter()
            .map(|&b| T::from_f64(f64::from(i8::from_ne_bytes([b]))))
            .collect(),
        Dtype::U16 => decode_with!(u16, 2, |v: u16| T::from_f64(f64::from(v))),
        Dtype::I16 => decode_with!(i16, 2, |v: i16| T::from_f64(f64::from(v))),
        Dtype::U32 => decode_with!(u32, 4, |v: u32| T::from_f64(f64::from(v))),
        Dtype::I32 => decode_with!(i32, 4, |v: i32| T::from_f64(f64::from(v))),
        #[allow(clippy::cast_precision_loss)] // values beyond 2^53 round, as in numpy
        Dtype::U64 => decode_with!(u64, 8, |v: u64| T::from_f64(v as f64)),
        #[allow(clippy::cast_precision_loss)]
        Dtype::I64 => decode_with!(i64, 8, |v: i64| T::from_f64(v as f64)),
        Dtype::F16 => decode_with!(u16, 2, |v: u16| from_f32::<T>(f16::from_bits(v).to_f32())),
        Dtype::Bf16 => decode_with!(u16, 2, |v: u16| from_f32::<T>(bf16::from_bits(v).to_f32())),
        Dtype::F32 => decode_with!(f32, 4, from_f32::<T>),
        Dtype::F64 => decode_with!(f64, 8, T::from_f64),
        // Block formats are decoded by the GGUF reader, never here.
        Dtype::Unsupported(_) | Dtype::Ggml(_) => Vec::new(),
    }
}

fn from_f32<T: Real>(value: f32) -> T {
    T::from_f64(f64::from(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_half_types_and_byte_orders() {
        // 1.5 in f16 is 0x3E00; in bf16 1.5 is 0x3FC0.
        assert_eq!(
            decode::<f32>(Dtype::F16, ByteOrder::Little, &[0x00, 0x3E]),
            vec![1.5]
        );
        assert_eq!(
            decode::<f32>(Dtype::Bf16, ByteOrder::Little, &[0xC0, 0x3F]),
            vec![1.5]
        );
        assert_eq!(
            decode::<f64>(Dtype::I16, ByteOrder::Big, &[0xFF, 0xFE]),
            vec![-2.0]
        );
        assert_eq!(
            decode::<f64>(Dtype::Bool, ByteOrder::Little, &[0, 1, 7]),
            vec![0.0, 1.0, 1.0]
        );
        assert_eq!(
            decode::<f32>(Dtype::I8, ByteOrder::Little, &[0x80]),
            vec![-128.0]
        );
    }
}
