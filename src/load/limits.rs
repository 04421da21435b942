//! Limits on input sizes, so that a hostile or broken file cannot make the load stage loop or
//! exhaust memory: file sizes are checked before reading, image sizes before decoding, and an
//! ad PDF's nesting before lopdf parses it and its object graph before it is imported.

use super::decode::DecodeError;
use super::file_bytes::FileBytes;
use std::collections::HashSet;
use std::path::Path;

/// The largest image accepted by default, in pixels (100 megapixels).
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;

/// Settings of the load stage: the limits on what it reads. See README.md, "Limits".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Images with more pixels than this are refused before they are decoded.
    pub max_pixels: u64,
    /// The largest article file, in bytes.
    pub max_article_bytes: u64,
    /// The largest `edition.toml` (and layout file), in bytes.
    pub max_edition_bytes: u64,
    /// The largest photo or image ad file, in bytes.
    pub max_image_bytes: u64,
    /// The largest ad PDF file, in bytes.
    pub max_pdf_bytes: u64,
    /// The most objects an ad PDF may hold (after lopdf has parsed it).
    pub max_pdf_objects: usize,
    /// The deepest nesting of arrays and dictionaries in an ad PDF's file, and the longest
    /// chain of references from its first page: bounds the parser's and importer's recursion.
    pub max_pdf_depth: usize,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions {
            max_pixels: DEFAULT_MAX_PIXELS,
            max_article_bytes: 4 * 1024 * 1024,
            max_edition_bytes: 1024 * 1024,
            max_image_bytes: 256 * 1024 * 1024,
            max_pdf_bytes: 50 * 1024 * 1024,
            max_pdf_objects: 100_000,
            max_pdf_depth: 64,
        }
    }
}

fn fail(message: String, hint: &str) -> DecodeError {
    DecodeError {
        message,
        hint: hint.to_string(),
    }
}

/// Megabytes, with one decimal for small limits (a limit of 0.5 MB must not read "0 MB").
fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Reads (maps) a file of at most `limit` bytes; `what` names it in the message.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<FileBytes, DecodeError> {
    let bytes = FileBytes::open(path, limit, true)
        .map_err(|e| fail(format!("cannot read the file: {e}"), "check the file"))?;
    bytes.ok_or_else(|| {
        let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        fail(
            format!(
                "the {what} is {}, more than the limit of {}",
                mb(len.max(limit + 1)),
                mb(limit)
            ),
            "ask for a smaller file, or raise the limit (LoadOptions)",
        )
    })
}

/// Reads a UTF-8 text file of at most `limit` bytes, as an I/O error (for `unreadable`).
pub fn read_text_limited(path: &Path, limit: u64) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind, Read};
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("the file is larger than the limit of {}", mb(limit)),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::InvalidData,
            format!("stream did not contain valid UTF-8 ({e})"),
        )
    })
}

/// Checks the raw bytes of a PDF before it is parsed: the nesting of arrays and dictionaries
/// outside streams and strings must stay within `max_depth` (a file of a million `[` would
/// otherwise overflow the parser's stack, which no `catch_unwind` can contain).
pub fn check_pdf_nesting(bytes: &[u8], max_depth: usize) -> Result<(), DecodeError> {
    let mut depth = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => i = skip_string(bytes, i),
            b'[' => depth += 1,
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 1;
            }
            b']' => depth = depth.saturating_sub(1),
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b's' if bytes[i..].starts_with(b"stream") && !bytes[..i].ends_with(b"end") => {
                // Skip the stream's data: its bytes are not PDF syntax.
                match find(&bytes[i..], b"endstream") {
                    Some(end) => i += end + b"endstream".len() - 1,
                    None => break,
                }
            }
            _ => {}
        }
        if depth > max_depth {
            return Err(fail(
                format!("the PDF nests arrays or dictionaries more than {max_depth} deep"),
                "the file is corrupt or hostile; ask the advertiser for the artwork again",
            ));
        }
        i += 1;
    }
    Ok(())
}

/// The index of the byte that closes the literal string opening at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut level = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'(' => level += 1,
            b')' => {
                level -= 1;
                if level == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Checks a parsed PDF before its first page is imported: at most `max_objects` objects,
/// and no chain of references from the page longer than `max_depth` (reference cycles are
/// fine: each object is visited once).
pub fn check_pdf_graph(
    doc: &lopdf::Document,
    page: lopdf::ObjectId,
    max_objects: usize,
    max_depth: usize,
) -> Result<(), DecodeError> {
    if doc.objects.len() > max_objects {
        return Err(fail(
            format!(
                "the PDF has {} objects, more than the limit of {max_objects}",
                doc.objects.len()
            ),
            "ask the advertiser for a flattened PDF/X file, or raise the limit (LoadOptions)",
        ));
    }
    // What the importer copies: the page's contents and resources (its own or inherited).
    let mut stack: Vec<(lopdf::ObjectId, usize)> = Vec::new();
    let mut roots: Vec<(&[u8], lopdf::ObjectId)> = Vec::new();
    let mut node = doc.get_dictionary(page).ok();
    for _ in 0..max_depth {
        let Some(dict) = node else { break };
        for key in [b"Contents".as_slice(), b"Resources".as_slice()] {
            if let Ok(value) = dict.get(key) {
                references(value, &mut roots, 0);
            }
        }
        node = dict
            .get(b"Parent")
            .and_then(|p| p.as_reference())
            .and_then(|p| doc.get_dictionary(p))
            .ok();
    }
    stack.extend(roots.into_iter().map(|(_, id)| (id, 1)));
    // Depth-first, with an explicit stack, each object once; a page or page-tree node reached
    // from the resources is not followed (the importer leaves it out too).
    let mut seen: HashSet<lopdf::ObjectId> = HashSet::new();
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if depth > max_depth {
            return Err(fail(
                format!("page 1 of the PDF refers through more than {max_depth} levels of objects"),
                "the file is corrupt or hostile; ask the advertiser for the artwork again",
            ));
        }
        let Ok(obj) = doc.get_object(id) else {
            continue;
        };
        let page_node = obj
            .as_dict()
            .ok()
            .and_then(|d| d.get(b"Type").and_then(|t| t.as_name()).ok())
            .is_some_and(|t| t == b"Page" || t == b"Pages");
        if page_node {
            continue;
        }
        let mut refs = Vec::new();
        references(obj, &mut refs, 0);
        for r in refs {
            if !seen.contains(&r.1) && r.0 != b"Parent".as_slice() {
                stack.push((r.1, depth + 1));
            }
        }
    }
    Ok(())
}

/// Collects the references inside `obj` (not following them), with the dictionary key each
/// sits under (empty in arrays).
fn references<'a>(
    obj: &'a lopdf::Object,
    out: &mut Vec<(&'a [u8], lopdf::ObjectId)>,
    level: usize,
) {
    // Direct nesting was bounded before parsing; this guard only keeps recursion finite.
    if level > 256 {
        return;
    }
    match obj {
        lopdf::Object::Reference(id) => out.push((b"", *id)),
        lopdf::Object::Array(items) => {
            for item in items {
                references(item, out, level + 1);
            }
        }
        lopdf::Object::Dictionary(d) => dict_refs(d, out, level),
        lopdf::Object::Stream(s) => dict_refs(&s.dict, out, level),
        _ => {}
    }
}

fn dict_refs<'a>(
    d: &'a lopdf::Dictionary,
    out: &mut Vec<(&'a [u8], lopdf::ObjectId)>,
    level: usize,
) {
    for (key, value) in d.iter() {
        if let lopdf::Object::Reference(id) = value {
            out.push((key.as_slice(), *id));
        } else {
            references(value, out, level + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let mut pdf = b"%PDF-1.4\n1 0 obj\n".to_vec();
        pdf.extend(std::iter::repeat_n(b'[', 100_000));
        assert!(check_pdf_nesting(&pdf, 64).is_err());
        // Brackets inside strings, comments and streams do not count.
        let ok =
            b"%PDF-1.4 % [[[[\n1 0 obj (((([[[[) ) ) )) [1 2] <</A [3]>> stream\n[[[[[[\nendstream";
        assert!(check_pdf_nesting(ok, 2).is_ok());
    }

    #[test]
    fn long_reference_chains_are_refused() {
        use lopdf::{dictionary, Object};
        let mut doc = lopdf::Document::with_version("1.7");
        let mut next: Option<lopdf::ObjectId> = None;
        for _ in 0..100 {
            let d = match next {
                Some(id) => dictionary! { "Next" => id },
                None => dictionary! {},
            };
            next = Some(doc.add_object(Object::Dictionary(d)));
        }
        let page = doc.add_object(dictionary! { "Type" => "Page", "Resources" => next.unwrap() });
        assert!(check_pdf_graph(&doc, page, 1000, 64).is_err());
        assert!(check_pdf_graph(&doc, page, 1000, 128).is_ok());
        assert!(check_pdf_graph(&doc, page, 50, 128).is_err());
    }

    #[test]
    fn reference_cycles_end() {
        use lopdf::dictionary;
        let mut doc = lopdf::Document::with_version("1.7");
        let a = doc.new_object_id();
        let b = doc.add_object(dictionary! { "A" => a });
        doc.objects
            .insert(a, lopdf::Object::Dictionary(dictionary! { "B" => b }));
        let page = doc.add_object(dictionary! { "Type" => "Page", "Resources" => a });
        assert!(check_pdf_graph(&doc, page, 1000, 4).is_ok());
    }
}
