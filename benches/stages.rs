//! Criterion benchmarks of each stage on the sample edition:
//! load, shape+break (all paragraphs of the longest article), paginate, render (content
//! streams of all pages), write (the whole PDF from a laid-out document).
//!
//! ```text
//! cargo bench --bench stages -- --quick
//! cargo bench --bench stages -- paginate      # one stage
//! ```

use criterion::{criterion_group, criterion_main, Criterion};
use presswork::document::{GlyphRun, Item};
use presswork::load::{self, LoadedEdition};
use presswork::model::Block;
use presswork::pages::{self, geometry::PageGeometry, styles::StyleSheet};
use presswork::pdf::{self, WriteOptions};
use presswork::render::{self, GlyphInfo, RenderContext, RunFont};
use presswork::text::fonts::{FontBook, FontId};
use presswork::text::paragraph::Typesetter;
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sample edition's folder.
fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(presswork::DEFAULT_EDITION)
}

fn loaded() -> LoadedEdition {
    load::load_edition(&sample()).expect("the sample edition loads")
}

/// Every paragraph text of an article's body (paragraphs, box paragraphs, list items).
fn paragraphs(edition: &LoadedEdition) -> Vec<String> {
    let longest = edition
        .articles
        .values()
        .max_by_key(|a| a.words().len())
        .expect("the sample has articles");
    let mut out = Vec::new();
    for block in &longest.body {
        match block {
            Block::Paragraph { text } => out.push(text.clone()),
            Block::Box { paragraphs, .. } => out.extend(paragraphs.iter().cloned()),
            Block::List { items } => out.extend(items.iter().cloned()),
            _ => {}
        }
    }
    out
}

/// Subset glyph ids as the writer decides them (first use in page order, `.notdef` 0) and
/// advances in thousandths of an em, so rendering can be timed apart from the writer.
fn run_fonts(book: &FontBook, doc: &presswork::document::Document) -> BTreeMap<FontId, RunFont> {
    let mut out: BTreeMap<FontId, RunFont> = BTreeMap::new();
    let runs = doc.pages.iter().flat_map(|p| {
        p.items.iter().filter_map(|i| match i {
            Item::Text(run) => Some(run),
            _ => None,
        })
    });
    let mut faces = BTreeMap::new();
    let mut counts: BTreeMap<FontId, u16> = BTreeMap::new();
    for run in runs {
        let run: &GlyphRun = run;
        let face = faces.entry(run.font).or_insert_with(|| {
            ttf_parser::Face::parse(&book.get(run.font).data, 0).expect("font parses")
        });
        let upem = face.units_per_em().max(1) as f64;
        let font = out.entry(run.font).or_insert_with(|| {
            let mut font = RunFont::default();
            font.units_per_em = 1000.0;
            font
        });
        let used = counts.entry(run.font).or_insert(0u16);
        for g in &run.glyphs {
            if font.get(g.id).is_some() {
                continue;
            }
            *used += 1;
            let adv = face
                .glyph_hor_advance(ttf_parser::GlyphId(g.id))
                .unwrap_or(0) as f64;
            font.insert(
                g.id,
                GlyphInfo {
                    new_id: *used,
                    advance: render::num(adv * 1000.0 / upem) as f64,
                },
            );
        }
    }
    out
}

fn stages(c: &mut Criterion) {
    let edition = loaded();
    let typesetter = Typesetter::new(Arc::clone(&edition.fonts));
    let paginated = pages::paginate(&edition, &typesetter).expect("the sample lays out");
    let doc = &paginated.document;

    c.bench_function("load", |b| b.iter(|| black_box(loaded())));

    let styles = StyleSheet::new(&edition.layout, &edition.fonts, edition.edition.language)
        .expect("the sample's styles resolve");
    let body = styles.get("body").text.clone();
    let measure = PageGeometry::new(&edition.layout).column_width();
    let texts = paragraphs(&edition);
    c.bench_function("shape+break (longest article, fresh typesetter)", |b| {
        b.iter(|| {
            let ts = Typesetter::new(Arc::clone(&edition.fonts));
            for t in &texts {
                black_box(ts.set_paragraph(t, &body, &mut |_| measure));
            }
        })
    });
    c.bench_function("shape+break (longest article, warm typesetter)", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(typesetter.set_paragraph(t, &body, &mut |_| measure));
            }
        })
    });

    // The two halves apart: shape (words shaped and hyphenated, the breaker's items built;
    // a fresh typesetter, so no word is cached) and break (Knuth–Plass and the lines).
    c.bench_function("shape (longest article, fresh typesetter)", |b| {
        b.iter(|| {
            let ts = Typesetter::new(Arc::clone(&edition.fonts));
            for t in &texts {
                black_box(ts.prepare(t, &body));
            }
        })
    });
    let mut prepared: Vec<_> = texts.iter().map(|t| typesetter.prepare(t, &body)).collect();
    c.bench_function("break (longest article, prepared)", |b| {
        b.iter(|| {
            for p in prepared.iter_mut() {
                black_box(typesetter.set_prepared(p, &mut |_| measure, &|_| false));
            }
        })
    });

    c.bench_function("paginate", |b| {
        b.iter(|| {
            let ts = Typesetter::new(Arc::clone(&edition.fonts));
            black_box(pages::paginate(&edition, &ts).expect("lays out"))
        })
    });

    let fonts = run_fonts(&edition.fonts, doc);
    let ctx = RenderContext {
        geometry: render::PageGeometry::of(doc),
        fonts: &fonts,
        doc,
        marks: true,
    };
    c.bench_function("render (content streams)", |b| {
        b.iter(|| black_box(render::render_pages(&ctx, &[]).expect("renders")))
    });

    let options = WriteOptions::default();
    c.bench_function("write (pdf_bytes)", |b| {
        b.iter(|| black_box(pdf::pdf_bytes(doc, &edition.fonts, &options).expect("writes")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = stages
}
criterion_main!(benches);
