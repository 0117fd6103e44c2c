//! File → Save view as PNG and `--screenshot`: the frame egui captures, encoded and written
//! atomically off the UI thread.

use super::RankscopeApp;
use std::path::PathBuf;

impl RankscopeApp {
    pub(super) fn save_screenshot(&mut self, path: PathBuf, then_quit: bool) {
        // The confirmation names the whole path: "rankscope-view.png" alone leaves the user
        // guessing which folder it went to.
        let path = super::dialogs::absolute(&path);
        let ctx = self.ctx.clone();
        let report = self.screenshot_sender.clone();
        let target = self.export_target(path.clone());
        self.ctx.request_screenshot(move |image| {
            let written = std::thread::Builder::new()
                .name("rankscope-screenshot".into())
                .spawn(move || {
                    let [width, height] = image.size;
                    let bytes: Vec<u8> = image
                        .pixels
                        .iter()
                        .flat_map(egui::Color32::to_array)
                        .collect();
                    let result = u32::try_from(width)
                        .ok()
                        .zip(u32::try_from(height).ok())
                        .and_then(|(w, h)| image::RgbaImage::from_raw(w, h, bytes))
                        .ok_or_else(|| "screenshot has an impossible size".to_owned())
                        .and_then(|rgba| {
                            crate::export::write_file(&target, |file| {
                                rgba.write_to(file, image::ImageFormat::Png)
                                    .map_err(|e| e.to_string())
                            })
                            .map_err(|e| e.to_string())
                        });
                    if let Err(error) = &result {
                        eprintln!("rankscope: error: {error}");
                    }
                    let _ = report
                        .send(result.map(|()| format!("Saved the view as {}", path.display())));
                    if then_quit {
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    ctx.request_repaint();
                });
            if let Err(error) = written {
                eprintln!("rankscope: error: cannot start the screenshot writer: {error}");
            }
        });
    }
}
