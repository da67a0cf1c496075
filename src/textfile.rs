//! Reading the user's text files (routines, drafts, config.toml) so that no file can
//! hang winddown or fill its memory: only regular files are read, and at most
//! [`MAX_BYTES`] of them.

use std::fs::{File, FileType, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// The most winddown reads from one routine or config file: far above any real
/// routine, far below what would strain memory.
pub const MAX_BYTES: u64 = 1024 * 1024;

/// Why a user's text file was not read; each message names the path.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    /// Nothing at the path.
    #[error("cannot read {path}: {source}")]
    Missing {
        /// The path as shown to the user.
        path: String,
        /// What the system said.
        source: io::Error,
    },
    /// A folder where a file was expected.
    #[error("{path} is a folder, not a {what}")]
    Folder {
        /// The path as shown to the user.
        path: String,
        /// "routine file" or "config file".
        what: &'static str,
    },
    /// A FIFO, socket or device: reading it could block forever or never end.
    #[error("{path} is {kind}, not a regular file")]
    NotRegular {
        /// The path as shown to the user.
        path: String,
        /// "a FIFO", "a character device", …
        kind: &'static str,
    },
    /// Over the limit ([`MAX_BYTES`] for routine and config files).
    #[error("{path} is larger than {limit}, the most winddown reads from a {what}")]
    TooLarge {
        /// The path as shown to the user.
        path: String,
        /// "routine file" or "config file".
        what: &'static str,
        /// The limit in words: "1 MB".
        limit: String,
    },
    /// Not UTF-8.
    #[error("{path} is not UTF-8 text")]
    NotUtf8 {
        /// The path as shown to the user.
        path: String,
    },
    /// Any other failure to open or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path as shown to the user.
        path: String,
        /// What the system said.
        source: io::Error,
    },
}

impl Unreadable {
    /// Whether the path holds something that is not a file at all (so a listing skips it).
    pub fn is_not_a_file(&self) -> bool {
        matches!(
            self,
            Unreadable::NotRegular { .. } | Unreadable::Folder { .. }
        )
    }

    /// Whether nothing is at the path.
    pub fn is_missing(&self) -> bool {
        matches!(self, Unreadable::Missing { .. })
    }
}

/// The text of the user's file at `path`; `what` ("routine file", "config file") names
/// it in messages. Symbolic links are followed, but only to a regular file.
pub fn read(path: &Path, what: &'static str) -> Result<String, Unreadable> {
    read_up_to(path, what, MAX_BYTES)
}

/// Like [`read`], with a limit of `most` bytes (a whole number of megabytes) instead
/// of [`MAX_BYTES`]; a larger file is refused by its size, before any of it is read.
pub fn read_up_to(path: &Path, what: &'static str, most: u64) -> Result<String, Unreadable> {
    let shown = || path.display().to_string();
    let too_large = || Unreadable::TooLarge {
        path: shown(),
        what,
        limit: format!("{} MB", most / (1024 * 1024)),
    };
    let file = open_without_waiting(path).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => Unreadable::Missing {
            path: shown(),
            source,
        },
        _ => Unreadable::Io {
            path: shown(),
            source,
        },
    })?;
    // The type of what was opened, not of what the path named a moment before.
    let meta = file.metadata().map_err(|source| Unreadable::Io {
        path: shown(),
        source,
    })?;
    let kind = meta.file_type();
    if kind.is_dir() {
        return Err(Unreadable::Folder {
            path: shown(),
            what,
        });
    }
    if !kind.is_file() {
        return Err(Unreadable::NotRegular {
            path: shown(),
            kind: describe(kind),
        });
    }
    if meta.len() > most {
        return Err(too_large());
    }
    let bytes = read_at_most(file, most).map_err(|source| Unreadable::Io {
        path: shown(),
        source,
    })?;
    // A file that grew while it was read.
    if bytes.len() as u64 > most {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| Unreadable::NotUtf8 { path: shown() })
}

/// Opens `path` for reading. On Unix with O_NONBLOCK: opening a FIFO for reading
/// would otherwise wait for a writer forever (it changes nothing for a regular
/// file, the only kind read past the check that follows), and O_NOCTTY, so a
/// terminal device never becomes ours.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// Windows has no FIFOs or devices among a folder's files: a plain open.
#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Up to one byte past the limit, so a larger file is told apart without reading it all.
fn read_at_most(file: File, most: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(most + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// "a FIFO", "a socket", … for what is not a regular file or a folder.
#[cfg(unix)]
fn describe(kind: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// Elsewhere only files, folders and links are told apart.
#[cfg(not(unix))]
fn describe(_: FileType) -> &'static str {
    "not a file"
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn reads_a_file_up_to_the_limit_and_refuses_one_byte_more() {
        let folder = tempfile::tempdir().expect("tempdir");
        let path = folder.path().join("r.toml");
        fs::write(&path, "a".repeat(MAX_BYTES as usize)).expect("write");
        assert_eq!(
            read(&path, "routine file").expect("read").len() as u64,
            MAX_BYTES
        );
        fs::write(&path, "a".repeat(MAX_BYTES as usize + 1)).expect("write");
        let err = read(&path, "routine file").expect_err("too large");
        assert_eq!(
            err.to_string(),
            format!(
                "{} is larger than 1 MB, the most winddown reads from a routine file",
                path.display()
            )
        );
    }

    #[test]
    fn a_device_is_refused_without_reading_it() {
        let err = read(Path::new("/dev/zero"), "routine file").expect_err("device");
        assert_eq!(
            err.to_string(),
            "/dev/zero is a character device, not a regular file"
        );
        assert!(err.is_not_a_file());
    }
}
