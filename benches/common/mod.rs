//! Helpers shared by the latency benches.

/// The `q`-quantile (0 … 1) of ascending `sorted` times, nearest rank.
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let index = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[index]
}
