//! `rankscope export`: write the chosen-rank factors, reconstruction or analysis.

use super::analyze::{check_rank, origin, spectrum_of};
use super::args::ExportArgs;
use super::progress::ProgressLine;
use super::{CliError, print_stdout, select};
use crate::analysis::{AnalysisReport, RankRule, Spectrum};
use crate::export::{self, ExportSubject, FactorMetadata, Format, OutputKind, OutputTarget};
use crate::linalg::{AnyFactors, JobControl, Method, RandomizedOptions, Request, decompose};
use crate::source::{CHANNEL_RGB, Matrix, Source, SourceKind};

/// The rank the user's choice picks for `spectrum`.
fn chosen_rank(args: &ExportArgs, spectrum: &Spectrum) -> Result<usize, CliError> {
    let rule = match (args.rank, args.energy, args.rule) {
        (Some(rank), _, _) => return Ok(rank),
        (None, Some(fraction), _) => RankRule::Energy(fraction),
        (None, None, Some(rule)) => rule,
        (None, None, None) => {
            return Err(CliError::Input(
                "choose a rank with --rank, --energy or --rule".to_owned(),
            ));
        }
    };
    rule.rank(spectrum)
        .ok_or_else(|| match rule.refusal(spectrum) {
            Some(why) => CliError::Input(format!(
                "{}: --rule {} does not apply: {why}",
                args.path.display(),
                rule.name()
            )),
            None => CliError::Internal(format!("rule {} found no rank", rule.name())),
        })
}

pub(crate) fn exact_factors(source: &Source, matrix: &Matrix) -> Result<AnyFactors, CliError> {
    let job = JobControl::new();
    let (m, n) = matrix.shape();
    let _progress = ProgressLine::start(
        format!(
            "{} › {} ({m} × {n})",
            source.path().display(),
            crate::source::quoted(&matrix.name)
        ),
        &job,
    );
    let request = Request {
        method: Method::Exact,
        rank: m.min(n),
        randomized: RandomizedOptions::default(),
    };
    decompose(&matrix.data, request, &job)
        .map_err(|e| super::svd_failed(source.path(), &matrix.name, e))
}

pub(crate) fn run(args: &ExportArgs) -> Result<(), CliError> {
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    let target = super::output_target(
        &args.out,
        OutputKind::File,
        args.force,
        &[(&args.path, &source)],
    )?;
    let colour = args.channel.as_deref() == Some(CHANNEL_RGB);
    let subject = if colour {
        ExportSubject::ColourImage
    } else if source.kind() == SourceKind::Image {
        ExportSubject::ImageChannel
    } else {
        ExportSubject::Matrix
    };
    if let Some(why) = args.format.refusal(subject) {
        return Err(CliError::Input(format!("{}: {why}", args.path.display())));
    }
    if colour {
        return export_colour_png(args, &source, &target);
    }
    let name = select::entry_name(&source, args.tensor.as_deref(), args.channel.as_deref())?;
    if let Some(factored) = source.factored(&name)?
        && let Some(done) = export_module(args, &source, &name, &factored, &target)?
    {
        return Ok(done);
    }
    let plan = if args.format == Format::Json {
        super::SvdPlan::Values
    } else {
        super::SvdPlan::Vectors
    };
    super::ensure_svd_fits(&source, &name, args.precision, plan)?;
    let matrix = super::load_matrix(&source, &name, args.precision)?;
    if let Some(rank) = args.rank {
        check_rank(&source, &matrix, rank)?;
    }
    if args.format == Format::Json {
        let (spectrum, elapsed_secs) = spectrum_of(&source, &matrix, Method::Exact, None)?;
        let rank = chosen_rank(args, &spectrum)?;
        let report = AnalysisReport::new(
            origin(&source, &matrix),
            &spectrum,
            matrix.data.precision(),
            Method::Exact,
            elapsed_secs,
            Some(rank),
        );
        export::write_json(&target, &report)?;
        return confirm(args, rank, spectrum.relative_error(rank));
    }
    let factors = exact_factors(&source, &matrix)?;
    let (m, n) = matrix.shape();
    let spectrum = Spectrum::complete(factors.singular_values_f64(), m, n);
    let rank = chosen_rank(args, &spectrum)?;
    let metadata = FactorMetadata {
        source: args.path.display().to_string(),
        matrix: matrix.name.clone(),
        rank,
        relative_error: spectrum.relative_error(rank),
    };
    export::write_factors(args.format, &target, &factors, &metadata)?;
    confirm(args, rank, metadata.relative_error)
}

/// `export` of an adapter module from its factors: the SVD of ΔW without forming it. `None`
/// when the rank asked for exceeds the components the factors give (the rest of ΔW's σ are
/// 0 and the dense path writes them).
fn export_module(
    args: &ExportArgs,
    source: &Source,
    name: &str,
    factored: &crate::linalg::Factored,
    target: &OutputTarget,
) -> Result<Option<()>, CliError> {
    let entry = source.entry(name)?;
    let (m, n) = factored.shape();
    if let Some(rank) = args.rank.filter(|&k| k > m.min(n)) {
        return Err(CliError::Input(format!(
            "{}: rank {rank} exceeds min(m, n) = {} of the {m} × {n} ΔW of `{}`",
            source.path().display(),
            m.min(n),
            crate::source::quoted(name)
        )));
    }
    let started = std::time::Instant::now();
    let (spectrum, factors) = crate::checkpoint::factored_spectrum(factored, &JobControl::new())
        .map_err(|e| super::svd_failed(source.path(), name, e))?;
    let rank = chosen_rank(args, &spectrum)?;
    if args.format == Format::Json {
        let origin = crate::analysis::ReportOrigin {
            source: source.path().display().to_string(),
            matrix: name.to_owned(),
            dtype: entry.dtype.name().to_owned(),
            stored_shape: entry.stored_shape.clone(),
            is_image: false,
            replaced_non_finite: None,
        };
        let mut report = AnalysisReport::new(
            origin,
            &spectrum,
            crate::real::Precision::F64,
            Method::Exact,
            started.elapsed().as_secs_f64(),
            Some(rank),
        );
        report.adapter = source.adapter_facts(name);
        export::write_json(target, &report)?;
        return confirm(args, rank, spectrum.relative_error(rank)).map(Some);
    }
    if rank > factors.rank() {
        return Ok(None);
    }
    let factors = match source.precision_of(entry, args.precision) {
        crate::real::Precision::F64 => AnyFactors::F64(factors),
        crate::real::Precision::F32 => AnyFactors::F32(crate::linalg::Factors {
            u: factors.u.mapv(<f32 as crate::real::Real>::from_f64),
            s: factors.s.mapv(<f32 as crate::real::Real>::from_f64),
            vt: factors.vt.mapv(<f32 as crate::real::Real>::from_f64),
        }),
    };
    let metadata = FactorMetadata {
        source: args.path.display().to_string(),
        matrix: name.to_owned(),
        rank,
        relative_error: spectrum.relative_error(rank),
    };
    export::write_factors(args.format, target, &factors, &metadata)?;
    confirm(args, rank, metadata.relative_error).map(Some)
}

/// `--channel rgb`: one SVD per colour channel, the same k for all (for a rule, the largest
/// of the three channels' ranks, so no channel is cut below what the rule asks).
fn export_colour_png(
    args: &ExportArgs,
    source: &Source,
    target: &OutputTarget,
) -> Result<(), CliError> {
    let mut per_channel = Vec::with_capacity(3);
    for channel in ["r", "g", "b"] {
        if source.entry(channel).is_err() {
            return Err(CliError::Input(format!(
                "{}: is not a colour image; export a single channel instead",
                args.path.display()
            )));
        }
        super::ensure_svd_fits(source, channel, args.precision, super::SvdPlan::Vectors)?;
        let matrix = super::load_matrix(source, channel, args.precision)?;
        if let Some(rank) = args.rank {
            check_rank(source, &matrix, rank)?;
        }
        let factors = exact_factors(source, &matrix)?;
        let (m, n) = matrix.shape();
        let spectrum = Spectrum::complete(factors.singular_values_f64(), m, n);
        per_channel.push((factors, spectrum));
    }
    let mut rank = 0;
    for (_, spectrum) in &per_channel {
        rank = rank.max(chosen_rank(args, spectrum)?);
    }
    let channels: Vec<_> = per_channel
        .iter()
        .map(|(f, _)| f.reconstruct_f64(rank))
        .collect();
    export::write_png(target, &channels)?;
    // Relative error of the whole colour image, as the window's colour mode says it.
    let spectra: Vec<Spectrum> = per_channel.into_iter().map(|(_, s)| s).collect();
    let relative_error = crate::analysis::Channels::new(&spectra).relative_error(rank);
    confirm(args, rank, relative_error)
}

fn confirm(args: &ExportArgs, rank: usize, relative_error: f64) -> Result<(), CliError> {
    print_stdout(&format!(
        "wrote {} ({}, rank {rank}, relative error {relative_error:.6})\n",
        args.out.display(),
        args.format.name()
    ))
}
