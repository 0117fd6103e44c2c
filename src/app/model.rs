//! The Model view's state: one row per matrix of the open checkpoint, filled by a background
//! scan as rows arrive, with sorting, filtering, selected rows for the spectrum overlay and
//! a global rank budget recomputed from the rows (pure and cheap, so on the UI thread).

use crate::analysis::{Allocation, Budget, BudgetLayer, LayerRow, allocate, allocate_with_floor};
use std::collections::BTreeSet;

/// Columns the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// File order.
    FileOrder,
    /// Name.
    Name,
    /// m·n.
    Parameters,
    /// ‖W‖_F.
    Frobenius,
    /// σ₁.
    SigmaMax,
    /// Stable rank.
    StableRank,
    /// Effective rank.
    EffectiveRank,
    /// Energy-90 % rank relative to min(m, n): "how low-rank" the layer is.
    Energy90Fraction,
}

/// The global budget the user sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BudgetSetting {
    /// No allocation shown.
    Off,
    /// Stored numbers as a percentage of what the rows store now
    /// ([`ModelView::stored_parameters`]: the dense layers, or an adapter's own size).
    PercentOfDense(f64),
    /// Target overall relative error.
    TargetError(f64),
}

/// Everything the Model view shows.
pub struct ModelView {
    /// The checkpoint's title.
    pub title: String,
    /// Rows in file order (the order they arrive in).
    pub rows: Vec<LayerRow>,
    /// Matrices without a row, and why.
    pub skipped: Vec<(String, String)>,
    /// How many matrices the scan will visit.
    pub total: usize,
    /// Whether the scan has finished (or was stopped).
    pub finished: bool,
    /// Sort column and direction.
    pub sort: (SortColumn, bool),
    /// Case-insensitive name filter.
    pub filter: String,
    /// Rows whose spectra are overlaid.
    pub selected: BTreeSet<String>,
    /// The budget control.
    pub budget: BudgetSetting,
    /// Per-layer floor of the budget: no layer above this relative error (`None`: off).
    pub max_layer_error: Option<f64>,
    /// In a comparison: the base checkpoint's title; the rows describe ΔW = W − W_base.
    pub base: Option<String>,
    /// Tensors that could not be compared (name, why), in a comparison.
    pub mismatched: Vec<(String, String)>,
    allocation_cache: Option<(usize, BudgetSetting, Option<f64>, Allocation)>,
}

impl ModelView {
    /// An empty view for a scan of `total` matrices of `title`.
    #[must_use]
    pub fn new(title: String, total: usize) -> Self {
        Self {
            title,
            rows: Vec::new(),
            skipped: Vec::new(),
            total,
            finished: false,
            sort: (SortColumn::FileOrder, true),
            filter: String::new(),
            selected: BTreeSet::new(),
            budget: BudgetSetting::Off,
            max_layer_error: None,
            base: None,
            mismatched: Vec::new(),
            allocation_cache: None,
        }
    }

    /// Indices into `rows` that pass the filter, in the chosen order.
    #[must_use]
    pub fn visible(&self) -> Vec<usize> {
        let filter = self.filter.to_lowercase();
        let mut order: Vec<usize> = (0..self.rows.len())
            .filter(|&i| filter.is_empty() || self.rows[i].name.to_lowercase().contains(&filter))
            .collect();
        let (column, ascending) = self.sort;
        let key = |row: &LayerRow| -> f64 {
            #[allow(clippy::cast_precision_loss)]
            match column {
                SortColumn::FileOrder | SortColumn::Name => 0.0,
                SortColumn::Parameters => row.stored_parameters() as f64,
                SortColumn::Frobenius => row.frobenius_norm,
                SortColumn::SigmaMax => row.sigma_max,
                SortColumn::StableRank => row.stable_rank,
                SortColumn::EffectiveRank => row.effective_rank,
                SortColumn::Energy90Fraction => row.ranks.energy_90.map_or(f64::INFINITY, |k| {
                    k as f64 / row.shape[0].min(row.shape[1]).max(1) as f64
                }),
            }
        };
        match column {
            SortColumn::FileOrder => {}
            SortColumn::Name => order.sort_by(|&a, &b| self.rows[a].name.cmp(&self.rows[b].name)),
            _ => order.sort_by(|&a, &b| key(&self.rows[a]).total_cmp(&key(&self.rows[b]))),
        }
        if !ascending {
            order.reverse();
        }
        order
    }

    /// Clicking a column header: sort by it, or flip the direction if it already is.
    pub fn sort_by(&mut self, column: SortColumn) {
        self.sort = if self.sort.0 == column {
            (column, !self.sort.1)
        } else {
            // Numbers read best largest first; names A→Z.
            (
                column,
                matches!(column, SortColumn::Name | SortColumn::FileOrder),
            )
        };
    }

    /// The numbers the rows store as they are: Σ m·n for a checkpoint (or a comparison's ΔW),
    /// and for an adapter what its files hold — each module's factors
    /// ([`LayerRow::stored_parameters`]: r(m + n) for a LoRA pair) and any dense tensor beside
    /// them. The budget's percentages are of this, so an adapter's are of its own size, not
    /// of the m·n its dense ΔW would take.
    #[must_use]
    pub fn stored_parameters(&self) -> u64 {
        self.rows.iter().map(LayerRow::stored_parameters).sum()
    }

    /// The budget's allocation over the rows so far (recomputed when rows or the setting
    /// change). Rows with a partial spectrum take part with the σ they have.
    pub fn allocation(&mut self) -> Option<&Allocation> {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let budget = match self.budget {
            BudgetSetting::Off => return None,
            BudgetSetting::PercentOfDense(percent) => {
                Budget::Parameters((self.stored_parameters() as f64 * percent / 100.0) as u64)
            }
            BudgetSetting::TargetError(error) => Budget::RelativeError(error),
        };
        let fresh = matches!(&self.allocation_cache,
            Some((count, setting, floor, _)) if *count == self.rows.len()
                && *setting == self.budget && *floor == self.max_layer_error);
        if !fresh {
            let layers: Vec<BudgetLayer<'_>> =
                self.rows.iter().map(LayerRow::budget_layer).collect();
            let allocation = match self.max_layer_error {
                Some(floor) => allocate_with_floor(&layers, budget, floor),
                None => allocate(&layers, budget),
            };
            self.allocation_cache = Some((
                self.rows.len(),
                self.budget,
                self.max_layer_error,
                allocation,
            ));
        }
        self.allocation_cache.as_ref().map(|(_, _, _, a)| a)
    }
}

/// Where an adapter export from the Model view takes each matrix's rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankSource {
    /// σ above numpy's `matrix_rank` tolerance: the exact rank of a low-rank ΔW.
    Numerical,
    /// The Gavish–Donoho rank.
    GavishDonoho,
    /// 90 % of ‖W‖_F².
    Energy90,
    /// 99 % of ‖W‖_F².
    Energy99,
    /// The global budget's allocation.
    Budget,
    /// The same rank r for every matrix (at most min(m, n)).
    Fixed(usize),
}

impl RankSource {
    /// Every rule-based choice, in menu order (a fixed rank comes after, with its value).
    pub const RULES: [Self; 5] = [
        Self::Numerical,
        Self::GavishDonoho,
        Self::Energy90,
        Self::Energy99,
        Self::Budget,
    ];

    /// Menu text.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Numerical => "numerical rank of each matrix (numpy's matrix_rank)",
            Self::GavishDonoho => "Gavish–Donoho rank of each matrix",
            Self::Energy90 => "90 % energy rank of each matrix",
            Self::Energy99 => "99 % energy rank of each matrix",
            Self::Budget => "the global budget's ranks",
            Self::Fixed(_) => "the same rank r for every matrix",
        }
    }
}

/// The layout of a Model-view export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelExportFormat {
    /// Hugging Face PEFT adapter folder.
    Peft,
    /// kohya-ss LoRA file.
    Kohya,
    /// Compressed checkpoint folder (factors + manifest).
    Compressed,
}

impl ModelView {
    /// (tensor, rank) of every matrix an export would write: rank > 0, changed in a
    /// comparison, and with `only_smaller` (a compressed checkpoint) only where the factors
    /// store fewer numbers than the matrix, k(m + n) < m·n. `None` when the budget is asked
    /// for but off.
    pub fn export_ranks(
        &mut self,
        source: RankSource,
        only_smaller: bool,
    ) -> Option<Vec<(String, usize)>> {
        let budget_ranks = match source {
            RankSource::Budget => Some(self.allocation()?.ranks.clone()),
            _ => None,
        };
        Some(
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, row)| row.changed != Some(false))
                .filter_map(|(index, row)| {
                    let rank = match source {
                        RankSource::Numerical => row.ranks.numerical,
                        RankSource::GavishDonoho => row.ranks.gavish_donoho,
                        RankSource::Energy90 => row.ranks.energy_90,
                        RankSource::Energy99 => row.ranks.energy_99,
                        RankSource::Budget => budget_ranks.as_ref().map(|r| r[index]),
                        RankSource::Fixed(rank) => Some(rank.min(row.shape[0].min(row.shape[1]))),
                    }?;
                    let [m, n] = row.shape;
                    let smaller = (rank as u64) * (m as u64 + n as u64) < row.parameters;
                    (rank > 0 && (smaller || !only_smaller)).then(|| (row.name.clone(), rank))
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{KohyaParameters, Spectrum};
    use crate::linalg::Method;

    fn row(name: &str, sigma: Vec<f64>, rows: usize, cols: usize) -> LayerRow {
        let spectrum = Spectrum::complete(sigma, rows, cols);
        LayerRow::of(
            name,
            "float32",
            &[rows, cols],
            &spectrum,
            Method::Exact,
            f64::EPSILON,
            KohyaParameters::default(),
        )
    }

    #[test]
    fn export_ranks_skip_rank_zero_unchanged_and_unprofitable_layers() {
        let mut view = ModelView::new("t".into(), 3);
        // Numerical ranks 2 (of 4 × 4: 2·8 = 16 numbers, not smaller than 16), 1 and 0.
        view.rows
            .push(row("square", vec![3.0, 2.0, 0.0, 0.0], 4, 4));
        view.rows.push(row("tall", vec![5.0, 0.0, 0.0], 10, 3));
        view.rows.push(row("zero", vec![0.0, 0.0], 2, 2));
        let all = view.export_ranks(RankSource::Numerical, false).unwrap();
        assert_eq!(all, vec![("square".to_owned(), 2), ("tall".to_owned(), 1)]);
        let smaller = view.export_ranks(RankSource::Numerical, true).unwrap();
        assert_eq!(smaller, vec![("tall".to_owned(), 1)]);
        view.rows[1].changed = Some(false);
        let changed = view.export_ranks(RankSource::Numerical, false).unwrap();
        assert_eq!(changed, vec![("square".to_owned(), 2)]);
        // The budget is off: no ranks to export from it.
        assert!(view.export_ranks(RankSource::Budget, false).is_none());
        // A fixed rank, capped by each matrix's min(m, n); the unchanged row stays out.
        let fixed = view.export_ranks(RankSource::Fixed(3), false).unwrap();
        assert_eq!(
            fixed,
            vec![("square".to_owned(), 3), ("zero".to_owned(), 2)]
        );
    }
}
