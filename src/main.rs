//! The `presswork` command line: a thin layer over the library (see `src/cli/`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// mimalloc instead of the system allocator: a build allocates and frees many short-lived
// buffers on two threads, and glibc's malloc spent a fifth of the sample's wall time in the
// kernel (growing and trimming heaps, mapping and unmapping big buffers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process: mimalloc's arenas would get them, and 2 MiB
/// pages took the 16x edition's peak memory from 97 to 140 MiB for no gain in time. Run as a
/// constructor, before the first allocation, which already touches an arena (before `main`:
/// the 2 MiB page zeroed there and split again at exit cost the sample a millisecond).
#[cfg(target_os = "linux")]
extern "C" fn no_huge_pages() {
    // SAFETY: a plain system call that sets a flag of the process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// SAFETY (of running before `main`): the function only makes one system call: it allocates
// nothing, cannot panic, and needs nothing of std set up.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NO_HUGE_PAGES: extern "C" fn() = no_huge_pages;

/// Freed memory kept for reuse rather than handed back to the system during the build.
fn tune_allocator() {
    // mimalloc 2's option number for the purge delay (`mi_option_t` in its mimalloc.h);
    // libmimalloc-sys does not name it. Other versions keep their defaults.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: a plain C call that sets an integer option.
    unsafe {
        if libmimalloc_sys::mi_version() / 100 == 2 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
}

/// Input files are mapped into memory (`load::file_bytes`): should another program cut one
/// short while the build reads it, the system stops the process with SIGBUS (its code
/// `BUS_ADRERR`: an address past the end of a mapped file). Say so plainly and end with the
/// exit code of bad input, rather than die with "Bus error". Any other SIGBUS is left to the
/// system's default action.
#[cfg(target_os = "linux")]
fn report_changed_inputs() {
    extern "C" fn on_sigbus(signal: libc::c_int, info: *mut libc::siginfo_t, _: *mut libc::c_void) {
        const MESSAGE: &[u8] = b"error: an input file (a font, photo or ad) was changed or cut \
short while presswork read it\n  hint: build again once the file is complete\n";
        // SAFETY: only async-signal-safe calls (write, _exit, signal, raise); `info` is the
        // kernel's, valid for the handler's duration.
        unsafe {
            if !info.is_null() && (*info).si_code == libc::BUS_ADRERR {
                libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
                libc::_exit(2);
            }
            // Not ours: the system's default action.
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
    // SAFETY: installs a handler that makes only async-signal-safe calls.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus
            as extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void)
            as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
    }
}

fn main() -> ExitCode {
    tune_allocator();
    #[cfg(target_os = "linux")]
    report_changed_inputs();
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
    exit_now(code)
}

/// Ends the process with `code` once its output is flushed, without the allocator's clean-up
/// at exit: it hands every arena back to the system page by page (a millisecond and a half of
/// the sample's build), which the end of the process does at once anyway.
fn exit_now(code: i32) -> ExitCode {
    use std::io::Write;
    let flushed = std::io::stdout().flush().is_ok() && std::io::stderr().flush().is_ok();
    #[cfg(unix)]
    if flushed {
        // SAFETY: `_exit` ends the process; nothing after this point is needed (output is
        // flushed, files are closed by the system, the PDF was renamed into place).
        unsafe { libc::_exit(code.clamp(0, 255)) }
    }
    // (Unused off Unix, and when a flush failed: then the normal exit reports nothing more.)
    let _ = flushed;
    ExitCode::from(code.clamp(0, 255) as u8)
}
