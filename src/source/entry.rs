//! What a source lists ([`MatrixEntry`]) and what it loads ([`Matrix`]).

use crate::matrix::dtype::Dtype;

/// One tensor or image channel a file holds, known from its header alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixEntry {
    /// Tensor name, npz member name, image channel (`gray`, `luma`, `r`, …) or file stem.
    pub name: String,
    /// Shape as stored, before any flattening to two dimensions.
    pub stored_shape: Vec<usize>,
    /// Element type as stored.
    pub dtype: Dtype,
}

/// Why an entry cannot be analysed as a matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAMatrix {
    /// 0-D or 1-D: a scalar or vector has no interesting SVD.
    TooFewDimensions,
    /// A dimension is zero: there is nothing to decompose.
    Empty,
    /// The element count overflows.
    Overflow,
}

impl MatrixEntry {
    /// The (m, n) matrix this entry is viewed as: stored 2-D shapes as they are, higher
    /// ranks as (shape\[0\], product of the rest), as PyTorch's `flatten(1)` does.
    pub fn matrix_shape(&self) -> Result<(usize, usize), NotAMatrix> {
        let [rows, rest @ ..] = self.stored_shape.as_slice() else {
            return Err(NotAMatrix::TooFewDimensions);
        };
        if rest.is_empty() {
            return Err(NotAMatrix::TooFewDimensions);
        }
        let cols = rest
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .ok_or(NotAMatrix::Overflow)?;
        if *rows == 0 || cols == 0 {
            return Err(NotAMatrix::Empty);
        }
        rows.checked_mul(cols).ok_or(NotAMatrix::Overflow)?;
        Ok((*rows, cols))
    }

    /// Whether the stored tensor has more than two dimensions and is shown flattened.
    #[must_use]
    pub fn is_flattened(&self) -> bool {
        self.stored_shape.len() > 2
    }

    /// A one-line description of why the entry cannot be analysed, or `None` if it can.
    #[must_use]
    pub fn refusal(&self) -> Option<String> {
        let shape = format_shape(&self.stored_shape);
        let name = super::quoted(&self.name);
        if !self.dtype.is_supported() {
            return Some(format!(
                "`{name}` has dtype {}; rankscope reads floating-point, integer and bool data",
                self.dtype
            ));
        }
        match self.matrix_shape() {
            Ok(_) => None,
            Err(NotAMatrix::TooFewDimensions) => Some(format!(
                "`{name}` is {}-D (shape {shape}); rankscope needs a matrix of two or more dimensions",
                self.stored_shape.len()
            )),
            Err(NotAMatrix::Empty) => Some(format!(
                "`{name}` has shape {shape}: a matrix needs at least one row and one column"
            )),
            Err(NotAMatrix::Overflow) => Some(format!(
                "`{name}` has shape {shape}, whose element count overflows"
            )),
        }
    }
}

/// `[30522, 384]`: a shape as the CLI and the GUI print it. A shape of absurdly many
/// dimensions (a header can claim thousands) shows its first and last few.
#[must_use]
pub fn format_shape(shape: &[usize]) -> String {
    const SHOWN: usize = 8;
    let parts: Vec<String> = if shape.len() > 2 * SHOWN {
        let mut parts: Vec<String> = shape[..SHOWN].iter().map(ToString::to_string).collect();
        parts.push(format!("… {} more …", shape.len() - 2 * SHOWN));
        parts.extend(shape[shape.len() - SHOWN..].iter().map(ToString::to_string));
        parts
    } else {
        shape.iter().map(ToString::to_string).collect()
    };
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(shape: &[usize]) -> MatrixEntry {
        MatrixEntry {
            name: "w".into(),
            stored_shape: shape.to_vec(),
            dtype: Dtype::F32,
        }
    }

    #[test]
    fn higher_rank_tensors_flatten_trailing_dimensions() {
        assert_eq!(entry(&[64, 3, 3, 3]).matrix_shape(), Ok((64, 27)));
        assert_eq!(entry(&[5, 7]).matrix_shape(), Ok((5, 7)));
    }

    #[test]
    fn vectors_scalars_and_empty_shapes_are_refused() {
        assert_eq!(
            entry(&[4]).matrix_shape(),
            Err(NotAMatrix::TooFewDimensions)
        );
        assert_eq!(entry(&[]).matrix_shape(), Err(NotAMatrix::TooFewDimensions));
        assert_eq!(entry(&[0, 3]).matrix_shape(), Err(NotAMatrix::Empty));
        assert_eq!(
            entry(&[usize::MAX, 3]).matrix_shape(),
            Err(NotAMatrix::Overflow)
        );
        let why = entry(&[4]).refusal().unwrap();
        assert!(why.contains("1-D (shape [4])"), "{why}");
    }
}
