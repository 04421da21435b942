use super::*;

const LIMIT: u64 = 1 << 24;

fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A PNG file from its IHDR fields, raw scanlines and extra chunks before the data.
fn make_png(
    w: u32,
    h: u32,
    depth: u8,
    colour: u8,
    raw: &[u8],
    extra: &[(&[u8], &[u8])],
) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[depth, colour, 0, 0, 0]);
    let mut out = SIGNATURE.to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    for (kind, data) in extra {
        chunk(&mut out, kind, data);
    }
    // Two IDAT chunks: the writer must join them.
    let z = miniz_oxide::deflate::compress_to_vec_zlib(raw, 6);
    let (a, b) = z.split_at(z.len() / 2);
    chunk(&mut out, b"IDAT", a);
    chunk(&mut out, b"IDAT", b);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn sixteen_bit_grey_png_becomes_8_bit() {
    // 2×1 grey, 16 bits: filter byte then two big-endian samples.
    let png = PngImage::parse(
        make_png(2, 1, 16, 0, &[0, 0xFF, 0xFF, 0x80, 0x00], &[]),
        LIMIT,
    )
    .unwrap();
    assert!(!png.passes_through());
    let px = png.pixels().unwrap();
    assert_eq!(
        (px.samples.as_slice(), px.components),
        (&[255u8, 128][..], 1)
    );
    assert!(px.alpha.is_none());
}

#[test]
fn rgba_png_keeps_alpha_unless_opaque() {
    let png = PngImage::parse(make_png(1, 1, 8, 6, &[0, 10, 20, 30, 40], &[]), LIMIT).unwrap();
    assert!(png.may_be_transparent() && !png.passes_through());
    let px = png.pixels().unwrap();
    assert_eq!(
        (px.samples.as_slice(), px.components),
        (&[10u8, 20, 30][..], 3)
    );
    assert_eq!(px.alpha.as_deref(), Some(&[40u8][..]));
    let opaque = PngImage::parse(make_png(1, 1, 8, 6, &[0, 10, 20, 30, 255], &[]), LIMIT).unwrap();
    assert!(opaque.pixels().unwrap().alpha.is_none());
}

#[test]
fn an_rgb_png_passes_through_with_its_idat_joined() {
    // 2×2 RGB, rows with filter bytes 1 (Sub) and 2 (Up).
    let raw = [1, 10, 20, 30, 5, 5, 5, 2, 1, 1, 1, 2, 2, 2];
    let bytes = make_png(2, 2, 8, 2, &raw, &[]);
    let png = PngImage::parse(bytes, LIMIT).unwrap();
    assert!(png.passes_through() && !png.may_be_transparent());
    assert_eq!(png.components(), 3);
    let mut inflated = Vec::new();
    flate2::read::ZlibDecoder::new(png.image_data().as_slice())
        .read_to_end(&mut inflated)
        .unwrap();
    // The PNG's own filtered rows: what /Predictor 15 tells a PDF reader to undo.
    assert_eq!(inflated, raw);
    let px = png.pixels().unwrap();
    assert_eq!(px.samples, [10, 20, 30, 15, 25, 35, 11, 21, 31, 17, 27, 37]);
}

#[test]
fn transparency_palettes_and_interlacing_are_decoded() {
    let trns = make_png(1, 1, 8, 2, &[0, 1, 2, 3], &[(b"tRNS", &[0, 1, 0, 2, 0, 3])]);
    let png = PngImage::parse(trns, LIMIT).unwrap();
    assert!(png.may_be_transparent() && !png.passes_through());
    let palette = make_png(1, 1, 8, 3, &[0, 0], &[(b"PLTE", &[9, 8, 7])]);
    let png = PngImage::parse(palette, LIMIT).unwrap();
    assert_eq!(png.pixels().unwrap().samples, [9, 8, 7]);
    assert!(!png.passes_through());
}

#[test]
fn damaged_files_are_refused_at_load() {
    let good = make_png(2, 2, 8, 2, &[0; 14], &[]);
    // Cut short.
    let e = PngImage::parse(good[..good.len() - 20].to_vec(), LIMIT).unwrap_err();
    assert!(e.message.contains("corrupt or truncated"), "{e:?}");
    // A byte flipped inside the image data.
    let mut flipped = good.clone();
    let at = flipped.windows(4).position(|w| w == b"IDAT").unwrap() + 5;
    flipped[at] ^= 0x40;
    let e = PngImage::parse(flipped, LIMIT).unwrap_err();
    assert!(e.message.contains("checksum of its IDAT chunk"), "{e:?}");
    // No IEND.
    let e = PngImage::parse(good[..good.len() - 12].to_vec(), LIMIT).unwrap_err();
    assert!(e.message.contains("ends before"), "{e:?}");
    // A palette image without its palette, and a bad palette.
    let e = PngImage::parse(make_png(1, 1, 8, 3, &[0, 0], &[]), LIMIT).unwrap_err();
    assert!(e.message.contains("without a palette"), "{e:?}");
    let e = PngImage::parse(
        make_png(1, 1, 8, 3, &[0, 0], &[(b"PLTE", &[1; 379])]),
        LIMIT,
    )
    .unwrap_err();
    assert!(e.message.contains("379 bytes"), "{e:?}");
    // A damaged text chunk is ignored, as PNG readers do.
    let mut text = make_png(1, 1, 8, 2, &[0, 1, 2, 3], &[(b"tEXt", b"Title\0x")]);
    let at = text.windows(4).position(|w| w == b"tEXt").unwrap() + 4;
    text[at] ^= 1;
    assert!(PngImage::parse(text, LIMIT).unwrap().passes_through());
    // An impossible header.
    let e = PngImage::parse(make_png(1, 1, 3, 2, &[0, 0, 0, 0], &[]), LIMIT).unwrap_err();
    assert!(e.message.contains("header is invalid"), "{e:?}");
}

#[test]
fn an_icc_profile_is_read_from_iccp() {
    let profile = vec![7u8; 300];
    let mut iccp = b"test\0\0".to_vec();
    iccp.extend(miniz_oxide::deflate::compress_to_vec_zlib(&profile, 6));
    let png = PngImage::parse(
        make_png(1, 1, 8, 2, &[0, 1, 2, 3], &[(b"iCCP", &iccp)]),
        LIMIT,
    )
    .unwrap();
    assert_eq!(png.icc().map(|p| p.as_slice()), Some(profile.as_slice()));
}
