//! Which matrix a command line means: `--tensor` for tensor files, `--channel` for images.

use super::CliError;
use crate::source::{CHANNEL_RGB, Source, SourceKind};

/// The entry name that `--tensor` / `--channel` select in `source` (or its default).
pub(crate) fn entry_name(
    source: &Source,
    tensor: Option<&str>,
    channel: Option<&str>,
) -> Result<String, CliError> {
    let path = source.path().display();
    let requested = match (source.kind(), tensor, channel) {
        (SourceKind::Image, Some(_), _) => {
            return Err(CliError::Input(format!(
                "{path}: is an image; choose a channel with --channel ({})",
                names(source)
            )));
        }
        (SourceKind::Image, None, Some(CHANNEL_RGB)) => {
            return Err(CliError::Input(format!(
                "{path}: `rgb` is a colour mode, not one matrix; analyse a channel ({}) or export --format png --channel rgb",
                names(source)
            )));
        }
        (SourceKind::Image, None, channel) => channel,
        (_, _, Some(_)) => {
            return Err(CliError::Input(format!(
                "{path}: --channel applies to images; choose a tensor with --tensor ({})",
                names(source)
            )));
        }
        (_, tensor, None) => tensor,
    };
    Ok(source.default_entry(requested)?.name.clone())
}

fn names(source: &Source) -> String {
    let names: Vec<&str> = source.entries().iter().map(|e| e.name.as_str()).collect();
    crate::source::name_list(&names)
}
