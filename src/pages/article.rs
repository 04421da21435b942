//! An article's pages: the opener across the columns, ads in their slots, then the body
//! flowed through the columns onto as many pages as it needs (up to its budget).

use crate::document::{Item, PlacedAd, PlacedImage, Side, Source};
use crate::flow::frame::FramePlan;
use crate::flow::{Flow, FlowContext, Overset, PlacedLine};
use crate::geom::{Pt, Rect};
use crate::model::{Article, Block, SlotPosition};
use crate::pages::geometry::PageGeometry;

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
}

/// Lays out one article.
pub fn layout_article(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    job: &ArticleJob,
) -> ArticlePages {
    let article = job.article;
    let area = geometry.type_area(job.first_side);
    let mut opener: Vec<Item> = Vec::new();
    let opener_bottom = set_opener(ctx, geometry, article, area, &mut opener);
    let gap: Pt = ctx.elements.opener_gap.into();
    let first_top = if opener_bottom > area.y {
        opener_bottom + gap
    } else {
        area.y
    };

    let float_gap: Pt = ctx.elements.float_gap.into();
    let mut floats = Vec::new();
    let mut ad_items: Vec<(usize, Item)> = Vec::new();
    for ad in &job.ads {
        let side = side_of(job.first_side, ad.page);
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
    };
    let mut flow = Flow::new(&article.id, geometry, plan);
    flow.pages.push(opener);
    for (page, item) in ad_items {
        flow.push(page, item);
    }
    flow.frames.set_float_gap(float_gap);
    flow_body(ctx, &mut flow, article);
    flow.finish_floats(ctx);
    ArticlePages {
        pages: flow.pages,
        overset: flow.overset,
        lines: flow.lines,
    }
}

fn side_of(first: Side, page: usize) -> Side {
    match (first, page % 2 == 1) {
        (Side::Right, false) | (Side::Left, true) => Side::Right,
        _ => Side::Left,
    }
}

fn flow_body(ctx: &FlowContext, flow: &mut Flow, article: &Article) {
    let mut indent = false;
    for (i, block) in article.body.iter().enumerate() {
        let part = format!("body[{i}]");
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
            } => flow.image(ctx, file, caption.as_deref(), credit.as_deref(), part),
        }
        indent = false;
    }
}

/// Sets the opener (label, headline, subheadline, standfirst, byline, lead photo) across the
/// type area from its top; returns the bottom of what it set.
fn set_opener(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    article: &Article,
    area: Rect,
    out: &mut Vec<Item>,
) -> Pt {
    let style = |name: &str| ctx.styles.get(name).in_language(ctx.language);
    let owner = article.id.as_str();
    let mut y = area.y;
    let wide = area.w;
    let two_columns = geometry.span_width(2.min(geometry.columns));
    // A foreword has no headline: its section name stands in.
    let (label, headline) = match (&article.headline, &article.kicker) {
        (Some(h), Some(k)) => (Some((k.as_str(), "kicker")), Some(h.as_str())),
        (Some(h), None) => (
            Some((article.section.as_str(), "section")),
            Some(h.as_str()),
        ),
        (None, _) => (None, Some(article.section.as_str())),
    };
    if let Some((text, part)) = label {
        y = super::stack(
            ctx.typesetter,
            &style("section"),
            text,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, part),
            out,
        );
        y += Pt(4.0);
    }
    if let Some(lead) = &article.lead_image {
        y = lead_image(
            ctx,
            geometry,
            lead,
            Rect::new(area.x, y, wide, Pt::ZERO),
            owner,
            out,
        );
    }
    if let Some(h) = headline {
        let part = if article.headline.is_some() {
            "headline"
        } else {
            "section"
        };
        y = super::stack(
            ctx.typesetter,
            &style("headline"),
            h,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, part),
            out,
        );
    }
    if let Some(s) = &article.subheadline {
        y += Pt(3.0);
        y = super::stack(
            ctx.typesetter,
            &style("subheadline"),
            s,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, "subheadline"),
            out,
        );
    }
    if let Some(s) = &article.standfirst {
        y += Pt(8.0);
        for (i, para) in s.split('\n').filter(|p| !p.trim().is_empty()).enumerate() {
            let st = style("standfirst");
            y = super::stack(
                ctx.typesetter,
                &st,
                para,
                Rect::new(area.x, y, two_columns, Pt::ZERO),
                Source::new(owner, format!("standfirst[{i}]")),
                out,
            );
            y += st.space_after;
        }
    }
    if let Some(b) = &article.byline {
        y += Pt(4.0);
        for (i, line) in b.split('\n').filter(|p| !p.trim().is_empty()).enumerate() {
            y = super::stack(
                ctx.typesetter,
                &style("byline"),
                line,
                Rect::new(area.x, y, two_columns, Pt::ZERO),
                Source::new(owner, format!("byline[{i}]")),
                out,
            );
        }
    }
    y
}

fn lead_image(
    ctx: &FlowContext,
    geometry: &PageGeometry,
    lead: &crate::model::ImageRef,
    at: Rect,
    owner: &str,
    out: &mut Vec<Item>,
) -> Pt {
    let Some(&index) = ctx.image_index.get(&lead.file) else {
        return at.y;
    };
    let asset = &ctx.images[index];
    let aspect = asset.height_px.max(1) as f64 / asset.width_px.max(1) as f64;
    let natural = at.w * aspect;
    let frame_h = natural.min(geometry.trim.h * 0.35);
    let clip = Rect::new(at.x, at.y, at.w, frame_h);
    let rect = Rect::new(at.x, at.y - (natural - frame_h) / 2.0, at.w, natural);
    out.push(Item::Image(PlacedImage {
        image: index,
        rect,
        clip,
        source: Source::new(owner, "lead_image"),
    }));
    let mut y = clip.bottom() + Pt(4.0);
    let cap = ctx.styles.get("caption").in_language(ctx.language);
    if let Some(c) = &lead.caption {
        y = super::stack(
            ctx.typesetter,
            &cap,
            c,
            Rect::new(at.x, y, at.w, Pt::ZERO),
            Source::new(owner, "lead_image.caption"),
            out,
        );
    }
    if let Some(c) = &lead.credit {
        let credit = ctx.styles.get("credit").in_language(ctx.language);
        y = super::stack(
            ctx.typesetter,
            &credit,
            c,
            Rect::new(at.x, y + Pt(1.5), at.w, Pt::ZERO),
            Source::new(owner, "lead_image.credit"),
            out,
        );
    }
    y + Pt(8.0)
}
