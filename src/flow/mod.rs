//! Flow: fills an article's column frames from its stream of body blocks, line by line, and
//! says what did not fit.
//!
//! Body lines sit on the baseline grid. A paragraph is set by asking the text engine for
//! lines whose widths are those of the next free slots ([`frame::Frames::next_slot`]), so a
//! paragraph that runs past a float wraps around it. Orphans and widows are avoided by
//! re-setting the paragraph with the offending slot moved on.

pub mod blocks;
pub mod frame;

use crate::document::{GlyphRun, Item, Source};
use crate::geom::{Point, Pt};
use crate::load::assets::ImageAsset;
use crate::model::layout::Elements;
use crate::model::Language;
use crate::pages::styles::{ResolvedStyle, StyleSheet};
use crate::text::paragraph::{SetLine, Typesetter};
use frame::{Cursor, FramePlan, Frames, LineBox, LineSlot};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// What flowing needs from the rest of the build.
pub struct FlowContext<'a> {
    /// Sets paragraphs.
    pub typesetter: &'a Typesetter,
    /// The layout's styles, resolved.
    pub styles: &'a StyleSheet,
    /// Spacing and decoration of elements.
    pub elements: &'a Elements,
    /// The edition's photos, in document order.
    pub images: &'a [Arc<ImageAsset>],
    /// Index into `images` by the path as written in the input.
    pub image_index: &'a BTreeMap<String, usize>,
    /// The language of the article being flowed.
    pub language: Language,
    /// The article's paragraphs set so far, reused when a re-flow asks the same.
    pub memo: &'a crate::text::memo::ParagraphMemo,
    /// Set when any flow of the article placed something by the page's side
    /// ([`frame::Frames::side`]).
    pub placed_by_side: std::cell::Cell<bool>,
}

/// Text that did not fit the article's pages: reported, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overset {
    /// The article.
    pub article: String,
    /// The block (`body[12]`, `body[3].caption`, …).
    pub part: String,
    /// Words of that block that were not placed.
    pub words: usize,
    /// The text that was not placed.
    pub text: String,
}

/// One line of body text as placed, for the layout report and tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacedLine {
    /// The block it belongs to.
    pub part: String,
    /// Article page index, column and grid line.
    pub page: usize,
    /// Column index.
    pub column: usize,
    /// Baseline y.
    pub baseline: Pt,
    /// Left end of the slot the line sits in.
    pub x: Pt,
    /// Width of that slot.
    pub width: Pt,
    /// The adjustment ratio the line was set with.
    pub ratio: f64,
    /// Whether it ends in an added hyphen.
    pub hyphenated: bool,
    /// Whether it is wider than its slot.
    pub overfull: bool,
    /// Whether it is the last line of its paragraph.
    pub last: bool,
    /// Whether it is justified (not its paragraph's last line, not set flush left because
    /// its spaces would gape).
    pub justified: bool,
}

/// The state of one article's flow: frames, the cursor, and the items placed so far.
pub struct Flow {
    /// Article id, for sources and overset reports.
    pub owner: String,
    /// The frames being filled.
    pub frames: Frames,
    /// Where the next line goes.
    pub cursor: Cursor,
    /// Items per article page.
    pub pages: Vec<Vec<Item>>,
    /// What did not fit.
    pub overset: Vec<Overset>,
    /// Every body line placed.
    pub lines: Vec<PlacedLine>,
    /// Floats prepared during the flow, by request key.
    pub floats: Vec<PreparedFloat>,
    /// The lowest point used so far in each (article page, column).
    pub used: BTreeMap<(usize, usize), Pt>,
    /// The bottom of the opener on the first page.
    pub opener_bottom: Pt,
    /// Tints to put behind a page's other items when the flow finishes.
    pub backgrounds: Vec<(usize, Item)>,
    /// The tallest the opener photo was allowed to be (a re-flow keeps it).
    pub lead_height: Pt,
    /// The article page of each pull quote placed so far.
    pub quote_pages: Vec<usize>,
    /// About how many body lines the blocks after the current one will take (from their
    /// length): how far ahead a float may be placed and still have text beside it.
    pub lines_ahead: f64,
    /// Pull quotes waiting for a page with room for another.
    pub pending_quotes: Vec<blocks::PendingQuote>,
    /// Findings of the flow that do not stop the build (a pull quote left out).
    pub notes: Vec<crate::diag::Diagnostic>,
    /// Pull quotes left out by rule (too many for the pages), reported in `notes`: display
    /// copy repeating the body, not text lost.
    pub left_out: Vec<Overset>,
}

/// A float's content, set before it knows its page.
#[derive(Debug, Clone)]
pub struct PreparedFloat {
    /// Items relative to the float's top-left corner.
    pub items: Vec<Item>,
    /// How many items its page had when it was placed: it is written there, so the PDF's
    /// text keeps the article's reading order.
    pub insert_at: usize,
}

/// How a paragraph is to be flowed.
pub struct ParagraphSpec<'s> {
    /// The style.
    pub style: &'s ResolvedStyle,
    /// Which block it comes from.
    pub part: String,
    /// Space kept free on both sides of each line (inside boxes).
    pub inset: Pt,
    /// Lines kept together at the start of a column (2 avoids orphans; 1 allows them).
    pub min_first: usize,
    /// Lines kept together at the end (2 avoids widows).
    pub min_last: usize,
}

impl<'s> ParagraphSpec<'s> {
    /// A paragraph in `style` from block `part`: full measure, no orphans or widows.
    pub fn new(style: &'s ResolvedStyle, part: String) -> ParagraphSpec<'s> {
        ParagraphSpec {
            style,
            part,
            inset: Pt::ZERO,
            min_first: 2,
            min_last: 2,
        }
    }

    /// The same, its lines kept together in one column (headings, titles).
    pub fn kept_together(self) -> ParagraphSpec<'s> {
        ParagraphSpec {
            min_first: usize::MAX,
            min_last: usize::MAX,
            ..self
        }
    }

    /// The same, `inset` in from both sides of each line (inside boxes).
    pub fn inset(self, inset: Pt) -> ParagraphSpec<'s> {
        ParagraphSpec { inset, ..self }
    }
}

impl Flow {
    /// An empty flow over `plan`'s pages.
    pub fn new(
        owner: &str,
        geometry: &crate::pages::geometry::PageGeometry,
        plan: FramePlan,
    ) -> Flow {
        Flow {
            owner: owner.to_string(),
            frames: Frames::new(geometry, plan),
            cursor: Cursor::default(),
            pages: Vec::new(),
            overset: Vec::new(),
            lines: Vec::new(),
            floats: Vec::new(),
            used: BTreeMap::new(),
            opener_bottom: Pt::ZERO,
            backgrounds: Vec::new(),
            lead_height: Pt::ZERO,
            quote_pages: Vec::new(),
            lines_ahead: 0.0,
            pending_quotes: Vec::new(),
            notes: Vec::new(),
            left_out: Vec::new(),
        }
    }

    /// Records that column `column` of article page `page` is used down to `bottom`.
    pub fn mark_used(&mut self, page: usize, column: usize, bottom: Pt) {
        let e = self.used.entry((page, column)).or_insert(bottom);
        *e = e.max(bottom);
    }

    /// Adds an item to article page `page`.
    pub fn push(&mut self, page: usize, item: Item) {
        while self.pages.len() <= page {
            self.pages.push(Vec::new());
        }
        self.pages[page].push(item);
    }

    /// Whether the cursor is at the top of its column (nothing placed in it yet).
    pub fn at_column_top(&mut self, lb: LineBox) -> bool {
        let at = self.cursor;
        match self.frames.page(at.page).cloned() {
            Some(page) => at.line <= self.frames.first_line(&page, at.column, lb),
            None => false,
        }
    }

    /// Moves the cursor down by `space`, in whole grid lines, unless it is at a column top.
    pub fn space(&mut self, space: Pt, lb: LineBox) {
        if space.0 <= 0.0 || self.at_column_top(lb) {
            return;
        }
        let grid = self.frames.geometry().grid;
        self.cursor.line += (space.0 / grid.0 - 0.01).ceil().max(0.0) as usize;
    }

    /// The line box of `style` for slot tests.
    pub fn line_box(style: &ResolvedStyle) -> LineBox {
        LineBox {
            above: style.text.size * 0.7,
            below: style.descent,
        }
    }

    /// Sets and places a paragraph on the grid from the cursor on; returns the number of
    /// lines placed. Lines that find no slot are reported as overset.
    pub fn paragraph(&mut self, ctx: &FlowContext, text: &str, spec: &ParagraphSpec) -> usize {
        let lb = Flow::line_box(spec.style);
        let mut start = self.cursor;
        // A few attempts: each moves a line on to fix an orphan or a widow.
        for attempt in 0..4 {
            let (set, slots) = self.set_into_slots(ctx, text, spec, start, lb);
            let groups = column_groups(&slots[..slots.len().min(set.lines.len())]);
            let placed_all = slots.len() >= set.lines.len();
            if attempt < 3 && placed_all && set.lines.len() >= 2 {
                if let Some(first) = groups.first() {
                    if first.len < spec.min_first && groups.len() > 1 {
                        // Orphan: start the paragraph in the next column.
                        start = self.frames.next_column(first.at);
                        continue;
                    }
                }
                if groups.len() > 1 {
                    let last = groups[groups.len() - 1];
                    let prev = groups[groups.len() - 2];
                    // Lines the previous column must keep: as many as its group must have.
                    let keep = if groups.len() == 2 { spec.min_first } else { 1 };
                    if last.len < spec.min_last && prev.len > keep {
                        // Widow: keep the previous column's last slot free, so a line moves on.
                        self.frames.block(prev.last);
                        continue;
                    }
                    if last.len < spec.min_last && groups.len() == 2 {
                        // A line moved on would leave an orphan: the paragraph starts in the
                        // next column instead.
                        start = self.frames.next_column(prev.at);
                        continue;
                    }
                }
            }
            return self.place_lines(text, spec, set.lines, &slots);
        }
        0
    }

    fn set_into_slots(
        &mut self,
        ctx: &FlowContext,
        text: &str,
        spec: &ParagraphSpec,
        start: Cursor,
        lb: LineBox,
    ) -> (crate::text::paragraph::SetParagraph, Vec<LineSlot>) {
        // The slots are found lazily, as the breaker asks for lines; both of its questions
        // (how wide is line n, may line n end in a hyphen) share them.
        struct Lookup<'f> {
            frames: &'f mut Frames,
            slots: Vec<LineSlot>,
            exhausted: bool,
        }
        impl Lookup<'_> {
            fn ensure(&mut self, n: usize, start: Cursor, lb: LineBox) {
                while self.slots.len() <= n && !self.exhausted {
                    let from = match self.slots.last() {
                        Some(s) => Cursor {
                            line: s.at.line + 1,
                            ..s.at
                        },
                        None => start,
                    };
                    match self.frames.next_slot(from, lb) {
                        Some(s) => self.slots.push(s),
                        None => self.exhausted = true,
                    }
                }
            }
        }
        let fallback = self.frames.geometry().column_width() - spec.inset * 2.0;
        let lookup = std::cell::RefCell::new(Lookup {
            frames: &mut self.frames,
            slots: Vec::new(),
            exhausted: false,
        });
        let mut width = |n: usize| -> Pt {
            let mut l = lookup.borrow_mut();
            l.ensure(n, start, lb);
            l.slots
                .get(n)
                .map_or(fallback, |s| s.width - spec.inset * 2.0)
        };
        let no_hyphen = |n: usize| -> bool {
            let mut l = lookup.borrow_mut();
            l.ensure(n + 1, start, lb);
            match (l.slots.get(n), l.slots.get(n + 1)) {
                (Some(a), Some(b)) => a.at.page != b.at.page || a.at.column != b.at.column,
                _ => true,
            }
        };
        let set = ctx.memo.set(
            ctx.typesetter,
            text,
            &spec.style.text,
            &mut width,
            &no_hyphen,
        );
        let slots = lookup.into_inner().slots;
        (set, slots)
    }

    fn place_lines(
        &mut self,
        text: &str,
        spec: &ParagraphSpec,
        lines: Vec<SetLine>,
        slots: &[LineSlot],
    ) -> usize {
        let count = lines.len();
        let mut placed = 0;
        // Lines beyond the last slot are overset; so is a hyphenated last placed line, so
        // that no word is half printed and half reported.
        let mut fits = slots.len().min(count);
        while fits < count && fits > 0 && lines[fits - 1].hyphenated {
            fits -= 1;
        }
        let mut unplaced = String::new();
        for (i, line) in lines.into_iter().enumerate() {
            let slot = match slots.get(i) {
                Some(slot) if i < fits => slot,
                _ => {
                    // The source's words: an added hyphen joins the word's halves again.
                    match line.text.strip_suffix('-').filter(|_| line.hyphenated) {
                        Some(head) => unplaced.push_str(head),
                        None => {
                            unplaced.push_str(&line.text);
                            unplaced.push(' ');
                        }
                    }
                    continue;
                }
            };
            self.lines.push(PlacedLine {
                part: spec.part.clone(),
                page: slot.at.page,
                column: slot.at.column,
                baseline: slot.baseline,
                x: slot.x,
                width: slot.width,
                ratio: line.ratio,
                hyphenated: line.hyphenated,
                overfull: line.overfull,
                last: i + 1 == count,
                justified: line.justified,
            });
            self.mark_used(
                slot.at.page,
                slot.at.column,
                slot.baseline + spec.style.descent,
            );
            let origin = Point::new(slot.x + spec.inset, slot.baseline);
            let run = glyph_run(
                line,
                spec.style,
                origin,
                Source::new(&self.owner, &spec.part),
            );
            self.push(slot.at.page, Item::Text(run));
            self.cursor = Cursor {
                line: slot.at.line + 1,
                ..slot.at
            };
            placed += 1;
        }
        let words = unplaced.split_whitespace().count();
        if words > 0 {
            self.overset.push(Overset {
                article: self.owner.clone(),
                part: spec.part.clone(),
                words,
                text: unplaced.trim_end().to_string(),
            });
        }
        let _ = text;
        placed
    }
}

/// A run of consecutive slots in one column.
#[derive(Debug, Clone, Copy)]
struct ColumnGroup {
    len: usize,
    at: Cursor,
    last: Cursor,
}

fn column_groups(slots: &[LineSlot]) -> Vec<ColumnGroup> {
    let mut groups: Vec<ColumnGroup> = Vec::new();
    for s in slots {
        match groups.last_mut() {
            Some(g) if g.at.page == s.at.page && g.at.column == s.at.column => {
                g.len += 1;
                g.last = s.at;
            }
            _ => groups.push(ColumnGroup {
                len: 1,
                at: s.at,
                last: s.at,
            }),
        }
    }
    groups
}

/// A set line as a glyph run at `origin` in `style`.
pub fn glyph_run(line: SetLine, style: &ResolvedStyle, origin: Point, source: Source) -> GlyphRun {
    GlyphRun {
        font: style.text.font,
        size: style.text.size,
        color: style.color,
        origin,
        text: line.text,
        glyphs: line.glyphs,
        scale: line.scale,
        source,
    }
}
