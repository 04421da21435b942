//! The sample edition's PDF: fonts embedded and subset, structure valid, ads at their booked
//! sizes, body text justified in three columns.

mod common;

use common::{sample, tools};
use presswork::document::{Item, PageRole};
use std::process::Command;

#[test]
fn every_font_is_embedded_and_subset() {
    if !tools(&["pdffonts"]) {
        return;
    }
    let s = sample();
    let out = Command::new("pdffonts").arg(&s.pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(
        rows.len() >= 5,
        "expected the edition's fonts, got:\n{text}"
    );
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb/sub/uni are the 3 yes/no columns
        // before the object number and generation.
        let n = cols.len();
        assert!(n >= 7, "odd pdffonts row: {row}");
        let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
        assert_eq!(
            (emb, sub, uni),
            ("yes", "yes", "yes"),
            "font not embedded+subset+unicode: {row}"
        );
    }
}

#[test]
fn qpdf_finds_no_errors() {
    if !tools(&["qpdf"]) {
        return;
    }
    let s = sample();
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&s.pdf)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "qpdf --check failed:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
}

#[test]
fn the_supplied_ads_sit_on_their_pages_at_their_booked_sizes() {
    let s = sample();
    let doc = &s.built.paginated.document;
    let layout = &s.edition.layout;
    let mut seen = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Ad(ad) = item else { continue };
            let id = &ad.source.owner;
            let booking = &s.edition.edition.ads[id];
            let slot = &layout.slots[&booking.size];
            let (w, h) = (slot.width.to_pt(), slot.height.to_pt());
            assert!(
                ad.trim.w.approx_eq(w) && ad.trim.h.approx_eq(h),
                "{id}: {:?} vs slot {w:?}x{h:?}",
                ad.trim
            );
            if slot.bleed {
                assert_eq!(
                    page.role,
                    PageRole::Ad(id.clone()),
                    "full-page ad {id} has its own page"
                );
            } else {
                assert!(
                    matches!(page.role, PageRole::Article(_)),
                    "{id} shares an article page"
                );
            }
            seen.push(id.clone());
        }
    }
    for id in ["onyx-cybersecurity", "etesian", "nidos", "back-cover-it"] {
        assert!(
            seen.iter().any(|s| s == id),
            "ad {id} not placed; placed: {seen:?}"
        );
    }
    // In the PDF, each full-page ad page draws a form XObject (the advertiser's vectors).
    let pdf = lopdf::Document::load(&s.pdf).unwrap();
    let pages = pdf.get_pages();
    for page in &doc.pages {
        if let PageRole::Ad(_) = page.role {
            let id = pages[&page.number];
            let resources = pdf.get_page_resources(id).unwrap();
            let has_form = resources
                .0
                .into_iter()
                .chain(
                    resources
                        .1
                        .into_iter()
                        .filter_map(|r| pdf.get_dictionary(r).ok()),
                )
                .any(|res| {
                    res.get(b"XObject")
                        .ok()
                        .and_then(|x| match x {
                            lopdf::Object::Dictionary(d) => Some(d.clone()),
                            lopdf::Object::Reference(r) => pdf.get_dictionary(*r).ok().cloned(),
                            _ => None,
                        })
                        .is_some_and(|xo| {
                            xo.iter().any(|(_, v)| {
                                v.as_reference()
                                    .ok()
                                    .and_then(|r| pdf.get_object(r).ok())
                                    .and_then(|o| o.as_stream().ok())
                                    .is_some_and(|st| {
                                        st.dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok())
                                            == Some(b"Form".as_slice())
                                    })
                            })
                        })
                });
            assert!(has_form, "page {} draws no form XObject", page.number);
        }
    }
}

#[test]
fn body_text_is_justified_in_three_columns() {
    let s = sample();
    let doc = &s.built.paginated.document;
    let thema: Vec<_> = doc
        .pages
        .iter()
        .filter(|p| p.role == PageRole::Article("thema-dalton-jansen".into()))
        .collect();
    assert!(thema.len() >= 2);
    let body_size = s.edition.layout.styles["body"].size;
    let mut xs: Vec<f64> = Vec::new();
    for page in &thema {
        for item in &page.items {
            if let Item::Text(run) = item {
                if run.size == body_size && run.source.part.starts_with("body[") {
                    xs.push((run.origin.x.0 * 10.0).round() / 10.0);
                }
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    assert!(xs.len() >= 3, "body lines start at {xs:?}");
    // Justified: all lines but each paragraph's last fill their measure.
    let lines = &s.built.paginated.lines["thema-dalton-jansen"];
    let inner: Vec<_> = lines
        .iter()
        .filter(|l| !l.last && l.part.starts_with("body["))
        .collect();
    assert!(inner.len() > 100);
    assert!(
        lines.iter().any(|l| l.hyphenated),
        "no hyphenated line in the Thema article"
    );
}
