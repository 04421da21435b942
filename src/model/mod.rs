//! The input contract: serde types of editions, articles and layouts.
//!
//! These types are what the files say, checked only for shape (types, unknown fields). The
//! `load` stage reads them, resolves references and assets, and reports what is wrong.

pub mod article;
pub mod edition;
pub mod layout;

pub use article::{Article, Block, CaptionPosition, Fit, ImageRef};
pub use edition::{
    AdBooking, AdRef, Cover, Edition, FlatplanEntry, PinnedAd, SlotPosition, StartPage,
};
pub use layout::{Align, CmykColor, Layout, ParagraphStyle, SlotSpec};

use serde::{Deserialize, Serialize};

/// The language of a text: decides hyphenation patterns.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Dutch.
    #[default]
    Nl,
    /// English.
    En,
}
