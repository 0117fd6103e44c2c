//! The system file dialogs (rfd): they block until closed, so each runs on a worker and
//! hands the chosen path back as a job output.

use super::jobs::JobKind;
use super::{JobOutput, PickPurpose, RankscopeApp, model};
use crate::export::Format;

impl RankscopeApp {
    pub(super) fn pick_path(&mut self, purpose: PickPurpose) {
        let label = match purpose {
            PickPurpose::Open => "choosing a file".to_owned(),
            PickPurpose::OpenFolder => "choosing a model folder".to_owned(),
            PickPurpose::Base => "choosing the base checkpoint".to_owned(),
            PickPurpose::ModelExport(..) => "choosing where to save".to_owned(),
            PickPurpose::Export(format) => format!("choosing where to save the {}", format.name()),
        };
        // rfd's dialogs block until closed: run them on a worker like everything else.
        self.start_job(JobKind::Open, label, move |_| {
            let dialog = rfd::FileDialog::new();
            let picked = match purpose {
                PickPurpose::Open => dialog
                    .add_filter(
                        "matrices and images",
                        &[
                            "safetensors",
                            "json",
                            "npy",
                            "npz",
                            "csv",
                            "tsv",
                            "png",
                            "jpg",
                            "jpeg",
                            "webp",
                            "bmp",
                            "tif",
                            "tiff",
                        ],
                    )
                    .pick_file(),
                PickPurpose::OpenFolder => dialog.pick_folder(),
                PickPurpose::Base => dialog
                    .add_filter("checkpoints", &["safetensors", "json", "npz"])
                    .pick_file(),
                PickPurpose::ModelExport(format, _) => match format {
                    model::ModelExportFormat::Kohya => dialog
                        .add_filter("kohya LoRA", &["safetensors"])
                        .set_file_name("lora.safetensors")
                        .save_file(),
                    model::ModelExportFormat::Peft => dialog.set_file_name("adapter").save_file(),
                    model::ModelExportFormat::Compressed => {
                        dialog.set_file_name("compressed").save_file()
                    }
                },
                PickPurpose::Export(format) => dialog
                    .add_filter(format.name(), &[export_extension(format)])
                    .set_file_name(format!("rankscope-export.{}", export_extension(format)))
                    .save_file(),
            };
            Ok(JobOutput::Picked(picked, purpose))
        });
    }
}

fn export_extension(format: Format) -> &'static str {
    match format {
        Format::Npz => "npz",
        Format::Safetensors | Format::Lora => "safetensors",
        Format::Png => "png",
        Format::Csv => "csv",
        Format::Json => "json",
    }
}
