//! One run of a routine: its key, what is known when it starts, how it ends,
//! and each ended step.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::session::{Outcome, StepResult};

/// A run's key in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId(pub i64);

/// What is known when a run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRun {
    /// The routine's stable id, e.g. its file stem.
    pub routine_id: String,
    /// The routine's display name at the time of the run.
    pub routine_name: String,
    /// A hash of the routine file's text, to tell whether it changed since.
    pub routine_hash: String,
    /// The evening this run belongs to.
    pub night: NaiveDate,
    /// When the run started, with the local offset the user saw.
    pub started_at: DateTime<FixedOffset>,
    /// How many steps are scheduled tonight.
    pub step_count: usize,
}

/// How a run stands or ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunOutcome {
    /// Still going, or interrupted and resumable.
    Running,
    /// Every non-optional step was done.
    Completed,
    /// Reached the end with a non-optional step skipped.
    Partial,
    /// Given up: restarted, or left unfinished past its night.
    Abandoned,
}

impl RunOutcome {
    /// The word stored in the database and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RunOutcome::Running => "running",
            RunOutcome::Completed => "completed",
            RunOutcome::Partial => "partial",
            RunOutcome::Abandoned => "abandoned",
        }
    }

    /// Reads a stored outcome word.
    pub(crate) fn parse(text: &str) -> Option<RunOutcome> {
        match text {
            "running" => Some(RunOutcome::Running),
            "completed" => Some(RunOutcome::Completed),
            "partial" => Some(RunOutcome::Partial),
            "abandoned" => Some(RunOutcome::Abandoned),
            _ => None,
        }
    }

    /// The outcome of a run that reached its end: completed when every step not
    /// marked optional was done. `optional` and `results` are indexed by step.
    pub fn judge(optional: &[bool], results: &[Option<StepResult>]) -> RunOutcome {
        let all_done = optional.iter().enumerate().all(|(index, &optional)| {
            optional
                || matches!(
                    results.get(index),
                    Some(Some(StepResult {
                        outcome: Outcome::Done,
                        ..
                    }))
                )
        });
        if all_done {
            RunOutcome::Completed
        } else {
            RunOutcome::Partial
        }
    }
}

/// One ended step, as the engine reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRecord {
    /// The step's stable id (history is keyed by it).
    pub step_id: String,
    /// The step's title at the time.
    pub title: String,
    /// Done or skipped, and the time it was active.
    pub result: StepResult,
    /// When it ended.
    pub at: DateTime<Utc>,
}

/// One write to a run, kept in order by the journal until the store has taken it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunWrite {
    /// A fresh run starts; the writes after it go to the new run.
    Start(NewRun),
    /// A run is given up (the user chose to start again).
    Abandon(RunId),
    /// Step `index` ended.
    Step {
        /// Index into the run's steps.
        index: usize,
        /// How it ended.
        record: StepRecord,
    },
    /// Step `index` was gone back to: its result is forgotten.
    Reopen {
        /// Index into the run's steps.
        index: usize,
    },
    /// The run's steps are now these, in this order (a live edit, or a resume over a
    /// routine changed since): each stored result moves to its step's new index by
    /// step id, and the results of steps no longer listed are kept after them.
    Relayout {
        /// The ids of the run's steps, in order.
        step_ids: Vec<String>,
    },
    /// The run goes on with this text of its routine (a live edit it took up, or a
    /// resume over the routine as it is now): its fingerprint replaces the one the run
    /// began on, so a later resume does not call it a run of an older version.
    Rehash {
        /// The fingerprint of the routine's text.
        routine_hash: String,
    },
    /// The run reached its end.
    Finish {
        /// When it ended.
        at: DateTime<Utc>,
        /// How it ended.
        outcome: RunOutcome,
    },
}
