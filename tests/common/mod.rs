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

/// The line that installs every PDF tool the tests call (poppler, qpdf, ghostscript).
pub const INSTALL_TOOLS: &str = "apt-get install -y poppler-utils qpdf ghostscript";

/// Whether the tests run in CI (the environment variable `CI` is set).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Whether every one of `tools` is installed, for a test that needs them. In CI a missing
/// tool fails the test with the install line; elsewhere it prints why the test is skipped to
/// stderr and returns false, and the test returns: `if !tools(&["qpdf"]) { return; }`.
pub fn tools(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools.iter().copied().filter(|t| !have(t)).collect();
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(", ");
    assert!(
        !in_ci(),
        "{missing} is needed and CI must have it: {INSTALL_TOOLS}"
    );
    eprintln!("skipped: {missing} is not installed ({INSTALL_TOOLS})");
    false
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
        .unwrap_or_else(|e| panic!("pdftotext runs ({INSTALL_TOOLS}): {e}"));
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

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Copies the sample edition into a fresh temporary project (with the project's layouts,
/// fonts and assets) so a test can change it; returns the edition folder.
pub fn scratch_edition(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("presswork-scratch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("editions")).unwrap();
    for dir in ["layouts", "fonts", "assets"] {
        copy_dir(&project().join(dir), &root.join(dir));
    }
    copy_dir(
        &project().join("editions/jn-magazine"),
        &root.join("editions/sample"),
    );
    root.join("editions/sample")
}

/// The environment variable that makes the golden tests (re)write their references.
pub const UPDATE_REFS: &str = "PRESSWORK_UPDATE_REFS";

/// Whether reference files are being rewritten (`PRESSWORK_UPDATE_REFS=1`).
pub fn updating() -> bool {
    std::env::var_os(UPDATE_REFS).is_some()
}

/// Whether a test should (re)write its reference `path` instead of comparing with it: true
/// only with `PRESSWORK_UPDATE_REFS` set. A missing reference fails the test, in CI or not,
/// naming the command that writes it (`test` is the test file: `golden`, `typography`).
pub fn rewrite_reference(path: &Path, test: &str) -> bool {
    if updating() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        return true;
    }
    assert!(
        path.exists(),
        "the reference {} is missing: `{UPDATE_REFS}=1 cargo test --test {test}` writes it \
         (review it before committing)",
        path.display()
    );
    false
}

/// Mean absolute difference per channel (0–255) between two renders of the same size.
pub fn difference(a: &Path, b: &Path) -> f64 {
    let a = image::open(a).unwrap().to_rgb8();
    let b = image::open(b).unwrap().to_rgb8();
    assert_eq!(a.dimensions(), b.dimensions(), "render size changed");
    let total: u64 = a
        .as_raw()
        .iter()
        .zip(b.as_raw())
        .map(|(x, y)| (*x as i32 - *y as i32).unsigned_abs() as u64)
        .sum();
    total as f64 / a.as_raw().len() as f64
}

/// Runs `command` (the presswork binary, say) and returns its output; fails the test with
/// its stderr unless it exits successfully.
#[allow(dead_code)]
pub fn run_ok(command: &mut std::process::Command) -> std::process::Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}
