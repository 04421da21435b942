//! The edition's page count against its budget (`pages` in `edition.toml`) and, without one,
//! against the layout's `pages_multiple`, as `presswork check` reports them.

mod common;

use common::{copy_dir, project};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A project folder with the sample's layouts, fonts and assets and a copy of the sample
/// edition whose `edition.toml` gets `extra` at its top.
fn sample_with(tag: &str, extra: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("presswork-budget-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("editions")).unwrap();
    for dir in ["fonts", "assets", "layouts"] {
        std::os::unix::fs::symlink(project().join(dir), root.join(dir)).unwrap();
    }
    let edition = root.join("editions/e");
    copy_dir(&project().join(presswork::DEFAULT_EDITION), &edition);
    let toml = std::fs::read_to_string(edition.join("edition.toml")).unwrap();
    std::fs::write(edition.join("edition.toml"), format!("{extra}\n{toml}")).unwrap();
    root
}

fn check(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_presswork"))
        .current_dir(root)
        .args(["check", "editions/e"])
        .output()
        .expect("presswork runs")
}

/// What a run printed, stdout and stderr together.
fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The sample's page count, from a check without a budget.
fn sample_pages(tag: &str) -> usize {
    let root = sample_with(&format!("{tag}-count"), "");
    let out = check(&root);
    let _ = std::fs::remove_dir_all(&root);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let pages: usize = text
        .split_once(" pages,")
        .and_then(|(head, _)| head.rsplit(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("a page count in: {text}"));
    let stderr = all_output(&out);
    // Without a budget the count is held to the layout's multiple (4).
    assert_eq!(
        !pages.is_multiple_of(4),
        stderr.contains("not a multiple of 4"),
        "{pages} pages: {stderr}"
    );
    pages
}

#[test]
fn an_edition_over_its_budget_is_refused_with_what_to_cut() {
    let pages = sample_pages("over");
    let budget = pages - 2;
    let root = sample_with("over", &format!("pages = {budget}"));
    let out = check(&root);
    let _ = std::fs::remove_dir_all(&root);
    let stderr = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "over budget: the edition has {pages} pages, its budget is {budget}"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("cut 2 page(s)"), "{stderr}");
}

#[test]
fn an_edition_at_its_budget_has_no_budget_finding() {
    let pages = sample_pages("at");
    let root = sample_with("at", &format!("pages = {pages}"));
    let out = check(&root);
    let _ = std::fs::remove_dir_all(&root);
    let stderr = all_output(&out);
    assert!(!stderr.contains("budget"), "{stderr}");
    assert!(!stderr.contains("not a multiple"), "{stderr}");
}
