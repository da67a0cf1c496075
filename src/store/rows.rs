//! Stored values to model types and back; a value no winddown writes becomes
//! [`StoreError::BadRow`], never a panic.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::StoreError;
use super::time::{from_millis, parse_night};
use crate::model::RunSummary;
use crate::model::{RunId, RunOutcome};
use crate::session::Outcome;

/// The word stored for a step outcome.
pub(super) fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Done => "done",
        Outcome::Skipped => "skipped",
    }
}

/// Reads a stored step outcome.
pub(super) fn parse_outcome(text: &str) -> Result<Outcome, StoreError> {
    match text {
        "done" => Ok(Outcome::Done),
        "skipped" => Ok(Outcome::Skipped),
        other => Err(StoreError::BadRow(format!(
            "unknown step outcome {other:?}"
        ))),
    }
}

/// Reads a stored run outcome.
pub(super) fn parse_run_outcome(text: &str) -> Result<RunOutcome, StoreError> {
    RunOutcome::parse(text)
        .ok_or_else(|| StoreError::BadRow(format!("unknown run outcome {text:?}")))
}

/// Reads a stored instant.
pub(super) fn instant(millis: i64) -> Result<DateTime<Utc>, StoreError> {
    from_millis(millis).ok_or_else(|| StoreError::BadRow(format!("instant {millis} out of range")))
}

/// Reads a stored instant with the local offset stored beside it.
pub(super) fn local_instant(millis: i64, offset: i64) -> Result<DateTime<FixedOffset>, StoreError> {
    let offset = i32::try_from(offset)
        .ok()
        .and_then(FixedOffset::east_opt)
        .ok_or_else(|| StoreError::BadRow(format!("UTC offset {offset} s out of range")))?;
    Ok(instant(millis)?.with_timezone(&offset))
}

/// Reads a stored count or index, which must not be negative.
pub(super) fn to_usize(value: i64, what: &str) -> Result<usize, StoreError> {
    usize::try_from(value).map_err(|_| StoreError::BadRow(format!("{what} {value} out of range")))
}

/// Reads a stored length of time in milliseconds.
pub(super) fn millis_duration(millis: i64, what: &str) -> Result<Duration, StoreError> {
    u64::try_from(millis)
        .map(Duration::from_millis)
        .map_err(|_| StoreError::BadRow(format!("{what} {millis} ms is negative")))
}

/// A count for SQLite, which has no unsigned integers; counts that large do not occur.
pub(super) fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A length of time in whole milliseconds, saturating far beyond any real hold.
pub(super) fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Reads a stored night, or says which one was bad.
pub(super) fn night_of_row(text: &str) -> Result<NaiveDate, StoreError> {
    parse_night(text).ok_or_else(|| StoreError::BadRow(format!("night {text:?} is not a date")))
}

/// A runs row as read, before its values are checked.
pub(super) struct RawRun {
    pub(super) id: i64,
    pub(super) night: String,
    pub(super) routine_id: String,
    pub(super) routine_name: String,
    pub(super) routine_hash: String,
    pub(super) outcome: String,
    pub(super) step_count: i64,
    pub(super) started_at: i64,
    pub(super) utc_offset: i64,
    pub(super) ended_at: Option<i64>,
    pub(super) done: i64,
    pub(super) skipped: i64,
}

impl RawRun {
    /// Checks every value, turning the row into a summary.
    pub(super) fn check(self) -> Result<RunSummary, StoreError> {
        Ok(RunSummary {
            id: RunId(self.id),
            night: night_of_row(&self.night)?,
            routine_id: self.routine_id,
            routine_name: self.routine_name,
            routine_hash: self.routine_hash,
            outcome: parse_run_outcome(&self.outcome)?,
            step_count: to_usize(self.step_count, "step count")?,
            done: to_usize(self.done, "done count")?,
            skipped: to_usize(self.skipped, "skipped count")?,
            started_at: local_instant(self.started_at, self.utc_offset)?,
            ended_at: self.ended_at.map(instant).transpose()?,
        })
    }
}
