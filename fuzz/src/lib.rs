//! What every fuzz target does: write the input to a file with the loader's extension and
//! push it through `rankscope::source::load_every_matrix`, the same path as the app and CLI.
//! Loaders open paths (safetensors is memory-mapped), so the bytes go through a real file,
//! in /dev/shm where there is one.

use std::path::PathBuf;
use std::sync::OnceLock;

fn scratch_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = if std::path::Path::new("/dev/shm").is_dir() {
            PathBuf::from("/dev/shm")
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("rankscope-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    })
}

/// Loads `data` as a file with `extension`; any outcome but a panic, hang or crash is fine.
pub fn exercise(data: &[u8], extension: &str) {
    let path = scratch_dir().join(format!("input.{extension}"));
    std::fs::write(&path, data).expect("write scratch input");
    let _ = rankscope::source::load_every_matrix(&path);
}

/// An adapter: loaded as every other safetensors file, then every module's ΔW decomposed from
/// its factors (the path `analyze`, `scan` and `resize` take).
pub fn exercise_adapter(data: &[u8]) {
    exercise_adapter_as(data, "safetensors");
}

/// An adapter in a file with `extension` (`safetensors`, or `bin` for PyTorch's reader: PEFT's
/// `adapter_model.bin`, kohya's `.pt`), loaded and decomposed as [`exercise_adapter`] does.
pub fn exercise_adapter_as(data: &[u8], extension: &str) {
    let path = scratch_dir().join(format!("adapter.{extension}"));
    std::fs::write(&path, data).expect("write scratch input");
    let _ = rankscope::source::load_every_matrix(&path);
    let Ok(source) = rankscope::source::open(&path) else {
        return;
    };
    for entry in source.entries() {
        if let Ok(Some(factored)) = source.factored(&entry.name) {
            let _ = factored.factors(&rankscope::linalg::JobControl::new());
        }
    }
}
