//! Decoding photos and ad artwork once: JPEG headers (passthrough), PNG pixels, PDF page 1.

use super::assets::{AdArtwork, AdKind, ImageAsset, ImageData, PdfPage};
use crate::geom::{Pt, Rect};
use image::ImageDecoder;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

pub use super::limits::DEFAULT_MAX_PIXELS;
use super::limits::{check_pdf_graph, check_pdf_nesting, read_limited, LoadOptions};

/// A decoding failure: what is wrong and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

fn fail(message: impl Into<String>, hint: impl Into<String>) -> DecodeError {
    DecodeError {
        message: message.into(),
        hint: hint.into(),
    }
}

/// Reads a JPEG or PNG photo (decided by its contents, not its name).
pub fn load_image(path: &Path, options: &LoadOptions) -> Result<ImageAsset, DecodeError> {
    let bytes = read_limited(path, options.max_image_bytes, "image")?;
    image_from_bytes(path, bytes, options.max_pixels)
}

pub(super) fn image_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    max_pixels: u64,
) -> Result<ImageAsset, DecodeError> {
    let (width_px, height_px, data) = if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes, max_pixels)?
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        png(&bytes, max_pixels)?
    } else {
        return Err(fail(
            "not a JPEG or PNG file",
            "photos must be JPEG or PNG; convert the file",
        ));
    };
    Ok(ImageAsset {
        path: path.to_path_buf(),
        width_px,
        height_px,
        data,
    })
}

fn check_pixels(w: u32, h: u32, max_pixels: u64) -> Result<(), DecodeError> {
    if w == 0 || h == 0 {
        return Err(fail(
            format!("the image claims a size of {w}×{h} pixels"),
            "the file is corrupt; export it again",
        ));
    }
    let pixels = u64::from(w) * u64::from(h);
    if pixels > max_pixels {
        return Err(fail(
            format!(
                "the image is {w}×{h} pixels ({:.0} megapixels), more than the limit of {:.0} megapixels",
                pixels as f64 / 1e6,
                max_pixels as f64 / 1e6
            ),
            "scale the image down to the size it is printed at (300 ppi is enough)",
        ));
    }
    Ok(())
}

fn truncated() -> DecodeError {
    fail(
        "the JPEG file is truncated or corrupt",
        "the file was cut short; copy or export it again",
    )
}

/// Reads a JPEG's frame header and ICC profile; the file is kept as it is.
fn jpeg(bytes: Vec<u8>, max_pixels: u64) -> Result<(u32, u32, ImageData), DecodeError> {
    let mut pos = 2usize;
    let mut frame: Option<(u32, u32, u8)> = None;
    let mut icc_parts: Vec<(u8, u8, Vec<u8>)> = Vec::new();
    loop {
        // Markers may be preceded by fill bytes 0xFF.
        if bytes.get(pos) != Some(&0xFF) {
            return Err(truncated());
        }
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or_else(truncated)?;
        pos += 1;
        match marker {
            0x01 | 0xD0..=0xD7 => continue,
            0xD9 => return Err(truncated()),
            _ => {}
        }
        let len_bytes = bytes.get(pos..pos + 2).ok_or_else(truncated)?;
        let len = usize::from(u16::from_be_bytes([len_bytes[0], len_bytes[1]]));
        if len < 2 {
            return Err(truncated());
        }
        let seg = bytes.get(pos + 2..pos + len).ok_or_else(truncated)?;
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if !matches!(marker, 0xC0..=0xC2) {
                    return Err(fail(
                        "the JPEG uses lossless, hierarchical or arithmetic coding, which PDF readers cannot show",
                        "save it again as a baseline or progressive JPEG",
                    ));
                }
                if seg.len() < 6 {
                    return Err(truncated());
                }
                if seg[0] != 8 {
                    return Err(fail(
                        format!("the JPEG has {}-bit samples; PDF needs 8-bit", seg[0]),
                        "save it again as an 8-bit JPEG",
                    ));
                }
                let h = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
                let w = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
                frame = Some((w, h, seg[5]));
            }
            0xE2 if seg.starts_with(b"ICC_PROFILE\0") && seg.len() >= 14 => {
                icc_parts.push((seg[12], seg[13], seg[14..].to_vec()));
            }
            0xDA => break,
            _ => {}
        }
        pos += len;
    }
    let (w, h, components) = frame.ok_or_else(|| {
        fail(
            "the JPEG has no frame header before its image data",
            "the file is corrupt; export it again",
        )
    })?;
    check_pixels(w, h, max_pixels)?;
    if !matches!(components, 1 | 3 | 4) {
        return Err(fail(
            format!("the JPEG has {components} colour components; only 1, 3 or 4 can be printed"),
            "save it again as a greyscale, RGB or CMYK JPEG",
        ));
    }
    // The entropy-coded data must end with an end-of-image marker.
    let has_end = bytes[pos..].windows(2).any(|w| w == [0xFF, 0xD9]);
    if !has_end {
        return Err(truncated());
    }
    let icc = assemble_icc(icc_parts);
    Ok((
        w,
        h,
        ImageData::Jpeg {
            bytes: Arc::new(bytes),
            components,
            icc,
        },
    ))
}

/// Joins the APP2 chunks of an ICC profile in sequence order; drops an incomplete profile.
fn assemble_icc(mut parts: Vec<(u8, u8, Vec<u8>)>) -> Option<Arc<Vec<u8>>> {
    if parts.is_empty() {
        return None;
    }
    parts.sort_by_key(|p| p.0);
    let count = parts[0].1;
    let complete = parts.len() == usize::from(count)
        && parts
            .iter()
            .enumerate()
            .all(|(i, p)| usize::from(p.0) == i + 1 && p.1 == count);
    complete.then(|| Arc::new(parts.into_iter().flat_map(|p| p.2).collect()))
}

fn corrupt_png(e: impl std::fmt::Display) -> DecodeError {
    fail(
        format!("the PNG file is corrupt or truncated ({e})"),
        "export the image again",
    )
}

/// Checks what the PNG decoder takes on trust: every chunk inside the file, and a palette
/// (`PLTE`) of whole RGB entries, 1 to 256 of them.
fn check_png_chunks(bytes: &[u8]) -> Result<(), DecodeError> {
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
        let kind = &bytes[at + 4..at + 8];
        let len = len as usize;
        if kind == b"PLTE" && (len % 3 != 0 || !(3..=768).contains(&len)) {
            return Err(corrupt_png(format!(
                "its palette has {len} bytes, not 1 to 256 RGB entries"
            )));
        }
        if kind == b"IEND" {
            break;
        }
        // Length, type, data, CRC; a chunk running past the end is the decoder's to report.
        at = at.saturating_add(12).saturating_add(len);
    }
    Ok(())
}

/// Decodes a PNG to 8-bit grey or RGB samples plus an optional alpha channel.
fn png(bytes: &[u8], max_pixels: u64) -> Result<(u32, u32, ImageData), DecodeError> {
    // Read the size from IHDR before the decoder allocates anything.
    if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return Err(corrupt_png("no IHDR header"));
    }
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    check_pixels(w, h, max_pixels)?;
    check_png_chunks(bytes)?;
    // A decoder bug must not take the build down: a panic inside it is a corrupt file too
    // (the png crate once panicked on a palette of 379 bytes, found by fuzzing).
    let decoded = std::panic::catch_unwind(|| {
        let mut decoder =
            image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(corrupt_png)?;
        let icc = decoder.icc_profile().ok().flatten().map(Arc::new);
        let img = image::DynamicImage::from_decoder(decoder).map_err(corrupt_png)?;
        Ok((img, icc))
    });
    let (img, icc) = match decoded {
        Ok(result) => result?,
        Err(_) => return Err(corrupt_png("the decoder failed on it")),
    };
    let color = img.color();
    let (samples, components, alpha) = match (color.has_color(), color.has_alpha()) {
        (false, false) => (img.into_luma8().into_raw(), 1, None),
        (true, false) => (img.into_rgb8().into_raw(), 3, None),
        (false, true) => split_alpha(img.into_luma_alpha8().into_raw(), 1),
        (true, true) => split_alpha(img.into_rgba8().into_raw(), 3),
    };
    Ok((
        w,
        h,
        ImageData::Decoded {
            samples: Arc::new(samples),
            components,
            alpha: alpha.map(Arc::new),
            icc,
        },
    ))
}

/// Splits interleaved colour+alpha samples; drops the alpha channel when fully opaque.
fn split_alpha(raw: Vec<u8>, colour: usize) -> (Vec<u8>, u8, Option<Vec<u8>>) {
    let stride = colour + 1;
    let pixels = raw.len() / stride;
    let mut samples = vec![0u8; pixels * colour];
    let mut alpha = vec![0u8; pixels];
    // Fixed-size pixels let the compiler turn the copies into plain moves (a page-sized RGBA
    // ad is millions of pixels).
    match colour {
        3 => split_pixels::<4, 3>(&raw, &mut samples, &mut alpha),
        _ => split_pixels::<2, 1>(&raw, &mut samples, &mut alpha),
    }
    let opaque = alpha.iter().all(|&a| a == 255);
    (samples, colour as u8, (!opaque).then_some(alpha))
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

/// Reads an ad's artwork: page 1 of a PDF, or a JPEG/PNG image.
pub fn load_ad(path: &Path, options: &LoadOptions) -> Result<AdArtwork, DecodeError> {
    let head = {
        use std::io::Read;
        let mut buf = [0u8; 8];
        let n = std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut buf))
            .map_err(|e| fail(format!("cannot read the file: {e}"), "check the file"))?;
        buf[..n].to_vec()
    };
    let kind = if head.starts_with(b"\x89PNG") || head.starts_with(&[0xFF, 0xD8]) {
        AdKind::Image(load_image(path, options)?)
    } else {
        let bytes = read_limited(path, options.max_pdf_bytes, "PDF")?;
        AdKind::Pdf(pdf(&bytes, options)?)
    };
    Ok(AdArtwork {
        path: path.to_path_buf(),
        kind,
    })
}

fn not_pdf(detail: impl std::fmt::Display) -> DecodeError {
    fail(
        format!("not a readable PDF file ({detail})"),
        "ask the advertiser for a PDF/X file, or a JPEG or PNG",
    )
}

fn encrypted() -> DecodeError {
    fail(
        "the PDF is encrypted",
        "ask the advertiser for an unprotected PDF (no password, no permissions set)",
    )
}

/// Parses a PDF and takes its first page and boxes, within the limits of `options`.
pub(super) fn pdf(bytes: &[u8], options: &LoadOptions) -> Result<PdfPage, DecodeError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(not_pdf("no %PDF- header"));
    }
    check_pdf_nesting(bytes, options.max_pdf_depth)?;
    // lopdf is not guaranteed to be panic-free on hostile files: contain it.
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lopdf::Document::load_mem(bytes)
    }));
    let doc = match parsed {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            let s = e.to_string();
            let lower = s.to_ascii_lowercase();
            if lower.contains("encrypt") || lower.contains("decrypt") || lower.contains("password")
            {
                return Err(encrypted());
            }
            return Err(not_pdf(s));
        }
        Err(_) => return Err(not_pdf("the parser failed on it")),
    };
    if doc.was_encrypted() || doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(encrypted());
    }
    let pages = doc.get_pages();
    let Some((_, &page_id)) = pages.iter().next() else {
        return Err(fail(
            "the PDF has no pages",
            "ask the advertiser for the artwork again",
        ));
    };
    check_pdf_graph(
        &doc,
        page_id,
        options.max_pdf_objects,
        options.max_pdf_depth,
    )?;
    let media = page_box(&doc, page_id, b"MediaBox", true).ok_or_else(|| {
        fail(
            "page 1 of the PDF has no valid MediaBox",
            "ask the advertiser for a PDF/X file with its page boxes set",
        )
    })?;
    let crop = page_box(&doc, page_id, b"CropBox", true);
    let trim = page_box(&doc, page_id, b"TrimBox", false)
        .or(crop)
        .unwrap_or(media);
    let bleed = page_box(&doc, page_id, b"BleedBox", false)
        .or(crop)
        .unwrap_or(media);
    Ok(PdfPage {
        doc: Arc::new(doc),
        page_id,
        trim,
        bleed,
        media,
    })
}

/// A page box of `page`, looked up through its `Parent` chain when `inherit` is set.
fn page_box(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    key: &[u8],
    inherit: bool,
) -> Option<Rect> {
    let mut dict = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(obj) = dict.get(key) {
            return rect(doc, obj);
        }
        if !inherit {
            return None;
        }
        let parent = dict.get(b"Parent").and_then(|p| p.as_reference()).ok()?;
        dict = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// A rectangle from a PDF array `[x1 y1 x2 y2]`, normalized to lower-left, width, height.
fn rect(doc: &lopdf::Document, obj: &lopdf::Object) -> Option<Rect> {
    let (_, obj) = doc.dereference(obj).ok()?;
    let arr = obj.as_array().ok()?;
    if arr.len() != 4 {
        return None;
    }
    let mut n = [0f64; 4];
    for (slot, item) in n.iter_mut().zip(arr) {
        let (_, item) = doc.dereference(item).ok()?;
        *slot = match item {
            lopdf::Object::Integer(i) => *i as f64,
            lopdf::Object::Real(r) => f64::from(*r),
            _ => return None,
        };
        if !slot.is_finite() {
            return None;
        }
    }
    let (x, y) = (n[0].min(n[2]), n[1].min(n[3]));
    let (w, h) = ((n[2] - n[0]).abs(), (n[3] - n[1]).abs());
    (w > 0.0 && h > 0.0).then(|| Rect::new(Pt(x), Pt(y), Pt(w), Pt(h)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icc_chunks_join_in_order() {
        let parts = vec![(2, 2, vec![3, 4]), (1, 2, vec![1, 2])];
        assert_eq!(assemble_icc(parts).as_deref(), Some(&vec![1, 2, 3, 4]));
        assert_eq!(assemble_icc(vec![(1, 2, vec![1])]), None);
    }

    #[test]
    fn a_huge_png_header_is_refused_before_decoding() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        let e = image_from_bytes(Path::new("x.png"), png, DEFAULT_MAX_PIXELS).unwrap_err();
        assert!(e.message.contains("megapixels"), "{e:?}");
    }

    #[test]
    fn a_truncated_jpeg_is_refused() {
        let e = image_from_bytes(
            Path::new("x.jpg"),
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16],
            1000,
        )
        .unwrap_err();
        assert!(e.message.contains("truncated"), "{e:?}");
    }

    fn sample(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
    }

    #[test]
    fn jpeg_headers_and_icc_profiles_are_read() {
        let rocket =
            load_image(&sample("assets/photos/rocket.jpg"), &LoadOptions::default()).unwrap();
        assert_eq!((rocket.width_px, rocket.height_px), (640, 427));
        match &rocket.data {
            ImageData::Jpeg {
                components, icc, ..
            } => {
                assert_eq!(*components, 3);
                let icc = icc.as_ref().expect("rocket.jpg has an Adobe RGB profile");
                assert_eq!(&icc[36..40], b"acsp");
            }
            other => panic!("{other:?}"),
        }
        let hopper = load_image(
            &sample("assets/photos/grace_hopper.jpg"),
            &LoadOptions::default(),
        )
        .unwrap();
        assert!(matches!(hopper.data, ImageData::Jpeg { icc: None, .. }));
        let tiny = LoadOptions {
            max_pixels: 1000,
            ..LoadOptions::default()
        };
        let small = load_image(&sample("assets/photos/rocket.jpg"), &tiny);
        assert!(small.unwrap_err().message.contains("megapixels"));
    }

    /// A PNG file from its IHDR fields and raw scanlines.
    fn make_png(w: u32, h: u32, depth: u8, colour: u8, raw: &[u8]) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[start..]);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFFu32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[depth, colour, 0, 0, 0]);
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(
            &mut out,
            b"IDAT",
            &miniz_oxide::deflate::compress_to_vec_zlib(raw, 6),
        );
        chunk(&mut out, b"IEND", &[]);
        out
    }

    #[test]
    fn sixteen_bit_grey_png_becomes_8_bit() {
        // 2×1 grey, 16 bits: filter byte then two big-endian samples.
        let png = make_png(2, 1, 16, 0, &[0, 0xFF, 0xFF, 0x80, 0x00]);
        let img = image_from_bytes(Path::new("g.png"), png, DEFAULT_MAX_PIXELS).unwrap();
        match img.data {
            ImageData::Decoded {
                samples,
                components,
                alpha,
                ..
            } => {
                assert_eq!(components, 1);
                assert_eq!(samples.as_slice(), &[255, 128]);
                assert!(alpha.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rgba_png_keeps_alpha_unless_opaque() {
        let png = make_png(1, 1, 8, 6, &[0, 10, 20, 30, 40]);
        let img = image_from_bytes(Path::new("a.png"), png, DEFAULT_MAX_PIXELS).unwrap();
        match img.data {
            ImageData::Decoded {
                samples,
                components,
                alpha,
                ..
            } => {
                assert_eq!((samples.as_slice(), components), (&[10u8, 20, 30][..], 3));
                assert_eq!(alpha.as_deref().map(Vec::as_slice), Some(&[40u8][..]));
            }
            other => panic!("{other:?}"),
        }
        let png = make_png(1, 1, 8, 6, &[0, 10, 20, 30, 255]);
        let img = image_from_bytes(Path::new("a.png"), png, DEFAULT_MAX_PIXELS).unwrap();
        assert!(matches!(img.data, ImageData::Decoded { alpha: None, .. }));
    }

    #[test]
    fn the_trim_box_of_an_ad_is_read() {
        let ad = load_ad(&sample("assets/ads/nidos.pdf"), &LoadOptions::default()).unwrap();
        let AdKind::Pdf(page) = ad.kind else {
            panic!("nidos.pdf is a PDF")
        };
        // 184 × 130 mm, no bleed.
        assert!((page.trim.w.0 - 521.57).abs() < 1.0, "{:?}", page.trim);
        assert!((page.trim.h.0 - 368.5).abs() < 1.0, "{:?}", page.trim);
    }

    #[test]
    fn the_media_box_is_inherited_from_the_page_tree() {
        use lopdf::{dictionary, Object};
        let mut doc = lopdf::Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "TrimBox" => vec![Object::Integer(10), Object::Integer(10), Object::Integer(90), Object::Integer(190)],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
                "MediaBox" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(100), Object::Real(200.0)],
            }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        let page = pdf(&bytes, &LoadOptions::default()).unwrap();
        assert_eq!((page.media.w.0, page.media.h.0), (100.0, 200.0));
        assert_eq!(
            (page.trim.x.0, page.trim.y.0, page.trim.w.0, page.trim.h.0),
            (10.0, 10.0, 80.0, 180.0)
        );
        assert_eq!(page.bleed.w.0, 100.0);
    }

    #[test]
    fn garbage_is_not_a_pdf() {
        let o = LoadOptions::default();
        assert!(pdf(b"hello", &o).is_err());
        assert!(pdf(b"%PDF-1.4\n garbage", &o).is_err());
    }
}
