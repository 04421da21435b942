//! Print-ready output of the sample edition: page boxes and marks, the PDF/X-4 structure,
//! colour (no DeviceRGB, body text on K only), Ghostscript and qpdf, byte-identical builds
//! at any thread count, no file left by a failed or killed build, PDF/X-1a, ad checks.

mod common;

use common::{project, sample, tools};
use lopdf::{Document as Lopdf, Object};
use presswork::document::{Document, Item, Page};
use presswork::pdf::{Conformance, WriteOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// 3 mm in points.
const BLEED: f64 = 3.0 * 72.0 / 25.4;
/// A4 in points.
const TRIM: (f64, f64) = (595.28, 841.89);

fn tmp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("presswork-print-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn deref<'a>(doc: &'a Lopdf, obj: &'a Object) -> &'a Object {
    match obj {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        o => o,
    }
}

/// `pdfinfo -box` boxes by page: name → [llx, lly, urx, ury].
fn pdfinfo_boxes(pdf: &Path) -> Vec<std::collections::BTreeMap<String, [f64; 4]>> {
    let out = Command::new("pdfinfo")
        .args(["-box", "-f", "1", "-l", "999"])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut pages: Vec<std::collections::BTreeMap<String, [f64; 4]>> = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let t: Vec<&str> = line.split_whitespace().collect();
        if t.len() == 7 && t[0] == "Page" && t[2].ends_with("Box:") {
            let n: usize = t[1].parse().unwrap();
            if pages.len() < n {
                pages.resize(n, Default::default());
            }
            let v: Vec<f64> = t[3..].iter().map(|s| s.parse().unwrap()).collect();
            pages[n - 1].insert(t[2].trim_end_matches(':').into(), [v[0], v[1], v[2], v[3]]);
        }
    }
    pages
}

#[test]
fn every_page_has_a4_trim_3mm_bleed_inside_the_media_box() {
    if !tools(&["pdfinfo"]) {
        return;
    }
    let s = sample();
    let pages = pdfinfo_boxes(&s.pdf);
    assert_eq!(pages.len(), s.built.pages);
    for (i, p) in pages.iter().enumerate() {
        let (t, b, m) = (p["TrimBox"], p["BleedBox"], p["MediaBox"]);
        let near = |a: f64, b: f64| (a - b).abs() < 0.011;
        assert!(
            near(t[2] - t[0], TRIM.0) && near(t[3] - t[1], TRIM.1),
            "page {}: {t:?}",
            i + 1
        );
        for k in 0..2 {
            assert!(near(t[k] - b[k], BLEED), "page {}: {b:?} vs {t:?}", i + 1);
            assert!(
                near(b[k + 2] - t[k + 2], BLEED),
                "page {}: {b:?} vs {t:?}",
                i + 1
            );
            assert!(
                m[k] <= b[k] && b[k + 2] <= m[k + 2],
                "page {}: {m:?}",
                i + 1
            );
        }
    }
}

#[test]
fn crop_marks_lie_outside_the_bleed_box() {
    let s = sample();
    let doc = Lopdf::load(&s.pdf).unwrap();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let bleed: Vec<f64> = page
            .get(b"BleedBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap() as f64)
            .collect();
        let content = lopdf::content::Content::decode(&doc.get_page_content(id)).unwrap();
        // Segments stroked in the registration colour: the marks.
        let (mut in_marks, mut width, mut start) = (false, 1.0, (0.0, 0.0));
        let mut segments = Vec::new();
        for op in &content.operations {
            let f = |i: usize| op.operands[i].as_float().unwrap() as f64;
            match op.operator.as_str() {
                "CS" => in_marks = op.operands[0].as_name().ok() == Some(b"Reg".as_slice()),
                "Q" => in_marks = false,
                "w" => width = f(0),
                "m" => start = (f(0), f(1)),
                "l" if in_marks => segments.push((start, (f(0), f(1)), width)),
                _ => {}
            }
        }
        assert_eq!(segments.len(), 8, "page {n}: crop marks");
        for ((x0, y0), (x1, y1), w) in segments {
            let h = w / 2.0;
            let outside = (x0.max(x1) + h < bleed[0])
                || (x0.min(x1) - h > bleed[2])
                || (y0.max(y1) + h < bleed[1])
                || (y0.min(y1) - h > bleed[3]);
            assert!(
                outside,
                "page {n}: mark {x0},{y0}–{x1},{y1} touches {bleed:?}"
            );
        }
    }
}

fn string_of(doc: &Lopdf, d: &lopdf::Dictionary, key: &[u8]) -> Option<String> {
    match deref(doc, d.get(key).ok()?) {
        Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

#[test]
fn the_pdfx4_entries_are_all_there() {
    let s = sample();
    let bytes = std::fs::read(&s.pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.6\n"), "header");
    let doc = Lopdf::load(&s.pdf).unwrap();
    assert!(doc.trailer.get(b"Encrypt").is_err(), "no encryption");
    let ids = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    assert_eq!(ids.len(), 2);
    let info = deref(&doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(
        string_of(&doc, info, b"GTS_PDFXVersion").as_deref(),
        Some("PDF/X-4")
    );
    assert_eq!(string_of(&doc, info, b"Trapped").as_deref(), Some("False"));
    for key in [b"CreationDate".as_slice(), b"ModDate"] {
        let d = string_of(&doc, info, key).unwrap_or_default();
        assert!(
            d.starts_with("D:20240901"),
            "{}: {d}",
            String::from_utf8_lossy(key)
        );
    }
    let catalog = doc.catalog().unwrap();
    let meta = deref(&doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8_lossy(&meta.content);
    assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    assert!(xmp.contains("<xmp:CreateDate>2024-09-01"));
    let intents = deref(&doc, catalog.get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    let intent = deref(&doc, &intents[0]).as_dict().unwrap();
    assert_eq!(string_of(&doc, intent, b"S").as_deref(), Some("GTS_PDFX"));
    let profile = deref(&doc, intent.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    assert_eq!(
        &profile.decompressed_content().unwrap()[36..40],
        b"acsp",
        "an ICC profile"
    );

    // Every font: a Type 0 font whose descendant carries the whole TrueType (FontFile2).
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font".as_slice())
            || d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice())
        {
            continue;
        }
        fonts += 1;
        let kid = deref(
            &doc,
            &d.get(b"DescendantFonts").unwrap().as_array().unwrap()[0],
        );
        let fd = deref(&doc, kid.as_dict().unwrap().get(b"FontDescriptor").unwrap());
        let name = string_of(&doc, d, b"BaseFont").unwrap_or_default();
        assert!(
            fd.as_dict().unwrap().has(b"FontFile2"),
            "{name} is not embedded"
        );
    }
    assert!(fonts >= 3, "{fonts} fonts");
    let non_type0 = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice())
                && !d.has(b"FontDescriptor")
                && d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice())
        });
    assert_eq!(non_type0.count(), 0, "a simple font without a descriptor");
}

/// Every place DeviceRGB (or CalRGB) could be used in `doc`, outside the Alternate of an ICC
/// profile: names anywhere in every object, and `rg`/`RG`/`cs`/`CS` in every content stream
/// (pages and forms, imported ads' included).
fn rgb_uses(doc: &Lopdf) -> Vec<String> {
    fn names(obj: &Object, key: &str, out: &mut Vec<String>, at: lopdf::ObjectId) {
        match obj {
            Object::Name(n) if n == b"DeviceRGB" || n == b"CalRGB" => {
                out.push(format!("{at:?} /{key}"))
            }
            Object::Array(a) => a.iter().for_each(|o| names(o, key, out, at)),
            Object::Dictionary(d) => d.iter().for_each(|(k, v)| {
                // An ICC stream's Alternate is what a reader without ICC support falls
                // back to, not colour the file uses.
                if k != b"Alternate" {
                    names(v, &String::from_utf8_lossy(k), out, at)
                }
            }),
            Object::Stream(s) => names(&Object::Dictionary(s.dict.clone()), key, out, at),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut streams = Vec::new();
    for (id, obj) in &doc.objects {
        names(obj, "", &mut out, *id);
        if let Object::Stream(s) = obj {
            if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice()) {
                streams.push((
                    *id,
                    s.decompressed_content()
                        .unwrap_or_else(|_| s.content.clone()),
                ));
            }
        }
    }
    for (_, id) in doc.get_pages() {
        streams.push((id, doc.get_page_content(id)));
    }
    for (id, data) in streams {
        let content = lopdf::content::Content::decode(&data).unwrap();
        for op in content.operations {
            let rgb_space = matches!(op.operator.as_str(), "cs" | "CS")
                && op.operands.first().and_then(|o| o.as_name().ok())
                    == Some(b"DeviceRGB".as_slice());
            if matches!(op.operator.as_str(), "rg" | "RG") || rgb_space {
                out.push(format!("{id:?} `{}`", op.operator));
            }
        }
    }
    out
}

#[test]
fn no_device_rgb_anywhere_outside_icc_spaces() {
    let doc = Lopdf::load(&sample().pdf).unwrap();
    let uses = rgb_uses(&doc);
    assert!(uses.is_empty(), "DeviceRGB used: {uses:?}");
    // The check itself sees RGB where there is some.
    let mut c = lopdf::Document::with_version("1.6");
    c.add_object(lopdf::dictionary! { "ColorSpace" => "DeviceRGB" });
    assert_eq!(rgb_uses(&c).len(), 1);
}

#[test]
fn qpdf_checks_the_file_without_warnings() {
    if !tools(&["qpdf"]) {
        return;
    }
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&sample().pdf)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(!text.to_lowercase().contains("warning"), "{text}");
    assert!(
        text.contains("No syntax or stream encoding errors"),
        "{text}"
    );
}

#[test]
fn ghostscript_renders_every_page_without_error() {
    if !tools(&["gs"]) {
        return;
    }
    let out = Command::new("gs")
        .args(["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=nullpage"])
        .arg(&sample().pdf)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("Error") && !text.contains("error"), "{text}");
}

/// A one-page document holding only the body text of the sample's Voorwoord page.
fn body_text_only() -> Document {
    let doc = &sample().built.paginated.document;
    let page = doc
        .pages
        .iter()
        .find(|p| matches!(&p.role, presswork::document::PageRole::Article(a) if a == "voorwoord"))
        .expect("the Voorwoord page");
    let items: Vec<Item> = page
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text(r) if r.source.part.starts_with("body[")))
        .cloned()
        .collect();
    assert!(items.len() > 20, "{} body lines", items.len());
    Document {
        pages: vec![Page {
            items,
            ..page.clone()
        }],
        images: vec![],
        ads: vec![],
        ..doc.clone()
    }
}

#[test]
fn body_text_is_on_the_black_plate_only() {
    let doc = body_text_only();
    let fonts = &sample().edition.fonts;
    let bytes = presswork::pdf::pdf_bytes(&doc, fonts, &WriteOptions::default()).unwrap();
    // Every fill colour the text sets is 100 K, never a four-colour black.
    let parsed = Lopdf::load_mem(&bytes).unwrap();
    let (_, id) = parsed.get_pages().into_iter().next().unwrap();
    let content = lopdf::content::Content::decode(&parsed.get_page_content(id)).unwrap();
    let fills: Vec<Vec<f32>> = content
        .operations
        .iter()
        .filter(|o| o.operator == "k")
        .map(|o| o.operands.iter().map(|v| v.as_float().unwrap()).collect())
        .collect();
    assert!(!fills.is_empty());
    assert!(
        fills.iter().all(|f| f == &[0.0, 0.0, 0.0, 1.0]),
        "{fills:?}"
    );
    if !tools(&["gs"]) {
        return;
    }
    let dir = tmp_dir("inkcov");
    let pdf = dir.join("body.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    // The trim box only: the crop marks in the slug are registration (all four inks).
    let out = Command::new("gs")
        .args([
            "-q",
            "-dBATCH",
            "-dNOPAUSE",
            "-dSAFER",
            "-dUseTrimBox",
            "-r72",
            "-sDEVICE=inkcov",
            "-o",
            "-",
        ])
        .arg(&pdf)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    let cov: Vec<f64> = text
        .split_whitespace()
        .take(4)
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(cov.len(), 4, "{text}");
    eprintln!("ink coverage of the body text (C M Y K): {cov:?}");
    assert!(
        cov[0] < 1e-4 && cov[1] < 1e-4 && cov[2] < 1e-4,
        "C M Y {cov:?}"
    );
    assert!(cov[3] > 0.01, "K {cov:?}");
    std::fs::remove_dir_all(&dir).ok();
}

fn binary(out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_presswork"));
    cmd.current_dir(project())
        .arg("build")
        .arg(project().join(presswork::DEFAULT_EDITION))
        .arg("-o")
        .arg(out)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove(presswork::pdf::TEST_FAIL_ENV)
        .env_remove(presswork::pdf::TEST_SLEEP_ENV);
    cmd
}

#[test]
fn one_and_two_threads_give_identical_bytes() {
    let dir = tmp_dir("threads");
    let (a, b) = (dir.join("one.pdf"), dir.join("two.pdf"));
    for (path, threads) in [(&a, "1"), (&b, "2")] {
        let out = binary(path)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (a, b) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(a.len() > 100_000);
    assert!(a == b, "the builds differ");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_injected_failure_leaves_no_file_behind() {
    let dir = tmp_dir("fail");
    let target = dir.join("edition.pdf");
    let out = binary(&target)
        .env(presswork::pdf::TEST_FAIL_ENV, "before-rename")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write the PDF") && stderr.contains("edition.pdf"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_killed_build_leaves_no_target_file() {
    let dir = tmp_dir("kill");
    let target = dir.join("edition.pdf");
    let mut child = binary(&target)
        .env(presswork::pdf::TEST_SLEEP_ENV, "30000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the temporary file is there (the build is in its last step), then kill.
    let start = std::time::Instant::now();
    let tmp_seen = loop {
        let any = std::fs::read_dir(&dir).unwrap().next().is_some();
        if any || start.elapsed().as_secs() > 120 {
            break any;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(tmp_seen, "the build never reached its write");
    assert!(!status.success());
    assert!(!target.exists(), "a killed build left the target");
    // What a kill can leave is the hidden temporary file, never a file under the target name.
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.starts_with(".edition.pdf.tmp-"), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_sample_can_be_written_as_pdfx1a() {
    let s = sample();
    let doc = &s.built.paginated.document;
    let options = WriteOptions {
        conformance: Conformance::X1a,
        source_date_epoch: Some(1_725_148_800),
        ..WriteOptions::default()
    };
    let bytes = presswork::pdf::pdf_bytes(doc, &s.edition.fonts, &options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF-1.3\n"));
    let parsed = Lopdf::load_mem(&bytes).unwrap();
    let info = deref(&parsed, parsed.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    for key in [b"GTS_PDFXVersion".as_slice(), b"GTS_PDFXConformance"] {
        assert_eq!(
            string_of(&parsed, info, key).as_deref(),
            Some("PDF/X-1a:2001")
        );
    }
    let (mut icc, mut images) = (0, 0);
    for obj in parsed.objects.values() {
        let d = match obj {
            Object::Stream(s) => &s.dict,
            Object::Dictionary(d) => d,
            _ => continue,
        };
        assert!(
            !d.has(b"SMask") && !d.has(b"Group") && !d.has(b"ca") && !d.has(b"CA"),
            "transparency: {d:?}"
        );
        icc += d.has(b"N") as usize;
        // Photos (converted from RGB) and raster ads in device CMYK or grey.
        if d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice()) {
            let cs = d.get(b"ColorSpace").and_then(Object::as_name).unwrap();
            assert!(cs == b"DeviceCMYK" || cs == b"DeviceGray", "{d:?}");
            images += 1;
        }
    }
    assert_eq!(icc, 1, "only the output intent's profile");
    assert!(images >= 5, "{images} images");
    let icc_spaces = parsed.objects.values().filter(|o| {
        o.as_array()
            .is_ok_and(|a| a.first().and_then(|n| n.as_name().ok()) == Some(b"ICCBased".as_slice()))
    });
    assert_eq!(icc_spaces.count(), 0);
    assert!(rgb_uses(&parsed).is_empty());
    if tools(&["gs", "qpdf"]) {
        let dir = tmp_dir("x1a");
        let pdf = dir.join("x1a.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let gs = Command::new("gs")
            .args(["-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=nullpage"])
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(gs.status.success() && gs.stdout.is_empty() && gs.stderr.is_empty());
        let q = Command::new("qpdf")
            .arg("--check")
            .arg(&pdf)
            .output()
            .unwrap();
        assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stdout));
        std::fs::remove_dir_all(&dir).ok();
    }
}

/// An ad with RGB colour and a transparency group, as an advertiser might send it.
fn rgb_transparent_ad() -> presswork::load::assets::AdArtwork {
    use lopdf::dictionary;
    let mut doc = Lopdf::with_version("1.6");
    let content = doc.add_object(lopdf::Stream::new(
        dictionary! {},
        b"/GS0 gs 1 0 0 rg 0 0 100 100 re f".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Contents" => content,
        "Group" => dictionary! { "S" => "Transparency", "CS" => "DeviceRGB" },
        "Resources" => dictionary! {
            "ExtGState" => dictionary! { "GS0" => dictionary! { "Type" => "ExtGState", "ca" => 0.5 } },
        },
    });
    let r = presswork::geom::Rect::new(
        presswork::geom::Pt(0.0),
        presswork::geom::Pt(0.0),
        presswork::geom::Pt(100.0),
        presswork::geom::Pt(100.0),
    );
    presswork::load::assets::AdArtwork {
        path: "assets/ads/rgb-glow.pdf".into(),
        kind: presswork::load::assets::AdKind::Pdf(presswork::load::assets::PdfPage {
            doc: std::sync::Arc::new(doc),
            page_id: page,
            trim: r,
            bleed: r,
            media: r,
        }),
    }
}

#[test]
fn pdfx1a_refuses_an_rgb_transparent_ad_naming_it() {
    let s = sample();
    let mut doc = s.built.paginated.document.clone();
    doc.ads.push(std::sync::Arc::new(rgb_transparent_ad()));
    let options = WriteOptions {
        conformance: Conformance::X1a,
        ..WriteOptions::default()
    };
    let err = presswork::pdf::pdf_bytes(&doc, &s.edition.fonts, &options).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("PDF/X-1a"), "{msg}");
    assert!(msg.contains("rgb-glow.pdf: RGB colour"), "{msg}");
    assert!(msg.contains("rgb-glow.pdf: transparency"), "{msg}");
    // PDF/X-4 keeps it, and the ad check warns about it.
    assert!(presswork::pdf::pdf_bytes(&doc, &s.edition.fonts, &WriteOptions::default()).is_ok());
    let warnings = presswork::pdf::check_ad(&rgb_transparent_ad());
    let text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{text:?}");
    assert!(
        text[0].contains("RGB colour") && text[1].contains("blends transparency in RGB"),
        "{text:?}"
    );
}

#[test]
fn ad_checks_flag_rgb_rasters_and_pass_the_cmyk_pdf_ads() {
    let s = sample();
    for (name, ad) in &s.edition.ads {
        let found = presswork::pdf::check_ad(ad);
        assert!(found.iter().all(|d| !d.is_error()), "{name}: {found:?}");
        let file = ad.path.to_string_lossy();
        if file.ends_with(".pdf") {
            assert!(found.is_empty(), "{name}: {found:?}");
        } else {
            assert!(!found.is_empty(), "{name}: the RGB raster is flagged");
            assert!(found[0].to_string().contains(&*file), "{}", found[0]);
        }
    }
}
