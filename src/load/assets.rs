//! Decoded assets: photos and ad artwork, read once and shared by every page that shows them.

use crate::geom::Rect;
use std::path::PathBuf;
use std::sync::Arc;

/// A raster image ready to embed.
#[derive(Debug, Clone)]
pub struct ImageAsset {
    /// The file it came from (resolved path).
    pub path: PathBuf,
    /// Width in pixels.
    pub width_px: u32,
    /// Height in pixels.
    pub height_px: u32,
    /// The pixels, as the PDF writer will embed them.
    pub data: ImageData,
}

/// Pixel data of an [`ImageAsset`].
#[derive(Debug, Clone)]
pub enum ImageData {
    /// A JPEG file passed through as is (DCTDecode), never re-encoded.
    Jpeg {
        /// The whole file.
        bytes: Arc<super::file_bytes::FileBytes>,
        /// 1 (grey), 3 (RGB/YCbCr) or 4 (CMYK).
        components: u8,
        /// An embedded ICC profile, if the file has one.
        icc: Option<Arc<Vec<u8>>>,
    },
    /// A PNG file, checked as a container; its image data passed through or its pixels
    /// decoded when first needed (see [`crate::load::png`]).
    Png(Arc<super::png::PngImage>),
    /// Decoded 8-bit samples (built in code rather than read from a file): RGB or grey, plus
    /// an optional alpha channel.
    Decoded {
        /// Interleaved samples, `components` bytes per pixel.
        samples: Arc<Vec<u8>>,
        /// 1 (grey) or 3 (RGB).
        components: u8,
        /// One alpha byte per pixel, when the image has transparency.
        alpha: Option<Arc<Vec<u8>>>,
        /// An embedded ICC profile, if the file has one.
        icc: Option<Arc<Vec<u8>>>,
    },
}

/// An advertiser's artwork.
#[derive(Debug, Clone)]
pub struct AdArtwork {
    /// The file it came from (resolved path).
    pub path: PathBuf,
    /// The artwork itself.
    pub kind: AdKind,
}

/// The two kinds of ad artwork.
#[derive(Debug, Clone)]
pub enum AdKind {
    /// Page 1 of a PDF, placed as a Form XObject (vectors and fonts kept).
    Pdf(PdfPage),
    /// A JPEG or PNG, placed as an image scaled to the slot.
    Image(ImageAsset),
}

/// The first page of an advertiser's PDF, parsed once.
#[derive(Debug, Clone)]
pub struct PdfPage {
    /// The parsed file.
    pub doc: Arc<lopdf::Document>,
    /// The page's object id in `doc`.
    pub page_id: lopdf::ObjectId,
    /// The page's TrimBox (or MediaBox when it has none), in the PDF's own coordinates
    /// (`x`,`y` = lower-left corner, y up).
    pub trim: Rect,
    /// The page's BleedBox (or MediaBox), in the PDF's own coordinates.
    pub bleed: Rect,
    /// The page's MediaBox, in the PDF's own coordinates.
    pub media: Rect,
}
