//! The headless command line: `info`, `analyze`, `export`, `plot`, …, thin twins of what the GUI does,
//! over the same core calls.
//!
//! Exit status: 0 success; 2 bad input or bad arguments (one line on stderr naming the file
//! and the problem); 1 internal failure. Never a panic: a panic is caught, reported in one
//! line and turned into status 1.

mod analyze;
mod animate;
mod args;
mod denoise;
mod diff;
mod export;
mod info;
mod plot;
mod progress;
mod resize;
mod scan;
mod select;

pub use args::{Cli, Command};

use crate::export::{ExportError, OutputKind, OutputTarget};
use crate::linalg::SvdError;
use crate::source::SourceError;
use clap::Parser;
use std::process::ExitCode;

/// A failure of a command, classified for the exit status.
#[derive(Debug)]
pub enum CliError {
    /// Bad input file or bad arguments: exit status 2.
    Input(String),
    /// Something that should not happen: exit status 1.
    Internal(String),
}

impl CliError {
    fn exit_code(&self) -> u8 {
        match self {
            Self::Input(_) => 2,
            Self::Internal(_) => 1,
        }
    }

    fn message(&self) -> &str {
        match self {
            Self::Input(m) | Self::Internal(m) => m,
        }
    }
}

impl From<SourceError> for CliError {
    fn from(error: SourceError) -> Self {
        Self::Input(error.to_string())
    }
}

impl From<SvdError> for CliError {
    fn from(error: SvdError) -> Self {
        match error {
            // Too large or a rank out of range is about the input the user gave.
            SvdError::Memory(_) | SvdError::InvalidArgument(_) => Self::Input(error.to_string()),
            SvdError::Cancelled(_) | SvdError::NoConvergence => Self::Internal(error.to_string()),
        }
    }
}

/// An SVD failure on matrix `name` of the file at `path`, classified as [`From<SvdError>`]
/// does, in one line that names both.
pub(crate) fn svd_failed(path: &std::path::Path, name: &str, error: SvdError) -> CliError {
    let located = format!("{}: `{name}`: {error}", path.display());
    match CliError::from(error) {
        CliError::Input(_) => CliError::Input(located),
        CliError::Internal(_) => CliError::Internal(located),
    }
}

impl From<ExportError> for CliError {
    fn from(error: ExportError) -> Self {
        match error {
            // A refused target, a missing folder, a read-only target or a full disk is the
            // user's to fix.
            ExportError::Refused { .. } | ExportError::Io { .. } => Self::Input(error.to_string()),
            ExportError::Encode { .. } => Self::Internal(error.to_string()),
        }
    }
}

/// The output `out` of a command, checked before any work: it may not exist unless `--force`
/// (a typo in `--out` must not silently destroy an earlier export), may never be or contain a
/// file the command reads (each source's files and the paths as given), and `--force`
/// replaces only a file or a rankscope output folder of the same `kind`. The writers check
/// again just before they publish.
pub(crate) fn output_target(
    out: &std::path::Path,
    kind: OutputKind,
    force: bool,
    sources: &[(&std::path::Path, &crate::source::Source)],
) -> Result<OutputTarget, CliError> {
    let inputs = sources
        .iter()
        .flat_map(|(given, source)| std::iter::once(given.to_path_buf()).chain(source.files()));
    let target = OutputTarget::new(out).replacing(force).reading(inputs);
    target.check(kind)?;
    Ok(target)
}

/// Opens `path`, replacing NaN/±inf with 0 on load when `nan_to_zero` (`--nan-to-zero`).
pub(crate) fn open_source(
    path: &std::path::Path,
    nan_to_zero: bool,
) -> Result<crate::source::Source, CliError> {
    let policy = crate::source::NonFinitePolicy::replacing(nan_to_zero);
    Ok(crate::source::open(path)?.with_non_finite(policy))
}

/// What the SVD that follows a load computes, for [`ensure_svd_fits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SvdPlan {
    /// The exact singular values only.
    Values,
    /// The exact factors U, σ, Vᵀ.
    Vectors,
    /// The randomized top k: its sketch is small beside the working copy, which the load
    /// itself checks.
    Randomized,
}

/// Refuses, from the header's shape alone and before any value is read, a matrix whose
/// working copy plus the SVD's workspace would not fit in available memory, naming the file.
/// (Checked only at the SVD, a 1 × 2³¹ matrix loaded for 36 s into 10 GB first.)
pub(crate) fn ensure_svd_fits(
    source: &crate::source::Source,
    name: &str,
    precision: Option<crate::real::Precision>,
    plan: SvdPlan,
) -> Result<(), CliError> {
    // The working copy first, with the message a load would give.
    source.ensure_loadable(name, precision)?;
    let entry = source.entry(name)?;
    let Ok((rows, cols)) = entry.matrix_shape() else {
        return Ok(());
    };
    if plan == SvdPlan::Randomized {
        return Ok(());
    }
    let precision = source.precision_of(entry, precision);
    let element_bytes = precision.element_bytes();
    let what = format!(
        "the SVD of `{}` ({rows} × {cols}, {precision}, with its working copy)",
        crate::source::quoted(name)
    );
    let needed =
        crate::linalg::workspace_bytes(rows, cols, plan == SvdPlan::Vectors, false, element_bytes)
            .and_then(|workspace| {
                (rows as u64)
                    .checked_mul(cols as u64)?
                    .checked_mul(element_bytes)?
                    .checked_add(workspace)
            });
    let checked = match needed {
        Some(bytes) => crate::memory::ensure_fits(&what, bytes),
        None => Err(crate::memory::MemoryError::Overflow { what }),
    };
    checked.map_err(|e| SourceError::new(source.path(), e).into())
}

/// Loads matrix `name`; replaced NaN/±inf values get a note on stderr (the JSON reports
/// them too), so a patched matrix is never mistaken for a clean one.
pub(crate) fn load_matrix(
    source: &crate::source::Source,
    name: &str,
    precision: Option<crate::real::Precision>,
) -> Result<crate::source::Matrix, CliError> {
    let matrix = source.load(name, precision)?;
    if let Some(found) = &matrix.replaced_non_finite {
        eprintln!(
            "rankscope: note: {}: `{}` had {found}; replaced with 0 (--nan-to-zero)",
            crate::source::printable(&source.path().display().to_string(), usize::MAX),
            crate::source::quoted(name)
        );
    }
    Ok(matrix)
}

/// Writes command output to stdout; a closed pipe (`| head`) ends quietly.
pub(crate) fn print_stdout(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Internal(format!("cannot write to stdout: {e}"))),
    }
}

/// Runs one headless command.
pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Info(args) => info::run(&args),
        Command::Analyze(args) => analyze::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Scan(args) => scan::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Resize(args) => resize::run(&args),
        Command::Animate(args) => animate::run(&args),
        Command::Plot(args) => plot::run(&args),
        Command::Denoise(args) => denoise::run(&args),
    }
}

/// Reports a panic in one line ("rankscope: internal error: … at file:line") instead of
/// Rust's multi-line default; the caller turns it into exit status 1.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("rankscope: internal error: {payload}{location}");
    }));
}

/// Parses `std::env::args`. `Err` carries the exit status once clap has printed help or
/// version (0, stdout) or a usage error (2, stderr).
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|error| {
        let _ = error.print();
        ExitCode::from(if error.use_stderr() { 2 } else { 0 })
    })
}

/// Runs `work`, catching a panic, and maps the outcome to the documented exit status,
/// printing a failure as one line on stderr.
pub fn exit_status(
    work: impl FnOnce() -> Result<(), CliError> + std::panic::UnwindSafe,
) -> ExitCode {
    match std::panic::catch_unwind(work) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(error)) => {
            // One line, whatever a library's message looks like: scripts read it with `head -1`.
            eprintln!(
                "rankscope: error: {}",
                crate::source::one_line(error.message())
            );
            ExitCode::from(error.exit_code())
        }
        Err(_) => ExitCode::from(1),
    }
}
