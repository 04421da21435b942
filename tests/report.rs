//! The JSON layout report of the sample: every page, every article fully placed, findings.

mod common;

use common::project;
use std::process::Command;

#[test]
fn sample_report_is_complete_and_sane() {
    let report = sample_report("sane");
    let pages = report["pages"].as_array().unwrap();
    let count = report["summary"]["pages"].as_u64().unwrap() as usize;
    assert!(count >= 4 && count.is_multiple_of(2), "{count}");
    assert_eq!(pages.len(), count);
    for (i, p) in pages.iter().enumerate() {
        assert_eq!(p["number"].as_u64().unwrap() as usize, i + 1);
        assert!(["left", "right"].contains(&p["side"].as_str().unwrap()));
        for img in p["images"].as_array().unwrap() {
            let ppi = img["ppi"].as_f64().unwrap();
            assert!(ppi > 10.0 && ppi < 5000.0, "{img}");
        }
    }
    assert_eq!(pages[0]["role"], "cover");

    let articles = report["articles"].as_array().unwrap();
    assert!(articles.len() >= 10);
    for a in articles {
        assert_eq!(a["words_in"], a["words_placed"], "{}", a["id"]);
        assert!(a["words_in"].as_u64().unwrap() > 0);
        assert!(!a["pages"].as_array().unwrap().is_empty());
        for p in a["paragraphs"].as_array().unwrap() {
            let lines = p["lines"].as_u64().unwrap() as usize;
            assert_eq!(p["ratios"].as_array().unwrap().len(), lines);
            assert!(lines >= 1);
        }
    }
    let s = &report["summary"];
    assert_eq!(s["words_in"], s["words_placed"]);
    assert!(s["lines"].as_u64().unwrap() > 500);
    assert!(report["findings"].is_array());
    assert_eq!(s["findings"]["errors"], 0);
}

/// Issue #3: typography a magazine designer would sign off, read from the sample's report.
#[test]
fn sample_typography_is_signed_off() {
    let report = sample_report("typo");
    let s = &report["summary"];
    assert_eq!(s["overfull_lines"], 0, "overfull lines");
    assert_eq!(s["widows"], 0, "widows");
    assert_eq!(s["orphans"], 0, "orphans");
    let hyph = s["max_consecutive_hyphens"].as_u64().unwrap();
    assert!(hyph <= 2, "{hyph} hyphenated lines in a row");
    // Justified lines only (docs/report.md): last lines and the few lines set flush left
    // because they would gape are not; those are counted apart, and as loose.
    let mean = s["mean_abs_ratio"].as_f64().unwrap();
    assert!(mean > 0.0 && mean < 0.5, "mean |ratio| {mean}");
    let flush = s["flush_left_lines"].as_u64().unwrap();
    assert!(flush <= 8, "{flush} lines set flush left");
    // Per paragraph too: no overfull line anywhere, and the flags add up to the summary.
    let (mut widows, mut orphans) = (0, 0);
    for a in report["articles"].as_array().unwrap() {
        for p in a["paragraphs"].as_array().unwrap() {
            assert_eq!(p["overfull"], 0, "{} {}", a["id"], p["part"]);
            widows += p["widow"].as_bool().unwrap() as u64;
            orphans += p["orphan"].as_bool().unwrap() as u64;
        }
    }
    assert_eq!((widows, orphans), (0, 0));
}

/// Runs `presswork check --report` on the sample and reads the report.
fn sample_report(name: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("presswork-report-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.json");
    common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_presswork"))
            .arg("check")
            .arg(project().join(presswork::DEFAULT_EDITION))
            .arg("--report")
            .arg(&path)
            .arg("--quiet"),
    );
    let report = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    report
}
