//! Checks that go beyond the shape of the files: the layout's sanity, the flatplan's
//! references, the ad bookings and each article.

use super::parse::EditionSpans;
use super::source::{diag_at, find_quoted, line_col, suggest};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{AdRef, Article, Edition, FlatplanEntry, Layout};
use crate::text::fonts::FontBook;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Paragraph styles the typesetting engine uses and every layout must define.
pub const REQUIRED_STYLES: &[&str] = &[
    "body",
    "headline",
    "crosshead",
    "standfirst",
    "byline",
    "pullquote",
    "caption",
    "running_head",
    "folio",
];

/// Position of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.find(needle).map(|i| line_col(text, i))
}

/// Position of a `[table]` header or, failing that, of a `key =` line.
fn find_key(text: &str, table: &str, key: &str) -> Option<(usize, usize)> {
    let start = text.find(&format!("[{table}]")).unwrap_or(0);
    text[start..]
        .find(&format!("\n{key}"))
        .map(|i| line_col(text, start + i + 1))
        .or_else(|| find(text, &format!("[{table}]")))
}

/// Checks a layout: geometry, colours, styles and their fonts. `fonts` is `None` when the
/// project's fonts could not be loaded (their errors are reported elsewhere).
pub fn check_layout(
    layout: &Layout,
    file: &Path,
    text: &str,
    fonts: Option<&FontBook>,
) -> Diagnostics {
    let src = LayoutSource { layout, file, text };
    let mut out = Diagnostics::new();
    check_page_and_margins(&src, &mut out);
    check_columns_and_grid(&src, &mut out);
    check_colors(&src, &mut out);
    check_required_styles(&src, &mut out);
    check_styles(&src, fonts, &mut out);
    check_slots(&src, &mut out);
    out
}

/// A layout being checked, with its file and text (to point at the line of a problem).
struct LayoutSource<'a> {
    layout: &'a Layout,
    file: &'a Path,
    text: &'a str,
}

impl LayoutSource<'_> {
    /// A problem at `field` (found at `pos` in the text), with what to do about it.
    fn problem(
        &self,
        message: String,
        field: &str,
        pos: Option<(usize, usize)>,
        hint: &str,
    ) -> Diagnostic {
        diag_at(message, self.file, pos)
            .at_field(field)
            .with_hint(hint)
    }
}

/// The page size, bleed and slug, and the margins: positive, leaving room between them.
fn check_page_and_margins(src: &LayoutSource<'_>, out: &mut Diagnostics) {
    let text = src.text;
    let p = src.layout.page;
    let m = src.layout.margins;
    if !(p.width.0 > 0.0 && p.height.0 > 0.0) {
        out.push(src.problem(
            format!(
                "the page size {}×{} mm is not positive",
                p.width.0, p.height.0
            ),
            "page",
            find_key(text, "page", "width"),
            "give the trimmed page size in millimetres",
        ));
    }
    if p.bleed.0 < 0.0 || p.slug.0 < 0.0 {
        out.push(src.problem(
            "bleed and slug cannot be negative".into(),
            "page.bleed",
            find_key(text, "page", "bleed"),
            "use 0 or a positive number of millimetres",
        ));
    }
    if [m.top, m.bottom, m.inside, m.outside]
        .iter()
        .any(|v| v.0 < 0.0)
    {
        out.push(src.problem(
            "margins cannot be negative".into(),
            "margins",
            find(text, "[margins]"),
            "use positive millimetres",
        ));
    }
    // Each pair of opposite margins must leave room between them.
    for (a, b, extent, field, pair, dimension) in [
        (
            m.inside,
            m.outside,
            p.width,
            "inside",
            "inside and outside",
            "wide",
        ),
        (m.top, m.bottom, p.height, "top", "top and bottom", "high"),
    ] {
        if a.0 + b.0 >= extent.0 {
            out.push(src.problem(
                format!(
                    "the {pair} margins ({} + {} mm) leave no room on a page {} mm {dimension}",
                    a.0, b.0, extent.0
                ),
                &format!("margins.{field}"),
                find_key(text, "margins", field),
                "margins must be smaller than the page",
            ));
        }
    }
}

/// The columns (at least one, their gutters within the type area) and the baseline grid.
fn check_columns_and_grid(src: &LayoutSource<'_>, out: &mut Diagnostics) {
    let (layout, text) = (src.layout, src.text);
    let (p, m, c) = (layout.page, layout.margins, layout.columns);
    if c.count == 0 {
        out.push(src.problem(
            "the layout has 0 columns".into(),
            "columns.count",
            find_key(text, "columns", "count"),
            "use at least 1 column",
        ));
    } else {
        let area = p.width.0 - m.inside.0 - m.outside.0;
        if c.gutter.0 < 0.0 || (c.count - 1) as f64 * c.gutter.0 >= area {
            out.push(src.problem(
                format!(
                    "{} columns with {} mm gutters do not fit the type area",
                    c.count, c.gutter.0
                ),
                "columns.gutter",
                find_key(text, "columns", "gutter"),
                "use fewer columns or narrower gutters",
            ));
        }
    }
    if layout.grid.baseline.0 <= 0.0 {
        out.push(src.problem(
            "the baseline grid must be larger than 0 pt".into(),
            "grid.baseline",
            find_key(text, "grid", "baseline"),
            "use the body text's leading",
        ));
    }
}

/// The colours: components within 0–100 %, and every colour the elements and styles name
/// defined in `[colors]`.
fn check_colors(src: &LayoutSource<'_>, out: &mut Diagnostics) {
    let (layout, text) = (src.layout, src.text);
    let colors: Vec<&str> = layout.colors.keys().map(String::as_str).collect();
    for (name, color) in &layout.colors {
        if color.0.iter().any(|v| !(0.0..=100.0).contains(v)) {
            out.push(src.problem(
                format!("colour `{name}` has a component outside 0–100 %"),
                &format!("colors.{name}"),
                find(text, &format!("\n{name} ")),
                "CMYK components are percentages from 0 to 100",
            ));
        }
    }
    let mut color_ref = |field: String, name: &str, pos: Option<(usize, usize)>| {
        if !layout.colors.contains_key(name) {
            out.push(src.problem(
                format!("colour `{name}` is not defined in [colors]"),
                &field,
                pos,
                &suggest(name, colors.iter().copied(), "colour"),
            ));
        }
    };
    for (field, name) in [
        ("elements.accent", &layout.elements.accent),
        ("elements.box_tint", &layout.elements.box_tint),
    ] {
        color_ref(field.into(), name, find_key(text, "elements", &field[9..]));
    }
    for (style_name, style) in &layout.styles {
        let table = format!("styles.{style_name}");
        color_ref(
            format!("{table}.color"),
            &style.color,
            find_key(text, &table, "color"),
        );
    }
}

/// The styles the engine sets text in ([`REQUIRED_STYLES`]) and those the opener designs
/// name: each must be defined.
fn check_required_styles(src: &LayoutSource<'_>, out: &mut Diagnostics) {
    let (layout, file) = (src.layout, src.file);
    let names: Vec<&str> = layout.styles.keys().map(String::as_str).collect();
    for required in REQUIRED_STYLES {
        if !layout.styles.contains_key(*required) {
            out.push(
                diag_at(format!("the layout has no `{required}` style"), file, None)
                    .at_field(format!("styles.{required}"))
                    .with_hint(format!(
                        "add a [styles.{required}] table; the engine sets text in it{}",
                        meant(required, &names)
                    )),
            );
        }
    }
    // Opener designs name optional styles: each must exist.
    for (section, opener) in &layout.elements.openers {
        let table = format!("elements.openers.{section}");
        for (key, name) in [
            ("headline_style", &opener.headline_style),
            ("standfirst_style", &opener.standfirst_style),
        ] {
            let Some(name) = name else { continue };
            if layout.styles.contains_key(name) {
                continue;
            }
            out.push(
                diag_at(
                    format!("the opener of section `{section}` uses style `{name}`, which the layout does not define"),
                    file,
                    find_key(src.text, &table, key),
                )
                .at_field(format!("{table}.{key}"))
                .with_hint(format!(
                    "add a [styles.{name}] table or name an existing style{}",
                    meant(name, &names)
                )),
            );
        }
    }
}

/// Each style: a positive size and leading, and a font the project has (when its fonts
/// could be loaded).
fn check_styles(src: &LayoutSource<'_>, fonts: Option<&FontBook>, out: &mut Diagnostics) {
    let (file, text) = (src.file, src.text);
    for (style_name, style) in &src.layout.styles {
        let table = format!("styles.{style_name}");
        if !(style.size.0 > 0.0 && style.leading.0 > 0.0) {
            out.push(
                diag_at(
                    format!("style `{style_name}` needs a positive size and leading"),
                    file,
                    find_key(text, &table, "size"),
                )
                .at_field(format!("{table}.size"))
                .with_hint("give the type size and leading in points"),
            );
        }
        if let Some(book) = fonts {
            if book.id(&style.font).is_none() {
                let known: Vec<&str> = book.fonts().iter().map(|f| f.name.as_str()).collect();
                out.push(
                    diag_at(
                        format!(
                            "style `{style_name}` uses font `{}`, which is not in fonts/",
                            style.font
                        ),
                        file,
                        find_key(text, &table, "font"),
                    )
                    .at_field(format!("{table}.font"))
                    .with_hint(suggest(
                        &style.font,
                        known.iter().copied(),
                        "font",
                    )),
                );
            }
        }
    }
}

/// Each ad slot: a positive size that fits the page (a full-page slot) or the type area
/// (any other, where ads are placed).
fn check_slots(src: &LayoutSource<'_>, out: &mut Diagnostics) {
    let (layout, file, text) = (src.layout, src.file, src.text);
    for (slot_name, slot) in &layout.slots {
        if !(slot.width.0 > 0.0 && slot.height.0 > 0.0) {
            out.push(
                diag_at(
                    format!("slot `{slot_name}` needs a positive width and height"),
                    file,
                    find(text, &format!("[slots.{slot_name}]")),
                )
                .at_field(format!("slots.{slot_name}"))
                .with_hint("give the ad size in millimetres"),
            );
            continue;
        }
        // A full-page slot must fit the page; any other the type area, where ads are placed.
        let (p, m) = (&layout.page, &layout.margins);
        let (room_w, room_h, room) = if slot.bleed {
            (p.width.0, p.height.0, "page")
        } else {
            (
                p.width.0 - m.inside.0 - m.outside.0,
                p.height.0 - m.top.0 - m.bottom.0,
                "type area",
            )
        };
        if room_w > 0.0
            && room_h > 0.0
            && (slot.width.0 > room_w + 0.01 || slot.height.0 > room_h + 0.01)
        {
            out.push(
                diag_at(
                    format!(
                        "slot `{slot_name}` ({} × {} mm) is larger than the {room} ({room_w:.1} × {room_h:.1} mm)",
                        slot.width.0, slot.height.0
                    ),
                    file,
                    find(text, &format!("[slots.{slot_name}]")),
                )
                .at_field(format!("slots.{slot_name}"))
                .with_hint("make the slot fit: ads are placed inside the type area, full-page ads on the page"),
            );
        }
    }
}

/// Whether `id` can be used as a file name (no folders, no `..`).
pub fn safe_id(id: &str) -> bool {
    !id.is_empty() && id != "." && id != ".." && !id.contains(['/', '\\', ':', '\0'])
}

/// Checks the flatplan and the ad bookings. `article_files` are the ids that have a file in
/// `articles/`; `layout` is `None` when it could not be read.
pub fn check_flatplan(
    edition: &Edition,
    spans: &EditionSpans,
    file: &Path,
    text: &str,
    layout: Option<&Layout>,
    article_files: &BTreeSet<String>,
) -> Diagnostics {
    let mut check = FlatplanCheck {
        edition,
        spans,
        file,
        text,
        layout,
        article_files,
        booked: edition.ads.keys().map(String::as_str).collect(),
        covers: 0,
        seen_articles: BTreeMap::new(),
        used_ads: BTreeSet::new(),
        out: Diagnostics::new(),
    };
    for (i, entry) in edition.flatplan.iter().enumerate() {
        check.entry(i, entry);
    }
    check.cover_placed();
    check.bookings();
    check.out
}

/// The flatplan being checked, and what its entries so far have used.
struct FlatplanCheck<'a> {
    edition: &'a Edition,
    spans: &'a EditionSpans,
    file: &'a Path,
    text: &'a str,
    layout: Option<&'a Layout>,
    article_files: &'a BTreeSet<String>,
    /// The ids of the ads booked in `[ads]`.
    booked: Vec<&'a str>,
    /// How many `cover` entries there were.
    covers: usize,
    /// Each article placed, with its entry's index.
    seen_articles: BTreeMap<&'a str, usize>,
    /// The ads placed, on pages of their own or in articles.
    used_ads: BTreeSet<&'a str>,
    out: Diagnostics,
}

impl<'a> FlatplanCheck<'a> {
    /// Where flatplan entry `i` starts in the text.
    fn entry_pos(&self, i: usize) -> Option<(usize, usize)> {
        self.spans
            .flatplan
            .get(i)
            .map(|r| line_col(self.text, r.start))
    }

    /// Where the booking of ad `id` starts in the text.
    fn booking_pos(&self, id: &str) -> Option<(usize, usize)> {
        self.spans.ads.get(id).map(|r| line_col(self.text, r.start))
    }

    /// A problem with flatplan entry `i`.
    fn push(&mut self, i: usize, message: String, field: String, hint: String) {
        let pos = self.entry_pos(i);
        self.out.push(
            diag_at(message, self.file, pos)
                .at_field(field)
                .with_hint(hint),
        );
    }

    /// Whether ad `ad`'s slot is a full page; `None` when the ad or its slot is unknown.
    fn slot_is_full(&self, ad: &str) -> Option<bool> {
        let booking = self.edition.ads.get(ad)?;
        let slot = self.layout?.slots.get(&booking.size)?;
        Some(slot.bleed)
    }

    /// Reports ad `ad` at `field` when it is not booked; whether it is.
    fn check_booked(&mut self, i: usize, ad: &str, field: String) -> bool {
        if self.edition.ads.contains_key(ad) {
            return true;
        }
        let hint = match super::source::closest(ad, self.booked.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None => format!("add an [ads.{ad}] table with advertiser, size and file"),
        };
        self.push(i, format!("ad `{ad}` is not booked in [ads]"), field, hint);
        false
    }

    /// Flatplan entry `i`: one kind of page, and what that kind of entry names.
    fn entry(&mut self, i: usize, entry: &'a FlatplanEntry) {
        let field = format!("flatplan[{i}]");
        let kinds = [
            entry.cover.is_some(),
            entry.ad.is_some(),
            entry.article.is_some(),
        ]
        .iter()
        .filter(|k| **k)
        .count();
        if kinds != 1 {
            self.push(
                i,
                if kinds == 0 {
                    "the flatplan entry names no page: it needs `cover`, `ad` or `article`".into()
                } else {
                    "the flatplan entry names more than one of `cover`, `ad` and `article`".into()
                },
                field,
                "write one entry per page or article, e.g. { article = \"id\" }".into(),
            );
            return;
        }
        if entry.article.is_none() && (!entry.ads.is_empty() || entry.start.is_some()) {
            self.push(
                i,
                "`ads` and `start` only belong to article entries".into(),
                field.clone(),
                "move the ads into an article's entry, or give a full-page ad its own entry".into(),
            );
        }
        if let Some(cover) = entry.cover {
            self.cover_entry(i, cover, &field);
        }
        if let Some(ad) = &entry.ad {
            self.ad_entry(i, ad, &field);
        }
        if let Some(id) = &entry.article {
            self.article_entry(i, id, &field);
            for (j, ad_ref) in entry.ads.iter().enumerate() {
                self.article_ad(i, ad_ref, format!("{field}.ads[{j}]"));
            }
        }
    }

    /// A `cover` entry: `true`, and only one.
    fn cover_entry(&mut self, i: usize, cover: bool, field: &str) {
        self.covers += 1;
        if !cover {
            self.push(
                i,
                "`cover = false` names no page".into(),
                format!("{field}.cover"),
                "remove the entry, or write `cover = true`".into(),
            );
        } else if self.covers > 1 {
            self.push(
                i,
                "the flatplan has more than one cover".into(),
                format!("{field}.cover"),
                "keep a single { cover = true } entry".into(),
            );
        }
    }

    /// An `ad` entry (a page of its own): a booked ad in a full-page slot.
    fn ad_entry(&mut self, i: usize, ad: &'a str, field: &str) {
        self.used_ads.insert(ad);
        if !self.check_booked(i, ad, format!("{field}.ad")) {
            return;
        }
        if self.slot_is_full(ad) == Some(false) {
            self.push(
                i,
                format!(
                    "ad `{ad}` is booked as `{}`, not a full page, so it cannot have a page of its own",
                    self.edition.ads[ad].size
                ),
                format!("{field}.ad"),
                format!("book it inside an article: {{ article = \"…\", ads = [\"{ad}\"] }}"),
            );
        }
    }

    /// An `article` entry: a plain id with a file, placed once.
    fn article_entry(&mut self, i: usize, id: &'a str, field: &str) {
        let afield = format!("{field}.article");
        if !safe_id(id) {
            self.push(
                i,
                format!("article id `{id}` is not a plain file name"),
                afield,
                "an article id names articles/<id>.json; it cannot contain `/` or `..`".into(),
            );
        } else if !self.article_files.contains(id) {
            let hint =
                match super::source::closest(id, self.article_files.iter().map(String::as_str)) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("create articles/{id}.json or remove the entry"),
                };
            self.push(
                i,
                format!("article `{id}` has no file articles/{id}.json"),
                afield,
                hint,
            );
        } else if let Some(first) = self.seen_articles.get(id).copied() {
            self.push(
                i,
                format!("article `{id}` is in the flatplan twice (also flatplan[{first}])"),
                afield,
                "remove one of the entries".into(),
            );
        } else {
            self.seen_articles.insert(id, i);
        }
    }

    /// An ad placed in an article: booked, not a full page, pinned to a page from 1.
    fn article_ad(&mut self, i: usize, ad_ref: &'a AdRef, ad_field: String) {
        let ad = ad_ref.id();
        self.used_ads.insert(ad);
        if !self.check_booked(i, ad, ad_field.clone()) {
            return;
        }
        if self.slot_is_full(ad) == Some(true) {
            self.push(
                i,
                format!("ad `{ad}` is a full page and cannot be placed inside an article"),
                ad_field.clone(),
                format!("give it its own flatplan entry: {{ ad = \"{ad}\" }}"),
            );
        }
        if let AdRef::Pinned(p) = ad_ref {
            if p.page == Some(0) {
                self.push(
                    i,
                    "ad pages count from 1".into(),
                    format!("{ad_field}.page"),
                    "use 1 for the article's first page".into(),
                );
            }
        }
    }

    /// A `[cover]` table with no cover in the flatplan (a warning).
    fn cover_placed(&mut self) {
        if self.edition.cover.is_some() && self.covers == 0 {
            self.out.push(
                diag_at(
                    "the edition has a [cover] but no cover in the flatplan",
                    self.file,
                    None,
                )
                .at_field("cover")
                .with_hint("add { cover = true } as the first flatplan entry")
                .warning(),
            );
        }
    }

    /// Each booking: a slot of the layout, and placed in the flatplan (else a warning).
    fn bookings(&mut self) {
        let (edition, file, text) = (self.edition, self.file, self.text);
        for (id, booking) in &edition.ads {
            let field = format!("ads.{id}");
            if let Some(layout) = self.layout {
                if !layout.slots.contains_key(&booking.size) {
                    let slots: Vec<&str> = layout.slots.keys().map(String::as_str).collect();
                    let pos = self
                        .spans
                        .ads
                        .get(id)
                        .and_then(|r| find_quoted(text, &booking.size, r.start))
                        .or_else(|| self.booking_pos(id));
                    self.out.push(
                        diag_at(
                            format!(
                                "ad `{id}` is booked as `{}`, which is not a slot of the layout",
                                booking.size
                            ),
                            file,
                            pos,
                        )
                        .at_field(format!("{field}.size"))
                        .with_hint(suggest(
                            &booking.size,
                            slots.iter().copied(),
                            "slot",
                        )),
                    );
                }
            }
            if !self.used_ads.contains(id.as_str()) {
                let pos = self.booking_pos(id);
                self.out.push(
                    diag_at(
                        format!("ad `{id}` is booked but not placed in the flatplan"),
                        file,
                        pos,
                    )
                    .at_field(field)
                    .with_hint(
                        "place it with { ad = \"…\" } or in an article's `ads`, or remove the booking",
                    )
                    .warning(),
                );
            }
        }
    }
}

/// Checks one article against its file name.
pub fn check_article(article: &Article, id: &str, file: &Path, text: &str) -> Diagnostics {
    let mut out = Diagnostics::new();
    if article.id != id {
        out.push(
            diag_at(
                format!(
                    "the article's id is `{}` but its file is {id}.json",
                    article.id
                ),
                file,
                find(text, "\"id\""),
            )
            .at_field("id")
            .with_hint(format!("set \"id\": \"{id}\", or rename the file")),
        );
    }
    if article.body.is_empty()
        && article
            .headline
            .as_deref()
            .is_none_or(|h| h.trim().is_empty())
    {
        out.push(
            diag_at(
                "the article is empty: it has no headline and no body",
                file,
                None,
            )
            .at_field("body")
            .with_hint("add the article's text, or remove it from the flatplan"),
        );
    }
    out
}

/// A diagnostic for a file that could not be read.
pub fn unreadable(file: &Path, e: &std::io::Error, hint: &str) -> Diagnostic {
    Diagnostic::input(format!("cannot read the file: {e}"))
        .in_file(file)
        .with_hint(hint)
}

/// ` (is `x` meant?)` when a style named `x` is close to `name`, else nothing.
fn meant(name: &str, styles: &[&str]) -> String {
    match super::source::closest(name, styles.iter().copied()) {
        Some(c) => format!(" (is `{c}` meant?)"),
        None => String::new(),
    }
}
