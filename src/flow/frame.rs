//! Frames: where body text may go on an article's pages, and the line slots in them.
//!
//! A slot is one grid line of one column that a line of text can sit on: its baseline, and
//! the horizontal span left free by floats (ads, pull quotes, photos) that cut into the
//! column. The line breaker asks for line n's width; the answer is the width of the n-th free
//! slot from where the paragraph starts — that is how text wraps around floats.

use crate::document::Side;
use crate::geom::{Pt, Rect};
use crate::pages::geometry::PageGeometry;
use std::collections::BTreeSet;

/// One column of body text on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnFrame {
    /// Left edge.
    pub x: Pt,
    /// Width.
    pub width: Pt,
    /// Highest point text may reach.
    pub top: Pt,
    /// Lowest point text may reach.
    pub bottom: Pt,
}

/// The body area of one page of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct PageFrame {
    /// Left or right page.
    pub side: Side,
    /// The body columns, left to right.
    pub columns: Vec<ColumnFrame>,
    /// Areas text must keep out of (already grown by the float gap).
    pub exclusions: Vec<Rect>,
}

/// How an article's pages are set up: decided before the text flows.
#[derive(Debug, Clone, PartialEq)]
pub struct FramePlan {
    /// Side of the article's first page.
    pub first_side: Side,
    /// Top of the body columns on the first page (below the opener).
    pub first_top: Pt,
    /// Floats known before the flow (ads), as (article page index, area incl. gap).
    pub floats: Vec<(usize, Rect)>,
    /// The page budget; text beyond it is overset.
    pub max_pages: usize,
    /// Columns of this page (article page index) end at this depth, to balance them.
    pub balance: Option<(usize, Pt)>,
}

/// A position in the flow: a grid line of a column of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cursor {
    /// Article page index.
    pub page: usize,
    /// Column index.
    pub column: usize,
    /// Grid line index.
    pub line: usize,
}

/// A free place for one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineSlot {
    /// Where it is.
    pub at: Cursor,
    /// Left end of the free span.
    pub x: Pt,
    /// Baseline.
    pub baseline: Pt,
    /// Width of the free span.
    pub width: Pt,
}

/// Vertical extent of a line around its baseline, used to test it against frames and floats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineBox {
    /// Height above the baseline that must be inside the column (about the cap height).
    pub above: Pt,
    /// Depth below the baseline.
    pub below: Pt,
}

/// A float (a spanning pull quote) to place on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatRequest {
    /// The caller's key, to find the float's content again.
    pub key: usize,
    /// The float's width.
    pub width: Pt,
    /// The float's height.
    pub height: Pt,
    /// Its left edge; centred on the type area when `None`.
    pub left: Option<Pt>,
}

/// A float placed on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedFloat {
    /// The request's key.
    pub key: usize,
    /// Article page index.
    pub page: usize,
    /// The float's own area (the exclusion is this grown by the float gap).
    pub area: Rect,
}

/// The frames of an article's pages, made on demand, and the slots in them.
#[derive(Debug, Clone)]
pub struct Frames {
    geometry: PageGeometry,
    plan: FramePlan,
    pages: Vec<PageFrame>,
    /// Floats placed so far.
    placed: Vec<PlacedFloat>,
    /// Space kept between a float and the text around it.
    float_gap: Pt,
    /// Slots kept empty on purpose (to avoid a widow, say).
    blocked: BTreeSet<Cursor>,
    /// Narrowest part of a column, as a fraction of its width, that text still wraps into.
    min_wrap: f64,
    /// Whether something was placed by the page's side (not merely in its type area): then
    /// the layout cannot be moved to a page of the other side.
    placed_by_side: std::cell::Cell<bool>,
}

impl Frames {
    /// Frames for an article laid out on `geometry` as `plan` says.
    pub fn new(geometry: &PageGeometry, plan: FramePlan) -> Frames {
        Frames {
            geometry: geometry.clone(),
            plan,
            pages: Vec::new(),
            placed: Vec::new(),
            float_gap: Pt::ZERO,
            blocked: BTreeSet::new(),
            min_wrap: 0.6,
            placed_by_side: std::cell::Cell::new(false),
        }
    }

    /// Sets the space kept between floats and text.
    pub fn set_float_gap(&mut self, gap: Pt) {
        self.float_gap = gap;
    }

    /// The page geometry.
    pub fn geometry(&self) -> &PageGeometry {
        &self.geometry
    }

    /// The frame of article page `index`, made if needed; `None` beyond the page budget.
    pub fn page(&mut self, index: usize) -> Option<&PageFrame> {
        if index >= self.plan.max_pages {
            return None;
        }
        while self.pages.len() <= index {
            let i = self.pages.len();
            let frame = self.make_page(i);
            self.pages.push(frame);
        }
        self.pages.get(index)
    }

    /// How many page frames exist so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// The side of article page `index`, for placing something by it (a caption on the
    /// outside, a photo bled off the outer edge); recorded, see [`Frames::placed_by_side`].
    pub fn side(&self, index: usize) -> Side {
        self.placed_by_side.set(true);
        Side::at(self.plan.first_side, index)
    }

    /// Whether anything was placed by the page's side rather than in its type area.
    pub fn placed_by_side(&self) -> bool {
        self.placed_by_side.get()
    }

    fn make_page(&self, index: usize) -> PageFrame {
        // The type area moves with the side; that alone a mirrored layout can follow.
        let side = Side::at(self.plan.first_side, index);
        let area = self.geometry.type_area(side);
        let top = if index == 0 {
            self.plan.first_top
        } else {
            area.y
        };
        let bottom = match self.plan.balance {
            Some((page, depth)) if page == index => depth.min(area.bottom()),
            _ => area.bottom(),
        };
        let columns = (0..self.geometry.columns)
            .map(|c| ColumnFrame {
                x: self.geometry.column_x(side, c),
                width: self.geometry.column_width(),
                top,
                bottom,
            })
            .collect();
        let exclusions = self
            .plan
            .floats
            .iter()
            .filter(|(p, _)| *p == index)
            .map(|(_, r)| *r)
            .collect();
        PageFrame {
            side,
            columns,
            exclusions,
        }
    }

    /// Adds a float (a pull quote or photo placed during the flow) to a page.
    pub fn add_exclusion(&mut self, page: usize, area: Rect) {
        if let Some(p) = self.pages.get_mut(page) {
            p.exclusions.push(area);
        }
    }

    /// Places a float `span` columns wide at the head of column `column` of page `page`,
    /// when those columns' heads are free (no float there, nothing set there yet: the caller
    /// asks only for columns ahead of the text) and the float fits them; returns its area.
    pub fn place_column_float(
        &mut self,
        at: (usize, usize),
        span: usize,
        height: Pt,
        key: usize,
    ) -> Option<Rect> {
        let (page, column) = at;
        let frame = self.page(page)?.clone();
        let col = frame.columns.get(column)?;
        let last = frame.columns.get(column + span.max(1) - 1)?;
        if !(last.top - col.top).approx_eq(Pt::ZERO) || last.bottom < col.bottom {
            return None;
        }
        let area = Rect::new(col.x, col.top, last.x + last.width - col.x, height);
        if area.bottom() > col.bottom + Pt(0.01) {
            return None;
        }
        let grown = area.inflate(self.float_gap);
        if frame.exclusions.iter().any(|ex| ex.intersects(&grown)) {
            return None;
        }
        self.add_exclusion(page, grown);
        self.placed.push(PlacedFloat { key, page, area });
        Some(area)
    }

    /// Places a float centred on page `page`'s type area, at or below `min_top`, ideally
    /// across the middle of the columns, clear of other floats and of the column foot.
    /// Returns whether it found room.
    pub fn place_float(&mut self, page: usize, min_top: Pt, request: FloatRequest) -> bool {
        let Some(frame) = self.page(page).cloned() else {
            return false;
        };
        let (Some(first), Some(last)) = (frame.columns.first(), frame.columns.last()) else {
            return false;
        };
        let left = first.x;
        let right = last.x + last.width;
        let x = request
            .left
            .unwrap_or(left + (right - left - request.width) / 2.0);
        let grid = self.geometry.grid;
        // Leave at least three lines of text above and below, so the wrap reads as a wrap.
        let lowest_top = first.bottom - request.height - grid * 3.0;
        let highest_top = (first.top + grid * 3.0).max(min_top);
        let mut candidates: Vec<Pt> = Vec::new();
        if highest_top <= lowest_top {
            let ideal = first.top + (first.bottom - first.top - request.height) / 2.0;
            candidates.push(ideal.max(highest_top).min(lowest_top));
            let mut y = highest_top;
            while y <= lowest_top {
                candidates.push(y);
                y += grid;
            }
        }
        // Standing on the column foot, it leaves no stray lines under it.
        let foot = first.bottom - request.height;
        if foot >= highest_top {
            candidates.push(foot);
        }
        for top in candidates {
            let area = Rect::new(x, top, request.width, request.height);
            let grown = area.inflate(self.float_gap);
            if frame.exclusions.iter().any(|ex| ex.intersects(&grown)) {
                continue;
            }
            self.add_exclusion(page, grown);
            self.placed.push(PlacedFloat {
                key: request.key,
                page,
                area,
            });
            return true;
        }
        false
    }

    /// The floats placed so far.
    pub fn placed_floats(&self) -> &[PlacedFloat] {
        &self.placed
    }

    /// Keeps the slot at `at` empty.
    pub fn block(&mut self, at: Cursor) {
        self.blocked.insert(at);
    }

    /// The first grid line of `column` on `page` where a line fits below the column top.
    pub fn first_line(&self, page: &PageFrame, column: usize, lb: LineBox) -> usize {
        let top = page.columns.get(column).map_or(Pt::ZERO, |c| c.top);
        self.geometry.grid_index_at_or_below(top + lb.above)
    }

    /// The first free slot at or after `from`, moving on to later columns and pages;
    /// `None` when the page budget is used up.
    pub fn next_slot(&mut self, from: Cursor, lb: LineBox) -> Option<LineSlot> {
        let mut at = from;
        // Bounded: each step moves forward by a line, a column or a page.
        loop {
            let geometry = self.geometry.clone();
            let page = self.page(at.page)?.clone();
            let Some(column) = page.columns.get(at.column) else {
                at = Cursor {
                    page: at.page + 1,
                    column: 0,
                    line: 0,
                };
                continue;
            };
            at.line = at.line.max(self.first_line(&page, at.column, lb));
            let baseline = geometry.baseline(at.line);
            if baseline + lb.below > column.bottom + Pt(0.01) {
                at = Cursor {
                    page: at.page,
                    column: at.column + 1,
                    line: 0,
                };
                continue;
            }
            if !self.blocked.contains(&at) {
                if let Some((x, width)) = self.free_span(&page, column, baseline, lb) {
                    return Some(LineSlot {
                        at,
                        x,
                        baseline,
                        width,
                    });
                }
            }
            at.line += 1;
        }
    }

    /// The free horizontal span of `column` for a line on `baseline`, or `None` when floats
    /// leave too little of it.
    fn free_span(
        &self,
        page: &PageFrame,
        column: &ColumnFrame,
        baseline: Pt,
        lb: LineBox,
    ) -> Option<(Pt, Pt)> {
        let (top, bottom) = (baseline - lb.above, baseline + lb.below);
        let (mut left, mut right) = (column.x, column.x + column.width);
        for ex in &page.exclusions {
            let overlaps_v = ex.y < bottom && top < ex.bottom();
            let overlaps_h = ex.x < right && left < ex.right();
            if !(overlaps_v && overlaps_h) {
                continue;
            }
            // Keep the wider side of the float.
            let room_left = ex.x - left;
            let room_right = right - ex.right();
            if room_left >= room_right {
                right = right.min(ex.x);
            } else {
                left = left.max(ex.right());
            }
        }
        // A span no float narrows is the column's own width: `(x + w) - x` differs from `w` in
        // the last bits by `x`, which would make equal columns look different to the paragraph
        // memo (and set the same paragraph anew in each).
        let width = if (left, right) == (column.x, column.x + column.width) {
            column.width
        } else {
            right - left
        };
        (width.0 >= column.width.0 * self.min_wrap).then_some((left, width))
    }

    /// The cursor at the top of the column after `at`'s column.
    pub fn next_column(&self, at: Cursor) -> Cursor {
        Cursor {
            page: at.page,
            column: at.column + 1,
            line: 0,
        }
    }

    /// The top of the free space at `at`: the top of the grid cell of its line, or the column
    /// top when the cursor is at or above it.
    pub fn cell_top(&mut self, at: Cursor) -> Option<Pt> {
        let grid = self.geometry.grid;
        let baseline = self.geometry.baseline(at.line);
        let page = self.page(at.page)?;
        let column = page.columns.get(at.column)?;
        Some((baseline - grid * 0.75).max(column.top))
    }

    /// The column frame at `at`, if that page and column exist.
    pub fn column(&mut self, at: Cursor) -> Option<ColumnFrame> {
        self.page(at.page)?.columns.get(at.column).cloned()
    }

    /// The exclusions of page `index`.
    pub fn exclusions(&mut self, index: usize) -> Vec<Rect> {
        self.page(index)
            .map(|p| p.exclusions.clone())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Size;

    #[test]
    fn every_free_column_has_exactly_the_column_width() {
        // Margins and gutter whose sums round differently in every column.
        let geometry = PageGeometry {
            trim: Size::new(Pt(595.2755905511812), Pt(841.8897637795277)),
            bleed: Pt(8.503937007874017),
            slug: Pt::ZERO,
            top: Pt(56.69291338582677),
            bottom: Pt(62.36220472440945),
            inside: Pt(51.02362204724409),
            outside: Pt(45.35433070866142),
            columns: 3,
            gutter: Pt(14.173228346456693),
            grid: Pt(12.0),
        };
        let plan = FramePlan {
            first_side: Side::Right,
            first_top: geometry.top,
            floats: Vec::new(),
            max_pages: 2,
            balance: None,
        };
        let mut frames = Frames::new(&geometry, plan);
        let lb = LineBox {
            above: Pt(7.0),
            below: Pt(2.0),
        };
        for page in 0..2 {
            for column in 0..3 {
                let from = Cursor {
                    page,
                    column,
                    line: 0,
                };
                let slot = frames.next_slot(from, lb).expect("a slot");
                assert_eq!(slot.width, geometry.column_width(), "{from:?}");
            }
        }
    }
}
