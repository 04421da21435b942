//! The `presswork` command line: a thin layer over the library (see `src/cli/`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let code = cli::run(args);
    ExitCode::from(code.clamp(0, 255) as u8)
}
