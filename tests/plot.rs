//! `rankscope plot` end to end: the CSV against numpy's σ, errors, energies and PSNR
//! (`tests/fixtures/plot_expected.json`, written by `scripts/make_plot_fixtures.py` from
//! numpy's reconstructions A_k), the SVG parsed as XML (labels, one path per curve, where the
//! points lie), the PNG decoded, and the refusals (exit 2, one line, no file).
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    clippy::float_cmp
)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

mod svg;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn photo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chelsea.png")
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("plot_expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

fn run(args: &[&str]) -> Output {
    Command::cargo_bin("rankscope")
        .unwrap()
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

fn plot(input: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "plot",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert!(
        output.status.success(),
        "rankscope {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.is_file(), "{} not written", out.display());
}

/// Exit 2 with exactly one stderr line holding every one of `phrases`.
fn assert_refused(output: &Output, phrases: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    for phrase in phrases {
        assert!(stderr.contains(phrase), "{phrase:?} not in {stderr:?}");
    }
}

/// The CSV as its header and rows of optional numbers (empty fields are `None`).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<Option<f64>>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    let rows = lines
        .map(|line| {
            line.split(',')
                .map(|field| (!field.is_empty()).then(|| field.parse::<f64>().unwrap()))
                .collect()
        })
        .collect();
    (header, rows)
}

fn column(header: &[String], rows: &[Vec<Option<f64>>], name: &str) -> Vec<Option<f64>> {
    let index = header.iter().position(|h| h == name).unwrap();
    rows.iter().map(|row| row[index]).collect()
}

fn assert_close(what: &str, got: f64, want: f64, tolerance: f64) {
    assert!(
        (got - want).abs() <= tolerance,
        "{what}: {got} vs numpy's {want} (tolerance {tolerance})"
    );
}

#[test]
fn weights_csv_matches_numpys_sigma_error_and_energy() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("weights.csv");
    plot(&fixture("plot_weights.npy"), &out, &["--kind", "spectrum"]);
    let (header, rows) = read_csv(&out);
    assert_eq!(header, ["k", "sigma", "relative_error", "energy"]);
    let anchors = &expected()["plot_weights.npy"];
    let sigma = floats(&anchors["singular_values"]);
    let errors = floats(&anchors["relative_error"]);
    let energies = floats(&anchors["energy"]);
    // One row per k = 1 … r = min(48, 32).
    assert_eq!(rows.len(), 32);
    for (i, row) in rows.iter().enumerate() {
        let k = i + 1;
        assert_eq!(row[0], Some(k as f64));
        // f64 data is analysed in f64: agreement to rounding.
        assert_close(
            &format!("σ_{k}"),
            row[1].unwrap(),
            sigma[i],
            1e-12 * sigma[0],
        );
        assert_close(&format!("e_{k}"), row[2].unwrap(), errors[k], 1e-10);
        assert_close(&format!("c_{k}"), row[3].unwrap(), energies[k], 1e-10);
    }
}

#[test]
fn photo_csv_matches_numpy_and_analyze_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("photo.csv");
    plot(&photo(), &out, &["--kind", "psnr", "--rank", "13"]);
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        ["k", "sigma", "relative_error", "energy", "psnr_db"]
    );
    let anchors = &expected()["chelsea.png"]["luma"];
    let sigma = floats(&anchors["singular_values"]);
    let errors = floats(&anchors["relative_error"]);
    let energies = floats(&anchors["energy"]);
    let psnr = anchors["psnr_db"].as_array().unwrap();
    assert_eq!(rows.len(), 300);
    for (i, row) in rows.iter().enumerate() {
        let k = i + 1;
        // Pixels are analysed in f32: σ to f32 accuracy relative to σ₁.
        assert_close(
            &format!("σ_{k}"),
            row[1].unwrap(),
            sigma[i],
            2e-6 * sigma[0],
        );
        assert_close(&format!("e_{k}"), row[2].unwrap(), errors[k], 2e-6);
        assert_close(&format!("c_{k}"), row[3].unwrap(), energies[k], 2e-6);
        // PSNR where A_k is still visibly off (numpy's exact A_r only has rounding left).
        if errors[k] > 1e-3 {
            assert_close(
                &format!("PSNR_{k}"),
                row[4].unwrap(),
                psnr[k].as_f64().unwrap(),
                0.01,
            );
        }
    }
    // The exact A_r has no PSNR: the field is empty, as analyze's null.
    assert_eq!(rows[299][4], None);
    // The same numbers as analyze --json (to the last bit but one: serde_json's default
    // float parser, reading the JSON here, may round the last bit differently).
    let output = run(&["analyze", photo().to_str().unwrap(), "--json"]);
    assert!(output.status.success());
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let report_sigma = floats(&report["singular_values"]);
    let report_errors = floats(&report["relative_error"]);
    let report_energy = floats(&report["energy"]);
    let report_psnr = report["psnr_db"].as_array().unwrap();
    let same = |what: &str, got: Option<f64>, want: Option<f64>| match (got, want) {
        (Some(got), Some(want)) => assert_close(what, got, want, 2.0 * f64::EPSILON * want.abs()),
        _ => assert_eq!(got, want, "{what}"),
    };
    for (i, row) in rows.iter().enumerate() {
        let k = i + 1;
        same(&format!("σ_{k}"), row[1], Some(report_sigma[i]));
        same(&format!("e_{k}"), row[2], Some(report_errors[k]));
        same(&format!("c_{k}"), row[3], Some(report_energy[k]));
        same(&format!("PSNR_{k}"), row[4], report_psnr[k].as_f64());
    }
}

#[test]
fn colour_csv_pools_the_channels_as_numpy_does_on_rgb_together() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("colour.csv");
    plot(&photo(), &out, &["--channel", "rgb", "--kind", "error"]);
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        [
            "k",
            "sigma_r",
            "sigma_g",
            "sigma_b",
            "relative_error",
            "energy",
            "psnr_db"
        ]
    );
    let anchors = &expected()["chelsea.png"]["rgb"];
    let errors = floats(&anchors["relative_error"]);
    let energies = floats(&anchors["energy"]);
    let psnr = anchors["psnr_db"].as_array().unwrap();
    for channel in ["r", "g", "b"] {
        let sigma = floats(&anchors["singular_values"][channel]);
        let got = column(&header, &rows, &format!("sigma_{channel}"));
        for (i, value) in got.iter().enumerate() {
            assert_close(
                &format!("σ_{} of {channel}", i + 1),
                value.unwrap(),
                sigma[i],
                2e-6 * sigma[0],
            );
        }
    }
    let got_errors = column(&header, &rows, "relative_error");
    let got_energy = column(&header, &rows, "energy");
    let got_psnr = column(&header, &rows, "psnr_db");
    for k in 1..=rows.len() {
        assert_close(
            &format!("e_{k}"),
            got_errors[k - 1].unwrap(),
            errors[k],
            2e-6,
        );
        assert_close(
            &format!("c_{k}"),
            got_energy[k - 1].unwrap(),
            energies[k],
            2e-6,
        );
        if errors[k] > 1e-3 {
            assert_close(
                &format!("PSNR_{k}"),
                got_psnr[k - 1].unwrap(),
                psnr[k].as_f64().unwrap(),
                0.01,
            );
        }
    }
}

/// The parsed SVG's text and its polylines as (stroke, points).
struct Svg {
    width: f64,
    height: f64,
    texts: Vec<String>,
    polylines: Vec<(String, Vec<(f64, f64)>)>,
    images: Vec<String>,
}

fn read_svg(path: &Path) -> Svg {
    let text = std::fs::read_to_string(path).unwrap();
    let document = roxmltree::Document::parse(&text).unwrap();
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let number = |node: roxmltree::Node<'_, '_>, name: &str| -> f64 {
        node.attribute(name).unwrap().parse().unwrap()
    };
    let mut svg = Svg {
        width: number(root, "width"),
        height: number(root, "height"),
        texts: Vec::new(),
        polylines: Vec::new(),
        images: Vec::new(),
    };
    svg.polylines = svg::polylines(&document);
    for node in document.descendants() {
        match node.tag_name().name() {
            "text" => svg
                .texts
                .push(node.text().unwrap_or_default().trim().to_owned()),
            "image" => svg.images.push(node.attribute("href").unwrap().to_owned()),
            _ => {}
        }
    }
    svg
}

impl Svg {
    fn has_text(&self, wanted: &str) -> bool {
        self.texts.iter().any(|t| t.contains(wanted))
    }

    /// The polylines in `stroke` with more than two points: curves, not legend marks.
    fn curves(&self, stroke: &str) -> Vec<&Vec<(f64, f64)>> {
        self.polylines
            .iter()
            .filter(|(s, points)| s.eq_ignore_ascii_case(stroke) && points.len() > 2)
            .map(|(_, points)| points)
            .collect()
    }
}

const BLUE: &str = "#0072B2";
const GREEN: &str = "#009E73";

#[test]
fn spectrum_svg_has_labels_one_path_on_a_log_axis_and_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spectrum.svg");
    plot(
        &fixture("plot_weights.npy"),
        &out,
        &["--kind", "spectrum", "--rank", "5"],
    );
    let svg = read_svg(&out);
    assert_eq!((svg.width, svg.height), (1600.0, 1000.0));
    assert!(
        svg.has_text("singular value σᵢ (units of A, log scale)"),
        "{:?}",
        svg.texts
    );
    assert!(svg.has_text("index i"), "{:?}", svg.texts);
    assert!(svg.has_text("k = 5"), "{:?}", svg.texts);
    // One curve, a point per σ.
    let curves = svg.curves(BLUE);
    assert_eq!(curves.len(), 1, "{:?}", svg.polylines);
    let points = curves[0];
    let anchors = &expected()["plot_weights.npy"];
    let sigma = floats(&anchors["singular_values"]);
    assert_eq!(points.len(), sigma.len());
    // Log scale: pixel y is affine in log10 σ (fit on the ends, check every point), and x
    // affine in i.
    let (first, last) = (points[0], points[points.len() - 1]);
    let slope_y = (last.1 - first.1) / (sigma[sigma.len() - 1].log10() - sigma[0].log10());
    let slope_x = (last.0 - first.0) / (sigma.len() - 1) as f64;
    for (i, (x, y)) in points.iter().enumerate() {
        let want_y = first.1 + slope_y * (sigma[i].log10() - sigma[0].log10());
        assert!(
            (y - want_y).abs() <= 1.5,
            "σ_{}: y = {y}, want {want_y}",
            i + 1
        );
        let want_x = first.0 + slope_x * i as f64;
        assert!(
            (x - want_x).abs() <= 1.5,
            "σ_{}: x = {x}, want {want_x}",
            i + 1
        );
    }
    // The Gavish–Donoho threshold: numpy's value and count in the legend, a dashed line at
    // its height on the same log axis.
    let threshold = anchors["gavish_donoho"]["threshold"].as_f64().unwrap();
    let kept = anchors["gavish_donoho"]["rank"].as_u64().unwrap();
    assert!(
        svg.has_text(&format!(
            "Gavish–Donoho threshold {threshold:.3} (keeps {kept})"
        )),
        "{:?}",
        svg.texts
    );
    let dashes: Vec<_> = svg
        .polylines
        .iter()
        .filter(|(s, p)| s.eq_ignore_ascii_case("#CC79A7") && p.len() == 2 && p[0].1 == p[1].1)
        .collect();
    assert!(dashes.len() > 5, "a dashed line is many short strokes");
    let want_y = first.1 + slope_y * (threshold.log10() - sigma[0].log10());
    let plot_dash = dashes.iter().max_by_key(|(_, p)| p[0].0 as i64).unwrap();
    assert!(
        (plot_dash.1[0].1 - want_y).abs() <= 1.5,
        "threshold at {want_y}"
    );
}

#[test]
fn error_and_energy_svgs_plot_numpys_curves_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let anchors = &expected()["plot_weights.npy"];
    for (kind, colour, axis, values) in [
        (
            "error",
            BLUE,
            "relative error ‖A − A_k‖_F / ‖A‖_F (%)",
            floats(&anchors["relative_error"]),
        ),
        (
            "energy",
            GREEN,
            "energy kept Σ_{i≤k} σᵢ² / ‖A‖_F² (%)",
            floats(&anchors["energy"]),
        ),
    ] {
        let out = dir.path().join(format!("{kind}.svg"));
        plot(
            &fixture("plot_weights.npy"),
            &out,
            &["--kind", kind, "--rank", "12"],
        );
        let svg = read_svg(&out);
        assert!(svg.has_text(axis), "{kind}: {:?}", svg.texts);
        assert!(svg.has_text("rank k (components kept)"), "{kind}");
        assert!(
            svg.has_text("100 %") && svg.has_text("0 %"),
            "{kind}: {:?}",
            svg.texts
        );
        assert!(
            svg.has_text(&format!("k = 12, {kind} {:.2} %", 100.0 * values[12])),
            "{kind}: {:?}",
            svg.texts
        );
        let curves = svg.curves(colour);
        assert_eq!(curves.len(), 1, "{kind}: {:?}", svg.polylines);
        // k = 0 … 32 on a linear 0–100 % axis.
        let points = curves[0];
        assert_eq!(points.len(), values.len(), "{kind}");
        let zero_y = if kind == "error" {
            points[points.len() - 1].1
        } else {
            points[0].1
        };
        let full_y = if kind == "error" {
            points[0].1
        } else {
            points[points.len() - 1].1
        };
        for (k, (_, y)) in points.iter().enumerate() {
            let want = zero_y + (full_y - zero_y) * values[k];
            assert!(
                (y - want).abs() <= 1.5,
                "{kind} at k = {k}: y = {y}, want {want}"
            );
        }
        // The k marker: a vertical black line at k = 12.
        let x_of = |k: f64| points[0].0 + (points[points.len() - 1].0 - points[0].0) * k / 32.0;
        let marker = svg.polylines.iter().find(|(s, p)| {
            s == "#000000" && p.len() == 2 && p[0].0 == p[1].0 && (p[0].0 - x_of(12.0)).abs() <= 1.0
        });
        assert!(
            marker.is_some(),
            "{kind}: no k marker at x = {}",
            x_of(12.0)
        );
    }
}

#[test]
fn colour_spectrum_svg_has_a_curve_per_channel() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("colour.svg");
    plot(&photo(), &out, &["--channel", "rgb", "--kind", "spectrum"]);
    let svg = read_svg(&out);
    for (stroke, name) in [("#D55E00", "r"), ("#009E73", "g"), ("#0072B2", "b")] {
        assert_eq!(svg.curves(stroke).len(), 1, "{name}");
        assert_eq!(svg.curves(stroke)[0].len(), 300, "{name}");
        assert!(svg.has_text(&format!("σᵢ of {name}")), "{:?}", svg.texts);
    }
}

/// Standard base64 decoding (RFC 4648), written here apart from the encoder under test.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let mut bytes = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let digits: Vec<u8> = chunk
            .iter()
            .filter(|&&c| c != b'=')
            .map(|&c| value(c))
            .collect();
        let n = digits
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        bytes.extend_from_slice(&n.to_be_bytes()[1..digits.len()]);
    }
    bytes
}

#[test]
fn layers_svg_embeds_each_layer_and_an_exact_a_k() {
    // gray8.png has rank 2 (numpy: σ₃ ≈ 4e-16): A_2 is the picture itself.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("layers.svg");
    plot(
        &fixture("gray8.png"),
        &out,
        &["--kind", "layers", "--rank", "2"],
    );
    let svg = read_svg(&out);
    assert!(svg.has_text("σ₁u₁v₁ᵀ"), "{:?}", svg.texts);
    assert!(svg.has_text("σ₂u₂v₂ᵀ"), "{:?}", svg.texts);
    assert!(!svg.has_text("σ₃u₃v₃ᵀ"), "a layer not in A_2 is drawn");
    assert!(svg.has_text("A_k, k = 2"), "{:?}", svg.texts);
    // Two layers and A_k, as embedded PNGs.
    assert_eq!(svg.images.len(), 3);
    let png = |href: &str| {
        let data = base64_decode(href.strip_prefix("data:image/png;base64,").unwrap());
        image::load_from_memory(&data).unwrap().to_rgb8()
    };
    let approximation = png(&svg.images[2]);
    let original = image::open(fixture("gray8.png")).unwrap().to_luma8();
    assert_eq!(approximation.dimensions(), original.dimensions());
    for (x, y, pixel) in original.enumerate_pixels() {
        let got = approximation.get_pixel(x, y);
        assert!(
            got.0.iter().all(|&c| c.abs_diff(pixel.0[0]) <= 1),
            "A_2 at ({x}, {y}): {got:?} vs the picture's {pixel:?}"
        );
    }
    // A layer is signed: diverging blue and red around white, not a grey picture.
    let second = png(&svg.images[1]);
    let [red, blue] = [0, 2];
    let leans =
        |p: &image::Rgb<u8>, to: usize, from: usize| i32::from(p.0[to]) > i32::from(p.0[from]) + 40;
    assert!(
        second.pixels().any(|p| leans(p, blue, red)),
        "no blue in σ₂u₂v₂ᵀ"
    );
    assert!(
        second.pixels().any(|p| leans(p, red, blue)),
        "no red in σ₂u₂v₂ᵀ"
    );
}

#[test]
fn png_figures_decode_at_slide_size_and_are_drawn() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["spectrum", "error", "energy", "psnr", "layers"] {
        let out = dir.path().join(format!("{kind}.png"));
        plot(&photo(), &out, &["--kind", kind, "--rank", "13"]);
        let picture = image::open(&out).unwrap().to_rgb8();
        assert_eq!(picture.dimensions(), (1600, 1000), "{kind}");
        let pixels = picture.pixels().count() as f64;
        let white = picture.pixels().filter(|p| p.0 == [255, 255, 255]).count() as f64;
        let black = picture.pixels().filter(|p| p.0 == [0, 0, 0]).count();
        // Mostly white paper, but with something drawn and black text on it.
        assert!(
            white / pixels > 0.3,
            "{kind}: only {:.0} % white",
            100.0 * white / pixels
        );
        assert!(
            white / pixels < 0.99,
            "{kind}: blank ({:.2} % white)",
            100.0 * white / pixels
        );
        assert!(
            black > 2000,
            "{kind}: {black} black pixels: no text or axes"
        );
        if kind != "layers" {
            let curve = picture
                .pixels()
                .filter(|p| p.0 == [0, 114, 178] || p.0 == [0, 158, 115])
                .count();
            assert!(curve > 500, "{kind}: {curve} pixels of the curve's colour");
        }
    }
}

#[test]
fn refusals_exit_2_in_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let weights = fixture("plot_weights.npy");
    let weights = weights.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    // (A value clap refuses, like `--kind graph`, is a usage error in clap's own words.)
    let cases: [(Vec<String>, &[&str]); 5] = [
        (
            vec!["--kind".into(), "psnr".into(), "--out".into(), out("p.svg")],
            &["plot_weights.npy", "PSNR is defined for images"],
        ),
        (
            vec![
                "--kind".into(),
                "layers".into(),
                "--out".into(),
                out("l.csv"),
            ],
            &["l.csv", "no CSV", "--kind spectrum"],
        ),
        (
            vec![
                "--kind".into(),
                "spectrum".into(),
                "--out".into(),
                out("s.gif"),
            ],
            &["s.gif", ".svg, .png or .csv"],
        ),
        (
            vec![
                "--kind".into(),
                "error".into(),
                "--rank".into(),
                "33".into(),
                "--out".into(),
                out("e.svg"),
            ],
            &["plot_weights.npy", "rank 33 exceeds min(m, n) = 32"],
        ),
        (
            vec![
                "--kind".into(),
                "spectrum".into(),
                "--channel".into(),
                "rgb".into(),
                "--out".into(),
                out("c.png"),
            ],
            &["plot_weights.npy"],
        ),
    ];
    for (extra, phrases) in cases {
        let mut args = vec!["plot", weights];
        args.extend(extra.iter().map(String::as_str));
        assert_refused(&run(&args), phrases);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "refused plots left files: {left:?}");
}

#[test]
fn bad_input_is_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.npy");
    let whole = std::fs::read(fixture("plot_weights.npy")).unwrap();
    std::fs::write(&broken, &whole[..200]).unwrap();
    let out = dir.path().join("s.svg");
    let output = run(&[
        "plot",
        broken.to_str().unwrap(),
        "--kind",
        "spectrum",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_refused(&output, &["broken.npy"]);
    assert!(!out.exists());
}

#[test]
fn outputs_follow_the_export_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("s.svg");
    std::fs::write(&out, "keep me").unwrap();
    let input = fixture("plot_weights.npy");
    let args = |force: bool| {
        let mut args = vec![
            "plot".to_owned(),
            input.to_str().unwrap().to_owned(),
            "--kind".into(),
            "spectrum".into(),
            "--out".into(),
            out.to_str().unwrap().to_owned(),
        ];
        if force {
            args.push("--force".into());
        }
        args
    };
    // An existing file is kept without --force …
    let refused = run(&args(false).iter().map(String::as_str).collect::<Vec<_>>());
    assert_refused(&refused, &["s.svg"]);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    // … and replaced whole with it.
    let replaced = run(&args(true).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(replaced.status.success());
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<svg"));
    // The input itself is never an output, even with --force (and a .png input as a .png).
    let copy = dir.path().join("photo.png");
    std::fs::copy(photo(), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let output = run(&[
        "plot",
        copy.to_str().unwrap(),
        "--kind",
        "spectrum",
        "--out",
        copy.to_str().unwrap(),
        "--force",
    ]);
    assert_refused(&output, &["photo.png"]);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

/// A long title (here a long `--filter` in the spectra figure's) shrinks, then is shortened
/// in the middle: it never runs off the figure's edges, and both of its ends stay readable.
#[test]
fn a_long_title_is_shortened_in_the_middle_not_cut_at_the_edges() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("spectra.svg");
    let filter = format!("^(f32|f64|{})$", "x".repeat(150));
    let output = run(&[
        "scan",
        fixture("model.safetensors").to_str().unwrap(),
        "--filter",
        &filter,
        "--figure",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{output:?}");
    let svg = read_svg(&out);
    let title = svg
        .texts
        .iter()
        .find(|t| t.starts_with("Normalised spectra"))
        .unwrap_or_else(|| panic!("no title in {:?}", svg.texts));
    assert!(title.contains('…'), "{title}");
    assert!(title.ends_with("(2 matrices)"), "{title}");
    assert!(
        title.chars().count() < 30 + filter.chars().count(),
        "{title}"
    );
}
