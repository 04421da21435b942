//! Golden tests you can read: the layout trace of the sample edition, and small reference
//! renders of chosen pages. A missing reference fails its test;
//! `PRESSWORK_UPDATE_REFS=1 cargo test --test golden` (re)writes them: review the diff
//! (`git diff tests/ref`) and the PNGs before committing.

mod common;

use common::{difference, project, rewrite_reference, sample, tools};
use presswork::document::{Item, PageRole};
use std::path::{Path, PathBuf};
use std::process::Command;

fn ref_dir() -> PathBuf {
    project().join("tests/ref")
}

#[test]
fn layout_trace_matches_the_reference() {
    let s = sample();
    let trace = presswork::trace::trace(&s.built.paginated.document);
    let path = ref_dir().join("jn-magazine.trace.txt");
    if rewrite_reference(&path, "golden") {
        std::fs::write(&path, &trace).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("tests/ref/jn-magazine.trace.txt");
    if expected != trace {
        let first = expected
            .lines()
            .zip(trace.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "layout trace differs from tests/ref/jn-magazine.trace.txt at line {}:\n  expected: {}\n  actual:   {}\n(PRESSWORK_UPDATE_REFS=1 cargo test --test golden to accept)",
            first + 1,
            expected.lines().nth(first).unwrap_or(""),
            trace.lines().nth(first).unwrap_or("")
        );
    }
}

/// Renders page `number` of `pdf` at `dpi` to a PNG and returns its path.
fn render(pdf: &Path, number: u32, dpi: u32, out: &Path) -> PathBuf {
    let stem = out.with_extension("");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            &dpi.to_string(),
            "-png",
            "-singlefile",
            "-f",
            &number.to_string(),
            "-l",
            &number.to_string(),
        ])
        .arg(pdf)
        .arg(&stem)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success());
    stem.with_extension("png")
}

/// Compares a page render with its reference; the tolerance allows for renderer
/// antialiasing differences, not for moved text.
fn check_page(name: &str, number: u32) {
    if !tools(&["pdftoppm"]) {
        return;
    }
    let s = sample();
    let tmp = std::env::temp_dir().join(format!(
        "presswork-golden-{}-{name}.png",
        std::process::id()
    ));
    let actual = render(&s.pdf, number, 30, &tmp);
    let reference = ref_dir().join(format!("{name}.png"));
    if rewrite_reference(&reference, "golden") {
        std::fs::copy(&actual, &reference).unwrap();
        return;
    }
    let diff = difference(&actual, &reference);
    assert!(
        diff < 2.0,
        "{name}: page {number} differs from tests/ref/{name}.png by {diff:.2} per channel; see {}",
        actual.display()
    );
    // A blank page would match a blank reference: make sure there is ink.
    let img = image::open(&actual).unwrap().to_luma8();
    let inked = img.pixels().filter(|p| p.0[0] < 200).count();
    assert!(
        inked * 50 > img.pixels().count(),
        "{name}: page {number} is nearly blank"
    );
}

fn first_page_of(role: PageRole) -> u32 {
    let s = sample();
    s.built
        .paginated
        .document
        .pages
        .iter()
        .find(|p| p.role == role)
        .map(|p| p.number)
        .expect("page exists")
}

#[test]
fn cover_render() {
    check_page("cover", first_page_of(PageRole::Cover));
}

#[test]
fn thema_opener_render() {
    check_page(
        "thema-opener",
        first_page_of(PageRole::Article("thema-dalton-jansen".into())),
    );
}

#[test]
fn thema_second_page_with_half_page_ad_render() {
    check_page(
        "thema-page-2",
        first_page_of(PageRole::Article("thema-dalton-jansen".into())) + 1,
    );
}

#[test]
fn full_page_ad_render() {
    check_page(
        "ad-onyx",
        first_page_of(PageRole::Ad("onyx-cybersecurity".into())),
    );
}

/// The first page whose items satisfy `test`.
fn first_page_where(test: impl Fn(&[Item]) -> bool) -> u32 {
    let s = sample();
    s.built
        .paginated
        .document
        .pages
        .iter()
        .find(|p| test(&p.items))
        .map(|p| p.number)
        .expect("such a page exists")
}

#[test]
fn pull_quote_at_a_column_head_render() {
    // A pull quote on the grid: its rules a column wide, its top rule at the head of the
    // type area, body text under it in the same column.
    let s = sample();
    let column = s
        .built
        .paginated
        .lines
        .values()
        .flatten()
        .map(|l| l.width.0)
        .fold(0.0, f64::max);
    // The sample layout's head margin, 20 mm.
    let top = 20.0 * 72.0 / 25.4;
    let number = first_page_where(|items| {
        items.iter().any(|i| match i {
            Item::Rule(r) => {
                let width = r.to.x.0 - r.from.x.0;
                (width - column).abs() < 1.0 && (r.from.y.0 - top).abs() < 1.0
            }
            _ => false,
        })
    });
    check_page("pull-quote-column", number);
}

#[test]
fn photo_with_caption_render() {
    let number = first_page_where(|items| {
        items
            .iter()
            .any(|i| matches!(i, Item::Image(img) if img.source.part.starts_with("body[")))
            && items
                .iter()
                .any(|i| matches!(i, Item::Text(r) if r.source.part.ends_with(".caption")))
    });
    check_page("photo-caption", number);
}

#[test]
fn box_render() {
    let number = first_page_where(|items| {
        items
            .iter()
            .any(|i| matches!(i, Item::Text(r) if r.source.part.contains(".paragraphs[")))
            && items.iter().any(|i| matches!(i, Item::Fill(_)))
    });
    check_page("box", number);
}

#[test]
fn opener_with_lead_photo_render() {
    let number = first_page_where(|items| {
        items
            .iter()
            .any(|i| matches!(i, Item::Image(img) if img.source.part == "lead_image"))
    });
    check_page("opener-lead-photo", number);
}

#[test]
fn caption_beside_photo_render() {
    // A body photo whose caption stands in the column beside it.
    let number = first_page_where(|items| {
        items.iter().any(|i| {
            let Item::Image(img) = i else { return false };
            let caption = format!("{}.caption", img.source.part);
            img.source.part.starts_with("body[")
                && items.iter().any(|t| {
                    matches!(t, Item::Text(r) if r.source.part == caption
                        && (r.origin.x >= img.clip.right() || r.origin.x + img.clip.w * 0.5 < img.clip.x))
                })
        })
    });
    check_page("caption-beside", number);
}

#[test]
fn full_page_photo_with_bleed_render() {
    let s = sample();
    let trim = s.built.paginated.document.trim;
    let number = first_page_where(|items| {
        items.iter().any(|i| {
            matches!(i, Item::Image(img) if img.source.part.starts_with("body[")
                && img.clip.w > trim.w && img.clip.h > trim.h)
        })
    });
    check_page("full-page-photo", number);
}

#[test]
fn contained_lead_photo_render() {
    // A lead photo shown whole: its frame is the photo, narrower than the type area.
    let number = first_page_where(|items| {
        items.iter().any(|i| {
            matches!(i, Item::Image(img) if img.source.part == "lead_image"
                && img.rect == img.clip && img.clip.w.0 < 400.0)
        })
    });
    check_page("contain-fit", number);
}

#[test]
fn column_opener_render() {
    check_page(
        "column-opener",
        first_page_of(PageRole::Article("column-de-bruin".into())),
    );
}
