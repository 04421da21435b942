//! Shaping: a run of text → glyphs with advances, via harfrust.
//!
//! Results are kept in font design units so that one shaping serves every type size; a
//! per-font, per-language cache keeps each distinct word (or word fragment) shaped once.

use crate::load::file_bytes::FileBytes;
use crate::model::Language;
use harfrust::{Buffer, Direction, Script, ShapeOptions, ShapePlan, ShaperFont};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, RwLock};

/// One shaped glyph, in font design units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the font (0 = the font has no glyph for the character).
    pub id: u16,
    /// Horizontal advance after the glyph.
    pub advance: i32,
    /// Horizontal offset of the glyph from the pen position (marks, kerning by GPOS offsets).
    pub x_offset: i32,
    /// Byte offset of the glyph's cluster in the shaped text. All glyphs of a ligature such as
    /// `fi` carry the offset of its first character; the cluster spans up to the next cluster.
    pub cluster: u32,
    /// Whether harfrust says cutting the text where this glyph's cluster starts may change the
    /// shaping on either side (a ligature or kerning across the cut, say).
    pub unsafe_to_break: bool,
}

/// A shaped run of text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShapedText {
    /// The glyphs in visual (left-to-right) order.
    pub glyphs: Vec<ShapedGlyph>,
    /// Sum of the advances, in design units.
    pub advance: i32,
    /// Characters of the text for which the font has no glyph.
    pub missing: Vec<char>,
}

impl ShapedText {
    /// Advance of the glyphs whose cluster starts before byte `end`, in design units.
    /// A ligature that straddles `end` counts wholly on the left.
    pub fn advance_before(&self, end: usize) -> i32 {
        self.glyphs
            .iter()
            .filter(|g| (g.cluster as usize) < end)
            .map(|g| g.advance)
            .sum()
    }

    /// Number of glyphs whose cluster lies in `start..end`.
    pub fn glyphs_in(&self, start: usize, end: usize) -> usize {
        self.glyphs
            .iter()
            .filter(|g| (g.cluster as usize) >= start && (g.cluster as usize) < end)
            .count()
    }
}

/// The characters of `text` that `glyphs` (its shaping) show as glyph 0, each once, in order.
fn missing_chars(text: &str, glyphs: &[ShapedGlyph]) -> Vec<char> {
    let mut missing = Vec::new();
    for g in glyphs.iter().filter(|g| g.id == 0) {
        if let Some(c) = text
            .get(g.cluster as usize..)
            .and_then(|s| s.chars().next())
        {
            if !c.is_whitespace() && !missing.contains(&c) {
                missing.push(c);
            }
        }
    }
    missing
}

impl ShapedText {
    /// Index of the first glyph of the cluster starting at byte `offset`, when the shaping
    /// may be cut there: a cluster starts exactly there and harfrust does not mark it unsafe
    /// to break.
    pub(crate) fn safe_cut(&self, offset: usize) -> Option<usize> {
        let i = self
            .glyphs
            .iter()
            .position(|g| g.cluster as usize >= offset)?;
        let g = &self.glyphs[i];
        (g.cluster as usize == offset && !g.unsafe_to_break).then_some(i)
    }

    /// `glyphs` as a shaping of `text`, clusters moved back by `shift` bytes.
    fn from_glyphs(
        text: &str,
        glyphs: impl Iterator<Item = ShapedGlyph>,
        shift: u32,
    ) -> ShapedText {
        let glyphs: Vec<ShapedGlyph> = glyphs
            .map(|g| ShapedGlyph {
                cluster: g.cluster - shift,
                ..g
            })
            .collect();
        ShapedText {
            advance: glyphs.iter().map(|g| g.advance).sum(),
            missing: missing_chars(text, &glyphs),
            glyphs,
        }
    }
}

// Above this many entries a cache is emptied rather than grown further; a magazine has a few
// tens of thousands of distinct words, so this only protects against pathological input.
const CACHE_LIMIT: usize = 200_000;

/// A font prepared for shaping, with its shape plans and a cache of shaped words.
/// Thread-safe: the cache sits behind a lock.
pub struct FontShaper {
    font: harfrust::Font,
    // One plan per language: Dutch and English may select different `locl` forms.
    plans: [ShapePlan; 2],
    caches: [RwLock<HashMap<String, Arc<ShapedText>>>; 2],
    units_per_em: u16,
}

/// The slot of `language` in the per-language tables of the text caches.
pub(crate) fn lang_index(language: Language) -> usize {
    match language {
        Language::Nl => 0,
        Language::En => 1,
    }
}

impl FontShaper {
    /// Prepares the font in `data` (shared, not copied). `None` if harfrust cannot read it.
    pub fn new(data: Arc<FileBytes>) -> Option<FontShaper> {
        let blob: Arc<dyn AsRef<[u8]> + Send + Sync> = data;
        let font = harfrust::Font::new(blob, 0)?;
        let plan_for = |tag: &str| {
            let lang = harfrust::Language::new(tag);
            ShapePlan::new(
                &font,
                Direction::LeftToRight,
                Some(Script::LATIN),
                lang.as_ref(),
                &[],
            )
        };
        let plans = [plan_for("nl"), plan_for("en")];
        let units_per_em = font.units_per_em().max(1);
        Some(FontShaper {
            font,
            plans,
            caches: [
                RwLock::new(HashMap::default()),
                RwLock::new(HashMap::default()),
            ],
            units_per_em,
        })
    }

    /// Design units per em.
    pub fn units_per_em(&self) -> u16 {
        self.units_per_em
    }

    /// Whether the font maps character `c` to a glyph.
    pub fn has_char(&self, c: char) -> bool {
        matches!(self.font.charmap().map_unicode(c as u32), Some(g) if g.to_u32() != 0)
    }

    /// Shapes `text` (one word or word fragment) with the font's default features, which
    /// include kerning and standard ligatures. Cached.
    pub fn shape(&self, text: &str, language: Language) -> Arc<ShapedText> {
        let li = lang_index(language);
        if let Ok(cache) = self.caches[li].read() {
            if let Some(hit) = cache.get(text) {
                return Arc::clone(hit);
            }
        }
        let shaped = Arc::new(self.shape_uncached(text, li));
        if let Ok(mut cache) = self.caches[li].write() {
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(text.to_string(), Arc::clone(&shaped));
        }
        shaped
    }

    /// `word[offset..]` shaped on its own, given `whole`, the word's own shaping: cut from it
    /// where harfrust says that gives the same glyphs (HarfBuzz's unsafe-to-break rule, which
    /// holds for most hyphenation points), else shaped.
    pub fn shape_tail(
        &self,
        word: &str,
        whole: &ShapedText,
        offset: usize,
        language: Language,
    ) -> Arc<ShapedText> {
        let tail = &word[offset..];
        match whole.safe_cut(offset) {
            Some(i) => Arc::new(ShapedText::from_glyphs(
                tail,
                whole.glyphs[i..].iter().copied(),
                offset as u32,
            )),
            None => self.shape(tail, language),
        }
    }

    /// `word[..offset]`, with a hyphen added when `hyphen`, shaped on its own, given `whole`,
    /// the word's own shaping. Without a hyphen it is cut from `whole` where that is safe (see
    /// [`FontShaper::shape_tail`]). With one, the word's glyphs up to its last character
    /// before `offset` are kept when the cut before that character is safe, and only that
    /// character and the hyphen are shaped (so kerning against the hyphen is the font's);
    /// otherwise the whole start is shaped.
    ///
    /// The hyphen case goes beyond what harfrust's flag promises (that covers cutting the
    /// same text, not changing what follows the cut): it assumes no rule of the font reaches
    /// from before the last character to the hyphen, as pair kerning and Latin ligatures do
    /// not. Strictly, HarfBuzz's unsafe-to-concat flag would say; in these fonts it is set at
    /// every glyph (class kerning looks at every pair), so it would save nothing. A test
    /// checks the assumption on every word of the sample in every font of the project.
    pub fn shape_head(
        &self,
        word: &str,
        whole: &ShapedText,
        offset: usize,
        hyphen: bool,
        language: Language,
    ) -> Arc<ShapedText> {
        let head = &word[..offset];
        if !hyphen {
            return match whole.safe_cut(offset) {
                Some(i) => Arc::new(ShapedText::from_glyphs(
                    head,
                    whole.glyphs[..i].iter().copied(),
                    0,
                )),
                None => self.shape(head, language),
            };
        }
        let with_hyphen = format!("{head}-");
        let last = head.char_indices().next_back().map_or(0, |(i, _)| i);
        let Some(j) = whole.safe_cut(last).filter(|_| last > 0) else {
            return self.shape(&with_hyphen, language);
        };
        let end = self.shape(&with_hyphen[last..], language);
        let glyphs = whole.glyphs[..j]
            .iter()
            .copied()
            .chain(end.glyphs.iter().map(|g| ShapedGlyph {
                cluster: g.cluster + last as u32,
                ..*g
            }));
        Arc::new(ShapedText::from_glyphs(&with_hyphen, glyphs, 0))
    }

    fn shape_uncached(&self, text: &str, li: usize) -> ShapedText {
        let mut out = ShapedText::default();
        if text.is_empty() {
            return out;
        }
        let shaper = ShaperFont::new(&self.font);
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        buffer.set_script(Some(Script::LATIN));
        let options = ShapeOptions::new().plan(Some(&self.plans[li]));
        if harfrust::shape(&shaper, &mut buffer, options).is_err() {
            // Cannot happen with a plan built for these properties; fall back to reporting the
            // characters as missing rather than losing them.
            for (i, c) in text.char_indices() {
                out.glyphs.push(ShapedGlyph {
                    id: 0,
                    advance: 0,
                    x_offset: 0,
                    cluster: i as u32,
                    unsafe_to_break: true,
                });
                out.missing.push(c);
            }
            return out;
        }
        out.glyphs.reserve_exact(buffer.glyph_infos().len());
        for (info, pos) in buffer
            .glyph_infos()
            .iter()
            .zip(buffer.glyph_positions().iter())
        {
            out.glyphs.push(ShapedGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                cluster: info.cluster,
                unsafe_to_break: info.unsafe_to_break(),
            });
            out.advance += pos.x_advance;
        }
        out.missing = missing_chars(text, &out.glyphs);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fonts::FontBook;
    use std::path::Path;

    fn serif() -> FontShaper {
        let book = FontBook::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"))
            .expect("fonts");
        let id = book.id("SourceSerif4-Regular").expect("serif");
        FontShaper::new(Arc::clone(&book.get(id).data)).expect("shaper")
    }

    #[test]
    fn fi_ligature_keeps_its_cluster() {
        let s = serif();
        let shaped = s.shape("fiets", Language::Nl);
        // "fi" becomes one glyph with cluster 0; the next glyph starts at byte 2.
        assert_eq!(shaped.glyphs.len(), 4, "{shaped:?}");
        assert_eq!(shaped.glyphs[0].cluster, 0);
        assert_eq!(shaped.glyphs[1].cluster, 2);
        assert!(shaped.missing.is_empty());
    }

    #[test]
    fn missing_characters_are_reported_but_kept() {
        let s = serif();
        let shaped = s.shape("a\u{1F600}b", Language::Nl);
        assert_eq!(shaped.missing, vec!['\u{1F600}']);
        assert_eq!(shaped.glyphs.len(), 3);
        assert!(s.shape("", Language::En).glyphs.is_empty());
    }

    #[test]
    fn kerning_is_applied() {
        let s = serif();
        let pair = s.shape("AV", Language::En).advance;
        let apart = s.shape("A", Language::En).advance + s.shape("V", Language::En).advance;
        assert!(pair < apart, "{pair} vs {apart}");
    }

    #[test]
    fn shaper_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<FontShaper>();
    }
}
