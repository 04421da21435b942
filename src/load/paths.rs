//! Safe resolution of asset paths written in the edition's files.
//!
//! A path is relative; it is looked up in the edition folder first, then in the project
//! folder. Whatever it resolves to (after following symlinks) must lie inside the edition
//! folder or the project's `assets/` folder.

use std::path::{Component, Path, PathBuf};

/// The folders asset paths are resolved against, canonicalized.
#[derive(Debug, Clone)]
pub struct Roots {
    /// The edition folder.
    pub edition: PathBuf,
    /// The project folder.
    pub project: PathBuf,
    /// The project's `assets/` folder (may not exist).
    pub assets: PathBuf,
}

/// Why a path was refused: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct PathProblem {
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl Roots {
    /// The roots for an edition folder and its project folder (both already canonical).
    pub fn new(edition: PathBuf, project: PathBuf) -> Roots {
        let assets = project.join("assets");
        let assets = assets.canonicalize().unwrap_or(assets);
        Roots {
            edition,
            project,
            assets,
        }
    }

    /// Whether a canonical path lies inside the edition folder or the project's `assets/`.
    fn allowed(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.edition) || canonical.starts_with(&self.assets)
    }

    /// Resolves `written` to an existing file inside the allowed folders.
    pub fn resolve(&self, written: &str) -> Result<PathBuf, PathProblem> {
        let relative = check_relative(written)?;
        let mut tried = Vec::new();
        for base in [&self.edition, &self.project] {
            let candidate = base.join(&relative);
            let Ok(meta) = std::fs::symlink_metadata(&candidate) else {
                tried.push(candidate);
                continue;
            };
            let canonical = match candidate.canonicalize() {
                Ok(c) => c,
                Err(e) => {
                    let what = if meta.file_type().is_symlink() {
                        "is a broken symlink"
                    } else {
                        "cannot be opened"
                    };
                    return Err(PathProblem {
                        message: format!("`{written}` {what} ({e})"),
                        hint: "point it at an existing file".into(),
                    });
                }
            };
            if !self.allowed(&canonical) {
                return Err(PathProblem {
                    message: format!(
                        "`{written}` resolves to {}, outside the edition folder and the project's assets/",
                        canonical.display()
                    ),
                    hint: "copy the file into the edition folder or the project's assets/ \
                           instead of linking to it"
                        .into(),
                });
            }
            if !canonical.is_file() {
                return Err(PathProblem {
                    message: format!("`{written}` is not a file"),
                    hint: "name a JPEG, PNG or PDF file".into(),
                });
            }
            return Ok(canonical);
        }
        let tried: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
        Err(PathProblem {
            message: format!(
                "file not found: `{written}` (looked for {})",
                tried.join(" and ")
            ),
            hint: "check the spelling; paths are relative to the edition folder or the project \
                   folder (`assets/...`)"
                .into(),
        })
    }
}

/// Checks that `written` is a relative path whose `..` components never climb above its
/// base, and returns it normalized.
pub fn check_relative(written: &str) -> Result<PathBuf, PathProblem> {
    if written.trim().is_empty() {
        return Err(PathProblem {
            message: "the file path is empty".into(),
            hint: "name a file relative to the edition folder or the project folder".into(),
        });
    }
    let looks_absolute = written.starts_with('/')
        || written.starts_with('\\')
        || written.as_bytes().get(1) == Some(&b':');
    let path = Path::new(written);
    if looks_absolute || path.is_absolute() || path.has_root() {
        return Err(PathProblem {
            message: format!("absolute paths are not allowed: `{written}`"),
            hint: "write the path relative to the edition folder, or as `assets/...` for the \
                   project's assets"
                .into(),
        });
    }
    let mut out = PathBuf::new();
    let mut depth = 0usize;
    for comp in path.components() {
        match comp {
            Component::Normal(c) => {
                out.push(c);
                depth += 1;
            }
            Component::CurDir => {}
            Component::ParentDir => {
                if depth == 0 {
                    return Err(PathProblem {
                        message: format!("`{written}` climbs out of its folder with `..`"),
                        hint: "asset paths must stay inside the edition folder or the \
                               project's assets/"
                            .into(),
                    });
                }
                out.pop();
                depth -= 1;
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathProblem {
                    message: format!("absolute paths are not allowed: `{written}`"),
                    hint: "write the path relative to the edition folder".into(),
                })
            }
        }
    }
    if depth == 0 {
        return Err(PathProblem {
            message: format!("`{written}` names a folder, not a file"),
            hint: "name a file".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_checked() {
        assert_eq!(
            check_relative("./assets/x.jpg").unwrap(),
            PathBuf::from("assets/x.jpg")
        );
        assert_eq!(
            check_relative("a/../b.jpg").unwrap(),
            PathBuf::from("b.jpg")
        );
        assert!(check_relative("../../etc/passwd").is_err());
        assert!(check_relative("a/../../b").is_err());
        assert!(check_relative("/etc/passwd").is_err());
        assert!(check_relative("C:\\x.jpg").is_err());
        assert!(check_relative("").is_err());
        assert!(check_relative("a/..").is_err());
    }
}
