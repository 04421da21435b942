//! The JSON layout report of the sample: every page, every article fully placed, findings.

mod common;

use common::project;
use std::process::Command;

#[test]
fn sample_report_is_complete_and_sane() {
    let dir = std::env::temp_dir().join(format!("presswork-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("report.json");
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("check")
        .arg(project().join(presswork::DEFAULT_EDITION))
        .arg("--report")
        .arg(&path)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

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
    let mean = s["mean_abs_ratio"].as_f64().unwrap();
    assert!(mean > 0.0 && mean < 2.0, "mean |ratio| {mean}");
    let hyph = s["max_consecutive_hyphens"].as_u64().unwrap();
    assert!(hyph <= 5, "{hyph}");
    assert!(s["lines"].as_u64().unwrap() > 500);
    assert!(report["findings"].is_array());
    assert_eq!(s["findings"]["errors"], 0);
}
