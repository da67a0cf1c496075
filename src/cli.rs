//! The non-interactive subcommands.

pub mod checkin;
pub mod export;
pub mod folder;
pub mod history;
pub mod insights;
pub mod remind;
pub mod report;
pub mod schema;
pub mod shell;
pub mod stats;
pub mod status;
pub mod status_format;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::routine::{parse, render_diagnostics};
use crate::{printable, routines, shipped};

/// `winddown check [PATH...]`: validate files (the shipped routines when none are given).
pub fn check(paths: &[PathBuf], night: NaiveDate) -> ExitCode {
    let all_valid = check_to(
        paths,
        night,
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    );
    if all_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Check each file, writing `ok:` lines to `out` and diagnostics to `err`; true when all are valid.
pub fn check_to(
    paths: &[PathBuf],
    night: NaiveDate,
    out: &mut impl Write,
    err: &mut impl Write,
) -> bool {
    let sources: Vec<(String, Result<String, String>)> = if paths.is_empty() {
        shipped::ROUTINES
            .iter()
            .map(|routine| {
                (
                    format!("shipped:{}", routine.name),
                    Ok(routine.source.to_string()),
                )
            })
            .collect()
    } else {
        paths
            .iter()
            .map(|path| {
                let text = routines::read_text(path).map_err(|err| err.to_string());
                (path.display().to_string(), text)
            })
            .collect()
    };
    let mut all_valid = true;
    for (origin, text) in sources {
        // Write errors (a closed pipe) are ignored: the exit code still tells the result.
        match text.map(|text| (parse(&text), text)) {
            Err(problem) => {
                all_valid = false;
                let _ = writeln!(err, "error: {}", printable::line(&problem));
            }
            Ok((Ok(routine), _)) => {
                let _ = writeln!(
                    out,
                    "ok: {} ({})",
                    printable::line(&origin),
                    routine.summary_on(night)
                );
            }
            Ok((Err(diagnostics), text)) => {
                all_valid = false;
                let _ = write!(err, "{}", render_diagnostics(&origin, &text, &diagnostics));
            }
        }
    }
    all_valid
}
