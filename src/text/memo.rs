//! Paragraphs set once per article: an article is flowed several times (to balance its last
//! page, to copyfit its opener photo), and most of its paragraphs meet the same line widths
//! each time. The memo remembers, for each paragraph and style, every question the line
//! breaker asked (how wide is line n, may line n end in a hyphen) with its answer, and the
//! lines it set; when the same paragraph comes again and the questions get the same answers,
//! the breaker would set the same lines, so those are returned.
//!
//! The answers are checked in the order the breaker asked them, stopping at the first that
//! differs: so the memo asks nothing the breaker itself would not have asked first, and the
//! flow's lazily found line slots end up as they would without it.

use super::paragraph::{SetParagraph, TextStyle, Typesetter};
use super::prepare::PreparedParagraph;
use crate::geom::Pt;
use crate::model::{Align, Language};
use crate::text::fonts::FontId;
use rustc_hash::FxHashMap as HashMap;
use std::cell::RefCell;

/// One question the line breaker asked, with its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Probe {
    /// The width of line n.
    Width(usize, Pt),
    /// Whether line n must not end in a hyphen.
    NoHyphen(usize, bool),
}

/// A paragraph set once: what was asked, and the result.
#[derive(Debug)]
struct Entry {
    probes: Vec<Probe>,
    set: SetParagraph,
}

/// One paragraph and style: the paragraph prepared for breaking, and its settings.
#[derive(Debug, Default)]
struct Slot {
    // Taken out while the paragraph is being broken (the width functions may not reach the
    // memo, but the map stays unborrowed while they run).
    prepared: Option<Box<PreparedParagraph>>,
    entries: Vec<Entry>,
}

/// A style as part of a memo key: every field, numbers by their bits (so exactly what tells
/// two settings apart; cheaper than the style's text, which the key used to be).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StyleKey {
    font: FontId,
    size: u64,
    tracking: u64,
    align: Align,
    hyphenate: bool,
    language: Language,
    uppercase: bool,
    first_indent: u64,
    expansion: u64,
    letter_spacing_max: u64,
}

impl StyleKey {
    fn of(style: &TextStyle) -> StyleKey {
        // No `..`: a field added to the style must be added to the key.
        let TextStyle {
            font,
            size,
            tracking,
            align,
            hyphenate,
            language,
            uppercase,
            first_indent,
            expansion,
            letter_spacing_max,
        } = *style;
        StyleKey {
            font,
            size: size.0.to_bits(),
            tracking: tracking.to_bits(),
            align,
            hyphenate,
            language,
            uppercase,
            first_indent: first_indent.0.to_bits(),
            expansion: expansion.to_bits(),
            letter_spacing_max: letter_spacing_max.to_bits(),
        }
    }
}

/// Set paragraphs of one article, by text and style (not shared between threads: each
/// article has its own). A paragraph asked otherwise than before is prepared only once
/// (see [`crate::text::prepare`]): only its breaking and rendering run again.
#[derive(Debug, Default)]
pub struct ParagraphMemo {
    // By text, then by style (a paragraph comes in one style or very few).
    slots: RefCell<HashMap<String, Vec<(StyleKey, Slot)>>>,
}

/// The slot of `style` among a text's.
fn slot_of(slots: &mut [(StyleKey, Slot)], style: StyleKey) -> Option<&mut Slot> {
    slots
        .iter_mut()
        .find(|(key, _)| *key == style)
        .map(|(_, slot)| slot)
}

impl ParagraphMemo {
    /// An empty memo.
    pub fn new() -> ParagraphMemo {
        ParagraphMemo::default()
    }

    /// [`Typesetter::set_paragraph_avoiding`], answered from the memo when the same
    /// paragraph was set before with the same answers to the breaker's questions.
    pub fn set(
        &self,
        typesetter: &Typesetter,
        text: &str,
        style: &TextStyle,
        width: &mut dyn FnMut(usize) -> Pt,
        no_hyphen: &dyn Fn(usize) -> bool,
    ) -> SetParagraph {
        let key = StyleKey::of(style);
        let known = self.slots.borrow().get(text).and_then(|slots| {
            let (_, slot) = slots.iter().find(|(k, _)| *k == key)?;
            // The settings whose questions all get the same answers again: the first.
            slot.entries.iter().find_map(|entry| {
                let same = entry.probes.iter().all(|probe| match *probe {
                    Probe::Width(n, w) => width(n) == w,
                    Probe::NoHyphen(n, b) => no_hyphen(n) == b,
                });
                same.then(|| entry.set.clone())
            })
        });
        if let Some(set) = known {
            return set;
        }
        // Only the first time each question is asked is recorded: within one setting the
        // same question gets the same answer, and replaying first askings in their order
        // still asks nothing the breaker would not ask first.
        let probes = RefCell::new(Vec::new());
        let asked = RefCell::new((Vec::<bool>::new(), Vec::<bool>::new()));
        let first_time = |n: usize, hyphen: bool| {
            let mut asked = asked.borrow_mut();
            let seen = if hyphen { &mut asked.1 } else { &mut asked.0 };
            if seen.len() <= n {
                seen.resize(n + 1, false);
            }
            !std::mem::replace(&mut seen[n], true)
        };
        let mut recording_width = |n: usize| {
            let w = width(n);
            if first_time(n, false) {
                probes.borrow_mut().push(Probe::Width(n, w));
            }
            w
        };
        let recording_no_hyphen = |n: usize| {
            let b = no_hyphen(n);
            if first_time(n, true) {
                probes.borrow_mut().push(Probe::NoHyphen(n, b));
            }
            b
        };
        let taken = self
            .slots
            .borrow_mut()
            .get_mut(text)
            .and_then(|slots| slot_of(slots, key)?.prepared.take());
        let mut prepared = taken.unwrap_or_else(|| Box::new(typesetter.prepare(text, style)));
        let set =
            typesetter.set_prepared(&mut prepared, &mut recording_width, &recording_no_hyphen);
        let mut all = self.slots.borrow_mut();
        let slots = match all.get_mut(text) {
            Some(slots) => slots,
            None => all.entry(text.to_string()).or_default(),
        };
        let at = match slots.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                slots.push((key, Slot::default()));
                slots.len() - 1
            }
        };
        let slot = &mut slots[at].1;
        slot.prepared = Some(prepared);
        slot.entries.push(Entry {
            probes: probes.into_inner(),
            set: set.clone(),
        });
        set
    }

    /// [`Typesetter::set_paragraph`] at one width for every line, through the memo.
    pub fn set_at(
        &self,
        typesetter: &Typesetter,
        text: &str,
        style: &TextStyle,
        width: Pt,
    ) -> SetParagraph {
        self.set(typesetter, text, style, &mut |_| width, &|_| false)
    }
}

/// Sets paragraphs at one width, through an article's memo when there is one (openers)
/// or straight away (the cover).
#[derive(Clone, Copy)]
pub struct Setter<'a> {
    /// Shapes and breaks.
    pub typesetter: &'a Typesetter,
    /// The article's memo.
    pub memo: Option<&'a ParagraphMemo>,
}

impl Setter<'_> {
    /// Sets `text` in `style` at `width` for every line.
    pub fn set_at(&self, text: &str, style: &TextStyle, width: Pt) -> SetParagraph {
        match self.memo {
            Some(memo) => memo.set_at(self.typesetter, text, style, width),
            None => self.typesetter.set_paragraph(text, style, &mut |_| width),
        }
    }
}

impl<'a> crate::flow::FlowContext<'a> {
    /// A setter through this article's memo.
    pub fn setter(&self) -> Setter<'a> {
        Setter {
            typesetter: self.typesetter,
            memo: Some(self.memo),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_asked_the_same_is_set_once_and_asked_otherwise_again() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let fonts = crate::text::fonts::FontBook::load_dir(&root.join("fonts")).unwrap();
        let typesetter = Typesetter::new(std::sync::Arc::new(fonts));
        let font = typesetter.fonts().id("SourceSerif4-Regular").unwrap();
        let style = TextStyle {
            font,
            size: Pt(9.6),
            tracking: 0.0,
            align: crate::model::Align::Justify,
            hyphenate: true,
            language: crate::model::Language::Nl,
            uppercase: false,
            first_indent: Pt::ZERO,
            expansion: 0.02,
            letter_spacing_max: 0.03,
        };
        let text = "Jeugdzorgorganisaties werken samen aan een veilige digitale werkomgeving \
                    voor medewerkers en cliënten, met trainingen en campagnes.";
        let memo = ParagraphMemo::new();
        let asked = std::cell::Cell::new(0);
        let mut width = |_| {
            asked.set(asked.get() + 1);
            Pt(120.0)
        };
        let first = memo.set(&typesetter, text, &style, &mut width, &|_| false);
        let asked_first = asked.get();
        let again = memo.set(&typesetter, text, &style, &mut width, &|_| false);
        assert_eq!(first.lines, again.lines);
        assert!(asked_first > 0 && asked.get() - asked_first <= asked_first);
        // Another measure: set anew, as the typesetter would.
        let wider = memo.set_at(&typesetter, text, &style, Pt(160.0));
        let direct = typesetter.set_paragraph(text, &style, &mut |_| Pt(160.0));
        assert_eq!(wider.lines, direct.lines);
        assert_ne!(wider.lines, first.lines);
    }
}
