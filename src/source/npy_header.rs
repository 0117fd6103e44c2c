//! The dictionary in an `.npy` header, e.g. `{'descr': '<f4', 'fortran_order': False,
//! 'shape': (3, 4), }`: a Python literal, which numpy reads with `ast.literal_eval`.
//!
//! Parsed here by one recursive-descent pass over the text, so time is linear in its length
//! whatever it holds (a general Python-literal grammar with backtracking took 26 s on a 9 KB
//! header nested 8 deep). It reads the literals numpy's headers use — strings, integers
//! (with Python 2's `L` suffix), floats, `True`/`False`/`None`, tuples, lists and
//! dictionaries — and refuses anything else.

use std::ops::Range;

/// What the header says, checked for the keys and types numpy requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderDict {
    /// `descr` when it is a string (a plain dtype such as `'<f4'`).
    pub(crate) descr: Descr,
    /// `fortran_order`.
    pub(crate) fortran_order: bool,
    /// `shape`.
    pub(crate) shape: Vec<usize>,
}

/// The `descr` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Descr {
    /// A type string: `'<f4'`, `'|b1'`, `'<U10'`.
    Plain(String),
    /// Anything else (a structured dtype's list of fields), as written in the header.
    Structured(String),
}

/// One Python literal.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Str(String),
    /// An integer; `None` when it does not fit in 128 bits.
    Int(Option<i128>),
    Float,
    Bool(bool),
    NoneValue,
    Tuple(Vec<Literal>),
    List(Vec<Literal>),
    /// Keys, values and where each value is written in the text.
    Dict(Vec<(Literal, Literal, Range<usize>)>),
}

/// Why the header cannot be read.
pub(crate) type HeaderError = String;

/// Parses and checks the header text (without the magic, version and length field).
pub(crate) fn parse(text: &str, max_depth: usize) -> Result<HeaderDict, HeaderError> {
    let mut parser = Parser {
        text: text.as_bytes(),
        at: 0,
        max_depth,
    };
    let (value, _) = parser.value(0)?;
    parser.skip_blank();
    if parser.at != parser.text.len() {
        return Err(format!(
            "unexpected {} after the dictionary",
            parser.describe_here()
        ));
    }
    let Literal::Dict(items) = value else {
        return Err("it is not a dictionary".to_owned());
    };
    let mut descr = None;
    let mut fortran_order = None;
    let mut shape = None;
    let mut others = Vec::new();
    // As in Python, a key given twice keeps its last value.
    for (key, value, span) in items {
        match key {
            Literal::Str(key) if key == "descr" => descr = Some((value, span)),
            Literal::Str(key) if key == "fortran_order" => fortran_order = Some(value),
            Literal::Str(key) if key == "shape" => shape = Some(value),
            Literal::Str(key) => others.push(format!("'{}'", super::quoted(&key))),
            _ => others.push("a key that is not a string".to_owned()),
        }
    }
    if !others.is_empty() {
        others.truncate(5);
        return Err(format!(
            "it has the key {} besides 'descr', 'fortran_order' and 'shape'",
            others.join(", ")
        ));
    }
    let (Some((descr, descr_span)), Some(fortran_order), Some(shape)) =
        (descr, fortran_order, shape)
    else {
        return Err("it lacks one of the keys 'descr', 'fortran_order' and 'shape'".to_owned());
    };
    let descr = match descr {
        Literal::Str(s) => Descr::Plain(s),
        _ => Descr::Structured(text[descr_span].to_owned()),
    };
    let Literal::Bool(fortran_order) = fortran_order else {
        return Err("'fortran_order' is not True or False".to_owned());
    };
    let Literal::Tuple(dims) = shape else {
        return Err("'shape' is not a tuple of integers".to_owned());
    };
    let shape = dims
        .iter()
        .map(|dim| match dim {
            Literal::Int(Some(d)) if *d >= 0 => {
                usize::try_from(*d).map_err(|_| format!("the shape's dimension {d} overflows"))
            }
            Literal::Int(None) => Err("a dimension of the shape overflows".to_owned()),
            Literal::Int(Some(d)) => Err(format!("the shape has a negative dimension ({d})")),
            _ => Err("'shape' is not a tuple of integers".to_owned()),
        })
        .collect::<Result<Vec<usize>, _>>()?;
    Ok(HeaderDict {
        descr,
        fortran_order,
        shape,
    })
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn skip_blank(&mut self) {
        while self
            .text
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
        {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    /// "`x` at byte 12" or "the end".
    fn describe_here(&self) -> String {
        match self.peek() {
            Some(byte) if byte.is_ascii_graphic() => {
                format!("`{}` at byte {}", char::from(byte), self.at)
            }
            Some(byte) => format!("byte 0x{byte:02x} at byte {}", self.at),
            None => "the end of the header".to_owned(),
        }
    }

    fn expected(&self, what: &str) -> HeaderError {
        format!("expected {what}, found {}", self.describe_here())
    }

    /// One literal and the bytes it spans.
    fn value(&mut self, depth: usize) -> Result<(Literal, Range<usize>), HeaderError> {
        self.skip_blank();
        let start = self.at;
        let value = match self.peek() {
            Some(b'{') => self.dict(depth + 1)?,
            Some(b'[') => Literal::List(self.sequence(b']', depth + 1)?.0),
            Some(b'(') => {
                let (items, trailing_comma) = self.sequence(b')', depth + 1)?;
                // `(3)` is 3; `(3,)` and `()` are tuples.
                match <[Literal; 1]>::try_from(items) {
                    Ok([only]) if !trailing_comma => only,
                    Ok([only]) => Literal::Tuple(vec![only]),
                    Err(items) => Literal::Tuple(items),
                }
            }
            Some(b'\'' | b'"') => Literal::Str(self.string()?),
            Some(b'u' | b'U') if matches!(self.text.get(self.at + 1), Some(b'\'' | b'"')) => {
                self.at += 1;
                Literal::Str(self.string()?)
            }
            Some(b'-' | b'+' | b'0'..=b'9' | b'.') => self.number()?,
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'_') => self.word()?,
            _ => return Err(self.expected("a value")),
        };
        Ok((value, start..self.at))
    }

    fn enter(&self, depth: usize) -> Result<(), HeaderError> {
        if depth > self.max_depth {
            return Err(format!(
                "it nests brackets more than {} deep",
                self.max_depth
            ));
        }
        Ok(())
    }

    /// Items up to `close`, comma-separated, and whether a comma follows the last one.
    fn sequence(&mut self, close: u8, depth: usize) -> Result<(Vec<Literal>, bool), HeaderError> {
        self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        let mut trailing_comma = false;
        loop {
            self.skip_blank();
            if self.peek() == Some(close) {
                self.at += 1;
                return Ok((items, trailing_comma));
            }
            if !items.is_empty() && !trailing_comma {
                return Err(self.expected(&format!("`,` or `{}`", char::from(close))));
            }
            items.push(self.value(depth)?.0);
            self.skip_blank();
            trailing_comma = self.peek() == Some(b',');
            if trailing_comma {
                self.at += 1;
            }
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, HeaderError> {
        self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        let mut after_comma = true;
        loop {
            self.skip_blank();
            if self.peek() == Some(b'}') {
                self.at += 1;
                return Ok(Literal::Dict(items));
            }
            if !after_comma {
                return Err(self.expected("`,` or `}`"));
            }
            let (key, _) = self.value(depth)?;
            self.skip_blank();
            if self.peek() != Some(b':') {
                return Err(self.expected("`:`"));
            }
            self.at += 1;
            let (value, span) = self.value(depth)?;
            items.push((key, value, span));
            self.skip_blank();
            after_comma = self.peek() == Some(b',');
            if after_comma {
                self.at += 1;
            }
        }
    }

    /// A quoted string with Python's simple escapes (`\\`, `\'`, `\"`, `\n`, `\t`, `\r`,
    /// `\0`); other escapes are kept as written.
    fn string(&mut self) -> Result<String, HeaderError> {
        let quote = self.text[self.at];
        let start = self.at;
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            match self.peek() {
                None | Some(b'\n') => {
                    self.at = start;
                    return Err(self.expected("a closed string"));
                }
                Some(b) if b == quote => {
                    self.at += 1;
                    break;
                }
                Some(b'\\') => {
                    let (replacement, width) = match self.text.get(self.at + 1) {
                        Some(b'n') => (b'\n', 2),
                        Some(b't') => (b'\t', 2),
                        Some(b'r') => (b'\r', 2),
                        Some(b'0') => (0, 2),
                        Some(&c @ (b'\\' | b'\'' | b'"')) => (c, 2),
                        _ => (b'\\', 1),
                    };
                    bytes.push(replacement);
                    self.at += width;
                }
                Some(b) => {
                    bytes.push(b);
                    self.at += 1;
                }
            }
        }
        // The header came in as UTF-8 and strings only split it at ASCII quotes.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// An integer (decimal, optional sign, optional Python 2 `L`) or a float.
    fn number(&mut self) -> Result<Literal, HeaderError> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if matches!(self.peek(), Some(b'-' | b'+')) {
            self.at += 1;
            self.skip_blank();
        }
        let digits_start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'_') {
            self.at += 1;
        }
        let digits = &self.text[digits_start..self.at];
        if matches!(self.peek(), Some(b'.' | b'e' | b'E')) {
            while self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-'))
            {
                self.at += 1;
            }
            return Ok(Literal::Float);
        }
        if digits.is_empty() {
            self.at = start;
            return Err(self.expected("a number"));
        }
        if matches!(self.peek(), Some(b'L' | b'l')) {
            self.at += 1;
        }
        let magnitude = digits
            .iter()
            .filter(|&&b| b != b'_')
            .try_fold(0i128, |acc, &b| {
                acc.checked_mul(10)?.checked_add(i128::from(b - b'0'))
            });
        Ok(Literal::Int(
            magnitude.map(|m| if negative { -m } else { m }),
        ))
    }

    fn word(&mut self) -> Result<Literal, HeaderError> {
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.at += 1;
        }
        match &self.text[start..self.at] {
            b"True" => Ok(Literal::Bool(true)),
            b"False" => Ok(Literal::Bool(false)),
            b"None" => Ok(Literal::NoneValue),
            _ => {
                self.at = start;
                Err(self.expected("a value"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_headers_parse() {
        let header = parse(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }          \n",
            8,
        )
        .unwrap();
        assert_eq!(header.descr, Descr::Plain("<f4".to_owned()));
        assert!(!header.fortran_order);
        assert_eq!(header.shape, [3, 4]);
        // Python 2 numpy wrote long integers; a 1-D shape has a trailing comma; 0-D is ().
        let header = parse("{'descr':'>i8','fortran_order':True,'shape':(5L,)}", 8).unwrap();
        assert_eq!(header.shape, [5]);
        assert!(header.fortran_order);
        assert_eq!(
            parse("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", 8)
                .unwrap()
                .shape,
            Vec::<usize>::new()
        );
    }

    #[test]
    fn structured_dtypes_are_kept_as_written() {
        let header = parse(
            "{'descr': [('a', '<f4'), ('b', '<i8', (2,))], 'fortran_order': False, 'shape': (2,)}",
            8,
        )
        .unwrap();
        assert_eq!(
            header.descr,
            Descr::Structured("[('a', '<f4'), ('b', '<i8', (2,))]".to_owned())
        );
    }

    #[test]
    fn bad_headers_say_why() {
        let cases = [
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3)}",
                "negative",
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (2.5, 3)}",
                "shape",
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3)}",
                "shape",
            ),
            (
                "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}",
                "fortran_order",
            ),
            ("{'descr': '<f4', 'shape': (3,)}", "lacks"),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}",
                "'x'",
            ),
            ("{'descr': '<f4' 'fortran_order': False}", "expected"),
            ("{'descr': '<f4", "closed string"),
            ("('descr', '<f4')", "not a dictionary"),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x",
                "after",
            ),
            (
                "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999999999999999999999,)}",
                "overflows",
            ),
            (
                "{'descr': ((((((((((1,),),),),),),),),),), 'fortran_order': False, 'shape': ()}",
                "deep",
            ),
        ];
        for (text, phrase) in cases {
            let error = parse(text, 8).unwrap_err();
            assert!(error.contains(phrase), "{text}: {error}");
        }
    }
}
