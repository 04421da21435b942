//! Small helpers: object-number allocation, a stable hash, and calendar dates from Unix time.

use pdf_writer::Ref;

/// Hands out object numbers in order, so the same document always gets the same numbers.
#[derive(Debug, Clone)]
pub struct RefAlloc {
    next: i32,
}

impl Default for RefAlloc {
    fn default() -> Self {
        RefAlloc { next: 1 }
    }
}

impl RefAlloc {
    /// A fresh allocator starting at object 1.
    pub fn new() -> RefAlloc {
        RefAlloc::default()
    }

    /// The next unused reference.
    pub fn next(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }
}

/// 64-bit FNV-1a of `data`, seeded with `seed` (so two seeds give two independent-looking
/// halves of a 128-bit id). Not cryptographic; used for names and ids that must be stable.
pub fn fnv64(data: &[u8], seed: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in data {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A 16-byte digest of `data`: two independently seeded 64-bit lanes, each mixing the data
/// eight bytes at a time (a whole PDF is hashed for its id, so byte-at-a-time FNV was a
/// measurable part of writing). Not cryptographic; the same bytes always give the same id.
pub fn digest16(data: &[u8]) -> Vec<u8> {
    const K: [u64; 2] = [0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f];
    let mut lanes = [0x243f_6a88_85a3_08d3_u64, 0x1319_8a2e_0370_7344_u64];
    let mut words = data.chunks_exact(8);
    for word in words.by_ref() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(word);
        let w = u64::from_le_bytes(bytes);
        for (lane, k) in lanes.iter_mut().zip(K) {
            *lane = (*lane ^ w).wrapping_mul(k).rotate_left(29);
        }
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let w = u64::from_le_bytes(tail) ^ (data.len() as u64).rotate_left(32);
    let mut v = Vec::with_capacity(16);
    for (lane, k) in lanes.iter_mut().zip(K) {
        *lane = (*lane ^ w).wrapping_mul(k);
        // A final avalanche so that every input bit reaches every output bit.
        let mut h = *lane;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        v.extend_from_slice(&h.to_be_bytes());
    }
    v
}

/// [`digest16`] of a large buffer in parallel: of the digests of its 1 MiB pieces (so the
/// result does not depend on the number of threads) and its length.
pub fn digest16_pieces(data: &[u8]) -> Vec<u8> {
    const PIECE: usize = 1 << 20;
    if data.len() <= PIECE {
        return digest16(data);
    }
    use rayon::prelude::*;
    let mut joined: Vec<u8> = data.par_chunks(PIECE).flat_map_iter(digest16).collect();
    joined.extend_from_slice(&(data.len() as u64).to_le_bytes());
    digest16(&joined)
}

/// A UTC calendar date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

impl DateTime {
    /// The UTC date and time of `epoch` seconds since 1970-01-01.
    pub fn from_unix(epoch: i64) -> DateTime {
        let days = epoch.div_euclid(86_400);
        let secs = epoch.rem_euclid(86_400);
        // Civil date from a day count (the era-based algorithm: 400-year eras of 146097 days,
        // years starting in March so the leap day comes last).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        DateTime {
            year,
            month,
            day,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60) as u8,
        }
    }

    /// As a PDF date.
    pub fn to_pdf(self) -> pdf_writer::Date {
        pdf_writer::Date::new(self.year.clamp(0, 9999) as u16)
            .month(self.month)
            .day(self.day)
            .hour(self.hour)
            .minute(self.minute)
            .second(self.second)
            .utc_offset_hour(0)
            .utc_offset_minute(0)
    }

    /// As an XMP (ISO 8601) date.
    pub fn to_iso(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year.clamp(0, 9999),
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_unix_time() {
        assert_eq!(DateTime::from_unix(0).to_iso(), "1970-01-01T00:00:00Z");
        assert_eq!(
            DateTime::from_unix(1_709_210_096).to_iso(),
            "2024-02-29T12:34:56Z"
        );
        assert_eq!(DateTime::from_unix(-1).to_iso(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn refs_count_up() {
        let mut a = RefAlloc::new();
        assert_eq!(a.next(), Ref::new(1));
        assert_eq!(a.next(), Ref::new(2));
    }

    #[test]
    fn digests_are_stable() {
        assert_eq!(digest16(b"abc"), digest16(b"abc"));
        assert_ne!(digest16(b"abc"), digest16(b"abd"));
        assert_eq!(digest16(b"").len(), 16);
        // The length is part of the digest: trailing zero bytes change it.
        assert_ne!(digest16(b"abc"), digest16(b"abc\0"));
        assert_ne!(digest16(&[0u8; 16]), digest16(&[0u8; 17]));
        let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
        assert_eq!(digest16_pieces(b"abc"), digest16(b"abc"));
        assert_eq!(digest16_pieces(&big), digest16_pieces(&big));
        let mut changed = big.clone();
        changed[2_500_000] ^= 1;
        assert_ne!(digest16_pieces(&big), digest16_pieces(&changed));
        assert_ne!(digest16_pieces(&big), digest16_pieces(&big[..2_999_999]));
    }
}
