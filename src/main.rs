//! The `presswork` command line: a thin layer over the library.

use clap::{Parser, Subcommand};
use presswork::pdf::{OutputMode, WriteOptions};
use presswork::{BuildOptions, DEFAULT_EDITION};
use std::path::PathBuf;
use std::process::ExitCode;

/// Typesets a magazine edition into a print-ready PDF.
#[derive(Parser)]
#[command(name = "presswork", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Builds an edition into a PDF (the default: the sample edition into out/).
    Build(BuildArgs),
}

#[derive(clap::Args, Default)]
struct BuildArgs {
    /// The edition folder (holds edition.toml and articles/).
    edition: Option<PathBuf>,
    /// Where to write the PDF [default: out/<edition>.pdf].
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write a proof instead of the final print file.
    #[arg(long)]
    proof: bool,
    /// Write the PDF even if preflight finds errors.
    #[arg(long)]
    force: bool,
    /// Also write the layout trace (every page's positioned items) to this file.
    #[arg(long)]
    trace: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Build(BuildArgs::default())) {
        Command::Build(args) => build(args),
    }
}

fn build(args: BuildArgs) -> ExitCode {
    let edition = args
        .edition
        .unwrap_or_else(|| PathBuf::from(DEFAULT_EDITION));
    let source_date_epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok());
    let options = BuildOptions {
        output: args.output,
        write: WriteOptions {
            mode: if args.proof {
                OutputMode::Proof
            } else {
                OutputMode::Final
            },
            source_date_epoch,
            ..WriteOptions::default()
        },
        force: args.force,
    };
    match presswork::build(&edition, &options) {
        Ok(built) => {
            eprint!("{}", built.warnings);
            if let Some(path) = args.trace {
                if let Err(e) =
                    std::fs::write(&path, presswork::trace::trace(&built.paginated.document))
                {
                    eprintln!("error: {}: cannot write the trace: {e}", path.display());
                    return ExitCode::from(1);
                }
            }
            println!("{} ({} pages)", built.output.display(), built.pages);
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            ExitCode::from(diagnostics.exit_code().clamp(1, 255) as u8)
        }
    }
}
