//! The `presswork` command line: a thin layer over the library (see `src/cli/`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// mimalloc instead of the system allocator: a build allocates and frees many short-lived
// buffers on two threads, and glibc's malloc spent a fifth of the sample's wall time in the
// kernel (growing and trimming heaps, mapping and unmapping big buffers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Sets the allocator up before the work starts: no transparent huge pages (mimalloc asks
/// for them; 2 MiB pages took the 16x edition's peak memory from 97 to 140 MiB for no gain in
/// time), and freed memory kept for reuse rather than handed back to the system during the
/// build.
fn tune_allocator() {
    // mimalloc 2's option number for the purge delay (`mi_option_t` in its mimalloc.h);
    // libmimalloc-sys does not name it. Other versions keep their defaults.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain C calls that set integer options. THP is disabled for the process as
    // mimalloc itself does when told so at start-up (which is before `main`).
    unsafe {
        if libmimalloc_sys::mi_version() / 100 == 2 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    tune_allocator();
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
