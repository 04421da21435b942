//! Printer's marks in the slug: crop marks at the trim corners and a line of page
//! information, all outside the bleed box so they are cut away.

use super::{num, PageGeometry, REGISTRATION};
use crate::document::{DocumentMeta, Page};
use pdf_writer::types::ColorSpaceOperand;
use pdf_writer::{Content, Name};

/// Type size of the page information line.
pub const PAGE_INFO_SIZE: f64 = 6.0;

/// Weight of the crop marks.
const MARK_WEIGHT: f32 = 0.25;

/// Gap between the bleed box and the start of a crop mark.
const MARK_GAP: f64 = 1.0;

/// The page information printed in the slug: title, issue and page number.
pub fn page_info_text(meta: &DocumentMeta, page: &Page) -> String {
    let mut s = meta.title.trim().to_string();
    if !meta.issue.trim().is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(meta.issue.trim());
    }
    if !s.is_empty() {
        s.push_str(" - ");
    }
    s.push_str(&format!("page {}", page.number));
    s
}

/// Draws the eight crop marks (two per trim corner) in registration colour. They start
/// just outside the bleed box and run to just inside the media box; nothing is drawn when
/// the slug is too narrow to hold them.
pub fn crop_marks(c: &mut Content, g: &PageGeometry) {
    let len = g.slug - 2.0 * MARK_GAP;
    if len < 2.0 {
        return;
    }
    let (mw, mh) = g.media_size();
    let o = g.offset();
    // Trim edges in PDF coordinates.
    let (left, right, bottom, top) = (o, mw - o, o, mh - o);
    let near = g.bleed + MARK_GAP;
    let far = near + len;
    c.save_state();
    c.set_stroke_color_space(ColorSpaceOperand::Named(Name(REGISTRATION.as_bytes())));
    c.set_stroke_color([1.0]);
    c.set_line_width(MARK_WEIGHT);
    let mut line = |x0: f64, y0: f64, x1: f64, y1: f64| {
        c.move_to(num(x0), num(y0));
        c.line_to(num(x1), num(y1));
    };
    for &(x, sx) in &[(left, -1.0), (right, 1.0)] {
        for &(y, sy) in &[(bottom, -1.0), (top, 1.0)] {
            // Horizontal mark level with the horizontal trim edge, out to the side.
            line(x + sx * near, y, x + sx * far, y);
            // Vertical mark in line with the vertical trim edge, out above/below.
            line(x, y + sy * near, x, y + sy * far);
        }
    }
    c.stroke();
    c.restore_state();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{PageRole, Side};
    use crate::geom::{Pt, Size};

    #[test]
    fn info_names_title_issue_and_page() {
        let meta = DocumentMeta {
            title: "Presswork".into(),
            issue: "2026-4".into(),
            ..Default::default()
        };
        let page = Page {
            number: 7,
            side: Side::Right,
            role: PageRole::Blank,
            items: vec![],
        };
        assert_eq!(page_info_text(&meta, &page), "Presswork 2026-4 - page 7");
    }

    #[test]
    fn marks_stay_outside_the_bleed() {
        let g = PageGeometry {
            trim: Size::new(Pt(100.0), Pt(100.0)),
            bleed: 8.0,
            slug: 20.0,
        };
        let mut c = Content::new();
        crop_marks(&mut c, &g);
        let s = String::from_utf8(c.finish().to_vec()).unwrap();
        // Bleed box is 20..136 in both directions; every coordinate of every mark either
        // lies on a trim edge (28 or 128) or outside the bleed box.
        for line in s.lines().filter(|l| l.ends_with(" m") || l.ends_with(" l")) {
            let v: Vec<f64> = line
                .split(' ')
                .take(2)
                .map(|t| t.parse().unwrap())
                .collect();
            let outside = |a: f64| !(20.0..=136.0).contains(&a);
            assert!(outside(v[0]) || outside(v[1]), "{line}");
        }
        assert!(s.contains("/Reg CS"));
    }
}
