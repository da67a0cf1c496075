//! `winddown check [PATH...]`: every error in the given files, or, with no paths,
//! in what the user has: each routine in their folder and their config.toml.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;

use crate::paths::Paths;
use crate::routine::{Diagnostic, parse, parse_config, render_diagnostics};
use crate::textfile::{self, Unreadable};
use crate::{printable, routines, shipped};

/// One thing to check: where it came from, and its text or why there is none.
struct Item {
    origin: String,
    text: Result<String, Unreadable>,
    kind: Kind,
    /// Found in the folder rather than named: a FIFO or device there is passed over.
    found: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Routine,
    Config,
}

/// Validate `files`, or with none the user's routine folder and config.toml (the
/// shipped routines when the folder holds no routine file); exit 1 if any is invalid.
pub fn check(files: &[PathBuf], home: &Paths, night: NaiveDate) -> Result<ExitCode> {
    let items = if files.is_empty() {
        users_files(home)?
    } else {
        files.iter().map(|path| routine_file(path, false)).collect()
    };
    // Write errors (a closed pipe) are ignored: the exit code still tells the result.
    let (mut out, mut err) = (io::stdout().lock(), io::stderr().lock());
    let mut all_valid = true;
    for item in items {
        all_valid &= report(item, night, home, &mut out, &mut err);
    }
    Ok(if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn routine_file(path: &Path, found: bool) -> Item {
    Item {
        origin: path.display().to_string(),
        text: routines::read_text(path),
        kind: Kind::Routine,
        found,
    }
}

/// Every `*.toml` in the routine folder, else the shipped routines; then config.toml if present.
fn users_files(home: &Paths) -> Result<Vec<Item>> {
    let folder = home.routines();
    let files = if folder.exists() {
        routines::routine_files(&folder)?
    } else {
        Vec::new()
    };
    let mut items: Vec<Item> = if files.is_empty() {
        shipped::ROUTINES
            .iter()
            .map(|routine| Item {
                origin: format!("shipped:{}", routine.name),
                text: Ok(routine.source.to_string()),
                kind: Kind::Routine,
                found: true,
            })
            .collect()
    } else {
        files.iter().map(|path| routine_file(path, true)).collect()
    };
    let config = home.config_file();
    match textfile::read(&config, "config file") {
        Err(err) if err.is_missing() => {}
        text => items.push(Item {
            origin: config.display().to_string(),
            text,
            kind: Kind::Config,
            found: true,
        }),
    }
    Ok(items)
}

/// Writes the item's verdict; true when it is valid or (from the folder) not a file at all.
fn report(
    item: Item,
    night: NaiveDate,
    home: &Paths,
    out: &mut impl Write,
    err: &mut impl Write,
) -> bool {
    let origin = printable::line(&item.origin);
    let text = match item.text {
        Ok(text) => text,
        // In the folder, a FIFO or a device is not a routine: passed over, and said so.
        Err(problem) if item.found && problem.is_not_a_file() => {
            let _ = writeln!(err, "skipped: {}", printable::line(&problem.to_string()));
            return true;
        }
        Err(problem) => {
            let _ = writeln!(err, "error: {}", printable::line(&problem.to_string()));
            return false;
        }
    };
    let verdict: Result<String, Vec<Diagnostic>> = match item.kind {
        // Tonight's length as the evening runs it, lead-ins included.
        Kind::Routine => parse(&text).map(|routine| {
            let routine = routines::for_the_evening(routine, home);
            format!(" ({})", routine.summary_on(night))
        }),
        Kind::Config => parse_config(&text).map(|_| String::new()),
    };
    match verdict {
        Ok(summary) => {
            let _ = writeln!(out, "ok: {origin}{summary}");
            true
        }
        Err(diagnostics) => {
            let _ = write!(
                err,
                "{}",
                render_diagnostics(&item.origin, &text, &diagnostics)
            );
            false
        }
    }
}
