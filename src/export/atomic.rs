//! Write to a temporary name beside the target, sync, publish: the output either appears
//! whole or not at all, and the first I/O error (a full disk, a quota, a failing device) is
//! what the export reports, whatever the encoder made of it.

use super::ExportError;
use super::publish::{exchange, rename_without_replacing};
use super::target::{
    Existing, ExistingFolder, OutputKind, OutputTarget, identity, still_replaceable,
};
use std::fs::{File, Permissions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The file an export writes into: buffered and seekable.
///
/// It remembers the first write error, and from then on accepts and discards everything, so
/// an encoder that writes again on its way out (a zip writer finishing itself when dropped)
/// cannot print or fail a second time; the export reports that first error.
pub struct OutputFile {
    writer: BufWriter<Sink>,
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Seek for OutputFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.writer.seek(to)
    }
}

impl OutputFile {
    fn new(file: File) -> Self {
        Self {
            writer: BufWriter::new(Sink {
                file,
                position: 0,
                end: 0,
                failed: None,
                #[cfg(test)]
                injected: injected::take(),
            }),
        }
    }

    /// Flushes and syncs; the first error met anywhere while writing, if any.
    fn finish(self) -> io::Result<()> {
        let mut sink = match self.writer.into_inner() {
            Ok(sink) => sink,
            Err(error) => {
                let (error, writer) = error.into_parts();
                let (mut sink, _unwritten) = writer.into_parts();
                return Err(sink.failed.take().unwrap_or(error));
            }
        };
        if let Some(error) = sink.failed.take() {
            return Err(error);
        }
        #[cfg(test)]
        if sink.injected.fail_sync {
            return Err(io::Error::from_raw_os_error(5));
        }
        sink.file.sync_all()
    }
}

/// The temporary file under [`OutputFile`]'s buffer: tracks the position so that, once a
/// write failed, it can go on pretending (see [`OutputFile`]).
struct Sink {
    file: File,
    position: u64,
    end: u64,
    failed: Option<io::Error>,
    #[cfg(test)]
    injected: injected::Failure,
}

impl Sink {
    fn advance(&mut self, written: usize) {
        self.jump(self.position + written as u64);
    }

    fn jump(&mut self, position: u64) -> u64 {
        self.position = position;
        self.end = self.end.max(position);
        position
    }

    /// Keeps `error` as the export's answer and hands the caller an equal one.
    fn fail(&mut self, error: io::Error) -> io::Error {
        let copy = match error.raw_os_error() {
            Some(code) => io::Error::from_raw_os_error(code),
            None => io::Error::new(error.kind(), error.to_string()),
        };
        self.failed = Some(error);
        copy
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.failed.is_some() {
            self.advance(buf.len());
            return Ok(buf.len());
        }
        #[cfg(test)]
        let buf = match self.injected.room(self.position, buf) {
            Ok(buf) => buf,
            Err(error) => return Err(self.fail(error)),
        };
        match self.file.write(buf) {
            Ok(written) => {
                self.advance(written);
                Ok(written)
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => Err(error),
            Err(error) => Err(self.fail(error)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.file.flush().map_err(|e| self.fail(e))
    }
}

impl Seek for Sink {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if self.failed.is_some() {
            let base = match to {
                SeekFrom::Start(offset) => return Ok(self.jump(offset)),
                SeekFrom::Current(delta) => (self.position, delta),
                SeekFrom::End(delta) => (self.end, delta),
            };
            let target = base.0.checked_add_signed(base.1).ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "seek before the start")
            })?;
            return Ok(self.jump(target));
        }
        match self.file.seek(to) {
            Ok(position) => Ok(self.jump(position)),
            Err(error) => Err(self.fail(error)),
        }
    }
}

/// Writes one file at `target` with `write` (replacing a file only as the target allows).
/// The factor, picture and adapter writers go through here; so can any other output (the
/// app's screenshot).
///
/// The content goes to a temporary file beside the target (permissions 0666 less the umask,
/// as `open(2)` gives any new file), is flushed and synced, takes the replaced file's
/// permissions, and is published: without replacing, or over the checked file.
pub fn write_file(
    target: &OutputTarget,
    write: impl FnOnce(&mut OutputFile) -> Result<(), String>,
) -> Result<(), ExportError> {
    target.inspect(OutputKind::File)?;
    let destination = target.destination()?;
    let io_error = |source| ExportError::Io {
        path: target.path().to_owned(),
        source,
    };
    let (temporary, file) = Temporary::file(parent_of(&destination)).map_err(io_error)?;
    fill(target.path(), file, write)?;
    // Checked again: a long export may have been overtaken.
    let existing = target.inspect(OutputKind::File)?;
    match existing {
        Existing::File(permissions) => {
            if let Some(permissions) = permissions {
                std::fs::set_permissions(temporary.path(), kept(permissions)).map_err(io_error)?;
            }
            std::fs::rename(temporary.path(), &destination).map_err(io_error)?;
        }
        Existing::Nothing | Existing::Folder(_) => {
            rename_without_replacing(temporary.path(), &destination)
                .map_err(|e| published_error(target, e))?;
        }
    }
    // Renamed: there is no temporary file left to remove.
    temporary.keep();
    Ok(())
}

/// Writes a folder output of `kind` at `target`: `files` (name, writer) go into a temporary
/// folder beside it (0777 less the umask), which is synced and published without replacing,
/// or swapped with the checked folder it replaces (keeping that folder's and its files'
/// permissions), whose own files are then removed.
pub(super) fn write_folder(
    target: &OutputTarget,
    kind: OutputKind,
    files: Vec<(&'static str, FileWriter<'_>)>,
) -> Result<(), ExportError> {
    target.inspect(kind)?;
    let destination = target.destination()?;
    let io_error = |source| ExportError::Io {
        path: target.path().to_owned(),
        source,
    };
    let parent = parent_of(&destination);
    std::fs::create_dir_all(parent).map_err(io_error)?;
    let staging = Temporary::folder(parent).map_err(io_error)?;
    for (name, write) in files {
        let shown = target.path().join(name);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(staging.path().join(name))
            .map_err(|source| ExportError::Io {
                path: shown.clone(),
                source,
            })?;
        fill(&shown, file, write)?;
    }
    sync_folder(staging.path()).map_err(io_error)?;
    let existing = target.inspect(kind)?;
    match existing {
        Existing::Folder(old) => {
            for (name, permissions) in &old.file_permissions {
                let path = staging.path().join(name);
                if path.exists() {
                    std::fs::set_permissions(path, kept(permissions.clone())).map_err(io_error)?;
                }
            }
            std::fs::set_permissions(staging.path(), kept(old.permissions.clone()))
                .map_err(io_error)?;
            // From here the staging name may hold the old folder: removed by hand, not by
            // a blind remove_dir_all.
            let staged = staging.keep();
            replace_folder(target, &staged, &destination, kind, &old)
        }
        Existing::Nothing | Existing::File(_) => {
            rename_without_replacing(staging.path(), &destination)
                .map_err(|e| published_error(target, e))?;
            staging.keep();
            Ok(())
        }
    }
}

/// One file of a folder output.
pub(super) type FileWriter<'a> = Box<dyn FnOnce(&mut OutputFile) -> Result<(), String> + 'a>;

/// Puts the new folder `staged` at `destination` in place of `old` (swapping the two in one
/// step where the system can), then removes `old`'s files and the emptied folder. On failure
/// `destination` is as it was and the new folder is removed.
fn replace_folder(
    target: &OutputTarget,
    staged: &Path,
    destination: &Path,
    kind: OutputKind,
    old: &ExistingFolder,
) -> Result<(), ExportError> {
    let remove_new = || {
        let _ = std::fs::remove_dir_all(staged);
    };
    let swapped_out = match exchange(staged, destination) {
        Ok(()) => {
            if !is_checked_folder(staged, kind, old) {
                // Swap back: the destination is not the folder that was checked. (Should
                // that fail, both stay where they are: nothing is removed.)
                exchange(staged, destination).map_err(|e| published_error(target, e))?;
                remove_new();
                return Err(changed(target));
            }
            staged.to_owned()
        }
        Err(error) if error.kind() == io::ErrorKind::Unsupported => {
            match replace_one_at_a_time(target, staged, destination, kind, old) {
                Ok(aside) => aside,
                Err(error) => {
                    remove_new();
                    return Err(error);
                }
            }
        }
        Err(error) => {
            remove_new();
            return Err(published_error(target, error));
        }
    };
    // Only rankscope's own files, then the folder if that emptied it.
    for name in kind.folder_files() {
        let _ = std::fs::remove_file(swapped_out.join(name));
    }
    let _ = std::fs::remove_dir(&swapped_out);
    Ok(())
}

/// [`replace_folder`] where folders cannot be swapped in one step: the old folder moves
/// aside (`….previous`), the new one takes its name, and if that fails the old one comes
/// back. Returns where the old folder is; on failure the new one is still at `staged`.
fn replace_one_at_a_time(
    target: &OutputTarget,
    staged: &Path,
    destination: &Path,
    kind: OutputKind,
    old: &ExistingFolder,
) -> Result<PathBuf, ExportError> {
    let aside = staged.with_extension("previous");
    rename_without_replacing(destination, &aside).map_err(|e| published_error(target, e))?;
    if !is_checked_folder(&aside, kind, old) {
        let _ = rename_without_replacing(&aside, destination);
        return Err(changed(target));
    }
    if let Err(error) = rename_without_replacing(staged, destination) {
        let _ = rename_without_replacing(&aside, destination);
        return Err(published_error(target, error));
    }
    Ok(aside)
}

/// Whether the folder now at `path` is the one checked before writing (same identity) and
/// still only rankscope's output (or empty).
fn is_checked_folder(path: &Path, kind: OutputKind, old: &ExistingFolder) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| identity(&m) == old.identity)
        && still_replaceable(kind, path)
}

fn changed(target: &OutputTarget) -> ExportError {
    ExportError::Refused {
        path: target.path().to_owned(),
        reason: "changed while the export was written; left as it is".to_owned(),
    }
}

/// Runs `write` on `file` and finishes it; an I/O error anywhere is reported as such (naming
/// `shown`), whatever the encoder's own message.
fn fill(
    shown: &Path,
    file: File,
    write: impl FnOnce(&mut OutputFile) -> Result<(), String>,
) -> Result<(), ExportError> {
    let mut output = OutputFile::new(file);
    let written = write(&mut output);
    let finished = output.finish();
    match (written, finished) {
        (_, Err(source)) => Err(ExportError::Io {
            path: shown.to_owned(),
            source,
        }),
        (Err(detail), Ok(())) => Err(ExportError::Encode {
            path: shown.to_owned(),
            detail,
        }),
        (Ok(()), Ok(())) => Ok(()),
    }
}

/// Losing a race for a new name reads as any existing output does.
fn published_error(target: &OutputTarget, error: io::Error) -> ExportError {
    if error.kind() == io::ErrorKind::AlreadyExists {
        ExportError::Refused {
            path: target.path().to_owned(),
            reason: "already exists; pass --force to replace it (or choose another --out)"
                .to_owned(),
        }
    } else {
        ExportError::Io {
            path: target.path().to_owned(),
            source: error,
        }
    }
}

fn parent_of(destination: &Path) -> &Path {
    match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A temporary file or folder beside the target (`.rankscope-….tmp` / `.partial`), removed
/// when dropped unless kept. Created as `open(2)`/`mkdir(2)` create anything new, 0666/0777
/// less the umask (not the private 0600 of tempfile), and without tempfile's wrapping of
/// errors, so a message says only the OS's reason.
struct Temporary {
    path: PathBuf,
    folder: bool,
    kept: bool,
}

impl Temporary {
    fn file(parent: &Path) -> io::Result<(Self, File)> {
        let mut made = None;
        let temporary = Self::create(parent, "tmp", false, |path| {
            made = Some(
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(path)?,
            );
            Ok(())
        })?;
        let file = made.ok_or_else(|| io::Error::other("no temporary file"))?;
        Ok((temporary, file))
    }

    fn folder(parent: &Path) -> io::Result<Self> {
        Self::create(parent, "partial", true, |path| std::fs::create_dir(path))
    }

    /// Tries fresh names until `make` does not find one taken.
    fn create(
        parent: &Path,
        suffix: &str,
        folder: bool,
        mut make: impl FnMut(&Path) -> io::Result<()>,
    ) -> io::Result<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let clock = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let mut attempt = 0;
        loop {
            let count = COUNTER.fetch_add(1, Ordering::Relaxed);
            let name = format!(
                ".rankscope-{}-{count}-{clock:08x}.{suffix}",
                std::process::id()
            );
            let path = parent.join(name);
            match make(&path) {
                Ok(()) => {
                    return Ok(Self {
                        path,
                        folder,
                        kept: false,
                    });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }

    /// Leaves the path alone from now on; returns it.
    fn keep(mut self) -> PathBuf {
        self.kept = true;
        std::mem::take(&mut self.path)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.kept {
            let _ = if self.folder {
                std::fs::remove_dir_all(&self.path)
            } else {
                std::fs::remove_file(&self.path)
            };
        }
    }
}

/// A replaced output's permission bits (not set-user-ID, set-group-ID or sticky).
fn kept(permissions: Permissions) -> Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Permissions::from_mode(permissions.mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        permissions
    }
}

/// Syncs a folder's entries (the names of the files in it) where the system can.
fn sync_folder(folder: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(folder)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

/// Failures injected into the next [`OutputFile`] a test thread opens: a disk that fills
/// after some bytes, a sync that fails. Thread-local, so tests running in parallel do not
/// see each other's.
#[cfg(test)]
pub(crate) mod injected {
    use std::cell::Cell;
    use std::io;

    #[derive(Debug, Default, Clone, Copy)]
    pub(crate) struct Failure {
        /// Bytes the file may hold before writes fail with ENOSPC.
        pub room_bytes: Option<u64>,
        /// Whether the final sync fails with EIO.
        pub fail_sync: bool,
    }

    thread_local! {
        static NEXT: Cell<Failure> = Cell::new(Failure::default());
    }

    /// Every file this thread opens from now on fails as `failure` says.
    pub(crate) fn set(failure: Failure) {
        NEXT.with(|next| next.set(failure));
    }

    pub(super) fn take() -> Failure {
        NEXT.with(Cell::get)
    }

    impl Failure {
        /// The part of `buf` that fits at `position`; ENOSPC when nothing does.
        pub(super) fn room<'a>(&self, position: u64, buf: &'a [u8]) -> io::Result<&'a [u8]> {
            let Some(room) = self.room_bytes else {
                return Ok(buf);
            };
            let left = usize::try_from(room.saturating_sub(position)).unwrap_or(usize::MAX);
            if left == 0 && !buf.is_empty() {
                return Err(io::Error::from_raw_os_error(28));
            }
            Ok(&buf[..buf.len().min(left)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.bin");
        let result = write_file(&OutputTarget::new(&target), |w| {
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
        let replacing = OutputTarget::new(&target).replacing(true);
        write_file(&replacing, |w| {
            w.write_all(b"new").map_err(|e| e.to_string())
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    /// A PEFT-like rankscope folder at `path` holding `tag` in its config.
    fn rankscope_folder(path: &Path, tag: &str) {
        let tag = tag.to_owned();
        write_folder(
            &OutputTarget::new(path).replacing(true),
            OutputKind::PeftAdapter,
            vec![
                (
                    "adapter_model.safetensors",
                    Box::new(|file: &mut OutputFile| {
                        let metadata = std::collections::HashMap::from([(
                            "written_by".to_owned(),
                            "rankscope".to_owned(),
                        )]);
                        let bytes = safetensors::serialize(
                            Vec::<(&str, safetensors::tensor::TensorView<'_>)>::new(),
                            Some(metadata),
                        )
                        .map_err(|e| e.to_string())?;
                        file.write_all(&bytes).map_err(|e| e.to_string())
                    }),
                ),
                (
                    "adapter_config.json",
                    Box::new(move |file: &mut OutputFile| {
                        file.write_all(tag.as_bytes()).map_err(|e| e.to_string())
                    }),
                ),
            ],
        )
        .unwrap();
    }

    fn staged_copy(dir: &Path, tag: &str) -> PathBuf {
        let staged = dir.join(".rankscope-test.partial");
        let built = dir.join("built");
        rankscope_folder(&built, tag);
        std::fs::rename(&built, &staged).unwrap();
        staged
    }

    fn checked(path: &Path) -> ExistingFolder {
        match OutputTarget::new(path)
            .replacing(true)
            .inspect(OutputKind::PeftAdapter)
            .unwrap()
        {
            Existing::Folder(old) => old,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_folder_is_replaced_one_step_at_a_time_where_it_cannot_be_swapped() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        rankscope_folder(&out, "old");
        let old = checked(&out);
        let staged = staged_copy(dir.path(), "new");
        let target = OutputTarget::new(&out).replacing(true);
        let aside =
            replace_one_at_a_time(&target, &staged, &out, OutputKind::PeftAdapter, &old).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("adapter_config.json")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(aside.join("adapter_config.json")).unwrap(),
            "old"
        );
        assert!(!staged.exists());
    }

    #[test]
    fn a_folder_that_changed_after_the_check_is_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        rankscope_folder(&out, "old");
        let old = checked(&out);
        std::fs::write(out.join("notes.md"), "added meanwhile").unwrap();
        let target = OutputTarget::new(&out).replacing(true);
        let staged = staged_copy(dir.path(), "new");
        let result = replace_one_at_a_time(&target, &staged, &out, OutputKind::PeftAdapter, &old);
        assert!(
            matches!(result, Err(ExportError::Refused { .. })),
            "{result:?}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.md")).unwrap(),
            "added meanwhile"
        );
        assert!(staged.is_dir(), "the new folder stays for the caller");
        std::fs::remove_dir_all(&staged).unwrap();
        let staged = staged_copy(dir.path(), "new");
        let result = replace_folder(&target, &staged, &out, OutputKind::PeftAdapter, &old);
        assert!(
            matches!(result, Err(ExportError::Refused { .. })),
            "{result:?}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("notes.md")).unwrap(),
            "added meanwhile"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("adapter_config.json")).unwrap(),
            "old"
        );
        assert!(!staged.exists(), "the new folder is removed");
    }

    #[test]
    fn the_first_write_error_is_the_answer_and_later_writes_are_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let file = File::create(dir.path().join("f")).unwrap();
        injected::set(injected::Failure {
            room_bytes: Some(10),
            fail_sync: false,
        });
        let mut output = OutputFile::new(file);
        injected::set(injected::Failure::default());
        let big = vec![7u8; 20_000];
        let error = output.write_all(&big).unwrap_err();
        assert_eq!(error.raw_os_error(), Some(28));
        // What an encoder does on its way out: seek back, patch, write more. All accepted.
        output.seek(SeekFrom::Start(0)).unwrap();
        output.write_all(b"patch").unwrap();
        assert_eq!(output.seek(SeekFrom::End(0)).unwrap(), 10);
        let error = output.finish().unwrap_err();
        assert_eq!(error.raw_os_error(), Some(28));
    }
}
