//! Handing a file to the desktop, as double-clicking it would: `xdg-open` on
//! Linux and the BSDs, `open` on macOS, `start` (a `cmd` built-in) on Windows.
//! The command is found on PATH when it is needed; nothing is linked in.
//!
//! The opener usually hands the file over and returns at once, and its failure
//! ("no program for this type") is worth saying. But where no desktop is found,
//! `xdg-open` runs the browser itself and returns only when it closes. So the
//! opener is waited for briefly and then left running: unlike `deadline::run`,
//! which stops what it started, this never closes the page the user is reading.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The command that opens a file with the user's chosen program, and the
/// arguments that come before the file.
#[cfg(target_os = "macos")]
const OPENER: (&str, &[&str]) = ("open", &[]);
/// The command that opens a file with the user's chosen program, and the
/// arguments that come before the file: `start`'s first quoted argument is the
/// window title, so an empty one keeps a quoted file name from being taken for it.
#[cfg(windows)]
const OPENER: (&str, &[&str]) = ("cmd", &["/C", "start", ""]);
/// The command that opens a file with the user's chosen program, and the
/// arguments that come before the file.
#[cfg(not(any(target_os = "macos", windows)))]
const OPENER: (&str, &[&str]) = ("xdg-open", &[]);

/// How long the opener is waited for before it is taken to be the program
/// showing the file, and left to run.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// The name of this platform's opener, for messages.
pub fn opener_name() -> &'static str {
    match OPENER {
        ("cmd", _) => "start",
        (name, _) => name,
    }
}

/// Opens `file` with the desktop's program for it, looking for the opener on
/// `search` (a PATH-style list of folders). `Err` says why the file was not
/// opened: no opener, or the opener failed within [`ANSWER_WITHIN`]; one still
/// running then is left running.
pub fn open(file: &Path, search: Option<OsString>) -> Result<(), String> {
    let (name, before) = OPENER;
    let program = find(name, search)?;
    let mut child = Command::new(&program)
        .args(before)
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot run {}: {err}", program.display()))?;
    let started = Instant::now();
    while started.elapsed() < ANSWER_WITHIN {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!("{} could not open it ({status})", opener_name()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(err) => return Err(format!("cannot wait for {}: {err}", opener_name())),
        }
    }
    Ok(())
}

fn find(name: &str, search: Option<OsString>) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|err| format!("no current folder: {err}"))?;
    which::which_in(name, search, &cwd).map_err(|_| format!("{} is not installed", opener_name()))
}
