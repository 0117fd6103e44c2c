//! Block-average pooling: the operators P and Q of the pooled-factor method.

use crate::real::Real;
use ndarray::{Array2, ArrayView2, Axis};
use std::ops::Range;

/// A partition of 0 … len into `count` contiguous, near-equal blocks (one per display pixel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bins {
    ranges: Vec<Range<usize>>,
    len: usize,
}

impl Bins {
    /// At most `max_bins` blocks over `len` items; no pooling (one item per bin) when
    /// `len ≤ max_bins`.
    #[must_use]
    pub fn new(len: usize, max_bins: usize) -> Self {
        let count = len.min(max_bins.max(1));
        let ranges = (0..count)
            .map(|b| (b * len / count)..((b + 1) * len / count))
            .collect();
        Self { ranges, len }
    }

    /// Number of blocks (pixels).
    #[must_use]
    pub fn count(&self) -> usize {
        self.ranges.len()
    }

    /// Number of items partitioned.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is nothing to partition.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The items of block `bin`.
    #[must_use]
    pub fn range(&self, bin: usize) -> Range<usize> {
        self.ranges[bin].clone()
    }

    /// The block holding item `index`.
    #[must_use]
    pub fn bin_of(&self, index: usize) -> usize {
        // Blocks are near-equal, so the estimate is at most one off.
        let count = self.count();
        let mut bin = (index * count / self.len.max(1)).min(count.saturating_sub(1));
        while bin > 0 && self.ranges[bin].start > index {
            bin -= 1;
        }
        while bin + 1 < count && self.ranges[bin].end <= index {
            bin += 1;
        }
        bin
    }
}

/// P·X: the mean of each block of rows of `x`, in f32 (display precision).
#[must_use]
pub fn pool<T: Real>(x: ArrayView2<'_, T>, bins: &Bins) -> Array2<f32> {
    let mut pooled = Array2::<f32>::zeros((bins.count(), x.ncols()));
    for (bin, mut out) in pooled.axis_iter_mut(Axis(0)).enumerate() {
        let range = bins.range(bin);
        #[allow(clippy::cast_precision_loss)]
        let weight = 1.0 / range.len() as f64;
        let mut sum = vec![0.0f64; x.ncols()];
        for row in x.slice(ndarray::s![range, ..]).rows() {
            for (acc, &value) in sum.iter_mut().zip(row) {
                *acc += value.to_f64();
            }
        }
        for (o, s) in out.iter_mut().zip(sum) {
            #[allow(clippy::cast_possible_truncation)]
            let mean = (s * weight) as f32;
            *o = mean;
        }
    }
    pooled
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn bins_partition_evenly_and_find_items() {
        let bins = Bins::new(10, 4);
        let ranges: Vec<_> = (0..4).map(|b| bins.range(b)).collect();
        assert_eq!(ranges, vec![0..2, 2..5, 5..7, 7..10]);
        for index in 0..10 {
            assert!(bins.range(bins.bin_of(index)).contains(&index), "{index}");
        }
        assert_eq!(Bins::new(3, 8).count(), 3);
    }

    #[test]
    fn pooling_averages_blocks_of_rows() {
        let x = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 9.0]];
        let pooled = pool(x.view(), &Bins::new(4, 2));
        assert_eq!(pooled, array![[2.0f32, 3.0], [6.0, 7.5]]);
    }
}
