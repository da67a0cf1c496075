//! Persistence: the one place that speaks SQL.
//!
//! Every night is kept in one SQLite file. What this module promises (see the
//! rules in ARCHITECTURE.md): each step transition is
//! its own committed transaction; a file that is not ours, or is newer than we
//! understand, is reported with its path and never written to; old files are
//! migrated forward, never wiped.

mod checkins;
mod glance;
mod lock;
mod migrations;
mod nights;
mod resume;
mod rows;
mod runs;
mod time;
mod transfer;
mod writable;

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use checkins::check_checkin;
pub use lock::{InstanceLock, LockError};
pub use migrations::SCHEMA_VERSION;
pub use resume::{StoredResult, UnfinishedRun};
pub use time::{DEFAULT_ROLLOVER, night_for};
pub use writable::check_writable;

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "winddown.db";

/// How long a write waits for another connection's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

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

/// An open winddown database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    read_only: bool,
    /// The connection is at `synchronous = NORMAL` for progress saves.
    relaxed: bool,
    /// Fault seam for tests: every write fails as on a full disk.
    disk_full: bool,
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it (and its
    /// folders) when missing and migrating it to [`SCHEMA_VERSION`].
    ///
    /// A file that is not a winddown database, or comes from a newer winddown, is
    /// refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Check::Full)
    }

    /// Like [`Store::open`], but leaves the page-by-page check to [`Store::verify`], so an
    /// interactive session can draw its first frame before paying for it. The caller
    /// must call `verify` before its first write.
    pub fn open_verify_later(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Check::Quick)
    }

    /// SQLite's `quick_check` of every page; a damaged file is refused as not a database.
    pub fn verify(&self, path: &Path) -> Result<(), StoreError> {
        migrations::quick_check(&self.conn).map_err(|err| refuse_as(path, err))
    }

    fn open_with(path: &Path, check: Check) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        check_writable(path)?;
        let existed = exists(path)?;
        if existed {
            check_header(path)?;
            if has_log(path, "-journal") {
                // A read-write connection would roll a hot journal back into the file
                // before it could be identified; a read-only one looks first.
                drop(open_checked(path, check)?);
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|err| refuse_as(path, err.into()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if existed {
            // Only a file that has proved to be ours is ever written to. Reading writes
            // nothing to the file; closing could (a checkpoint of its write-ahead log),
            // so that waits until the file is identified.
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
            identified(&conn, path, check)?;
            conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        // WAL lets read-only commands read while a session writes; FULL makes
        // each committed step survive a power cut, not only a crash.
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "full")?;
        migrations::migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            read_only: false,
            relaxed: false,
            disk_full: false,
        })
    }

    /// Opens the database at `path` for reading only, for `history`, `stats`,
    /// `export` and `status`; works while an interactive winddown is writing.
    ///
    /// A missing file reads as an empty history and is not created. A file from
    /// an older winddown is first migrated forward, since its rows could not be
    /// read otherwise.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        if !exists(path)? {
            let mut conn = Connection::open_in_memory()?;
            migrations::migrate(&mut conn, path)?;
            conn.pragma_update(None, "query_only", true)?;
            return Ok(Store {
                conn,
                read_only: true,
                relaxed: false,
                disk_full: false,
            });
        }
        let mut conn = open_checked(path, Check::Quick)?;
        if migrations::version(&conn)? < SCHEMA_VERSION {
            drop(conn);
            drop(Store::open(path)?);
            conn = open_checked(path, Check::Quick)?;
        }
        Ok(Store {
            conn,
            read_only: true,
            relaxed: false,
            disk_full: false,
        })
    }

    /// The schema version of the open database (the `user_version` pragma).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::version(&self.conn)
    }

    /// Makes every write fail as SQLite fails on a full disk, until called with `false`.
    #[cfg(test)]
    pub(crate) fn fill_disk(&mut self, full: bool) {
        self.disk_full = full;
    }

    /// The error of a write the store cannot make: read-only, or (in tests) a full disk.
    fn refuse_write(&self) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        if self.disk_full {
            let full = rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL);
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                full,
                Some("database or disk is full".to_string()),
            )));
        }
        Ok(())
    }

    /// Refuses writes up front on a read-only store, with an error rather than a surprise.
    fn writable(&mut self) -> Result<&mut Connection, StoreError> {
        self.refuse_write()?;
        if self.relaxed {
            // This commit, and every relaxed one before it in the log, waits for the disk.
            self.conn
                .prepare_cached("PRAGMA synchronous = FULL")?
                .execute([])?;
            self.relaxed = false;
        }
        Ok(&mut self.conn)
    }

    /// The connection for a write whose commit need not wait for the disk (a progress
    /// save); it stays so until the next [`Store::writable`], which restores FULL.
    /// Switching only when the kind of write changes keeps the pragma off the
    /// every-few-seconds path of a countdown.
    fn relaxed(&mut self) -> Result<&mut Connection, StoreError> {
        self.refuse_write()?;
        if !self.relaxed {
            self.conn
                .prepare_cached("PRAGMA synchronous = NORMAL")?
                .execute([])?;
            self.relaxed = true;
        }
        Ok(&mut self.conn)
    }
}

/// Writes an empty database at exactly `version` of the schema, for test fixtures
/// of older releases. Not for the application.
#[doc(hidden)]
pub fn create_schema_at(path: &Path, version: i64) -> Result<(), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    migrations::migrate_to(&mut conn, version)
}

/// Whether `path` exists; any error other than "not found" is reported, not guessed at.
fn exists(path: &Path) -> Result<bool, StoreError> {
    match fs::metadata(path) {
        Ok(_) => Ok(true),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// How hard to look at a file before trusting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Header, identity and version: enough before a read.
    Quick,
    /// Also SQLite's `quick_check` of every page: before the first write of a session.
    Full,
}

/// Only SQLite's "not a database" and "corrupt" mean the file itself is bad;
/// anything else (permissions, a busy writer) is reported as it is.
fn refuse_as(path: &Path, error: StoreError) -> StoreError {
    match error {
        StoreError::Damaged(error) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: error.to_string(),
        },
        StoreError::Sqlite(error) if error.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            StoreError::NotADatabase {
                path: path.to_path_buf(),
                reason: error.to_string(),
            }
        }
        StoreError::NotADatabase { reason, .. } => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason,
        },
        other => other,
    }
}

/// Opens an existing file read-only after proving it is a winddown database
/// this build understands. Nothing on this path writes to the file.
/// A read-only connection to a file that has proved to be a winddown database we understand.
fn open_checked(path: &Path, check: Check) -> Result<Connection, StoreError> {
    check_header(path)?;
    let connect = |immutable: bool| -> Result<Connection, StoreError> {
        let conn = connect_read_only(path, immutable).map_err(|e| refuse_as(path, e.into()))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        identified(&conn, path, check)?;
        Ok(conn)
    };
    match connect(false) {
        // A reader of a write-ahead-log database needs to create its shared-memory
        // file beside it. In a folder where nothing can be created, nothing can be
        // writing either, so the file is read as it stands.
        Err(StoreError::Sqlite(err))
            if err.sqlite_error_code() == Some(ErrorCode::CannotOpen)
                && writable::folder_is_read_only(path) =>
        {
            connect(true)
        }
        other => other,
    }
}

/// A read-only connection; `immutable` tells SQLite the file cannot change, so it
/// takes no locks and needs no file beside it.
fn connect_read_only(path: &Path, immutable: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if !immutable {
        return Connection::open_with_flags(path, flags);
    }
    // A URI filename: the characters that would start a query or fragment are escaped.
    let mut uri = String::from("file:");
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            other => uri.push(other),
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

/// Refuses a file that is not a winddown database, is damaged (`Check::Full`), or
/// was written by a newer winddown.
fn identified(conn: &Connection, path: &Path, check: Check) -> Result<(), StoreError> {
    let refuse = |error: StoreError| refuse_as(path, error);
    migrations::identify(conn).map_err(refuse)?;
    if check == Check::Full {
        migrations::quick_check(conn).map_err(refuse)?;
    }
    let found = migrations::version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn check_header(path: &Path) -> Result<(), StoreError> {
    let io_error = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::open(path).map_err(io_error)?;
    let len = file.metadata().map_err(io_error)?.len();
    if len == 0 {
        // SQLite's own reading of an empty file: a database with nothing in it yet.
        return Ok(());
    }
    let mut header = [0u8; 100];
    let refuse = |reason: &str| StoreError::NotADatabase {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    };
    if len < header.len() as u64 {
        return Err(refuse("shorter than a SQLite header"));
    }
    file.read_exact(&mut header).map_err(io_error)?;
    if &header[..16] != SQLITE_MAGIC {
        return Err(refuse("no SQLite header"));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size if size >= 512 && size.is_power_of_two() => u64::from(size),
        _ => return Err(refuse("bad page size in the SQLite header")),
    };
    if len < page_size {
        return Err(refuse("truncated: shorter than one page"));
    }
    // The page count in the header is only trustworthy when the version-valid-for
    // number matches the change counter (SQLite file format, section 1.3.9).
    let change_counter = &header[24..28];
    let valid_for = &header[92..96];
    let pages = u32::from_be_bytes([header[28], header[29], header[30], header[31]]);
    // With a write-ahead log or rollback journal beside it, pages may still be on
    // their way into the file (a checkpoint cut short); SQLite recovers that, so
    // only a file with no pending log is judged by its length.
    let short = change_counter == valid_for && u64::from(pages) * page_size > len;
    if short && !has_pending_log(path) {
        return Err(refuse("truncated: shorter than its header says"));
    }
    Ok(())
}

/// Whether a non-empty `-wal` or `-journal` file lies beside the database.
fn has_pending_log(path: &Path) -> bool {
    has_log(path, "-wal") || has_log(path, "-journal")
}

/// Whether the log with this suffix lies beside `path` with something in it.
fn has_log(path: &Path, suffix: &str) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push(suffix);
    fs::metadata(&log).is_ok_and(|meta| meta.len() > 0)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::model::{NewRun, StepRecord};
    use crate::session::{Outcome, Snapshot, StepResult};

    fn synchronous(store: &Store) -> i64 {
        store
            .conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .expect("pragma")
    }

    #[test]
    fn progress_saves_skip_the_fsync_and_every_other_write_waits_for_it() {
        const NORMAL: i64 = 1;
        const FULL: i64 = 2;
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
        assert_eq!(synchronous(&store), FULL);
        let night = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let at = Utc
            .with_ymd_and_hms(2026, 11, 26, 21, 0, 0)
            .single()
            .expect("time");
        let run = store
            .start_run(&NewRun {
                routine_id: "quick".into(),
                routine_name: "Quick".into(),
                routine_hash: "0".into(),
                night,
                started_at: at.fixed_offset(),
                step_count: 2,
            })
            .expect("start");
        let snapshot = Snapshot {
            position: 0,
            segment: 0,
            remaining: Some(Duration::from_secs(20)),
            paused: false,
            checked: Vec::new(),
            results: Vec::new(),
        };
        store.save_progress(run, &snapshot, at).expect("save");
        assert_eq!(synchronous(&store), NORMAL);
        store.save_progress(run, &snapshot, at).expect("save again");
        assert_eq!(synchronous(&store), NORMAL);
        let record = StepRecord {
            step_id: "rub".into(),
            title: "Rub".into(),
            result: StepResult {
                outcome: Outcome::Done,
                active: Duration::from_secs(30),
            },
            at,
        };
        store.record_step(run, 0, &record).expect("record");
        assert_eq!(synchronous(&store), FULL);
    }
}
