//! The page model: what pagination hands to rendering.
//!
//! Plain, owned data (every type is `Send + Sync`): a list of pages, each a list of positioned
//! items in points (trim top-left origin, y down), each item knowing where in the input it
//! came from. It is what the golden text trace prints, what preflight reads, and what the
//! renderer turns into PDF content streams, one page per rayon task.

use crate::geom::{Point, Pt, Rect, Size};
use crate::load::assets::{AdArtwork, ImageAsset};
use crate::model::CmykColor;
use crate::text::fonts::FontId;
use crate::text::paragraph::PositionedGlyph;
use serde::Serialize;
use std::sync::Arc;

/// A typeset edition, ready to render.
#[derive(Debug, Clone)]
pub struct Document {
    /// Title, issue and publisher, for the PDF's metadata.
    pub meta: DocumentMeta,
    /// Trimmed page size.
    pub trim: Size,
    /// Bleed beyond the trim on every side.
    pub bleed: Pt,
    /// Slug beyond the bleed, for printer's marks.
    pub slug: Pt,
    /// The pages, first page first.
    pub pages: Vec<Page>,
    /// Photos placed anywhere in the document; items refer to them by index.
    pub images: Vec<Arc<ImageAsset>>,
    /// Ad artwork placed anywhere in the document; items refer to it by index.
    pub ads: Vec<Arc<AdArtwork>>,
}

impl Document {
    /// The numbers of the pages article `id` is on: its own pages, and the page it shares
    /// with the article before it when it runs on.
    pub fn article_pages(&self, id: &str) -> Vec<u32> {
        self.pages
            .iter()
            .filter(|p| {
                matches!(&p.role, PageRole::Article(a) if a == id)
                    || p.items
                        .iter()
                        .any(|i| matches!(i, Item::Text(r) if r.source.owner == id))
            })
            .map(|p| p.number)
            .collect()
    }
}

/// Document-level metadata.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentMeta {
    /// The magazine's name.
    pub title: String,
    /// The issue.
    pub issue: String,
    /// The publisher.
    pub publisher: Option<String>,
    /// BCP 47 language tag (`nl`, `en`).
    pub language: String,
}

/// Which side of a spread a page is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// An even page, left of the spine.
    Left,
    /// An odd page, right of the spine.
    Right,
}

impl Side {
    /// The side of page `number` of the edition (odd pages are right-hand pages).
    pub fn of_number(number: u32) -> Side {
        if number % 2 == 1 {
            Side::Right
        } else {
            Side::Left
        }
    }

    /// The side of page `index` (0-based) of a run of pages whose first is on `first`.
    pub fn at(first: Side, index: usize) -> Side {
        match (first, index % 2 == 1) {
            (Side::Right, false) | (Side::Left, true) => Side::Right,
            _ => Side::Left,
        }
    }

    /// The other side.
    pub fn opposite(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }
}

/// What a page is for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum PageRole {
    /// The front cover.
    Cover,
    /// A full-page ad (booking id).
    Ad(String),
    /// A page of an article (article id).
    Article(String),
    /// A page left empty (e.g. to start an article on a right-hand page).
    Blank,
}

/// One page and everything on it.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// 1-based page number (the folio, whether printed or not).
    pub number: u32,
    /// Left or right of the spine.
    pub side: Side,
    /// What the page is for.
    pub role: PageRole,
    /// Positioned items, in reading order (the order text is written to the PDF).
    pub items: Vec<Item>,
}

/// Where an item's content came from in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Article id, ad id, or `cover` / `furniture` for page furniture.
    pub owner: String,
    /// What part: `headline`, `body[3]`, `body[7].caption`, `folio`, …
    pub part: String,
}

impl Source {
    /// A source from its owner and part.
    pub fn new(owner: impl Into<String>, part: impl Into<String>) -> Source {
        Source {
            owner: owner.into(),
            part: part.into(),
        }
    }
}

/// A positioned thing on a page.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase", tag = "item")]
pub enum Item {
    /// A line (or part of a line) of text.
    Text(GlyphRun),
    /// A photo or raster.
    Image(PlacedImage),
    /// An advertiser's artwork.
    Ad(PlacedAd),
    /// A straight line.
    Rule(Rule),
    /// A filled rectangle (tint, background).
    Fill(Fill),
}

impl Item {
    /// Moves the item `dx` across the page (to the same place on a page of the other side).
    pub fn translate_x(&mut self, dx: Pt) {
        match self {
            Item::Text(run) => run.origin.x += dx,
            Item::Image(image) => {
                image.rect.x += dx;
                image.clip.x += dx;
            }
            Item::Ad(ad) => {
                ad.trim.x += dx;
                ad.clip.x += dx;
            }
            Item::Rule(rule) => {
                rule.from.x += dx;
                rule.to.x += dx;
            }
            Item::Fill(fill) => fill.rect.x += dx,
        }
    }

    /// The left and right edges of what the item draws (a picture's clip, a rule's ends);
    /// `None` for text, whose extent needs its font.
    pub fn horizontal_extent(&self) -> Option<(Pt, Pt)> {
        match self {
            Item::Text(_) => None,
            Item::Image(image) => Some((image.clip.x, image.clip.right())),
            Item::Ad(ad) => Some((ad.clip.x, ad.clip.right())),
            Item::Rule(rule) => Some((rule.from.x.min(rule.to.x), rule.from.x.max(rule.to.x))),
            Item::Fill(fill) => Some((fill.rect.x, fill.rect.right())),
        }
    }
}

/// Glyphs of one font and size, on one baseline.
#[derive(Debug, Clone, Serialize)]
pub struct GlyphRun {
    /// The font.
    pub font: FontId,
    /// Type size.
    pub size: Pt,
    /// Fill colour.
    pub color: CmykColor,
    /// Left end of the baseline.
    pub origin: Point,
    /// The text this run shows; glyph clusters index into it (for ToUnicode and tests).
    pub text: String,
    /// The glyphs, with x offsets from `origin`.
    pub glyphs: Vec<PositionedGlyph>,
    /// Horizontal scale the glyphs are drawn at (glyph expansion of justified lines; 1 = as
    /// designed). The offsets in `glyphs` already allow for it.
    pub scale: f64,
    /// Where it came from.
    pub source: Source,
}

/// A photo placed on the page.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedImage {
    /// Index into [`Document::images`].
    pub image: usize,
    /// Where the whole image is drawn (may extend beyond `clip` when cropped to fill).
    pub rect: Rect,
    /// The visible frame.
    pub clip: Rect,
    /// Where it came from.
    pub source: Source,
}

/// An ad placed on the page.
#[derive(Debug, Clone, Serialize)]
pub struct PlacedAd {
    /// Index into [`Document::ads`].
    pub ad: usize,
    /// Where the ad's trim box goes.
    pub trim: Rect,
    /// The visible frame: the trim, or trim plus bleed for full-page ads.
    pub clip: Rect,
    /// Where it came from.
    pub source: Source,
}

/// A stroked straight line.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// Start point.
    pub from: Point,
    /// End point.
    pub to: Point,
    /// Line weight.
    pub width: Pt,
    /// Stroke colour.
    pub color: CmykColor,
}

/// A filled rectangle.
#[derive(Debug, Clone, Serialize)]
pub struct Fill {
    /// The area.
    pub rect: Rect,
    /// Fill colour.
    pub color: CmykColor,
}
