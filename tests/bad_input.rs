//! The bad-input corpus: every folder of `tests/bad-input/` is a small edition with one
//! thing wrong, and an `expect.txt` saying what the load stage must report.
//!
//! A case folder holds `edition/` (the edition folder), `expect.txt`, and optionally
//! `layouts/` and `fonts/` with files added to the project's. The runner builds a temporary
//! project around the edition (the real `layouts/magazine-a4.toml`, fonts and assets) and
//! loads it.
//!
//! `expect.txt`, one directive a line:
//! - `warning` — the edition must load; the expectations apply to its warnings;
//! - `preflight` — the edition loads, but the build must stop at preflight (exit code 1);
//! - `file: *` — a finding in no file in particular (preflight findings name the article);
//! - `symlink: <path in edition> -> <target>` — made before loading (git-independent);
//! - `file: <suffix>` — starts an expectation: some finding's file ends with the suffix and
//!   its text contains every following `contains: <text>`.

use presswork::diag::{Diagnostic, Diagnostics, Severity};
use presswork::load::{load_edition, load_edition_with, LoadOptions};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Links every file of `from` into `to`.
fn link_files(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let _ = std::os::unix::fs::symlink(entry.path(), to.join(entry.file_name()));
    }
}

/// Builds a temporary project for a case; returns the edition folder inside it.
fn project_for(case: &Path, tmp: &Path) -> PathBuf {
    let root = manifest();
    let _ = fs::remove_dir_all(tmp);
    fs::create_dir_all(tmp.join("layouts")).unwrap();
    fs::copy(
        root.join("layouts/magazine-a4.toml"),
        tmp.join("layouts/magazine-a4.toml"),
    )
    .unwrap();
    if case.join("layouts").is_dir() {
        copy_dir(&case.join("layouts"), &tmp.join("layouts"));
    }
    link_files(&root.join("fonts"), &tmp.join("fonts"));
    if case.join("fonts").is_dir() {
        copy_dir(&case.join("fonts"), &tmp.join("fonts"));
    }
    std::os::unix::fs::symlink(root.join("assets"), tmp.join("assets")).unwrap();
    let edition = tmp.join("editions").join(case.file_name().unwrap());
    copy_dir(&case.join("edition"), &edition);
    edition
}

struct Expect {
    warning: bool,
    preflight: bool,
    symlinks: Vec<(String, String)>,
    groups: Vec<(String, Vec<String>)>,
}

fn read_expect(case: &Path) -> Expect {
    let text = fs::read_to_string(case.join("expect.txt")).unwrap();
    let mut e = Expect {
        warning: false,
        preflight: false,
        symlinks: Vec::new(),
        groups: Vec::new(),
    };
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line == "warning" {
            e.warning = true;
        } else if line == "preflight" {
            e.preflight = true;
        } else if let Some(rest) = line.strip_prefix("symlink:") {
            let (link, target) = rest.split_once("->").expect("symlink: a -> b");
            e.symlinks.push((link.trim().into(), target.trim().into()));
        } else if let Some(file) = line.strip_prefix("file:") {
            e.groups.push((file.trim().into(), Vec::new()));
        } else if let Some(text) = line.strip_prefix("contains:") {
            e.groups
                .last_mut()
                .expect("file: before contains:")
                .1
                .push(text.trim().into());
        } else {
            panic!("{}: unknown directive {line:?}", case.display());
        }
    }
    e
}

fn matches(d: &Diagnostic, file: &str, contains: &[String]) -> bool {
    let text = d.to_string();
    (file == "*" || d.file.as_ref().is_some_and(|f| f.ends_with(file)))
        && contains.iter().all(|c| text.contains(c))
}

/// Sets up a case's temporary project; returns its folder, the edition folder in it, and
/// the expectations.
fn prepare(case: &Path, tag: &str) -> (PathBuf, PathBuf, Expect) {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let expect = read_expect(case);
    let tmp = std::env::temp_dir().join(format!(
        "presswork-bad-input-{tag}-{}-{name}",
        std::process::id()
    ));
    let edition = project_for(case, &tmp);
    for (link, target) in &expect.symlinks {
        let at = edition.join(link);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    }
    (tmp, edition, expect)
}

fn run_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let (tmp, edition, expect) = prepare(case, "lib");
    let result = if expect.preflight {
        let options = presswork::BuildOptions {
            output: Some(tmp.join("out.pdf")),
            ..Default::default()
        };
        match presswork::build(&edition, &options) {
            Ok(_) => Err(Diagnostics::new()),
            Err(ds) if !tmp.join("out.pdf").exists() => Err(ds),
            Err(_) => Err(Diagnostics::from(Diagnostic::input("a PDF was written"))),
        }
    } else {
        load_edition(&edition).map(|l| l.warnings)
    };
    let outcome = (|| {
        let found = match (&result, expect.warning) {
            (Ok(warnings), true) => warnings.clone(),
            (Ok(_), false) => return Err("loaded, but it should have failed".to_string()),
            (Err(ds), true) => return Err(format!("should load with a warning, got:\n{ds}")),
            (Err(ds), false) => {
                let want = if expect.preflight { 1 } else { 2 };
                if ds.exit_code() != want {
                    return Err(format!(
                        "exit code {} instead of {want}:\n{ds}",
                        ds.exit_code()
                    ));
                }
                ds.clone()
            }
        };
        if std::env::var_os("PRESSWORK_SHOW").is_some() {
            eprintln!("== {name}\n{found}");
        }
        for (file, contains) in &expect.groups {
            let ok = found.0.iter().any(|d| {
                (d.severity == Severity::Warning) == expect.warning && matches(d, file, contains)
            });
            if !ok {
                return Err(format!(
                    "no finding in a file ending with {file} containing {contains:?}; found:\n{found}"
                ));
            }
        }
        Ok(())
    })();
    let _ = fs::remove_dir_all(&tmp);
    outcome.map_err(|e| format!("case {name}: {e}"))
}

/// The cases of `tests/bad-input/`: each a folder with an edition and its `expect.txt`.
fn cases() -> Vec<PathBuf> {
    let dir = manifest().join("tests/bad-input");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.txt").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    cases
}

#[test]
fn every_bad_input_case_is_reported() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn an_edition_outside_a_project_is_refused() {
    // A temporary folder with no `layouts/` in any parent: a shared /tmp may have one.
    let base = [std::env::temp_dir(), "/var/tmp".into(), "/dev/shm".into()]
        .into_iter()
        .find(|d| d.is_dir() && !d.ancestors().any(|a| a.join("layouts").is_dir()));
    let Some(base) = base else {
        eprintln!("skipped: every temporary folder has a layouts/ folder above it");
        return;
    };
    let tmp = base.join(format!("presswork-no-project-{}", std::process::id()));
    fs::create_dir_all(&tmp).unwrap();
    let err = load_edition(&tmp).unwrap_err();
    let _ = fs::remove_dir_all(&tmp);
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("layouts/"), "{err}");
}

/// Runs the binary on one case: exit code 2 (0 for warnings), every expected text on stderr,
/// no panic, and no PDF nor temporary file left in the output folder.
fn run_binary_case(case: &Path) -> Result<(), String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let (tmp, edition, expect) = prepare(case, "bin");
    let out_dir = tmp.join("out");
    fs::create_dir_all(&out_dir).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(&edition)
        .arg("-o")
        .arg(out_dir.join("out.pdf"))
        .output()
        .map_err(|e| format!("case {name}: cannot run the binary: {e}"))?;
    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let left: Vec<String> = fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let _ = fs::remove_dir_all(&tmp);
    let fail = |why: String| Err(format!("case {name}: {why}\nstderr:\n{stderr}"));
    if stderr.contains("panicked") || code == 101 {
        return fail("the binary panicked".into());
    }
    let want = match (expect.warning, expect.preflight) {
        (true, _) => 0,
        (_, true) => 1,
        _ => 2,
    };
    if code != want {
        return fail(format!("exit code {code} instead of {want}"));
    }
    if !expect.warning && !left.is_empty() {
        return fail(format!("files left in the output folder: {left:?}"));
    }
    if expect.warning && left != ["out.pdf"] {
        return fail(format!("expected only out.pdf, found {left:?}"));
    }
    for (file, contains) in &expect.groups {
        // Every expected finding: a message naming the file and the field or position.
        let ok = stderr.split("\n").any(|line| {
            (file == "*" || line.contains(file.as_str()))
                && contains.iter().all(|c| finding_has(&stderr, line, c))
        });
        if !ok {
            return fail(format!("no message naming {file} with {contains:?}"));
        }
    }
    Ok(())
}

/// Whether `text` is in the finding that starts at `line` (its message or its hint lines).
fn finding_has(stderr: &str, line: &str, text: &str) -> bool {
    let Some(start) = stderr.find(line) else {
        return false;
    };
    let rest = &stderr[start..];
    // A finding runs until the next line that starts a new one.
    let end = rest[1..]
        .find("\nerror")
        .or_else(|| rest[1..].find("\nwarning"))
        .map_or(rest.len(), |i| i + 1);
    rest[..end].contains(text)
}

#[test]
fn the_binary_reports_every_case_and_writes_nothing() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run_binary_case(c).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn size_limits_are_configurable_and_reported() {
    let case = manifest().join("tests/bad-input/article-not-in-flatplan");
    let (tmp, edition, _) = prepare(&case, "limits");
    let tight = |f: fn(&mut LoadOptions)| {
        let mut o = LoadOptions::default();
        f(&mut o);
        load_edition_with(&edition, &o)
    };
    assert!(tight(|_| {}).is_ok());
    let article = tight(|o| o.max_article_bytes = 10).unwrap_err();
    let edition_toml = tight(|o| o.max_edition_bytes = 10).unwrap_err();
    let _ = fs::remove_dir_all(&tmp);
    for (err, file) in [(article, ".json"), (edition_toml, "edition.toml")] {
        assert_eq!(err.exit_code(), 2, "{err}");
        let text = err.to_string();
        assert!(text.contains(file) && text.contains("limit"), "{text}");
    }
}

/// Text with characters no font has is found after layout (glyph id 0 in the document) and
/// reported naming the article, the part, the character, its code point and the font.
#[test]
fn characters_no_font_has_are_reported() {
    let case = manifest().join("tests/bad-input/article-not-in-flatplan");
    let (tmp, edition, _) = prepare(&case, "glyphs");
    let article = r#"{ "id": "a", "section": "Nieuws", "headline": "Kop",
        "body": [ { "type": "paragraph", "text": "Sneeuwpop ☃ en 漢字 in de tekst." },
                  { "type": "paragraph", "text": "Nog een ☃." } ] }"#;
    fs::write(edition.join("articles/a.json"), article).unwrap();
    let (loaded, paginated) = presswork::layout(&edition).unwrap_or_else(|d| panic!("{d}"));
    // The preflight's own check, as `build` and `check` run it.
    let findings =
        presswork::preflight_edition(&loaded, &paginated, presswork::preflight::Mode::Final)
            .unwrap_or_else(|d| panic!("{d}"));
    let _ = fs::remove_dir_all(&tmp);
    let found: Vec<_> = findings
        .iter()
        .filter(|f| f.check == presswork::preflight::Check::MissingGlyph)
        .collect();
    let all: String = found.iter().map(|f| format!("{f:?}\n")).collect();
    for (c, code) in [('☃', "U+2603"), ('漢', "U+6F22"), ('字', "U+5B57")] {
        let f = found
            .iter()
            .find(|f| f.message.contains(c) && f.message.contains(code))
            .unwrap_or_else(|| panic!("{c} {code} not reported:\n{all}"));
        assert_eq!(f.owner.as_deref(), Some("a"), "{f:?}");
        assert!(
            f.part.as_deref().is_some_and(|p| p.starts_with("body[")),
            "{f:?}"
        );
        assert!(
            f.message.contains("SourceSerif4-Regular"),
            "names the font: {f:?}"
        );
    }
    // Once per article, part, character and font; an error by default (exit code 1).
    assert_eq!(found.len(), 4, "{all}");
    assert!(
        found
            .iter()
            .all(|f| f.level == presswork::preflight::Level::Error),
        "{all}"
    );
}
