//! Tests of the Knuth–Plass breaker on synthetic items.
use super::linebreak::*;

/// `n` words of width `w` separated by spaces of 5 (stretch 2.5, shrink 5/3), then the end.
fn words(widths: &[f64]) -> Vec<Item> {
    let mut v = Vec::new();
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 {
            v.push(Item::glue(5.0, 2.5, 5.0 / 3.0));
        }
        v.push(Item::boxed(w));
    }
    v.push(Item::penalty(0.0, INFINITY, false));
    v.push(Item::glue(0.0, 1.0e7, 0.0));
    v.push(Item::penalty(0.0, -INFINITY, false));
    v
}

/// Natural width of the line from item `a` (after a break) to break `b`.
fn natural(items: &[Item], a: usize, b: usize) -> f64 {
    let mut start = a;
    while start < b && items[start].kind != Kind::Box {
        start += 1;
    }
    let mut w: f64 = items[start..b]
        .iter()
        .filter(|i| i.kind != Kind::Penalty)
        .map(|i| i.width)
        .sum();
    if items[b].kind == Kind::Penalty {
        w += items[b].width;
    }
    w
}

#[test]
fn lines_fit_their_widths() {
    let items = words(&[20.0; 40]);
    let breaks = break_lines(&items, &mut |_| 100.0, &Params::default());
    assert!(breaks.len() >= 9);
    let mut from = 0;
    for (i, b) in breaks.iter().enumerate() {
        let w = natural(&items, from, b.position);
        assert!(!b.overfull);
        if i + 1 < breaks.len() {
            assert!(b.ratio >= -1.0 && b.ratio <= 1.0, "{b:?}");
            assert!(w <= 100.0 + 40.0 / 3.0, "line {i}: {w}");
        }
        from = b.position + 1;
    }
    assert_eq!(breaks.last().map(|b| b.position), Some(items.len() - 1));
}

#[test]
fn widths_are_asked_per_line() {
    let items = words(&[20.0; 40]);
    let mut asked = Vec::new();
    let breaks = break_lines(
        &items,
        &mut |n| {
            asked.push(n);
            if n < 3 {
                50.0
            } else {
                150.0
            }
        },
        &Params::default(),
    );
    let mut from = 0;
    for (i, b) in breaks.iter().enumerate().take(breaks.len() - 1) {
        let w = natural(&items, from, b.position);
        let target = if i < 3 { 50.0 } else { 150.0 };
        assert!(w <= target + 20.0 && w >= target - 40.0, "line {i}: {w}");
        from = b.position + 1;
    }
    assert!(asked.contains(&0) && asked.contains(&3));
}

#[test]
fn an_overlong_box_gets_an_overfull_line() {
    let items = words(&[20.0, 20.0, 300.0, 20.0, 20.0]);
    let breaks = break_lines(&items, &mut |_| 100.0, &Params::default());
    assert_eq!(breaks.iter().filter(|b| b.overfull).count(), 1);
}

#[test]
fn hyphen_breaks_are_used_only_when_needed() {
    // Two words that fit only when the second is hyphenated.
    let mut items = vec![
        Item::boxed(60.0),
        Item::glue(5.0, 2.5, 5.0 / 3.0),
        Item::boxed(30.0),
        Item::penalty(4.0, 50.0, true),
        Item::boxed(30.0),
    ];
    items.push(Item::penalty(0.0, INFINITY, false));
    items.push(Item::glue(0.0, 1.0e7, 0.0));
    items.push(Item::penalty(0.0, -INFINITY, false));
    let b = break_lines(&items, &mut |_| 100.0, &Params::default());
    assert_eq!(b.first().map(|b| b.position), Some(3));
    let b = break_lines(&items, &mut |_| 130.0, &Params::default());
    assert_eq!(b.len(), 1);
}

#[test]
fn nothing_in_nothing_out() {
    assert!(break_lines(&[], &mut |_| 100.0, &Params::default()).is_empty());
    let items = words(&[]);
    let b = break_lines(&items, &mut |_| 0.0, &Params::default());
    assert_eq!(b.len(), 1);
}

#[test]
fn buffers_kept_between_paragraphs_change_nothing() {
    let long: Vec<f64> = (0..120).map(|i| 10.0 + (i * 37 % 29) as f64).collect();
    let paragraphs = [
        words(&long),
        words(&[20.0; 40]),
        words(&[95.0, 30.0, 140.0, 12.0]),
    ];
    // Each on a thread of its own, so with buffers never used before.
    let fresh: Vec<Vec<Break>> = paragraphs
        .iter()
        .map(|items| {
            let items = items.clone();
            std::thread::spawn(move || {
                break_lines(&items, &mut |n| 90.0 + n as f64, &Params::default())
            })
            .join()
            .expect("breaker thread")
        })
        .collect();
    // All on this thread, twice over, in turn.
    for _ in 0..2 {
        for (items, expected) in paragraphs.iter().zip(&fresh) {
            assert_eq!(
                &break_lines(items, &mut |n| 90.0 + n as f64, &Params::default()),
                expected
            );
        }
    }
}

// Passing over active breaks whose next line is still too loose must change nothing: on
// paragraphs of random words, hyphenation points, margin hangs and line widths (narrow and
// wide, every pass used), the breaks and their ratios are those of the plain search.
#[test]
fn passing_over_loose_lines_changes_no_break() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut passes = std::collections::BTreeSet::new();
    let passed_before = passed_over();
    for round in 0..300 {
        let mut items = Vec::new();
        for w in 0..(20 + next(200)) {
            if w > 0 {
                let mut glue = Item::glue(4.0 + next(3) as f64, 2.0 + next(3) as f64, 1.5);
                glue.hang = if next(5) == 0 {
                    next(4) as f64 * 0.5
                } else {
                    0.0
                };
                items.push(glue);
            }
            items.push(Item::boxed(8.0 + next(60) as f64));
            if next(3) == 0 {
                items.push(Item::penalty(3.5, 50.0, true));
                items.push(Item::boxed(6.0 + next(30) as f64));
            }
        }
        items.push(Item::penalty(0.0, INFINITY, false));
        items.push(Item::glue(0.0, 1.0e7, 0.0));
        items.push(Item::penalty(0.0, -INFINITY, false));
        let base = 60.0 + next(300) as f64;
        let narrow = 1 + next(6) as usize;
        let width = |n: usize| if n % 7 < narrow { base * 0.6 } else { base };
        let params = Params::default();
        let no_hyphen = |n: usize| n % 5 == 4;
        let with = break_lines_reporting(&items, &mut |n| width(n), &params, &no_hyphen);
        let without = without_waking(|| {
            break_lines_reporting(&items, &mut |n| width(n), &params, &no_hyphen)
        });
        assert_eq!(with, without, "round {round}");
        passes.insert(format!("{:?}", with.1));
    }
    assert!(passes.len() >= 3, "{passes:?}");
    // And breaks were passed over (else this compared the search with itself).
    assert!(passed_over() > passed_before + 1000);
}
