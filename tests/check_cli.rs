//! `presswork check`: a summary and exit 0 on the sample, exit 1 naming the article and
//! paragraph of overset text, exit 2 naming file, line and column of broken JSON.

mod common;

use common::{copy_dir, project, scratch_edition};
use std::path::Path;
use std::process::Command;

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

#[test]
fn missing_glyph_is_an_error_and_force_says_so() {
    let ed = scratch_edition("glyph");
    let file = ed.join("articles/voorwoord.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("De jeugdzorg", "De ☃ jeugdzorg", 1)).unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("U+2603") && text.contains("voorwoord"),
        "{text}"
    );
    assert!(text.contains("SourceSerif4"), "font not named: {text}");

    let bin = env!("CARGO_BIN_EXE_presswork");
    let out = ed.join("out.pdf");
    let refused = Command::new(bin)
        .arg("build")
        .arg(&ed)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(!out.exists(), "a PDF was written despite preflight errors");
    let forced = Command::new(bin)
        .arg("build")
        .arg(&ed)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert!(out.exists());
    assert!(String::from_utf8_lossy(&forced.stderr).contains("--force"));
}

#[test]
fn proof_of_an_overset_edition_is_written_and_marked() {
    let ed = scratch_edition("overset-proof");
    let toml = std::fs::read_to_string(ed.join("edition.toml")).unwrap();
    std::fs::write(
        ed.join("edition.toml"),
        toml.replace(
            "{ article = \"in-gesprek-elker\" }",
            "{ article = \"in-gesprek-elker\", pages = 1 }",
        ),
    )
    .unwrap();
    let pdf = ed.join("proof.pdf");
    let report = ed.join("report.json");
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(&ed)
        .arg("--proof")
        .arg("-o")
        .arg(&pdf)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc = lopdf::Document::load(&pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(text.contains("OVERSET"), "no overset marker");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    let elker = report["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "in-gesprek-elker")
        .unwrap();
    assert!(elker["words_overset"].as_u64().unwrap() > 0);
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["check"] == "overset" && f["owner"] == "in-gesprek-elker"));
}

#[test]
fn ad_booked_in_the_wrong_slot_is_reported() {
    let ed = scratch_edition("adsize");
    let toml = std::fs::read_to_string(ed.join("edition.toml")).unwrap();
    assert!(toml.contains("size = \"quarter\""));
    std::fs::write(
        ed.join("edition.toml"),
        toml.replace("size = \"quarter\"", "size = \"strip\""),
    )
    .unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("[ad_size]") && text.contains("slot `strip`"),
        "{text}"
    );

    // The layout's preflight settings can lower the level: then the check passes.
    std::fs::write(
        ed.join("../../layouts/magazine-a4.preflight.toml"),
        "[severity]\nad_size = \"warning\"\n",
    )
    .unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 0, "{text}");
    // A malformed settings file is bad input, located.
    std::fs::write(
        ed.join("../../layouts/magazine-a4.preflight.toml"),
        "min_ppi = 200\nmax_ppi = 3\n",
    )
    .unwrap();
    let (code, text) = check(&ed, &[]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("magazine-a4.preflight.toml:2:1"), "{text}");
}
