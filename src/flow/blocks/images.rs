//! Photos in the body: in a column, floated across columns, with the caption below or
//! beside, and full-page photos bleeding off the trim on a page of their own.

use super::translate;
use crate::document::{Fill, Item, PlacedImage, Source};
use crate::flow::frame::FloatRequest;
use crate::flow::{Flow, FlowContext, PreparedFloat};
use crate::geom::{Point, Pt, Rect};
use crate::model::{CaptionPosition, CmykColor, Fit};

/// A photo block as the article gives it.
pub struct ImageSpec<'a> {
    /// The image path as written.
    pub file: &'a str,
    /// Caption under the photo.
    pub caption: Option<&'a str>,
    /// Photographer credit.
    pub credit: Option<&'a str>,
    /// Columns to span.
    pub span: u8,
    /// Point to keep in view when cropping.
    pub focus: Option<[f64; 2]>,
    /// How the photo fills its frame.
    pub fit: Fit,
    /// Where the caption goes.
    pub caption_position: CaptionPosition,
    /// Whether the photo takes a page of its own, bled off the trim.
    pub full_page: bool,
    /// The block it comes from.
    pub part: String,
}

/// Space between a photo and its caption.
const CAPTION_GAP: Pt = Pt(4.0);

/// Where a photo of `aspect` (height / width) is drawn so that it covers `frame` entirely,
/// cropped around `focus` (fractions of its width and height from the top-left).
pub fn cover_rect(frame: Rect, aspect: f64, focus: [f64; 2]) -> Rect {
    let aspect = aspect.max(1e-6);
    let [fx, fy] = focus.map(|f| f.clamp(0.0, 1.0));
    if frame.h.0 > frame.w.0 * aspect {
        // The frame is taller than the photo: full height, cropped at the sides.
        let w = frame.h / aspect;
        Rect::new(frame.x - (w - frame.w) * fx, frame.y, w, frame.h)
    } else {
        let h = frame.w * aspect;
        Rect::new(frame.x, frame.y - (h - frame.h) * fy, frame.w, h)
    }
}

/// Where a photo of `aspect` (height / width) is drawn whole inside `frame`: as wide as the
/// frame when its height allows, else as tall as the frame and centred across it.
pub fn contain_rect(frame: Rect, aspect: f64) -> Rect {
    let aspect = aspect.max(1e-6);
    let natural = frame.w * aspect;
    if natural <= frame.h {
        Rect::new(frame.x, frame.y, frame.w, natural)
    } else {
        let w = frame.h / aspect;
        Rect::new(frame.x + (frame.w - w) / 2.0, frame.y, w, frame.h)
    }
}

/// A photo placed in a frame `width` wide and at most `max_h` tall, from (0, 0): the drawn
/// rectangle and the visible frame. `fill` crops a photo taller than `max_h` to it; `contain`
/// shrinks it instead.
pub(crate) fn frame_photo(
    width: Pt,
    max_h: Pt,
    aspect: f64,
    fit: Fit,
    focus: Option<[f64; 2]>,
) -> (Rect, Rect) {
    let room = Rect::new(Pt::ZERO, Pt::ZERO, width, max_h);
    match fit {
        Fit::Contain => {
            let r = contain_rect(room, aspect);
            (r, r)
        }
        Fit::Fill => {
            let clip = Rect::new(Pt::ZERO, Pt::ZERO, width, (width * aspect).min(max_h));
            (cover_rect(clip, aspect, focus.unwrap_or([0.5, 0.5])), clip)
        }
    }
}

impl Flow {
    /// A photo with its caption and credit: on a page of its own, in the column, or —
    /// spanning two or more columns, or with the caption beside it — floated across the
    /// cursor's column and the next, with the text flowing above and below, when there is
    /// room on the page.
    pub fn image(&mut self, ctx: &FlowContext, spec: &ImageSpec) {
        let Some(&index) = ctx.image_index.get(spec.file) else {
            // Load checks every image; a missing one still must not lose its words.
            if let Some(c) = spec.caption {
                self.caption(ctx, c, format!("{}.caption", spec.part));
            }
            if let Some(c) = spec.credit {
                self.caption(ctx, c, format!("{}.credit", spec.part));
            }
            return;
        };
        if spec.full_page {
            self.full_page_image(ctx, spec, index);
            return;
        }
        let geometry = self.frames.geometry().clone();
        let beside = spec.caption_position == CaptionPosition::Beside
            && geometry.columns >= 2
            && (spec.caption.is_some() || spec.credit.is_some());
        let span = if beside {
            (spec.span as usize).clamp(1, geometry.columns - 1)
        } else {
            (spec.span as usize).clamp(1, geometry.columns)
        };
        let page_has_float = self
            .frames
            .placed_floats()
            .iter()
            .any(|f| f.page == self.cursor.page);
        // Columns right of the cursor's are still empty on this page, so a float may cover
        // the cursor's column and the ones after it. A spanning photo keeps to pages without
        // another float; a photo with its caption beside is compact enough to share one
        // (`place_float` keeps them apart).
        let float_columns = span + usize::from(beside);
        if float_columns > 1
            && self.cursor.column + float_columns <= geometry.columns
            && (beside || !page_has_float)
        {
            let (items, height) = if beside {
                self.image_beside_items(ctx, spec, index, span)
            } else {
                self.image_items(ctx, spec, index, geometry.span_width(span))
            };
            if self.try_float(items, geometry.span_width(float_columns), height) {
                return;
            }
        }
        // In the column, the caption under the photo.
        let width = geometry.column_width();
        let (items, height) = self.image_items(ctx, spec, index, width);
        let body_lb = Flow::line_box(&Flow::style(ctx, "body"));
        self.space(geometry.grid, body_lb);
        let Some((page, area)) = self.reserve(height) else {
            self.report_overset(spec.part.clone(), &caption_words(spec));
            return;
        };
        for item in items {
            self.push(page, translate(item, area.x, area.y));
        }
    }

    /// Floats `items` (`width` × `height`, from the cursor's column on) on the cursor's page
    /// at or below the cursor; returns whether there was room.
    fn try_float(&mut self, items: Vec<Item>, width: Pt, height: Pt) -> bool {
        let key = self.floats.len();
        let left = self.frames.column(self.cursor).map(|c| c.x);
        let request = FloatRequest {
            key,
            width,
            height,
            left,
        };
        let Some(top) = self.frames.cell_top(self.cursor) else {
            return false;
        };
        if !self.frames.place_float(self.cursor.page, top, request) {
            return false;
        }
        self.floats.push(PreparedFloat {
            items,
            insert_at: self.items_on(self.cursor.page),
        });
        true
    }

    /// The photo item of `spec` and its frame height, `width` wide.
    fn photo_item(
        &self,
        ctx: &FlowContext,
        spec: &ImageSpec,
        index: usize,
        width: Pt,
    ) -> (Item, Pt) {
        let asset = &ctx.images[index];
        let aspect = asset.height_px.max(1) as f64 / asset.width_px.max(1) as f64;
        let max_h = self.frames.geometry().grid * 18.0;
        let (rect, clip) = frame_photo(width, max_h, aspect, spec.fit, spec.focus);
        let item = Item::Image(PlacedImage {
            image: index,
            rect,
            clip,
            source: Source::new(&self.owner, &spec.part),
        });
        (item, clip.bottom())
    }

    /// Caption and credit lines at `width` from (0, 0), and the bottom of the last.
    fn caption_items(&self, ctx: &FlowContext, spec: &ImageSpec, width: Pt) -> (Vec<Item>, Pt) {
        let cap_style = Flow::style(ctx, "caption");
        let credit_style = Flow::style(ctx, "credit");
        let mut items = Vec::new();
        let (c_lines, c_bottom) = match spec.caption {
            Some(c) => Flow::stack(ctx, c, &cap_style, width, Pt::ZERO),
            None => (Vec::new(), Pt::ZERO),
        };
        let credit_top = if spec.caption.is_some() {
            c_bottom + Pt(1.5)
        } else {
            Pt::ZERO
        };
        let (r_lines, r_bottom) = match spec.credit {
            Some(c) => Flow::stack(ctx, c, &credit_style, width, credit_top),
            None => (Vec::new(), c_bottom),
        };
        for (lines, style, suffix) in [
            (c_lines, &cap_style, "caption"),
            (r_lines, &credit_style, "credit"),
        ] {
            for (line, y) in lines {
                let source = Source::new(&self.owner, format!("{}.{suffix}", spec.part));
                items.push(Item::Text(crate::flow::glyph_run(
                    line,
                    style,
                    Point::new(Pt::ZERO, y),
                    source,
                )));
            }
        }
        (items, r_bottom)
    }

    /// The items of a photo block at `width` (the photo in its frame, caption and credit
    /// under it) relative to its top-left corner, and its height.
    fn image_items(
        &self,
        ctx: &FlowContext,
        spec: &ImageSpec,
        index: usize,
        width: Pt,
    ) -> (Vec<Item>, Pt) {
        let (photo, frame_h) = self.photo_item(ctx, spec, index, width);
        let mut items = vec![photo];
        if spec.caption.is_none() && spec.credit.is_none() {
            return (items, frame_h);
        }
        let (caption, bottom) = self.caption_items(ctx, spec, width);
        let top = frame_h + CAPTION_GAP;
        items.extend(caption.into_iter().map(|i| translate(i, Pt::ZERO, top)));
        (items, top + bottom)
    }

    /// The items of a photo `span` columns wide with its caption in the column beside it
    /// (on the page's outside), the caption's last line level with the photo's foot; relative
    /// to the top-left corner of the `span + 1` columns, and their height.
    fn image_beside_items(
        &self,
        ctx: &FlowContext,
        spec: &ImageSpec,
        index: usize,
        span: usize,
    ) -> (Vec<Item>, Pt) {
        let geometry = self.frames.geometry();
        let column = geometry.column_width();
        let photo_w = geometry.span_width(span);
        let (photo, frame_h) = self.photo_item(ctx, spec, index, photo_w);
        let (caption, cap_h) = self.caption_items(ctx, spec, column);
        let outside_right = self.frames.side(self.cursor.page) == crate::document::Side::Right;
        let (photo_x, caption_x) = if outside_right {
            (Pt::ZERO, photo_w + geometry.gutter)
        } else {
            (column + geometry.gutter, Pt::ZERO)
        };
        // A caption taller than the photo starts level with its top and runs on below.
        let caption_y = (frame_h - cap_h).max(Pt::ZERO);
        let mut items = vec![translate(photo, photo_x, Pt::ZERO)];
        items.extend(
            caption
                .into_iter()
                .map(|i| translate(i, caption_x, caption_y)),
        );
        (items, frame_h.max(cap_h))
    }

    /// A photo on a page of its own, filling trim and bleed, with its caption in a small
    /// white panel at the foot of the type area on the outside; the text skips the page.
    fn full_page_image(&mut self, ctx: &FlowContext, spec: &ImageSpec, index: usize) {
        let Some(page) = self.free_page() else {
            self.report_overset(spec.part.clone(), &caption_words(spec));
            return;
        };
        let geometry = self.frames.geometry().clone();
        let side = self.frames.side(page);
        let trim = geometry.trim_rect();
        let bled = trim.inflate(geometry.bleed);
        let asset = &ctx.images[index];
        let aspect = asset.height_px.max(1) as f64 / asset.width_px.max(1) as f64;
        let rect = match spec.fit {
            Fit::Fill => cover_rect(bled, aspect, spec.focus.unwrap_or([0.5, 0.5])),
            // Whole photo on the page, centred; the page around it stays paper white.
            Fit::Contain => contain_rect(bled, aspect),
        };
        let clip = match spec.fit {
            Fit::Fill => bled,
            Fit::Contain => rect,
        };
        // Nothing else goes on the page: the whole trim is kept out of the flow.
        self.frames.add_exclusion(page, trim);
        self.push(
            page,
            Item::Image(PlacedImage {
                image: index,
                rect,
                clip,
                source: Source::new(&self.owner, &spec.part),
            }),
        );
        if spec.caption.is_none() && spec.credit.is_none() {
            return;
        }
        let pad: Pt = ctx.elements.box_padding.into();
        let column = geometry.column_width();
        let (caption, cap_h) = self.caption_items(ctx, spec, column - pad * 2.0);
        let area = geometry.type_area(side);
        let x = match side {
            crate::document::Side::Right => geometry.column_x(side, geometry.columns - 1),
            crate::document::Side::Left => area.x,
        };
        let panel = Rect::new(
            x,
            area.bottom() - cap_h - pad * 2.0,
            column,
            cap_h + pad * 2.0,
        );
        self.push(
            page,
            Item::Fill(Fill {
                rect: panel,
                color: CmykColor::WHITE,
            }),
        );
        for item in caption {
            self.push(page, translate(item, panel.x + pad, panel.y + pad));
        }
    }

    /// The first article page from the cursor's on with nothing on it yet (the cursor's own
    /// page when the text has not reached it), made if needed; `None` beyond the budget.
    fn free_page(&mut self) -> Option<usize> {
        let mut page = self.cursor.page;
        loop {
            // Bounded: `page` grows, and the frames end at the page budget.
            let frame = self.frames.page(page)?.clone();
            let has_items = self.pages.get(page).is_some_and(|p| !p.is_empty());
            let has_text = self.used.keys().any(|(p, _)| *p == page);
            let has_float = self.frames.placed_floats().iter().any(|f| f.page == page);
            if !(page == 0 || has_items || has_text || has_float || !frame.exclusions.is_empty()) {
                return Some(page);
            }
            page += 1;
        }
    }
}

/// Caption and credit of a photo, for an overset report.
fn caption_words(spec: &ImageSpec) -> String {
    [spec.caption, spec.credit]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect::new(Pt(x), Pt(y), Pt(w), Pt(h))
    }

    #[test]
    fn cover_fills_the_frame_and_keeps_the_aspect() {
        let frame = r(-8.5, -8.5, 612.0, 858.0);
        for aspect in [0.625, 1.0, 1.4, 3.0] {
            for focus in [[0.0, 0.0], [0.5, 0.5], [1.0, 1.0]] {
                let d = cover_rect(frame, aspect, focus);
                assert!(d.contains(&frame), "{d:?} covers {frame:?}");
                assert!((d.h.0 / d.w.0 - aspect).abs() < 1e-9);
            }
        }
        // The focus point of the photo stays inside the frame.
        let d = cover_rect(frame, 0.625, [0.8, 0.5]);
        let fx = d.x + d.w * 0.8;
        assert!(fx >= frame.x && fx <= frame.right());
    }

    #[test]
    fn contain_shows_the_whole_photo_in_its_proportions() {
        let room = r(10.0, 20.0, 300.0, 200.0);
        for aspect in [0.3, 0.625, 1.0, 2.5] {
            let d = contain_rect(room, aspect);
            assert!(room.inflate(Pt(1e-9)).contains(&d));
            assert!((d.h.0 / d.w.0 - aspect).abs() < 1e-9);
            // It touches the room on two opposite sides: as large as it can be.
            assert!(d.w.approx_eq(room.w) || d.h.approx_eq(room.h));
        }
        // A wide photo: the frame follows its shape (shorter than the room).
        let (drawn, clip) = frame_photo(Pt(300.0), Pt(200.0), 0.5, Fit::Contain, None);
        assert_eq!(drawn, clip);
        assert!(clip.h.approx_eq(Pt(150.0)));
        // Fill crops a tall photo to the room instead.
        let (drawn, clip) = frame_photo(Pt(300.0), Pt(200.0), 1.0, Fit::Fill, None);
        assert!(clip.h.approx_eq(Pt(200.0)) && drawn.h.approx_eq(Pt(300.0)));
    }
}
