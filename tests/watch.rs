//! `presswork watch`: builds the proof, and builds it again when an article changes.

mod common;

use common::{copy_dir, project};
use std::io::{BufRead, BufReader};

use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the child when the test ends, pass or fail.
struct KillOnDrop(std::process::Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn touching_an_article_rebuilds_the_proof() {
    let root = std::env::temp_dir().join(format!("presswork-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["layouts", "fonts", "assets"] {
        copy_dir(&project().join(dir), &root.join(dir));
    }
    let ed = root.join("editions/sample");
    copy_dir(&project().join("editions/jn-magazine"), &ed);
    let out = root.join("out/proof.pdf");
    let child = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("watch")
        .arg(&ed)
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let stdout = child.0.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_built = |what: &str| loop {
        match rx.recv_timeout(Duration::from_secs(300)) {
            Ok(line) if line.starts_with("built") => break line,
            Ok(line) if line.starts_with("failed") => panic!("{what}: {line}"),
            Ok(_) => continue,
            Err(e) => panic!("{what}: no `built` line: {e}"),
        }
    };
    let first = wait_built("first build");
    assert!(first.contains("pages"), "{first}");
    assert!(out.exists());
    let article = ed.join("articles/voorwoord.json");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replacen("Leon Noorlander", "Leon  Noorlander", 1),
    )
    .unwrap();
    let second = wait_built("rebuild after touching an article");
    assert!(second.contains("pages"), "{second}");
}
