//! `.npz` archives (numpy's `savez` / `savez_compressed`): one entry per member array.
//!
//! Listing opens each member just far enough to read its npy header; loading reads exactly
//! the bytes the header promises, so a lying zip directory cannot make us allocate more.
//!
//! Entry names are numpy's keys: a member `w.npy` is `w`, unless the archive also holds a
//! member named exactly `w`. numpy's `NpzFile` then gives `np.load(f)["w"]` that member and
//! `["w.npy"]` the other, so here too `w` is the member `w` and `w.npy` keeps its full name.

use super::entry::MatrixEntry;
use super::error::{Problem, malformed, quoted};
use super::npy::NpyHeader;
use crate::matrix::dtype::Dtype;
use crate::real::Real;
use ndarray::Array2;
use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

pub(crate) struct NpzFile {
    members: Vec<Member>,
}

struct Member {
    entry: MatrixEntry,
    index: usize,
    /// `None` for a member of a non-numeric dtype: listed, refused when selected.
    header: Option<NpyHeader>,
}

fn zip_error(error: zip::result::ZipError) -> Problem {
    match error {
        zip::result::ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            malformed(".npz", "the archive ends early (truncated)")
        }
        zip::result::ZipError::Io(io) => Problem::Io(io),
        other => malformed(".npz", other.to_string()),
    }
}

fn open_archive(
    path: &Path,
) -> Result<zip::ZipArchive<std::io::BufReader<std::fs::File>>, Problem> {
    let file = std::io::BufReader::new(super::file::open_regular(path)?);
    zip::ZipArchive::new(file).map_err(zip_error)
}

impl NpzFile {
    pub(crate) fn open(path: &Path) -> Result<Self, Problem> {
        let mut archive = open_archive(path)?;
        let raw_names: HashSet<String> = archive.file_names().map(str::to_owned).collect();
        let mut members: Vec<Member> = Vec::with_capacity(archive.len());
        for index in 0..archive.len() {
            let mut member = archive.by_index(index).map_err(zip_error)?;
            if member.is_dir() {
                continue;
            }
            let raw_name = member.name().to_owned();
            let name = match raw_name.strip_suffix(".npy") {
                Some(key) if !raw_names.contains(key) => key.to_owned(),
                _ => raw_name.clone(),
            };
            let (entry, header) = match NpyHeader::read(&mut member, &name) {
                Ok(header) => (
                    MatrixEntry {
                        name,
                        stored_shape: header.shape.clone(),
                        dtype: header.dtype,
                    },
                    Some(header),
                ),
                // Strings or objects beside the weights: list them, refuse them if chosen.
                Err(Problem::UnsupportedDtype { .. }) => (
                    MatrixEntry {
                        name,
                        stored_shape: Vec::new(),
                        dtype: Dtype::Unsupported("a non-numeric dtype"),
                    },
                    None,
                ),
                Err(Problem::Malformed { detail, .. }) => {
                    return Err(malformed(
                        ".npz",
                        format!("member `{}`: {detail}", quoted(&raw_name)),
                    ));
                }
                Err(other) => return Err(other),
            };
            members.push(Member {
                entry,
                index,
                header,
            });
        }
        Ok(Self { members })
    }

    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.members.iter().map(|m| m.entry.clone()).collect()
    }

    pub(crate) fn load<T: Real>(
        &self,
        path: &Path,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some((member, header)) = self
            .members
            .iter()
            .find(|m| m.entry.name == name)
            .and_then(|m| Some((m, m.header.as_ref()?)))
        else {
            return Err(Problem::NotAMatrix(format!(
                "no numeric member `{}`",
                quoted(name)
            )));
        };
        let mut archive = open_archive(path)?;
        let mut stream = archive.by_index(member.index).map_err(zip_error)?;
        // The archive's directory says how many bytes the member inflates to. A header that
        // promises more data than that is a lie (or a deflate bomb's decoy): refuse it before
        // allocating what it promises.
        let promised = (rows as u64)
            .saturating_mul(cols as u64)
            .saturating_mul(header.dtype.element_bytes() as u64);
        if stream.size() < promised {
            return Err(malformed(
                ".npz",
                format!(
                    "member `{}` inflates to {} bytes but its header promises {promised} bytes of data (truncated or forged)",
                    quoted(name),
                    stream.size()
                ),
            ));
        }
        // Skip the header we parsed when listing, then read exactly the promised data.
        NpyHeader::read(&mut stream, name)?;
        let values = header
            .read_matrix(&mut stream, name, rows, cols)
            .map_err(|p| match p {
                Problem::Malformed { detail, .. } => malformed(".npz", detail),
                other => other,
            })?;
        let mut extra = [0u8; 1];
        if stream.read(&mut extra).map_err(Problem::Io)? != 0 {
            return Err(malformed(
                ".npz",
                format!(
                    "member `{}` holds more data than its header promises",
                    quoted(name)
                ),
            ));
        }
        Ok(values)
    }
}
