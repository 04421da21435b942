//! Words as the line breaker needs them, worked out once per font and language: the word
//! shaped, its hyphenation points, and at each point the two halves shaped as a broken line
//! shows them (the start with its hyphen, the rest on its own). A magazine repeats its words
//! many times over; this keeps each distinct word from being hyphenated and its halves looked
//! up again in every paragraph (and every re-flow) it appears in.

use crate::model::Language;
use crate::text::hang;
use crate::text::hyphenate::{self, BreakPoint, Exceptions};
use crate::text::shape::{lang_index, FontShaper, ShapedText};
// FxHash in the text caches (here, shaping, hyphenation, memos): their keys are words,
// hashed a hundred thousand times a build, and SipHash's guard against keys crafted to
// collide buys nothing for a magazine's own text (it was 4 % of the sample's instructions).
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, RwLock};

/// One place a word may be broken, with what a line ending or starting there shows.
#[derive(Debug)]
pub(crate) struct Cut {
    /// Where, and whether a hyphen is added.
    pub(crate) point: BreakPoint,
    /// Advance of the whole word's glyphs whose cluster starts before the cut, design units.
    pub(crate) advance_before: i32,
    /// Number of those glyphs.
    pub(crate) glyphs_before: usize,
    /// How far the last glyph before the cut may hang into the right margin, in design units
    /// (times the character's hang fraction); `None` when there is no such glyph.
    pub(crate) hang_before: Option<f64>,
    /// The word's start up to the cut, with the added hyphen if any, shaped on its own.
    pub(crate) head: Arc<ShapedText>,
    /// The rest of the word from the cut, shaped on its own.
    pub(crate) tail: Arc<ShapedText>,
}

/// A word (a token between spaces) shaped and hyphenated in one font and language.
#[derive(Debug)]
pub(crate) struct WordInfo {
    /// The word.
    pub(crate) text: String,
    /// The word shaped whole.
    pub(crate) shaped: Arc<ShapedText>,
    /// Every place it may break, in order (styles that do not hyphenate skip those that add
    /// a hyphen).
    pub(crate) cuts: Vec<Cut>,
    /// Advance of the glyphs whose cluster starts before the word's end, design units.
    pub(crate) advance_before_end: i32,
    /// Number of those glyphs.
    pub(crate) glyphs_before_end: usize,
    /// How far the word's first glyph may hang into the left margin, in design units (times
    /// the hang fraction); `None` for a word without glyphs.
    pub(crate) hang_start: Option<f64>,
    /// How far its last glyph may hang into the right margin, likewise.
    pub(crate) hang_end: Option<f64>,
}

impl WordInfo {
    /// The cut at byte `offset`, if there is one.
    pub(crate) fn cut_at(&self, offset: usize) -> Option<&Cut> {
        self.cuts
            .binary_search_by_key(&offset, |c| c.point.offset)
            .ok()
            .map(|i| &self.cuts[i])
    }
}

// Above this many words a cache is emptied rather than grown (pathological input only; the
// result is the same either way).
const CACHE_LIMIT: usize = 200_000;

/// Words of one font, per language. Thread-safe and deterministic: an entry is a pure
/// function of the word, the language, the font and the exception lists, so it does not
/// matter which thread worked it out first.
#[derive(Default)]
pub(crate) struct WordCache {
    words: [RwLock<HashMap<String, Arc<WordInfo>>>; 2],
}

/// What a word is shaped and hyphenated with.
pub(crate) struct WordSource<'a> {
    /// The font.
    pub(crate) shaper: &'a FontShaper,
    /// The exception lists.
    pub(crate) exceptions: &'a Exceptions,
    /// The language.
    pub(crate) language: Language,
}

impl WordCache {
    /// The words `texts` (a paragraph's) in `source`'s font and language, each worked out on
    /// first use. The cache's lock is taken once to read and (when some are new) once to
    /// write: taken for every word, two threads setting paragraphs of one font at once passed
    /// its cache line back and forth 155 000 times on the 16x edition.
    pub(crate) fn get_all(&self, texts: &[&str], source: &WordSource) -> Vec<Arc<WordInfo>> {
        let cache = &self.words[lang_index(source.language)];
        let found: Vec<Option<Arc<WordInfo>>> = {
            let map = cache.read().unwrap_or_else(|e| e.into_inner());
            texts.iter().map(|t| map.get(*t).cloned()).collect()
        };
        if found.iter().all(Option::is_some) {
            return found.into_iter().flatten().collect();
        }
        // New words worked out outside the lock, each once.
        let mut new: HashMap<&str, Arc<WordInfo>> = HashMap::default();
        for (t, f) in texts.iter().zip(&found) {
            if f.is_none() && !new.contains_key(t) {
                new.insert(t, Arc::new(work_out(t, source)));
            }
        }
        let mut map = cache.write().unwrap_or_else(|e| e.into_inner());
        if map.len() + new.len() >= CACHE_LIMIT {
            map.clear();
        }
        texts
            .iter()
            .zip(found)
            .map(|(t, f)| match (f, new.get(t)) {
                (Some(hit), _) => hit,
                (None, Some(info)) => Arc::clone(
                    map.entry((*t).to_string())
                        .or_insert_with(|| Arc::clone(info)),
                ),
                (None, None) => Arc::new(work_out(t, source)),
            })
            .collect()
    }
}

fn work_out(text: &str, source: &WordSource) -> WordInfo {
    let lang = source.language;
    let shaped = source.shaper.shape(text, lang);
    let cuts = hyphenate::breaks(text, lang, source.exceptions)
        .into_iter()
        .map(|point| {
            let shaper = source.shaper;
            Cut {
                point,
                advance_before: shaped.advance_before(point.offset),
                glyphs_before: shaped.glyphs_in(0, point.offset),
                hang_before: hang_before(text, &shaped, point.offset),
                head: shaper.shape_head(text, &shaped, point.offset, point.adds_hyphen, lang),
                tail: shaper.shape_tail(text, &shaped, point.offset, lang),
            }
        })
        .collect();
    let hang_start = match (text.chars().next(), shaped.glyphs.first()) {
        (Some(c), Some(g)) => Some(hang::left(c) * g.advance as f64),
        _ => None,
    };
    WordInfo {
        text: text.to_string(),
        advance_before_end: shaped.advance_before(text.len()),
        glyphs_before_end: shaped.glyphs_in(0, text.len()),
        hang_end: hang_before(text, &shaped, text.len()),
        hang_start,
        shaped,
        cuts,
    }
}

/// How far the glyph ending at byte `end` of `text` may hang into the right margin, in
/// design units times the hang fraction. (Kept unscaled and apart from a missing glyph so
/// that scaling it later is the same arithmetic as before.)
fn hang_before(text: &str, shaped: &ShapedText, end: usize) -> Option<f64> {
    let c = text[..end].chars().next_back()?;
    // The last glyph whose cluster starts before `end`.
    let g = shaped
        .glyphs
        .iter()
        .filter(|g| (g.cluster as usize) < end)
        .max_by_key(|g| g.cluster);
    g.map(|g| hang::right(c) * g.advance as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fonts::FontBook;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every string of a JSON value, split into tokens as paragraphs are.
    fn tokens(value: &serde_json::Value, out: &mut BTreeSet<String>) {
        match value {
            serde_json::Value::String(s) => {
                out.extend(s.split_whitespace().map(str::to_string));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| tokens(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| tokens(v, out)),
            _ => {}
        }
    }

    // The halves of a cut are cut from the word's shaping where harfrust allows it, and with
    // a hyphen only its last character is shaped again: on every word of the sample, in every
    // font the layout uses, they must be the glyphs that shaping each half on its own gives.
    #[test]
    fn halves_taken_from_the_word_are_the_halves_shaped_alone() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut words = BTreeSet::new();
        let articles = root.join("editions/jn-magazine/articles");
        for entry in std::fs::read_dir(&articles).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            tokens(&serde_json::from_str(&text).unwrap(), &mut words);
        }
        assert!(words.len() > 2000, "{} words", words.len());
        let book = FontBook::load_dir(&root.join("fonts")).unwrap();
        let exceptions = Exceptions::default();
        let (mut cuts, mut tails_taken, mut heads_spliced) = (0, 0, 0);
        for font in book.fonts() {
            let shaper = FontShaper::new(Arc::clone(&font.data)).unwrap();
            for word in &words {
                let whole = shaper.shape(word, Language::Nl);
                for point in hyphenate::breaks(word, Language::Nl, &exceptions) {
                    let at = point.offset;
                    let head = shaper.shape_head(word, &whole, at, point.adds_hyphen, Language::Nl);
                    let tail = shaper.shape_tail(word, &whole, at, Language::Nl);
                    let head_text = format!(
                        "{}{}",
                        &word[..at],
                        if point.adds_hyphen { "-" } else { "" }
                    );
                    let alone = |t: &str| shaper.shape(t, Language::Nl);
                    let same = |a: &ShapedText, b: &ShapedText| {
                        a.advance == b.advance
                            && a.missing == b.missing
                            && a.glyphs.len() == b.glyphs.len()
                            && a.glyphs.iter().zip(&b.glyphs).all(|(x, y)| {
                                (x.id, x.advance, x.x_offset, x.cluster)
                                    == (y.id, y.advance, y.x_offset, y.cluster)
                            })
                    };
                    assert!(
                        same(&head, &alone(&head_text)),
                        "{}: {head_text}",
                        font.name
                    );
                    assert!(
                        same(&tail, &alone(&word[at..])),
                        "{}: {word} at {at}",
                        font.name
                    );
                    cuts += 1;
                    tails_taken += usize::from(whole.safe_cut(at).is_some());
                    // A hyphenated head is spliced when the cut before its last character is
                    // safe (see `FontShaper::shape_head`).
                    let last = word[..at].char_indices().next_back().map_or(0, |(i, _)| i);
                    heads_spliced += usize::from(
                        point.adds_hyphen && last > 0 && whole.safe_cut(last).is_some(),
                    );
                }
            }
        }
        // Most halves are taken from the word (else this would test shaping against itself).
        assert!(
            cuts > 20_000 && tails_taken * 2 > cuts && heads_spliced * 3 > cuts,
            "of {cuts} cuts, {tails_taken} tails taken, {heads_spliced} heads spliced"
        );
    }
}
