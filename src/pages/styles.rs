//! Styles resolved against the fonts and colours: what layout code asks for by name.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Pt;
use crate::model::{CmykColor, Language, Layout, ParagraphStyle};
use crate::text::fonts::FontBook;
use crate::text::paragraph::TextStyle;
use std::collections::BTreeMap;

/// A paragraph style with its font and colour looked up.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedStyle {
    /// What the text engine needs.
    pub text: TextStyle,
    /// Distance between baselines.
    pub leading: Pt,
    /// Fill colour.
    pub color: CmykColor,
    /// Space above the paragraph.
    pub space_before: Pt,
    /// Space below the paragraph.
    pub space_after: Pt,
    /// The font's ascender at this size (top of the line box above the baseline).
    pub ascent: Pt,
    /// The font's descender at this size (positive, below the baseline).
    pub descent: Pt,
}

impl ResolvedStyle {
    /// The same style in another language.
    pub fn in_language(&self, language: Language) -> ResolvedStyle {
        let mut s = self.clone();
        s.text.language = language;
        s
    }

    /// The same style without a first-line indent.
    pub fn without_indent(&self) -> ResolvedStyle {
        let mut s = self.clone();
        s.text.first_indent = Pt::ZERO;
        s
    }
}

/// Every paragraph style of a layout, resolved once per build.
#[derive(Debug, Clone)]
pub struct StyleSheet {
    styles: BTreeMap<String, ResolvedStyle>,
    colors: BTreeMap<String, CmykColor>,
}

impl StyleSheet {
    /// Resolves every style of `layout` for text in `language`.
    pub fn new(
        layout: &Layout,
        fonts: &FontBook,
        language: Language,
    ) -> Result<StyleSheet, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut styles = BTreeMap::new();
        for (name, style) in &layout.styles {
            match resolve(name, style, layout, fonts, language) {
                Ok(r) => {
                    styles.insert(name.clone(), r);
                }
                Err(d) => problems.push(d),
            }
        }
        if !styles.contains_key("body") && !problems.has_errors() {
            problems.push(
                Diagnostic::input("the layout has no `body` style")
                    .at_field("styles.body")
                    .with_hint("add a [styles.body] table: the body text style every layout needs"),
            );
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(StyleSheet {
            styles,
            colors: layout.colors.clone(),
        })
    }

    /// The style called `name`; the `body` style when the layout lacks it (load checks that
    /// the styles the engine needs exist, so this fallback is for optional ones).
    pub fn get(&self, name: &str) -> &ResolvedStyle {
        self.styles
            .get(name)
            .or_else(|| self.styles.get("body"))
            .expect("StyleSheet::new refuses a layout without a body style")
    }

    /// The colour called `name`, black when unknown (load checks the names).
    pub fn color(&self, name: &str) -> CmykColor {
        self.colors.get(name).copied().unwrap_or(CmykColor::BLACK)
    }
}

fn resolve(
    name: &str,
    style: &ParagraphStyle,
    layout: &Layout,
    fonts: &FontBook,
    language: Language,
) -> Result<ResolvedStyle, Diagnostic> {
    let field = format!("styles.{name}");
    let font_id = fonts.id(&style.font).ok_or_else(|| {
        Diagnostic::input(format!(
            "font `{}` is not in the project's fonts/ folder",
            style.font
        ))
        .at_field(format!("{field}.font"))
        .with_hint("name a font by its file name without extension, e.g. `SourceSerif4-Regular`")
    })?;
    let color = *layout.colors.get(&style.color).ok_or_else(|| {
        Diagnostic::input(format!(
            "colour `{}` is not defined in [colors]",
            style.color
        ))
        .at_field(format!("{field}.color"))
    })?;
    let font = fonts.get(font_id);
    Ok(ResolvedStyle {
        text: TextStyle {
            font: font_id,
            size: style.size,
            tracking: style.tracking,
            align: style.align,
            hyphenate: style.hyphenate,
            language,
            uppercase: style.uppercase,
            first_indent: style.first_indent,
            expansion: style.expansion,
            letter_spacing_max: style.letter_spacing_max,
        },
        leading: style.leading,
        color,
        space_before: style.space_before,
        space_after: style.space_after,
        ascent: font.ascender_at(style.size),
        descent: -font.descender_at(style.size),
    })
}
