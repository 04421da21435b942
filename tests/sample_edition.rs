//! The sample edition end to end: every word of every article is in the PDF, in order.

mod common;

use common::{fold, lopdf_text, poppler_words, sample, tools};
use presswork::document::PageRole;
use presswork::model::Block;

/// Checks that `expected` occurs in `tokens` as a subsequence, joining a token that ends in
/// a hyphen with the next one when that makes the expected word (words the typesetter
/// hyphenated at a line end). Returns the first word not found, with its index.
fn missing_word(expected: &[String], tokens: &[String]) -> Option<(usize, String)> {
    let mut t = 0;
    'words: for (i, word) in expected.iter().enumerate() {
        let want = fold(word);
        while t < tokens.len() {
            let tok = fold(&tokens[t]);
            if tok == want {
                t += 1;
                continue 'words;
            }
            // A word broken over lines without a hyphen: an address at `/`, `.` or `@`.
            if want.starts_with(&tok) && tok.len() < want.len() {
                let mut joined = tok.clone();
                let mut j = t + 1;
                while j < tokens.len() && j <= t + 4 && want.starts_with(&joined) {
                    joined.push_str(&fold(&tokens[j]));
                    if joined == want {
                        t = j + 1;
                        continue 'words;
                    }
                    j += 1;
                }
            }
            // A word broken over lines: "jeugd-" + "zorg" (or a compound "e-" + "learning").
            if let Some(stem) = tok.strip_suffix('-') {
                let mut joined = stem.to_string();
                let mut j = t + 1;
                while j < tokens.len() && j <= t + 4 {
                    let next = fold(&tokens[j]);
                    let candidates = [format!("{joined}{next}"), format!("{joined}-{next}")];
                    if candidates.contains(&want) {
                        t = j + 1;
                        continue 'words;
                    }
                    match next.strip_suffix('-') {
                        Some(s) if want.starts_with(&format!("{joined}{s}")) => {
                            joined = format!("{joined}{s}")
                        }
                        Some(s) if want.starts_with(&format!("{joined}-{s}")) => {
                            joined = format!("{joined}-{s}")
                        }
                        _ => break,
                    }
                    j += 1;
                }
            }
            t += 1;
        }
        return Some((i, word.clone()));
    }
    None
}

/// Whether `word` splits into two or more pieces, each found (a piece before a break may
/// carry an added hyphen).
fn pieces_found(word: &str, found: &std::collections::HashMap<String, usize>) -> bool {
    let chars: Vec<char> = word.chars().collect();
    // reach[i]: the first i characters split into found pieces.
    let mut reach = vec![false; chars.len() + 1];
    reach[0] = true;
    for i in 0..chars.len() {
        if !reach[i] {
            continue;
        }
        for j in i + 1..=chars.len() {
            if i == 0 && j == chars.len() {
                continue;
            }
            let piece: String = chars[i..j].iter().collect();
            let last = j == chars.len();
            if found.contains_key(&piece) || (!last && found.contains_key(&format!("{piece}-"))) {
                reach[j] = true;
            }
        }
    }
    reach[chars.len()]
}

#[test]
fn every_word_of_every_article_is_in_the_pdf_in_reading_order() {
    if !tools(&["pdftotext"]) {
        return;
    }
    let s = sample();
    let doc = &s.built.paginated.document;
    assert_eq!(s.edition.articles.len(), 12);
    for (id, article) in &s.edition.articles {
        let pages = doc.article_pages(id);
        assert!(!pages.is_empty(), "article {id} has no pages");
        let (first, last) = (pages[0], *pages.last().unwrap());
        // Order is checked on the content streams' text (lopdf, through ToUnicode) ...
        let text = lopdf_text(&s.pdf, first, last);
        let tokens: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        // ... and, independently, poppler must find every word on the article's pages.
        let mut found: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for t in poppler_words(&s.pdf, first, last) {
            *found.entry(fold(&t)).or_default() += 1;
        }
        // Pull quotes float beside the text they repeat, and a full-page photo's caption
        // stands on a page of its own while the text runs on around it: their words must be
        // there, in their own order; everything else must be there in reading order.
        let out_of_flow = |b: &Block| {
            matches!(
                b,
                Block::Pullquote { .. }
                    | Block::Image {
                        full_page: true,
                        ..
                    }
            )
        };
        // A pull quote left out by rule (reported) repeats words of the body: not looked for.
        let left_out: Vec<&str> = s
            .built
            .paginated
            .left_out
            .iter()
            .filter(|o| o.article == *id)
            .map(|o| o.part.as_str())
            .collect();
        let mut article = article.clone();
        let kept: Vec<Block> = article
            .body
            .iter()
            .enumerate()
            .filter(|(i, _)| !left_out.contains(&format!("body[{i}]").as_str()))
            .map(|(_, b)| b.clone())
            .collect();
        article.body = kept;
        let article = &article;
        let mut flowing = article.clone();
        flowing.body.retain(|b| !out_of_flow(b));
        let mut sequences = vec![flowing.words()];
        for block in &article.body {
            if out_of_flow(block) {
                let mut quote = article.clone();
                quote.body = vec![block.clone()];
                quote.kicker = None;
                quote.headline = None;
                quote.subheadline = None;
                quote.standfirst = None;
                quote.byline = None;
                quote.lead_image = None;
                sequences.push(quote.words());
            }
        }
        for word in article.words() {
            let w = fold(&word);
            let whole = found.get(&w).copied().unwrap_or(0) > 0;
            // A word broken over lines is found as its pieces (hyphenated, or an address broken
            // at `/`, `.` or `@`): accept any split of it into words poppler found.
            let split = pieces_found(&w, &found);
            assert!(
                whole || split,
                "article {id}: poppler does not find “{word}” on pages {pages:?}"
            );
        }
        for words in sequences {
            if let Some((i, word)) = missing_word(&words, &tokens) {
                let context = words[i.saturating_sub(5)..(i + 5).min(words.len())].join(" ");
                panic!("article {id}: word {i} “{word}” not found in order on pages {pages:?}; context: …{context}…");
            }
        }
    }
}

#[test]
fn nothing_is_overset_in_the_sample() {
    let s = sample();
    assert!(
        s.built.paginated.overset.is_empty(),
        "{:?}",
        s.built.paginated.overset
    );
}

#[test]
fn the_subsequence_check_can_fail() {
    let tokens: Vec<String> = ["de", "jeugd-", "zorg", "is"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let ok: Vec<String> = ["de", "jeugdzorg", "is"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(missing_word(&ok, &tokens), None);
    let wrong_order: Vec<String> = ["is", "de"].iter().map(|s| s.to_string()).collect();
    assert_eq!(missing_word(&wrong_order, &tokens), Some((1, "de".into())));
    let absent: Vec<String> = ["de", "kind"].iter().map(|s| s.to_string()).collect();
    assert_eq!(missing_word(&absent, &tokens), Some((1, "kind".into())));
}

#[test]
fn the_cover_lines_and_masthead_are_on_the_cover() {
    let s = sample();
    let cover = s
        .edition
        .edition
        .cover
        .as_ref()
        .expect("the sample has a cover");
    let number = s
        .built
        .paginated
        .document
        .pages
        .iter()
        .find(|p| p.role == PageRole::Cover)
        .expect("cover page")
        .number;
    let tokens: Vec<String> = lopdf_text(&s.pdf, number, number)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut expected: Vec<String> = s
        .edition
        .edition
        .title
        .split_whitespace()
        .map(str::to_string)
        .collect();
    expected.extend(
        s.edition
            .edition
            .issue
            .split_whitespace()
            .map(str::to_string),
    );
    for line in &cover.lines {
        expected.extend(line.split_whitespace().map(str::to_string));
    }
    assert!(expected.len() > 8);
    if let Some((i, word)) = missing_word(&expected, &tokens) {
        panic!("cover: word {i} “{word}” not found in order; cover text: {tokens:?}");
    }
}
