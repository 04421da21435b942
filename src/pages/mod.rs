//! Pages: flatplan → pages. The cover, full-page ads, and each article's pages (opener, ads
//! in their slots, body in columns), then running heads and folios once pages are numbered.

pub mod article;
pub mod cover;
pub mod furniture;
pub mod geometry;
pub mod styles;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::{
    Document, DocumentMeta, GlyphRun, Item, Page, PageRole, PlacedAd, Side, Source,
};
use crate::flow::{FlowContext, Overset, PlacedLine};
use crate::geom::{Point, Rect};
use crate::load::LoadedEdition;
use crate::model::{AdRef, SlotPosition};
use crate::text::paragraph::Typesetter;
use article::{AdPlacement, ArticleJob};
use geometry::PageGeometry;
use std::collections::BTreeMap;
use std::sync::Arc;
use styles::{ResolvedStyle, StyleSheet};

/// Pages an article may take when the flatplan sets no budget.
pub const DEFAULT_PAGE_BUDGET: usize = 64;

/// Words above which an article is expected to run past its first page, so that an ad
/// without a pinned page goes on its second page, under running text rather than the opener.
const ONE_PAGE_WORDS: usize = 700;

/// The edition laid out: the document, plus what the report and tests need.
#[derive(Debug, Clone)]
pub struct Paginated {
    /// The pages.
    pub document: Document,
    /// Text that did not fit, by article and block.
    pub overset: Vec<Overset>,
    /// Body lines placed, by article id.
    pub lines: BTreeMap<String, Vec<PlacedLine>>,
    /// Findings of layout that do not stop the build (blank pages, say).
    pub warnings: Diagnostics,
}

/// Lays out the whole edition.
pub fn paginate(
    edition: &LoadedEdition,
    typesetter: &Typesetter,
) -> Result<Paginated, Diagnostics> {
    let geometry = PageGeometry::new(&edition.layout);
    let styles = StyleSheet::new(
        &edition.layout,
        typesetter.fonts(),
        edition.edition.language,
    )?;
    let images: Vec<Arc<_>> = edition.images.values().cloned().collect();
    let image_index: BTreeMap<String, usize> = edition
        .images
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let ads: Vec<Arc<_>> = edition.ads.values().cloned().collect();
    let ad_index: BTreeMap<String, usize> = edition
        .ads
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect();
    let elements = &edition.layout.elements;
    let head = styles.get("running_head").clone();
    let folio = styles.get("folio").clone();
    let furniture = furniture::Furniture {
        typesetter,
        geometry: &geometry,
        head: &head,
        folio: &folio,
        head_y: elements.running_head_y.into(),
        folio_y: elements.folio_y.into(),
    };

    let mut pages: Vec<Page> = Vec::new();
    let mut overset = Vec::new();
    let mut lines = BTreeMap::new();
    let side_of = |number: u32| {
        if number % 2 == 1 {
            Side::Right
        } else {
            Side::Left
        }
    };
    let mut warnings = Diagnostics::new();
    let mut previous: Option<PreviousArticle> = None;
    let last_entry = edition.edition.flatplan.len().saturating_sub(1);
    for (i, entry) in edition.edition.flatplan.iter().enumerate() {
        if i == last_entry && i > 0 && entry.ad.is_some() {
            // The last full-page ad is the back cover: it must fall on a left-hand (even)
            // page, so a blank page (reported) goes before it when needed.
            if (pages.len() + 1) % 2 != 0 {
                let number = pages.len() as u32 + 1;
                warnings.push(
                    Diagnostic::preflight(format!(
                        "page {number} is blank: the back cover must fall on a left-hand page"
                    ))
                    .warning()
                    .with_hint(
                        "fill it with a house ad or an article, or give an article more pages",
                    ),
                );
                pages.push(Page {
                    number,
                    side: side_of(number),
                    role: PageRole::Blank,
                    items: Vec::new(),
                });
            }
            let total = pages.len() + 1;
            if total % 4 != 0 {
                warnings.push(
                    Diagnostic::preflight(format!("the edition has {total} pages, not a multiple of 4: saddle stitching needs whole sheets"))
                        .warning()
                        .with_hint("add or remove pages (articles, ads) to reach a multiple of 4, or bind another way"),
                );
            }
        }
        let number = pages.len() as u32 + 1;
        if entry.cover == Some(true) {
            let image = edition
                .edition
                .cover
                .as_ref()
                .and_then(|c| c.image.as_ref())
                .and_then(|f| {
                    let idx = *image_index.get(f)?;
                    Some((idx, images[idx].width_px, images[idx].height_px))
                });
            let lines_: &[String] = edition.edition.cover.as_ref().map_or(&[], |c| &c.lines);
            let job = cover::CoverJob {
                title: &edition.edition.title,
                issue: &edition.edition.issue,
                lines: lines_,
                image,
            };
            let items = cover::layout_cover(typesetter, &styles, &geometry, &elements.accent, &job);
            previous = None;
            pages.push(Page {
                number,
                side: side_of(number),
                role: PageRole::Cover,
                items,
            });
        } else if let Some(id) = &entry.ad {
            let Some(&ad) = ad_index.get(id) else {
                return Err(Diagnostic::input(format!("ad `{id}` is not booked"))
                    .at_field(format!("flatplan[{i}].ad"))
                    .into());
            };
            let trim = geometry.trim_rect();
            let item = Item::Ad(PlacedAd {
                ad,
                trim,
                clip: trim.inflate(geometry.bleed),
                source: Source::new(id, "ad"),
            });
            previous = None;
            pages.push(Page {
                number,
                side: side_of(number),
                role: PageRole::Ad(id.clone()),
                items: vec![item],
            });
        } else if let Some(id) = &entry.article {
            let Some(article) = edition.articles.get(id) else {
                return Err(Diagnostic::input(format!("article `{id}` is not loaded"))
                    .at_field(format!("flatplan[{i}].article"))
                    .into());
            };
            // A run-on article starts below the previous one when there is room for it.
            let run_on = match (&previous, entry.run_on == Some(true), pages.last()) {
                (Some(prev), true, Some(page)) => {
                    let area = geometry.type_area(page.side);
                    let top = prev.last_bottom + geometry.grid;
                    // The opener spans the columns: the room is what is free above whatever
                    // (an ad, a float) still stands lower on the page.
                    let floor = prev
                        .last_obstacles
                        .iter()
                        .filter(|o| o.bottom() > top)
                        .map(|o| o.y)
                        .fold(area.bottom(), crate::geom::Pt::min);
                    (floor - top >= area.h * 0.25).then(|| article::RunOn {
                        top,
                        obstacles: prev.last_obstacles.clone(),
                    })
                }
                _ => None,
            };
            let wants_right = entry.start == Some(crate::model::StartPage::Right);
            let wants_left = entry.start == Some(crate::model::StartPage::Left);
            if run_on.is_none()
                && ((wants_right && side_of(number) == Side::Left)
                    || (wants_left && side_of(number) == Side::Right))
            {
                pages.push(Page {
                    number,
                    side: side_of(number),
                    role: PageRole::Blank,
                    items: Vec::new(),
                });
            }
            let number = if run_on.is_some() {
                pages.len() as u32
            } else {
                pages.len() as u32 + 1
            };
            let words = article.words().len();
            let mut placements = Vec::new();
            for r in &entry.ads {
                let (Some(&ad), Some(booking)) =
                    (ad_index.get(r.id()), edition.edition.ads.get(r.id()))
                else {
                    continue;
                };
                let Some(slot) = edition.layout.slots.get(&booking.size) else {
                    continue;
                };
                let (page, position) = match r {
                    AdRef::Pinned(p) => (p.page.map(|p| p.max(1) as usize - 1), p.position),
                    AdRef::Id(_) => (None, None),
                };
                let default_page = if words > ONE_PAGE_WORDS { 1 } else { 0 };
                placements.push(AdPlacement {
                    ad,
                    id: r.id().to_string(),
                    page: page.unwrap_or(default_page),
                    position: position.unwrap_or(SlotPosition::Bottom),
                    slot: *slot,
                });
            }
            let language = article.language.unwrap_or(edition.edition.language);
            let ctx = FlowContext {
                typesetter,
                styles: &styles,
                elements,
                images: &images,
                image_index: &image_index,
                language,
            };
            let job = ArticleJob {
                article,
                first_side: side_of(number),
                ads: placements,
                max_pages: entry
                    .pages
                    .map_or(DEFAULT_PAGE_BUDGET, |p| p.max(1) as usize),
                run_on: run_on.clone(),
            };
            let laid = article::layout_article(&ctx, &geometry, &job);
            let mut laid_pages = laid.pages.into_iter();
            if run_on.is_some() {
                if let (Some(first), Some(page)) = (laid_pages.next(), pages.last_mut()) {
                    page.items.extend(first);
                }
            }
            for items in laid_pages {
                let number = pages.len() as u32 + 1;
                let side = side_of(number);
                let mut items = items;
                items.extend(furniture.items(number, side, &article.section));
                pages.push(Page {
                    number,
                    side,
                    role: PageRole::Article(id.clone()),
                    items,
                });
            }
            overset.extend(laid.overset);
            lines.insert(id.clone(), laid.lines);
            previous = Some(PreviousArticle {
                last_bottom: laid.last_bottom,
                last_obstacles: laid.last_obstacles,
            });
        } else {
            previous = None;
        }
    }
    let meta = DocumentMeta {
        title: edition.edition.title.clone(),
        issue: edition.edition.issue.clone(),
        publisher: edition.edition.publisher.clone(),
        language: match edition.edition.language {
            crate::model::Language::Nl => "nl".into(),
            crate::model::Language::En => "en".into(),
        },
    };
    let document = Document {
        meta,
        trim: geometry.trim,
        bleed: geometry.bleed,
        slug: geometry.slug,
        pages,
        images,
        ads,
    };
    Ok(Paginated {
        document,
        overset,
        lines,
        warnings,
    })
}

/// What a run-on article needs to know of the article before it.
struct PreviousArticle {
    last_bottom: crate::geom::Pt,
    last_obstacles: Vec<Rect>,
}

/// Sets `text` in `style` as a stack of lines from the top of `at` (its width is the
/// measure), appending the runs to `out`; returns the bottom of the last line.
pub(crate) fn stack(
    typesetter: &Typesetter,
    style: &ResolvedStyle,
    text: &str,
    at: Rect,
    source: Source,
    out: &mut Vec<Item>,
) -> crate::geom::Pt {
    let set = typesetter.set_paragraph(text, &style.text, &mut |_| at.w);
    let mut baseline = at.y + style.ascent.min(style.leading);
    let mut bottom = at.y;
    for line in set.lines {
        out.push(Item::Text(GlyphRun {
            font: style.text.font,
            size: style.text.size,
            color: style.color,
            origin: Point::new(at.x, baseline),
            text: line.text,
            glyphs: line.glyphs,
            scale: line.scale,
            source: source.clone(),
        }));
        bottom = baseline + style.descent;
        baseline += style.leading;
    }
    bottom
}
