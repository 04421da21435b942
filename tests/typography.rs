//! Reference renders of typographic cases, set through the whole pipeline: a tiny edition in
//! a scratch project with a narrow page (three columns of 29 mm, about 83 pt: narrower than
//! any column of the sample), built by the `presswork` binary, page 1 rendered at 60 dpi and
//! compared with `tests/ref/typo-*.png`. A missing reference fails its test;
//! `PRESSWORK_UPDATE_REFS=1 cargo test --test typography` (re)writes the references: look at
//! them before committing.

mod common;

use common::{difference, project, rewrite_reference, tools};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The sample's layout on a 120 × 170 mm page with 12 mm margins and 4 mm gutters.
fn narrow_layout() -> String {
    let a4 = std::fs::read_to_string(project().join("layouts/magazine-a4.toml")).unwrap();
    let mut out = String::new();
    let mut section = String::new();
    for line in a4.lines() {
        if line.starts_with('[') {
            section = line.split(']').next().unwrap_or("").to_string() + "]";
        }
        let key = line.split('=').next().unwrap_or("").trim();
        let replaced = match (section.as_str(), key) {
            ("[page]" | "[slots.full]", "width") => Some("width = 120.0"),
            ("[page]" | "[slots.full]", "height") => Some("height = 170.0"),
            ("[margins]", "top" | "bottom") => Some(if key == "top" {
                "top = 14.0"
            } else {
                "bottom = 14.0"
            }),
            ("[margins]", "inside") => Some("inside = 12.0"),
            ("[margins]", "outside") => Some("outside = 12.0"),
            ("[columns]", "gutter") => Some("gutter = 4.0"),
            // The media kit's other slots must fit the small type area.
            ("[slots.half]" | "[slots.strip]" | "[slots.quarter]", "width") => Some("width = 90.0"),
            ("[slots.half]" | "[slots.strip]" | "[slots.quarter]", "height") => {
                Some("height = 60.0")
            }
            _ => None,
        };
        out.push_str(replaced.unwrap_or(line));
        out.push('\n');
    }
    out
}

/// A scratch project with one edition of one article whose body is `paragraphs`; returns
/// the edition folder.
fn scratch(name: &str, paragraphs: &[&str]) -> PathBuf {
    let body: Vec<serde_json::Value> = paragraphs
        .iter()
        .map(|p| serde_json::json!({ "type": "paragraph", "text": p }))
        .collect();
    scratch_blocks(name, body)
}

/// A scratch project with one edition of one article whose body is `body` (article blocks
/// as JSON); returns the edition folder.
fn scratch_blocks(name: &str, body: Vec<serde_json::Value>) -> PathBuf {
    let root = std::env::temp_dir().join(format!("presswork-typo-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let edition = root.join("editions/t");
    std::fs::create_dir_all(edition.join("articles")).unwrap();
    std::fs::create_dir_all(root.join("layouts")).unwrap();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::create_dir_all(root.join("fonts")).unwrap();
    for f in std::fs::read_dir(project().join("fonts")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), root.join("fonts").join(f.file_name())).unwrap();
    }
    std::fs::write(root.join("layouts/narrow.toml"), narrow_layout()).unwrap();
    std::fs::copy(
        project().join("layouts/hyphenation-nl.txt"),
        root.join("layouts/hyphenation-nl.txt"),
    )
    .unwrap();
    std::fs::write(
        edition.join("edition.toml"),
        "title = \"Typografie\"\nissue = \"Proef\"\nlanguage = \"nl\"\nlayout = \"narrow\"\n\
         date = \"2024-09-01\"\nflatplan = [ { article = \"typo\" } ]\n",
    )
    .unwrap();
    let article = serde_json::json!({
        "id": "typo", "section": "Proef", "headline": "Smalle kolom", "body": body
    });
    std::fs::write(
        edition.join("articles/typo.json"),
        serde_json::to_string_pretty(&article).unwrap(),
    )
    .unwrap();
    edition
}

/// Builds the edition (with its layout trace in `trace.txt`) and renders its first page at
/// 60 dpi; returns the PNG.
fn build_and_render(edition: &Path) -> PathBuf {
    let pdf = edition.join("out.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(edition)
        .arg("-o")
        .arg(&pdf)
        .arg("--trace")
        .arg(edition.join("trace.txt"))
        .env("SOURCE_DATE_EPOCH", "1725148800")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stem = edition.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    stem.with_extension("png")
}

fn check_case(name: &str, paragraphs: &[&str]) {
    check_edition(name, scratch(name, paragraphs));
}

/// Builds and renders `edition`, compares page 1 with `tests/ref/typo-{name}.png`; returns
/// the layout trace, or None when the test is skipped (no pdftoppm outside CI).
fn check_edition(name: &str, edition: PathBuf) -> Option<String> {
    if !tools(&["pdftoppm"]) {
        return None;
    }
    let actual = build_and_render(&edition);
    let trace = std::fs::read_to_string(edition.join("trace.txt")).unwrap();
    let reference = project().join(format!("tests/ref/typo-{name}.png"));
    if rewrite_reference(&reference, "typography") {
        std::fs::copy(&actual, &reference).unwrap();
        return Some(trace);
    }
    let diff = difference(&actual, &reference);
    assert!(
        diff < 2.0,
        "typo-{name}: page 1 differs from tests/ref/typo-{name}.png by {diff:.2} per channel; \
         see {}",
        actual.display()
    );
    let root = edition.parent().and_then(Path::parent).unwrap();
    std::fs::remove_dir_all(root).ok();
    Some(trace)
}

/// Body text in a measure of about nine ems: word spaces, letter spacing, hyphens.
#[test]
fn narrow_measure() {
    check_case(
        "narrow",
        &[
            "Een smalle kolom vraagt om zorgvuldig zetwerk – woordspaties mogen niet te ver \
             openvallen, afbrekingen niet te vaak na elkaar komen, en de regels moeten \
             gelijkmatig grijs blijven. Zo leest de tekst rustig, ook naast een streamer.",
            "De vormgever kiest liever een afbreking meer dan een gat in de regel; de \
             zetmachine weegt dat af voor de hele alinea tegelijk.",
        ],
    );
}

/// Long Dutch compounds in a narrow column: broken at their parts (exception list).
#[test]
fn long_dutch_compounds() {
    check_case(
        "compounds",
        &[
            "De jeugdzorgorganisaties en hulpverleningstrajecten in de \
             informatiebeveiliging: een kinderbeschermingsmaatregel, een \
             uithuisplaatsing of een onderzoek naar de tevredenheidsonderzoeken past \
             in een smalle kolom dankzij de uitzonderingslijst.",
            "Ook gezinsvoogdijinstellingen, jeugdzorgprofessionals en de \
             bewustwordingscampagnes over stressfactoren breken op de juiste plek.",
        ],
    );
}

/// Lines starting with quotes and ending in punctuation: the marks hang in the margins.
#[test]
fn hanging_punctuation() {
    check_case(
        "hanging",
        &[
            "“Hangende aanhalingstekens,” zegt de vormgever, “maken de kantlijn optisch \
             recht.” Komma’s, punten en afbreekstreepjes hangen in de rechterkantlijn.",
            "‘Ook enkele aanhalingstekens hangen,’ zegt ze. „En de Nederlandse lage \
             aanhalingstekens net zo goed.” Een gedachtestreepje – half.",
        ],
    );
}

/// A crosshead that would fall at a column foot, with no room for two lines of its
/// paragraph under it, moves to the next column (keep with next); the column it leaves ends
/// a little short instead.
#[test]
fn crosshead_at_column_foot() {
    let text = |n: usize| -> String {
        let words = "De kop hoort bij de tekst eronder en mag nooit alleen onderaan een \
                     kolom staan; de lezer verwacht er tekst onder en vindt die pas in de \
                     volgende kolom.";
        vec![words; n].join(" ")
    };
    let body = vec![
        serde_json::json!({ "type": "paragraph", "text": text(5) + CROSSHEAD_FILL }),
        serde_json::json!({ "type": "crosshead", "text": "Tussenkop" }),
        serde_json::json!({ "type": "paragraph", "text": text(3) }),
    ];
    let Some(trace) = check_edition("crosshead", scratch_blocks("crosshead", body)) else {
        return;
    };
    // The trace's text lines on page 1: (x, y, part).
    let lines: Vec<(f64, f64, String)> = trace
        .lines()
        .skip_while(|l| !l.starts_with("page 1 "))
        .skip(1)
        .take_while(|l| !l.starts_with("page "))
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("text ")?;
            let mut f = rest.split(' ');
            let (x, y) = f.next()?.split_once(',')?;
            let part = f.nth(2)?.to_string();
            Some((x.parse().ok()?, y.parse().ok()?, part))
        })
        .filter(|(_, _, part)| part.starts_with("body["))
        .collect();
    let head = lines
        .iter()
        .position(|(_, _, p)| p == "body[1]")
        .expect("the crosshead is placed");
    let (hx, hy, _) = lines[head];
    let before = &lines[head - 1];
    assert_eq!(before.2, "body[0]");
    // The crosshead starts a column further on, at its top.
    assert!(
        hx > before.0 + 1.0,
        "crosshead at x {hx}, the text before at {}",
        before.0
    );
    let top = lines
        .iter()
        .filter(|l| (l.0 - hx).abs() < 0.5)
        .map(|l| l.1)
        .fold(f64::INFINITY, f64::min);
    assert!(
        (hy - top).abs() < 0.5,
        "crosshead at y {hy}, its column's top at {top}"
    );
    // At least two lines of its paragraph follow it in that column.
    let after: Vec<_> = lines[head + 1..]
        .iter()
        .take_while(|l| (l.0 - hx).abs() < 0.5)
        .collect();
    assert!(
        after.len() >= 2 && after.iter().all(|l| l.2 == "body[2]"),
        "{after:?}"
    );
    // The column it left ends short, but by no more than the crosshead and two lines: the
    // crosshead would have fallen at its foot.
    let foot = lines
        .iter()
        .filter(|l| (l.0 - before.0).abs() < 0.5)
        .map(|l| l.1)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!((foot - before.1).abs() < 0.5);
    let column_depth = lines.iter().map(|l| l.1).fold(f64::NEG_INFINITY, f64::max);
    assert!(
        column_depth - foot > 1.0 && column_depth - foot < 13.5 * 3.5,
        "the column ends at {foot}, the deepest line is at {column_depth}"
    );
}

/// The end of the first paragraph of `crosshead_at_column_foot`: enough to leave the second
/// column two lines short of its foot.
const CROSSHEAD_FILL: &str = " Een zin of wat extra vult de kolom tot vlak boven de voet.";
