//! Knuth–Plass total-fit line breaking.
//!
//! The paragraph is a list of [`Item`]s: boxes (fixed width), glue (width that may stretch or
//! shrink) and penalties (possible breaks with a cost). We look for the sequence of breaks that
//! minimises the total demerits over the whole paragraph, keeping a list of "active" breaks
//! from which a next line may still be set. An active break is dropped as soon as the material
//! after it no longer fits on one line even fully shrunk, which keeps the search close to
//! linear in the length of the paragraph.
//!
//! Line widths are asked per line number, so the same position reached after a different
//! number of lines is a different node.

/// A penalty at least this large forbids a break; at most its negative forces one.
pub const INFINITY: f64 = 10_000.0;

mod pass;
use pass::{pass, Mode, Questions};

/// Runs `f` with the breaker's passing over of too-loose breaks off (see `pass`), for tests
/// that check it changes no result.
#[cfg(test)]
pub(crate) fn without_waking<T>(f: impl FnOnce() -> T) -> T {
    pass::WAKING_OFF.set(true);
    let out = f();
    pass::WAKING_OFF.set(false);
    out
}

/// How many active breaks the breaker has passed over on this thread, for tests.
#[cfg(test)]
pub(crate) fn passed_over() -> u64 {
    pass::PASSED_OVER.get()
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Fixed material (a word or word fragment).
    Box,
    /// Space that may stretch and shrink; a break at glue drops the glue.
    Glue,
    /// A possible break with a cost; its width (a hyphen) counts only when broken at.
    Penalty,
}

/// One element of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// Box, glue or penalty.
    pub kind: Kind,
    /// Natural width (for a penalty: width added when breaking here).
    pub width: f64,
    /// How much the glue may stretch (at ratio 1).
    pub stretch: f64,
    /// How much the glue may shrink (at ratio −1).
    pub shrink: f64,
    /// Cost of breaking at a penalty.
    pub penalty: f64,
    /// Whether a break here shows a hyphen (for the consecutive-hyphen rules).
    pub flagged: bool,
    /// Hanging punctuation. For a box: how far it may stand out into the left margin when it
    /// starts a line. For glue or a penalty: how far the line ending there may stand out into
    /// the right margin. Either way, width the line does not need.
    pub hang: f64,
}

impl Item {
    /// A box of width `w`.
    pub fn boxed(w: f64) -> Item {
        Item {
            kind: Kind::Box,
            width: w,
            stretch: 0.0,
            shrink: 0.0,
            penalty: 0.0,
            flagged: false,
            hang: 0.0,
        }
    }
    /// Glue of width `w` that may stretch by `st` and shrink by `sh`.
    pub fn glue(w: f64, st: f64, sh: f64) -> Item {
        Item {
            kind: Kind::Glue,
            width: w,
            stretch: st,
            shrink: sh,
            penalty: 0.0,
            flagged: false,
            hang: 0.0,
        }
    }
    /// A penalty of width `w` and cost `p`.
    pub fn penalty(w: f64, p: f64, flagged: bool) -> Item {
        Item {
            kind: Kind::Penalty,
            width: w,
            stretch: 0.0,
            shrink: 0.0,
            penalty: p,
            flagged,
            hang: 0.0,
        }
    }
}

/// Knobs of the breaker.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Largest adjustment ratio accepted in the first pass (no hyphenation).
    pub first_tolerance: f64,
    /// Largest ratio accepted in the second pass (with hyphenation).
    pub second_tolerance: f64,
    /// Largest ratio accepted in the loose pass, tried (with hyphenation) before the
    /// emergency pass: narrow measures sometimes have no solution within the second
    /// tolerance, and a few loose lines (set flush left when they would gape) are better
    /// than an overfull one. Above a ratio of 4.6 badness is left uncapped, so that the
    /// loose pass still tells a line at ratio 5 from one at 9. (Not infinite: a pass without
    /// a tolerance keeps nodes for every line count and gets slow.)
    pub loose_tolerance: f64,
    /// Added to every line's badness (favours fewer lines).
    pub line_penalty: f64,
    /// Extra demerits for two hyphenated lines in a row.
    pub double_hyphen: f64,
    /// Extra demerits for a third (or later) hyphenated line in a row.
    pub triple_hyphen: f64,
    /// Extra demerits when the next-to-last line ends in a hyphen.
    pub final_hyphen: f64,
    /// Extra demerits when neighbouring lines differ by more than one fitness class.
    pub fitness_jump: f64,
    /// Stretch every line has at its end regardless of its content. Zero for justified text;
    /// for ragged settings it measures how ragged a line may be (like TeX's `\rightskip`).
    pub line_stretch: f64,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            first_tolerance: 1.0,
            second_tolerance: 2.0,
            loose_tolerance: 10.0,
            line_penalty: 10.0,
            double_hyphen: 10_000.0,
            triple_hyphen: 1.0e12,
            final_hyphen: 5_000.0,
            fitness_jump: 10_000.0,
            line_stretch: 0.0,
        }
    }
}

/// One chosen break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the item broken at (the line ends before it; a penalty's width is included).
    pub position: usize,
    /// Adjustment ratio of the line that ends here.
    pub ratio: f64,
    /// Whether that line is too wide even fully shrunk.
    pub overfull: bool,
}

/// Breaks `items` into lines; `width(n)` is line `n`'s width. The last item must be a forced
/// break (penalty ≤ −[`INFINITY`]). Runs a pass without hyphen penalties, then one with them,
/// then an emergency pass that always succeeds (overfull lines marked).
pub fn break_lines(
    items: &[Item],
    width: &mut dyn FnMut(usize) -> f64,
    params: &Params,
) -> Vec<Break> {
    break_lines_avoiding(items, width, params, &|_| false)
}

/// Which pass of the breaker found the breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pass {
    /// The first pass: no hyphenation, tight tolerance.
    #[default]
    First,
    /// The second pass: hyphenation, wider tolerance.
    Second,
    /// The loose pass: hyphenation, the loose tolerance.
    Loose,
    /// The emergency pass: any ratio, overfull lines allowed. Ordinary text should never
    /// need it.
    Emergency,
}

/// [`break_lines`], where `no_hyphen(n)` says line `n` must not end in a hyphen (the last
/// line of a column or page). The emergency pass ignores it only when it must, to succeed.
pub fn break_lines_avoiding(
    items: &[Item],
    width: &mut dyn FnMut(usize) -> f64,
    params: &Params,
    no_hyphen: &dyn Fn(usize) -> bool,
) -> Vec<Break> {
    break_lines_reporting(items, width, params, no_hyphen).0
}

/// [`break_lines_avoiding`], also saying which pass succeeded.
pub fn break_lines_reporting(
    items: &[Item],
    width: &mut dyn FnMut(usize) -> f64,
    params: &Params,
    no_hyphen: &dyn Fn(usize) -> bool,
) -> (Vec<Break>, Pass) {
    if items.is_empty() {
        return (Vec::new(), Pass::First);
    }
    let mut questions = Questions::new(width, no_hyphen);
    let q = &mut questions;
    let mode = |tolerance: f64, hyphenate: bool| Mode {
        tolerance,
        hyphenate,
        emergency: false,
        avoid_hyphens: true,
    };
    let any_hyphen = items.iter().any(|i| i.kind == Kind::Penalty && i.flagged);
    if let Some((b, _)) = pass(items, q, params, mode(params.first_tolerance, false)) {
        return (b, Pass::First);
    }
    let mut best: Option<(Vec<Break>, f64)> = None;
    if any_hyphen {
        best = pass(items, q, params, mode(params.second_tolerance, true));
        // A third hyphen in a row is avoided when looser (but still bounded) spacing avoids it.
        if best
            .as_ref()
            .is_some_and(|(_, d)| *d >= params.triple_hyphen)
        {
            let tol = (params.second_tolerance * 2.0).min(params.loose_tolerance);
            if let Some(other) = pass(items, q, params, mode(tol, true)) {
                if best.as_ref().is_some_and(|(_, d)| other.1 < *d) {
                    best = Some(other);
                }
            }
        }
    }
    if let Some((b, _)) = best {
        return (b, Pass::Second);
    }
    // The loose pass is slow when it must fail (a word wider than every line: nodes pile up
    // until then), so it is tried only when every unbreakable run fits some line (of those
    // asked for so far).
    if longest_unbreakable(items) <= q.widest + 0.01 {
        if let Some((b, _)) = pass(items, q, params, mode(params.loose_tolerance, true)) {
            return (b, Pass::Loose);
        }
    }
    // The emergency pass keeps hyphens off column ends too, unless only that can succeed.
    let emergency = Mode {
        emergency: true,
        ..mode(f64::INFINITY, true)
    };
    pass(items, q, params, emergency)
        .or_else(|| {
            let anywhere = Mode {
                avoid_hyphens: false,
                ..emergency
            };
            pass(items, q, params, anywhere)
        })
        .map(|(b, _)| (b, Pass::Emergency))
        .unwrap_or_default()
}

/// Width of the widest run of material without a legal break in it (at most the width it
/// needs on a line, counting shrink and hanging punctuation).
fn longest_unbreakable(items: &[Item]) -> f64 {
    let (mut run, mut longest) = (0.0f64, 0.0f64);
    for (i, it) in items.iter().enumerate() {
        let legal = match it.kind {
            Kind::Box => false,
            Kind::Glue => i > 0 && items[i - 1].kind == Kind::Box,
            Kind::Penalty => it.penalty < INFINITY,
        };
        if legal {
            let end = if it.kind == Kind::Penalty {
                it.width
            } else {
                0.0
            };
            longest = longest.max(run + end - it.hang);
            run = 0.0;
            continue;
        }
        match it.kind {
            Kind::Box if run == 0.0 => run = it.width - it.hang,
            Kind::Box => run += it.width,
            Kind::Glue => run += it.width - it.shrink,
            Kind::Penalty => {}
        }
    }
    longest.max(run)
}
