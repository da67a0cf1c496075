//! The whole history, row for row: what `export` writes and `import` merges back.

use chrono::{DateTime, Utc};

use super::{CheckIn, CheckinSkip, NewRun, RestNight, RunOutcome, SosEpisode, StepRecord};

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
