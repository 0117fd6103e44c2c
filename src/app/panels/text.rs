//! Text that fits: numbers with significant digits whatever their magnitude, and long names
//! elided in the middle to a width, with the whole text on hover.

/// `value` with `digits` significant digits: fixed-point from 0.001 to 99 999, scientific
/// outside ("−2.31e-4"), so the ~1e-4 entries of a fine-tuning ΔW never read "0.000" or
/// "−0.000". The sign is a real minus; 0 is "0".
#[must_use]
pub fn significant(value: f64, digits: usize) -> String {
    let digits = digits.max(1);
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    #[allow(clippy::cast_possible_truncation)] // |log10| of a finite f64 is below 400
    let magnitude = value.abs().log10().floor() as i32;
    let text = if (-3..5).contains(&magnitude) {
        let digits = i32::try_from(digits).unwrap_or(17);
        #[allow(clippy::cast_sign_loss)] // at least 0
        let decimals = (digits - 1 - magnitude).max(0) as usize;
        format!("{:.decimals$}", value.abs())
    } else {
        format!("{:.precision$e}", value.abs(), precision = digits - 1)
    };
    if value < 0.0 {
        format!("\u{2212}{text}")
    } else {
        text
    }
}

/// `text` shortened in the middle with "…" so it is at most `max_width` points wide in
/// `font`; `keep_start` (0…1) is the share of the room given to its beginning. Unchanged
/// when it fits.
pub fn elide_middle(
    ui: &egui::Ui,
    text: &str,
    font: &egui::FontId,
    max_width: f32,
    keep_start: f32,
) -> String {
    let widths: Vec<f32> = ui
        .ctx()
        .fonts_mut(|fonts| text.chars().map(|c| fonts.glyph_width(font, c)).collect());
    let total: f32 = widths.iter().sum();
    if total <= max_width {
        return text.to_owned();
    }
    let ellipsis = ui.ctx().fonts_mut(|fonts| fonts.glyph_width(font, '…'));
    // Glyph widths leave out kerning: keep a little slack.
    let room = (max_width - ellipsis - 2.0).max(0.0);
    let start_room = room * keep_start.clamp(0.0, 1.0);
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut used = 0.0;
    while start < chars.len() && used + widths[start] <= start_room {
        used += widths[start];
        start += 1;
    }
    let mut end = chars.len();
    while end > start && used + widths[end - 1] <= room {
        used += widths[end - 1];
        end -= 1;
    }
    let mut out: String = chars[..start].iter().collect();
    out.push('…');
    out.extend(&chars[end..]);
    out
}

/// Width of `text` in `font` (glyph advances; kerning left out).
fn text_width(ui: &egui::Ui, text: &str, font: &egui::FontId) -> f32 {
    ui.ctx()
        .fonts_mut(|fonts| text.chars().map(|c| fonts.glyph_width(font, c)).sum())
}

/// A dotted tensor name made to fit `max_width`: its segments are cut to their first
/// letter from the left (`encoder.layer.0.attention.self.query.weight` →
/// `e.l.0.attention.self.query.weight`), keeping numbers (layer indices, which tell the rows
/// apart) and the last two segments whole; then elided in the middle if still too long.
pub fn shorten_name(ui: &egui::Ui, name: &str, font: &egui::FontId, max_width: f32) -> String {
    // A little slack for kerning, as in `elide_middle`.
    let fits = |text: &str| text_width(ui, text, font) + 2.0 <= max_width;
    if fits(name) {
        return name.to_owned();
    }
    let mut segments: Vec<String> = name.split('.').map(str::to_owned).collect();
    let whole_from = segments.len().saturating_sub(2);
    for index in 0..whole_from {
        let segment = &segments[index];
        if segment.chars().count() <= 1 || segment.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        segments[index] = segment.chars().take(1).collect();
        let joined = segments.join(".");
        if fits(&joined) {
            return joined;
        }
    }
    // The end of a dotted name says what the tensor is (`q_proj.weight`): it gets most of
    // the room; other names keep as much of their beginning as of their end.
    let keep_start = if segments.len() > 1 { 0.25 } else { 0.5 };
    elide_middle(ui, &segments.join("."), font, max_width, keep_start)
}

/// `text` with at most `max_chars` characters, the middle replaced by "…" (for hover texts
/// of messages that quote a whole file).
#[must_use]
pub fn elide_chars(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    let head = max_chars / 2;
    let tail = max_chars.saturating_sub(head + 1);
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    out
}

/// A message of at most `max_chars` characters. A message that starts with a path
/// (`/a/b/file.npy: the problem`) loses the middle of the path's folders first, so the file's
/// name and the problem stay whole; anything else (or what is still too long) is shortened in
/// the middle as [`elide_chars`] does.
#[must_use]
pub fn elide_message(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_owned();
    }
    if let Some((path, problem)) = text.split_once(": ")
        && let Some((folders, file)) = path.rsplit_once('/')
    {
        // Characters left for the folders once the file, the problem and "…/" are shown.
        let fixed = file.chars().count() + problem.chars().count() + 4;
        let folder_count = folders.chars().count();
        if fixed + 8 <= max_chars && folder_count > max_chars - fixed {
            let folders = elide_chars(folders, max_chars - fixed);
            return format!("{folders}/{file}: {problem}");
        }
    }
    elide_chars(text, max_chars)
}

/// A one-line label of `text`, elided in the middle to `max_width`, with the whole text on
/// hover when it was shortened.
pub fn elided_label(
    ui: &mut egui::Ui,
    text: &str,
    max_width: f32,
    style: egui::TextStyle,
    strong: bool,
) -> egui::Response {
    let font = style.resolve(ui.style());
    let shown = elide_middle(ui, text, &font, max_width, 0.4);
    let elided = shown != text;
    let mut rich = egui::RichText::new(shown).text_style(style);
    if strong {
        rich = rich.strong();
    }
    let response = ui.add(egui::Label::new(rich).extend());
    if elided {
        response.on_hover_text(text)
    } else {
        response
    }
}

#[cfg(test)]
mod tests {
    use super::{elide_chars, elide_message, significant};

    #[test]
    fn a_long_path_loses_its_folders_before_the_file_name_or_the_problem() {
        let folders = "/tmp/".to_owned() + &"a_rather_long_folder/".repeat(8);
        let message = format!("{folders}weights.npy: not a valid .npy file (truncated?)");
        let shown = elide_message(&message, 80);
        assert!(shown.chars().count() <= 80, "{shown}");
        assert!(shown.starts_with("/tmp/"), "{shown}");
        assert!(
            shown.ends_with("/weights.npy: not a valid .npy file (truncated?)"),
            "{shown}"
        );
        assert!(shown.contains('…'), "{shown}");
        // Short enough: unchanged; no path: the middle goes.
        assert_eq!(elide_message("a.npy: bad", 80), "a.npy: bad");
        assert_eq!(elide_message("abcdefghij", 5), "ab…ij");
    }

    #[test]
    fn long_texts_keep_both_ends() {
        assert_eq!(elide_chars("abcdefghij", 20), "abcdefghij");
        assert_eq!(elide_chars("abcdefghij", 5), "ab…ij");
    }

    #[test]
    fn small_values_keep_their_digits() {
        assert_eq!(significant(-2.3e-4, 2), "\u{2212}2.3e-4");
        assert_eq!(significant(2.3456e-4, 3), "2.35e-4");
        assert_eq!(significant(-0.000_23, 4), "\u{2212}2.300e-4");
        assert_eq!(significant(0.001_234_5, 3), "0.00123");
        assert_eq!(significant(0.5, 3), "0.500");
        assert_eq!(significant(170.43, 4), "170.4");
        assert_eq!(significant(12_345.6, 3), "12346");
        assert_eq!(significant(123_456.0, 3), "1.23e5");
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(-1.0, 3), "\u{2212}1.00");
    }
}
