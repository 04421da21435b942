//! An article's opener: label, lead photo, headline, subheadline, standfirst and byline, as
//! the section's opener style (`[elements.openers.<section>]`) or the default one says.

use crate::document::{Item, PlacedImage, Rule, Source};
use crate::flow::blocks::{contain_rect, cover_rect};
use crate::flow::FlowContext;
use crate::geom::{Point, Pt, Rect};
use crate::model::layout::{LeadImagePlacement, OpenerStyle, StandfirstPlacement};
use crate::model::{Article, Fit, ImageRef};
use crate::pages::geometry::PageGeometry;
use crate::pages::stack;
use crate::pages::styles::ResolvedStyle;

/// What the opener took of its page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct OpenerSpace {
    /// The bottom of what spans the columns: the body starts below it.
    pub bottom: Pt,
    /// A block in the first column below `bottom` (a standfirst set in one column) that the
    /// body must keep out of, grown by the space to keep under it.
    pub aside: Option<Rect>,
}

/// What setting an opener needs.
pub(super) struct OpenerJob<'a> {
    /// The flow context (styles, images, language).
    pub ctx: &'a FlowContext<'a>,
    /// The page geometry.
    pub geometry: &'a PageGeometry,
    /// The article.
    pub article: &'a Article,
    /// The type area from the opener's top.
    pub area: Rect,
    /// The tallest the lead photo's frame may be.
    pub lead_height: Pt,
}

/// Sets the opener across the type area from its top into `out`.
pub(super) fn set_opener(job: &OpenerJob, out: &mut Vec<Item>) -> OpenerSpace {
    let ctx = job.ctx;
    let article = job.article;
    let area = job.area;
    let design = ctx
        .elements
        .openers
        .get(&article.section)
        .cloned()
        .unwrap_or_default();
    let style = |name: &str| ctx.styles.get(name).in_language(ctx.language);
    let owner = article.id.as_str();
    let mut y = area.y;
    let wide = area.w;
    if let Some(weight) = design.rule {
        // A thin accent rule opens the page, as a column's regular look.
        out.push(Item::Rule(Rule {
            from: Point::new(area.x, y + weight * 0.5),
            to: Point::new(area.right(), y + weight * 0.5),
            width: weight,
            color: ctx.styles.color(&ctx.elements.accent),
        }));
        y += weight + Pt(6.0);
    }
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
        y = stack(
            ctx.setter(),
            &style("section"),
            text,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, part),
            out,
        );
        y += Pt(4.0);
    }
    let lead = article.lead_image.as_ref();
    if let (Some(lead), LeadImagePlacement::Across) = (lead, design.lead_image) {
        y = lead_image(job, lead, Rect::new(area.x, y, wide, Pt::ZERO), out);
    }
    if let Some(h) = headline {
        let part = if article.headline.is_some() {
            "headline"
        } else {
            "section"
        };
        let name = design.headline_style.as_deref().unwrap_or("headline");
        y = stack(
            ctx.setter(),
            &style(name),
            h,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, part),
            out,
        );
    }
    if let Some(s) = &article.subheadline {
        y += Pt(3.0);
        y = stack(
            ctx.setter(),
            &style("subheadline"),
            s,
            Rect::new(area.x, y, wide, Pt::ZERO),
            Source::new(owner, "subheadline"),
            out,
        );
    }
    match design.standfirst {
        StandfirstPlacement::Across => {
            let width = job.geometry.span_width(2);
            let bottom = intro(job, &design, Rect::new(area.x, y, width, Pt::ZERO), out);
            OpenerSpace {
                bottom,
                aside: None,
            }
        }
        StandfirstPlacement::Column => {
            let top = y + Pt(8.0);
            let column = job.geometry.column_width();
            let at = Rect::new(area.x, top, column, Pt::ZERO);
            let bottom = intro(job, &design, at, out);
            let gap: Pt = ctx.elements.float_gap.into();
            let aside = (bottom > y).then(|| Rect::new(area.x, y, column, bottom - y + gap));
            OpenerSpace { bottom: y, aside }
        }
    }
}

/// The standfirst, the byline portrait and the byline at `at` (its width is the measure);
/// returns the bottom of what it set.
fn intro(job: &OpenerJob, design: &OpenerStyle, at: Rect, out: &mut Vec<Item>) -> Pt {
    let ctx = job.ctx;
    let article = job.article;
    let owner = article.id.as_str();
    let style = |name: &str| ctx.styles.get(name).in_language(ctx.language);
    let mut y = at.y;
    if let Some(s) = &article.standfirst {
        y += Pt(8.0);
        let st = style(design.standfirst_style.as_deref().unwrap_or("standfirst"));
        for (i, para) in s.split('\n').filter(|p| !p.trim().is_empty()).enumerate() {
            y = stack(
                ctx.setter(),
                &st,
                para,
                Rect::new(at.x, y, at.w, Pt::ZERO),
                Source::new(owner, format!("standfirst[{i}]")),
                out,
            );
            y += st.space_after;
        }
    }
    if let Some(lead) = &article.lead_image {
        match design.lead_image {
            LeadImagePlacement::Across => {}
            LeadImagePlacement::Portrait => {
                let half = (job.geometry.column_width() * 0.5).min(at.w);
                y = lead_image(job, lead, Rect::new(at.x, y + Pt(6.0), half, Pt::ZERO), out);
                y -= Pt(8.0);
            }
            LeadImagePlacement::None => {
                // The photo is not shown, but its words are the editors': they stay.
                y = lead_words(
                    ctx,
                    lead,
                    Rect::new(at.x, y + Pt(4.0), at.w, Pt::ZERO),
                    owner,
                    out,
                );
            }
        }
    }
    if let Some(b) = &article.byline {
        y += Pt(4.0);
        for (i, line) in b.split('\n').filter(|p| !p.trim().is_empty()).enumerate() {
            y = stack(
                ctx.setter(),
                &style("byline"),
                line,
                Rect::new(at.x, y, at.w, Pt::ZERO),
                Source::new(owner, format!("byline[{i}]")),
                out,
            );
        }
    }
    y
}

/// The lead photo at `at`'s width (at most `lead_height` tall), its caption and credit
/// under it — or beside it, when `contain` leaves a column's worth of room; returns the
/// bottom plus the space before the headline.
fn lead_image(job: &OpenerJob, lead: &ImageRef, at: Rect, out: &mut Vec<Item>) -> Pt {
    let ctx = job.ctx;
    let owner = job.article.id.as_str();
    let Some(&index) = ctx.image_index.get(&lead.file) else {
        return lead_words(ctx, lead, at, owner, out);
    };
    let asset = &ctx.images[index];
    let aspect = asset.height_px.max(1) as f64 / asset.width_px.max(1) as f64;
    let room = Rect::new(at.x, at.y, at.w, (at.w * aspect).min(job.lead_height));
    let (rect, clip) = match lead.fit.unwrap_or_default() {
        Fit::Fill => (
            cover_rect(room, aspect, lead.focus.unwrap_or([0.5, 0.5])),
            room,
        ),
        Fit::Contain => {
            // Flush left, so that the room it leaves is one piece, for the caption.
            let r = contain_rect(room, aspect);
            let r = Rect::new(at.x, r.y, r.w, r.h);
            (r, r)
        }
    };
    out.push(Item::Image(PlacedImage {
        image: index,
        rect,
        clip,
        source: Source::new(owner, "lead_image"),
    }));
    let gutter = job.geometry.gutter;
    let beside = at.right() - clip.right() - gutter;
    if beside >= job.geometry.column_width() {
        // Caption beside the photo, its last line level with the photo's foot.
        let x = at.right() - job.geometry.column_width();
        let mut words = Vec::new();
        let h = lead_words(
            ctx,
            lead,
            Rect::new(x, Pt::ZERO, at.right() - x, Pt::ZERO),
            owner,
            &mut words,
        );
        let dy = (clip.bottom() - h).max(clip.y);
        out.extend(
            words
                .into_iter()
                .map(|i| crate::flow::blocks::translate(i, Pt::ZERO, dy)),
        );
        return clip.bottom().max(dy + h) + Pt(8.0);
    }
    let y = lead_words(
        ctx,
        lead,
        Rect::new(at.x, clip.bottom() + Pt(4.0), at.w, Pt::ZERO),
        owner,
        out,
    );
    y + Pt(8.0)
}

/// The lead photo's caption and credit at `at`; returns the bottom of the last line.
fn lead_words(
    ctx: &FlowContext,
    lead: &ImageRef,
    at: Rect,
    owner: &str,
    out: &mut Vec<Item>,
) -> Pt {
    let caption: ResolvedStyle = ctx.styles.get("caption").in_language(ctx.language);
    let mut y = at.y;
    if let Some(c) = &lead.caption {
        y = stack(
            ctx.setter(),
            &caption,
            c,
            Rect::new(at.x, y, at.w, Pt::ZERO),
            Source::new(owner, "lead_image.caption"),
            out,
        );
    }
    if let Some(c) = &lead.credit {
        let credit = ctx.styles.get("credit").in_language(ctx.language);
        y = stack(
            ctx.setter(),
            &credit,
            c,
            Rect::new(at.x, y + Pt(1.5), at.w, Pt::ZERO),
            Source::new(owner, "lead_image.credit"),
            out,
        );
    }
    y
}
