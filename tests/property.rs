//! The no-lost-words guarantee, tested on random editions: every word of every article is
//! either in the PDF's text or reported as overset, never neither and never both, and never
//! printed twice (pull quotes repeat body text, and are counted with it).
//!
//! Editions are generated from deterministic seeds by a small PRNG: random paragraph
//! lengths, long Dutch compounds, unbreakable 40-letter words, pull quotes, photos, boxes,
//! lists, ads, narrow layouts (2–4 columns, small pages, large margins) and page budgets that
//! force overset. `PRESSWORK_PROPERTY_CASES=n` runs more (or fewer) than the default 200;
//! `PRESSWORK_PROPERTY_SEED=s` runs only seed `s`.

mod common;
#[path = "property/gen.rs"]
mod gen;

use common::{fold, lopdf_text, project};
use gen::edition;
use presswork::document::PageRole;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A word as compared: folded, without the punctuation around it (quotes, full stops).
fn norm(word: &str) -> String {
    let w = fold(word);
    let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
    let keep_hyphen = w.ends_with('-');
    let mut w = w
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    if keep_hyphen {
        w.push('-');
    }
    w
}

fn count(words: impl IntoIterator<Item = String>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for w in words {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// The PDF's tokens as words: a token ending in a hyphen joined with the next ones when
/// that makes a word of the article (a word hyphenated at a line end); the longest such word
/// wins ("ge-" "meentenen-" "aan" is `gemeentenenaan`, not `gemeentenen` and `aan`). Up to
/// two tokens that cannot continue the word may sit between its pieces (a line of another
/// column or float written between them); they are read as words of their own.
fn printed_words(tokens: &[String], vocab: &BTreeSet<String>) -> Vec<String> {
    let prefixes: BTreeSet<&str> = vocab
        .iter()
        .flat_map(|w| {
            w.char_indices()
                .map(move |(i, _)| &w[..i])
                .chain([w.as_str()])
        })
        .collect();
    let mut used = vec![false; tokens.len()];
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        if used[i] {
            continue;
        }
        let tok = &tokens[i];
        let mut best: Option<(String, Vec<usize>)> = None;
        if tok.ends_with('-') || !vocab.contains(tok) {
            // Both readings of every line-end hyphen: added (dropped) or the word's own.
            let stem = tok.trim_end_matches('-').to_string();
            let mut cands: Vec<String> = vec![stem.clone(), format!("{stem}-")];
            let mut chain = vec![i];
            let mut skips = 0;
            for j in i + 1..tokens.len().min(i + 10) {
                if used[j] {
                    continue;
                }
                let next = tokens[j].trim_end_matches('-');
                let grown: Vec<String> = cands
                    .iter()
                    .map(|c| format!("{c}{next}"))
                    .filter(|w| prefixes.contains(w.as_str()))
                    .collect();
                if grown.is_empty() {
                    skips += 1;
                    if skips > 2 {
                        break;
                    }
                    continue;
                }
                chain.push(j);
                if let Some(w) = grown.iter().find(|w| vocab.contains(*w)) {
                    best = Some((w.clone(), chain.clone()));
                }
                if !tokens[j].ends_with('-') {
                    break;
                }
                cands = grown
                    .iter()
                    .flat_map(|w| [w.clone(), format!("{w}-")])
                    .collect();
            }
        }
        match best {
            Some((w, chain)) => {
                for j in chain {
                    used[j] = true;
                }
                out.push(w);
            }
            None => out.push(tok.trim_end_matches('-').to_string()),
        }
    }
    out
}

/// Words of a text as compared: normalized, without page furniture (running heads and
/// folios, which may sit between the halves of a word hyphenated at a page foot).
fn tokens_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(norm)
        .filter(|t| {
            !t.is_empty()
                && !t.chars().all(|c| c.is_ascii_digit())
                && !["rubriek", "testblad", "proef", "page"].contains(&t.as_str())
        })
        .collect()
}

/// The first line of each block that starts off its page: (owner, part, description).
fn off_page(doc: &presswork::document::Document) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for page in &doc.pages {
        for item in &page.items {
            if let presswork::document::Item::Text(run) = item {
                let (x, y) = (run.origin.x.0, run.origin.y.0);
                let off = x < 0.0 || y < 0.0 || x > doc.trim.w.0 || y > doc.trim.h.0;
                let seen = out
                    .iter()
                    .any(|o| o.0 == run.source.owner && o.1 == run.source.part);
                if off && !seen {
                    out.push((
                        run.source.owner.clone(),
                        run.source.part.clone(),
                        format!(
                            "line “{}” placed off page {} at ({x:.0}, {y:.0})",
                            run.text, page.number
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The last word set of block `part` of article `id`, normalized.
fn last_word_of(doc: &presswork::document::Document, id: &str, part: &str) -> Option<String> {
    use presswork::document::Item;
    doc.pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|item| match item {
            Item::Text(run) if run.source.owner == id && run.source.part == part => Some(run),
            _ => None,
        })
        .next_back()
        .and_then(|run| run.text.split_whitespace().last().map(norm))
}

/// Builds edition `seed` and checks the guarantee; `Err` describes a violation.
fn check(root: &Path, seed: u64) -> Result<(), String> {
    let dir = edition(root, seed);
    let pdf = dir.join("out.pdf");
    let options = presswork::BuildOptions {
        output: Some(pdf.clone()),
        force: true,
        ..Default::default()
    };
    let built = presswork::build(&dir, &options).map_err(|d| format!("build failed:\n{d}"))?;
    let doc = &built.paginated.document;
    let mut problems = Vec::new();
    // Text in the content stream but off the paper is lost too, though text extraction
    // finds it: every line must start on its page.
    for (owner, part, line) in off_page(doc) {
        let article: Option<presswork::model::Article> =
            fs::read_to_string(dir.join(format!("articles/{owner}.json")))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok());
        let _ = article;
        problems.push(format!("{owner} {part}: {line}"));
    }
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let id = &file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&file).unwrap();
        let article: presswork::model::Article = serde_json::from_str(&text).unwrap();
        let pages: Vec<u32> = doc
            .pages
            .iter()
            .filter(|p| p.role == PageRole::Article(id.clone()))
            .map(|p| p.number)
            .collect();
        let expected = count(article.words().iter().map(|w| norm(w)));
        let vocab: BTreeSet<String> = expected.keys().cloned().collect();
        let tokens: Vec<String> = match (pages.first(), pages.last()) {
            (Some(&first), Some(&last)) => tokens_of(&lopdf_text(&pdf, first, last)),
            _ => Vec::new(),
        };
        if std::env::var_os("PRESSWORK_PROPERTY_DUMP").is_some() {
            let over: Vec<_> = built
                .paginated
                .overset
                .iter()
                .filter(|o| o.article == *id)
                .collect();
            eprintln!("== {id}\ntokens: {}\noverset: {over:#?}", tokens.join(" "));
        }
        // Overset text is reported as set (with the typesetter's hyphens): join it too. Pull
        // quotes left out by rule (more than a page may carry) are reported the same way.
        let mine: Vec<&presswork::flow::Overset> = built
            .paginated
            .overset
            .iter()
            .chain(&built.paginated.left_out)
            .filter(|o| o.article == *id)
            .collect();
        let over_tokens: Vec<Vec<String>> = mine.iter().map(|o| tokens_of(&o.text)).collect();
        let printed_tokens = tokens;
        if std::env::var_os("PRESSWORK_PROPERTY_DUMP").is_some() {
            eprintln!("over_tokens {id}: {over_tokens:?}");
        }
        let printed = count(printed_words(&printed_tokens, &vocab));
        let overset = count(over_tokens.iter().flat_map(|t| printed_words(t, &vocab)));
        for (w, &n) in &expected {
            let p = printed.get(w).copied().unwrap_or(0);
            let o = overset.get(w).copied().unwrap_or(0);
            if p + o < n {
                problems.push(format!(
                    "{id}: “{w}” lost: {n} in the article, {p} printed, {o} overset"
                ));
            } else if p + o > n {
                problems.push(format!(
                    "{id}: “{w}” twice: {n} in the article, {p} printed, {o} overset"
                ));
            }
        }
    }
    let _ = fs::remove_file(&pdf);
    if problems.is_empty() {
        let _ = fs::remove_dir_all(&dir);
        Ok(())
    } else {
        problems.truncate(12);
        Err(format!(
            "seed {seed} ({}):\n  {}",
            dir.display(),
            problems.join("\n  ")
        ))
    }
}

/// A project folder with the real fonts and assets, for generated editions.
fn scratch_project(tag: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("presswork-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("layouts")).unwrap();
    fs::create_dir_all(root.join("editions")).unwrap();
    for dir in ["fonts", "assets"] {
        std::os::unix::fs::symlink(project().join(dir), root.join(dir)).unwrap();
    }
    root
}

#[test]
fn no_word_is_lost_or_printed_twice() {
    let root = scratch_project("property");
    let cases: u64 = std::env::var("PRESSWORK_PROPERTY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let seeds: Vec<u64> = match std::env::var("PRESSWORK_PROPERTY_SEED") {
        Ok(s) => vec![s.parse().expect("a seed number")],
        Err(_) => (0..cases).collect(),
    };
    // Two workers: the machine's cores; each build is mostly single-threaded.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&seed) = seeds.get(i) else { break };
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&root, seed)))
                        .unwrap_or_else(|_| Err(format!("seed {seed}: panicked")));
                if let Err(e) = result {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    eprintln!(
        "property: {} editions, {} failed",
        seeds.len(),
        failures.len()
    );
    failures.sort();
    if failures.is_empty() {
        let _ = fs::remove_dir_all(&root);
    }
    assert!(
        failures.is_empty(),
        "{} of {} editions broke the guarantee:\n{}",
        failures.len(),
        seeds.len(),
        failures.join("\n")
    );
}

/// Builds a one-article edition in the sample layout with the given body and page budget.
fn small_edition(tag: &str, body: serde_json::Value, pages: usize) -> (PathBuf, presswork::Built) {
    let root = scratch_project(tag);
    fs::copy(
        project().join("layouts/magazine-a4.toml"),
        root.join("layouts/magazine-a4.toml"),
    )
    .unwrap();
    let dir = root.join("editions/e");
    fs::create_dir_all(dir.join("articles")).unwrap();
    fs::write(
        dir.join("edition.toml"),
        format!("title = \"T\"\nissue = \"1\"\nlanguage = \"nl\"\nlayout = \"magazine-a4\"\nflatplan = [ {{ article = \"a\", pages = {pages} }} ]\n"),
    )
    .unwrap();
    let article = serde_json::json!({ "id": "a", "section": "S", "headline": "Kop", "body": body });
    fs::write(dir.join("articles/a.json"), article.to_string()).unwrap();
    let options = presswork::BuildOptions {
        output: Some(dir.join("out.pdf")),
        force: true,
        ..Default::default()
    };
    let built = presswork::build(&dir, &options).unwrap_or_else(|d| panic!("{d}"));
    (root, built)
}

// Once a bug (fixed): for the integrator (src/flow/blocks.rs, `pullquote_in_column` and the photo
// block): when a pull quote or a photo does not fit the page budget, `report_overset` gets
// only the quote's text or the photo's caption, so the attribution or credit is neither
// printed nor reported. Found by `no_word_is_lost_or_printed_twice` (27 times in 200 seeds).
#[test]
fn an_overset_pull_quote_reports_its_attribution_and_a_photo_its_credit() {
    let filler = vec!["woord"; 2500].join(" ");
    let body = serde_json::json!([
        { "type": "paragraph", "text": filler },
        { "type": "pullquote", "text": "Een citaat.", "attribution": "Zeldzaamnaam" },
        { "type": "image", "file": "assets/photos/kite.jpg", "caption": "Bijschrift.", "credit": "Fotografenaam" },
    ]);
    let (root, built) = small_edition("bug-attribution", body, 1);
    let overset: String = built
        .paginated
        .overset
        .iter()
        .map(|o| o.text.clone())
        .collect();
    let _ = fs::remove_dir_all(root);
    assert!(
        overset.contains("Een citaat"),
        "the quote is overset: {overset}"
    );
    assert!(
        overset.contains("Zeldzaamnaam"),
        "attribution lost: {overset}"
    );
    assert!(overset.contains("Fotografenaam"), "credit lost: {overset}");
}

// Once a bug (fixed): for the integrator (src/flow/mod.rs, `Flow::paragraph` at the page budget):
// the last line placed before the rest of a paragraph goes overset may end with a hyphen the
// typesetter added, so the word is half printed and half reported ("straat-" printed,
// "onder" overset). The page-foot rule (no hyphen at a column or page foot) does not apply
// there. Found 16 times in 200 seeds; seed 21 shows it.
#[test]
fn the_last_line_before_overset_does_not_end_in_a_hyphen() {
    let root = scratch_project("bug-split");
    let dir = edition(&root, 21);
    let options = presswork::BuildOptions {
        output: Some(dir.join("out.pdf")),
        force: true,
        ..Default::default()
    };
    let built = presswork::build(&dir, &options).unwrap_or_else(|d| panic!("{d}"));
    let doc = &built.paginated.document;
    let split: Vec<String> = built
        .paginated
        .overset
        .iter()
        .filter_map(|o| {
            let last = last_word_of(doc, &o.article, &o.part)?;
            last.ends_with('-')
                .then(|| format!("{} {}: “{last}” / “{}”", o.article, o.part, o.text))
        })
        .collect();
    let _ = fs::remove_dir_all(root);
    assert!(split.is_empty(), "{split:#?}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let root = scratch_project("determinism");
    let dir = edition(&root, 7);
    let build = |name: &str| {
        let options = presswork::BuildOptions {
            output: Some(dir.join(name)),
            force: true,
            ..Default::default()
        };
        presswork::build(&dir, &options).unwrap_or_else(|d| panic!("{d}"));
        fs::read(dir.join(name)).unwrap()
    };
    let (a, b) = (build("a.pdf"), build("b.pdf"));
    let _ = fs::remove_dir_all(root);
    assert!(a.len() > 1000);
    assert!(a == b, "two builds of the same edition differ");
}

// Once a bug (fixed): for the integrator (src/pages/article.rs, the opener): an opener taller than
// the page (lead image, long headline and standfirst on a small page) is stacked past the
// page's foot: the standfirst of seed 12 runs to y = 713 pt on a 589 pt page, and nothing is
// reported. Found 39 times in 200 seeds (standfirst, byline, headline).
#[test]
fn the_opener_stays_on_the_page() {
    let root = scratch_project("bug-opener");
    let dir = edition(&root, 12);
    let options = presswork::BuildOptions {
        output: Some(dir.join("out.pdf")),
        force: true,
        ..Default::default()
    };
    let built = presswork::build(&dir, &options).unwrap_or_else(|d| panic!("{d}"));
    let off = off_page(&built.paginated.document);
    let _ = fs::remove_dir_all(root);
    assert!(off.is_empty(), "{off:#?}");
}
