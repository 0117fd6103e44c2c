//! A Hugging Face model folder — `model.safetensors.index.json` (or, for PyTorch shards,
//! `pytorch_model.bin.index.json`) naming the shard of every tensor — read as one source. Every shard is memory-mapped and validated when the folder is
//! opened; a tensor's pages are read only when it is loaded, so a checkpoint larger than RAM
//! can be listed and browsed one matrix at a time.

use super::entry::MatrixEntry;
use super::error::{Problem, SourceError, malformed, quoted};
use super::safetensors::SafetensorsFile;
use super::torch::TorchFile;
use crate::real::Real;
use ndarray::Array2;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

const FORMAT: &str = "safetensors index";

/// The largest index read, as safetensors limits a header to 100 MB. The index of a
/// checkpoint with 100 000 tensors is about 10 MB; anything near the limit is not one.
pub(crate) const MAX_INDEX_BYTES: u64 = 100_000_000;

/// The index file name `transformers` writes; other `*.safetensors.index.json` are accepted
/// when a folder holds exactly one.
pub(crate) const INDEX_NAME: &str = "model.safetensors.index.json";

pub(crate) struct ShardedCheckpoint {
    /// The index, then every shard: the files this checkpoint reads.
    files: Vec<PathBuf>,
    shards: Vec<Shard>,
    /// Tensor name → index into `shards`.
    locations: HashMap<String, usize>,
}

/// One shard: a safetensors file, or a PyTorch file (`pytorch_model-00001-of-00002.bin`).
enum Shard {
    Safetensors(SafetensorsFile),
    Torch(TorchFile),
}

impl Shard {
    /// A `.safetensors` shard by its name, any other as a PyTorch file.
    fn open(path: &Path) -> Result<Self, Problem> {
        if path.extension().is_some_and(|e| e == "safetensors") {
            SafetensorsFile::open(path).map(Self::Safetensors)
        } else {
            TorchFile::open(path).map(Self::Torch)
        }
    }

    fn entries(&self) -> Vec<MatrixEntry> {
        match self {
            Self::Safetensors(file) => file.entries(),
            Self::Torch(file) => file.entries(),
        }
    }

    fn load<T: Real>(&self, name: &str, rows: usize, cols: usize) -> Result<Array2<T>, Problem> {
        match self {
            Self::Safetensors(file) => file.load(name, rows, cols),
            Self::Torch(file) => file.load(name, rows, cols),
        }
    }
}

/// What a folder holds that rankscope can open.
pub(crate) enum FolderContent {
    /// An index with shards.
    Index(PathBuf),
    /// A single-file checkpoint (`model.safetensors`).
    Single(PathBuf),
}

/// Finds the checkpoint in a model folder: its index, else its only `.safetensors` file (or,
/// with none, its only PyTorch `.bin`).
pub(crate) fn folder_content(folder: &Path) -> Result<FolderContent, Problem> {
    let mut indexes = Vec::new();
    let mut singles = Vec::new();
    let mut torch_indexes = Vec::new();
    let mut torch_singles = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".safetensors.index.json") {
            indexes.push(path);
        } else if name.ends_with(".safetensors") && !path.is_dir() {
            singles.push(path);
        } else if name.ends_with(".bin.index.json") {
            torch_indexes.push(path);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("bin"))
            && !path.is_dir()
        {
            torch_singles.push(path);
        }
    }
    // PyTorch shards only where there are no safetensors (transformers prefers those too).
    if indexes.is_empty() && singles.is_empty() {
        indexes = torch_indexes;
        singles = torch_singles;
    }
    indexes.sort();
    singles.sort();
    if let Some(standard) = indexes.iter().find(|p| p.ends_with(INDEX_NAME)) {
        return Ok(FolderContent::Index(standard.clone()));
    }
    match (indexes.as_slice(), singles.as_slice()) {
        ([only], _) => Ok(FolderContent::Index(only.clone())),
        ([], [only]) => Ok(FolderContent::Single(only.clone())),
        ([], []) => Err(Problem::NotAMatrix(
            "is a directory, not a matrix file (nor a model folder: it has no \
             model.safetensors.index.json, .safetensors, pytorch_model.bin.index.json or .bin file)"
                .to_owned(),
        )),
        ([], many) => Err(Problem::NotAMatrix(format!(
            "is a folder with {} checkpoint files and no index; open one of them: {}",
            many.len(),
            file_names(many)
        ))),
        (many, _) => Err(Problem::NotAMatrix(format!(
            "is a folder with several indexes; open one of them: {}",
            file_names(many)
        ))),
    }
}

fn file_names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| Some(p.file_name()?.to_string_lossy().into_owned()))
        .collect();
    super::error::name_list(&names)
}

impl ShardedCheckpoint {
    /// Reads the index at `index_path` and opens every shard it names (beside it).
    ///
    /// Entries come shard by shard (in the index's shard order, i.e. by file name) and, within
    /// a shard, in the order of their data: the checkpoint's file order.
    pub(crate) fn open(index_path: &Path) -> Result<(Self, Vec<MatrixEntry>), SourceError> {
        let err = |problem: Problem| SourceError::new(index_path, problem);
        let json: serde_json::Value = {
            let text = super::file::read_limited(index_path, MAX_INDEX_BYTES, FORMAT, "the index")
                .map_err(err)?;
            serde_json::from_slice(&text).map_err(|e| {
                err(malformed(
                    FORMAT,
                    format!("not JSON: {}", quoted(&e.to_string())),
                ))
            })?
        };
        let Some(weight_map) = json.get("weight_map").and_then(|w| w.as_object()) else {
            return Err(err(malformed(FORMAT, "it has no \"weight_map\" object")));
        };
        // A set, not a list searched per tensor: an index naming 200 000 shards took minutes.
        let mut shard_names: BTreeSet<&str> = BTreeSet::new();
        let mut wanted: HashMap<&str, &str> = HashMap::with_capacity(weight_map.len());
        for (tensor, shard) in weight_map {
            let Some(shard) = shard.as_str() else {
                return Err(err(malformed(
                    FORMAT,
                    format!("the shard of `{}` is not a file name", quoted(tensor)),
                )));
            };
            if shard.contains('/') || shard.contains('\\') || shard.starts_with('.') {
                return Err(err(malformed(
                    FORMAT,
                    format!(
                        "the shard of `{}` (\"{}\") is not a file beside the index",
                        quoted(tensor),
                        quoted(shard)
                    ),
                )));
            }
            shard_names.insert(shard);
            wanted.insert(tensor.as_str(), shard);
        }
        if wanted.is_empty() {
            return Err(err(Problem::NoEntries));
        }
        let folder = index_path.parent().unwrap_or(Path::new("."));
        let mut shards = Vec::with_capacity(shard_names.len());
        let mut files = vec![index_path.to_owned()];
        let mut locations = HashMap::new();
        let mut entries = Vec::new();
        for (number, shard_name) in shard_names.iter().enumerate() {
            let shard_path = folder.join(shard_name);
            let shard_err = |problem: Problem| SourceError::new(&shard_path, problem);
            if !shard_path.exists() {
                return Err(err(Problem::NotAMatrix(format!(
                    "the index names the shard {}, which is missing (download incomplete?)",
                    quoted(shard_name)
                ))));
            }
            // Refused by type (a FIFO, a device) before it is opened.
            let file = Shard::open(&shard_path).map_err(shard_err)?;
            for entry in file.entries() {
                if wanted.get(entry.name.as_str()) == Some(shard_name) {
                    locations.insert(entry.name.clone(), number);
                    entries.push(entry);
                }
            }
            shards.push(file);
            files.push(folder.join(shard_name));
        }
        if let Some((missing, shard)) = wanted
            .iter()
            .find(|(tensor, _)| !locations.contains_key(**tensor))
        {
            return Err(err(malformed(
                FORMAT,
                format!(
                    "it places `{}` in {}, which has no such tensor",
                    quoted(missing),
                    quoted(shard)
                ),
            )));
        }
        let checkpoint = Self {
            files,
            shards,
            locations,
        };
        Ok((checkpoint, entries))
    }

    /// Whether the shards are PyTorch files.
    pub(crate) fn is_pytorch(&self) -> bool {
        self.shards
            .iter()
            .any(|shard| matches!(shard, Shard::Torch(_)))
    }

    /// The index, then every shard.
    pub(crate) fn files(&self) -> &[PathBuf] {
        &self.files
    }

    pub(crate) fn load<T: Real>(
        &self,
        name: &str,
        rows: usize,
        cols: usize,
    ) -> Result<Array2<T>, Problem> {
        let Some(&shard) = self.locations.get(name) else {
            return Err(Problem::NotAMatrix(format!("no tensor `{}`", quoted(name))));
        };
        self.shards[shard].load(name, rows, cols)
    }
}
