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

#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    line: usize,
    fitness: u8,
    hyphens: u8,
    // Totals of width, stretch and shrink from the paragraph start to the first item after
    // this break that is not discarded (the start of the next line).
    width: f64,
    stretch: f64,
    shrink: f64,
    // How far the first box of the next line may hang into the left margin.
    hang: f64,
    demerits: f64,
    ratio: f64,
    overfull: bool,
    prev: Option<usize>,
}

fn fitness(r: f64) -> u8 {
    if r < -0.5 {
        0
    } else if r <= 0.5 {
        1
    } else if r <= 1.0 {
        2
    } else {
        3
    }
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
    // The widest line asked for, to tell when the loose pass cannot succeed.
    let widest = std::cell::Cell::new(f64::NEG_INFINITY);
    let width = &mut |n: usize| {
        let w = width(n);
        widest.set(widest.get().max(w));
        w
    };
    let any_hyphen = items.iter().any(|i| i.kind == Kind::Penalty && i.flagged);
    if let Some((b, _)) = pass(
        items,
        width,
        params,
        no_hyphen,
        params.first_tolerance,
        false,
        false,
    ) {
        return (b, Pass::First);
    }
    let mut best: Option<(Vec<Break>, f64)> = None;
    if any_hyphen {
        best = pass(
            items,
            width,
            params,
            no_hyphen,
            params.second_tolerance,
            true,
            false,
        );
        // A third hyphen in a row is avoided when looser (but still bounded) spacing avoids it.
        if best
            .as_ref()
            .is_some_and(|(_, d)| *d >= params.triple_hyphen)
        {
            let tol = (params.second_tolerance * 2.0).min(params.loose_tolerance);
            if let Some(other) = pass(items, width, params, no_hyphen, tol, true, false) {
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
    // until then), so it is tried only when every unbreakable run fits some line.
    if longest_unbreakable(items) <= widest.get() + 0.01 {
        if let Some((b, _)) = pass(
            items,
            width,
            params,
            no_hyphen,
            params.loose_tolerance,
            true,
            false,
        ) {
            return (b, Pass::Loose);
        }
    }
    // The emergency pass keeps hyphens off column ends too, unless only that can succeed.
    pass(items, width, params, no_hyphen, f64::INFINITY, true, true)
        .or_else(|| pass(items, width, params, &|_| false, f64::INFINITY, true, true))
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

fn pass(
    items: &[Item],
    width: &mut dyn FnMut(usize) -> f64,
    params: &Params,
    no_hyphen: &dyn Fn(usize) -> bool,
    tolerance: f64,
    hyphenate: bool,
    emergency: bool,
) -> Option<(Vec<Break>, f64)> {
    // Running totals up to (not including) item i.
    let (mut tw, mut ts, mut tk) = (0.0, 0.0, 0.0);
    let mut nodes: Vec<Node> = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        hyphens: 0,
        width: 0.0,
        stretch: 0.0,
        shrink: 0.0,
        hang: items
            .iter()
            .find(|i| i.kind == Kind::Box)
            .map_or(0.0, |i| i.hang),
        demerits: 0.0,
        ratio: 0.0,
        overfull: false,
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];
    let mut widths: Vec<f64> = Vec::new();
    // Best candidate per (line, fitness, hyphen-run) found at the current breakpoint.
    let mut candidates: Vec<Node> = Vec::new();

    for (i, item) in items.iter().enumerate() {
        let legal = match item.kind {
            Kind::Box => false,
            Kind::Glue => i > 0 && items[i - 1].kind == Kind::Box,
            Kind::Penalty => item.penalty < INFINITY && (hyphenate || !item.flagged),
        };
        if legal {
            let forced = item.kind == Kind::Penalty && item.penalty <= -INFINITY;
            let pen_w = if item.kind == Kind::Penalty {
                item.width
            } else {
                0.0
            };
            // What hangs into the right margin at this break.
            let hang_right = if forced { 0.0 } else { item.hang };
            candidates.clear();
            let mut k = 0;
            while k < active.len() {
                let ai = active[k];
                let a = nodes[ai];
                while widths.len() <= a.line {
                    let n = widths.len();
                    widths.push(width(n));
                }
                let target = widths[a.line];
                let natural = tw - a.width + pen_w - hang_right - a.hang;
                let r = if natural < target {
                    let st = ts - a.stretch + params.line_stretch;
                    if st > 0.0 {
                        (target - natural) / st
                    } else {
                        f64::INFINITY
                    }
                } else if natural > target {
                    let sh = tk - a.shrink;
                    if sh > 0.0 {
                        (target - natural) / sh
                    } else {
                        f64::NEG_INFINITY
                    }
                } else {
                    0.0
                };
                let too_tight = r < -1.0;
                if too_tight || forced {
                    active.remove(k);
                } else {
                    k += 1;
                }
                // An emergency pass accepts the first overfull line from each node, so the
                // search never runs dry (a word wider than the measure gets a line of its own).
                let acceptable =
                    (r >= -1.0 && r <= tolerance) || (emergency && (too_tight || r > tolerance));
                if !acceptable {
                    continue;
                }
                // No hyphen where the reader must turn to another column or page.
                if item.kind == Kind::Penalty && item.flagged && no_hyphen(a.line) {
                    continue;
                }
                // Badness 100·|r|³. Normal passes never see more than the tolerance allows;
                // the emergency pass leaves it uncapped so that it still prefers a line at
                // ratio 3 to one at ratio 30, and ranks overfull lines below all of them.
                let badness = if too_tight {
                    1.0e9 + (natural - target) * 1.0e6
                } else if r.is_finite() {
                    let b = 100.0 * r.abs().powi(3);
                    if emergency || tolerance > 4.6 {
                        b.min(1.0e8)
                    } else {
                        b.min(INFINITY)
                    }
                } else {
                    1.0e8
                };
                let p = if item.kind == Kind::Penalty {
                    item.penalty
                } else {
                    0.0
                };
                let base = params.line_penalty + badness;
                let mut d = base * base;
                if p >= 0.0 {
                    d += p * p;
                } else if p > -INFINITY {
                    d -= p * p;
                }
                let flagged = item.kind == Kind::Penalty && item.flagged;
                let hyphens = if flagged {
                    a.hyphens.saturating_add(1)
                } else {
                    0
                };
                if flagged && a.hyphens >= 1 {
                    d += params.double_hyphen;
                }
                if flagged && a.hyphens >= 2 {
                    d += params.triple_hyphen;
                }
                if forced && a.hyphens >= 1 {
                    d += params.final_hyphen;
                }
                let fit = if too_tight { 0 } else { fitness(r) };
                if (fit as i32 - a.fitness as i32).abs() > 1 {
                    d += params.fitness_jump;
                }
                let total = a.demerits + d;
                let key = (a.line + 1, fit, hyphens.min(2));
                let shown_ratio = if r.is_finite() {
                    r
                } else if r > 0.0 {
                    tolerance.min(1e9)
                } else {
                    -1.0
                };
                // In the emergency pass every line is acceptable, so nodes for many different
                // line counts would pile up at each break; there we keep one per fitness class
                // (optimal for constant widths, still valid otherwise).
                let same = |c: &Node| {
                    (c.fitness, c.hyphens.min(2)) == (key.1, key.2)
                        && (emergency || c.line == key.0)
                };
                match candidates.iter_mut().find(|c| same(c)) {
                    Some(c) if c.demerits <= total => {}
                    Some(c) => {
                        c.demerits = total;
                        c.line = a.line + 1;
                        c.prev = Some(ai);
                        c.ratio = shown_ratio;
                        c.overfull = too_tight;
                        c.hyphens = hyphens;
                    }
                    None => candidates.push(Node {
                        position: i,
                        line: a.line + 1,
                        fitness: fit,
                        hyphens,
                        width: 0.0,
                        stretch: 0.0,
                        shrink: 0.0,
                        hang: 0.0,
                        demerits: total,
                        ratio: shown_ratio,
                        overfull: too_tight,
                        prev: Some(ai),
                    }),
                }
            }
            if !candidates.is_empty() {
                // Totals at the start of the next line: skip glue and penalties after the break.
                let (mut bw, mut bs, mut bk, mut bh) = (tw, ts, tk, 0.0);
                for it in &items[i..] {
                    match it.kind {
                        Kind::Box => {
                            bh = it.hang;
                            break;
                        }
                        Kind::Glue => {
                            bw += it.width;
                            bs += it.stretch;
                            bk += it.shrink;
                        }
                        Kind::Penalty => {
                            if it.penalty <= -INFINITY && !std::ptr::eq(it, item) {
                                break;
                            }
                        }
                    }
                }
                for c in candidates.drain(..) {
                    let mut n = c;
                    n.width = bw;
                    n.stretch = bs;
                    n.shrink = bk;
                    n.hang = bh;
                    nodes.push(n);
                    active.push(nodes.len() - 1);
                }
            }
            if active.is_empty() {
                return None;
            }
        }
        if item.kind != Kind::Penalty {
            tw += item.width;
            ts += item.stretch;
            tk += item.shrink;
        }
    }
    let last = items.len() - 1;
    let best = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].position == last)
        .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))?;
    let total = nodes[best].demerits;
    let mut out = Vec::new();
    let mut cur = Some(best);
    while let Some(n) = cur {
        let node = nodes[n];
        if node.prev.is_none() {
            break;
        }
        out.push(Break {
            position: node.position,
            ratio: node.ratio,
            overfull: node.overfull,
        });
        cur = node.prev;
    }
    out.reverse();
    Some((out, total))
}
