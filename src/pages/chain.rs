//! Article chains: an article and the articles that run on below it, laid out as one unit
//! for a given first side. Chains are independent of each other except through page
//! numbering (which side each starts on), so [`super::paginate`] lays them out in parallel
//! and numbers the pages afterwards.
//!
//! A chain is laid out once, for a right-hand start. When it turns out to start on a left
//! page, its layout is moved across by the difference of the two type areas, page by page
//! — exact, because everything in a chain is placed relative to the type area — unless the
//! chain holds something placed by side (an ad at the outside edge; anything the flow placed
//! after asking the page's side, such as a caption beside its photo; an item reaching into
//! the margins; a blank page kept for a right-hand start): then it is laid out again for
//! the left side.

use super::article::{self, AdPlacement, ArticleJob, RunOn};
use super::geometry::PageGeometry;
use super::{styles::StyleSheet, DEFAULT_PAGE_BUDGET, ONE_PAGE_WORDS};
use crate::document::{Item, PageRole, Side};
use crate::flow::{FlowContext, Overset, PlacedLine};
use crate::geom::{Pt, Rect};
use crate::load::LoadedEdition;
use crate::model::{AdRef, FlatplanEntry, SlotPosition, StartPage};
use crate::text::paragraph::Typesetter;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One flatplan entry of a chain.
#[derive(Debug, Clone, Copy)]
pub struct ChainMember<'a> {
    /// Index of the entry in the flatplan.
    pub entry_index: usize,
    /// The entry.
    pub entry: &'a FlatplanEntry,
}

/// An article and the run-on articles after it.
#[derive(Debug, Clone)]
pub struct ChainPlan<'a> {
    /// The members, in flatplan order; the first does not run on.
    pub members: Vec<ChainMember<'a>>,
}

/// One page of a laid-out chain.
#[derive(Debug, Clone)]
pub struct ChainPage {
    /// Article page or a blank kept for a right/left-hand start.
    pub role: PageRole,
    /// The section named in the running head (the article's that opened the page).
    pub section: String,
    /// The page's items before its running head and folio.
    pub items: Vec<Item>,
    /// Items of an article that ran on below, drawn after the running head and folio.
    pub run_on_items: Vec<Item>,
}

impl ChainPage {
    /// An empty blank page (what is left where a page was taken out).
    pub fn blank() -> ChainPage {
        ChainPage {
            role: PageRole::Blank,
            section: String::new(),
            items: Vec::new(),
            run_on_items: Vec::new(),
        }
    }
}

/// A chain laid out for one first side.
#[derive(Debug, Clone)]
pub struct ChainLayout {
    /// The side its first page was laid out for.
    pub first_side: Side,
    /// Its pages.
    pub pages: Vec<ChainPage>,
    /// Text that did not fit, by member.
    pub overset: Vec<Overset>,
    /// Body lines, by article id (their `page` counts that article's pages).
    pub lines: Vec<(String, Vec<PlacedLine>)>,
    /// Chain page index of each article's first page, by article id.
    pub first_pages: BTreeMap<String, usize>,
    /// Whether something in it is placed by side, so that moving it to the other side is
    /// not exact.
    pub side_sensitive: bool,
    /// Findings of its members' layout that do not stop the build.
    pub notes: Vec<crate::diag::Diagnostic>,
    /// Pull quotes left out by rule, by member.
    pub left_out: Vec<Overset>,
}

/// What laying out a chain needs from the edition, shared by all chains.
pub struct ChainContext<'a> {
    /// The edition.
    pub edition: &'a LoadedEdition,
    /// Sets paragraphs.
    pub typesetter: &'a Typesetter,
    /// Resolved styles.
    pub styles: &'a StyleSheet,
    /// Page geometry.
    pub geometry: &'a PageGeometry,
    /// The edition's photos, in document order.
    pub images: &'a [Arc<crate::load::assets::ImageAsset>],
    /// Index into `images` by path as written.
    pub image_index: &'a BTreeMap<String, usize>,
    /// Index into the document's ads by booking id.
    pub ad_index: &'a BTreeMap<String, usize>,
}

/// The paragraph memos of a chain's members, one per member: a chain laid out again for the
/// other side starts from what the first layout set (the memo checks every answer, so what
/// it returns is what setting anew would give).
pub type ChainMemos = Vec<crate::text::memo::ParagraphMemo>;

/// Lays out `plan` with its first page on `first_side`.
pub fn layout_chain(ctx: &ChainContext, plan: &ChainPlan, first_side: Side) -> ChainLayout {
    layout_chain_with(ctx, plan, first_side, &mut ChainMemos::new())
}

/// [`layout_chain`] through the members' memos in `memos` (made where missing).
pub fn layout_chain_with(
    ctx: &ChainContext,
    plan: &ChainPlan,
    first_side: Side,
    memos: &mut ChainMemos,
) -> ChainLayout {
    if memos.len() < plan.members.len() {
        memos.resize_with(plan.members.len(), Default::default);
    }
    let geometry = ctx.geometry;
    let mut out = ChainLayout {
        first_side,
        pages: Vec::new(),
        overset: Vec::new(),
        lines: Vec::new(),
        first_pages: BTreeMap::new(),
        side_sensitive: false,
        notes: Vec::new(),
        left_out: Vec::new(),
    };
    let mut previous: Option<(Pt, Vec<Rect>)> = None;
    for (m, member) in plan.members.iter().enumerate() {
        let entry = member.entry;
        let Some(article) = entry
            .article
            .as_ref()
            .and_then(|id| ctx.edition.articles.get(id))
        else {
            continue;
        };
        // A run-on article starts below the previous one when there is room for it.
        let run_on = match (&previous, entry.run_on == Some(true)) {
            (Some((last_bottom, obstacles)), true) if !out.pages.is_empty() => {
                let side = Side::at(first_side, out.pages.len() - 1);
                let area = geometry.type_area(side);
                let top = *last_bottom + geometry.grid;
                // The opener spans the columns: the room is what is free above whatever
                // (an ad, a float) still stands lower on the page.
                let floor = obstacles
                    .iter()
                    .filter(|o| o.bottom() > top)
                    .map(|o| o.y)
                    .fold(area.bottom(), Pt::min);
                (floor - top >= area.h * 0.25).then(|| RunOn {
                    top,
                    obstacles: obstacles.clone(),
                })
            }
            _ => None,
        };
        // The first member's right/left-hand start is the numbering's business.
        if m > 0 && run_on.is_none() {
            let side = Side::at(first_side, out.pages.len());
            let (wants_right, wants_left) = (
                entry.start == Some(StartPage::Right),
                entry.start == Some(StartPage::Left),
            );
            if wants_right || wants_left {
                // Whether a blank page is needed depends on the side.
                out.side_sensitive = true;
            }
            if (wants_right && side == Side::Left) || (wants_left && side == Side::Right) {
                out.pages.push(ChainPage {
                    role: PageRole::Blank,
                    section: String::new(),
                    items: Vec::new(),
                    run_on_items: Vec::new(),
                });
            }
        }
        let start = if run_on.is_some() {
            out.pages.len() - 1
        } else {
            out.pages.len()
        };
        let member_side = Side::at(first_side, start);
        let ads = placements(ctx, entry, article.words().len());
        if ads.iter().any(|a| ad_is_placed_by_side(geometry, a)) {
            out.side_sensitive = true;
        }
        let memo = &memos[m];
        let flow_ctx = FlowContext {
            typesetter: ctx.typesetter,
            styles: ctx.styles,
            elements: &ctx.edition.layout.elements,
            images: ctx.images,
            image_index: ctx.image_index,
            language: article.language.unwrap_or(ctx.edition.edition.language),
            memo,
            placed_by_side: std::cell::Cell::new(false),
        };
        let job = ArticleJob {
            article,
            first_side: member_side,
            ads,
            max_pages: entry
                .pages
                .map_or(DEFAULT_PAGE_BUDGET, |p| p.max(1) as usize),
            run_on: run_on.clone(),
        };
        let laid = article::layout_article(&flow_ctx, geometry, &job);
        if flow_ctx.placed_by_side.get() {
            out.side_sensitive = true;
        }
        out.first_pages.insert(article.id.clone(), start);
        let mut laid_pages = laid.pages.into_iter();
        if run_on.is_some() {
            if let (Some(first), Some(page)) = (laid_pages.next(), out.pages.last_mut()) {
                page.run_on_items.extend(first);
            }
        }
        for items in laid_pages {
            out.pages.push(ChainPage {
                role: PageRole::Article(article.id.clone()),
                section: article.section.clone(),
                items,
                run_on_items: Vec::new(),
            });
        }
        out.overset.extend(laid.overset);
        out.notes.extend(laid.notes);
        out.left_out.extend(laid.left_out);
        out.lines.push((article.id.clone(), laid.lines));
        previous = Some((laid.last_bottom, laid.last_obstacles));
    }
    if !out.side_sensitive {
        out.side_sensitive = reaches_into_margins(geometry, &out);
    }
    out
}

/// The ads booked into an article entry, with the pages and positions they take.
fn placements(ctx: &ChainContext, entry: &FlatplanEntry, words: usize) -> Vec<AdPlacement> {
    let edition = &ctx.edition.edition;
    let mut placements = Vec::new();
    for r in &entry.ads {
        let (Some(&ad), Some(booking)) = (ctx.ad_index.get(r.id()), edition.ads.get(r.id())) else {
            continue;
        };
        let Some(slot) = ctx.edition.layout.slots.get(&booking.size) else {
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
    placements
}

/// Whether an ad sits differently in the type area of a left and a right page (narrow ads
/// go to the outside edge).
fn ad_is_placed_by_side(geometry: &PageGeometry, ad: &AdPlacement) -> bool {
    let offset =
        |side: Side| geometry.ad_rect(&ad.slot, side, ad.position).x - geometry.type_area(side).x;
    !(offset(Side::Left) - offset(Side::Right)).approx_eq(Pt::ZERO)
}

/// Whether any picture, ad, rule or tint reaches outside the type area's width (a photo
/// bled off the edge, say): such items are placed by the trim, not the type area.
fn reaches_into_margins(geometry: &PageGeometry, chain: &ChainLayout) -> bool {
    let slack = Pt(0.01);
    chain.pages.iter().enumerate().any(|(i, page)| {
        let area = geometry.type_area(Side::at(chain.first_side, i));
        let (left, right) = (area.x - slack, area.right() + slack);
        page.items
            .iter()
            .chain(&page.run_on_items)
            .any(|item| match item {
                // Text is set in the columns (hanging punctuation may stand just outside).
                Item::Text(_) => false,
                _ => item
                    .horizontal_extent()
                    .is_some_and(|(a, b)| a < left || b > right),
            })
    })
}

/// The same chain, laid out for the other first side by moving every page across by the
/// difference of the type areas. Only exact when the chain is not side-sensitive.
pub fn mirrored(geometry: &PageGeometry, chain: &ChainLayout) -> ChainLayout {
    let to = chain.first_side.opposite();
    let dx = |page: usize| {
        geometry.type_area(Side::at(to, page)).x
            - geometry.type_area(Side::at(chain.first_side, page)).x
    };
    let mut out = chain.clone();
    out.first_side = to;
    for (i, page) in out.pages.iter_mut().enumerate() {
        let d = dx(i);
        for item in page.items.iter_mut().chain(page.run_on_items.iter_mut()) {
            item.translate_x(d);
        }
    }
    for (id, lines) in out.lines.iter_mut() {
        let first = chain.first_pages.get(id).copied().unwrap_or(0);
        for line in lines.iter_mut() {
            line.x += dx(first + line.page);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::styles::StyleSheet;

    /// Every chain of the sample edition: moved to a left-hand start, it is what laying it
    /// out for a left-hand start gives (to the trace's 0.01 pt), unless it says it is not.
    #[test]
    fn mirrored_chains_equal_chains_laid_out_on_the_other_side() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let edition = crate::load::load_edition(&root.join(crate::DEFAULT_EDITION)).unwrap();
        let typesetter = Typesetter::new(Arc::clone(&edition.fonts));
        let geometry = PageGeometry::new(&edition.layout);
        let styles = StyleSheet::new(
            &edition.layout,
            typesetter.fonts(),
            edition.edition.language,
        )
        .unwrap();
        let images: Vec<_> = edition.images.values().cloned().collect();
        let image_index = crate::pages::index_by_key(&edition.images);
        let ad_index = crate::pages::index_by_key(&edition.ads);
        let ctx = ChainContext {
            edition: &edition,
            typesetter: &typesetter,
            styles: &styles,
            geometry: &geometry,
            images: &images,
            image_index: &image_index,
            ad_index: &ad_index,
        };
        let trace = |chain: &ChainLayout| {
            let mut out = String::new();
            for (i, page) in chain.pages.iter().enumerate() {
                out.push_str(&format!("page {i} {:?}\n", page.role));
                for item in page.items.iter().chain(&page.run_on_items) {
                    crate::trace::write_item(&mut out, item);
                }
            }
            for (id, lines) in &chain.lines {
                for l in lines {
                    out.push_str(&format!(
                        "{id} {} {:.2} {:.2}\n",
                        l.page, l.x.0, l.baseline.0
                    ));
                }
            }
            out
        };
        let (mut mirrored_count, mut sensitive) = (0, 0);
        for entry in edition
            .edition
            .flatplan
            .iter()
            .filter(|e| e.article.is_some())
        {
            let plan = ChainPlan {
                members: vec![ChainMember {
                    entry_index: 0,
                    entry,
                }],
            };
            for first in [Side::Right, Side::Left] {
                let laid = layout_chain(&ctx, &plan, first);
                if laid.side_sensitive {
                    sensitive += 1;
                    continue;
                }
                let direct = layout_chain(&ctx, &plan, Side::at(first, 1));
                assert_eq!(
                    trace(&mirrored(&geometry, &laid)),
                    trace(&direct),
                    "{:?}",
                    entry.article
                );
                mirrored_count += 1;
            }
        }
        // The sample has both kinds, so both paths are checked.
        assert!(mirrored_count >= 10, "{mirrored_count}");
        assert!(sensitive >= 1, "{sensitive}");
    }
}
