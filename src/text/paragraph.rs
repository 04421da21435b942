//! Paragraphs: text + style + a width for each line → set lines.
//! (Interface fixed; implementation by the text module's owner.)

use crate::diag::Diagnostic;
use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::fonts::{FontBook, FontId};
use crate::text::hang;
use crate::text::hyphenate::{self, BreakPoint, Exceptions};
use crate::text::line::LineCtx;
use crate::text::linebreak::{self, Item, Params, INFINITY};
use crate::text::shape::{FontShaper, ShapedText};
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
    exceptions: Exceptions,
    params: Params,
    hanging: bool,
}

/// Where a KP item came from, to turn breaks back into text.
#[derive(Debug, Clone, Copy)]
enum Origin {
    Indent,
    /// Bytes `start..end` of word `word`.
    Fragment {
        word: usize,
        start: usize,
        end: usize,
    },
    /// A break inside word `word`; `hyphen` when a hyphen is added there.
    WordBreak {
        hyphen: bool,
    },
    Space,
    End,
}

/// A word as the line breaker sees it.
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) shaped: Arc<ShapedText>,
    pub(crate) breaks: Vec<BreakPoint>,
}

/// A run of one word on a line: bytes `start..end` of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    pub(crate) word: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

fn breakable_space(c: char) -> bool {
    // No-break spaces keep their words together.
    c.is_whitespace() && !matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}')
}

impl Typesetter {
    /// A typesetter for these fonts, with Dutch and English hyphenation and the project's
    /// exception list.
    pub fn new(fonts: Arc<FontBook>) -> Typesetter {
        let shapers = (0..fonts.fonts().len()).map(|_| OnceLock::new()).collect();
        let mut exceptions = Exceptions::default();
        exceptions.add_list(Language::Nl, BUILTIN_NL);
        Typesetter {
            fonts,
            shapers,
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

    fn shaper(&self, font: FontId) -> Option<&FontShaper> {
        let cell = self.shapers.get(font.0 as usize)?;
        cell.get_or_init(|| {
            let f = self.fonts.fonts().get(font.0 as usize)?;
            FontShaper::new(Arc::clone(&f.data))
        })
        .as_ref()
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
        let Some(shaper) = self.shaper(style.font) else {
            return unshaped(text, width);
        };
        let lang = style.language;
        let mut norm = if style.uppercase {
            text.to_uppercase()
        } else {
            text.to_string()
        };
        if norm.contains(['\u{0133}', '\u{0132}']) {
            if !shaper.has_char('\u{0133}') {
                norm = norm.replace('\u{0133}', "ij");
            }
            if !shaper.has_char('\u{0132}') {
                norm = norm.replace('\u{0132}', "IJ");
            }
        }
        let words: Vec<Word> = norm
            .split(breakable_space)
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut breaks = hyphenate::breaks(w, lang, &self.exceptions);
                if !style.hyphenate || style.uppercase {
                    breaks.retain(|b| !b.adds_hyphen);
                }
                Word {
                    text: w.to_string(),
                    shaped: shaper.shape(w, lang),
                    breaks,
                }
            })
            .collect();
        if words.is_empty() {
            return SetParagraph::default();
        }
        let mut missing: Vec<char> = Vec::new();
        for w in &words {
            for &c in &w.shaped.missing {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
        }

        let size = style.size.0;
        let k = size / shaper.units_per_em() as f64;
        let track = style.tracking / 1000.0 * size;
        let space = shaper.shape(" ", lang);
        let space_w = space.advance as f64 * k + track;
        let hyphen_w = shaper.shape("-", lang).advance as f64 * k + track;
        let justify = style.align == Align::Justify;
        let hanging = self.hanging && matches!(style.align, Align::Justify | Align::Left);
        let letter_stretch = letter_stretch(style, width(0));
        // Glyphs widen and narrow only to justify.
        let expansion = if justify {
            style.expansion.clamp(0.0, MAX_EXPANSION)
        } else {
            0.0
        };

        // Build the Knuth–Plass items.
        let mut items: Vec<Item> = Vec::new();
        let mut origin: Vec<Origin> = Vec::new();
        if style.first_indent.0 != 0.0 {
            items.push(Item::boxed(style.first_indent.0));
            origin.push(Origin::Indent);
        }
        for (wi, w) in words.iter().enumerate() {
            if wi > 0 {
                let (st, sh) = if justify {
                    (space_w * SPACE_STRETCH, space_w * SPACE_SHRINK)
                } else {
                    (0.0, 0.0)
                };
                // A dash between words stays with the word before it: a line may end in a
                // dash but not start with one. A penalty before the glue makes it unbreakable.
                if matches!(w.text.as_str(), "–" | "—") {
                    items.push(Item::penalty(0.0, INFINITY, false));
                    origin.push(Origin::Space);
                }
                let mut g = Item::glue(space_w, st, sh);
                if hanging {
                    let prev = &words[wi - 1];
                    g.hang = hang_before(&prev.text, &prev.shaped, prev.text.len(), k);
                }
                items.push(g);
                origin.push(Origin::Space);
            }
            let mut start = 0;
            let cuts = w.breaks.iter().map(|b| (b.offset, b.adds_hyphen));
            for (offset, adds) in cuts.chain(std::iter::once((w.text.len(), false))) {
                let adv = (w.shaped.advance_before(offset) - w.shaped.advance_before(start)) as f64;
                let n = w.shaped.glyphs_in(start, offset) as f64;
                // Letter gaps may stretch in narrow measures; a box with stretch is fine for
                // the breaker, which sums stretch over all items. A fragment owns the gap after
                // each of its glyphs except the word's last: the gap to the next fragment, or
                // at a break the gap before the added hyphen. So the breaker counts exactly
                // the gaps the line is rendered with, whole word or broken.
                let own = if offset < w.text.len() { n } else { n - 1.0 };
                let mut b = Item::boxed(adv * k + n * track);
                b.stretch = own.max(0.0) * letter_stretch + adv * k * expansion;
                b.shrink = adv * k * expansion;
                if hanging && start == 0 {
                    b.hang = hang_start(w, k);
                }
                if start > 0 {
                    // A line starting here shows the rest of the word shaped on its own (a
                    // ligature or kern across the break does not survive it): the difference
                    // to what the boxes count is width the line needs or saves, which the
                    // breaker takes from the first box's `hang`.
                    let counted = (w.shaped.advance - w.shaped.advance_before(start)) as f64 * k
                        + w.shaped.glyphs_in(start, w.text.len()) as f64 * track;
                    b.hang = counted - run_width(&shaper.shape(&w.text[start..], lang), k, track);
                }
                items.push(b);
                origin.push(Origin::Fragment {
                    word: wi,
                    start,
                    end: offset,
                });
                if offset < w.text.len() {
                    // The same at the end of the line: the word's start with its hyphen, shaped
                    // as it is rendered, less what the boxes count.
                    let mut head = w.text[..offset].to_string();
                    if adds {
                        head.push('-');
                    }
                    let counted = w.shaped.advance_before(offset) as f64 * k
                        + w.shaped.glyphs_in(0, offset) as f64 * track;
                    let pw = run_width(&shaper.shape(&head, lang), k, track) - counted;
                    let mut p = Item::penalty(pw, HYPHEN_PENALTY, true);
                    if hanging {
                        p.hang = if adds {
                            hyphen_w * hang::right('-')
                        } else {
                            hang_before(&w.text, &w.shaped, offset, k)
                        };
                    }
                    items.push(p);
                    origin.push(Origin::WordBreak { hyphen: adds });
                }
                start = offset;
            }
        }
        // The end: no break before the fill glue, a fill glue, a forced break.
        items.push(Item::penalty(0.0, INFINITY, false));
        origin.push(Origin::End);
        items.push(Item::glue(0.0, 1.0e7, 0.0));
        origin.push(Origin::End);
        items.push(Item::penalty(0.0, -INFINITY, false));
        origin.push(Origin::End);

        let mut params = self.params;
        if !justify {
            params.line_stretch = RAGGED_STRETCH_EM * size;
        }
        let (breaks, pass) =
            linebreak::break_lines_reporting(&items, &mut |n| width(n).0, &params, no_hyphen);

        // Turn breaks into lines of word pieces.
        let mut lines = Vec::with_capacity(breaks.len());
        let mut from = 0usize;
        let count = breaks.len();
        for (n, b) in breaks.iter().enumerate() {
            let mut pieces: Vec<Piece> = Vec::new();
            for o in &origin[from..b.position.min(origin.len())] {
                if let Origin::Fragment { word, start, end } = *o {
                    match pieces.last_mut() {
                        Some(p) if p.word == word && p.end == start => p.end = end,
                        _ => pieces.push(Piece { word, start, end }),
                    }
                }
            }
            let hyphen = matches!(
                origin.get(b.position),
                Some(Origin::WordBreak { hyphen: true })
            );
            let last = n + 1 == count;
            let ctx = LineCtx {
                shaper,
                lang,
                words: &words,
                space: &space,
                k,
                track,
                space_w,
                letter_stretch,
                expansion,
                style,
                hanging,
            };
            lines.push(ctx.render(&pieces, hyphen, last, n, width(n), b.ratio, &mut missing));
            from = b.position + 1;
        }
        SetParagraph {
            lines,
            missing,
            pass,
        }
    }
}

/// Width of a shaped run in points, with tracking after every glyph.
fn run_width(run: &ShapedText, k: f64, track: f64) -> f64 {
    run.advance as f64 * k + run.glyphs.len() as f64 * track
}

/// How far word `w`'s first glyph may hang into the left margin, in points (`k` points per
/// design unit).
fn hang_start(w: &Word, k: f64) -> f64 {
    match (w.text.chars().next(), w.shaped.glyphs.first()) {
        (Some(c), Some(g)) => hang::left(c) * g.advance as f64 * k,
        _ => 0.0,
    }
}

/// How far the glyph ending at byte `end` of `text` may hang into the right margin.
fn hang_before(text: &str, shaped: &ShapedText, end: usize, k: f64) -> f64 {
    let Some(c) = text[..end].chars().next_back() else {
        return 0.0;
    };
    // The last glyph whose cluster starts before `end`.
    let g = shaped
        .glyphs
        .iter()
        .filter(|g| (g.cluster as usize) < end)
        .max_by_key(|g| g.cluster);
    g.map_or(0.0, |g| hang::right(c) * g.advance as f64 * k)
}

/// A paragraph in a font harfrust cannot read: one line, every character missing.
fn unshaped(text: &str, width: &mut dyn FnMut(usize) -> Pt) -> SetParagraph {
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
