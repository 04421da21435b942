//! Paragraphs: text + style + a width for each line → set lines.
//! (Interface fixed; implementation by the text module's owner.)

use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::fonts::{FontBook, FontId};
use serde::Serialize;
use std::sync::Arc;

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
}

/// A paragraph set into lines.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SetParagraph {
    /// The lines, first to last.
    pub lines: Vec<SetLine>,
    /// Characters that no font had a glyph for.
    pub missing: Vec<char>,
}

/// Sets paragraphs: owns the fonts, the hyphenation dictionaries and the shaping caches.
/// Shared by reference across rayon threads.
pub struct Typesetter {
    fonts: Arc<FontBook>,
}

impl Typesetter {
    /// A typesetter for these fonts, with Dutch and English hyphenation and the project's
    /// exception list.
    pub fn new(fonts: Arc<FontBook>) -> Typesetter {
        Typesetter { fonts }
    }

    /// The fonts.
    pub fn fonts(&self) -> &FontBook {
        &self.fonts
    }

    /// Sets `text` in `style`; `width(n)` says how wide line `n` (0-based) may be.
    /// Every character of `text` ends up on some line.
    pub fn set_paragraph(
        &self,
        text: &str,
        style: &TextStyle,
        width: &mut dyn FnMut(usize) -> Pt,
    ) -> SetParagraph {
        let _ = (text, style, width);
        todo!("text owner")
    }
}
