//! The PDF writer end to end: a small hand-made document written, then read back with lopdf
//! (and pdftotext / qpdf: in CI they must be installed, elsewhere their checks are skipped).

mod common;

use common::tools;
use presswork::document::{
    Document, DocumentMeta, Fill, GlyphRun, Item, Page, PageRole, PlacedAd, PlacedImage, Rule,
    Side, Source,
};
use presswork::geom::{Mm, Point, Pt, Rect, Size};
use presswork::load::assets::{AdArtwork, AdKind, ImageAsset, ImageData, PdfPage};
use presswork::model::CmykColor;
use presswork::pdf::{pdf_bytes, write_atomic, write_pdf, OutputMode, WriteOptions};
use presswork::text::fonts::FontBook;
use presswork::text::paragraph::PositionedGlyph;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn book() -> FontBook {
    FontBook::load_dir(&root().join("fonts")).expect("project fonts")
}

/// A run of `text` in `font`, glyphs placed by their advances (one glyph per char).
fn run(book: &FontBook, font: &str, text: &str, size: f64, at: (f64, f64)) -> GlyphRun {
    let id = book.id(font).expect("font");
    let f = book.get(id);
    let face = ttf_parser::Face::parse(&f.data, 0).unwrap();
    let scale = size / face.units_per_em() as f64;
    let mut x = 0.0;
    let mut glyphs = Vec::new();
    for (i, ch) in text.char_indices() {
        let gid = face.glyph_index(ch).expect("glyph");
        glyphs.push(PositionedGlyph {
            id: gid.0,
            x: Pt(x),
            cluster: i as u32,
        });
        x += face.glyph_hor_advance(gid).unwrap() as f64 * scale;
    }
    GlyphRun {
        font: id,
        size: Pt(size),
        color: CmykColor([0.0, 0.0, 0.0, 100.0]),
        origin: Point::new(Pt(at.0), Pt(at.1)),
        text: text.to_string(),
        glyphs,
        scale: 1.0,
        source: Source::new("test", "body[0]"),
    }
}

fn jpeg_asset() -> ImageAsset {
    let path = root().join("assets/photos/grace_hopper.jpg");
    let bytes = std::fs::read(&path).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    ImageAsset {
        path,
        width_px: img.width(),
        height_px: img.height(),
        data: ImageData::Jpeg {
            bytes: Arc::new(bytes.into()),
            components: img.color().channel_count(),
            icc: None,
        },
    }
}

fn png_asset() -> ImageAsset {
    let path = root().join("assets/photos/chelsea.png");
    let img = image::open(&path).unwrap();
    let (alpha, samples) = if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let a = rgba.pixels().map(|p| p.0[3]).collect();
        (Some(Arc::new(a)), img.to_rgb8().into_raw())
    } else {
        (None, img.to_rgb8().into_raw())
    };
    ImageAsset {
        path,
        width_px: img.width(),
        height_px: img.height(),
        data: ImageData::Decoded {
            samples: Arc::new(samples),
            components: 3,
            alpha,
            icc: None,
        },
    }
}

fn pdf_rect(doc: &lopdf::Document, page: lopdf::ObjectId, key: &[u8]) -> Option<Rect> {
    let d = doc.get_dictionary(page).ok()?;
    let a = d.get(key).ok()?.as_array().ok()?;
    let v: Vec<f64> = a
        .iter()
        .filter_map(|o| o.as_float().ok())
        .map(f64::from)
        .collect();
    if v.len() != 4 {
        return None;
    }
    Some(Rect::new(
        Pt(v[0]),
        Pt(v[1]),
        Pt(v[2] - v[0]),
        Pt(v[3] - v[1]),
    ))
}

fn ad_asset(name: &str) -> AdArtwork {
    let path = root().join("assets/ads").join(name);
    let doc = lopdf::Document::load(&path).unwrap();
    let page_id = *doc.get_pages().get(&1).unwrap();
    let media = pdf_rect(&doc, page_id, b"MediaBox").unwrap();
    let trim = pdf_rect(&doc, page_id, b"TrimBox").unwrap_or(media);
    let bleed = pdf_rect(&doc, page_id, b"BleedBox").unwrap_or(media);
    AdArtwork {
        path,
        kind: AdKind::Pdf(PdfPage {
            doc: Arc::new(doc),
            page_id,
            trim,
            bleed,
            media,
        }),
    }
}

fn a4_doc(book: &FontBook) -> Document {
    let trim = Size::new(Mm(210.0).to_pt(), Mm(297.0).to_pt());
    let bleed = Mm(3.0).to_pt();
    let full = Rect::new(Pt(0.0), Pt(0.0), trim.w, trim.h);
    let page1 = Page {
        number: 1,
        side: Side::Right,
        role: PageRole::Article("a".into()),
        items: vec![
            Item::Fill(Fill {
                rect: Rect::new(Pt(40.0), Pt(60.0), Pt(300.0), Pt(60.0)),
                color: CmykColor([10.0, 0.0, 0.0, 0.0]),
            }),
            Item::Text(run(
                book,
                "SourceSerif4-Regular",
                "Jeugdzorg fijn",
                12.0,
                (50.0, 100.0),
            )),
            Item::Rule(Rule {
                from: Point::new(Pt(50.0), Pt(110.0)),
                to: Point::new(Pt(300.0), Pt(110.0)),
                width: Pt(0.5),
                color: CmykColor([0.0, 100.0, 0.0, 0.0]),
            }),
            Item::Image(PlacedImage {
                image: 0,
                rect: Rect::new(Pt(50.0), Pt(150.0), Pt(200.0), Pt(250.0)),
                clip: Rect::new(Pt(50.0), Pt(150.0), Pt(200.0), Pt(200.0)),
                source: Source::new("test", "image"),
            }),
            Item::Image(PlacedImage {
                image: 1,
                rect: Rect::new(Pt(300.0), Pt(150.0), Pt(200.0), Pt(130.0)),
                clip: Rect::new(Pt(300.0), Pt(150.0), Pt(200.0), Pt(130.0)),
                source: Source::new("test", "image2"),
            }),
            Item::Ad(PlacedAd {
                ad: 0,
                trim: Rect::new(Pt(40.0), Pt(420.0), Mm(184.0).to_pt(), Mm(130.0).to_pt()),
                clip: Rect::new(Pt(40.0), Pt(420.0), Mm(184.0).to_pt(), Mm(130.0).to_pt()),
                source: Source::new("nidos", "ad"),
            }),
        ],
    };
    let page2 = Page {
        number: 2,
        side: Side::Left,
        role: PageRole::Ad("onyx".into()),
        items: vec![
            Item::Ad(PlacedAd {
                ad: 1,
                trim: full,
                clip: full.inflate(bleed),
                source: Source::new("onyx", "ad"),
            }),
            Item::Image(PlacedImage {
                image: 0,
                rect: Rect::new(Pt(50.0), Pt(50.0), Pt(100.0), Pt(125.0)),
                clip: Rect::new(Pt(50.0), Pt(50.0), Pt(100.0), Pt(125.0)),
                source: Source::new("test", "again"),
            }),
            Item::Text(run(
                book,
                "SourceSans3-Bold",
                "Tweede pagina",
                9.0,
                (50.0, 800.0),
            )),
        ],
    };
    Document {
        meta: DocumentMeta {
            title: "Testblad".into(),
            issue: "2026-1".into(),
            publisher: Some("Presswork".into()),
            language: "nl".into(),
        },
        trim,
        bleed,
        slug: Mm(10.0).to_pt(),
        pages: vec![page1, page2],
        images: vec![Arc::new(jpeg_asset()), Arc::new(png_asset())],
        ads: vec![
            Arc::new(ad_asset("nidos.pdf")),
            Arc::new(ad_asset("onyx-cybersecurity.pdf")),
        ],
    }
}

fn tmp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("presswork-pdf-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn get<'a>(doc: &'a lopdf::Document, obj: &'a lopdf::Object) -> &'a lopdf::Object {
    doc.dereference(obj).map(|(_, o)| o).unwrap()
}

fn num_array(doc: &lopdf::Document, obj: &lopdf::Object) -> Vec<f64> {
    get(doc, obj)
        .as_array()
        .unwrap()
        .iter()
        .map(|o| get(doc, o).as_float().unwrap() as f64)
        .collect()
}

#[test]
fn boxes_fonts_images_ads_and_output_intent() {
    let book = book();
    let doc = a4_doc(&book);
    let bytes = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6"));
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), 2);
    let bleed = Mm(3.0).to_pt().0;
    for id in pages.values() {
        let page = pdf.get_dictionary(*id).unwrap();
        let media = num_array(&pdf, page.get(b"MediaBox").unwrap());
        let trim = num_array(&pdf, page.get(b"TrimBox").unwrap());
        let bl = num_array(&pdf, page.get(b"BleedBox").unwrap());
        assert!((trim[2] - trim[0] - 595.28).abs() < 0.01, "{trim:?}");
        assert!((trim[3] - trim[1] - 841.89).abs() < 0.01, "{trim:?}");
        for i in 0..2 {
            assert!((trim[i] - bl[i] - bleed).abs() < 0.01, "{bl:?}");
            assert!((bl[i + 2] - trim[i + 2] - bleed).abs() < 0.01, "{bl:?}");
            assert!(media[i] <= bl[i] && media[i + 2] >= bl[i + 2]);
        }
    }

    // Fonts (the pages' own, not the ads'): embedded subsets with widths and ToUnicode.
    let mut names = std::collections::BTreeSet::new();
    for id in pages.values() {
        let page = pdf.get_dictionary(*id).unwrap();
        let res = get(&pdf, page.get(b"Resources").unwrap())
            .as_dict()
            .unwrap();
        let fonts = get(&pdf, res.get(b"Font").unwrap()).as_dict().unwrap();
        for (_, f) in fonts.iter() {
            let d = get(&pdf, f).as_dict().unwrap();
            assert_eq!(d.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0");
            let base = d.get(b"BaseFont").unwrap().as_name().unwrap();
            assert_eq!(base[6], b'+', "{}", String::from_utf8_lossy(base));
            assert!(base[..6].iter().all(u8::is_ascii_uppercase));
            names.insert(String::from_utf8_lossy(&base[7..]).to_string());
            assert!(d.get(b"ToUnicode").is_ok());
            let desc = get(&pdf, d.get(b"DescendantFonts").unwrap())
                .as_array()
                .unwrap();
            let cid = get(&pdf, &desc[0]).as_dict().unwrap();
            assert!(cid.get(b"W").is_ok());
            let fd = get(&pdf, cid.get(b"FontDescriptor").unwrap())
                .as_dict()
                .unwrap();
            assert!(fd.get(b"FontFile2").is_ok());
        }
    }
    // Body, page-2 text and the slug's page information.
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        [
            "SourceSans3-Bold",
            "SourceSans3-Regular",
            "SourceSerif4-Regular"
        ]
    );

    // The JPEG is passed through byte for byte, and embedded once although placed twice.
    let jpeg = std::fs::read(root().join("assets/photos/grace_hopper.jpg")).unwrap();
    let same: Vec<_> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.content == jpeg)
        .collect();
    assert_eq!(same.len(), 1);
    assert_eq!(
        same[0].dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"DCTDecode"
    );

    // The ads came in as forms with their own fonts, but without their page trees.
    let typed = |t: &[u8]| {
        pdf.objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .filter(|d| d.get(b"Type").and_then(|o| o.as_name()).ok() == Some(t))
            .count()
    };
    assert_eq!(typed(b"Page"), 2);
    assert_eq!(typed(b"Pages"), 1);
    assert!(typed(b"Font") > 3);

    // Catalog: output intent with a destination profile; Info: PDF/X version.
    let catalog = pdf.catalog().unwrap();
    let intents = get(&pdf, catalog.get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    let intent = get(&pdf, &intents[0]).as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    let profile = get(&pdf, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    assert!(catalog.get(b"Metadata").is_ok());
    let info = get(&pdf, pdf.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(
        info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap(),
        b"PDF/X-4"
    );
    assert!(info.get(b"CreationDate").is_err());
    assert!(pdf.trailer.get(b"ID").is_ok());
}

#[test]
fn text_extracts_and_qpdf_accepts_the_file() {
    let book = book();
    let doc = a4_doc(&book);
    let dir = tmp_dir("extract");
    let out = dir.join("test.pdf");
    write_pdf(&doc, &book, &WriteOptions::default(), &out).unwrap();
    // To look at the file: PRESSWORK_KEEP_PDF=/some/path.pdf cargo test --test pdf_writer
    if let Some(keep) = std::env::var_os("PRESSWORK_KEEP_PDF") {
        std::fs::copy(&out, keep).unwrap();
    }
    if tools(&["pdftotext"]) {
        let o = Command::new("pdftotext")
            .args(["-raw", "-f", "1", "-l", "1"])
            .arg(&out)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("Jeugdzorg fijn"), "{text}");
        let first = text.find("Jeugdzorg").unwrap();
        // Page text comes before the slug's page information.
        assert!(text[first..].contains("Testblad"), "{text}");
    }
    if tools(&["qpdf"]) {
        let o = Command::new("qpdf")
            .arg("--check")
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn same_bytes_at_any_thread_count() {
    let book = book();
    let doc = a4_doc(&book);
    let write = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
            .install(|| pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap())
    };
    let one = write(1);
    assert_eq!(one, write(2));
    assert_eq!(one, write(3));
}

#[test]
fn dates_only_with_an_epoch_and_proof_has_no_marks() {
    let book = book();
    let doc = a4_doc(&book);
    let opts = WriteOptions {
        source_date_epoch: Some(1_700_000_000),
        ..Default::default()
    };
    let bytes = pdf_bytes(&doc, &book, &opts).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let info = get(&pdf, pdf.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert!(info.get(b"CreationDate").is_ok());

    let proof = WriteOptions {
        mode: OutputMode::Proof,
        ..Default::default()
    };
    let bytes = pdf_bytes(&doc, &book, &proof).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let (_, first) = pdf.get_pages().into_iter().next().unwrap();
    let content = String::from_utf8_lossy(&pdf.get_page_content(first)).to_string();
    assert!(!content.contains("/Reg CS"), "{content}");
    assert!(!content.contains("Artifact"));
}

#[test]
fn failed_writes_leave_no_file() {
    let book = book();
    let doc = a4_doc(&book);
    let dir = tmp_dir("atomic");
    let missing = dir.join("no-such-folder").join("out.pdf");
    assert!(write_pdf(&doc, &book, &WriteOptions::default(), &missing).is_err());
    assert!(!missing.exists());

    let out = dir.join("out.pdf");
    let bytes = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap();
    let injected = write_atomic(&out, &bytes, false, |_| {
        Err(std::io::Error::other("disk full"))
    });
    assert!(injected.is_err());
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "temp file left behind"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_broken_ad_is_an_input_error_naming_the_file() {
    let book = book();
    let mut doc = a4_doc(&book);
    // Point the ad at an object that is not there.
    let AdKind::Pdf(p) = &doc.ads[0].kind else {
        unreachable!()
    };
    let p = PdfPage {
        page_id: (999_999, 0),
        ..p.clone()
    };
    doc.ads[0] = Arc::new(AdArtwork {
        path: root().join("assets/ads/nidos.pdf"),
        kind: AdKind::Pdf(p),
    });
    let err = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap_err();
    assert!(err.to_string().contains("nidos.pdf"), "{err}");
}

/// `run`, with every glyph after the n-th space moved right by `n × extra` (justification)
/// and every other letter pair tightened by `kern` (kerning).
fn spaced(mut r: GlyphRun, extra: f64, kern: f64) -> GlyphRun {
    let mut shift = 0.0;
    let text = r.text.clone();
    for (i, g) in r.glyphs.iter_mut().enumerate() {
        g.x = Pt(g.x.0 + shift);
        if text.as_bytes()[g.cluster as usize] == b' ' {
            shift += extra;
        } else if i % 2 == 1 {
            shift -= kern;
        }
    }
    r
}

/// The text pdftotext reads from `doc` written with `opts`; None when the test is skipped (no
/// pdftotext outside CI).
fn extract(doc: &Document, book: &FontBook, opts: &WriteOptions, tag: &str) -> Option<String> {
    if !tools(&["pdftotext"]) {
        return None;
    }
    let dir = tmp_dir(tag);
    let out = dir.join("t.pdf");
    write_pdf(doc, book, opts, &out).unwrap();
    let o = Command::new("pdftotext")
        .arg("-raw")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    Some(String::from_utf8_lossy(&o.stdout).to_string())
}

#[test]
fn justified_and_kerned_text_extracts_with_single_spaces() {
    let book = book();
    let mut doc = a4_doc(&book);
    let line = "Jeugdzorg is fijn en goed voor iedereen";
    let r = run(&book, "SourceSerif4-Regular", line, 10.0, (50.0, 300.0));
    doc.pages = vec![Page {
        number: 1,
        side: Side::Right,
        role: PageRole::Blank,
        items: vec![Item::Text(spaced(r, 4.0, 0.3))],
    }];
    let proof = WriteOptions {
        mode: OutputMode::Proof,
        ..Default::default()
    };
    let Some(text) = extract(&doc, &book, &proof, "justified") else {
        return;
    };
    assert_eq!(text.trim_end_matches(['\n', '\x0c']), line);
}

#[test]
fn raster_ads_and_rotated_pdf_ads_are_placed() {
    let book = book();
    let mut doc = a4_doc(&book);
    // A PNG house ad with transparency.
    let path = root().join("assets/ads/ledencongres.png");
    let img = image::open(&path).unwrap();
    let rgba = img.to_rgba8();
    let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
    doc.ads.push(Arc::new(AdArtwork {
        path: path.clone(),
        kind: AdKind::Image(ImageAsset {
            path,
            width_px: img.width(),
            height_px: img.height(),
            data: ImageData::Decoded {
                samples: Arc::new(img.to_rgb8().into_raw()),
                components: 3,
                alpha: Some(Arc::new(alpha)),
                icc: None,
            },
        }),
    }));
    // The nidos ad again, its page turned a quarter.
    let mut rotated = lopdf::Document::load(root().join("assets/ads/nidos.pdf")).unwrap();
    let page_id = *rotated.get_pages().get(&1).unwrap();
    rotated
        .get_dictionary_mut(page_id)
        .unwrap()
        .set("Rotate", 90);
    let AdKind::Pdf(p) = &doc.ads[0].kind else {
        unreachable!()
    };
    let mut p = p.clone();
    p.doc = Arc::new(rotated);
    doc.ads.push(Arc::new(AdArtwork {
        path: root().join("assets/ads/nidos.pdf"),
        kind: AdKind::Pdf(p),
    }));
    let slot = Rect::new(Pt(50.0), Pt(50.0), Mm(90.0).to_pt(), Mm(130.0).to_pt());
    doc.pages[0].items = vec![
        Item::Ad(PlacedAd {
            ad: 2,
            trim: slot,
            clip: slot,
            source: Source::new("house", "ad"),
        }),
        Item::Ad(PlacedAd {
            ad: 3,
            trim: Rect::new(Pt(50.0), Pt(450.0), Mm(130.0).to_pt(), Mm(184.0).to_pt()),
            clip: Rect::new(Pt(50.0), Pt(450.0), Mm(130.0).to_pt(), Mm(184.0).to_pt()),
            source: Source::new("nidos", "rotated"),
        }),
    ];
    let bytes = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let mut masked = 0;
    let mut rotated_forms = 0;
    for obj in pdf.objects.values() {
        let Ok(s) = obj.as_stream() else { continue };
        if s.dict.get(b"SMask").is_ok() {
            masked += 1;
        }
        if s.dict.get(b"Subtype").and_then(|o| o.as_name()).ok() == Some(b"Form".as_slice()) {
            let m = num_array(&pdf, s.dict.get(b"Matrix").unwrap());
            if m == [0.0, -1.0, 1.0, 0.0, 0.0, 0.0] {
                rotated_forms += 1;
            }
        }
    }
    assert_eq!(masked, 1);
    assert_eq!(rotated_forms, 1);
}

#[test]
fn one_photo_under_two_indices_is_embedded_once() {
    let book = book();
    let mut doc = a4_doc(&book);
    doc.images.push(Arc::new(jpeg_asset()));
    if let Item::Image(img) = &mut doc.pages[1].items[1] {
        img.image = 2;
    }
    let bytes = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let jpeg = std::fs::read(root().join("assets/photos/grace_hopper.jpg")).unwrap();
    let copies = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.content == jpeg)
        .count();
    assert_eq!(copies, 1);
}

#[test]
fn rgb_pngs_pass_through_with_the_png_predictor_and_keep_their_pixels() {
    let book = book();
    let mut doc = a4_doc(&book);
    let path = root().join("assets/photos/chelsea.png");
    let loaded = presswork::load::decode::load_image(&path, &Default::default()).unwrap();
    let ImageData::Png(png) = &loaded.data else {
        panic!("chelsea.png loads as a PNG")
    };
    assert!(png.passes_through());
    doc.images[1] = Arc::new(loaded.clone());
    let bytes = pdf_bytes(&doc, &book, &WriteOptions::default()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    // The PNG's own compressed rows, declared with the PNG predictor.
    let idat = png.image_data();
    let stream = pdf
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.content == idat)
        .expect("the PNG's image data is in the file as it is");
    let parms = stream.dict.get(b"DecodeParms").unwrap().as_dict().unwrap();
    let int = |k: &[u8]| parms.get(k).unwrap().as_i64().unwrap();
    assert_eq!(
        (
            int(b"Predictor"),
            int(b"Colors"),
            int(b"BitsPerComponent"),
            int(b"Columns")
        ),
        (15, 3, 8, 451)
    );
    // What a PDF reader decodes (lopdf undoes the predictor) is the photo's pixels.
    let want = image::open(&path).unwrap().to_rgb8().into_raw();
    assert_eq!(stream.decompressed_content().unwrap(), want);
}
