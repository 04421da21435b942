//! Dutch hyphenation: every break the typesetter makes must be a correct one.
//!
//! Each entry is a word with *all* its correct breaks marked; the test fails if the typesetter
//! breaks anywhere else (missing a correct break is allowed).

use presswork::model::Language;
use presswork::text::fonts::FontBook;
use presswork::text::paragraph::Typesetter;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

const WORDS: &[&str] = &[
    // Compounds of the sample and its subject.
    "jeugd-zorg",
    "jeugd-zorg-or-ga-ni-sa-ties",
    "jeugd-zorg-or-ga-ni-sa-tie",
    "in-for-ma-tie-be-vei-li-ging",
    "jeugd-be-scher-ming",
    "uit-huis-plaat-sing",
    "uit-huis-plaat-sin-gen",
    "prak-tijk-bun-del",
    "jeugd-pro-fes-si-o-nals",
    "jeugd-pro-fes-si-o-nal",
    "jeugd-hulp",
    "jeugd-hulp-ver-le-ning",
    "jeugd-re-clas-se-ring",
    "ge-zins-voogd",
    "ge-zins-voog-den",
    "pleeg-zorg",
    "pleeg-ge-zin",
    "pleeg-ge-zin-nen",
    "pleeg-ou-ders",
    "hulp-ver-le-ning",
    "hulp-ver-le-ners",
    "hulp-ver-le-nings-tra-jec-ten",
    "hulp-ver-le-nings-tra-ject",
    "zorg-aan-bie-ders",
    "on-der-wijs-in-stel-lin-gen",
    "ver-ant-woor-de-lijk-he-den",
    "ver-ant-woor-de-lijk-heid",
    "kwa-li-teits-ka-der",
    "pro-ject-lei-der",
    "ge-meen-ten",
    "sa-men-wer-king",
    "sa-men-wer-kings-ver-band",
    "ge-ge-vens-be-scher-ming",
    "per-soons-ge-ge-vens",
    "toe-stem-ming",
    "be-roeps-ge-heim",
    "kin-der-mis-han-de-ling",
    "vei-lig-heids-plan",
    "vei-lig-heids-be-oor-de-ling",
    "ge-zins-huis",
    "ge-zins-hui-zen",
    "wacht-lijs-ten",
    "trans-for-ma-tie",
    "de-cen-tra-li-sa-tie",
    "ou-der-be-trok-ken-heid",
    "er-va-rings-des-kun-di-gen",
    "cli-ën-ten-raad",
    "me-de-wer-kers",
    "be-leids-me-de-wer-ker",
    "ge-drags-we-ten-schap-pers",
    "or-tho-pe-da-goog",
    "kin-der-rech-ter",
    "raads-on-der-zoek",
    "on-der-toe-zicht-stel-ling",
    "toe-zicht-hou-der",
    "ver-slag-leg-ging",
    "dos-sier-vor-ming",
    "in-for-ma-tie-de-ling",
    "ge-ge-vens-uit-wis-se-ling",
    "di-gi-ta-li-se-ring",
    "be-vei-li-ging",
    "ver-sleu-te-ling",
    "da-ta-lek-ken",
    "or-ga-ni-sa-ties",
    "pro-fes-si-o-nals",
    "op-lei-din-gen",
    "leer-lin-gen",
    "kin-de-ren",
    "jon-ge-ren",
    "jong-vol-was-se-nen",
    "ge-zin-nen",
    "ont-wik-ke-lin-gen",
    "be-ge-lei-ding",
    "be-han-de-ling",
    "on-der-zoe-kers",
    "re-sul-ta-ten",
    "er-va-rin-gen",
    "af-spra-ken",
    "ver-trou-wen",
    "vei-lig-heid",
    "be-trok-ken-heid",
    "fi-nan-cie-ring",
    "be-zui-ni-gin-gen",
    "aan-be-ste-ding",
    "uit-voe-rings-prak-tijk",
    "wet-ge-ving",
    "kin-der-be-scher-mings-maat-re-gel",
    "school-ver-zuim",
    "jeugd-ge-zond-heids-zorg",
    "con-sul-ta-tie-bu-reau",
    "huis-art-sen",
    "prak-tijk-on-der-steu-ner",
    "ver-sla-vings-zorg",
    "op-voe-dings-on-der-steu-ning",
    "ge-zins-be-ge-lei-ding",
    "dag-be-ste-ding",
    "cri-sis-op-vang",
    "vroeg-sig-na-le-ring",
    "zorg-co-ör-di-na-tor",
    "uit-gangs-pun-ten",
    "hand-rei-king",
    "ke-ten-part-ners",
    "net-werk-or-ga-ni-sa-tie",
    "zorg-or-ga-ni-sa-tie",
    "zorg-or-ga-ni-sa-ties",
    "jeugd-zorg-in-stel-lin-gen",
    "jeugd-zorg-aan-bie-ders",
    "jeugd-zorg-me-de-wer-ker",
    "ge-zins-voog-dij-in-stel-ling",
    "jeugd-be-scher-mings-ta-fel",
    "kin-der-op-vang",
    "leer-om-ge-ving",
    "in-for-ma-tie-over-dracht",
    "be-vei-li-gings-in-ci-den-ten",
    "zorg-ver-ze-ke-raar",
    "jeug-di-gen",
    "ge-drags-pro-ble-men",
    "thuis-si-tu-a-tie",
    "zorg-toe-wij-zing",
    "be-schik-kin-gen",
    "zorg-con-ti-nu-ï-teit",
    "jeugd-hulp-aan-bie-ders",
    "zorg-over-leg",
    "zorg-over-dracht",
    "zorg-on-der-steu-ning",
    "jeugd-zorg-on-der-zoek",
    "be-ge-lei-dings-tra-jec-ten",
    "on-der-steu-nings-tra-ject",
    "op-lei-dings-tra-ject",
    "be-han-de-lings-tra-ject",
    "ver-be-te-rings-tra-ject",
    "kwa-li-teits-stan-daar-den",
    "op-voe-dings-stijl",
    "toe-stem-mings-ver-kla-ring",
    "ver-wer-kers-over-een-komst",
    "be-waar-ter-mij-nen",
    // Long words of the sample, reviewed by eye (patterns and exceptions together).
    "stress-fac-to-ren",
    "re-gie-ma-na-ger",
    "groeps-cho-re-o-gra-fieën",
    "game-chan-gers",
    "echt-schei-dings-dy-na-miek",
    "be-wust-wor-dings-cam-pag-nes",
    "on-der-toe-zicht-stel-ling",
    "te-vre-den-heids-on-der-zoek",
    "ge-drags-we-ten-schap-per",
    "leer-ma-na-ge-ment-sys-teem",
    "ge-han-di-cap-ten-zorg",
    "ver-sla-vings-pro-ble-men",
    "ou-der-schaps-plan",
    "pleeg-ou-der-voog-dij",
    "jeugd-zorg-pro-fes-si-o-nals",
    "in-for-ma-tie-voor-zie-ning",
    "ver-war-mings-mon-teur",
    "don-der-dag-och-tend",
    // The digraph as one character breaks as the two letters do.
    "te-ge-lĳ-ker-tĳd",
    "ver-ant-woor-de-lĳk-heid",
    "prak-tĳk-bun-del",
];

fn typesetter() -> Typesetter {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let fonts = FontBook::load_dir(&dir).expect("fonts");
    Typesetter::new(Arc::new(fonts))
}

/// The word without marks, and the character positions of its breaks.
fn parse(marked: &str) -> (String, BTreeSet<usize>) {
    let mut word = String::new();
    let mut breaks = BTreeSet::new();
    let mut n = 0;
    for c in marked.chars() {
        if c == '-' || c == '|' {
            breaks.insert(n);
        } else {
            word.push(c);
            n += 1;
        }
    }
    (word, breaks)
}

#[test]
fn every_dutch_break_is_a_correct_one() {
    assert!(WORDS.len() >= 100);
    let t = typesetter();
    let mut wrong = Vec::new();
    let mut found = 0;
    for marked in WORDS {
        let (word, correct) = parse(marked);
        let shown = t.show_hyphenation(&word, Language::Nl);
        let (back, got) = parse(&shown);
        assert_eq!(back, word);
        found += got.len();
        if !got.is_subset(&correct) {
            wrong.push(format!("{word}: got {shown}, correct {marked}"));
        }
        // Capitalised at the start of a sentence, the word breaks the same way.
        let mut rest = word.chars();
        let first: String = rest
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        let capital = format!("{first}{}", rest.as_str());
        assert_eq!(parse(&t.show_hyphenation(&capital, Language::Nl)).1, got);
    }
    assert!(wrong.is_empty(), "wrong breaks:\n{}", wrong.join("\n"));
    // The patterns find most breaks too (not just none at all).
    assert!(found > 400, "only {found} breaks found");
}

#[test]
fn the_shipped_exception_list_is_reproduced_exactly() {
    let t = typesetter();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/hyphenation-nl.txt");
    let list = std::fs::read_to_string(&path).expect("exception list");
    let mut n = 0;
    for line in list.lines() {
        let entry = line.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        n += 1;
        let (word, _) = parse(entry);
        assert_eq!(t.show_hyphenation(&word, Language::Nl), entry);
    }
    assert!(n >= 30, "only {n} exceptions");
}

#[test]
fn punctuation_and_special_words() {
    let t = typesetter();
    assert_eq!(
        t.show_hyphenation("“jeugdzorgorganisaties,”", Language::Nl),
        "“jeugd-zorg-or-ga-ni-sa-ties,”"
    );
    assert_eq!(
        t.show_hyphenation("e-learning", Language::Nl),
        "e-|learning"
    );
    assert_eq!(
        t.show_hyphenation("Midden-Nederland", Language::Nl),
        "Mid-den-|Ne-der-land"
    );
    for whole in ["kind", "2024", "covid19", "JEUGDZORG", "www.jeugdzorg.nl"] {
        assert!(
            !t.show_hyphenation(whole, Language::Nl).contains('-'),
            "{whole}"
        );
    }
}

#[test]
fn a_project_list_overrides_and_loads_from_a_file() {
    let dir = std::env::temp_dir().join(format!("presswork-hyph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("extra.txt");
    std::fs::write(&file, "# test\nor-ganisatie\n").expect("write");
    let t = typesetter()
        .load_exceptions_file(Language::Nl, &file)
        .expect("loads");
    assert_eq!(
        t.show_hyphenation("organisatie", Language::Nl),
        "or-ganisatie"
    );
    assert!(typesetter()
        .load_exceptions_file(Language::Nl, &dir.join("missing.txt"))
        .is_err());
    std::fs::remove_dir_all(&dir).ok();
    let t = typesetter().with_exceptions(Language::En, "ty-pe-set-ting");
    assert_eq!(
        t.show_hyphenation("typesetting", Language::En),
        "ty-pe-set-ting"
    );
}
