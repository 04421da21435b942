//! `new NAME`: scaffolds `editions/NAME/` in the current project with `edition.toml`, one
//! article and the default layout (written to `layouts/` only if the project lacks it).

use super::{fail, Out};
use presswork::diag::Diagnostic;
use std::path::Path;

/// The layout new editions use; the project's copy is kept if it has one.
const DEFAULT_LAYOUT: &str = "magazine-a4";
const DEFAULT_LAYOUT_TOML: &str = include_str!("../../layouts/magazine-a4.toml");

/// `presswork new NAME`, in the current folder (the project).
pub fn new_edition(name: &str, out: Out) -> i32 {
    match scaffold(Path::new("."), name) {
        Ok(dir) => {
            if out.json {
                let line = serde_json::json!({
                    "command": "new", "status": "ok", "exit_code": 0, "edition": dir,
                });
                outln!("{line}");
            } else if !out.quiet {
                outln!("created {}", dir.display());
                outln!("build it with: presswork build {}", dir.display());
            }
            0
        }
        Err(d) => fail("new", &d.into(), out),
    }
}

/// Creates `editions/<name>/` under `project`; returns the edition folder.
pub fn scaffold(project: &Path, name: &str) -> Result<std::path::PathBuf, Diagnostic> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with('-');
    if !valid {
        return Err(
            Diagnostic::input(format!("`{name}` is not a valid edition name"))
                .with_hint("use letters, digits, `-` and `_`, e.g. `2025-spring`"),
        );
    }
    let dir = project.join("editions").join(name);
    if dir.exists() {
        return Err(Diagnostic::input("the edition folder already exists")
            .in_file(&dir)
            .with_hint("choose another name, or remove the folder"));
    }
    if !project.join("fonts").is_dir() {
        return Err(Diagnostic::input(
            "this folder is not a presswork project: it has no fonts/ folder",
        )
        .with_hint(
            "run `presswork new` in the project folder (the one with layouts/, fonts/ and assets/)",
        ));
    }
    let io =
        |e: std::io::Error, p: &Path| Diagnostic::output(format!("cannot write: {e}")).in_file(p);
    let layouts = project.join("layouts");
    std::fs::create_dir_all(&layouts).map_err(|e| io(e, &layouts))?;
    let layout = layouts.join(format!("{DEFAULT_LAYOUT}.toml"));
    if !layout.exists() {
        std::fs::write(&layout, DEFAULT_LAYOUT_TOML).map_err(|e| io(e, &layout))?;
    }
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).map_err(|e| io(e, &articles))?;
    let edition = format!(
        "# A new edition: add articles to articles/ and to the flatplan, in running order.\n\
         title = \"{name}\"\n\
         issue = \"Issue 1\"\n\
         language = \"en\"\n\
         layout = \"{DEFAULT_LAYOUT}\"\n\
         flatplan = [\n  {{ article = \"welcome\" }},\n]\n"
    );
    let toml = dir.join("edition.toml");
    std::fs::write(&toml, edition).map_err(|e| io(e, &toml))?;
    let article = serde_json::json!({
        "id": "welcome",
        "section": "Welcome",
        "headline": "A new edition",
        "standfirst": "This article was made by presswork new. Replace it with your own.",
        "byline": "The editors",
        "body": [
            { "type": "paragraph", "text": "Each article is a JSON file in the articles folder whose name is its id. Its body is a list of blocks: paragraphs, crossheads, pull quotes, boxes, lists and images with captions." },
            { "type": "crosshead", "text": "The designer's loop" },
            { "type": "paragraph", "text": "Run presswork watch to rebuild a proof whenever a file changes, presswork check to preflight the edition without writing a PDF, and presswork preview to look at spreads as PNG images." },
            { "type": "pullquote", "text": "Text that does not fit is reported, never dropped.", "attribution": "presswork" },
            { "type": "paragraph", "text": "When the edition is ready, presswork build writes the print file. It refuses to write one while preflight finds errors, such as overset text or photos of too low a resolution." }
        ]
    });
    let file = articles.join("welcome.json");
    let text = serde_json::to_string_pretty(&article).unwrap_or_default() + "\n";
    std::fs::write(&file, text).map_err(|e| io(e, &file))?;
    Ok(dir)
}
