//! Load: read an edition folder, check it against the input contract, resolve asset paths
//! safely, and decode every photo and ad once.
//! (Interface fixed; implementation by the load module's owner.)

pub mod assets;
mod check;
pub mod decode;
pub mod file_bytes;
pub mod fuzz;
pub mod limits;
mod parse;
pub mod paths;
pub mod png;
mod run;
mod source;

pub use limits::LoadOptions;
pub use run::load_edition_with;

use crate::diag::Diagnostics;
use crate::model::{Article, Edition, Layout};
use crate::text::fonts::FontBook;
use assets::{AdArtwork, ImageAsset};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An edition with everything it refers to, checked and decoded: the input of layout.
#[derive(Debug, Clone)]
pub struct LoadedEdition {
    /// The edition folder.
    pub root: PathBuf,
    /// The project folder (holds `layouts/`, `fonts/`, `assets/`).
    pub project: PathBuf,
    /// The folder's name, used for the default output file name.
    pub name: String,
    /// `edition.toml`.
    pub edition: Edition,
    /// The layout the edition names.
    pub layout: Layout,
    /// Every article of the flatplan, by id.
    pub articles: BTreeMap<String, Article>,
    /// Every photo referred to (articles' images, lead images, cover), keyed by the path as
    /// written in the file that refers to it.
    pub images: BTreeMap<String, Arc<ImageAsset>>,
    /// Every booked ad's artwork, by booking id.
    pub ads: BTreeMap<String, Arc<AdArtwork>>,
    /// The project's fonts.
    pub fonts: Arc<FontBook>,
    /// Findings that do not stop the build (e.g. an article file not in the flatplan).
    pub warnings: Diagnostics,
}

/// Reads and checks the edition in `edition_dir`. The project folder is the nearest
/// ancestor of `edition_dir` that has a `layouts/` folder.
///
/// Every problem found is returned at once in `Err` (input errors, exit code 2), together
/// with the warnings found so far; on success the warnings are in
/// [`LoadedEdition::warnings`].
pub fn load_edition(edition_dir: &Path) -> Result<LoadedEdition, Diagnostics> {
    load_edition_with(edition_dir, &LoadOptions::default())
}
