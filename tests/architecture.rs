//! The stages import only downward: reads every file under `src/` and fails on a `crate::`
//! path from a stage to a stage later in [`ORDER`], or on a circle between stages, naming
//! the file, the line and the path imported. The back imports there are today are listed,
//! one by one, in [`KNOWN_BACK_IMPORTS`]: the test fails on any new one, and on an entry
//! that no longer occurs (remove it from the list when you remove the import).
//! `docs/architecture.md` describes the stages.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The stages, low to high: a stage may import from its own rank and the ranks before it.
/// A stage is a folder or file right under `src/` (`main.rs` and `bin/` are `cli`, `lib.rs`
/// is `lib`, which calls every stage).
const ORDER: &[&[&str]] = &[
    // Leaves every stage may use: geometry units, findings, zlib, timing.
    &["geom", "diag", "compress", "timings"],
    // The input contract, and its JSON Schema.
    &["model", "schema"],
    // Files, decoding, fonts.
    &["load"],
    // Resolved styles, page geometry, the grid (planned: `pages/styles.rs`,
    // `pages/geometry.rs` today).
    &["layout"],
    // Shape, hyphenate, break lines.
    &["text"],
    // The laid-out document the pages hand on, and its trace.
    &["document", "trace"],
    // Fill frames.
    &["flow"],
    // Paginate, compose.
    &["pages"],
    // Content streams.
    &["render"],
    // Write the file.
    &["pdf"],
    // What is said about the result.
    &["preflight", "report", "proof"],
    // The pipeline and the command line.
    &["lib", "cli"],
];

/// Today's back imports, each `(file, path imported)`, one entry covering every use of that
/// path in that file. Each is a debt of issue 15; remove its entry with the import.
const KNOWN_BACK_IMPORTS: &[(&str, &str)] = &[
    // load → text: the font book is loaded with the edition; fonts belong to load.
    ("src/load/mod.rs", "crate::text::fonts::FontBook"),
    ("src/load/run.rs", "crate::text::fonts::FontBook"),
    ("src/load/check.rs", "crate::text::fonts::FontBook"),
    // text → flow: the paragraph memo implements the flow's context trait.
    ("src/text/memo.rs", "crate::flow::FlowContext"),
    // flow → pages: styles and page geometry live in pages until `layout` exists.
    ("src/flow/mod.rs", "crate::pages::styles"),
    ("src/flow/mod.rs", "crate::pages::geometry::PageGeometry"),
    ("src/flow/blocks.rs", "crate::pages::styles::ResolvedStyle"),
    (
        "src/flow/blocks/column_floats.rs",
        "crate::pages::styles::ResolvedStyle",
    ),
    ("src/flow/frame.rs", "crate::pages::geometry::PageGeometry"),
];

/// One `crate::` path in a file.
#[derive(Debug, Clone)]
struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
    path: String,
}

/// The stage a file under `src/` belongs to.
fn stage_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    match first.trim_end_matches(".rs") {
        "main" | "bin" => "cli".into(),
        stage => stage.into(),
    }
}

/// The rank of `stage` in [`ORDER`].
fn rank(stage: &str) -> Option<usize> {
    ORDER.iter().position(|rank| rank.contains(&stage))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::<stage>::…` path in `text` outside comments: `crate::text::fonts::FontBook`,
/// or for a group `use crate::load::assets::{A, B}`, `crate::load::assets`.
fn imports_in(file: &str, from: &str, text: &str) -> Vec<Import> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" // ").next().unwrap_or(code);
        for (at, _) in code.match_indices("crate::") {
            // `presswork::crate::` does not occur; a path like `mycrate::` is not ours.
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let path = path.trim_end_matches(':').to_string();
            let Some(to) = path.split("::").nth(1) else {
                continue;
            };
            out.push(Import {
                file: file.into(),
                line: n + 1,
                from: from.into(),
                to: to.into(),
                path,
            });
        }
    }
    out
}

/// Every cross-stage import under `src/`.
fn imports() -> Vec<Import> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "only {} files under src/", files.len());
    let mut out = Vec::new();
    for path in files {
        let relative = path.strip_prefix(&src).unwrap();
        let from = stage_of(relative);
        let file = format!("src/{}", relative.display());
        let text = std::fs::read_to_string(&path).unwrap();
        out.extend(
            imports_in(&file, &from, &text)
                .into_iter()
                .filter(|i| i.to != i.from),
        );
    }
    out
}

fn known(import: &Import) -> bool {
    KNOWN_BACK_IMPORTS
        .iter()
        .any(|(file, path)| *file == import.file && *path == import.path)
}

fn describe(i: &Import) -> String {
    format!(
        "{}:{}: {} imports `{}` from {}",
        i.file, i.line, i.from, i.path, i.to
    )
}

#[test]
fn every_stage_is_in_the_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let stages: BTreeSet<String> = files
        .iter()
        .map(|f| stage_of(f.strip_prefix(&root).unwrap()))
        .collect();
    let missing: Vec<&String> = stages.iter().filter(|s| rank(s).is_none()).collect();
    assert!(
        missing.is_empty(),
        "stages not in tests/architecture.rs ORDER: {missing:?}: give each its place"
    );
}

#[test]
fn stages_import_only_downward() {
    println!(
        "known back imports allowed (issue 15): {}",
        KNOWN_BACK_IMPORTS.len()
    );
    let all = imports();
    let mut report = String::new();
    for i in &all {
        let (Some(from), Some(to)) = (rank(&i.from), rank(&i.to)) else {
            continue; // every_stage_is_in_the_order names it
        };
        if to > from && !known(i) {
            let _ = writeln!(report, "{}", describe(i));
        }
    }
    assert!(
        report.is_empty(),
        "imports against the stage order (low to high: {}):\n{report}\
         import downward instead: move the type down, or pass it in from the caller",
        ORDER
            .iter()
            .map(|r| r.join("/"))
            .collect::<Vec<_>>()
            .join(" → ")
    );
}

#[test]
fn every_known_back_import_still_occurs() {
    let all = imports();
    let gone: Vec<&(&str, &str)> = KNOWN_BACK_IMPORTS
        .iter()
        .filter(|(file, path)| !all.iter().any(|i| i.file == *file && i.path == *path))
        .collect();
    assert!(
        gone.is_empty(),
        "no longer imported: remove from KNOWN_BACK_IMPORTS in tests/architecture.rs: {gone:?}"
    );
}

#[test]
fn no_circle_between_stages() {
    // The graph of stage → stage, one example import per edge, known back imports left out
    // (they are counted above); a circle left is one between stages of the same rank or a
    // new back import.
    let mut edges: BTreeMap<&str, BTreeMap<&str, &Import>> = BTreeMap::new();
    let all = imports();
    for i in all.iter().filter(|i| !known(i)) {
        edges.entry(&i.from).or_default().entry(&i.to).or_insert(i);
    }
    let stages: Vec<&str> = edges.keys().copied().collect();
    for start in stages {
        if let Some(circle) = circle_from(start, &edges) {
            let lines: Vec<String> = circle.iter().map(|i| describe(i)).collect();
            panic!("a circle between stages:\n{}", lines.join("\n"));
        }
    }
}

/// A path of imports from `start` back to `start`, when there is one.
fn circle_from<'a>(
    start: &'a str,
    edges: &BTreeMap<&'a str, BTreeMap<&'a str, &'a Import>>,
) -> Option<Vec<&'a Import>> {
    let mut stack: Vec<(&str, Vec<&Import>)> = vec![(start, Vec::new())];
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for (to, import) in edges.get(at).into_iter().flatten() {
            let mut next = path.clone();
            next.push(*import);
            if *to == start {
                return Some(next);
            }
            if seen.insert(to) {
                stack.push((to, next));
            }
        }
    }
    None
}

#[test]
fn the_scanner_finds_paths_and_skips_comments() {
    let text = "//! see [`crate::pdf`]\nuse crate::text::fonts::{FontBook, FontId};\n\
                let x = crate::load::read(y); // crate::render\n/// crate::cli\n";
    let found: Vec<String> = imports_in("src/a.rs", "a", text)
        .into_iter()
        .map(|i| format!("{}:{}", i.line, i.path))
        .collect();
    assert_eq!(found, ["2:crate::text::fonts", "3:crate::load::read"]);
}
