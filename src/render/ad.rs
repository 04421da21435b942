//! Ad geometry: how an advertiser's page (with a possible /Rotate) is turned upright and
//! where its trim box then lies, shared by the Form XObject's Matrix and its placement.

use crate::geom::{Pt, Rect};
use crate::load::assets::PdfPage;
use lopdf::Object;

/// Longest /Parent chain followed when looking for an inherited /Rotate.
const MAX_PARENTS: usize = 64;

/// The page's /Rotate (inherited from the page tree when absent), as 0, 90, 180 or 270.
pub fn ad_rotation(page: &PdfPage) -> i64 {
    let doc = &*page.doc;
    let mut node = doc.get_dictionary(page.page_id).ok();
    for _ in 0..MAX_PARENTS {
        let Some(d) = node else { break };
        if let Ok(r) = d.get(b"Rotate") {
            let r = match r {
                Object::Integer(i) => *i,
                Object::Real(f) if f.is_finite() => f.round() as i64,
                _ => 0,
            };
            // Only multiples of 90 are valid; round anything else to the nearest.
            return (r.rem_euclid(360) + 45) / 90 * 90 % 360;
        }
        node = d
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .ok();
    }
    0
}

/// The matrix that turns the page's own coordinates upright (clockwise by its /Rotate, as
/// viewers display it); the Form XObject's `/Matrix`.
pub fn ad_form_matrix(page: &PdfPage) -> [f64; 6] {
    match ad_rotation(page) {
        90 => [0.0, -1.0, 1.0, 0.0, 0.0, 0.0],
        180 => [-1.0, 0.0, 0.0, -1.0, 0.0, 0.0],
        270 => [0.0, 1.0, -1.0, 0.0, 0.0, 0.0],
        _ => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    }
}

/// The ad's trim box after the form matrix: lower-left `x`,`y`, width and height, y up.
pub fn upright_trim(page: &PdfPage) -> Rect {
    let m = ad_form_matrix(page);
    let t = &page.trim;
    let corners = [
        (t.x.0, t.y.0),
        (t.right().0, t.y.0),
        (t.x.0, t.bottom().0),
        (t.right().0, t.bottom().0),
    ];
    let pts: Vec<(f64, f64)> = corners
        .iter()
        .map(|&(x, y)| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]))
        .collect();
    let min_x = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max_x = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let min_y = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let max_y = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    Rect::new(Pt(min_x), Pt(min_y), Pt(max_x - min_x), Pt(max_y - min_y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Document};
    use std::sync::Arc;

    fn page(rotate: Option<i64>) -> PdfPage {
        let mut doc = Document::with_version("1.7");
        let mut d = dictionary! { "Type" => "Page" };
        if let Some(r) = rotate {
            d.set("Rotate", r);
        }
        let id = doc.add_object(d);
        let trim = Rect::new(Pt(10.0), Pt(20.0), Pt(100.0), Pt(50.0));
        PdfPage {
            doc: Arc::new(doc),
            page_id: id,
            trim,
            bleed: trim,
            media: trim,
        }
    }

    #[test]
    fn unrotated_pages_stay_as_they_are() {
        let p = page(None);
        assert_eq!(ad_rotation(&p), 0);
        assert_eq!(upright_trim(&p), p.trim);
    }

    #[test]
    fn rotated_pages_swap_width_and_height() {
        for r in [90, -270, 450] {
            let p = page(Some(r));
            assert_eq!(ad_rotation(&p), 90);
            let t = upright_trim(&p);
            assert_eq!((t.w, t.h), (Pt(50.0), Pt(100.0)));
            // Clockwise: the page's left edge (x = 10) becomes the top (y' = -10).
            assert_eq!(t.bottom(), Pt(-10.0));
        }
        assert_eq!(ad_rotation(&page(Some(180))), 180);
        let t = upright_trim(&page(Some(270)));
        assert_eq!((t.w, t.h), (Pt(50.0), Pt(100.0)));
    }
}
