//! The PDF writer (pdf-writer + subsetter): fonts, images, imported ads, page geometry,
//! output intent; pages' content streams made in parallel and joined in page order.
//!
//! The order of work: one pass over the pages decides every font's subset (so glyph ids are
//! fixed), then [`crate::render`] draws all pages in parallel, then the file is assembled in
//! one thread with object numbers handed out in a fixed order. The same [`Document`] gives
//! the same bytes whatever the number of threads.

pub mod adcheck;
mod conform;
mod fonts;
mod ids;
pub mod images;
mod import;
mod meta;
mod prefault;

pub use adcheck::check_ad;
pub use conform::{check_x1a, rgb_to_cmyk, Conformance};
pub use fonts::subset_tag;
pub use ids::DateTime;
pub use meta::{FOGRA39_ICC, PDFX_VERSION, PRODUCER};

use crate::diag::Diagnostic;
use crate::document::{Document, GlyphRun, Item, Source};
use crate::geom::{Point, Pt};
use crate::load::assets::{AdArtwork, AdKind, ImageAsset, PdfPage};
use crate::model::CmykColor;
use crate::render::{self, PageContent, PageGeometry, RenderContext};
use crate::text::fonts::{FontBook, FontId};
use crate::text::paragraph::PositionedGlyph;
use ids::RefAlloc;
use pdf_writer::{Filter, Name, Pdf, Ref, Settings};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// Which kind of file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputMode {
    /// The print file: PDF/X-4, CMYK, marks in the slug.
    #[default]
    Final,
    /// A lighter file for proofing on screen.
    Proof,
}

/// How to write the PDF.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// Final or proof.
    pub mode: OutputMode,
    /// Seconds since the Unix epoch to stamp as creation date (from `SOURCE_DATE_EPOCH`);
    /// no date is written when `None`, so builds are reproducible.
    pub source_date_epoch: Option<i64>,
    /// The PDF/X level written: PDF/X-4 (default) or PDF/X-1a:2001.
    pub conformance: Conformance,
    /// Flush the file to disk before it takes the output's name, so that it survives a power
    /// cut too (`--sync`; 5–15 ms more for the sample).
    pub sync: bool,
}

/// Font used for the page information in the slug, when the project has it.
const INFO_FONT: &str = "SourceSans3-Regular";

/// Serializes `doc` to PDF bytes, in four steps: the glyphs per font, the content streams
/// (beside the fonts' subsets), the object numbers, the file.
pub fn pdf_bytes(
    doc: &Document,
    fonts: &FontBook,
    options: &WriteOptions,
) -> Result<Vec<u8>, Diagnostic> {
    let geometry = PageGeometry::of(doc);
    check_page_size(doc)?;
    if options.conformance == Conformance::X1a {
        check_x1a(doc)?;
    }
    let marks = options.mode == OutputMode::Final;
    let extra = if marks {
        info_runs(doc, fonts, &geometry)
    } else {
        Vec::new()
    };

    // 1. Glyphs per font, in page and item order: this fixes the subsets' glyph ids.
    let uses = fonts::collect(&runs_per_page(doc, &extra));
    let run_fonts = fonts::run_fonts(fonts, &uses)?;

    // 2. Content streams, one rayon task per page.
    let ctx = RenderContext {
        geometry,
        fonts: &run_fonts,
        doc,
        marks,
    };
    let (contents, prepared_fonts) = render_and_subset(&ctx, &extra, fonts, &uses)?;

    // 3. Object numbers, in a fixed order.
    let objects = Objects::number(doc, &uses, &contents);

    // 4. The file.
    let parts = FileParts {
        doc,
        options,
        geometry,
        contents: &contents,
        uses: &uses,
        prepared_fonts: &prepared_fonts,
    };
    write_file(&parts, objects)
}

/// Refuses a page size (trim, bleed, slug) that is not a finite, positive size.
fn check_page_size(doc: &Document) -> Result<(), Diagnostic> {
    let (tw, th) = (doc.trim.w.0, doc.trim.h.0);
    let usable = |v: f64| v.is_finite() && v >= 0.0;
    if !(usable(tw)
        && usable(th)
        && tw > 0.0
        && th > 0.0
        && usable(doc.bleed.0)
        && usable(doc.slug.0))
    {
        return Err(Diagnostic::output(format!(
            "the page size {tw}×{th} pt (bleed {}, slug {}) cannot be written",
            doc.bleed.0, doc.slug.0
        )));
    }
    Ok(())
}

/// Every page's glyph runs in item order, its slug's page information (`extra`) last.
fn runs_per_page<'a>(doc: &'a Document, extra: &'a [Vec<GlyphRun>]) -> Vec<Vec<&'a GlyphRun>> {
    doc.pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) => Some(run),
                    _ => None,
                })
                .chain(extra.get(i).into_iter().flatten())
                .collect()
        })
        .collect()
}

/// The pages' content streams, and beside them the fonts subsetted and compressed (both only
/// read the glyph use).
fn render_and_subset(
    ctx: &RenderContext<'_>,
    extra: &[Vec<GlyphRun>],
    fonts: &FontBook,
    uses: &BTreeMap<FontId, fonts::FontUse>,
) -> Result<(Vec<PageContent>, Vec<fonts::PreparedFont>), Diagnostic> {
    let (contents, prepared_fonts) = rayon::join(
        || {
            crate::timings::timed("write: content streams", || {
                render::render_pages(ctx, extra)
            })
        },
        || -> Result<Vec<fonts::PreparedFont>, Diagnostic> {
            crate::timings::timed("write: fonts", || {
                uses.par_iter()
                    .map(|(_, u)| fonts::prepare_font(fonts, u))
                    .collect()
            })
        },
    );
    let (contents, prepared_fonts) = (contents?, prepared_fonts?);
    if let Some(i) = contents
        .iter()
        .position(|c| c.stream.len() > i32::MAX as usize)
    {
        return Err(Diagnostic::output(format!(
            "page {}'s content is too large (over 2 GB)",
            i + 1
        )));
    }
    Ok((contents, prepared_fonts))
}

/// The file's object numbers, handed out in a fixed order, and the rasters and ad pages each
/// stands for.
struct Objects<'a> {
    /// Hands out the numbers of the objects written later (font files, image masks, ICC
    /// profiles, an ad's resources).
    alloc: RefAlloc,
    catalog: Ref,
    page_tree: Ref,
    /// Each page's object and its content stream's.
    pages: Vec<(Ref, Ref)>,
    fonts: BTreeMap<FontId, Ref>,
    /// By index into [`Document::images`].
    images: BTreeMap<usize, Ref>,
    /// By index into [`Document::ads`].
    ads: BTreeMap<usize, Ref>,
    /// Each raster embedded once, in the order of its number.
    rasters: Vec<(Ref, &'a ImageAsset)>,
    /// Each PDF ad page embedded once, as a form, in the order of its number.
    forms: Vec<(Ref, &'a AdArtwork, &'a PdfPage)>,
    registration: Ref,
    profile: Ref,
    metadata: Ref,
    info: Ref,
}

impl<'a> Objects<'a> {
    /// Numbers the objects: catalog, page tree, pages, fonts, images and ads, then the
    /// registration colour space, output profile, metadata and info.
    fn number(
        doc: &'a Document,
        uses: &BTreeMap<FontId, fonts::FontUse>,
        contents: &[PageContent],
    ) -> Objects<'a> {
        let mut alloc = RefAlloc::new();
        let catalog = alloc.next();
        let page_tree = alloc.next();
        let pages: Vec<(Ref, Ref)> = doc
            .pages
            .iter()
            .map(|_| (alloc.next(), alloc.next()))
            .collect();
        let fonts: BTreeMap<FontId, Ref> = uses.keys().map(|id| (*id, alloc.next())).collect();
        let mut objects = Objects {
            catalog,
            page_tree,
            pages,
            fonts,
            images: BTreeMap::new(),
            ads: BTreeMap::new(),
            rasters: Vec::new(),
            forms: Vec::new(),
            registration: Ref::new(1),
            profile: Ref::new(1),
            metadata: Ref::new(1),
            info: Ref::new(1),
            alloc,
        };
        objects.number_images_and_ads(doc, contents);
        objects.registration = objects.alloc.next();
        objects.profile = objects.alloc.next();
        objects.metadata = objects.alloc.next();
        objects.info = objects.alloc.next();
        objects
    }

    /// Numbers the images and ads the pages draw. The same file placed under two indices
    /// (two paths to one photo, one ad booked twice) is embedded once: keyed by resolved path
    /// and what is taken from it.
    fn number_images_and_ads(&mut self, doc: &'a Document, contents: &[PageContent]) {
        for c in contents {
            self.images
                .extend(c.images.iter().map(|&i| (i, Ref::new(1))));
            self.ads.extend(c.ads.iter().map(|&a| (a, Ref::new(1))));
        }
        let mut by_source: BTreeMap<(&Path, u64, u64), Ref> = BTreeMap::new();
        let mut forms_by_doc: BTreeMap<(usize, lopdf::ObjectId), Ref> = BTreeMap::new();
        let alloc = &mut self.alloc;
        for (i, r) in self.images.iter_mut() {
            let Some(asset) = doc.images.get(*i) else {
                continue;
            };
            *r = raster_ref(asset, &mut by_source, &mut self.rasters, alloc);
        }
        for (a, r) in self.ads.iter_mut() {
            let Some(ad) = doc.ads.get(*a) else { continue };
            match &ad.kind {
                AdKind::Image(asset) => {
                    *r = raster_ref(asset, &mut by_source, &mut self.rasters, alloc);
                }
                AdKind::Pdf(page) => {
                    // The same parsed document (not merely the same path: a test or a future
                    // loader may hand in an altered copy).
                    let key = (Arc::as_ptr(&page.doc) as usize, page.page_id);
                    *r = *forms_by_doc.entry(key).or_insert_with(|| {
                        let new = alloc.next();
                        self.forms.push((new, ad, page));
                        new
                    });
                }
            }
        }
    }
}

/// What the file is made of, once the pages are rendered and the fonts subsetted.
struct FileParts<'a> {
    doc: &'a Document,
    options: &'a WriteOptions,
    geometry: PageGeometry,
    contents: &'a [PageContent],
    uses: &'a BTreeMap<FontId, fonts::FontUse>,
    prepared_fonts: &'a [fonts::PreparedFont],
}

/// Writes the file: pages, fonts, images, ads, then the metadata, catalog and id.
fn write_file(parts: &FileParts<'_>, mut objects: Objects<'_>) -> Result<Vec<u8>, Diagnostic> {
    // The file's size, about: growing a buffer of megabytes a doubling at a time copies it
    // over and over.
    let size_hint = parts.contents.iter().map(|c| c.stream.len()).sum::<usize>()
        + objects
            .rasters
            .iter()
            .map(|(_, asset)| images::size_hint(asset))
            .sum::<usize>()
        + (1 << 20);
    let mut pdf = Pdf::with_settings_and_capacity(Settings { pretty: false }, size_hint);
    let written = pdf.as_bytes();
    let spare = prefault::Spare::new(
        written.as_ptr().wrapping_add(written.len()),
        size_hint.saturating_sub(written.len()),
    );
    // The rest is one thread's work: the other maps the buffer's pages in meanwhile.
    rayon::scope(|s| {
        // (With one thread there is no idle one: it would run after the filling, for nothing.)
        if rayon::current_num_threads() > 1 {
            s.spawn(move |_| spare.map_backwards());
        }
        let (major, minor) = parts.options.conformance.pdf_version();
        pdf.set_version(major, minor);
        write_pages(&mut pdf, parts, &objects);
        for ((id, _), font) in parts.uses.iter().zip(parts.prepared_fonts) {
            if let Some(r) = objects.fonts.get(id) {
                fonts::write_font(&mut pdf, &mut objects.alloc, font, *r);
            }
        }
        write_images_and_ads(&mut pdf, &mut objects, parts.options.conformance)?;
        meta::write_registration(&mut pdf, objects.registration);
        crate::timings::timed("write: output profile", || {
            meta::write_output_profile(&mut pdf, objects.profile)
        });
        Ok(finish(pdf, parts, &objects))
    })
}

/// The page tree and every page: its boxes, resources and content stream.
fn write_pages(pdf: &mut Pdf, parts: &FileParts<'_>, objects: &Objects<'_>) {
    let geometry = &parts.geometry;
    pdf.pages(objects.page_tree)
        .kids(objects.pages.iter().map(|(p, _)| *p))
        .count(objects.pages.len() as i32);
    for ((page_ref, content_ref), content) in objects.pages.iter().zip(parts.contents) {
        {
            let mut page = pdf.page(*page_ref);
            page.parent(objects.page_tree)
                .media_box(geometry.media_box())
                .bleed_box(geometry.bleed_box())
                .trim_box(geometry.trim_box())
                .contents(*content_ref);
            let mut res = page.resources();
            if !content.fonts.is_empty() {
                let mut f = res.fonts();
                for id in &content.fonts {
                    if let Some(r) = objects.fonts.get(id) {
                        f.pair(Name(render::font_resource(*id).as_bytes()), *r);
                    }
                }
            }
            if !content.images.is_empty() || !content.ads.is_empty() {
                let mut x = res.x_objects();
                for i in &content.images {
                    if let Some(r) = objects.images.get(i) {
                        x.pair(Name(render::image_resource(*i).as_bytes()), *r);
                    }
                }
                for a in &content.ads {
                    if let Some(r) = objects.ads.get(a) {
                        x.pair(Name(render::ad_resource(*a).as_bytes()), *r);
                    }
                }
            }
            if content.registration {
                res.color_spaces()
                    .pair(Name(render::REGISTRATION.as_bytes()), objects.registration);
            }
        }
        pdf.stream(*content_ref, &content.stream)
            .filter(Filter::FlateDecode);
    }
}

/// The rasters (photos and raster ads), checked and compressed in parallel, then written in
/// a fixed order; then the PDF ads, each imported as a form.
fn write_images_and_ads(
    pdf: &mut Pdf,
    objects: &mut Objects<'_>,
    conformance: Conformance,
) -> Result<(), Diagnostic> {
    let prepared: Vec<Result<images::PreparedImage<'_>, Diagnostic>> =
        crate::timings::timed("write: images", || {
            objects
                .rasters
                .par_iter()
                .map(|(_, asset)| images::prepare(asset, conformance))
                .collect()
        });
    let mut icc = images::IccCache::default();
    for ((r, _), image) in objects.rasters.iter().zip(prepared) {
        images::write_image(pdf, &mut objects.alloc, &mut icc, &image?, *r);
    }
    crate::timings::timed("write: ads", || -> Result<(), Diagnostic> {
        for (r, ad, page) in &objects.forms {
            import::write_pdf_ad(
                pdf,
                &mut objects.alloc,
                ad,
                page,
                *r,
                conformance == Conformance::X1a,
            )?;
        }
        Ok(())
    })
}

/// Closes the file: the metadata and info (with the id, a digest of everything written so
/// far: same content, same id), the catalog and the trailer's file id.
fn finish(mut pdf: Pdf, parts: &FileParts<'_>, objects: &Objects<'_>) -> Vec<u8> {
    let (doc, conformance) = (parts.doc, parts.options.conformance);
    let id = crate::timings::timed("write: id", || ids::digest16_pieces(pdf.as_bytes()));
    let date = parts.options.source_date_epoch.map(DateTime::from_unix);
    let xmp = meta::xmp(&doc.meta, date, &meta::uuid_hex(&id), conformance);
    pdf.metadata(objects.metadata, xmp.as_bytes());
    meta::write_info(&mut pdf, objects.info, &doc.meta, date, conformance);
    meta::write_catalog(
        &mut pdf,
        objects.catalog,
        objects.page_tree,
        objects.metadata,
        objects.profile,
        &doc.meta.language,
    );
    pdf.set_file_id((id.clone(), id));
    pdf.finish()
}

/// The page information runs for the slug (one per page; none when no font is loaded).
fn info_runs(doc: &Document, book: &FontBook, g: &PageGeometry) -> Vec<Vec<GlyphRun>> {
    let font_id = book
        .id(INFO_FONT)
        .or_else(|| (!book.fonts().is_empty()).then_some(FontId(0)));
    let Some(font_id) = font_id else {
        return Vec::new();
    };
    let font = book.get(font_id);
    let Ok(face) = ttf_parser::Face::parse(&font.data, 0) else {
        return Vec::new();
    };
    // Only when the slug can hold the line below the bleed.
    if g.slug < render::PAGE_INFO_SIZE * 1.5 {
        return Vec::new();
    }
    let size = render::PAGE_INFO_SIZE;
    let scale = size / face.units_per_em().max(1) as f64;
    // Baseline in the middle of the slug below the page.
    let y = doc.trim.h.0 + g.bleed + (g.slug + size * 0.7) / 2.0;
    doc.pages
        .par_iter()
        .with_max_len(16)
        .map(|page| {
            let text = render::page_info_text(&doc.meta, page);
            let mut glyphs = Vec::new();
            let mut x = 0.0;
            for (offset, ch) in text.char_indices() {
                let Some(gid) = face.glyph_index(ch) else {
                    continue;
                };
                glyphs.push(PositionedGlyph {
                    id: gid.0,
                    x: Pt(x),
                    cluster: offset as u32,
                });
                x += face.glyph_hor_advance(gid).unwrap_or(0) as f64 * scale;
            }
            vec![GlyphRun {
                font: font_id,
                size: Pt(size),
                color: CmykColor::BLACK,
                // Clear of the vertical crop mark at the trim's left edge.
                origin: Point::new(Pt(12.0), Pt(y)),
                text,
                glyphs,
                scale: 1.0,
                source: Source::new("furniture", "slug"),
            }]
        })
        .collect()
}

/// Writes `doc` to `path` atomically: to a temporary file beside it, then renamed, so a
/// failed build never leaves a partial PDF.
pub fn write_pdf(
    doc: &Document,
    fonts: &FontBook,
    options: &WriteOptions,
    path: &Path,
) -> Result<(), Diagnostic> {
    let bytes = pdf_bytes(doc, fonts, options)?;
    write_bytes(&bytes, options, path)
}

/// Writes the bytes of a PDF made by [`pdf_bytes`] to `path` as [`write_pdf`] does.
pub fn write_bytes(bytes: &[u8], options: &WriteOptions, path: &Path) -> Result<(), Diagnostic> {
    crate::timings::timed("write: file", || {
        write_atomic(path, bytes, options.sync, |_| test_hook_before_rename())
    })
}

/// Test hook, environment variable: `PRESSWORK_TEST_FAIL=before-rename` makes writing fail
/// once the temporary file is complete, just before the rename (the failure path must leave
/// nothing behind). Not meant for normal use.
pub const TEST_FAIL_ENV: &str = "PRESSWORK_TEST_FAIL";

/// Test hook, environment variable: `PRESSWORK_TEST_SLEEP_BEFORE_RENAME=<milliseconds>`
/// (at most 60 000) waits with the complete temporary file before renaming it, so a test can
/// kill the process mid-write. Not meant for normal use.
pub const TEST_SLEEP_ENV: &str = "PRESSWORK_TEST_SLEEP_BEFORE_RENAME";

fn test_hook_before_rename() -> std::io::Result<()> {
    if let Some(ms) = std::env::var(TEST_SLEEP_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
    if std::env::var(TEST_FAIL_ENV).is_ok_and(|v| v.trim() == "before-rename") {
        return Err(std::io::Error::other(format!(
            "failure injected before the rename ({TEST_FAIL_ENV}=before-rename)"
        )));
    }
    Ok(())
}

/// Writes `bytes` to `path` through `.name.tmp-<pid>` in the same folder and a rename.
/// `before_rename` runs on the finished temporary file (tests inject failures with it); on
/// any error the temporary file is removed and `path` is left as it was. With `sync` the
/// file is flushed to disk before the rename.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    sync: bool,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), Diagnostic> {
    let name = path
        .file_name()
        .ok_or_else(|| Diagnostic::output("the output path has no file name").in_file(path))?;
    let beside = |what: &str| {
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".{what}-{}", std::process::id()));
        match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(dir) => dir.join(&tmp_name),
            None => Path::new(&tmp_name).to_path_buf(),
        }
    };
    let tmp = beside("tmp");
    let fail = |e: std::io::Error| {
        Diagnostic::output(format!("cannot write the PDF: {e}"))
            .in_file(path)
            .with_hint("check that the output folder exists and is writable")
    };
    let mut created = false;
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        created = true;
        file.write_all(bytes)?;
        // Without `sync` there is no fsync: the rename is what keeps a failed or killed build
        // from leaving part of a PDF at `path`, as in Typst and WeasyPrint, which do not
        // flush either.
        if sync {
            file.sync_all()?;
        }
        drop(file);
        before_rename(&tmp)?;
        // A synced file is safe to rename over the earlier one directly.
        replace(&tmp, path, (!sync).then(|| beside("old")))
    })();
    if result.is_err() && created {
        // Best effort: the error being reported matters more than this one.
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// Renames `tmp` to `path`. With `aside`, an earlier file at `path` is first moved there and
/// removed after: ext4 writes a file out to disk before renaming it over another (7 ms of the
/// sample's build), which a rename to a free name does not do. Should the second rename fail,
/// the earlier file is put back.
fn replace(tmp: &Path, path: &Path, aside: Option<std::path::PathBuf>) -> std::io::Result<()> {
    let earlier = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    let Some(aside) = aside.filter(|_| earlier) else {
        return std::fs::rename(tmp, path);
    };
    if std::fs::rename(path, &aside).is_err() {
        return std::fs::rename(tmp, path);
    }
    match std::fs::rename(tmp, path) {
        Ok(()) => {
            let _ = std::fs::remove_file(&aside);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::rename(&aside, path);
            Err(e)
        }
    }
}

/// The object of a raster (a photo or a JPEG/PNG ad), embedded once per resolved file and
/// pixel size however often it is placed.
fn raster_ref<'a>(
    asset: &'a ImageAsset,
    by_source: &mut BTreeMap<(&'a Path, u64, u64), Ref>,
    rasters: &mut Vec<(Ref, &'a ImageAsset)>,
    alloc: &mut RefAlloc,
) -> Ref {
    let key = (
        asset.path.as_path(),
        asset.width_px as u64,
        asset.height_px as u64,
    );
    *by_source.entry(key).or_insert_with(|| {
        let new = alloc.next();
        rasters.push((new, asset));
        new
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_target_and_cleans_up_on_failure() {
        let dir = std::env::temp_dir().join(format!("presswork-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("a.pdf");
        write_atomic(&out, b"one", false, |_| Ok(())).unwrap();
        write_atomic(&out, b"two", false, |_| Ok(())).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        write_atomic(&out, b"two again", true, |_| Ok(())).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two again");
        let err = write_atomic(&out, b"three", false, |tmp| {
            assert!(tmp.exists());
            Err(std::io::Error::other("injected"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("injected"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"two again");
        // Nothing else is left beside it (no temporary file, no earlier file moved aside).
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).ok();
    }
}
