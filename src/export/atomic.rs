//! Write-to-temporary, sync, rename: the output either appears whole or not at all.

use super::ExportError;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Runs `write` on a temporary file beside `path`, syncs it and renames it to `path`.
///
/// If `write` fails, or the process dies before the rename, `path` is untouched and the
/// temporary file is removed (or, after a kill, left under a `.rankscope-*.tmp` name).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), String>,
) -> Result<(), ExportError> {
    let io_error = |source: std::io::Error| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let temporary = tempfile::Builder::new()
        .prefix(".rankscope-")
        .suffix(".tmp")
        .tempfile_in(directory)
        .map_err(io_error)?;
    let mut writer = BufWriter::new(temporary.reopen().map_err(io_error)?);
    write(&mut writer).map_err(|detail| ExportError::Encode {
        path: path.to_owned(),
        detail,
    })?;
    writer.flush().map_err(io_error)?;
    let file = writer.into_inner().map_err(|e| io_error(e.into_error()))?;
    file.sync_all().map_err(io_error)?;
    drop(file);
    temporary.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.bin");
        let result = write_atomically(&target, |w| {
            w.write_all(b"partial").map_err(|e| e.to_string())?;
            Err("encoder gave up".to_owned())
        });
        assert!(matches!(result, Err(ExportError::Encode { .. })));
        assert!(!target.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "temporary file left"
        );
    }

    #[test]
    fn successful_write_replaces_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        std::fs::write(&target, "old").unwrap();
        write_atomically(&target, |w| w.write_all(b"new").map_err(|e| e.to_string())).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }
}
