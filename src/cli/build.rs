//! `build` and `check`.

use super::progress::Progress;
use super::{edition_dir, fail, BuildArgs, CheckArgs, Out};
use presswork::diag::Diagnostics;
use presswork::pdf::{OutputMode, WriteOptions};
use presswork::preflight::{self, Level};
use presswork::proof::{Overlays, ProofOptions};
use presswork::BuildOptions;
use std::path::Path;

/// The build options of a proof or final build.
pub fn options(
    output: Option<std::path::PathBuf>,
    proof: bool,
    show: Option<&str>,
    force: bool,
) -> Result<BuildOptions, Diagnostics> {
    let overlays = match show {
        Some(list) => Overlays::parse(list).map_err(|e| {
            Diagnostics::from(presswork::diag::Diagnostic::input(e).at_field("--show"))
        })?,
        None => Overlays::default(),
    };
    let proof = proof || show.is_some();
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok());
    // `..default()` although every field is set today: fields the PDF writer's owners add
    // keep their defaults without a change here.
    #[allow(clippy::needless_update)]
    let write = WriteOptions {
        mode: if proof {
            OutputMode::Proof
        } else {
            OutputMode::Final
        },
        source_date_epoch,
        ..WriteOptions::default()
    };
    Ok(BuildOptions {
        output,
        write,
        force,
        proof: ProofOptions {
            overlays,
            ..ProofOptions::default()
        },
        report: None,
    })
}

/// `presswork build`.
pub fn build(args: BuildArgs, out: Out) -> i32 {
    let edition = edition_dir(args.edition);
    let mut options = match options(args.output, args.proof, args.show.as_deref(), args.force) {
        Ok(o) => o,
        Err(d) => return fail("build", &d, out),
    };
    options.report = args.report.clone();
    options.write.sync = args.sync;
    options.write.conformance = match args.pdfx.as_deref() {
        None | Some("4") | Some("x4") | Some("X-4") => presswork::pdf::Conformance::X4,
        Some("1a") | Some("x1a") | Some("X-1a") => presswork::pdf::Conformance::X1a,
        Some(other) => {
            let d =
                presswork::diag::Diagnostic::input(format!("unknown PDF/X conformance `{other}`"))
                    .at_field("--pdfx")
                    .with_hint("use `--pdfx 4` (PDF/X-4) or `--pdfx 1a` (PDF/X-1a:2001)");
            return fail("build", &Diagnostics::from(d), out);
        }
    };
    let progress = Progress::start(format!("building {}", edition.display()), out);
    let result = presswork::build(&edition, &options);
    progress.finish();
    let built = match result {
        Ok(b) => b,
        Err(d) => return fail("build", &d, out),
    };
    if !out.quiet && !out.json {
        eprint!("{}", built.warnings);
    }
    if let Some(path) = &args.trace {
        let trace = presswork::trace::trace(&built.paginated.document);
        if let Err(e) = std::fs::write(path, trace) {
            eprintln!("error: {}: cannot write the trace: {e}", path.display());
            return 1;
        }
    }
    let counts = preflight::findings::count(&built.findings);
    if out.json {
        let line = serde_json::json!({
            "command": "build",
            "status": "ok",
            "exit_code": 0,
            "output": built.output,
            "pages": built.pages,
            "proof": options.write.mode == OutputMode::Proof,
            "forced": counts.errors > 0 && options.write.mode == OutputMode::Final,
            "findings": counts,
        });
        outln!("{line}");
    } else if !out.quiet {
        outln!("{} ({} pages)", built.output.display(), built.pages);
    }
    // The process ends here: freeing every page, line and glyph one by one would only
    // delay it (a few milliseconds of the sample's build).
    std::mem::forget(built);
    0
}

/// `presswork check`: everything `build` does except writing the PDF.
pub fn check(args: CheckArgs, out: Out) -> i32 {
    let edition_path = edition_dir(args.edition);
    let progress = Progress::start(format!("checking {}", edition_path.display()), out);
    let laid = presswork::layout(&edition_path);
    let (edition, paginated) = match laid {
        Ok(l) => l,
        Err(d) => {
            progress.finish();
            return fail("check", &d, out);
        }
    };
    let findings = match presswork::preflight_edition(&edition, &paginated, preflight::Mode::Final)
    {
        Ok(f) => f,
        Err(d) => {
            progress.finish();
            return fail("check", &d, out);
        }
    };
    let report = presswork::report::report(&edition, &paginated, &findings);
    progress.finish();
    if let Some(path) = &args.report {
        if let Err(d) = presswork::report::write(path, &report) {
            return fail("check", &d.into(), out);
        }
    }
    let s = &report.summary;
    let code = if s.findings.errors > 0 { 1 } else { 0 };
    if out.json {
        let line = serde_json::json!({
            "command": "check",
            "status": if code == 0 { "ok" } else { "error" },
            "exit_code": code,
            "edition": edition.name,
            "pages": s.pages,
            "articles": s.articles,
            "words_in": s.words_in,
            "words_placed": s.words_placed,
            "findings": s.findings,
        });
        outln!("{line}");
        return code;
    }
    if !edition.warnings.0.is_empty() && !out.quiet {
        eprint!("{}", edition.warnings);
    }
    for f in &findings {
        // Quiet still shows errors: they are why the exit code is 1.
        if !out.quiet || f.level == Level::Error {
            let line = f.to_string();
            if f.level == Level::Error {
                eprintln!("{line}");
            } else {
                outln!("{line}");
            }
        }
    }
    if !out.quiet {
        outln!("{}", summary_text(&edition.name, &edition_path, &report));
    }
    code
}

fn summary_text(name: &str, dir: &Path, report: &presswork::report::Report) -> String {
    let s = &report.summary;
    format!(
        "{name} ({}): {} pages, {} articles, {}/{} words placed ({} overset)\n\
         lines: {} body lines, mean |ratio| {:.2}, {} hyphenated (max {} in a row), {} overfull, {} loose, {} orphans, {} widows\n\
         findings: {} error(s), {} warning(s), {} info(s){}",
        dir.display(),
        s.pages,
        s.articles,
        s.words_placed,
        s.words_in,
        s.words_overset,
        s.lines,
        s.mean_abs_ratio,
        s.hyphenated_lines,
        s.max_consecutive_hyphens,
        s.overfull_lines,
        s.underfull_lines,
        s.orphans,
        s.widows,
        s.findings.errors,
        s.findings.warnings,
        s.findings.infos,
        if s.findings.errors > 0 {
            " — not fit to print"
        } else {
            " — ready to print"
        }
    )
}
