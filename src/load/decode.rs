//! Reading photos and ad artwork once: JPEG headers (passthrough), PNG containers (see
//! [`super::png`]), PDF page 1.

use super::assets::{AdArtwork, AdKind, ImageAsset, ImageData, PdfPage};
use super::png::PngImage;
use crate::geom::{Pt, Rect};
use std::path::Path;
use std::sync::Arc;

use super::file_bytes::FileBytes;
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

pub(super) fn fail(message: impl Into<String>, hint: impl Into<String>) -> DecodeError {
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
    bytes: impl Into<FileBytes>,
    max_pixels: u64,
) -> Result<ImageAsset, DecodeError> {
    let bytes = bytes.into();
    let (width_px, height_px, data) = if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg(bytes, max_pixels)?
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let png = PngImage::parse(bytes, max_pixels)?;
        let (w, h) = png.size();
        (w, h, ImageData::Png(Arc::new(png)))
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

pub(super) fn check_pixels(w: u32, h: u32, max_pixels: u64) -> Result<(), DecodeError> {
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
fn jpeg(bytes: FileBytes, max_pixels: u64) -> Result<(u32, u32, ImageData), DecodeError> {
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
    // The entropy-coded data must end with an end-of-image marker (looked for from the end,
    // where it is: scanning megabytes from the front costs more than the rest of the load).
    let has_end = bytes[pos..].windows(2).rev().any(|w| w == [0xFF, 0xD9]);
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
