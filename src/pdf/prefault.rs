//! Mapping a big output buffer's pages in ahead of the thread that fills it.
//!
//! The final PDF is assembled in one buffer of megabytes (5 MB for the sample: its photos
//! passed through), filled front to back by one thread after the pages are rendered, while
//! the other thread has nothing left to do. Each first write to a 4 KiB page of it stops the
//! filling thread for the system to map one (1,300 times for the sample, a few microseconds
//! each on a virtual machine). Here the idle thread asks the system to map them instead, from
//! the back: it maps faster than one page at a time, and the pages the filling thread has
//! reached by then are passed over as already there.

/// The bytes `[start, start + len)` of a buffer being filled from its start, to be mapped from
/// its end backwards in steps, on the calling thread. Asking the system to map pages changes
/// nothing in them (`MADV_POPULATE_WRITE` leaves present pages as they are), so this may run
/// beside the thread that writes the buffer; should the buffer be freed meanwhile, the system
/// refuses the rest (or maps pages of whatever holds the memory then, unchanged). Does
/// nothing where the system cannot do it.
#[derive(Debug, Clone, Copy)]
pub struct Spare {
    start: usize,
    len: usize,
}

// Mapped a quarter of a megabyte a call: a few dozen calls for the sample.
const STEP: usize = 256 << 10;

impl Spare {
    /// The spare capacity that begins at `start` and runs for `len` bytes.
    pub fn new(start: *const u8, len: usize) -> Spare {
        Spare {
            start: start as usize,
            len,
        }
    }

    /// Maps the pages, last first.
    pub fn map_backwards(self) {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: a plain query of a system constant.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            let Ok(page) = usize::try_from(page) else {
                return;
            };
            if page == 0 {
                return;
            }
            // Whole pages inside the range only.
            let first = self.start.div_ceil(page) * page;
            let end = (self.start + self.len) / page * page;
            let mut hi = end;
            while hi > first {
                let lo = hi.saturating_sub(STEP).max(first);
                // SAFETY: no Rust reference is made to the memory: the system only maps its
                // pages, never changing what they hold (present pages are passed over). A
                // thread writing the buffer meanwhile, or the buffer freed and the memory
                // reused, is therefore harmless; an address no longer mapped fails the call.
                let done = unsafe {
                    libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_POPULATE_WRITE)
                };
                if done != 0 {
                    // An older system, or the buffer is gone: nothing more to gain.
                    return;
                }
                hi = lo;
            }
        }
    }
}
