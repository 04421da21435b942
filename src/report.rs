//! The JSON layout report (`--report FILE.json`): pages, articles, paragraphs, line quality
//! and every preflight finding. The format is documented in `docs/report.md`.

use crate::diag::Diagnostic;
use crate::document::{Item, PageRole, Side};
use crate::flow::PlacedLine;
use crate::load::LoadedEdition;
use crate::model::{Align, Block};
use crate::pages::Paginated;
use crate::preflight::{self, Counts, Finding};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

/// Version of the report format; bumped when a field changes meaning.
pub const FORMAT_VERSION: u32 = 2;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Report format version.
    pub format: u32,
    /// The edition folder's name.
    pub edition: String,
    /// Title and issue.
    pub title: String,
    /// The issue.
    pub issue: String,
    /// Summary numbers.
    pub summary: Summary,
    /// Every page, first first.
    pub pages: Vec<PageReport>,
    /// Every article, in flatplan order.
    pub articles: Vec<ArticleReport>,
    /// Every preflight finding.
    pub findings: Vec<Finding>,
}

/// Numbers for the whole edition.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Pages in the edition.
    pub pages: usize,
    /// Articles laid out.
    pub articles: usize,
    /// Words in the articles' files.
    pub words_in: usize,
    /// Words placed on pages.
    pub words_placed: usize,
    /// Words overset (not placed).
    pub words_overset: usize,
    /// Body lines placed.
    pub lines: usize,
    /// Mean absolute adjustment ratio of the justified lines of body paragraphs (0 when
    /// there are none). Not justified, so not counted: paragraphs' last lines and lines set
    /// flush left because their word spaces would gape (see `flush_left_lines`).
    pub mean_abs_ratio: f64,
    /// Lines of justified body paragraphs (last lines aside) set flush left instead because
    /// their word spaces would open past 4 × their stretch (also counted as loose).
    pub flush_left_lines: usize,
    /// The most hyphenated lines in a row in any article.
    pub max_consecutive_hyphens: usize,
    /// Lines ending in an added hyphen.
    pub hyphenated_lines: usize,
    /// Lines wider than their measure.
    pub overfull_lines: usize,
    /// Loose lines (ratio above 1, last lines excluded).
    pub underfull_lines: usize,
    /// Paragraphs' single first lines at a column foot.
    pub orphans: usize,
    /// Paragraphs' single last lines at a column top.
    pub widows: usize,
    /// Findings by level.
    pub findings: Counts,
}

/// One page.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    /// 1-based page number.
    pub number: u32,
    /// `left` or `right`.
    pub side: Side,
    /// `cover`, `ad`, `article` or `blank`.
    pub role: &'static str,
    /// The article or ad id, for article and ad pages.
    pub id: Option<String>,
    /// Text runs (lines) on the page.
    pub text_runs: usize,
    /// Photos on the page.
    pub images: Vec<ImageReport>,
    /// Ad ids on the page.
    pub ads: Vec<String>,
}

/// One placed photo.
#[derive(Debug, Clone, Serialize)]
pub struct ImageReport {
    /// The file.
    pub file: String,
    /// Where it belongs (`article.part`).
    pub source: String,
    /// Effective resolution as placed.
    pub ppi: f64,
    /// Pixels.
    pub width_px: u32,
    /// Pixels.
    pub height_px: u32,
    /// Drawn size in millimetres.
    pub width_mm: f64,
    /// Drawn size in millimetres.
    pub height_mm: f64,
}

/// One article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleReport {
    /// The article id.
    pub id: String,
    /// The pages it is on.
    pub pages: Vec<u32>,
    /// Words in its file.
    pub words_in: usize,
    /// Words placed.
    pub words_placed: usize,
    /// Words overset.
    pub words_overset: usize,
    /// Its body paragraphs (blocks set in columns), in order.
    pub paragraphs: Vec<ParagraphReport>,
}

/// One block of body text as set in columns.
#[derive(Debug, Clone, Serialize)]
pub struct ParagraphReport {
    /// The block (`body[3]`, `body[5].paragraphs[1]`, …).
    pub part: String,
    /// Lines placed.
    pub lines: usize,
    /// Each line's adjustment ratio.
    pub ratios: Vec<f64>,
    /// Lines ending in an added hyphen.
    pub hyphenated: usize,
    /// Lines wider than their measure.
    pub overfull: usize,
    /// Loose lines (ratio above 1, the last line excluded).
    pub underfull: usize,
    /// Whether its single first line sits at a column foot.
    pub orphan: bool,
    /// Whether its single last line sits at a column top.
    pub widow: bool,
    /// Article page indexes (0-based) it is on.
    pub pages: Vec<usize>,
    /// `(article page, column)` pairs it is in.
    pub columns: Vec<(usize, usize)>,
}

/// Writes `report` as pretty JSON to `path`.
pub fn write(path: &Path, report: &Report) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(parent);
    }
    let json = serde_json::to_string_pretty(report)
        .map_err(|e| Diagnostic::output(format!("cannot serialise the report: {e}")))?;
    std::fs::write(path, json + "\n")
        .map_err(|e| Diagnostic::output(format!("cannot write the report: {e}")).in_file(path))
}

/// Builds the report of a laid-out edition and its findings.
pub fn report(edition: &LoadedEdition, paginated: &Paginated, findings: &[Finding]) -> Report {
    let doc = &paginated.document;
    let pages: Vec<PageReport> = doc
        .pages
        .iter()
        .map(|p| page_report(edition, doc, p))
        .collect();
    let body_justified = edition
        .layout
        .styles
        .get("body")
        .is_some_and(|s| s.align == Align::Justify);
    let mut articles = Vec::new();
    let (mut ratio_sum, mut ratio_n, mut max_hyph, mut gaping) = (0.0, 0usize, 0usize, 0usize);
    for entry in &edition.edition.flatplan {
        let Some(id) = &entry.article else { continue };
        let Some(article) = edition.articles.get(id) else {
            continue;
        };
        let words_in = article.words().len();
        let words_overset: usize = paginated
            .overset
            .iter()
            .filter(|o| &o.article == id)
            .map(|o| o.words)
            .sum();
        let lines: &[PlacedLine] = paginated.lines.get(id).map_or(&[], Vec::as_slice);
        let mut run = 0;
        for l in lines {
            run = if l.hyphenated { run + 1 } else { 0 };
            max_hyph = max_hyph.max(run);
            if !is_body_paragraph(&article.body, &l.part) {
                continue;
            }
            if l.justified {
                ratio_sum += l.ratio.abs();
                ratio_n += 1;
            } else if body_justified && !l.last {
                gaping += 1;
            }
        }
        articles.push(ArticleReport {
            id: id.clone(),
            pages: doc.article_pages(id),
            words_in,
            words_placed: words_in.saturating_sub(words_overset),
            words_overset,
            paragraphs: paragraphs(lines),
        });
    }
    let all_paras = articles.iter().flat_map(|a| &a.paragraphs);
    let mut summary = Summary {
        pages: pages.len(),
        articles: articles.len(),
        words_in: articles.iter().map(|a| a.words_in).sum(),
        words_placed: articles.iter().map(|a| a.words_placed).sum(),
        words_overset: articles.iter().map(|a| a.words_overset).sum(),
        lines: 0,
        mean_abs_ratio: if ratio_n > 0 {
            ratio_sum / ratio_n as f64
        } else {
            0.0
        },
        flush_left_lines: gaping,
        max_consecutive_hyphens: max_hyph,
        hyphenated_lines: 0,
        overfull_lines: 0,
        underfull_lines: 0,
        orphans: 0,
        widows: 0,
        findings: preflight::findings::count(findings),
    };
    for p in all_paras {
        summary.lines += p.lines;
        summary.hyphenated_lines += p.hyphenated;
        summary.overfull_lines += p.overfull;
        summary.underfull_lines += p.underfull;
        summary.orphans += p.orphan as usize;
        summary.widows += p.widow as usize;
    }
    Report {
        format: FORMAT_VERSION,
        edition: edition.name.clone(),
        title: edition.edition.title.clone(),
        issue: edition.edition.issue.clone(),
        summary,
        pages,
        articles,
        findings: findings.to_vec(),
    }
}

fn page_report(
    edition: &LoadedEdition,
    doc: &crate::document::Document,
    page: &crate::document::Page,
) -> PageReport {
    let (role, id) = match &page.role {
        PageRole::Cover => ("cover", None),
        PageRole::Ad(id) => ("ad", Some(id.clone())),
        PageRole::Article(id) => ("article", Some(id.clone())),
        PageRole::Blank => ("blank", None),
    };
    let mut r = PageReport {
        number: page.number,
        side: page.side,
        role,
        id,
        text_runs: 0,
        images: Vec::new(),
        ads: Vec::new(),
    };
    for item in &page.items {
        match item {
            Item::Text(_) => r.text_runs += 1,
            Item::Image(img) => {
                if let Some(asset) = doc.images.get(img.image) {
                    r.images.push(ImageReport {
                        file: preflight::shown_path(edition, &asset.path),
                        source: format!("{}.{}", img.source.owner, img.source.part),
                        ppi: round1(preflight::effective_ppi(asset, img.rect.w.0, img.rect.h.0)),
                        width_px: asset.width_px,
                        height_px: asset.height_px,
                        width_mm: round1(img.rect.w.to_mm().0),
                        height_mm: round1(img.rect.h.to_mm().0),
                    });
                }
            }
            Item::Ad(ad) => r.ads.push(ad.source.owner.clone()),
            Item::Rule(_) | Item::Fill(_) => {}
        }
    }
    r
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Whether `part` names a body block that is a plain paragraph (`body[N]`).
fn is_body_paragraph(body: &[Block], part: &str) -> bool {
    part.strip_prefix("body[")
        .and_then(|s| s.strip_suffix(']'))
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| body.get(n))
        .is_some_and(|b| matches!(b, Block::Paragraph { .. }))
}

/// Groups an article's placed lines by paragraph (consecutive lines of one part) and
/// measures each.
fn paragraphs(lines: &[PlacedLine]) -> Vec<ParagraphReport> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        // A paragraph ends at its `last` line, or where the part changes.
        while end < lines.len() && lines[end].part == lines[start].part && !lines[end - 1].last {
            end += 1;
        }
        out.push(paragraph(&lines[start..end]));
        start = end;
    }
    out
}

fn paragraph(lines: &[PlacedLine]) -> ParagraphReport {
    let mut columns: Vec<(usize, usize)> = Vec::new();
    let mut groups: Vec<usize> = Vec::new();
    for l in lines {
        if columns.last() == Some(&(l.page, l.column)) {
            *groups.last_mut().expect("a group per column") += 1;
        } else {
            columns.push((l.page, l.column));
            groups.push(1);
        }
    }
    let split = groups.len() > 1;
    let pages: BTreeSet<usize> = lines.iter().map(|l| l.page).collect();
    ParagraphReport {
        part: lines[0].part.clone(),
        lines: lines.len(),
        ratios: lines
            .iter()
            .map(|l| (l.ratio * 1000.0).round() / 1000.0)
            .collect(),
        hyphenated: lines.iter().filter(|l| l.hyphenated).count(),
        overfull: lines.iter().filter(|l| l.overfull).count(),
        underfull: lines.iter().filter(|l| !l.last && l.ratio > 1.0).count(),
        orphan: split && groups[0] == 1,
        widow: split && groups[groups.len() - 1] == 1 && lines.last().is_some_and(|l| l.last),
        pages: pages.into_iter().collect(),
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Pt;

    fn line(part: &str, page: usize, column: usize, last: bool) -> PlacedLine {
        PlacedLine {
            part: part.into(),
            page,
            column,
            baseline: Pt(0.0),
            x: Pt(0.0),
            width: Pt(100.0),
            ratio: 0.5,
            hyphenated: false,
            overfull: false,
            last,
            justified: !last,
        }
    }

    #[test]
    fn orphans_and_widows() {
        let lines = [
            line("body[0]", 0, 0, false),
            line("body[0]", 0, 1, false),
            line("body[0]", 0, 1, true),
            line("body[1]", 0, 1, false),
            line("body[1]", 0, 2, true),
        ];
        let p = paragraphs(&lines);
        assert_eq!(p.len(), 2);
        assert!(p[0].orphan && !p[0].widow);
        assert!(p[1].orphan && p[1].widow);
        assert_eq!(p[0].columns, vec![(0, 0), (0, 1)]);
    }
}
