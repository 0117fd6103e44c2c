//! Pictures → matrices: one matrix per channel, pixels scaled to \[0, 1\].
//!
//! Pixels are taken as stored (no EXIF rotation, no gamma decoding), exactly as
//! `numpy.asarray(PIL.Image.open(path))` sees them, so results compare one-to-one with numpy.

use super::entry::MatrixEntry;
use super::error::{Problem, malformed};
use crate::matrix::dtype::Dtype;
use crate::memory;
use crate::real::Real;
use ::image::{ColorType, DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use ndarray::Array2;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

/// The channel name of a single-channel image.
pub const CHANNEL_GRAY: &str = "gray";
/// The default matrix of a colour image: 0.2126 r + 0.7152 g + 0.0722 b.
pub const CHANNEL_LUMA: &str = "luma";
/// Not a matrix but a colour mode: r, g and b analysed separately and recombined.
pub const CHANNEL_RGB: &str = "rgb";
/// The most pixels rankscope decodes: Pillow's decompression-bomb threshold
/// (`PIL.Image.MAX_IMAGE_PIXELS`, 89 478 485 ≈ 0.25 GiB of 24-bit RGB). A small file can claim
/// 30000 × 30000 pixels; decoding it would take gigabytes, and the SVD of such a matrix hours.
pub const MAX_IMAGE_PIXELS: u64 = 89_478_485;

/// Rec. 709 luma weights for (r, g, b), applied to the \[0, 1\] values without gamma decoding.
pub const LUMA_WEIGHTS: [f64; 3] = [0.2126, 0.7152, 0.0722];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Gray,
    GrayAlpha,
    Rgb,
    Rgba,
}

impl Layout {
    fn channel_names(self) -> &'static [&'static str] {
        match self {
            Self::Gray => &[CHANNEL_GRAY],
            Self::GrayAlpha => &[CHANNEL_GRAY, "a"],
            Self::Rgb => &[CHANNEL_LUMA, "r", "g", "b"],
            Self::Rgba => &[CHANNEL_LUMA, "r", "g", "b", "a"],
        }
    }
}

/// Where the encoded picture lives: a file, or bytes built into the binary (the sample).
#[derive(Clone)]
pub(crate) enum Encoded {
    File(PathBuf),
    Bytes(&'static [u8]),
}

impl Encoded {
    /// A reader of the picture with its format guessed from its first bytes. A JPEG is cut
    /// at its end-of-image marker ([`jpeg_length`]): the decoder reads its whole input into
    /// memory, and what follows the picture (a phone's appended video, a sparse tail of
    /// gigabytes) is not part of it, as libjpeg and Pillow also ignore it.
    fn reader(&self) -> Result<ImageReader<Box<dyn BufReadSeek>>, Problem> {
        let inner: Box<dyn BufReadSeek> = match self {
            Self::File(path) => Box::new(std::io::BufReader::new(super::file::open_regular(path)?)),
            Self::Bytes(bytes) => Box::new(std::io::Cursor::new(*bytes)),
        };
        let reader = ImageReader::new(inner).with_guessed_format()?;
        if reader.format() != Some(ImageFormat::Jpeg) {
            return Ok(reader);
        }
        let mut inner = reader.into_inner();
        inner.seek(SeekFrom::Start(0))?;
        let length = jpeg_length(&mut inner)?;
        inner.seek(SeekFrom::Start(0))?;
        let mut picture = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
        inner.take(length).read_to_end(&mut picture)?;
        let picture: Box<dyn BufReadSeek> = Box::new(std::io::Cursor::new(picture));
        Ok(ImageReader::with_format(picture, ImageFormat::Jpeg))
    }
}

/// Bytes a JPEG may hold beyond its pixels' worth before its end-of-image marker: room for
/// metadata segments (EXIF, ICC profiles, XMP) of any real camera or editor.
const JPEG_SLACK_BYTES: u64 = 64 << 20;

/// Compressed bytes per pixel and component above which a scan cannot be a picture: even
/// quality-100 noise with every byte stuffed takes under 8.
const JPEG_MAX_BYTES_PER_SAMPLE: u64 = 16;

/// The length of the JPEG at the start of `input`, through its end-of-image marker (FF D9),
/// found by walking its segments and scans as a decoder does, reading nothing after it.
///
/// Without the marker the file is refused as truncated: decoders fill a cut-short scan with
/// grey and report nothing, so a half-downloaded photo would load as if whole. Inside the
/// entropy-coded data an FF is always followed by 00 or a restart marker, so a marker cannot
/// occur by accident. The walk gives up once it has read far more than a picture of the
/// size in the header could take.
fn jpeg_length(input: &mut impl std::io::BufRead) -> Result<u64, Problem> {
    let mut walk = JpegWalk {
        input,
        position: 0,
        limit: JPEG_SLACK_BYTES,
    };
    if walk.byte()? != 0xFF || walk.byte()? != 0xD8 {
        return Err(malformed("image", "the JPEG does not start with FF D8"));
    }
    let mut next_marker = None;
    loop {
        let marker = match next_marker.take() {
            Some(marker) => marker,
            None => walk.marker()?,
        };
        match marker {
            0xD9 => return Ok(walk.position),
            // Markers without a length: restart, TEM, a stray start-of-image.
            0x01 | 0xD0..=0xD8 => {}
            _ => {
                let length = u16::from_be_bytes([walk.byte()?, walk.byte()?]);
                if length < 2 {
                    return Err(malformed(
                        "image",
                        format!("the JPEG segment FF {marker:02X} has length {length}"),
                    ));
                }
                let mut body = u64::from(length) - 2;
                // Start of frame (not DHT C4, JPG C8, DAC CC): the size bounds the walk.
                if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    if body < 6 {
                        return Err(malformed("image", "the JPEG's frame header is too short"));
                    }
                    let _precision = walk.byte()?;
                    let height = u16::from_be_bytes([walk.byte()?, walk.byte()?]);
                    let width = u16::from_be_bytes([walk.byte()?, walk.byte()?]);
                    let components = walk.byte()?;
                    body -= 6;
                    let samples = u64::from(height) * u64::from(width) * u64::from(components);
                    walk.limit = walk
                        .limit
                        .max(JPEG_SLACK_BYTES + JPEG_MAX_BYTES_PER_SAMPLE * samples);
                }
                walk.skip(body)?;
                if marker == 0xDA {
                    next_marker = Some(walk.after_scan()?);
                }
            }
        }
    }
}

/// A read position in a JPEG, with the most it may read.
struct JpegWalk<'a, R> {
    input: &'a mut R,
    position: u64,
    limit: u64,
}

impl<R: std::io::BufRead> JpegWalk<'_, R> {
    fn truncated() -> Problem {
        malformed(
            "image",
            "the JPEG ends before its end-of-image marker (truncated)",
        )
    }

    fn advance(&mut self, bytes: usize) -> Result<(), Problem> {
        self.input.consume(bytes);
        self.position += bytes as u64;
        if self.position > self.limit {
            return Err(malformed(
                "image",
                format!(
                    "the JPEG has no end-of-image marker in its first {} bytes, far more than its picture can take (damaged?)",
                    self.limit
                ),
            ));
        }
        Ok(())
    }

    fn byte(&mut self) -> Result<u8, Problem> {
        let byte = *self.input.fill_buf()?.first().ok_or_else(Self::truncated)?;
        self.advance(1)?;
        Ok(byte)
    }

    fn skip(&mut self, mut bytes: u64) -> Result<(), Problem> {
        while bytes > 0 {
            let available = self.input.fill_buf()?.len();
            if available == 0 {
                return Err(Self::truncated());
            }
            let step = usize::try_from(bytes).map_or(available, |b| b.min(available));
            self.advance(step)?;
            bytes -= step as u64;
        }
        Ok(())
    }

    /// Reads up to and including the next FF byte.
    fn through_ff(&mut self) -> Result<(), Problem> {
        loop {
            let buffer = self.input.fill_buf()?;
            if buffer.is_empty() {
                return Err(Self::truncated());
            }
            if let Some(at) = buffer.iter().position(|&b| b == 0xFF) {
                return self.advance(at + 1);
            }
            let all = buffer.len();
            self.advance(all)?;
        }
    }

    /// The next marker's code, skipping fill bytes (FF FF …) and, as libjpeg does, any
    /// stray bytes before it.
    fn marker(&mut self) -> Result<u8, Problem> {
        loop {
            self.through_ff()?;
            let mut code = self.byte()?;
            while code == 0xFF {
                code = self.byte()?;
            }
            if code != 0x00 {
                return Ok(code);
            }
        }
    }

    /// Reads a scan's entropy-coded data and returns the code of the marker that ends it.
    fn after_scan(&mut self) -> Result<u8, Problem> {
        loop {
            let code = self.marker()?;
            // Restart markers belong to the scan.
            if !matches!(code, 0xD0..=0xD7) {
                return Ok(code);
            }
        }
    }
}

/// What `ImageReader` needs of its input, boxed so files and bytes share one path.
pub(crate) trait BufReadSeek: std::io::BufRead + std::io::Seek {}
impl<T: std::io::BufRead + std::io::Seek> BufReadSeek for T {}

pub(crate) struct ImageFile {
    encoded: Encoded,
    width: u32,
    height: u32,
    layout: Layout,
    dtype: Dtype,
}

/// "a PNG image", for messages about misnamed files.
pub(crate) fn format_label(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "a PNG image",
        ImageFormat::Jpeg => "a JPEG image",
        ImageFormat::WebP => "a WebP image",
        ImageFormat::Bmp => "a BMP image",
        ImageFormat::Tiff => "a TIFF image",
        _ => "an image",
    }
}

fn image_error(error: &::image::ImageError) -> Problem {
    match error {
        ::image::ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            malformed("image", "the file ends early (truncated)")
        }
        other => {
            // Decoders' messages can span lines ("I/O errors\n\nNot enough bytes…"); the
            // window and the CLI show one line.
            let detail = super::error::quoted(&super::error::one_line(&other.to_string()));
            if detail.contains("Not enough bytes") || detail.contains("unexpected end") {
                malformed(
                    "image",
                    format!("the file ends early (truncated): {detail}"),
                )
            } else {
                malformed("image", detail)
            }
        }
    }
}

pub(crate) fn default_channel(entries: &[MatrixEntry]) -> &'static str {
    if entries.iter().any(|e| e.name == CHANNEL_LUMA) {
        CHANNEL_LUMA
    } else {
        CHANNEL_GRAY
    }
}

impl ImageFile {
    pub(crate) fn open(encoded: Encoded) -> Result<Self, Problem> {
        let reader = encoded.reader()?;
        if reader.format().is_none() {
            return Err(malformed("image", "unrecognised image data"));
        }
        let decoder = reader.into_decoder().map_err(|e| image_error(&e))?;
        let (width, height) = decoder.dimensions();
        let (layout, dtype) = match decoder.color_type() {
            ColorType::L8 => (Layout::Gray, Dtype::U8),
            ColorType::La8 => (Layout::GrayAlpha, Dtype::U8),
            ColorType::Rgb8 => (Layout::Rgb, Dtype::U8),
            ColorType::Rgba8 => (Layout::Rgba, Dtype::U8),
            ColorType::L16 => (Layout::Gray, Dtype::U16),
            ColorType::La16 => (Layout::GrayAlpha, Dtype::U16),
            ColorType::Rgb16 => (Layout::Rgb, Dtype::U16),
            ColorType::Rgba16 => (Layout::Rgba, Dtype::U16),
            ColorType::Rgb32F => (Layout::Rgb, Dtype::F32),
            ColorType::Rgba32F => (Layout::Rgba, Dtype::F32),
            other => {
                return Err(malformed(
                    "image",
                    format!("unsupported pixel type {other:?}"),
                ));
            }
        };
        if width == 0 || height == 0 {
            return Err(malformed(
                "image",
                format!("it is {width} × {height} pixels"),
            ));
        }
        let pixels = u64::from(width) * u64::from(height);
        if pixels > MAX_IMAGE_PIXELS {
            let channels = layout.channel_names().len().min(4) as u64;
            let decoded = pixels * channels * dtype.element_bytes() as u64;
            // The decoded picture plus one f32 working copy of a channel.
            let needed = decoded + pixels * 4;
            return Err(malformed(
                "image",
                format!(
                    "it is {width} × {height} = {:.1} Mpixel, above the {:.1} Mpixel limit for images (decompression-bomb guard); it would need {} to decode and analyse; scale it down first",
                    pixels as f64 / 1e6,
                    MAX_IMAGE_PIXELS as f64 / 1e6,
                    memory::human_bytes(needed)
                ),
            ));
        }
        Ok(Self {
            encoded,
            width,
            height,
            layout,
            dtype,
        })
    }

    pub(crate) fn entries(&self) -> Vec<MatrixEntry> {
        self.layout
            .channel_names()
            .iter()
            .map(|name| MatrixEntry {
                name: (*name).to_owned(),
                stored_shape: vec![self.height as usize, self.width as usize],
                dtype: self.dtype,
            })
            .collect()
    }

    /// Decodes the picture (within a memory limit computed from its header) and extracts
    /// `channel` as a height × width matrix in \[0, 1\].
    pub(crate) fn load<T: Real>(&self, channel: &str) -> Result<Array2<T>, Problem> {
        let pick = match (self.layout, channel) {
            (Layout::Gray | Layout::GrayAlpha, CHANNEL_GRAY)
            | (Layout::Rgb | Layout::Rgba, "r") => Pick::Index(0),
            (Layout::Rgb | Layout::Rgba, CHANNEL_LUMA) => Pick::Luma,
            (Layout::Rgb | Layout::Rgba, "g") => Pick::Index(1),
            (Layout::Rgb | Layout::Rgba, "b") => Pick::Index(2),
            (Layout::GrayAlpha, "a") => Pick::Index(1),
            (Layout::Rgba, "a") => Pick::Index(3),
            _ => {
                return Err(Problem::NotAMatrix(format!(
                    "this image has no channel `{channel}` (it has {})",
                    self.layout.channel_names().join(", ")
                )));
            }
        };
        let channels = self.layout.channel_names().len().min(4) as u64;
        let pixels = u64::from(self.width) * u64::from(self.height);
        let what = format!("decoding the {} × {} image", self.width, self.height);
        let decoded_bytes =
            memory::checked_bytes(&what, pixels * channels, self.dtype.element_bytes() as u64)?;
        memory::ensure_fits(&what, decoded_bytes)?;
        let mut reader = self.encoded.reader()?;
        // A decompression bomb cannot make the decoder allocate beyond what the header
        // promised (plus slack for codec buffers).
        let mut limits = ::image::Limits::default();
        limits.max_alloc = Some(decoded_bytes.saturating_mul(2).saturating_add(64 << 20));
        reader.limits(limits);
        let image = reader.decode().map_err(|e| image_error(&e))?;
        let (width, height) = (self.width as usize, self.height as usize);
        Ok(match &image {
            DynamicImage::ImageLuma8(b) => {
                channel_matrix(b.as_raw(), width, height, 1, 255.0, pick)
            }
            DynamicImage::ImageLumaA8(b) => {
                channel_matrix(b.as_raw(), width, height, 2, 255.0, pick)
            }
            DynamicImage::ImageRgb8(b) => channel_matrix(b.as_raw(), width, height, 3, 255.0, pick),
            DynamicImage::ImageRgba8(b) => {
                channel_matrix(b.as_raw(), width, height, 4, 255.0, pick)
            }
            DynamicImage::ImageLuma16(b) => {
                channel_matrix(b.as_raw(), width, height, 1, 65535.0, pick)
            }
            DynamicImage::ImageLumaA16(b) => {
                channel_matrix(b.as_raw(), width, height, 2, 65535.0, pick)
            }
            DynamicImage::ImageRgb16(b) => {
                channel_matrix(b.as_raw(), width, height, 3, 65535.0, pick)
            }
            DynamicImage::ImageRgba16(b) => {
                channel_matrix(b.as_raw(), width, height, 4, 65535.0, pick)
            }
            DynamicImage::ImageRgb32F(b) => channel_matrix(b.as_raw(), width, height, 3, 1.0, pick),
            other => {
                let rgba = other.to_rgba32f();
                channel_matrix(rgba.as_raw(), width, height, 4, 1.0, pick)
            }
        })
    }
}

#[derive(Debug, Clone, Copy)]
enum Pick {
    Index(usize),
    Luma,
}

/// One channel (or the luma of r, g, b) of interleaved samples, divided by `scale`.
fn channel_matrix<S: Copy + Into<f64>, T: Real>(
    samples: &[S],
    width: usize,
    height: usize,
    channels: usize,
    scale: f64,
    pick: Pick,
) -> Array2<T> {
    let pixel = |index: usize| &samples[index * channels..(index + 1) * channels];
    Array2::from_shape_fn((height, width), |(row, col)| {
        let px = pixel(row * width + col);
        let value = match pick {
            Pick::Index(c) => px[c].into() / scale,
            Pick::Luma => {
                LUMA_WEIGHTS[0] * (px[0].into() / scale)
                    + LUMA_WEIGHTS[1] * (px[1].into() / scale)
                    + LUMA_WEIGHTS[2] * (px[2].into() / scale)
            }
        };
        T::from_f64(value)
    })
}
