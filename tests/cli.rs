//! The command line: exit codes and messages for bad input, and no PDF written then.

mod common;

use common::scratch_edition;
use std::path::Path;
use std::process::Command;

fn run_build(edition: &Path, out: &Path) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(edition)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_json_stops_with_file_line_column_and_exit_2() {
    let ed = scratch_edition("badjson");
    let file = ed.join("articles/voorwoord.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\"body\"", "\"body\" ::", 1)).unwrap();
    let out = ed.join("out.pdf");
    let (code, err) = run_build(&ed, &out);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("voorwoord.json:"), "{err}");
    assert!(!out.exists(), "a PDF was written");
}

#[test]
fn unknown_field_is_named() {
    let ed = scratch_edition("unknown");
    let file = ed.join("articles/voorwoord.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("\"section\"", "\"sektion\": 1, \"section\"", 1),
    )
    .unwrap();
    let out = ed.join("out.pdf");
    let (code, err) = run_build(&ed, &out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("voorwoord.json") && err.contains("sektion"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn missing_asset_is_named() {
    let ed = scratch_edition("asset");
    let toml = std::fs::read_to_string(ed.join("edition.toml")).unwrap();
    std::fs::write(
        ed.join("edition.toml"),
        toml.replace("assets/ads/nidos.pdf", "assets/ads/nidos-v2.pdf"),
    )
    .unwrap();
    let out = ed.join("out.pdf");
    let (code, err) = run_build(&ed, &out);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("nidos-v2.pdf") && err.contains("edition.toml"),
        "{err}"
    );
    assert!(!out.exists());
}
