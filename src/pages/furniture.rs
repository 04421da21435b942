//! Page furniture: running heads and folios, mirrored on left and right pages.

use crate::document::{GlyphRun, Item, Side, Source};
use crate::geom::{Point, Pt};
use crate::model::Align;
use crate::pages::geometry::PageGeometry;
use crate::pages::styles::ResolvedStyle;
use crate::text::paragraph::Typesetter;

/// Sets one line of furniture text flush to the page's outside edge of the type area.
pub fn outside_line(
    typesetter: &Typesetter,
    geometry: &PageGeometry,
    style: &ResolvedStyle,
    side: Side,
    text: &str,
    baseline: Pt,
    source: Source,
) -> Option<Item> {
    let area = geometry.type_area(side);
    let mut text_style = style.text.clone();
    text_style.align = match side {
        Side::Left => Align::Left,
        Side::Right => Align::Right,
    };
    let set = typesetter.set_paragraph(text, &text_style, &mut |_| area.w);
    let line = set.lines.into_iter().next()?;
    Some(Item::Text(GlyphRun {
        font: style.text.font,
        size: style.text.size,
        color: style.color,
        origin: Point::new(area.x, baseline),
        text: line.text,
        glyphs: line.glyphs,
        scale: line.scale,
        source,
    }))
}

/// The running head (section name) and folio (page number) of an article page.
pub struct Furniture<'a> {
    /// Sets the lines.
    pub typesetter: &'a Typesetter,
    /// Page geometry.
    pub geometry: &'a PageGeometry,
    /// Running head style.
    pub head: &'a ResolvedStyle,
    /// Folio style.
    pub folio: &'a ResolvedStyle,
    /// Running head baseline from the trim top.
    pub head_y: Pt,
    /// Folio baseline from the trim bottom.
    pub folio_y: Pt,
}

impl Furniture<'_> {
    /// The furniture items of page `number` on `side` in `section`.
    pub fn items(&self, number: u32, side: Side, section: &str) -> Vec<Item> {
        let mut out = Vec::new();
        let source = |part: &str| Source::new("furniture", part);
        out.extend(outside_line(
            self.typesetter,
            self.geometry,
            self.head,
            side,
            section,
            self.head_y,
            source("running_head"),
        ));
        let folio_baseline = self.geometry.trim.h - self.folio_y;
        out.extend(outside_line(
            self.typesetter,
            self.geometry,
            self.folio,
            side,
            &number.to_string(),
            folio_baseline,
            source("folio"),
        ));
        out
    }
}
