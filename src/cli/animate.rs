//! `rankscope animate`: a matrix or photo rebuilt from its rank-1 layers, as an animated GIF.

use super::args::AnimateArgs;
use super::{CliError, print_stdout, select};
use crate::export::{OutputKind, Palette, log_spaced_ranks, write_gif};
use crate::linalg::AnyFactors;
use crate::matrix::{Matrix, MatrixData};
use crate::preview::{PooledFactors, ValueRange};
use crate::source::{CHANNEL_RGB, SourceKind};

/// The pooled factors of one loaded matrix, at most `size` pixels a side; a photo keeps its
/// shape (both sides shrink by the same factor), a weight matrix fills a square.
fn pooled(matrix: &Matrix, factors: &AnyFactors, size: usize) -> PooledFactors {
    let (m, n) = matrix.shape();
    let (rows, cols) = if matrix.is_image && m.max(n) > size {
        let shrink = |side: usize| (side * size).div_ceil(m.max(n)).max(1);
        (shrink(m), shrink(n))
    } else {
        (size, size)
    };
    match (&matrix.data, factors) {
        (MatrixData::F32(a), AnyFactors::F32(f)) => PooledFactors::new(a.view(), f, rows, cols),
        (MatrixData::F64(a), AnyFactors::F64(f)) => PooledFactors::new(a.view(), f, rows, cols),
        // The factors are computed in the matrix's own precision.
        (MatrixData::F32(a), AnyFactors::F64(f)) => {
            PooledFactors::new(a.mapv(f64::from).view(), f, rows, cols)
        }
        (MatrixData::F64(a), AnyFactors::F32(f)) => {
            #[allow(clippy::cast_possible_truncation)] // display precision
            let a = a.mapv(|x| x as f32);
            PooledFactors::new(a.view(), f, rows, cols)
        }
    }
}

pub(crate) fn run(args: &AnimateArgs) -> Result<(), CliError> {
    let source = super::open_source(&args.path, args.nan_to_zero)?;
    let target = super::output_target(
        &args.out,
        OutputKind::File,
        args.force,
        &[(&args.path, &source)],
    )?;
    let is_image = source.kind() == SourceKind::Image;
    // A colour photo animates in colour unless a channel is asked for.
    let colour = args.channel.as_deref() == Some(CHANNEL_RGB)
        || (is_image && args.channel.is_none() && source.entry("r").is_ok());
    let names: Vec<String> = if colour {
        if source.entry("r").is_err() {
            return Err(CliError::Input(format!(
                "{}: is not a colour image; animate one channel instead",
                args.path.display()
            )));
        }
        ["r", "g", "b"].map(str::to_owned).to_vec()
    } else {
        vec![select::entry_name(
            &source,
            args.tensor.as_deref(),
            args.channel.as_deref(),
        )?]
    };
    let size = usize::from(args.size);
    let mut channels = Vec::with_capacity(names.len());
    for name in &names {
        super::ensure_svd_fits(&source, name, None, super::SvdPlan::Vectors)?;
        let matrix = super::load_matrix(&source, name, None)?;
        let factors = super::export::exact_factors(&source, &matrix)?;
        channels.push(pooled(&matrix, &factors, size));
    }
    let max_rank = channels[0].rank();
    let ranks = log_spaced_ranks(max_rank, usize::from(args.frames));
    let palette = if is_image {
        Palette::Picture
    } else {
        Palette::Weights(ValueRange::symmetric(channels[0].original.view()))
    };
    write_gif(&target, &channels, &ranks, palette, args.frame_ms)?;
    let (rows, cols) = channels[0].pixel_shape();
    print_stdout(&format!(
        "wrote {} ({} frames, k = {} … {max_rank}, {cols} × {rows} pixels)\n",
        args.out.display(),
        ranks.len(),
        ranks.first().copied().unwrap_or(0),
    ))
}
