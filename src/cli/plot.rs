//! `rankscope plot`: a figure of one matrix (or colour image) for slides and papers, as SVG,
//! PNG or CSV by the output's extension.

use super::analyze::{check_rank, spectrum_of};
use super::args::PlotArgs;
use super::export::exact_factors;
use super::{CliError, print_stdout, select};
use crate::analysis::{Spectrum, default_rank};
use crate::export::{OutputKind, OutputTarget};
use crate::figure::{
    Curves, Figure, FigureError, FigureFormat, FigureKind, FigureSize, Layers, title_of,
    write_figure,
};
use crate::linalg::{AnyFactors, Method};
use crate::matrix::MatrixData;
use crate::preview::PooledFactors;
use crate::source::{CHANNEL_RGB, Matrix, Source, SourceKind};

/// The most pixels a side of a layer picture has: matrices are pooled down to it.
const LAYER_PICTURE_PX: usize = 320;

/// A figure's refusal or failure, as the exit status wants it, naming `path`.
pub(super) fn figure_failed(path: &std::path::Path, error: FigureError) -> CliError {
    match error {
        FigureError::Unsupported(why) => CliError::Input(format!("{}: {why}", path.display())),
        FigureError::Draw(why) => CliError::Internal(format!("{}: {why}", path.display())),
        FigureError::Export(error) => error.into(),
    }
}

pub(crate) fn run(args: &PlotArgs) -> Result<(), CliError> {
    // The format first: a wrong extension is refused before any work.
    let format = FigureFormat::of_path(&args.out).map_err(|e| match e {
        FigureError::Unsupported(why) => CliError::Input(why),
        other => figure_failed(&args.out, other),
    })?;
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    let target = super::output_target(
        &args.out,
        OutputKind::File,
        args.force,
        &[(&args.path, &source)],
    )?;
    let is_image = source.kind() == SourceKind::Image;
    if args.kind == FigureKind::Psnr && !is_image {
        return Err(CliError::Input(format!(
            "{}: PSNR is defined for images (pixels in [0, 1]); for a matrix plot --kind error or energy",
            args.path.display()
        )));
    }
    if args.kind == FigureKind::Layers && format == FigureFormat::Csv {
        return Err(CliError::Input(format!(
            "{}: the layers figure is pictures and has no CSV; its numbers are the spectrum's \
             (‖σᵢuᵢvᵢᵀ‖_F = σᵢ): use --kind spectrum with .csv",
            args.out.display()
        )));
    }
    let colour = args.channel.as_deref() == Some(CHANNEL_RGB);
    let matrices = if colour {
        colour_channels(args, &source)?
    } else {
        let name = select::entry_name(&source, args.tensor.as_deref(), args.channel.as_deref())?;
        vec![name]
    };
    let figure = if args.kind == FigureKind::Layers {
        layers_figure(args, &source, &matrices)?
    } else {
        curves_figure(args, &source, &matrices)?
    };
    write_figure(&target, &figure, format, FigureSize::default())
        .map_err(|e| figure_failed(&args.path, e))?;
    confirm(args, format, &figure, &target)
}

/// `--channel rgb`: the r, g and b channels of a colour image.
fn colour_channels(args: &PlotArgs, source: &Source) -> Result<Vec<String>, CliError> {
    let channels = ["r", "g", "b"];
    if source.kind() != SourceKind::Image || channels.iter().any(|c| source.entry(c).is_err()) {
        return Err(CliError::Input(format!(
            "{}: is not a colour image; plot one channel or matrix instead",
            args.path.display()
        )));
    }
    Ok(channels.map(str::to_owned).into())
}

fn title(args: &PlotArgs, matrices: &[String]) -> String {
    let matrix = if matrices.len() == 3 {
        "colour (r, g, b)"
    } else {
        matrices.first().map_or("", String::as_str)
    };
    title_of(&args.path, &crate::source::quoted(matrix))
}

fn load(
    args: &PlotArgs,
    source: &Source,
    name: &str,
    plan: super::SvdPlan,
) -> Result<Matrix, CliError> {
    super::ensure_svd_fits(source, name, args.precision, plan)?;
    let matrix = super::load_matrix(source, name, args.precision)?;
    if let Some(rank) = args.rank {
        check_rank(source, &matrix, rank)?;
    }
    Ok(matrix)
}

fn curves_figure(
    args: &PlotArgs,
    source: &Source,
    matrices: &[String],
) -> Result<Figure, CliError> {
    let mut spectra = Vec::with_capacity(matrices.len());
    let mut is_image = false;
    for name in matrices {
        let matrix = load(args, source, name, super::SvdPlan::Values)?;
        is_image = matrix.is_image;
        let (mut spectrum, _) = spectrum_of(source, &matrix, Method::Exact, None)?;
        // An adapter module's ΔW is of rank ≤ r by construction: no Gavish–Donoho line.
        if let Some(facts) = source.adapter_facts(name) {
            spectrum = spectrum.with_rank_bound(facts.rank_bound);
        }
        spectra.push(spectrum);
    }
    let title = title(args, matrices);
    let curves = match <[Spectrum; 3]>::try_from(spectra) {
        Ok(rgb) => Curves::colour(title, rgb),
        Err(mut one) => Curves::single(title, one.remove(0), is_image),
    };
    Figure::curve(args.kind, curves, args.rank).map_err(|e| figure_failed(&args.path, e))
}

fn layers_figure(
    args: &PlotArgs,
    source: &Source,
    matrices: &[String],
) -> Result<Figure, CliError> {
    let mut pooled = Vec::with_capacity(matrices.len());
    let mut spectra = Vec::with_capacity(matrices.len());
    let mut is_image = false;
    for name in matrices {
        let matrix = load(args, source, name, super::SvdPlan::Vectors)?;
        is_image = matrix.is_image;
        let factors = exact_factors(source, &matrix)?;
        let (m, n) = matrix.shape();
        spectra.push(Spectrum::complete(factors.singular_values_f64(), m, n));
        pooled.push(pooled_of(&matrix, &factors)?);
    }
    // Without --rank, the rank the window opens on (per channel; the largest for colour).
    let rank = match args.rank {
        Some(rank) => rank,
        None => spectra
            .iter()
            .map(|s| default_rank(s).unwrap_or(s.len()))
            .max()
            .unwrap_or(0),
    };
    let relative_error = match spectra.as_slice() {
        [one] => one.relative_error(rank),
        many => crate::analysis::Channels::new(many).relative_error(rank),
    };
    Ok(Figure::Layers(Layers::new(
        title(args, matrices),
        pooled,
        is_image,
        rank,
        relative_error,
    )))
}

fn pooled_of(matrix: &Matrix, factors: &AnyFactors) -> Result<PooledFactors, CliError> {
    match (&matrix.data, factors) {
        (MatrixData::F32(a), AnyFactors::F32(f)) => Ok(PooledFactors::new(
            a.view(),
            f,
            LAYER_PICTURE_PX,
            LAYER_PICTURE_PX,
        )),
        (MatrixData::F64(a), AnyFactors::F64(f)) => Ok(PooledFactors::new(
            a.view(),
            f,
            LAYER_PICTURE_PX,
            LAYER_PICTURE_PX,
        )),
        _ => Err(CliError::Internal(
            "factors in another precision than their matrix".to_owned(),
        )),
    }
}

fn confirm(
    args: &PlotArgs,
    format: FigureFormat,
    figure: &Figure,
    target: &OutputTarget,
) -> Result<(), CliError> {
    let rank = match figure {
        Figure::Layers(layers) => format!(", rank {}", layers.rank()),
        Figure::Curve { rank: Some(k), .. } => format!(", rank {k}"),
        Figure::Curve { rank: None, .. } | Figure::Denoise(_) | Figure::Spectra(_) => String::new(),
    };
    print_stdout(&format!(
        "wrote {} ({} as {}{rank})\n",
        target.path().display(),
        args.kind.name(),
        format.extension()
    ))
}
