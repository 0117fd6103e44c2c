//! Figures of what the window shows, saved as files (the "Save figure" menus of the matrix
//! view, the denoising demo and the Model view): the same renderer as `rankscope plot` and `rankscope
//! denoise --figure`, at the window's current rank, not a screenshot.
//! Drawn and written on a named thread; the outcome arrives as a notice or an error.

use super::decomposition::Decomposition;
use super::denoise::DenoiseDemo;
use super::model::ModelView;
use super::{Command, RankscopeApp};
use crate::analysis::Spectrum;
use crate::figure::{
    Curves, DenoiseFigure, Figure, FigureError, FigureFormat, FigureKind, FigureSize, Layers,
    Spectra,
};
use std::path::PathBuf;

/// "file › matrix" of `decomposition` with the file's name rather than its whole path: a
/// slide's title; `matrix` replaces the matrix's name when given.
fn slide_title(decomposition: &Decomposition, matrix: Option<&str>) -> String {
    decomposition
        .label
        .strip_prefix(&format!("{} › ", decomposition.source))
        .map_or_else(
            || decomposition.label.clone(),
            |shown| {
                crate::figure::title_of(
                    std::path::Path::new(&decomposition.source),
                    matrix.unwrap_or(shown),
                )
            },
        )
}

/// The figure `kind` of `decomposition` at `rank`: the curves from every channel's
/// spectrum (pooled for colour), the layers from the pooled factors the previews use.
/// The denoising figure is [`denoise_figure_of`]'s.
pub fn figure_of(
    decomposition: &Decomposition,
    kind: FigureKind,
    rank: usize,
) -> Result<Figure, FigureError> {
    let title = slide_title(decomposition, None);
    if kind == FigureKind::Layers {
        return Ok(Figure::Layers(Layers::new(
            title,
            decomposition
                .channels
                .iter()
                .map(|c| c.pooled.clone())
                .collect(),
            decomposition.is_image,
            rank,
            decomposition.relative_error(rank),
        )));
    }
    let spectra: Vec<Spectrum> = decomposition
        .channels
        .iter()
        .map(|c| c.spectrum.clone())
        .collect();
    let curves = match <[Spectrum; 3]>::try_from(spectra) {
        // Three spectra are the channels of colour mode.
        Ok(rgb) => Curves::colour(title, rgb),
        Err(mut one) => Curves::single(title, one.remove(0), decomposition.is_image),
    };
    Figure::curve(kind, curves, Some(rank))
}

/// The denoising demo's figure as the view draws it: `demo`'s curves (of `decomposition`,
/// the matrix shown, or its luma for a colour photo) with k marked at `rank` (clamped to the
/// demo's ranks, as the view does).
#[must_use]
pub fn denoise_figure_of(decomposition: &Decomposition, demo: &DenoiseDemo, rank: usize) -> Figure {
    let rank = rank.min(demo.curves.max_rank());
    let matrix = demo.from_colour.then_some("luma");
    Figure::Denoise(DenoiseFigure::new(
        slide_title(decomposition, matrix),
        demo.curves.clone(),
        Some(rank),
    ))
}

/// The Model view's overlay as a figure: the normalised spectra of the ticked rows, in the
/// table's file order; `None` when no row is ticked.
#[must_use]
pub fn spectra_figure_of(model: &ModelView) -> Option<Figure> {
    let name_of = |title: &str| {
        let path = std::path::Path::new(title);
        path.file_name()
            .map_or_else(|| title.to_owned(), |f| f.to_string_lossy().into_owned())
    };
    let title = match &model.base {
        // A comparison's rows are ΔW = W − W_base.
        Some(base) => format!("ΔW = {} − {}", name_of(&model.title), name_of(base)),
        None => name_of(&model.title),
    };
    let mut spectra = Spectra::new(title);
    for row in model
        .rows
        .iter()
        .filter(|r| model.selected.contains(&r.name))
    {
        spectra.push(
            row.name.clone(),
            (row.shape[0], row.shape[1]),
            &row.singular_values,
        );
    }
    (!spectra.is_empty()).then_some(Figure::Spectra(spectra))
}

/// The figures the window offers for `decomposition`, with their menu names.
pub fn offered(decomposition: &Decomposition) -> Vec<(FigureKind, &'static str)> {
    let mut kinds = vec![
        (FigureKind::Spectrum, "Spectrum"),
        (FigureKind::Error, "Error curve"),
        (FigureKind::Energy, "Energy curve"),
    ];
    if decomposition.is_image {
        kinds.push((FigureKind::Psnr, "PSNR curve"));
    }
    kinds.push((FigureKind::Layers, "Rank-1 layers"));
    kinds
}

/// The "Save figure" menu's content: a submenu per figure, a button per format.
pub(super) fn save_figure_menu_ui(
    ui: &mut egui::Ui,
    decomposition: Option<&Decomposition>,
    commands: &mut Vec<Command>,
) {
    let Some(decomposition) = decomposition else {
        ui.label("open a matrix first");
        return;
    };
    for (kind, name) in offered(decomposition) {
        ui.menu_button(name, |ui| formats_ui(ui, kind, commands));
    }
}

/// A button per format figure `kind` has, each asking where to save it.
pub(super) fn formats_ui(ui: &mut egui::Ui, kind: FigureKind, commands: &mut Vec<Command>) {
    for format in FigureFormat::ALL {
        if kind == FigureKind::Layers && format == FigureFormat::Csv {
            continue;
        }
        let label = match format {
            FigureFormat::Svg => "SVG…",
            FigureFormat::Png => "PNG…",
            FigureFormat::Csv => "CSV (the numbers)…",
        };
        if ui.button(label).clicked() {
            commands.push(Command::PickFigurePath(kind, format));
            ui.close();
        }
    }
}

impl RankscopeApp {
    /// Draws figure `kind` at the current rank and writes it to `path` in `format`, off the
    /// UI thread.
    pub(super) fn save_figure(&mut self, kind: FigureKind, format: FigureFormat, path: PathBuf) {
        let path = super::dialogs::absolute(&path);
        if kind == FigureKind::Spectra {
            // The Model view's overlay: of the ticked rows, not of the matrix shown.
            match self.model.as_ref().map(spectra_figure_of) {
                Some(Some(figure)) => self.write_figure_off_thread(kind, format, path, figure),
                _ => self.errors.push(format!(
                    "{}: no spectrum to draw: tick rows of the Model view to compare first",
                    path.display()
                )),
            }
            return;
        }
        let Some(decomposition) = self.shown.decomposition.as_ref() else {
            self.errors
                .push("nothing to draw yet: open a matrix first".to_owned());
            return;
        };
        let figure = if kind == FigureKind::Denoise {
            // The experiment the view draws: the one on the matrix shown.
            match self.denoise.demo.as_ref() {
                Some(demo) if demo.key.label == decomposition.label => {
                    denoise_figure_of(decomposition, demo, self.shown.rank())
                }
                _ => {
                    self.errors.push(format!(
                        "{}: the denoising demo is still computing; save its figure once it is drawn",
                        path.display()
                    ));
                    return;
                }
            }
        } else {
            match figure_of(decomposition, kind, self.shown.rank()) {
                Ok(figure) => figure,
                Err(error) => {
                    self.errors.push(format!("{}: {error}", path.display()));
                    return;
                }
            }
        };
        self.write_figure_off_thread(kind, format, path, figure);
    }

    /// Writes `figure` to `path` in `format` on a named thread; the outcome arrives as a
    /// notice or an error.
    fn write_figure_off_thread(
        &mut self,
        kind: FigureKind,
        format: FigureFormat,
        path: PathBuf,
        figure: Figure,
    ) {
        let target = self.export_target(path.clone());
        let report = self.screenshot_sender.clone();
        let ctx = self.ctx.clone();
        let started = std::thread::Builder::new()
            .name("rankscope-figure".into())
            .spawn(move || {
                let result =
                    crate::figure::write_figure(&target, &figure, format, FigureSize::default())
                        .map(|()| format!("Saved the {} figure as {}", kind.name(), path.display()))
                        .map_err(|e| e.to_string());
                let _ = report.send(result);
                ctx.request_repaint();
            });
        if let Err(error) = started {
            self.errors
                .push(format!("cannot start the figure writer: {error}"));
        }
    }
}
