//! What tests, benchmarks and tools read of the app: its state, read-only.

use super::catalog::{Catalog, Selection};
use super::decomposition::Decomposition;
use super::jobs::JobKind;
use super::{
    ExportStatus, LowerView, MainView, RankscopeApp, ViewSettings, denoise, geometry,
    layer_vectors, lesson, model,
};

impl RankscopeApp {
    /// Whether file dialogs use the in-window browser even where a system dialog works.
    #[must_use]
    pub fn builtin_file_browser(&self) -> bool {
        self.dialogs.builtin_only
    }

    /// Whether the in-window file browser is up.
    #[must_use]
    pub fn file_browser_open(&self) -> bool {
        self.dialogs.browser.is_some()
    }

    /// Whether the Export window is open.
    #[must_use]
    pub fn export_window_open(&self) -> bool {
        self.export_window_open
    }

    /// Where the Export window's export stands.
    #[must_use]
    pub fn export_status(&self) -> &ExportStatus {
        &self.export_status
    }

    /// The current rank k.
    #[must_use]
    pub fn rank(&self) -> usize {
        self.shown.rank()
    }

    /// The analysed matrix, once ready.
    #[must_use]
    pub fn decomposition(&self) -> Option<&Decomposition> {
        self.shown.decomposition.as_deref()
    }

    /// The listed file.
    #[must_use]
    pub fn catalog(&self) -> Option<&Catalog> {
        self.shown.catalog.as_ref()
    }

    /// Error messages shown in the window.
    #[must_use]
    pub fn errors(&self) -> &[String] {
        self.errors.as_slice()
    }

    /// Confirmations shown in the window.
    #[must_use]
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The Model view's state, once a scan has started.
    #[must_use]
    pub fn model(&self) -> Option<&model::ModelView> {
        self.model.as_ref()
    }

    /// Which main view is shown.
    #[must_use]
    pub fn main_view(&self) -> MainView {
        self.main_view
    }

    /// The geometry view's state.
    #[must_use]
    pub fn geometry(&self) -> &geometry::GeometryView {
        &self.geometry
    }

    /// The denoising demo's state.
    #[must_use]
    pub fn denoise(&self) -> &denoise::DenoiseView {
        &self.denoise
    }

    /// Whether NaN/±inf are replaced with 0 on load.
    #[must_use]
    pub fn nan_to_zero(&self) -> bool {
        self.nan_to_zero
    }

    /// The selected item of the list.
    #[must_use]
    pub fn selection(&self) -> Option<&Selection> {
        self.shown.selection.as_ref()
    }

    /// Whether any background job is running.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        !self.jobs.all_running().is_empty()
    }

    /// How things are shown (colormap, residual scale, lower view).
    #[must_use]
    pub fn view_settings(&self) -> &ViewSettings {
        &self.view
    }

    /// How many values the teaching view draws of uᵢ and vᵢ, layer by layer (strip pixels or
    /// curve points, as drawn); empty before the first textures.
    #[must_use]
    pub fn teaching_vector_lengths(&self) -> Vec<[usize; 2]> {
        let length = |vector: &layer_vectors::DrawnVector| match &vector.picture {
            layer_vectors::VectorPicture::Strip(texture) => texture.size()[0] * texture.size()[1],
            layer_vectors::VectorPicture::Curve(points) => points.len(),
        };
        self.shown.textures.as_ref().map_or_else(Vec::new, |t| {
            t.vectors
                .iter()
                .map(|layer| [length(&layer.u), length(&layer.v)])
                .collect()
        })
    }

    /// What fills the lower half of the matrix view.
    #[must_use]
    pub fn lower_view(&self) -> LowerView {
        self.view.lower
    }

    /// The guided lesson, while it runs.
    #[must_use]
    pub fn lesson(&self) -> Option<&lesson::Lesson> {
        self.lesson.as_ref()
    }

    /// Whether the denoising demo's experiment is being computed.
    #[must_use]
    pub fn is_denoising(&self) -> bool {
        self.jobs.running(JobKind::Denoise).is_some()
    }

    /// Whether k is playing itself (Play).
    #[must_use]
    pub fn is_playing(&self) -> bool {
        self.rank_play.is_some()
    }
}
