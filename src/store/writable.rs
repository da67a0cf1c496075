//! Whether the database can be written, asked of the kernel before trying: a
//! read-only folder or file is named with its reason instead of SQLite's
//! "unable to open database file" halfway through a write.

use std::io;
use std::path::Path;

use super::StoreError;

/// Refuses, with the path and the reason, a database that cannot be written:
/// its folder (where the write-ahead log lives) or the file itself read-only.
/// A missing file or folder is fine: opening creates them.
pub fn check_writable(path: &Path) -> Result<(), StoreError> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let refuse = |why: &'static str| StoreError::CannotWrite {
        path: path.to_path_buf(),
        why,
    };
    if let Some(err) = denied(folder) {
        return Err(refuse(reason(&err, "the folder is read-only")));
    }
    if let Some(err) = denied(path) {
        return Err(refuse(reason(&err, "the file is read-only")));
    }
    Ok(())
}

/// Whether the folder holding `path` refuses new files (so SQLite cannot create
/// the write-ahead log's companions there).
pub(super) fn folder_is_read_only(path: &Path) -> bool {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    denied(folder).is_some()
}

/// What access(2) says about writing `path`; `None` when allowed or when nothing is there.
///
/// The kernel's answer, not the mode bits: it counts an immutable file and a
/// read-only mount, which bind root too, and a missing write bit, which binds
/// everyone else.
#[cfg(unix)]
fn denied(path: &Path) -> Option<io::Error> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: `name` is a NUL-terminated path that outlives the call.
    if unsafe { libc::access(name.as_ptr(), libc::W_OK) } == 0 {
        return None;
    }
    let err = io::Error::last_os_error();
    (err.kind() != io::ErrorKind::NotFound).then_some(err)
}

/// Windows: a file marked read-only refuses writes; a folder's read-only mark
/// means nothing to Windows, so a folder that refuses is left for SQLite to report.
#[cfg(not(unix))]
fn denied(path: &Path) -> Option<io::Error> {
    let meta = std::fs::metadata(path).ok()?;
    (meta.is_file() && meta.permissions().readonly())
        .then(|| io::Error::from(io::ErrorKind::PermissionDenied))
}

fn reason(err: &io::Error, read_only: &'static str) -> &'static str {
    if err.kind() == io::ErrorKind::ReadOnlyFilesystem {
        "it is on a read-only file system"
    } else {
        read_only
    }
}
