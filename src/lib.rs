//! presswork: typesets a magazine edition from structured data into a print-ready PDF.
//!
//! The stages, each a module, data flowing one way:
//! [`load`] (files → [`load::LoadedEdition`]) → [`text`] (shape, hyphenate, break) →
//! [`flow`] and [`pages`] (→ [`document::Document`]) → [`render`] (content streams, per page in
//! parallel) → [`pdf`] (one PDF, written atomically).

#![warn(missing_docs)]

pub mod compress;
pub mod diag;
pub mod document;
pub mod flow;
pub mod geom;
pub mod load;
pub mod model;
pub mod pages;
pub mod pdf;
pub mod preflight;
pub mod proof;
pub mod render;
pub mod report;
pub mod schema;
pub mod text;
pub mod timings;
pub mod trace;

use diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The sample edition built when no edition folder is named.
pub const DEFAULT_EDITION: &str = "editions/jn-magazine";

/// What `build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Where to write the PDF; `out/<edition name>.pdf` when `None`.
    pub output: Option<PathBuf>,
    /// How to write it.
    pub write: pdf::WriteOptions,
    /// Write the PDF even when preflight finds errors (overset text).
    pub force: bool,
    /// Watermark and overlays added to proofs (ignored in final mode).
    pub proof: proof::ProofOptions,
    /// Also write the JSON layout report here (even when preflight refuses the PDF).
    pub report: Option<PathBuf>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// The PDF written.
    pub output: PathBuf,
    /// How many pages it has.
    pub pages: usize,
    /// Findings that did not stop the build.
    pub warnings: Diagnostics,
    /// The laid-out edition.
    pub paginated: pages::Paginated,
    /// Every preflight finding (errors only when the PDF was forced or is a proof).
    pub findings: Vec<preflight::Finding>,
}

/// Loads and lays out an edition without writing anything: the shared front half of
/// `build` and of checks.
pub fn layout(edition_dir: &Path) -> Result<(load::LoadedEdition, pages::Paginated), Diagnostics> {
    let edition = timings::timed("load", || load::load_edition(edition_dir))?;
    lay_out(edition)
}

fn lay_out(
    edition: load::LoadedEdition,
) -> Result<(load::LoadedEdition, pages::Paginated), Diagnostics> {
    let typesetter = text::paragraph::Typesetter::new(Arc::clone(&edition.fonts));
    let mut paginated = timings::timed("layout", || pages::paginate(&edition, &typesetter))?;
    // Its caches (every word shaped) are freed with the result, off the path to the PDF.
    paginated.spent.keep(typesetter);
    Ok((edition, paginated))
}

/// Overset text as preflight findings, one per block that did not fit.
pub fn overset_findings(paginated: &pages::Paginated) -> Diagnostics {
    let mut out = Diagnostics::new();
    for o in &paginated.overset {
        out.push(
            Diagnostic::preflight(format!(
                "overset: {} word(s) of article `{}` did not fit its pages: “{}”",
                o.words,
                o.article,
                ellipsis(&o.text, 60)
            ))
            .at_field(o.part.clone())
            .with_hint("shorten the text, give the article more pages (`pages = N` in the flatplan), or use a smaller style"),
        );
    }
    out
}

fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}

/// Test hook, environment variable: `PRESSWORK_TEST_SLEEP_AFTER_LOAD=<milliseconds>` (at
/// most 60 000) waits once the edition is loaded, so that a test can change an input file
/// under a running build. Not meant for normal use.
pub const TEST_SLEEP_AFTER_LOAD_ENV: &str = "PRESSWORK_TEST_SLEEP_AFTER_LOAD";

/// Builds the edition in `edition_dir` into a PDF.
pub fn build(edition_dir: &Path, options: &BuildOptions) -> Result<Built, Diagnostics> {
    let edition = timings::timed("load", || load::load_edition(edition_dir))?;
    if let Some(ms) = std::env::var(TEST_SLEEP_AFTER_LOAD_ENV)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms.min(60_000)));
    }
    // Layout needs only the images' sizes: their compression runs beside it on the pool.
    let ads = edition.ads.values().filter_map(|ad| match &ad.kind {
        load::assets::AdKind::Image(image) => Some(image),
        load::assets::AdKind::Pdf(_) => None,
    });
    pdf::images::encode_ahead(edition.images.values().map(|i| &**i).chain(ads));
    let (edition, paginated) = lay_out(edition)?;
    build_laid_out(&edition, paginated, options)
}

/// Preflights a laid-out edition with its layout's settings (an input error if the settings
/// file is malformed).
pub fn preflight_edition(
    edition: &load::LoadedEdition,
    paginated: &pages::Paginated,
    mode: preflight::Mode,
) -> Result<Vec<preflight::Finding>, Diagnostics> {
    let settings = preflight::Settings::load(edition)?;
    let mut findings = preflight::run(edition, paginated, &settings, mode);
    // Layout's own warnings (blank pages) belong in the same list, after the checks'.
    findings.extend(
        paginated
            .warnings
            .0
            .iter()
            .map(preflight::Finding::from_diagnostic),
    );
    Ok(findings)
}

/// The back half of [`build`]: preflight, report, proof decorations and the PDF, for an
/// edition already laid out.
pub fn build_laid_out(
    edition: &load::LoadedEdition,
    paginated: pages::Paginated,
    options: &BuildOptions,
) -> Result<Built, Diagnostics> {
    let proof = options.write.mode == pdf::OutputMode::Proof;
    let mode = if proof {
        preflight::Mode::Proof
    } else {
        preflight::Mode::Final
    };
    let mut write = options.write.clone();
    if write.source_date_epoch.is_none() {
        write.source_date_epoch = edition.edition.date.as_deref().and_then(epoch_of_date);
    }
    // The final file's bytes are made beside the preflight, which then decides whether they
    // are written: an edition with errors costs a PDF made for nothing, every other build
    // saves the preflight's time.
    let (findings, final_bytes) = rayon::join(
        || timings::timed("preflight", || preflight_edition(edition, &paginated, mode)),
        || {
            (!proof).then(|| {
                timings::timed("write: pdf", || {
                    pdf::pdf_bytes(&paginated.document, &edition.fonts, &write)
                })
            })
        },
    );
    let findings = findings?;
    if let Some(path) = &options.report {
        report::write(path, &report::report(edition, &paginated, &findings))?;
    }
    let mut warnings = edition.warnings.clone();
    let counts = preflight::findings::count(&findings);
    // Proofs are for looking at problems, so they are written whatever preflight says.
    if counts.errors > 0 && !options.force && !proof {
        let mut all = preflight::findings::errors_as_diagnostics(&findings);
        all.push(
            Diagnostic::preflight(format!(
                "no PDF written: preflight found {} error(s)",
                counts.errors
            ))
            .with_hint(
                "fix them, write a proof (--proof), or pass --force to write the PDF anyway",
            ),
        );
        return Err(all);
    }
    warnings.extend(Diagnostics(
        findings
            .iter()
            .filter(|f| f.level >= preflight::Level::Warning)
            .map(|f| f.to_diagnostic().warning())
            .collect(),
    ));
    if counts.errors > 0 && !proof {
        warnings.push(
            Diagnostic::preflight(format!(
                "PDF written despite {} preflight error(s), because of --force: not fit to print",
                counts.errors
            ))
            .warning(),
        );
    }
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("{}.pdf", edition.name)));
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::output(format!("cannot create the output folder: {e}")).in_file(parent)
        })?;
    }
    match final_bytes {
        Some(bytes) => pdf::write_bytes(&bytes?, &write, &output)?,
        None => {
            let document = proof::decorate(edition, &paginated, &options.proof);
            pdf::write_pdf(&document, &edition.fonts, &write, &output)?;
        }
    }
    Ok(Built {
        output,
        pages: paginated.document.pages.len(),
        warnings,
        paginated,
        findings,
    })
}

/// Seconds since 1970-01-01 at midnight UTC of an ISO date `YYYY-MM-DD`; `None` if it is not
/// one.
pub fn epoch_of_date(date: &str) -> Option<i64> {
    let mut parts = date.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil calendar (proleptic Gregorian), counted from March so that the
    // leap day falls at the end of the year.
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::epoch_of_date;

    #[test]
    fn dates_to_epoch() {
        assert_eq!(epoch_of_date("1970-01-01"), Some(0));
        assert_eq!(epoch_of_date("2000-03-01"), Some(951_868_800));
        assert_eq!(epoch_of_date("2024-09-01"), Some(1_725_148_800));
        assert_eq!(epoch_of_date("2024-13-01"), None);
        assert_eq!(epoch_of_date("soon"), None);
    }
}
