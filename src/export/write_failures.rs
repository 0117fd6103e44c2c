//! Every writer against a disk that fills up (ENOSPC after a few bytes) and a sync that
//! fails (EIO), injected under the real writer (see `atomic::injected`), so this path is
//! tested wherever the tests run, with or without the privileges to mount a tiny file system.

use super::atomic::injected::{self, Failure};
use super::{
    AdapterLayer, ExportError, FactorMetadata, OutputTarget, write_compressed, write_csv,
    write_json, write_kohya, write_lora, write_npz, write_peft, write_png, write_safetensors,
};
use crate::linalg::{Factors, JobControl, thin_svd};
use ndarray::Array2;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Writer = Box<dyn Fn(&OutputTarget) -> Result<(), ExportError>>;

fn factors() -> Factors<f64> {
    let a = Array2::from_shape_fn((40, 30), |(i, j)| {
        ((i * 7 + j * 3) % 11) as f64 / 11.0 + if i == j { 1.0 } else { 0.0 }
    });
    thin_svd(a.view(), &JobControl::new()).unwrap()
}

fn layers() -> Vec<AdapterLayer> {
    vec![AdapterLayer {
        tensor: "layer.0.weight".to_owned(),
        up: Array2::from_shape_fn((16, 2), |(i, j)| (i + j) as f32),
        down: Array2::from_shape_fn((2, 16), |(i, j)| (i * j) as f32),
        relative_error: 0.1,
    }]
}

/// (format, whether it writes a folder, the writer).
fn writers() -> Vec<(&'static str, bool, Writer)> {
    let metadata = FactorMetadata {
        source: "a.npy".to_owned(),
        matrix: "a".to_owned(),
        rank: 10,
        relative_error: 0.1,
    };
    let (m1, m2) = (metadata.clone(), metadata);
    vec![
        ("npz", false, Box::new(|t| write_npz(t, &factors(), 10))),
        (
            "safetensors",
            false,
            Box::new(move |t| write_safetensors(t, &factors(), &m1)),
        ),
        (
            "lora",
            false,
            Box::new(move |t| write_lora(t, &factors(), &m2)),
        ),
        (
            "csv",
            false,
            Box::new(|t| write_csv(t, factors().reconstruct(10).view())),
        ),
        (
            "json",
            false,
            Box::new(|t| write_json(t, &serde_json::json!({ "values": vec![0.5; 2000] }))),
        ),
        (
            "png",
            false,
            Box::new(|t| write_png(t, &[Array2::from_elem((64, 64), 0.5)])),
        ),
        ("kohya", false, Box::new(|t| write_kohya(t, &layers(), "a"))),
        (
            "peft",
            true,
            Box::new(|t| write_peft(t, &layers(), "a", None)),
        ),
        (
            "compressed",
            true,
            Box::new(|t| write_compressed(t, &layers(), serde_json::Map::new())),
        ),
    ]
}

/// Every file under `path` (or `path` itself), by relative path.
fn contents(path: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    PathBuf::from(e.file_name()),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    } else {
        BTreeMap::from([(PathBuf::new(), std::fs::read(path).unwrap())])
    }
}

/// Resets the injected failure even when an assertion fails.
struct Injected;

impl Injected {
    fn new(failure: Failure) -> Self {
        injected::set(failure);
        Self
    }
}

impl Drop for Injected {
    fn drop(&mut self) {
        injected::set(Failure::default());
    }
}

/// Each writer, over its own earlier output, with `failure` injected: an I/O error with
/// `code` naming the output in one line, the earlier output untouched, nothing else left.
fn assert_fails_cleanly(failure: Failure, code: i32, reason: &str) {
    for (format, _, write) in writers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let target = OutputTarget::new(&path).replacing(true);
        write(&target).unwrap();
        let before = contents(&path);
        let result = {
            let _injected = Injected::new(failure);
            write(&target)
        };
        let Err(error) = result else {
            panic!("{format}: the write succeeded");
        };
        let message = error.to_string();
        match &error {
            ExportError::Io { source, .. } => {
                assert_eq!(source.raw_os_error(), Some(code), "{format}: {message}");
            }
            other => panic!("{format}: not an I/O error: {other:?}"),
        }
        assert_eq!(message.lines().count(), 1, "{format}: {message:?}");
        assert!(
            message.contains(path.to_str().unwrap()),
            "{format}: {message}"
        );
        assert!(message.contains(reason), "{format}: {message}");
        assert_eq!(
            contents(&path),
            before,
            "{format}: the earlier output changed"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out"], "{format}: left behind");
    }
}

#[test]
fn a_full_disk_is_an_io_error_and_changes_nothing_in_every_format() {
    let full = Failure {
        room_bytes: Some(32),
        fail_sync: false,
    };
    assert_fails_cleanly(full, 28, "No space left on device");
}

#[test]
fn a_failed_sync_is_an_io_error_and_changes_nothing_in_every_format() {
    let failing_sync = Failure {
        room_bytes: None,
        fail_sync: true,
    };
    assert_fails_cleanly(failing_sync, 5, "Input/output error");
}

#[test]
fn a_full_disk_leaves_nothing_where_there_was_nothing() {
    for (format, is_folder, write) in writers() {
        let dir = tempfile::tempdir().unwrap();
        let target = OutputTarget::new(dir.path().join("new"));
        let result = {
            let _injected = Injected::new(Failure {
                room_bytes: Some(0),
                fail_sync: false,
            });
            write(&target)
        };
        assert!(
            matches!(result, Err(ExportError::Io { .. })),
            "{format} (folder: {is_folder}): {result:?}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{format}"
        );
    }
}
