//! Where things are in a source file, and suggestions for misspelt names.

use crate::diag::Diagnostic;
use std::path::Path;

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line and column of the first occurrence of the string value `value` written as a quoted
/// string (`"value"`) at or after byte `from`, if there is one.
pub fn find_quoted(text: &str, value: &str, from: usize) -> Option<(usize, usize)> {
    let needle_json = serde_json::to_string(value).ok()?;
    let start = from.min(text.len());
    let rest = text.get(start..)?;
    rest.find(&needle_json)
        .map(|i| line_col(text, start + i))
        .or_else(|| {
            // TOML literal strings: 'value'
            rest.find(&format!("'{value}'"))
                .map(|i| line_col(text, start + i))
        })
}

/// The Levenshtein distance between two short words.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if one is within edit distance 2 (and closer than the
/// word's own length, so that `de` does not suggest `nl`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 2 && *d < len)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A "did you mean" hint for `word` among `candidates`, or a list of what is allowed.
pub fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match closest(word, candidates.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            if all.is_empty() {
                format!("there are no {what}s here")
            } else {
                format!("known {what}s: {}", all.join(", "))
            }
        }
    }
}

/// Words between backticks in `s`, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, w)| w.to_string())
        .collect()
}

/// What a serde error message tells about names: for "unknown field `x`, expected one of
/// `a`, `b`" (or "unknown variant"), the kind, the word and the expected names; for
/// "missing field `x`", the field.
#[derive(Debug, Clone, PartialEq)]
pub enum SerdeName {
    /// An unknown field or variant, with the names serde expected.
    Unknown {
        /// "field" or "variant".
        kind: &'static str,
        /// The misspelt word.
        word: String,
        /// The names that would be allowed.
        expected: Vec<String>,
    },
    /// A required field is missing.
    Missing(String),
}

/// Reads a serde error message (see [`SerdeName`]).
pub fn serde_name(message: &str) -> Option<SerdeName> {
    for (prefix, kind) in [
        ("unknown field `", "field"),
        ("unknown variant `", "variant"),
    ] {
        if let Some(i) = message.find(prefix) {
            let rest = &message[i..];
            let words = backticked(rest);
            let word = words.first()?.clone();
            let expected = match rest.find("expected") {
                Some(e) => backticked(&rest[e..]),
                None => Vec::new(),
            };
            return Some(SerdeName::Unknown {
                kind,
                word,
                expected,
            });
        }
    }
    if let Some(i) = message.find("missing field `") {
        return backticked(&message[i..])
            .first()
            .cloned()
            .map(SerdeName::Missing);
    }
    None
}

/// Adds a hint and, if not set yet, a field to a diagnostic made from a serde message.
/// `field_prefix` is the path of the value the message is about (`body[3]`), or empty.
pub fn explain_serde(mut d: Diagnostic, message: &str, field_prefix: &str) -> Diagnostic {
    let join = |name: &str| {
        if field_prefix.is_empty() {
            name.to_string()
        } else {
            format!("{field_prefix}.{name}")
        }
    };
    match serde_name(message) {
        Some(SerdeName::Unknown {
            kind,
            word,
            expected,
        }) => {
            let hint = suggest(&word, expected.iter().map(String::as_str), kind);
            if d.field.is_none() {
                d = d.at_field(if kind == "field" {
                    join(&word)
                } else if field_prefix.is_empty() {
                    word.clone()
                } else {
                    field_prefix.to_string()
                });
            }
            d.with_hint(hint)
        }
        Some(SerdeName::Missing(name)) => {
            if d.field.is_none() {
                d = d.at_field(join(&name));
            }
            d.with_hint(format!("add the required field `{name}`"))
        }
        None => {
            if d.field.is_none() && !field_prefix.is_empty() {
                d = d.at_field(field_prefix);
            }
            d
        }
    }
}

/// An input diagnostic in `file`, at `pos` when known.
pub fn diag_at(message: impl Into<String>, file: &Path, pos: Option<(usize, usize)>) -> Diagnostic {
    let d = Diagnostic::input(message).in_file(file);
    match pos {
        Some((l, c)) => d.at(l.max(1), c.max(1)),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let t = "ab\ncdé\nfg";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 7), (2, 4));
        assert_eq!(line_col(t, 999), (3, 3));
    }

    #[test]
    fn distances_and_suggestions() {
        assert_eq!(edit_distance("hedline", "headline"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("hedline", ["id", "headline"]), Some("headline"));
        assert_eq!(closest("zzzzzz", ["id", "headline"]), None);
        assert_eq!(closest("de", ["nl", "en"]), None);
        assert_eq!(closest("halve", ["full", "half"]), Some("half"));
    }

    #[test]
    fn reads_serde_messages() {
        let m = "unknown field `hedline`, expected one of `id`, `headline`";
        assert_eq!(
            serde_name(m),
            Some(SerdeName::Unknown {
                kind: "field",
                word: "hedline".into(),
                expected: vec!["id".into(), "headline".into()]
            })
        );
        assert_eq!(
            serde_name("missing field `body`"),
            Some(SerdeName::Missing("body".into()))
        );
    }
}
