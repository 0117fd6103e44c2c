//! PyTorch files (`torch.save`): the zip format of PyTorch 1.6 and later
//! (`<root>/data.pkl`, one `<root>/data/<key>` entry per storage) and the legacy format before
//! it (five pickles one after the other — magic number, protocol version, system info, the
//! object, the storage keys — then each storage as an 8-byte element count and its bytes).
//!
//! The pickle is read by [`super::pickle`], which never runs anything and refuses every global
//! but the tensor-rebuild, storage and container ones. Opening reads the pickle and the zip
//! directory (or the legacy storage headers) only; the file is memory-mapped and a tensor's
//! bytes are read when it is loaded, through its view — storage offset, sizes and strides, so
//! transposed, sliced, broadcast and storage-sharing tensors get the values PyTorch gives them.
//!
//! Entries are the tensors of the saved object, named by their path through its dicts (and
//! lists) joined with "." — `{"state_dict": {"fc.weight": t}}` lists `state_dict.fc.weight` —
//! in the order the object holds them.

use super::entry::MatrixEntry;
use super::error::{Problem, malformed, quoted};
use super::pickle::{self, FORMAT, Pickle, StorageType, Value};
use crate::matrix::dtype::{ByteOrder, decode};
use crate::real::Real;
use ndarray::Array2;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The largest `data.pkl` read: a state dict of 100 000 tensors pickles to about 20 MB.
const MAX_PICKLE_BYTES: u64 = 100_000_000;

/// How deep the saved object's dicts and lists may nest on the way to a tensor.
const MAX_NESTING: usize = 64;

/// How many containers and tensors the name walk visits before giving up: a pickle can make a
/// small graph whose paths are exponentially many (a state dict of 100 000 tensors with its
/// optimiser state visits a few hundred thousand).
const MAX_VISITS: usize = 2_000_000;

pub(crate) struct TorchFile {
    mmap: memmap2::Mmap,
    order: ByteOrder,
    storages: Vec<Stored>,
    tensors: Vec<Tensor>,
}

/// Where a storage's bytes are.
enum Stored {
    /// In the map, `len` bytes from `start`.
    Mapped { start: usize, len: usize },
    /// A compressed zip entry (torch never writes one; a re-zipped file may): read through
    /// the archive when a tensor of it is loaded.
    Compressed { index: usize, len: usize },
}

impl Stored {
    fn len(&self) -> usize {
        match self {
            Self::Mapped { len, .. } | Self::Compressed { len, .. } => *len,
        }
    }
}

struct Tensor {
    entry: MatrixEntry,
    storage: usize,
    kind: StorageType,
    /// In elements from the start of the stored storage.
    offset: usize,
    shape: Vec<usize>,
    stride: Vec<usize>,
}

fn zip_error(error: zip::result::ZipError) -> Problem {
    match error {
        zip::result::ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            malformed(FORMAT, "the zip archive ends early (truncated)")
        }
        zip::result::ZipError::Io(io) => Problem::Io(io),
        other => malformed(FORMAT, format!("the zip archive is broken: {other}")),
    }
}

impl TorchFile {
    pub(crate) fn open(path: &Path) -> Result<Self, Problem> {
        let file = super::file::open_regular(path)?;
        // SAFETY: the map is read-only; a concurrent writer truncating the file could fault,
        // the accepted contract of memory-mapped checkpoint readers (safetensors does the same).
        let mmap = unsafe { memmap2::Mmap::map(&file)? };
        let head = &mmap[..mmap.len().min(512)];
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Self::open_zip(mmap, &super::stem_name(path))
        } else if head.first() == Some(&0x80) {
            Self::open_legacy(mmap, &super::stem_name(path))
        } else if head.get(257..262) == Some(b"ustar") {
            Err(malformed(
                FORMAT,
                "a tar archive (PyTorch before 0.1.10), which rankscope does not read; load and re-save it with a newer torch",
            ))
        } else {
            Err(malformed(
                FORMAT,
                "it is neither a zip archive (torch.save since PyTorch 1.6) nor a pickle stream (the legacy format)",
            ))
        }
    }

    fn open_zip(mmap: memmap2::Mmap, stem: &str) -> Result<Self, Problem> {
        let mut archive =
            zip::ZipArchive::new(std::io::Cursor::new(&mmap[..])).map_err(zip_error)?;
        // `<root>/data.pkl`: the root is the file's stem (torch < 2) or `archive`.
        let Some(pickle_name) = archive
            .file_names()
            .filter(|n| n.ends_with("/data.pkl") && n.matches('/').count() == 1)
            .min()
            .map(str::to_owned)
        else {
            return Err(malformed(
                FORMAT,
                "a zip archive without <root>/data.pkl: not a checkpoint of torch.save (an .npz renamed?)",
            ));
        };
        let prefix = pickle_name.trim_end_matches("data.pkl").to_owned();
        let pickle_bytes = read_entry(&mut archive, &pickle_name, MAX_PICKLE_BYTES)?;
        let byteorder = format!("{prefix}byteorder");
        let order = if archive.index_for_name(&byteorder).is_some() {
            match read_entry(&mut archive, &byteorder, 16)?.trim_ascii() {
                b"little" => ByteOrder::Little,
                b"big" => ByteOrder::Big,
                _ => {
                    return Err(malformed(
                        FORMAT,
                        "its byteorder entry says neither \"little\" nor \"big\"",
                    ));
                }
            }
        } else {
            ByteOrder::Little
        };
        let pickle = pickle::parse(&pickle_bytes)?;
        let mut storages = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for storage in &pickle.storages {
            if by_key.contains_key(&storage.key) {
                continue;
            }
            let name = format!("{prefix}data/{}", storage.key);
            let Some(index) = archive.index_for_name(&name) else {
                return Err(malformed(
                    FORMAT,
                    format!(
                        "the pickle names the storage {}, which the archive does not hold",
                        quoted(&name)
                    ),
                ));
            };
            let entry = archive.by_index_raw(index).map_err(zip_error)?;
            let len = usize::try_from(entry.size()).map_err(|_| {
                malformed(FORMAT, format!("the entry {} is too large", quoted(&name)))
            })?;
            let stored = if entry.compression() == zip::CompressionMethod::Stored {
                let start = usize::try_from(entry.data_start()).unwrap_or(usize::MAX);
                if start.checked_add(len).is_none_or(|end| end > mmap.len()) {
                    return Err(malformed(
                        FORMAT,
                        format!(
                            "the entry {} runs past the end of the file (truncated)",
                            quoted(&name)
                        ),
                    ));
                }
                Stored::Mapped { start, len }
            } else {
                Stored::Compressed { index, len }
            };
            by_key.insert(storage.key.clone(), storages.len());
            storages.push(stored);
        }
        drop(archive);
        let tensors = tensors(&pickle, stem, &storages, &by_key)?;
        Ok(Self {
            mmap,
            order,
            storages,
            tensors,
        })
    }

    fn open_legacy(mmap: memmap2::Mmap, stem: &str) -> Result<Self, Problem> {
        let mut at = 0;
        let mut next = |what: &str| -> Result<Pickle, Problem> {
            let pickle = pickle::parse(&mmap[at..]).map_err(|problem| match problem {
                Problem::Malformed { detail, .. } => malformed(FORMAT, format!("{what}: {detail}")),
                other => other,
            })?;
            at += pickle.length;
            Ok(pickle)
        };
        let magic = next("the magic number")?;
        let is_magic = matches!(magic.root, Some(Value::BigInt(id)) if magic.big_int(id) == pickle::LEGACY_MAGIC);
        if !is_magic {
            return Err(malformed(
                FORMAT,
                "a pickle, but not PyTorch's: its first value is not torch.save's magic number",
            ));
        }
        let version = next("the protocol version")?;
        if version.root != Some(Value::Int(1001)) {
            return Err(malformed(
                FORMAT,
                format!(
                    "legacy protocol version {:?}; rankscope reads 1001",
                    version.root
                ),
            ));
        }
        let sys_info = next("the system information")?;
        let order = match lookup(&sys_info, sys_info.root, "little_endian") {
            Some(Value::Bool(false)) => ByteOrder::Big,
            _ => ByteOrder::Little,
        };
        let object = next("the saved object")?;
        let keys = next("the storage keys")?;
        let Some(key_list) = keys.root.and_then(|root| keys.sequence(root)) else {
            return Err(malformed(FORMAT, "the storage keys are not a list"));
        };
        // Every storage the object names, by key: its element size tells how long it is.
        let mut kinds: HashMap<&str, StorageType> = HashMap::new();
        for storage in &object.storages {
            kinds.insert(storage.key.as_str(), storage.kind);
        }
        let mut storages = Vec::with_capacity(key_list.len().min(kinds.len()));
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for key in key_list {
            let Value::Str(key) = *key else {
                return Err(malformed(FORMAT, "a storage key is not a string"));
            };
            let key = keys.str(key);
            let Some(kind) = kinds.get(key) else {
                return Err(malformed(
                    FORMAT,
                    format!("the storage {} is stored but never used", quoted(key)),
                ));
            };
            let header = mmap
                .get(at..at + 8)
                .ok_or_else(|| malformed(FORMAT, "the storages end early (truncated)"))?;
            let raw: [u8; 8] = header.try_into().unwrap_or_default();
            let count = match order {
                ByteOrder::Little => u64::from_le_bytes(raw),
                ByteOrder::Big => u64::from_be_bytes(raw),
            };
            at += 8;
            let len = count
                .checked_mul(kind.element_bytes as u64)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|&n| at.checked_add(n).is_some_and(|end| end <= mmap.len()))
                .ok_or_else(|| {
                    malformed(
                        FORMAT,
                        format!(
                            "storage {} says it holds {count} elements, more than the rest of the file (truncated?)",
                            quoted(key)
                        ),
                    )
                })?;
            by_key.insert(key.to_owned(), storages.len());
            storages.push(Stored::Mapped { start: at, len });
            at += len;
        }
        let tensors = tensors(&object, stem, &storages, &by_key)?;
        Ok(Self {
            mmap,
            order,
            storages,
            tensors,
        })
    }

    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.tensors.iter().map(|t| t.entry.clone()).collect()
    }

    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some(tensor) = self.tensors.iter().find(|t| t.entry.name == name) else {
            return Err(Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))));
        };
        let dtype = tensor.kind.dtype;
        let size = tensor.kind.element_bytes;
        let count = rows * cols;
        let (bytes, mapped_at) = self.storage_bytes(tensor, name)?;
        let bytes = &bytes[..];
        let values: Vec<T> = if let Some(contiguous) = contiguous_range(tensor, count) {
            let (start, end) = (contiguous.start * size, contiguous.end * size);
            let mut values = Vec::with_capacity(count);
            for from in (start..end).step_by(DECODE_SLICE_BYTES) {
                let to = end.min(from + DECODE_SLICE_BYTES);
                values.extend(decode::<T>(dtype, self.order, &bytes[from..to]));
                if let Some(base) = mapped_at {
                    release_pages(&self.mmap, base + from, to - from);
                }
            }
            values
        } else {
            let what = format!("the strided view of `{}`", quoted(name));
            super::ensure_raw_fits(&what, count, dtype)?;
            let gathered = gather(tensor, bytes, count);
            decode::<T>(dtype, self.order, &gathered)
        };
        Array2::from_shape_vec((rows, cols), values).map_err(|_| {
            malformed(
                FORMAT,
                format!("tensor `{}`: shape does not match its data", quoted(name)),
            )
        })
    }
}

impl TorchFile {
    /// The bytes of the storage `tensor` views, and where they start in the map (`None`:
    /// inflated from a compressed entry).
    fn storage_bytes(
        &self,
        tensor: &Tensor,
        name: &str,
    ) -> Result<(std::borrow::Cow<'_, [u8]>, Option<usize>), Problem> {
        Ok(match self.storages[tensor.storage] {
            Stored::Mapped { start, len } => (
                std::borrow::Cow::Borrowed(&self.mmap[start..start + len]),
                Some(start),
            ),
            Stored::Compressed { index, len } => {
                let what = format!("the compressed storage of `{}`", quoted(name));
                super::ensure_raw_fits(&what, len, crate::matrix::dtype::Dtype::U8)?;
                (
                    std::borrow::Cow::Owned(inflate(&self.mmap, index, len)?),
                    None,
                )
            }
        })
    }

    /// Tensor `name`'s elements in C order as little-endian bytes, with its dtype and shape:
    /// what a safetensors writer takes (a strided view gathered, a big-endian file swapped).
    pub(crate) fn contiguous_bytes(
        &self,
        name: &str,
    ) -> Result<(crate::matrix::dtype::Dtype, Vec<usize>, Vec<u8>), Problem> {
        let Some(tensor) = self.tensors.iter().find(|t| t.entry.name == name) else {
            return Err(Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))));
        };
        let dtype = tensor.kind.dtype;
        let size = tensor.kind.element_bytes;
        // Checked against the storage when the file was opened: the count fits in usize.
        let count = tensor.shape.iter().product::<usize>();
        let what = format!("the bytes of `{}`", quoted(name));
        super::ensure_raw_fits(&what, count, dtype)?;
        let (bytes, _) = self.storage_bytes(tensor, name)?;
        // An empty view's offset is never checked against the storage: it reads nothing.
        let mut out = match contiguous_range(tensor, count) {
            _ if count == 0 => Vec::new(),
            Some(range) => bytes[range.start * size..range.end * size].to_vec(),
            None => gather(tensor, &bytes, count),
        };
        if self.order == ByteOrder::Big && size > 1 {
            for element in out.chunks_exact_mut(size) {
                element.reverse();
            }
        }
        Ok((dtype, tensor.shape.clone(), out))
    }
}

/// Reads the zip entry `name` whole, refusing one larger than `limit` bytes before reading.
fn read_entry(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, Problem> {
    use std::io::Read;
    let entry = archive.by_name(name).map_err(zip_error)?;
    if entry.size() > limit {
        return Err(malformed(
            FORMAT,
            format!(
                "its {} is {} bytes, more than the {limit} rankscope reads",
                quoted(name),
                entry.size()
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| malformed(FORMAT, format!("its {} cannot be read: {e}", quoted(name))))?;
    Ok(bytes)
}

/// The bytes of the compressed zip entry `index`, exactly `len` of them.
fn inflate(mmap: &[u8], index: usize, len: usize) -> Result<Vec<u8>, Problem> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(mmap)).map_err(zip_error)?;
    let entry = archive.by_index(index).map_err(zip_error)?;
    let mut bytes = Vec::with_capacity(len);
    entry
        .take(len as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| malformed(FORMAT, format!("a storage cannot be inflated: {e}")))?;
    if bytes.len() != len {
        return Err(malformed(
            FORMAT,
            "a compressed storage ends early (truncated)",
        ));
    }
    Ok(bytes)
}

/// The value of `key` in the dict `root`, if it is one.
fn lookup(pickle: &Pickle, root: Option<Value>, key: &str) -> Option<Value> {
    let Some(Value::Dict(id)) = root else {
        return None;
    };
    pickle
        .dict(id)
        .iter()
        .find(|(k, _)| matches!(k, Value::Str(s) if pickle.str(*s) == key))
        .map(|(_, v)| *v)
}

/// Every tensor of the saved object with its name, checked against the storage it views.
fn tensors(
    pickle: &Pickle,
    stem: &str,
    storages: &[Stored],
    by_key: &HashMap<String, usize>,
) -> Result<Vec<Tensor>, Problem> {
    let mut named = Vec::new();
    let mut walk = Walk {
        pickle,
        visits: 0,
        found: &mut named,
    };
    if let Some(root) = pickle.root {
        walk.visit(root, "", 0)?;
    }
    let mut seen = HashSet::with_capacity(named.len());
    let mut tensors = Vec::with_capacity(named.len());
    for (name, id) in named {
        let name = if name.is_empty() {
            stem.to_owned()
        } else {
            name
        };
        if !seen.insert(name.clone()) {
            return Err(malformed(
                FORMAT,
                format!("two tensors are both named `{}`", quoted(&name)),
            ));
        }
        let view = &pickle.tensors[id];
        let storage = &pickle.storages[view.storage];
        let bad =
            |detail: String| malformed(FORMAT, format!("tensor `{}`: {detail}", quoted(&name)));
        // Found by fuzzing: a legacy file whose key list leaves out a storage a tensor views.
        let Some(&index) = by_key.get(&storage.key) else {
            return Err(bad(format!(
                "it views the storage {}, which the file does not hold",
                quoted(&storage.key)
            )));
        };
        let shape: Vec<usize> = view
            .shape
            .iter()
            .map(|&d| usize::try_from(d))
            .collect::<Result<_, _>>()
            .map_err(|_| bad("a size overflows".to_owned()))?;
        let stride: Vec<usize> = view
            .stride
            .iter()
            .map(|&d| usize::try_from(d))
            .collect::<Result<_, _>>()
            .map_err(|_| bad("a stride overflows".to_owned()))?;
        let offset = view
            .offset
            .checked_add(storage.view_offset)
            .and_then(|o| usize::try_from(o).ok())
            .ok_or_else(|| bad("its storage offset overflows".to_owned()))?;
        // The last element the view reads, which must lie inside the stored bytes.
        let held = storages[index].len() / storage.kind.element_bytes;
        let empty = shape.contains(&0);
        if !empty {
            let last = shape.iter().zip(&stride).try_fold(offset, |acc, (&d, &s)| {
                acc.checked_add((d - 1).checked_mul(s)?)
            });
            match last {
                Some(last) if last < held => {}
                Some(last) => {
                    return Err(bad(format!(
                        "its view reads element {last} of a storage that holds {held} (inconsistent or truncated file)"
                    )));
                }
                None => return Err(bad("its view's extent overflows".to_owned())),
            }
        }
        tensors.push(Tensor {
            entry: MatrixEntry {
                name,
                stored_shape: shape.clone(),
                dtype: storage.kind.dtype,
            },
            storage: index,
            kind: storage.kind,
            offset,
            shape,
            stride,
        });
    }
    Ok(tensors)
}

/// The walk of the saved object that names its tensors.
struct Walk<'p, 'f> {
    pickle: &'p Pickle,
    visits: usize,
    found: &'f mut Vec<(String, usize)>,
}

impl Walk<'_, '_> {
    /// Names the tensors under `value`, whose own name is `name`. Only containers and
    /// tensors count as visits: a list of a million numbers costs one.
    fn visit(&mut self, value: Value, name: &str, depth: usize) -> Result<(), Problem> {
        let holds_more = |v: &Value| {
            matches!(
                v,
                Value::Tensor(_) | Value::Dict(_) | Value::List(_) | Value::Tuple(_)
            )
        };
        if !holds_more(&value) {
            return Ok(());
        }
        self.visits += 1;
        if self.visits > MAX_VISITS {
            return Err(malformed(
                FORMAT,
                format!(
                    "the saved object reaches more than {MAX_VISITS} containers through its dicts and lists"
                ),
            ));
        }
        if let Value::Tensor(id) = value {
            self.found.push((name.to_owned(), id));
            return Ok(());
        }
        if depth >= MAX_NESTING {
            return Err(malformed(
                FORMAT,
                format!("the saved object nests dicts and lists more than {MAX_NESTING} deep"),
            ));
        }
        let join = |key: &str| {
            if name.is_empty() {
                key.to_owned()
            } else {
                format!("{name}.{key}")
            }
        };
        let pickle = self.pickle;
        if let Value::Dict(id) = value {
            for (key, child) in pickle.dict(id).iter().filter(|(_, v)| holds_more(v)) {
                let key = match *key {
                    Value::Str(s) => pickle.str(s).to_owned(),
                    Value::Int(n) => n.to_string(),
                    _ => continue,
                };
                self.visit(*child, &join(&key), depth + 1)?;
            }
        } else {
            let items = pickle.sequence(value).unwrap_or_default();
            for (index, child) in items.iter().enumerate().filter(|(_, v)| holds_more(v)) {
                self.visit(*child, &join(&index.to_string()), depth + 1)?;
            }
        }
        Ok(())
    }
}

/// The element range a view reads when it is C-contiguous (sizes-1 dimensions aside).
fn contiguous_range(tensor: &Tensor, count: usize) -> Option<std::ops::Range<usize>> {
    let mut expected = 1usize;
    for (&d, &s) in tensor.shape.iter().zip(&tensor.stride).rev() {
        if d != 1 && s != expected {
            return None;
        }
        expected = expected.checked_mul(d)?;
    }
    Some(tensor.offset..tensor.offset + count)
}

/// The bytes of a strided view in C order: rows of the last dimension, each at the offset its
/// leading indices give.
fn gather(tensor: &Tensor, bytes: &[u8], count: usize) -> Vec<u8> {
    let size = tensor.kind.element_bytes;
    let mut out = Vec::with_capacity(count * size);
    if count == 0 {
        return out;
    }
    let (inner, inner_stride) = match (tensor.shape.last(), tensor.stride.last()) {
        (Some(&d), Some(&s)) => (d, s),
        _ => (1, 0),
    };
    let outer_dims = tensor.shape.len().saturating_sub(1);
    let mut index = vec![0usize; outer_dims];
    loop {
        let base = tensor.offset
            + index
                .iter()
                .zip(&tensor.stride)
                .map(|(&i, &s)| i * s)
                .sum::<usize>();
        for j in 0..inner {
            let at = (base + j * inner_stride) * size;
            out.extend_from_slice(&bytes[at..at + size]);
        }
        // The odometer over the leading dimensions.
        let mut dim = outer_dims;
        loop {
            if dim == 0 {
                return out;
            }
            dim -= 1;
            index[dim] += 1;
            if index[dim] < tensor.shape[dim] {
                break;
            }
            index[dim] = 0;
        }
    }
}

/// Bytes decoded between two releases of mapped pages (as the safetensors reader does).
const DECODE_SLICE_BYTES: usize = 4 << 20;

/// Drops the process's mapping of the pages over `len` bytes at `offset`: read pages leave its
/// resident memory, so loading tensor after tensor does not accumulate them.
pub(crate) fn release_pages(mmap: &memmap2::Mmap, offset: usize, len: usize) {
    #[cfg(unix)]
    // SAFETY: the map is read-only and shared with the file, so MADV_DONTNEED only removes
    // page-table entries; a later read sees the same bytes again. Failure only leaves the
    // pages resident, so it is ignored.
    unsafe {
        let _ = mmap.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, len);
    }
    #[cfg(not(unix))]
    let _ = (mmap, offset, len);
}
