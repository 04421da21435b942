//! Paragraphs: text + style + a width for each line → set lines.
//! (Interface fixed; implementation by the text module's owner.)

use crate::diag::Diagnostic;
use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::fonts::{FontBook, FontId};
use crate::text::hyphenate::{self, Exceptions};
use crate::text::linebreak::{self, Params};
use crate::text::shape::FontShaper;
use crate::text::words::WordCache;
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// How a paragraph is to be set: the resolved form of a layout's paragraph style.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// The font.
    pub font: FontId,
    /// Type size.
    pub size: Pt,
    /// Extra letter spacing in thousandths of an em.
    pub tracking: f64,
    /// Line alignment.
    pub align: Align,
    /// Whether words may be hyphenated.
    pub hyphenate: bool,
    /// Language for hyphenation.
    pub language: Language,
    /// Set in capitals.
    pub uppercase: bool,
    /// Indent of the first line.
    pub first_indent: Pt,
    /// How far glyphs may be widened or narrowed in justified lines, as a fraction of their
    /// width (0.02: ±2 %); 0 turns glyph expansion off.
    pub expansion: f64,
    /// The most extra space between letters in justified lines of very narrow measures, in
    /// ems (see [`letter_stretch`]); 0 turns letter spacing off.
    pub letter_spacing_max: f64,
}

/// A glyph placed on a line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PositionedGlyph {
    /// Glyph id in the font (not yet subset).
    pub id: u16,
    /// Distance of the glyph's origin from the line's left end.
    pub x: Pt,
    /// Byte offset of the glyph's cluster in the line's text.
    pub cluster: u32,
}

/// One line of a set paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetLine {
    /// The characters the line shows, including a hyphen added at a break and the spaces
    /// between words (so extracted text has word boundaries).
    pub text: String,
    /// The glyphs, left to right; alignment and justification are already applied.
    pub glyphs: Vec<PositionedGlyph>,
    /// The width the line was set to (what the width function said).
    pub width: Pt,
    /// Knuth–Plass adjustment ratio: 0 natural, >0 stretched, <0 shrunk.
    pub ratio: f64,
    /// Whether the line ends with a hyphen the typesetter added.
    pub hyphenated: bool,
    /// Whether the line is wider than `width` even at full shrink (reported, never hidden).
    pub overfull: bool,
    /// Whether the line is justified: false for other alignments, a justified paragraph's
    /// last line, and a line too loose to justify (set flush left instead).
    pub justified: bool,
    /// Horizontal scale of the glyphs (glyph expansion; 1 = as designed). The positions in
    /// `glyphs` already allow for it; the renderer draws the glyphs this much wider.
    pub scale: f64,
}

/// A paragraph set into lines.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SetParagraph {
    /// The lines, first to last.
    pub lines: Vec<SetLine>,
    /// Characters that no font had a glyph for.
    pub missing: Vec<char>,
    /// Which pass of the line breaker set it (the emergency pass means the text could not be
    /// set within tolerance: a flow or copy problem worth reporting).
    #[serde(skip)]
    pub pass: linebreak::Pass,
}

/// Word-space stretch, as a fraction of the space's width.
pub const SPACE_STRETCH: f64 = 0.5;
/// Word-space shrink, as a fraction of the space's width.
pub const SPACE_SHRINK: f64 = 1.0 / 3.0;
/// Penalty for breaking at a hyphenation point (added or existing hyphen).
pub const HYPHEN_PENALTY: f64 = 100.0;
/// Measures narrower than this many ems may use letter-spacing as extra stretch.
pub const NARROW_MEASURE_EM: f64 = 25.0;
/// Measures this many ems or narrower get the style's whole letter spacing; from here to
/// [`NARROW_BODY_EM`] ems it falls linearly to [`NARROW_LETTER_SHARE`] of it.
pub const VERY_NARROW_MEASURE_EM: f64 = 11.0;
/// See [`VERY_NARROW_MEASURE_EM`].
pub const NARROW_BODY_EM: f64 = 15.0;
/// The share of the style's letter spacing that measures from [`NARROW_BODY_EM`] to
/// [`NARROW_MEASURE_EM`] ems may use.
pub const NARROW_LETTER_SHARE: f64 = 2.0 / 3.0;

/// The extra space each letter gap may take at ratio 1, in points, for a justified line of
/// `measure` in `style`. With three or four word spaces a line, a measure of ten ems has too
/// little stretch for even spacing; a little letter spacing there keeps the spaces from
/// gaping. Wide measures have spaces enough and get none.
pub fn letter_stretch(style: &TextStyle, measure: Pt) -> f64 {
    let size = style.size.0;
    if style.align != Align::Justify || measure.0 >= NARROW_MEASURE_EM * size || size <= 0.0 {
        return 0.0;
    }
    let em = measure.0 / size;
    let t = ((NARROW_BODY_EM - em) / (NARROW_BODY_EM - VERY_NARROW_MEASURE_EM)).clamp(0.0, 1.0);
    (NARROW_LETTER_SHARE + t * (1.0 - NARROW_LETTER_SHARE)) * style.letter_spacing_max * size
}

/// The widest a justified line's word spaces may open (as an adjustment ratio) before the
/// line is set flush left instead.
pub const MAX_JUSTIFY_RATIO: f64 = 4.0;
/// The most glyph expansion a style may ask for (beyond it letters visibly distort).
pub const MAX_EXPANSION: f64 = 0.03;
/// How ragged a ragged line may be before it counts as loose (ratio 1), in ems.
pub const RAGGED_STRETCH_EM: f64 = 3.0;

// The project's exception list, built in so that a bare `Typesetter::new` already knows it;
// `load_exceptions_file` adds (and overrides with) a list read at run time.
const BUILTIN_NL: &str = include_str!("../../layouts/hyphenation-nl.txt");

/// Sets paragraphs: owns the fonts, the hyphenation dictionaries and the shaping caches.
/// Shared by reference across rayon threads.
pub struct Typesetter {
    fonts: Arc<FontBook>,
    // One lazily built shaper per font (with its word cache); `None` if harfrust rejects it.
    shapers: Vec<OnceLock<Option<FontShaper>>>,
    // One word cache per font (and one spare, so that there is always one).
    word_caches: Vec<WordCache>,
    exceptions: Exceptions,
    params: Params,
    hanging: bool,
}

/// A run of one word on a line: bytes `start..end` of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    pub(crate) word: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

pub(crate) fn breakable_space(c: char) -> bool {
    // No-break spaces keep their words together.
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

impl Typesetter {
    /// A typesetter for these fonts, with Dutch and English hyphenation and the project's
    /// exception list.
    pub fn new(fonts: Arc<FontBook>) -> Typesetter {
        let shapers = (0..fonts.fonts().len()).map(|_| OnceLock::new()).collect();
        let word_caches = (0..fonts.fonts().len().max(1))
            .map(|_| WordCache::default())
            .collect();
        let mut exceptions = Exceptions::default();
        exceptions.add_list(Language::Nl, BUILTIN_NL);
        Typesetter {
            fonts,
            shapers,
            word_caches,
            exceptions,
            params: Params::default(),
            hanging: true,
        }
    }

    /// Whether punctuation at the ends of justified and flush-left lines hangs into the
    /// margins (see [`crate::text::hang`]); on by default. The lines are then set to their
    /// width plus what hangs, shifted left by what hangs on the left, so that the optical
    /// edges align: glyph positions may be negative or reach past the width.
    pub fn with_hanging_punctuation(mut self, on: bool) -> Typesetter {
        self.hanging = on;
        self
    }

    /// Adds a hyphenation exception list for `language`: one word a line with hyphens at the
    /// allowed breaks (`jeugd-zorg-or-ga-ni-sa-ties`), `#` starts a comment. Listed words are
    /// broken only where the list says, overriding the patterns.
    pub fn with_exceptions(mut self, language: Language, list: &str) -> Typesetter {
        self.exceptions.add_list(language, list);
        // Words already worked out were hyphenated by the old lists.
        for cache in &mut self.word_caches {
            *cache = WordCache::default();
        }
        self
    }

    /// Reads an exception list (see [`Typesetter::with_exceptions`]) from `path`.
    pub fn load_exceptions_file(
        self,
        language: Language,
        path: &Path,
    ) -> Result<Typesetter, Diagnostic> {
        let list = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::input(format!("cannot read the hyphenation exception list: {e}"))
                .in_file(path)
        })?;
        Ok(self.with_exceptions(language, &list))
    }

    /// The fonts.
    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// The word as it would be hyphenated in `language` (`or-ga-ni-sa-tie`); a break after an
    /// existing hyphen shows as `|`. For checking exception lists.
    pub fn show_hyphenation(&self, word: &str, language: Language) -> String {
        hyphenate::show(word, language, &self.exceptions)
    }

    /// The shaper of `font`; `None` if harfrust cannot read it.
    pub(crate) fn shaper(&self, font: FontId) -> Option<&FontShaper> {
        let cell = self.shapers.get(font.0 as usize)?;
        cell.get_or_init(|| {
            let f = self.fonts.fonts().get(font.0 as usize)?;
            FontShaper::new(Arc::clone(&f.data))
        })
        .as_ref()
    }

    /// The shaped and hyphenated words of `font`.
    pub(crate) fn word_cache(&self, font: FontId) -> &WordCache {
        // Every font has a cache; an unknown id (no shaper either) shares the first's.
        self.word_caches
            .get(font.0 as usize)
            .unwrap_or(&self.word_caches[0])
    }

    /// The hyphenation exception lists.
    pub(crate) fn exceptions(&self) -> &Exceptions {
        &self.exceptions
    }

    /// The line breaker's knobs.
    pub(crate) fn params(&self) -> Params {
        self.params
    }

    /// Whether punctuation hangs (see [`Typesetter::with_hanging_punctuation`]).
    pub(crate) fn hanging(&self) -> bool {
        self.hanging
    }

    /// Sets `text` in `style`; `width(n)` says how wide line `n` (0-based) may be.
    /// Every character of `text` ends up on some line: words are separated by single spaces,
    /// a `ĳ`/`Ĳ` the font lacks becomes `ij`/`IJ`, and `uppercase` capitalises. Text with no
    /// words gives no lines.
    pub fn set_paragraph(
        &self,
        text: &str,
        style: &TextStyle,
        width: &mut dyn FnMut(usize) -> Pt,
    ) -> SetParagraph {
        self.set_paragraph_avoiding(text, style, width, &|_| false)
    }

    /// [`Typesetter::set_paragraph`], where `no_hyphen(n)` says that line `n` must not end
    /// in a hyphen (it is the last line of a column or page).
    pub fn set_paragraph_avoiding(
        &self,
        text: &str,
        style: &TextStyle,
        width: &mut dyn FnMut(usize) -> Pt,
        no_hyphen: &dyn Fn(usize) -> bool,
    ) -> SetParagraph {
        let mut prepared = self.prepare(text, style);
        self.set_prepared(&mut prepared, width, no_hyphen)
    }
}

/// A paragraph in a font harfrust cannot read: one line, every character missing.
pub(crate) fn unshaped(text: &str, width: &mut dyn FnMut(usize) -> Pt) -> SetParagraph {
    let words: Vec<&str> = text
        .split(breakable_space)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return SetParagraph::default();
    }
    let line = words.join(" ");
    let mut missing: Vec<char> = Vec::new();
    for c in line.chars().filter(|c| *c != ' ') {
        if !missing.contains(&c) {
            missing.push(c);
        }
    }
    SetParagraph {
        lines: vec![SetLine {
            text: line,
            glyphs: Vec::new(),
            width: width(0),
            ratio: 0.0,
            hyphenated: false,
            overfull: false,
            justified: false,
            scale: 1.0,
        }],
        missing,
        pass: linebreak::Pass::First,
    }
}
