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

/// A photo cut short by another program while a build reads it (input files are mapped into
/// memory): the build ends with the exit code of bad input and a plain message, not a crash,
/// and leaves no PDF at the output path.
#[cfg(target_os = "linux")]
#[test]
fn a_photo_cut_short_during_the_build_is_reported() {
    use std::io::Read;
    let edition = scratch_edition("cut-short");
    let out = edition.join("out.pdf");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(&edition)
        .arg("-o")
        .arg(&out)
        .env(presswork::TEST_SLEEP_AFTER_LOAD_ENV, "1500")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    // The cover photo (a JPEG, copied into the PDF whole), cut to its first kilobyte in place.
    let photo = edition.join("../../assets/photos/path.jpg");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&photo)
        .unwrap()
        .set_len(1024)
        .unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("was changed or cut short"), "{stderr}");
    assert!(!out.exists());
}
