//! Giving a finished temporary file or folder its final name: without replacing anything
//! (two exports racing for one new name: exactly one wins), or by swapping it with the
//! output it replaces.
//!
//! Linux does both atomically with `renameat2` (`RENAME_NOREPLACE`, `RENAME_EXCHANGE`).
//! Where the kernel or the file system lacks them, [`rename_over_claim`] stays correct: the
//! name is first claimed with an exclusive create, which only one process can win.

use std::io;
use std::path::Path;

/// Renames `from` (a file or a folder) to `to` unless something is already there; then the
/// error is [`io::ErrorKind::AlreadyExists`] and `from` is where it was.
pub(super) fn rename_without_replacing(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Err(error) if unsupported(&error) => {}
        done => return done,
    }
    rename_over_claim(from, to)
}

/// Swaps `a` and `b` (both must exist) in one step; [`io::ErrorKind::Unsupported`] where the
/// system cannot, and the caller moves them one at a time.
pub(super) fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(a, b, libc::RENAME_EXCHANGE) {
        Err(error) if unsupported(&error) => {}
        done => return done,
    }
    let _ = (a, b);
    Err(io::ErrorKind::Unsupported.into())
}

/// The portable [`rename_without_replacing`]: claims `to` with an exclusive create (an empty
/// file, or an empty folder for a folder), which fails if anything is there, then renames
/// `from` over its own claim (a rename may replace a file, or an empty folder). The claim is
/// visible for a moment as an empty file or folder, never as a partial output.
pub(super) fn rename_over_claim(from: &Path, to: &Path) -> io::Result<()> {
    let is_folder = std::fs::symlink_metadata(from)?.is_dir();
    if is_folder {
        std::fs::create_dir(to)?;
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(to)?;
    }
    let claim = identity(to);
    if let Err(error) = std::fs::rename(from, to) {
        // Take the claim back, if it is still ours (and, for a folder, still empty).
        if claim.is_some() && identity(to) == claim {
            let _ = if is_folder {
                std::fs::remove_dir(to)
            } else {
                std::fs::remove_file(to)
            };
        }
        return Err(error);
    }
    Ok(())
}

/// Device and inode of `path` (not following a final link), where the system has them.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(path)
            .ok()
            .map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// `EINVAL` (the file system does not support the flag), `ENOSYS` (a kernel before 3.15) or
/// `EOPNOTSUPP`: take the portable way. Any other error is the answer.
#[cfg(target_os = "linux")]
fn unsupported(error: &io::Error) -> bool {
    matches!(
        error.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
    )
}

/// `renameat2(2)` through the system call, so it works with any C library version.
#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let from = CString::new(from.as_os_str().as_bytes())?;
    let to = CString::new(to.as_os_str().as_bytes())?;
    // SAFETY: both paths are NUL-terminated strings that outlive the call; AT_FDCWD makes
    // relative paths resolve as rename(2) resolves them.
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};

    /// Eight threads publish their own file (or folder) to one new name at the same moment:
    /// exactly one succeeds, the others get `AlreadyExists`, and the winner's content is there.
    fn race(folders: bool, publish: fn(&Path, &Path) -> io::Result<()>) {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let barrier = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let from = dir.path().join(format!("staged{i}"));
                if folders {
                    std::fs::create_dir(&from).unwrap();
                    std::fs::write(from.join("who"), i.to_string()).unwrap();
                } else {
                    std::fs::write(&from, i.to_string()).unwrap();
                }
                let target = target.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::Builder::new()
                    .name(format!("publisher {i}"))
                    .spawn(move || {
                        barrier.wait();
                        (i, publish(&from, &target))
                    })
                    .unwrap()
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        let winners: Vec<usize> = results
            .iter()
            .filter(|(_, r)| r.is_ok())
            .map(|(i, _)| *i)
            .collect();
        assert_eq!(winners.len(), 1, "{results:?}");
        for (_, result) in &results {
            if let Err(error) = result {
                assert_eq!(error.kind(), io::ErrorKind::AlreadyExists, "{error}");
            }
        }
        let content = if folders {
            std::fs::read_to_string(target.join("who")).unwrap()
        } else {
            std::fs::read_to_string(&target).unwrap()
        };
        assert_eq!(content, winners[0].to_string());
    }

    #[test]
    fn only_one_of_eight_racing_files_gets_the_name() {
        race(false, rename_without_replacing);
    }

    #[test]
    fn only_one_of_eight_racing_folders_gets_the_name() {
        race(true, rename_without_replacing);
    }

    #[test]
    fn the_portable_way_has_one_winner_too() {
        race(false, rename_over_claim);
        race(true, rename_over_claim);
    }

    #[test]
    fn nothing_is_replaced_and_a_lost_claim_is_not_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let from = dir.path().join("new");
        let to = dir.path().join("old");
        std::fs::write(&from, "new").unwrap();
        std::fs::write(&to, "old").unwrap();
        for publish in [rename_without_replacing, rename_over_claim] {
            let error = publish(&from, &to).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
            assert_eq!(std::fs::read_to_string(&to).unwrap(), "old");
            assert_eq!(std::fs::read_to_string(&from).unwrap(), "new");
        }
        // A folder onto a non-empty folder's name, the portable way: refused at the claim.
        let folder = dir.path().join("folder");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("keep"), "keep").unwrap();
        let staged = dir.path().join("staged");
        std::fs::create_dir(&staged).unwrap();
        assert!(rename_over_claim(&staged, &folder).is_err());
        assert_eq!(
            std::fs::read_to_string(folder.join("keep")).unwrap(),
            "keep"
        );
        assert!(staged.is_dir());
    }

    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        match exchange(&a, &b) {
            Ok(()) => {
                assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
                assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
            }
            // Not on this file system: the caller's fallback is tested through it.
            Err(error) => assert_eq!(error.kind(), io::ErrorKind::Unsupported),
        }
    }
}
