//! The files winddown keeps (the history database and SQLite's files beside it,
//! the instance lock, the recovery files, the reminder log, config.toml and the
//! routine folder's files), recognised whatever path names them, so that no
//! command writes a user-named file over one of them and `import` never reads
//! one as an export.
//!
//! A path is resolved before it is compared: its folder by what the folder is
//! (device and inode on Unix, volume and file index elsewhere), so `..`, `.`
//! and symlinked folders are seen through; a file that exists by what it is, so
//! a symlink or a hard link to the database is caught too. A name the app only
//! creates while it runs (`winddown.db-wal`, `winddown.db-journal`, a recovery
//! file) is kept even while nothing has that name.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::journal::RECOVERY_PREFIX;
use crate::paths::{CONFIG_FILE, Paths};
use crate::remind::TURN_FILE as REMIND_TURN;
use crate::remind::log::FILE as REMIND_LOG;
use crate::store::{DB_FILE, LOCK_FILE};

/// What a kept file is to winddown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `winddown.db`: every night.
    Database,
    /// `winddown.db-wal`: SQLite's write-ahead log, part of the database while the app runs.
    WriteAheadLog,
    /// `winddown.db-shm`: SQLite's shared-memory index of the write-ahead log.
    SharedMemory,
    /// `winddown.db-journal`: SQLite's rollback journal.
    RollbackJournal,
    /// `winddown.lock` (one interactive winddown per data folder) or `remind.lock`
    /// (one reminder tick at a time).
    Lock,
    /// `winddown-unsaved-*`: steps the database would not take, kept for the next start.
    Recovery,
    /// `remind.log`: how each night's reminder was settled.
    RemindLog,
    /// `config.toml`.
    Settings,
    /// A `*.toml` in the routine folder, a hidden edit draft included.
    Routine,
}

impl Kind {
    /// What the file is, in words that follow "X is".
    pub fn what(self) -> &'static str {
        match self {
            Kind::Database => "winddown's history database",
            Kind::WriteAheadLog => "winddown's database write-ahead log",
            Kind::SharedMemory => "winddown's database shared-memory index",
            Kind::RollbackJournal => "winddown's database rollback journal",
            Kind::Lock => "one of winddown's lock files",
            Kind::Recovery => "winddown's file of unsaved progress",
            Kind::RemindLog => "winddown's reminder log",
            Kind::Settings => "winddown's settings file",
            Kind::Routine => "a routine file in winddown's routine folder",
        }
    }
}

/// The data folder's kept names, exactly (compared without regard to ASCII case,
/// as the file systems of macOS and Windows do).
fn data_kind(name: &str) -> Option<Kind> {
    let named = |kept: &str| name.eq_ignore_ascii_case(kept);
    let database = |suffix: &str| named(&format!("{DB_FILE}{suffix}"));
    if database("") {
        Some(Kind::Database)
    } else if database("-wal") {
        Some(Kind::WriteAheadLog)
    } else if database("-shm") {
        Some(Kind::SharedMemory)
    } else if database("-journal") {
        Some(Kind::RollbackJournal)
    } else if named(LOCK_FILE) {
        Some(Kind::Lock)
    } else if named(REMIND_LOG) {
        Some(Kind::RemindLog)
    } else if named(REMIND_TURN) {
        Some(Kind::Lock)
    } else if starts_with_ignoring_case(name, RECOVERY_PREFIX) {
        Some(Kind::Recovery)
    } else {
        None
    }
}

fn starts_with_ignoring_case(name: &str, prefix: &str) -> bool {
    name.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

fn ends_with_ignoring_case(name: &str, suffix: &str) -> bool {
    name.len() >= suffix.len()
        && name
            .get(name.len() - suffix.len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
}

/// A kept file a path turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// What it is.
    pub kind: Kind,
    /// The kept file, as winddown names it.
    pub path: PathBuf,
}

/// The files winddown keeps for one set of folders, less those the command at
/// hand may write (`edit` writes routine files, a reminder tick its log).
#[derive(Debug, Clone)]
pub struct KeptFiles {
    data: PathBuf,
    config: PathBuf,
    routines: PathBuf,
    allowed: Vec<Kind>,
}

impl KeptFiles {
    /// Every file winddown keeps in `paths`.
    pub fn of(paths: &Paths) -> KeptFiles {
        KeptFiles {
            data: paths.data.clone(),
            config: paths.config.clone(),
            routines: paths.routines(),
            allowed: Vec::new(),
        }
    }

    /// The same, less files of `kind`, which the command at hand writes itself.
    pub fn allowing(mut self, kind: Kind) -> KeptFiles {
        self.allowed.push(kind);
        self
    }

    /// Refuses `target` as a file to write when it is one of the kept files;
    /// `resolved` is where its links lead (the file that would be written).
    pub fn refuse_output(&self, target: &Path, resolved: &Path) -> Result<()> {
        if let Some(found) = self.find(resolved) {
            bail!(
                "{}, which winddown never writes over: choose another file",
                is_what(target, &found)
            );
        }
        Ok(())
    }

    /// Refuses `source` as an export to import when it is one of the kept files.
    pub fn refuse_input(&self, source: &Path) -> Result<()> {
        if let Some(found) = self.find(source) {
            bail!(
                "{}, not an export; `winddown import` reads a file written by \
                 `winddown export --format json --out FILE`",
                is_what(source, &found)
            );
        }
        Ok(())
    }

    /// The kept file `path` names, if any.
    pub fn find(&self, path: &Path) -> Option<Found> {
        self.by_name(path)
            .or_else(|| self.by_identity(path))
            .filter(|found| !self.allowed.contains(&found.kind))
    }

    /// `path`'s folder is one of winddown's folders and its name one kept there.
    fn by_name(&self, path: &Path) -> Option<Found> {
        let name = path.file_name()?.to_str()?;
        let folder = Identity::of(&fs::canonicalize(crate::safe_write::folder_of(path)).ok()?)?;
        let kind = if Identity::of(&self.data).as_ref() == Some(&folder) {
            data_kind(name)
        } else {
            None
        };
        let kind = kind.or_else(|| {
            let in_config = Identity::of(&self.config).as_ref() == Some(&folder);
            (in_config && name.eq_ignore_ascii_case(CONFIG_FILE)).then_some(Kind::Settings)
        });
        let kind = kind.or_else(|| {
            let in_routines = Identity::of(&self.routines).as_ref() == Some(&folder);
            (in_routines && ends_with_ignoring_case(name, ".toml")).then_some(Kind::Routine)
        })?;
        let home = match kind {
            Kind::Settings => &self.config,
            Kind::Routine => &self.routines,
            _ => &self.data,
        };
        Some(Found {
            kind,
            path: home.join(name),
        })
    }

    /// `path` is, through links of any kind, a kept file that exists.
    fn by_identity(&self, path: &Path) -> Option<Found> {
        let target = Identity::of(path)?;
        self.existing()
            .into_iter()
            .find(|found| Identity::of(&found.path).as_ref() == Some(&target))
    }

    /// Every kept file there is a name for, whether or not it exists now.
    fn existing(&self) -> Vec<Found> {
        let mut files = Vec::new();
        let mut listed = |folder: &Path, kind_of: &dyn Fn(&str) -> Option<Kind>| {
            let Ok(entries) = fs::read_dir(folder) else {
                return;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if let Some(kind) = name.to_str().and_then(kind_of) {
                    files.push(Found {
                        kind,
                        path: folder.join(&name),
                    });
                }
            }
        };
        listed(&self.data, &data_kind);
        listed(&self.config, &|name| {
            name.eq_ignore_ascii_case(CONFIG_FILE)
                .then_some(Kind::Settings)
        });
        listed(&self.routines, &|name| {
            ends_with_ignoring_case(name, ".toml").then_some(Kind::Routine)
        });
        files
    }
}

/// "X is winddown's history database", or "X is Y, winddown's history database"
/// when the user named it by another path.
fn is_what(given: &Path, found: &Found) -> String {
    if given.as_os_str() == found.path.as_os_str() {
        format!("{} is {}", given.display(), found.kind.what())
    } else {
        format!(
            "{} is {}, {}",
            given.display(),
            found.path.display(),
            found.kind.what()
        )
    }
}

/// What makes a file the same file whatever path names it; links are followed
/// and the file is never opened, so a FIFO cannot block the comparison.
#[cfg(unix)]
#[derive(Debug, PartialEq, Eq)]
struct Identity {
    device: u64,
    inode: u64,
}

#[cfg(unix)]
impl Identity {
    fn of(path: &Path) -> Option<Identity> {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path).ok()?;
        Some(Identity {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }
}

/// Elsewhere (Windows): the volume serial number and file index, which std does
/// not expose on stable Rust; `same-file` reads them from an open handle (opened
/// with every sharing mode, so the running app's files can be compared too).
#[cfg(not(unix))]
#[derive(Debug, PartialEq, Eq)]
struct Identity(same_file::Handle);

#[cfg(not(unix))]
impl Identity {
    fn of(path: &Path) -> Option<Identity> {
        same_file::Handle::from_path(path).ok().map(Identity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept_in(folder: &Path) -> KeptFiles {
        KeptFiles::of(&Paths::resolve(Some(folder)).expect("paths"))
    }

    #[test]
    fn the_database_and_its_companions_are_kept_by_name_even_when_missing() {
        let home = tempfile::tempdir().expect("home");
        let kept = kept_in(home.path());
        for (name, kind) in [
            ("winddown.db", Kind::Database),
            ("winddown.db-wal", Kind::WriteAheadLog),
            ("WINDDOWN.DB-SHM", Kind::SharedMemory),
            ("winddown.db-journal", Kind::RollbackJournal),
            ("winddown.lock", Kind::Lock),
            ("remind.lock", Kind::Lock),
            ("winddown-unsaved-2026-03-01.json", Kind::Recovery),
            ("remind.log", Kind::RemindLog),
            ("config.toml", Kind::Settings),
        ] {
            let found = kept.find(&home.path().join(name));
            assert_eq!(found.map(|found| found.kind), Some(kind), "{name}");
        }
        for name in [
            "winddown.db.csv",
            "export.json",
            "winddown.dbx",
            "notes.toml",
        ] {
            assert_eq!(kept.find(&home.path().join(name)), None, "{name}");
        }
    }

    #[test]
    fn a_routine_folder_file_is_kept_unless_the_command_edits_routines() {
        let home = tempfile::tempdir().expect("home");
        let routines = home.path().join("routines");
        fs::create_dir(&routines).expect("routines");
        let kept = kept_in(home.path());
        let routine = routines.join("mine.toml");
        assert_eq!(kept.find(&routine).map(|f| f.kind), Some(Kind::Routine));
        assert_eq!(
            kept.find(&routines.join(".mine.toml")).map(|f| f.kind),
            Some(Kind::Routine)
        );
        assert_eq!(kept.find(&routines.join("notes.txt")), None);
        assert_eq!(kept.allowing(Kind::Routine).find(&routine), None);
    }

    #[cfg(unix)]
    #[test]
    fn links_of_every_kind_are_seen_through() {
        let home = tempfile::tempdir().expect("home");
        let elsewhere = tempfile::tempdir().expect("elsewhere");
        let database = home.path().join("winddown.db");
        fs::write(&database, "db").expect("database");
        let kept = kept_in(home.path());
        let symlinked = elsewhere.path().join("out.csv");
        std::os::unix::fs::symlink(&database, &symlinked).expect("symlink");
        let hard = elsewhere.path().join("hard.csv");
        fs::hard_link(&database, &hard).expect("hard link");
        let folder_link = elsewhere.path().join("home");
        std::os::unix::fs::symlink(home.path(), &folder_link).expect("folder link");
        fs::create_dir(home.path().join("sub")).expect("sub");
        for path in [
            symlinked,
            hard,
            folder_link.join("winddown.db-wal"),
            home.path().join("sub").join("..").join("winddown.db"),
        ] {
            let found = kept.find(&path).expect("kept");
            assert!(found.path.starts_with(home.path()), "{}", path.display());
        }
    }

    #[test]
    fn the_refusal_names_both_paths_and_what_the_file_is() {
        let home = tempfile::tempdir().expect("home");
        let kept = kept_in(home.path());
        let database = home.path().join("winddown.db");
        let err = kept
            .refuse_output(&database, &database)
            .expect_err("refused");
        assert_eq!(
            err.to_string(),
            format!(
                "{} is winddown's history database, which winddown never writes over: \
                 choose another file",
                database.display()
            )
        );
        let dotted = home.path().join(".").join("winddown.db");
        let err = kept.refuse_output(&dotted, &dotted).expect_err("refused");
        assert!(
            err.to_string().starts_with(&format!(
                "{} is {}, winddown's history database",
                dotted.display(),
                database.display()
            )),
            "{err}"
        );
    }
}
