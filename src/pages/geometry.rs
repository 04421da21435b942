//! Page geometry: the trim, the type area on left and right pages, the body columns and the
//! baseline grid, all derived once from the layout.

use crate::document::Side;
use crate::geom::{Pt, Rect, Size};
use crate::model::{Layout, SlotPosition, SlotSpec};

/// Geometry shared by every page of an edition.
#[derive(Debug, Clone, PartialEq)]
pub struct PageGeometry {
    /// Trimmed page size.
    pub trim: Size,
    /// Bleed beyond the trim.
    pub bleed: Pt,
    /// Slug beyond the bleed.
    pub slug: Pt,
    /// Head margin.
    pub top: Pt,
    /// Foot margin.
    pub bottom: Pt,
    /// Margin at the spine.
    pub inside: Pt,
    /// Margin at the fore-edge.
    pub outside: Pt,
    /// Number of body columns.
    pub columns: usize,
    /// Space between columns.
    pub gutter: Pt,
    /// Baseline grid increment.
    pub grid: Pt,
}

impl PageGeometry {
    /// The geometry a layout describes.
    pub fn new(layout: &Layout) -> PageGeometry {
        PageGeometry {
            trim: Size::new(layout.page.width.into(), layout.page.height.into()),
            bleed: layout.page.bleed.into(),
            slug: layout.page.slug.into(),
            top: layout.margins.top.into(),
            bottom: layout.margins.bottom.into(),
            inside: layout.margins.inside.into(),
            outside: layout.margins.outside.into(),
            columns: layout.columns.count.max(1) as usize,
            gutter: layout.columns.gutter.into(),
            grid: layout.grid.baseline,
        }
    }

    /// The whole trimmed page.
    pub fn trim_rect(&self) -> Rect {
        Rect::new(Pt::ZERO, Pt::ZERO, self.trim.w, self.trim.h)
    }

    /// The type area of a page on `side`: inside margin at the spine.
    pub fn type_area(&self, side: Side) -> Rect {
        let left = match side {
            Side::Right => self.inside,
            Side::Left => self.outside,
        };
        Rect::new(
            left,
            self.top,
            self.trim.w - self.inside - self.outside,
            self.trim.h - self.top - self.bottom,
        )
    }

    /// The width of one body column.
    pub fn column_width(&self) -> Pt {
        let area = self.type_area(Side::Right);
        (area.w - self.gutter * (self.columns as f64 - 1.0)) / self.columns as f64
    }

    /// The left edge of column `index` on a page on `side`.
    pub fn column_x(&self, side: Side, index: usize) -> Pt {
        self.type_area(side).x + (self.column_width() + self.gutter) * index as f64
    }

    /// Width of `span` adjacent columns with their gutters.
    pub fn span_width(&self, span: usize) -> Pt {
        let span = span.clamp(1, self.columns) as f64;
        self.column_width() * span + self.gutter * (span - 1.0)
    }

    /// The baseline of grid line `k` (0-based) in the type area: the first baseline sits one
    /// cap height's worth (¾ of the increment) below the top margin.
    pub fn baseline(&self, k: usize) -> Pt {
        self.top + self.grid * 0.75 + self.grid * k as f64
    }

    /// The index of the first grid line whose baseline is at or below `y`.
    pub fn grid_index_at_or_below(&self, y: Pt) -> usize {
        let first = self.baseline(0);
        if y <= first {
            return 0;
        }
        ((y - first).0 / self.grid.0 - 1e-6).ceil().max(0.0) as usize
    }

    /// Where an ad of `slot` size sits on a page on `side` that it shares with text.
    pub fn ad_rect(&self, slot: &SlotSpec, side: Side, position: SlotPosition) -> Rect {
        let area = self.type_area(side);
        let w: Pt = slot.width.into();
        let h: Pt = slot.height.into();
        let w = w.min(self.trim.w);
        let h = h.min(self.trim.h);
        // Narrow ads go to the outside edge, where the reader's thumb is and the spine is not.
        let outside_x = match side {
            Side::Right => area.right() - w,
            Side::Left => area.x,
        };
        match position {
            SlotPosition::Top => Rect::new(outside_x, area.y, w, h),
            SlotPosition::Bottom | SlotPosition::BottomOutside => {
                Rect::new(outside_x, area.bottom() - h, w, h)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/magazine-a4.toml"),
        )
        .unwrap();
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn columns_fill_the_type_area() {
        let g = PageGeometry::new(&layout());
        for side in [Side::Left, Side::Right] {
            let area = g.type_area(side);
            let last = g.column_x(side, g.columns - 1) + g.column_width();
            assert!(last.approx_eq(area.right()));
        }
        assert!(g.span_width(3).approx_eq(g.type_area(Side::Left).w));
    }

    #[test]
    fn margins_mirror() {
        let g = PageGeometry::new(&layout());
        assert!(g.type_area(Side::Right).x.approx_eq(g.inside));
        assert!(g
            .type_area(Side::Left)
            .right()
            .approx_eq(g.trim.w - g.inside));
    }

    #[test]
    fn grid_lookup() {
        let g = PageGeometry::new(&layout());
        assert_eq!(g.grid_index_at_or_below(g.baseline(5)), 5);
        assert_eq!(g.grid_index_at_or_below(g.baseline(5) + Pt(0.1)), 6);
        assert_eq!(g.grid_index_at_or_below(Pt::ZERO), 0);
    }
}
