//! Hyphenation: where a word may be broken.
//!
//! Liang patterns from the `hyphenation` crate (Dutch and US English, embedded, loaded once
//! per process), overridden by the project's exception lists. Our own rules decide which words
//! are left alone: short words, words with digits, addresses, acronyms.

use crate::model::Language;
use crate::text::shape::lang_index;
use hyphenation::{Hyphenator, Load, Standard};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{OnceLock, RwLock};

/// Words shorter than this many letters are never hyphenated.
pub const MIN_WORD: usize = 5;

/// A place where a word may be broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakPoint {
    /// Byte offset in the word: the first line ends before it, the next starts at it.
    pub offset: usize,
    /// `true` when the break needs an added hyphen; `false` after an existing hard hyphen.
    pub adds_hyphen: bool,
}

/// Letters kept together at the start and end of a word: (left, right).
pub fn minima(language: Language) -> (usize, usize) {
    match language {
        Language::Nl => (2, 3),
        Language::En => (2, 3),
    }
}

fn dictionary(language: Language) -> Option<&'static Standard> {
    static NL: OnceLock<Option<Standard>> = OnceLock::new();
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, lang) = match language {
        Language::Nl => (&NL, hyphenation::Language::Dutch),
        Language::En => (&EN, hyphenation::Language::EnglishUS),
    };
    cell.get_or_init(|| Standard::from_embedded(lang).ok())
        .as_ref()
}

/// Tokens whose break points a cache keeps, per language; past this, new tokens are worked
/// out every time (the cache only bounds memory; the output is the same either way).
const CACHE_LIMIT: usize = 200_000;

/// Exception lists: lowercase word → character positions where it may break. Also caches the
/// break points of every token looked up through it ([`breaks`]), since the result depends only
/// on the token, the language and these lists; changing a list empties the cache.
#[derive(Debug, Default)]
pub struct Exceptions {
    words: [HashMap<String, Vec<usize>>; 2],
    cache: [RwLock<HashMap<String, Vec<BreakPoint>>>; 2],
}

impl Clone for Exceptions {
    /// The lists; the clone starts with an empty cache.
    fn clone(&self) -> Exceptions {
        Exceptions {
            words: self.words.clone(),
            cache: Default::default(),
        }
    }
}

impl Exceptions {
    /// Adds the words of `list`: one word a line, hyphens at the allowed breaks, `#` starts a
    /// comment. A later entry for the same word replaces an earlier one.
    pub fn add_list(&mut self, language: Language, list: &str) {
        for cache in &mut self.cache {
            cache.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
        }
        for line in list.lines() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            let mut word = String::new();
            let mut breaks = Vec::new();
            let mut chars = 0usize;
            for c in entry.chars() {
                if c == '-' {
                    if chars > 0 {
                        breaks.push(chars);
                    }
                } else {
                    for l in c.to_lowercase() {
                        word.push(l);
                        chars += 1;
                    }
                }
            }
            breaks.retain(|&b| b < chars);
            breaks.dedup();
            if !word.is_empty() {
                self.words[lang_index(language)].insert(word, breaks);
            }
        }
    }

    /// The exception for `lowercase` (character positions), if listed.
    pub fn get(&self, language: Language, lowercase: &str) -> Option<&[usize]> {
        self.words[lang_index(language)]
            .get(lowercase)
            .map(Vec::as_slice)
    }

    /// Number of listed words for `language`.
    pub fn len(&self, language: Language) -> usize {
        self.words[lang_index(language)].len()
    }
}

fn is_url_like(token: &str) -> bool {
    token.contains('@') || token.contains("www.") || token.contains('/') || token.contains("://")
}

/// Break points of one token (a word with its punctuation, as it stands between spaces).
/// Breaks are sorted by offset. Cached per token in `exceptions` (thread-safe; the same
/// result as working them out again).
pub fn breaks(token: &str, language: Language, exceptions: &Exceptions) -> Vec<BreakPoint> {
    let cache = &exceptions.cache[lang_index(language)];
    if let Some(hit) = cache.read().unwrap_or_else(|e| e.into_inner()).get(token) {
        return hit.clone();
    }
    let out = compute_breaks(token, language, exceptions);
    let mut map = cache.write().unwrap_or_else(|e| e.into_inner());
    if map.len() < CACHE_LIMIT {
        map.entry(token.to_string()).or_insert_with(|| out.clone());
    }
    out
}

/// [`breaks`] without the cache.
fn compute_breaks(token: &str, language: Language, exceptions: &Exceptions) -> Vec<BreakPoint> {
    let mut out = Vec::new();
    if token.chars().count() < MIN_WORD {
        return out;
    }
    if is_url_like(token) {
        return url_breaks(token);
    }
    let has_digit = token.chars().any(|c| c.is_ascii_digit());
    // Split at hard hyphens: each part is hyphenated on its own, and the hyphen itself is a
    // break (no added hyphen) when both sides are long enough to stand alone.
    let mut start = 0;
    let parts: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        for (i, c) in token.char_indices() {
            if c == '-' || c == '\u{2010}' {
                v.push((start, i));
                start = i + c.len_utf8();
            }
        }
        v.push((start, token.len()));
        v
    };
    for (n, &(s, e)) in parts.iter().enumerate() {
        if n > 0 {
            let before = letters(&token[..s]);
            let after = letters(&token[s..]);
            let next_starts_with_letter =
                token[s..].chars().next().is_some_and(char::is_alphabetic);
            if before >= 1 && after >= 3 && next_starts_with_letter {
                out.push(BreakPoint {
                    offset: s,
                    adds_hyphen: false,
                });
            }
        }
        if !has_digit {
            for b in word_breaks(&token[s..e], language, exceptions) {
                out.push(BreakPoint {
                    offset: s + b,
                    adds_hyphen: true,
                });
            }
        }
    }
    out.sort_by_key(|b| b.offset);
    out.dedup_by_key(|b| b.offset);
    out
}

/// An address is never hyphenated, but may break (without a hyphen) after a `/` or before a
/// `.` or `@`, keeping at least two characters on either side.
fn url_breaks(token: &str) -> Vec<BreakPoint> {
    let total = token.chars().count();
    let mut out = Vec::new();
    for (n, (i, c)) in token.char_indices().enumerate() {
        let at = match c {
            '/' => i + 1,
            '.' | '@' => i,
            _ => continue,
        };
        let before = token[..at].chars().count();
        let after = total - before;
        // Not inside `//`, and not before trailing punctuation.
        let next = token[at..].chars().next();
        if before >= 2 && after >= 3 && next != Some('/') && n > 0 {
            out.push(BreakPoint {
                offset: at,
                adds_hyphen: false,
            });
        }
    }
    out.dedup_by_key(|b| b.offset);
    out
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Break offsets (bytes) inside one word part without hard hyphens; surrounding punctuation is
/// ignored for the lookup.
fn word_breaks(part: &str, language: Language, exceptions: &Exceptions) -> Vec<usize> {
    // The Dutch digraph as one character (ĳ, Ĳ) is unknown to the patterns and the exception
    // list: look the word up spelt with two letters and map the breaks back, dropping any
    // between the i and the j (which the patterns never give, but an exception might).
    if part.contains(['\u{0133}', '\u{0132}']) {
        let mut spelt = String::new();
        // For each byte offset of `spelt` at a character start: the offset in `part`, or
        // `None` inside an expanded digraph.
        let mut back: Vec<(usize, Option<usize>)> = Vec::new();
        for (i, c) in part.char_indices() {
            back.push((spelt.len(), Some(i)));
            match c {
                '\u{0133}' => {
                    spelt.push('i');
                    back.push((spelt.len(), None));
                    spelt.push('j');
                }
                '\u{0132}' => {
                    spelt.push('I');
                    back.push((spelt.len(), None));
                    spelt.push('J');
                }
                _ => spelt.push(c),
            }
        }
        return word_breaks(&spelt, language, exceptions)
            .into_iter()
            .filter_map(|b| back.iter().find(|(o, _)| *o == b).and_then(|(_, p)| *p))
            .collect();
    }
    // Strip punctuation (quotes, brackets, commas) around the word.
    let core_start = match part.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, _)) => i,
        None => return Vec::new(),
    };
    let core_end = part
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_alphabetic())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(core_start);
    let core = &part[core_start..core_end];
    // Only plain runs of letters: an apostrophe or other sign inside (auto's) means leave it.
    if !core.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let count = core.chars().count();
    if count < MIN_WORD {
        return Vec::new();
    }
    let upper = core.chars().filter(|c| c.is_uppercase()).count();
    if upper >= 2 && !core.chars().any(char::is_lowercase) {
        return Vec::new(); // an acronym or a word in capitals
    }
    // Lowercase letter by letter, keeping a one-to-one map of character positions.
    let lower: String = core
        .chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(x), None) => x,
                _ => c,
            }
        })
        .collect();
    let char_offsets: Vec<usize> = core.char_indices().map(|(i, _)| i).collect();
    let (lmin, rmin) = minima(language);
    let positions: Vec<usize> = if let Some(exc) = exceptions.get(language, &lower) {
        exc.to_vec()
    } else {
        let Some(dict) = dictionary(language) else {
            return Vec::new();
        };
        let lower_offsets: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        // Pattern breaks between the minima, as byte offsets into `lower`.
        let lo = lower_offsets.get(lmin).copied().unwrap_or(lower.len());
        let hi = lower_offsets
            .get(count.saturating_sub(rmin))
            .copied()
            .unwrap_or(0);
        if lo > hi {
            return Vec::new();
        }
        dict.opportunities_within(&lower, (lo, hi))
            .into_iter()
            .filter_map(|b| lower_offsets.iter().position(|&o| o == b))
            .filter(|&p| p >= lmin && p + rmin <= count)
            .collect()
    };
    positions
        .into_iter()
        .filter(|&p| p > 0 && p < count)
        .filter_map(|p| char_offsets.get(p).map(|o| core_start + o))
        .collect()
}

/// `word` with a `-` at every break, for tests and for checking exception lists.
pub fn show(word: &str, language: Language, exceptions: &Exceptions) -> String {
    let mut out = String::new();
    let mut last = 0;
    for b in breaks(word, language, exceptions) {
        out.push_str(&word[last..b.offset]);
        if b.adds_hyphen {
            out.push('-');
        } else {
            out.push('|');
        }
        last = b.offset;
    }
    out.push_str(&word[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Exceptions {
        Exceptions::default()
    }

    #[test]
    fn dutch_patterns_work() {
        assert_eq!(
            show("organisatie", Language::Nl, &none()),
            "or-ga-ni-sa-tie"
        );
    }

    #[test]
    fn short_words_digits_urls_and_capitals_stay_whole() {
        let e = none();
        for w in ["kind", "2024-2025", "JEUGDZORG", "auto's"] {
            assert_eq!(show(w, Language::Nl, &e), w);
        }
        // Addresses break only at their punctuation, never with a hyphen.
        assert_eq!(show("info@jeugd.nl", Language::Nl, &e), "info|@jeugd|.nl");
        assert_eq!(
            show("https://www.jeugdzorg.nl/praktijkbundel", Language::Nl, &e),
            "https://|www|.jeugdzorg|.nl/|praktijkbundel"
        );
    }

    #[test]
    fn punctuation_is_not_part_of_the_word() {
        let e = none();
        assert_eq!(
            show("“organisatie,”", Language::Nl, &e),
            "“or-ga-ni-sa-tie,”"
        );
    }

    #[test]
    fn hard_hyphens_break_without_an_added_hyphen() {
        let e = none();
        let b = breaks("e-learning", Language::Nl, &e);
        assert!(b.contains(&BreakPoint {
            offset: 2,
            adds_hyphen: false
        }));
        let m = breaks("Midden-Nederland", Language::Nl, &e);
        assert!(m.contains(&BreakPoint {
            offset: 7,
            adds_hyphen: false
        }));
    }

    #[test]
    fn exceptions_override_patterns() {
        let mut e = none();
        e.add_list(Language::Nl, "# comment\njeugd-zorg # trailing\n\n");
        assert_eq!(show("Jeugdzorg", Language::Nl, &e), "Jeugd-zorg");
        assert_eq!(e.len(Language::Nl), 1);
    }

    #[test]
    fn the_ij_digraph_breaks_like_two_letters() {
        let e = none();
        for (one, two) in [
            ("tegelĳkertĳd", "tegelijkertijd"),
            ("verantwoordelĳkheid", "verantwoordelijkheid"),
            ("Ĳsselmeer", "IJsselmeer"),
        ] {
            let a = show(one, Language::Nl, &e)
                .replace('ĳ', "ij")
                .replace('Ĳ', "IJ");
            assert_eq!(a, show(two, Language::Nl, &e));
        }
        // Never between the i and the j, even when a list says so.
        let mut e = none();
        e.add_list(Language::Nl, "bi-j-een-kom-sten");
        assert_eq!(show("bĳeenkomsten", Language::Nl, &e), "bĳ-een-kom-sten");
    }

    #[test]
    fn cached_breaks_equal_fresh_ones_and_a_new_list_empties_the_cache() {
        let mut e = none();
        for w in [
            "organisatie",
            "“jeugdzorg,”",
            "e-learning",
            "info@jeugd.nl",
            "kind",
        ] {
            let first = breaks(w, Language::Nl, &e);
            assert_eq!(breaks(w, Language::Nl, &e), first);
            assert_eq!(compute_breaks(w, Language::Nl, &e), first);
        }
        assert_eq!(show("Jeugdzorg", Language::Nl, &e), "Jeugd-zorg");
        e.add_list(Language::Nl, "jeugdz-org");
        assert_eq!(show("Jeugdzorg", Language::Nl, &e), "Jeugdz-org");
        assert_eq!(show("Jeugdzorg", Language::Nl, &e.clone()), "Jeugdz-org");
    }

    #[test]
    fn odd_input_does_not_panic() {
        let e = none();
        for w in [
            "",
            "-",
            "--",
            "ĳsje",
            "İstanbulluların",
            "\u{0}\u{7}abcdefg",
            &"x".repeat(200),
        ] {
            let _ = breaks(w, Language::Nl, &e);
            let _ = breaks(w, Language::En, &e);
        }
    }
}
