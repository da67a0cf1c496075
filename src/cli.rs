//! The non-interactive subcommands.

pub mod checkin;
pub mod export;
pub mod folder;
pub mod history;
pub mod insights;
pub mod report;
pub mod schema;
pub mod stats;
pub mod status;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::routine::{Routine, parse, render_diagnostics};
use crate::{routines, shipped};

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
            .map(|path| (path.display().to_string(), routines::read_text(path)))
            .collect()
    };
    let mut all_valid = true;
    for (origin, text) in sources {
        // Write errors (a closed pipe) are ignored: the exit code still tells the result.
        match text.map(|text| (parse(&text), text)) {
            Err(problem) => {
                all_valid = false;
                let _ = writeln!(err, "error: {problem}");
            }
            Ok((Ok(routine), _)) => {
                let _ = writeln!(out, "ok: {origin} ({})", tonight_summary(&routine, night));
            }
            Ok((Err(diagnostics), text)) => {
                all_valid = false;
                let _ = write!(err, "{}", render_diagnostics(&origin, &text, &diagnostics));
            }
        }
    }
    all_valid
}

/// "9 steps, 14 min tonight".
pub fn tonight_summary(routine: &Routine, night: NaiveDate) -> String {
    let steps = routine.tonight(night).len();
    let noun = if steps == 1 { "step" } else { "steps" };
    format!(
        "{steps} {noun}, {} tonight",
        tonight_minutes(routine, night)
    )
}

/// "14 min", "under 1 min" or "untimed": the timed length of the night's steps.
pub fn tonight_minutes(routine: &Routine, night: NaiveDate) -> String {
    match routine.length_on(night).as_secs() {
        0 => "untimed".to_string(),
        1..=59 => "under 1 min".to_string(),
        seconds => format!("{} min", seconds.div_ceil(60)),
    }
}
