//! Stored values to model types and back; a value no winddown writes becomes
//! [`StoreError::BadRow`], never a panic.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::StoreError;
use super::time::{from_millis, parse_night};
use crate::model::RunSummary;
use crate::model::{RunId, RunOutcome};
use crate::session::{Holds, Outcome};

/// The word stored for a step outcome.
pub(super) fn outcome_text(outcome: Outcome) -> &'static str {
    outcome.as_str()
}

/// Reads a stored step outcome.
pub(super) fn parse_outcome(text: &str) -> Result<Outcome, StoreError> {
    Outcome::parse(text).ok_or_else(|| StoreError::BadRow(format!("unknown step outcome {text:?}")))
}

/// A step's holds as stored: `held_ms`, `holds` and `holds_full`, all NULL when unknown.
pub(super) fn holds_values(holds: Option<Holds>) -> [Option<i64>; 3] {
    match holds {
        Some(holds) => [
            Some(duration_millis(holds.held)),
            Some(i64::from(holds.planned)),
            Some(i64::from(holds.full)),
        ],
        None => [None; 3],
    }
}

/// Reads a step's stored holds (`held_ms`, `holds`, `holds_full`): `None` when the
/// result was recorded before winddown kept them.
pub(super) fn holds_of_row(
    held_ms: Option<i64>,
    planned: Option<i64>,
    full: Option<i64>,
) -> Result<Option<Holds>, StoreError> {
    let (Some(held_ms), Some(planned), Some(full)) = (held_ms, planned, full) else {
        return Ok(None);
    };
    let count = |value: i64, what: &str| {
        u32::try_from(value).map_err(|_| StoreError::BadRow(format!("{what} {value} out of range")))
    };
    let holds = Holds {
        held: millis_duration(held_ms, "time held")?,
        full: count(full, "holds held to the end")?,
        planned: count(planned, "hold count")?,
    };
    if holds.full > holds.planned {
        return Err(StoreError::BadRow(format!(
            "{} of {} holds held to the end",
            holds.full, holds.planned
        )));
    }
    Ok(Some(holds))
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
    pub(super) cut_short: i64,
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
            cut_short: to_usize(self.cut_short, "cut-short count")?,
            skipped: to_usize(self.skipped, "skipped count")?,
            started_at: local_instant(self.started_at, self.utc_offset)?,
            ended_at: self.ended_at.map(instant).transpose()?,
        })
    }
}
