//! Render: a page's positioned items → PDF content-stream bytes, one rayon task per page.
//!
//! Everything a page needs from the rest of the file (which subset glyph id a glyph got,
//! the resource names of fonts, images and ads) is decided before rendering starts and
//! handed in as a read-only [`RenderContext`], so pages can be drawn in any order on any
//! thread and still give the same bytes.

mod ad;
mod marks;
mod text_run;

use text_run::PageStream;

pub use ad::{ad_form_matrix, ad_rotation, upright_trim};
pub use marks::{page_info_text, PAGE_INFO_SIZE};

use crate::compress::deflate;
use crate::diag::Diagnostic;
use crate::document::{Document, GlyphRun, Item, Page, PlacedAd, PlacedImage};
use crate::geom::{Pt, Rect, Size};
use crate::load::assets::AdKind;
use crate::text::fonts::FontId;
use pdf_writer::{Content, Name};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Page geometry in PDF terms: trim, bleed and slug, and the conversion from the layout's
/// coordinates (trim top-left origin, y down) to PDF's (media-box bottom-left, y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    /// Trimmed page size.
    pub trim: Size,
    /// Bleed on every side of the trim.
    pub bleed: f64,
    /// Slug on every side beyond the bleed.
    pub slug: f64,
}

impl PageGeometry {
    /// The geometry of `doc`'s pages.
    pub fn of(doc: &Document) -> PageGeometry {
        PageGeometry {
            trim: doc.trim,
            bleed: doc.bleed.0.max(0.0),
            slug: doc.slug.0.max(0.0),
        }
    }

    /// Distance from the media box's edge to the trim's edge.
    pub fn offset(&self) -> f64 {
        self.bleed + self.slug
    }

    /// Media box width and height.
    pub fn media_size(&self) -> (f64, f64) {
        let o = 2.0 * self.offset();
        (self.trim.w.0 + o, self.trim.h.0 + o)
    }

    /// PDF x of a layout x.
    pub fn x(&self, x: Pt) -> f64 {
        self.offset() + x.0
    }

    /// PDF y of a layout y.
    pub fn y(&self, y: Pt) -> f64 {
        self.media_size().1 - (self.offset() + y.0)
    }

    /// A layout rectangle as PDF `[llx, lly, urx, ury]`.
    pub fn corners(&self, r: &Rect) -> [f64; 4] {
        [
            self.x(r.x),
            self.y(r.bottom()),
            self.x(r.right()),
            self.y(r.y),
        ]
    }

    /// The MediaBox.
    pub fn media_box(&self) -> pdf_writer::Rect {
        let (w, h) = self.media_size();
        pdf_writer::Rect::new(0.0, 0.0, num(w), num(h))
    }

    /// The TrimBox.
    pub fn trim_box(&self) -> pdf_writer::Rect {
        self.boxed(0.0)
    }

    /// The BleedBox.
    pub fn bleed_box(&self) -> pdf_writer::Rect {
        self.boxed(self.bleed)
    }

    fn boxed(&self, grow: f64) -> pdf_writer::Rect {
        let r = Rect::new(Pt::ZERO, Pt::ZERO, self.trim.w, self.trim.h).inflate(Pt(grow));
        let [a, b, c, d] = self.corners(&r);
        pdf_writer::Rect::new(num(a), num(b), num(c), num(d))
    }
}

/// A number for the content stream: rounded to 1/1000 so output never has exponents or
/// float noise, and non-finite values (which PDF cannot express) become 0.
pub fn num(v: f64) -> f32 {
    let r = (v * 1000.0).round() / 1000.0;
    if r.is_finite() && r.abs() < 1e9 {
        r as f32
    } else {
        0.0
    }
}

/// A glyph of the original font as it appears in the embedded subset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphInfo {
    /// The glyph's id in the subset (what the content stream shows).
    pub new_id: u16,
    /// The glyph's horizontal advance, in font design units.
    pub advance: f64,
}

/// One embedded font as rendering sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunFont {
    // Indexed by original glyph id: every glyph shown is looked up once per page it is on.
    glyphs: Vec<Option<GlyphInfo>>,
    /// Design units per em.
    pub units_per_em: f64,
}

impl RunFont {
    /// Records that original glyph `id` is shown as `info`.
    pub fn insert(&mut self, id: u16, info: GlyphInfo) {
        let at = usize::from(id);
        if self.glyphs.len() <= at {
            self.glyphs.resize(at + 1, None);
        }
        self.glyphs[at] = Some(info);
    }

    /// How original glyph `id` is shown, if it was prepared.
    pub fn get(&self, id: u16) -> Option<&GlyphInfo> {
        self.glyphs.get(usize::from(id))?.as_ref()
    }
}

/// Everything rendering needs besides the page itself; shared read-only by all threads.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// Page geometry.
    pub geometry: PageGeometry,
    /// The fonts, with their glyph remapping decided.
    pub fonts: &'a BTreeMap<FontId, RunFont>,
    /// The document (for image and ad lookups).
    pub doc: &'a Document,
    /// Draw crop marks and page information in the slug.
    pub marks: bool,
}

/// One rendered page: its compressed content stream and the resources it uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContent {
    /// The content stream, zlib/deflate-compressed (`/Filter /FlateDecode`).
    pub stream: Vec<u8>,
    /// Fonts shown on the page.
    pub fonts: BTreeSet<FontId>,
    /// Images drawn (indices into [`Document::images`]).
    pub images: BTreeSet<usize>,
    /// Ads drawn (indices into [`Document::ads`]).
    pub ads: BTreeSet<usize>,
    /// Whether the registration colour space ([`REGISTRATION`]) is used.
    pub registration: bool,
}

/// Resource name of the registration (Separation /All) colour space.
pub const REGISTRATION: &str = "Reg";

/// Resource name of a font.
pub fn font_resource(id: FontId) -> String {
    format!("F{}", id.0)
}

/// Resource name of a photo.
pub fn image_resource(index: usize) -> String {
    format!("Im{index}")
}

/// Resource name of an ad's artwork.
pub fn ad_resource(index: usize) -> String {
    format!("Ad{index}")
}

/// Renders every page of `doc` in parallel, results in page order. `extra[i]` are runs
/// drawn as artifacts after page `i`'s items (the page information in the slug).
pub fn render_pages(
    ctx: &RenderContext<'_>,
    extra: &[Vec<GlyphRun>],
) -> Result<Vec<PageContent>, Diagnostic> {
    let results: Vec<Result<PageContent, Diagnostic>> = ctx
        .doc
        .pages
        .par_iter()
        // A page a job: rayon's own splitting leaves four runs of pages for two threads,
        // and one thread went on alone through a fifth of this stage at 16x.
        .with_max_len(1)
        .enumerate()
        .map(|(i, page)| render_page(ctx, page, extra.get(i).map(Vec::as_slice).unwrap_or(&[])))
        .collect();
    // The first error in page order, so the message does not depend on thread timing.
    results.into_iter().collect()
}

/// Renders one page.
pub fn render_page(
    ctx: &RenderContext<'_>,
    page: &Page,
    extra: &[GlyphRun],
) -> Result<PageContent, Diagnostic> {
    let mut out = PageContent::default();
    let mut stream = PageStream::default();
    for item in &page.items {
        match item {
            Item::Text(run) => text(ctx, &mut stream, &mut out, run, page)?,
            Item::Image(img) => image(ctx, stream.content(), &mut out, img, page)?,
            Item::Ad(ad) => placed_ad(ctx, stream.content(), &mut out, ad, page)?,
            Item::Rule(rule) => {
                let c = stream.content();
                let g = &ctx.geometry;
                let [cc, m, y, k] = rule.color.fractions();
                c.save_state();
                c.set_stroke_cmyk(cc, m, y, k);
                c.set_line_width(num(rule.width.0));
                c.move_to(num(g.x(rule.from.x)), num(g.y(rule.from.y)));
                c.line_to(num(g.x(rule.to.x)), num(g.y(rule.to.y)));
                c.stroke();
                c.restore_state();
            }
            Item::Fill(fill) => {
                let c = stream.content();
                let [cc, m, y, k] = fill.color.fractions();
                c.save_state();
                c.set_fill_cmyk(cc, m, y, k);
                rect_path(c, &ctx.geometry, &fill.rect);
                c.fill_nonzero();
                c.restore_state();
            }
        }
    }
    if ctx.marks {
        marks::crop_marks(stream.content(), &ctx.geometry);
        out.registration = true;
        stream.content().begin_marked_content(Name(b"Artifact"));
        for run in extra {
            text(ctx, &mut stream, &mut out, run, page)?;
        }
        stream.content().end_marked_content();
    }
    out.stream = deflate(&stream.finish());
    Ok(out)
}

fn rect_path(c: &mut Content, g: &PageGeometry, r: &Rect) {
    let [x0, y0, x1, y1] = g.corners(r);
    c.rect(num(x0), num(y0), num(x1 - x0), num(y1 - y0));
}

fn clip_to(c: &mut Content, g: &PageGeometry, r: &Rect) {
    rect_path(c, g, r);
    c.clip_nonzero();
    c.end_path();
}

fn where_(page: &Page, what: &str) -> String {
    format!("page {}: {what}", page.number)
}

/// One run: `BT /Fn size Tf [h Tz] c m y k k 1 0 0 1 x y Tm [..] TJ [100 Tz] ET`. Glyphs are shown as
/// 2-byte subset ids; where a glyph's position differs from the previous glyph's end (kerning,
/// justification, tracking) a TJ adjustment moves it there.
fn text(
    ctx: &RenderContext<'_>,
    stream: &mut PageStream,
    out: &mut PageContent,
    run: &GlyphRun,
    page: &Page,
) -> Result<(), Diagnostic> {
    use text_run::{name, number, op, string};
    if run.glyphs.is_empty() {
        return Ok(());
    }
    let font = ctx.fonts.get(&run.font).ok_or_else(|| {
        Diagnostic::output(where_(
            page,
            &format!("font {} was not prepared", run.font.0),
        ))
    })?;
    let size = run.size.0;
    if !(size.is_finite() && size > 0.0) || font.units_per_em <= 0.0 {
        return Ok(());
    }
    let scale = size / font.units_per_em;
    out.fonts.insert(run.font);
    let g = &ctx.geometry;
    let [cc, m, y, k] = run.color.fractions();
    // Glyph expansion: `Tz` scales glyphs and TJ adjustments alike (not the text matrix).
    let h = if run.scale.is_finite() && run.scale > 0.0 {
        run.scale
    } else {
        1.0
    };
    let scaled = num(h * 100.0) != 100.0;
    let x0 = run.glyphs[0].x.0;
    let buf = stream.raw();
    buf.reserve(96 + run.glyphs.len() * 8);
    op(buf);
    buf.extend_from_slice(b"BT");
    op(buf);
    name(buf, font_resource(run.font).as_bytes());
    buf.push(b' ');
    number(buf, num(size));
    buf.extend_from_slice(b" Tf");
    if scaled {
        op(buf);
        number(buf, num(h * 100.0));
        buf.extend_from_slice(b" Tz");
    }
    op(buf);
    for v in [cc, m, y, k] {
        number(buf, v);
        buf.push(b' ');
    }
    buf.push(b'k');
    op(buf);
    let matrix = [
        1.0,
        0.0,
        0.0,
        1.0,
        num(g.x(run.origin.x) + x0),
        num(g.y(run.origin.y)),
    ];
    for v in matrix {
        number(buf, v);
        buf.push(b' ');
    }
    buf.extend_from_slice(b"Tm");
    op(buf);
    buf.push(b'[');
    let mut first = true;
    let mut item = |buf: &mut Vec<u8>| {
        if !std::mem::take(&mut first) {
            buf.push(b' ');
        }
    };
    let mut pending: Vec<u8> = Vec::with_capacity(run.glyphs.len() * 2);
    // Where the pen is after the previous glyph, relative to the run's origin.
    let mut pen = x0;
    for glyph in &run.glyphs {
        let info = font.get(glyph.id).ok_or_else(|| {
            Diagnostic::output(where_(
                page,
                &format!("glyph {} of font {} was not prepared", glyph.id, run.font.0),
            ))
        })?;
        let delta = glyph.x.0 - pen;
        // TJ numbers are thousandths of an em, subtracted from the position.
        let adjust = num(-delta * 1000.0 / (size * h));
        if adjust != 0.0 {
            if !pending.is_empty() {
                item(buf);
                string(buf, &pending);
                pending.clear();
            }
            item(buf);
            number(buf, adjust);
        }
        pending.extend_from_slice(&info.new_id.to_be_bytes());
        pen = glyph.x.0 + info.advance * scale * h;
    }
    if !pending.is_empty() {
        item(buf);
        string(buf, &pending);
    }
    buf.extend_from_slice(b"] TJ");
    // The scaling is graphics state: it would outlive the text object.
    if scaled {
        op(buf);
        buf.extend_from_slice(b"100 Tz");
    }
    op(buf);
    buf.extend_from_slice(b"ET");
    Ok(())
}

fn image(
    ctx: &RenderContext<'_>,
    c: &mut Content,
    out: &mut PageContent,
    img: &PlacedImage,
    page: &Page,
) -> Result<(), Diagnostic> {
    if img.image >= ctx.doc.images.len() {
        return Err(Diagnostic::output(where_(
            page,
            &format!("image {} does not exist", img.image),
        )));
    }
    out.images.insert(img.image);
    let g = &ctx.geometry;
    c.save_state();
    clip_to(c, g, &img.clip);
    let [x0, y0, x1, y1] = g.corners(&img.rect);
    c.transform([num(x1 - x0), 0.0, 0.0, num(y1 - y0), num(x0), num(y0)]);
    c.x_object(Name(image_resource(img.image).as_bytes()));
    c.restore_state();
    Ok(())
}

fn placed_ad(
    ctx: &RenderContext<'_>,
    c: &mut Content,
    out: &mut PageContent,
    ad: &PlacedAd,
    page: &Page,
) -> Result<(), Diagnostic> {
    let artwork =
        ctx.doc.ads.get(ad.ad).ok_or_else(|| {
            Diagnostic::output(where_(page, &format!("ad {} does not exist", ad.ad)))
        })?;
    out.ads.insert(ad.ad);
    let g = &ctx.geometry;
    let [x0, y0, x1, y1] = g.corners(&ad.trim);
    let (w, h) = (x1 - x0, y1 - y0);
    let matrix = match &artwork.kind {
        // An image XObject fills the unit square: scale it to the slot.
        AdKind::Image(_) => [w, 0.0, 0.0, h, x0, y0],
        // The form is in the ad's own coordinates: map its trim box (turned upright by
        // the form's Matrix when the page has a /Rotate) onto the slot.
        AdKind::Pdf(p) => {
            let t = upright_trim(p);
            let (tw, th) = (t.w.0, t.h.0);
            if !(tw > 0.0 && th > 0.0) {
                return Err(Diagnostic::input("the ad's trim box is empty")
                    .in_file(&artwork.path)
                    .with_hint("the ad PDF needs a TrimBox or MediaBox with a positive size"));
            }
            let (sx, sy) = (w / tw, h / th);
            [sx, 0.0, 0.0, sy, x0 - sx * t.x.0, y0 - sy * t.y.0]
        }
    };
    c.save_state();
    clip_to(c, g, &ad.clip);
    c.transform(matrix.map(num));
    c.x_object(Name(ad_resource(ad.ad).as_bytes()));
    c.restore_state();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a4() -> PageGeometry {
        PageGeometry {
            trim: Size::new(Pt(595.28), Pt(841.89)),
            bleed: 8.5,
            slug: 20.0,
        }
    }

    #[test]
    fn converts_to_pdf_coordinates() {
        let g = a4();
        assert!((g.x(Pt(0.0)) - 28.5).abs() < 1e-9);
        assert!((g.y(Pt(0.0)) - (841.89 + 28.5)).abs() < 1e-9);
        let r = Rect::new(Pt(10.0), Pt(20.0), Pt(30.0), Pt(40.0));
        let [llx, lly, urx, ury] = g.corners(&r);
        assert!((urx - llx - 30.0).abs() < 1e-9 && (ury - lly - 40.0).abs() < 1e-9);
        assert!((ury - g.y(Pt(20.0))).abs() < 1e-9);
    }

    #[test]
    fn glyphs_off_their_natural_position_get_a_tj_adjustment() {
        use crate::document::{DocumentMeta, PageRole, Side, Source};
        use crate::geom::Point;
        use crate::model::CmykColor;
        use crate::text::paragraph::PositionedGlyph;
        let doc = Document {
            meta: DocumentMeta::default(),
            trim: a4().trim,
            bleed: Pt(8.5),
            slug: Pt(20.0),
            pages: vec![],
            images: vec![],
            ads: vec![],
        };
        let mut font = RunFont {
            units_per_em: 1000.0,
            ..Default::default()
        };
        for (old, new) in [(40u16, 1u16), (41, 2), (42, 3)] {
            let info = GlyphInfo {
                new_id: new,
                advance: 500.0,
            };
            font.insert(old, info);
        }
        let fonts = BTreeMap::from([(FontId(0), font)]);
        let ctx = RenderContext {
            geometry: PageGeometry::of(&doc),
            fonts: &fonts,
            doc: &doc,
            marks: false,
        };
        // At 10 pt each glyph is 5 pt wide: the second sits naturally, the third 2 pt late.
        let glyph = |id, x| PositionedGlyph {
            id,
            x: Pt(x),
            cluster: 0,
        };
        let run = GlyphRun {
            font: FontId(0),
            size: Pt(10.0),
            color: CmykColor::BLACK,
            origin: Point::new(Pt(10.0), Pt(20.0)),
            text: "abc".into(),
            glyphs: vec![glyph(40, 0.0), glyph(41, 5.0), glyph(42, 12.0)],
            scale: 1.0,
            source: Source::new("t", "t"),
        };
        let page = Page {
            number: 1,
            side: Side::Right,
            role: PageRole::Blank,
            items: vec![Item::Text(run)],
        };
        let out = render_page(&ctx, &page, &[]).unwrap();
        let raw = miniz_oxide::inflate::decompress_to_vec_zlib(&out.stream).unwrap();
        let s = String::from_utf8_lossy(&raw);
        assert!(s.contains("/F0 10 Tf"), "{s}");
        assert!(s.contains("0 0 0 1 k"), "{s}");
        assert!(s.contains("1 0 0 1 38.5 "), "{s}");
        assert!(
            s.contains(r"[(\000\001\000\002) -200 (\000\003)] TJ"),
            "{s}"
        );
        assert_eq!(out.fonts.len(), 1);
    }

    #[test]
    fn numbers_are_rounded_and_finite() {
        assert_eq!(num(1.23456), 1.235);
        assert_eq!(num(f64::NAN), 0.0);
        assert_eq!(num(1e-7), 0.0);
    }
}
