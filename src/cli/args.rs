//! clap definitions of the command line in DESIGN.md.

use crate::analysis::RankRule;
use crate::export::Format;
use crate::linalg::Method;
use crate::real::Precision;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Look inside matrices with the singular value decomposition.
#[derive(Debug, Parser)]
#[command(
    name = "rankscope",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Headless command; without one, rankscope opens PATH.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// File to open: .safetensors, .npy, .npz, .csv/.tsv or an image.
    pub path: Option<PathBuf>,
    /// Tensor to open in a file that holds several.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma, r, g, b, a, or rgb for colour.
    #[arg(long)]
    pub channel: Option<String>,
    /// Save a screenshot of the window to this PNG once the analysis is shown, then quit.
    #[arg(long, hide = true)]
    pub screenshot: Option<PathBuf>,
    /// Lower half to show first: curves or teaching (for screenshots).
    #[arg(long, hide = true, value_parser = ["curves", "teaching"])]
    pub view: Option<String>,
}

/// The headless commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the matrices in a file (name, shape, dtype) without computing anything.
    Info(InfoArgs),
    /// Compute the singular values of one matrix and what each rank keeps.
    Analyze(AnalyzeArgs),
    /// Write the rank-k factors, reconstruction or analysis of one matrix.
    Export(ExportArgs),
}

/// `rankscope info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The file to list.
    pub path: PathBuf,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `--method` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Every singular value (faer's SVD).
    Exact,
    /// The top K only (randomized SVD); K from --rank, else 64.
    Randomized,
}

impl From<MethodArg> for Method {
    fn from(method: MethodArg) -> Self {
        match method {
            MethodArg::Exact => Self::Exact,
            MethodArg::Randomized => Self::Randomized,
        }
    }
}

/// `rankscope analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The file holding the matrix.
    pub path: PathBuf,
    /// Tensor (or npz member) to analyse.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma (default for colour), r, g, b or a.
    #[arg(long)]
    pub channel: Option<String>,
    /// SVD engine.
    #[arg(long, value_enum, default_value = "exact")]
    pub method: MethodArg,
    /// Rank to summarise (and, with --method randomized, how many values to compute).
    #[arg(long)]
    pub rank: Option<usize>,
    /// Working precision (default: f32 for f16/bf16/f32 and images, f64 for f64 and CSV).
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<Precision>,
    /// Print one JSON object (see DESIGN.md) instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// `rankscope export`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["rank", "energy", "rule"])))]
pub struct ExportArgs {
    /// The file holding the matrix.
    pub path: PathBuf,
    /// Tensor (or npz member) to export.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma, r, g, b, a, or rgb (png: recombined colour).
    #[arg(long)]
    pub channel: Option<String>,
    /// Keep exactly K components.
    #[arg(long)]
    pub rank: Option<usize>,
    /// Keep the smallest rank whose energy Σ_{i≤k} σ_i² / ‖A‖_F² reaches F (0 < F ≤ 1).
    #[arg(long, value_parser = parse_energy)]
    pub energy: Option<f64>,
    /// Pick the rank with a rule: energy_90, energy_99 or gavish_donoho.
    #[arg(long, value_parser = parse_rule)]
    pub rule: Option<RankRule>,
    /// Output format: npz, safetensors, lora, png, csv or json.
    #[arg(long, value_parser = parse_format)]
    pub format: Format,
    /// Output file (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Working precision (default as for analyze).
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<Precision>,
}

fn parse_precision(s: &str) -> Result<Precision, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_rule(s: &str) -> Result<RankRule, String> {
    s.parse()
}

fn parse_energy(s: &str) -> Result<f64, String> {
    let value: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if value > 0.0 && value <= 1.0 {
        Ok(value)
    } else {
        Err(format!(
            "{value} is outside (0, 1]: energy is a fraction, e.g. 0.95"
        ))
    }
}
