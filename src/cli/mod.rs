//! Commands and their arguments. Exit codes: 0 done, 1 preflight or output failure, 2 bad
//! input (the message names the file, field, line and column where there are some).

/// `println!` that never panics: a closed pipe (`presswork check | head -1`) is not an error.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

mod build;
mod preview;
mod progress;
mod scaffold;
mod watch;

use clap::{Parser, Subcommand};
use presswork::diag::Diagnostics;
use std::path::PathBuf;

/// Typesets a magazine edition into a print-ready PDF.
#[derive(Parser)]
#[command(name = "presswork", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Print nothing but errors.
    #[arg(long, global = true)]
    quiet: bool,
    /// Print a one-line JSON summary on stdout instead of text (for scripts).
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Builds an edition into a PDF (the default: the sample edition into out/).
    Build(BuildArgs),
    /// Loads, lays out and preflights an edition without writing a PDF.
    Check(CheckArgs),
    /// Renders pages of a proof to PNG files and a contact sheet of spreads (needs pdftoppm).
    Preview(PreviewArgs),
    /// Rebuilds the proof whenever an article, the layout or an asset changes.
    Watch(WatchArgs),
    /// Prints the JSON Schema of an input file.
    Schema {
        /// Which file: article, edition or layout.
        #[arg(value_parser = presswork::schema::KINDS)]
        kind: String,
    },
    /// Creates a new edition folder `editions/NAME/` with one article, ready to build.
    New {
        /// The edition's folder name (letters, digits, `-` and `_`).
        name: String,
    },
}

/// Arguments of `build`.
#[derive(clap::Args, Default)]
pub struct BuildArgs {
    /// The edition folder (holds edition.toml and articles/).
    edition: Option<PathBuf>,
    /// Where to write the PDF [default: out/<edition>.pdf].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write a proof (watermarked, overset marked) instead of the final print file.
    #[arg(long)]
    proof: bool,
    /// Proof overlays, comma-separated: grid, frames, slots, baselines (or all). Implies --proof.
    #[arg(long)]
    show: Option<String>,
    /// Write the PDF even if preflight finds errors.
    #[arg(long)]
    force: bool,
    /// Flush the PDF to disk before it takes its name (for the file sent to the printer: it
    /// then survives a power cut as well as a failed build).
    #[arg(long)]
    sync: bool,
    /// Also write the layout trace (every page's positioned items) to this file.
    #[arg(long)]
    trace: Option<PathBuf>,
    /// Also write the JSON layout report (docs/report.md) to this file.
    #[arg(long)]
    report: Option<PathBuf>,
    /// The PDF/X conformance of the final file: `4` (PDF/X-4, the default) or `1a`
    /// (PDF/X-1a:2001: CMYK only, no transparency; refused, with reasons, when the content
    /// cannot be).
    #[arg(long, value_name = "4|1a")]
    pdfx: Option<String>,
}

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// The edition folder.
    edition: Option<PathBuf>,
    /// Also write the JSON layout report to this file.
    #[arg(long)]
    report: Option<PathBuf>,
}

/// Arguments of `preview`.
#[derive(clap::Args)]
pub struct PreviewArgs {
    /// The edition folder.
    edition: Option<PathBuf>,
    /// Pages to render: `3-6`, `5` or `all`.
    #[arg(long, default_value = "all")]
    pages: String,
    /// Resolution of the PNG files.
    #[arg(long, default_value_t = 72)]
    dpi: u32,
    /// The folder to write into [default: out/<edition>-preview].
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Arguments of `watch`.
#[derive(clap::Args)]
pub struct WatchArgs {
    /// The edition folder.
    edition: Option<PathBuf>,
    /// Where to write the proof [default: out/<edition>.proof.pdf].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Proof overlays, as for `build --show`.
    #[arg(long)]
    show: Option<String>,
}

/// How to talk to the user.
#[derive(Debug, Clone, Copy)]
pub struct Out {
    /// Only errors.
    pub quiet: bool,
    /// A JSON line instead of text.
    pub json: bool,
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> i32 {
    let out = Out {
        quiet: cli.quiet,
        json: cli.json,
    };
    match cli.command.unwrap_or(Command::Build(BuildArgs::default())) {
        Command::Build(args) => build::build(args, out),
        Command::Check(args) => build::check(args, out),
        Command::Preview(args) => preview::preview(args, out),
        Command::Watch(args) => watch::watch(args, out),
        Command::Schema { kind } => match presswork::schema::schema(&kind) {
            Some(schema) => {
                outln!(
                    "{}",
                    serde_json::to_string_pretty(&schema).unwrap_or_default()
                );
                0
            }
            None => 2,
        },
        Command::New { name } => scaffold::new_edition(&name, out),
    }
}

/// The edition folder named, or the sample's.
fn edition_dir(arg: Option<PathBuf>) -> PathBuf {
    arg.unwrap_or_else(|| PathBuf::from(presswork::DEFAULT_EDITION))
}

/// The folder name of an edition (for default output names).
fn edition_name(dir: &std::path::Path) -> String {
    dir.canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(|| "edition".into(), |n| n.to_string_lossy().into_owned())
}

/// Reports failed diagnostics (stderr, or the JSON line) and returns their exit code.
fn fail(command: &str, diagnostics: &Diagnostics, out: Out) -> i32 {
    let code = diagnostics.exit_code().max(1);
    eprint!("{diagnostics}");
    if out.json {
        let line = serde_json::json!({
            "command": command,
            "status": "error",
            "exit_code": code,
            "diagnostics": diagnostics,
        });
        outln!("{line}");
    }
    code
}
