//! The denoising demo in the window: opened with `--view denoise` on the sample photo, the
//! noise slider recomputing the curves on a worker, and the marks drawn where the curve
//! drawn says they belong.
// Marker positions are compared exactly: both are log₁₀ of the same whole k.
#![allow(clippy::unwrap_used, clippy::float_cmp)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rankscope::app::denoise::PlottedCurves;
use rankscope::app::{MainView, RankscopeApp, StartOptions, StartView};
use std::time::{Duration, Instant};

/// The app on the samples in the denoising view, stepped until an experiment is drawn for
/// the noise level `level`.
fn wait_for_demo(harness: &mut Harness<'static, RankscopeApp>, level: f64) {
    let deadline = Instant::now() + Duration::from_mins(2);
    loop {
        let app = harness.state();
        let drawn = app.denoise().demo.as_ref().is_some_and(|d| {
            (d.key.noise_level - level).abs() < 1e-9 && app.denoise().plotted.is_some()
        });
        if drawn && !app.is_denoising() {
            break;
        }
        assert!(Instant::now() < deadline, "no experiment at noise {level}");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    // A frame more so the plot is drawn from the experiment that landed.
    harness.run_steps(2);
}

fn denoise_app() -> Harness<'static, RankscopeApp> {
    let options = StartOptions {
        view: StartView::Denoise,
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()));
    wait_for_demo(&mut harness, 0.1);
    harness
}

fn plotted(harness: &Harness<'static, RankscopeApp>) -> PlottedCurves {
    harness.state().denoise().plotted.clone().unwrap()
}

fn marker(plotted: &PlottedCurves, name: &str) -> f64 {
    plotted
        .markers
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} marker in {:?}", plotted.markers))
        .1
}

/// The x of the lowest point of a drawn curve.
fn x_of_minimum(curve: &[[f64; 2]]) -> f64 {
    curve.iter().min_by(|a, b| a[1].total_cmp(&b[1])).unwrap()[0]
}

#[test]
fn the_view_opens_on_the_sample_with_the_best_k_at_the_minimum_of_the_drawn_curve() {
    let mut harness = denoise_app();
    assert_eq!(harness.state().main_view(), MainView::Denoise);
    harness.get_by_label("Clean C");
    harness.get_by_label_contains("Noisy N = C + noise");
    harness.get_by_label_contains("on the photo's luminance (luma)");
    let drawn = plotted(&harness);
    // 300 × 451: k = 1 … 300 on both curves.
    assert_eq!(drawn.clean.len(), 300);
    assert_eq!(drawn.noisy.len(), 300);
    // The clean curve has an interior minimum; the noisy one only falls.
    let best_x = marker(&drawn, "best k");
    assert_eq!(best_x, x_of_minimum(&drawn.clean));
    assert!(best_x > drawn.clean[0][0] && best_x < drawn.clean[299][0]);
    assert!(drawn.noisy.windows(2).all(|w| w[1][1] <= w[0][1] + 1e-12));
    // The Gavish–Donoho marks land near it (within a factor 1.5 in k).
    for name in ["G–D, σ_n known", "G–D, σ_n unknown"] {
        let x = marker(&drawn, name);
        assert!(
            (x - best_x).abs() < 1.5f64.log10(),
            "{name}: {x} vs {best_x}"
        );
    }
    // The best-k button takes k there, through the one rank path, and N_k follows.
    let best = harness
        .state()
        .denoise()
        .demo
        .as_ref()
        .unwrap()
        .curves
        .best_rank();
    harness
        .get_by_label_contains(&format!("best k = {best}:"))
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().rank(), best);
    harness.get_by_label_contains(&format!("N_k, k = {best}:"));
    let k_x = marker(&plotted(&harness), "k");
    assert!((k_x - best_x).abs() < 1e-12);
}

#[test]
fn the_noise_slider_recomputes_the_curves() {
    let mut harness = denoise_app();
    let before = plotted(&harness);
    let best_before = harness
        .state()
        .denoise()
        .demo
        .as_ref()
        .unwrap()
        .curves
        .best_rank();
    harness
        .get_by_role_and_label(Role::Slider, "Noise σ_n =")
        .set_value_accesskit(0.3);
    harness.step();
    assert!((harness.state().denoise().noise_level - 0.3).abs() < 1e-9);
    wait_for_demo(&mut harness, 0.3);
    let after = plotted(&harness);
    assert_ne!(before.clean, after.clean);
    // More noise: the clean error is higher at full rank and the best k is smaller.
    assert!(after.clean[299][1] > 2.0 * before.clean[299][1]);
    let best_after = harness
        .state()
        .denoise()
        .demo
        .as_ref()
        .unwrap()
        .curves
        .best_rank();
    assert!(best_after < best_before, "{best_after} vs {best_before}");
    assert_eq!(marker(&after, "best k"), x_of_minimum(&after.clean));
    harness.get_by_label_contains("(76 of 255 grey levels)");
}

#[test]
fn another_matrix_gets_its_own_experiment_and_a_large_photo_is_pooled_down() {
    let mut harness = denoise_app();
    // The generated weights: not an image, so the level is of max − min of the entries.
    harness.state_mut().send(rankscope::app::Command::Select(
        rankscope::app::catalog::Selection::PowerLaw,
    ));
    let deadline = Instant::now() + Duration::from_mins(2);
    while !harness
        .state()
        .denoise()
        .demo
        .as_ref()
        .is_some_and(|d| d.key.label.contains("power_law"))
        || harness.state().is_denoising()
    {
        assert!(
            Instant::now() < deadline,
            "no experiment on the weights: {:?}, {:?}, {:?}",
            harness.state().errors(),
            harness.state().denoise().pending,
            harness.state().decomposition().map(|d| d.label.clone())
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.run_steps(2);
    harness.get_by_label_contains("× the range max − min of the entries");
    let demo = harness.state().denoise().demo.as_ref().unwrap();
    assert!(!demo.is_image);
    assert_eq!(demo.curves.shape, (512, 384));

    // A 700 × 600 photo is pooled to 512 × 439 (both sides by the same factor) and says so.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.png");
    image::GrayImage::from_fn(600, 700, |x, y| {
        image::Luma([u8::try_from((x * 7 + y * 3) % 256).unwrap()])
    })
    .save(&path)
    .unwrap();
    let options = StartOptions {
        path: Some(path),
        view: StartView::Denoise,
        ..StartOptions::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1366.0, 768.0))
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()));
    wait_for_demo(&mut harness, 0.1);
    assert_eq!(
        harness
            .state()
            .denoise()
            .demo
            .as_ref()
            .unwrap()
            .curves
            .shape,
        (512, 439)
    );
    harness.get_by_label_contains("pooled from 700 × 600 to 512 × 439 for the demo");
}
