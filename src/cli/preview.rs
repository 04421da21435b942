//! `preview`: a proof rendered to PNG pages by poppler's `pdftoppm`, and a contact sheet of
//! spreads (page 1 alone on the right, then 2–3, 4–5, …) composed with the `image` crate.

use super::build::options;
use super::progress::Progress;
use super::{edition_dir, edition_name, fail, Out, PreviewArgs};
use image::{Rgb, RgbImage};
use presswork::diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Spreads per row of the contact sheet.
const SPREADS_PER_ROW: u32 = 3;
/// Space around and between pages on the contact sheet, in pixels.
const GAP: u32 = 16;

/// `presswork preview`.
pub fn preview(args: PreviewArgs, out: Out) -> i32 {
    let edition = edition_dir(args.edition);
    let name = edition_name(&edition);
    let dir = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("{name}-preview")));
    match run(&edition, &dir, &args.pages, args.dpi, out) {
        Ok((pages, sheet)) => {
            if out.json {
                let line = serde_json::json!({
                    "command": "preview", "status": "ok", "exit_code": 0,
                    "pages": pages, "contact_sheet": sheet,
                });
                outln!("{line}");
            } else if !out.quiet {
                for p in &pages {
                    outln!("{}", p.display());
                }
                outln!("{}", sheet.display());
            }
            0
        }
        Err(d) => fail("preview", &d, out),
    }
}

/// Parses `3-6`, `5` or `all` against a document of `count` pages.
pub fn page_range(spec: &str, count: usize) -> Result<(usize, usize), Diagnostic> {
    let bad = || {
        Diagnostic::input(format!("`{spec}` is not a page range"))
            .at_field("--pages")
            .with_hint(format!(
                "write e.g. 3-6, 5 or all (the edition has {count} pages)"
            ))
    };
    let spec = spec.trim();
    let (a, b) = if spec == "all" {
        (1, count)
    } else if let Some((a, b)) = spec.split_once('-') {
        (
            a.trim().parse().map_err(|_| bad())?,
            b.trim().parse().map_err(|_| bad())?,
        )
    } else {
        let n = spec.parse().map_err(|_| bad())?;
        (n, n)
    };
    if a == 0 || a > b || b > count {
        return Err(bad());
    }
    Ok((a, b))
}

fn run(
    edition: &Path,
    dir: &Path,
    pages: &str,
    dpi: u32,
    out: Out,
) -> Result<(Vec<PathBuf>, PathBuf), Diagnostics> {
    // Fail before building if the renderer is missing: the build takes a while.
    if Command::new("pdftoppm").arg("-v").output().is_err() {
        return Err(Diagnostic::output("`pdftoppm` (poppler-utils) is not installed: preview needs it to render pages")
            .with_hint("install it: apt-get install poppler-utils (Debian/Ubuntu), brew install poppler (macOS)")
            .into());
    }
    if !(10..=1200).contains(&dpi) {
        return Err(Diagnostic::input(format!("--dpi {dpi} is out of range (10–1200)")).into());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Diagnostic::output(format!("cannot create the preview folder: {e}")).in_file(dir)
    })?;
    let pdf = dir.join("proof.pdf");
    let mut opts = options(Some(pdf.clone()), true, None, false)?;
    opts.force = true;
    let progress = Progress::start(format!("previewing {}", edition.display()), out);
    let built = presswork::build(edition, &opts);
    progress.finish();
    let built = built?;
    let (first, last) = page_range(pages, built.pages)?;
    let prefix = dir.join("raw");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", &dpi.to_string()])
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .map_err(|e| Diagnostic::output(format!("cannot run pdftoppm: {e}")))?;
    if !status.status.success() {
        return Err(Diagnostic::output(format!(
            "pdftoppm failed: {}",
            String::from_utf8_lossy(&status.stderr).trim()
        ))
        .into());
    }
    // pdftoppm pads page numbers to the width of the document's last page number; rename
    // to a fixed pattern so scripts can rely on it.
    let mut rendered = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Diagnostic::output(e.to_string()))? {
        let path = entry.map_err(|e| Diagnostic::output(e.to_string()))?.path();
        let Some(stem) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(n) = stem
            .strip_prefix("raw-")
            .and_then(|s| s.strip_suffix(".png"))
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        let target = dir.join(format!("page-{n:03}.png"));
        crop_to_trim(&path, &target, &built.paginated.document, dpi)?;
        let _ = std::fs::remove_file(&path);
        rendered.push((n, target));
    }
    rendered.sort();
    let sheet = dir.join("contact-sheet.png");
    contact_sheet(&rendered, &sheet)?;
    Ok((rendered.into_iter().map(|(_, p)| p).collect(), sheet))
}

/// Crops a rendered page (the whole media box: trim, bleed and slug) to its trim, which
/// is what a designer judges a page by.
fn crop_to_trim(
    from: &Path,
    to: &Path,
    doc: &presswork::document::Document,
    dpi: u32,
) -> Result<(), Diagnostic> {
    let img = image::open(from)
        .map_err(|e| Diagnostic::output(format!("cannot read a rendered page: {e}")).in_file(from))?
        .to_rgb8();
    let px = |pt: f64| (pt / 72.0 * dpi as f64).round().max(0.0) as u32;
    let off = px(doc.bleed.0 + doc.slug.0);
    let w = px(doc.trim.w.0).min(img.width().saturating_sub(off)).max(1);
    let h = px(doc.trim.h.0)
        .min(img.height().saturating_sub(off))
        .max(1);
    let page = image::imageops::crop_imm(&img, off, off, w, h).to_image();
    page.save(to)
        .map_err(|e| Diagnostic::output(format!("cannot write a page: {e}")).in_file(to))
}

/// Which spread a page is on, and whether it is the right-hand page of it.
fn spread_of(page: usize) -> (usize, bool) {
    (page / 2, page % 2 == 1)
}

/// Composes the rendered pages into spreads, `SPREADS_PER_ROW` to a row.
pub fn contact_sheet(pages: &[(usize, PathBuf)], out: &Path) -> Result<(), Diagnostic> {
    let mut images = Vec::new();
    for (n, path) in pages {
        let img = image::open(path)
            .map_err(|e| {
                Diagnostic::output(format!("cannot read a rendered page: {e}")).in_file(path)
            })?
            .to_rgb8();
        images.push((*n, img));
    }
    let pw = images.iter().map(|(_, i)| i.width()).max().unwrap_or(1);
    let ph = images.iter().map(|(_, i)| i.height()).max().unwrap_or(1);
    let mut spreads: Vec<usize> = images.iter().map(|(n, _)| spread_of(*n).0).collect();
    spreads.dedup();
    let cols = (spreads.len() as u32).clamp(1, SPREADS_PER_ROW);
    let rows = (spreads.len() as u32).div_ceil(SPREADS_PER_ROW).max(1);
    let cell_w = pw * 2 + GAP;
    let cell_h = ph + GAP;
    let mut sheet = RgbImage::from_pixel(
        GAP + cols * cell_w,
        GAP + rows * cell_h,
        Rgb([200, 200, 200]),
    );
    for (n, img) in &images {
        let (spread, right) = spread_of(*n);
        let index = spreads.iter().position(|s| *s == spread).unwrap_or(0) as u32;
        let x = GAP + (index % SPREADS_PER_ROW) * cell_w + if right { pw } else { 0 };
        let y = GAP + (index / SPREADS_PER_ROW) * cell_h;
        image::imageops::replace(&mut sheet, img, x.into(), y.into());
    }
    sheet.save(out).map_err(|e| {
        Diagnostic::output(format!("cannot write the contact sheet: {e}")).in_file(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(page_range("3-6", 40).unwrap(), (3, 6));
        assert_eq!(page_range("5", 40).unwrap(), (5, 5));
        assert_eq!(page_range("all", 8).unwrap(), (1, 8));
        assert!(page_range("6-3", 40).is_err());
        assert!(page_range("0-3", 40).is_err());
        assert!(page_range("1-41", 40).is_err());
    }

    #[test]
    fn spreads() {
        assert_eq!(spread_of(1), (0, true));
        assert_eq!(spread_of(2), (1, false));
        assert_eq!(spread_of(3), (1, true));
    }
}
