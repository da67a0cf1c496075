//! The whole history, row for row: what `export` writes and `import` merges back.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    CheckIn, CheckinSkip, Experiment, NewRun, RestNight, RunOutcome, SosEpisode, StepRecord,
};
use crate::routine::MAX_STEPS;

/// The first night (and the earliest moment) an import accepts: the Unix epoch,
/// the earliest date a computer's clock shows (a board without a real-time clock,
/// before it has synced, records its nights there).
pub const EARLIEST_NIGHT: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(date) => date,
    None => panic!("1970-01-01 is a valid date"),
};

/// How many days past the importing machine's today an imported night (or moment)
/// may lie: the machine that wrote it may be in a time zone a day ahead.
pub const DAYS_AHEAD: i64 = 2;

/// The longest one step can have been active, or one SOS episode last: a night,
/// from one day rollover to the next.
pub const NIGHT_LENGTH: Duration = Duration::from_secs(24 * 60 * 60);

/// The most steps one run holds: a routine has at most [`MAX_STEPS`], and a
/// routine edited mid-run adds its steps after those already run (ten whole
/// rewrites in one evening is far past any real one).
pub const MAX_RUN_STEPS: usize = 10 * MAX_STEPS;

/// The last night an import accepts when today is `today`.
pub fn latest_night(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(chrono::Days::new(DAYS_AHEAD.unsigned_abs()))
        .unwrap_or(NaiveDate::MAX)
}

/// Everything the database holds about the user's nights.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct History {
    /// Every run, in the order they started, with its step results.
    pub runs: Vec<RunRecord>,
    /// Every rest night, oldest first.
    pub rest_nights: Vec<RestNight>,
    /// Every check-in, oldest night first.
    pub checkins: Vec<RecordedCheckIn>,
    /// Every night whose check-in the user chose to skip, oldest first.
    pub checkin_skips: Vec<CheckinSkip>,
    /// Every SOS episode, oldest first.
    pub sos_episodes: Vec<SosEpisode>,
    /// Every experiment, oldest first: schedule, seed, pauses and stop.
    pub experiments: Vec<Experiment>,
}

/// One run as a whole: how it started, how it stands, and its ended steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRecord {
    /// What was known at its start; with the night, the routine and the start its natural key.
    pub run: NewRun,
    /// How it stands or ended.
    pub outcome: RunOutcome,
    /// When it ended; `None` while running.
    pub ended_at: Option<DateTime<Utc>>,
    /// Its step results with their index into the night's steps, by index.
    pub steps: Vec<(usize, StepRecord)>,
}

/// A check-in with the moment it was recorded, which tells the newer of two apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedCheckIn {
    /// The check-in.
    pub checkin: CheckIn,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
}

/// What merging a history into the database did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Merged {
    /// Rows that were not there and were added.
    pub added: usize,
    /// Rows already there exactly as imported.
    pub unchanged: usize,
    /// Local rows replaced by the import's newer ones, one line each.
    pub replaced: Vec<String>,
    /// Local rows kept because they were newer than (or could not be told
    /// apart from) the import's different ones, one line each.
    pub kept: Vec<String>,
}
