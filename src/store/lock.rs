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

/// How often a start tries again while the lock is briefly held by a question about
/// it (see [`InstanceLock::holder`]), and how long it waits between tries: 50 ms in
/// all, far longer than the question holds it, and short enough to go unnoticed.
const PROBE_TRIES: u32 = 10;
const PROBE_WAIT: std::time::Duration = std::time::Duration::from_millis(5);

/// Room for any pid (Linux allows up to 2^22, seven digits) with spaces after it.
const PID_WIDTH: usize = 10;

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
        // `status` asks about the lock with a shared lock it gives back at once: a
        // start at that very moment waits it out instead of taking it for another
        // winddown.
        let mut tries = 0;
        loop {
            match FileExt::try_lock(&file) {
                Ok(()) => break,
                Err(fs4::TryLockError::WouldBlock) if tries < PROBE_TRIES => {
                    tries += 1;
                    std::thread::sleep(PROBE_WAIT);
                }
                Err(fs4::TryLockError::WouldBlock) => {
                    return Err(LockError::AlreadyRunning {
                        pid: read_pid(&mut file),
                    });
                }
                Err(fs4::TryLockError::Error(source)) => {
                    return Err(LockError::Io { path, source });
                }
            }
        }
        // One write of a fixed-width line at the start, which covers any earlier pid:
        // no truncation, which costs a filesystem transaction on every start.
        let line = format!("{:<PID_WIDTH$}\n", std::process::id());
        let written = write_at_start(&mut file, line.as_bytes()).and_then(|()| {
            let longer = file.metadata()?.len() > line.len() as u64;
            if longer {
                file.set_len(line.len() as u64)
            } else {
                Ok(())
            }
        });
        written.map_err(io_error(&path))?;
        Ok(InstanceLock { _file: file, path })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether an interactive winddown has `data_dir` open now, without taking the lock
    /// or writing anything (`status` may run in a read-only home): a shared lock is
    /// asked for and at once given back. `Some(pid)` (the pid when it could be read)
    /// while another holds it.
    pub fn holder(data_dir: &Path) -> Option<Option<u32>> {
        let mut file = File::open(data_dir.join(LOCK_FILE)).ok()?;
        match FileExt::try_lock_shared(&file) {
            Ok(()) => {
                let _ = FileExt::unlock(&file);
                None
            }
            Err(fs4::TryLockError::WouldBlock) => Some(read_pid(&mut file)),
            // A lock that cannot be asked about is not taken for an open winddown.
            Err(fs4::TryLockError::Error(_)) => None,
        }
    }
}

/// Writes `bytes` over the start of `file`.
fn write_at_start(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)
}

/// The pid the holder wrote; `None` while it has not written it yet, or for junk.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.lines().next()?.trim().parse().ok()
}
