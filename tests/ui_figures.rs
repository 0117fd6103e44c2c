//! The window's "Save figure" menu end to end (egui_kittest, the built-in file browser
//! forced): each figure is the core renderer's at the window's current rank, written where
//! the dialog says, with numpy's numbers in its CSV.
// Test code: a failed unwrap is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rankscope::app::{Command, DialogKind, RankscopeApp, StartOptions, StartView};
use std::path::{Path, PathBuf};

mod window;
use window::step_until;

fn app_for(path: &Path) -> Harness<'static, RankscopeApp> {
    let options = StartOptions {
        file_dialog: DialogKind::BuiltIn,
        ..window::opening(path)
    };
    window::app(options, [1280.0, 800.0])
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn frames(harness: &mut Harness<'_, RankscopeApp>, count: usize) {
    for _ in 0..count {
        harness.step();
    }
}

/// Save figure… → `figure` → `format`, then the dialog's path field and Save.
fn save_figure(harness: &mut Harness<'_, RankscopeApp>, figure: &str, format: &str, out: &Path) {
    save_from_menu(harness, &[figure, format], out);
}

/// Save figure… → each of `items`, then the dialog's path field and Save.
fn save_from_menu(harness: &mut Harness<'_, RankscopeApp>, items: &[&str], out: &Path) {
    harness.get_by_label("Save figure…").click();
    frames(harness, 3);
    for item in items {
        harness.get_by_label(item).click();
        frames(harness, 3);
    }
    frames(harness, 1);
    assert!(
        harness.state().file_browser_open(),
        "no dialog for {items:?}"
    );
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or path:");
    field.focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name or path:")
        .type_text(&out.display().to_string());
    harness.step();
    harness.get_by_role_and_label(Role::Button, "Save").click();
    let saved = format!("{}", out.display());
    step_until(harness, "the figure", |app| {
        app.notices().iter().any(|n| n.contains(&saved)) || !app.errors().is_empty()
    });
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
    assert!(out.is_file(), "{} not written", out.display());
}

#[test]
fn figures_of_the_window_are_saved_at_its_rank() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plot_weights.npy");
    std::fs::copy(fixture("plot_weights.npy"), &input).unwrap();
    let mut harness = app_for(&input);
    step_until(&mut harness, "the matrix", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    harness.state_mut().send(Command::SetRank(7));
    frames(&mut harness, 3);
    assert_eq!(harness.state().rank(), 7);

    // The spectrum as SVG: the dialog proposes a name; the k marker is the window's rank.
    let svg = dir.path().join("spectrum.svg");
    save_figure(&mut harness, "Spectrum", "SVG…", &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("k = 7, σ₇ = ")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("log scale")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Singular values: plot_weights.npy")),
        "the title names the file, not its folder: {texts:?}"
    );

    // The error curve's numbers: numpy's e_k for k = 1 … 32.
    let csv = dir.path().join("error.csv");
    save_figure(&mut harness, "Error curve", "CSV (the numbers)…", &csv);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("plot_expected.json")).unwrap())
            .unwrap();
    let errors = expected["plot_weights.npy"]["relative_error"]
        .as_array()
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("k,sigma,relative_error,energy"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|f| f.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 32);
    for row in &rows {
        let k = row[0] as usize;
        let want = errors[k].as_f64().unwrap();
        assert!(
            (row[2] - want).abs() < 1e-10,
            "e_{k}: {} vs numpy's {want}",
            row[2]
        );
    }

    // The layers as PNG: a slide-sized picture (PSNR is not offered for weights).
    let png = dir.path().join("layers.png");
    save_figure(&mut harness, "Rank-1 layers", "PNG…", &png);
    let picture = image::open(&png).unwrap().to_rgb8();
    assert_eq!(picture.dimensions(), (1600, 1000));
    harness.get_by_label("Save figure…").click();
    frames(&mut harness, 3);
    assert!(harness.query_by_label("PSNR curve").is_none());
}

#[test]
fn the_denoising_plot_is_saved_as_drawn_at_the_windows_k() {
    let dir = tempfile::tempdir().unwrap();
    let options = StartOptions {
        view: StartView::Denoise,
        file_dialog: DialogKind::BuiltIn,
        ..StartOptions::default()
    };
    let mut harness = window::app(options, [1366.0, 768.0]);
    step_until(&mut harness, "the experiment", |app| {
        app.denoise().plotted.is_some() && !app.is_denoising() && !app.is_busy()
    });
    harness.state_mut().send(Command::SetRank(25));
    frames(&mut harness, 3);
    let drawn = harness.state().denoise().plotted.clone().unwrap();

    // The numbers: what the plot drew (in %, at x = log₁₀ k) at every k = 1 … 300, and the
    // command line's for the same photo, noise and seed (its loader's f32 luma against the
    // window's: agreement to 1e-6).
    let csv = dir.path().join("denoise.csv");
    save_from_menu(&mut harness, &["CSV (the numbers)…"], &csv);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("k,error_vs_clean,error_vs_noisy"));
    let rows: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|f| f.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 300);
    for (row, (clean, noisy)) in rows.iter().zip(drawn.clean.iter().zip(&drawn.noisy)) {
        let k = row[0];
        assert!((clean[0] - k.log10()).abs() < 1e-12, "k = {k}");
        assert!((100.0 * row[1] - clean[1]).abs() < 1e-9, "k = {k}");
        assert!((100.0 * row[2] - noisy[1]).abs() < 1e-9, "k = {k}");
    }
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chelsea.png");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_rankscope"))
        .arg("denoise")
        .arg(&photo)
        .args(["--noise", "0.1", "--seed", "1", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let cli_clean = report["relative_error_clean"].as_array().unwrap();
    for row in &rows {
        let want = cli_clean[row[0] as usize].as_f64().unwrap();
        assert!(
            (row[1] - want).abs() < 1e-6,
            "k = {}: {} vs {want}",
            row[0],
            row[1]
        );
    }

    // The picture: k is the window's, the marks the experiment's.
    let svg = dir.path().join("denoise.svg");
    save_from_menu(&mut harness, &["SVG…"], &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    let best = report["best_rank"].as_u64().unwrap();
    assert!(texts.iter().any(|t| t.starts_with("k = 25, ")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(&format!("best k = {best} "))),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("log scale")), "{texts:?}");
    // The demo ran on the colour photo's luma, and the title says so.
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Denoising: built-in samples › luma (300 × 451")),
        "{texts:?}"
    );
    let png = dir.path().join("denoise.png");
    save_from_menu(&mut harness, &["PNG…"], &png);
    let picture = image::open(&png).unwrap().to_rgb8();
    assert_eq!(picture.dimensions(), (1600, 1000));
}

/// The open dialog's path field set to `out`, then Save.
fn type_path_and_save(harness: &mut Harness<'_, RankscopeApp>, out: &Path) {
    assert!(harness.state().file_browser_open(), "no dialog");
    let field = harness.get_by_role_and_label(Role::TextInput, "Name or path:");
    field.focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_role_and_label(Role::TextInput, "Name or path:")
        .type_text(&out.display().to_string());
    harness.step();
    harness.get_by_role_and_label(Role::Button, "Save").click();
}

/// Frames and their delays (ms) of a GIF.
fn gif_frames(path: &Path) -> Vec<(image::RgbaImage, u32)> {
    use image::AnimationDecoder;
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    image::codecs::gif::GifDecoder::new(file)
        .unwrap()
        .into_frames()
        .map(|f| {
            let f = f.unwrap();
            let (numer, denom) = f.delay().numer_denom_ms();
            (f.into_buffer(), numer / denom)
        })
        .collect()
}

/// Mean absolute difference per colour channel, in 8-bit levels.
fn mean_difference(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    let total: f64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| {
            (0..3)
                .map(|c| (f64::from(p[c]) - f64::from(q[c])).abs())
                .sum::<f64>()
        })
        .sum();
    total / f64::from(a.width() * a.height() * 3)
}

#[test]
fn record_gif_writes_plays_animation_where_the_dialog_says_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("chelsea.png");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chelsea.png"),
        &photo,
    )
    .unwrap();
    let photo_bytes = std::fs::read(&photo).unwrap();
    let mut harness = app_for(&photo);
    step_until(&mut harness, "the photo", |app| {
        app.decomposition().is_some() && !app.is_busy()
    });
    assert!(harness.state().decomposition().unwrap().is_colour());

    let out = dir.path().join("ranks.gif");
    harness.get_by_label("Record GIF…").click();
    frames(&mut harness, 3);
    type_path_and_save(&mut harness, &out);
    let said = format!("Recorded Play as {}", out.display());
    step_until(&mut harness, "the recording", |app| {
        app.notices().iter().any(|n| n.contains(&said)) || !app.errors().is_empty()
    });
    assert!(
        harness.state().errors().is_empty(),
        "{:?}",
        harness.state().errors()
    );
    let window = gif_frames(&out);
    // 40 frames asked at k = round(300^(i/39)), i = 0 … 39; the repeats among the low
    // ranks are dropped.
    let mut ranks: Vec<i64> = (0..40)
        .map(|i| 300f64.powf(f64::from(i) / 39.0).round() as i64)
        .collect();
    ranks.dedup();
    assert_eq!(window.len(), ranks.len());
    // The photo's own size (451 × 300 is under the 480-pixel cap), in colour; Play's 10 s
    // spread over 40 frames, the last held three times as long.
    let original = image::open(&photo).unwrap().to_rgba8();
    assert!(window.iter().all(|(f, _)| f.dimensions() == (451, 300)));
    assert!(window[..window.len() - 1].iter().all(|(_, ms)| *ms == 250));
    assert_eq!(window.last().unwrap().1, 750);
    let last = mean_difference(&original, &window.last().unwrap().0);
    assert!(
        last < 6.0,
        "rank r differs from the photo by {last:.1} levels"
    );
    assert!(mean_difference(&original, &window[0].0) > 15.0);

    // The command line's animate with the same settings writes the same frames, up to
    // GIF's palette: it is fitted per frame (NeuQuant), and the last-bit differences of two
    // SVD routines move a few of its colours by a level or two (most frames come out
    // identical).
    let cli_out = dir.path().join("cli.gif");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_rankscope"))
        .arg("animate")
        .arg(&photo)
        .args(["--frames", "40", "--frame-ms", "250", "--out"])
        .arg(&cli_out)
        .output()
        .unwrap();
    assert!(status.status.success());
    let cli = gif_frames(&cli_out);
    assert_eq!(cli.len(), window.len());
    for (index, ((a, a_ms), (b, b_ms))) in window.iter().zip(&cli).enumerate() {
        assert_eq!(a_ms, b_ms);
        let difference = mean_difference(a, b);
        assert!(difference < 3.5, "frame {index} differs by {difference:.2}");
    }

    // Never over the input, nor over a folder: refused, said, and both left as they were.
    // The input through the dialog (its "Replace?" answered yes); a folder as a system
    // dialog may hand one back (the built-in browser goes into folders instead).
    let before = harness.state().errors().len();
    harness.get_by_label("Record GIF…").click();
    frames(&mut harness, 3);
    type_path_and_save(&mut harness, &photo);
    frames(&mut harness, 3);
    harness.get_by_label("Replace").click();
    step_until(&mut harness, "the refusal", |app| {
        app.errors().len() > before && !app.is_busy()
    });
    let folder = dir.path().join("a folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("keep.txt"), "kept").unwrap();
    harness
        .state_mut()
        .send(Command::RecordAnimation(folder.clone()));
    step_until(&mut harness, "the refusal", |app| {
        app.errors().len() > before + 1 && !app.is_busy()
    });
    let errors = harness.state().errors();
    assert!(
        errors[before].contains(&photo.display().to_string()),
        "{errors:?}"
    );
    assert!(
        errors[before + 1].contains(&folder.display().to_string()),
        "{errors:?}"
    );
    assert_eq!(std::fs::read(&photo).unwrap(), photo_bytes);
    assert_eq!(
        std::fs::read_to_string(folder.join("keep.txt")).unwrap(),
        "kept"
    );
}

#[test]
fn the_model_views_spectra_of_the_ticked_rows_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("model.safetensors");
    std::fs::copy(fixture("model.safetensors"), &input).unwrap();
    let mut harness = app_for(&input);
    step_until(&mut harness, "the file", |app| app.catalog().is_some());
    harness.state_mut().send(Command::ScanModel);
    step_until(&mut harness, "the scan", |app| {
        app.model().is_some_and(|m| m.finished)
    });
    harness
        .state_mut()
        .send(Command::ShowMain(rankscope::app::MainView::Model));
    frames(&mut harness, 3);
    // The first four rows start ticked; unticking two leaves f64 and f16.
    assert_eq!(harness.state().model().unwrap().selected.len(), 4);
    for name in ["conv", "f32"] {
        harness
            .get_by_role_and_label(Role::CheckBox, &format!("compare {name}"))
            .click();
        frames(&mut harness, 2);
    }

    // The numbers of the rows left ticked: numpy's σᵢ/σ₁ (expected.json), in file order.
    let csv = dir.path().join("spectra.csv");
    save_from_menu(&mut harness, &["CSV (the numbers)…"], &csv);
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("matrix,i,sigma_over_sigma1"));
    let mut want = Vec::new();
    for name in ["f64", "f16"] {
        let sigma = expected["model.safetensors"][name]["singular_values"]
            .as_array()
            .unwrap();
        let top = sigma[0].as_f64().unwrap();
        for (i, s) in sigma.iter().enumerate() {
            want.push((name, i + 1, s.as_f64().unwrap() / top));
        }
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), want.len(), "{text}");
    for (row, (name, i, ratio)) in rows.iter().zip(&want) {
        let fields: Vec<&str> = row.split(',').collect();
        assert_eq!((fields[0], fields[1]), (*name, i.to_string().as_str()));
        let got: f64 = fields[2].parse().unwrap();
        assert!((got - ratio).abs() < 1e-6, "{row}: numpy's {ratio}");
    }

    // The picture: both rows named in the legend, the title naming the file.
    let svg = dir.path().join("spectra.svg");
    save_from_menu(&mut harness, &["SVG…"], &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let texts: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    for needle in [
        "Normalised spectra: model.safetensors (2 matrices)",
        "f64 (4 × 6)",
        "f16 (3 × 5)",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "{needle}: {texts:?}"
        );
    }
}
