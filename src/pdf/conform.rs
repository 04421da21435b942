//! PDF/X conformance levels: PDF/X-4 (the default: ICC-tagged RGB photos and advertisers'
//! transparency kept as they are) and PDF/X-1a:2001 (CMYK and spot colour only, no
//! transparency, PDF 1.3). For X-1a, RGB photos and raster ads are converted to CMYK with
//! moxcms through the FOGRA39 profile; what cannot be converted faithfully (a PDF ad with
//! RGB colour, ICC-based colour or transparency, a raster with a real alpha channel) makes
//! the writer refuse, naming each offending file and why.

use super::adcheck::{scan_ad, scan_image};
use super::meta::FOGRA39_ICC;
use crate::diag::Diagnostic;
use crate::document::Document;
use moxcms::{ColorProfile, Layout, RenderingIntent, TransformOptions};
use std::collections::BTreeSet;

/// The PDF/X standard the file claims and is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conformance {
    /// PDF/X-4 (ISO 15930-7): PDF 1.6, ICC-based colour and live transparency allowed.
    #[default]
    X4,
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, CMYK/grey/spot only, no transparency.
    X1a,
}

impl Conformance {
    /// The `GTS_PDFXVersion` written to Info and XMP.
    pub fn version(self) -> &'static str {
        match self {
            Conformance::X4 => "PDF/X-4",
            Conformance::X1a => "PDF/X-1a:2001",
        }
    }

    /// The PDF version in the header, as (major, minor).
    pub fn pdf_version(self) -> (u8, u8) {
        match self {
            Conformance::X4 => (1, 6),
            Conformance::X1a => (1, 3),
        }
    }
}

/// Checks that `doc` can be written as PDF/X-1a: every ad PDF CMYK-only without
/// transparency and with its fonts embedded, every raster without a (non-opaque) alpha
/// channel. One error lists every offending file and why.
pub fn check_x1a(doc: &Document) -> Result<(), Diagnostic> {
    let mut problems: BTreeSet<String> = BTreeSet::new();
    let list = |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    for ad in &doc.ads {
        let scan = scan_ad(ad);
        let file = ad.path.display();
        let raster = matches!(ad.kind, crate::load::assets::AdKind::Image(_));
        // RGB (and ICC-tagged) pixels are converted; only a PDF's RGB is a problem.
        if !raster && !scan.rgb.is_empty() {
            problems.insert(format!("ad {file}: RGB colour ({})", list(&scan.rgb)));
        }
        // Grey and CMYK ICC spaces are written as DeviceGray/DeviceCMYK (see `import`).
        let other_icc: Vec<String> = scan
            .icc
            .iter()
            .filter(|n| !matches!(n, 1 | 4))
            .map(|n| format!("{n} components"))
            .collect();
        if !raster && !other_icc.is_empty() {
            problems.insert(format!(
                "ad {file}: ICC-based colour that is neither grey nor CMYK ({})",
                other_icc.join(", ")
            ));
        }
        if !scan.transparency.is_empty() {
            problems.insert(format!(
                "ad {file}: transparency ({})",
                list(&scan.transparency)
            ));
        }
        if !scan.unembedded_fonts.is_empty() {
            problems.insert(format!(
                "ad {file}: fonts not embedded ({})",
                list(&scan.unembedded_fonts)
            ));
        }
        if !scan.unreadable.is_empty() {
            problems.insert(format!(
                "ad {file}: cannot be checked ({})",
                list(&scan.unreadable)
            ));
        }
    }
    for img in &doc.images {
        let scan = scan_image(img);
        if !scan.transparency.is_empty() {
            problems.insert(format!(
                "image {}: transparency ({})",
                img.path.display(),
                list(&scan.transparency)
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Diagnostic::output(format!(
        "the edition cannot be written as PDF/X-1a (CMYK only, no transparency): {}",
        problems.into_iter().collect::<Vec<_>>().join("; ")
    ))
    .with_hint("replace those files with CMYK PDF/X-1a artwork, or write PDF/X-4 (the default)"))
}

/// Converts interleaved 8-bit RGB samples to CMYK for the FOGRA39 printing condition
/// (perceptual intent, as for photos), from the image's own profile when it has a usable
/// RGB one, else from sRGB.
pub fn rgb_to_cmyk(rgb: &[u8], profile: Option<&[u8]>) -> Result<Vec<u8>, String> {
    if !rgb.len().is_multiple_of(3) {
        return Err(format!("{} RGB bytes is not whole pixels", rgb.len()));
    }
    let source = profile
        .and_then(|p| ColorProfile::new_from_slice(p).ok())
        .filter(|p| p.color_space == moxcms::DataColorSpace::Rgb)
        .unwrap_or_else(ColorProfile::new_srgb);
    let dest = ColorProfile::new_from_slice(FOGRA39_ICC)
        .map_err(|e| format!("the FOGRA39 profile cannot be read ({e})"))?;
    let options = TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    };
    // moxcms carries four-channel CMYK data in the Rgba layout.
    let transform = source
        .create_transform_8bit(Layout::Rgb, &dest, Layout::Rgba, options)
        .map_err(|e| format!("no RGB → FOGRA39 transform ({e})"))?;
    let mut out = vec![0u8; rgb.len() / 3 * 4];
    transform
        .transform(rgb, &mut out)
        .map_err(|e| format!("the conversion to CMYK failed ({e})"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_rgb_to_plausible_cmyk() {
        // White, black, pure red.
        let cmyk = rgb_to_cmyk(&[255, 255, 255, 0, 0, 0, 255, 0, 0], None).unwrap();
        assert_eq!(cmyk.len(), 12);
        assert!(
            cmyk[0..4].iter().all(|&v| v < 10),
            "white: {:?}",
            &cmyk[0..4]
        );
        assert!(cmyk[7] > 150, "black has K: {:?}", &cmyk[4..8]);
        let red = &cmyk[8..12];
        assert!(red[1] > 150 && red[2] > 150 && red[0] < 60, "red: {red:?}");
        assert!(rgb_to_cmyk(&[1, 2], None).is_err());
    }
}
