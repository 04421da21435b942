//! PNG photos and ads: read as a container at load (header, chunks, checksums, ICC profile),
//! decoded only when pixels are needed.
//!
//! Most photos are 8-bit RGB or grey PNGs without transparency. Their compressed image data
//! (the `IDAT` chunks, a zlib stream of rows each led by a PNG filter byte) is exactly what a
//! PDF Flate stream with the PNG predictor (`/Predictor 15`) holds, so the writer copies it
//! instead of inflating and deflating again — as JPEGs are passed through. Other PNGs
//! (transparency, palettes, 16 bits, interlacing) are decoded to samples once, on first use,
//! on whichever thread asks first (the build starts that while the pages are laid out).
//!
//! Trust is the same as for JPEGs, whose entropy-coded data is passed through unread: every
//! chunk must lie inside the file with a correct CRC and the file must end in `IEND`, which
//! catches files cut short or damaged in transfer; a deflate stream that an encoder wrote
//! wrongly under a correct CRC would only show in the decoded image.

use super::decode::{check_pixels, fail, DecodeError};
use super::file_bytes::FileBytes;
use std::io::{Cursor, Read};
use std::sync::{Arc, OnceLock};

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

// An embedded ICC profile larger than this is not a colour profile anyone meant to embed.
const MAX_ICC_BYTES: u64 = 16 << 20;

/// Samples decoded from a PNG: 8-bit grey or RGB, plus alpha when the image is not opaque.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedPixels {
    /// Interleaved samples, `components` bytes per pixel.
    pub samples: Vec<u8>,
    /// 1 (grey) or 3 (RGB).
    pub components: u8,
    /// One alpha byte per pixel; `None` when the image has no alpha or is fully opaque.
    pub alpha: Option<Vec<u8>>,
}

/// A PNG file, checked as a container; pixels decoded on demand.
#[derive(Debug)]
pub struct PngImage {
    bytes: FileBytes,
    width: u32,
    height: u32,
    bit_depth: u8,
    colour_type: u8,
    interlaced: bool,
    has_trns: bool,
    icc: Option<Arc<Vec<u8>>>,
    pixels: OnceLock<Result<DecodedPixels, DecodeError>>,
    /// The PDF writer's compressed form of the image, made once (see `pdf::images`).
    pub encoded: OnceLock<Result<EncodedPng, DecodeError>>,
}

/// A PNG compressed for a PDF image stream (and its soft mask).
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedPng {
    /// Zlib data of the samples.
    pub data: Vec<u8>,
    /// Whether `data` is the PNG's own `IDAT` stream, rows led by PNG filter bytes (to be
    /// declared with `/Predictor 15`); otherwise plain samples.
    pub predicted: bool,
    /// Colour components in `data`: 1 or 3.
    pub components: u8,
    /// Zlib data of the alpha channel, when the image is not opaque.
    pub mask: Option<Vec<u8>>,
}

pub(super) fn corrupt_png(e: impl std::fmt::Display) -> DecodeError {
    fail(
        format!("the PNG file is corrupt or truncated ({e})"),
        "export the image again",
    )
}

impl PngImage {
    /// Reads `bytes` as a PNG: the signature, a valid `IHDR` within `max_pixels`, every chunk
    /// complete with a correct CRC, a palette of 1–256 entries, image data, and `IEND`.
    pub fn parse(bytes: impl Into<FileBytes>, max_pixels: u64) -> Result<PngImage, DecodeError> {
        let bytes: FileBytes = bytes.into();
        if !bytes.starts_with(SIGNATURE) {
            return Err(corrupt_png("no PNG signature"));
        }
        if bytes.len() < 33 || &bytes[12..16] != b"IHDR" || be32(&bytes[8..12]) != 13 {
            return Err(corrupt_png("no IHDR header"));
        }
        let ihdr = &bytes[16..29];
        let (width, height) = (be32(&ihdr[0..4]), be32(&ihdr[4..8]));
        check_pixels(width, height, max_pixels)?;
        let (bit_depth, colour_type) = (ihdr[8], ihdr[9]);
        let depth_ok = match colour_type {
            0 => matches!(bit_depth, 1 | 2 | 4 | 8 | 16),
            3 => matches!(bit_depth, 1 | 2 | 4 | 8),
            2 | 4 | 6 => matches!(bit_depth, 8 | 16),
            _ => false,
        };
        if !depth_ok || ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1 {
            return Err(corrupt_png(format!(
                "its header is invalid (colour type {colour_type}, bit depth {bit_depth})"
            )));
        }
        let mut png = PngImage {
            width,
            height,
            bit_depth,
            colour_type,
            interlaced: ihdr[12] == 1,
            has_trns: false,
            icc: None,
            pixels: OnceLock::new(),
            encoded: OnceLock::new(),
            bytes: FileBytes::from(Vec::new()),
        };
        let (mut has_data, mut has_palette, mut ended) = (false, false, false);
        for chunk in Chunks::new(&bytes) {
            let Chunk { kind, data, sound } = chunk?;
            if kind == b"PLTE" && (data.len() % 3 != 0 || !(3..=768).contains(&data.len())) {
                return Err(corrupt_png(format!(
                    "its palette has {} bytes, not 1 to 256 RGB entries",
                    data.len()
                )));
            }
            // A damaged ancillary chunk (lower-case first letter: gamma, text, a profile) is
            // ignored, as PNG readers do; a damaged critical one is a damaged image.
            if !sound {
                if kind[0].is_ascii_lowercase() {
                    continue;
                }
                let name = String::from_utf8_lossy(kind).into_owned();
                return Err(corrupt_png(format!(
                    "the checksum of its {name} chunk is wrong"
                )));
            }
            match kind {
                b"PLTE" => has_palette = true,
                b"IDAT" => has_data = true,
                b"tRNS" => png.has_trns = true,
                b"iCCP" => png.icc = icc_profile(data),
                b"IEND" => {
                    ended = true;
                    break;
                }
                _ => {}
            }
        }
        if colour_type == 3 && !has_palette {
            return Err(corrupt_png("a palette image without a palette"));
        }
        if !has_data || !ended {
            return Err(corrupt_png("it ends before its image data is complete"));
        }
        png.bytes = bytes;
        Ok(png)
    }

    /// The size of the file in bytes.
    pub fn file_size(&self) -> usize {
        self.bytes.len()
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Colour components of the decoded samples: 1 for grey, 3 for RGB and palette images.
    pub fn components(&self) -> u8 {
        if matches!(self.colour_type, 0 | 4) {
            1
        } else {
            3
        }
    }

    /// Whether the file has an alpha channel or a transparency chunk (the pixels may still
    /// all be opaque).
    pub fn may_be_transparent(&self) -> bool {
        self.has_trns || matches!(self.colour_type, 4 | 6)
    }

    /// The embedded ICC profile, if any.
    pub fn icc(&self) -> Option<&Arc<Vec<u8>>> {
        self.icc.as_ref()
    }

    /// Whether the image data can go into a PDF as it is: 8-bit grey or RGB, not interlaced,
    /// no transparency.
    pub fn passes_through(&self) -> bool {
        self.bit_depth == 8
            && !self.interlaced
            && matches!(self.colour_type, 0 | 2)
            && !self.has_trns
    }

    /// The zlib stream of the image data: the `IDAT` chunks joined.
    pub fn image_data(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for Chunk { kind, data, .. } in Chunks::new(&self.bytes).map_while(Result::ok) {
            match kind {
                b"IDAT" => out.extend_from_slice(data),
                b"IEND" => break,
                _ => {}
            }
        }
        out
    }

    /// The pixels as 8-bit samples, decoded on the first call (other callers wait for it).
    pub fn pixels(&self) -> Result<&DecodedPixels, DecodeError> {
        self.pixels
            .get_or_init(|| decode(self))
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// One chunk of a PNG file.
struct Chunk<'a> {
    /// The four-letter type.
    kind: &'a [u8],
    /// The chunk's data.
    data: &'a [u8],
    /// Whether the CRC matches.
    sound: bool,
}

/// The chunks after the signature, each checked to lie inside the file.
struct Chunks<'a> {
    bytes: &'a [u8],
    at: usize,
    failed: bool,
}

impl<'a> Chunks<'a> {
    fn new(bytes: &'a [u8]) -> Chunks<'a> {
        Chunks {
            bytes,
            at: SIGNATURE.len(),
            failed: false,
        }
    }
}

impl<'a> Iterator for Chunks<'a> {
    type Item = Result<Chunk<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.at >= self.bytes.len() {
            return None;
        }
        let bytes = self.bytes;
        let head = bytes.get(self.at..self.at + 8);
        let len = head.map(|h| be32(&h[..4]) as usize);
        let end = len.and_then(|l| self.at.checked_add(12)?.checked_add(l));
        let (Some(len), Some(end)) = (len, end.filter(|&e| e <= bytes.len())) else {
            self.failed = true;
            return Some(Err(corrupt_png("it is cut short inside a chunk")));
        };
        let chunk = Chunk {
            kind: &bytes[self.at + 4..self.at + 8],
            data: &bytes[self.at + 8..self.at + 8 + len],
            sound: crc32fast::hash(&bytes[self.at + 4..end - 4]) == be32(&bytes[end - 4..end]),
        };
        self.at = end;
        Some(Ok(chunk))
    }
}

/// The profile of an `iCCP` chunk: a name, a NUL, compression method 0, zlib data. `None`
/// when it cannot be read (the image is then treated as untagged).
fn icc_profile(chunk: &[u8]) -> Option<Arc<Vec<u8>>> {
    let nul = chunk.iter().take(80).position(|&b| b == 0)?;
    if chunk.get(nul + 1) != Some(&0) {
        return None;
    }
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(&chunk[nul + 2..])
        .take(MAX_ICC_BYTES)
        .read_to_end(&mut out)
        .ok()?;
    (!out.is_empty()).then(|| Arc::new(out))
}

/// Decodes a PNG to 8-bit grey or RGB samples plus an alpha channel when not opaque.
fn decode(png: &PngImage) -> Result<DecodedPixels, DecodeError> {
    let pixels = png.width as usize * png.height as usize;
    let mut samples = Vec::with_capacity(pixels * usize::from(png.components()));
    let mut alpha = Vec::with_capacity(if png.may_be_transparent() { pixels } else { 0 });
    let format = png.for_each_row(&mut |colour, a| {
        samples.extend_from_slice(colour);
        alpha.extend_from_slice(a);
    })?;
    let opaque = all_opaque(&alpha);
    Ok(DecodedPixels {
        samples,
        components: format.components,
        alpha: (format.has_alpha && !opaque).then_some(alpha),
    })
}

/// The sample layout of a PNG's decoded rows.
#[derive(Debug, Clone, Copy)]
pub struct RowFormat {
    /// Colour components: 1 (grey) or 3 (RGB).
    pub components: u8,
    /// Whether rows come with alpha bytes.
    pub has_alpha: bool,
}

impl PngImage {
    /// Decodes the image row by row, top to bottom, handing each row's 8-bit colour samples
    /// and its alpha bytes (empty without an alpha channel) to `row`: the whole image is
    /// never held decoded (an interlaced one is, its passes filling one frame).
    pub fn for_each_row(
        &self,
        row: &mut dyn FnMut(&[u8], &[u8]),
    ) -> Result<RowFormat, DecodeError> {
        for_each_row(&self.bytes, row)
    }
}

fn for_each_row(bytes: &[u8], row: &mut dyn FnMut(&[u8], &[u8])) -> Result<RowFormat, DecodeError> {
    // A decoder bug must not take the build down: a panic inside it is a corrupt file too
    // (the png crate once panicked on a palette of 379 bytes, found by fuzzing).
    let run = std::panic::AssertUnwindSafe(|| decode_rows(bytes, row));
    match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(_) => Err(corrupt_png("the decoder failed on it")),
    }
}

/// The decoding itself: palettes, transparency chunks and low bit depths expanded, 16-bit
/// samples cut to 8, rows split into colour and alpha as they come.
fn decode_rows(
    bytes: &[u8],
    visit: &mut dyn FnMut(&[u8], &[u8]),
) -> Result<RowFormat, DecodeError> {
    use png::{BitDepth, ColorType, Transformations};
    // The pixel count was checked against the limit at load; the decoder need not count.
    let limits = png::Limits { bytes: usize::MAX };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(corrupt_png)?;
    let (colour_type, depth) = reader.output_color_type();
    let (components, has_alpha) = match colour_type {
        ColorType::Grayscale => (1, false),
        ColorType::Rgb => (3, false),
        ColorType::GrayscaleAlpha => (1, true),
        ColorType::Rgba => (3, true),
        ColorType::Indexed => return Err(corrupt_png("its palette could not be applied")),
    };
    if depth != BitDepth::Eight {
        return Err(corrupt_png("its samples could not be made 8-bit"));
    }
    let (width, height) = (reader.info().width as usize, reader.info().height as usize);
    let interlaced = reader.info().interlaced;
    let line = width * (components + usize::from(has_alpha));
    let mut colour = vec![0u8; width * components];
    let mut alpha = vec![0u8; if has_alpha { width } else { 0 }];
    let mut split = |raw: &[u8]| {
        if has_alpha {
            split_rows(raw, &mut colour, &mut alpha, components);
            visit(&colour, &alpha);
        } else {
            // Rows without alpha are the colour samples already.
            visit(&raw[..colour.len()], &[]);
        }
    };
    if interlaced {
        // Passes of an interlaced image fill the whole frame in turn.
        let mut frame = vec![0u8; reader.output_buffer_size().ok_or_else(too_large)?];
        reader.next_frame(&mut frame).map_err(corrupt_png)?;
        frame.chunks_exact(line).take(height).for_each(split);
    } else {
        let mut raw = vec![0u8; line];
        for _ in 0..height {
            reader
                .read_row(&mut raw)
                .map_err(corrupt_png)?
                .ok_or_else(|| corrupt_png("it has fewer rows than its header says"))?;
            split(&raw);
        }
    }
    Ok(RowFormat {
        components: components as u8,
        has_alpha,
    })
}

/// Whether every alpha byte of `alpha` is fully opaque.
pub fn all_opaque(alpha: &[u8]) -> bool {
    alpha.iter().fold(255u8, |all, &a| all & a) == 255
}

fn too_large() -> DecodeError {
    corrupt_png("its frame is too large")
}

/// Copies decoded pixels into colour samples and (when `alpha` is not empty) alpha bytes.
fn split_rows(raw: &[u8], samples: &mut [u8], alpha: &mut [u8], components: usize) {
    match (components, alpha.is_empty()) {
        (_, true) => samples.copy_from_slice(&raw[..samples.len()]),
        (3, false) => split_pixels::<4, 3>(raw, samples, alpha),
        _ => split_pixels::<2, 1>(raw, samples, alpha),
    }
}

/// Copies `S`-byte pixels of `raw` into `C`-byte colour samples and one alpha byte each.
fn split_pixels<const S: usize, const C: usize>(raw: &[u8], samples: &mut [u8], alpha: &mut [u8]) {
    for ((px, colour), a) in raw
        .chunks_exact(S)
        .zip(samples.chunks_exact_mut(C))
        .zip(alpha.iter_mut())
    {
        colour.copy_from_slice(&px[..C]);
        *a = px[C];
    }
}

#[cfg(test)]
#[path = "png_tests.rs"]
mod tests;
