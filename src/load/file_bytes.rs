//! A file's bytes, mapped into memory rather than copied where the system allows.
//!
//! Fonts and photos are most of what a build reads (ten megabytes for the sample), and
//! reading them copied every byte into fresh memory, page fault by page fault: a third of the
//! load stage. A read-only mapping shares the pages the system already holds in its cache.
//! Photos and ads are mapped whole at once (they go into the PDF whole); fonts page by page
//! as they are used (most of a font is not).
//!
//! The risks of a mapping, accepted for a command that runs for a fraction of a second:
//! another program writing a file in place while the build reads it changes bytes the build
//! holds (a copy would have been one version or the other), and one cutting a file short
//! makes the system stop the process (SIGBUS). The command line answers that signal with a
//! plain error (see `main.rs`); the PDF is only renamed into place when complete. `presswork
//! watch`, which runs while the designer re-exports files, reads instead ([`read_only`]).

use std::sync::atomic::{AtomicBool, Ordering};

static READ_ONLY: AtomicBool = AtomicBool::new(false);

/// From now on, files are read into memory rather than mapped (for long-running processes,
/// such as `watch`, which must outlive files changed under them).
pub fn read_only() {
    READ_ONLY.store(true, Ordering::Relaxed);
}

use std::ops::Deref;
use std::path::Path;

/// A file's contents: mapped (read-only, private) or, where mapping is not possible (an empty
/// file, a pipe, a system without mappings), read into memory.
pub struct FileBytes(Backing);

enum Backing {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    /// The contents of `path`, which must be at most `limit` bytes: `Ok(None)` when it is
    /// larger. Mapped when it is a regular, non-empty file; with `whole`, all its pages at
    /// once (for a file that will be read through).
    pub fn open(path: &Path, limit: u64, whole: bool) -> std::io::Result<Option<FileBytes>> {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() > 0 && !READ_ONLY.load(Ordering::Relaxed) {
            if meta.len() > limit {
                return Ok(None);
            }
            let mut options = memmap2::MmapOptions::new();
            // The length checked against the limit, not the file's length when mapped.
            options.len(usize::try_from(meta.len()).unwrap_or(usize::MAX));
            if whole {
                options.populate();
            }
            // SAFETY: the mapping is read-only and private; this process only reads it. Rust
            // assumes bytes behind a shared reference do not change: another program writing
            // the file in place during the build breaks that (the risk the module's
            // documentation describes and accepts), and cutting it short raises SIGBUS.
            let mapped = unsafe { options.map(&file) };
            if let Ok(map) = mapped {
                return Ok(Some(FileBytes(Backing::Mapped(map))));
            }
        }
        // Read at most limit + 1 bytes: the metadata may lie (a FIFO, a growing file). It is
        // only a hint for the buffer, which saves growing it a doubling at a time.
        let hint = meta.len().min(limit);
        let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0).saturating_add(1));
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        Ok((bytes.len() as u64 <= limit).then(|| FileBytes(Backing::Read(bytes))))
    }
}

impl Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.0 {
            Backing::Mapped(map) => map,
            Backing::Read(bytes) => bytes,
        }
    }
}

impl AsRef<[u8]> for FileBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(bytes: Vec<u8>) -> FileBytes {
        FileBytes(Backing::Read(bytes))
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileBytes({} bytes)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_within_its_limit_and_refused_past_it() {
        let path = std::env::temp_dir().join(format!("presswork-bytes-{}.bin", std::process::id()));
        std::fs::write(&path, b"twelve bytes").unwrap();
        for whole in [true, false] {
            let bytes = FileBytes::open(&path, 12, whole)
                .unwrap()
                .expect("within the limit");
            assert!(matches!(bytes.0, Backing::Mapped(_)));
            assert_eq!(&*bytes, b"twelve bytes");
            assert!(FileBytes::open(&path, 11, whole).unwrap().is_none());
        }
        std::fs::write(&path, b"").unwrap();
        let empty = FileBytes::open(&path, 11, true).unwrap().unwrap();
        assert!(matches!(empty.0, Backing::Read(_)) && empty.is_empty());
        std::fs::remove_file(&path).ok();
    }
}
