//! `presswork check`: a summary and exit 0 on the sample, exit 1 naming the article and
//! paragraph of overset text, exit 2 naming file, line and column of broken JSON.

mod common;

use common::project;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the sample edition into a temporary project so a test can change it.
fn scratch_edition(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("presswork-check-{}-{name}", std::process::id()));
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

fn copy_dir(from: &Path, to: &Path) {
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

fn check(edition: &Path, extra: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("check")
        .arg(edition)
        .args(extra)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn sample_checks_clean_with_a_summary() {
    let (code, text) = check(&project().join(presswork::DEFAULT_EDITION), &[]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("pages") && text.contains("articles"),
        "{text}"
    );
    assert!(text.contains("words placed"), "{text}");
    assert!(text.contains("0 error(s)"), "{text}");
}

#[test]
fn sample_check_json_is_one_line() {
    let (code, text) = check(&project().join(presswork::DEFAULT_EDITION), &["--json"]);
    assert_eq!(code, 0, "{text}");
    let line = text.lines().next().unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["words_in"], v["words_placed"]);
}

#[test]
fn overset_article_exits_1_naming_article_and_paragraph() {
    let ed = scratch_edition("overset");
    let toml = std::fs::read_to_string(ed.join("edition.toml")).unwrap();
    let entry = "{ article = \"in-gesprek-elker\" }";
    assert!(toml.contains(entry));
    std::fs::write(
        ed.join("edition.toml"),
        toml.replace(entry, "{ article = \"in-gesprek-elker\", pages = 1 }"),
    )
    .unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("in-gesprek-elker"), "{text}");
    assert!(text.contains("body["), "no paragraph named: {text}");
    assert!(text.contains("overset"), "{text}");
}

#[test]
fn broken_json_exits_2_naming_file_line_and_column() {
    let ed = scratch_edition("badjson");
    let file = ed.join("articles/voorwoord.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"body\"", "\"body\" ::", 1)).unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 2, "{text}");
    // file:line:col
    let at = text.find("voorwoord.json:").expect("file named");
    let rest = &text[at + "voorwoord.json:".len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts.next().unwrap().parse().expect("a line number");
    let col: usize = parts.next().unwrap().parse().expect("a column number");
    assert!(line > 1 && col > 0, "{text}");
}

#[test]
fn new_edition_is_scaffolded_and_builds() {
    let root = std::env::temp_dir().join(format!("presswork-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    copy_dir(&project().join("fonts"), &root.join("fonts"));
    let bin = env!("CARGO_BIN_EXE_presswork");
    let made = Command::new(bin)
        .args(["new", "demo"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(root.join("layouts/magazine-a4.toml").exists());
    assert!(root.join("editions/demo/articles/welcome.json").exists());
    let built = Command::new(bin)
        .args(["build", "editions/demo", "-o", "demo.pdf"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(root.join("demo.pdf").exists());
    // Scaffolding over an existing edition is refused.
    let again = Command::new(bin)
        .args(["new", "demo"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
}
