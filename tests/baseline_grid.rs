//! Independently of our own layout data: poppler's word boxes show the body lines of every
//! article page on one baseline grid across all columns.

mod common;

use common::{sample, tools};
use presswork::document::PageRole;
use std::process::Command;

/// Word boxes `(x_min, y_min, x_max, y_max)` on page `number`, from `pdftotext -bbox`.
fn word_boxes(pdf: &std::path::Path, number: u32) -> Vec<(f64, f64, f64, f64)> {
    let out = Command::new("pdftotext")
        .args([
            "-bbox",
            "-f",
            &number.to_string(),
            "-l",
            &number.to_string(),
        ])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let attr = |w: &str, name: &str| -> Option<f64> {
        let start = w.find(&format!("{name}=\""))? + name.len() + 2;
        w[start..].split('"').next()?.parse().ok()
    };
    html.split("<word ")
        .skip(1)
        .filter_map(|w| {
            Some((
                attr(w, "xMin")?,
                attr(w, "yMin")?,
                attr(w, "xMax")?,
                attr(w, "yMax")?,
            ))
        })
        .collect()
}

#[test]
fn body_lines_share_one_baseline_grid_across_columns() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let s = sample();
    let grid = s.edition.layout.grid.baseline.0;
    let mut pages_checked = 0;
    for page in &s.built.paginated.document.pages {
        if !matches!(page.role, PageRole::Article(_)) {
            continue;
        }
        let boxes = word_boxes(&s.pdf, page.number);
        // Body words are the most common box height on an article page.
        let mut heights: Vec<i64> = boxes
            .iter()
            .map(|b| ((b.3 - b.1) * 1000.0).round() as i64)
            .collect();
        heights.sort_unstable();
        let Some(body_h) = mode(&heights) else {
            continue;
        };
        let body: Vec<_> = boxes
            .iter()
            .filter(|b| (((b.3 - b.1) * 1000.0).round() as i64 - body_h).abs() <= 20)
            .collect();
        if body.len() < 50 {
            continue;
        }
        // Every body word's box bottom, modulo the grid, must have the same phase.
        let phase = |y: f64| y.rem_euclid(grid);
        let reference = phase(body[0].3);
        let mut columns_seen = std::collections::BTreeSet::new();
        for b in &body {
            let d = (phase(b.3) - reference).abs();
            let off = d.min(grid - d);
            assert!(
                off < 0.1,
                "page {}: a body word at x {:.1} sits {off:.2} pt off the grid (box bottom {:.2})",
                page.number,
                b.0,
                b.3
            );
            columns_seen.insert((b.0 / 150.0) as i64);
        }
        assert!(
            columns_seen.len() >= 2 || page.items.len() < 60,
            "page {}: body words in one column only",
            page.number
        );
        pages_checked += 1;
    }
    assert!(
        pages_checked >= 15,
        "only {pages_checked} body pages checked"
    );
}

fn mode(sorted: &[i64]) -> Option<i64> {
    let mut best: Option<(i64, usize)> = None;
    let mut i = 0;
    while i < sorted.len() {
        let j = sorted[i..]
            .iter()
            .position(|&v| v != sorted[i])
            .map_or(sorted.len(), |k| i + k);
        if best.is_none_or(|(_, n)| j - i > n) {
            best = Some((sorted[i], j - i));
        }
        i = j;
    }
    best.map(|(v, _)| v)
}
