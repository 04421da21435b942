//! Characters no font has: text shaped to glyph id 0 (`.notdef`) would print as empty boxes
//! or nothing at all, so every such character is reported, naming the article, the part, the
//! character with its code point, and the font.

use crate::diag::Diagnostic;
use crate::document::{Document, Item};
use crate::text::fonts::FontBook;
use std::collections::BTreeSet;

/// One diagnostic per article, part, character and font for every glyph id 0 in `doc`'s text
/// runs, in page order. Input errors (exit code 2): the article's text must change, or the
/// layout must use a font that has the character.
pub fn missing_glyphs(doc: &Document, fonts: &FontBook) -> Vec<Diagnostic> {
    let mut seen: BTreeSet<(String, String, char, u16)> = BTreeSet::new();
    let mut out = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            for glyph in run.glyphs.iter().filter(|g| g.id == 0) {
                // The cluster is a byte offset into the run's text; a bad one still reports.
                let c = run
                    .text
                    .get(glyph.cluster as usize..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('\u{fffd}');
                if c.is_whitespace() || c.is_control() {
                    // Spaces and breaks are drawn as advances, not glyphs.
                    continue;
                }
                let key = (
                    run.source.owner.clone(),
                    run.source.part.clone(),
                    c,
                    run.font.0,
                );
                if !seen.insert(key) {
                    continue;
                }
                let font = fonts
                    .fonts()
                    .get(usize::from(run.font.0))
                    .map(|f| f.name.as_str())
                    .unwrap_or("?");
                let owner = &run.source.owner;
                let mut d = Diagnostic::input(format!(
                    "character “{c}” (U+{:04X}) of `{owner}` {} on page {} is not in font {font}: it would not print",
                    u32::from(c),
                    run.source.part,
                    page.number
                ))
                .at_field(run.source.part.clone())
                .with_hint(format!(
                    "replace the character, or set the style in a font that has U+{:04X}",
                    u32::from(c)
                ));
                if !matches!(owner.as_str(), "cover" | "furniture") {
                    d = d.in_file(format!("articles/{owner}.json"));
                }
                out.push(d);
            }
        }
    }
    out
}
