//! Persistence: the one place that speaks SQL.
//!
//! Every night is kept in one SQLite file. What this module promises (see the
//! rules in ARCHITECTURE.md): each step transition is
//! its own committed transaction; a file that is not ours, or is newer than we
//! understand, is reported with its path and never written to; old files are
//! migrated forward, never wiped.

mod checkins;
mod error;
mod experiments;
mod glance;
mod identify;
mod lock;
mod migrations;
mod nights;
mod outside;
mod resume;
mod rows;
mod runs;
mod time;
mod transfer;
mod writable;

use std::fs;
use std::path::Path;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use identify::{Check, check_header, exists, has_log, identified, open_checked, refuse_as};

pub use checkins::check_checkin;
pub use error::StoreError;
pub use lock::{InstanceLock, LOCK_FILE, LockError};
pub use migrations::SCHEMA_VERSION;
pub use outside::holder_of;
pub use resume::{StepPlace, StoredResult, UnfinishedRun};
pub use time::DEFAULT_ROLLOVER;
pub(crate) use time::window_start;
pub use writable::check_writable;

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "winddown.db";

/// How long a write waits for another connection's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open winddown database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    read_only: bool,
    /// The connection is at `synchronous = NORMAL` for progress saves.
    relaxed: bool,
    /// Fault seam for tests: every write fails as on a full disk.
    disk_full: bool,
    /// The file this store opened, to notice when its path no longer names it.
    file: Option<outside::OpenedFile>,
}

impl Store {
    /// Opens the database at `path` for reading and writing, creating it (and its
    /// folders) when missing and migrating it to [`SCHEMA_VERSION`].
    ///
    /// A file that is not a winddown database, or comes from a newer winddown, is
    /// refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Check::Full).map_err(|err| err.naming_a_full_disk(path))
    }

    /// Like [`Store::open`], but leaves the page-by-page check to [`Store::verify`], so an
    /// interactive session can draw its first frame before paying for it. The caller
    /// must call `verify` before its first write.
    pub fn open_verify_later(path: &Path) -> Result<Store, StoreError> {
        Store::open_with(path, Check::Quick).map_err(|err| err.naming_a_full_disk(path))
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
            file: outside::OpenedFile::of(path),
        })
    }

    /// Opens the database at `path` for reading only, for `history`, `stats`,
    /// `export` and `status`; works while an interactive winddown is writing.
    ///
    /// A missing file reads as an empty history and is not created. A file from
    /// an older winddown is first migrated forward, since its rows could not be
    /// read otherwise.
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::open_reading(path).map_err(|err| err.naming_a_full_disk(path))
    }

    fn open_reading(path: &Path) -> Result<Store, StoreError> {
        if !exists(path)? {
            let mut conn = Connection::open_in_memory()?;
            migrations::migrate(&mut conn, path)?;
            conn.pragma_update(None, "query_only", true)?;
            return Ok(Store {
                conn,
                read_only: true,
                relaxed: false,
                disk_full: false,
                file: None,
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
            file: outside::OpenedFile::of(path),
        })
    }

    /// The schema version of the open database (the `user_version` pragma).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::version(&self.conn)
    }

    /// How long a write waits for another program's lock before it fails (five
    /// seconds from `open`). A session shortens it: its journal keeps a refused
    /// write and tries again, and a write that waits holds the screen still.
    pub fn wait_for_locks_at_most(&self, wait: Duration) -> Result<(), StoreError> {
        self.conn.busy_timeout(wait)?;
        Ok(())
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

    /// Frees what SQLite holds that it can read again, the connection's cached
    /// pages above all (`PRAGMA shrink_memory`). Worth it
    /// once the start-up reads are done, so a long countdown does not keep them.
    pub fn release_memory(&self) -> Result<(), StoreError> {
        self.conn.execute_batch("PRAGMA shrink_memory")?;
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::model::{NewRun, StepRecord};
    use crate::session::{Outcome, Snapshot, StepResult};

    /// A two-step run of the "quick" routine begun at `at` on `night`.
    fn quick_run(night: NaiveDate, at: chrono::DateTime<Utc>) -> NewRun {
        NewRun {
            routine_id: "quick".into(),
            routine_name: "Quick".into(),
            routine_hash: "0".into(),
            night,
            started_at: at.fixed_offset(),
            step_count: 2,
        }
    }

    fn synchronous(store: &Store) -> i64 {
        store
            .conn
            .pragma_query_value(None, "synchronous", |row| row.get(0))
            .expect("pragma")
    }

    #[test]
    fn a_session_waits_for_another_program_s_lock_only_as_long_as_it_asks() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join(DB_FILE)).expect("open");
        let waits = |store: &Store| -> i64 {
            store
                .conn
                .pragma_query_value(None, "busy_timeout", |row| row.get(0))
                .expect("pragma")
        };
        assert_eq!(waits(&store), 5000);
        store
            .wait_for_locks_at_most(Duration::from_millis(200))
            .expect("set");
        assert_eq!(waits(&store), 200);
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
        let run = store.start_run(&quick_run(night, at)).expect("start");
        let snapshot = Snapshot {
            position: 0,
            segment: 0,
            remaining: Some(Duration::from_secs(20)),
            paused: false,
            checked: Vec::new(),
            results: Vec::new(),
            length: None,
            held: Duration::ZERO,
            full: Vec::new(),
        };
        store.save_progress(run, None, &snapshot, at).expect("save");
        assert_eq!(synchronous(&store), NORMAL);
        store
            .save_progress(run, None, &snapshot, at)
            .expect("save again");
        assert_eq!(synchronous(&store), NORMAL);
        let record = StepRecord {
            step_id: "rub".into(),
            title: "Rub".into(),
            result: StepResult {
                outcome: Outcome::Done,
                active: Duration::from_secs(30),
                holds: None,
            },
            at,
        };
        store.record_step(run, 0, &record).expect("record");
        assert_eq!(synchronous(&store), FULL);
    }

    #[test]
    fn a_store_that_gave_its_cache_back_still_reads_and_writes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = Store::open(&dir.path().join(DB_FILE)).expect("open");
        let night = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let at = Utc
            .with_ymd_and_hms(2026, 11, 26, 21, 0, 0)
            .single()
            .expect("time");
        store.start_run(&quick_run(night, at)).expect("start");
        assert_eq!(store.first_night().expect("read"), Some(night));
        store.release_memory().expect("release");
        assert_eq!(store.first_night().expect("read again"), Some(night));
        let later = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
        store
            .start_run(&quick_run(later, at))
            .expect("start after release");
        assert_eq!(
            store.runs(Some(later), later).map(|runs| runs.len()).ok(),
            Some(1)
        );
    }
}
