//! Body elements other than plain paragraphs: crossheads, pull quotes, photos, boxes, lists
//! and captions, each placed in the flow.

mod column_floats;
mod images;

pub use column_floats::PendingQuote;
pub use images::{contain_rect, cover_rect, ImageSpec};

use super::frame::{Cursor, FloatRequest, LineBox};
use super::{Flow, FlowContext, ParagraphSpec, PreparedFloat};
use crate::document::{Fill, Item, Rule, Source};
use crate::geom::{Point, Pt, Rect};
use crate::pages::styles::ResolvedStyle;

/// Lines a crosshead keeps with it at the foot of a column.
const KEEP_WITH_NEXT: usize = 2;

/// Lines of its text a box starts with at the foot of a column (after its title), or it
/// starts in the next column: a title and a line or two, the rest overleaf, is a box a
/// designer would send back.
const BOX_KEEP: usize = 3;

impl Flow {
    /// A style in the article's language.
    fn style(ctx: &FlowContext, name: &str) -> ResolvedStyle {
        ctx.styles.get(name).in_language(ctx.language)
    }

    /// A body paragraph; `indent` is false right after a heading or element.
    pub fn body_paragraph(&mut self, ctx: &FlowContext, text: &str, part: String, indent: bool) {
        let body = Flow::style(ctx, "body");
        let style = if indent { body } else { body.without_indent() };
        self.space(style.space_before, Flow::line_box(&style));
        let spec = ParagraphSpec::new(&style, part);
        self.paragraph(ctx, text, &spec);
        self.space(style.space_after, Flow::line_box(&style));
    }

    /// A crosshead, kept with the first lines of the text after it.
    pub fn crosshead(&mut self, ctx: &FlowContext, text: &str, part: String) {
        let style = Flow::style(ctx, "crosshead");
        let lb = Flow::line_box(&style);
        self.space(style.space_before, lb);
        // The crosshead's own line count, set at the column width.
        let width = self.frames.geometry().column_width();
        let own = ctx
            .memo
            .set_at(ctx.typesetter, text, &style.text, width)
            .lines
            .len()
            .max(1);
        let body_lb = Flow::line_box(&Flow::style(ctx, "body"));
        self.keep_in_one_column(lb, own + KEEP_WITH_NEXT - 1, body_lb);
        let spec = ParagraphSpec::new(&style, part).kept_together();
        self.paragraph(ctx, text, &spec);
    }

    /// Moves on to the next column (three at most) until a first line of line box `lb` and
    /// `more` lines of line box `more_lb` after it fit in one column: a heading keeps with the
    /// text after it this way, rather than stand at a column's foot.
    fn keep_in_one_column(&mut self, lb: LineBox, more: usize, more_lb: LineBox) {
        for _ in 0..3 {
            let Some(first) = self.frames.next_slot(self.cursor, lb) else {
                break;
            };
            let mut at = first.at;
            let mut same_column = true;
            for _ in 0..more {
                match self.frames.next_slot(
                    Cursor {
                        line: at.line + 1,
                        ..at
                    },
                    more_lb,
                ) {
                    Some(s) if s.at.page == first.at.page && s.at.column == first.at.column => {
                        at = s.at
                    }
                    _ => {
                        same_column = false;
                        break;
                    }
                }
            }
            if same_column {
                self.cursor = first.at;
                break;
            }
            self.cursor = self.frames.next_column(first.at);
        }
    }

    /// Reserves a block of `height` in the current column, moving on until one fits; returns
    /// its article page and area, and moves the cursor below it.
    pub fn reserve(&mut self, height: Pt) -> Option<(usize, Rect)> {
        let gap: Pt = self.frames.geometry().grid * 0.5;
        for _ in 0..10_000 {
            let at = self.cursor;
            let column = match self.frames.column(at) {
                Some(c) => c,
                None if self.frames.page(at.page).is_some() => {
                    self.cursor = Cursor {
                        page: at.page + 1,
                        column: 0,
                        line: 0,
                    };
                    continue;
                }
                None => return None,
            };
            let top = self.frames.cell_top(at)?;
            let area = Rect::new(column.x, top, column.width, height);
            // A block taller than a whole column never fits: the caller reports it overset
            // rather than let it run off the page.
            let full = self
                .frames
                .geometry()
                .type_area(crate::document::Side::Right)
                .h;
            if height > full {
                return None;
            }
            let fits = area.bottom() <= column.bottom + Pt(0.01);
            if !fits {
                self.cursor = self.frames.next_column(at);
                continue;
            }
            if self
                .frames
                .exclusions(at.page)
                .iter()
                .any(|ex| ex.intersects(&area))
            {
                self.cursor.line += 1;
                continue;
            }
            let below = self
                .frames
                .geometry()
                .grid_index_at_or_below(area.bottom() + gap + self.frames.geometry().grid * 0.7);
            self.cursor = Cursor {
                line: below.max(at.line + 1),
                ..at
            };
            self.mark_used(at.page, at.column, area.bottom());
            return Some((at.page, area));
        }
        None
    }

    /// Sets short lines (pull quotes, captions) at `width` and returns them with their
    /// baselines relative to the block top.
    fn stack(
        ctx: &FlowContext,
        text: &str,
        style: &ResolvedStyle,
        width: Pt,
        top: Pt,
    ) -> (Vec<(crate::text::paragraph::SetLine, Pt)>, Pt) {
        let set = ctx.memo.set_at(ctx.typesetter, text, &style.text, width);
        let mut y = top + style.ascent.min(style.leading);
        let mut out = Vec::new();
        for line in set.lines {
            out.push((line, y));
            y += style.leading;
        }
        let bottom = y - style.leading + style.descent;
        (out, bottom.max(top))
    }

    /// A pull quote, a whole column wide at the head of the next column that is still free
    /// on a page without its share of quotes (`elements.pullquotes_per_page`), so that it
    /// stands on the grid and away from the sentence it repeats. With
    /// `elements.pullquote.straddle` and three or more columns it may instead float across
    /// the middle of the page, the text wrapping round it on both sides.
    pub fn pullquote(
        &mut self,
        ctx: &FlowContext,
        text: &str,
        attribution: Option<&str>,
        part: String,
    ) {
        let geometry = self.frames.geometry().clone();
        if ctx.elements.pullquote.straddle
            && geometry.columns >= 3
            && self.quotes_on(self.cursor.page) < ctx.elements.pullquotes_per_page
            && self.straddling_pullquote(ctx, text, attribution, &part)
        {
            return;
        }
        let quote = column_floats::PendingQuote {
            text: text.to_string(),
            attribution: attribution.map(str::to_string),
            part,
        };
        if !self.pullquote_at_column_head(ctx, &quote) {
            self.pending_quotes.push(quote);
        }
    }

    /// A pull quote across the middle of the page (the layout's `pullquote.straddle`):
    /// only where the text around it has not been set yet (the cursor is in the first
    /// column) and the page has no float yet. Whether it was placed.
    fn straddling_pullquote(
        &mut self,
        ctx: &FlowContext,
        text: &str,
        attribution: Option<&str>,
        part: &str,
    ) -> bool {
        let geometry = self.frames.geometry().clone();
        let gap: Pt = ctx.elements.float_gap.into();
        // The outer columns keep enough of their width (over 60%) to set well beside it.
        let keep = geometry.column_width() * 0.62 + gap;
        let width = geometry.type_area(crate::document::Side::Right).w - keep * 2.0;
        let (items, height) = self.quote_items(ctx, text, attribution, part, width, true);
        let page_has_float = self
            .frames
            .placed_floats()
            .iter()
            .any(|f| f.page == self.cursor.page);
        let key = self.floats.len();
        let request = FloatRequest {
            key,
            width,
            height,
            left: None,
        };
        let placed = self.cursor.column == 0
            && !page_has_float
            && match self.frames.cell_top(self.cursor) {
                Some(top) => self.frames.place_float(self.cursor.page, top, request),
                None => false,
            };
        if placed {
            self.floats.push(PreparedFloat {
                items,
                insert_at: self.items_on(self.cursor.page),
            });
            self.quote_pages.push(self.cursor.page);
        }
        placed
    }

    /// The items of a pull quote (rules, quote, attribution) relative to its top-left corner,
    /// and its height.
    fn quote_items(
        &self,
        ctx: &FlowContext,
        text: &str,
        attribution: Option<&str>,
        part: &str,
        width: Pt,
        centred: bool,
    ) -> (Vec<Item>, Pt) {
        let mut quote = Flow::style(ctx, "pullquote");
        let mut attr = Flow::style(ctx, "pullquote_attribution");
        if centred {
            quote.text.align = crate::model::Align::Center;
            attr.text.align = crate::model::Align::Center;
        }
        let pad = self.frames.geometry().grid * 0.6;
        let (q_lines, q_bottom) = Flow::stack(ctx, text, &quote, width, pad);
        let (a_lines, a_bottom) = match attribution {
            Some(a) => Flow::stack(ctx, a, &attr, width, q_bottom + Pt(4.0)),
            None => (Vec::new(), q_bottom),
        };
        let height = a_bottom + pad;
        let rule = ctx.elements.pullquote_rule;
        let accent = ctx.styles.color(&ctx.elements.accent);
        let mut items = Vec::new();
        for y in [Pt::ZERO, height] {
            items.push(Item::Rule(Rule {
                from: Point::new(Pt::ZERO, y),
                to: Point::new(width, y),
                width: rule,
                color: accent,
            }));
        }
        for (line, y) in q_lines {
            items.push(Item::Text(super::glyph_run(
                line,
                &quote,
                Point::new(Pt::ZERO, y),
                Source::new(&self.owner, part),
            )));
        }
        for (line, y) in a_lines {
            let source = Source::new(&self.owner, format!("{part}.attribution"));
            items.push(Item::Text(super::glyph_run(
                line,
                &attr,
                Point::new(Pt::ZERO, y),
                source,
            )));
        }
        (items, height)
    }

    /// A pull quote between rules in the current column.
    pub fn pullquote_in_column(
        &mut self,
        ctx: &FlowContext,
        text: &str,
        attribution: Option<&str>,
        part: String,
    ) {
        let width = self.frames.geometry().column_width();
        let (items, height) = self.quote_items(ctx, text, attribution, &part, width, false);
        let body_lb = Flow::line_box(&Flow::style(ctx, "body"));
        self.space(self.frames.geometry().grid, body_lb);
        let Some((page, area)) = self.reserve(height) else {
            // The attribution goes with the quote.
            let all = match attribution {
                Some(a) => format!("{text} {a}"),
                None => text.to_string(),
            };
            self.report_overset(part, &all);
            return;
        };
        for item in items {
            self.push(page, translate(item, area.x, area.y));
        }
        self.quote_pages.push(page);
    }

    /// Puts the floats placed during the flow on their pages, each where the flow was when
    /// it was placed, and the box tints behind everything.
    pub fn finish(&mut self) {
        let mut placed = self.frames.placed_floats().to_vec();
        // Later insertions first, so earlier insertion points stay valid.
        placed.sort_by_key(|f| std::cmp::Reverse((f.page, self.floats[f.key].insert_at, f.key)));
        for f in placed {
            let at = self.floats[f.key].insert_at;
            let items: Vec<Item> = std::mem::take(&mut self.floats[f.key].items)
                .into_iter()
                .map(|item| translate(item, f.area.x, f.area.y))
                .collect();
            while self.pages.len() <= f.page {
                self.pages.push(Vec::new());
            }
            let page = &mut self.pages[f.page];
            let at = at.min(page.len());
            page.splice(at..at, items);
        }
        for (page, item) in std::mem::take(&mut self.backgrounds).into_iter().rev() {
            while self.pages.len() <= page {
                self.pages.push(Vec::new());
            }
            self.pages[page].insert(0, item);
        }
    }

    /// How many items article page `page` has so far.
    fn items_on(&self, page: usize) -> usize {
        self.pages.get(page).map_or(0, Vec::len)
    }

    /// A caption without a photo, set in the caption style on the grid.
    pub fn caption(&mut self, ctx: &FlowContext, text: &str, part: String) {
        let style = Flow::style(ctx, "caption");
        let body_lb = Flow::line_box(&Flow::style(ctx, "body"));
        self.space(self.frames.geometry().grid, body_lb);
        let spec = ParagraphSpec::new(&style, part);
        self.paragraph(ctx, text, &spec);
    }

    /// A list: one ragged paragraph per item.
    pub fn list(&mut self, ctx: &FlowContext, items: &[String], part: String) {
        let style = Flow::style(ctx, "list");
        let lb = Flow::line_box(&style);
        self.space(self.frames.geometry().grid * 0.5, lb);
        for (i, item) in items.iter().enumerate() {
            let spec = ParagraphSpec::new(&style, format!("{part}.items[{i}]"));
            self.paragraph(ctx, item, &spec);
        }
        self.space(self.frames.geometry().grid * 0.5, lb);
    }

    /// A tinted box with an optional title: one frame, one tint round all its text, set
    /// whole in the current column or at the head of a column ahead, with nothing else
    /// inside it. Only a box taller than a column runs on into the next one.
    pub fn boxed(
        &mut self,
        ctx: &FlowContext,
        title: Option<&str>,
        paragraphs: &[String],
        part: String,
    ) {
        let title_style = Flow::style(ctx, "box_title");
        let body = Flow::style(ctx, "box_body").without_indent();
        let pad: Pt = ctx.elements.box_padding.into();
        let inner = self.frames.geometry().column_width() - pad * 2.0;
        let mut lines = Vec::new();
        for (text, style) in title
            .iter()
            .map(|t| (*t, &title_style))
            .chain(paragraphs.iter().map(|p| (p.as_str(), &body)))
        {
            let set = ctx.memo.set_at(ctx.typesetter, text, &style.text, inner);
            lines.extend(set.lines.into_iter().map(|l| (l, style.clone())));
        }
        let geometry = self.frames.geometry().clone();
        let column_height = geometry.type_area(crate::document::Side::Right).h;
        let mut set = column_floats::SetBox {
            lines,
            pad,
            span: 1,
        };
        // The fewest columns that hold the box whole.
        while set.span < geometry.columns && set.height_at(self, geometry.top) > column_height {
            set.span += 1;
        }
        if set.height_at(self, geometry.top) <= column_height {
            let lb = Flow::line_box(&body);
            self.space(geometry.grid, lb);
            if self.place_box(ctx, set, &part) {
                self.space(geometry.grid, lb);
                return;
            }
        }
        self.boxed_running_on(ctx, title, paragraphs, part);
    }

    /// A box taller than a column (or with no room left whole): set in the flow, its tint
    /// continuing in the next column.
    fn boxed_running_on(
        &mut self,
        ctx: &FlowContext,
        title: Option<&str>,
        paragraphs: &[String],
        part: String,
    ) {
        let title_style = Flow::style(ctx, "box_title");
        let body = Flow::style(ctx, "box_body").without_indent();
        let pad: Pt = ctx.elements.box_padding.into();
        let lb = Flow::line_box(&body);
        let grid = self.frames.geometry().grid;
        self.space(grid, lb);
        if !self.at_column_top(lb) {
            self.space(grid, lb);
        }
        let inner = self.frames.geometry().column_width() - pad * 2.0;
        let title_lines = title.map_or(0, |t| {
            let set = ctx.memo.set_at(ctx.typesetter, t, &title_style.text, inner);
            set.lines.len().max(1)
        });
        let first_lb = if title.is_some() {
            Flow::line_box(&title_style)
        } else {
            lb
        };
        // A box shorter than that keeps all of itself together.
        let mut body_lines = 0;
        for p in paragraphs {
            if body_lines >= BOX_KEEP {
                break;
            }
            body_lines += ctx
                .memo
                .set_at(ctx.typesetter, p, &body.text, inner)
                .lines
                .len();
        }
        let more = (title_lines + body_lines.min(BOX_KEEP)).saturating_sub(1);
        self.keep_in_one_column(first_lb, more, lb);
        let first_line = self.lines.len();
        if let Some(t) = title {
            let spec = ParagraphSpec::new(&title_style, format!("{part}.title"))
                .kept_together()
                .inset(pad);
            self.paragraph(ctx, t, &spec);
        }
        for (i, p) in paragraphs.iter().enumerate() {
            let spec = ParagraphSpec::new(&body, format!("{part}.paragraphs[{i}]")).inset(pad);
            self.paragraph(ctx, p, &spec);
        }
        self.tint_behind(ctx, first_line, pad, body.descent);
        self.space(grid * 2.0, lb);
    }

    /// Puts a tint behind the lines placed since `first_line`, one rectangle per column,
    /// as wide as the narrowest slot the box's lines had there (so a box beside a float
    /// keeps clear of it).
    fn tint_behind(&mut self, ctx: &FlowContext, first_line: usize, pad: Pt, descent: Pt) {
        let tint = ctx.styles.color(&ctx.elements.box_tint);
        let grid = self.frames.geometry().grid;
        struct Piece {
            page: usize,
            column: usize,
            first: Pt,
            last: Pt,
            left: Pt,
            right: Pt,
        }
        let mut pieces: Vec<Piece> = Vec::new();
        for line in &self.lines[first_line..] {
            match pieces.last_mut() {
                Some(p) if p.page == line.page && p.column == line.column => {
                    p.last = line.baseline;
                    p.left = p.left.max(line.x);
                    p.right = p.right.min(line.x + line.width);
                }
                _ => pieces.push(Piece {
                    page: line.page,
                    column: line.column,
                    first: line.baseline,
                    last: line.baseline,
                    left: line.x,
                    right: line.x + line.width,
                }),
            }
        }
        for p in pieces {
            let top = p.first - grid * 0.75 - pad * 0.5;
            let rect = Rect::new(p.left, top, p.right - p.left, p.last + descent + pad - top);
            // Behind everything else on the page (put there when the flow finishes).
            self.backgrounds
                .push((p.page, Item::Fill(Fill { rect, color: tint })));
            let _ = p.column;
        }
    }

    fn report_overset(&mut self, part: String, text: &str) {
        self.overset.push(super::Overset {
            article: self.owner.clone(),
            part,
            words: text.split_whitespace().count(),
            text: text.to_string(),
        });
    }
}

/// `item` moved by `dx`, `dy`.
pub(crate) fn translate(item: Item, dx: Pt, dy: Pt) -> Item {
    let shift = |p: Point| Point::new(p.x + dx, p.y + dy);
    match item {
        Item::Text(mut r) => {
            r.origin = shift(r.origin);
            Item::Text(r)
        }
        Item::Rule(mut r) => {
            r.from = shift(r.from);
            r.to = shift(r.to);
            Item::Rule(r)
        }
        Item::Fill(mut f) => {
            f.rect = Rect::new(f.rect.x + dx, f.rect.y + dy, f.rect.w, f.rect.h);
            Item::Fill(f)
        }
        Item::Image(mut i) => {
            i.rect = Rect::new(i.rect.x + dx, i.rect.y + dy, i.rect.w, i.rect.h);
            i.clip = Rect::new(i.clip.x + dx, i.clip.y + dy, i.clip.w, i.clip.h);
            Item::Image(i)
        }
        Item::Ad(mut a) => {
            a.trim = Rect::new(a.trim.x + dx, a.trim.y + dy, a.trim.w, a.trim.h);
            a.clip = Rect::new(a.clip.x + dx, a.clip.y + dy, a.clip.w, a.clip.h);
            Item::Ad(a)
        }
    }
}
