//! Image XObjects: JPEGs passed through untouched (DCTDecode), decoded samples
//! Flate-compressed with an SMask for alpha; colour spaces from embedded ICC profiles, or
//! sRGB for untagged RGB.

use super::ids::RefAlloc;
use crate::diag::Diagnostic;
use crate::load::assets::{ImageAsset, ImageData};
use crate::render::deflate;
use pdf_writer::{Chunk, Filter, Name, Ref};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The sRGB profile untagged RGB images are declared in.
pub const SRGB_ICC: &[u8] = include_bytes!("../../assets/icc/sRGB.icc");

/// Shared colour-space objects: one ICC stream per distinct profile.
#[derive(Debug, Default)]
pub struct IccCache {
    // Keyed by the profile bytes' address and length is not stable across runs; key by
    // content instead (profiles are small, a few per document).
    profiles: BTreeMap<Arc<Vec<u8>>, Ref>,
    srgb: Option<Ref>,
}

impl IccCache {
    fn profile(
        &mut self,
        chunk: &mut Chunk,
        alloc: &mut RefAlloc,
        data: &Arc<Vec<u8>>,
        n: i32,
    ) -> Ref {
        if let Some(r) = self.profiles.get(data) {
            return *r;
        }
        let r = alloc.next();
        write_icc(chunk, r, data, n);
        self.profiles.insert(data.clone(), r);
        r
    }

    fn srgb(&mut self, chunk: &mut Chunk, alloc: &mut RefAlloc) -> Ref {
        if let Some(r) = self.srgb {
            return r;
        }
        let r = alloc.next();
        write_icc(chunk, r, SRGB_ICC, 3);
        self.srgb = Some(r);
        r
    }
}

/// Writes an ICC profile stream with `N` components, compressed.
pub fn write_icc(chunk: &mut Chunk, id: Ref, profile: &[u8], n: i32) {
    let packed = deflate(profile);
    let mut icc = chunk.icc_profile(id, &packed);
    icc.n(n).filter(Filter::FlateDecode);
    let alt = match n {
        1 => Name(b"DeviceGray"),
        4 => Name(b"DeviceCMYK"),
        _ => Name(b"DeviceRGB"),
    };
    icc.alternate_name(alt);
}

/// Whether a JPEG has an Adobe APP14 segment: Adobe's CMYK JPEGs store inverted samples,
/// which PDF must be told to flip back with a Decode array.
pub fn jpeg_is_adobe(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        // Start of scan: no more header segments.
        if marker == 0xDA || marker == 0xD9 {
            return false;
        }
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if marker == 0xEE && bytes.get(i + 4..i + 9) == Some(b"Adobe".as_slice()) {
            return true;
        }
        i += 2 + len;
    }
    false
}

/// Writes `asset` as image XObject `id` (and its SMask and profile when it has them).
pub fn write_image(
    chunk: &mut Chunk,
    alloc: &mut RefAlloc,
    icc: &mut IccCache,
    asset: &ImageAsset,
    id: Ref,
) -> Result<(), Diagnostic> {
    let (w, h) = (asset.width_px, asset.height_px);
    if w == 0 || h == 0 || w > i32::MAX as u32 || h > i32::MAX as u32 {
        return Err(
            Diagnostic::input(format!("the image has an unusable size ({w}×{h} px)"))
                .in_file(&asset.path),
        );
    }
    match &asset.data {
        ImageData::Jpeg {
            bytes,
            components,
            icc: profile,
        } => {
            let n = *components as i32;
            if !matches!(n, 1 | 3 | 4) {
                return Err(Diagnostic::input(format!(
                    "a JPEG with {n} colour components cannot be placed"
                ))
                .in_file(&asset.path));
            }
            let space = color_space(chunk, alloc, icc, profile.as_ref(), n);
            let mut img = chunk.image_xobject(id, bytes);
            img.filter(Filter::DctDecode);
            img.width(w as i32).height(h as i32).bits_per_component(8);
            set_space(&mut img, space);
            if n == 4 && jpeg_is_adobe(bytes) {
                img.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }
        ImageData::Decoded {
            samples,
            components,
            alpha,
            icc: profile,
        } => {
            let n = *components as i32;
            let pixels = w as usize * h as usize;
            if !matches!(n, 1 | 3) || samples.len() != pixels * n as usize {
                return Err(Diagnostic::input(format!(
                    "the decoded image has {} bytes, not {w}×{h}×{n}",
                    samples.len()
                ))
                .in_file(&asset.path));
            }
            let mask = match alpha {
                Some(a) if a.len() == pixels => {
                    let m = alloc.next();
                    let packed = deflate(a);
                    let mut x = chunk.image_xobject(m, &packed);
                    x.filter(Filter::FlateDecode);
                    x.width(w as i32)
                        .height(h as i32)
                        .bits_per_component(8)
                        .color_space_name(Name(b"DeviceGray"));
                    Some(m)
                }
                Some(a) => {
                    return Err(Diagnostic::input(format!(
                        "the image's alpha channel has {} bytes for {pixels} pixels",
                        a.len()
                    ))
                    .in_file(&asset.path))
                }
                None => None,
            };
            let space = color_space(chunk, alloc, icc, profile.as_ref(), n);
            let packed = deflate(samples);
            let mut img = chunk.image_xobject(id, &packed);
            img.filter(Filter::FlateDecode);
            img.width(w as i32).height(h as i32).bits_per_component(8);
            set_space(&mut img, space);
            if let Some(m) = mask {
                img.s_mask(m);
            }
        }
    }
    Ok(())
}

/// How an image's colours are declared.
#[derive(Debug, Clone, Copy)]
enum Space {
    Icc(Ref),
    Device(&'static [u8]),
}

fn color_space(
    chunk: &mut Chunk,
    alloc: &mut RefAlloc,
    icc: &mut IccCache,
    profile: Option<&Arc<Vec<u8>>>,
    n: i32,
) -> Space {
    match (profile, n) {
        (Some(p), _) if !p.is_empty() => Space::Icc(icc.profile(chunk, alloc, p, n)),
        (_, 3) => Space::Icc(icc.srgb(chunk, alloc)),
        (_, 4) => Space::Device(b"DeviceCMYK"),
        _ => Space::Device(b"DeviceGray"),
    }
}

fn set_space(img: &mut pdf_writer::writers::ImageXObject<'_>, space: Space) {
    match space {
        Space::Icc(r) => img.color_space().icc_based(r),
        Space::Device(name) => {
            img.color_space_name(Name(name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_adobe_marker() {
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x0E];
        j.extend_from_slice(b"Adobe\x00\x64\x00\x00\x00\x00\x02");
        j.extend_from_slice(&[0xFF, 0xDA]);
        assert!(jpeg_is_adobe(&j));
        assert!(!jpeg_is_adobe(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]));
        assert!(!jpeg_is_adobe(&[0xFF]));
    }
}
