//! The denoising figure: the error of the noisy matrix's rank-k truncation N_k against the
//! clean matrix C (it falls, then rises: a minimum) and against the noisy one N (it only
//! falls), in % against k on a log axis, marked at the best k, the Gavish–Donoho ranks for
//! a known and an unknown noise level, and k when one is given: the plot of the window's
//! denoising demo and of `rankscope denoise --figure`.

use super::axes::{count_label, percent_label};
use super::curves::{LinearCurve, Mark, percent};
use super::style;
use crate::analysis::denoise::DenoiseCurves;
use plotters::prelude::SeriesLabelPosition;

/// What the denoising figure is drawn from.
#[derive(Debug, Clone)]
pub struct DenoiseFigure {
    title: String,
    curves: DenoiseCurves,
    rank: Option<usize>,
}

impl DenoiseFigure {
    /// The curves of one experiment on the matrix `title` names, with k marked at `rank`.
    #[must_use]
    pub fn new(title: impl Into<String>, curves: DenoiseCurves, rank: Option<usize>) -> Self {
        Self {
            title: title.into(),
            curves,
            rank,
        }
    }

    /// The k marked, if any.
    #[must_use]
    pub fn rank(&self) -> Option<usize> {
        self.rank
    }

    /// The experiment's curves.
    #[must_use]
    pub fn curves(&self) -> &DenoiseCurves {
        &self.curves
    }

    /// The title the figure carries.
    #[must_use]
    pub fn title(&self) -> &str {
        &self.title
    }
}

/// Both curves in % against k = 1 … r on a log axis, the marks and the legend.
#[allow(clippy::cast_precision_loss)]
pub(super) fn curve(figure: &DenoiseFigure) -> LinearCurve {
    let curves = &figure.curves;
    let max = curves.max_rank();
    let points = |values: &[f64]| -> Vec<(f64, f64)> {
        (1..=max).map(|k| (k as f64, 100.0 * values[k])).collect()
    };
    let clean = points(&curves.error_vs_clean);
    let noisy = points(&curves.error_vs_noisy);
    // From 0 to 1.6 × the highest point, rounded up to 10 %: the legend takes the top
    // third, above the curves (noise louder than the picture takes the clean error above
    // 100 % at full rank).
    let top = clean
        .iter()
        .chain(&noisy)
        .map(|(_, y)| *y)
        .fold(0.0f64, f64::max);
    let y_high = (1.6 * top / 10.0).ceil().max(1.0) * 10.0;
    let error_at = |k: usize| percent(curves.error_vs_clean[k]);
    let best = curves.best_rank();
    let mut marks = vec![Mark {
        rank: best,
        label: format!("best k = {best} (least error vs C: {})", error_at(best)),
        colour: style::BEST,
        dash: None,
    }];
    let rules = [
        (
            "σ_n known",
            curves.known_noise_rank(),
            curves.known_noise_threshold(),
            style::THRESHOLD,
            (18.0, 10.0),
        ),
        (
            "σ_n unknown",
            curves.unknown_noise_rank(),
            curves.unknown_noise_threshold(),
            style::THRESHOLD_UNKNOWN,
            (6.0, 8.0),
        ),
    ];
    for (what, rank, threshold, colour, dash) in rules {
        if let (Some(rank), Some(threshold)) = (rank, threshold) {
            marks.push(Mark {
                rank,
                label: format!(
                    "Gavish–Donoho, {what}: keep σᵢ > {threshold:.4} → k = {rank} ({})",
                    error_at(rank)
                ),
                colour,
                dash: Some(dash),
            });
        }
    }
    let (m, n) = curves.shape;
    let noise = curves.noise_sigma.map_or_else(String::new, |s| {
        let text = format!("{s:.4}");
        format!(
            ", σ_n = {}",
            text.trim_end_matches('0').trim_end_matches('.')
        )
    });
    let for_note = curves.error_vs_clean.clone();
    LinearCurve {
        title: format!("Denoising: {} ({m} × {n}{noise})", figure.title),
        x_desc: "rank k of N_k (components kept, log scale)",
        y_desc: "relative error of N_k (%)",
        series: vec![
            (
                "vs clean C: ‖C − N_k‖_F / ‖C‖_F".to_owned(),
                style::CLEAN,
                clean,
            ),
            (
                "vs noisy N: ‖N − N_k‖_F / ‖N‖_F".to_owned(),
                style::MAIN,
                noisy,
            ),
        ],
        y_range: (0.0, y_high),
        x_end: max as f64,
        log_x: true,
        log_y: false,
        x_label: count_label,
        y_label: percent_label,
        rank_note: Box::new(move |k| {
            for_note
                .get(k)
                .map_or_else(String::new, |e| format!(", {} vs C", percent(*e)))
        }),
        legend_position: SeriesLabelPosition::UpperRight,
        marks,
    }
}
