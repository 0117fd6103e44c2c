//! The numbers behind the curve figures as CSV: one row per k = 1 … r.

use super::Curves;
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
