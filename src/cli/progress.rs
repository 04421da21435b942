//! A spinner on stderr for builds that take longer than a second; hidden when stderr is not
//! a terminal, with `--quiet` or `--json`.

use super::Out;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Shows progress while work runs; [`Progress::finish`] clears it.
pub struct Progress {
    done: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts timing; the spinner appears only if the work is still running after a second.
    pub fn start(message: String, out: Out) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        if out.quiet || out.json || !std::io::stderr().is_terminal() {
            return Progress { done, handle: None };
        }
        let flag = Arc::clone(&done);
        let handle = std::thread::spawn(move || {
            let started = Instant::now();
            // Short builds finish before anything is drawn: no flicker for a quick check.
            while started.elapsed() < Duration::from_secs(1) {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
                bar.set_style(style);
            }
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(100));
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(25));
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            handle: Some(handle),
        }
    }

    /// Stops and clears the spinner.
    pub fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
