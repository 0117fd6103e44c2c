#![no_main]

// The first byte picks the extension, so every decoder (and the check that the content
// matches the name) is reached from one corpus.
const EXTENSIONS: [&str; 5] = ["png", "jpg", "webp", "bmp", "tiff"];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((&pick, file)) = data.split_first() {
        rankscope_fuzz::exercise(file, EXTENSIONS[usize::from(pick) % EXTENSIONS.len()]);
    }
});
