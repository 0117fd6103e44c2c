//! The numbers of a matrix decomposed channel by channel (a colour image: one SVD each for
//! r, g and b), taken as one matrix [R G B]: squared norms and squared errors add up over
//! the channels, so the relative error is sqrt(Σ_c ‖R_c − R_c,k‖_F² / Σ_c ‖R_c‖_F²). The
//! CLI's colour export and the window's colour mode both use these.

use super::Spectrum;
use crate::linalg::power_of_two_near;

/// The spectra of the channels of one picture (or the single spectrum of a matrix).
#[derive(Debug, Clone)]
pub struct Channels<'a> {
    spectra: Vec<&'a Spectrum>,
}

impl<'a> Channels<'a> {
    /// The channels' spectra, all of the same shape.
    #[must_use]
    pub fn new(spectra: impl IntoIterator<Item = &'a Spectrum>) -> Self {
        Self {
            spectra: spectra.into_iter().collect(),
        }
    }

    /// Σ_c f(spectrum_c).
    fn sum(&self, f: impl Fn(&Spectrum) -> f64) -> f64 {
        self.spectra.iter().map(|s| f(s)).sum()
    }

    /// A power of two near the largest norm: squares are taken of x/unit, never overflowing
    /// or underflowing whatever the magnitude of the values.
    fn unit(&self) -> f64 {
        power_of_two_near(
            self.spectra
                .iter()
                .fold(0.0, |largest: f64, s| largest.max(s.frobenius_norm())),
        )
    }

    /// ‖A − A_k‖_F / ‖A‖_F over all channels together (1 at k = 0; 0 for an all-zero
    /// picture at k ≥ 1, as [`Spectrum::relative_error`]).
    #[must_use]
    pub fn relative_error(&self, rank: usize) -> f64 {
        if rank == 0 {
            return 1.0;
        }
        let unit = self.unit();
        let total = self.sum(|s| (s.frobenius_norm() / unit).powi(2));
        let tail = self.sum(|s| (s.absolute_error(rank) / unit).powi(2));
        if total > 0.0 {
            (tail / total).sqrt()
        } else {
            0.0
        }
    }

    /// Σ_c Σ_{i≤k} σ_c,i² / Σ_c ‖A_c‖_F²: the share of the squared norm A_k keeps.
    #[must_use]
    pub fn energy(&self, rank: usize) -> f64 {
        let unit = self.unit();
        let total = self.sum(|s| (s.frobenius_norm() / unit).powi(2));
        let kept = self.sum(|s| s.energy(rank) * (s.frobenius_norm() / unit).powi(2));
        if total > 0.0 { kept / total } else { 1.0 }
    }

    /// ‖A − A_k‖₂ = σ_{k+1}, the largest over the channels; `None` while some channel knows
    /// only its top σ and σ_{k+1} is not among them.
    #[must_use]
    pub fn spectral_error(&self, rank: usize) -> Option<f64> {
        self.spectra
            .iter()
            .map(|s| s.spectral_error(rank))
            .try_fold(0.0, |worst, sigma| sigma.map(|s| f64::max(worst, s)))
    }

    /// PSNR in dB of pixels in \[0, 1\]: 10 log₁₀(1 / MSE), the mean over every channel's
    /// m·n pixels; `None` when A_k is exact.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn psnr_db(&self, rank: usize) -> Option<f64> {
        let (m, n) = self.spectra.first()?.shape();
        let tail = self.sum(|s| s.absolute_error(rank).powi(2));
        let pixels = (m * n * self.spectra.len()) as f64;
        (tail > 0.0).then(|| 10.0 * (pixels / tail).log10())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_numbers_pool_the_channels_squares() {
        // Channel r: σ = 3, 4 (‖R‖² = 25); g: σ = 12, 5 (169); b: σ = 0, 0 (a dark channel).
        let spectra = [
            Spectrum::complete(vec![4.0, 3.0], 2, 2),
            Spectrum::complete(vec![12.0, 5.0], 2, 2),
            Spectrum::complete(vec![0.0, 0.0], 2, 2),
        ];
        let channels = Channels::new(&spectra);
        // k = 1 leaves 3² + 5² = 34 of 25 + 169 = 194.
        assert!((channels.relative_error(1) - (34.0f64 / 194.0).sqrt()).abs() < 1e-15);
        assert!((channels.energy(1) - 160.0 / 194.0).abs() < 1e-15);
        assert_eq!(channels.spectral_error(1), Some(5.0));
        // MSE = 34 / 12 pixels.
        let psnr = channels.psnr_db(1).unwrap();
        assert!((psnr - 10.0 * (12.0f64 / 34.0).log10()).abs() < 1e-12);
        assert_eq!(channels.relative_error(0), 1.0);
        assert_eq!(channels.relative_error(2), 0.0);
        assert_eq!(channels.psnr_db(2), None);
    }

    #[test]
    fn pooled_numbers_do_not_depend_on_the_magnitude() {
        for scale in [1e-300, 1e300] {
            let spectra = [
                Spectrum::complete(vec![4.0 * scale, 3.0 * scale], 2, 2),
                Spectrum::complete(vec![12.0 * scale, 5.0 * scale], 2, 2),
            ];
            let channels = Channels::new(&spectra);
            let error = channels.relative_error(1);
            assert!(
                (error - (34.0f64 / 194.0).sqrt()).abs() < 1e-14,
                "{scale:e}: {error}"
            );
            assert!(
                (channels.energy(1) - 160.0 / 194.0).abs() < 1e-14,
                "{scale:e}"
            );
        }
    }
}
