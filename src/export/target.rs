//! Where an export may be written: the rules every front end shares.
//!
//! - An output never is, nor contains, a file the export read: compared by canonical path
//!   and by file identity (device, inode), so `./x/../in.npy`, a symbolic link and a hard
//!   link to the input are all the input.
//! - Without replacing, an existing path is refused (and the final name is published without
//!   replacing, see `publish`, so a race has one winner).
//! - Replacing (`--force`, or a save dialog's confirmation) takes a regular file, or a folder
//!   that is recognisably a rankscope output of the same kind (its own files and nothing
//!   else, with rankscope's marker), or an empty folder. Any other folder, a FIFO, a device:
//!   refused, with what is there.

use super::ExportError;
use std::fs::{Metadata, Permissions};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// What an export writes at its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// One file: npz, safetensors, LoRA, PNG, CSV, JSON, a kohya adapter.
    File,
    /// A PEFT adapter folder: `adapter_model.safetensors` and `adapter_config.json`.
    PeftAdapter,
    /// A compressed checkpoint folder: `model.safetensors` and `manifest.json`.
    CompressedCheckpoint,
}

/// `__metadata__.written_by` of the safetensors files rankscope writes.
pub(super) const WRITTEN_BY: &str = "rankscope";
/// `format` of a compressed checkpoint's `manifest.json`.
pub(super) const COMPRESSED_FORMAT: &str = "rankscope compressed checkpoint";
/// The largest marker file read when recognising a folder (safetensors caps its header at
/// 100 MB; a manifest is a few KB per thousand tensors).
const MARKER_BYTES_MAX: u64 = 100_000_000;
/// Entries counted in a folder before saying "at least".
const ENTRIES_COUNTED_MAX: usize = 10_000;
/// Entries named in a refusal.
const ENTRIES_NAMED: usize = 4;

impl OutputKind {
    /// The files of a folder output, in the order they are written.
    #[must_use]
    pub fn folder_files(self) -> &'static [&'static str] {
        match self {
            Self::File => &[],
            Self::PeftAdapter => &["adapter_model.safetensors", "adapter_config.json"],
            Self::CompressedCheckpoint => &["model.safetensors", "manifest.json"],
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::PeftAdapter => "PEFT adapter folder",
            Self::CompressedCheckpoint => "compressed checkpoint folder",
        }
    }

    /// Whether `folder`, holding exactly [`Self::folder_files`] as regular files, carries
    /// rankscope's marker: `written_by` in the safetensors metadata, and for a compressed
    /// checkpoint the manifest's `format`.
    fn has_marker(self, folder: &Path) -> bool {
        match self {
            Self::File => false,
            Self::PeftAdapter => written_by_rankscope(&folder.join("adapter_model.safetensors")),
            Self::CompressedCheckpoint => {
                written_by_rankscope(&folder.join("model.safetensors"))
                    && read_json(&folder.join("manifest.json"))
                        .is_some_and(|m| m["format"] == COMPRESSED_FORMAT)
            }
        }
    }
}

/// A file or folder an export is about to write: its path, whether it may replace what is
/// there, and the files the export read (which it may never overwrite).
///
/// [`OutputTarget::check`] answers before any work; the writers check again just before
/// they publish, so what happened in between (another export, a user) is seen.
#[derive(Debug, Clone)]
pub struct OutputTarget {
    path: PathBuf,
    replace: bool,
    inputs: Vec<PathBuf>,
}

/// What is at a target now, when the export may replace it.
#[derive(Debug)]
pub(super) enum Existing {
    /// Nothing: publish without replacing.
    Nothing,
    /// A regular file (or a link to one), with its permissions to keep.
    File(Option<Permissions>),
    /// A folder of the output's kind that rankscope wrote, or an empty folder.
    Folder(ExistingFolder),
}

/// A recognised folder, as it was when checked.
#[derive(Debug)]
pub(super) struct ExistingFolder {
    /// Device and inode: the folder swapped out must be the one checked.
    pub identity: Option<(u64, u64)>,
    /// Its permissions, and each file's, to keep.
    pub permissions: Permissions,
    pub file_permissions: Vec<(&'static str, Permissions)>,
}

/// An input as found on disk.
struct Input<'a> {
    given: &'a Path,
    canonical: PathBuf,
    identity: Option<(u64, u64)>,
}

impl OutputTarget {
    /// A target at `path` that may not replace anything and protects no input yet.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            replace: false,
            inputs: Vec::new(),
        }
    }

    /// Whether an existing output may be replaced (`--force`; a save dialog that asked).
    #[must_use]
    pub fn replacing(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }

    /// Adds files (or folders) the export reads: the output may not be or contain them.
    #[must_use]
    pub fn reading<P: Into<PathBuf>>(mut self, inputs: impl IntoIterator<Item = P>) -> Self {
        self.inputs.extend(inputs.into_iter().map(Into::into));
        self
    }

    /// The path as given.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an output of `kind` may be written here now (see the module's rules).
    pub fn check(&self, kind: OutputKind) -> Result<(), ExportError> {
        self.inspect(kind).map(|_| ())
    }

    fn refused(&self, reason: impl Into<String>) -> ExportError {
        ExportError::Refused {
            path: self.path.clone(),
            reason: reason.into(),
        }
    }

    /// The final path the writers rename to: the target's folder made canonical (links and
    /// `..` resolved, as far as it exists) joined with its last component as given, so the
    /// temporary file and the rename act on the same directory.
    pub(super) fn destination(&self) -> Result<PathBuf, ExportError> {
        let named = match self.path.file_name() {
            Some(_) => self.path.clone(),
            // `.`, `..`, `dir/..`: the folder they mean.
            None => std::fs::canonicalize(&self.path).map_err(|source| ExportError::Io {
                path: self.path.clone(),
                source,
            })?,
        };
        let Some(name) = named.file_name() else {
            return Err(self.refused("is not a name a file or folder can be written to"));
        };
        let parent = match named.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Ok(resolve(parent).join(name))
    }

    /// The checks of [`Self::check`], returning what may be replaced.
    pub(super) fn inspect(&self, kind: OutputKind) -> Result<Existing, ExportError> {
        let io_error = |source| ExportError::Io {
            path: self.path.clone(),
            source,
        };
        let destination = self.destination()?;
        let found = match std::fs::symlink_metadata(&self.path) {
            Ok(found) => Some(found),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(e)),
        };
        // Through a final symbolic link: what a write would reach.
        let reached = std::fs::metadata(&self.path).ok();
        let canonical = if reached.is_some() {
            std::fs::canonicalize(&self.path).map_err(io_error)?
        } else {
            destination
        };
        let inputs = self.found_inputs();
        for input in &inputs {
            let same_file =
                input.identity.is_some() && reached.as_ref().and_then(identity) == input.identity;
            if same_file || canonical == input.canonical {
                let how = if found.as_ref().is_some_and(|f| f.file_type().is_symlink()) {
                    "is a symbolic link to"
                } else if canonical == input.canonical {
                    "is"
                } else {
                    "is a hard link to"
                };
                return Err(self.refused(format!(
                    "{how} the input {}: an export never writes over what it reads",
                    input.given.display()
                )));
            }
            if input.canonical.starts_with(&canonical) {
                return Err(self.refused(format!(
                    "contains the input {}: an export never writes over what it reads",
                    input.given.display()
                )));
            }
        }
        let Some(found) = found else {
            return Ok(Existing::Nothing);
        };
        if !self.replace {
            return Err(self
                .refused("already exists; pass --force to replace it (or choose another --out)"));
        }
        if kind == OutputKind::File {
            return match reached {
                // A dangling link: replacing it loses nothing.
                None => Ok(Existing::File(None)),
                Some(reached) if reached.is_file() => {
                    Ok(Existing::File(Some(reached.permissions())))
                }
                Some(reached) if reached.is_dir() => Err(self.refused(
                    "is a folder; this export writes a file, and --force replaces only a file",
                )),
                Some(reached) => Err(self.refused(format!(
                    "is {}, not a regular file: --force replaces only a file",
                    special_kind(&reached)
                ))),
            };
        }
        if found.file_type().is_symlink() {
            return Err(self.refused(format!(
                "is a symbolic link, not a {} rankscope wrote: --force replaces only such a folder",
                kind.label()
            )));
        }
        if !found.is_dir() {
            let what = if found.is_file() {
                "a file".to_owned()
            } else {
                special_kind(&found)
            };
            return Err(self.refused(format!(
                "is {what}, not a {}: --force replaces only a {} rankscope wrote",
                kind.label(),
                kind.label()
            )));
        }
        self.recognise(kind, &found, &inputs)
    }

    /// The inputs that exist, made canonical.
    fn found_inputs(&self) -> Vec<Input<'_>> {
        self.inputs
            .iter()
            .filter_map(|given| {
                let metadata = std::fs::metadata(given).ok()?;
                Some(Input {
                    given,
                    canonical: std::fs::canonicalize(given).ok()?,
                    identity: identity(&metadata),
                })
            })
            .collect()
    }

    /// An existing folder: replaced only if it holds exactly `kind`'s files as regular files
    /// with rankscope's marker (or nothing at all), none of them an input.
    fn recognise(
        &self,
        kind: OutputKind,
        found: &Metadata,
        inputs: &[Input<'_>],
    ) -> Result<Existing, ExportError> {
        let listing = list(&self.path).map_err(|source| ExportError::Io {
            path: self.path.clone(),
            source,
        })?;
        if !listing.is_empty() && !kind.matches(&self.path, &listing) {
            let other = [OutputKind::PeftAdapter, OutputKind::CompressedCheckpoint]
                .into_iter()
                .find(|&other| other != kind && other.matches(&self.path, &listing));
            let reason = match other {
                Some(other) => format!(
                    "is a rankscope {}, not a {}: --force replaces only a folder of the same kind",
                    other.label(),
                    kind.label()
                ),
                None => format!(
                    "is not a {} rankscope wrote (it holds {}); --force replaces only such a \
                     folder: choose a new name",
                    kind.label(),
                    listing.describe()
                ),
            };
            return Err(self.refused(reason));
        }
        let mut file_permissions = Vec::new();
        for &name in kind.folder_files() {
            let Ok(metadata) = std::fs::metadata(self.path.join(name)) else {
                continue;
            };
            if let Some(input) = inputs
                .iter()
                .find(|i| i.identity.is_some() && identity(&metadata) == i.identity)
            {
                return Err(self.refused(format!(
                    "holds {name}, the same file as the input {}: an export never writes over \
                     what it reads",
                    input.given.display()
                )));
            }
            file_permissions.push((name, metadata.permissions()));
        }
        Ok(Existing::Folder(ExistingFolder {
            identity: identity(found),
            permissions: found.permissions(),
            file_permissions,
        }))
    }
}

impl OutputKind {
    /// Whether `folder`, listed as `listing`, holds exactly this kind's files, as regular
    /// files, with rankscope's marker.
    fn matches(self, folder: &Path, listing: &Listing) -> bool {
        let mut expected = self.folder_files().to_vec();
        expected.sort_unstable();
        !expected.is_empty()
            && !listing.capped
            && listing.names == expected
            && expected
                .iter()
                .all(|name| std::fs::symlink_metadata(folder.join(name)).is_ok_and(|m| m.is_file()))
            && self.has_marker(folder)
    }
}

/// Whether `folder` may still be removed after it was swapped out: empty, or exactly a
/// rankscope output of `kind`, as when it was checked.
pub(super) fn still_replaceable(kind: OutputKind, folder: &Path) -> bool {
    list(folder).is_ok_and(|listing| listing.is_empty() || kind.matches(folder, &listing))
}

/// A folder's entries: every name (up to a cap), sorted.
struct Listing {
    names: Vec<String>,
    /// More entries than were read.
    capped: bool,
}

fn list(folder: &Path) -> std::io::Result<Listing> {
    let mut names = Vec::new();
    let mut capped = false;
    for entry in std::fs::read_dir(folder)? {
        if names.len() == ENTRIES_COUNTED_MAX {
            capped = true;
            break;
        }
        names.push(entry?.file_name().to_string_lossy().into_owned());
    }
    names.sort_unstable();
    Ok(Listing { names, capped })
}

impl Listing {
    fn is_empty(&self) -> bool {
        self.names.is_empty() && !self.capped
    }

    /// "4 entries: README.md, config.json, model.safetensors, tokenizer.json, …".
    fn describe(&self) -> String {
        let shown: Vec<String> = self
            .names
            .iter()
            .take(ENTRIES_NAMED)
            .map(|n| shown_name(n))
            .collect();
        let more = if self.names.len() > shown.len() || self.capped {
            ", …"
        } else {
            ""
        };
        let at_least = if self.capped { "at least " } else { "" };
        let noun = if self.names.len() == 1 {
            "entry"
        } else {
            "entries"
        };
        format!(
            "{at_least}{} {noun}: {}{more}",
            self.names.len(),
            shown.join(", ")
        )
    }
}

/// A file name as a message shows it: control characters escaped, at most 60 characters.
fn shown_name(name: &str) -> String {
    let escaped: String = name.chars().flat_map(char::escape_debug).collect();
    if escaped.chars().count() > 60 {
        let cut: String = escaped.chars().take(59).collect();
        format!("{cut}…")
    } else {
        escaped
    }
}

/// "a FIFO", "a character device", …: what a non-regular file is.
fn special_kind(metadata: &Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        let name = if kind.is_fifo() {
            "a FIFO"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_symlink() {
            "a symbolic link"
        } else {
            "a special file"
        };
        name.to_owned()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        "a special file".to_owned()
    }
}

/// Device and inode, where the system has them.
#[allow(clippy::unnecessary_wraps)] // `None` on systems without inodes
pub(super) fn identity(metadata: &Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        None
    }
}

/// `path` made canonical as far as it exists; the missing rest appended with `.` dropped
/// and `..` taken lexically (a missing folder has no links to follow).
fn resolve(path: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut existing = path;
    loop {
        if let Ok(canonical) = std::fs::canonicalize(existing) {
            let mut resolved = canonical;
            for component in missing.iter().rev() {
                match component {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
        let mut components = existing.components();
        let Some(last) = components.next_back() else {
            return path.to_owned();
        };
        missing.push(last);
        existing = components.as_path();
        if existing.as_os_str().is_empty() {
            existing = Path::new(".");
        }
    }
}

/// Whether `path` is a regular safetensors file whose metadata says rankscope wrote it.
fn written_by_rankscope(path: &Path) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut length = [0u8; 8];
    if file.read_exact(&mut length).is_err() {
        return false;
    }
    let length = u64::from_le_bytes(length);
    if length > MARKER_BYTES_MAX {
        return false;
    }
    let mut header = Vec::new();
    if file.take(length).read_to_end(&mut header).is_err() {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(&header)
        .is_ok_and(|h| h["__metadata__"]["written_by"] == WRITTEN_BY)
}

/// A small JSON file, or `None`.
fn read_json(path: &Path) -> Option<serde_json::Value> {
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(MARKER_BYTES_MAX).read_to_end(&mut bytes).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{AdapterLayer, write_peft};
    use ndarray::Array2;

    fn peft_folder(path: &Path) {
        let layer = AdapterLayer {
            tensor: "layer.weight".to_owned(),
            up: Array2::ones((4, 1)),
            down: Array2::ones((1, 4)),
            relative_error: 0.0,
        };
        write_peft(&OutputTarget::new(path), &[layer], "test", None).unwrap();
    }

    fn reason(result: Result<(), ExportError>) -> String {
        match result {
            Err(ExportError::Refused { reason, .. }) => reason,
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_missing_path_resolves_through_what_exists() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(real.join("x")).unwrap();
        let path = dir.path().join("x/../missing/./deeper/../file");
        assert_eq!(resolve(&path), real.join("missing/file"));
        let target = OutputTarget::new(dir.path().join("x/../new.npz"));
        assert_eq!(target.destination().unwrap(), real.join("new.npz"));
    }

    #[test]
    fn a_folder_listing_names_a_few_entries_and_counts_them_all() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b", "a", "e", "d", "c", "f\u{1b}[2J"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let listing = list(dir.path()).unwrap();
        assert_eq!(listing.describe(), "6 entries: a, b, c, d, …");
        assert_eq!(shown_name("f\u{1b}[2J"), "f\\u{1b}[2J");
        assert_eq!(shown_name(&"x".repeat(100)).chars().count(), 60);
    }

    #[test]
    fn a_rankscope_folder_is_recognised_and_anything_else_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let adapter = dir.path().join("adapter");
        peft_folder(&adapter);
        let target = OutputTarget::new(&adapter).replacing(true);
        target.check(OutputKind::PeftAdapter).unwrap();
        let other_kind = reason(target.check(OutputKind::CompressedCheckpoint));
        assert!(
            other_kind.contains("is a rankscope PEFT adapter folder"),
            "{other_kind}"
        );
        // A link instead of one of its files: no longer rankscope's alone.
        let config = adapter.join("adapter_config.json");
        let moved = dir.path().join("config.json");
        std::fs::rename(&config, &moved).unwrap();
        std::os::unix::fs::symlink(&moved, &config).unwrap();
        let why = reason(target.check(OutputKind::PeftAdapter));
        assert!(why.contains("2 entries: adapter_config.json"), "{why}");
        // The marker cleared: the same two names written by someone else.
        std::fs::remove_file(&config).unwrap();
        std::fs::rename(&moved, &config).unwrap();
        let weights = adapter.join("adapter_model.safetensors");
        let mut bytes = std::fs::read(&weights).unwrap();
        let at = bytes.windows(9).position(|w| w == b"rankscope").unwrap();
        bytes[at..at + 9].copy_from_slice(b"somebody_");
        std::fs::write(&weights, bytes).unwrap();
        reason(target.check(OutputKind::PeftAdapter));
    }

    #[test]
    fn a_folder_holding_a_hard_link_to_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let adapter = dir.path().join("adapter");
        peft_folder(&adapter);
        let input = dir.path().join("input.safetensors");
        std::fs::hard_link(adapter.join("adapter_model.safetensors"), &input).unwrap();
        let target = OutputTarget::new(&adapter)
            .replacing(true)
            .reading([&input]);
        let why = reason(target.check(OutputKind::PeftAdapter));
        assert!(why.contains("holds adapter_model.safetensors"), "{why}");
    }

    #[test]
    fn an_input_reached_through_a_linked_folder_is_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let input = real.join("in.npy");
        std::fs::write(&input, "x").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let target = OutputTarget::new(link.join("in.npy")).reading([&input]);
        let why = reason(target.check(OutputKind::File));
        assert!(why.starts_with("is the input"), "{why}");
        // The linked folder as a folder output contains the input.
        let target = OutputTarget::new(&link).replacing(true).reading([&input]);
        let why = reason(target.check(OutputKind::PeftAdapter));
        assert!(why.starts_with("contains the input"), "{why}");
    }
}
