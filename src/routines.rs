//! Where a routine comes from: a file path, the user's routine folder, or the shipped set.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::paths::Paths;
use crate::routine::{Routine, parse, render_diagnostics};
use crate::shipped;

/// A routine's text and where it came from, before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Stable id for history: the shipped name or the file's stem.
    pub id: String,
    /// How to name it in messages: a path as given, or `shipped:NAME`.
    pub origin: String,
    /// The file it was read from; `None` for a shipped routine read from the binary.
    pub path: Option<PathBuf>,
    /// The file's text.
    pub text: String,
}

/// A routine that failed validation; the message holds every rendered diagnostic.
#[derive(Debug)]
pub struct Invalid(pub String);

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.trim_end())
    }
}

impl std::error::Error for Invalid {}

/// Find `name_or_path`: an existing file, then `NAME.toml` in the routine folder, then a shipped routine.
pub fn find(name_or_path: &str, paths: &Paths) -> Result<Source> {
    let as_path = Path::new(name_or_path);
    let looks_like_path = name_or_path.contains(std::path::MAIN_SEPARATOR)
        || as_path.extension().is_some_and(|ext| ext == "toml");
    if looks_like_path || as_path.is_file() {
        return read(as_path, name_or_path.to_string());
    }
    let in_folder = paths.routines().join(format!("{name_or_path}.toml"));
    if in_folder.is_file() {
        return read(&in_folder, in_folder.display().to_string());
    }
    if let Some(shipped) = shipped::find(name_or_path) {
        return Ok(Source {
            id: shipped.name.to_string(),
            origin: format!("shipped:{}", shipped.name),
            path: None,
            text: shipped.source.to_string(),
        });
    }
    let names: Vec<&str> = shipped::ROUTINES.iter().map(|r| r.name).collect();
    bail!(
        "no routine named \"{name_or_path}\" in {} or among the shipped ones ({})",
        paths.routines().display(),
        names.join(", ")
    )
}

fn read(path: &Path, origin: String) -> Result<Source> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {origin}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow::anyhow!("{origin} is not valid UTF-8 text"))?;
    let id = path.file_stem().map_or_else(
        || origin.clone(),
        |stem| stem.to_string_lossy().into_owned(),
    );
    Ok(Source {
        id,
        origin,
        path: Some(path.to_path_buf()),
        text,
    })
}

/// Parse a source into a routine, or an [`Invalid`] error carrying every diagnostic.
pub fn load(source: &Source) -> Result<Routine> {
    parse(&source.text).map_err(|diagnostics| {
        Invalid(render_diagnostics(
            &source.origin,
            &source.text,
            &diagnostics,
        ))
        .into()
    })
}

impl Source {
    /// A fingerprint of the text (64-bit FNV-1a), to tell whether a routine changed
    /// since a run used it. Not for security: stable across builds and platforms.
    pub fn hash(&self) -> String {
        let hash = self
            .text
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("{hash:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_stable_and_tells_edits_apart() {
        let source = |text: &str| Source {
            id: "r".into(),
            origin: "r.toml".into(),
            path: None,
            text: text.into(),
        };
        assert_eq!(source("").hash(), "cbf29ce484222325");
        assert_eq!(source("a").hash(), "af63dc4c8601ec8c");
        assert_ne!(source("name = \"a\"").hash(), source("name = \"b\"").hash());
    }
}

/// Every routine the user can pick: each `*.toml` in the routine folder (hidden drafts
/// skipped), then each shipped routine not shadowed by a file of the same name; sorted
/// by id within each group. Unreadable files are skipped here; `winddown list` reports them.
pub fn available(paths: &Paths) -> Vec<Source> {
    let mut files: Vec<PathBuf> = fs::read_dir(paths.routines())
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| {
                    path.extension().is_some_and(|ext| ext == "toml")
                        && !path
                            .file_name()
                            .is_some_and(|name| name.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut sources: Vec<Source> = files
        .iter()
        .filter_map(|path| read(path, path.display().to_string()).ok())
        .collect();
    for shipped in shipped::ROUTINES {
        if !sources.iter().any(|source| source.id == shipped.name) {
            sources.push(Source {
                id: shipped.name.to_string(),
                origin: format!("shipped:{}", shipped.name),
                path: None,
                text: shipped.source.to_string(),
            });
        }
    }
    sources
}
