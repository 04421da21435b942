//! Diagnostics as data: every problem the program reports says where it is (file, field, line
//! and column where there are some), what is wrong, and what to do about it.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the build goes on.
    Warning,
    /// The edition cannot be built as asked.
    Error,
}

/// What kind of failure a diagnostic stands for; decides the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The input files are wrong (exit code 2).
    Input,
    /// The input is well-formed but the result fails a preflight check (exit code 1).
    Preflight,
    /// Writing the output failed (exit code 1).
    Output,
}

/// One problem found in the input or the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Which kind of check found it.
    pub stage: Stage,
    /// The file it is in, when it is in one.
    pub file: Option<PathBuf>,
    /// The field, as a dotted path (`body[3].text`), when known.
    pub field: Option<String>,
    /// 1-based line and column in the file, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An input error: the edition's files must be fixed.
    pub fn input(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            stage: Stage::Input,
            file: None,
            field: None,
            position: None,
            message: message.into(),
            hint: None,
        }
    }

    /// A preflight error: the input is valid but the result is not fit to print.
    pub fn preflight(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            stage: Stage::Preflight,
            ..Diagnostic::input(message)
        }
    }

    /// An output error (writing the PDF failed).
    pub fn output(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            stage: Stage::Output,
            ..Diagnostic::input(message)
        }
    }

    /// The same diagnostic as a warning.
    pub fn warning(mut self) -> Diagnostic {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic, located in `file`.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Diagnostic {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// The same diagnostic, naming `field`.
    pub fn at_field(mut self, field: impl Into<String>) -> Diagnostic {
        self.field = Some(field.into());
        self
    }

    /// The same diagnostic, at 1-based `line` and `column`.
    pub fn at(mut self, line: usize, column: usize) -> Diagnostic {
        self.position = Some((line, column));
        self
    }

    /// The same diagnostic, with advice on what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this finding stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some((line, col)) = self.position {
                write!(f, ":{line}:{col}")?;
            }
            write!(f, ": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// A list of findings, in the order they were found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// No findings.
    pub fn new() -> Diagnostics {
        Diagnostics(Vec::new())
    }

    /// Adds one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d)
    }

    /// Adds all findings of another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// The process exit code these findings call for: 2 for bad input, 1 for a failed
    /// preflight or output, 0 when there are no errors.
    pub fn exit_code(&self) -> i32 {
        if self.errors().any(|d| d.stage == Stage::Input) {
            2
        } else if self.has_errors() {
            1
        } else {
            0
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_position_field_and_hint() {
        let d = Diagnostic::input("unknown field `hedline`")
            .in_file("articles/a.json")
            .at(3, 5)
            .at_field("hedline")
            .with_hint("did you mean `headline`?");
        let s = d.to_string();
        assert_eq!(
            s,
            "error: articles/a.json:3:5: `hedline`: unknown field `hedline`\n  hint: did you mean `headline`?"
        );
    }

    #[test]
    fn exit_codes() {
        let mut ds = Diagnostics::new();
        assert_eq!(ds.exit_code(), 0);
        ds.push(Diagnostic::preflight("overset").warning());
        assert_eq!(ds.exit_code(), 0);
        ds.push(Diagnostic::preflight("overset"));
        assert_eq!(ds.exit_code(), 1);
        ds.push(Diagnostic::input("bad"));
        assert_eq!(ds.exit_code(), 2);
    }
}
