//! The classroom (issue 14): the geometry view of a typed 2 × 2 matrix and presenter mode.
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rankscope::app::{MainView, RankscopeApp, StartOptions, StartView};
use std::time::{Duration, Instant};

/// σ₁, σ₂ of a 2 × 2 matrix in closed form: √((‖A‖_F² ± √(‖A‖_F⁴ − 4 det²)) / 2).
fn sigma_closed_form(a: [[f64; 2]; 2]) -> [f64; 2] {
    let fro2: f64 = a.iter().flatten().map(|x| x * x).sum();
    let det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    let root = (fro2 * fro2 - 4.0 * det * det).max(0.0).sqrt();
    [
        f64::midpoint(fro2, root).sqrt(),
        ((fro2 - root) / 2.0).max(0.0).sqrt(),
    ]
}

/// The longest and shortest radius of the drawn ellipse.
fn semi_axes(app: &RankscopeApp) -> [f64; 2] {
    let radii: Vec<f64> = app
        .geometry()
        .circle_now(3600)
        .iter()
        .map(|p| p[0].hypot(p[1]))
        .collect();
    [
        radii.iter().copied().fold(0.0, f64::max),
        radii.iter().copied().fold(f64::INFINITY, f64::min),
    ]
}

fn geometry_app(matrix: [[f64; 2]; 2]) -> Harness<'static, RankscopeApp> {
    let options = StartOptions {
        view: StartView::Geometry,
        plane_matrix: Some(matrix),
        ..StartOptions::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()))
}

/// The app on the built-in samples at `size`, once the first matrix is analysed.
fn sample_app(options: StartOptions, size: egui::Vec2) -> Harness<'static, RankscopeApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()));
    let deadline = Instant::now() + Duration::from_mins(1);
    while harness.state().decomposition().is_none() || harness.state().is_busy() {
        assert!(Instant::now() < deadline, "the sample never opened");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness
}

#[test]
fn the_ellipse_has_the_typed_matrix_singular_values_as_semi_axes() {
    for a in [
        [[3.0, 1.0], [1.0, 2.0]],
        [[1.0, 2.0], [3.0, 4.0]],
        [[0.5, -2.0], [1.5, 0.2]],
    ] {
        let mut harness = geometry_app(a);
        harness.run_steps(3);
        assert_eq!(harness.state().main_view(), MainView::Geometry);
        let want = sigma_closed_form(a);
        let got = semi_axes(harness.state());
        assert!(
            (got[0] - want[0]).abs() < 1e-4,
            "{a:?}: {got:?} vs {want:?}"
        );
        assert!(
            (got[1] - want[1]).abs() < 1e-4,
            "{a:?}: {got:?} vs {want:?}"
        );
        // The numbers beside say the same σ.
        harness.get_by_label_contains(&format!("σ₁ = √λ₁ = {:.4}", want[0]));
    }
}

#[test]
fn play_carries_the_circle_through_the_three_steps_and_rank_one_collapses_it() {
    let a = [[3.0, 1.0], [1.0, 2.0]];
    let mut harness = geometry_app(a);
    harness.run_steps(2);
    harness.get_by_label("▶ Play").click();
    harness.run_steps(2);
    // Just started: still (nearly) the unit circle.
    let start = semi_axes(harness.state());
    assert!(harness.state().geometry().playing.is_some());
    assert!((start[0] - 1.0).abs() < 0.3, "{start:?}");
    let deadline = Instant::now() + Duration::from_mins(1);
    let mut seen_middle = false;
    while harness.state().geometry().playing.is_some() {
        assert!(Instant::now() < deadline, "Play never ended");
        let step = harness.state().geometry().step;
        seen_middle |= step > 0.5 && step < 2.5;
        harness.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(seen_middle, "Play jumped to the end");
    assert!((harness.state().geometry().step - 3.0).abs() < 1e-12);
    let want = sigma_closed_form(a);
    let end = semi_axes(harness.state());
    assert!((end[0] - want[0]).abs() < 1e-4 && (end[1] - want[1]).abs() < 1e-4);
    // σ₂ → 0: the best rank-1 approximation maps the circle onto a segment of half-length σ₁.
    harness.get_by_label("σ₂ → 0").click();
    harness.run_steps(2);
    let collapsed = semi_axes(harness.state());
    // (the ellipse is sampled at 3600 points: a segment's shortest sampled radius is ~σ₁·π/3600)
    assert!(collapsed[1] < 1e-2, "{collapsed:?}");
    assert!(harness.state().geometry().svd().sigma[1] < 1e-9);
    assert!((collapsed[0] - want[0]).abs() < 1e-4, "{collapsed:?}");
    harness.get_by_label_contains("rank 1, the circle collapses");
}

#[test]
fn presenter_mode_is_large_light_and_shows_only_what_a_class_needs() {
    let options = StartOptions {
        present: true,
        ..StartOptions::default()
    };
    let mut harness = sample_app(options, egui::vec2(1280.0, 800.0));
    harness.run_steps(3);
    // Text at least 1.6× the normal body size (13.5 points), on a light theme.
    let body = harness
        .ctx
        .global_style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .unwrap()
        .size;
    assert!(body >= 1.6 * 13.5, "body text {body} points");
    assert!(!harness.ctx.global_style().visuals.dark_mode);
    // The pictures, the slider and the readout; not the residual, the curves or the list.
    harness.get_by_label("A (original)");
    harness.get_by_label_contains("A_k, rank");
    harness.get_by_label_contains("% of m·n");
    assert!(harness.query_by_label_contains("Residual").is_none());
    assert!(harness.query_by_label_contains("Singular values").is_none());
    assert!(harness.query_by_label("Matrices").is_none());
    // The readout follows the rank.
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(3));
    harness.run_steps(2);
    harness.get_by_label("k = 3");
    // And it ends: the normal window, dark again.
    harness.get_by_label("Exit presenter mode").click();
    harness.run_steps(3);
    assert!(harness.ctx.global_style().visuals.dark_mode);
    harness.get_by_label_contains("Residual");
}

#[test]
fn play_runs_k_from_one_up_to_r_and_stops_there() {
    let mut harness = sample_app(StartOptions::default(), egui::vec2(1280.0, 800.0));
    let max = harness.state().decomposition().unwrap().max_rank();
    harness.get_by_label("▶ Play").click();
    harness.run_steps(2);
    assert!(harness.state().is_playing());
    let mut seen = vec![harness.state().rank()];
    let deadline = Instant::now() + Duration::from_mins(1);
    while harness.state().is_playing() {
        assert!(Instant::now() < deadline, "Play never ended");
        harness.step();
        seen.push(harness.state().rank());
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(seen[0] <= 2, "started at {}", seen[0]);
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "k went back: {seen:?}"
    );
    assert!(
        seen.iter().any(|&k| k > 2 && k < max),
        "k jumped to the end"
    );
    assert_eq!(harness.state().rank(), max, "stopped short of r");
    // Stop: a key press takes over from a playing k.
    harness.get_by_label("▶ Play").click();
    harness.run_steps(2);
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(5));
    harness.run_steps(2);
    assert!(!harness.state().is_playing());
    assert_eq!(harness.state().rank(), 5);
}

#[test]
fn lesson_steps_set_up_the_view_and_the_quiz_hides_k_until_revealed() {
    use rankscope::app::LowerView;
    let options = StartOptions {
        view: StartView::Lesson,
        ..StartOptions::default()
    };
    let mut harness = sample_app(options, egui::vec2(1280.0, 800.0));
    harness.run_steps(2);
    harness.get_by_label_contains("1. A picture is a matrix");
    harness.get_by_label("1 of 7");
    // Step 2: the teaching view at k = 1.
    harness.get_by_label("Next ▶").click();
    harness.run_steps(3);
    harness.get_by_label_contains("2. One rank-1 layer");
    assert_eq!(harness.state().lower_view(), LowerView::Teaching);
    assert_eq!(harness.state().rank(), 1);
    // Step 4: Eckart–Young on the curves at k = 20.
    harness
        .state_mut()
        .send(rankscope::app::Command::Lesson(Some(3)));
    harness.run_steps(3);
    assert_eq!(harness.state().lower_view(), LowerView::Curves);
    assert_eq!(harness.state().rank(), 20);
    // The quiz: k set but shown nowhere until revealed.
    harness
        .state_mut()
        .send(rankscope::app::Command::Lesson(Some(6)));
    harness.run_steps(3);
    assert_eq!(harness.state().rank(), 8);
    harness.get_by_label("A_k, k = ?");
    for hint in [
        "k = 8",
        "At rank k = 8",
        "Rank-8 approximation A_k",
        "A_k, k = 8",
    ] {
        assert!(
            harness.query_by_label_contains(hint).is_none(),
            "the quiz shows {hint:?}"
        );
    }
    assert!(
        harness
            .query_by_role(egui::accesskit::Role::Slider)
            .is_none()
    );
    harness.get_by_label("Reveal k").click();
    harness.run_steps(3);
    harness.get_by_label("k = 8");
    // Ended: the normal window again.
    harness.get_by_label("End lesson").click();
    harness.run_steps(2);
    assert!(harness.state().lesson().is_none());
    assert!(harness.query_by_label_contains("7. Quiz").is_none());
}

#[test]
fn the_teaching_view_sums_exactly_the_layers_in_a_k_with_the_stats_numbers() {
    let mut harness = sample_app(StartOptions::default(), egui::vec2(1366.0, 768.0));
    assert!(!harness.state().view_settings().amplify_residual);
    harness.get_by_label("Teaching: rank-1 layers").click();
    harness.run_steps(2);
    // The residual becomes visible in the teaching view.
    assert!(harness.state().view_settings().amplify_residual);
    let layers = |harness: &Harness<'_, RankscopeApp>| {
        [
            "σ₁u₁v₁ᵀ",
            "σ₂u₂v₂ᵀ",
            "σ₃u₃v₃ᵀ",
            "σ₄u₄v₄ᵀ",
            "σ₅u₅v₅ᵀ",
            "σ₆u₆v₆ᵀ",
        ]
        .iter()
        .filter(|caption| harness.query_by_label(caption).is_some())
        .count()
    };
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(3));
    harness.run_steps(3);
    assert_eq!(layers(&harness), 3, "k = 3 draws three layers");
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(10));
    harness.run_steps(3);
    assert_eq!(layers(&harness), 6);
    harness.get_by_label_contains("(4 more)");
    // The colour photo's formulas give the relative error the numbers panel gives.
    let pooled = harness.state().decomposition().unwrap().relative_error(10);
    harness.get_by_label_contains(&format!("relative error {:.3} %", 100.0 * pooled));
    harness.get_by_label_contains("r, g and b together");
}

#[test]
fn the_teaching_view_draws_u_and_v_beside_each_layer_at_full_length() {
    let options = StartOptions {
        view: StartView::Teaching,
        ..StartOptions::default()
    };
    let mut harness = sample_app(options, egui::vec2(1366.0, 768.0));
    // The photo (chelsea.png, 300 × 451 pixels): strips of one pixel per row and column.
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(3));
    harness.run_steps(3);
    let subscripts = ["₁", "₂", "₃", "₄", "₅", "₆"];
    for (i, s) in subscripts.iter().enumerate() {
        let u = format!("u{s}: 300 pixels");
        let v = format!("v{s}ᵀ: 451 pixels");
        // Exactly the layers in A_k carry their vectors.
        assert_eq!(harness.query_by_label(&u).is_some(), i < 3, "{u}");
        assert_eq!(harness.query_by_label(&v).is_some(), i < 3, "{v}");
    }
    assert_eq!(harness.state().teaching_vector_lengths(), [[300, 451]; 6]);
    harness.get_by_label_contains("Why sorted");
    harness.get_by_label_contains("Why orthogonal");

    // The generated weights (512 × 384): curves of every entry.
    harness.state_mut().send(rankscope::app::Command::Select(
        rankscope::app::catalog::Selection::PowerLaw,
    ));
    let deadline = Instant::now() + Duration::from_mins(1);
    while harness
        .state()
        .decomposition()
        .map(rankscope::app::decomposition::Decomposition::shape)
        != Some((512, 384))
        || harness.state().is_busy()
    {
        assert!(Instant::now() < deadline, "the weights never opened");
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness
        .state_mut()
        .send(rankscope::app::Command::SetRank(20));
    harness.run_steps(3);
    for s in subscripts {
        harness.get_by_label(&format!("u{s}: 512 values"));
        harness.get_by_label(&format!("v{s}ᵀ: 384 values"));
    }
    assert_eq!(harness.state().teaching_vector_lengths(), [[512, 384]; 6]);
}

/// σ₁, σ₂ of a 3 × 2 matrix given by its columns (or of the 2 × 3 with these rows), in
/// closed form: the 2 × 2 Gram matrix has trace ‖A‖_F² and determinant Σ (2 × 2 minors)²
/// (Cauchy–Binet), so σ² = (‖A‖_F² ± √(‖A‖_F⁴ − 4 det G)) / 2.
fn sigma_of_3_by_2(columns: [[f64; 3]; 2]) -> [f64; 2] {
    let fro2: f64 = columns.iter().flatten().map(|x| x * x).sum();
    let [a, b] = columns;
    let minors = (a[0] * b[1] - a[1] * b[0]).powi(2)
        + (a[0] * b[2] - a[2] * b[0]).powi(2)
        + (a[1] * b[2] - a[2] * b[1]).powi(2);
    let root = (fro2 * fro2 - 4.0 * minors).max(0.0).sqrt();
    [
        f64::midpoint(fro2, root).sqrt(),
        ((fro2 - root) / 2.0).max(0.0).sqrt(),
    ]
}

#[test]
fn maps_between_plane_and_space_draw_an_ellipse_with_semi_axes_sigma() {
    use rankscope::analysis::space::SpaceMatrix;
    // "1 0 1; 0 1 1" (2 × 3: σ = √3, 1), its transpose, and a 3 × 2 with no round σ.
    let cases = [
        (
            SpaceMatrix::Wide([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]),
            [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]],
            "Geometry of a 2 × 3 matrix: space onto the plane",
        ),
        (
            SpaceMatrix::Tall([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
            [[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]],
            "Geometry of a 3 × 2 matrix: the plane into space",
        ),
        (
            SpaceMatrix::Tall([[3.0, 1.0], [1.0, 2.0], [0.5, -1.0]]),
            [[3.0, 1.0, 0.5], [1.0, 2.0, -1.0]],
            "Geometry of a 3 × 2 matrix: the plane into space",
        ),
    ];
    for (matrix, columns, heading) in cases {
        let options = StartOptions {
            view: StartView::Geometry,
            space_matrix: Some(matrix),
            ..StartOptions::default()
        };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_eframe(move |cc| RankscopeApp::new(cc, options.clone()));
        harness.run_steps(3);
        harness.get_by_label(heading);
        let want = sigma_of_3_by_2(columns);
        let semi_axes = |app: &RankscopeApp| {
            let radii: Vec<f64> = app
                .geometry()
                .space_outline_now(3600)
                .unwrap()
                .iter()
                .map(|p| (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt())
                .collect();
            [
                radii.iter().copied().fold(0.0, f64::max),
                radii.iter().copied().fold(f64::INFINITY, f64::min),
            ]
        };
        let [longest, shortest] = semi_axes(harness.state());
        assert!((longest - want[0]).abs() < 1e-5, "{matrix:?}: {longest}");
        assert!((shortest - want[1]).abs() < 1e-5, "{matrix:?}: {shortest}");
        // Play runs the three steps from the unit circle (or sphere) and ends on A's image.
        harness.get_by_label("▶ Play").click();
        harness.run_steps(2);
        assert!(harness.state().geometry().step < 3.0);
        let deadline = Instant::now() + Duration::from_secs(30);
        while harness.state().geometry().playing.is_some() {
            assert!(Instant::now() < deadline, "Play never ended");
            harness.step();
            std::thread::sleep(Duration::from_millis(20));
        }
        let [longest, shortest] = semi_axes(harness.state());
        assert!((longest - want[0]).abs() < 1e-5 && (shortest - want[1]).abs() < 1e-5);
        // The 2 × 3's image lies in the plane (z = 0).
        if matches!(matrix, SpaceMatrix::Wide(_)) {
            let outline = harness.state().geometry().space_outline_now(64).unwrap();
            assert!(outline.iter().all(|p| p[2].abs() < 1e-12));
        }
    }
}

/// `--matrix` of another shape than the geometry view's opens as a small matrix in the
/// matrix view: A = P·diag(3, 2, 1)·Q with P, Q permutations and a sign, so σ = 3, 2, 1.
#[test]
fn a_typed_3x3_matrix_opens_in_the_matrix_view_with_its_singular_values() {
    let options = StartOptions {
        typed_matrix: Some(vec![
            vec![0.0, 0.0, -1.0],
            vec![0.0, 2.0, 0.0],
            vec![3.0, 0.0, 0.0],
        ]),
        ..StartOptions::default()
    };
    let harness = sample_app(options, egui::vec2(1366.0, 768.0));
    let app = harness.state();
    assert_eq!(app.main_view(), MainView::Matrix);
    let decomposition = app.decomposition().unwrap();
    assert_eq!(decomposition.shape(), (3, 3));
    let sigma = decomposition.channels[0].spectrum.singular_values();
    assert_eq!(sigma.len(), 3);
    for (got, want) in sigma.iter().zip([3.0, 2.0, 1.0]) {
        assert!((got - want).abs() < 1e-12, "σ = {sigma:?}");
    }
    harness.get_by_label_contains("typed matrix (--matrix)");
}

/// Stop pauses: Play goes on from the k where it stopped; a k moved in between starts over.
#[test]
fn stop_then_play_goes_on_from_k_and_the_speed_is_the_chosen_one() {
    use rankscope::app::Command;
    let mut harness = sample_app(StartOptions::default(), egui::vec2(1280.0, 800.0));
    let max = harness.state().decomposition().unwrap().max_rank();
    harness.state_mut().send(Command::Play(Some((20.0, false))));
    // kittest advances egui's clock by its step_dt, 1/4 s a step: 20 steps are 5 s of the
    // 20 chosen, so k = r^(1/4) (at the default 10 s it would be r^(1/2)).
    harness.run_steps(20);
    harness.state_mut().send(Command::Play(None));
    harness.run_steps(2);
    let paused = harness.state().rank();
    #[allow(clippy::cast_precision_loss)]
    let quarter = (max as f64).powf(0.25);
    assert!(
        (paused as f64 - quarter).abs() <= 0.3 * quarter,
        "after 5 of 20 s k = {paused}, not near r^(1/4) = {quarter:.1}"
    );
    harness.run_steps(8);
    assert_eq!(harness.state().rank(), paused, "k moved while paused");
    harness.state_mut().send(Command::Play(Some((20.0, false))));
    harness.run_steps(2);
    assert!(harness.state().rank() >= paused, "Play started over");
    harness.run_steps(4);
    assert!(harness.state().rank() > paused, "Play did not go on");
    // A hand on the slider, then Play: from 1 again.
    harness.state_mut().send(Command::Play(None));
    harness.run_steps(2);
    harness.state_mut().send(Command::SetRank(40));
    harness.run_steps(2);
    harness.state_mut().send(Command::Play(Some((20.0, false))));
    harness.run_steps(2);
    assert!(
        harness.state().rank() <= 2,
        "k = {}",
        harness.state().rank()
    );
}
