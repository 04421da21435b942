//! One line of a paragraph: its word pieces shaped, justified and placed, with hanging
//! punctuation applied.

use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::hang;
use crate::text::paragraph::{
    Piece, PositionedGlyph, SetLine, TextStyle, Word, MAX_JUSTIFY_RATIO, SPACE_SHRINK,
    SPACE_STRETCH,
};
use crate::text::shape::{FontShaper, ShapedText};
use std::sync::Arc;

/// Everything needed to render the lines of one paragraph.
pub(crate) struct LineCtx<'a> {
    pub(crate) shaper: &'a FontShaper,
    pub(crate) lang: Language,
    pub(crate) words: &'a [Word],
    pub(crate) space: &'a ShapedText,
    pub(crate) k: f64,
    pub(crate) track: f64,
    pub(crate) space_w: f64,
    pub(crate) letter_stretch: f64,
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
        let mut text = String::new();
        let mut runs: Vec<(usize, Arc<ShapedText>)> = Vec::new(); // (byte offset in text, run)
        for (i, p) in pieces.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let w = &self.words[p.word];
            let tail = hyphen && i + 1 == pieces.len();
            let run = if p.start == 0 && p.end == w.text.len() && !tail {
                Arc::clone(&w.shaped)
            } else {
                let mut s = w.text[p.start..p.end].to_string();
                if tail {
                    s.push('-');
                }
                self.shaper.shape(&s, self.lang)
            };
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
        let glyph_total: f64 = runs
            .iter()
            .map(|(_, r)| r.advance as f64 * self.k + r.glyphs.len() as f64 * self.track)
            .sum();
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
        let w = width.0 + hang_left + hang_right;

        // How much to add to each space and each letter gap.
        let (mut space_add, mut gap_add, mut ratio) = (0.0, 0.0, kp_ratio);
        let mut overfull = natural > w + 0.01;
        if self.style.align == Align::Justify && !last {
            let diff = w - natural;
            if diff >= 0.0 {
                let sp = spaces as f64 * self.space_w * SPACE_STRETCH;
                let lg = gaps as f64 * self.letter_stretch;
                if sp + lg > 0.0 {
                    ratio = diff / (sp + lg);
                    // Letters never spread beyond their limit: what is left goes to the word
                    // spaces, and a line that would still gape is set flush left instead
                    // (reported by its ratio), as a designer would rather see.
                    if ratio <= 1.0 {
                        space_add = self.space_w * SPACE_STRETCH * ratio;
                        gap_add = self.letter_stretch * ratio;
                    } else {
                        gap_add = self.letter_stretch;
                        let rest = diff - gaps as f64 * gap_add;
                        if sp > 0.0 && rest / sp <= MAX_JUSTIFY_RATIO {
                            space_add = self.space_w * SPACE_STRETCH * (rest / sp);
                        } else {
                            gap_add = 0.0;
                        }
                    }
                } else {
                    ratio = 0.0;
                }
            } else {
                let sh = spaces as f64 * self.space_w * SPACE_SHRINK;
                // Reported ratios of overfull lines are capped at −10 (−10 when nothing shrinks).
                let r = if sh > 0.0 {
                    (diff / sh).max(-10.0)
                } else {
                    -10.0
                };
                // Shrink no further than the spaces allow; what is left sticks out (overfull).
                overfull = r < -1.0 - 1e-9;
                space_add = self.space_w * SPACE_SHRINK * r.max(-1.0);
                ratio = r;
            }
        } else if last && self.style.align == Align::Justify {
            ratio = 0.0;
        }
        let set_width = natural + spaces as f64 * space_add + gaps as f64 * gap_add;
        let free = (w - set_width).max(0.0);
        let mut pen = indent - hang_left
            + match self.style.align {
                Align::Left | Align::Justify => 0.0,
                Align::Center => free / 2.0,
                Align::Right => free,
            };

        let mut glyphs = Vec::new();
        let space_glyph = self.space.glyphs.first().map(|g| g.id).unwrap_or(0);
        for (i, (off, run)) in runs.iter().enumerate() {
            if i > 0 {
                glyphs.push(PositionedGlyph {
                    id: space_glyph,
                    x: Pt(pen),
                    cluster: (*off - 1) as u32,
                });
                pen += self.space_w + space_add;
            }
            let count = run.glyphs.len();
            for (j, g) in run.glyphs.iter().enumerate() {
                glyphs.push(PositionedGlyph {
                    id: g.id,
                    x: Pt(pen + g.x_offset as f64 * self.k),
                    cluster: (*off + g.cluster as usize) as u32,
                });
                pen += g.advance as f64 * self.k + self.track;
                if j + 1 < count {
                    pen += gap_add;
                }
            }
        }
        SetLine {
            text,
            glyphs,
            width,
            ratio: if ratio.is_finite() { ratio } else { 0.0 },
            hyphenated: hyphen,
            overfull,
        }
    }
}
