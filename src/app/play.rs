//! Play: k animated from 1 to r on a logarithmic clock — each doubling of k takes the same
//! time, so the first layers, where a picture appears, are not over in a blink while the
//! last hundreds crawl.

/// Seconds Play takes from k = 1 to k = r.
pub const PLAY_SECONDS: f64 = 10.0;

/// One run of the animation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankPlay {
    /// When it started (egui's time, seconds).
    pub started: f64,
    /// Seconds from k = 1 to k = r.
    pub seconds: f64,
    /// Start again at 1 after r.
    pub looping: bool,
}

impl RankPlay {
    /// The rank at `now` for a matrix of `max_rank` ranks, and whether the animation goes on.
    #[must_use]
    pub fn rank_at(&self, now: f64, max_rank: usize) -> (usize, bool) {
        if max_rank <= 1 {
            return (max_rank, false);
        }
        let mut t = ((now - self.started) / self.seconds.max(0.1)).max(0.0);
        if self.looping {
            t = t.fract();
        } else if t >= 1.0 {
            return (max_rank, false);
        }
        // k = r^t: 1 at t = 0, r at t = 1, equal time per doubling.
        #[allow(clippy::cast_precision_loss)]
        let k = (max_rank as f64).powf(t).round();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let k = (k as usize).clamp(1, max_rank);
        (k, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_double_at_equal_intervals_and_stop_at_r() {
        let play = RankPlay {
            started: 10.0,
            seconds: 8.0,
            looping: false,
        };
        assert_eq!(play.rank_at(10.0, 256), (1, true));
        // 256 = 2⁸: one doubling a second.
        assert_eq!(play.rank_at(11.0, 256), (2, true));
        assert_eq!(play.rank_at(14.0, 256), (16, true));
        assert_eq!(play.rank_at(17.0, 256), (128, true));
        assert_eq!(play.rank_at(18.0, 256), (256, false));
        assert_eq!(play.rank_at(99.0, 256), (256, false));
        let looping = RankPlay {
            looping: true,
            ..play
        };
        assert_eq!(looping.rank_at(19.0, 256), (2, true));
    }
}
