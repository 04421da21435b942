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
