//! The load stage from start to end: find the project, read and check every file, resolve
//! and decode every asset once, and gather every problem found on the way.

use super::assets::{AdArtwork, ImageAsset};
use super::check::{check_article, check_flatplan, check_layout, safe_id, unreadable};
use super::decode::{load_ad, load_image, DecodeError};
use super::limits::{read_text_limited, LoadOptions};
use super::parse::{parse_article, parse_edition, parse_layout, EditionSpans};
use super::paths::Roots;
use super::source::{diag_at, find_quoted, line_col, suggest};
use super::LoadedEdition;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Article, Block, Edition, Layout};
use crate::text::fonts::FontBook;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One place where a file refers to an asset.
#[derive(Debug, Clone)]
struct AssetRef {
    written: String,
    file: PathBuf,
    field: String,
    pos: Option<(usize, usize)>,
}

impl AssetRef {
    fn diag(&self, message: String, hint: String) -> Diagnostic {
        diag_at(message, &self.file, self.pos)
            .at_field(&self.field)
            .with_hint(hint)
    }
}

/// Drops a byte-order mark some editors put at the start of UTF-8 files.
fn strip_bom(text: String) -> String {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

/// Finds the project folder: the nearest ancestor of `edition` with a `layouts/` folder.
fn find_project(edition: &Path) -> Option<PathBuf> {
    edition
        .ancestors()
        .skip(1)
        .find(|a| a.join("layouts").is_dir())
        .map(Path::to_path_buf)
}

/// Reads the edition in `edition_dir` with `options`; see [`super::load_edition`].
pub fn load_edition_with(
    edition_dir: &Path,
    options: &LoadOptions,
) -> Result<LoadedEdition, Diagnostics> {
    let root = edition_dir.canonicalize().map_err(|e| {
        Diagnostics::from(
            Diagnostic::input(format!("cannot open the edition folder: {e}"))
                .in_file(edition_dir)
                .with_hint("give the path of a folder that holds edition.toml"),
        )
    })?;
    if !root.is_dir() {
        return Err(Diagnostic::input("the edition path is not a folder")
            .in_file(edition_dir)
            .with_hint("give the path of a folder that holds edition.toml")
            .into());
    }
    let project = find_project(&root).ok_or_else(|| {
        Diagnostics::from(
            Diagnostic::input("no project folder found: no parent folder has a `layouts/` folder")
                .in_file(&root)
                .with_hint(
                    "put the edition inside a presswork project, e.g. <project>/editions/<name>/",
                ),
        )
    })?;
    let name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "edition".into());
    let mut problems = Diagnostics::new();

    // Article files present on disk.
    let articles_dir = root.join("articles");
    let article_files: BTreeSet<String> = std::fs::read_dir(&articles_dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();

    // edition.toml
    let edition_file = root.join("edition.toml");
    let edition_text = match read_text_limited(&edition_file, options.max_edition_bytes) {
        Ok(t) => Some(strip_bom(t)),
        Err(e) => {
            problems.push(unreadable(
                &edition_file,
                &e,
                "every edition folder needs an edition.toml",
            ));
            None
        }
    };
    let parsed = edition_text.as_deref().and_then(|text| {
        parse_edition(&edition_file, text)
            .map_err(|d| problems.push(d))
            .ok()
    });
    let Some((edition, spans)) = parsed else {
        // Without the flatplan, still report what is wrong with the article files.
        let ids: Vec<String> = article_files.iter().cloned().collect();
        for (_, result) in read_articles(&articles_dir, &ids, options.max_article_bytes) {
            if let Err(ds) = result {
                problems.extend(ds);
            }
        }
        return Err(problems);
    };
    let edition_text = edition_text.unwrap_or_default();

    // Fonts, layout and flatplan on one side; articles and assets, which need neither, on
    // the other. Each side keeps its own problems, joined in this order afterwards.
    let ((fonts, layout, settings_problems), (articles, images, ads, content_problems)) =
        rayon::join(
            || {
                let mut problems = Diagnostics::new();
                let fonts = match crate::timings::timed("load: fonts", || {
                    FontBook::load_dir(&project.join("fonts"))
                }) {
                    Ok(f) => Some(f),
                    Err(ds) => {
                        problems.extend(ds);
                        None
                    }
                };
                let layout = read_layout(
                    options,
                    &edition,
                    &edition_file,
                    &edition_text,
                    &project,
                    fonts.as_ref(),
                    &mut problems,
                );
                problems.extend(check_flatplan(
                    &edition,
                    &spans,
                    &edition_file,
                    &edition_text,
                    layout.as_ref(),
                    &article_files,
                ));
                (fonts, layout, problems)
            },
            || {
                let mut problems = Diagnostics::new();
                let sources = ContentSources {
                    edition: &edition,
                    spans: &spans,
                    edition_file: &edition_file,
                    edition_text: &edition_text,
                    articles_dir: &articles_dir,
                    article_files: &article_files,
                    root: &root,
                    project: &project,
                };
                let (articles, images, ads) = read_content(&sources, options, &mut problems);
                (articles, images, ads, problems)
            },
        );
    problems.extend(settings_problems);
    problems.extend(content_problems);

    if problems.has_errors() {
        return Err(problems);
    }
    let (Some(layout), Some(fonts)) = (layout, fonts) else {
        return Err(problems);
    };
    Ok(LoadedEdition {
        root,
        project: project.canonicalize().unwrap_or(project.clone()),
        name,
        edition,
        layout,
        articles,
        images,
        ads,
        fonts: Arc::new(fonts),
        warnings: problems,
    })
}

/// Where an edition's content (articles and the files they and the ads name) is read from.
struct ContentSources<'a> {
    edition: &'a Edition,
    spans: &'a EditionSpans,
    edition_file: &'a Path,
    edition_text: &'a str,
    articles_dir: &'a Path,
    article_files: &'a BTreeSet<String>,
    root: &'a Path,
    project: &'a Path,
}

/// An edition's content by id: its articles, the images they name and the ads booked.
type Content = (
    BTreeMap<String, Article>,
    BTreeMap<String, Arc<ImageAsset>>,
    BTreeMap<String, Arc<AdArtwork>>,
);

/// Reads the flatplan's articles and decodes the images and ads they and the bookings name.
fn read_content(
    sources: &ContentSources<'_>,
    options: &LoadOptions,
    problems: &mut Diagnostics,
) -> Content {
    // Articles of the flatplan, parsed in parallel.
    let mut wanted: Vec<String> = Vec::new();
    for entry in &sources.edition.flatplan {
        if let Some(id) = &entry.article {
            if safe_id(id) && sources.article_files.contains(id) && !wanted.contains(id) {
                wanted.push(id.clone());
            }
        }
    }
    let mut articles = BTreeMap::new();
    let mut article_texts = BTreeMap::new();
    for (id, result) in read_articles(sources.articles_dir, &wanted, options.max_article_bytes) {
        match result {
            Ok((article, text)) => {
                article_texts.insert(id.clone(), text);
                articles.insert(id, article);
            }
            Err(ds) => problems.extend(ds),
        }
    }
    let in_flatplan: BTreeSet<&str> = sources
        .edition
        .flatplan
        .iter()
        .filter_map(|e| e.article.as_deref())
        .collect();
    for id in sources.article_files {
        if !in_flatplan.contains(id.as_str()) {
            problems.push(
                Diagnostic::input(format!(
                    "article `{id}` is not in the flatplan and will not be printed"
                ))
                .in_file(sources.articles_dir.join(format!("{id}.json")))
                .with_hint(format!(
                    "add {{ article = \"{id}\" }} to the flatplan, or remove the file"
                ))
                .warning(),
            );
        }
    }

    // Assets.
    let roots = Roots::new(
        sources.root.to_path_buf(),
        sources
            .project
            .canonicalize()
            .unwrap_or(sources.project.to_path_buf()),
    );
    let image_refs = collect_image_refs(
        sources.edition,
        sources.spans,
        sources.edition_file,
        sources.edition_text,
        &articles,
        &article_texts,
        sources.articles_dir,
    );
    let ad_refs: Vec<(String, AssetRef)> = sources
        .edition
        .ads
        .iter()
        .map(|(id, b)| {
            let pos = sources
                .spans
                .ads
                .get(id)
                .and_then(|r| find_quoted(sources.edition_text, &b.file, r.start));
            (
                id.clone(),
                AssetRef {
                    written: b.file.clone(),
                    file: sources.edition_file.to_path_buf(),
                    field: format!("ads.{id}.file"),
                    pos,
                },
            )
        })
        .collect();
    let (images, ads) = crate::timings::timed("load: assets", || {
        decode_assets(&roots, &image_refs, &ad_refs, options, problems)
    });
    (articles, images, ads)
}

/// Reads and checks `layouts/<layout>.toml`.
fn read_layout(
    options: &LoadOptions,
    edition: &Edition,
    edition_file: &Path,
    edition_text: &str,
    project: &Path,
    fonts: Option<&FontBook>,
    problems: &mut Diagnostics,
) -> Option<Layout> {
    let layouts_dir = project.join("layouts");
    let pos = find_quoted(edition_text, &edition.layout, 0);
    if !safe_id(&edition.layout) {
        problems.push(
            diag_at(
                format!("layout `{}` is not a plain name", edition.layout),
                edition_file,
                pos,
            )
            .at_field("layout")
            .with_hint("name a file of the project's layouts/ folder without `.toml`"),
        );
        return None;
    }
    let file = layouts_dir.join(format!("{}.toml", edition.layout));
    let text = match read_text_limited(&file, options.max_edition_bytes) {
        Ok(t) => t,
        Err(e) if file.is_file() => {
            problems.push(unreadable(&file, &e, "layouts are UTF-8 TOML files"));
            return None;
        }
        Err(_) => {
            let known: Vec<String> = std::fs::read_dir(&layouts_dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                        .collect()
                })
                .unwrap_or_default();
            problems.push(
                diag_at(
                    format!(
                        "layout `{}` not found: no {}",
                        edition.layout,
                        file.display()
                    ),
                    edition_file,
                    pos,
                )
                .at_field("layout")
                .with_hint(suggest(
                    &edition.layout,
                    known.iter().map(String::as_str),
                    "layout",
                )),
            );
            return None;
        }
    };
    let text = strip_bom(text);
    match parse_layout(&file, &text) {
        Ok(layout) => {
            // A layout with errors still serves the flatplan checks (slots); the errors
            // stop the build.
            problems.extend(check_layout(&layout, &file, &text, fonts));
            Some(layout)
        }
        Err(d) => {
            problems.push(d);
            None
        }
    }
}

type ArticleResult = Result<(Article, String), Diagnostics>;

/// Reads, parses and checks one article file.
fn read_article(dir: &Path, id: &str, max_bytes: u64) -> ArticleResult {
    let file = dir.join(format!("{id}.json"));
    let text = read_text_limited(&file, max_bytes).map_err(|e| {
        Diagnostics::from(unreadable(&file, &e, "article files must be UTF-8 JSON"))
    })?;
    let text = strip_bom(text);
    let article = parse_article(&file, &text)?;
    let found = check_article(&article, id, &file, &text);
    if found.has_errors() {
        return Err(found);
    }
    Ok((article, text))
}

/// Reads, parses and checks the given articles in parallel, in the given order.
fn read_articles(dir: &Path, ids: &[String], max_bytes: u64) -> Vec<(String, ArticleResult)> {
    ids.par_iter()
        .with_max_len(1)
        .map(|id| (id.clone(), read_article(dir, id, max_bytes)))
        .collect()
}

/// Every photo the edition refers to: the cover, lead images and image blocks.
fn collect_image_refs(
    edition: &Edition,
    spans: &EditionSpans,
    edition_file: &Path,
    edition_text: &str,
    articles: &BTreeMap<String, Article>,
    texts: &BTreeMap<String, String>,
    articles_dir: &Path,
) -> Vec<AssetRef> {
    let mut refs = Vec::new();
    if let Some(image) = edition.cover.as_ref().and_then(|c| c.image.as_ref()) {
        let from = spans.cover.as_ref().map(|r| r.start).unwrap_or(0);
        refs.push(AssetRef {
            written: image.clone(),
            file: edition_file.to_path_buf(),
            field: "cover.image".into(),
            pos: find_quoted(edition_text, image, from),
        });
    }
    for (id, article) in articles {
        let text = texts.get(id).map(String::as_str).unwrap_or("");
        let file = articles_dir.join(format!("{id}.json"));
        // Search forward so that repeated paths get the position of their own occurrence.
        let mut cursor = 0usize;
        let mut add = |written: &str, field: String, refs: &mut Vec<AssetRef>| {
            let needle = serde_json::to_string(written).unwrap_or_default();
            let at = text
                .get(cursor..)
                .and_then(|t| t.find(&needle))
                .map(|i| cursor + i);
            if let Some(i) = at {
                cursor = i + needle.len();
            }
            refs.push(AssetRef {
                written: written.to_string(),
                file: file.clone(),
                field,
                pos: at.map(|i| line_col(text, i)),
            });
        };
        if let Some(lead) = &article.lead_image {
            add(&lead.file, "lead_image.file".into(), &mut refs);
        }
        for (i, block) in article.body.iter().enumerate() {
            if let Block::Image { file: f, .. } = block {
                add(f, format!("body[{i}].file"), &mut refs);
            }
        }
    }
    refs
}

enum Job<'a> {
    Image(&'a AssetRef, PathBuf),
    Ad(&'a str, &'a AssetRef, PathBuf),
}

enum Done<'a> {
    Image(&'a AssetRef, Result<ImageAsset, DecodeError>),
    Ad(&'a str, &'a AssetRef, Result<AdArtwork, DecodeError>),
}

/// Resolves every asset path, then decodes each distinct file once, in parallel.
fn decode_assets(
    roots: &Roots,
    image_refs: &[AssetRef],
    ad_refs: &[(String, AssetRef)],
    options: &LoadOptions,
    problems: &mut Diagnostics,
) -> (
    BTreeMap<String, Arc<ImageAsset>>,
    BTreeMap<String, Arc<AdArtwork>>,
) {
    let mut jobs = Vec::new();
    let mut seen = BTreeSet::new();
    for r in image_refs {
        match roots.resolve(&r.written) {
            Err(p) => problems.push(r.diag(p.message, p.hint)),
            Ok(path) => {
                if seen.insert(r.written.clone()) {
                    jobs.push(Job::Image(r, path));
                }
            }
        }
    }
    for (id, r) in ad_refs {
        match roots.resolve(&r.written) {
            Err(p) => problems.push(r.diag(p.message, p.hint)),
            Ok(path) => jobs.push(Job::Ad(id, r, path)),
        }
    }
    let done: Vec<Done> = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|job| match job {
            Job::Image(r, path) => Done::Image(r, load_image(&path, options)),
            Job::Ad(id, r, path) => Done::Ad(id, r, load_ad(&path, options)),
        })
        .collect();
    let mut images = BTreeMap::new();
    let mut ads = BTreeMap::new();
    for d in done {
        match d {
            Done::Image(r, Ok(img)) => {
                images.insert(r.written.clone(), Arc::new(img));
            }
            Done::Ad(id, _, Ok(ad)) => {
                ads.insert(id.to_string(), Arc::new(ad));
            }
            Done::Image(r, Err(e)) | Done::Ad(_, r, Err(e)) => {
                problems.push(r.diag(format!("`{}`: {}", r.written, e.message), e.hint));
            }
        }
    }
    (images, ads)
}
