//! What can go wrong with the store, in words that name the file and what to do.

use std::io;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a winddown database; it was left as it was.
    #[error(
        "{path} is not a winddown database ({reason}). It was left untouched: \
         move it aside (for example rename it to {path}.bad) and winddown will start a new one"
    )]
    NotADatabase {
        /// The file that was refused.
        path: PathBuf,
        /// What was wrong with it, e.g. "no SQLite header".
        reason: String,
    },
    /// The file was written by a newer winddown; it was left as it was.
    #[error(
        "{path} was written by a newer winddown (schema version {found}; this one understands up to {supported}). \
         It was left untouched: update winddown to use it"
    )]
    TooNew {
        /// The file that was refused.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build understands.
        supported: i64,
    },
    /// The schema version does not match the file's tables (or no winddown writes it);
    /// the file was left as it was.
    #[error(
        "{path} has schema version {found}, which does not match its tables ({problem}). \
         It was left untouched: move it aside (for example rename it to {path}.bad) and \
         winddown will start a new one"
    )]
    UnknownSchema {
        /// The file that was refused.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// What failed, in one line.
        problem: String,
    },
    /// The file or its folder cannot be written; nothing was tried.
    #[error("cannot write to {path}: {why}")]
    CannotWrite {
        /// The database file.
        path: PathBuf,
        /// "the folder is read-only", "the file is read-only", …
        why: &'static str,
    },
    /// SQLite found a damaged page while reading.
    #[error("the winddown database is damaged ({0})")]
    Damaged(rusqlite::Error),
    /// Another connection kept the database busy longer than the busy timeout.
    #[error("the winddown database is busy (another program is writing to it); try again")]
    Busy,
    /// A stored row holds something no winddown writes, e.g. an unknown outcome.
    #[error("the winddown database holds a bad row: {0}")]
    BadRow(String),
    /// A run id that is not in the database.
    #[error("there is no run {0} in the winddown database")]
    UnknownRun(i64),
    /// A step index beyond the run's step count.
    #[error("run {run} has no step {index}")]
    NoSuchStep {
        /// The run written to.
        run: i64,
        /// The step index asked for.
        index: usize,
    },
    /// A value outside what winddown records, e.g. a severity of 11; nothing was written.
    #[error("not recorded: {0}")]
    OutOfRange(String),
    /// An experiment was started while another is under way; nothing was written.
    #[error(
        "an experiment on {step_title} is under way until {last_night}: one experiment at a \
         time (`winddown experiment stop` ends it early, keeping everything)"
    )]
    ExperimentUnderWay {
        /// The step the running experiment is about.
        step_title: String,
        /// Its last night as it stands.
        last_night: chrono::NaiveDate,
    },
    /// The disk holding the database is full; SQLite needs a little room beside the
    /// database (its `-shm` and `-wal`) even to read it.
    #[error(
        "the disk holding {folder} is full: winddown cannot use {path} until some room is \
         made there (even reading the history needs a little room beside it)"
    )]
    DiskFull {
        /// The database.
        path: PathBuf,
        /// The folder it is in, on the full disk.
        folder: PathBuf,
    },
    /// A check-in was to replace the one its form read, but another process saved
    /// another meanwhile; nothing was written. Holds what is stored now.
    #[error("the check-in was changed elsewhere since it was read; nothing was saved")]
    CheckinChanged(Box<Option<crate::model::CheckIn>>),
    /// A write was asked of a store opened read-only.
    #[error("the winddown database was opened read-only")]
    ReadOnly,
    /// Any other SQLite failure.
    #[error("winddown database error: {0}")]
    Sqlite(rusqlite::Error),
    /// The file or its folder could not be read or created.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
}

impl StoreError {
    /// Whether the message already says which file it is about.
    pub fn names_its_file(&self) -> bool {
        matches!(
            self,
            StoreError::NotADatabase { .. }
                | StoreError::TooNew { .. }
                | StoreError::UnknownSchema { .. }
                | StoreError::CannotWrite { .. }
                | StoreError::DiskFull { .. }
                | StoreError::Io { .. }
        )
    }

    /// Whether SQLite found no room left on the disk it wrote to.
    pub fn is_disk_full(&self) -> bool {
        match self {
            StoreError::DiskFull { .. } => true,
            StoreError::Sqlite(err) => err.sqlite_error_code() == Some(ErrorCode::DiskFull),
            _ => false,
        }
    }

    /// This error, or [`StoreError::DiskFull`] when it came from the disk holding
    /// `path` having no room left (SQLite reports a full disk while opening as a
    /// disk I/O error).
    pub(crate) fn naming_a_full_disk(self, path: &Path) -> StoreError {
        let from_the_disk = match &self {
            StoreError::Sqlite(err) => matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::DiskFull | ErrorCode::SystemIoFailure)
            ),
            StoreError::Io { source, .. } => source.kind() == io::ErrorKind::StorageFull,
            _ => false,
        };
        let folder = match path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder,
            _ => Path::new("."),
        };
        if from_the_disk && fs4::available_space(folder).is_ok_and(|free| free < ROOM_TO_OPEN) {
            return StoreError::DiskFull {
                path: path.to_path_buf(),
                folder: folder.to_path_buf(),
            };
        }
        self
    }
}

/// Less room than this beside the database is a full disk: SQLite's shared-memory
/// index alone takes 32 KB.
const ROOM_TO_OPEN: u64 = 64 * 1024;

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged(error),
            _ => StoreError::Sqlite(error),
        }
    }
}
