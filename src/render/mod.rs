//! Render: a page's positioned items → PDF content-stream bytes, one rayon task per page.
