//! Prepare once, break many: the part of setting a paragraph that does not depend on its
//! line widths (the text normalised, its words shaped and hyphenated, the Knuth–Plass items
//! built) kept apart from breaking those items into lines and rendering them. An article is
//! flowed several times and a paragraph often meets other widths in a re-flow; then only the
//! breaker and the line rendering run again.

use crate::geom::Pt;
use crate::model::Align;
use crate::text::hang;
use crate::text::line::LineCtx;
use crate::text::linebreak::{self, Item, INFINITY};
use crate::text::paragraph::{
    breakable_space, letter_stretch, unshaped, Piece, SetParagraph, TextStyle, Typesetter,
    HYPHEN_PENALTY, MAX_EXPANSION, RAGGED_STRETCH_EM, SPACE_SHRINK, SPACE_STRETCH,
};
use crate::text::shape::ShapedText;
use crate::text::words::{Cut, WordInfo, WordSource};
use std::sync::Arc;

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

/// The letter-gap stretch of one box, kept apart so that the items can be stretched for
/// another measure's letter spacing with the same arithmetic as building them anew.
#[derive(Debug, Clone, Copy)]
struct BoxStretch {
    /// Index of the box in the items.
    item: usize,
    /// Letter gaps the box owns.
    gaps: f64,
    /// Stretch from glyph expansion.
    expansion: f64,
}

/// A paragraph ready to be broken into lines at any widths; see
/// [`Typesetter::prepare`] and [`Typesetter::set_prepared`].
#[derive(Debug)]
pub struct PreparedParagraph {
    style: TextStyle,
    body: Body,
}

#[derive(Debug)]
enum Body {
    /// A font harfrust cannot read: the text, to be set as one line of missing characters.
    Unshaped(String),
    /// No words: no lines.
    Empty,
    Words(Box<Prepared>),
}

#[derive(Debug)]
struct Prepared {
    words: Vec<Arc<WordInfo>>,
    missing: Vec<char>,
    items: Vec<Item>,
    origin: Vec<Origin>,
    stretches: Vec<BoxStretch>,
    // The letter stretch the boxes in `items` were given.
    items_letter_stretch: f64,
    space: Arc<ShapedText>,
    k: f64,
    track: f64,
    space_w: f64,
    expansion: f64,
    hanging: bool,
}

impl Typesetter {
    /// Does the width-independent part of setting `text` in `style`: normalises the text,
    /// shapes and hyphenates its words and builds the line breaker's items.
    pub fn prepare(&self, text: &str, style: &TextStyle) -> PreparedParagraph {
        let Some(shaper) = self.shaper(style.font) else {
            return PreparedParagraph {
                style: style.clone(),
                body: Body::Unshaped(text.to_string()),
            };
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
        let source = WordSource {
            shaper,
            exceptions: self.exceptions(),
            language: lang,
        };
        let cache = self.word_cache(style.font);
        let texts: Vec<&str> = norm
            .split(breakable_space)
            .filter(|w| !w.is_empty())
            .collect();
        let words: Vec<Arc<WordInfo>> = cache.get_all(&texts, &source);
        if words.is_empty() {
            return PreparedParagraph {
                style: style.clone(),
                body: Body::Empty,
            };
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
        let hanging = self.hanging() && matches!(style.align, Align::Justify | Align::Left);
        // Glyphs widen and narrow only to justify.
        let expansion = if justify {
            style.expansion.clamp(0.0, MAX_EXPANSION)
        } else {
            0.0
        };
        // Per word a box and a space (and a dash's penalty, rarely), per break a box and a
        // penalty; the indent and the end.
        let cuts: usize = words.iter().map(|w| w.cuts.len()).sum();
        let capacity = 2 * (words.len() + cuts) + 4;
        let mut build = ItemBuilder {
            items: Vec::with_capacity(capacity),
            origin: Vec::with_capacity(capacity),
            stretches: Vec::with_capacity(words.len() + cuts),
            k,
            track,
            expansion,
            hanging,
            // Styles that do not hyphenate keep only the breaks at existing hyphens.
            hyphenate: style.hyphenate && !style.uppercase,
        };
        if style.first_indent.0 != 0.0 {
            build.items.push(Item::boxed(style.first_indent.0));
            build.origin.push(Origin::Indent);
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
                    build.items.push(Item::penalty(0.0, INFINITY, false));
                    build.origin.push(Origin::Space);
                }
                let mut g = Item::glue(space_w, st, sh);
                if hanging {
                    g.hang = scaled(words[wi - 1].hang_end, k);
                }
                build.items.push(g);
                build.origin.push(Origin::Space);
            }
            build.word(wi, w, hyphen_w);
        }
        // The end: no break before the fill glue, a fill glue, a forced break.
        build.items.push(Item::penalty(0.0, INFINITY, false));
        build.origin.push(Origin::End);
        build.items.push(Item::glue(0.0, 1.0e7, 0.0));
        build.origin.push(Origin::End);
        build.items.push(Item::penalty(0.0, -INFINITY, false));
        build.origin.push(Origin::End);
        PreparedParagraph {
            style: style.clone(),
            body: Body::Words(Box::new(Prepared {
                words,
                missing,
                items: build.items,
                origin: build.origin,
                stretches: build.stretches,
                items_letter_stretch: 0.0,
                space,
                k,
                track,
                space_w,
                expansion,
                hanging,
            })),
        }
    }

    /// Breaks a prepared paragraph into lines, `width(n)` saying how wide line `n` may be and
    /// `no_hyphen(n)` whether it must not end in a hyphen; the same lines as
    /// [`Typesetter::set_paragraph_avoiding`] of its text and style.
    pub fn set_prepared(
        &self,
        prepared: &mut PreparedParagraph,
        width: &mut dyn FnMut(usize) -> Pt,
        no_hyphen: &dyn Fn(usize) -> bool,
    ) -> SetParagraph {
        let style = &prepared.style;
        let p = match &mut prepared.body {
            Body::Unshaped(text) => return unshaped(text, width),
            Body::Empty => return SetParagraph::default(),
            Body::Words(p) => p,
        };
        let Some(shaper) = self.shaper(style.font) else {
            return SetParagraph::default();
        };
        let letter_stretch = letter_stretch(style, width(0));
        if letter_stretch != p.items_letter_stretch {
            for s in &p.stretches {
                p.items[s.item].stretch = s.gaps * letter_stretch + s.expansion;
            }
            p.items_letter_stretch = letter_stretch;
        }
        let mut params = self.params();
        if style.align != Align::Justify {
            params.line_stretch = RAGGED_STRETCH_EM * style.size.0;
        }
        let (breaks, pass) =
            linebreak::break_lines_reporting(&p.items, &mut |n| width(n).0, &params, no_hyphen);

        // Turn breaks into lines of word pieces.
        let mut missing = p.missing.clone();
        let mut lines = Vec::with_capacity(breaks.len());
        let mut from = 0usize;
        let count = breaks.len();
        let ctx = LineCtx {
            shaper,
            lang: style.language,
            words: &p.words,
            space: &p.space,
            k: p.k,
            track: p.track,
            space_w: p.space_w,
            letter_stretch,
            expansion: p.expansion,
            style,
            hanging: p.hanging,
        };
        let mut pieces: Vec<Piece> = Vec::new();
        for (n, b) in breaks.iter().enumerate() {
            pieces.clear();
            for o in &p.origin[from..b.position.min(p.origin.len())] {
                if let Origin::Fragment { word, start, end } = *o {
                    match pieces.last_mut() {
                        Some(p) if p.word == word && p.end == start => p.end = end,
                        _ => pieces.push(Piece { word, start, end }),
                    }
                }
            }
            let hyphen = matches!(
                p.origin.get(b.position),
                Some(Origin::WordBreak { hyphen: true })
            );
            let last = n + 1 == count;
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

/// A hang in design units (times the hang fraction) in points; none is exactly zero.
fn scaled(hang: Option<f64>, k: f64) -> f64 {
    hang.map_or(0.0, |h| h * k)
}

/// Width of a shaped run in points, with tracking after every glyph.
fn run_width(run: &ShapedText, k: f64, track: f64) -> f64 {
    run.advance as f64 * k + run.glyphs.len() as f64 * track
}

/// Builds the items of one paragraph, word by word.
struct ItemBuilder {
    items: Vec<Item>,
    origin: Vec<Origin>,
    stretches: Vec<BoxStretch>,
    k: f64,
    track: f64,
    expansion: f64,
    hanging: bool,
    hyphenate: bool,
}

impl ItemBuilder {
    /// The boxes of word `wi` and the penalties at its breaks. The boxes get no letter stretch
    /// yet (see [`BoxStretch`]).
    fn word(&mut self, wi: usize, w: &WordInfo, hyphen_w: f64) {
        let (k, track) = (self.k, self.track);
        let len = w.text.len();
        let (mut start, mut adv_start, mut glyphs_start) = (0, 0i32, 0usize);
        // The cut the current fragment starts at.
        let mut previous: Option<&Cut> = None;
        let cuts = w
            .cuts
            .iter()
            .filter(|c| self.hyphenate || !c.point.adds_hyphen)
            .map(Some)
            .chain(std::iter::once(None));
        for cut in cuts {
            let (offset, adv_before, glyphs_before) = match cut {
                Some(c) => (c.point.offset, c.advance_before, c.glyphs_before),
                None => (len, w.advance_before_end, w.glyphs_before_end),
            };
            let adv = (adv_before - adv_start) as f64;
            let n = (glyphs_before - glyphs_start) as f64;
            // Letter gaps may stretch in narrow measures; a box with stretch is fine for
            // the breaker, which sums stretch over all items. A fragment owns the gap after
            // each of its glyphs except the word's last: the gap to the next fragment, or
            // at a break the gap before the added hyphen. So the breaker counts exactly
            // the gaps the line is rendered with, whole word or broken.
            let own = if offset < len { n } else { n - 1.0 };
            let mut b = Item::boxed(adv * k + n * track);
            let stretch = BoxStretch {
                item: self.items.len(),
                gaps: own.max(0.0),
                expansion: adv * k * self.expansion,
            };
            // As `set_prepared` stretches it for a letter stretch of 0.
            b.stretch = stretch.gaps * 0.0 + stretch.expansion;
            b.shrink = adv * k * self.expansion;
            if self.hanging && start == 0 {
                b.hang = scaled(w.hang_start, k);
            }
            if start > 0 {
                // A line starting here shows the rest of the word shaped on its own (a
                // ligature or kern across the break does not survive it): the difference
                // to what the boxes count is width the line needs or saves, which the
                // breaker takes from the first box's `hang`.
                let tail = previous.map_or(&w.shaped, |c: &Cut| &c.tail);
                let counted = (w.shaped.advance - adv_start) as f64 * k
                    + (w.glyphs_before_end - glyphs_start) as f64 * track;
                b.hang = counted - run_width(tail, k, track);
            }
            self.stretches.push(stretch);
            self.items.push(b);
            self.origin.push(Origin::Fragment {
                word: wi,
                start,
                end: offset,
            });
            if let Some(c) = cut {
                // The same at the end of the line: the word's start with its hyphen, shaped
                // as it is rendered, less what the boxes count.
                let counted = c.advance_before as f64 * k + c.glyphs_before as f64 * track;
                let pw = run_width(&c.head, k, track) - counted;
                let mut p = Item::penalty(pw, HYPHEN_PENALTY, true);
                if self.hanging {
                    p.hang = if c.point.adds_hyphen {
                        hyphen_w * hang::right('-')
                    } else {
                        scaled(c.hang_before, k)
                    };
                }
                self.items.push(p);
                self.origin.push(Origin::WordBreak {
                    hyphen: c.point.adds_hyphen,
                });
            }
            start = offset;
            previous = cut;
            adv_start = adv_before;
            glyphs_start = glyphs_before;
        }
    }
}
