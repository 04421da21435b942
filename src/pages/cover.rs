//! The cover: photo to the bleed, masthead, issue and cover lines.

use crate::document::{Fill, Item, PlacedImage, Source};
use crate::geom::{Pt, Rect};
use crate::pages::geometry::PageGeometry;
use crate::pages::styles::StyleSheet;
use crate::text::paragraph::Typesetter;

/// What the cover shows.
pub struct CoverJob<'a> {
    /// Magazine title (the masthead).
    pub title: &'a str,
    /// The issue.
    pub issue: &'a str,
    /// Cover lines.
    pub lines: &'a [String],
    /// The cover photo: index into the document's images, and its pixel size.
    pub image: Option<(usize, u32, u32)>,
}

/// Lays out the cover page's items.
pub fn layout_cover(
    typesetter: &Typesetter,
    styles: &StyleSheet,
    geometry: &PageGeometry,
    accent: &str,
    job: &CoverJob,
) -> Vec<Item> {
    let mut items = Vec::new();
    let bleed_rect = geometry.trim_rect().inflate(geometry.bleed);
    match job.image {
        Some((index, w, h)) => {
            // Fill the bled page, cropping the photo's sides or top and bottom evenly.
            let aspect = h.max(1) as f64 / w.max(1) as f64;
            let (mut iw, mut ih) = (bleed_rect.w, bleed_rect.w * aspect);
            if ih < bleed_rect.h {
                ih = bleed_rect.h;
                iw = ih / aspect;
            }
            let rect = Rect::new(
                bleed_rect.x - (iw - bleed_rect.w) / 2.0,
                bleed_rect.y - (ih - bleed_rect.h) / 2.0,
                iw,
                ih,
            );
            items.push(Item::Image(PlacedImage {
                image: index,
                rect,
                clip: bleed_rect,
                source: Source::new("cover", "image"),
            }));
        }
        None => items.push(Item::Fill(Fill {
            rect: bleed_rect,
            color: styles.color(accent),
        })),
    }
    let area = geometry.type_area(crate::document::Side::Right);
    // The masthead sits on an accent band across the top, so it reads on any photo.
    let masthead = styles.get("masthead");
    let band_h = geometry.top + masthead.leading + Pt(30.0);
    items.push(Item::Fill(Fill {
        rect: Rect::new(
            bleed_rect.x,
            bleed_rect.y,
            bleed_rect.w,
            band_h + geometry.bleed,
        ),
        color: styles.color(accent),
    }));
    let mut y = super::stack(
        crate::text::memo::Setter {
            typesetter,
            memo: None,
        },
        masthead,
        job.title,
        Rect::new(area.x, area.y, area.w, Pt::ZERO),
        Source::new("cover", "title"),
        &mut items,
    );
    super::stack(
        crate::text::memo::Setter {
            typesetter,
            memo: None,
        },
        styles.get("cover_issue"),
        job.issue,
        Rect::new(area.x, y + Pt(6.0), area.w, Pt::ZERO),
        Source::new("cover", "issue"),
        &mut items,
    );
    // Cover lines at the foot, on their own band.
    let line_style = styles.get("cover_line");
    let width = geometry.span_width(2);
    let measured: usize = job
        .lines
        .iter()
        .map(|l| {
            typesetter
                .set_paragraph(l, &line_style.text, &mut |_| width)
                .lines
                .len()
        })
        .sum();
    let block_h = line_style.leading * measured as f64 + Pt(8.0) * job.lines.len() as f64;
    let top = area.bottom() - block_h;
    items.push(Item::Fill(Fill {
        rect: Rect::new(
            bleed_rect.x,
            top - Pt(18.0),
            bleed_rect.w,
            bleed_rect.bottom() - top + Pt(18.0),
        ),
        color: styles.color(accent),
    }));
    y = top;
    for (i, line) in job.lines.iter().enumerate() {
        y = super::stack(
            crate::text::memo::Setter {
                typesetter,
                memo: None,
            },
            line_style,
            line,
            Rect::new(area.x, y, width, Pt::ZERO),
            Source::new("cover", format!("lines[{i}]")),
            &mut items,
        );
        y += Pt(8.0);
    }
    items
}
