//! Play: k animated from 1 to r on a logarithmic clock — each doubling of k takes the same
//! time, so the first layers, where a picture appears, are not over in a blink while the
//! last hundreds crawl.

/// Seconds Play takes from k = 1 to k = r.
pub const PLAY_SECONDS: f64 = 10.0;

/// How Play runs (chosen beside its button).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaySettings {
    /// Seconds from k = 1 to k = r (the speed a class sees).
    pub seconds: f64,
    /// Start again at 1 after r.
    pub looping: bool,
}

impl Default for PlaySettings {
    fn default() -> Self {
        Self {
            seconds: PLAY_SECONDS,
            looping: false,
        }
    }
}

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
    /// A run of `seconds` that is at rank `rank` of `max_rank` at `now`: Play after a Stop
    /// goes on from where k was (from 1 when k is 0, 1 or already r).
    #[must_use]
    pub fn resuming(rank: usize, max_rank: usize, now: f64, seconds: f64, looping: bool) -> Self {
        // On the clock k = r^t, rank k is reached at t = ln k / ln r.
        #[allow(clippy::cast_precision_loss)]
        let elapsed = if rank > 1 && rank < max_rank {
            seconds * (rank as f64).ln() / (max_rank as f64).ln()
        } else {
            0.0
        };
        Self {
            started: now - elapsed,
            seconds,
            looping,
        }
    }

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

    #[test]
    fn play_after_stop_goes_on_from_k() {
        // 256 = 2⁸ over 8 s: k = 16 is 4 s in, so 1 s later k = 32.
        let play = RankPlay::resuming(16, 256, 100.0, 8.0, false);
        assert_eq!(play.rank_at(100.0, 256), (16, true));
        assert_eq!(play.rank_at(101.0, 256), (32, true));
        // From 0, 1 or r it starts again at 1.
        for rank in [0, 1, 256] {
            let play = RankPlay::resuming(rank, 256, 5.0, 8.0, false);
            assert_eq!(play.rank_at(5.0, 256), (1, true), "from k = {rank}");
        }
    }
}
