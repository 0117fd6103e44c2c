//! `rankscope resize`: every module of a LoRA adapter cut to the best approximation of the
//! rank a rule chooses, written again in its convention (or the one asked for).

use super::args::{AdapterFormat, ResizeArgs};
use super::progress::ProgressLine;
use super::{CliError, print_stdout};
use crate::analysis::KohyaRule;
use crate::checkpoint::{
    ResizeError, ResizeOutcome, ResizeRule, choose_ranks, module_spectra, write_resized,
};
use crate::export::OutputKind;
use crate::linalg::JobControl;
use crate::source::{self, Convention};
use serde::Serialize;
use std::fmt::Write;
use std::time::Instant;

#[derive(Serialize)]
struct ResizeReport<'a> {
    source: String,
    out: String,
    rule: String,
    #[serde(flatten)]
    outcome: &'a ResizeOutcome,
    elapsed_secs: f64,
}

fn rule(args: &ResizeArgs) -> Result<ResizeRule, CliError> {
    Ok(
        match (
            args.rank,
            args.energy,
            args.rule,
            args.sv_ratio,
            args.sv_cumulative,
            args.sv_fro,
            args.budget,
        ) {
            (Some(k), ..) => ResizeRule::Rank(k),
            (_, Some(f), ..) => ResizeRule::Energy(f),
            (_, _, Some(rule), ..) => ResizeRule::Rule(rule),
            (_, _, _, Some(x), ..) => ResizeRule::Kohya(KohyaRule::SvRatio(x)),
            (_, _, _, _, Some(x), ..) => ResizeRule::Kohya(KohyaRule::SvCumulative(x)),
            (_, _, _, _, _, Some(x), _) => ResizeRule::Kohya(KohyaRule::SvFro(x)),
            (.., Some(n)) => ResizeRule::Budget(n),
            _ => {
                return Err(CliError::Input(
                    "choose the new ranks with --rank, --energy, --rule, --sv-ratio, \
                     --sv-cumulative, --sv-fro or --budget"
                        .to_owned(),
                ));
            }
        },
    )
}

impl From<ResizeError> for CliError {
    fn from(error: ResizeError) -> Self {
        match error {
            ResizeError::Source(e) => e.into(),
            ResizeError::Export(e) => e.into(),
            ResizeError::Svd {
                path,
                module,
                error,
            } => super::svd_failed(&path, &module, error),
        }
    }
}

pub(crate) fn run(args: &ResizeArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let rule = rule(args)?;
    if let Some(why) = rule.refusal() {
        return Err(CliError::Input(format!(
            "{}: --rule {} does not apply to an adapter: {why}",
            args.path.display(),
            rule.name()
        )));
    }
    let source = source::open(&args.path)?;
    let Some(adapter) = source.adapter() else {
        return Err(CliError::Input(format!(
            "{}: is not a LoRA adapter (no lora_A/lora_B, lora_down/lora_up, hada_* or lokr_* \
             tensors); resize reads PEFT and kohya/LyCORIS adapters",
            args.path.display()
        )));
    };
    let convention = match args.format {
        Some(AdapterFormat::Peft) => Convention::Peft,
        Some(AdapterFormat::Kohya) => Convention::Kohya,
        None => adapter.convention(),
    };
    let is_safetensors = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("safetensors"));
    let kind = match convention {
        Convention::Peft if is_safetensors => {
            return Err(CliError::Input(format!(
                "{}: a PEFT adapter is a folder (adapter_model.safetensors + \
                 adapter_config.json); give --out a folder name, or --format kohya for one file",
                args.out.display()
            )));
        }
        Convention::Kohya if !is_safetensors => {
            return Err(CliError::Input(format!(
                "{}: a kohya adapter is one .safetensors file; give --out a name ending in \
                 .safetensors, or --format peft for a folder",
                args.out.display()
            )));
        }
        Convention::Peft => OutputKind::PeftAdapter,
        Convention::Kohya => OutputKind::File,
    };
    let target = super::output_target(&args.out, kind, args.force, &[(&args.path, &source)])?;
    let job = JobControl::new();
    let progress = ProgressLine::start(
        format!(
            "{}: the SVD of {} modules from their factors",
            args.path.display(),
            adapter.modules().len()
        ),
        &job,
    );
    let spectra = module_spectra(&source, &job)?;
    drop(progress);
    let ranks = choose_ranks(&spectra, rule);
    let outcome = write_resized(&source, &spectra, &ranks, convention, &target)?;
    for name in &outcome.left_out {
        eprintln!(
            "rankscope: note: `{}` belongs to no module and has no place in a {} adapter: left out",
            source::quoted(name),
            outcome.format
        );
    }
    let report = ResizeReport {
        source: args.path.display().to_string(),
        out: args.out.display().to_string(),
        rule: rule.name(),
        outcome: &outcome,
        elapsed_secs: started.elapsed().as_secs_f64(),
    };
    if args.json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    print_stdout(&text_report(&report))
}

#[allow(clippy::cast_precision_loss)] // ratios for display
fn text_report(report: &ResizeReport<'_>) -> String {
    let outcome = report.outcome;
    let name_width = outcome
        .modules
        .iter()
        .map(|m| source::printable(&m.name, usize::MAX).chars().count())
        .max()
        .unwrap_or(6)
        .max(6);
    let mut text = format!(
        "{} → {} ({} adapter, {})\n  {:<name_width$}  {:>5}  {:>11}  {:>10}  {:>12}\n",
        source::printable(&report.source, usize::MAX),
        source::printable(&report.out, usize::MAX),
        outcome.format,
        report.rule,
        "module",
        "kind",
        "rank",
        "rel. error",
        "parameters",
    );
    for module in &outcome.modules {
        // From the rank ΔW could have (r for a LoRA pair, more for LoHa/LoKr).
        let rank = if module.rank == 0 {
            format!("{} → left out", module.rank_bound)
        } else {
            format!("{} → {}", module.rank_bound, module.rank)
        };
        let _ = writeln!(
            text,
            "  {:<name_width$}  {:>5}  {rank:>11}  {:>10.6}  {:>12}",
            source::printable(&module.name, usize::MAX),
            module.kind,
            module.relative_error,
            module.parameters,
        );
    }
    let _ = writeln!(
        text,
        "{} modules; {} → {} stored numbers ({:.1} %); overall relative error {:.6}; {:.2} s",
        outcome.modules.len(),
        outcome.parameters_before,
        outcome.parameters,
        100.0 * outcome.parameters as f64 / outcome.parameters_before.max(1) as f64,
        outcome.relative_error,
        report.elapsed_secs
    );
    text
}
