//! Where a routine comes from: a file path, the user's routine folder, or the shipped set.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use crate::kept::{KeptFiles, Kind};
use crate::paths::Paths;
use crate::routine::{Routine, parse, render_diagnostics};
use crate::safe_write::{self, Existing};
use crate::shipped;
use crate::textfile::{self, Unreadable};

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
    // Anything by that name is the user's: a FIFO or device is refused, not passed over.
    if in_folder.exists() {
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
    let text = read_text(path)?;
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

/// A routine file's text, or why it cannot be had (missing, a folder, a FIFO or
/// device, over 1 MB, not UTF-8); `check`, `run`, `list` and the live reload all
/// read through here.
pub fn read_text(path: &Path) -> Result<String, Unreadable> {
    textfile::read(path, "routine file")
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

/// `routine` as the evening runs it: each timed step without a lead-in of its own
/// gets `config.toml`'s (`lead_in`, 5 s by default), as the app gives it, so its
/// length ([`crate::routine::length_of`]) is the one the run screen counts down.
pub fn for_the_evening(routine: Routine, paths: &Paths) -> Routine {
    routine.with_lead_in(crate::settings::load(paths).config.lead_in)
}

/// Copy each shipped routine (and the schema they point at) into the routine
/// folder where its file is missing, creating the folder; the paths written.
/// A file that exists is never touched, whatever its content.
pub fn seed(paths: &Paths) -> Result<Vec<PathBuf>> {
    let folder = create_folder(paths)?;
    let files = shipped::ROUTINES
        .iter()
        .map(|routine| (format!("{}.toml", routine.name), routine.source))
        .chain([(shipped::SCHEMA_FILE.to_string(), shipped::SCHEMA)]);
    let mut written = Vec::new();
    for (file_name, text) in files {
        let path = folder.join(file_name);
        if write_new(&path, text, paths)? {
            written.push(path);
        }
    }
    Ok(written)
}

/// The routine folder, created if missing; an error says why it could not be.
pub fn create_folder(paths: &Paths) -> Result<PathBuf> {
    let folder = paths.routines();
    fs::create_dir_all(&folder).map_err(|err| {
        anyhow!(
            "cannot create the routine folder {}: {}",
            folder.display(),
            safe_write::why_not_created(&err, safe_write::folder_of(&folder))
        )
    })?;
    Ok(folder)
}

/// [`seed`] on the first run only: once the folder exists, what is in it is the user's choice.
pub fn seed_if_new(paths: &Paths) -> Result<Vec<PathBuf>> {
    if paths.routines().exists() {
        return Ok(Vec::new());
    }
    seed(paths)
}

/// Write `text` to `path` only if nothing is there; false when something already was.
/// A routine file may be written, and no other of winddown's own files (`paths`').
///
/// Written through [`safe_write`]: a crash never leaves half a file under the
/// real name, and a file that appears meanwhile is never replaced.
pub fn write_new(path: &Path, text: &str, paths: &Paths) -> Result<bool> {
    let kept = KeptFiles::of(paths).allowing(Kind::Routine);
    safe_write::write(path, Existing::Keep, &kept, |out| {
        Ok(out.write_all(text.as_bytes())?)
    })
}

impl Source {
    /// The fingerprint of its text (see [`fingerprint`]).
    pub fn hash(&self) -> String {
        fingerprint(&self.text)
    }
}

/// A fingerprint of a routine's text (64-bit FNV-1a), to tell whether a routine changed
/// since a run used it. Not for security: stable across builds and platforms.
pub fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// Every routine the user can pick: each `*.toml` in the routine folder (hidden drafts
/// skipped), then each shipped routine not shadowed by a file of the same name; sorted
/// by id within each group. Unreadable files are skipped here; `winddown list` reports them.
pub fn available(paths: &Paths) -> Vec<Source> {
    let files = routine_files(&paths.routines()).unwrap_or_default();
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

/// Whether the routine with this id is an evening routine: everything but the Cramp
/// SOS relief steps (`sos.toml`), which only `winddown sos` and `!` walk through.
/// The home screen's picker, `run`'s completions and `list`'s routines ask here.
pub fn is_nightly(id: &str) -> bool {
    id != shipped::SOS
}

/// Whether `name_or_path` (as `run` takes it) names the Cramp SOS relief steps: the
/// name `sos`, or the `sos.toml` in the routine folder.
pub fn names_sos(name_or_path: &str, paths: &Paths) -> bool {
    if name_or_path == shipped::SOS {
        return true;
    }
    let ours = paths.routines().join(format!("{}.toml", shipped::SOS));
    match (fs::canonicalize(name_or_path), fs::canonicalize(ours)) {
        (Ok(asked), Ok(ours)) => asked == ours,
        _ => false,
    }
}

/// The routine files in `folder`: `*.toml`, hidden drafts skipped, sorted by name.
pub fn routine_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(folder)
        .with_context(|| format!("cannot read the routine folder {}", folder.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry
            .with_context(|| format!("cannot read the routine folder {}", folder.display()))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !hidden && path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_never_replaces_a_file() {
        let folder = tempfile::tempdir().expect("tempdir");
        let path = folder.path().join("a.toml");
        let paths = Paths::resolve(Some(folder.path())).expect("paths");
        assert!(write_new(&path, "first", &paths).expect("write"));
        assert!(!write_new(&path, "second", &paths).expect("no write"));
        assert_eq!(fs::read_to_string(&path).expect("read"), "first");
        let names: Vec<_> = fs::read_dir(folder.path())
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.toml"], "no temporary file is left behind");
    }

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
