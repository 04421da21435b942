//! Elements that take whole columns of the grid: pull quotes at a column's head and boxes
//! set whole, each one frame, placed where the text has not reached yet so that the text
//! flows on beside and below them.

use super::super::frame::Cursor;
use super::super::{Flow, FlowContext, PreparedFloat};
use crate::document::{Fill, Item, Side, Source};
use crate::geom::{Point, Pt, Rect};
use crate::model::layout::CmykColor;
use crate::pages::styles::ResolvedStyle;
use crate::text::paragraph::SetLine;

/// How many pages ahead of the text a column float may be placed.
const LOOK_AHEAD_PAGES: usize = 1;

/// Lines of text a column float wants beside or under it, reached by the text that follows:
/// a quote or box at a column's head with no text after it is a stray.
const LINES_AFTER: f64 = 6.0;

/// A pull quote waiting for a page with room for another quote.
#[derive(Debug, Clone)]
pub struct PendingQuote {
    /// The quote.
    pub text: String,
    /// Who said it.
    pub attribution: Option<String>,
    /// Its block (`body[7]`).
    pub part: String,
}

/// A box's lines, set at one column's inner measure, each with the style it is set in; a
/// box too deep for one column is set in two or more columns inside one tint.
pub(super) struct SetBox {
    /// The lines, title first.
    pub lines: Vec<(SetLine, ResolvedStyle)>,
    /// Inner padding.
    pub pad: Pt,
    /// Columns the box spans.
    pub span: usize,
}

impl SetBox {
    /// Grid steps a line in `style` moves down by.
    fn steps(style: &ResolvedStyle, grid: Pt) -> usize {
        (style.leading.0 / grid.0 - 0.01).ceil().max(1.0) as usize
    }

    /// The lines of each of the box's columns, as ranges into `lines`: filled in turn, each
    /// to the depth that sets the box in `span` columns of near-equal depth.
    fn column_ranges(&self, grid: Pt) -> Vec<std::ops::Range<usize>> {
        let steps: Vec<usize> = self
            .lines
            .iter()
            .map(|(_, s)| Self::steps(s, grid))
            .collect();
        let total: usize = steps.iter().sum();
        let depth = total.div_ceil(self.span.max(1));
        let mut ranges = Vec::new();
        let (mut start, mut used) = (0, 0);
        for (i, &s) in steps.iter().enumerate() {
            if used + s > depth && i > start && ranges.len() + 1 < self.span {
                ranges.push(start..i);
                (start, used) = (i, 0);
            }
            used += s;
        }
        ranges.push(start..steps.len());
        ranges
    }

    /// The box's extent when its tint starts at `top`: its first baseline and its bottom.
    fn extent(&self, flow: &Flow, top: Pt) -> (Pt, Pt) {
        let geometry = flow.frames.geometry();
        let grid = geometry.grid;
        let first =
            geometry.baseline(geometry.grid_index_at_or_below(top + self.pad * 0.5 + grid * 0.75));
        let deepest = self
            .column_ranges(grid)
            .into_iter()
            .map(|r| {
                let steps: usize = self.lines[r.clone()]
                    .iter()
                    .skip(1)
                    .map(|(_, s)| Self::steps(s, grid))
                    .sum();
                let descent = r
                    .clone()
                    .last()
                    .map_or(Pt::ZERO, |i| self.lines[i].1.descent);
                first + grid * steps as f64 + descent
            })
            .fold(first, Pt::max);
        (first, deepest + self.pad)
    }

    /// The box's height when it starts at `top`.
    pub fn height_at(&self, flow: &Flow, top: Pt) -> Pt {
        self.extent(flow, top).1 - top
    }

    /// The tint and the lines of the box placed at `area`, in page coordinates.
    fn items(self, flow: &Flow, area: Rect, tint: CmykColor, part: &str) -> Vec<Item> {
        let (first, bottom) = self.extent(flow, area.y);
        let geometry = flow.frames.geometry();
        let grid = geometry.grid;
        let step_x = geometry.column_width() + geometry.gutter;
        let rect = Rect::new(area.x, area.y, area.w, bottom - area.y);
        let mut items = vec![Item::Fill(Fill { rect, color: tint })];
        let ranges = self.column_ranges(grid);
        let mut lines: Vec<Option<(SetLine, ResolvedStyle)>> =
            self.lines.into_iter().map(Some).collect();
        for (c, range) in ranges.into_iter().enumerate() {
            let x = area.x + step_x * c as f64 + self.pad;
            let mut baseline = first;
            for (k, i) in range.enumerate() {
                let Some((line, style)) = lines[i].take() else {
                    continue;
                };
                if k > 0 {
                    baseline += grid * Self::steps(&style, grid) as f64;
                }
                let source = Source::new(&flow.owner, part);
                let origin = Point::new(x, baseline);
                items.push(Item::Text(super::super::glyph_run(
                    line, &style, origin, source,
                )));
            }
        }
        items
    }
}

impl Flow {
    /// The column heads after the cursor's column, in order, over the next page, as far as
    /// the text still to come will reach (with a few lines to spare in the last).
    fn columns_ahead(&mut self) -> Vec<Cursor> {
        let geometry = self.frames.geometry().clone();
        let columns = geometry.columns;
        let per_column = geometry.type_area(Side::Right).h.0 / geometry.grid.0;
        let left_here = match (
            self.frames.column(self.cursor),
            self.frames.cell_top(self.cursor),
        ) {
            (Some(c), Some(top)) => ((c.bottom - top).0 / geometry.grid.0).max(0.0),
            _ => 0.0,
        };
        let mut reach = self.lines_ahead - left_here - LINES_AFTER;
        let mut out = Vec::new();
        let mut at = self.frames.next_column(self.cursor);
        while at.page <= self.cursor.page + LOOK_AHEAD_PAGES && reach >= 0.0 {
            if at.column >= columns {
                at = Cursor {
                    page: at.page + 1,
                    column: 0,
                    line: 0,
                };
                continue;
            }
            if self.frames.page(at.page).is_none() {
                break;
            }
            out.push(at);
            reach -= per_column;
            at = self.frames.next_column(at);
        }
        out
    }

    /// Places a float `span` columns wide, as tall as `height` says for its top, at the head
    /// of the first column ahead of the text whose page `accept`s it; returns its page and
    /// area.
    fn float_at_column_head(
        &mut self,
        span: usize,
        height: impl Fn(&Flow, Pt) -> Pt,
        accept: impl Fn(&Flow, usize) -> bool,
    ) -> Option<(usize, Rect)> {
        for at in self.columns_ahead() {
            if !accept(self, at.page) {
                continue;
            }
            let Some(column) = self.frames.column(at) else {
                continue;
            };
            let h = height(self, column.top);
            let key = self.floats.len();
            let placed = self
                .frames
                .place_column_float((at.page, at.column), span, h, key);
            if let Some(area) = placed {
                for c in at.column..at.column + span {
                    self.mark_used(at.page, c, area.bottom());
                }
                return Some((at.page, area));
            }
        }
        None
    }

    /// A pull quote a column wide at the head of the next column ahead of the text on a page
    /// that has room for another quote; `false` when there is none yet.
    pub(super) fn pullquote_at_column_head(&mut self, ctx: &FlowContext, q: &PendingQuote) -> bool {
        let width = self.frames.geometry().column_width();
        let attribution = q.attribution.as_deref();
        let (items, height) = self.quote_items(ctx, &q.text, attribution, &q.part, width, false);
        let most = ctx.elements.pullquotes_per_page;
        let placed = self.float_at_column_head(1, |_, _| height, |f, p| f.quotes_on(p) < most);
        let Some((page, _)) = placed else {
            return false;
        };
        self.floats.push(PreparedFloat {
            items,
            insert_at: self.items_on(page),
        });
        self.quote_pages.push(page);
        true
    }

    /// Places the pull quotes still waiting where there is room for them now.
    pub fn place_pending_quotes(&mut self, ctx: &FlowContext) {
        let pending = std::mem::take(&mut self.pending_quotes);
        for q in pending {
            if !self.pullquote_at_column_head(ctx, &q) {
                self.pending_quotes.push(q);
            }
        }
    }

    /// At the end of the article: a quote that found no page with room is left out and
    /// reported (it repeats words of the body, so no word of the text is lost), as a designer
    /// drops a pull quote when the pages hold too many.
    pub fn flush_pending_quotes(&mut self, ctx: &FlowContext) {
        let most = ctx.elements.pullquotes_per_page;
        let width = self.frames.geometry().column_width();
        let column = self.frames.geometry().type_area(Side::Right).h;
        for q in std::mem::take(&mut self.pending_quotes) {
            let attribution = q.attribution.as_deref();
            let (_, height) = self.quote_items(ctx, &q.text, attribution, &q.part, width, false);
            if height > column || !self.overset.is_empty() {
                // No page holds it, or the article ran out of pages: reported overset, as
                // any text that does not fit.
                self.pullquote_in_column(ctx, &q.text, attribution, q.part);
                continue;
            }
            self.left_out.push(super::super::Overset {
                article: self.owner.clone(),
                part: q.part.clone(),
                words: q.text.split_whitespace().count()
                    + q.attribution
                        .as_deref()
                        .map_or(0, |a| a.split_whitespace().count()),
                text: match &q.attribution {
                    Some(a) => format!("{} {a}", q.text),
                    None => q.text.clone(),
                },
            });
            self.notes.push(
                crate::diag::Diagnostic::preflight(format!(
                    "pull quote left out of article `{}`: its pages already carry {most} a page: “{}”",
                    self.owner,
                    q.text.chars().take(50).collect::<String>()
                ))
                .at_field(q.part)
                .warning()
                .with_hint("give the article more pages, fewer pull quotes, or raise `elements.pullquotes_per_page` in the layout"),
            );
        }
    }

    /// How many pull quotes article page `page` carries so far.
    pub(super) fn quotes_on(&self, page: usize) -> usize {
        self.quote_pages.iter().filter(|&&p| p == page).count()
    }

    /// Places a box set whole: in the current column when the rest of it holds a one-column
    /// box, else at the head of columns ahead. `false` when neither has room.
    pub(super) fn place_box(&mut self, ctx: &FlowContext, set: SetBox, part: &str) -> bool {
        let tint = ctx.styles.color(&ctx.elements.box_tint);
        if set.span == 1 {
            if let Some(area) = self.room_here(&set) {
                let (page, column) = (self.cursor.page, self.cursor.column);
                let bottom = area.bottom();
                for item in set.items(self, area, tint, part) {
                    self.push(page, item);
                }
                self.mark_used(page, column, bottom);
                let geometry = self.frames.geometry();
                let gap = geometry.grid * 0.5;
                let below = geometry.grid_index_at_or_below(bottom + gap + geometry.grid * 0.7);
                self.cursor.line = below.max(self.cursor.line + 1);
                return true;
            }
        }
        let height = |f: &Flow, top: Pt| set.height_at(f, top);
        let Some((page, area)) = self.float_at_column_head(set.span, height, |_, _| true) else {
            return false;
        };
        let items = set
            .items(self, area, tint, part)
            .into_iter()
            .map(|item| super::translate(item, -area.x, -area.y))
            .collect();
        self.floats.push(PreparedFloat {
            items,
            insert_at: self.items_on(page),
        });
        true
    }

    /// The box's area at the cursor when the rest of the current column holds it, clear of
    /// every float.
    fn room_here(&mut self, set: &SetBox) -> Option<Rect> {
        let at = self.cursor;
        let column = self.frames.column(at)?;
        let top = self.frames.cell_top(at)?;
        let area = Rect::new(column.x, top, column.width, set.height_at(self, top));
        let clear = !self
            .frames
            .exclusions(at.page)
            .iter()
            .any(|ex| ex.intersects(&area));
        (area.bottom() <= column.bottom + Pt(0.01) && clear).then_some(area)
    }
}
