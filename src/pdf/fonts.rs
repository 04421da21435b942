//! Fonts: which glyphs each font shows (one pass over the pages, in page and item order),
//! the subset glyph ids decided from that, and the embedded Type0/CIDFontType2 fonts with
//! their widths and ToUnicode maps.

use super::ids::{fnv64, RefAlloc};
use crate::compress::{deflate, deflate_small};
use crate::diag::Diagnostic;
use crate::document::GlyphRun;
use crate::render::{num, GlyphInfo, RunFont};
use crate::text::fonts::{FontBook, FontId};
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Name, Ref, Str};
use rayon::prelude::*;
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// The glyphs one font shows in the document, in first-use order.
#[derive(Debug, Clone)]
pub struct FontUse {
    /// The font.
    pub id: FontId,
    /// Original glyph id → subset glyph id (`.notdef` is always 0).
    pub remapper: GlyphRemapper,
    /// Original glyph id → the text it stands for (from the runs' clusters).
    pub unicode: BTreeMap<u16, String>,
}

/// What one page (or any run of runs) adds to the glyph use, in the order it is first seen:
/// a font shown, a glyph shown, the text a glyph stands for.
#[derive(Debug, Clone, PartialEq)]
enum GlyphEvent<'a> {
    Font(FontId),
    Glyph(FontId, u16),
    // Borrowed from the run: only the document's first text of a glyph is copied.
    Text(FontId, u16, &'a str),
}

impl GlyphEvent<'_> {
    /// The font the event is about.
    fn font(&self) -> FontId {
        match self {
            GlyphEvent::Font(font) | GlyphEvent::Glyph(font, _) | GlyphEvent::Text(font, ..) => {
                *font
            }
        }
    }
}

/// Glyphs seen so far, per font: a bit per glyph id (and one per glyph whose text was seen).
#[derive(Default)]
struct SeenGlyphs {
    fonts: Vec<(FontId, Vec<u64>, Vec<u64>)>,
}

impl SeenGlyphs {
    /// The slot of `font`, and whether it is new.
    fn slot(&mut self, font: FontId) -> (usize, bool) {
        match self.fonts.iter().position(|(f, _, _)| *f == font) {
            Some(at) => (at, false),
            None => {
                self.fonts.push((font, Vec::new(), Vec::new()));
                (self.fonts.len() - 1, true)
            }
        }
    }

    /// Marks glyph `g` of the font in `slot` seen (`text`: seen with its text); false if it
    /// was already.
    fn first(&mut self, slot: usize, g: u16, text: bool) -> bool {
        let (_, glyphs, texts) = &mut self.fonts[slot];
        let bits = if text { texts } else { glyphs };
        let (word, bit) = (usize::from(g) / 64, 1u64 << (g % 64));
        // Grown to the largest glyph id seen: a page's text uses few of a font's glyphs,
        // and zeroing room for all 65 536 on every page cost more than the rest.
        if bits.len() <= word {
            bits.resize(word + 1, 0);
        }
        let fresh = bits[word] & bit == 0;
        bits[word] |= bit;
        fresh
    }

    /// Whether `event` is new here (and marks it seen).
    fn first_event(&mut self, event: &GlyphEvent<'_>) -> bool {
        let (slot, new_font) = self.slot(event.font());
        match event {
            GlyphEvent::Font(_) => new_font,
            GlyphEvent::Glyph(_, g) => self.first(slot, *g, false),
            GlyphEvent::Text(_, g, _) => self.first(slot, *g, true),
        }
    }
}

/// The glyph use of `runs` (one page's): each font, glyph and glyph text once, in the order
/// first seen.
fn glyph_events<'a>(runs: impl IntoIterator<Item = &'a GlyphRun>) -> Vec<GlyphEvent<'a>> {
    let mut events = Vec::new();
    let mut seen = SeenGlyphs::default();
    for run in runs {
        let (slot, new_font) = seen.slot(run.font);
        if new_font {
            events.push(GlyphEvent::Font(run.font));
        }
        // A cluster's text runs from its offset to the next larger cluster offset. Clusters
        // usually come in order already, so the sort is then skipped.
        let mut starts: Vec<usize> = run.glyphs.iter().map(|g| g.cluster as usize).collect();
        if !starts.is_sorted() {
            starts.sort_unstable();
        }
        starts.dedup();
        // Whether the cluster `starts[i]` has been seen in this run.
        let mut seen_cluster = vec![false; starts.len()];
        for g in &run.glyphs {
            if seen.first(slot, g.id, false) {
                events.push(GlyphEvent::Glyph(run.font, g.id));
            }
            let start = g.cluster as usize;
            // `start` is in `starts`: `at` is its index, `at + 1` that of the next cluster.
            let at = starts.partition_point(|&s| s < start);
            // Only the first glyph of a cluster carries its text (a base letter with a
            // combining mark glyph, say); the others map to nothing.
            if std::mem::replace(&mut seen_cluster[at], true) {
                continue;
            }
            let end = starts.get(at + 1).copied().unwrap_or(run.text.len());
            if let Some(text) = run.text.get(start..end).filter(|t| !t.is_empty()) {
                // The first text seen for a glyph is kept.
                if seen.first(slot, g.id, true) {
                    events.push(GlyphEvent::Text(run.font, g.id, text));
                }
            }
        }
    }
    events
}

/// Collects the glyphs of `pages` (each page's runs) per font. Deterministic: the subset ids
/// follow first use in page and run order. Each page's first uses are found in parallel;
/// then, in page order, only those new to the document reach the subsets.
pub fn collect(pages: &[Vec<&GlyphRun>]) -> BTreeMap<FontId, FontUse> {
    let per_page: Vec<Vec<GlyphEvent<'_>>> = pages
        .par_iter()
        .with_max_len(1)
        .map(|runs| glyph_events(runs.iter().copied()))
        .collect();
    let mut seen = SeenGlyphs::default();
    let mut uses: BTreeMap<FontId, FontUse> = BTreeMap::new();
    for event in per_page.into_iter().flatten() {
        if !seen.first_event(&event) {
            continue;
        }
        let font = event.font();
        let entry = uses.entry(font).or_insert_with(|| FontUse {
            id: font,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
        });
        match event {
            GlyphEvent::Font(_) => {}
            GlyphEvent::Glyph(_, g) => {
                entry.remapper.remap(g);
            }
            GlyphEvent::Text(_, g, text) => {
                entry.unicode.insert(g, text.to_string());
            }
        }
    }
    uses
}

/// What rendering needs to know of each used font: subset ids and advances.
pub fn run_fonts(
    book: &FontBook,
    uses: &BTreeMap<FontId, FontUse>,
) -> Result<BTreeMap<FontId, RunFont>, Diagnostic> {
    let mut out = BTreeMap::new();
    for (id, u) in uses {
        let font = font_of(book, *id)?;
        let face = ttf_parser::Face::parse(&font.data, 0).map_err(|e| {
            Diagnostic::output(format!("cannot read the font ({e})")).in_file(&font.path)
        })?;
        let upem = face.units_per_em();
        let mut run_font = RunFont::default();
        run_font.units_per_em = 1000.0;
        for (new_id, old) in u.remapper.remapped_gids().enumerate() {
            // Exactly the width the W array declares, so viewers and the TJ adjustments
            // agree on where each glyph ends (no drift for fonts with 2048 units/em).
            let advance = pdf_width(&face, upem, old) as f64;
            run_font.insert(
                old,
                GlyphInfo {
                    new_id: new_id as u16,
                    advance,
                },
            );
        }
        out.insert(*id, run_font);
    }
    Ok(out)
}

/// A glyph's advance in thousandths of an em, as written to the W array.
fn pdf_width(face: &ttf_parser::Face<'_>, units_per_em: u16, glyph: u16) -> f32 {
    let advance = face
        .glyph_hor_advance(ttf_parser::GlyphId(glyph))
        .unwrap_or(0) as f64;
    num(advance * 1000.0 / units_per_em.max(1) as f64)
}

fn font_of(book: &FontBook, id: FontId) -> Result<&crate::text::fonts::Font, Diagnostic> {
    book.fonts()
        .get(id.0 as usize)
        .ok_or_else(|| Diagnostic::output(format!("text uses font {} which is not loaded", id.0)))
}

/// The six-letter subset tag: derived from the font's name and its glyph set, so the same
/// document always gets the same tag and different subsets get different ones.
pub fn subset_tag(name: &str, glyphs: impl Iterator<Item = u16>) -> String {
    let mut bytes = name.as_bytes().to_vec();
    for g in glyphs {
        bytes.extend_from_slice(&g.to_be_bytes());
    }
    let mut h = fnv64(&bytes, 0);
    (0..6)
        .map(|_| {
            let c = (b'A' + (h % 26) as u8) as char;
            h /= 26;
            c
        })
        .collect()
}

/// A PostScript-safe font name.
fn ps_name(name: &str) -> String {
    let s: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if s.is_empty() {
        "Font".to_string()
    } else {
        s
    }
}

/// One font subsetted and compressed, with what its dictionaries declare: the slow part of
/// embedding a font, made in parallel (beside the content streams) and written in order.
pub struct PreparedFont {
    base: String,
    widths: Vec<f32>,
    // The bits of `FontFlags` (which is not `Copy`).
    flags: u32,
    bbox: pdf_writer::Rect,
    italic_angle: f32,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    stem_v: f32,
    subset_len: usize,
    packed: Vec<u8>,
    cmap: Vec<u8>,
}

/// Subsets font `u.id` to the glyphs it shows, compresses it and its ToUnicode map.
pub fn prepare_font(book: &FontBook, u: &FontUse) -> Result<PreparedFont, Diagnostic> {
    let font = font_of(book, u.id)?;
    let face = ttf_parser::Face::parse(&font.data, 0).map_err(|e| {
        Diagnostic::output(format!("cannot read the font ({e})")).in_file(&font.path)
    })?;
    let subset = subsetter::subset(&font.data, 0, &u.remapper).map_err(|e| {
        Diagnostic::output(format!("cannot subset the font ({e})"))
            .in_file(&font.path)
            .with_hint("use a TrueType (glyf) or CFF OpenType font")
    })?;
    let upem = face.units_per_em().max(1) as f64;
    let to_pdf = |v: f64| (v * 1000.0 / upem).round() as f32;
    let base = format!(
        "{}+{}",
        subset_tag(&font.name, u.remapper.remapped_gids()),
        ps_name(&font.name)
    );
    let widths: Vec<f32> = u
        .remapper
        .remapped_gids()
        .map(|g| pdf_width(&face, face.units_per_em(), g))
        .collect();
    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::NON_SYMBOLIC;
    if font.name.contains("Serif") {
        flags |= FontFlags::SERIF;
    }
    if face.is_italic() || face.italic_angle() != 0.0 {
        flags |= FontFlags::ITALIC;
    }
    if face.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    // There is no stem width in a TrueType font; estimate it from the weight class as
    // viewers only use it to synthesise a substitute.
    let weight = face.weight().to_number() as f32;
    let mut map = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), SYSTEM);
    for (new_id, old) in u.remapper.remapped_gids().enumerate() {
        if let Some(text) = u.unicode.get(&old) {
            map.pair_with_multiple(new_id as u16, text.chars());
        }
    }
    Ok(PreparedFont {
        base,
        widths,
        flags: flags.bits(),
        bbox: pdf_writer::Rect::new(
            to_pdf(bbox.x_min as f64),
            to_pdf(bbox.y_min as f64),
            to_pdf(bbox.x_max as f64),
            to_pdf(bbox.y_max as f64),
        ),
        italic_angle: face.italic_angle(),
        ascent: to_pdf(font.ascender as f64),
        descent: to_pdf(font.descender as f64),
        cap_height: to_pdf(font.cap_height as f64),
        stem_v: (50.0 + (weight / 65.0).powi(2)).round(),
        subset_len: subset.len(),
        packed: deflate(&subset),
        cmap: deflate_small(&map.finish()),
    })
}

/// The character collection of every embedded font: glyph ids are CIDs.
const SYSTEM: SystemInfo = SystemInfo {
    registry: Str(b"Adobe"),
    ordering: Str(b"Identity"),
    supplement: 0,
};

/// Writes a prepared font: Type0 → CIDFontType2 → FontDescriptor → FontFile2, plus its
/// ToUnicode CMap. `type0` is the reference pages use.
pub fn write_font(chunk: &mut Chunk, alloc: &mut RefAlloc, font: &PreparedFont, type0: Ref) {
    let cid = alloc.next();
    let descriptor = alloc.next();
    let file = alloc.next();
    let cmap = alloc.next();
    let base = Name(font.base.as_bytes());
    chunk
        .type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let mut cid_font = chunk.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(SYSTEM)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid_font
        .widths()
        .consecutive(0, font.widths.iter().copied());
    drop(cid_font);
    chunk
        .font_descriptor(descriptor)
        .name(base)
        .flags(FontFlags::from_bits_truncate(font.flags))
        .bbox(font.bbox)
        .italic_angle(font.italic_angle)
        .ascent(font.ascent)
        .descent(font.descent)
        .cap_height(font.cap_height)
        .stem_v(font.stem_v)
        .font_file2(file);
    chunk
        .stream(file, &font.packed)
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), font.subset_len as i32);
    chunk.stream(cmap, &font.cmap).filter(Filter::FlateDecode);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Source;
    use crate::geom::{Point, Pt};
    use crate::model::CmykColor;
    use crate::text::paragraph::PositionedGlyph;

    fn run(text: &str, glyphs: &[(u16, u32)]) -> GlyphRun {
        GlyphRun {
            font: FontId(0),
            size: Pt(10.0),
            color: CmykColor::BLACK,
            origin: Point::default(),
            text: text.into(),
            glyphs: glyphs
                .iter()
                .map(|&(id, cluster)| PositionedGlyph {
                    id,
                    x: Pt(0.0),
                    cluster,
                })
                .collect(),
            scale: 1.0,
            source: Source::new("t", "t"),
        }
    }

    #[test]
    fn clusters_map_ligatures_and_marks() {
        // "fi" ligature (one glyph, two chars), then "e" + combining mark as two glyphs of
        // one cluster, then a space.
        let r = run("fie\u{301} ", &[(50, 0), (60, 2), (61, 2), (3, 5)]);
        let uses = collect(&[vec![&r]]);
        let u = &uses[&FontId(0)];
        assert_eq!(u.unicode[&50], "fi");
        assert_eq!(u.unicode[&60], "e\u{301}");
        assert!(!u.unicode.contains_key(&61));
        assert_eq!(u.unicode[&3], " ");
        assert_eq!(u.remapper.get(50), Some(1));
        assert_eq!(u.remapper.get(3), Some(4));
    }

    #[test]
    fn tags_are_stable_and_differ_by_glyph_set() {
        let a = subset_tag("X", [1u16, 2, 3].into_iter());
        assert_eq!(a, subset_tag("X", [1u16, 2, 3].into_iter()));
        assert_ne!(a, subset_tag("X", [1u16, 2].into_iter()));
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
    }
}
