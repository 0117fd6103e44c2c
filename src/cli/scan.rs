//! `rankscope scan`: one row per matrix of a checkpoint, printed as each one finishes (or one
//! JSON object at the end), and optionally a global rank budget.

use super::args::ScanArgs;
use super::progress::ProgressLine;
use super::{CliError, print_stdout};
use crate::analysis::{Allocation, Budget, BudgetLayer, KohyaParameters, LayerRow, allocate};
use crate::checkpoint::{LayerError, ScanOptions, scan_entries, scan_entry};
use crate::export::{OutputKind, OutputTarget};
use crate::figure::{Figure, FigureError, FigureFormat, FigureSize, Spectra, write_figure};
use crate::linalg::JobControl;
use crate::source::{self, format_shape};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Instant;

/// A matrix that has no row, and why.
#[derive(Debug, Serialize)]
pub(crate) struct Skipped {
    pub name: String,
    pub reason: String,
}

#[derive(Serialize)]
struct ScanReport<'a> {
    source: String,
    /// For a LoRA adapter: its convention and how it is read.
    #[serde(skip_serializing_if = "Option::is_none")]
    adapter: Option<AdapterSummary>,
    matrices: &'a [LayerRow],
    skipped: &'a [Skipped],
    kohya_parameters: KohyaParameters,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<BudgetReport>,
    elapsed_secs: f64,
}

/// What `scan --json` says of an adapter as a whole.
#[derive(Serialize)]
struct AdapterSummary {
    /// `peft` or `kohya`.
    convention: &'static str,
    /// How many modules it has.
    modules: usize,
    /// What is assumed in reading it (no config: scale 1; DoRA), or `null`.
    note: Option<String>,
}

impl AdapterSummary {
    /// The summary of `source` when it is an adapter.
    fn of(source: &source::Source) -> Option<Self> {
        source.adapter().map(|adapter| Self {
            convention: adapter.convention().name(),
            modules: adapter.modules().len(),
            note: adapter.note(),
        })
    }
}

#[derive(Serialize)]
struct BudgetReport {
    /// The requested limit on stored numbers, or `null`.
    parameter_budget: Option<u64>,
    /// The requested overall relative error, or `null`.
    target_relative_error: Option<f64>,
    #[serde(flatten)]
    allocation: Allocation,
    /// What the rows store now: Σ m·n, but for an adapter's module the numbers in its factors
    /// (`adapter.factor_parameters`). An adapter's budget is read against this, its own size.
    parameters_before: u64,
    /// Matrix name → rank (same order as `ranks`).
    ranks_by_name: BTreeMap<String, usize>,
}

#[allow(clippy::too_many_lines)] // one straight sequence: rows, budget, output, report
pub(crate) fn run(args: &ScanArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    check_output(args, &source)?;
    let figure = check_figure(args, &source)?;
    let options = ScanOptions {
        filter: args.filter.clone(),
        kohya: args.kohya.parameters(),
    };
    let entries = scan_entries(&source, &options);
    if entries.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no floating-point matrix{} to scan",
            args.path.display(),
            if args.filter.is_some() {
                " matches the filter"
            } else {
                ""
            }
        )));
    }
    let name_width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let adapter = AdapterSummary::of(&source);
    if !args.json {
        print_stdout(&format!(
            "{}  ({} matrices)\n{}{}\n",
            args.path.display(),
            entries.len(),
            header(name_width),
            adapter
                .as_ref()
                .map(|_| adapter_header())
                .unwrap_or_default()
        ))?;
    }
    let mut rows = Vec::with_capacity(entries.len());
    let mut skipped = Vec::new();
    for (number, entry) in entries.iter().enumerate() {
        let job = JobControl::new();
        let progress = ProgressLine::start(
            format!("[{}/{}] {}", number + 1, entries.len(), entry.name),
            &job,
        );
        let result = scan_entry(&source, entry, &options, &job);
        drop(progress);
        match result {
            Ok(row) => {
                if !args.json {
                    print_stdout(&format!(
                        "{}{}\n",
                        table_line(&row, name_width),
                        adapter_columns(&row)
                    ))?;
                }
                rows.push(row);
            }
            // A bad tensor (NaN, unreadable) does not end the scan: it is listed as skipped.
            Err(error) => {
                let reason = layer_reason(&error);
                if !args.json {
                    eprintln!("rankscope: skipped {}: {reason}", entry.name);
                }
                skipped.push(Skipped {
                    name: entry.name.clone(),
                    reason,
                });
            }
        }
    }
    let budget = budget_report(args, &rows);
    if let (Some(out), Some(budget)) = (&args.out, &budget) {
        let written = write_compressed_checkpoint(args, &source, &rows, budget, out)?;
        if !args.json {
            eprintln!(
                "rankscope: wrote {} ({written} matrices factorised)",
                out.display()
            );
        }
    }
    if let Some((target, format)) = figure {
        write_spectra(args, &rows, &target, format)?;
        if !args.json {
            eprintln!("rankscope: wrote {}", target.path().display());
        }
    }
    if args.json {
        let report = ScanReport {
            source: args.path.display().to_string(),
            adapter,
            matrices: &rows,
            skipped: &skipped,
            kohya_parameters: options.kohya,
            budget,
            elapsed_secs: started.elapsed().as_secs_f64(),
        };
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    let mut tail = format!(
        "{} matrices, {} skipped, {:.2} s\n",
        rows.len(),
        skipped.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(summary) = &adapter {
        tail.push_str(&adapter_tail(summary, &rows));
    }
    if let Some(budget) = budget {
        tail.push_str(&budget_text(&budget, &rows, name_width, adapter.is_some()));
    }
    print_stdout(&tail)
}

/// What the text table ends with for an adapter: how many modules use at most half the rank
/// their structure allows, and how the adapter is read.
fn adapter_tail(summary: &AdapterSummary, rows: &[LayerRow]) -> String {
    let underused = rows
        .iter()
        .filter(|r| r.adapter.as_ref().and_then(|a| a.underused) == Some(true))
        .count();
    let mut tail = format!(
        "{} adapter, {} modules; {underused} use at most half the rank their structure allows\n",
        summary.convention, summary.modules
    );
    if let Some(note) = &summary.note {
        let _ = writeln!(tail, "note: {note}");
    }
    let _ = writeln!(
        tail,
        "GD is – for every module: {}",
        crate::analysis::GAVISH_DONOHO_LOW_RANK
    );
    tail
}

/// The extra columns of an adapter's rows: r, alpha, the rank ΔW uses, and a flag.
fn adapter_header() -> String {
    format!("  {:>5}  {:>8}  {:>5}", "r", "alpha", "used")
}

/// An adapter module's r, alpha and used rank (flagged when at most half of what its
/// structure allows); nothing for other rows.
pub(crate) fn adapter_columns(row: &LayerRow) -> String {
    let Some(facts) = &row.adapter else {
        return String::new();
    };
    format!(
        "  {:>5}  {:>8}  {:>5}{}",
        facts.rank,
        format!("{}", facts.alpha),
        rank_text(facts.rank_used),
        if facts.underused == Some(true) {
            "  ⚠ underused"
        } else {
            ""
        }
    )
}

/// `--format compressed` needs a budget and a new (or `--force`d) folder: checked before the
/// scan, not after it.
fn check_output(args: &ScanArgs, source: &source::Source) -> Result<(), CliError> {
    let Some(out) = &args.out else {
        return Ok(());
    };
    if args.budget.is_none() && args.target_error.is_none() {
        return Err(CliError::Input(
            "--format compressed needs --budget N or --target-error E".to_owned(),
        ));
    }
    super::output_target(out, COMPRESSED, args.force, &[(&args.path, source)]).map(|_| ())
}

/// The figure's target and format (`--figure`), checked before any work: a typo must not
/// cost a scan.
fn check_figure(
    args: &ScanArgs,
    source: &source::Source,
) -> Result<Option<(OutputTarget, FigureFormat)>, CliError> {
    let Some(path) = &args.figure else {
        return Ok(None);
    };
    let format = FigureFormat::of_path(path).map_err(|e| match e {
        FigureError::Unsupported(why) => CliError::Input(why),
        other => super::plot::figure_failed(path, other),
    })?;
    if args.out.as_ref() == Some(path) {
        return Err(CliError::Input(format!(
            "{}: --out and --figure name the same file",
            path.display()
        )));
    }
    let target = super::output_target(path, OutputKind::File, args.force, &[(&args.path, source)])?;
    Ok(Some((target, format)))
}

/// The normalised spectra of `rows` (in file order) drawn to `target`.
fn write_spectra(
    args: &ScanArgs,
    rows: &[LayerRow],
    target: &OutputTarget,
    format: FigureFormat,
) -> Result<(), CliError> {
    if rows.is_empty() {
        return Err(CliError::Input(format!(
            "{}: no matrix could be scanned, so there is no spectrum to draw",
            args.path.display()
        )));
    }
    let file = args.path.file_name().map_or_else(
        || args.path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let title = match &args.filter {
        Some(filter) => format!("{file}, names matching /{filter}/"),
        None => file,
    };
    let mut spectra = Spectra::new(title);
    for row in rows {
        spectra.push(
            row.name.clone(),
            (row.shape[0], row.shape[1]),
            &row.singular_values,
        );
    }
    write_figure(
        target,
        &Figure::Spectra(spectra),
        format,
        FigureSize::default(),
    )
    .map_err(|e| super::plot::figure_failed(&args.path, e))
}

const COMPRESSED: crate::export::OutputKind = crate::export::OutputKind::CompressedCheckpoint;

/// The problem without the file name the table already shows.
pub(crate) fn layer_reason(error: &LayerError) -> String {
    match error {
        LayerError::Source(e) => e.problem.to_string(),
        LayerError::Svd(e) => e.to_string(),
    }
}

/// Factorises every matrix whose budget rank stores fewer numbers than the matrix itself
/// (k(m + n) < m·n) and writes the compressed folder; returns how many were factorised.
fn write_compressed_checkpoint(
    args: &ScanArgs,
    source: &source::Source,
    rows: &[LayerRow],
    budget: &BudgetReport,
    out: &std::path::Path,
) -> Result<usize, CliError> {
    let mut layers = Vec::new();
    let mut kept_dense = Vec::new();
    for (row, &rank) in rows.iter().zip(&budget.allocation.ranks) {
        let [m, n] = row.shape;
        if rank == 0 || (rank as u64) * (m as u64 + n as u64) >= row.parameters {
            kept_dense.push(row.name.clone());
            continue;
        }
        let job = JobControl::new();
        let progress = ProgressLine::start(format!("factorising {}", row.name), &job);
        let matrix = source.load(&row.name, Some(crate::real::Precision::F64))?;
        let values = match matrix.data {
            crate::source::MatrixData::F64(values) => values,
            crate::source::MatrixData::F32(values) => values.mapv(f64::from),
        };
        let layer = crate::checkpoint::adapter_layer(&row.name, values.view(), rank, &job)?;
        drop(progress);
        layers.push(layer);
    }
    let mut manifest = serde_json::Map::new();
    manifest.insert("source".into(), args.path.display().to_string().into());
    manifest.insert("parameters".into(), budget.allocation.parameters.into());
    manifest.insert(
        "dense_parameters".into(),
        budget.allocation.dense_parameters.into(),
    );
    manifest.insert(
        "relative_error".into(),
        budget.allocation.relative_error.into(),
    );
    manifest.insert("kept_dense".into(), kept_dense.into());
    let target = super::output_target(out, COMPRESSED, args.force, &[(&args.path, source)])?;
    crate::export::write_compressed(&target, &layers, manifest)?;
    Ok(layers.len())
}

fn budget_report(args: &ScanArgs, rows: &[LayerRow]) -> Option<BudgetReport> {
    let budget = match (args.budget, args.target_error) {
        (Some(limit), _) => Budget::Parameters(limit),
        (None, Some(target)) => Budget::RelativeError(target),
        (None, None) => return None,
    };
    let layers: Vec<BudgetLayer<'_>> = rows.iter().map(LayerRow::budget_layer).collect();
    let allocation = allocate(&layers, budget);
    let ranks_by_name = rows
        .iter()
        .zip(&allocation.ranks)
        .map(|(row, &k)| (row.name.clone(), k))
        .collect();
    Some(BudgetReport {
        parameter_budget: args.budget,
        target_relative_error: args.target_error,
        allocation,
        parameters_before: rows.iter().map(LayerRow::stored_parameters).sum(),
        ranks_by_name,
    })
}

pub(crate) fn header(name_width: usize) -> String {
    format!(
        "{:<name_width$}  {:>12}  {:>10}  {:>10}  {:>10}  {:>7}  {:>7}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}",
        "name",
        "shape",
        "params",
        "‖W‖_F",
        "σ₁",
        "stable",
        "eff.",
        "e90",
        "e99",
        "GD",
        "ratio",
        "cumul",
        "fro",
    )
}

fn rank_text(rank: Option<usize>) -> String {
    rank.map_or_else(|| "–".to_owned(), |k| k.to_string())
}

pub(crate) fn table_line(row: &LayerRow, name_width: usize) -> String {
    let r = &row.ranks;
    format!(
        "{:<name_width$}  {:>12}  {:>10}  {:>10.4}  {:>10.4}  {:>7.2}  {:>7.1}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}  {:>6}",
        row.name,
        format_shape(&row.shape),
        row.stored_parameters(),
        row.frobenius_norm,
        row.sigma_max,
        row.stable_rank,
        row.effective_rank,
        rank_text(r.energy_90),
        rank_text(r.energy_99),
        rank_text(r.gavish_donoho),
        rank_text(r.sv_ratio),
        rank_text(r.sv_cumulative),
        rank_text(r.sv_fro),
    )
}

#[allow(clippy::cast_precision_loss)] // ratios for display
fn budget_text(
    budget: &BudgetReport,
    rows: &[LayerRow],
    name_width: usize,
    adapter: bool,
) -> String {
    let a = &budget.allocation;
    // An adapter is measured against what it stores, not the m·n of its dense ΔW.
    let (of, of_what) = if adapter {
        (budget.parameters_before, "stored by the adapter now")
    } else {
        (a.dense_parameters, "dense")
    };
    let mut text = format!(
        "\nrank budget: {} stored numbers ({:.1} % of {of} {of_what}), overall relative error {:.4}\n",
        a.parameters,
        100.0 * a.parameters as f64 / of.max(1) as f64,
        a.relative_error
    );
    for ((row, &k), error) in rows.iter().zip(&a.ranks).zip(&a.layer_errors) {
        let _ = writeln!(
            text,
            "{:<name_width$}  rank {k:>5}  relative error {error:.4}",
            row.name
        );
    }
    text
}
