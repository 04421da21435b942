//! One line of a paragraph: its word pieces shaped, justified and placed, with hanging
//! punctuation applied.

use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::hang;
use crate::text::paragraph::{
    Piece, PositionedGlyph, SetLine, TextStyle, MAX_JUSTIFY_RATIO, SPACE_SHRINK, SPACE_STRETCH,
};
use crate::text::shape::{FontShaper, ShapedText};
use crate::text::words::WordInfo;
use std::sync::Arc;

/// Everything needed to render the lines of one paragraph.
pub(crate) struct LineCtx<'a> {
    pub(crate) shaper: &'a FontShaper,
    pub(crate) lang: Language,
    pub(crate) words: &'a [Arc<WordInfo>],
    pub(crate) space: &'a ShapedText,
    pub(crate) k: f64,
    pub(crate) track: f64,
    pub(crate) space_w: f64,
    pub(crate) letter_stretch: f64,
    /// How far glyphs may widen or narrow (a fraction of their width) in justified lines.
    pub(crate) expansion: f64,
    pub(crate) style: &'a TextStyle,
    pub(crate) hanging: bool,
}

impl LineCtx<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn render(
        &self,
        pieces: &[Piece],
        hyphen: bool,
        last: bool,
        n: usize,
        width: Pt,
        kp_ratio: f64,
        missing: &mut Vec<char>,
    ) -> SetLine {
        // Shape each piece: whole words come from the word shaping; a fragment is shaped on
        // its own (a ligature or kern across the break must not survive it), with the added
        // hyphen shaped together with the fragment it ends.
        // (Sized up front: growing these piecemeal was a good part of a line's cost.)
        let text_len: usize = pieces.iter().map(|p| p.end - p.start + 1).sum();
        let mut text = String::with_capacity(text_len + 1);
        // (byte offset in text, run)
        let mut runs: Vec<(usize, Arc<ShapedText>)> = Vec::with_capacity(pieces.len());
        for (i, p) in pieces.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let w = &self.words[p.word];
            let tail = hyphen && i + 1 == pieces.len();
            let run = self.piece_run(w, p, tail);
            for &c in &run.missing {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
            runs.push((text.len(), run));
            text.push_str(&self.words[p.word].text[p.start..p.end]);
        }
        if hyphen {
            text.push('-');
        }
        let spaces = runs.len().saturating_sub(1);
        let gaps: usize = runs
            .iter()
            .map(|(_, r)| r.glyphs.len().saturating_sub(1))
            .sum();
        let indent = if n == 0 {
            self.style.first_indent.0
        } else {
            0.0
        };
        let glyph_adv: f64 = runs.iter().map(|(_, r)| r.advance as f64 * self.k).sum();
        let glyph_count: usize = runs.iter().map(|(_, r)| r.glyphs.len()).sum();
        let glyph_total = glyph_adv + glyph_count as f64 * self.track;
        let natural = indent + glyph_total + spaces as f64 * self.space_w;
        // Hanging punctuation: the line is set wider by what may hang at its ends and shifted
        // left by what hangs at its start (never into an indent).
        let (hang_left, hang_right) = if self.hanging {
            let first = runs.first().and_then(|(off, r)| {
                let g = r.glyphs.first()?;
                let c = text[*off + g.cluster as usize..].chars().next()?;
                Some(hang::left(c) * g.advance as f64 * self.k)
            });
            let last = runs.last().and_then(|(_, r)| {
                let g = r.glyphs.iter().max_by_key(|g| g.cluster)?;
                let c = text.chars().next_back()?;
                Some(hang::right(c) * g.advance as f64 * self.k)
            });
            let left = if indent > 0.0 {
                0.0
            } else {
                first.unwrap_or(0.0)
            };
            (left, last.unwrap_or(0.0))
        } else {
            (0.0, 0.0)
        };
        let f = Fit {
            natural,
            width: width.0 + hang_left + hang_right,
            spaces,
            gaps,
            advance: glyph_adv,
            last,
            kp_ratio,
        };
        let mut fit = self.fit(f);
        // What hangs is widened or narrowed with its glyph: fit again to the scaled hang (close
        // enough after one step: the error is of the order of the scale's square). Not when
        // that would make the line overfull: the breaker counted the hang unscaled.
        let mut hang_scale = 1.0;
        if fit.scale != 1.0 {
            let again = self.fit(Fit {
                width: width.0 + (hang_left + hang_right) * fit.scale,
                ..f
            });
            if !again.overfull || fit.overfull {
                hang_scale = fit.scale;
                fit = again;
            }
        }
        let (hang_left, hang_right) = (hang_left * hang_scale, hang_right * hang_scale);
        let w = width.0 + hang_left + hang_right;
        let set_width = natural
            + spaces as f64 * fit.space_add
            + gaps as f64 * fit.gap_add
            + glyph_adv * (fit.scale - 1.0);
        let free = (w - set_width).max(0.0);
        let mut pen = indent - hang_left
            + match self.style.align {
                Align::Left | Align::Justify => 0.0,
                Align::Center => free / 2.0,
                Align::Right => free,
            };

        let mut glyphs = Vec::with_capacity(glyph_count + spaces);
        let space_glyph = self.space.glyphs.first().map(|g| g.id).unwrap_or(0);
        for (i, (off, run)) in runs.iter().enumerate() {
            if i > 0 {
                glyphs.push(PositionedGlyph {
                    id: space_glyph,
                    x: Pt(pen),
                    cluster: (*off - 1) as u32,
                });
                pen += self.space_w + fit.space_add;
            }
            let count = run.glyphs.len();
            for (j, g) in run.glyphs.iter().enumerate() {
                glyphs.push(PositionedGlyph {
                    id: g.id,
                    x: Pt(pen + g.x_offset as f64 * self.k * fit.scale),
                    cluster: (*off + g.cluster as usize) as u32,
                });
                pen += g.advance as f64 * self.k * fit.scale + self.track;
                if j + 1 < count {
                    pen += fit.gap_add;
                }
            }
        }
        SetLine {
            text,
            glyphs,
            width,
            ratio: if fit.ratio.is_finite() {
                fit.ratio
            } else {
                0.0
            },
            hyphenated: hyphen,
            overfull: fit.overfull,
            justified: fit.justified,
            scale: fit.scale,
        }
    }

    /// Piece `p` of word `w` shaped as the line shows it, `tail` when the line's added hyphen
    /// follows it. A whole word, a word's start up to a break or its rest from one come from
    /// the word's own shapings; only a piece of a word broken twice is shaped here.
    fn piece_run(&self, w: &WordInfo, p: &Piece, tail: bool) -> Arc<ShapedText> {
        let len = w.text.len();
        if p.start == 0 && p.end == len && !tail {
            return Arc::clone(&w.shaped);
        }
        if p.start == 0 {
            if let Some(c) = w.cut_at(p.end).filter(|c| c.point.adds_hyphen == tail) {
                return Arc::clone(&c.head);
            }
        }
        if p.end == len && !tail {
            if let Some(c) = w.cut_at(p.start) {
                return Arc::clone(&c.tail);
            }
        }
        let mut s = w.text[p.start..p.end].to_string();
        if tail {
            s.push('-');
        }
        self.shaper.shape(&s, self.lang)
    }

    /// How a line of `f.natural` width is brought to `f.width`. Word spaces, letter gaps and
    /// glyph widths stretch or shrink together, each by the ratio times its limit, as the
    /// breaker counted them; so the ratio is what the word spaces do. Past ratio 1 letters and
    /// glyphs stay at their limits and only the spaces open further, up to
    /// [`MAX_JUSTIFY_RATIO`]; a line that would gape more is set flush left (reported by its
    /// ratio), as a designer would rather see. Last lines keep natural spacing unless they must
    /// shrink to fit (the breaker may have counted on that).
    fn fit(&self, f: Fit) -> Adjustment {
        let space_st = self.space_w * SPACE_STRETCH;
        let space_sh = self.space_w * SPACE_SHRINK;
        let ex = self.expansion;
        let natural_fit = Adjustment {
            space_add: 0.0,
            gap_add: 0.0,
            scale: 1.0,
            ratio: if f.last { 0.0 } else { f.kp_ratio },
            overfull: f.natural > f.width + 0.01,
            justified: false,
        };
        if self.style.align != Align::Justify {
            return natural_fit;
        }
        let diff = f.width - f.natural;
        if diff < 0.0 {
            let sh = f.spaces as f64 * space_sh + f.advance * ex;
            // Reported ratios of overfull lines are capped at −10 (−10 when nothing shrinks).
            let r = if sh > 0.0 {
                (diff / sh).max(-10.0)
            } else {
                -10.0
            };
            // Shrink no further than the limits allow; what is left sticks out (overfull).
            let s = r.max(-1.0);
            return Adjustment {
                space_add: space_sh * s,
                gap_add: 0.0,
                scale: 1.0 + ex * s,
                ratio: r,
                overfull: r < -1.0 - 1e-9,
                justified: !f.last,
            };
        }
        if f.last {
            return natural_fit;
        }
        let sp = f.spaces as f64 * space_st;
        let lg = f.gaps as f64 * self.letter_stretch;
        let gl = f.advance * ex;
        if sp + lg + gl <= 0.0 {
            return Adjustment {
                ratio: 0.0,
                ..natural_fit
            };
        }
        let r = diff / (sp + lg + gl);
        if r <= 1.0 {
            return Adjustment {
                space_add: space_st * r,
                gap_add: self.letter_stretch * r,
                scale: 1.0 + ex * r,
                ratio: r,
                overfull: false,
                justified: true,
            };
        }
        // Letters and glyphs at their limits; the rest, if not too much, to the spaces.
        let rest = (diff - lg - gl) / sp;
        if sp > 0.0 && rest <= MAX_JUSTIFY_RATIO {
            Adjustment {
                space_add: space_st * rest,
                gap_add: self.letter_stretch,
                scale: 1.0 + ex,
                ratio: rest,
                overfull: false,
                justified: true,
            }
        } else {
            Adjustment {
                ratio: if sp > 0.0 { rest } else { r },
                ..natural_fit
            }
        }
    }
}

/// A line's measurements, for [`LineCtx::fit`].
#[derive(Clone, Copy)]
struct Fit {
    /// Natural width: glyphs, tracking, indent, word spaces.
    natural: f64,
    /// The width to fill (hanging punctuation included).
    width: f64,
    /// Word spaces on the line.
    spaces: usize,
    /// Letter gaps (between glyphs of one word piece).
    gaps: usize,
    /// The glyphs' advances alone (what expansion scales).
    advance: f64,
    /// Whether it is the paragraph's last line.
    last: bool,
    /// The ratio the breaker found.
    kp_ratio: f64,
}

/// What [`LineCtx::fit`] decided.
struct Adjustment {
    /// Added to each word space (negative: shrink).
    space_add: f64,
    /// Added to each letter gap.
    gap_add: f64,
    /// Horizontal scale of the glyphs (1 = as designed).
    scale: f64,
    /// The adjustment ratio, as reported.
    ratio: f64,
    /// Wider than the width even at full shrink.
    overfull: bool,
    /// Brought to the width (not set flush left, centred or right).
    justified: bool,
}
