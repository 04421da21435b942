//! `scale-edition`: makes a benchmark edition N times the size of a given one.
//!
//! ```text
//! scale-edition SOURCE_EDITION_DIR N OUT_EDITION_DIR
//! ```
//!
//! The flatplan after the cover is repeated N times, as the peer benchmark
//! (`bench/peers/gen.py`) repeats the pages after the cover: articles get new ids
//! (`<id>-2`, `<id>-3`, …; the first copy keeps its id), ads and assets stay the same. The
//! output folder must sit inside the project folder (e.g. `out/bench/jn-magazine-16x`) so
//! that the project's `layouts/`, `fonts/` and `assets/` are found; other files of the
//! source edition folder (edition-local assets) are copied beside the new `edition.toml`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [source, n, out] = args.as_slice() else {
        eprintln!("usage: scale-edition SOURCE_EDITION_DIR N OUT_EDITION_DIR");
        return ExitCode::from(2);
    };
    let n: usize = match n.parse() {
        Ok(n) if n >= 1 => n,
        _ => {
            eprintln!("error: N must be a whole number of at least 1, not `{n}`");
            return ExitCode::from(2);
        }
    };
    match scale(Path::new(source), n, Path::new(out)) {
        Ok(articles) => {
            println!("{} ({n}x, {articles} article files)", out);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The id of copy `k` (1-based) of article `id`.
fn copy_id(id: &str, k: usize) -> String {
    if k == 1 {
        id.to_string()
    } else {
        format!("{id}-{k}")
    }
}

/// Writes the scaled edition; returns the number of article files written.
fn scale(source: &Path, n: usize, out: &Path) -> Result<usize, String> {
    let toml_path = source.join("edition.toml");
    let text =
        std::fs::read_to_string(&toml_path).map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let mut edition: toml::Table =
        toml::from_str(&text).map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let flatplan = match edition.get("flatplan") {
        Some(toml::Value::Array(a)) => a.clone(),
        _ => return Err(format!("{}: no flatplan array", toml_path.display())),
    };
    let is_cover = |e: &toml::Value| e.get("cover").and_then(toml::Value::as_bool) == Some(true);
    let (head, body): (Vec<_>, Vec<_>) = flatplan.iter().partition(|e| is_cover(e));
    let mut scaled: Vec<toml::Value> = head.into_iter().cloned().collect();
    let mut copies: Vec<(String, String)> = Vec::new(); // (source id, new id)
    for k in 1..=n {
        for entry in &body {
            let mut entry = (*entry).clone();
            if let Some(id) = entry.get("article").and_then(toml::Value::as_str) {
                let id = id.to_string();
                let new = copy_id(&id, k);
                if let Some(t) = entry.as_table_mut() {
                    t.insert("article".into(), toml::Value::String(new.clone()));
                }
                copies.push((id, new));
            }
            scaled.push(entry);
        }
    }
    edition.insert("flatplan".into(), toml::Value::Array(scaled));
    if let Some(toml::Value::String(title)) = edition.get_mut("issue") {
        if n > 1 {
            title.push_str(&format!(" ({n}x)"));
        }
    }

    let articles_out = out.join("articles");
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(&articles_out)
        .map_err(|e| format!("{}: {e}", articles_out.display()))?;
    let toml_text = toml::to_string(&edition).map_err(|e| e.to_string())?;
    let out_toml = out.join("edition.toml");
    std::fs::write(&out_toml, toml_text).map_err(|e| format!("{}: {e}", out_toml.display()))?;

    for (id, new) in &copies {
        let path = source.join("articles").join(format!("{id}.json"));
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut article: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(obj) = article.as_object_mut() {
            obj.insert("id".into(), serde_json::Value::String(new.clone()));
        }
        let dest = articles_out.join(format!("{new}.json"));
        let json = serde_json::to_string_pretty(&article).map_err(|e| e.to_string())?;
        std::fs::write(&dest, json).map_err(|e| format!("{}: {e}", dest.display()))?;
    }
    copy_rest(source, out, true)?;
    Ok(copies.len())
}

/// Copies everything in `from` except `edition.toml` and `articles/` (edition-local assets,
/// READMEs) to `to`, so asset paths written relative to the edition still resolve.
fn copy_rest(from: &Path, to: &Path, top: bool) -> Result<(), String> {
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if top && (name == "edition.toml" || name == "articles") {
            continue;
        }
        let (src, dest) = (entry.path(), to.join(&name));
        if src.is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
            copy_rest(&src, &dest, false)?;
        } else {
            std::fs::copy(&src, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        }
    }
    Ok(())
}
