//! Image XObjects: JPEGs passed through untouched (DCTDecode), decoded samples
//! Flate-compressed with an SMask for alpha; colour spaces from embedded ICC profiles, or
//! sRGB for untagged RGB.

use super::conform::{rgb_to_cmyk, Conformance};
use super::ids::RefAlloc;
use crate::compress::{deflate, deflate_small, ZlibWriter};
use crate::diag::Diagnostic;
use crate::load::assets::{ImageAsset, ImageData};
use crate::load::decode::DecodeError;
use crate::load::png::{all_opaque, EncodedPng, PngImage};
use pdf_writer::types::Predictor;
use pdf_writer::{Chunk, Filter, Name, Ref};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The sRGB profile untagged RGB images are declared in.
pub const SRGB_ICC: &[u8] = include_bytes!("../../assets/icc/sRGB.icc");

/// Shared colour-space objects: one ICC stream per distinct profile.
#[derive(Debug, Default)]
pub struct IccCache {
    // Keyed by the profile bytes' address and length is not stable across runs; key by
    // content instead (profiles are small, a few per document).
    profiles: BTreeMap<Arc<Vec<u8>>, Ref>,
    srgb: Option<Ref>,
}

impl IccCache {
    fn profile(
        &mut self,
        chunk: &mut Chunk,
        alloc: &mut RefAlloc,
        data: &Arc<Vec<u8>>,
        n: i32,
    ) -> Ref {
        if let Some(r) = self.profiles.get(data) {
            return *r;
        }
        let r = alloc.next();
        write_icc(chunk, r, data, n);
        self.profiles.insert(data.clone(), r);
        r
    }

    fn srgb(&mut self, chunk: &mut Chunk, alloc: &mut RefAlloc) -> Ref {
        if let Some(r) = self.srgb {
            return r;
        }
        let r = alloc.next();
        write_icc(chunk, r, SRGB_ICC, 3);
        self.srgb = Some(r);
        r
    }
}

/// Writes an ICC profile stream with `N` components, compressed.
pub fn write_icc(chunk: &mut Chunk, id: Ref, profile: &[u8], n: i32) {
    write_packed_icc(chunk, id, &deflate_small(profile), n);
}

/// Writes an ICC profile already zlib-compressed (`packed`) with `n` components.
pub fn write_packed_icc(chunk: &mut Chunk, id: Ref, packed: &[u8], n: i32) {
    let mut icc = chunk.icc_profile(id, packed);
    icc.n(n).filter(Filter::FlateDecode);
    let alt = match n {
        1 => Name(b"DeviceGray"),
        4 => Name(b"DeviceCMYK"),
        _ => Name(b"DeviceRGB"),
    };
    icc.alternate_name(alt);
}

/// Whether a JPEG has an Adobe APP14 segment: Adobe's CMYK JPEGs store inverted samples,
/// which PDF must be told to flip back with a Decode array.
pub fn jpeg_is_adobe(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        // Start of scan: no more header segments.
        if marker == 0xDA || marker == 0xD9 {
            return false;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xEE && bytes.get(i + 4..i + 9) == Some(b"Adobe".as_slice()) {
            return true;
        }
        i += 2 + len;
    }
    false
}

/// Largest stream a PDF object can hold here (pdf-writer writes lengths as i32).
const MAX_STREAM: usize = i32::MAX as usize;

/// An image checked and compressed (the slow part, done in parallel), ready to write.
#[derive(Debug)]
pub struct PreparedImage<'a> {
    asset: &'a ImageAsset,
    /// The image stream's data: the JPEG file itself, a PNG's own image data, or deflated
    /// samples.
    data: Cow<'a, [u8]>,
    /// Deflated alpha samples, for the SMask.
    mask: Option<Cow<'a, [u8]>>,
    /// `data` is a PNG's image data: rows led by PNG filter bytes (`/Predictor 15`).
    predicted: bool,
    /// PDF/X-1a: colour written in device spaces only (no ICC profiles); RGB samples have
    /// been converted to CMYK (`data` then holds deflated CMYK samples).
    device_only: bool,
    /// The samples were converted from RGB to CMYK.
    converted: bool,
}

fn bad(asset: &ImageAsset, what: String) -> Diagnostic {
    Diagnostic::input(what)
        .in_file(&asset.path)
        .with_hint("re-export the image as an 8-bit RGB, greyscale or CMYK JPEG or PNG")
}

fn undecodable(asset: &ImageAsset, e: &DecodeError) -> Diagnostic {
    Diagnostic::input(e.message.clone())
        .in_file(&asset.path)
        .with_hint(e.hint.clone())
}

/// A PNG compressed for its image stream, made once per file and kept in the asset: its own
/// image data when it can pass through, else its decoded samples (and alpha) deflated.
pub fn encode_png(png: &PngImage) -> Result<&EncodedPng, DecodeError> {
    png.encoded
        .get_or_init(|| {
            if png.passes_through() {
                return Ok(EncodedPng {
                    data: png.image_data(),
                    predicted: true,
                    components: png.components(),
                    mask: None,
                });
            }
            // Row by row into the two streams: the decoded image is never held whole.
            let (w, h) = png.size();
            let pixels = w as usize * h as usize;
            let mut data = ZlibWriter::new(pixels * usize::from(png.components()));
            // The mask is begun at the first row that is not fully opaque (the rows before it
            // written then, as they were): an alpha channel that is opaque throughout, as
            // RGBA exports often are, is never compressed.
            let mut mask: Option<ZlibWriter> = None;
            let mut opaque_rows = 0usize;
            png.for_each_row(&mut |colour, alpha| {
                data.write(colour);
                match &mut mask {
                    _ if alpha.is_empty() => {}
                    Some(mask) => mask.write(alpha),
                    None if all_opaque(alpha) => opaque_rows += 1,
                    None => {
                        let mut begun = ZlibWriter::new(pixels);
                        let opaque = vec![255u8; alpha.len()];
                        for _ in 0..opaque_rows {
                            begun.write(&opaque);
                        }
                        begun.write(alpha);
                        mask = Some(begun);
                    }
                }
            })?;
            let cannot = |e: flate2::CompressError| DecodeError {
                message: format!("the image could not be compressed ({e})"),
                hint: "export the image again, as an 8-bit RGB or greyscale PNG".into(),
            };
            Ok(EncodedPng {
                data: data.finish().map_err(cannot)?,
                predicted: false,
                components: png.components(),
                mask: mask.map(ZlibWriter::finish).transpose().map_err(cannot)?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Starts compressing every PNG among `assets` on the rayon pool and returns at once; the
/// PDF writer later finds the results made (or waits for the one still being made). For
/// running beside layout, which needs only the images' sizes.
pub fn encode_ahead<'a>(assets: impl IntoIterator<Item = &'a ImageAsset>) {
    for asset in assets {
        if let ImageData::Png(png) = &asset.data {
            let png = Arc::clone(png);
            rayon::spawn(move || {
                let _ = encode_png(&png);
            });
        }
    }
}

/// About how many bytes the image will take in the file.
pub fn size_hint(asset: &ImageAsset) -> usize {
    match &asset.data {
        ImageData::Jpeg { bytes, .. } => bytes.len(),
        ImageData::Png(png) => png.file_size(),
        ImageData::Decoded { samples, .. } => samples.len() / 2,
    }
}

/// The alpha samples of an image, decoding a PNG if need be; `None` when it is opaque.
fn alpha_samples(asset: &ImageAsset) -> Result<Option<Cow<'_, [u8]>>, Diagnostic> {
    Ok(match &asset.data {
        ImageData::Decoded { alpha, .. } => alpha.as_ref().map(|a| Cow::Borrowed(a.as_slice())),
        ImageData::Png(png) if png.may_be_transparent() => {
            let pixels = png.pixels().map_err(|e| undecodable(asset, &e))?;
            pixels.alpha.as_deref().map(Cow::Borrowed)
        }
        ImageData::Png(_) | ImageData::Jpeg { .. } => None,
    })
}

/// An RGB image's samples (borrowed when they need no decoding) and its ICC profile.
type RgbSamples<'a> = (Cow<'a, [u8]>, Option<&'a Arc<Vec<u8>>>);

/// The RGB samples of an RGB image with its profile, decoding a JPEG or PNG; `None` for
/// other colour models.
fn rgb_samples(asset: &ImageAsset) -> Result<Option<RgbSamples<'_>>, Diagnostic> {
    Ok(match &asset.data {
        ImageData::Jpeg {
            bytes,
            components: 3,
            icc,
        } => {
            let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg)
                .map_err(|e| bad(asset, format!("the JPEG cannot be decoded ({e})")))?;
            Some((decoded.to_rgb8().into_raw().into(), icc.as_ref()))
        }
        ImageData::Decoded {
            samples,
            components: 3,
            icc,
            ..
        } => Some((samples.as_slice().into(), icc.as_ref())),
        ImageData::Png(png) if png.components() == 3 => {
            let pixels = png.pixels().map_err(|e| undecodable(asset, &e))?;
            Some((pixels.samples.as_slice().into(), png.icc()))
        }
        _ => None,
    })
}

/// Checks `asset` and compresses its samples; for PDF/X-1a RGB samples are converted to
/// FOGRA39 CMYK first and an alpha channel is dropped when fully opaque (refused otherwise).
pub fn prepare(
    asset: &ImageAsset,
    conformance: Conformance,
) -> Result<PreparedImage<'_>, Diagnostic> {
    let mut prepared = prepare_x4(asset)?;
    if conformance == Conformance::X1a {
        prepared.device_only = true;
        if alpha_samples(asset)?.is_some_and(|alpha| alpha.iter().any(|&a| a != 255)) {
            return Err(Diagnostic::output(
                "the image has transparency (an alpha channel), which PDF/X-1a cannot carry",
            )
            .in_file(&asset.path)
            .with_hint("flatten the image onto its background, or write PDF/X-4"));
        }
        // Fully opaque: the mask changes nothing.
        prepared.mask = None;
        if let Some((rgb, icc)) = rgb_samples(asset)? {
            if rgb.len() != asset.width_px as usize * asset.height_px as usize * 3 {
                return Err(bad(
                    asset,
                    "the decoded image has an unexpected size".into(),
                ));
            }
            let cmyk = rgb_to_cmyk(&rgb, icc.map(|p| p.as_slice())).map_err(|e| {
                bad(
                    asset,
                    format!("the RGB image cannot be converted to CMYK: {e}"),
                )
            })?;
            prepared.data = Cow::Owned(deflate(&cmyk));
            prepared.predicted = false;
            prepared.converted = true;
            if prepared.data.len() > MAX_STREAM {
                return Err(bad(
                    asset,
                    "the image is too large to embed (over 2 GB)".into(),
                ));
            }
        }
    }
    Ok(prepared)
}

fn prepare_x4(asset: &ImageAsset) -> Result<PreparedImage<'_>, Diagnostic> {
    let (w, h) = (asset.width_px, asset.height_px);
    if w == 0 || h == 0 || w > i32::MAX as u32 || h > i32::MAX as u32 {
        return Err(bad(
            asset,
            format!("the image has an unusable size ({w}×{h} px)"),
        ));
    }
    let prepared = match &asset.data {
        ImageData::Jpeg {
            bytes, components, ..
        } => {
            if !matches!(components, 1 | 3 | 4) {
                return Err(bad(
                    asset,
                    format!("a JPEG with {components} colour components cannot be placed"),
                ));
            }
            PreparedImage {
                asset,
                data: Cow::Borrowed(&bytes[..]),
                mask: None,
                predicted: false,
                device_only: false,
                converted: false,
            }
        }
        ImageData::Png(png) => {
            let encoded = encode_png(png).map_err(|e| undecodable(asset, &e))?;
            PreparedImage {
                asset,
                data: Cow::Borrowed(encoded.data.as_slice()),
                mask: encoded.mask.as_deref().map(Cow::Borrowed),
                predicted: encoded.predicted,
                device_only: false,
                converted: false,
            }
        }
        ImageData::Decoded {
            samples,
            components,
            alpha,
            ..
        } => {
            let n = *components as usize;
            let pixels = w as usize * h as usize;
            if !matches!(n, 1 | 3) || samples.len() != pixels.saturating_mul(n) {
                return Err(bad(
                    asset,
                    format!(
                        "the decoded image has {} bytes, not {w}×{h}×{n}",
                        samples.len()
                    ),
                ));
            }
            let mask = match alpha {
                Some(a) if a.len() == pixels => Some(Cow::Owned(deflate(a))),
                Some(a) => {
                    return Err(bad(
                        asset,
                        format!(
                            "the alpha channel has {} bytes for {pixels} pixels",
                            a.len()
                        ),
                    ))
                }
                None => None,
            };
            PreparedImage {
                asset,
                data: Cow::Owned(deflate(samples)),
                mask,
                predicted: false,
                device_only: false,
                converted: false,
            }
        }
    };
    let too_big = prepared.data.len() > MAX_STREAM
        || prepared.mask.as_ref().is_some_and(|m| m.len() > MAX_STREAM);
    if too_big {
        return Err(bad(
            asset,
            "the image is too large to embed (over 2 GB)".into(),
        ));
    }
    Ok(prepared)
}

/// The colour components an ICC profile's header declares, if it is one this can use.
pub fn icc_components(profile: &[u8]) -> Option<usize> {
    match profile.get(16..20)? {
        b"GRAY" => Some(1),
        b"RGB " => Some(3),
        b"CMYK" => Some(4),
        _ => None,
    }
}

/// Writes a prepared image as image XObject `id` (and its SMask and profile when it has
/// them).
pub fn write_image(
    chunk: &mut Chunk,
    alloc: &mut RefAlloc,
    icc: &mut IccCache,
    image: &PreparedImage<'_>,
    id: Ref,
) {
    let asset = image.asset;
    let (w, h) = (asset.width_px as i32, asset.height_px as i32);
    let (mut n, profile, mut jpeg) = match &asset.data {
        ImageData::Jpeg {
            bytes,
            components,
            icc,
        } => (*components as usize, icc.as_ref(), Some(bytes)),
        ImageData::Decoded {
            components, icc, ..
        } => (*components as usize, icc.as_ref(), None),
        ImageData::Png(png) => (png.components() as usize, png.icc(), None),
    };
    let mut profile = profile.filter(|p| icc_components(p) == Some(n));
    if image.converted {
        (n, jpeg) = (4, None);
    }
    if image.device_only {
        // PDF/X-1a: CMYK and grey in device spaces, meant for the output intent.
        profile = None;
    }
    let space = match (image.device_only, n) {
        (true, 4) => Space::Device(b"DeviceCMYK"),
        (true, _) => Space::Device(b"DeviceGray"),
        (false, _) => color_space(chunk, alloc, icc, profile, n as i32),
    };
    let mask = image.mask.as_ref().map(|packed| {
        let m = alloc.next();
        let mut x = chunk.image_xobject(m, packed);
        x.filter(Filter::FlateDecode);
        x.width(w)
            .height(h)
            .bits_per_component(8)
            .color_space_name(Name(b"DeviceGray"));
        m
    });
    let mut img = chunk.image_xobject(id, &image.data);
    img.filter(if jpeg.is_some() {
        Filter::DctDecode
    } else {
        Filter::FlateDecode
    });
    img.width(w).height(h).bits_per_component(8);
    if image.predicted {
        img.decode_parms()
            .predictor(Predictor::PngOptimum)
            .colors(n as i32)
            .bits_per_component(8)
            .columns(w);
    }
    set_space(&mut img, space);
    if n == 4 && jpeg.is_some_and(|b| jpeg_is_adobe(b)) {
        img.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    }
    if let Some(m) = mask {
        img.s_mask(m);
    }
}

/// How an image's colours are declared.
#[derive(Debug, Clone, Copy)]
enum Space {
    Icc(Ref),
    Device(&'static [u8]),
}

fn color_space(
    chunk: &mut Chunk,
    alloc: &mut RefAlloc,
    icc: &mut IccCache,
    profile: Option<&Arc<Vec<u8>>>,
    n: i32,
) -> Space {
    match (profile, n) {
        (Some(p), _) if !p.is_empty() => Space::Icc(icc.profile(chunk, alloc, p, n)),
        (_, 3) => Space::Icc(icc.srgb(chunk, alloc)),
        (_, 4) => Space::Device(b"DeviceCMYK"),
        _ => Space::Device(b"DeviceGray"),
    }
}

fn set_space(img: &mut pdf_writer::writers::ImageXObject<'_>, space: Space) {
    match space {
        Space::Icc(r) => img.color_space().icc_based(r),
        Space::Device(name) => {
            img.color_space_name(Name(name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_profile_colour_model() {
        let mut p = vec![0u8; 128];
        p[16..20].copy_from_slice(b"CMYK");
        assert_eq!(icc_components(&p), Some(4));
        assert_eq!(icc_components(SRGB_ICC), Some(3));
        assert_eq!(icc_components(b"short"), None);
    }

    #[test]
    fn finds_the_adobe_marker() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x0E];
        j.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x02");
        j.extend_from_slice(&[0xFF, 0xDA]);
        assert!(jpeg_is_adobe(&j));
        assert!(!jpeg_is_adobe(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]));
        assert!(!jpeg_is_adobe(&[0xFF]));
    }

    /// An RGBA PNG of 3×3 pixels whose rows have the given alpha.
    fn rgba_png(row_alpha: [u8; 3]) -> crate::load::png::PngImage {
        let mut bytes = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut bytes, 3, 3);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            let data: Vec<u8> = row_alpha
                .iter()
                .flat_map(|&a| [[10u8, 20, 30, a]; 3].concat())
                .collect();
            writer.write_image_data(&data).unwrap();
        }
        crate::load::png::PngImage::parse(bytes, 100).unwrap()
    }

    // The mask is begun only at the first row that is not opaque, with the rows before it.
    #[test]
    fn a_png_mask_holds_every_row_and_an_opaque_one_none() {
        use std::io::Read;
        let png = rgba_png([255, 255, 7]);
        let encoded = encode_png(&png).unwrap();
        let mut alpha = Vec::new();
        flate2::read::ZlibDecoder::new(encoded.mask.as_deref().expect("a mask"))
            .read_to_end(&mut alpha)
            .unwrap();
        assert_eq!(alpha, [255, 255, 255, 255, 255, 255, 7, 7, 7]);
        let mut colour = Vec::new();
        flate2::read::ZlibDecoder::new(encoded.data.as_slice())
            .read_to_end(&mut colour)
            .unwrap();
        assert_eq!(colour, [10, 20, 30].repeat(9));
        let opaque = rgba_png([255; 3]);
        assert!(encode_png(&opaque).unwrap().mask.is_none());
    }
}
