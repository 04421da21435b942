//! Text: fonts, shaping, hyphenation and line breaking.
//!
//! `fonts` parses each font once; `shape` turns a run of text into glyphs (harfrust);
//! `hyphenate` finds break points in words (Liang patterns plus the project's exceptions);
//! `linebreak` is our Knuth–Plass total-fit breaker, which asks for each line's width;
//! `paragraph` ties them together: text + style + width-per-line → set lines, each rendered
//! by `line`; `hang` says how far punctuation hangs into the margins.

pub mod fonts;
pub mod hang;
pub mod hyphenate;
mod line;
pub mod linebreak;
pub mod memo;
pub mod paragraph;
pub mod prepare;
pub mod shape;
mod words;

#[cfg(test)]
mod linebreak_tests;
#[cfg(test)]
mod paragraph_tests;
