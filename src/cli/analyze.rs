//! `rankscope analyze`: σ of one matrix and what each rank keeps.

use super::args::AnalyzeArgs;
use super::progress::ProgressLine;
use super::{CliError, print_stdout, select};
use crate::analysis::{AnalysisReport, ReportOrigin, Spectrum, storage_numbers};
use crate::linalg::{JobControl, Method, RandomizedOptions, Request, singular_values_of};
use crate::source::{Matrix, Source};
use std::fmt::Write;
use std::time::Instant;

/// Components the randomized engine computes when `--rank` is not given.
const DEFAULT_RANDOMIZED_RANK: usize = 64;

/// Where `matrix` came from, for reports.
pub(crate) fn origin(source: &Source, matrix: &Matrix) -> ReportOrigin {
    ReportOrigin {
        source: source.path().display().to_string(),
        matrix: matrix.name.clone(),
        dtype: matrix.source_dtype.name().to_owned(),
        stored_shape: matrix.stored_shape.clone(),
        is_image: matrix.is_image,
        replaced_non_finite: matrix.replaced_non_finite.clone(),
    }
}

/// Refuses a rank above min(m, n).
pub(crate) fn check_rank(source: &Source, matrix: &Matrix, rank: usize) -> Result<(), CliError> {
    let (m, n) = matrix.shape();
    if rank > m.min(n) {
        return Err(CliError::Input(format!(
            "{}: rank {rank} exceeds min(m, n) = {} of the {m} × {n} matrix `{}`",
            source.path().display(),
            m.min(n),
            crate::source::quoted(&matrix.name)
        )));
    }
    Ok(())
}

/// The spectrum of `matrix` by `method`, timed, with a progress line on a terminal.
pub(crate) fn spectrum_of(
    source: &Source,
    matrix: &Matrix,
    method: Method,
    rank: Option<usize>,
) -> Result<(Spectrum, f64), CliError> {
    let (m, n) = matrix.shape();
    let request = Request {
        method,
        rank: rank.unwrap_or(DEFAULT_RANDOMIZED_RANK).min(m.min(n)),
        randomized: RandomizedOptions::default(),
    };
    if method == Method::Randomized && request.rank == 0 {
        return Err(CliError::Input(
            "--method randomized needs --rank of at least 1".to_owned(),
        ));
    }
    let job = JobControl::new();
    let progress = ProgressLine::start(
        format!(
            "{} › {} ({m} × {n})",
            source.path().display(),
            crate::source::quoted(&matrix.name)
        ),
        &job,
    );
    let started = Instant::now();
    let values = singular_values_of(&matrix.data, request, &job)
        .map_err(|e| super::svd_failed(source.path(), &matrix.name, e))?;
    let elapsed_secs = started.elapsed().as_secs_f64();
    drop(progress);
    let spectrum = match method {
        Method::Exact => Spectrum::complete(values, m, n),
        Method::Randomized => Spectrum::partial(values, m, n, matrix.data.frobenius_norm()),
    };
    Ok((spectrum, elapsed_secs))
}

pub(crate) fn run(args: &AnalyzeArgs) -> Result<(), CliError> {
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    let name = select::entry_name(&source, args.tensor.as_deref(), args.channel.as_deref())?;
    if let Some(factored) = source.factored(&name)? {
        return analyze_module(args, &source, &name, &factored);
    }
    let plan = match Method::from(args.method) {
        Method::Exact => super::SvdPlan::Values,
        Method::Randomized => super::SvdPlan::Randomized,
    };
    super::ensure_svd_fits(&source, &name, args.precision, plan)?;
    let matrix = super::load_matrix(&source, &name, args.precision)?;
    if let Some(rank) = args.rank {
        check_rank(&source, &matrix, rank)?;
    }
    let method = Method::from(args.method);
    let (spectrum, elapsed_secs) = spectrum_of(&source, &matrix, method, args.rank)?;
    let report = AnalysisReport::new(
        origin(&source, &matrix),
        &spectrum,
        matrix.data.precision(),
        method,
        elapsed_secs,
        args.rank,
    );
    if args.json {
        let text = serde_json::to_string(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    print_stdout(&human_report(&report, &spectrum))
}

/// `analyze` of an adapter module: ΔW's spectrum from its factors (exact, in f64, whatever
/// `--method` and `--precision` say: the factors make it cheap), with the module's facts.
fn analyze_module(
    args: &AnalyzeArgs,
    source: &Source,
    name: &str,
    factored: &crate::linalg::Factored,
) -> Result<(), CliError> {
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
    let job = JobControl::new();
    let progress = ProgressLine::start(
        format!(
            "{} › {} (ΔW {m} × {n} from its factors)",
            source.path().display(),
            crate::source::quoted(name)
        ),
        &job,
    );
    let started = Instant::now();
    let (spectrum, _) = crate::checkpoint::factored_spectrum(factored, &job)
        .map_err(|e| super::svd_failed(source.path(), name, e))?;
    let elapsed_secs = started.elapsed().as_secs_f64();
    drop(progress);
    let origin = ReportOrigin {
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
        elapsed_secs,
        args.rank,
    );
    let mut facts = source.adapter_facts(name);
    if let Some(facts) = &mut facts {
        let epsilon = if entry.dtype == crate::source::Dtype::F64 {
            f64::EPSILON
        } else {
            f64::from(f32::EPSILON)
        };
        facts.set_rank_used(crate::analysis::numerical_rank(
            spectrum.singular_values(),
            m,
            n,
            epsilon,
        ));
    }
    report.adapter = facts;
    if args.json {
        let text = serde_json::to_string(&report).map_err(|e| CliError::Internal(e.to_string()))?;
        return print_stdout(&format!("{text}\n"));
    }
    let mut text = human_report(&report, &spectrum);
    if let Some(facts) = &report.adapter {
        let head_end = text.find("\n  suggested").unwrap_or(text.len());
        let line = format!(
            "\n  ΔW of a {} {} module: r = {}, alpha = {}, scale = {} ({}); it uses rank {} of {}{}; σ {}",
            facts.convention,
            facts.kind,
            facts.rank,
            facts.alpha,
            facts.scale,
            facts.scale_from,
            facts.rank_used.unwrap_or(0),
            facts.rank_bound,
            if facts.underused == Some(true) {
                " (underused)"
            } else {
                ""
            },
            factored.method().describe()
        );
        text.insert_str(head_end, &line);
    }
    if let Some(note) = source.adapter().and_then(crate::source::AdapterFile::note) {
        let _ = writeln!(text, "  note: {note}");
    }
    print_stdout(&text)
}

/// Ranks worth a row: powers of two, the suggested ranks, the requested one, the last.
fn table_ranks(report: &AnalysisReport, len: usize) -> Vec<usize> {
    let mut ranks: Vec<usize> = std::iter::successors(Some(1usize), |k| k.checked_mul(2))
        .take_while(|&k| k <= len)
        .collect();
    let suggested = &report.suggested_ranks;
    ranks.extend(
        [
            suggested.energy_90,
            suggested.energy_99,
            suggested.gavish_donoho,
        ]
        .into_iter()
        .flatten(),
    );
    ranks.extend(report.selected_rank.as_ref().map(|s| s.rank));
    ranks.push(len);
    ranks.retain(|&k| k >= 1 && k <= len);
    ranks.sort_unstable();
    ranks.dedup();
    ranks
}

fn rank_or_dash(rank: Option<usize>) -> String {
    rank.map_or_else(|| "–".to_owned(), |k| k.to_string())
}

fn human_report(report: &AnalysisReport, spectrum: &Spectrum) -> String {
    let [m, n] = report.shape;
    let mut out = String::new();
    let flattened = report
        .stored_shape
        .as_ref()
        .map(|s| format!(" (stored as {}, flattened)", crate::source::format_shape(s)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} › {}",
        crate::source::printable(&report.source, usize::MAX),
        crate::source::printable(&report.matrix, usize::MAX)
    );
    let _ = writeln!(
        out,
        "  {m} × {n}{flattened}, {} computed in {}, {} SVD in {:.3} s",
        report.dtype, report.precision, report.method, report.elapsed_secs
    );
    let _ = writeln!(
        out,
        "  ‖A‖_F = {:.6}   σ₁ = {:.6}   stable rank = {:.2}   effective rank = {:.1}",
        report.frobenius_norm,
        report.singular_values.first().copied().unwrap_or(0.0),
        report.stable_rank,
        report.effective_rank
    );
    if let Some(found) = &report.replaced_non_finite {
        let _ = writeln!(out, "  replaced with 0 before the SVD: {found}");
    }
    let suggested = &report.suggested_ranks;
    let _ = writeln!(
        out,
        "  suggested ranks: 90 % energy → {}   99 % energy → {}   Gavish–Donoho → {}",
        rank_or_dash(suggested.energy_90),
        rank_or_dash(suggested.energy_99),
        rank_or_dash(suggested.gavish_donoho)
    );
    if let Some(why) = spectrum.gavish_donoho_refusal() {
        let _ = writeln!(out, "  ({why})");
    }
    let is_image = report.psnr_db.is_some();
    let _ = writeln!(out);
    let _ = write!(
        out,
        "  {:>6}  {:>12}  {:>10}  {:>8}",
        "k", "σ_k", "rel. error", "energy"
    );
    if is_image {
        let _ = write!(out, "  {:>9}", "PSNR");
    }
    let _ = writeln!(out, "  {:>14}", "stored numbers");
    let matrix_numbers = m as u64 * n as u64;
    for k in table_ranks(report, spectrum.len()) {
        let _ = write!(
            out,
            "  {k:>6}  {:>12.6}  {:>10.6}  {:>7.3}%",
            spectrum.singular_values()[k - 1],
            spectrum.relative_error(k),
            spectrum.energy(k) * 100.0
        );
        if is_image {
            let psnr = spectrum
                .psnr_db(k)
                .map_or_else(|| "exact".to_owned(), |p| format!("{p:.2} dB"));
            let _ = write!(out, "  {psnr:>9}");
        }
        let stored = storage_numbers(k, m, n);
        #[allow(clippy::cast_precision_loss)]
        let percent = 100.0 * stored as f64 / matrix_numbers as f64;
        let _ = writeln!(out, "  {stored:>14} ({percent:.1} % of m·n)");
    }
    out
}
