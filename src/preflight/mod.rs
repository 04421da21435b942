//! Preflight: is the laid-out edition fit to print? Shared by `check`, `build` and the JSON
//! report.
//!
//! Checks overset text, missing glyphs, photos' effective resolution, RGB content and ads'
//! sizes against their slots. Thresholds and levels come from the optional file
//! `layouts/<layout>.preflight.toml` beside the layout (see [`Settings`]); without it the
//! documented defaults apply.

pub mod findings;

pub use findings::{Check, Counts, Finding, Level};

use crate::diag::Diagnostic;
use crate::document::{Document, Item};
use crate::load::assets::{AdKind, ImageAsset, ImageData};
use crate::load::LoadedEdition;
use crate::pages::Paginated;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Default minimum effective resolution of photos (a warning below it).
pub const DEFAULT_MIN_PPI: f64 = 200.0;
/// Default hard floor of effective resolution (an error below it).
pub const DEFAULT_FLOOR_PPI: f64 = 100.0;
/// Default tolerance between an ad's trim size and its slot, in millimetres.
pub const DEFAULT_AD_TOLERANCE_MM: f64 = 0.5;
/// The resolution a raster ad is measured at to find its size.
pub const RASTER_AD_PPI: f64 = 300.0;

/// Preflight settings: `layouts/<layout>.preflight.toml`, every key optional.
///
/// ```toml
/// min_ppi = 200           # warning below
/// floor_ppi = 100         # error below
/// ad_tolerance_mm = 0.5
/// [severity]              # info, warning or error per check
/// overset = "error"
/// missing_glyph = "error"
/// low_ppi = "warning"
/// ppi_floor = "error"
/// rgb = "info"            # in final mode; never reported in proofs
/// ad_size = "error"
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Effective ppi below which a photo is reported at `severity.low_ppi`.
    pub min_ppi: f64,
    /// Effective ppi below which a photo is reported at `severity.ppi_floor`.
    pub floor_ppi: f64,
    /// How far (mm) an ad's trim may differ from its slot.
    pub ad_tolerance_mm: f64,
    /// The level of each check's findings.
    pub severity: Severities,
}

/// The level of each check's findings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Severities {
    /// Overset text.
    pub overset: Level,
    /// Missing glyphs.
    pub missing_glyph: Level,
    /// Photos under `min_ppi`.
    pub low_ppi: Level,
    /// Photos under `floor_ppi`.
    pub ppi_floor: Level,
    /// RGB content in final mode.
    pub rgb: Level,
    /// Ads whose size differs from their slot.
    pub ad_size: Level,
}

impl Default for Severities {
    fn default() -> Severities {
        Severities {
            overset: Level::Error,
            missing_glyph: Level::Error,
            low_ppi: Level::Warning,
            ppi_floor: Level::Error,
            rgb: Level::Info,
            ad_size: Level::Error,
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_ppi: DEFAULT_MIN_PPI,
            floor_ppi: DEFAULT_FLOOR_PPI,
            ad_tolerance_mm: DEFAULT_AD_TOLERANCE_MM,
            severity: Severities::default(),
        }
    }
}

impl Settings {
    /// The settings file of the edition's layout: `<project>/layouts/<layout>.preflight.toml`.
    pub fn path_for(edition: &LoadedEdition) -> PathBuf {
        edition
            .project
            .join("layouts")
            .join(format!("{}.preflight.toml", edition.edition.layout))
    }

    /// Reads the settings of the edition's layout; the defaults when there is no file.
    /// A malformed file is an input error naming the file, line and column.
    pub fn load(edition: &LoadedEdition) -> Result<Settings, Diagnostic> {
        let path = Settings::path_for(edition);
        if !path.exists() {
            return Ok(Settings::default());
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::input(format!("cannot read: {e}")).in_file(&path))?;
        Settings::parse(&text, &path)
    }

    /// Parses a settings file's text (`path` for messages).
    pub fn parse(text: &str, path: &Path) -> Result<Settings, Diagnostic> {
        toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::input(e.message().to_string()).in_file(path);
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            d.with_hint(
                "keys: min_ppi, floor_ppi, ad_tolerance_mm, [severity] (see docs/report.md)",
            )
        })
    }
}

/// 1-based line and column of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Whether the file being checked is the print file or a proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The print file: every check.
    Final,
    /// A proof: RGB content is not reported.
    Proof,
}

/// Runs every check on a laid-out edition. Findings come in a fixed order: overset, glyphs,
/// photos, ads.
pub fn run(
    edition: &LoadedEdition,
    paginated: &Paginated,
    settings: &Settings,
    mode: Mode,
) -> Vec<Finding> {
    let mut out = Vec::new();
    overset(paginated, settings, &mut out);
    missing_glyphs(edition, &paginated.document, settings, &mut out);
    photos(edition, &paginated.document, settings, mode, &mut out);
    ads(edition, &paginated.document, settings, &mut out);
    out
}

fn overset(paginated: &Paginated, settings: &Settings, out: &mut Vec<Finding>) {
    for o in &paginated.overset {
        let mut preview: String = o.text.chars().take(60).collect();
        if o.text.chars().count() > 60 {
            preview.push('…');
        }
        out.push(
            Finding::new(
                Check::Overset,
                settings.severity.overset,
                format!(
                    "overset: {} word(s) of article `{}`, paragraph `{}`, did not fit its pages: “{preview}”",
                    o.words, o.article, o.part
                ),
            )
            .at(&o.article, &o.part)
            .with_hint("shorten the text, give the article more pages (`pages = N` in the flatplan), or use a smaller style"),
        );
    }
}

fn missing_glyphs(
    edition: &LoadedEdition,
    doc: &Document,
    settings: &Settings,
    out: &mut Vec<Finding>,
) {
    // One finding per character, font and place: a missing `ĳ` in a long article is one
    // problem, not a hundred.
    let mut seen = BTreeSet::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            for g in run.glyphs.iter().filter(|g| g.id == 0) {
                let c = run
                    .text
                    .get(g.cluster as usize..)
                    .and_then(|s| s.chars().next())
                    .unwrap_or('\u{FFFD}');
                if c.is_whitespace() {
                    continue;
                }
                let font = edition.fonts.get(run.font).name.clone();
                let key = (
                    c,
                    font.clone(),
                    run.source.owner.clone(),
                    run.source.part.clone(),
                );
                if !seen.insert(key) {
                    continue;
                }
                out.push(
                    Finding::new(
                        Check::MissingGlyph,
                        settings.severity.missing_glyph,
                        format!(
                            "missing glyph: “{c}” (U+{:04X}) is not in font `{font}`",
                            c as u32
                        ),
                    )
                    .on_page(page.number)
                    .at(&run.source.owner, &run.source.part)
                    .with_hint("use a font that has the character, or replace it in the text"),
                );
            }
        }
    }
}

/// The effective resolution of `image` drawn in a rectangle `w`×`h` points: the lower of
/// the two axes' pixels per inch.
pub fn effective_ppi(image: &ImageAsset, w: f64, h: f64) -> f64 {
    let x = image.width_px as f64 / (w / 72.0).max(1e-9);
    let y = image.height_px as f64 / (h / 72.0).max(1e-9);
    x.min(y)
}

/// Whether an image's pixels are RGB.
pub fn is_rgb(image: &ImageAsset) -> bool {
    match &image.data {
        ImageData::Jpeg { components, .. } | ImageData::Decoded { components, .. } => {
            *components == 3
        }
        ImageData::Png(png) => png.components() == 3,
    }
}

/// A file's path relative to the project, for messages.
pub fn shown_path(edition: &LoadedEdition, path: &Path) -> String {
    path.strip_prefix(&edition.project)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn photos(
    edition: &LoadedEdition,
    doc: &Document,
    settings: &Settings,
    mode: Mode,
    out: &mut Vec<Finding>,
) {
    let mut rgb_seen = BTreeSet::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Image(placed) = item else { continue };
            let Some(image) = doc.images.get(placed.image) else {
                continue;
            };
            let file = shown_path(edition, &image.path);
            let ppi = effective_ppi(image, placed.rect.w.0, placed.rect.h.0);
            let at = |f: Finding| {
                f.on_page(page.number)
                    .at(&placed.source.owner, &placed.source.part)
            };
            if ppi < settings.floor_ppi {
                out.push(at(Finding::new(
                    Check::PpiFloor,
                    settings.severity.ppi_floor,
                    format!(
                        "photo {file} is placed at {ppi:.0} ppi, under the floor of {:.0} ppi",
                        settings.floor_ppi
                    ),
                )
                .with_hint("supply a larger photo or place it smaller")));
            } else if ppi < settings.min_ppi {
                out.push(at(Finding::new(
                    Check::LowPpi,
                    settings.severity.low_ppi,
                    format!(
                        "photo {file} is placed at {ppi:.0} ppi, under {:.0} ppi",
                        settings.min_ppi
                    ),
                )
                .with_hint("supply a larger photo or place it smaller")));
            }
            if mode == Mode::Final && is_rgb(image) && rgb_seen.insert(placed.image) {
                out.push(at(Finding::new(
                    Check::Rgb,
                    settings.severity.rgb,
                    format!("photo {file} is RGB: kept ICC-tagged (allowed in PDF/X-4), converted to CMYK at the printer"),
                )));
            }
        }
    }
}

fn ads(edition: &LoadedEdition, doc: &Document, settings: &Settings, out: &mut Vec<Finding>) {
    let ids: Vec<&String> = edition.ads.keys().collect();
    // Each ad's own checks (its PDF's content read through) in parallel, used in page order.
    let checks: Vec<Vec<crate::diag::Diagnostic>> = doc
        .ads
        .par_iter()
        .with_max_len(1)
        .map(|ad| crate::pdf::check_ad(ad))
        .collect();
    let mut seen = BTreeSet::new();
    for page in &doc.pages {
        for item in &page.items {
            let Item::Ad(placed) = item else { continue };
            if !seen.insert(placed.ad) {
                continue;
            }
            let (Some(ad), Some(id)) = (doc.ads.get(placed.ad), ids.get(placed.ad)) else {
                continue;
            };
            // Ads that are not PDF/X compatible (RGB, fonts not embedded, RGB blending).
            out.extend(checks[placed.ad].iter().map(|d| {
                Finding::from_diagnostic(d)
                    .on_page(page.number)
                    .at(id.as_str(), "ad")
            }));
            let Some(slot) = edition
                .edition
                .ads
                .get(id.as_str())
                .and_then(|b| edition.layout.slots.get(&b.size).map(|s| (&b.size, s)))
            else {
                continue;
            };
            let (w_mm, h_mm, how) = match &ad.kind {
                AdKind::Pdf(p) => (p.trim.w.to_mm().0, p.trim.h.to_mm().0, "TrimBox"),
                AdKind::Image(img) => (
                    img.width_px as f64 / RASTER_AD_PPI * 25.4,
                    img.height_px as f64 / RASTER_AD_PPI * 25.4,
                    "pixels at 300 ppi",
                ),
            };
            let (name, spec) = slot;
            let tol = settings.ad_tolerance_mm;
            if (w_mm - spec.width.0).abs() > tol || (h_mm - spec.height.0).abs() > tol {
                out.push(
                    Finding::new(
                        Check::AdSize,
                        settings.severity.ad_size,
                        format!(
                            "ad `{id}` ({}) is {w_mm:.1}×{h_mm:.1} mm ({how}), but slot `{name}` is {:.1}×{:.1} mm",
                            shown_path(edition, &ad.path),
                            spec.width.0,
                            spec.height.0
                        ),
                    )
                    .on_page(page.number)
                    .at(id.as_str(), "ad")
                    .with_hint("ask the advertiser for artwork at the booked size, or book the slot that fits"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_locate_errors() {
        let s = Settings::parse(
            "min_ppi = 250\n[severity]\nrgb = \"warning\"\n",
            Path::new("x"),
        )
        .unwrap();
        assert_eq!(s.min_ppi, 250.0);
        assert_eq!(s.severity.rgb, Level::Warning);
        assert_eq!(s.floor_ppi, DEFAULT_FLOOR_PPI);
        let e = Settings::parse("min_ppi = 250\nmax_ppi = 3\n", Path::new("x")).unwrap_err();
        assert_eq!(e.position, Some((2, 1)), "{e}");
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 0), (1, 1));
    }
}
