//! One article file: `editions/<name>/articles/<id>.json`.

use super::Language;
use serde::{Deserialize, Serialize};

/// An article as the editors write it: opener fields and a body of blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The article's id; must equal the file name without `.json`.
    pub id: String,
    /// The magazine section it belongs to, printed in the running head.
    pub section: String,
    /// A short label above the headline.
    #[serde(default)]
    pub kicker: Option<String>,
    /// The headline; an article without one (a foreword) opens with its section name.
    #[serde(default)]
    pub headline: Option<String>,
    /// A second headline line under the headline.
    #[serde(default)]
    pub subheadline: Option<String>,
    /// The introduction, set large across the columns; paragraphs separated by `\n`.
    #[serde(default)]
    pub standfirst: Option<String>,
    /// Author and role lines, separated by `\n`.
    #[serde(default)]
    pub byline: Option<String>,
    /// A photo across the top of the opener.
    #[serde(default)]
    pub lead_image: Option<ImageRef>,
    /// Overrides the edition's language for this article.
    #[serde(default)]
    pub language: Option<Language>,
    /// The article's text, in reading order.
    pub body: Vec<Block>,
}

/// A photo reference: the file, and the words printed with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    /// Path of the image, relative to the edition folder or the project's `assets/`.
    pub file: String,
    /// Caption printed under the photo.
    #[serde(default)]
    pub caption: Option<String>,
    /// Photographer credit.
    #[serde(default)]
    pub credit: Option<String>,
    /// The point to keep in view when the photo is cropped (fractions from the top-left).
    #[serde(default)]
    pub focus: Option<[f64; 2]>,
    /// How the photo fills its frame: `fill` (the default) crops it around `focus`;
    /// `contain` shows all of it, the frame shrinking to the photo's shape.
    #[serde(default)]
    pub fit: Option<Fit>,
}

/// How a photo fills its frame.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    /// Fill the frame, cropping what sticks out around the focus point.
    #[default]
    Fill,
    /// Show the whole photo: the frame takes the photo's proportions as far as the layout
    /// allows, and a photo taller than the room is scaled down and centred (letterboxed).
    Contain,
}

/// Where a body photo's caption and credit are set.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum CaptionPosition {
    /// Under the photo, at its width.
    #[default]
    Below,
    /// In the column beside the photo (on the page's outside when there is room), its last
    /// line level with the photo's foot. Needs a page of two or more columns; the photo
    /// then spans at most one column fewer than the page has.
    Beside,
}

/// One block of an article's body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
pub enum Block {
    /// A body paragraph.
    Paragraph {
        /// The paragraph's text.
        text: String,
    },
    /// A subheading inside the body.
    Crosshead {
        /// The crosshead's text.
        text: String,
    },
    /// A quote from the body, set large.
    Pullquote {
        /// The quoted words.
        text: String,
        /// Who said it.
        #[serde(default)]
        attribution: Option<String>,
    },
    /// A boxed sidebar.
    Box {
        /// The box's title.
        #[serde(default)]
        title: Option<String>,
        /// The box's paragraphs.
        paragraphs: Vec<String>,
    },
    /// A list; items carry their own bullets or numbers as the editors typed them.
    List {
        /// The list items.
        items: Vec<String>,
    },
    /// A caption whose photo is not (yet) known.
    Caption {
        /// The caption text.
        text: String,
    },
    /// A photo in the body with its caption and credit.
    Image {
        /// Path of the image, relative to the edition folder or the project's `assets/`.
        file: String,
        /// Caption printed under the photo.
        #[serde(default)]
        caption: Option<String>,
        /// Photographer credit.
        #[serde(default)]
        credit: Option<String>,
        /// How many columns the photo spans (1 by default; 2 or more float across the page
        /// with the text flowing above and below).
        #[serde(default)]
        span: Option<u8>,
        /// The point to keep in view when the photo is cropped to its frame, as fractions of
        /// its width and height from the top-left (`[0.5, 0.5]`, the centre, by default).
        #[serde(default)]
        focus: Option<[f64; 2]>,
        /// How the photo fills its frame (`fill`, the default, or `contain`).
        #[serde(default)]
        fit: Option<Fit>,
        /// Where the caption and credit go: `below` the photo (the default) or `beside` it.
        #[serde(default)]
        caption_position: Option<CaptionPosition>,
        /// A full-page photo: it gets a page of its own (the article's next page, or the
        /// current one when nothing is on it yet), filling the trim and the bleed, cropped
        /// around `focus`; caption and credit go in a small panel at the foot of the type
        /// area, and the text continues on the page after it. `span` and
        /// `caption_position` do not apply.
        #[serde(default)]
        full_page: bool,
    },
}

impl Block {
    /// The block's type name as written in the files.
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Paragraph { .. } => "paragraph",
            Block::Crosshead { .. } => "crosshead",
            Block::Pullquote { .. } => "pullquote",
            Block::Box { .. } => "box",
            Block::List { .. } => "list",
            Block::Caption { .. } => "caption",
            Block::Image { .. } => "image",
        }
    }
}

impl Article {
    /// Every word the reader must find in the printed edition, in reading order: opener,
    /// then body blocks. Used by tests and by the overset accounting.
    pub fn words(&self) -> Vec<String> {
        // The opener's order: label, lead photo with its caption, headline, subheadline,
        // standfirst, byline.
        let mut texts: Vec<&str> = Vec::new();
        texts.extend(self.kicker.as_deref());
        if let Some(img) = &self.lead_image {
            texts.extend(img.caption.as_deref());
            texts.extend(img.credit.as_deref());
        }
        for t in [
            &self.headline,
            &self.subheadline,
            &self.standfirst,
            &self.byline,
        ]
        .into_iter()
        .flatten()
        {
            texts.push(t);
        }
        for block in &self.body {
            match block {
                Block::Paragraph { text } | Block::Crosshead { text } | Block::Caption { text } => {
                    texts.push(text)
                }
                Block::Pullquote { text, attribution } => {
                    texts.push(text);
                    texts.extend(attribution.as_deref());
                }
                Block::Box { title, paragraphs } => {
                    texts.extend(title.as_deref());
                    texts.extend(paragraphs.iter().map(String::as_str));
                }
                Block::List { items } => texts.extend(items.iter().map(String::as_str)),
                Block::Image {
                    caption, credit, ..
                } => {
                    texts.extend(caption.as_deref());
                    texts.extend(credit.as_deref());
                }
            }
        }
        texts
            .iter()
            .flat_map(|t| t.split_whitespace())
            .map(str::to_string)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_block_field_is_refused() {
        let err = serde_json::from_str::<Article>(
            r#"{"id":"a","section":"s","body":[{"type":"paragraph","txt":"x"}]}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field `txt`"), "{err}");
    }

    #[test]
    fn unknown_article_field_is_refused() {
        let err =
            serde_json::from_str::<Article>(r#"{"id":"a","section":"s","hedline":"x","body":[]}"#)
                .unwrap_err();
        assert!(err.to_string().contains("unknown field `hedline`"), "{err}");
    }

    #[test]
    fn words_cover_every_block() {
        let a: Article = serde_json::from_str(
            r#"{"id":"a","section":"S","headline":"Kop hier","body":[
                {"type":"paragraph","text":"een twee"},
                {"type":"pullquote","text":"drie","attribution":"vier"},
                {"type":"box","title":"vijf","paragraphs":["zes"]},
                {"type":"list","items":["zeven"]},
                {"type":"image","file":"x.jpg","caption":"acht","credit":"negen"}]}"#,
        )
        .unwrap();
        assert_eq!(
            a.words(),
            [
                "Kop", "hier", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
                "negen"
            ]
        );
    }
}
