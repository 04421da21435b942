//! JSON Schemas (draft 2020-12) of the input files, written by hand from `src/model/`.
//!
//! They should be derived with `schemars` once the model types carry
//! `#[derive(schemars::JsonSchema)]`; until then these follow the serde attributes of the
//! model (required fields, `deny_unknown_fields`, the `type` tag of body blocks), and a test
//! validates the sample's files against them so they cannot drift silently.

use serde_json::{json, Value};

/// The kinds of file a schema is printed for.
pub const KINDS: [&str; 3] = ["article", "edition", "layout"];

/// The schema of `kind` (`article`, `edition` or `layout`).
pub fn schema(kind: &str) -> Option<Value> {
    match kind {
        "article" => Some(article()),
        "edition" => Some(edition()),
        "layout" => Some(layout()),
        _ => None,
    }
}

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

fn opt_string() -> Value {
    json!({ "type": ["string", "null"] })
}

fn block(kind: &str, required: &[&str], props: Value) -> Value {
    let mut props = props;
    props["type"] = json!({ "const": kind });
    let mut req = vec!["type"];
    req.extend_from_slice(required);
    json!({ "type": "object", "required": req, "properties": props, "additionalProperties": false })
}

/// A focus point: `[x, y]` as fractions of the photo's width and height.
fn focus() -> Value {
    json!({ "type": ["array", "null"], "items": { "type": "number", "minimum": 0, "maximum": 1 }, "minItems": 2, "maxItems": 2 })
}

/// The schema of `articles/<id>.json`.
pub fn article() -> Value {
    let image_ref = json!({
        "type": "object",
        "required": ["file"],
        "properties": { "file": { "type": "string" }, "caption": opt_string(), "credit": opt_string(), "focus": focus() },
        "additionalProperties": false
    });
    let blocks = vec![
        block(
            "paragraph",
            &["text"],
            json!({ "text": { "type": "string" } }),
        ),
        block(
            "crosshead",
            &["text"],
            json!({ "text": { "type": "string" } }),
        ),
        block(
            "pullquote",
            &["text"],
            json!({ "text": { "type": "string" }, "attribution": opt_string() }),
        ),
        block(
            "box",
            &["paragraphs"],
            json!({ "title": opt_string(), "paragraphs": { "type": "array", "items": { "type": "string" } } }),
        ),
        block(
            "list",
            &["items"],
            json!({ "items": { "type": "array", "items": { "type": "string" } } }),
        ),
        block(
            "caption",
            &["text"],
            json!({ "text": { "type": "string" } }),
        ),
        block(
            "image",
            &["file"],
            json!({ "file": { "type": "string" }, "caption": opt_string(), "credit": opt_string(),
                    "span": { "type": ["integer", "null"], "minimum": 1 }, "focus": focus() }),
        ),
    ];
    json!({
        "$schema": DRAFT,
        "title": "presswork article",
        "type": "object",
        "required": ["id", "section", "body"],
        "properties": {
            "id": { "type": "string", "description": "equals the file name without .json" },
            "section": { "type": "string" },
            "kicker": opt_string(),
            "headline": opt_string(),
            "subheadline": opt_string(),
            "standfirst": opt_string(),
            "byline": opt_string(),
            "lead_image": { "anyOf": [image_ref, { "type": "null" }] },
            "language": { "enum": ["nl", "en", null] },
            "body": { "type": "array", "items": { "oneOf": blocks } }
        },
        "additionalProperties": false
    })
}

/// The schema of `edition.toml` (as the JSON its TOML maps to).
pub fn edition() -> Value {
    let ad_ref = json!({ "oneOf": [
        { "type": "string" },
        { "type": "object", "required": ["ad"], "additionalProperties": false, "properties": {
            "ad": { "type": "string" },
            "page": { "type": "integer", "minimum": 1 },
            "position": { "enum": ["bottom", "top", "bottom-outside"] } } }
    ] });
    json!({
        "$schema": DRAFT,
        "title": "presswork edition.toml",
        "type": "object",
        "required": ["title", "issue", "layout", "flatplan"],
        "properties": {
            "title": { "type": "string" },
            "issue": { "type": "string" },
            "language": { "enum": ["nl", "en"] },
            "layout": { "type": "string" },
            "publisher": { "type": "string" },
            "date": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
            "cover": { "type": "object", "additionalProperties": false, "properties": {
                "lines": { "type": "array", "items": { "type": "string" } },
                "image": { "type": "string" } } },
            "flatplan": { "type": "array", "items": {
                "type": "object", "additionalProperties": false,
                "minProperties": 1,
                "properties": {
                    "cover": { "type": "boolean" },
                    "ad": { "type": "string" },
                    "article": { "type": "string" },
                    "ads": { "type": "array", "items": ad_ref },
                    "start": { "enum": ["next", "right", "left"] },
                    "pages": { "type": "integer", "minimum": 1 },
                    "run_on": { "type": "boolean" } } } },
            "ads": { "type": "object", "additionalProperties": {
                "type": "object", "required": ["advertiser", "size", "file"], "additionalProperties": false,
                "properties": { "advertiser": { "type": "string" }, "size": { "type": "string" }, "file": { "type": "string" } } } }
        },
        "additionalProperties": false
    })
}

/// The schema of `layouts/<name>.toml` (as the JSON its TOML maps to); the tables' inner
/// keys are described in the README.
pub fn layout() -> Value {
    let num = json!({ "type": "number" });
    let style = json!({
        "type": "object", "required": ["font", "size", "leading"], "additionalProperties": false,
        "properties": {
            "font": { "type": "string" }, "size": num, "leading": num, "color": { "type": "string" },
            "align": { "enum": ["left", "justify", "center", "right"] }, "hyphenate": { "type": "boolean" },
            "space_before": num, "space_after": num, "first_indent": num, "tracking": num,
            "uppercase": { "type": "boolean" } } });
    json!({
        "$schema": DRAFT,
        "title": "presswork layout",
        "type": "object",
        "required": ["page", "margins", "columns", "grid", "styles"],
        "properties": {
            "page": { "type": "object" },
            "margins": { "type": "object" },
            "columns": { "type": "object" },
            "grid": { "type": "object" },
            "colors": { "type": "object", "additionalProperties": {
                "type": "array", "items": num, "minItems": 4, "maxItems": 4 } },
            "elements": { "type": "object" },
            "slots": { "type": "object", "additionalProperties": {
                "type": "object", "required": ["width", "height"],
                "properties": { "width": num, "height": num, "bleed": { "type": "boolean" } } } },
            "styles": { "type": "object", "additionalProperties": style }
        }
    })
}
