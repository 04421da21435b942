//! Pages: flatplan → pages. The cover, full-page ads, and each article's pages (opener, ads
//! in their slots, body in columns), then running heads and folios once pages are numbered.

pub mod article;
pub mod chain;
pub mod cover;
pub mod furniture;
pub mod geometry;
pub mod styles;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::{
    Document, DocumentMeta, GlyphRun, Item, Page, PageRole, PlacedAd, Side, Source,
};
use crate::flow::{Overset, PlacedLine};
use crate::geom::{Point, Rect};
use crate::load::LoadedEdition;
use crate::model::StartPage;
use crate::text::paragraph::Typesetter;
use chain::{ChainContext, ChainLayout, ChainMember, ChainPage, ChainPlan};
use geometry::PageGeometry;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use styles::{ResolvedStyle, StyleSheet};

/// Pages an article may take when the flatplan sets no budget.
pub const DEFAULT_PAGE_BUDGET: usize = 64;

/// Words above which an article is expected to run past its first page, so that an ad
/// without a pinned page goes on its second page, under running text rather than the opener.
pub(crate) const ONE_PAGE_WORDS: usize = 700;

/// The edition laid out: the document, plus what the report and tests need.
#[derive(Debug, Clone)]
pub struct Paginated {
    /// The pages.
    pub document: Document,
    /// Text that did not fit, by article and block.
    pub overset: Vec<Overset>,
    /// Pull quotes left out by rule (more than the pages may carry): reported as warnings;
    /// they repeat words of the body.
    pub left_out: Vec<Overset>,
    /// Body lines placed, by article id.
    pub lines: BTreeMap<String, Vec<PlacedLine>>,
    /// Findings of layout that do not stop the build (blank pages, say).
    pub warnings: Diagnostics,
    /// What layout made and no longer needs (word caches, layouts not taken), freed with the
    /// result rather than during the build: a command line build that ends after writing
    /// never frees it at all.
    pub spent: Spent,
}

/// Values kept only to be freed later (see [`Paginated::spent`]).
// (Behind a mutex only so that the result can be shared between threads.)
#[derive(Default)]
pub struct Spent(std::sync::Mutex<Vec<Box<dyn Send>>>);

impl Clone for Spent {
    /// Nothing: a copy of the result has nothing of layout's to free.
    fn clone(&self) -> Spent {
        Spent::default()
    }
}

impl Spent {
    /// Keeps `value` to be freed with the rest.
    pub fn keep(&mut self, value: impl Send + 'static) {
        let values = self.0.get_mut().unwrap_or_else(|e| e.into_inner());
        values.push(Box::new(value));
    }
}

impl std::fmt::Debug for Spent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Spent")
    }
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
    let image_index = index_by_key(&edition.images);
    let ads: Vec<Arc<_>> = edition.ads.values().cloned().collect();
    let ad_index = index_by_key(&edition.ads);
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

    // 1. The flatplan as segments: the cover, full-page ads, and chains of articles (an
    //    article with the ones that run on below it).
    let mut segments: Vec<Segment> = Vec::new();
    let mut chains: Vec<ChainPlan> = Vec::new();
    for (i, entry) in edition.edition.flatplan.iter().enumerate() {
        if entry.cover == Some(true) {
            segments.push(Segment::Cover);
        } else if let Some(id) = &entry.ad {
            let Some(&ad) = ad_index.get(id) else {
                return Err(Diagnostic::input(format!("ad `{id}` is not booked"))
                    .at_field(format!("flatplan[{i}].ad"))
                    .into());
            };
            segments.push(Segment::Ad { ad, id });
        } else if let Some(id) = &entry.article {
            if !edition.articles.contains_key(id) {
                return Err(Diagnostic::input(format!("article `{id}` is not loaded"))
                    .at_field(format!("flatplan[{i}].article"))
                    .into());
            }
            let member = ChainMember {
                entry_index: i,
                entry,
            };
            match segments.last() {
                Some(Segment::Chain(k)) if entry.run_on == Some(true) => {
                    chains[*k].members.push(member)
                }
                _ => {
                    segments.push(Segment::Chain(chains.len()));
                    chains.push(ChainPlan {
                        members: vec![member],
                    });
                }
            }
        } else {
            segments.push(Segment::Nothing);
        }
    }

    // 2. Every chain laid out in parallel for a right-hand start; then, once the pages are
    //    numbered, the chains that start on a left page moved (or, when something in them
    //    is placed by side, laid out again) — until the numbering no longer changes.
    let chain_ctx = ChainContext {
        edition,
        typesetter,
        styles: &styles,
        geometry: &geometry,
        images: &images,
        image_index: &image_index,
        ad_index: &ad_index,
    };
    warm_body_words(edition, &styles, typesetter);
    // The memos of chains that may have to be laid out again are kept for that.
    let (right, mut memos): (Vec<ChainLayout>, Vec<chain::ChainMemos>) = chains
        .par_iter()
        // A chain a job (see `render::render_pages`).
        .with_max_len(1)
        .map(|c| {
            let mut memos = chain::ChainMemos::new();
            let laid = chain::layout_chain_with(&chain_ctx, c, Side::Right, &mut memos);
            if !laid.side_sensitive {
                memos.clear();
            }
            (laid, memos)
        })
        .unzip();
    let mut left: Vec<Option<ChainLayout>> = vec![None; chains.len()];
    let mut relaid = 0;
    let numbering = loop {
        let numbering = number_pages(&segments, &chains, |k, side| match side {
            Side::Right => right[k].pages.len(),
            Side::Left => left[k].as_ref().unwrap_or(&right[k]).pages.len(),
        });
        let missing: Vec<usize> = (0..chains.len())
            .filter(|&k| numbering.chain_sides[k] == Side::Left && left[k].is_none())
            .collect();
        if missing.is_empty() {
            break numbering;
        }
        let jobs: Vec<(usize, chain::ChainMemos)> = missing
            .iter()
            .map(|&k| (k, std::mem::take(&mut memos[k])))
            .collect();
        let computed: Vec<(usize, ChainLayout)> = jobs
            .into_par_iter()
            .with_max_len(1)
            .map(|(k, mut memos)| {
                let laid = if right[k].side_sensitive {
                    chain::layout_chain_with(&chain_ctx, &chains[k], Side::Left, &mut memos)
                } else {
                    chain::mirrored(&geometry, &right[k])
                };
                (k, laid)
            })
            .collect();
        for (k, laid) in computed {
            relaid += usize::from(right[k].side_sensitive);
            left[k] = Some(laid);
        }
    };
    if crate::timings::enabled() {
        let moved = left.iter().flatten().count();
        eprintln!(
            "timing: layout: {} chains, {moved} start on a left page ({relaid} laid out again, {} moved)",
            chains.len(),
            moved - relaid
        );
    }

    // 3. The pages, numbered, with running heads and folios.
    let mut laid: Vec<Option<ChainLayout>> = right.into_iter().map(Some).collect();
    let mut unused = Vec::new();
    for (k, side) in numbering.chain_sides.iter().enumerate() {
        if *side == Side::Left {
            unused.push(std::mem::replace(&mut laid[k], left[k].take()));
        }
    }
    // The right-hand layouts of chains set on a left page are kept to be freed with the
    // result (a third of the 16x edition's serial time went on freeing them here).
    unused.extend(left);
    let mut spent = Spent::default();
    spent.keep((unused, memos));
    let mut overset = Vec::new();
    let mut lines = BTreeMap::new();
    let mut warnings = numbering.warnings;
    for finding in page_count_findings(numbering.slots.len(), edition) {
        warnings.push(finding);
    }
    let mut left_out = Vec::new();
    for chain in laid.iter_mut().flatten() {
        overset.append(&mut chain.overset);
        left_out.append(&mut chain.left_out);
        for note in std::mem::take(&mut chain.notes) {
            warnings.push(note);
        }
        lines.extend(std::mem::take(&mut chain.lines));
    }
    // The chains' pages taken out in page order; then every page finished (cover, running
    // heads, folios) in parallel, collected in order.
    let work: Vec<(usize, PageWork)> = numbering
        .slots
        .into_iter()
        .enumerate()
        .filter_map(|(index, slot)| {
            let work = match slot {
                PageSlot::Blank => PageWork::Blank,
                PageSlot::Cover => PageWork::Cover,
                PageSlot::Ad { ad, id } => PageWork::Ad { ad, id },
                PageSlot::Chain { chain, page } => {
                    let p = laid[chain].as_mut()?.pages.get_mut(page)?;
                    PageWork::Chain(std::mem::replace(p, ChainPage::blank()))
                }
            };
            Some((index, work))
        })
        .collect();
    let pages: Vec<Page> = work
        .into_par_iter()
        .with_max_len(4)
        .map(|(index, work)| {
            let number = index as u32 + 1;
            let side = Side::of_number(number);
            let (role, items) = match work {
                PageWork::Blank => (PageRole::Blank, Vec::new()),
                PageWork::Cover => {
                    let image = edition
                        .edition
                        .cover
                        .as_ref()
                        .and_then(|c| c.image.as_ref())
                        .and_then(|f| {
                            let idx = *image_index.get(f)?;
                            Some((idx, images[idx].width_px, images[idx].height_px))
                        });
                    let lines_: &[String] =
                        edition.edition.cover.as_ref().map_or(&[], |c| &c.lines);
                    let job = cover::CoverJob {
                        title: &edition.edition.title,
                        issue: &edition.edition.issue,
                        lines: lines_,
                        image,
                    };
                    let items =
                        cover::layout_cover(typesetter, &styles, &geometry, &elements.accent, &job);
                    (PageRole::Cover, items)
                }
                PageWork::Ad { ad, id } => {
                    let trim = geometry.trim_rect();
                    let item = Item::Ad(PlacedAd {
                        ad,
                        trim,
                        clip: trim.inflate(geometry.bleed),
                        source: Source::new(id, "ad"),
                    });
                    (PageRole::Ad(id.to_string()), vec![item])
                }
                PageWork::Chain(p) => {
                    let mut items = p.items;
                    // A photo bled over the whole page carries no running head or folio.
                    if matches!(p.role, PageRole::Article(_))
                        && !article::is_full_page_photo(&items, &geometry)
                    {
                        items.extend(furniture.items(number, side, &p.section));
                    }
                    items.extend(p.run_on_items);
                    (p.role, items)
                }
            };
            Page {
                number,
                side,
                role,
                items,
            }
        })
        .collect();
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
        left_out,
        lines,
        warnings,
        spent,
    })
}

/// What the edition's page count asks of its editors: an error when it misses the budget
/// (`pages` in `edition.toml`), a warning when, without one, it is not a multiple of the
/// layout's `pages_multiple` (whole sheets for saddle stitching).
fn page_count_findings(total: usize, edition: &LoadedEdition) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(budget) = edition.edition.pages {
        let budget = budget as usize;
        if total > budget {
            out.push(
                Diagnostic::preflight(format!(
                    "over budget: the edition has {total} pages, its budget is {budget}"
                ))
                .at_field("pages")
                .with_hint(format!(
                    "cut {} page(s) of copy (shorter articles, fewer or smaller photos), or raise `pages`",
                    total - budget
                )),
            );
        } else if total < budget {
            out.push(
                Diagnostic::preflight(format!(
                    "under budget: the edition has {total} pages, its budget is {budget}"
                ))
                .at_field("pages")
                .with_hint(format!(
                    "add {} page(s): an article, a house ad, or more pages for an article (`pages = N`)",
                    budget - total
                )),
            );
        }
        return out;
    }
    let multiple = edition.layout.elements.pages_multiple;
    if multiple > 1 && !total.is_multiple_of(multiple) {
        out.push(
            Diagnostic::preflight(format!(
                "the edition has {total} pages, not a multiple of {multiple}: saddle stitching needs whole sheets"
            ))
            .warning()
            .with_hint(format!(
                "add or remove pages (articles, ads) to reach a multiple of {multiple}, set a budget (`pages = N` in edition.toml), or bind another way"
            )),
        );
    }
    out
}

/// One flatplan entry, as pagination sees it.
enum Segment<'a> {
    /// The front cover.
    Cover,
    /// A full-page ad: its index among the document's ads and its booking id.
    Ad { ad: usize, id: &'a str },
    /// A chain of articles (index into the chains).
    Chain(usize),
    /// An entry with nothing to place.
    Nothing,
}

/// One page to finish, with what the layout made for it.
enum PageWork<'a> {
    Cover,
    Ad { ad: usize, id: &'a str },
    Blank,
    Chain(ChainPage),
}

/// What goes on one numbered page.
enum PageSlot<'a> {
    Cover,
    Ad { ad: usize, id: &'a str },
    Blank,
    Chain { chain: usize, page: usize },
}

/// The pages in order, and the side each chain starts on.
struct Numbering<'a> {
    slots: Vec<PageSlot<'a>>,
    chain_sides: Vec<Side>,
    warnings: Diagnostics,
}

/// Numbers the pages, given how many pages chain `k` takes when it starts on a side:
/// blank pages for right/left-hand starts and before a back cover on the wrong side.
fn number_pages<'a>(
    segments: &[Segment<'a>],
    chains: &[ChainPlan],
    pages_of: impl Fn(usize, Side) -> usize,
) -> Numbering<'a> {
    let mut slots: Vec<PageSlot<'a>> = Vec::new();
    let mut chain_sides = vec![Side::Right; chains.len()];
    let mut warnings = Diagnostics::new();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        if let Segment::Ad { .. } = segment {
            if i == last && i > 0 {
                // The last full-page ad is the back cover: it must fall on a left-hand
                // (even) page, so a blank page (reported) goes before it when needed.
                if !(slots.len() + 1).is_multiple_of(2) {
                    let number = slots.len() + 1;
                    warnings.push(
                        Diagnostic::preflight(format!(
                            "page {number} is blank: the back cover must fall on a left-hand page"
                        ))
                        .warning()
                        .with_hint(
                            "fill it with a house ad or an article, or give an article more pages",
                        ),
                    );
                    slots.push(PageSlot::Blank);
                }
            }
        }
        match segment {
            Segment::Cover => slots.push(PageSlot::Cover),
            Segment::Ad { ad, id } => slots.push(PageSlot::Ad { ad: *ad, id }),
            Segment::Nothing => {}
            Segment::Chain(k) => {
                let start = chains[*k].members.first().and_then(|m| m.entry.start);
                let side = Side::of_number(slots.len() as u32 + 1);
                if (start == Some(StartPage::Right) && side == Side::Left)
                    || (start == Some(StartPage::Left) && side == Side::Right)
                {
                    slots.push(PageSlot::Blank);
                }
                let side = Side::of_number(slots.len() as u32 + 1);
                chain_sides[*k] = side;
                for page in 0..pages_of(*k, side) {
                    slots.push(PageSlot::Chain { chain: *k, page });
                }
            }
        }
    }
    Numbering {
        slots,
        chain_sides,
        warnings,
    }
}

/// Sets `text` in `style` as a stack of lines from the top of `at` (its width is the
/// measure), appending the runs to `out`; returns the bottom of the last line.
pub(crate) fn stack(
    setter: crate::text::memo::Setter,
    style: &ResolvedStyle,
    text: &str,
    at: Rect,
    source: Source,
    out: &mut Vec<Item>,
) -> crate::geom::Pt {
    let set = setter.set_at(text, &style.text, at.w);
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

/// Each key of `map` with its position in the map's order: the index of what the document
/// lists in that order (photos, ads) by the name the input gives it.
pub(crate) fn index_by_key<V>(map: &BTreeMap<String, V>) -> BTreeMap<String, usize> {
    map.keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i))
        .collect()
}

/// Shapes and hyphenates the words of every distinct body paragraph, paragraphs in parallel,
/// before the chains are laid out: the chains then find the words in the typesetter's word
/// cache. Laid out alone, the largest article (its words a fifth of the sample's) bounded the
/// layout's wall time with work any thread could have done. The cache holds what setting the
/// paragraphs would have put there, so nothing changes in the result.
fn warm_body_words(edition: &LoadedEdition, styles: &StyleSheet, typesetter: &Typesetter) {
    let body = styles.get("body");
    let mut seen = std::collections::HashSet::new();
    let mut jobs: Vec<(&str, crate::model::Language)> = Vec::new();
    for article in edition.articles.values() {
        let language = article.language.unwrap_or(edition.edition.language);
        for block in &article.body {
            if let crate::model::Block::Paragraph { text } = block {
                if seen.insert((text.as_str(), language)) {
                    jobs.push((text.as_str(), language));
                }
            }
        }
    }
    let by_language: Vec<(crate::model::Language, ResolvedStyle)> =
        [crate::model::Language::Nl, crate::model::Language::En]
            .into_iter()
            .map(|l| (l, body.in_language(l)))
            .collect();
    jobs.par_iter()
        .with_min_len(4)
        .with_max_len(16)
        .for_each(|(text, language)| {
            if let Some((_, style)) = by_language.iter().find(|(l, _)| l == language) {
                typesetter.prepare(text, &style.text);
            }
        });
}
