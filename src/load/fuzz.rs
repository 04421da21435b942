//! Entry points for fuzzing the load stage's parsers and decoders. Each takes arbitrary
//! bytes, runs them through the same code the loader runs on a file, and returns whether the
//! input was accepted; none may panic, loop or allocate without bound, whatever the bytes.
//! Used by the `cargo fuzz` targets in `fuzz/` and by `tests/fuzz_smoke.rs`.

use super::assets::{ImageAsset, ImageData};
use super::check::{check_article, check_flatplan, check_layout};
use super::decode::{image_from_bytes, pdf};
use super::limits::{check_pdf_nesting, LoadOptions};
use super::parse::{parse_article, parse_edition, parse_layout};
use std::collections::BTreeSet;
use std::path::Path;

// Files are read as UTF-8 by the loader, which refuses anything else before parsing; the
// fuzzers still want the parsers to see every byte pattern, so invalid UTF-8 is replaced.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Parses and checks `bytes` as an `edition.toml` (flatplan checks without a layout).
pub fn edition_toml(bytes: &[u8]) -> bool {
    let text = text(bytes);
    let file = Path::new("edition.toml");
    match parse_edition(file, &text) {
        Ok((edition, spans)) => {
            let files: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
            !check_flatplan(&edition, &spans, file, &text, None, &files).has_errors()
        }
        Err(d) => {
            // Rendering the message exercises the position and did-you-mean code too.
            let _ = d.to_string();
            false
        }
    }
}

/// Parses and checks `bytes` as an article file (named after the id it holds).
pub fn article_json(bytes: &[u8]) -> bool {
    let text = text(bytes);
    let file = Path::new("articles/a.json");
    match parse_article(file, &text) {
        Ok(article) => {
            let id = article.id.clone();
            !check_article(&article, &id, file, &text).has_errors()
        }
        Err(ds) => {
            let _ = ds.to_string();
            false
        }
    }
}

/// Parses and checks `bytes` as a layout file (without fonts: font names are not checked).
pub fn layout_toml(bytes: &[u8]) -> bool {
    let text = text(bytes);
    let file = Path::new("layouts/x.toml");
    match parse_layout(file, &text) {
        Ok(layout) => !check_layout(&layout, file, &text, None).has_errors(),
        Err(d) => {
            let _ = d.to_string();
            false
        }
    }
}

/// Decodes `bytes` as an ad PDF (page 1 and its boxes), within the default limits.
pub fn ad_pdf(bytes: &[u8]) -> bool {
    ad_pdf_with(bytes, &LoadOptions::default())
}

/// Decodes `bytes` as an ad PDF within the limits of `options`.
pub fn ad_pdf_with(bytes: &[u8], options: &LoadOptions) -> bool {
    pdf(bytes, options).is_ok()
}

/// Checks only the nesting of `bytes` as a PDF (the pre-parse guard), within `max_depth`.
pub fn pdf_nesting(bytes: &[u8], max_depth: usize) -> bool {
    check_pdf_nesting(bytes, max_depth).is_ok()
}

/// Decodes `bytes` as a photo (JPEG header or PNG pixels) with a small pixel limit, so that
/// a fuzzed header cannot ask for gigabytes.
pub fn image(bytes: &[u8]) -> bool {
    match image_from_bytes(Path::new("x"), bytes.to_vec(), 4_000_000) {
        // A PNG is decoded only when its pixels are needed: decode it here too.
        Ok(ImageAsset {
            data: ImageData::Png(png),
            ..
        }) => {
            let _ = png.pixels();
            true
        }
        Ok(_) => true,
        Err(_) => false,
    }
}
