//! Pages: flatplan → pages (cover, full-page ads, article pages with openers, ads, folios).
