//! Every loader against files written by independent writers (numpy, the safetensors Python
//! package, Pillow, a hand-rolled PNG writer): `scripts/make_fixtures.py` wrote the files
//! and, in `expected.json`, the matrices numpy sees in them and numpy's singular values.
// Test code: a failed unwrap is a failed test, and casts are on small known values.
#![allow(
    clippy::unwrap_used,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::float_cmp
)]

use rankscope::linalg::{JobControl, singular_values};
use rankscope::source::{self, MatrixData, SourceKind};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixtures().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn matrix_of(value: &Value) -> Vec<Vec<f64>> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        })
        .collect()
}

/// Allowed difference per value: f32 rounding, or a few levels for lossy JPEG.
fn tolerance(file: &str, data: &MatrixData, value: f64) -> f64 {
    if is_jpeg(file) {
        return 4.0 / 255.0;
    }
    match data {
        MatrixData::F32(_) => 1e-6 * value.abs().max(1.0),
        MatrixData::F64(_) => 1e-12 * value.abs().max(1.0),
    }
}

#[test]
fn every_fixture_loads_as_numpy_sees_it() {
    let expected = expected();
    let mut checked = 0;
    for (file, entries) in expected.as_object().unwrap() {
        let path = fixtures().join(file);
        let source = source::open(&path).unwrap_or_else(|e| panic!("{e}"));
        for (name, want) in entries.as_object().unwrap() {
            let entry = source.entry(name).unwrap();
            let want_shape: Vec<usize> = want["stored_shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| usize::try_from(d.as_u64().unwrap()).unwrap())
                .collect();
            assert_eq!(entry.stored_shape, want_shape, "{file} › {name} shape");
            assert_eq!(
                entry.dtype.name(),
                want["dtype"].as_str().unwrap(),
                "{file} › {name} dtype"
            );

            let matrix = source.load(name, None).unwrap_or_else(|e| panic!("{e}"));
            let rows = matrix_of(&want["values"]);
            assert_eq!(
                matrix.shape(),
                (rows.len(), rows[0].len()),
                "{file} › {name}"
            );
            let loaded = matrix.data.to_f64();
            for (i, row) in rows.iter().enumerate() {
                for (j, &value) in row.iter().enumerate() {
                    let got = loaded[[i, j]];
                    assert!(
                        (got - value).abs() <= tolerance(file, &matrix.data, value),
                        "{file} › {name} [{i}, {j}]: loaded {got}, numpy {value}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 55, "only {checked} fixture entries checked");
}

#[test]
fn singular_values_match_numpy_on_every_fixture() {
    let expected = expected();
    for (file, entries) in expected.as_object().unwrap() {
        let source = source::open(&fixtures().join(file)).unwrap();
        for (name, want) in entries.as_object().unwrap() {
            let matrix = source
                .load(name, Some(rankscope::real::Precision::F64))
                .unwrap();
            let MatrixData::F64(a) = &matrix.data else {
                panic!("asked for f64")
            };
            let ours = singular_values(a.view(), &JobControl::new()).unwrap();
            let numpy: Vec<f64> = want["singular_values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert_eq!(ours.len(), numpy.len(), "{file} › {name}");
            let scale = numpy[0].max(1e-300);
            // JPEG: σ of Pillow's decode vs ours differ as the pixels do.
            let tolerance = if is_jpeg(file) { 2e-2 } else { 1e-10 };
            for (k, (&got, &want)) in ours.iter().zip(&numpy).enumerate() {
                assert!(
                    (got - want).abs() <= tolerance * scale,
                    "{file} › {name} σ_{}: ours {got}, numpy {want}",
                    k + 1
                );
            }
        }
    }
}

#[test]
fn listings_include_what_cannot_be_analysed_with_the_reason() {
    let source = source::open(&fixtures().join("model.safetensors")).unwrap();
    assert_eq!(source.kind(), SourceKind::Safetensors);
    let names: Vec<&str> = source.entries().iter().map(|e| e.name.as_str()).collect();
    for name in ["f64", "f32", "f16", "i32", "u8", "conv", "bias", "scale"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let bias = source.entry("bias").unwrap();
    assert!(bias.refusal().unwrap().contains("1-D (shape [4])"));
    let scale = source.entry("scale").unwrap();
    assert!(scale.refusal().unwrap().contains("0-D"));
    let conv = source.entry("conv").unwrap();
    assert_eq!(conv.matrix_shape(), Ok((4, 18)));
    assert!(conv.is_flattened());

    let err = source.load("bias", None).unwrap_err().to_string();
    assert!(
        err.contains("model.safetensors") && err.contains("1-D"),
        "{err}"
    );
    let err = source.default_entry(None).unwrap_err().to_string();
    assert!(
        err.contains("choose one with --tensor") && err.contains("f32"),
        "{err}"
    );

    let npz = source::open(&fixtures().join("compressed.npz")).unwrap();
    let labels = npz.entry("labels").unwrap();
    assert!(
        labels.refusal().unwrap().contains("non-numeric"),
        "{labels:?}"
    );
    // The only numeric member is chosen without --tensor.
    assert_eq!(npz.default_entry(None).unwrap().name, "layer");
}

#[test]
fn npz_members_a_and_a_npy_are_both_listed_under_numpys_keys() {
    // numpy: np.load(f)["a"] is the member named exactly "a", ["a.npy"] the member "a.npy"
    // (their values are checked against numpy's in every_fixture_loads_as_numpy_sees_it).
    let npz = source::open(&fixtures().join("shadowed.npz")).unwrap();
    let listed: Vec<(&str, &[usize])> = npz
        .entries()
        .iter()
        .map(|e| (e.name.as_str(), e.stored_shape.as_slice()))
        .collect();
    assert_eq!(listed, [("a.npy", &[3, 2][..]), ("a", &[2, 4][..])]);
    assert_eq!(npz.load("a", None).unwrap().shape(), (2, 4));
    assert_eq!(npz.load("a.npy", None).unwrap().shape(), (3, 2));
    // Without the clash, a member `w.npy` is `w`, as numpy lists it.
    let plain = source::open(&fixtures().join("plain.npz")).unwrap();
    assert!(plain.entry("weight").is_ok() && plain.entry("weight.npy").is_err());
}

#[test]
fn images_list_their_channels_and_default_to_luma_or_gray() {
    let rgba = source::open(&fixtures().join("rgba8.png")).unwrap();
    let names: Vec<&str> = rgba.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["luma", "r", "g", "b", "a"]);
    assert_eq!(rgba.default_entry(None).unwrap().name, "luma");
    let gray = source::open(&fixtures().join("gray_alpha8.png")).unwrap();
    let names: Vec<&str> = gray.entries().iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["gray", "a"]);
    assert_eq!(gray.default_entry(None).unwrap().name, "gray");
    let matrix = gray.load("gray", None).unwrap();
    assert!(matrix.is_image);
    assert_eq!(matrix.data.precision(), rankscope::real::Precision::F32);
}

#[test]
fn default_precision_follows_the_source_dtype() {
    use rankscope::real::Precision;
    let cases = [
        ("float16.npy", Precision::F32),
        ("float32.npy", Precision::F32),
        ("float64.npy", Precision::F64),
        ("int64.npy", Precision::F64),
        ("uint8.npy", Precision::F32),
        ("header.csv", Precision::F64),
        ("bf16.safetensors", Precision::F32),
    ];
    for (file, precision) in cases {
        let source = source::open(&fixtures().join(file)).unwrap();
        let name = source.default_entry(None).unwrap().name.clone();
        assert_eq!(
            source.load(&name, None).unwrap().data.precision(),
            precision,
            "{file}"
        );
        assert_eq!(
            source
                .load(&name, Some(Precision::F64))
                .unwrap()
                .data
                .precision(),
            Precision::F64
        );
    }
}

/// JPEG is lossy: decoders legitimately differ by a few levels.
fn is_jpeg(file: &str) -> bool {
    Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jpg"))
}
