//! A file's bytes, mapped into memory rather than copied where the system allows.
//!
//! Fonts and photos are most of what a build reads (ten megabytes for the sample), and
//! reading them copied every byte into fresh memory, page fault by page fault: a third of the
//! load stage. A read-only mapping shares the pages the system already holds in its cache,
//! and only the parts used are ever touched (most of a font is not).
//!
//! The one risk of a mapping: a file cut short by another program while the build reads it
//! makes the system stop the process (SIGBUS), where a copy would have been complete. The
//! command line answers that signal with a plain error (see `main.rs`); the PDF being written
//! is never left half-written, as it is renamed into place only when complete.

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
    /// larger. Mapped when it is a regular, non-empty file.
    pub fn open(path: &Path, limit: u64) -> std::io::Result<Option<FileBytes>> {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() > 0 {
            if meta.len() > limit {
                return Ok(None);
            }
            // SAFETY: the mapping is read-only and private to this process; the bytes are
            // only ever read. Another program changing the file meanwhile is the risk
            // described in the module's documentation.
            let mapped = unsafe { memmap2::MmapOptions::new().populate().map(&file) };
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
        let dir = std::env::temp_dir().join(format!("presswork-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.bin");
        std::fs::write(&path, b"twelve bytes").unwrap();
        let whole = FileBytes::open(&path, 12)
            .unwrap()
            .expect("within the limit");
        assert_eq!(&*whole, b"twelve bytes");
        assert!(FileBytes::open(&path, 11).unwrap().is_none());
        std::fs::write(&path, b"").unwrap();
        assert!(FileBytes::open(&path, 11).unwrap().unwrap().is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
