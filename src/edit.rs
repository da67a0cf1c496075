//! `winddown edit`: the routine opens in the user's editor as a draft beside
//! the real file; only a valid draft replaces the routine, and an invalid one
//! is kept, never thrown away.

use std::fs;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;

use crate::kept::{KeptFiles, Kind};
use crate::paths::Paths;
use crate::routine::{parse, render_diagnostics};
use crate::safe_write::{self, Existing};
use crate::{printable, routines};

/// How an edit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edited {
    /// The valid draft replaced the routine.
    Saved(PathBuf),
    /// Nothing was changed.
    Unchanged(PathBuf),
    /// The user left an invalid draft; the routine file is as it was.
    LeftDraft {
        /// The untouched routine.
        routine: PathBuf,
        /// Where the user's text waits.
        draft: PathBuf,
    },
}

/// The routine file `name` refers to, found as `winddown run` finds it; a shipped
/// routine not yet in the routine folder is written there first, so there is a file to edit.
pub fn routine_file(name: &str, paths: &Paths) -> Result<PathBuf> {
    let source = routines::find(name, paths)?;
    if let Some(path) = source.path {
        return Ok(path);
    }
    let folder = routines::create_folder(paths)?;
    let file = folder.join(format!("{}.toml", source.id));
    routines::write_new(&file, &source.text, paths)?;
    Ok(file)
}

/// The draft beside `routine`: hidden, so listings skip it, and still `.toml` for editors.
pub fn draft_of(routine: &Path) -> PathBuf {
    let name = routine.file_name().map_or_else(
        || "routine.toml".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    routine.with_file_name(format!(".{name}"))
}

/// The editor command: `$VISUAL`, then `$EDITOR`, then `vi` if it is installed
/// (on Windows, Notepad, which every Windows has).
pub fn editor() -> Result<String> {
    for variable in ["VISUAL", "EDITOR"] {
        if let Ok(value) = std::env::var(variable)
            && !value.trim().is_empty()
        {
            return Ok(value);
        }
    }
    if cfg!(windows) {
        return Ok("notepad".to_string());
    }
    let vi_found = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("vi").is_file()));
    if vi_found {
        return Ok("vi".to_string());
    }
    bail!("no editor found: set $EDITOR (for example `export EDITOR=nano`) or $VISUAL")
}

/// Open `file` in `editor`, a shell command line (so "code --wait" works), and wait;
/// how the editor ended.
fn open_editor(editor: &str, file: &Path) -> Result<ExitStatus> {
    editor_command(editor, file)
        .status()
        .with_context(|| format!("cannot start the editor ({editor})"))
}

/// The editor failed: a draft it left as the routine was holds nothing of the user's
/// and goes; one that differs is kept, and the error says where.
fn editor_failed(editor: &str, status: ExitStatus, draft: &Path, original: &str) -> anyhow::Error {
    let untouched = routines::read_text(draft).is_ok_and(|text| text == original);
    if untouched && fs::remove_file(draft).is_ok() {
        anyhow::anyhow!("the editor ({editor}) exited with {status}; the routine is unchanged")
    } else {
        anyhow::anyhow!(
            "the editor ({editor}) exited with {status}; your text is in {}",
            draft.display()
        )
    }
}

/// `editor FILE` through the shell, the file passed as an argument of its own.
#[cfg(unix)]
fn editor_command(editor: &str, file: &Path) -> Command {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("{editor} \"$@\""))
        .arg("winddown-editor")
        .arg(file);
    command
}

/// `editor "FILE"` through cmd.exe, whose quoting is its own: `/S /C "…"` takes
/// the line between the outer quotes as written, and a Windows file name cannot
/// hold a double quote.
#[cfg(windows)]
fn editor_command(editor: &str, file: &Path) -> Command {
    use std::os::windows::process::CommandExt;
    let mut command = Command::new("cmd");
    command
        .args(["/D", "/S", "/C"])
        .raw_arg(format!("\"{editor} \"{}\"\"", file.display()));
    command
}

/// Edit `routine` through its draft until it is valid or the user leaves.
/// `answers` is where "reopen or leave?" is read from; `out` where the dialogue goes.
pub fn edit(
    routine: &Path,
    editor: &str,
    night: NaiveDate,
    paths: &Paths,
    answers: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<Edited> {
    let original = routines::read_text(routine)?;
    let draft = draft_of(routine);
    // A draft that differs from the routine is an edit left unfinished; one that is
    // the same (left by an older winddown) is taken up as a fresh copy, silently.
    let unfinished =
        draft.is_file() && routines::read_text(&draft).map_or(true, |text| text != original);
    if unfinished {
        writeln!(
            out,
            "Continuing your unsaved edit in {}",
            printable::path(&draft)
        )?;
    } else if !draft.is_file() {
        routines::write_new(&draft, &original, paths)?;
    }
    loop {
        let status = open_editor(editor, &draft)?;
        if !status.success() {
            return Err(editor_failed(editor, status, &draft, &original));
        }
        let text = routines::read_text(&draft)?;
        match parse(&text) {
            Ok(parsed) => {
                // Written through the link when the routine is one; the draft goes only
                // once the routine holds its text.
                let kept = KeptFiles::of(paths).allowing(Kind::Routine);
                safe_write::write(routine, Existing::Replace, &kept, |out| {
                    Ok(out.write_all(text.as_bytes())?)
                })?;
                fs::remove_file(&draft)
                    .with_context(|| format!("cannot remove the draft {}", draft.display()))?;
                if text == original {
                    writeln!(out, "No changes to {}.", printable::path(routine))?;
                    return Ok(Edited::Unchanged(routine.to_path_buf()));
                }
                writeln!(
                    out,
                    "Saved {} ({}).",
                    printable::path(routine),
                    routines::for_the_evening(parsed, paths).summary_on(night)
                )?;
                return Ok(Edited::Saved(routine.to_path_buf()));
            }
            Err(diagnostics) => {
                let shown = draft.display().to_string();
                write!(out, "{}", render_diagnostics(&shown, &text, &diagnostics))?;
                write!(
                    out,
                    "\n{} is unchanged. [r] reopen the editor  [l] leave it for now: ",
                    printable::path(routine)
                )?;
                out.flush()?;
                let mut answer = String::new();
                answers.read_line(&mut answer)?;
                if answer.trim().eq_ignore_ascii_case("r") {
                    continue;
                }
                writeln!(
                    out,
                    "Your text is kept in {}; `winddown edit` picks it up again.",
                    printable::path(&draft)
                )?;
                return Ok(Edited::LeftDraft {
                    routine: routine.to_path_buf(),
                    draft,
                });
            }
        }
    }
}
