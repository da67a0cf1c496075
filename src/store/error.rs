//! What can go wrong with the store, in words that name the file and what to do.

use std::io;
use std::path::PathBuf;

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
    #[error("the winddown database is busy (another winddown is writing to it); try again")]
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
                | StoreError::Io { .. }
        )
    }
}

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
