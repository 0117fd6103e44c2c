//! Files → matrices: list what a file holds from its header alone, then load one matrix.
//!
//! ```no_run
//! let source = rankscope::source::open("model.safetensors".as_ref())?;
//! for entry in source.entries() {
//!     println!("{} {:?} {}", entry.name, entry.stored_shape, entry.dtype);
//! }
//! let matrix = source.load(&source.default_entry(None)?.name.clone(), None)?;
//! # Ok::<(), rankscope::source::SourceError>(())
//! ```

mod adapter;
mod csv;
mod entry;
mod error;
mod file;
mod gguf;
mod image;
mod names;
mod npy;
mod npy_header;
mod npz;
mod pickle;
mod safetensors;
mod sharded;
mod torch;

pub use adapter::{
    AdapterFile, AdapterModule, Convention, ModuleKind, RawTensor, matching_key, pattern_keys,
};
pub use entry::{MatrixEntry, NotAMatrix, format_shape};
pub use error::{Problem, QUOTE_LIMIT_CHARS, SourceError, name_list, one_line, printable, quoted};
pub use image::{CHANNEL_GRAY, CHANNEL_LUMA, CHANNEL_RGB, LUMA_WEIGHTS, MAX_IMAGE_PIXELS};
// The shared matrix types, where loading code and its users have always found them.
pub use crate::matrix::{
    Dtype, Matrix, MatrixData, NonFiniteCount, dtype, planted_matrix, power_law_matrix,
};

use crate::memory;
use crate::real::{Precision, Real};
use ndarray::Array2;
use std::path::{Path, PathBuf};

/// The kind of file a source was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A picture; entries are its channels.
    Image,
    /// A single numpy array.
    Npy,
    /// A numpy archive; entries are its members.
    Npz,
    /// A safetensors checkpoint; entries are its tensors.
    Safetensors,
    /// Comma- or tab-separated numbers.
    Csv,
    /// A Hugging Face model folder: an index naming the safetensors shard of every tensor.
    ShardedSafetensors,
    /// A PyTorch file (`torch.save`, zip or legacy format); entries are its tensors.
    Pytorch,
    /// A GGUF file (llama.cpp); entries are its tensors, dequantised when loaded.
    Gguf,
    /// A model folder whose index (`pytorch_model.bin.index.json`) names PyTorch shards.
    ShardedPytorch,
    /// A LoRA adapter; entries are its modules' ΔW (and any tensor of no module).
    Adapter(Convention),
}

impl SourceKind {
    /// What a person calls this format.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Npy => ".npy",
            Self::Npz => ".npz",
            Self::Safetensors => "safetensors",
            Self::Csv => "CSV",
            Self::ShardedSafetensors => "sharded safetensors",
            Self::Pytorch => "PyTorch",
            Self::Gguf => "GGUF",
            Self::ShardedPytorch => "sharded PyTorch",
            Self::Adapter(Convention::Peft) => "PEFT LoRA adapter",
            Self::Adapter(Convention::Kohya) => "kohya/LyCORIS adapter",
        }
    }
}

enum Backend {
    Image(image::ImageFile),
    Npy(npy::NpyFile),
    Npz(npz::NpzFile),
    Safetensors(safetensors::SafetensorsFile),
    Csv(csv::CsvFile),
    Sharded(sharded::ShardedCheckpoint),
    Torch(torch::TorchFile),
    Gguf(gguf::GgufFile),
    Adapter(Box<adapter::AdapterFile>),
}

/// What loading does with NaN and ±inf values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NonFinitePolicy {
    /// Refuse the matrix, naming the count and the first position (the default: an SVD of
    /// data with holes means nothing, and silently patching them would hide a broken file).
    #[default]
    Refuse,
    /// Replace each with 0 and report how many were replaced ([`Matrix::replaced_non_finite`]).
    ReplaceWithZero,
}

impl NonFinitePolicy {
    /// [`Self::ReplaceWithZero`] when `replace` (`--nan-to-zero`, the window's toggle), else
    /// [`Self::Refuse`].
    #[must_use]
    pub fn replacing(replace: bool) -> Self {
        if replace {
            Self::ReplaceWithZero
        } else {
            Self::Refuse
        }
    }
}

/// An opened file: its listing, and the means to load any listed matrix.
pub struct Source {
    path: PathBuf,
    kind: SourceKind,
    entries: Vec<MatrixEntry>,
    backend: Backend,
    non_finite: NonFinitePolicy,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

/// The kind of file a (lower-case) extension names.
fn kind_of_extension(extension: &str) -> Result<SourceKind, Problem> {
    Ok(match extension {
        "png" | "jpg" | "jpeg" | "webp" | "bmp" | "tif" | "tiff" => SourceKind::Image,
        "npy" => SourceKind::Npy,
        "npz" => SourceKind::Npz,
        "safetensors" => SourceKind::Safetensors,
        "csv" | "tsv" => SourceKind::Csv,
        "pt" | "pth" | "bin" | "ckpt" => SourceKind::Pytorch,
        "gguf" => SourceKind::Gguf,
        _ => {
            let shown = if extension.is_empty() {
                "(no extension)".to_owned()
            } else {
                format!(".{extension}")
            };
            return Err(Problem::UnknownExtension(shown));
        }
    })
}

/// Opens `path` and lists its matrices without loading their values.
///
/// A folder (or its `*.safetensors.index.json` or `*.bin.index.json`) opens as one sharded
/// checkpoint; a folder with no index and a single `.safetensors` file (or, without one, a
/// single PyTorch `.bin`) opens that file. FIFOs, sockets and devices
/// (or links to them) are refused by their type before anything is opened.
pub fn open(path: &Path) -> Result<Source, SourceError> {
    let err = |problem: Problem| SourceError::new(path, problem);
    let metadata = std::fs::metadata(path).map_err(|e| err(e.into()))?;
    if metadata.is_dir() && adapter::is_peft_folder(path) {
        return Ok(adapter_source(path, adapter::open_peft_folder(path)?));
    }
    if metadata.is_dir() {
        return match sharded::folder_content(path).map_err(err)? {
            sharded::FolderContent::Index(index) => open_sharded(path, &index),
            sharded::FolderContent::Single(file) => open(&file),
        };
    }
    let metadata = file::regular_metadata(path).map_err(err)?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if file_name.ends_with(".safetensors.index.json") || file_name.ends_with(".bin.index.json") {
        return open_sharded(path, path);
    }
    if file_name == adapter::CONFIG_NAME {
        let folder = path.parent().unwrap_or(Path::new("."));
        return Ok(adapter_source(path, adapter::open_peft_folder(folder)?));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let kind = kind_of_extension(&extension).map_err(err)?;
    if metadata.len() == 0 {
        return Err(err(error::malformed(
            kind.label(),
            "the file is empty (0 bytes)",
        )));
    }
    check_content_matches(path, kind).map_err(err)?;
    let (backend, entries) = match kind {
        SourceKind::Image => {
            let file =
                image::ImageFile::open(image::Encoded::File(path.to_owned())).map_err(err)?;
            let entries = file.entries();
            (Backend::Image(file), entries)
        }
        SourceKind::Npy => {
            let file = npy::NpyFile::open(path).map_err(err)?;
            let entries = vec![file.entry(path)];
            (Backend::Npy(file), entries)
        }
        SourceKind::Npz => {
            let file = npz::NpzFile::open(path).map_err(err)?;
            let entries = file.entries();
            (Backend::Npz(file), entries)
        }
        SourceKind::Safetensors => {
            let file = safetensors::SafetensorsFile::open(path).map_err(err)?;
            if adapter::holds_adapter(file.entries().iter().map(|e| e.name.as_str())) {
                let file = adapter::TensorFile::Safetensors(file);
                return Ok(adapter_source(path, adapter::open_file(file, path)?));
            }
            let entries = file.entries();
            (Backend::Safetensors(file), entries)
        }
        SourceKind::Pytorch => {
            let file = torch::TorchFile::open(path).map_err(err)?;
            if adapter::holds_adapter(file.entries().iter().map(|e| e.name.as_str())) {
                let file = adapter::TensorFile::Torch(file);
                return Ok(adapter_source(path, adapter::open_file(file, path)?));
            }
            let entries = file.entries();
            (Backend::Torch(file), entries)
        }
        SourceKind::Gguf => {
            let file = gguf::GgufFile::open(path).map_err(err)?;
            let entries = file.entries();
            (Backend::Gguf(file), entries)
        }
        // Chosen above, before the extension is looked at.
        SourceKind::ShardedSafetensors | SourceKind::ShardedPytorch => {
            return open_sharded(path, path);
        }
        SourceKind::Adapter(_) => unreachable!("adapters are recognised by their content"),
        SourceKind::Csv => {
            let delimiter = if extension == "tsv" { b'\t' } else { b',' };
            let file = csv::CsvFile::open(path, delimiter).map_err(err)?;
            let entries = vec![file.entry(path)];
            (Backend::Csv(file), entries)
        }
    };
    Ok(Source {
        path: path.to_owned(),
        kind,
        entries,
        backend,
        non_finite: NonFinitePolicy::default(),
    })
}

/// Opens `path` and loads every matrix it lists (each image channel, each tensor that is a
/// matrix), stopping at the first refusal; returns how many were loaded. A file with no
/// matrix at all is refused with its first entry's reason.
///
/// This is the whole path from bytes to values, as the fuzz targets and the malformed-input
/// tests drive it: whatever the file holds, it must end in `Ok` or a [`SourceError`].
pub fn load_every_matrix(path: &Path) -> Result<usize, SourceError> {
    let source = open(path)?;
    let mut loaded = 0;
    for entry in source.entries() {
        if entry.refusal().is_none() {
            source.load(&entry.name, None)?;
            loaded += 1;
        }
    }
    if loaded == 0 {
        // Nothing to show: the file is refused with its first entry's reason.
        let first = source
            .entries()
            .first()
            .ok_or_else(|| SourceError::new(path, Problem::NoEntries))?;
        source.load(&first.name, None)?;
    }
    Ok(loaded)
}

/// Opens the sharded checkpoint whose index is `index`; the source is called `shown`.
fn open_sharded(shown: &Path, index: &Path) -> Result<Source, SourceError> {
    let (checkpoint, entries) = sharded::ShardedCheckpoint::open(index)?;
    let kind = if checkpoint.is_pytorch() {
        SourceKind::ShardedPytorch
    } else {
        SourceKind::ShardedSafetensors
    };
    Ok(Source {
        path: shown.to_owned(),
        kind,
        entries,
        backend: Backend::Sharded(checkpoint),
        non_finite: NonFinitePolicy::default(),
    })
}

/// The source of an opened adapter, called `shown`.
fn adapter_source(shown: &Path, file: adapter::AdapterFile) -> Source {
    Source {
        path: shown.to_owned(),
        kind: SourceKind::Adapter(file.convention()),
        entries: file.entries(),
        backend: Backend::Adapter(Box::new(file)),
        non_finite: NonFinitePolicy::default(),
    }
}

/// Opens an image built into the program (`bytes` of a PNG, JPEG, …) as if it were the
/// file `name`: the built-in sample photograph.
pub fn open_image_bytes(name: &str, bytes: &'static [u8]) -> Result<Source, SourceError> {
    let file = image::ImageFile::open(image::Encoded::Bytes(bytes))
        .map_err(|problem| SourceError::new(name, problem))?;
    let entries = file.entries();
    Ok(Source {
        path: PathBuf::from(name),
        kind: SourceKind::Image,
        entries,
        backend: Backend::Image(file),
        non_finite: NonFinitePolicy::default(),
    })
}

/// Refuses a file whose first bytes clearly belong to another supported format, so a
/// renamed file gets "rename it" instead of a confusing parse error.
fn check_content_matches(path: &Path, kind: SourceKind) -> Result<(), Problem> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut file = file::open_regular(path)?;
    let mut filled = 0;
    while filled < head.len() {
        let n = file.read(&mut head[filled..])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let head = &head[..filled];
    let found = if head.starts_with(b"\x93NUMPY") {
        Some((SourceKind::Npy, "a .npy array"))
    } else if kind == SourceKind::Pytorch
        && (head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"))
    {
        // torch.save's zip format: the PyTorch reader tells it from an .npz.
        None
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Some((SourceKind::Npz, "a zip archive (.npz)"))
    } else if head.starts_with(b"GGUF") {
        Some((SourceKind::Gguf, "a GGUF file"))
    } else if head.starts_with(b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8") {
        Some((SourceKind::Pytorch, "a PyTorch file (legacy format)"))
    } else if let Ok(format) = ::image::guess_format(head) {
        Some((SourceKind::Image, image::format_label(format)))
    } else {
        None
    };
    match found {
        Some((found_kind, found)) if found_kind != kind => Err(Problem::WrongExtension {
            expected: kind.label(),
            found,
        }),
        _ => Ok(()),
    }
}

impl Source {
    /// Chooses what [`Source::load`] does with NaN and ±inf (refused by default).
    #[must_use]
    pub fn with_non_finite(mut self, policy: NonFinitePolicy) -> Self {
        self.non_finite = policy;
        self
    }

    /// The file this source reads.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every file this source reads: the file, or a sharded checkpoint's folder (or index),
    /// its index and its shards. An export never writes over any of them.
    #[must_use]
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.path.clone()];
        if let Backend::Sharded(checkpoint) = &self.backend {
            files.extend_from_slice(checkpoint.files());
        }
        if let Backend::Adapter(adapter) = &self.backend {
            files.extend(adapter.files());
        }
        files
    }

    /// The kind of file.
    #[must_use]
    pub fn kind(&self) -> SourceKind {
        self.kind
    }

    /// Every tensor or channel in the file, in file order, matrices or not.
    #[must_use]
    pub fn entries(&self) -> &[MatrixEntry] {
        &self.entries
    }

    /// The entry called `name`.
    pub fn entry(&self, name: &str) -> Result<&MatrixEntry, SourceError> {
        self.entries.iter().find(|e| e.name == name).ok_or_else(|| {
            SourceError::new(
                &self.path,
                Problem::NoSuchEntry {
                    name: name.to_owned(),
                    candidates: names::closest_names(
                        name,
                        &self
                            .entries
                            .iter()
                            .map(|e| e.name.clone())
                            .collect::<Vec<_>>(),
                    ),
                    total: self.entries.len(),
                },
            )
        })
    }

    /// The entry to analyse: `requested` if given, else the only matrix in the file, else an
    /// image's default channel (`luma` for colour, `gray` for gray). Several matrices and no
    /// choice is an error that lists them.
    pub fn default_entry(&self, requested: Option<&str>) -> Result<&MatrixEntry, SourceError> {
        if let Some(name) = requested {
            return self.entry(name);
        }
        if self.kind == SourceKind::Image {
            return self.entry(image::default_channel(&self.entries));
        }
        let matrices: Vec<&MatrixEntry> = self
            .entries
            .iter()
            .filter(|e| e.refusal().is_none())
            .collect();
        match (matrices.as_slice(), self.entries.as_slice()) {
            ([only], _) => Ok(only),
            ([], []) => Err(SourceError::new(&self.path, Problem::NoEntries)),
            // One entry that is not a matrix: say why, rather than "no matrices".
            ([], [only]) => Err(SourceError::new(
                &self.path,
                Problem::NotAMatrix(only.refusal().unwrap_or_default()),
            )),
            ([], _) => Err(SourceError::new(
                &self.path,
                Problem::NotAMatrix(format!(
                    "none of its {} tensors is a matrix (all are 0-D, 1-D, empty or of unreadable dtypes)",
                    self.entries.len()
                )),
            )),
            (many, _) => Err(SourceError::new(
                &self.path,
                Problem::Ambiguous {
                    candidates: many.iter().map(|e| e.name.clone()).collect(),
                },
            )),
        }
    }

    /// Loads entry `name` as an m × n matrix in `precision` (default: the entry's dtype's
    /// [`Dtype::default_precision`]; f32 for images).
    ///
    /// Refuses 0-D/1-D/empty entries, working copies that would not fit in memory (checked
    /// before allocating) and, unless the source replaces them, NaN/±inf values.
    pub fn load(&self, name: &str, precision: Option<Precision>) -> Result<Matrix, SourceError> {
        let (entry, rows, cols, precision) = self.sized(name, precision)?;
        let (data, replaced_non_finite) = match precision {
            Precision::F32 => {
                let (values, replaced) = self.load_values::<f32>(entry, rows, cols)?;
                (MatrixData::F32(values), replaced)
            }
            Precision::F64 => {
                let (values, replaced) = self.load_values::<f64>(entry, rows, cols)?;
                (MatrixData::F64(values), replaced)
            }
        };
        Ok(Matrix {
            name: entry.name.clone(),
            stored_shape: entry.stored_shape.clone(),
            source_dtype: entry.dtype,
            is_image: self.kind == SourceKind::Image,
            data,
            replaced_non_finite,
        })
    }

    /// Refuses, from the entry's shape alone and before any value is read, what
    /// [`Source::load`] would refuse first: an entry that is not a matrix, or whose working
    /// copy in `precision` would not fit in available memory.
    pub fn ensure_loadable(
        &self,
        name: &str,
        precision: Option<Precision>,
    ) -> Result<(), SourceError> {
        self.sized(name, precision).map(|_| ())
    }

    /// Entry `name`, its matrix shape and working precision, once the entry is known to be a
    /// matrix whose working copy fits in available memory.
    fn sized(
        &self,
        name: &str,
        precision: Option<Precision>,
    ) -> Result<(&MatrixEntry, usize, usize, Precision), SourceError> {
        let entry = self.entry(name)?;
        let err = |problem: Problem| SourceError::new(&self.path, problem);
        if let Some(refusal) = entry.refusal() {
            return Err(err(Problem::NotAMatrix(refusal)));
        }
        let Ok((rows, cols)) = entry.matrix_shape() else {
            return Err(err(Problem::NotAMatrix(format!(
                "`{}` is not a matrix",
                quoted(name)
            ))));
        };
        let precision = self.precision_of(entry, precision);
        let what = format!(
            "the {precision} working copy of `{}` ({rows} × {cols})",
            quoted(name)
        );
        let elements = (rows as u64).saturating_mul(cols as u64);
        let bytes = memory::checked_bytes(&what, elements, precision.element_bytes())
            .map_err(|e| err(e.into()))?;
        memory::ensure_fits(&what, bytes).map_err(|e| err(e.into()))?;
        Ok((entry, rows, cols, precision))
    }

    /// The precision [`Source::load`] gives `entry`: `requested`, else f32 for images and
    /// the dtype's [`Dtype::default_precision`] for the rest.
    #[must_use]
    pub fn precision_of(&self, entry: &MatrixEntry, requested: Option<Precision>) -> Precision {
        requested.unwrap_or(if self.kind == SourceKind::Image {
            Precision::F32
        } else {
            entry.dtype.default_precision()
        })
    }

    fn load_values<T: Real>(
        &self,
        entry: &MatrixEntry,
        rows: usize,
        cols: usize,
    ) -> Result<(Array2<T>, Option<NonFiniteCount>), SourceError> {
        let err = |problem: Problem| SourceError::new(&self.path, problem);
        let values: Array2<T> = match &self.backend {
            Backend::Image(file) => file.load(&entry.name),
            Backend::Npy(file) => file.load(&self.path, rows, cols),
            Backend::Npz(file) => file.load(&self.path, &entry.name, rows, cols),
            Backend::Safetensors(file) => file.load(&entry.name, rows, cols),
            Backend::Csv(file) => Ok(file.load()),
            Backend::Sharded(checkpoint) => checkpoint.load(&entry.name, rows, cols),
            Backend::Torch(file) => file.load(&entry.name, rows, cols),
            Backend::Gguf(file) => file.load(&entry.name, rows, cols),
            Backend::Adapter(adapter) => adapter.load(&entry.name, rows, cols),
        }
        .map_err(err)?;
        let Some(found) = count_non_finite(&values) else {
            return Ok((values, None));
        };
        match self.non_finite {
            NonFinitePolicy::Refuse => Err(err(Problem::NonFinite {
                name: entry.name.clone(),
                found,
            })),
            NonFinitePolicy::ReplaceWithZero => {
                let mut values = values;
                values.mapv_inplace(|v| if v.is_finite() { v } else { T::zero() });
                Ok((values, Some(found)))
            }
        }
    }
}

/// Counts NaN and ±inf in `values` and finds the first one (row-major).
fn count_non_finite<T: Real>(values: &Array2<T>) -> Option<NonFiniteCount> {
    let mut count = 0usize;
    let mut first = None;
    for ((row, col), &value) in values.indexed_iter() {
        if !value.is_finite() {
            count += 1;
            first.get_or_insert((row, col, value));
        }
    }
    let (first_row, first_col, value) = first?;
    Some(NonFiniteCount {
        count,
        first_row,
        first_col,
        first_value: if value.is_nan() {
            "NaN".to_owned()
        } else if value.is_sign_negative() {
            "-inf".to_owned()
        } else {
            "inf".to_owned()
        },
    })
}

/// The memory check for raw bytes a loader is about to read, in addition to the working copy.
pub(crate) fn ensure_raw_fits(what: &str, count: usize, dtype: Dtype) -> Result<usize, Problem> {
    let bytes = memory::checked_bytes(what, count as u64, dtype.element_bytes() as u64)?;
    memory::ensure_fits(what, bytes)?;
    usize::try_from(bytes).map_err(|_| {
        Problem::from(memory::MemoryError::Overflow {
            what: what.to_owned(),
        })
    })
}

/// The name a single-array file's entry gets: its file stem.
pub(crate) fn stem_name(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("matrix")
        .to_owned()
}
