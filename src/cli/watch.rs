//! `watch`: builds the proof, then rebuilds it whenever a file of the edition (articles,
//! `edition.toml`), the project's layouts, fonts or assets change. Each build prints one
//! line on stdout starting with `built` (or `failed`), so scripts and tests can follow.

use super::build::options;
use super::{edition_dir, edition_name, fail, Out, WatchArgs};
use notify::{EventKind, RecursiveMode, Watcher};
use presswork::diag::Diagnostic;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long to wait for more changes after one, so a save that touches several files
/// (or an editor's write-and-rename) gives one rebuild.
const SETTLE: Duration = Duration::from_millis(200);

/// `presswork watch`.
pub fn watch(args: WatchArgs, out: Out) -> i32 {
    // The designer re-exports photos and fonts while this runs: files are read, not mapped,
    // so that one cut short mid-build fails that build rather than end the watch.
    presswork::load::file_bytes::read_only();
    let edition = edition_dir(args.edition);
    let name = edition_name(&edition);
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from("out").join(format!("{name}.proof.pdf")));
    let opts = match options(Some(output.clone()), true, args.show.as_deref(), true) {
        Ok(o) => o,
        Err(d) => return fail("watch", &d, out),
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            return fail(
                "watch",
                &Diagnostic::output(format!("cannot watch files: {e}")).into(),
                out,
            )
        }
    };
    let project = project_of(&edition);
    let mut watched = vec![edition.clone()];
    if let Some(p) = &project {
        watched.extend(["layouts", "fonts", "assets"].map(|d| p.join(d)));
    }
    for dir in watched.iter().filter(|d| d.is_dir()) {
        if let Err(e) = watcher.watch(dir, RecursiveMode::Recursive) {
            let d = Diagnostic::output(format!("cannot watch: {e}")).in_file(dir);
            return fail("watch", &d.into(), out);
        }
    }
    if !out.quiet {
        eprintln!(
            "watching {} (Ctrl-C to stop); proof: {}",
            edition.display(),
            output.display()
        );
    }
    let output_abs = absolute(&output);
    loop {
        rebuild(&edition, &opts, out);
        // Wait for a relevant change, then for the changes to settle.
        loop {
            match rx.recv() {
                Ok(Ok(event)) if relevant(&event, &output_abs) => break,
                Ok(_) => continue,
                Err(_) => return 1,
            }
        }
        let deadline = Instant::now() + SETTLE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if rx.recv_timeout(left).is_err() {
                break;
            }
        }
    }
}

fn rebuild(edition: &Path, opts: &presswork::BuildOptions, out: Out) {
    let started = Instant::now();
    let stdout = std::io::stdout();
    match presswork::build(edition, opts) {
        Ok(built) => {
            if !out.quiet {
                eprint!("{}", built.warnings);
            }
            let _ = writeln!(
                stdout.lock(),
                "built {} ({} pages) in {:.1}s",
                built.output.display(),
                built.pages,
                started.elapsed().as_secs_f64()
            );
        }
        Err(d) => {
            eprint!("{d}");
            let _ = writeln!(stdout.lock(), "failed: {} problem(s)", d.0.len());
        }
    }
    let _ = stdout.lock().flush();
}

/// Whether a file event should trigger a rebuild: content changes of input files, not of
/// the proof being written, hidden files or editors' backups.
fn relevant(event: &notify::Event, output: &Path) -> bool {
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        !name.starts_with('.')
            && !name.ends_with('~')
            && absolute(p) != output
            && matches!(
                ext.to_ascii_lowercase().as_str(),
                "json" | "toml" | "txt" | "jpg" | "jpeg" | "png" | "pdf" | "ttf" | "otf"
            )
    })
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The project folder: the nearest ancestor of the edition with a `layouts/` folder.
fn project_of(edition: &Path) -> Option<PathBuf> {
    let abs = absolute(edition);
    abs.ancestors()
        .find(|a| a.join("layouts").is_dir())
        .map(Path::to_path_buf)
}
