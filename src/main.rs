//! The `rankscope` binary: it chooses the front end. A command (`info`, `analyze`, …) runs
//! headless through [`rankscope::cli`]; no command opens the window (`rankscope::app`, the
//! default `gui` feature). Neither front end knows the other.

use rankscope::cli::{self, Cli, CliError};
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::install_panic_hook();
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(status) => return status,
    };
    match cli.command {
        Some(command) => cli::exit_status(|| cli::run(command)),
        None => cli::exit_status(|| window(cli)),
    }
}

/// The desktop app on the file named on the command line, if any.
#[cfg(feature = "gui")]
fn window(cli: Cli) -> Result<(), CliError> {
    use rankscope::app::StartView;
    rankscope::app::run(rankscope::app::StartOptions {
        path: cli.path,
        tensor: cli.tensor,
        channel: cli.channel,
        screenshot: cli.screenshot,
        view: match cli.view.as_deref() {
            Some("teaching") => StartView::Teaching,
            Some("model") => StartView::Model,
            Some("geometry") => StartView::Geometry,
            Some("lesson") => StartView::Lesson,
            Some("denoise") => StartView::Denoise,
            // A typed 2 × 2, 2 × 3 or 3 × 2 matrix is for the geometry view.
            None if cli
                .matrix
                .as_ref()
                .is_some_and(rankscope::analysis::plane::TypedMatrix::is_for_geometry) =>
            {
                StartView::Geometry
            }
            _ => StartView::Curves,
        },
        plane_matrix: cli
            .matrix
            .as_ref()
            .and_then(rankscope::analysis::plane::TypedMatrix::plane),
        space_matrix: cli
            .matrix
            .as_ref()
            .and_then(|m| rankscope::analysis::space::SpaceMatrix::from_rows(&m.0)),
        typed_matrix: cli.matrix.filter(|m| !m.is_for_geometry()).map(|m| m.0),
        present: cli.present,
        nan_to_zero: cli.nan_to_zero,
        file_dialog: rankscope::app::DialogKind::System,
        window_size: cli.window_size,
        zoom: cli.zoom,
        reproducible: false,
    })
    .map_err(CliError::Internal)
}

/// Built without the window: say so, and what works instead.
#[cfg(not(feature = "gui"))]
fn window(_: Cli) -> Result<(), CliError> {
    Err(CliError::Input(
        "this rankscope was built without the window (cargo feature `gui`); run a command \
         instead, e.g. `rankscope analyze FILE` (`rankscope --help` lists them)"
            .to_owned(),
    ))
}
