//! `winddown report`: the last weeks to bring to a doctor, as Markdown.
//! [`crate::report`] makes the text without touching the disk; this reads the
//! store for it and writes the result.

use std::io::Write;

use chrono::NaiveDate;

use crate::report::{Period, Report, Rows, markdown};
use crate::store::{Store, StoreError};

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
    })
}

/// Writes the Markdown report of the `weeks` weeks ending last night to `out`.
pub fn report(
    store: &Store,
    weeks: u32,
    today: NaiveDate,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let report = Report::new(rows(store, weeks, today)?);
    out.write_all(markdown(&report).as_bytes())?;
    Ok(())
}
