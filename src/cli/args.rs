//! clap definitions of the command line; docs/cli.md describes every command, flag and JSON
//! field for users.

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
    /// File or folder to open: .safetensors, .npy, .npz, .csv/.tsv, an image, a PyTorch .pt/.bin/.ckpt,
    /// a .gguf, a model folder or a LoRA adapter (PEFT folder or kohya/LyCORIS file).
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
    /// View to show first: curves, teaching, geometry (a 2 × 2 matrix as a map of the plane),
    /// lesson (the guided lesson), model (every matrix of a checkpoint) or denoise (noise
    /// added to a photo, and the rank that removes it best).
    #[arg(long, value_parser = ["curves", "teaching", "geometry", "lesson", "model", "denoise"])]
    pub view: Option<String>,
    /// Presenter mode: light theme, large text, only what a class needs, full screen (F5
    /// switches it off).
    #[arg(long)]
    pub present: bool,
    /// A small matrix typed in: rows separated by `;`, entries by spaces or commas
    /// ("3 1; 1 2"). A 2 × 2, 2 × 3 or 3 × 2 opens the geometry view; other shapes (up to
    /// 32 × 32) open in the matrix view, beside the built-in samples.
    #[arg(long, value_parser = parse_plane_matrix, value_name = "ROWS")]
    pub matrix: Option<crate::analysis::plane::TypedMatrix>,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
    /// Window size WIDTHxHEIGHT in points, for screenshots at common screen sizes.
    #[arg(long, hide = true, value_parser = parse_window_size)]
    pub window_size: Option<[f32; 2]>,
    /// Zoom factor of the window (as Ctrl+plus), for screenshots.
    #[arg(long, hide = true)]
    pub zoom: Option<f32>,
}

/// Largest side of a typed matrix: more is a file's job.
const TYPED_MATRIX_MAX_SIDE: usize = 32;

/// "3 1; 1 2" → a small matrix (at most 32 × 32).
fn parse_plane_matrix(text: &str) -> Result<crate::analysis::plane::TypedMatrix, String> {
    let rows = crate::analysis::plane::parse_matrix(text)?;
    match (rows.len(), rows[0].len()) {
        (m, n) if m <= TYPED_MATRIX_MAX_SIDE && n <= TYPED_MATRIX_MAX_SIDE => {
            Ok(crate::analysis::plane::TypedMatrix(rows))
        }
        (m, n) => Err(format!(
            "a {m} × {n} matrix; --matrix takes up to {TYPED_MATRIX_MAX_SIDE} × \
             {TYPED_MATRIX_MAX_SIDE} — save a larger one as a .csv file and open that"
        )),
    }
}

/// "1366x768" → [1366, 768].
fn parse_window_size(text: &str) -> Result<[f32; 2], String> {
    let parse = |part: Option<&str>| {
        part.and_then(|p| p.trim().parse::<f32>().ok())
            .filter(|v| (200.0..=10_000.0).contains(v))
    };
    let mut parts = text.split(['x', '×']);
    match (parse(parts.next()), parse(parts.next()), parts.next()) {
        (Some(width), Some(height), None) => Ok([width, height]),
        _ => Err(format!("`{text}` is not WIDTHxHEIGHT (e.g. 1366x768)")),
    }
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
    /// One row per matrix of a checkpoint (a file or a sharded model folder): norms, σ₁,
    /// stable/effective rank and rank rules; optionally a global rank budget.
    Scan(ScanArgs),
    /// The same rows on ΔW = W_tuned − W_base of two checkpoints; optionally export the
    /// low-rank ΔW as a PEFT or kohya LoRA adapter.
    Diff(DiffArgs),
    /// Draw a figure of one matrix for slides and papers: the spectrum, the error, energy or
    /// PSNR curve, or the rank-1 layers, as SVG, PNG or CSV (by the extension of --out).
    Plot(PlotArgs),
    /// Cut every module of a LoRA adapter (PEFT, kohya, LyCORIS) to the best approximation of
    /// the rank a rule, a fixed k or a budget chooses, and write the adapter again.
    Resize(ResizeArgs),
    /// A matrix or photo rebuilt from its rank-1 layers, as an animated GIF: k from 1 to r,
    /// evenly spaced on a log scale.
    Animate(AnimateArgs),
    /// The denoising demo: add Gaussian noise to a photo or matrix and measure each rank-k
    /// truncation of the noisy matrix against the clean one (it has a minimum) and against
    /// the noisy one (it only falls), with the Gavish–Donoho ranks beside.
    Denoise(DenoiseArgs),
}

/// `rankscope denoise`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("ranked").multiple(true).args(["out_denoised", "figure"])))]
pub struct DenoiseArgs {
    /// The file holding the photo or matrix (the clean one).
    pub path: PathBuf,
    /// Tensor (or npz member) to use.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma (default for colour), r, g, b or a.
    #[arg(long)]
    pub channel: Option<String>,
    /// Noise standard deviation as a fraction of the value range: of the pixel range [0, 1]
    /// for images (0.1 = 25.5 of 255 grey levels), of max − min of the entries otherwise.
    #[arg(long, default_value_t = 0.1, value_parser = parse_noise_level)]
    pub noise: f64,
    /// Seed of the Gaussian noise (the same seed gives the same noise everywhere).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Largest side in pixels: bigger matrices are pooled down (block means) first, as the
    /// window does at 512 (default: the full size).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=100_000))]
    pub size: Option<u32>,
    /// Print one JSON object instead of a summary (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// Write the noisy matrix: .png (images; clamped to [0, 1]) or .npy (float64).
    #[arg(long)]
    pub out_noisy: Option<PathBuf>,
    /// Write the noisy matrix's rank-k truncation (the denoised one): .png or .npy.
    #[arg(long)]
    pub out_denoised: Option<PathBuf>,
    /// Draw both error curves against k (log axis) with the best k and the Gavish–Donoho
    /// ranks marked: .svg, .png or .csv (the numbers) by the extension.
    #[arg(long)]
    pub figure: Option<PathBuf>,
    /// k of --out-denoised (default: the Gavish–Donoho rank for the known noise level), and
    /// the k marked on --figure (default: none).
    #[arg(long, requires = "ranked")]
    pub rank: Option<usize>,
    /// Replace the outputs if they are files.
    #[arg(long)]
    pub force: bool,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
}

fn parse_noise_level(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=10.0).contains(&v) => Ok(v),
        Ok(v) => Err(format!(
            "{v} is outside [0, 10]: the noise level is a fraction of the value range, e.g. 0.1"
        )),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

/// `rankscope animate`.
#[derive(Debug, Args)]
pub struct AnimateArgs {
    /// The file holding the matrix or photo.
    pub path: PathBuf,
    /// Tensor (or npz member) to animate.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma, r, g, b, a, or rgb for colour (the default for a colour
    /// photo).
    #[arg(long)]
    pub channel: Option<String>,
    /// Output GIF (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// Number of frames (ranks from 1 to r; fewer when r is small).
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub frames: u16,
    /// Milliseconds per frame (the last one is held three times as long).
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(10..=10_000))]
    pub frame_ms: u32,
    /// Largest side in pixels: bigger matrices are pooled down (block means) to fit.
    #[arg(long, default_value_t = 480, value_parser = clap::value_parser!(u16).range(16..=4096))]
    pub size: u16,
    /// Replace OUT if it is a file.
    #[arg(long)]
    pub force: bool,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
}

/// `rankscope info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    /// The file to list.
    pub path: PathBuf,
    /// Print one JSON object instead of a table (fields in docs/cli.md).
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
    /// Print one JSON object instead of a table (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
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
    /// Replace OUT if it is a file (without it, an existing OUT is refused; an input, a
    /// folder or a special file never is replaced).
    #[arg(long)]
    pub force: bool,
    /// Working precision (default as for analyze).
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<Precision>,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
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

/// kohya `resize_lora.py` rule parameters shared by `scan` and `diff`.
#[derive(Debug, Args)]
#[allow(clippy::struct_field_names)] // named after kohya's own parameters
pub struct KohyaArgs {
    /// kohya sv_ratio: keep σ_i > σ₁ / RATIO.
    #[arg(long, default_value_t = 10.0, value_parser = parse_positive)]
    pub sv_ratio: f64,
    /// kohya sv_cumulative: smallest k with Σ_{i≤k} σ_i / Σσ ≥ F.
    #[arg(long, default_value_t = 0.9, value_parser = parse_energy)]
    pub sv_cumulative: f64,
    /// kohya sv_fro: smallest k with sqrt(Σ_{i≤k} σ_i² / Σσ²) ≥ F.
    #[arg(long, default_value_t = 0.9, value_parser = parse_energy)]
    pub sv_fro: f64,
}

impl KohyaArgs {
    /// As the core's parameter set.
    #[must_use]
    pub fn parameters(&self) -> crate::analysis::KohyaParameters {
        crate::analysis::KohyaParameters {
            sv_ratio: self.sv_ratio,
            sv_cumulative: self.sv_cumulative,
            sv_fro: self.sv_fro,
        }
    }
}

/// `rankscope scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// A checkpoint: .safetensors, .npz, a model folder with model.safetensors.index.json, …
    pub path: PathBuf,
    /// Only tensors whose name matches this regular expression.
    #[arg(long, value_parser = parse_regex)]
    pub filter: Option<regex::Regex>,
    /// Print one JSON object instead of a table (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
    #[command(flatten)]
    pub kohya: KohyaArgs,
    /// Allocate ranks across the matrices for at most N stored numbers in all factors
    /// (k(m + n) per matrix), minimising the total squared error.
    #[arg(long, conflicts_with = "target_error")]
    pub budget: Option<u64>,
    /// Allocate the fewest stored numbers that bring the overall relative error down to E.
    #[arg(long, value_parser = parse_energy)]
    pub target_error: Option<f64>,
    /// With a budget: write the compressed checkpoint (`compressed`: every matrix that the
    /// budget makes smaller replaced by two factors, plus manifest.json) to --out.
    #[arg(long, value_parser = ["compressed"], requires = "out")]
    pub format: Option<String>,
    /// Folder for --format compressed.
    #[arg(long, requires = "format")]
    pub out: Option<PathBuf>,
    /// Draw the normalised spectra σᵢ/σ₁ of the matrices scanned (against i / min(m, n),
    /// log scale) to FILE: .svg, .png or .csv (matrix,i,sigma_over_sigma1).
    #[arg(long, value_name = "FILE")]
    pub figure: Option<PathBuf>,
    /// Replace --out if it is a compressed checkpoint rankscope wrote, or empty, and --figure
    /// if it is a file (without it, an existing output is refused; any other folder never is
    /// replaced).
    #[arg(long)]
    pub force: bool,
}

/// Adapter layouts `diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdapterFormat {
    /// Hugging Face PEFT folder (adapter_model.safetensors + adapter_config.json).
    Peft,
    /// kohya-ss LoRA safetensors file.
    Kohya,
}

/// `rankscope diff`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").args(["rank", "energy", "rule"])))]
pub struct DiffArgs {
    /// The base checkpoint.
    pub base: PathBuf,
    /// The fine-tuned checkpoint.
    pub tuned: PathBuf,
    /// Only tensors whose name matches this regular expression.
    #[arg(long, value_parser = parse_regex)]
    pub filter: Option<regex::Regex>,
    /// Print one JSON object instead of a table (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub kohya: KohyaArgs,
    /// Adapter rank: the same K for every changed matrix.
    #[arg(long, requires = "format")]
    pub rank: Option<usize>,
    /// Adapter rank per matrix: smallest k keeping fraction F of ‖ΔW‖_F².
    #[arg(long, value_parser = parse_energy, requires = "format")]
    pub energy: Option<f64>,
    /// Adapter rank per matrix by a rule: energy_90, energy_99 or gavish_donoho.
    #[arg(long, value_parser = parse_rule, requires = "format")]
    pub rule: Option<RankRule>,
    /// Write an adapter of the changed matrices: peft (a folder) or kohya (a .safetensors).
    #[arg(long, value_enum, requires = "choice", requires = "out")]
    pub format: Option<AdapterFormat>,
    /// Where the adapter goes: a new folder (peft) or a .safetensors file (kohya).
    #[arg(long, requires = "format")]
    pub out: Option<PathBuf>,
    /// PEFT `base_model_name_or_path` to record (e.g. a Hugging Face model id).
    #[arg(long)]
    pub base_model: Option<String>,
    /// Replace --out if it is a file (kohya) or a PEFT adapter folder rankscope wrote (without
    /// it, an existing output is refused; any other folder never is replaced).
    #[arg(long)]
    pub force: bool,
}

fn parse_regex(s: &str) -> Result<regex::Regex, String> {
    regex::Regex::new(s).map_err(|e| format!("not a valid regular expression: {e}"))
}

fn parse_positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}` is not a positive number")),
    }
}

/// `rankscope plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The file holding the matrix.
    pub path: PathBuf,
    /// Tensor (or npz member) to plot.
    #[arg(long)]
    pub tensor: Option<String>,
    /// Image channel: gray, luma (default for colour), r, g, b, a, or rgb (the three
    /// channels: a curve each on the spectrum, pooled error, energy and PSNR).
    #[arg(long)]
    pub channel: Option<String>,
    /// The figure: spectrum, error, energy, psnr (images) or layers.
    #[arg(long, value_parser = parse_figure_kind)]
    pub kind: crate::figure::FigureKind,
    /// Output file; its extension chooses the format: .svg, .png or .csv (written atomically).
    #[arg(long)]
    pub out: PathBuf,
    /// The rank k to mark; for layers the k of A_k (default: 99 % energy, at most the
    /// break-even rank mn/(m + n + 1), as the window opens).
    #[arg(long)]
    pub rank: Option<usize>,
    /// Replace OUT if it is a file (without it, an existing OUT is refused; an input, a
    /// folder or a special file never is replaced).
    #[arg(long)]
    pub force: bool,
    /// Working precision (default as for analyze).
    #[arg(long, value_parser = parse_precision)]
    pub precision: Option<Precision>,
    /// Replace NaN and ±inf with 0 (reported) instead of refusing the matrix.
    #[arg(long)]
    pub nan_to_zero: bool,
}

fn parse_figure_kind(s: &str) -> Result<crate::figure::FigureKind, String> {
    s.parse()
}

/// `rankscope resize`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("choice").required(true).args([
    "rank", "energy", "rule", "sv_ratio", "sv_cumulative", "sv_fro", "budget"
])))]
pub struct ResizeArgs {
    /// The adapter: a PEFT folder (or its adapter_config.json; adapter_model.safetensors or
    /// .bin), a PEFT or kohya/LyCORIS .safetensors or PyTorch (.bin/.pt) file.
    pub path: PathBuf,
    /// The same rank K for every module (a module keeps its own rank if it is smaller).
    #[arg(long, value_parser = parse_rank)]
    pub rank: Option<usize>,
    /// Per module, the smallest rank keeping fraction F of ‖ΔW‖_F² (0 < F ≤ 1).
    #[arg(long, value_parser = parse_energy)]
    pub energy: Option<f64>,
    /// Per module, by a rule: energy_90 or energy_99 (gavish_donoho does not apply to a ΔW
    /// of rank ≤ r and is refused).
    #[arg(long, value_parser = parse_rule)]
    pub rule: Option<RankRule>,
    /// kohya sv_ratio: keep the σ_i > σ₁ / X.
    #[arg(long, value_parser = parse_positive)]
    pub sv_ratio: Option<f64>,
    /// kohya sv_cumulative: the smallest k with Σ_{i≤k} σ_i / Σσ ≥ X.
    #[arg(long, value_parser = parse_energy)]
    pub sv_cumulative: Option<f64>,
    /// kohya sv_fro: the smallest k with sqrt(Σ_{i≤k} σ_i² / Σσ²) ≥ X.
    #[arg(long, value_parser = parse_energy)]
    pub sv_fro: Option<f64>,
    /// At most N stored numbers Σ k(m + n) over all modules, allocated for the least total
    /// squared error (a module may get rank 0 and be left out).
    #[arg(long)]
    pub budget: Option<u64>,
    /// Where the adapter goes: a new folder (peft) or a .safetensors file (kohya); always
    /// safetensors, also for a PyTorch input.
    #[arg(long)]
    pub out: PathBuf,
    /// The output convention: peft or kohya (default: the input's).
    #[arg(long, value_enum)]
    pub format: Option<AdapterFormat>,
    /// Replace --out if it is a file (kohya) or a PEFT adapter folder rankscope wrote (without
    /// it, an existing output is refused; any other folder never is replaced).
    #[arg(long)]
    pub force: bool,
    /// Print one JSON object instead of a table (fields in docs/cli.md).
    #[arg(long)]
    pub json: bool,
}

fn parse_rank(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(k),
        _ => Err(format!(
            "`{s}` is not a rank (a whole number of at least 1)"
        )),
    }
}
