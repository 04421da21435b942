//! Advertisers' PDFs: a page of a parsed (lopdf) document imported as a Form XObject, with
//! every object its resources reach copied into the output under new numbers.

use super::ids::RefAlloc;
use crate::compress::deflate;
use crate::diag::Diagnostic;
use crate::load::assets::{AdArtwork, PdfPage};
use crate::render::num;
use lopdf::{Object, ObjectId};
use pdf_writer::{Chunk, Filter, Name, Null, Obj, Ref, Str};
use std::collections::BTreeMap;

/// Most objects one ad may pull into the output.
const MAX_OBJECTS: usize = 200_000;
/// Largest decoded page content accepted from an ad.
const MAX_CONTENT: usize = 256 * 1024 * 1024;
/// Largest stream pdf-writer can write (its lengths are i32).
const MAX_STREAM: usize = i32::MAX as usize;
/// Deepest nesting of arrays and dictionaries copied (deeper values become null).
const MAX_DEPTH: usize = 64;
/// Longest /Parent chain followed when looking for inherited resources.
const MAX_PARENTS: usize = 64;

/// Old object id → new reference, in the order the objects were discovered.
type RefMap = BTreeMap<ObjectId, Ref>;

fn bad(ad: &AdArtwork, what: impl Into<String>) -> Diagnostic {
    Diagnostic::input(what)
        .in_file(&ad.path)
        .with_hint("re-export the ad as PDF/X-4 (or PDF/X-1a) and replace the file")
}

/// Writes `page` of `ad` as Form XObject `form` (with `device_icc`, for PDF/X-1a, grey and
/// CMYK ICC-based colour spaces become DeviceGray and DeviceCMYK): BBox = the trim box extended to the bleed
/// box, a Matrix that turns a rotated page upright (identity when /Rotate is 0), the page's (inherited) Resources and Group, its decoded content.
pub fn write_pdf_ad(
    chunk: &mut Chunk,
    alloc: &mut RefAlloc,
    ad: &AdArtwork,
    page: &PdfPage,
    form: Ref,
    device_icc: bool,
) -> Result<(), Diagnostic> {
    let doc = &*page.doc;
    let cx = Cx { doc, device_icc };
    let dict = doc
        .get_dictionary(page.page_id)
        .map_err(|e| bad(ad, format!("the ad's page cannot be read ({e})")))?;

    // Resources may sit on an ancestor in the page tree.
    let mut resources: Option<&Object> = None;
    let mut node = dict;
    for _ in 0..MAX_PARENTS {
        if let Ok(r) = node.get(b"Resources") {
            resources = Some(r);
            break;
        }
        match node.get(b"Parent").and_then(Object::as_reference) {
            Ok(parent) => match doc.get_dictionary(parent) {
                Ok(d) => node = d,
                Err(_) => break,
            },
            Err(_) => break,
        }
    }
    let group = dict.get(b"Group").ok();

    let mut map = RefMap::new();
    let mut order = Vec::new();
    for root in resources.iter().chain(group.iter()) {
        discover(&cx, root, &mut map, &mut order, alloc)
            .map_err(|n| bad(ad, format!("the ad refers to more than {n} objects")))?;
    }

    let content = doc
        .get_page_content_with_limit(page.page_id, MAX_CONTENT)
        .map_err(|e| bad(ad, format!("the ad's page content cannot be decoded ({e})")))?;
    let packed = deflate(&content);
    if packed.len() > MAX_STREAM {
        return Err(bad(ad, "the ad's page content is too large (over 2 GB)"));
    }

    let (t, b) = (&page.trim, &page.bleed);
    let llx = t.x.0.min(b.x.0);
    let lly = t.y.0.min(b.y.0);
    let urx = t.right().0.max(b.right().0);
    let ury = t.bottom().0.max(b.bottom().0);
    {
        let mut x = chunk.form_xobject(form, &packed);
        x.filter(Filter::FlateDecode);
        x.bbox(pdf_writer::Rect::new(
            num(llx),
            num(lly),
            num(urx),
            num(ury),
        ));
        x.matrix(crate::render::ad_form_matrix(page).map(num));
        if let Some(r) = resources {
            convert(&cx, x.insert(Name(b"Resources")), r, &map, 0);
        }
        if let Some(g) = group {
            convert(&cx, x.insert(Name(b"Group")), g, &map, 0);
        }
    }

    for id in order {
        let Some(&new) = map.get(&id) else { continue };
        match doc.objects.get(&id) {
            Some(Object::Stream(s)) if s.content.len() > MAX_STREAM => {
                return Err(bad(
                    ad,
                    "the ad holds a stream too large to copy (over 2 GB)",
                ));
            }
            Some(Object::Stream(s)) => {
                let mut st = chunk.stream(new, &s.content);
                for (k, v) in s.dict.iter() {
                    if skipped(k) || k.as_slice() == b"Length" {
                        continue;
                    }
                    convert(&cx, st.insert(Name(k)), v, &map, 1);
                }
            }
            Some(obj) => convert(&cx, chunk.indirect(new), obj, &map, 0),
            None => chunk.indirect(new).primitive(Null),
        }
    }
    Ok(())
}

/// What copying needs besides the value: the source document, and whether ICC-based grey
/// and CMYK are to be written as device spaces.
struct Cx<'a> {
    doc: &'a lopdf::Document,
    device_icc: bool,
}

impl Cx<'_> {
    /// The device space an `[/ICCBased stream]` array becomes, when it is to be replaced.
    fn device_space(&self, items: &[Object]) -> Option<&'static [u8]> {
        if !self.device_icc || items.len() != 2 {
            return None;
        }
        if items[0].as_name().ok() != Some(b"ICCBased".as_slice()) {
            return None;
        }
        let stream = match &items[1] {
            Object::Reference(id) => self.doc.objects.get(id)?.as_stream().ok()?,
            _ => return None,
        };
        match stream.dict.get(b"N").and_then(Object::as_i64).ok()? {
            1 => Some(b"DeviceGray"),
            4 => Some(b"DeviceCMYK"),
            _ => None,
        }
    }
}

/// Keys not followed or copied: a resource's /Parent would drag in the ad's whole page tree.
fn skipped(key: &[u8]) -> bool {
    key == b"Parent"
}

/// Finds every object reachable from `root` and gives each a new reference, depth first,
/// in the source's own key order (deterministic).
fn discover(
    cx: &Cx<'_>,
    root: &Object,
    map: &mut RefMap,
    order: &mut Vec<ObjectId>,
    alloc: &mut RefAlloc,
) -> Result<(), usize> {
    let doc = cx.doc;
    let mut stack: Vec<&Object> = vec![root];
    while let Some(obj) = stack.pop() {
        match obj {
            Object::Reference(id) => {
                if map.contains_key(id) {
                    continue;
                }
                // A page or page-tree node reached from the resources (a /Pg or /P of
                // marked content, say) would drag in the ad's whole document: left out,
                // such references become null.
                if let Some(Object::Dictionary(d)) = doc.objects.get(id) {
                    let ty = d.get(b"Type").and_then(Object::as_name).ok();
                    if matches!(ty, Some(b"Page" | b"Pages")) {
                        continue;
                    }
                }
                if map.len() >= MAX_OBJECTS {
                    return Err(MAX_OBJECTS);
                }
                map.insert(*id, alloc.next());
                order.push(*id);
                if let Some(target) = doc.objects.get(id) {
                    stack.push(target);
                }
            }
            // A replaced ICC space's profile is not copied.
            Object::Array(items) if cx.device_space(items).is_some() => {}
            Object::Array(items) => stack.extend(items.iter().rev()),
            Object::Dictionary(d) => stack.extend(
                d.iter()
                    .filter(|(k, _)| !skipped(k))
                    .map(|(_, v)| v)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev(),
            ),
            Object::Stream(s) => stack.extend(
                s.dict
                    .iter()
                    .filter(|(k, _)| !skipped(k))
                    .map(|(_, v)| v)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev(),
            ),
            _ => {}
        }
    }
    Ok(())
}

/// Writes a lopdf value with pdf-writer, references renumbered through `map`.
fn convert(cx: &Cx<'_>, out: Obj<'_>, obj: &Object, map: &RefMap, depth: usize) {
    if depth > MAX_DEPTH {
        out.primitive(Null);
        return;
    }
    match obj {
        Object::Null => out.primitive(Null),
        Object::Boolean(b) => out.primitive(*b),
        Object::Integer(i) => match i32::try_from(*i) {
            Ok(v) => out.primitive(v),
            Err(_) => out.primitive(*i as f32),
        },
        Object::Real(r) => out.primitive(if r.is_finite() { *r } else { 0.0 }),
        Object::Name(n) => out.primitive(Name(n)),
        Object::String(s, _) => out.primitive(Str(s)),
        Object::Array(items) if cx.device_space(items).is_some() => {
            out.primitive(Name(cx.device_space(items).unwrap_or(b"DeviceCMYK")))
        }
        Object::Array(items) => {
            let mut arr = out.array();
            for item in items {
                convert(cx, arr.push(), item, map, depth + 1);
            }
        }
        Object::Dictionary(d) => {
            let mut dict = out.dict();
            for (k, v) in d.iter() {
                if skipped(k) {
                    continue;
                }
                convert(cx, dict.insert(Name(k)), v, map, depth + 1);
            }
        }
        // A stream can only be an indirect object; a direct one is malformed.
        Object::Stream(_) => out.primitive(Null),
        Object::Reference(id) => match map.get(id) {
            Some(r) => out.primitive(*r),
            None => out.primitive(Null),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn converts_values_and_renumbers_references() {
        let mut map = RefMap::new();
        map.insert((7, 0), Ref::new(42));
        let obj = Object::Dictionary(dictionary! {
            "A" => Object::Reference((7, 0)),
            "B" => Object::Reference((8, 0)),
            "C" => vec![Object::Integer(1), Object::Real(0.5), Object::Name(b"X Y".to_vec())],
            "D" => Object::String(vec![0, 255, b'('], lopdf::StringFormat::Literal),
            "Parent" => Object::Reference((7, 0)),
        });
        let mut chunk = Chunk::new();
        let doc = lopdf::Document::with_version("1.6");
        let cx = Cx {
            doc: &doc,
            device_icc: false,
        };
        convert(&cx, chunk.indirect(Ref::new(1)), &obj, &map, 0);
        let s = String::from_utf8_lossy(chunk.as_bytes()).to_string();
        assert!(s.contains("/A 42 0 R"), "{s}");
        assert!(s.contains("/B null"), "{s}");
        assert!(s.contains("/X#20Y"), "{s}");
        assert!(s.contains("<00FF28>"), "{s}");
        assert!(!s.contains("Parent"), "{s}");
    }
}
