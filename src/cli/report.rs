//! `winddown report`: the last weeks to bring to a doctor, as Markdown or as a
//! printable HTML page. [`crate::report`] makes the text without touching the
//! disk; this reads the store for it and writes the result where it was asked.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;

use super::args::ReportFormat;
use crate::kept::KeptFiles;
use crate::opener;
use crate::printable;
use crate::report::{Period, Report, Rows, html, markdown};
use crate::safe_write::{self, Existing};
use crate::store::{Store, StoreError};

/// What `winddown report` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// How many weeks, ending last night.
    pub weeks: u32,
    /// Markdown or a page.
    pub format: ReportFormat,
    /// Where to write it; `None` or `-` is standard output.
    pub out: Option<PathBuf>,
    /// Open the file written with the desktop's program for it.
    pub open: bool,
}

/// What the store holds for the `weeks` weeks of nights ending last night (`today - 1`).
pub fn rows(store: &Store, weeks: u32, today: NaiveDate) -> Result<Rows, StoreError> {
    let period = Period::ending_before(today, weeks);
    let (since, until) = (Some(period.first), period.last);
    Ok(Rows {
        period,
        made_on: today,
        first_record: store.first_night()?,
        runs: store.runs(since, until)?,
        rests: store.rest_nights(since, until)?,
        checkins: store.checkins(since, until)?,
        episodes: store.sos_episodes(since, until)?,
        steps: store.step_results(since, until)?,
        experiment: experiment_lines(store, today)?,
    })
}

/// The latest experiment in its own words once it is over, or that it is under way.
fn experiment_lines(store: &Store, today: NaiveDate) -> Result<Vec<String>, StoreError> {
    Ok(match crate::experiment::Reading::latest(store, today)? {
        Some(reading) if reading.over() => {
            let result = reading.result();
            let title = crate::printable::line(&reading.experiment.step_title);
            let mut lines = crate::experiment::describe(&result);
            lines.insert(
                0,
                format!(
                    "Experiment on {title}, {}:",
                    crate::experiment::design_words(reading.experiment.design)
                ),
            );
            lines
        }
        Some(reading) => crate::experiment::summary_lines(&reading),
        None => Vec::new(),
    })
}

/// The report of the `weeks` weeks ending last night, in `format`.
pub fn render(store: &Store, weeks: u32, format: ReportFormat, today: NaiveDate) -> Result<String> {
    let report = Report::new(rows(store, weeks, today)?);
    Ok(match format {
        ReportFormat::Markdown => markdown(&report),
        ReportFormat::Html => html(&report),
    })
}

/// Writes the Markdown report of the `weeks` weeks ending last night to `out`.
pub fn report(store: &Store, weeks: u32, today: NaiveDate, out: &mut impl Write) -> Result<()> {
    out.write_all(render(store, weeks, ReportFormat::Markdown, today)?.as_bytes())?;
    Ok(())
}

/// `winddown report` as asked: to standard output, or into a file that appears
/// whole (replacing one already there, never one of winddown's own), then opened
/// when asked, with the opener looked for on `search` (a PATH-style list of folders).
pub fn run(
    store: &Store,
    request: &Request,
    today: NaiveDate,
    kept: &KeptFiles,
    out: &mut impl Write,
    search: Option<OsString>,
) -> Result<()> {
    let file = request
        .out
        .as_deref()
        .filter(|path| *path != Path::new("-"));
    if request.open && file.is_none() {
        bail!("--open needs a file to open: give --out FILE, not standard output");
    }
    let text = render(store, request.weeks, request.format, today)?;
    let Some(file) = file else {
        out.write_all(text.as_bytes())?;
        return Ok(());
    };
    safe_write::write(file, Existing::Replace, kept, |into| {
        into.write_all(text.as_bytes())?;
        Ok(())
    })?;
    if request.open {
        let shown = printable::path(file);
        let whole = std::path::absolute(file).with_context(|| format!("cannot find {shown}"))?;
        opener::open(&whole, search).map_err(|why| {
            anyhow!("wrote {shown} but cannot open it: {why}; open it in a browser yourself")
        })?;
    }
    Ok(())
}
