//! One interactive winddown per data folder.
//!
//! An OS advisory lock on `winddown.lock` rather than a "pid file exists"
//! check: the OS drops the lock when the process dies, even by `kill -9`, so a
//! crash never leaves a stale lock that blocks the next start. The pid inside
//! the file is only there to tell the user which process holds it.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fs4::FileExt;

/// The lock file's name inside the data folder.
pub const LOCK_FILE: &str = "winddown.lock";

/// Why the instance lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock.
    #[error("winddown is already running{}", pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default())]
    AlreadyRunning {
        /// The other process, when its pid could be read from the lock file.
        pid: Option<u32>,
    },
    /// The lock file could not be created or written.
    #[error("{path}: {source}")]
    Io {
        /// The lock file or its folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
}

/// Held by the one interactive instance; released on drop, or by the OS when the process dies.
#[derive(Debug)]
pub struct InstanceLock {
    // Closing the file releases the lock; it is kept open for that reason alone.
    _file: File,
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the lock for `data_dir` (creating the folder if needed), without waiting.
    pub fn acquire(data_dir: &Path) -> Result<InstanceLock, LockError> {
        let io_error = |path: &Path| {
            let path = path.to_path_buf();
            move |source| LockError::Io { path, source }
        };
        fs::create_dir_all(data_dir).map_err(io_error(data_dir))?;
        let path = data_dir.join(LOCK_FILE);
        // Never truncate on open: the file may belong to the running instance.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error(&path))?;
        // Called through the trait: std's own `File::try_lock` is newer than our MSRV.
        match FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(LockError::AlreadyRunning {
                    pid: read_pid(&mut file),
                });
            }
            Err(fs4::TryLockError::Error(source)) => return Err(LockError::Io { path, source }),
        }
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .and_then(|()| file.flush());
        written.map_err(io_error(&path))?;
        Ok(InstanceLock { _file: file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The pid the holder wrote; `None` while it has not written it yet, or for junk.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}
