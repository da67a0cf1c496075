//! What other processes do to the database while winddown has it open: their
//! commits (SQLite's `data_version`), whether its path still names the file that
//! was opened (a folder removed under a running session), and who else has it
//! open when a write waited too long.

use std::path::{Path, PathBuf};

use super::{Store, StoreError};

/// The file a store opened, as the file system knew it then.
#[derive(Debug)]
pub(super) struct OpenedFile {
    path: PathBuf,
    /// Device and inode: the same path may come to name another file.
    #[cfg(unix)]
    id: (u64, u64),
}

impl OpenedFile {
    /// The file at `path` now; `None` for one that cannot be looked at.
    pub(super) fn of(path: &Path) -> Option<OpenedFile> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(not(unix))]
        let _ = metadata;
        Some(OpenedFile {
            path: path.to_path_buf(),
            #[cfg(unix)]
            id: identity(&metadata),
        })
    }
}

#[cfg(unix)]
fn identity(metadata: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (metadata.dev(), metadata.ino())
}

impl Store {
    /// A number that changes whenever another connection (another process: a
    /// check-in from a shell, an import) commits to the database; this store's own
    /// commits leave it as it is. Cheap enough to ask at every wake-up.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    /// Why the path this store was opened at no longer names the file it writes to,
    /// when it does not: the file (or its folder) was removed, or another file was
    /// put in its place. Writes after that reach nothing anyone will read.
    pub fn file_gone(&self) -> Option<String> {
        let opened = self.file.as_ref()?;
        let shown = opened.path.display();
        match std::fs::metadata(&opened.path) {
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                Some(format!("{shown} was deleted"))
            }
            // Not looked at now (permissions): nothing is known to have changed.
            Err(_) => None,
            #[cfg(unix)]
            Ok(now) if identity(&now) != opened.id => {
                Some(format!("{shown} was replaced by another file"))
            }
            Ok(_) => None,
        }
    }

    /// `err` in a few words for the screen: a busy database names what else has it
    /// open, when that can be found out ("database busy: open in sqlite3 (pid
    /// 4242)"), never blaming another winddown it cannot see.
    pub fn explain(&self, err: &StoreError) -> String {
        if !matches!(err, StoreError::Busy) {
            return err.to_string();
        }
        match self
            .file
            .as_ref()
            .and_then(|opened| holder_of(&opened.path))
        {
            Some(holder) => format!("database busy: open in {holder}"),
            None => "database busy: another program holds it".to_string(),
        }
    }
}

/// What other processes have `database` (or its write-ahead log) open:
/// "sqlite3 (pid 4242)", "another winddown (pid 77)"; `None` when none is found or
/// the system cannot tell (only Linux's /proc is asked).
pub fn holder_of(database: &Path) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        holders_in_proc(database)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = database;
        None
    }
}

#[cfg(target_os = "linux")]
fn holders_in_proc(database: &Path) -> Option<String> {
    let database = std::fs::canonicalize(database).ok()?;
    let wal = PathBuf::from(format!("{}-wal", database.display()));
    let me = std::process::id();
    let mut holders = Vec::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        // Another user's processes cannot be looked into: they are passed over.
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let opened = fds.flatten().any(|fd| {
            std::fs::read_link(fd.path()).is_ok_and(|target| target == database || target == wal)
        });
        if !opened {
            continue;
        }
        let name = std::fs::read_to_string(entry.path().join("comm"))
            .map(|comm| comm.trim().to_string())
            .unwrap_or_default();
        holders.push(match name.as_str() {
            "winddown" => format!("another winddown (pid {pid})"),
            "" => format!("another program (pid {pid})"),
            name => format!("{} (pid {pid})", crate::printable::line(name)),
        });
    }
    (!holders.is_empty()).then(|| holders.join(", "))
}
