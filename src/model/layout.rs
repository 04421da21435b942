//! A layout file: `layouts/<name>.toml` — page geometry, grid, styles, slots.
//!
//! Page geometry is written in millimetres, type in points, as designers do.

use crate::geom::{Mm, Pt};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A complete page design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Page size and bleed.
    pub page: PageSpec,
    /// Margins; inside/outside mirror on facing pages.
    pub margins: Margins,
    /// The body columns.
    pub columns: Columns,
    /// The baseline grid body text sits on.
    pub grid: Grid,
    /// Named CMYK colours that styles refer to.
    pub colors: BTreeMap<String, CmykColor>,
    /// Paragraph styles by name (`body`, `headline`, `crosshead`, …).
    pub styles: BTreeMap<String, ParagraphStyle>,
    /// Ad slot sizes by name (`full`, `half`, …).
    pub slots: BTreeMap<String, SlotSpec>,
    /// Element spacing and decoration.
    pub elements: Elements,
}

/// Trim size and bleed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageSpec {
    /// Trimmed page width.
    pub width: Mm,
    /// Trimmed page height.
    pub height: Mm,
    /// Bleed beyond the trim on every side.
    pub bleed: Mm,
    /// Slug beyond the bleed, where printer's marks go.
    pub slug: Mm,
}

/// Page margins; `inside` is at the spine.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Head margin.
    pub top: Mm,
    /// Foot margin.
    pub bottom: Mm,
    /// Margin at the spine.
    pub inside: Mm,
    /// Margin at the fore-edge.
    pub outside: Mm,
}

/// Column count and gutter of the body text area.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// Number of body columns.
    pub count: u32,
    /// Space between columns.
    pub gutter: Mm,
}

/// The baseline grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Distance between grid lines; the body style's leading.
    pub baseline: Pt,
}

/// A colour in CMYK percentages, `[c, m, y, k]`, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CmykColor(pub [f64; 4]);

impl CmykColor {
    /// 100 % black only.
    pub const BLACK: CmykColor = CmykColor([0.0, 0.0, 0.0, 100.0]);
    /// No ink.
    pub const WHITE: CmykColor = CmykColor([0.0, 0.0, 0.0, 0.0]);

    /// The four components as fractions 0–1, as PDF wants them.
    pub fn fractions(&self) -> [f32; 4] {
        self.0.map(|v| (v / 100.0).clamp(0.0, 1.0) as f32)
    }
}

/// How lines of a paragraph are aligned.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left, ragged right.
    #[default]
    Left,
    /// Justified; the last line flush left.
    Justify,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A paragraph style: the font and how lines are set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParagraphStyle {
    /// Font name: the file stem of a font in `fonts/` (e.g. `SourceSerif4-Regular`).
    pub font: String,
    /// Type size.
    pub size: Pt,
    /// Distance between baselines.
    pub leading: Pt,
    /// Name of a colour in `[colors]`.
    #[serde(default = "default_color")]
    pub color: String,
    /// Line alignment.
    #[serde(default)]
    pub align: Align,
    /// Whether words may be hyphenated.
    #[serde(default)]
    pub hyphenate: bool,
    /// Space above the paragraph.
    #[serde(default)]
    pub space_before: Pt,
    /// Space below the paragraph.
    #[serde(default)]
    pub space_after: Pt,
    /// Indent of the first line (not applied to a paragraph right after a heading).
    #[serde(default)]
    pub first_indent: Pt,
    /// Extra space between letters, in thousandths of an em.
    #[serde(default)]
    pub tracking: f64,
    /// Set the text in capitals.
    #[serde(default)]
    pub uppercase: bool,
    /// Glyph expansion in justified lines: how far glyphs may be widened or narrowed, as a
    /// fraction of their width, alongside the word spaces (0.02: ±2 %, at most 0.03; 0 turns
    /// it off). It keeps word spacing even; beyond 2–3 % letters look distorted.
    #[serde(default = "default_expansion")]
    pub expansion: f64,
    /// Letter spacing in justified lines of narrow measures: the most extra space between
    /// letters, in ems, for measures of 11 ems or less; measures up to 15 ems get two thirds
    /// of it, measures from 25 ems none (their word spaces suffice). 0 turns it off.
    #[serde(default = "default_letter_spacing_max")]
    pub letter_spacing_max: f64,
}

fn default_color() -> String {
    "black".to_string()
}

fn default_expansion() -> f64 {
    0.02
}

fn default_letter_spacing_max() -> f64 {
    0.03
}

/// An ad slot size from the media kit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotSpec {
    /// Trimmed width of the ad.
    pub width: Mm,
    /// Trimmed height of the ad.
    pub height: Mm,
    /// Whether the ad fills the page and its artwork runs into the bleed.
    #[serde(default)]
    pub bleed: bool,
}

/// Spacing and decoration of page furniture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Elements {
    /// Space between the opener and the body columns.
    pub opener_gap: Mm,
    /// Space between an ad or photo and the text around it.
    pub float_gap: Mm,
    /// Weight of the rules above and below pull quotes.
    pub pullquote_rule: Pt,
    /// Colour of pull-quote rules, section labels and other accents.
    pub accent: String,
    /// Tint behind boxes.
    pub box_tint: String,
    /// Inner padding of boxes.
    pub box_padding: Mm,
    /// Distance of the running head's baseline from the trim top.
    pub running_head_y: Mm,
    /// Distance of the folio's baseline from the trim bottom.
    pub folio_y: Mm,
    /// Opener designs by section name (`[elements.openers.Column]`); a section without one
    /// gets the default opener: lead photo across the top, headline, standfirst across two
    /// columns.
    #[serde(default)]
    pub openers: BTreeMap<String, OpenerStyle>,
    /// Where pull quotes may stand (`[elements.pullquote]`).
    #[serde(default)]
    pub pullquote: PullquoteRules,
    /// The most pull quotes one page carries.
    #[serde(default = "one")]
    pub pullquotes_per_page: usize,
    /// The edition's page count is made a multiple of this when `edition.toml` sets no
    /// `pages` (4 for saddle stitching: whole sheets); 1 or 0 leaves the count free.
    #[serde(default = "four")]
    pub pages_multiple: usize,
}

fn one() -> usize {
    1
}

fn four() -> usize {
    4
}

/// How pull quotes are placed.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PullquoteRules {
    /// Whether a pull quote may straddle two columns in the middle of a page, the text
    /// wrapping round it on both sides (off by default: pull quotes then take a whole column
    /// of the grid, at a column's head). Even then no measure beside it falls under 60% of
    /// a column.
    #[serde(default)]
    pub straddle: bool,
}

/// A section's own opener design, as a magazine gives its columns and regular pages a look of
/// their own. Every field left out keeps the default opener's choice.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenerStyle {
    /// Weight of an accent-coloured rule across the type area above the section label
    /// (none when left out).
    #[serde(default)]
    pub rule: Option<Pt>,
    /// Paragraph style of the headline (`headline` when left out).
    #[serde(default)]
    pub headline_style: Option<String>,
    /// Paragraph style of the standfirst (`standfirst` when left out).
    #[serde(default)]
    pub standfirst_style: Option<String>,
    /// Where the standfirst and byline go.
    #[serde(default)]
    pub standfirst: StandfirstPlacement,
    /// How the article's lead photo is shown.
    #[serde(default)]
    pub lead_image: LeadImagePlacement,
}

/// Where an opener's standfirst and byline go.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum StandfirstPlacement {
    /// Under the headline, two columns wide, with the body below.
    #[default]
    Across,
    /// In the first column under the headline; the body text starts beside it in the other
    /// columns and continues under it.
    Column,
}

/// How an opener shows the article's lead photo.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LeadImagePlacement {
    /// Across the type area above the headline, with its caption under it.
    #[default]
    Across,
    /// Small, as a byline portrait: half a column wide above the byline, in the standfirst's
    /// column (the caption and credit under it).
    Portrait,
    /// Not shown; its caption and credit are still printed, under the byline.
    None,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmyk_fractions_clamp() {
        assert_eq!(
            CmykColor([0.0, 50.0, 100.0, 120.0]).fractions(),
            [0.0, 0.5, 1.0, 1.0]
        );
    }
}
