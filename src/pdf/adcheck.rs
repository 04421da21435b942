//! Ad checks: what in an advertiser's file stands in the way of PDF/X — RGB colour, fonts
//! not embedded, transparency (and an RGB blending space) — found by walking every object
//! the placed page reaches and every content stream it draws.
//!
//! [`check_ad`] turns the findings into preflight warnings (the ad is still placed, kept
//! intact: PDF/X-4 allows ICC-based RGB and live transparency); [`scan_ad`] is what the
//! PDF/X-1a writer uses to refuse an ad that X-1a cannot carry.

use crate::diag::Diagnostic;
use crate::load::assets::{AdArtwork, AdKind, ImageAsset, ImageData, PdfPage};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::BTreeSet;

/// Most objects looked at in one ad (a hostile file cannot make the check run forever).
const MAX_OBJECTS: usize = 200_000;
/// Largest decoded content stream looked into.
const MAX_CONTENT: usize = 64 * 1024 * 1024;
/// Longest /Parent chain followed for inherited resources.
const MAX_PARENTS: usize = 64;

/// What an ad holds that PDF/X cares about. Each list holds short human descriptions,
/// deduplicated and sorted (the report does not depend on the file's object order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdScan {
    /// RGB colour: DeviceRGB/CalRGB names, `rg`/`RG` operators, RGB ICC profiles, RGB pixels.
    pub rgb: BTreeSet<String>,
    /// ICC-based colour spaces, by their number of components (0 when unreadable):
    /// allowed in PDF/X-4; for PDF/X-1a grey (1) and CMYK (4) ones are mapped to device
    /// spaces, others refused.
    pub icc: BTreeSet<i64>,
    /// Fonts without an embedded font program, by base name.
    pub unembedded_fonts: BTreeSet<String>,
    /// Transparency: groups, soft masks, constant alpha below 1, blend modes, alpha channels.
    pub transparency: BTreeSet<String>,
    /// Transparency groups whose blending colour space is RGB.
    pub rgb_blending: BTreeSet<String>,
    /// Parts of the file that could not be read (the check is then incomplete).
    pub unreadable: BTreeSet<String>,
}

impl AdScan {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        *self == AdScan::default()
    }
}

/// Preflight warnings for an ad that is not PDF/X compatible: RGB content, fonts not
/// embedded, transparency groups blending in RGB (PDF ads), and RGB pixels (raster ads).
pub fn check_ad(ad: &AdArtwork) -> Vec<crate::diag::Diagnostic> {
    let scan = scan_ad(ad);
    let mut out = Vec::new();
    let mut warn = |what: String, hint: &str| {
        out.push(
            Diagnostic::preflight(what)
                .warning()
                .in_file(&ad.path)
                .with_hint(hint.to_string()),
        );
    };
    let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    match &ad.kind {
        AdKind::Pdf(_) => {
            if !scan.rgb.is_empty() {
                warn(
                    format!("the ad PDF uses RGB colour ({}): not PDF/X-1a compatible; the printer's RIP converts it to CMYK", list(&scan.rgb)),
                    "ask the advertiser for a CMYK file (PDF/X-1a or PDF/X-4 for FOGRA39)",
                );
            }
            if !scan.unembedded_fonts.is_empty() {
                warn(
                    format!(
                        "the ad PDF has fonts that are not embedded ({}): not PDF/X compatible",
                        list(&scan.unembedded_fonts)
                    ),
                    "ask the advertiser to export with all fonts embedded",
                );
            }
            if !scan.rgb_blending.is_empty() {
                warn(
                    format!(
                        "the ad PDF blends transparency in RGB ({}): colours may shift when flattened for CMYK",
                        list(&scan.rgb_blending)
                    ),
                    "ask for a file with a CMYK transparency blend space (or flattened, PDF/X-1a)",
                );
            }
            if !scan.unreadable.is_empty() {
                warn(
                    format!(
                        "parts of the ad PDF could not be checked ({})",
                        list(&scan.unreadable)
                    ),
                    "open the ad in a preflight tool, or ask for a re-export",
                );
            }
        }
        AdKind::Image(_) => {
            if !scan.rgb.is_empty() {
                warn(
                    "the raster ad is RGB: it is placed ICC-tagged (PDF/X-4) and converted to CMYK by the RIP, or by presswork for PDF/X-1a".to_string(),
                    "ask the advertiser for a CMYK JPEG (FOGRA39) or a PDF/X file",
                );
            }
        }
    }
    out
}

/// Scans an ad: a PDF page's resources and content, or a raster's pixels.
pub fn scan_ad(ad: &AdArtwork) -> AdScan {
    match &ad.kind {
        AdKind::Pdf(page) => scan_pdf_page(page),
        AdKind::Image(img) => scan_image(img),
    }
}

/// What a raster holds: RGB samples, an ICC profile, an alpha channel.
pub fn scan_image(img: &ImageAsset) -> AdScan {
    let mut scan = AdScan::default();
    let (components, icc, transparent) = match &img.data {
        ImageData::Jpeg {
            components, icc, ..
        } => (*components, icc.as_ref(), false),
        ImageData::Decoded {
            components,
            icc,
            alpha,
            ..
        } => (
            *components,
            icc.as_ref(),
            alpha.as_ref().is_some_and(|a| a.iter().any(|&v| v != 255)),
        ),
        // Decoded alpha is kept only when some pixel is not opaque. A PNG that cannot be
        // decoded is reported when it is written.
        ImageData::Png(png) => (
            png.components(),
            png.icc(),
            png.may_be_transparent()
                && super::images::encode_png(png).is_ok_and(|e| e.mask.is_some()),
        ),
    };
    if components == 3 {
        scan.rgb.insert("RGB pixels".into());
    }
    if icc.is_some() || components == 3 {
        // Untagged RGB is written as ICC-based sRGB.
        scan.icc.insert(components as i64);
    }
    if transparent {
        scan.transparency.insert("an alpha channel".into());
    }
    scan
}

/// Scans page `page` of an ad PDF: everything its (inherited) resources and group reach,
/// and its content streams (the page's and those of forms, patterns and glyph procedures).
pub fn scan_pdf_page(page: &PdfPage) -> AdScan {
    let doc = &*page.doc;
    let mut scan = AdScan::default();
    let Ok(dict) = doc.get_dictionary(page.page_id) else {
        scan.unreadable.insert("the page".into());
        return scan;
    };
    let mut roots: Vec<&Object> = Vec::new();
    let mut node = dict;
    for _ in 0..MAX_PARENTS {
        if let Ok(r) = node.get(b"Resources") {
            roots.push(r);
            break;
        }
        match node
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
        {
            Ok(d) => node = d,
            Err(_) => break,
        }
    }
    if let Ok(g) = dict.get(b"Group") {
        group(doc, g, "the page's group", &mut scan);
    }
    match doc.get_page_content_with_limit(page.page_id, MAX_CONTENT) {
        Ok(content) => operators(&content, "the page", &mut scan),
        Err(_) => {
            scan.unreadable.insert("the page's content".into());
        }
    }
    walk(doc, &roots, &mut scan);
    scan
}

fn deref<'a>(doc: &'a lopdf::Document, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.objects.get(id).unwrap_or(&Object::Null),
        o => o,
    }
}

fn name_of(doc: &lopdf::Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    d.get(key)
        .ok()
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// Visits every object reachable from `roots` (not the page tree) once.
fn walk(doc: &lopdf::Document, roots: &[&Object], scan: &mut AdScan) {
    let mut seen: BTreeSet<ObjectId> = BTreeSet::new();
    let mut stack: Vec<&Object> = roots.to_vec();
    while let Some(obj) = stack.pop() {
        let obj = match obj {
            Object::Reference(id) => {
                if !seen.insert(*id) || seen.len() > MAX_OBJECTS {
                    continue;
                }
                match doc.objects.get(id) {
                    Some(o) => o,
                    None => continue,
                }
            }
            o => o,
        };
        match obj {
            Object::Array(items) => {
                color_space_array(doc, items, scan);
                stack.extend(items.iter());
            }
            Object::Dictionary(d) => {
                if is_page_node(doc, d) {
                    continue;
                }
                dictionary(doc, d, scan);
                stack.extend(children(d));
            }
            Object::Stream(s) => {
                dictionary(doc, &s.dict, scan);
                stream(doc, s, scan);
                stack.extend(children(&s.dict));
            }
            Object::Name(n) => device_name(n, "a colour space", scan),
            _ => {}
        }
    }
}

fn is_page_node(doc: &lopdf::Document, d: &Dictionary) -> bool {
    matches!(name_of(doc, d, b"Type").as_deref(), Some("Page" | "Pages"))
}

fn children(d: &Dictionary) -> Vec<&Object> {
    // /Parent would climb back into the page tree; /Alternate of an ICC stream is the
    // fallback the profile replaces, not colour the ad uses.
    d.iter()
        .filter(|(k, _)| !matches!(k.as_slice(), b"Parent" | b"Alternate"))
        .map(|(_, v)| v)
        .collect()
}

fn device_name(n: &[u8], where_: &str, scan: &mut AdScan) {
    if matches!(n, b"DeviceRGB" | b"CalRGB" | b"RGB") {
        scan.rgb
            .insert(format!("{} in {where_}", String::from_utf8_lossy(n)));
    }
}

/// `[/ICCBased stream]` and `[/CalRGB …]` colour-space arrays.
fn color_space_array(doc: &lopdf::Document, items: &[Object], scan: &mut AdScan) {
    let Some(Ok(family)) = items.first().map(|o| deref(doc, o).as_name()) else {
        return;
    };
    match family {
        b"ICCBased" => {
            let n = items
                .get(1)
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| s.dict.get(b"N").ok())
                .and_then(|n| n.as_i64().ok());
            scan.icc.insert(n.unwrap_or(0));
            if n == Some(3) {
                scan.rgb.insert("an RGB ICC profile".into());
            }
        }
        b"CalRGB" => {
            scan.rgb.insert("CalRGB".into());
        }
        _ => {}
    }
}

/// Fonts, graphics states, images and groups.
fn dictionary(doc: &lopdf::Document, d: &Dictionary, scan: &mut AdScan) {
    let ty = name_of(doc, d, b"Type");
    let subtype = name_of(doc, d, b"Subtype");
    if ty.as_deref() == Some("Font") || d.has(b"BaseFont") {
        font(doc, d, subtype.as_deref(), scan);
    }
    if ty.as_deref() == Some("ExtGState") || d.has(b"ca") || d.has(b"CA") || d.has(b"BM") {
        ext_gstate(doc, d, scan);
    }
    if subtype.as_deref() == Some("Image") {
        if let Ok(m) = d.get(b"SMask") {
            if !matches!(deref(doc, m), Object::Null | Object::Name(_)) {
                scan.transparency.insert("an image with a soft mask".into());
            }
        }
        if let Ok(cs) = d.get(b"ColorSpace") {
            if let Ok(n) = deref(doc, cs).as_name() {
                device_name(n, "an image", scan);
            }
        }
    }
    if let Ok(g) = d.get(b"Group") {
        let what = match subtype.as_deref() {
            Some("Form") => "a form's group",
            _ => "a group",
        };
        group(doc, g, what, scan);
    }
}

fn font(doc: &lopdf::Document, d: &Dictionary, subtype: Option<&str>, scan: &mut AdScan) {
    // Type 3 glyphs are content streams in the file: embedded by nature.
    if subtype == Some("Type3") {
        return;
    }
    let base = name_of(doc, d, b"BaseFont").unwrap_or_else(|| "(unnamed font)".into());
    let descriptor_dict = if subtype == Some("Type0") {
        d.get(b"DescendantFonts")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
    } else {
        Some(d)
    };
    let embedded = descriptor_dict
        .and_then(|f| f.get(b"FontDescriptor").ok())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
        .is_some_and(|fd| fd.has(b"FontFile") || fd.has(b"FontFile2") || fd.has(b"FontFile3"));
    if !embedded {
        scan.unembedded_fonts.insert(base);
    }
}

fn ext_gstate(doc: &lopdf::Document, d: &Dictionary, scan: &mut AdScan) {
    for key in [b"ca".as_slice(), b"CA".as_slice()] {
        if let Ok(v) = d.get(key).map(|o| deref(doc, o)) {
            let alpha = match v {
                Object::Integer(i) => *i as f32,
                Object::Real(r) => *r,
                _ => 1.0,
            };
            if alpha < 1.0 {
                scan.transparency.insert(format!(
                    "constant alpha {} {alpha}",
                    String::from_utf8_lossy(key)
                ));
            }
        }
    }
    if let Ok(bm) = d.get(b"BM").map(|o| deref(doc, o)) {
        let modes: Vec<&[u8]> = match bm {
            Object::Name(n) => vec![n.as_slice()],
            Object::Array(a) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
            _ => vec![],
        };
        if let Some(m) = modes
            .iter()
            .find(|m| !matches!(**m, b"Normal" | b"Compatible"))
        {
            scan.transparency
                .insert(format!("blend mode {}", String::from_utf8_lossy(m)));
        }
    }
    if let Ok(m) = d.get(b"SMask").map(|o| deref(doc, o)) {
        if !matches!(m, Object::Name(n) if n == b"None") {
            scan.transparency
                .insert("a soft mask in a graphics state".into());
        }
    }
}

fn group(doc: &lopdf::Document, g: &Object, what: &str, scan: &mut AdScan) {
    let Ok(g) = deref(doc, g).as_dict() else {
        return;
    };
    if name_of(doc, g, b"S").as_deref() != Some("Transparency") {
        return;
    }
    scan.transparency
        .insert(format!("transparency group ({what})"));
    let rgb = match g.get(b"CS").map(|o| deref(doc, o)) {
        Ok(Object::Name(n)) => matches!(n.as_slice(), b"DeviceRGB" | b"CalRGB"),
        Ok(Object::Array(a)) => {
            let mut sub = AdScan::default();
            color_space_array(doc, a, &mut sub);
            !sub.rgb.is_empty()
        }
        _ => false,
    };
    if rgb {
        scan.rgb_blending.insert(what.to_string());
    }
}

/// Content streams of forms, patterns and Type 3 glyphs (reached through resources).
fn stream(doc: &lopdf::Document, s: &lopdf::Stream, scan: &mut AdScan) {
    let subtype = name_of(doc, &s.dict, b"Subtype");
    // Only streams known to be content: a font program decoded as content could show
    // stray `rg` tokens.
    let is_content = subtype.as_deref() == Some("Form") || s.dict.has(b"PatternType");
    if !is_content {
        return;
    }
    let what = if subtype.as_deref() == Some("Form") {
        "a form"
    } else {
        "a pattern"
    };
    let data = if s.dict.has(b"Filter") {
        match s.decompressed_content_with_limit(MAX_CONTENT) {
            Ok(d) => d,
            Err(_) => {
                scan.unreadable.insert(format!("the content of {what}"));
                return;
            }
        }
    } else {
        s.content.clone()
    };
    operators(&data, what, scan);
}

/// `rg`/`RG` operators, and DeviceRGB named by `cs`/`CS` or in inline images.
fn operators(data: &[u8], what: &str, scan: &mut AdScan) {
    let Ok(content) = lopdf::content::Content::decode(data) else {
        scan.unreadable.insert(format!("the content of {what}"));
        return;
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "rg" | "RG" => {
                scan.rgb.insert(format!("`{}` in {what}", op.operator));
            }
            "cs" | "CS" => {
                if let Some(Ok(n)) = op.operands.first().map(Object::as_name) {
                    device_name(n, what, scan);
                }
            }
            "BI" | "ID" => {
                for o in &op.operands {
                    if let Ok(n) = o.as_name() {
                        device_name(n, &format!("an inline image in {what}"), scan);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document, Stream};
    use std::sync::Arc;

    fn page_with(resources: Dictionary, content: &[u8], group: Option<Dictionary>) -> AdArtwork {
        let mut doc = Document::with_version("1.6");
        let c = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let mut p = dictionary! { "Type" => "Page", "Contents" => c, "Resources" => resources };
        if let Some(g) = group {
            p.set("Group", g);
        }
        let id = doc.add_object(p);
        let r = crate::geom::Rect::new(
            crate::geom::Pt(0.0),
            crate::geom::Pt(0.0),
            crate::geom::Pt(100.0),
            crate::geom::Pt(100.0),
        );
        AdArtwork {
            path: "ad.pdf".into(),
            kind: AdKind::Pdf(PdfPage {
                doc: Arc::new(doc),
                page_id: id,
                trim: r,
                bleed: r,
                media: r,
            }),
        }
    }

    #[test]
    fn a_cmyk_ad_with_embedded_fonts_is_clean() {
        let ad = page_with(dictionary! {}, b"0 0 0 1 k 0 0 10 10 re f", None);
        assert!(scan_ad(&ad).is_clean(), "{:?}", scan_ad(&ad));
        assert!(check_ad(&ad).is_empty());
    }

    #[test]
    fn finds_rgb_fonts_and_rgb_blending() {
        let res = dictionary! {
            "Font" => dictionary! { "F1" => dictionary! {
                "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial" } },
            "ExtGState" => dictionary! { "G" => dictionary! { "Type" => "ExtGState", "ca" => 0.5 } },
        };
        let group = dictionary! { "S" => "Transparency", "CS" => "DeviceRGB" };
        let ad = page_with(res, b"1 0 0 rg 0 0 10 10 re f", Some(group));
        let scan = scan_ad(&ad);
        assert!(scan.rgb.iter().any(|s| s.contains("rg")), "{scan:?}");
        assert!(scan.unembedded_fonts.contains("Arial"));
        assert!(!scan.rgb_blending.is_empty() && !scan.transparency.is_empty());
        let d = check_ad(&ad);
        assert_eq!(d.len(), 3, "{d:?}");
        assert!(d.iter().all(|d| !d.is_error()));
        assert!(d[0].to_string().contains("ad.pdf"), "{}", d[0]);
    }
}
