//! Helpers shared by the integration tests: building the sample once, extracting text.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The project folder.
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample edition, built once per test binary into a temporary folder.
pub struct SampleBuild {
    /// The PDF.
    pub pdf: PathBuf,
    /// The build's result.
    pub built: presswork::Built,
    /// The loaded edition.
    pub edition: presswork::load::LoadedEdition,
}

/// Builds the sample edition once and shares it between the tests of one binary.
pub fn sample() -> &'static SampleBuild {
    static BUILD: OnceLock<SampleBuild> = OnceLock::new();
    BUILD.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("presswork-sample-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pdf = dir.join("jn-magazine.pdf");
        let edition_dir = project().join(presswork::DEFAULT_EDITION);
        let options = presswork::BuildOptions {
            output: Some(pdf.clone()),
            ..Default::default()
        };
        let built = presswork::build(&edition_dir, &options).unwrap_or_else(|d| panic!("{d}"));
        let edition = presswork::load::load_edition(&edition_dir).unwrap();
        SampleBuild {
            pdf,
            built,
            edition,
        }
    })
}

/// Whether a command-line tool is installed.
pub fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

/// The text of pages `first..=last` (1-based) as lopdf extracts it: the content streams'
/// text operators in order, through each font's ToUnicode map — our reading order.
pub fn lopdf_text(pdf: &Path, first: u32, last: u32) -> String {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let pages: Vec<u32> = (first..=last).collect();
    doc.extract_text(&pages).expect("text extracts")
}

/// The words poppler finds on pages `first..=last` (1-based), from `pdftotext -bbox`: its own
/// word segmentation by glyph geometry, independent of our ToUnicode spaces.
pub fn poppler_words(pdf: &Path, first: u32, last: u32) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args([
            "-bbox",
            "-enc",
            "UTF-8",
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).expect("UTF-8 text");
    html.split("<word ")
        .skip(1)
        .filter_map(|w| {
            let text = w.split_once('>')?.1.split_once("</word>")?.0;
            Some(
                text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

/// Folds what typesetting may legitimately change in a word: case (capitals styles), the
/// ĳ digraph set as two letters.
pub fn fold(word: &str) -> String {
    // A mark glyph that shares its letter's cluster (Dutch í́j́) has no text of its own;
    // lopdf shows such a glyph as U+FFFD.
    word.replace('ĳ', "ij")
        .replace('Ĳ', "IJ")
        .replace('\u{fffd}', "")
        .to_lowercase()
}
