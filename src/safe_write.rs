//! Every file winddown writes for the user goes through here: exports, backups,
//! routine files, edit drafts.
//!
//! A regular file is written to a temporary file with a unique name in the same
//! folder, created exclusively (so no bystander is truncated or deleted), and
//! moved over the target only once complete and synced, then the folder is
//! flushed so the new name survives a power cut ([`sync_folder`], which the
//! recovery files use too); on any error the temporary file is removed. A symlink is followed and the file it points to is replaced, so
//! the link stays. A target that is not a regular file (a FIFO, a device, `-`
//! for standard output) is written into directly and never replaced.
//!
//! Whatever the path, a file winddown keeps (the database and its companions,
//! the lock, config.toml, routine files: see [`crate::kept`]) is never written
//! unless the caller says it writes that kind of file itself.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

use crate::kept::KeptFiles;
use crate::store::StoreError;

/// What to do when something is already at the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Replace a regular file; write into a FIFO or device.
    Replace,
    /// Leave whatever is there untouched and report that nothing was written.
    Keep,
}

/// Links followed before giving up, as the kernel does.
const MAX_LINKS: usize = 40;

/// Where the bytes for a path end up, once links are followed.
#[derive(Debug)]
enum Destination {
    /// `-`: standard output.
    Stdout,
    /// A regular file (or nothing yet) at this resolved path.
    File {
        path: PathBuf,
        /// The mode of the file being replaced, kept for its replacement.
        permissions: Option<Permissions>,
    },
    /// A FIFO, device or socket at this resolved path: written into, never replaced.
    Stream(PathBuf),
}

/// Writes what `fill` produces to `target` under the rules above; false when
/// `existing` is [`Existing::Keep`] and something was already there. A target
/// that is one of `kept` is refused before anything is written.
pub fn write(
    target: &Path,
    existing: Existing,
    kept: &KeptFiles,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<bool> {
    write_unnamed(target, existing, kept, fill).map_err(|err| naming_a_full_disk(err, target))
}

fn write_unnamed(
    target: &Path,
    existing: Existing,
    kept: &KeptFiles,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<bool> {
    let shown = target.display();
    match resolve(target, kept)? {
        Destination::Stdout => {
            let mut out = io::stdout().lock();
            fill(&mut out)?;
            out.flush().context("cannot write to standard output")?;
            Ok(true)
        }
        Destination::Stream(_) if existing == Existing::Keep => Ok(false),
        Destination::Stream(path) => {
            let file = OpenOptions::new()
                .write(true)
                .open(&path)
                .with_context(|| format!("cannot open {shown}"))?;
            let mut out = BufWriter::new(file);
            fill(&mut out)
                .and_then(|()| out.flush().map_err(anyhow::Error::from))
                .with_context(|| format!("cannot write {shown}"))?;
            Ok(true)
        }
        Destination::File { permissions, .. }
            if existing == Existing::Keep && permissions.is_some() =>
        {
            Ok(false)
        }
        Destination::File { path, permissions } => {
            let mut temporary = temporary_beside(&path, permissions)?;
            let mut out = BufWriter::new(temporary.as_file_mut());
            fill(&mut out)
                .and_then(|()| out.flush().map_err(anyhow::Error::from))
                .with_context(|| format!("cannot write {shown}"))?;
            drop(out);
            move_into_place(temporary, &path, existing)
                .with_context(|| format!("cannot write {shown}"))
        }
    }
}

/// Like [`write`], for producers that need a path of their own to write to
/// (SQLite's backup): `make` fills a fresh empty file at the path it is given.
pub fn write_through_path(
    target: &Path,
    existing: Existing,
    kept: &KeptFiles,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<bool> {
    through_path_unnamed(target, existing, kept, make)
        .map_err(|err| naming_a_full_disk(err, target))
}

fn through_path_unnamed(
    target: &Path,
    existing: Existing,
    kept: &KeptFiles,
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<bool> {
    match resolve(target, kept)? {
        Destination::File { path, permissions } => {
            if existing == Existing::Keep && permissions.is_some() {
                return Ok(false);
            }
            let temporary = temporary_beside(&path, permissions)?;
            make(temporary.path())?;
            move_into_place(temporary, &path, existing)
                .with_context(|| format!("cannot write {}", target.display()))
        }
        // A stream gets the bytes of a finished file made in the system's temporary folder.
        Destination::Stdout | Destination::Stream(_) => {
            let scratch = NamedTempFile::new().context("cannot create a temporary file")?;
            make(scratch.path())?;
            let mut made = File::open(scratch.path()).context("cannot read the temporary file")?;
            write(target, existing, kept, |out| {
                io::copy(&mut made, out)?;
                Ok(())
            })
        }
    }
}

/// Follows `target`'s symlinks and says what is at the end; one of `kept` is refused.
fn resolve(target: &Path, kept: &KeptFiles) -> Result<Destination> {
    if target == Path::new("-") {
        return Ok(Destination::Stdout);
    }
    let destination = follow_links(target)?;
    if let Destination::File { path, .. } | Destination::Stream(path) = &destination {
        kept.refuse_output(target, path)?;
    }
    Ok(destination)
}

/// Follows `target`'s symlinks and says what is at the end.
fn follow_links(target: &Path) -> Result<Destination> {
    let mut path = target.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                return Ok(Destination::File {
                    path,
                    permissions: None,
                });
            }
            Err(err) => {
                return Err(err).with_context(|| format!("cannot look at {}", path.display()));
            }
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let points_to = fs::read_link(&path)
                .with_context(|| format!("cannot read the link {}", path.display()))?;
            path = folder_of(&path).join(points_to);
        } else if kind.is_dir() {
            bail!("{} is a folder; give a file name", target.display());
        } else if kind.is_file() {
            return Ok(Destination::File {
                path,
                permissions: Some(meta.permissions()),
            });
        } else if is_stream(kind) {
            return Ok(Destination::Stream(path));
        } else {
            bail!("{} is not a file winddown can write to", target.display());
        }
    }
    bail!("{}: too many levels of symbolic links", target.display())
}

/// "cannot write X: the disk holding F is full" in place of the system's "No space
/// left on device" (or SQLite's own words for it), wherever in `err` it came from.
/// A device or FIFO that is full (`/dev/full`) keeps the system's words: it is no disk.
fn naming_a_full_disk(err: anyhow::Error, target: &Path) -> anyhow::Error {
    if fs::metadata(target).is_ok_and(|meta| !meta.is_file()) {
        return err;
    }
    let full = err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::StorageFull)
            || cause
                .downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_disk_full)
    });
    if full {
        anyhow::anyhow!(
            "cannot write {}: the disk holding {} is full",
            target.display(),
            folder_of(target).display()
        )
    } else {
        err
    }
}

/// A FIFO or a device: written into, never replaced.
#[cfg(unix)]
fn is_stream(kind: fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device() || kind.is_block_device()
}

/// Windows keeps its pipes and devices out of the file system's folders (`\\.\`),
/// so nothing a folder lists is one.
#[cfg(not(unix))]
fn is_stream(_: fs::FileType) -> bool {
    false
}

/// Why nothing could be created in `folder`, in words: a missing or read-only
/// folder, a read-only file system, a full disk, or else the system's own message
/// (without the name of any temporary file it was about).
pub fn why_not_created(err: &io::Error, folder: &Path) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => format!("the folder {} does not exist", folder.display()),
        io::ErrorKind::PermissionDenied => format!("{} is read-only", folder.display()),
        io::ErrorKind::ReadOnlyFilesystem => "it is on a read-only file system".to_string(),
        io::ErrorKind::StorageFull => format!("the disk holding {} is full", folder.display()),
        _ => {
            // tempfile's errors add "at path <the temporary file>": say only the cause.
            let cause = err
                .get_ref()
                .and_then(|inner| inner.source())
                .and_then(|source| source.downcast_ref::<io::Error>());
            cause.map_or_else(|| err.to_string(), io::Error::to_string)
        }
    }
}

/// The folder `path` is in; `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Flush `folder`'s list of names to disk, so that a file just moved or linked
/// into it is still there after a power cut (the file's own data is synced
/// before). Every durable write of winddown's ends with this. Best effort: where
/// a folder cannot be opened as a file (Windows) the rename is all there is.
pub fn sync_folder(folder: &Path) {
    if let Ok(folder) = fs::File::open(folder) {
        let _ = folder.sync_all();
    }
}

/// A new, empty, exclusively created hidden file beside `path`, removed when dropped;
/// it has the replaced file's mode, or the usual mode for a new file.
fn temporary_beside(path: &Path, permissions: Option<Permissions>) -> Result<NamedTempFile> {
    let name = path.file_name().map_or_else(
        || "winddown".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let folder = folder_of(path);
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Masked by the umask, as any new file is (Windows has no modes to give).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let temporary = builder.tempfile_in(folder).map_err(|err| {
        anyhow::anyhow!(
            "cannot write {}: {}",
            path.display(),
            why_not_created(&err, folder)
        )
    })?;
    if let Some(permissions) = permissions {
        fs::set_permissions(temporary.path(), permissions)
            .with_context(|| format!("cannot set the mode of {}", temporary.path().display()))?;
    }
    Ok(temporary)
}

/// Makes the finished temporary file durable and moves it to `path`; with
/// [`Existing::Keep`] a file that appeared meanwhile wins and false is returned.
/// On any failure the temporary file is removed.
fn move_into_place(temporary: NamedTempFile, path: &Path, existing: Existing) -> Result<bool> {
    temporary.as_file().sync_all()?;
    let moved = match existing {
        Existing::Replace => temporary.persist(path),
        Existing::Keep => temporary.persist_noclobber(path),
    };
    match moved {
        Ok(_) => {
            sync_folder(folder_of(path));
            Ok(true)
        }
        Err(err)
            if existing == Existing::Keep && err.error.kind() == io::ErrorKind::AlreadyExists =>
        {
            Ok(false)
        }
        // Dropping the error drops the temporary file with it, which removes it.
        Err(err) => Err(err.error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::Paths;

    /// winddown's files in a folder that does not exist, so no test target is one of them.
    fn elsewhere() -> KeptFiles {
        KeptFiles::of(&Paths::resolve(Some(Path::new("/nonexistent/winddown"))).expect("paths"))
    }

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .expect("list")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_move_leaves_no_temporary_file() {
        let folder = tempfile::tempdir().expect("tempdir");
        let target = folder.path().join("out.csv");
        // While the bytes are written, a non-empty folder takes the target's
        // name, so the final rename fails.
        let result = write(&target, Existing::Replace, &elsewhere(), |out| {
            fs::create_dir(&target)?;
            fs::write(target.join("inside"), "x")?;
            out.write_all(b"data")?;
            Ok(())
        });
        let err = result.expect_err("renaming over a folder fails");
        assert!(format!("{err:#}").contains("out.csv"), "{err:#}");
        assert_eq!(names_in(folder.path()), ["out.csv"]);
        assert!(target.is_dir());
    }

    #[test]
    fn a_failed_fill_leaves_no_temporary_file_and_the_old_file_as_it_was() {
        let folder = tempfile::tempdir().expect("tempdir");
        let target = folder.path().join("out.csv");
        fs::write(&target, "old").expect("old");
        let result = write(&target, Existing::Replace, &elsewhere(), |out| {
            out.write_all(b"half")?;
            bail!("the database went away")
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&target).expect("old"), "old");
        assert_eq!(names_in(folder.path()), ["out.csv"]);
    }

    #[test]
    fn keep_never_replaces_and_says_so() {
        let folder = tempfile::tempdir().expect("tempdir");
        let target = folder.path().join("a.toml");
        let text =
            |text: &'static str| move |out: &mut dyn Write| Ok(out.write_all(text.as_bytes())?);
        assert!(write(&target, Existing::Keep, &elsewhere(), text("first")).expect("write"));
        assert!(!write(&target, Existing::Keep, &elsewhere(), text("second")).expect("kept"));
        assert_eq!(fs::read_to_string(&target).expect("read"), "first");
        assert_eq!(names_in(folder.path()), ["a.toml"]);
    }

    #[test]
    fn keep_loses_to_a_file_that_appears_while_writing() {
        let folder = tempfile::tempdir().expect("tempdir");
        let target = folder.path().join("a.toml");
        let written = write(&target, Existing::Keep, &elsewhere(), |out| {
            fs::write(&target, "theirs")?;
            out.write_all(b"ours")?;
            Ok(())
        })
        .expect("no error");
        assert!(!written);
        assert_eq!(fs::read_to_string(&target).expect("read"), "theirs");
        assert_eq!(names_in(folder.path()), ["a.toml"]);
    }

    #[test]
    fn a_bare_file_name_is_written_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("x.csv")), Path::new("."));
        assert_eq!(folder_of(Path::new("a/x.csv")), Path::new("a"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_an_error_not_a_hang() {
        let folder = tempfile::tempdir().expect("tempdir");
        let a = folder.path().join("a");
        let b = folder.path().join("b");
        std::os::unix::fs::symlink(&b, &a).expect("a");
        std::os::unix::fs::symlink(&a, &b).expect("b");
        let err = write(&a, Existing::Replace, &elsewhere(), |_| Ok(())).expect_err("loop");
        assert!(format!("{err:#}").contains("too many levels"), "{err:#}");
    }
}
