//! The `presswork` command line: a thin layer over the library (see `src/cli/`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is a bug in presswork, never the user's fault: say so plainly, without a
    // backtrace wall (RUST_BACKTRACE still works for the developers).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "internal error: presswork crashed; please report this with the edition that caused it"
        );
        default_hook(info);
    }));
    let args = cli::Cli::parse();
    let code = cli::run(args);
    ExitCode::from(code.clamp(0, 255) as u8)
}
