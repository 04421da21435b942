//! `presswork preview` and proofs: PNG pages of the right size that are not blank, a
//! contact sheet of spreads, and a proof PDF with its watermark.

mod common;

use common::{project, tools};
use std::process::Command;

#[test]
fn preview_writes_pages_and_a_contact_sheet() {
    if !tools(&["pdftoppm"]) {
        return;
    }
    let dir = std::env::temp_dir().join(format!("presswork-preview-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_presswork"))
            .arg("preview")
            .arg(project().join(presswork::DEFAULT_EDITION))
            .args(["--pages", "3-6", "--dpi", "36", "-o"])
            .arg(&dir),
    );
    // A4 at 36 dpi: 298 × 421 px (a proof's page is the trim).
    let mut size = None;
    for n in 3..=6 {
        let page = image::open(dir.join(format!("page-{n:03}.png")))
            .unwrap()
            .to_rgb8();
        let (w, h) = page.dimensions();
        assert!(
            (w as i32 - 298).abs() <= 2 && (h as i32 - 421).abs() <= 2,
            "{w}×{h}"
        );
        let inked = page
            .pixels()
            .filter(|p| p.0.iter().any(|&c| c < 200))
            .count();
        assert!(
            inked * 100 > (w * h) as usize,
            "page {n} looks blank ({inked} dark pixels)"
        );
        size = Some((w, h));
    }
    assert!(!dir.join("page-007.png").exists());
    let (w, h) = size.unwrap();
    // Pages 3–6 are on spreads 2–3, 4–5 and 6–7: three spreads in one row.
    let sheet = image::open(dir.join("contact-sheet.png")).unwrap();
    assert_eq!(sheet.width(), 16 + 3 * (2 * w + 16));
    assert_eq!(sheet.height(), 16 + h + 16);
}

#[test]
fn proof_has_watermark_and_overlays() {
    let dir = std::env::temp_dir().join(format!("presswork-proof-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("proof.pdf");
    let output = common::run_ok(
        Command::new(env!("CARGO_BIN_EXE_presswork"))
            .arg("build")
            .arg(project().join(presswork::DEFAULT_EDITION))
            .args([
                "--proof",
                "--show",
                "grid,frames,slots,baselines",
                "--quiet",
                "-o",
            ])
            .arg(&pdf),
    );
    assert!(output.stdout.is_empty(), "--quiet printed on stdout");
    let text = common::lopdf_text(&pdf, 3, 3);
    assert!(text.contains("PROOF"), "{text}");
    assert!(text.contains("UTC"), "no build time: {text}");
}

#[test]
fn bad_overlay_name_is_bad_input() {
    let output = Command::new(env!("CARGO_BIN_EXE_presswork"))
        .arg("build")
        .arg(project().join(presswork::DEFAULT_EDITION))
        .args(["--show", "grids", "-o", "/nonexistent/x.pdf"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("grids"));
}
