//! Preflight findings: what a check found, how bad it is and where it is.

use crate::diag::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a preflight finding is. Unlike [`crate::diag::Severity`] it has an `info` level:
/// things a prepress operator wants to know that are not defects (RGB photos in PDF/X-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; never stops a build.
    Info,
    /// Probably a defect; never stops a build.
    Warning,
    /// Not fit to print: a final build refuses to write the PDF without `--force`.
    Error,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// Which check produced a finding; the names are the keys of `[severity]` in
/// `layouts/<name>.preflight.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// Words that did not fit the article's pages.
    Overset,
    /// A character the font has no glyph for (glyph id 0, drawn as a box or nothing).
    MissingGlyph,
    /// A photo placed below the layout's minimum effective resolution.
    LowPpi,
    /// A photo placed below the hard floor of effective resolution.
    PpiFloor,
    /// RGB image content (kept ICC-tagged; allowed in PDF/X-4).
    Rgb,
    /// An ad whose trim size differs from the slot it was booked for.
    AdSize,
    /// A finding of another stage (layout warnings, the ad checker).
    Other,
}

impl Check {
    /// The check's name, as used in the settings file and the report.
    pub fn name(self) -> &'static str {
        match self {
            Check::Overset => "overset",
            Check::MissingGlyph => "missing_glyph",
            Check::LowPpi => "low_ppi",
            Check::PpiFloor => "ppi_floor",
            Check::Rgb => "rgb",
            Check::AdSize => "ad_size",
            Check::Other => "other",
        }
    }
}

/// One preflight finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// How bad it is.
    pub level: Level,
    /// Which check found it.
    pub check: Check,
    /// What is wrong.
    pub message: String,
    /// The page it is on (1-based), when it is on one.
    pub page: Option<u32>,
    /// The article or ad id (or `cover`, `furniture`) it belongs to.
    pub owner: Option<String>,
    /// The part of the owner (`body[3]`, `lead_image`, `ad`, …).
    pub part: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Finding {
    /// A finding of `check` at `level`.
    pub fn new(check: Check, level: Level, message: impl Into<String>) -> Finding {
        Finding {
            level,
            check,
            message: message.into(),
            page: None,
            owner: None,
            part: None,
            hint: None,
        }
    }

    /// The same finding on page `page`.
    pub fn on_page(mut self, page: u32) -> Finding {
        self.page = Some(page);
        self
    }

    /// The same finding, located at `owner` / `part`.
    pub fn at(mut self, owner: impl Into<String>, part: impl Into<String>) -> Finding {
        self.owner = Some(owner.into());
        self.part = Some(part.into());
        self
    }

    /// The same finding with advice.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// A finding made from another stage's diagnostic (warnings stay warnings).
    pub fn from_diagnostic(d: &Diagnostic) -> Finding {
        Finding {
            level: if d.is_error() {
                Level::Error
            } else {
                Level::Warning
            },
            check: Check::Other,
            message: d.message.clone(),
            page: None,
            owner: d.file.as_ref().map(|f| f.display().to_string()),
            part: d.field.clone(),
            hint: d.hint.clone(),
        }
    }

    /// The finding as a diagnostic (info becomes a warning: diagnostics have no info level).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut message = self.message.clone();
        if let Some(page) = self.page {
            message = format!("page {page}: {message}");
        }
        let mut d = Diagnostic::preflight(message);
        if self.level != Level::Error {
            d = d.warning();
        }
        if let Some(part) = self.location() {
            d = d.at_field(part);
        }
        if let Some(hint) = &self.hint {
            d = d.with_hint(hint.clone());
        }
        d
    }

    /// `owner.part`, or whichever of them is known.
    pub fn location(&self) -> Option<String> {
        match (&self.owner, &self.part) {
            (Some(o), Some(p)) => Some(format!("{o}.{p}")),
            (Some(o), None) => Some(o.clone()),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]: ", self.level, self.check.name())?;
        if let Some(page) = self.page {
            write!(f, "page {page}: ")?;
        }
        if let Some(loc) = self.location() {
            write!(f, "`{loc}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Counts of findings by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

/// Counts `findings` by level.
pub fn count(findings: &[Finding]) -> Counts {
    let mut c = Counts::default();
    for f in findings {
        match f.level {
            Level::Error => c.errors += 1,
            Level::Warning => c.warnings += 1,
            Level::Info => c.infos += 1,
        }
    }
    c
}

/// The errors among `findings` as diagnostics (what a refused build reports).
pub fn errors_as_diagnostics(findings: &[Finding]) -> Diagnostics {
    Diagnostics(
        findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .map(Finding::to_diagnostic)
            .collect(),
    )
}
