//! An article's pages: the opener across the columns, ads in their slots, then the body
//! flowed through the columns onto as many pages as it needs (up to its budget).

use crate::document::{Item, PlacedAd, Side, Source};
use crate::flow::frame::FramePlan;
use crate::flow::{Flow, FlowContext, Overset, PlacedLine};
use crate::geom::{Pt, Rect};
use crate::model::{Article, Block, SlotPosition};
use crate::pages::geometry::PageGeometry;

mod opener;

use opener::set_opener;

/// An ad to place on one of the article's pages.
#[derive(Debug, Clone)]
pub struct AdPlacement {
    /// Index into the document's ads.
    pub ad: usize,
    /// Booking id.
    pub id: String,
    /// Article page index (0-based).
    pub page: usize,
    /// Where on the page.
    pub position: SlotPosition,
    /// The slot's size.
    pub slot: crate::model::SlotSpec,
}

/// What the article's layout needs besides the flow context.
pub struct ArticleJob<'a> {
    /// The article.
    pub article: &'a Article,
    /// Side of its first page.
    pub first_side: Side,
    /// Ads on its pages.
    pub ads: Vec<AdPlacement>,
    /// Page budget.
    pub max_pages: usize,
    /// Where the article starts on its first page when it runs on below another article:
    /// the top of its opener, and the areas the other article occupies there.
    pub run_on: Option<RunOn>,
}

/// The free part of a page another article started on.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOn {
    /// Top of the free space.
    pub top: Pt,
    /// Areas of the page (ads, floats) text must keep out of, already grown by their gap.
    pub obstacles: Vec<Rect>,
}

/// An article laid out: items per page (without running heads and folios), and what did
/// not fit.
#[derive(Debug, Clone)]
pub struct ArticlePages {
    /// Items per article page.
    pub pages: Vec<Vec<Item>>,
    /// Text that did not fit.
    pub overset: Vec<Overset>,
    /// Every body line placed.
    pub lines: Vec<PlacedLine>,
    /// The lowest point used on the last page.
    pub last_bottom: Pt,
    /// Areas on the last page a following article must keep out of.
    pub last_obstacles: Vec<Rect>,
    /// Findings that do not stop the build.
    pub notes: Vec<crate::diag::Diagnostic>,
    /// Pull quotes left out by rule.
    pub left_out: Vec<Overset>,
}

/// Lays out one article; on its last page, the columns are balanced.
pub fn layout_article(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    job: &ArticleJob,
) -> ArticlePages {
    let tweaks = Tweaks {
        balance: None,
        lead_height: geometry.trim.h * 0.3,
    };
    let mut first = flow_article(ctx, geometry, job, tweaks);
    // Copyfit: a last page with only a few lines on it is pulled back by a shallower
    // opener photo, when that saves the page.
    if first.pages.len() > 1
        && job.article.lead_image.is_some()
        && last_page_is_thin(geometry, job, &first)
    {
        for fraction in [0.24, 0.18, 0.13] {
            let tighter = Tweaks {
                balance: None,
                lead_height: geometry.trim.h * fraction,
            };
            let candidate = flow_article(ctx, geometry, job, tighter);
            if candidate.pages.len() < first.pages.len()
                && candidate.overset.len() <= first.overset.len()
            {
                first = candidate;
                break;
            }
        }
    }
    let balanced = balance(ctx, geometry, job, &first);
    let mut flow = balanced.unwrap_or(first);
    let last = flow.pages.len().saturating_sub(1);
    let last_bottom = flow
        .used
        .iter()
        .filter(|((page, _), _)| *page == last)
        .map(|(_, &b)| b)
        .fold(
            if last == 0 {
                flow.opener_bottom
            } else {
                Pt::ZERO
            },
            Pt::max,
        );
    let last_obstacles = flow.frames.exclusions(last);
    ArticlePages {
        pages: flow.pages,
        overset: flow.overset,
        lines: flow.lines,
        last_bottom,
        last_obstacles,
        notes: flow.notes,
        left_out: flow.left_out,
    }
}

/// What a re-flow of an article may change.
#[derive(Debug, Clone, Copy)]
struct Tweaks {
    /// Limits the depth of one page's columns (to balance them).
    balance: Option<(usize, Pt)>,
    /// The tallest the opener photo's frame may be.
    lead_height: Pt,
}

/// Whether the article's last page holds only a few lines: its columns, put together, fill
/// less than half of one column.
fn last_page_is_thin(geometry: &PageGeometry, job: &ArticleJob, flow: &Flow) -> bool {
    let last = flow.pages.len() - 1;
    let area = geometry.type_area(Side::at(job.first_side, last));
    let filled: Pt = flow
        .used
        .iter()
        .filter(|((p, _), _)| *p == last)
        .map(|(_, &b)| (b - area.y).max(Pt::ZERO))
        .sum();
    filled < area.h * 0.5
}

/// Flows the article once, as `tweaks` say.
fn flow_article(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    job: &ArticleJob,
    tweaks: Tweaks,
) -> Flow {
    let balance = tweaks.balance;
    let article = job.article;
    let area = geometry.type_area(job.first_side);
    let mut opener: Vec<Item> = Vec::new();
    let opener_top = job.run_on.as_ref().map_or(area.y, |r| r.top);
    if job.run_on.is_some() {
        // A rule separates the article from the one above it on the page.
        let accent = ctx.styles.color(&ctx.elements.accent);
        opener.push(Item::Rule(crate::document::Rule {
            from: crate::geom::Point::new(area.x, opener_top),
            to: crate::geom::Point::new(area.right(), opener_top),
            width: Pt(0.75),
            color: accent,
        }));
    }
    let opener_area = Rect::new(
        area.x,
        opener_top
            + if job.run_on.is_some() {
                Pt(10.0)
            } else {
                Pt::ZERO
            },
        area.w,
        area.h,
    );
    let opener_job = opener::OpenerJob {
        ctx,
        geometry,
        article,
        area: opener_area,
        lead_height: tweaks.lead_height,
    };
    let space = set_opener(&opener_job, &mut opener);
    let mut opener_bottom = space.bottom;
    // An opener taller than the page (a long headline on a small page): what runs past the
    // foot is not printed but reported overset, by part.
    let mut opener_overset: Vec<Overset> = Vec::new();
    let lowest = space
        .aside
        .map_or(opener_bottom, |a| a.bottom().max(opener_bottom));
    if lowest > area.bottom() {
        opener.retain(|item| match item {
            Item::Text(run) if run.origin.y > area.bottom() => {
                match opener_overset
                    .iter_mut()
                    .find(|o| o.part == run.source.part)
                {
                    Some(o) => {
                        o.words += run.text.split_whitespace().count();
                        o.text = format!("{} {}", o.text, run.text);
                    }
                    None => opener_overset.push(Overset {
                        article: article.id.clone(),
                        part: run.source.part.clone(),
                        words: run.text.split_whitespace().count(),
                        text: run.text.clone(),
                    }),
                }
                false
            }
            _ => true,
        });
        opener_bottom = opener_bottom.min(area.bottom());
    }
    let gap: Pt = ctx.elements.opener_gap.into();
    let first_top = if opener_bottom > opener_top {
        opener_bottom + gap
    } else {
        opener_top
    };

    let float_gap: Pt = ctx.elements.float_gap.into();
    let mut floats: Vec<(usize, Rect)> = job
        .run_on
        .iter()
        .flat_map(|r| r.obstacles.iter().map(|o| (0, *o)))
        .chain(space.aside.map(|a| (0, a)))
        .collect();
    let mut ad_items: Vec<(usize, Item)> = Vec::new();
    for ad in &job.ads {
        let side = Side::at(job.first_side, ad.page);
        let rect = geometry.ad_rect(&ad.slot, side, ad.position);
        floats.push((ad.page, rect.inflate(float_gap)));
        ad_items.push((
            ad.page,
            Item::Ad(PlacedAd {
                ad: ad.ad,
                trim: rect,
                clip: rect,
                source: Source::new(&ad.id, "ad"),
            }),
        ));
    }
    let plan = FramePlan {
        first_side: job.first_side,
        first_top,
        floats,
        max_pages: job.max_pages,
        balance,
    };
    let mut flow = Flow::new(&article.id, geometry, plan);
    flow.pages.push(opener);
    for (page, item) in ad_items {
        flow.push(page, item);
    }
    flow.frames.set_float_gap(float_gap);
    flow.opener_bottom = opener_bottom;
    flow.lead_height = tweaks.lead_height;
    flow.overset.extend(opener_overset);
    flow_body(ctx, &mut flow, article);
    flow.flush_pending_quotes(ctx);
    flow.finish();
    if flow.frames.placed_by_side() {
        ctx.placed_by_side.set(true);
    }
    flow
}

/// Re-flows the article with the columns of its last page shortened to an even depth, as
/// long as that still fits the same pages; `None` when the columns need no balancing.
fn balance(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    job: &ArticleJob,
    first: &Flow,
) -> Option<Flow> {
    let last = first.pages.len().checked_sub(1)?;
    let side = Side::at(job.first_side, last);
    let area = geometry.type_area(side);
    let columns = geometry.columns;
    if columns < 2 {
        return None;
    }
    // Where the columns of the last page start (below the opener on a one-page article).
    let top = first
        .lines
        .iter()
        .filter(|l| l.page == last)
        .map(|l| l.baseline - geometry.grid * 0.75)
        .fold(area.bottom(), Pt::min)
        .max(area.y);
    let used: Vec<Pt> = (0..columns)
        .map(|c| first.used.get(&(last, c)).copied().unwrap_or(top))
        .collect();
    let grid = geometry.grid;
    // A last column already (nearly) full needs nothing.
    if used[columns - 1] >= area.bottom() - grid * 2.0 {
        return None;
    }
    let total: Pt = used.iter().map(|&u| (u - top).max(Pt::ZERO)).sum();
    if total <= grid * 2.0 {
        return None;
    }
    let mut depth = top + total / columns as f64;
    for _ in 0..8 {
        let limit = depth + grid * 0.3;
        if limit >= area.bottom() {
            return None;
        }
        let tweaks = Tweaks {
            balance: Some((last, limit)),
            lead_height: first.lead_height,
        };
        let candidate = flow_article(ctx, geometry, job, tweaks);
        if candidate.pages.len() == first.pages.len()
            && candidate.overset.len() == first.overset.len()
        {
            return Some(candidate);
        }
        depth += grid;
    }
    None
}

fn flow_body(ctx: &FlowContext, flow: &mut Flow, article: &Article) {
    let mut indent = false;
    // A body line holds about two characters per point of type size and a half per column.
    let body_size = ctx.styles.get("body").text.size;
    let per_line = (flow.frames.geometry().column_width().0 / (body_size.0 * 0.5)).max(1.0);
    // What the blocks after each block hold, summed from the end.
    let mut chars_after = vec![0; article.body.len()];
    for i in (0..article.body.len().saturating_sub(1)).rev() {
        chars_after[i] = chars_after[i + 1] + block_chars(&article.body[i + 1]);
    }
    for (i, block) in article.body.iter().enumerate() {
        let part = format!("body[{i}]");
        flow.lines_ahead = chars_after[i] as f64 / per_line;
        flow.place_pending_quotes(ctx);
        match block {
            Block::Paragraph { text } => {
                flow.body_paragraph(ctx, text, part, indent);
                indent = true;
                continue;
            }
            Block::Crosshead { text } => flow.crosshead(ctx, text, part),
            Block::Pullquote { text, attribution } => {
                flow.pullquote(ctx, text, attribution.as_deref(), part);
                // The text around a pull quote continues its paragraph rhythm.
                continue;
            }
            Block::Box { title, paragraphs } => flow.boxed(ctx, title.as_deref(), paragraphs, part),
            Block::List { items } => flow.list(ctx, items, part),
            Block::Caption { text } => flow.caption(ctx, text, part),
            Block::Image {
                file,
                caption,
                credit,
                span,
                focus,
                fit,
                caption_position,
                full_page,
            } => {
                let spec = crate::flow::blocks::ImageSpec {
                    file,
                    caption: caption.as_deref(),
                    credit: credit.as_deref(),
                    span: span.unwrap_or(1),
                    focus: *focus,
                    fit: fit.unwrap_or_default(),
                    caption_position: caption_position.unwrap_or_default(),
                    full_page: *full_page,
                    part,
                };
                flow.image(ctx, &spec)
            }
        }
        indent = false;
    }
}

/// The characters of running text in a block (what the text after a float fills).
fn block_chars(block: &Block) -> usize {
    match block {
        Block::Paragraph { text } => text.chars().count(),
        Block::List { items } => items.iter().map(|i| i.chars().count()).sum(),
        _ => 0,
    }
}

/// Whether an article page's `items` are a full-page photo (a body photo bled off the trim,
/// `"full_page": true`): a running head and folio would print on the photo, so pagination
/// may leave them off such a page.
pub fn is_full_page_photo(items: &[Item], geometry: &PageGeometry) -> bool {
    let trim = geometry.trim_rect();
    items.iter().any(|i| {
        matches!(i, Item::Image(img) if img.source.part.starts_with("body[") && img.clip.contains(&trim))
    })
}
