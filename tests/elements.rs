//! Magazine page elements as the sample edition uses them, checked on the laid-out pages:
//! captions beside photos, full-page photos with bleed, photos shown whole (`contain`), and a
//! section's own opener (the column).

mod common;

use common::sample;
use presswork::document::{Document, GlyphRun, Item, Page, PageRole, PlacedImage};
use presswork::geom::{Pt, Rect};

fn document() -> &'static Document {
    &sample().built.paginated.document
}

/// A generous box around a run of text: from its left end to its last glyph plus an em,
/// from the cap height above the baseline to the descender below.
fn run_box(r: &GlyphRun) -> Rect {
    let last = r.glyphs.last().map_or(Pt::ZERO, |g| g.x);
    Rect::new(
        r.origin.x,
        r.origin.y - r.size * 0.75,
        last + r.size * 0.6,
        r.size,
    )
}

fn texts(page: &Page) -> impl Iterator<Item = &GlyphRun> {
    page.items.iter().filter_map(|i| match i {
        Item::Text(r) => Some(r),
        _ => None,
    })
}

fn images(page: &Page) -> impl Iterator<Item = &PlacedImage> {
    page.items.iter().filter_map(|i| match i {
        Item::Image(img) => Some(img),
        _ => None,
    })
}

/// The caption and credit runs of `img`.
fn words_of<'p>(page: &'p Page, img: &PlacedImage) -> Vec<&'p GlyphRun> {
    let own = [
        format!("{}.caption", img.source.part),
        format!("{}.credit", img.source.part),
    ];
    texts(page)
        .filter(|r| r.source.owner == img.source.owner && own.contains(&r.source.part))
        .collect()
}

fn aspect(doc: &Document, img: &PlacedImage) -> f64 {
    let asset = &doc.images[img.image];
    asset.height_px as f64 / asset.width_px as f64
}

#[test]
fn captions_beside_photos_keep_clear_of_the_text() {
    let doc = document();
    let mut found = 0;
    for page in &doc.pages {
        for img in images(page).filter(|i| i.source.part.starts_with("body[")) {
            let words = words_of(page, img);
            let beside = !words.is_empty()
                && words.iter().all(|r| {
                    let b = run_box(r);
                    b.x >= img.clip.right() || b.right() <= img.clip.x
                });
            if !beside {
                continue;
            }
            found += 1;
            // The caption's last line stands level with the photo's foot.
            let last = words.iter().map(|r| r.origin.y.0).fold(f64::MIN, f64::max);
            let foot = img.clip.bottom().0;
            assert!(
                (foot - last).abs() < 4.0,
                "page {}: caption ends at {last:.1}, photo at {foot:.1}",
                page.number
            );
            // Photo and caption together: no other text inside.
            let mut area = img.clip;
            for r in &words {
                let b = run_box(r);
                let x = area.x.min(b.x);
                let y = area.y.min(b.y);
                area = Rect::new(
                    x,
                    y,
                    area.right().max(b.right()) - x,
                    area.bottom().max(b.bottom()) - y,
                );
            }
            for r in texts(page).filter(|r| !words.iter().any(|w| std::ptr::eq(*w, *r))) {
                assert!(
                    !run_box(r).intersects(&area),
                    "page {}: {} `{}` runs into the photo {} and its caption",
                    page.number,
                    r.source.part,
                    r.text,
                    img.source.part
                );
            }
        }
    }
    assert!(found >= 1, "the sample has a caption beside a photo");
}

#[test]
fn full_page_photos_cover_trim_and_bleed() {
    let doc = document();
    let trim = Rect::new(Pt::ZERO, Pt::ZERO, doc.trim.w, doc.trim.h);
    let bled = trim.inflate(doc.bleed);
    let area_top = Pt(20.0 * 72.0 / 25.4);
    let mut found = 0;
    for page in &doc.pages {
        let Some(img) = images(page).find(|i| i.clip.contains(&bled)) else {
            continue;
        };
        if page.role == PageRole::Cover {
            continue;
        }
        found += 1;
        assert!(matches!(page.role, PageRole::Article(_)));
        let geometry = presswork::pages::geometry::PageGeometry::new(&sample().edition.layout);
        assert!(presswork::pages::article::is_full_page_photo(
            &page.items,
            &geometry
        ));
        // Drawn over the whole bleed box, in its own proportions (cropped, not stretched).
        assert!(img.rect.contains(&bled), "page {}", page.number);
        let drawn = img.rect.h.0 / img.rect.w.0;
        assert!((drawn - aspect(doc, img)).abs() < 1e-6);
        // Only its caption and credit (and the page furniture) are on the page, inside
        // the type area, on a panel.
        let words = words_of(page, img);
        assert!(!words.is_empty());
        for r in texts(page) {
            let part = r.source.part.as_str();
            if part == "running_head" || part == "folio" {
                continue;
            }
            assert!(
                words.iter().any(|w| std::ptr::eq(*w, r)),
                "page {}: {part} on a full-page photo",
                page.number
            );
            assert!(r.origin.y > area_top && r.origin.y < trim.bottom() - Pt(22.0 * 72.0 / 25.4));
            let on_panel = page.items.iter().any(|i| {
                matches!(i, Item::Fill(f) if f.rect.contains(&Rect::new(r.origin.x, r.origin.y, Pt::ZERO, Pt::ZERO)))
            });
            assert!(on_panel, "page {}: caption off its panel", page.number);
        }
    }
    assert!(found >= 1, "the sample has a full-page photo");
    let geometry = presswork::pages::geometry::PageGeometry::new(&sample().edition.layout);
    let others = doc
        .pages
        .iter()
        .filter(|p| presswork::pages::article::is_full_page_photo(&p.items, &geometry))
        .count();
    assert_eq!(others, found, "only full-page photo pages count as such");
}

#[test]
fn contained_photos_are_whole_and_in_proportion() {
    let doc = document();
    let s = sample();
    let contained: Vec<&str> = s
        .edition
        .articles
        .values()
        .filter(|a| {
            a.lead_image
                .as_ref()
                .is_some_and(|l| l.fit == Some(presswork::model::Fit::Contain))
        })
        .map(|a| a.id.as_str())
        .collect();
    assert!(!contained.is_empty(), "the sample contains a photo whole");
    for page in &doc.pages {
        for img in images(page).filter(|i| {
            i.source.part == "lead_image" && contained.contains(&i.source.owner.as_str())
        }) {
            // Nothing cropped: the frame is the photo.
            assert!(img.clip.contains(&img.rect) && img.rect.contains(&img.clip));
            let drawn = img.rect.h.0 / img.rect.w.0;
            assert!((drawn - aspect(doc, img)).abs() < 1e-6);
        }
    }
}

#[test]
fn the_column_opens_in_its_own_style() {
    let doc = document();
    let column = |id: &str| {
        doc.pages
            .iter()
            .find(|p| p.role == PageRole::Article(id.into()))
            .expect("article page")
    };
    let page = column("column-de-bruin");
    let headline = texts(page)
        .find(|r| r.source.part == "headline")
        .expect("headline");
    let default = texts(column("werkgevers-agressie-aanpak"))
        .find(|r| r.source.part == "headline")
        .expect("headline");
    assert!(headline.size < default.size && headline.font != default.font);
    // A rule above the label.
    let label = texts(page)
        .find(|r| r.source.part == "section")
        .expect("label");
    assert!(page
        .items
        .iter()
        .any(|i| matches!(i, Item::Rule(r) if r.from.y < label.origin.y)));
    // The standfirst and byline stand in the first column; the body starts beside them.
    let lines = &sample().built.paginated.lines["column-de-bruin"];
    let intro: Vec<&GlyphRun> = texts(page)
        .filter(|r| r.source.part.starts_with("standfirst") || r.source.part.starts_with("byline"))
        .collect();
    let intro_right = intro
        .iter()
        .map(|r| run_box(r).right().0)
        .fold(0.0, f64::max);
    let intro_bottom = intro.iter().map(|r| r.origin.y.0).fold(0.0, f64::max);
    let first_column = lines.iter().filter(|l| l.page == 0 && l.column == 0);
    assert!(first_column.clone().all(|l| l.baseline.0 > intro_bottom));
    assert!(lines
        .iter()
        .any(|l| l.page == 0 && l.column == 1 && l.baseline.0 < intro_bottom));
    assert!(lines
        .iter()
        .filter(|l| l.page == 0 && l.column == 1)
        .all(|l| l.x.0 > intro_right));
}

/// Lays out the sample with the column given a lead photo, its opener showing it as `how`.
fn column_with_photo(how: presswork::model::layout::LeadImagePlacement) -> Vec<Page> {
    let mut edition = sample().edition.clone();
    let column = edition
        .articles
        .get_mut("column-de-bruin")
        .expect("the column");
    column.lead_image = Some(presswork::model::ImageRef {
        file: "assets/photos/grace_hopper.jpg".into(),
        caption: Some("Portret".into()),
        credit: None,
        focus: None,
        fit: None,
    });
    edition
        .layout
        .elements
        .openers
        .get_mut("Column")
        .expect("the column's opener")
        .lead_image = how;
    let typesetter = presswork::text::paragraph::Typesetter::new(edition.fonts.clone());
    let laid = presswork::pages::paginate(&edition, &typesetter).expect("lays out");
    assert!(laid.overset.is_empty(), "{:?}", laid.overset);
    laid.document
        .pages
        .into_iter()
        .filter(|p| p.role == PageRole::Article("column-de-bruin".into()))
        .collect()
}

#[test]
fn a_column_shows_its_lead_photo_as_a_byline_portrait_or_not_at_all() {
    use presswork::model::layout::LeadImagePlacement;
    let pages = column_with_photo(LeadImagePlacement::Portrait);
    let page = &pages[0];
    let img = images(page)
        .find(|i| i.source.part == "lead_image")
        .expect("portrait");
    let geometry = presswork::pages::geometry::PageGeometry::new(&sample().edition.layout);
    assert!(img.clip.w.approx_eq(geometry.column_width() * 0.5));
    for r in texts(page) {
        assert!(
            !run_box(r).intersects(&img.clip),
            "{} `{}` on the portrait",
            r.source.part,
            r.text
        );
    }
    let pages = column_with_photo(LeadImagePlacement::None);
    assert!(pages.iter().all(|p| images(p).next().is_none()));
    assert!(texts(&pages[0]).any(|r| r.source.part == "lead_image.caption"));
}

/// A box never stands at a column's foot with its title and a line or two, the rest in the
/// next column: its title and its first three lines stand in one column of one page.
#[test]
fn boxes_start_with_their_title_and_three_lines_in_one_column() {
    let doc = document();
    // Every line of the body, in reading order: (page, left edge, baseline, part); the runs
    // of one line (an italic word is a run of its own) taken together.
    let mut lines: Vec<(usize, f64, f64, &str)> = Vec::new();
    for (p, page) in doc.pages.iter().enumerate() {
        for r in texts(page) {
            let (x, y) = (r.origin.x.0, r.origin.y.0);
            match lines.last() {
                Some(&(lp, _, ly, lpart))
                    if lp == p && (ly - y).abs() < 0.01 && lpart == r.source.part => {}
                _ => lines.push((p, x, y, r.source.part.as_str())),
            }
        }
    }
    let mut boxes = 0;
    for (i, &(page, x, _, part)) in lines.iter().enumerate() {
        let Some(block) = part.strip_suffix(".title") else {
            continue;
        };
        // From the title's first line: its further lines, then its first three of text.
        if i > 0 && lines[i - 1].3 == part {
            continue;
        }
        let paragraphs = format!("{block}.paragraphs[");
        let start: Vec<_> = lines[i..]
            .iter()
            .skip_while(|l| l.3 == part)
            .take(3)
            .collect();
        assert!(
            start.len() == 3 && start.iter().all(|l| l.3.starts_with(&paragraphs)),
            "box {block}: {start:?}"
        );
        for l in start {
            assert!(
                l.0 == page && (l.1 - x).abs() < 1.0,
                "box {block} starts on page {} at x {x:.1}, but its text runs on at page {} x {:.1}",
                page + 1,
                l.0 + 1,
                l.1
            );
        }
        boxes += 1;
    }
    assert!(boxes >= 3, "{boxes} boxes with a title in the sample");
}
