//! The PDF writer (pdf-writer + subsetter): fonts, images, imported ads, page geometry,
//! output intent; pages' content streams made in parallel and joined in page order.
//! (Interface fixed; implementation by the PDF module's owner.)

use crate::diag::Diagnostic;
use crate::document::Document;
use crate::text::fonts::FontBook;
use std::path::Path;

/// Which kind of file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputMode {
    /// The print file: PDF/X-4, CMYK, marks in the slug.
    #[default]
    Final,
    /// A lighter file for proofing on screen.
    Proof,
}

/// How to write the PDF.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Final or proof.
    pub mode: OutputMode,
    /// Seconds since the Unix epoch to stamp as creation date (from `SOURCE_DATE_EPOCH`);
    /// no date is written when `None`, so builds are reproducible.
    pub source_date_epoch: Option<i64>,
}

/// Serializes `doc` to PDF bytes.
pub fn pdf_bytes(
    doc: &Document,
    fonts: &FontBook,
    options: &WriteOptions,
) -> Result<Vec<u8>, Diagnostic> {
    let _ = (doc, fonts, options);
    todo!("pdf owner")
}

/// Writes `doc` to `path` atomically: to a temporary file beside it, then renamed, so a
/// failed build never leaves a partial PDF.
pub fn write_pdf(
    doc: &Document,
    fonts: &FontBook,
    options: &WriteOptions,
    path: &Path,
) -> Result<(), Diagnostic> {
    let bytes = pdf_bytes(doc, fonts, options)?;
    let _ = (bytes, path);
    todo!("pdf owner")
}
