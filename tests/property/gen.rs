//! The random editions of `tests/property.rs`: a small PRNG and generators of articles,
//! layouts and editions.

use crate::common::project;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// SplitMix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }
    fn real(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (self.next() % 10_000) as f64 / 10_000.0 * (hi - lo)
    }
}

const SYLLABLES: &[&str] = &[
    "jeugd", "zorg", "kind", "ver", "ge", "be", "huis", "werk", "wijk", "team", "over", "hulp",
    "ouder", "school", "plan", "straat", "raad", "gemeente", "beleid", "onder", "zoek", "aan",
    "pak", "net", "veilig", "heid", "lijn", "spel", "dag", "bouw", "ste", "nen", "ing", "lo",
];

/// A word: mostly short, sometimes a long compound, a hyphenated compound or a 40-letter
/// string that hyphenation patterns cannot break well.
fn word(rng: &mut Rng) -> String {
    match rng.range(0, 99) {
        0..=1 => (0..40)
            .map(|_| *rng.pick(b"bcdfghjklmnpqrstvwxz") as char)
            .collect(),
        2..=6 => (0..rng.range(5, 8)).map(|_| *rng.pick(SYLLABLES)).collect(),
        // Prefixes no syllable starts with: `e-zorg` cannot be confused with a hyphenated
        // `ezorg`, which the generator never makes.
        7..=8 => format!("{}-{}", rng.pick(&["e", "x"]), word_plain(rng)),
        _ => word_plain(rng),
    }
}

fn word_plain(rng: &mut Rng) -> String {
    (0..rng.range(1, 3)).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<String> = (0..words.max(1)).map(|_| word(rng)).collect();
    if let Some(first) = s.first_mut() {
        let mut c = first.chars();
        *first = c
            .next()
            .map(|h| h.to_uppercase().chain(c).collect())
            .unwrap_or_default();
    }
    format!("{}.", s.join(" "))
}

fn sentence_in(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    sentence(rng, n)
}

fn paragraph(rng: &mut Rng, max_words: usize) -> String {
    let mut left = rng.range(1, max_words);
    let mut out = Vec::new();
    while left > 0 {
        let n = rng.range(1, 14).min(left);
        out.push(sentence(rng, n));
        left -= n;
    }
    out.join(" ")
}

const PHOTOS: &[&str] = &[
    "assets/photos/kite.jpg",
    "assets/photos/rocket.jpg",
    "assets/photos/coffee.png",
    "assets/photos/path.jpg",
    "assets/photos/grace_hopper.jpg",
];

fn article(rng: &mut Rng, id: &str) -> serde_json::Value {
    use serde_json::json;
    let mut body = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 10) {
        let block = match rng.range(0, 99) {
            0..=49 => {
                let max = if rng.chance(15) { 200 } else { 45 };
                let p = paragraph(rng, max);
                paragraphs.push(p.clone());
                json!({ "type": "paragraph", "text": p })
            }
            50..=59 => json!({ "type": "crosshead", "text": sentence_in(rng, 1, 5) }),
            60..=69 => {
                // Pull quotes repeat a sentence of the text, as they do in print.
                let text = match paragraphs.last() {
                    Some(p) if rng.chance(70) => p.split(". ").next().unwrap_or(p).to_string(),
                    _ => sentence_in(rng, 3, 30),
                };
                json!({ "type": "pullquote", "text": text,
                        "attribution": rng.chance(50).then(|| word_plain(rng)) })
            }
            70..=77 => json!({ "type": "image", "file": rng.pick(PHOTOS),
                               "caption": rng.chance(80).then(|| sentence_in(rng, 2, 25)),
                               "credit": rng.chance(50).then(|| word_plain(rng)) }),
            78..=85 => json!({ "type": "box", "title": rng.chance(70).then(|| sentence(rng, 3)),
                               "paragraphs": (0..rng.range(1, 3)).map(|_| paragraph(rng, 50)).collect::<Vec<_>>() }),
            86..=93 => json!({ "type": "list",
                               "items": (0..rng.range(1, 6)).map(|_| sentence_in(rng, 1, 15)).collect::<Vec<_>>() }),
            _ => json!({ "type": "caption", "text": sentence_in(rng, 1, 12) }),
        };
        body.push(block);
    }
    json!({
        "id": id,
        "section": "Rubriek",
        "kicker": rng.chance(30).then(|| word_plain(rng)),
        "headline": sentence_in(rng, 1, 8),
        "standfirst": rng.chance(50).then(|| paragraph(rng, 40)),
        "byline": rng.chance(40).then(|| format!("{} {}", word_plain(rng), word_plain(rng))),
        "lead_image": rng.chance(40).then(|| json!({ "file": rng.pick(PHOTOS),
            "caption": rng.chance(60).then(|| sentence(rng, 8)), "credit": null })),
        "body": body,
    })
}

/// The sample layout with random page size, margins and columns; slots scaled to fit.
fn layout(rng: &mut Rng) -> String {
    let base = fs::read_to_string(project().join("layouts/magazine-a4.toml")).unwrap();
    let mut t: toml::Table = base.parse().unwrap();
    let (w, h) = (rng.real(120.0, 230.0), rng.real(160.0, 320.0));
    let columns = rng.range(2, 4);
    let gutter = rng.real(3.0, 6.0);
    // Margins as large as leave each column at least 22 mm.
    let room = w - columns as f64 * 22.0 - (columns - 1) as f64 * gutter;
    let side = rng.real(8.0, (room / 2.0).max(8.5));
    let (top, bottom) = (rng.real(10.0, h * 0.2), rng.real(10.0, h * 0.2));
    let set = |t: &mut toml::Table, table: &str, key: &str, v: toml::Value| {
        t[table].as_table_mut().unwrap().insert(key.into(), v);
    };
    set(&mut t, "page", "width", w.into());
    set(&mut t, "page", "height", h.into());
    set(&mut t, "margins", "top", top.into());
    set(&mut t, "margins", "bottom", bottom.into());
    set(&mut t, "margins", "inside", side.into());
    set(&mut t, "margins", "outside", side.into());
    set(&mut t, "columns", "count", (columns as i64).into());
    set(&mut t, "columns", "gutter", gutter.into());
    let (tw, th) = (w - 2.0 * side, h - top - bottom);
    let slots = t["slots"].as_table_mut().unwrap();
    for (name, (sw, sh)) in [
        ("full", (w, h)),
        ("half", (tw, th * 0.45)),
        ("quarter", (tw / 2.0 - 2.0, th * 0.45)),
        ("strip", (tw, th * 0.2)),
    ] {
        let slot = slots[name].as_table_mut().unwrap();
        slot.insert("width".into(), sw.into());
        slot.insert("height".into(), sh.into());
    }
    toml::to_string(&t).unwrap()
}

/// Writes edition `seed` into the project `root`; returns its folder.
pub fn edition(root: &Path, seed: u64) -> PathBuf {
    let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x5eed);
    let name = format!("p{seed}");
    fs::write(root.join(format!("layouts/{name}.toml")), layout(&mut rng)).unwrap();
    let dir = root.join("editions").join(&name);
    fs::create_dir_all(dir.join("articles")).unwrap();
    let ads = [
        ("nidos", "half", "assets/ads/nidos.pdf"),
        ("nidosjpg", "half", "assets/ads/nidos.jpg"),
        ("ledencongres", "quarter", "assets/ads/ledencongres.png"),
        ("strip", "strip", "assets/ads/nidos.jpg"),
        ("etesian", "full", "assets/ads/etesian.pdf"),
    ];
    let mut flatplan = Vec::new();
    let mut booked = BTreeSet::new();
    for i in 0..rng.range(1, 3) {
        let id = format!("a{i}");
        let json = serde_json::to_string_pretty(&article(&mut rng, &id)).unwrap();
        fs::write(dir.join(format!("articles/{id}.json")), json).unwrap();
        let mut entry = format!("{{ article = \"{id}\"");
        if rng.chance(40) {
            let (ad, _, _) = ads[rng.range(0, 3)];
            if booked.insert(ad) {
                entry.push_str(&format!(", ads = [\"{ad}\"]"));
            }
        }
        if rng.chance(50) {
            entry.push_str(&format!(", pages = {}", rng.range(1, 3)));
        }
        entry.push_str(" }");
        flatplan.push(entry);
        if rng.chance(15) && booked.insert("etesian") {
            flatplan.push("{ ad = \"etesian\" }".into());
        }
    }
    let mut toml = format!(
        "title = \"Testblad\"\nissue = \"Proef\"\nlanguage = \"nl\"\nlayout = \"{name}\"\nflatplan = [\n  {}\n]\n",
        flatplan.join(",\n  ")
    );
    for (id, size, file) in ads.iter().filter(|a| booked.contains(a.0)) {
        toml.push_str(&format!(
            "\n[ads.{id}]\nadvertiser = \"X\"\nsize = \"{size}\"\nfile = \"{file}\"\n"
        ));
    }
    fs::write(dir.join("edition.toml"), toml).unwrap();
    dir
}
