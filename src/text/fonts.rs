//! Fonts: every font file in the project's `fonts/` folder, parsed once.

use crate::diag::{Diagnostic, Diagnostics};
use crate::geom::Pt;
use crate::load::file_bytes::FileBytes;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// Larger than any font file made for text (the sample's are 0.2–0.4 MB; large CJK
// collections run to some 40 MB).
const MAX_FONT_BYTES: u64 = 256 << 20;

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
    /// The file's bytes (mapped: the parts never used are never read).
    pub data: Arc<FileBytes>,
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
    /// Reads and parses one font file.
    pub fn load(path: &Path) -> Result<Font, Diagnostic> {
        let cannot = |e: String| Diagnostic::input(format!("cannot read font: {e}")).in_file(path);
        // Page by page: shaping and subsetting read only some of a font's tables.
        let data = FileBytes::open(path, MAX_FONT_BYTES, false)
            .map_err(|e| cannot(e.to_string()))?
            .ok_or_else(|| cannot(format!("larger than {} MB", MAX_FONT_BYTES >> 20)))?;
        let face = ttf_parser::Face::parse(&data, 0).map_err(|e| {
            Diagnostic::input(format!("not a usable font file ({e})"))
                .in_file(path)
                .with_hint("replace it with a TrueType or OpenType font, or remove it from fonts/")
        })?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let units_per_em = face.units_per_em();
        let ascender = face.typographic_ascender().unwrap_or(face.ascender());
        let descender = face.typographic_descender().unwrap_or(face.descender());
        let cap_height = face
            .capital_height()
            .unwrap_or((units_per_em as f64 * 0.66) as i16);
        Ok(Font {
            name,
            path: path.to_path_buf(),
            units_per_em,
            ascender,
            descender,
            cap_height,
            data: Arc::new(data),
        })
    }

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
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return Err(
                    Diagnostic::input(format!("cannot read the fonts folder: {e}"))
                        .in_file(dir)
                        .with_hint("the project needs a `fonts/` folder with the layout's fonts")
                        .into(),
                )
            }
        };
        paths.retain(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("ttf" | "otf")
            )
        });
        paths.sort();
        let mut fonts = Vec::new();
        let mut problems = Diagnostics::new();
        let loaded: Vec<Result<Font, Diagnostic>> =
            paths.par_iter().map(|path| Font::load(path)).collect();
        for result in loaded {
            match result {
                Ok(font) => fonts.push(font),
                Err(d) => problems.push(d),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(FontBook { fonts })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_project_fonts() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
        let book = FontBook::load_dir(&dir).unwrap();
        let id = book.id("SourceSerif4-Regular").expect("body font");
        let font = book.get(id);
        assert_eq!(font.units_per_em, 1000);
        assert!(font.ascender > 0 && font.descender < 0 && font.cap_height > 0);
    }

    #[test]
    fn a_file_that_is_not_a_font_is_named() {
        let dir = std::env::temp_dir().join(format!("presswork-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Broken.ttf"), b"not a font").unwrap();
        let err = FontBook::load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).ok();
        assert!(err.to_string().contains("Broken.ttf"), "{err}");
    }
}
