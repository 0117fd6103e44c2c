//! What the sources panel lists: the entries of the open file (or the built-in samples),
//! each a matrix that can be selected or a refused entry with its reason.

use super::jobs::JobError;
use crate::source::{self, CHANNEL_RGB, Matrix, Source, SourceKind};
use std::path::PathBuf;
use std::sync::Arc;

/// The sample photograph built into the binary (CC0, see assets/README.md).
pub const SAMPLE_PHOTO: &[u8] = include_bytes!("../../assets/chelsea.png");
/// Name the sample photograph is shown under.
pub const SAMPLE_PHOTO_NAME: &str = "chelsea.png (built-in sample)";

/// What an item of the list selects.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selection {
    /// A tensor, npz member or image channel, by entry name.
    Entry(String),
    /// A colour image's r, g and b, decomposed separately and recombined.
    Colour,
    /// The generated power-law matrix of the samples.
    PowerLaw,
    /// The matrix typed on the command line (`--matrix`), when it is not for the geometry
    /// view.
    Typed,
    /// ΔW = W − W_base of a tensor, against the base checkpoint being compared with.
    Delta(String),
}

/// One row of the sources panel.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogItem {
    /// Name shown.
    pub label: String,
    /// "300 × 451" or the stored shape.
    pub shape_text: String,
    /// Element type name.
    pub dtype: String,
    /// Why it cannot be analysed (shown greyed out).
    pub refusal: Option<String>,
    /// What clicking it selects.
    pub selection: Selection,
}

/// Where the catalog's matrices come from.
#[derive(Clone)]
pub enum Origin {
    /// A file on disk (or the embedded photo).
    Source(Arc<Source>),
    /// The built-in samples: the embedded photo plus a generated matrix.
    Samples(Arc<Source>),
}

/// An opened file's list of matrices.
#[derive(Clone)]
pub struct Catalog {
    /// The file path, or the samples' title.
    pub title: String,
    /// The file, when there is one (for recent files).
    pub path: Option<PathBuf>,
    /// Where to load from.
    pub origin: Origin,
    /// Rows of the list, in file order.
    pub items: Vec<CatalogItem>,
    /// What to analyse first.
    pub default_selection: Option<Selection>,
    /// The base checkpoint of a comparison (Model view), for [`Selection::Delta`].
    pub base: Option<Arc<Source>>,
    /// The typed matrix listed beside the samples, for [`Selection::Typed`].
    pub typed: Option<Arc<ndarray::Array2<f64>>>,
}

/// Name the typed matrix is listed and exported under.
pub const TYPED_MATRIX_NAME: &str = "typed matrix";

/// Size of the generated sample matrix: a small attention projection's shape.
pub const POWER_LAW_SHAPE: (usize, usize) = (512, 384);

fn items_of(source: &Source) -> Vec<CatalogItem> {
    let mut items = Vec::new();
    let is_colour = source.kind() == SourceKind::Image && source.entry("r").is_ok();
    for entry in source.entries() {
        if is_colour && entry.name == source::CHANNEL_LUMA {
            items.push(CatalogItem {
                label: format!("colour ({CHANNEL_RGB}: one SVD per channel)"),
                shape_text: shape_text(&entry.stored_shape, entry.matrix_shape().ok()),
                dtype: entry.dtype.name().to_owned(),
                refusal: None,
                selection: Selection::Colour,
            });
        }
        items.push(CatalogItem {
            label: entry.name.clone(),
            shape_text: shape_text(&entry.stored_shape, entry.matrix_shape().ok()),
            dtype: entry.dtype.name().to_owned(),
            refusal: entry.refusal(),
            selection: Selection::Entry(entry.name.clone()),
        });
    }
    items
}

fn shape_text(stored: &[usize], matrix: Option<(usize, usize)>) -> String {
    match matrix {
        Some((m, n)) if stored.len() > 2 => format!("{} → {m} × {n}", source::format_shape(stored)),
        Some((m, n)) => format!("{m} × {n}"),
        None => source::format_shape(stored),
    }
}

impl Catalog {
    /// Lists the file at `path` (runs on a worker: CSV files are parsed whole); its matrices
    /// load with `non_finite` deciding what happens to NaN/±inf.
    pub fn open(path: PathBuf, non_finite: source::NonFinitePolicy) -> Result<Self, String> {
        let source = source::open(&path)
            .map_err(|e| e.to_string())?
            .with_non_finite(non_finite);
        let items = items_of(&source);
        let default_selection = if items.iter().any(|i| i.selection == Selection::Colour) {
            Some(Selection::Colour)
        } else {
            source
                .default_entry(None)
                .ok()
                .map(|e| Selection::Entry(e.name.clone()))
        };
        Ok(Self {
            title: path.display().to_string(),
            path: Some(path),
            origin: Origin::Source(Arc::new(source)),
            items,
            default_selection,
            base: None,
            typed: None,
        })
    }

    /// The built-in samples: the photograph (in colour and per channel) and a generated
    /// power-law weight matrix.
    pub fn samples() -> Result<Self, String> {
        let photo =
            source::open_image_bytes(SAMPLE_PHOTO_NAME, SAMPLE_PHOTO).map_err(|e| e.to_string())?;
        let mut items = items_of(&photo);
        let (m, n) = POWER_LAW_SHAPE;
        items.push(CatalogItem {
            label: "power-law weights (σᵢ ∝ 1/√i, generated)".to_owned(),
            shape_text: format!("{m} × {n}"),
            dtype: "float32".to_owned(),
            refusal: None,
            selection: Selection::PowerLaw,
        });
        Ok(Self {
            title: "built-in samples".to_owned(),
            path: None,
            origin: Origin::Samples(Arc::new(photo)),
            items,
            default_selection: Some(Selection::Colour),
            base: None,
            typed: None,
        })
    }

    /// The built-in samples with a matrix typed on the command line (`--matrix "1 2 3; 4 5
    /// 6; 7 8 10"`) listed first and selected: a small matrix like any other.
    pub fn samples_with_typed(rows: &[Vec<f64>]) -> Result<Self, String> {
        let m = rows.len();
        let n = rows.first().map_or(0, Vec::len);
        let typed = ndarray::Array2::from_shape_fn((m, n), |(i, j)| rows[i][j]);
        let mut catalog = Self::samples()?;
        catalog.items.insert(
            0,
            CatalogItem {
                label: format!("{TYPED_MATRIX_NAME} (--matrix)"),
                shape_text: format!("{m} × {n}"),
                dtype: "float64".to_owned(),
                refusal: None,
                selection: Selection::Typed,
            },
        );
        "typed matrix and built-in samples".clone_into(&mut catalog.title);
        catalog.default_selection = Some(Selection::Typed);
        catalog.typed = Some(Arc::new(typed));
        Ok(catalog)
    }
    /// The checkpoint behind this catalog when a Model-view scan makes sense: a tensor file
    /// (not an image, not the samples) with at least one floating-point matrix.
    #[must_use]
    pub fn scannable(&self) -> Option<Arc<Source>> {
        match &self.origin {
            Origin::Source(source)
                if source.kind() != SourceKind::Image
                    && source
                        .entries()
                        .iter()
                        .any(|e| e.dtype.is_float() && e.refusal().is_none()) =>
            {
                Some(Arc::clone(source))
            }
            _ => None,
        }
    }

    /// Every file this catalog reads (its source's and its comparison base's): an export may
    /// never write over any of them.
    #[must_use]
    pub fn input_files(&self) -> Vec<PathBuf> {
        let (Origin::Source(source) | Origin::Samples(source)) = &self.origin;
        let mut files: Vec<PathBuf> = self.path.iter().cloned().collect();
        files.extend(source.files());
        if let Some(base) = &self.base {
            files.extend(base.files());
        }
        files
    }

    /// The item for `selection`.
    #[must_use]
    pub fn item(&self, selection: &Selection) -> Option<&CatalogItem> {
        match selection {
            // ΔW has the tensor's own row (shape and dtype); it needs a base to exist.
            Selection::Delta(name) if self.base.is_some() => self
                .items
                .iter()
                .find(|i| i.selection == Selection::Entry(name.clone())),
            _ => self.items.iter().find(|i| &i.selection == selection),
        }
    }

    /// What is assumed in reading the file, when it is an adapter that needs saying (a PEFT
    /// file without its config: scale 1; DoRA magnitudes not applied).
    #[must_use]
    pub fn note(&self) -> Option<String> {
        match &self.origin {
            Origin::Source(source) => source.adapter().and_then(source::AdapterFile::note),
            Origin::Samples(_) => None,
        }
    }

    /// ΔW of an adapter module as its factors, when `selection` is one (the window then
    /// takes its SVD from the factors).
    pub fn factored(
        &self,
        selection: &Selection,
    ) -> Result<Option<crate::linalg::Factored>, JobError> {
        match (&self.origin, selection) {
            (Origin::Source(source), Selection::Entry(name)) => {
                source.factored(name).map_err(JobError::from)
            }
            _ => Ok(None),
        }
    }

    /// Loads the matrices `selection` stands for: one, or r, g, b for colour.
    pub fn load(&self, selection: &Selection) -> Result<Vec<Matrix>, JobError> {
        let source = match &self.origin {
            Origin::Source(source) | Origin::Samples(source) => source,
        };
        let load = |name: &str| source.load(name, None).map_err(JobError::from);
        match selection {
            Selection::Entry(name) => Ok(vec![load(name)?]),
            Selection::Colour => ["r", "g", "b"].into_iter().map(load).collect(),
            Selection::PowerLaw => {
                let (m, n) = POWER_LAW_SHAPE;
                Ok(vec![source::power_law_matrix(m, n, 0.5, 7)])
            }
            Selection::Typed => {
                let Some(typed) = &self.typed else {
                    return Err(JobError::Failed(format!("{}: no typed matrix", self.title)));
                };
                Ok(vec![Matrix {
                    name: TYPED_MATRIX_NAME.to_owned(),
                    stored_shape: typed.shape().to_vec(),
                    source_dtype: source::Dtype::F64,
                    is_image: false,
                    data: source::MatrixData::F64(typed.as_ref().clone()),
                    replaced_non_finite: None,
                }])
            }
            Selection::Delta(name) => {
                let Some(base) = &self.base else {
                    return Err(JobError::Failed(format!(
                        "{}: no base checkpoint to compare with",
                        self.title
                    )));
                };
                let entry = source.entry(name).map_err(|e| e.to_string())?;
                let delta =
                    crate::checkpoint::load_delta(base, source, name).map_err(|e| e.to_string())?;
                Ok(vec![Matrix {
                    name: format!("ΔW {name}"),
                    stored_shape: entry.stored_shape.clone(),
                    source_dtype: entry.dtype,
                    is_image: false,
                    data: source::MatrixData::F64(delta),
                    replaced_non_finite: None,
                }])
            }
        }
    }
}
