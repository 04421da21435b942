//! The edition file: `editions/<name>/edition.toml` — metadata, flatplan and ad bookings.

use super::Language;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One issue of the magazine: what goes in, in which order, with which layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The magazine's name, printed in the masthead.
    pub title: String,
    /// The issue's name or number.
    pub issue: String,
    /// The edition's language; articles may override it.
    pub language: Language,
    /// Name of the layout: `layouts/<layout>.toml` in the project.
    pub layout: String,
    /// The publisher, for metadata.
    #[serde(default)]
    pub publisher: Option<String>,
    /// The issue's publication date, `YYYY-MM-DD`: the PDF's creation date (unless
    /// `SOURCE_DATE_EPOCH` is set), so builds of the same edition are identical.
    #[serde(default)]
    pub date: Option<String>,
    /// The page budget of the whole edition: the composer sets the articles to exactly this
    /// many pages, or reports what to cut or add. Without it the count is made a multiple
    /// of the layout's `pages_multiple`.
    #[serde(default)]
    pub pages: Option<u32>,
    /// The cover page's content.
    #[serde(default)]
    pub cover: Option<Cover>,
    /// The running order of the edition, first page first.
    pub flatplan: Vec<FlatplanEntry>,
    /// Booked ads by id.
    #[serde(default)]
    pub ads: BTreeMap<String, AdBooking>,
}

/// What the cover shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Cover lines, set over the cover photo.
    #[serde(default)]
    pub lines: Vec<String>,
    /// The cover photo, relative to the edition folder or the project's `assets/`.
    #[serde(default)]
    pub image: Option<String>,
}

/// One entry of the flatplan: the cover, a full-page ad, or an article with its ads.
///
/// Exactly one of `cover`, `ad` and `article` must be given; the load stage checks that.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FlatplanEntry {
    /// `true` for the cover page.
    #[serde(default)]
    pub cover: Option<bool>,
    /// A full-page ad: the id of a booking in `[ads]`.
    #[serde(default)]
    pub ad: Option<String>,
    /// An article: the id of `articles/<id>.json`.
    #[serde(default)]
    pub article: Option<String>,
    /// Smaller ads placed on the article's pages.
    #[serde(default)]
    pub ads: Vec<AdRef>,
    /// Where the article must start.
    #[serde(default)]
    pub start: Option<StartPage>,
    /// The article's page budget; text beyond it is reported as overset.
    #[serde(default)]
    pub pages: Option<u32>,
    /// Start below the previous article on its last page, when a quarter of the page or
    /// more is free there (short news items), instead of on a new page.
    #[serde(default)]
    pub run_on: Option<bool>,
}

/// On which page an article starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StartPage {
    /// The next page, whichever side it is.
    Next,
    /// The next right-hand (odd) page, leaving a blank page if needed.
    Right,
    /// The next left-hand (even) page.
    Left,
}

/// An ad inside an article: just its id, or its id pinned to a page and position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum AdRef {
    /// Placed by the layout's rule.
    Id(String),
    /// Placed where the flatplan says.
    Pinned(PinnedAd),
}

/// An ad pinned to a page of its article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PinnedAd {
    /// The booking's id.
    pub ad: String,
    /// 1-based page of the article the ad goes on.
    #[serde(default)]
    pub page: Option<u32>,
    /// Where on the page.
    #[serde(default)]
    pub position: Option<SlotPosition>,
}

impl AdRef {
    /// The booking id this reference names.
    pub fn id(&self) -> &str {
        match self {
            AdRef::Id(id) => id,
            AdRef::Pinned(p) => &p.ad,
        }
    }
}

/// Where an ad sits on a page shared with text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SlotPosition {
    /// Across the foot of the page (or in the outside foot corner, if narrower).
    Bottom,
    /// Across the head of the page.
    Top,
    /// In the outside foot corner.
    BottomOutside,
}

/// A booked ad: who, which size, which artwork.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdBooking {
    /// The advertiser's name.
    pub advertiser: String,
    /// A slot name from the layout's `[slots]`.
    pub size: String,
    /// The artwork: PDF, JPEG or PNG, relative to the edition folder or the project's `assets/`.
    pub file: String,
}
