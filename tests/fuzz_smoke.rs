//! Smoke fuzzing on stable Rust: the `cargo fuzz` targets' entry points
//! (`presswork::load::fuzz`), fed a few thousand deterministic mutations of the seed corpus
//! in `fuzz/seeds/`, must never panic. Inputs that once crashed live in
//! `tests/fuzz-regressions/<target>/` and run first. `PRESSWORK_FUZZ_ITERS=n` changes the
//! number of mutations per target (default 2000).

use presswork::load::fuzz;
use std::fs;
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file of `dir`, sorted by name; none if it does not exist.
fn files(dir: &Path) -> Vec<Vec<u8>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths.iter().map(|p| fs::read(p).unwrap()).collect()
}

/// xorshift64*: deterministic, no crate needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the formats under test.
const INTERESTING: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"=",
    b"\n",
    b"\\u0000",
    b"null",
    b"-1",
    b"1e999",
    b"99999999999999999999",
    b"<<",
    b">>",
    b" 0 R",
    b"obj",
    b"endobj",
    b"stream",
    b"endstream",
    b"/Length 999999",
    b"/Kids [",
    b"/Parent 1 0 R",
    b"xref",
    b"trailer",
    b"\xff\xd8\xff\xc0",
    b"IHDR",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\xc3\x28",
    b"[[[[[[[[[[[[[[[[",
    b"nan",
    b"inf",
    b"\"\"\"",
    b"'''",
    b"#",
];

/// One random change to `data`, sometimes splicing in part of `other`.
fn mutate(rng: &mut Rng, data: &mut Vec<u8>, other: &[u8]) {
    let len = data.len();
    match rng.below(8) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = rng.next() as u8;
        }
        2 if len > 0 => {
            let at = rng.below(len);
            let n = rng.below((len - at).min(64)) + 1;
            data.drain(at..at + n);
        }
        3 => {
            let at = rng.below(len + 1);
            let bytes = INTERESTING[rng.below(INTERESTING.len())];
            data.splice(at..at, bytes.iter().copied());
        }
        4 if len > 0 => {
            // Repeat a slice: nesting, long runs.
            let at = rng.below(len);
            let n = rng.below((len - at).min(32)) + 1;
            let piece: Vec<u8> = data[at..at + n].to_vec();
            for _ in 0..rng.below(8) + 1 {
                data.splice(at..at, piece.iter().copied());
            }
        }
        5 if len > 0 => data.truncate(rng.below(len)),
        6 if !other.is_empty() => {
            let from = rng.below(other.len());
            let n = rng.below((other.len() - from).min(256)) + 1;
            let at = rng.below(len + 1);
            data.splice(at..at, other[from..from + n].iter().copied());
        }
        _ => {
            let at = rng.below(len + 1);
            let n = rng.below(16) + 1;
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            data.splice(at..at, bytes);
        }
    }
}

fn iterations() -> usize {
    std::env::var("PRESSWORK_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000)
}

/// Runs `target` on the regressions, the seeds, and `iterations` mutants of the seeds;
/// returns how many inputs it accepted (a sanity check that mutants are not all rejected).
fn smoke(name: &str, target: fn(&[u8]) -> bool, iterations: usize) -> usize {
    let regressions = files(&manifest().join("tests/fuzz-regressions").join(name));
    for input in &regressions {
        target(input);
    }
    let seeds = files(&manifest().join("fuzz/seeds").join(name));
    assert!(!seeds.is_empty(), "no seeds for {name}");
    let mut accepted = seeds.iter().filter(|s| target(s)).count();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
    for i in 0..iterations {
        let mut data = seeds[i % seeds.len()].clone();
        let other = &seeds[rng.below(seeds.len())];
        for _ in 0..rng.below(4) + 1 {
            mutate(&mut rng, &mut data, other);
        }
        if target(&data) {
            accepted += 1;
        }
    }
    accepted
}

#[test]
fn article_parser_survives_mutations() {
    let ok = smoke("article", fuzz::article_json, iterations());
    assert!(ok >= 12, "the seeds themselves are valid articles: {ok}");
}

#[test]
fn edition_parser_survives_mutations() {
    smoke("edition", fuzz::edition_toml, iterations());
}

#[test]
fn layout_parser_survives_mutations() {
    let ok = smoke("layout", fuzz::layout_toml, iterations());
    assert!(ok >= 1, "the sample layout is valid");
}

#[test]
fn ad_pdf_importer_survives_mutations() {
    let ok = smoke("ad_pdf", fuzz::ad_pdf, iterations() / 2);
    assert!(ok >= 4, "the sample ads are valid PDFs: {ok}");
}

#[test]
fn image_decoder_survives_mutations() {
    let ok = smoke("image", fuzz::image, iterations());
    assert!(ok >= 3, "the seeds are valid images: {ok}");
}

#[test]
fn hostile_nesting_is_refused_without_overflowing_the_stack() {
    // A million brackets: refused by the pre-parse check, never handed to the parser.
    let mut pdf = b"%PDF-1.4\n1 0 obj\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'[', 1_000_000));
    assert!(!fuzz::pdf_nesting(&pdf, 64));
    assert!(!fuzz::ad_pdf(&pdf));
    // serde_json and toml have recursion limits of their own.
    let json = format!("{{\"id\": {}", "[".repeat(1_000_000));
    assert!(!fuzz::article_json(json.as_bytes()));
    let toml = format!("x = {}", "[".repeat(1_000_000));
    assert!(!fuzz::edition_toml(toml.as_bytes()));
    assert!(!fuzz::layout_toml(toml.as_bytes()));
}
