//! Print structure and metadata: the PDF/X output intent (FOGRA39), the registration colour
//! space, the Info dictionary and the XMP packet.

use super::conform::Conformance;
use super::ids::DateTime;
use super::images::write_packed_icc;
use crate::document::DocumentMeta;
use pdf_writer::types::{OutputIntentSubtype, TrappingStatus};
use pdf_writer::{Chunk, Name, Pdf, Ref, TextStr};

/// The characterised printing condition the file is made for (FOGRA39, coated offset).
pub const FOGRA39_ICC: &[u8] = include_bytes!("../../assets/icc/FOGRA39L-free.icc");

/// [`FOGRA39_ICC`] zlib-compressed once, when it was added to the project (level 9): every
/// final PDF embeds it, and compressing 247 KB on each build cost more than the rest of
/// writing the file's objects. A test checks that it inflates to the profile.
const FOGRA39_ICC_ZLIB: &[u8] = include_bytes!("../../assets/icc/FOGRA39L-free.icc.zlib");

/// The PDF/X version claimed by default (see [`Conformance`]).
pub const PDFX_VERSION: &str = "PDF/X-4";

/// The program, for Producer and CreatorTool.
pub const PRODUCER: &str = concat!("presswork ", env!("CARGO_PKG_VERSION"));

/// The document's title as written to Info and XMP.
pub fn title_of(meta: &DocumentMeta) -> String {
    match (meta.title.trim(), meta.issue.trim()) {
        ("", issue) => issue.to_string(),
        (title, "") => title.to_string(),
        (title, issue) => format!("{title} {issue}"),
    }
}

/// Writes the registration colour (Separation /All, all four inks) as object `id`.
pub fn write_registration(chunk: &mut Chunk, id: Ref) {
    let mut sep = chunk.color_space(id).separation(Name(b"All"));
    sep.alternate_color_space().device_cmyk();
    sep.tint_exponential()
        .domain([0.0, 1.0])
        .range([0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0])
        .c0([0.0, 0.0, 0.0, 0.0])
        .c1([1.0, 1.0, 1.0, 1.0])
        .n(1.0);
}

/// Writes the destination profile as object `id` (the output intent refers to it).
pub fn write_output_profile(chunk: &mut Chunk, id: Ref) {
    write_packed_icc(chunk, id, FOGRA39_ICC_ZLIB, 4);
}

/// Writes the catalog with its page tree, output intent and metadata stream.
pub fn write_catalog(
    pdf: &mut Pdf,
    catalog: Ref,
    pages: Ref,
    metadata: Ref,
    profile: Ref,
    lang: &str,
) {
    let mut cat = pdf.catalog(catalog);
    cat.pages(pages).metadata(metadata);
    if !lang.trim().is_empty() {
        cat.lang(TextStr(lang.trim()));
    }
    cat.output_intents()
        .push()
        .subtype(OutputIntentSubtype::PDFX)
        .output_condition(TextStr(
            "Offset commercial and specialty printing, coated paper (ISO 12647-2:2004)",
        ))
        .output_condition_identifier(TextStr("FOGRA39"))
        .registry_name(TextStr("http://www.color.org"))
        .info(TextStr("Coated FOGRA39 (ISO 12647-2:2004)"))
        .dest_output_profile(profile);
}

/// Writes the Info dictionary.
pub fn write_info(
    pdf: &mut Pdf,
    id: Ref,
    meta: &DocumentMeta,
    date: Option<DateTime>,
    conformance: Conformance,
) {
    let title = title_of(meta);
    let mut info = pdf.document_info(id);
    info.title(TextStr(&title))
        .producer(TextStr(PRODUCER))
        .creator(TextStr(PRODUCER))
        .trapped(TrappingStatus::NotTrapped);
    if let Some(p) = &meta.publisher {
        info.author(TextStr(p));
    }
    if let Some(d) = date {
        info.creation_date(d.to_pdf()).modified_date(d.to_pdf());
    }
    info.pair(Name(b"GTS_PDFXVersion"), TextStr(conformance.version()));
    if conformance == Conformance::X1a {
        // PDF/X-1a:2001 also names its conformance level in Info.
        info.pair(Name(b"GTS_PDFXConformance"), TextStr(conformance.version()));
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The XMP packet: title, producer, PDF/X version, trapping, document and instance ids,
/// and dates only when a date is given.
pub fn xmp(
    meta: &DocumentMeta,
    date: Option<DateTime>,
    id_hex: &str,
    conformance: Conformance,
) -> String {
    let version = conformance.version();
    let title = xml_escape(&title_of(meta));
    let lang = if meta.language.trim().is_empty() {
        "x-default".to_string()
    } else {
        xml_escape(meta.language.trim())
    };
    let mut dates = String::new();
    if let Some(d) = date {
        let iso = d.to_iso();
        dates = format!(
            "   <xmp:CreateDate>{iso}</xmp:CreateDate>\n   <xmp:ModifyDate>{iso}</xmp:ModifyDate>\n   <xmp:MetadataDate>{iso}</xmp:MetadataDate>\n"
        );
    }
    let publisher = meta
        .publisher
        .as_deref()
        .map(|p| {
            format!(
                "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
                xml_escape(p)
            )
        })
        .unwrap_or_default();
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
 <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
  <rdf:Description rdf:about=\"\"\n\
    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n\
    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n\
    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n\
    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n\
    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n\
   <dc:format>application/pdf</dc:format>\n\
   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
{publisher}\
   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>\n\
{dates}\
   <xmpMM:DocumentID>uuid:{id_hex}</xmpMM:DocumentID>\n\
   <xmpMM:InstanceID>uuid:{id_hex}</xmpMM:InstanceID>\n\
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n\
   <xmpMM:VersionID>1</xmpMM:VersionID>\n\
   <pdf:Producer>{PRODUCER}</pdf:Producer>\n\
   <pdf:Trapped>False</pdf:Trapped>\n\
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>\n\
  </rdf:Description>\n\
 </rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>"
    )
}

/// A 16-byte id as a UUID-shaped hex string.
pub fn uuid_hex(id: &[u8]) -> String {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    if hex.len() == 32 {
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    } else {
        hex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_has_pdfx_version_and_dates_only_with_an_epoch() {
        let meta = DocumentMeta {
            title: "Zorg & <Welzijn>".into(),
            issue: "4".into(),
            ..Default::default()
        };
        let x = xmp(&meta, None, "00", Conformance::X4);
        assert!(x.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(x.contains("Zorg &amp; &lt;Welzijn&gt; 4"));
        assert!(!x.contains("CreateDate"));
        let x = xmp(&meta, Some(DateTime::from_unix(0)), "00", Conformance::X4);
        assert!(x.contains("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
    }

    #[test]
    fn the_packed_press_profile_is_the_profile() {
        let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib(FOGRA39_ICC_ZLIB).unwrap();
        assert!(
            unpacked == FOGRA39_ICC,
            "re-pack assets/icc/FOGRA39L-free.icc.zlib"
        );
    }
}
