//! The numbers behind the curve figures as CSV: one row per k = 1 … r.

use super::{Curves, Spectra};
use crate::analysis::denoise::DenoiseCurves;
use std::fmt::Write;

/// A number as `analyze --json` prints it (the shortest text that reads back as the same
/// f64); empty for a value that does not exist (the PSNR of an exact A_k).
fn number(value: Option<f64>) -> String {
    value
        .and_then(|v| serde_json::to_string(&v).ok())
        .filter(|text| text != "null")
        .unwrap_or_default()
}

/// `k,sigma,relative_error,energy` (+ `psnr_db` for images), one row per k = 1 … r:
/// σ_k, e_k and c_k at that k. A colour image has one σ column per channel
/// (`sigma_r,sigma_g,sigma_b`) and the pooled error, energy and PSNR.
pub(super) fn csv(curves: &Curves) -> String {
    let mut text = String::from("k");
    if curves.is_colour() {
        for name in curves.channel_names() {
            let _ = write!(text, ",sigma_{name}");
        }
    } else {
        text.push_str(",sigma");
    }
    text.push_str(",relative_error,energy");
    if curves.is_image() {
        text.push_str(",psnr_db");
    }
    text.push('\n');
    for k in 1..=curves.len() {
        let _ = write!(text, "{k}");
        for spectrum in curves.spectra() {
            let _ = write!(text, ",{}", number(Some(spectrum.singular_values()[k - 1])));
        }
        let _ = write!(
            text,
            ",{},{}",
            number(Some(curves.relative_error(k))),
            number(Some(curves.energy(k)))
        );
        if curves.is_image() {
            let _ = write!(text, ",{}", number(curves.psnr_db(k)));
        }
        text.push('\n');
    }
    text
}

/// `k,error_vs_clean,error_vs_noisy`, one row per k = 1 … r: ‖C − N_k‖_F / ‖C‖_F and
/// ‖N − N_k‖_F / ‖N‖_F, as `denoise --json` gives them.
pub(super) fn denoise_csv(curves: &DenoiseCurves) -> String {
    let mut text = String::from("k,error_vs_clean,error_vs_noisy\n");
    for k in 1..=curves.max_rank() {
        let _ = writeln!(
            text,
            "{k},{},{}",
            number(curves.error_vs_clean.get(k).copied()),
            number(curves.error_vs_noisy.get(k).copied())
        );
    }
    text
}

/// `text` as one CSV field (RFC 4180): as is, or in double quotes with its quotes doubled
/// when it holds a comma, a quote or a line break.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `matrix,i,sigma_over_sigma1` in long form: one row per matrix and i = 1 … (its σ known),
/// σᵢ/σ₁ as `analyze --json` prints numbers (empty where σ₁ = 0: the ratio does not exist).
pub(super) fn spectra_csv(spectra: &Spectra) -> String {
    let mut text = String::from("matrix,i,sigma_over_sigma1\n");
    for (name, sigma) in spectra.matrices() {
        let name = field(name);
        let top = sigma.first().copied().unwrap_or(0.0);
        for (i, s) in sigma.iter().enumerate() {
            let ratio = (top > 0.0).then(|| s / top);
            let _ = writeln!(text, "{name},{},{}", i + 1, number(ratio));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Spectrum;

    #[test]
    fn rows_hold_sigma_error_and_energy_at_each_k() {
        // σ = 4, 3: ‖A‖_F = 5, e_1 = 3/5, c_1 = 16/25, and A_2 = A.
        let curves = Curves::single("t", Spectrum::complete(vec![3.0, 4.0], 2, 2), false);
        assert_eq!(
            csv(&curves),
            "k,sigma,relative_error,energy\n1,4.0,0.6,0.64\n2,3.0,0.0,1.0\n"
        );
    }

    #[test]
    fn an_image_has_psnr_empty_where_a_k_is_exact() {
        // 2 × 2 pixels, σ = 0.4, 0.2: MSE of A_1 = 0.04 / 4 = 0.01 → 20 dB; A_2 exact.
        let curves = Curves::single("t", Spectrum::complete(vec![0.4, 0.2], 2, 2), true);
        let text = csv(&curves);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[0], "k,sigma,relative_error,energy,psnr_db");
        let psnr: f64 = rows[1].rsplit(',').next().unwrap().parse().unwrap();
        assert!((psnr - 20.0).abs() < 1e-12, "{psnr}");
        assert!(rows[2].ends_with(",1.0,"), "{}", rows[2]);
    }

    #[test]
    fn spectra_are_long_form_with_names_quoted_where_needed() {
        let mut spectra = Spectra::new("t");
        spectra.push("a", (2, 3), &[4.0, 1.0]);
        spectra.push("b,\"c\"", (1, 1), &[0.0]);
        assert_eq!(
            spectra_csv(&spectra),
            "matrix,i,sigma_over_sigma1\na,1,1.0\na,2,0.25\n\"b,\"\"c\"\"\",1,\n"
        );
    }
}
