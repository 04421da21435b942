//! Fonts: every font file in the project's `fonts/` folder, parsed once.
//! (Interface fixed; implementation by the text module's owner.)

use crate::diag::Diagnostics;
use crate::geom::Pt;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a font in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FontId(pub u16);

/// One parsed font file.
#[derive(Debug, Clone)]
pub struct Font {
    /// The file stem, which styles use as the font's name (`SourceSerif4-Regular`).
    pub name: String,
    /// Where it was loaded from.
    pub path: PathBuf,
    /// The file's bytes.
    pub data: Arc<Vec<u8>>,
    /// Design units per em.
    pub units_per_em: u16,
    /// Typographic ascender, in design units (positive, above the baseline).
    pub ascender: i16,
    /// Typographic descender, in design units (negative, below the baseline).
    pub descender: i16,
    /// Height of capitals, in design units.
    pub cap_height: i16,
}

impl Font {
    /// Converts design units to points at type size `size`.
    pub fn units_to_pt(&self, units: f64, size: Pt) -> Pt {
        Pt(units * size.0 / self.units_per_em as f64)
    }

    /// Ascender at `size`.
    pub fn ascender_at(&self, size: Pt) -> Pt {
        self.units_to_pt(self.ascender as f64, size)
    }

    /// Descender at `size` (negative).
    pub fn descender_at(&self, size: Pt) -> Pt {
        self.units_to_pt(self.descender as f64, size)
    }

    /// Cap height at `size`.
    pub fn cap_height_at(&self, size: Pt) -> Pt {
        self.units_to_pt(self.cap_height as f64, size)
    }
}

/// All fonts of the project, looked up by name.
#[derive(Debug, Clone, Default)]
pub struct FontBook {
    fonts: Vec<Font>,
}

impl FontBook {
    /// Loads every `.ttf` and `.otf` file in `dir`, in file-name order.
    /// A file that is not a font is an input error naming the file.
    pub fn load_dir(dir: &Path) -> Result<FontBook, Diagnostics> {
        let _ = dir;
        todo!("text owner")
    }

    /// The id of the font named `name`, if there is one.
    pub fn id(&self, name: &str) -> Option<FontId> {
        self.fonts
            .iter()
            .position(|f| f.name == name)
            .map(|i| FontId(i as u16))
    }

    /// The font with id `id`.
    pub fn get(&self, id: FontId) -> &Font {
        &self.fonts[id.0 as usize]
    }

    /// All fonts, in id order.
    pub fn fonts(&self) -> &[Font] {
        &self.fonts
    }
}
