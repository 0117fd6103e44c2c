//! The Model view's background work: scanning every matrix of the open checkpoint,
//! comparing it with a base checkpoint (ΔW per matrix), and exporting the chosen ranks.

use super::jobs::{JobError, JobKind};
use super::{JobOutput, MainView, RankscopeApp, catalog, model};
use std::path::PathBuf;
use std::sync::Arc;

impl RankscopeApp {
    /// Starts the comparison with the base checkpoint at `path`: the rows of ΔW stream into
    /// the Model view, and ΔW of a row opens in the single-matrix view.
    pub(super) fn compare_with(&mut self, path: PathBuf) {
        let Some(tuned) = self
            .shown
            .catalog
            .as_ref()
            .and_then(catalog::Catalog::scannable)
        else {
            self.errors.push(
                "open the fine-tuned checkpoint first, then compare it with its base".to_owned(),
            );
            return;
        };
        if let Some(catalog) = &mut self.shown.catalog {
            catalog.base = None;
        }
        let options = crate::checkpoint::ScanOptions::default();
        let title = tuned.path().display().to_string();
        let base_title = path.display().to_string();
        let mut view = model::ModelView::new(title.clone(), 0);
        view.base = Some(base_title.clone());
        self.model = Some(view);
        self.main_view = MainView::Model;
        let ctx = self.ctx.clone();
        self.jobs.start_with_interim(
            JobKind::Scan,
            format!("comparing {title} with {base_title}"),
            move || ctx.request_repaint(),
            move |job, interim| {
                let base = Arc::new(crate::source::open(&path).map_err(|e| e.to_string())?);
                let plan = crate::checkpoint::plan_diff(&base, &tuned, &options);
                let mismatched = plan
                    .mismatches
                    .iter()
                    .map(|m| (m.name.clone(), m.problem.clone()))
                    .collect();
                interim.send(JobOutput::DiffBase(Arc::clone(&base), mismatched));
                interim.send(JobOutput::ScanTotal(plan.pairs.len()));
                for name in &plan.pairs {
                    job.checkpoint().map_err(|e| e.to_string())?;
                    let row = tuned
                        .entry(name)
                        .map_err(|e| e.to_string())
                        .and_then(|entry| {
                            let delta = crate::checkpoint::load_delta(&base, &tuned, name)
                                .map_err(|e| e.problem.to_string())?;
                            crate::checkpoint::delta_row(entry, delta.view(), &options, job)
                                .map(|(row, _)| row)
                                .map_err(|e| e.to_string())
                        });
                    if job.is_cancelled() {
                        return Err(JobError::Failed("comparison stopped".to_owned()));
                    }
                    interim.send(match row {
                        Ok(row) => JobOutput::ScanRow(Box::new(row)),
                        Err(reason) => JobOutput::ScanSkipped(name.clone(), reason),
                    });
                }
                Ok(JobOutput::ScanDone)
            },
        );
    }

    /// Writes the Model view's matrices at the chosen ranks: an adapter of ΔW in a
    /// comparison (PEFT or kohya), else the factors of W (kohya/PEFT layout, or a compressed
    /// checkpoint).
    pub(super) fn export_model(
        &mut self,
        format: model::ModelExportFormat,
        ranks: model::RankSource,
        path: PathBuf,
    ) {
        let Some(source) = self
            .shown
            .catalog
            .as_ref()
            .and_then(catalog::Catalog::scannable)
        else {
            self.errors
                .push("nothing to export: the open file is not a checkpoint".to_owned());
            return;
        };
        let base = self.shown.catalog.as_ref().and_then(|c| c.base.clone());
        if base.is_some() && format == model::ModelExportFormat::Compressed {
            self.errors.push(
                "a compressed checkpoint holds W, and a comparison's matrices are ΔW: export \
                 them as a PEFT or kohya adapter"
                    .to_owned(),
            );
            return;
        }
        let Some(model) = &mut self.model else {
            self.errors
                .push("nothing to export yet: scan the checkpoint first".to_owned());
            return;
        };
        if ranks == model::RankSource::GavishDonoho && base.is_none() && source.adapter().is_some()
        {
            self.errors.push(format!(
                "not resized: {}",
                crate::analysis::GAVISH_DONOHO_LOW_RANK
            ));
            return;
        }
        let only_smaller = format == model::ModelExportFormat::Compressed;
        let Some(chosen) = model.export_ranks(ranks, only_smaller) else {
            self.errors
                .push("set a rank budget first (or choose another rank)".to_owned());
            return;
        };
        if chosen.is_empty() {
            self.errors.push(
                "nothing to export: no matrix has a rank above 0 (or none changed)".to_owned(),
            );
            return;
        }
        let path = super::dialogs::absolute(&path);
        if base.is_none() && source.adapter().is_some() {
            self.resize_adapter(source, format, chosen, path);
            return;
        }
        let label = format!("exporting {}", path.display());
        let title = model.title.clone();
        let target = self.export_target(path.clone());
        let refused = format!(
            "not saved to {}: another export is still being written",
            path.display()
        );
        let started = self.start_job(JobKind::Export, label, move |job| {
            let mut layers = Vec::with_capacity(chosen.len());
            let stopped = || format!("export to {} stopped; nothing written", path.display());
            for (name, rank) in &chosen {
                job.checkpoint().map_err(|_| stopped())?;
                let values = match &base {
                    Some(base) => crate::checkpoint::load_delta(base, &source, name),
                    None => source
                        .load(name, Some(crate::real::Precision::F64))
                        .map(|m| m.data.to_f64()),
                }
                .map_err(|e| e.to_string())?;
                layers.push(
                    crate::checkpoint::adapter_layer(name, values.view(), *rank, job)
                        .map_err(|e| e.to_string())?,
                );
            }
            let written = match format {
                model::ModelExportFormat::Peft => {
                    crate::export::write_peft(&target, &layers, &title, None)
                }
                model::ModelExportFormat::Kohya => {
                    crate::export::write_kohya(&target, &layers, &title)
                }
                model::ModelExportFormat::Compressed => {
                    let mut manifest = serde_json::Map::new();
                    manifest.insert("source".into(), title.clone().into());
                    crate::export::write_compressed(&target, &layers, manifest)
                }
            };
            written.map_err(|e| e.to_string())?;
            Ok(JobOutput::Exported(format!(
                "Saved {} ({} matrices)",
                path.display(),
                layers.len()
            )))
        });
        if !started {
            self.errors.push(refused);
        }
    }

    /// Resizes the open adapter on a worker: every module cut to its rank in `chosen` (0 where
    /// it has none: left out) and written in `format`'s convention (`rankscope resize`'s core).
    fn resize_adapter(
        &mut self,
        source: std::sync::Arc<crate::source::Source>,
        format: model::ModelExportFormat,
        chosen: Vec<(String, usize)>,
        path: PathBuf,
    ) {
        let convention = match format {
            model::ModelExportFormat::Peft => crate::source::Convention::Peft,
            model::ModelExportFormat::Kohya => crate::source::Convention::Kohya,
            model::ModelExportFormat::Compressed => {
                self.errors
                    .push("an adapter is resized as a PEFT or kohya adapter".to_owned());
                return;
            }
        };
        let target = self.export_target(path.clone());
        let refused = format!(
            "not saved to {}: another export is still being written",
            path.display()
        );
        let label = format!("resizing to {}", path.display());
        let started = self.start_job(JobKind::Export, label, move |job| {
            let spectra =
                crate::checkpoint::module_spectra(&source, job).map_err(|e| e.to_string())?;
            let ranks: Vec<usize> = spectra
                .iter()
                .map(|s| {
                    chosen
                        .iter()
                        .find(|(name, _)| *name == s.module.name)
                        .map_or(0, |(_, rank)| *rank)
                })
                .collect();
            let outcome =
                crate::checkpoint::write_resized(&source, &spectra, &ranks, convention, &target)
                    .map_err(|e| e.to_string())?;
            Ok(JobOutput::Exported(format!(
                "Saved {} ({} adapter: {} modules, {} → {} numbers, relative error {:.4})",
                path.display(),
                outcome.format,
                outcome.modules.iter().filter(|m| m.rank > 0).count(),
                outcome.parameters_before,
                outcome.parameters,
                outcome.relative_error
            )))
        });
        if !started {
            self.errors.push(refused);
        }
    }

    /// Starts the scan of every matrix of the open file; rows stream into the Model view.
    pub(super) fn scan_model(&mut self) {
        let Some(source) = self
            .shown
            .catalog
            .as_ref()
            .and_then(catalog::Catalog::scannable)
        else {
            self.errors.push(
                "the Model view needs a checkpoint: open a .safetensors, .npz or model folder"
                    .to_owned(),
            );
            return;
        };
        let options = crate::checkpoint::ScanOptions::default();
        let total = crate::checkpoint::scan_entries(&source, &options).len();
        let title = source.path().display().to_string();
        self.model = Some(model::ModelView::new(title.clone(), total));
        self.main_view = MainView::Model;
        let ctx = self.ctx.clone();
        self.jobs.start_with_interim(
            JobKind::Scan,
            format!("scanning {title}"),
            move || ctx.request_repaint(),
            move |job, interim| {
                for entry in crate::checkpoint::scan_entries(&source, &options) {
                    job.checkpoint().map_err(|e| e.to_string())?;
                    match crate::checkpoint::scan_entry(&source, entry, &options, job) {
                        Ok(row) => interim.send(JobOutput::ScanRow(Box::new(row))),
                        Err(crate::checkpoint::LayerError::Svd(
                            crate::linalg::SvdError::Cancelled(_),
                        )) => return Err(JobError::Failed("scan stopped".to_owned())),
                        Err(error) => interim.send(JobOutput::ScanSkipped(
                            entry.name.clone(),
                            error.to_string(),
                        )),
                    }
                }
                Ok(JobOutput::ScanDone)
            },
        );
    }
}
