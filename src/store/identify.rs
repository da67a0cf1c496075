//! Recognising the file before trusting it: the SQLite header, winddown's own tables,
//! the schema version, and (before the first write) every page. Nothing here writes.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrations::{self, SCHEMA_VERSION};
use super::{BUSY_TIMEOUT, StoreError, writable};

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` exists; any error other than "not found" is reported, not guessed at.
pub(super) fn exists(path: &Path) -> Result<bool, StoreError> {
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
pub(super) enum Check {
    /// Header, identity and version: enough before a read.
    Quick,
    /// Also SQLite's `quick_check` of every page: before the first write of a session.
    Full,
}

/// Only SQLite's "not a database" and "corrupt" mean the file itself is bad;
/// anything else (permissions, a busy writer) is reported as it is.
pub(super) fn refuse_as(path: &Path, error: StoreError) -> StoreError {
    match error {
        // A damaged page can be one of the schema's own (it outgrows page 1): said as
        // damage, as `quick_check` says it, not as some other program's file.
        StoreError::Damaged(error) => StoreError::NotADatabase {
            path: path.to_path_buf(),
            reason: format!("damaged: {error}"),
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
pub(super) fn open_checked(path: &Path, check: Check) -> Result<Connection, StoreError> {
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
pub(super) fn identified(conn: &Connection, path: &Path, check: Check) -> Result<(), StoreError> {
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

/// Refuses a file whose first page is not a SQLite header, or that is shorter than
/// its header says while no log beside it could make up the difference.
pub(super) fn check_header(path: &Path) -> Result<(), StoreError> {
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
pub(super) fn has_log(path: &Path, suffix: &str) -> bool {
    let mut log = path.as_os_str().to_owned();
    log.push(suffix);
    fs::metadata(&log).is_ok_and(|meta| meta.len() > 0)
}
