//! The app's requests and views: the commands the UI queues, what background jobs hand
//! back, which views are shown and how.

use super::catalog::{Catalog, Selection};
use super::decomposition::Decomposition;
use super::jobs::JobKind;
use super::model;
use crate::export::Format;
use crate::preview::Colormap;
use std::path::PathBuf;
use std::sync::Arc;

/// A change the UI asks for; applied in `logic`.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Open and list a file.
    Open(PathBuf),
    /// Presenter mode on or off.
    SetPresenting(bool),
    /// Play k from 1 to r over this many seconds (looping or not), or stop (`None`).
    Play(Option<(f64, bool)>),
    /// Go to this step of the guided lesson, or end it (`None`).
    Lesson(Option<usize>),
    /// Reveal the quiz's hidden k.
    RevealQuiz,
    /// Show the built-in samples.
    OpenSamples,
    /// Ask for a file with the system dialog, then open it.
    PickFileToOpen,
    /// Ask for a model folder (sharded safetensors) with the system dialog, then open it.
    PickFolderToOpen,
    /// Analyse an item of the list.
    Select(Selection),
    /// Move the rank slider (stops Play). Panels queue it; the frame applies it as soon as
    /// the panel returns, so every panel drawn after moves with it.
    SetRank(usize),
    /// Open the Export window.
    ShowExportWindow,
    /// Stop a running job.
    Cancel(JobKind),
    /// Ask where to save, then export the current rank in this format.
    PickExportPath(Format),
    /// Export the current rank to a path.
    Export(Format, PathBuf),
    /// Ask where to save the window as a PNG, then save it.
    PickScreenshotPath,
    /// Save the window as a PNG.
    SaveScreenshot(PathBuf),
    /// A file dialog ended: the chosen path, or `None` when cancelled.
    DialogEnded(Option<PathBuf>, PickPurpose),
    /// Hide error message `index`.
    DismissError(usize),
    /// Scan every matrix of the open checkpoint into the Model view.
    ScanModel,
    /// Ask for a base checkpoint (file or folder) to compare the open one with.
    PickBaseToCompare,
    /// Scan ΔW = W − W_base of every shared matrix against this base checkpoint.
    CompareWith(PathBuf),
    /// Ask where to save, then export the Model view's matrices.
    PickModelExportPath(model::ModelExportFormat, model::RankSource),
    /// Export the Model view's matrices (adapter of ΔW in a comparison, else factors).
    ExportModel(model::ModelExportFormat, model::RankSource, PathBuf),
    /// Ask where to save a figure of the shown matrix at the current rank, then save it.
    PickFigurePath(crate::figure::FigureKind, crate::figure::FigureFormat),
    /// Save a figure of the shown matrix at the current rank.
    SaveFigure(
        crate::figure::FigureKind,
        crate::figure::FigureFormat,
        PathBuf,
    ),
    /// Switch between the single-matrix view and the Model view.
    ShowMain(MainView),
    /// Replace NaN/±inf with 0 on load (`true`) or refuse such matrices; reopens the file.
    SetNanToZero(bool),
    /// Ask where to save, then record Play's animation as a GIF.
    PickAnimationPath,
    /// Record Play's animation of the shown matrix as a GIF at this path.
    RecordAnimation(PathBuf),
}

/// What fills the window right of the sources list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainView {
    /// One matrix: heatmaps, slider, curves.
    Matrix,
    /// Every matrix of a checkpoint: the scan table, spectra overlay and budget.
    Model,
    /// A 2 × 2 matrix as a map of the plane: the unit circle through Vᵀ, Σ and U.
    Geometry,
    /// The denoising demo: noise added to the shown matrix, the error of each N_k against
    /// the clean and the noisy matrix, and the Gavish–Donoho rank.
    Denoise,
}

/// What a background job hands back.
pub enum JobOutput {
    /// A listed file, and the item to show (`None`: the file's default).
    Opened(Box<Catalog>, Option<Selection>),
    /// A finished analysis.
    Analyzed(Box<Decomposition>),
    /// A written export: the confirmation to show.
    Exported(String),
    /// A path chosen in the system dialog, or `None` when cancelled.
    Picked(Option<PathBuf>, PickPurpose),
    /// The system dialog could not be shown, and why.
    DialogFailed(String, PickPurpose),
    /// One finished row of a scan (interim: the scan goes on).
    ScanRow(Box<crate::analysis::LayerRow>),
    /// A matrix the scan could not analyse, and why (interim).
    ScanSkipped(String, String),
    /// The scan visited every matrix.
    ScanDone,
    /// How many matrices a comparison will visit (interim; known once the base is open).
    ScanTotal(usize),
    /// A comparison's base checkpoint, opened (interim), and the tensors not compared.
    DiffBase(Arc<crate::source::Source>, Vec<(String, String)>),
    /// A finished denoising experiment.
    Denoised(Box<super::denoise::DenoiseDemo>),
}

/// Why a file dialog was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickPurpose {
    /// To open the file.
    Open,
    /// To open a model folder.
    OpenFolder,
    /// To export in this format.
    Export(Format),
    /// To choose a base checkpoint to compare with.
    Base,
    /// To export the Model view.
    ModelExport(model::ModelExportFormat, model::RankSource),
    /// To save the window as a PNG.
    Screenshot,
    /// To save a figure.
    Figure(crate::figure::FigureKind, crate::figure::FigureFormat),
    /// To record Play as a GIF.
    Animation,
}

/// Where the Export window's export stands. The window stays open until the user closes
/// it, so an export always ends on screen in "Saved …" or in the reason it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportStatus {
    /// Choosing a format.
    Idle,
    /// A file dialog is asking where to save.
    ChoosingPath,
    /// Writing this file.
    Writing(PathBuf),
    /// Written: the confirmation.
    Saved(String),
    /// Not written: why.
    Failed(String),
}

/// Which view fills the lower half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LowerView {
    /// Spectrum, error curve and numbers.
    Curves,
    /// Rank-1 layers adding up to A_k, and the formulas with numbers.
    Teaching,
}

/// User choices about how things are shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewSettings {
    /// Colormap of A and A_k (the residual is always diverging).
    pub colormap: Colormap,
    /// Scale the residual to its own range instead of A's.
    pub amplify_residual: bool,
    /// Plot PSNR instead of the relative error (images).
    pub show_psnr: bool,
    /// Lower half.
    pub lower: LowerView,
    /// A logarithmic rank slider (for matrices of many ranks).
    pub log_rank_slider: bool,
    /// Play's speed and loop.
    pub play: super::play::PlaySettings,
}

impl ViewSettings {
    /// Shows `lower` below the heatmaps; the teaching view amplifies the residual (at A's
    /// scale it is near-white once k is past the first few layers, and a class sees nothing).
    pub fn show_lower(&mut self, lower: LowerView) {
        if lower == LowerView::Teaching && self.lower != LowerView::Teaching {
            self.amplify_residual = true;
        }
        self.lower = lower;
    }
}
