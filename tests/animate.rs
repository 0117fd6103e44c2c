//! `rankscope animate`: the GIF of a picture rebuilt from its rank-1 layers.
#![allow(clippy::unwrap_used)]

mod common;

use assert_cmd::Command;
use image::AnimationDecoder;
use std::path::Path;

fn frames(path: &Path) -> Vec<image::RgbaImage> {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    image::codecs::gif::GifDecoder::new(file)
        .unwrap()
        .into_frames()
        .map(|f| f.unwrap().into_buffer())
        .collect()
}

fn mean_difference(a: &image::RgbImage, b: &image::RgbaImage) -> f64 {
    let total: f64 = a
        .pixels()
        .zip(b.pixels())
        .map(|(p, q)| {
            (0..3)
                .map(|c| (f64::from(p[c]) - f64::from(q[c])).abs())
                .sum::<f64>()
        })
        .sum();
    let count = f64::from(a.width() * a.height() * 3);
    total / count
}

#[test]
fn a_photo_goes_from_one_layer_to_itself_in_log_spaced_frames() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cat.gif");
    let photo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/chelsea.png");
    let output = Command::cargo_bin("rankscope")
        .unwrap()
        .args(["animate"])
        .arg(&photo)
        .args(["--frames", "9", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let frames = frames(&out);
    // 300 × 451: r = 300, and 9 frames at k = 300^(i/8) are all different ranks.
    assert_eq!(frames.len(), 9);
    let original = image::open(&photo).unwrap().to_rgb8();
    assert_eq!(frames[0].dimensions(), original.dimensions());
    let first = mean_difference(&original, &frames[0]);
    let last = mean_difference(&original, &frames[8]);
    // Rank 1 is a plaid far from the cat; rank r is the cat, up to GIF's 256-colour palette.
    assert!(first > 15.0, "rank 1 differs by only {first:.1} levels");
    assert!(last < 6.0, "rank r differs by {last:.1} levels");
    // Each frame is closer than the one before (Eckart–Young: the error never grows with k).
    let errors: Vec<f64> = frames
        .iter()
        .map(|f| mean_difference(&original, f))
        .collect();
    assert!(
        errors.windows(2).all(|w| w[1] <= w[0] + 0.5),
        "errors along the frames: {errors:?}"
    );
}

#[test]
fn a_low_rank_matrix_has_a_frame_per_rank_and_bad_requests_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("w.npy");
    ndarray_npy::write_npy(
        &input,
        &common::with_singular_values(40, 30, &[3.0, 2.0, 1.0], 5),
    )
    .unwrap();
    let out = dir.path().join("w.gif");
    let run = |extra: &[&str]| {
        Command::cargo_bin("rankscope")
            .unwrap()
            .arg("animate")
            .arg(&input)
            .args(["--out"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let output = run(&[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // min(40, 30) = 30 ranks, 40 frames asked: every rank once, 1 … 30, fewer frames.
    let count = frames(&out).len();
    assert!((20..=30).contains(&count), "{count} frames");
    // The output exists now: refused without --force, named.
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("w.gif") && said.lines().count() == 1,
        "{said}"
    );
    assert!(run(&["--force"]).status.success());
    // A channel of a matrix that is not an image: refused, naming the file.
    let wrong = run(&["--force", "--channel", "rgb"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("w.npy"));
}
