//! What the command line asks of the window: the file, the matrix and the view to start
//! on, and the one-shot wishes used up as it starts.

use super::catalog::Selection;
use std::path::PathBuf;

/// The view the window starts on (`--view`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StartView {
    /// One matrix with its spectrum, error curve and numbers.
    #[default]
    Curves,
    /// One matrix with the rank-1 layers and the formulas.
    Teaching,
    /// Every matrix of a checkpoint (scanned once the file is listed).
    Model,
    /// A 2 × 2 matrix as a map of the plane.
    Geometry,
    /// The guided lesson, from its first step.
    Lesson,
    /// The denoising demo on the opened photo or matrix.
    Denoise,
}

/// What the command line asked the GUI to open.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// File to open; the built-in samples when `None`.
    pub path: Option<PathBuf>,
    /// Tensor to select in it.
    pub tensor: Option<String>,
    /// Image channel to select (`rgb` for colour).
    pub channel: Option<String>,
    /// Write a screenshot of the window here once the first analysis is shown, then quit
    /// (for `scripts/screenshots.sh` and the CI smoke test).
    pub screenshot: Option<PathBuf>,
    /// The view to start on (`--view`).
    pub view: StartView,
    /// The geometry view's 2 × 2 matrix (`--matrix`); a default example otherwise.
    pub plane_matrix: Option<crate::analysis::plane::Mat2>,
    /// The geometry view's 3 × 2 or 2 × 3 matrix (`--matrix`), taught instead of a 2 × 2.
    pub space_matrix: Option<crate::analysis::space::SpaceMatrix>,
    /// A typed matrix of another shape (`--matrix`): listed beside the samples and shown
    /// first, in the matrix view.
    pub typed_matrix: Option<Vec<Vec<f64>>>,
    /// Start in presenter mode (`--present`).
    pub present: bool,
    /// Replace NaN/±inf with 0 when loading (`--nan-to-zero`; a toggle in the window).
    pub nan_to_zero: bool,
    /// Which file dialog asks for paths (the built-in browser is also a saved choice in the
    /// File menu).
    pub file_dialog: DialogKind,
    /// Window size in points (default 1100 × 860), for screenshots.
    pub window_size: Option<[f32; 2]>,
    /// Zoom factor (as Ctrl+plus), for screenshots.
    pub zoom: Option<f32>,
    /// Leave out what changes from run to run (timings), as `screenshot` does: for snapshot
    /// tests, which compare the window with stored pictures.
    pub reproducible: bool,
}

/// Which file dialog asks for paths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DialogKind {
    /// The system's where one can be shown, else the in-window browser.
    #[default]
    System,
    /// Always the in-window browser.
    BuiltIn,
}

/// What the command line asked of the window: applied once as it starts, then used up.
#[derive(Debug, Default)]
pub(super) struct Startup {
    /// The matrix (`--tensor`, `--channel`) to select once the file is listed.
    pub requested_selection: Option<Selection>,
    /// Switch to the Model view once the file is listed (`--view model`).
    pub model_view: bool,
    /// Write a screenshot here once the first view is ready, then quit.
    pub screenshot: Option<PathBuf>,
    /// Started for a screenshot: leave out what changes from run to run (timings).
    pub for_screenshot: bool,
    /// Frames drawn since the view was ready (the screenshot waits for the layout to settle).
    pub frames_since_ready: u32,
    /// The typed matrix to list beside the samples (`--matrix` of another shape than the
    /// geometry view's).
    pub typed_matrix: Option<Vec<Vec<f64>>>,
}
