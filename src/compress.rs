//! zlib compression of the file's streams, deterministic (the same input always gives the
//! same bytes): a leaf module shared by [`crate::render`] (content streams) and
//! [`crate::pdf`] (fonts, images, imported ads).

/// zlib level of the bulky streams (page content streams, image samples and masks, imported
/// ad content): level 1, zlib-rs's quick strategy — 11 % fewer instructions for the whole
/// sample build than miniz_oxide's level 1, for a 7 % larger file (and level 2 costs more than
/// miniz_oxide's level 1).
pub const DEFLATE_FAST: u8 = 1;

/// zlib level of the few small streams written once per file (font programs, ToUnicode
/// maps, ICC profiles), where the smaller output costs next to nothing.
pub const DEFLATE_SMALL: u8 = 6;

/// Compresses a bulky stream (zlib, level [`DEFLATE_FAST`]; deterministic: the same input
/// always gives the same bytes).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    zlib(data, DEFLATE_FAST)
}

/// Compresses one of the few small per-file streams (zlib, level [`DEFLATE_SMALL`];
/// deterministic).
pub fn deflate_small(data: &[u8]) -> Vec<u8> {
    zlib(data, DEFLATE_SMALL)
}

// zlib-rs (through flate2) compresses at level 1 several times faster than miniz_oxide,
// with the same determinism: one library version, one output for one input.
fn zlib(data: &[u8], level: u8) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    thread_local! {
        // One compressor per level and thread, reset between streams: setting one up
        // clears its hash tables, which costs as much as compressing a small page. A reset
        // compressor writes exactly what a new one would.
        static COMPRESSORS: std::cell::RefCell<Vec<(u8, Compress)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with_borrow_mut(|compressors| {
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                compressors.push((level, Compress::new(Compression::new(level.into()), true)));
                compressors.len() - 1
            }
        };
        let z = &mut compressors[at].1;
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 3 + 64);
        // A compressor used as here never fails (errors are for misuse of a stream).
        let _ = compress_into(z, data, &mut out, FlushCompress::Finish);
        out
    })
}

/// Compresses all of `data` onto `out` with `flush`, growing `out` as needed: with `Finish`,
/// until the stream ends; else until the compressor holds nothing back for want of room.
fn compress_into(
    z: &mut flate2::Compress,
    data: &[u8],
    out: &mut Vec<u8>,
    flush: flate2::FlushCompress,
) -> Result<(), flate2::CompressError> {
    use flate2::{FlushCompress, Status};
    let start = z.total_in();
    loop {
        let read = (z.total_in() - start) as usize;
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(64));
        }
        let status = z.compress_vec(&data[read..], out, flush)?;
        let done = (z.total_in() - start) as usize == data.len();
        match flush {
            FlushCompress::Finish if status == Status::StreamEnd => return Ok(()),
            FlushCompress::Finish => {}
            _ if done && out.len() < out.capacity() => return Ok(()),
            _ => {}
        }
    }
}

/// A zlib stream compressed as its data comes (level [`DEFLATE_FAST`]; deterministic: the
/// same data in the same pieces always gives the same bytes), for data too big to gather
/// first, such as a decoded image's rows.
pub struct ZlibWriter {
    compress: flate2::Compress,
    out: Vec<u8>,
    // The first error, after which nothing more is taken.
    failed: Option<flate2::CompressError>,
}

impl ZlibWriter {
    /// An empty stream; `expected` is about how many bytes will be written to it.
    pub fn new(expected: usize) -> ZlibWriter {
        ZlibWriter {
            compress: flate2::Compress::new(flate2::Compression::new(DEFLATE_FAST.into()), true),
            out: Vec::with_capacity(expected / 8 + 64),
            failed: None,
        }
    }

    /// Compresses `data` onto the stream.
    pub fn write(&mut self, data: &[u8]) {
        self.run(data, flate2::FlushCompress::None);
    }

    /// The finished stream, or the compressor's error (which a stream used only through
    /// `write` and `finish` never meets: it is not embedded cut short all the same).
    pub fn finish(mut self) -> Result<Vec<u8>, flate2::CompressError> {
        self.run(&[], flate2::FlushCompress::Finish);
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }

    fn run(&mut self, data: &[u8], flush: flate2::FlushCompress) {
        if self.failed.is_none() {
            self.failed = compress_into(&mut self.compress, data, &mut self.out, flush).err();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    #[test]
    fn a_reused_compressor_writes_what_a_new_one_writes() {
        let data: Vec<u8> = (0..200_000u32)
            .map(|i| ((i * 7919) % 251) as u8 ^ (i / 1000) as u8)
            .collect();
        for level in [super::DEFLATE_FAST, super::DEFLATE_SMALL] {
            for len in [0usize, 10, 1000, 200_000] {
                let d = data[..len].to_vec();
                // A new thread has no compressor yet.
                let fresh = std::thread::spawn(move || super::zlib(&d, level))
                    .join()
                    .unwrap();
                let _ = super::zlib(&data[..1234], level);
                let reused = super::zlib(&data[..len], level);
                assert_eq!(fresh, reused, "level {level}, {len} bytes");
                let mut back = Vec::new();
                flate2::read::ZlibDecoder::new(reused.as_slice())
                    .read_to_end(&mut back)
                    .unwrap();
                assert_eq!(back, &data[..len]);
            }
        }
    }

    // A stream written in pieces — rows of every size, empty ones, more than its expected
    // size — inflates to the pieces joined.
    #[test]
    fn a_stream_written_in_pieces_inflates_to_them_joined() {
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| ((i * 31) % 253) as u8 ^ (i / 777) as u8)
            .collect();
        for (expected, row) in [(0usize, 1usize), (10, 7), (300_000, 4096), (64, 100_000)] {
            let mut z = super::ZlibWriter::new(expected);
            z.write(&[]);
            for piece in data.chunks(row) {
                z.write(piece);
            }
            let out = z.finish().expect("compressed");
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(out.as_slice())
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, data, "rows of {row}");
        }
        let empty = super::ZlibWriter::new(0).finish().expect("compressed");
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(empty.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert!(back.is_empty());
    }
}
