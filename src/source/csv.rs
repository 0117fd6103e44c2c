//! `.csv` / `.tsv` matrices for the classroom: numbers, one row per line, an optional
//! header row (a first row that is not all numbers). Parsed whole on open (the listing needs
//! the shape), always in f64.
//!
//! Read as a stream, with memory proportional to what the file holds: the values are checked
//! against available memory as they grow, binary content is refused at its first control
//! byte, and a field is refused as soon as it runs past [`MAX_FIELD_BYTES`] (a file of
//! 1 GiB of NUL bytes, one endless "field", used to take 4 GiB before it was refused).

use super::entry::MatrixEntry;
use super::error::{Problem, malformed, quoted};
use super::stem_name;
use crate::matrix::dtype::Dtype;
use crate::memory;
use crate::real::Real;
use ndarray::Array2;
use std::io::Read;
use std::path::Path;

/// The longest field read: far beyond any number or column name, far below a field that
/// would make the reader buffer gigabytes.
pub(crate) const MAX_FIELD_BYTES: usize = 65_536;

pub(crate) struct CsvFile {
    values: Array2<f64>,
}

/// The file's bytes on their way to the CSV reader, stopped at the first sign that they are
/// not a table of numbers: a control byte (binary data) or an endless field.
struct Screened<R> {
    inner: R,
    delimiter: u8,
    /// Which bytes change the structure (quotes, delimiters, line ends, `#` comment lines)
    /// or are refused (control bytes); digits and the like pass untouched.
    special: [bool; 256],
    /// Bytes passed on so far.
    offset: u64,
    /// 1-based line of the next byte.
    line: u64,
    /// Where the field being read, or the current line, began.
    field_start: u64,
    line_start: u64,
    in_quotes: bool,
    in_comment: bool,
}

impl<R> Screened<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        let mut special = [false; 256];
        for byte in 0..=u8::MAX {
            special[usize::from(byte)] = byte < 0x20 && !matches!(byte, b'\t' | b'\r' | b'\x0c')
                || matches!(byte, b'"' | b'#')
                || byte == delimiter;
        }
        Self {
            inner,
            delimiter,
            special,
            offset: 0,
            line: 1,
            field_start: 0,
            line_start: 0,
            in_quotes: false,
            in_comment: false,
        }
    }

    /// Follows `bytes`, the next ones of the file, through the CSV structure, refusing
    /// control bytes and fields that run past [`MAX_FIELD_BYTES`].
    fn screen(&mut self, bytes: &[u8]) -> Result<(), String> {
        for (index, &byte) in bytes.iter().enumerate() {
            if !self.special[usize::from(byte)] {
                continue;
            }
            let at = self.offset + index as u64;
            match byte {
                0 => {
                    return Err(format!(
                        "byte {at} (line {}) is a NUL byte: this is binary data, or UTF-16 text (save it as UTF-8)",
                        self.line
                    ));
                }
                b'\n' => {
                    if self.in_comment || !self.in_quotes {
                        self.end_field(at)?;
                        self.in_comment = false;
                    }
                    self.line += 1;
                    self.line_start = at + 1;
                }
                // A tab is special only as the delimiter; inside quotes or a comment it is text.
                b'\t' if !self.in_comment && !self.in_quotes => self.end_field(at)?,
                b'\t' => {}
                byte if byte < 0x20 => {
                    return Err(format!(
                        "byte {at} (line {}) is the control character 0x{byte:02x}: this is binary data, not text",
                        self.line
                    ));
                }
                _ if self.in_comment => {}
                b'#' if at == self.line_start && !self.in_quotes => self.in_comment = true,
                // A doubled quote inside quotes toggles twice: still inside.
                b'"' => self.in_quotes = !self.in_quotes,
                b if b == self.delimiter && !self.in_quotes => self.end_field(at)?,
                _ => {}
            }
        }
        self.offset += bytes.len() as u64;
        if self.in_comment {
            self.field_start = self.offset;
            Ok(())
        } else {
            self.check_field(self.offset)
        }
    }

    /// A field (or comment line) ends at `at`: checks its length; the next begins after it.
    fn end_field(&mut self, at: u64) -> Result<(), String> {
        if !self.in_comment {
            self.check_field(at)?;
        }
        self.field_start = at + 1;
        Ok(())
    }

    fn check_field(&self, end: u64) -> Result<(), String> {
        if end - self.field_start > MAX_FIELD_BYTES as u64 {
            return Err(format!(
                "line {}: a field runs past {MAX_FIELD_BYTES} bytes; no number or column name is that long",
                self.line
            ));
        }
        Ok(())
    }
}

impl<R: Read> Read for Screened<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.screen(&buf[..n])
            .map_err(|detail| std::io::Error::new(std::io::ErrorKind::InvalidData, detail))?;
        Ok(n)
    }
}

/// The CSV reader's error as a problem with the file: what [`Screened`] found, a parse
/// error, or the OS's read error.
fn csv_error(format: &'static str, error: ::csv::Error) -> Problem {
    if let ::csv::ErrorKind::Io(io) = error.kind()
        && io.kind() == std::io::ErrorKind::InvalidData
    {
        return malformed(format, io.to_string());
    }
    let detail = quoted(&error.to_string());
    match error.into_kind() {
        ::csv::ErrorKind::Io(io) => Problem::Io(io),
        _ => malformed(format, detail),
    }
}

impl CsvFile {
    pub(crate) fn open(path: &Path, delimiter: u8) -> Result<Self, Problem> {
        let format = if delimiter == b'\t' { ".tsv" } else { ".csv" };
        let file = super::file::open_regular(path)?;
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .trim(::csv::Trim::All)
            .flexible(true)
            .comment(Some(b'#'))
            .from_reader(Screened::new(file, delimiter));
        let mut record = ::csv::StringRecord::new();
        let mut values: Vec<f64> = Vec::new();
        let mut row: Vec<f64> = Vec::new();
        let mut cols = None;
        let mut rows = 0usize;
        for index in 0usize.. {
            if !reader
                .read_record(&mut record)
                .map_err(|e| csv_error(format, e))?
            {
                break;
            }
            let line = record
                .position()
                .map_or(index as u64 + 1, ::csv::Position::line);
            row.clear();
            let mut bad_column = None;
            for (col, field) in record.iter().enumerate() {
                if let Ok(value) = field.parse::<f64>() {
                    row.push(value);
                } else {
                    bad_column = Some(col);
                    break;
                }
            }
            if let Some(col) = bad_column {
                // A first row with words is a header; anywhere else a non-number is an error.
                if index == 0 {
                    continue;
                }
                return Err(malformed(
                    format,
                    format!(
                        "line {line}, column {}: `{}` is not a number",
                        col + 1,
                        quoted(record.get(col).unwrap_or_default())
                    ),
                ));
            }
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
            reserve_checked(&mut values, row.len())?;
            values.extend_from_slice(&row);
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

/// Makes room for `more` values, doubling as a vector does, but asking first whether the
/// memory is available.
fn reserve_checked(values: &mut Vec<f64>, more: usize) -> Result<(), Problem> {
    let needed = values.len().saturating_add(more);
    if needed <= values.capacity() {
        return Ok(());
    }
    let what = "the values of the table";
    let capacity = needed.max(values.capacity().saturating_mul(2)).max(1024);
    let bytes = memory::checked_bytes(what, capacity as u64, 8)?;
    memory::ensure_fits(what, bytes)?;
    values.reserve_exact(capacity - values.len());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Screens `text` byte by byte and in one piece; both must agree.
    fn screen_all(text: &[u8]) -> Result<(), String> {
        let mut screened = Screened::new(std::io::empty(), b',');
        let by_byte = text
            .iter()
            .try_for_each(|b| screened.screen(std::slice::from_ref(b)));
        let whole = Screened::new(std::io::empty(), b',').screen(text);
        assert_eq!(by_byte.is_ok(), whole.is_ok(), "{by_byte:?} vs {whole:?}");
        whole
    }

    #[test]
    fn fields_are_measured_between_delimiters_outside_quotes() {
        let long = "9".repeat(MAX_FIELD_BYTES);
        assert!(screen_all(format!("{long},{long}\n{long}\n").as_bytes()).is_ok());
        let error = screen_all(format!("1,{long}9\n").as_bytes()).unwrap_err();
        assert!(error.contains("line 1: a field runs past"), "{error}");
        // A quoted field holding delimiters and newlines is one field.
        let quoted_commas = format!("\"{}\"", ",".repeat(MAX_FIELD_BYTES));
        assert!(screen_all(quoted_commas.as_bytes()).is_err());
        // A comment line is not a field, however long.
        assert!(screen_all(format!("#{long}{long}\n1,2\n").as_bytes()).is_ok());
    }

    #[test]
    fn tabs_delimit_tsv_fields_and_are_refused_nowhere() {
        let long = "9".repeat(MAX_FIELD_BYTES);
        let mut tsv = Screened::new(std::io::empty(), b'\t');
        assert!(
            tsv.screen(format!("{long}\t{long}\n\"a\tb\"\t1\n").as_bytes())
                .is_ok()
        );
        let mut tsv = Screened::new(std::io::empty(), b'\t');
        assert!(tsv.screen(format!("1\t{long}9\n").as_bytes()).is_err());
    }

    #[test]
    fn control_bytes_are_binary() {
        assert!(screen_all(b"1,2\r\n3,\t4\x0c\n").is_ok());
        let error = screen_all(b"1,2\n3,\x004\n").unwrap_err();
        assert!(error.contains("byte 6 (line 2) is a NUL byte"), "{error}");
        let error = screen_all(b"\x1b[2J").unwrap_err();
        assert!(error.contains("0x1b"), "{error}");
    }
}
