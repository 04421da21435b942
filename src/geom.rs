//! Typed units and geometry.
//!
//! All layout happens in PostScript points ([`Pt`]) on a page coordinate system whose origin is
//! the top-left corner of the *trim* box, with y growing downwards (the way a designer measures a
//! page). Only the PDF writer converts to PDF's bottom-left origin.

use serde::{Deserialize, Serialize};
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A length in PostScript points (1/72 inch), the unit all layout is done in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Pt(pub f64);

/// A length in millimetres, the unit designers write page geometry in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, PartialOrd, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(transparent)]
pub struct Mm(pub f64);

impl Pt {
    /// Zero points.
    pub const ZERO: Pt = Pt(0.0);

    /// The raw number of points.
    pub fn get(self) -> f64 {
        self.0
    }

    /// The larger of two lengths.
    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }

    /// This length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 * 25.4 / 72.0)
    }

    /// Whether two lengths are equal within a hundredth of a point.
    pub fn approx_eq(self, other: Pt) -> bool {
        (self.0 - other.0).abs() < 0.01
    }
}

impl Mm {
    /// This length in points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 * 72.0 / 25.4)
    }
}

impl From<Mm> for Pt {
    fn from(mm: Mm) -> Pt {
        mm.to_pt()
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}
impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}
impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0
    }
}
impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0
    }
}
impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}
impl Mul<f64> for Pt {
    type Output = Pt;
    fn mul(self, k: f64) -> Pt {
        Pt(self.0 * k)
    }
}
impl Div<f64> for Pt {
    type Output = Pt;
    fn div(self, k: f64) -> Pt {
        Pt(self.0 / k)
    }
}
impl Div for Pt {
    type Output = f64;
    fn div(self, o: Pt) -> f64 {
        self.0 / o.0
    }
}
impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// A point on the page (trim top-left origin, y down).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Point {
    /// Distance from the trim's left edge.
    pub x: Pt,
    /// Distance from the trim's top edge.
    pub y: Pt,
}

impl Point {
    /// A point from its two coordinates.
    pub fn new(x: Pt, y: Pt) -> Point {
        Point { x, y }
    }
}

/// A width and a height.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Size {
    /// Horizontal extent.
    pub w: Pt,
    /// Vertical extent.
    pub h: Pt,
}

impl Size {
    /// A size from width and height.
    pub fn new(w: Pt, h: Pt) -> Size {
        Size { w, h }
    }
}

/// An axis-aligned rectangle: top-left corner plus size, in page coordinates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width.
    pub w: Pt,
    /// Height.
    pub h: Pt,
}

impl Rect {
    /// A rectangle from its left, top, width and height.
    pub fn new(x: Pt, y: Pt, w: Pt, h: Pt) -> Rect {
        Rect { x, y, w, h }
    }

    /// The right edge.
    pub fn right(&self) -> Pt {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.h
    }

    /// This rectangle grown by `d` on every side (shrunk for negative `d`).
    pub fn inflate(&self, d: Pt) -> Rect {
        Rect::new(self.x - d, self.y - d, self.w + d * 2.0, self.h + d * 2.0)
    }

    /// Whether the two rectangles overlap with positive area.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// Whether `o` lies wholly inside this rectangle (within a hundredth of a point).
    pub fn contains(&self, o: &Rect) -> bool {
        o.x.0 >= self.x.0 - 0.01
            && o.y.0 >= self.y.0 - 0.01
            && o.right().0 <= self.right().0 + 0.01
            && o.bottom().0 <= self.bottom().0 + 0.01
    }
}

/// Four lengths, one per side, as for margins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sides {
    /// Top.
    pub top: Pt,
    /// Bottom.
    pub bottom: Pt,
    /// Left.
    pub left: Pt,
    /// Right.
    pub right: Pt,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_in_points() {
        assert!(Mm(210.0).to_pt().approx_eq(Pt(595.28)));
        assert!(Mm(297.0).to_pt().approx_eq(Pt(841.89)));
        assert!((Pt(72.0).to_mm().0 - 25.4).abs() < 1e-9);
    }

    #[test]
    fn rect_relations() {
        let a = Rect::new(Pt(0.0), Pt(0.0), Pt(10.0), Pt(10.0));
        let b = Rect::new(Pt(5.0), Pt(5.0), Pt(10.0), Pt(10.0));
        assert!(a.intersects(&b));
        assert!(!a.contains(&b));
        assert!(a.inflate(Pt(5.0)).contains(&b));
    }
}
