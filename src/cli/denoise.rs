//! `rankscope denoise`: the denoising demo headless — noise added to a clean photo or
//! matrix, every rank-k truncation of the noisy one measured against both, and the
//! Gavish–Donoho ranks beside the best k.

use super::args::DenoiseArgs;
use super::{CliError, print_stdout, select};
use crate::analysis::denoise::{DenoiseCurves, Denoising, denoise, noise_unit, shrink_to};
use crate::export::{ExportError, OutputKind, OutputTarget, write_file, write_png};
use crate::figure::{DenoiseFigure, Figure, FigureError, FigureFormat, FigureSize, write_figure};
use crate::linalg::JobControl;
use crate::real::Precision;
use crate::source::{Source, SourceKind};
use ndarray::Array2;
use serde::Serialize;
use std::path::Path;

/// A Gavish–Donoho threshold and the number of σ of the noisy matrix above it.
#[derive(Debug, Serialize)]
struct ThresholdRank {
    threshold: Option<f64>,
    rank: Option<usize>,
}

#[derive(Debug, Serialize)]
struct GavishDonoho {
    known_noise: ThresholdRank,
    unknown_noise: ThresholdRank,
}

/// The `--json` object (docs/cli.md).
#[derive(Debug, Serialize)]
struct DenoiseReport {
    source: String,
    matrix: String,
    shape: [usize; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    shrunk_from: Option<[usize; 2]>,
    noise_level: f64,
    noise_unit: f64,
    noise_sigma: f64,
    seed: u64,
    frobenius_norm_clean: f64,
    frobenius_norm_noisy: f64,
    singular_values: Vec<f64>,
    relative_error_clean: Vec<f64>,
    relative_error_noisy: Vec<f64>,
    best_rank: usize,
    gavish_donoho: GavishDonoho,
}

/// How an output's extension says to write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputFormat {
    Png,
    Npy,
}

fn output_format(path: &Path, is_image: bool) -> Result<OutputFormat, CliError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("npy") => Ok(OutputFormat::Npy),
        Some("png") if is_image => Ok(OutputFormat::Png),
        Some("png") => Err(CliError::Input(format!(
            "{}: a PNG holds pixels in [0, 1]; this matrix is not an image: write .npy",
            path.display()
        ))),
        _ => Err(CliError::Input(format!(
            "{}: unknown output type; use .png (images) or .npy",
            path.display()
        ))),
    }
}

fn write_matrix(
    target: &OutputTarget,
    format: OutputFormat,
    values: Array2<f64>,
) -> Result<(), ExportError> {
    match format {
        OutputFormat::Png => write_png(target, &[values]),
        OutputFormat::Npy => write_file(target, |file| {
            use ndarray_npy::WriteNpyExt;
            values.write_npy(file).map_err(|e| e.to_string())
        }),
    }
}

/// The matrix outputs (`--out-noisy` first) and the figure's, with their formats; refused
/// when one may not be written or two name the same file.
#[allow(clippy::type_complexity)] // two lists of (target, format), used once
fn check_outputs(
    args: &DenoiseArgs,
    source: &Source,
    is_image: bool,
) -> Result<
    (
        Vec<(OutputTarget, OutputFormat)>,
        Option<(OutputTarget, FigureFormat)>,
    ),
    CliError,
> {
    let mut outputs = Vec::new();
    for out in [&args.out_noisy, &args.out_denoised].into_iter().flatten() {
        let format = output_format(out, is_image)?;
        let target =
            super::output_target(out, OutputKind::File, args.force, &[(&args.path, source)])?;
        outputs.push((target, format));
    }
    let figure = match &args.figure {
        Some(path) => {
            let format = FigureFormat::of_path(path).map_err(|e| match e {
                FigureError::Unsupported(why) => CliError::Input(why),
                other => super::plot::figure_failed(path, other),
            })?;
            let target =
                super::output_target(path, OutputKind::File, args.force, &[(&args.path, source)])?;
            Some((target, format))
        }
        None => None,
    };
    let named = [
        ("--out-noisy", &args.out_noisy),
        ("--out-denoised", &args.out_denoised),
        ("--figure", &args.figure),
    ];
    for (i, (first, a)) in named.iter().enumerate() {
        for (second, b) in &named[i + 1..] {
            if let (Some(a), Some(b)) = (a, b)
                && a == b
            {
                return Err(CliError::Input(format!(
                    "{}: {first} and {second} name the same file",
                    a.display()
                )));
            }
        }
    }
    Ok((outputs, figure))
}

pub(crate) fn run(args: &DenoiseArgs) -> Result<(), CliError> {
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    let is_image = source.kind() == SourceKind::Image;
    // Outputs are checked before any work: a typo must not cost an SVD.
    let (outputs, figure) = check_outputs(args, &source, is_image)?;
    let name = select::entry_name(&source, args.tensor.as_deref(), args.channel.as_deref())?;
    super::ensure_svd_fits(
        &source,
        &name,
        Some(Precision::F64),
        super::SvdPlan::Vectors,
    )?;
    let matrix = super::load_matrix(&source, &name, Some(Precision::F64))?;
    let full = matrix.data.to_f64();
    let clean = match args.size {
        Some(size) => shrink_to(full.view(), size as usize),
        None => full.clone(),
    };
    let shrunk_from = (clean.dim() != full.dim()).then(|| [full.nrows(), full.ncols()]);
    drop(full);
    let (m, n) = clean.dim();
    if let Some(rank) = args.rank
        && rank > m.min(n)
    {
        return Err(CliError::Input(format!(
            "{}: rank {rank} exceeds min(m, n) = {} of the {m} × {n} matrix `{}`",
            args.path.display(),
            m.min(n),
            crate::source::quoted(&name)
        )));
    }
    let unit = noise_unit(clean.view(), is_image);
    let noise_sigma = args.noise * unit;
    let run = denoise(clean.view(), noise_sigma, args.seed, &JobControl::new())
        .map_err(|e| super::svd_failed(&args.path, &name, e))?;
    let curves = &run.curves;
    let denoised_rank = args.rank.or_else(|| curves.known_noise_rank()).unwrap_or(0);
    write_outputs(args, &run, denoised_rank, outputs)?;
    if let Some((target, format)) = figure {
        let title = crate::figure::title_of(&args.path, &crate::source::quoted(&name));
        let figure = Figure::Denoise(DenoiseFigure::new(title, curves.clone(), args.rank));
        write_figure(&target, &figure, format, FigureSize::default())
            .map_err(|e| super::plot::figure_failed(&args.path, e))?;
    }
    let report = DenoiseReport {
        source: args.path.display().to_string(),
        matrix: name,
        shape: [m, n],
        shrunk_from,
        noise_level: args.noise,
        noise_unit: unit,
        noise_sigma,
        seed: args.seed,
        frobenius_norm_clean: curves.clean_norm,
        frobenius_norm_noisy: curves.noisy_norm,
        singular_values: curves.singular_values.clone(),
        relative_error_clean: curves.error_vs_clean.clone(),
        relative_error_noisy: curves.error_vs_noisy.clone(),
        best_rank: curves.best_rank(),
        gavish_donoho: GavishDonoho {
            known_noise: ThresholdRank {
                threshold: curves.known_noise_threshold(),
                rank: curves.known_noise_rank(),
            },
            unknown_noise: ThresholdRank {
                threshold: curves.unknown_noise_threshold(),
                rank: curves.unknown_noise_rank(),
            },
        },
    };
    if args.json {
        let text = serde_json::to_string(&report)
            .map_err(|e| CliError::Internal(format!("cannot encode the report: {e}")))?;
        print_stdout(&format!("{text}\n"))
    } else {
        print_stdout(&summary(&report, curves, is_image, args, denoised_rank))
    }
}

fn write_outputs(
    args: &DenoiseArgs,
    run: &Denoising,
    denoised_rank: usize,
    mut outputs: Vec<(OutputTarget, OutputFormat)>,
) -> Result<(), CliError> {
    // Same order as they were checked: --out-noisy first.
    if args.out_noisy.is_some() {
        let (target, format) = outputs.remove(0);
        write_matrix(&target, format, run.noisy.clone())?;
    }
    if args.out_denoised.is_some() {
        let (target, format) = outputs.remove(0);
        write_matrix(&target, format, run.denoised(denoised_rank))?;
    }
    Ok(())
}

fn percent(value: f64) -> String {
    format!("{:.2} %", 100.0 * value)
}

/// The human-readable summary: the noise, the best k and the Gavish–Donoho ranks with their
/// clean errors, then a few ranks of both curves.
fn summary(
    report: &DenoiseReport,
    curves: &DenoiseCurves,
    is_image: bool,
    args: &DenoiseArgs,
    denoised_rank: usize,
) -> String {
    use std::fmt::Write;
    let [m, n] = report.shape;
    let mut out = format!(
        "{} › {}\n  {m} × {n}",
        crate::source::printable(&report.source, usize::MAX),
        crate::source::quoted(&report.matrix)
    );
    if let Some([fm, fn_]) = report.shrunk_from {
        let _ = write!(out, " (pooled down from {fm} × {fn_})");
    }
    let unit_name = if is_image {
        "the pixel range".to_owned()
    } else {
        format!("max − min = {:.6}", report.noise_unit)
    };
    let _ = writeln!(
        out,
        ", computed in f64\n  noise: σ_n = {} × {unit_name} = {:.6}, Gaussian, seed {}",
        report.noise_level, report.noise_sigma, report.seed
    );
    let _ = writeln!(
        out,
        "  ‖C‖_F = {:.6} (clean)   ‖N‖_F = {:.6} (noisy)",
        report.frobenius_norm_clean, report.frobenius_norm_noisy
    );
    let error_at = |k: usize| percent(curves.error_vs_clean[k]);
    let best = report.best_rank;
    let _ = writeln!(
        out,
        "  best k (least ‖C − N_k‖_F / ‖C‖_F): {best} → {}",
        error_at(best)
    );
    let lines = [
        ("known σ_n", &report.gavish_donoho.known_noise),
        ("unknown σ_n", &report.gavish_donoho.unknown_noise),
    ];
    for (what, rule) in lines {
        if let (Some(k), Some(t)) = (rule.rank, rule.threshold) {
            let _ = writeln!(
                out,
                "  Gavish–Donoho ({what}): keep σ_i > {t:.6} → k = {k} → {}",
                error_at(k)
            );
        }
    }
    let _ = writeln!(
        out,
        "  full rank (N itself): {}",
        error_at(curves.max_rank())
    );
    let _ = writeln!(
        out,
        "\n       k  error vs clean  error vs noisy\n  (÷ ‖C‖_F against C, ÷ ‖N‖_F against N)"
    );
    let mut ranks: Vec<usize> = std::iter::successors(Some(1usize), |k| Some(k * 2))
        .take_while(|&k| k < curves.max_rank())
        .collect();
    ranks.extend([best, curves.max_rank()]);
    ranks.extend(report.gavish_donoho.known_noise.rank);
    ranks.extend(report.gavish_donoho.unknown_noise.rank);
    ranks.sort_unstable();
    ranks.dedup();
    for k in ranks {
        let _ = writeln!(
            out,
            "  {k:>6}  {:>14}  {:>14}",
            error_at(k),
            percent(curves.error_vs_noisy[k])
        );
    }
    for (path, what) in [
        (&args.out_noisy, "the noisy matrix".to_owned()),
        (
            &args.out_denoised,
            format!("the rank-{denoised_rank} truncation"),
        ),
        (&args.figure, "the figure of both error curves".to_owned()),
    ] {
        if let Some(path) = path {
            let _ = writeln!(out, "wrote {what} to {}", path.display());
        }
    }
    out
}
