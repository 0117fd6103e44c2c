//! `rankscope diff`: the scan rows of ΔW = W_tuned − W_base, and optionally a LoRA adapter
//! (PEFT folder or kohya file) holding the chosen rank of every changed matrix.

use super::args::{AdapterFormat, DiffArgs};
use super::progress::ProgressLine;
use super::scan::{Skipped, layer_reason, table_line};
use super::{CliError, print_stdout};
use crate::analysis::{KohyaParameters, LayerRow};
use crate::checkpoint::{
    LayerError, Mismatch, RankChoice, ScanOptions, adapter_layer, delta_row, load_delta, plan_diff,
};
use crate::export::{AdapterLayer, OutputKind, OutputTarget, write_kohya, write_peft};
use crate::linalg::JobControl;
use crate::source;
use serde::Serialize;
use std::fmt::Write;
use std::time::Instant;

#[derive(Serialize)]
struct DiffReport<'a> {
    base: String,
    tuned: String,
    matrices: &'a [LayerRow],
    mismatched: &'a [Mismatch],
    skipped: &'a [Skipped],
    kohya_parameters: KohyaParameters,
    #[serde(skip_serializing_if = "Option::is_none")]
    adapter: Option<AdapterReport>,
    elapsed_secs: f64,
}

#[derive(Serialize)]
struct AdapterReport {
    format: &'static str,
    path: String,
    layers: Vec<AdapterLine>,
}

#[derive(Serialize)]
struct AdapterLine {
    name: String,
    rank: usize,
    relative_error: f64,
}

fn output_kind(format: AdapterFormat) -> OutputKind {
    match format {
        AdapterFormat::Peft => OutputKind::PeftAdapter,
        AdapterFormat::Kohya => OutputKind::File,
    }
}

fn rank_choice(args: &DiffArgs) -> Option<RankChoice> {
    match (args.rank, args.energy, args.rule) {
        (Some(k), _, _) => Some(RankChoice::Fixed(k)),
        (None, Some(f), _) => Some(RankChoice::Energy(f)),
        (None, None, Some(rule)) => Some(RankChoice::Rule(rule)),
        (None, None, None) => None,
    }
}

#[allow(clippy::too_many_lines)] // one straight sequence: plan, rows, adapter, report
pub(crate) fn run(args: &DiffArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let base = source::open(&args.base)?;
    let tuned = source::open(&args.tuned)?;
    let target = match (&args.out, args.format) {
        (Some(out), Some(format)) => Some(super::output_target(
            out,
            output_kind(format),
            args.force,
            &[(&args.base, &base), (&args.tuned, &tuned)],
        )?),
        _ => None,
    };
    let options = ScanOptions {
        filter: args.filter.clone(),
        kohya: args.kohya.parameters(),
    };
    let export = match (args.format, &target, rank_choice(args)) {
        (Some(format), Some(target), Some(choice)) => Some((format, target, choice)),
        (None, None, None) => None,
        _ => {
            return Err(CliError::Input(
                "an adapter needs all of --format, --out and one of --rank/--energy/--rule"
                    .to_owned(),
            ));
        }
    };
    let plan = plan_diff(&base, &tuned, &options);
    for mismatch in &plan.mismatches {
        eprintln!(
            "rankscope: not compared: {}: {}",
            mismatch.name, mismatch.problem
        );
    }
    if plan.pairs.is_empty() {
        return Err(CliError::Input(format!(
            "{} and {}: no floating-point matrix with the same name and shape in both",
            args.base.display(),
            args.tuned.display()
        )));
    }
    let name_width = plan.pairs.iter().map(String::len).max().unwrap_or(4).max(4);
    if !args.json {
        print_stdout(&format!(
            "ΔW = {} − {}  ({} matrices)\n{}  changed\n",
            args.tuned.display(),
            args.base.display(),
            plan.pairs.len(),
            super::scan::header(name_width)
        ))?;
    }
    let mut rows = Vec::with_capacity(plan.pairs.len());
    let mut skipped = Vec::new();
    let mut layers: Vec<AdapterLayer> = Vec::new();
    for (number, name) in plan.pairs.iter().enumerate() {
        let job = JobControl::new();
        let progress = ProgressLine::start(
            format!("[{}/{}] {name}", number + 1, plan.pairs.len()),
            &job,
        );
        let outcome = diff_one(&base, &tuned, name, &options, export.map(|e| e.2), &job);
        drop(progress);
        match outcome {
            Ok((row, layer)) => {
                if !args.json {
                    let changed = if row.changed == Some(true) {
                        "yes"
                    } else {
                        "no"
                    };
                    print_stdout(&format!("{}  {changed}\n", table_line(&row, name_width)))?;
                }
                rows.push(row);
                layers.extend(layer);
            }
            Err(error) => {
                let reason = layer_reason(&error);
                if !args.json {
                    eprintln!("rankscope: skipped {name}: {reason}");
                }
                skipped.push(Skipped {
                    name: name.clone(),
                    reason,
                });
            }
        }
    }
    let adapter = match export {
        Some((format, target, _)) => Some(write_adapter(args, format, target, &layers)?),
        None => None,
    };
    if args.json {
        let report = DiffReport {
            base: args.base.display().to_string(),
            tuned: args.tuned.display().to_string(),
            matrices: &rows,
            mismatched: &plan.mismatches,
            skipped: &skipped,
            kohya_parameters: options.kohya,
            adapter,
            elapsed_secs: started.elapsed().as_secs_f64(),
        };
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    let changed = rows.iter().filter(|r| r.changed == Some(true)).count();
    let mut tail = format!(
        "{} matrices compared, {changed} changed, {} not comparable, {} skipped, {:.2} s\n",
        rows.len(),
        plan.mismatches.len(),
        skipped.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(adapter) = adapter {
        let _ = writeln!(
            tail,
            "wrote {} adapter {} ({} matrices)",
            adapter.format,
            adapter.path,
            adapter.layers.len()
        );
    }
    print_stdout(&tail)
}

/// The row of one tensor and, when exporting and it changed, its adapter layer.
fn diff_one(
    base: &source::Source,
    tuned: &source::Source,
    name: &str,
    options: &ScanOptions,
    choice: Option<RankChoice>,
    job: &JobControl,
) -> Result<(LayerRow, Option<AdapterLayer>), LayerError> {
    let entry = tuned.entry(name)?;
    let delta = load_delta(base, tuned, name)?;
    let (row, spectrum) = delta_row(entry, delta.view(), options, job)?;
    let layer = match choice {
        Some(choice) if row.changed == Some(true) => match choice.rank_for(&spectrum) {
            Some(rank) if rank > 0 => Some(adapter_layer(name, delta.view(), rank, job)?),
            _ => None,
        },
        _ => None,
    };
    Ok((row, layer))
}

fn write_adapter(
    args: &DiffArgs,
    format: AdapterFormat,
    target: &OutputTarget,
    layers: &[AdapterLayer],
) -> Result<AdapterReport, CliError> {
    if layers.is_empty() {
        return Err(CliError::Input(format!(
            "{} and {}: no matrix changed (or every chosen rank is 0): no adapter written",
            args.base.display(),
            args.tuned.display()
        )));
    }
    let source = format!("{} − {}", args.tuned.display(), args.base.display());
    let name = match format {
        AdapterFormat::Peft => {
            write_peft(target, layers, &source, args.base_model.as_deref())?;
            "peft"
        }
        AdapterFormat::Kohya => {
            write_kohya(target, layers, &source)?;
            "kohya"
        }
    };
    Ok(AdapterReport {
        format: name,
        path: target.path().display().to_string(),
        layers: layers
            .iter()
            .map(|l| AdapterLine {
                name: l.tensor.clone(),
                rank: l.rank(),
                relative_error: l.relative_error,
            })
            .collect(),
    })
}
