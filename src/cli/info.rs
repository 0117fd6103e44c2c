//! `rankscope info`: what a file holds, from its header alone.

use super::args::InfoArgs;
use super::{CliError, print_stdout};
use crate::source::{self, CHANNEL_RGB, SourceKind, format_shape};
use serde::Serialize;
use std::fmt::Write;

/// The widest name column of the text listing.
const MAX_NAME_WIDTH: usize = 80;

#[derive(Serialize)]
struct InfoReport {
    source: String,
    format: &'static str,
    /// What is assumed in reading an adapter (no config: scale 1; DoRA), when anything is.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    matrices: Vec<InfoRow>,
}

#[derive(Serialize)]
struct InfoRow {
    name: String,
    shape: Vec<usize>,
    dtype: String,
    /// \[m, n\] as analysed, or `null` when the entry is refused.
    matrix_shape: Option<[usize; 2]>,
    /// Why the entry cannot be analysed, if it cannot.
    refusal: Option<String>,
}

pub(crate) fn run(args: &InfoArgs) -> Result<(), CliError> {
    let source = source::open(&args.path)?;
    let report = InfoReport {
        source: args.path.display().to_string(),
        format: source.kind().label(),
        note: source.adapter().and_then(source::AdapterFile::note),
        matrices: source
            .entries()
            .iter()
            .map(|entry| InfoRow {
                name: entry.name.clone(),
                shape: entry.stored_shape.clone(),
                dtype: entry.dtype.name().to_owned(),
                matrix_shape: entry.matrix_shape().ok().map(|(m, n)| [m, n]),
                refusal: entry.refusal(),
            })
            .collect(),
    };
    if args.json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    // Names come from the file: control characters are escaped, so a name cannot drive the
    // terminal (JSON escapes them by itself).
    let shown = |text: &str| source::printable(text, usize::MAX);
    let mut out = format!(
        "{}  ({}, {} entr{})\n",
        shown(&report.source),
        report.format,
        report.matrices.len(),
        if report.matrices.len() == 1 {
            "y"
        } else {
            "ies"
        }
    );
    // Columns align on ordinary names; a longer one overflows its column rather than pad
    // every row to its length.
    let name_width = report
        .matrices
        .iter()
        .map(|r| shown(&r.name).chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, MAX_NAME_WIDTH);
    let shape_width = report
        .matrices
        .iter()
        .map(|r| format_shape(&r.shape).chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, MAX_NAME_WIDTH);
    let _ = writeln!(
        out,
        "  {:name_width$}  {:shape_width$}  {:9}  analysed as",
        "name", "shape", "dtype"
    );
    for row in &report.matrices {
        let analysed = match (&row.matrix_shape, &row.refusal) {
            (_, Some(refusal)) => format!("not a matrix: {}", shown(refusal)),
            (Some([m, n]), None) if row.shape.len() > 2 => format!("{m} × {n} (flattened)"),
            (Some([m, n]), None) => format!("{m} × {n}"),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "  {:name_width$}  {:shape_width$}  {:9}  {analysed}",
            shown(&row.name),
            format_shape(&row.shape),
            row.dtype
        );
    }
    if let Some(note) = &report.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if source.kind() == SourceKind::Image && source.entries().len() > 2 {
        let _ = writeln!(
            out,
            "  colour mode `{CHANNEL_RGB}`: export --format png --channel rgb recombines r, g, b"
        );
    }
    print_stdout(&out)
}
