//! `rankscope animate`: a matrix or photo rebuilt from its rank-1 layers, as an animated GIF.

use super::args::AnimateArgs;
use super::{CliError, print_stdout, select};
use crate::export::{AnimationSettings, OutputKind, write_rank_animation};
use crate::linalg::JobControl;
use crate::source::{CHANNEL_RGB, SourceKind};

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
    let mut loaded = Vec::with_capacity(names.len());
    for name in &names {
        super::ensure_svd_fits(&source, name, None, super::SvdPlan::Vectors)?;
        let matrix = super::load_matrix(&source, name, None)?;
        let factors = super::export::exact_factors(&source, &matrix)?;
        loaded.push((matrix, factors));
    }
    let channels: Vec<_> = loaded.iter().map(|(m, f)| (m, f)).collect();
    let settings = AnimationSettings {
        frames: usize::from(args.frames),
        frame_ms: args.frame_ms,
        size: usize::from(args.size),
    };
    let written = write_rank_animation(&target, &channels, settings, &JobControl::new())?;
    print_stdout(&format!(
        "wrote {} ({} frames, k = {} … {}, {} × {} pixels)\n",
        args.out.display(),
        written.frames,
        written.first_rank,
        written.max_rank,
        written.width,
        written.height,
    ))
}
