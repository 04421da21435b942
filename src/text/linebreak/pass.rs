//! One pass of the Knuth–Plass search (see the parent module), and what the passes of one
//! paragraph share: the answers to the breaker's questions, and buffers kept between passes
//! and paragraphs.
//!
//! The search is the textbook one; what is here for speed changes no result: the active
//! breaks are compacted in place in their order instead of removed one by one, the best
//! candidate of each (line, fitness, hyphen run) is found through an index instead of a
//! scan, each line's width and hyphen rule is asked once per paragraph, and an active break
//! whose next line is still too loose carries the running total at which it may stop being
//! so (its *wake*): until then it is passed over with one comparison. Most of the breaker's
//! time went on such lines (six in ten of the sample's looks at an active break).

use super::{Break, Item, Kind, Params, INFINITY};
use std::cell::RefCell;

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

/// The breaker's questions to its caller, each asked once per paragraph (in the order the
/// passes first need them: the answers do not change, so asking again would tell nothing).
pub(super) struct Questions<'a> {
    width: &'a mut dyn FnMut(usize) -> f64,
    no_hyphen: &'a dyn Fn(usize) -> bool,
    widths: Vec<f64>,
    no_hyphens: Vec<Option<bool>>,
    /// The widest line asked for.
    pub(super) widest: f64,
}

impl<'a> Questions<'a> {
    /// Questions to `width` and `no_hyphen`, none asked yet.
    pub(super) fn new(
        width: &'a mut dyn FnMut(usize) -> f64,
        no_hyphen: &'a dyn Fn(usize) -> bool,
    ) -> Questions<'a> {
        Questions {
            width,
            no_hyphen,
            widths: Vec::new(),
            no_hyphens: Vec::new(),
            widest: f64::NEG_INFINITY,
        }
    }

    /// Width of line `n`; lines before it are asked first, in order.
    fn width(&mut self, n: usize) -> f64 {
        while self.widths.len() <= n {
            let w = (self.width)(self.widths.len());
            self.widest = self.widest.max(w);
            self.widths.push(w);
        }
        self.widths[n]
    }

    /// Whether line `n` must not end in a hyphen.
    fn no_hyphen(&mut self, n: usize) -> bool {
        if self.no_hyphens.len() <= n {
            self.no_hyphens.resize(n + 1, None);
        }
        match self.no_hyphens[n] {
            Some(b) => b,
            None => {
                let b = (self.no_hyphen)(n);
                self.no_hyphens[n] = Some(b);
                b
            }
        }
    }
}

/// How a pass searches.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mode {
    /// The largest adjustment ratio accepted.
    pub(super) tolerance: f64,
    /// Whether hyphenation points may be broken at.
    pub(super) hyphenate: bool,
    /// The emergency pass: every line acceptable, overfull ones last.
    pub(super) emergency: bool,
    /// Whether lines the caller says must not end in a hyphen are kept from it.
    pub(super) avoid_hyphens: bool,
}

/// Buffers of a pass, kept for the next.
#[derive(Default)]
struct Scratch {
    nodes: Vec<Node>,
    active: Vec<usize>,
    // Per active break (same order): while `tw + tolerance × ts` at a break is below this,
    // the line from it is too loose (see `wake`); NEG_INFINITY when not known.
    wakes: Vec<f64>,
    candidates: Vec<Node>,
    // Per (line, fitness, hyphen run) key: 1 + the index of its candidate at the current
    // break, or 0. Every entry is 0 between breaks.
    index: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Hyphen runs told apart: none, one, two or more.
const HYPHEN_CLASSES: usize = 3;
/// Keys per line: fitness classes times hyphen runs.
const KEYS_PER_LINE: usize = 4 * HYPHEN_CLASSES;

/// One pass over `items`; the breaks and their total demerits, or `None` if no sequence of
/// acceptable lines reaches the end.
pub(super) fn pass(
    items: &[Item],
    questions: &mut Questions,
    params: &Params,
    mode: Mode,
) -> Option<(Vec<Break>, f64)> {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => search(items, questions, params, mode, &mut scratch),
        // A width function that sets a paragraph itself: buffers of its own.
        Err(_) => search(items, questions, params, mode, &mut Scratch::default()),
    })
}

fn search(
    items: &[Item],
    questions: &mut Questions,
    params: &Params,
    mode: Mode,
    scratch: &mut Scratch,
) -> Option<(Vec<Break>, f64)> {
    let Mode {
        tolerance,
        hyphenate,
        emergency,
        avoid_hyphens,
    } = mode;
    let Scratch {
        nodes,
        active,
        wakes,
        candidates,
        index,
    } = scratch;
    nodes.clear();
    active.clear();
    wakes.clear();
    candidates.clear();
    let waking = Waking::new(items, params, mode);
    // Running totals up to (not including) item i.
    let (mut tw, mut ts, mut tk) = (0.0, 0.0, 0.0);
    nodes.push(Node {
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
    });
    active.push(0);
    wakes.push(f64::NEG_INFINITY);

    for (i, item) in items.iter().enumerate() {
        let legal = match item.kind {
            Kind::Box => false,
            Kind::Glue => i > 0 && items[i - 1].kind == Kind::Box,
            Kind::Penalty => item.penalty < INFINITY && (hyphenate || !item.flagged),
        };
        if legal {
            let is_penalty = item.kind == Kind::Penalty;
            let forced = is_penalty && item.penalty <= -INFINITY;
            let flagged = is_penalty && item.flagged;
            let pen_w = if is_penalty { item.width } else { 0.0 };
            let p = if is_penalty { item.penalty } else { 0.0 };
            // What hangs into the right margin at this break.
            let hang_right = if forced { 0.0 } else { item.hang };
            let mut kept = 0;
            // A forced break ends every line, loose or not: no break is passed over there.
            let level = if forced {
                f64::INFINITY
            } else {
                tw + tolerance * ts
            };
            for k in 0..active.len() {
                let ai = active[k];
                if level < wakes[k] {
                    #[cfg(test)]
                    PASSED_OVER.set(PASSED_OVER.get() + 1);
                    active[kept] = ai;
                    wakes[kept] = wakes[k];
                    kept += 1;
                    continue;
                }
                let a = &nodes[ai];
                let target = questions.width(a.line);
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
                if !(too_tight || forced) {
                    active[kept] = ai;
                    // Only a line with room to stretch into (`st > 0`, so `r` is finite):
                    // the wake's algebra needs it.
                    wakes[kept] = if r > tolerance && r.is_finite() {
                        waking.wake(a, target)
                    } else {
                        f64::NEG_INFINITY
                    };
                    kept += 1;
                }
                // An emergency pass accepts the first overfull line from each node, so the
                // search never runs dry (a word wider than the measure gets a line of its own).
                let acceptable =
                    (r >= -1.0 && r <= tolerance) || (emergency && (too_tight || r > tolerance));
                if !acceptable {
                    continue;
                }
                // No hyphen where the reader must turn to another column or page.
                if flagged && avoid_hyphens && questions.no_hyphen(a.line) {
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
                let base = params.line_penalty + badness;
                let mut d = base * base;
                if p >= 0.0 {
                    d += p * p;
                } else if p > -INFINITY {
                    d -= p * p;
                }
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
                let line = a.line + 1;
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
                let key = key_index(if emergency { 0 } else { line }, fit, hyphens);
                if index.len() <= key {
                    index.resize(key + KEYS_PER_LINE, 0);
                }
                match index[key] {
                    0 => {
                        candidates.push(Node {
                            position: i,
                            line,
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
                        });
                        index[key] = candidates.len() as u32;
                    }
                    slot => {
                        let c = &mut candidates[slot as usize - 1];
                        // (Not `>`: a NaN total replaces, as it always has.)
                        #[allow(clippy::neg_cmp_op_on_partial_ord)]
                        if !(c.demerits <= total) {
                            c.demerits = total;
                            c.line = line;
                            c.prev = Some(ai);
                            c.ratio = shown_ratio;
                            c.overfull = too_tight;
                            c.hyphens = hyphens;
                        }
                    }
                }
            }
            active.truncate(kept);
            wakes.truncate(kept);
            if !candidates.is_empty() {
                // Totals at the start of the next line: skip glue and penalties after the break.
                let (mut bw, mut bs, mut bk, mut bh) = (tw, ts, tk, 0.0);
                for (j, it) in items.iter().enumerate().skip(i) {
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
                            if it.penalty <= -INFINITY && j != i {
                                break;
                            }
                        }
                    }
                }
                for c in candidates.drain(..) {
                    index[key_index(if emergency { 0 } else { c.line }, c.fitness, c.hyphens)] = 0;
                    nodes.push(Node {
                        width: bw,
                        stretch: bs,
                        shrink: bk,
                        hang: bh,
                        ..c
                    });
                    active.push(nodes.len() - 1);
                    wakes.push(f64::NEG_INFINITY);
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
        let node = &nodes[n];
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

#[cfg(test)]
thread_local! {
    /// Tests turn passing over off to check that it changes nothing.
    pub(super) static WAKING_OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How many active breaks were passed over, for tests to see that it happened.
    pub(super) static PASSED_OVER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How a pass finds the wake of an active break whose next line is too loose.
///
/// From break `a` to a break with running totals `tw`, `ts` (width, stretch), the line's
/// natural width is `tw − a.width + pen − hang − a.hang` (`pen` the break's penalty width,
/// `hang` what hangs into the right margin there) and its stretch `st = ts − a.stretch +
/// line_stretch`. It is too loose, ratio `(target − natural) / st` above the tolerance, when
/// `natural + tolerance × st < target` — for `st ≥ 0`. The totals only grow when no item
/// stretches by a negative amount, but `a.stretch` is taken after the glue that follows the
/// break, so at a penalty inside that glue `st` could still be negative: no break is passed
/// over at a break whose line has nothing to stretch into, and a wake is set only from a line
/// that had (`st > 0`, which the stretch then never loses). That is `tw + tolerance × ts < wake` with
/// `wake = target + a.width + a.hang + tolerance × (a.stretch − line_stretch) − (pen − hang)`,
/// taken with the largest `pen − hang` of any break, less a margin for rounding: a break is
/// passed over only when it is too loose by more than the arithmetic could blur.
struct Waking {
    tolerance: f64,
    line_stretch: f64,
    largest_extra: f64,
    enabled: bool,
}

impl Waking {
    fn new(items: &[Item], params: &Params, mode: Mode) -> Waking {
        let stretch_grows = params.line_stretch >= 0.0
            && items
                .iter()
                .all(|i| i.kind == Kind::Penalty || i.stretch >= 0.0);
        let largest_extra = items
            .iter()
            .map(|i| match i.kind {
                Kind::Penalty => i.width - i.hang,
                _ => -i.hang,
            })
            .fold(0.0f64, f64::max);
        #[cfg(test)]
        let switched_off = WAKING_OFF.get();
        #[cfg(not(test))]
        let switched_off = false;
        Waking {
            tolerance: mode.tolerance,
            line_stretch: params.line_stretch,
            largest_extra,
            enabled: !switched_off
                && stretch_grows
                && !mode.emergency
                && mode.tolerance.is_finite()
                && mode.tolerance >= 0.0
                && largest_extra.is_finite(),
        }
    }

    /// The wake of active break `a` whose next line, of width `target`, was just found too
    /// loose; NEG_INFINITY (never passed over) when the pass cannot tell.
    fn wake(&self, a: &Node, target: f64) -> f64 {
        if !self.enabled {
            return f64::NEG_INFINITY;
        }
        let wake = target + a.width + a.hang + self.tolerance * (a.stretch - self.line_stretch)
            - self.largest_extra;
        // Rounding: the sums run to some ten thousand points, where doubles lose about a
        // billionth of a point; the margin is a thousand times that, and far less than any
        // line's slack.
        let margin = 1e-6 + 1e-9 * wake.abs();
        if wake.is_finite() {
            wake - margin
        } else {
            f64::NEG_INFINITY
        }
    }
}

/// Where the candidate for (`line`, `fitness`, `hyphens` run) is indexed.
fn key_index(line: usize, fitness: u8, hyphens: u8) -> usize {
    line * KEYS_PER_LINE + fitness as usize * HYPHEN_CLASSES + hyphens.min(2) as usize
}
