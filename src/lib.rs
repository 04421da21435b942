//! presswork: typesets a magazine edition from structured data into a print-ready PDF.
//!
//! The stages, each a module, data flowing one way:
//! [`load`] (files → [`load::LoadedEdition`]) → [`text`] (shape, hyphenate, break) →
//! [`flow`] and [`pages`] (→ [`document::Document`]) → [`render`] (content streams, per page in
//! parallel) → [`pdf`] (one PDF, written atomically).

pub mod diag;
pub mod document;
pub mod flow;
pub mod geom;
pub mod load;
pub mod model;
pub mod pages;
pub mod pdf;
pub mod render;
pub mod text;
