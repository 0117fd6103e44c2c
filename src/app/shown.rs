//! What is open and shown: the listed file, the selected matrix, its decomposition, the
//! previews and textures drawn from it, and the rank k they are drawn at. They change
//! together: a new decomposition comes with its previews and a rank it holds, and the rank
//! changes only through [`Shown::set_rank`], whatever asked (slider, keys, a plot, a button).

use super::catalog::{Catalog, Selection};
use super::decomposition::Decomposition;
use super::textures::Textures;
use crate::preview::RankPreview;
use std::sync::Arc;

#[derive(Default)]
pub(super) struct Shown {
    /// The listed file.
    pub catalog: Option<Catalog>,
    /// The matrix chosen in it (shown, or being analysed).
    pub selection: Option<Selection>,
    /// The analysed matrix on screen.
    pub decomposition: Option<Arc<Decomposition>>,
    /// Display-resolution previews of A_k, one per channel.
    pub previews: Vec<RankPreview>,
    /// The heatmaps' textures, rebuilt from the previews.
    pub textures: Option<Textures>,
    /// k; at most what the decomposition holds.
    rank: usize,
}

impl Shown {
    /// The current rank k.
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The one way k changes: clamped to the ranks the decomposition holds (0 without one).
    pub fn set_rank(&mut self, rank: usize) {
        let max = self.decomposition.as_ref().map_or(0, |d| d.max_rank());
        self.rank = rank.min(max);
    }

    /// Brings the previews and textures to the current rank and `view`'s colormap.
    pub fn sync_textures(&mut self, ctx: &egui::Context, view: &super::ViewSettings) {
        let Some(decomposition) = self.decomposition.clone() else {
            return;
        };
        let rank = self.rank;
        for preview in &mut self.previews {
            preview.set_rank(rank);
        }
        let previews = &self.previews;
        let textures = self
            .textures
            .get_or_insert_with(|| Textures::new(ctx, &decomposition, previews, view));
        textures.update(ctx, &decomposition, previews, view, rank);
    }

    /// Puts `decomposition` on screen with its `previews` at `rank`; the textures follow on
    /// the next frame.
    pub fn show(&mut self, decomposition: Decomposition, previews: Vec<RankPreview>, rank: usize) {
        self.previews = previews;
        self.textures = None;
        self.decomposition = Some(Arc::new(decomposition));
        self.set_rank(rank);
    }
}
