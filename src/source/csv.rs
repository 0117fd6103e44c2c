//! `.csv` / `.tsv` matrices for the classroom: numbers, one row per line, an optional
//! header row (a first row that is not all numbers). Parsed whole on open (the listing needs
//! the shape), always in f64.

use super::dtype::Dtype;
use super::error::{Problem, malformed};
use super::matrix::MatrixEntry;
use super::stem_name;
use crate::real::Real;
use ndarray::Array2;
use std::path::Path;

pub(crate) struct CsvFile {
    values: Array2<f64>,
}

impl CsvFile {
    pub(crate) fn open(path: &Path, delimiter: u8) -> Result<Self, Problem> {
        let format = if delimiter == b'\t' { ".tsv" } else { ".csv" };
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .trim(::csv::Trim::All)
            .flexible(true)
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| malformed(format, e.to_string()))?;
        let mut values = Vec::new();
        let mut cols = None;
        let mut rows = 0usize;
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| malformed(format, e.to_string()))?;
            let line = record
                .position()
                .map_or(index as u64 + 1, ::csv::Position::line);
            let parsed: Result<Vec<f64>, usize> = record
                .iter()
                .enumerate()
                .map(|(col, field)| field.parse::<f64>().map_err(|_| col))
                .collect();
            let row = match parsed {
                Ok(row) => row,
                // A first row with words is a header; anywhere else a non-number is an error.
                Err(_) if index == 0 => continue,
                Err(col) => {
                    return Err(malformed(
                        format,
                        format!(
                            "line {line}, column {}: `{}` is not a number",
                            col + 1,
                            record.get(col).unwrap_or_default()
                        ),
                    ));
                }
            };
            match cols {
                None => cols = Some(row.len()),
                Some(expected) if expected != row.len() => {
                    return Err(malformed(
                        format,
                        format!(
                            "line {line} has {} values, the rows above have {expected}",
                            row.len()
                        ),
                    ));
                }
                Some(_) => {}
            }
            values.extend(row);
            rows += 1;
        }
        let cols = cols.unwrap_or(0);
        if rows == 0 || cols == 0 {
            return Err(malformed(format, "it has no rows of numbers"));
        }
        let values = Array2::from_shape_vec((rows, cols), values)
            .map_err(|e| malformed(format, e.to_string()))?;
        Ok(Self { values })
    }

    pub(crate) fn entry(&self, path: &Path) -> MatrixEntry {
        MatrixEntry {
            name: stem_name(path),
            stored_shape: self.values.shape().to_vec(),
            dtype: Dtype::F64,
        }
    }

    pub(crate) fn load<T: Real>(&self) -> Array2<T> {
        self.values.mapv(T::from_f64)
    }
}
