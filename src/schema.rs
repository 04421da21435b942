//! JSON Schemas (draft 2020-12) of the input files, derived with `schemars` from the serde
//! types in `src/model/`, so they follow the same attributes (required fields,
//! `deny_unknown_fields`, the `type` tag of body blocks) and cannot drift from the parser.

use crate::model::{Article, Edition, Layout};
use serde_json::Value;

/// The kinds of file a schema is printed for.
pub const KINDS: [&str; 3] = ["article", "edition", "layout"];

/// The schema of `kind` (`article`, `edition` or `layout`).
pub fn schema(kind: &str) -> Option<Value> {
    let schema = match kind {
        "article" => schemars::schema_for!(Article),
        "edition" => schemars::schema_for!(Edition),
        "layout" => schemars::schema_for!(Layout),
        _ => return None,
    };
    serde_json::to_value(schema).ok()
}
