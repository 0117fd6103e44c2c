//! Opening what a path names, only when it is a regular file, and reading whole files only
//! up to a size limit.
//!
//! A FIFO, socket or device is refused by its type before it is opened: opening a FIFO for
//! reading blocks until a writer appears, and `/dev/zero` reads forever. The type is looked up
//! through symbolic links (a `model.safetensors.index.json` linking to `/dev/zero` is a
//! device), and checked again on the opened descriptor, which is opened non-blocking so that a
//! file swapped for a FIFO in between cannot block either.

use super::error::{Problem, malformed};
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::Path;

/// What a file that is neither a regular file nor a directory is.
fn special_kind(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// Refuses `metadata` (of `path`, links followed) unless it is a regular file.
fn check_type(path: &Path, metadata: &Metadata) -> Result<(), Problem> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return Ok(());
    }
    if file_type.is_dir() {
        return Err(Problem::IsDirectory);
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    Err(Problem::NotRegularFile {
        kind: special_kind(file_type),
        link_target: is_link.then(|| std::fs::canonicalize(path).ok()).flatten(),
    })
}

/// The metadata of `path` (links followed) if it is a regular file; opens nothing.
pub(crate) fn regular_metadata(path: &Path) -> Result<Metadata, Problem> {
    let metadata = std::fs::metadata(path)?;
    check_type(path, &metadata)?;
    Ok(metadata)
}

/// Opens `path` for reading if it is a regular file (see the module notes).
pub(crate) fn open_regular(path: &Path) -> Result<File, Problem> {
    regular_metadata(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking so that a FIFO put in place since the check cannot hang the open;
        // no controlling terminal from a tty put there. Reads of a regular file ignore both.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    check_type(path, &file.metadata()?)?;
    Ok(file)
}

/// The whole of the regular file `path`, refused unread when it is larger than `limit_bytes`
/// (`what` and `format` name it in the message).
pub(crate) fn read_limited(
    path: &Path,
    limit_bytes: u64,
    format: &'static str,
    what: &str,
) -> Result<Vec<u8>, Problem> {
    let file = open_regular(path)?;
    let length = file.metadata()?.len();
    let too_large = |bytes: u64| {
        malformed(
            format,
            format!(
                "{what} is {}, more than the {} rankscope reads",
                crate::memory::human_bytes(bytes),
                crate::memory::human_bytes(limit_bytes),
            ),
        )
    };
    if length > limit_bytes {
        return Err(too_large(length));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    // A file that grows while it is read is still cut at the limit.
    file.take(limit_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}
