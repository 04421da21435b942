//! Proof decorations: a watermark with the build time, overset markers and optional overlays
//! (grid, frames, slots, baselines), added as ordinary items to a copy of the document's
//! pages before it is written. Only proofs get them; the print file never does.

use crate::document::{Document, GlyphRun, Item, Page, PageRole, Rule, Source};
use crate::geom::{Point, Pt, Rect};
use crate::load::LoadedEdition;
use crate::model::{Align, CmykColor, Language};
use crate::pages::geometry::PageGeometry;
use crate::pages::Paginated;
use crate::text::fonts::FontId;
use crate::text::paragraph::{TextStyle, Typesetter};
use std::sync::Arc;

/// Which overlays to draw on proofs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Overlays {
    /// The body columns of the type area.
    pub grid: bool,
    /// The frames of photos and tinted boxes.
    pub frames: bool,
    /// Ad slots, labelled with the booking id.
    pub slots: bool,
    /// The baseline grid.
    pub baselines: bool,
}

impl Overlays {
    /// Parses a comma-separated list: `grid,frames,slots,baselines` (or `all`).
    pub fn parse(list: &str) -> Result<Overlays, String> {
        let mut o = Overlays::default();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "grid" => o.grid = true,
                "frames" => o.frames = true,
                "slots" => o.slots = true,
                "baselines" => o.baselines = true,
                "all" => {
                    o = Overlays {
                        grid: true,
                        frames: true,
                        slots: true,
                        baselines: true,
                    }
                }
                other => {
                    return Err(format!(
                        "unknown overlay `{other}`: use grid, frames, slots, baselines or all"
                    ))
                }
            }
        }
        Ok(o)
    }
}

/// What to add to proofs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// Draw the "PROOF" watermark and the build time.
    pub watermark: bool,
    /// The time printed in the watermark; the current UTC time when `None`.
    pub stamp: Option<String>,
    /// Overlays to draw.
    pub overlays: Overlays,
    /// Mark where overset text stops.
    pub overset_markers: bool,
}

impl Default for ProofOptions {
    fn default() -> ProofOptions {
        ProofOptions {
            watermark: true,
            stamp: None,
            overlays: Overlays::default(),
            overset_markers: true,
        }
    }
}

// Colours of proof marks, in CMYK percentages: they must print on a CMYK proofer too.
const RED: CmykColor = CmykColor([0.0, 100.0, 100.0, 0.0]);
const CYAN: CmykColor = CmykColor([60.0, 0.0, 0.0, 0.0]);
const MAGENTA: CmykColor = CmykColor([0.0, 70.0, 0.0, 0.0]);
const GREEN: CmykColor = CmykColor([80.0, 0.0, 100.0, 0.0]);
const ORANGE: CmykColor = CmykColor([0.0, 50.0, 100.0, 0.0]);
const WATERMARK: CmykColor = CmykColor([0.0, 0.0, 0.0, 12.0]);

/// The current time as `YYYY-MM-DD HH:MM UTC`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    format_utc(secs)
}

/// Seconds since the epoch as `YYYY-MM-DD HH:MM UTC`.
pub fn format_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (proleptic Gregorian, eras of 400 years).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// A copy of the document with the proof decorations added.
pub fn decorate(
    edition: &LoadedEdition,
    paginated: &Paginated,
    options: &ProofOptions,
) -> Document {
    let mut doc = paginated.document.clone();
    let geometry = PageGeometry::new(&edition.layout);
    let typesetter = Typesetter::new(Arc::clone(&edition.fonts));
    let fonts = typesetter.fonts();
    let font = ["SourceSans3-Bold", "SourceSans3-Regular"]
        .iter()
        .find_map(|n| fonts.id(n))
        .unwrap_or(FontId(0));
    let label = Labeller {
        typesetter: &typesetter,
        font,
    };
    let stamp = options.stamp.clone().unwrap_or_else(now_utc);
    for page in &mut doc.pages {
        let mut over = Vec::new();
        overlays(page, &geometry, &options.overlays, &label, &mut over);
        if options.watermark {
            let area = geometry.type_area(page.side);
            // The big word goes under everything, so it never hides what it marks.
            let big = label.run(
                "PROOF",
                Pt(96.0),
                WATERMARK,
                Point::new(area.x, geometry.trim.h * 0.55),
            );
            page.items.splice(0..0, big);
            over.extend(label.run(
                &format!("PROOF · {stamp} · page {}", page.number),
                Pt(7.0),
                RED,
                Point::new(area.x, Pt(14.0)),
            ));
        }
        page.items.extend(over);
    }
    if options.overset_markers {
        overset_markers(edition, paginated, &geometry, &label, &mut doc.pages);
    }
    doc
}

/// Sets one-line labels in the proof font.
struct Labeller<'a> {
    typesetter: &'a Typesetter,
    font: FontId,
}

impl Labeller<'_> {
    fn run(&self, text: &str, size: Pt, color: CmykColor, origin: Point) -> Option<Item> {
        let style = TextStyle {
            font: self.font,
            size,
            tracking: 0.0,
            align: Align::Left,
            hyphenate: false,
            language: Language::En,
            uppercase: false,
            first_indent: Pt::ZERO,
            expansion: 0.02,
            letter_spacing_max: 0.03,
        };
        let set = self
            .typesetter
            .set_paragraph(text, &style, &mut |_| Pt(10_000.0));
        let line = set.lines.into_iter().next()?;
        Some(Item::Text(GlyphRun {
            font: self.font,
            size,
            color,
            origin,
            text: line.text,
            glyphs: line.glyphs,
            scale: line.scale,
            source: Source::new("proof", "label"),
        }))
    }
}

fn rule(from: Point, to: Point, width: f64, color: CmykColor) -> Item {
    Item::Rule(Rule {
        from,
        to,
        width: Pt(width),
        color,
    })
}

/// The four sides of `r` as rules.
fn outline(r: Rect, width: f64, color: CmykColor) -> Vec<Item> {
    let (l, t, rt, b) = (r.x, r.y, r.right(), r.bottom());
    vec![
        rule(Point::new(l, t), Point::new(rt, t), width, color),
        rule(Point::new(rt, t), Point::new(rt, b), width, color),
        rule(Point::new(rt, b), Point::new(l, b), width, color),
        rule(Point::new(l, b), Point::new(l, t), width, color),
    ]
}

fn overlays(
    page: &Page,
    geometry: &PageGeometry,
    which: &Overlays,
    label: &Labeller,
    out: &mut Vec<Item>,
) {
    let area = geometry.type_area(page.side);
    let text_page = matches!(page.role, PageRole::Article(_) | PageRole::Blank);
    if which.baselines && text_page {
        let mut k = 0;
        while geometry.baseline(k) <= area.bottom() {
            let y = geometry.baseline(k);
            out.push(rule(
                Point::new(area.x, y),
                Point::new(area.right(), y),
                0.25,
                CYAN,
            ));
            k += 1;
        }
    }
    if which.grid && text_page {
        for c in 0..geometry.columns {
            let x = geometry.column_x(page.side, c);
            let col = Rect::new(x, area.y, geometry.column_width(), area.h);
            out.extend(outline(col, 0.5, MAGENTA));
        }
    }
    for item in &page.items {
        match item {
            Item::Image(img) if which.frames => out.extend(outline(img.clip, 0.75, GREEN)),
            Item::Fill(fill) if which.frames => out.extend(outline(fill.rect, 0.75, GREEN)),
            Item::Ad(ad) if which.slots => {
                out.extend(outline(ad.trim, 1.0, ORANGE));
                out.extend(label.run(
                    &format!("AD {}", ad.source.owner),
                    Pt(8.0),
                    ORANGE,
                    Point::new(ad.trim.x + Pt(3.0), ad.trim.y + Pt(10.0)),
                ));
            }
            _ => {}
        }
    }
}

fn overset_markers(
    edition: &LoadedEdition,
    paginated: &Paginated,
    geometry: &PageGeometry,
    label: &Labeller,
    pages: &mut [Page],
) {
    let mut articles: Vec<&str> = paginated
        .overset
        .iter()
        .map(|o| o.article.as_str())
        .collect();
    articles.dedup();
    for id in articles {
        let words: usize = paginated
            .overset
            .iter()
            .filter(|o| o.article == id)
            .map(|o| o.words)
            .sum();
        let article_pages: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(&p.role, PageRole::Article(a) if a == id))
            .map(|(i, _)| i)
            .collect();
        let last = paginated.lines.get(id).and_then(|l| l.last());
        let (page_index, rect) = match last {
            Some(l) => {
                let Some(&pi) = article_pages.get(l.page) else {
                    continue;
                };
                let side = pages[pi].side;
                let grid = geometry.grid;
                let rect = Rect::new(
                    geometry.column_x(side, l.column) - Pt(2.0),
                    l.baseline - grid * 0.8,
                    geometry.column_width() + Pt(4.0),
                    grid + Pt(1.0),
                );
                (pi, rect)
            }
            None => {
                let Some(&pi) = article_pages.last() else {
                    continue;
                };
                let area = geometry.type_area(pages[pi].side);
                (pi, Rect::new(area.x, area.y, area.w, geometry.grid))
            }
        };
        let _ = edition;
        let page = &mut pages[page_index];
        page.items.extend(outline(rect, 1.5, RED));
        page.items.extend(label.run(
            &format!("OVERSET: {words} word(s) of {id} not placed"),
            Pt(7.0),
            RED,
            Point::new(rect.x, rect.bottom() + Pt(8.0)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_format() {
        assert_eq!(format_utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_utc(1_725_148_800 + 3_723), "2024-09-01 01:02 UTC");
    }

    #[test]
    fn overlay_names() {
        let o = Overlays::parse("grid,baselines").unwrap();
        assert!(o.grid && o.baselines && !o.frames);
        assert!(Overlays::parse("grid,wat").is_err());
        assert!(Overlays::parse("all").unwrap().slots);
    }
}
