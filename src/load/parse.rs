//! Parsing the three kinds of input file into the model types, with every error located.

use super::source::{diag_at, explain_serde, find_quoted, line_col, serde_name, SerdeName};
use crate::diag::Diagnostic;
use crate::diag::Diagnostics;
use crate::model::{Article, Block, Edition, ImageRef, Language, Layout};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// Where the flatplan entries and ad bookings of `edition.toml` are, as byte ranges.
#[derive(Debug, Clone, Default)]
pub struct EditionSpans {
    /// One range per flatplan entry.
    pub flatplan: Vec<Range<usize>>,
    /// The range of each `[ads.<id>]` table's contents.
    pub ads: BTreeMap<String, Range<usize>>,
    /// The `[cover]` table.
    pub cover: Option<Range<usize>>,
}

#[derive(Deserialize)]
struct SpanProbe {
    #[serde(default)]
    flatplan: Vec<toml::Spanned<toml::Value>>,
    #[serde(default)]
    ads: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    cover: Option<toml::Spanned<toml::Value>>,
}

/// The dotted path (`ads.x.size`, `flatplan[2].article`) of the innermost key or value of
/// a well-formed TOML document that contains byte `offset`.
fn toml_path(text: &str, offset: usize) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    // Header tables (`[ads.x]`) have spans that do not cover their contents, so every
    // table and array is searched, not only those whose span contains the offset.
    fn walk(value: &DeValue<'_>, offset: usize, path: &str) -> Option<String> {
        let join = |seg: String| -> String {
            if path.is_empty() || seg.starts_with('[') {
                format!("{path}{seg}")
            } else {
                format!("{path}.{seg}")
            }
        };
        type Child<'a, 'i> = (String, Option<Range<usize>>, &'a toml::Spanned<DeValue<'i>>);
        let children: Vec<Child<'_, '_>> = match value {
            DeValue::Table(table) => table
                .iter()
                .map(|(k, v)| (join(k.get_ref().to_string()), Some(k.span()), v))
                .collect(),
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (join(format!("[{i}]")), None, v))
                .collect(),
            _ => return None,
        };
        for (child_path, key_span, v) in children {
            if key_span.is_some_and(|s| s.contains(&offset)) {
                return Some(child_path);
            }
            if let Some(p) = walk(v.get_ref(), offset, &child_path) {
                return Some(p);
            }
            if v.span().contains(&offset) {
                return Some(child_path);
            }
        }
        None
    }
    let table = DeTable::parse(text).ok()?;
    walk(&DeValue::Table(table.into_inner()), offset, "")
}

/// A diagnostic for a TOML error, located by its span.
fn toml_diag(file: &Path, text: &str, err: &toml::de::Error) -> Diagnostic {
    let pos = err.span().map(|s| line_col(text, s.start));
    let message = err.message().trim().to_string();
    let mut d = diag_at(message.clone(), file, pos);
    let mut prefix = String::new();
    if let Some(path) = err.span().and_then(|s| toml_path(text, s.start)) {
        match serde_name(&message) {
            // The span is the table the field is missing from.
            Some(SerdeName::Missing(_)) => prefix = path,
            _ => d = d.at_field(path),
        }
    }
    let d = explain_serde(d, &message, &prefix);
    if d.hint.is_some() {
        return d;
    }
    d.with_hint(
        "check the TOML near this place: text values need double quotes, numbers none, \
         and every `key = value` pair its own line",
    )
}

/// Parses `edition.toml`.
pub fn parse_edition(file: &Path, text: &str) -> Result<(Edition, EditionSpans), Diagnostic> {
    let edition: Edition = toml::from_str(text).map_err(|e| toml_diag(file, text, &e))?;
    let spans = match toml::from_str::<SpanProbe>(text) {
        Ok(p) => EditionSpans {
            flatplan: p.flatplan.iter().map(|s| s.span()).collect(),
            ads: p.ads.iter().map(|(k, v)| (k.clone(), v.span())).collect(),
            cover: p.cover.map(|c| c.span()),
        },
        Err(_) => EditionSpans::default(),
    };
    Ok((edition, spans))
}

/// Parses a layout file.
pub fn parse_layout(file: &Path, text: &str) -> Result<Layout, Diagnostic> {
    toml::from_str(text).map_err(|e| toml_diag(file, text, &e))
}

/// serde_json's message without its " at line L column C" tail.
fn json_message(err: &serde_json::Error) -> String {
    let s = err.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The top-level fields of an article file, as serde lists them.
const ARTICLE_FIELDS: &[&str] = &[
    "id",
    "section",
    "kicker",
    "headline",
    "subheadline",
    "standfirst",
    "byline",
    "lead_image",
    "language",
    "body",
];

/// Parses an article file. Shape errors name the field (`body[3].text`) where it can be
/// found; when the JSON is well-formed, every value that does not fit is reported, not only
/// the first.
pub fn parse_article(file: &Path, text: &str) -> Result<Article, Diagnostics> {
    let err = match serde_json::from_str::<Article>(text) {
        Ok(a) => return Ok(a),
        Err(e) => e,
    };
    let pos = (err.line() > 0).then(|| (err.line(), err.column()));
    let message = json_message(&err);
    let d = diag_at(message.clone(), file, pos);
    if !err.is_data() {
        let hint = if err.is_eof() {
            "the file ends early: a closing `}` or `]` or a quote is missing"
        } else {
            "the file is not valid JSON: check commas, quotes and brackets near this place"
        };
        return Err(d.with_hint(hint).into());
    }
    // The JSON is well-formed: find every value that does not fit.
    let mut problems = serde_json::from_str::<serde_json::Value>(text)
        .map(|v| article_problems(&v))
        .unwrap_or_default();
    // serde's own error comes first: it has the exact position.
    let first = problems
        .iter()
        .position(|(_, m)| *m == message)
        .or(if problems.is_empty() { None } else { Some(0) });
    let prefix = first.map(|i| problems.remove(i).0).unwrap_or_default();
    let mut out = Diagnostics::from(explain_serde(d, &message, &prefix));
    let type_keys: Vec<usize> = text.match_indices("\"type\"").map(|(i, _)| i).collect();
    let block_count = text_block_count(text);
    for (path, message) in problems {
        // Approximate positions: a top-level key's name, or the nth block's "type".
        let pos = if let Some(index) = path
            .strip_prefix("body[")
            .and_then(|r| r.split(']').next())
            .and_then(|n| n.parse::<usize>().ok())
        {
            (Some(type_keys.len()) == block_count)
                .then(|| type_keys.get(index).map(|&i| line_col(text, i)))
                .flatten()
        } else {
            let key = match serde_name(&message) {
                Some(SerdeName::Unknown { word, .. }) if path.is_empty() => word,
                _ => path.clone(),
            };
            if key.is_empty() {
                None
            } else {
                find_quoted(text, &key, 0)
            }
        };
        let d = diag_at(message.clone(), file, pos);
        out.push(explain_serde(d, &message, &path));
    }
    Err(out)
}

/// The path of the value serde's `message` is about: for an unknown variant (`"fit":
/// "stretch"`), the field of `object` that holds the word; else `path` itself.
fn variant_path(path: &str, object: &serde_json::Value, message: &str) -> String {
    let word = message
        .strip_prefix("unknown variant `")
        .and_then(|r| r.split('`').next());
    let field = word.and_then(|w| {
        object
            .as_object()?
            .iter()
            .find(|(k, v)| *k != "type" && v.as_str() == Some(w))
            .map(|(k, _)| k.clone())
    });
    match field {
        Some(f) => format!("{path}.{f}"),
        None => path.to_string(),
    }
}

/// The number of blocks in the body, if the text is well-formed JSON with a body array.
fn text_block_count(text: &str) -> Option<usize> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("body")?.as_array().map(Vec::len)
}

/// Every value of an article that does not deserialize: (path, serde's message). The path
/// is empty for problems of the article object itself (unknown or missing fields).
fn article_problems(v: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(obj) = v.as_object() else {
        if let Err(e) = serde_json::from_value::<Article>(v.clone()) {
            out.push((String::new(), e.to_string()));
        }
        return out;
    };
    fn check<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Option<String> {
        serde_json::from_value::<T>(v.clone())
            .err()
            .map(|e| e.to_string())
    }
    for required in ["id", "section", "body"] {
        if !obj.contains_key(required) {
            out.push((String::new(), format!("missing field `{required}`")));
        }
    }
    for (key, value) in obj {
        let problem = match key.as_str() {
            "id" | "section" => check::<String>(value),
            "kicker" | "headline" | "subheadline" | "standfirst" | "byline" => {
                check::<Option<String>>(value)
            }
            "language" => check::<Option<Language>>(value),
            "lead_image" => {
                if let Some(m) = check::<Option<ImageRef>>(value) {
                    out.push((variant_path("lead_image", value, &m), m));
                }
                None
            }
            "body" => match value.as_array() {
                None => check::<Vec<Block>>(value),
                Some(blocks) => {
                    for (i, b) in blocks.iter().enumerate() {
                        if let Some(m) = check::<Block>(b) {
                            out.push((variant_path(&format!("body[{i}]"), b, &m), m));
                        }
                    }
                    None
                }
            },
            other => {
                let expected: Vec<String> =
                    ARTICLE_FIELDS.iter().map(|f| format!("`{f}`")).collect();
                Some(format!(
                    "unknown field `{other}`, expected one of {}",
                    expected.join(", ")
                ))
            }
        };
        if let Some(m) = problem {
            let path = if ARTICLE_FIELDS.contains(&key.as_str()) {
                key.clone()
            } else {
                String::new()
            };
            out.push((path, m));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_err(text: &str) -> Diagnostic {
        parse_article(Path::new("a.json"), text)
            .unwrap_err()
            .0
            .remove(0)
    }

    #[test]
    fn every_bad_block_is_reported() {
        let text = "{\"id\":\"a\",\"section\":\"s\",\"hedline\":\"x\",\"body\":[\n{\"type\":\"paragraph\",\"text\":\"x\"},\n{\"type\":\"paragraph\",\"txt\":\"x\"},\n{\"type\":\"imag\",\"file\":\"x\"}]}";
        let ds = parse_article(Path::new("a.json"), text).unwrap_err();
        let fields: Vec<_> =
            ds.0.iter()
                .map(|d| d.field.clone().unwrap_or_default())
                .collect();
        assert_eq!(fields, ["hedline", "body[1].txt", "body[2]"], "{ds}");
        assert!(ds.0.iter().all(|d| d.position.is_some()), "{ds}");
        assert_eq!(ds.0[2].position.map(|p| p.0), Some(4), "{ds}");
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let d = article_err("{\n  \"id\": \"a\",\n  \"section\" \"x\"\n}");
        assert_eq!(d.position.map(|p| p.0), Some(3));
    }

    #[test]
    fn unknown_fields_get_a_suggestion() {
        let d = article_err(r#"{"id":"a","section":"s","hedline":"x","body":[]}"#);
        assert_eq!(d.field.as_deref(), Some("hedline"));
        assert_eq!(d.hint.as_deref(), Some("did you mean `headline`?"));
    }

    #[test]
    fn block_errors_name_the_block() {
        let d = article_err(
            r#"{"id":"a","section":"s","body":[{"type":"paragraph","text":"x"},{"type":"paragraph","txt":"x"}]}"#,
        );
        assert_eq!(d.field.as_deref(), Some("body[1].txt"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `text`?"));
        let d = article_err(r#"{"id":"a","section":"s","body":[{"type":"imag","file":"x"}]}"#);
        assert_eq!(d.field.as_deref(), Some("body[0]"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `image`?"));
    }

    #[test]
    fn wrong_types_name_the_field() {
        let d = article_err(r#"{"id":"a","section":"s","body":"text"}"#);
        assert_eq!(d.field.as_deref(), Some("body"), "{d}");
    }

    #[test]
    fn toml_errors_have_a_position() {
        let e = parse_edition(Path::new("edition.toml"), "title = \"x\"\nissue = \n").unwrap_err();
        assert_eq!(e.position.map(|p| p.0), Some(2), "{e}");
        let e = parse_edition(
            Path::new("edition.toml"),
            "titel = \"x\"\nissue = \"y\"\nlanguage = \"nl\"\nlayout = \"a\"\nflatplan = []\n",
        )
        .unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"), "{e}");
        assert_eq!(e.position, Some((1, 1)), "{e}");
        assert_eq!(e.field.as_deref(), Some("titel"), "{e}");
    }

    #[test]
    fn toml_errors_name_nested_fields() {
        let head = "title = \"x\"\nissue = \"y\"\nlanguage = \"nl\"\nlayout = \"a\"\n";
        let e = parse_edition(
            Path::new("edition.toml"),
            &format!("{head}flatplan = [{{ article = \"a\" }}, {{ artcle = \"b\" }}]\n"),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("flatplan[1].artcle"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `article`?"), "{e}");
        let e = parse_edition(
            Path::new("edition.toml"),
            &format!("{head}flatplan = []\n[ads.x]\nadvertiser = \"X\"\nsize = 3\nfile = \"f\"\n"),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ads.x.size"), "{e}");
        let e = parse_edition(
            Path::new("edition.toml"),
            &format!("{head}flatplan = []\n[ads.x]\nadvertiser = \"X\"\nfile = \"f\"\n"),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("ads.x.size"), "{e}");
    }
}
