//! The layout trace: a readable text listing of every page's positioned items, for golden
//! tests and for looking at what the engine did without a PDF viewer.

use crate::document::{Document, Item, PageRole};
use std::fmt::Write;

/// Prints every page of `doc` and its items, one line each, positions in points to 0.01.
pub fn trace(doc: &Document) -> String {
    let mut out = String::new();
    for page in &doc.pages {
        let role = match &page.role {
            PageRole::Cover => "cover".to_string(),
            PageRole::Ad(id) => format!("ad {id}"),
            PageRole::Article(id) => format!("article {id}"),
            PageRole::Blank => "blank".to_string(),
        };
        let _ = writeln!(out, "page {} {:?} {}", page.number, page.side, role);
        for item in &page.items {
            write_item(&mut out, item);
        }
    }
    out
}

/// Appends one item's trace line (indented, positions to 0.01 pt) to `out`.
pub fn write_item(out: &mut String, item: &Item) {
    let _ = match item {
        Item::Text(r) => writeln!(
            out,
            "  text {:.2},{:.2} font{} {:.1}pt {} “{}”",
            r.origin.x.0, r.origin.y.0, r.font.0, r.size.0, r.source.part, r.text
        ),
        Item::Image(i) => writeln!(
            out,
            "  image #{} clip {:.2},{:.2} {:.2}x{:.2} {}",
            i.image, i.clip.x.0, i.clip.y.0, i.clip.w.0, i.clip.h.0, i.source.part
        ),
        Item::Ad(a) => writeln!(
            out,
            "  ad #{} trim {:.2},{:.2} {:.2}x{:.2} {}",
            a.ad, a.trim.x.0, a.trim.y.0, a.trim.w.0, a.trim.h.0, a.source.owner
        ),
        Item::Rule(r) => writeln!(
            out,
            "  rule {:.2},{:.2} → {:.2},{:.2} {:.2}pt",
            r.from.x.0, r.from.y.0, r.to.x.0, r.to.y.0, r.width.0
        ),
        Item::Fill(f) => writeln!(
            out,
            "  fill {:.2},{:.2} {:.2}x{:.2}",
            f.rect.x.0, f.rect.y.0, f.rect.w.0, f.rect.h.0
        ),
    };
}
