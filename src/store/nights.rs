//! Reading history back: runs, rest nights and step results, night by night.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::params;

use super::rows::{
    RawRun, instant, local_instant, millis_duration, night_of_row, parse_outcome, to_usize,
};
use super::runs::{RunId, RunOutcome};
use super::time::{night_text, to_millis, window_start};
use super::{Store, StoreError};
use crate::session::Outcome;

/// One run with its step counts, as history and statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// The run's key.
    pub id: RunId,
    /// The evening it belongs to.
    pub night: NaiveDate,
    /// The routine's stable id.
    pub routine_id: String,
    /// The routine's name at the time.
    pub routine_name: String,
    /// The routine file's hash at the time.
    pub routine_hash: String,
    /// How it stands or ended.
    pub outcome: RunOutcome,
    /// Steps scheduled that night.
    pub step_count: usize,
    /// Steps recorded as done.
    pub done: usize,
    /// Steps recorded as skipped.
    pub skipped: usize,
    /// When it started, in the local offset of the time.
    pub started_at: DateTime<FixedOffset>,
    /// When it ended; `None` while running.
    pub ended_at: Option<DateTime<Utc>>,
}

impl RunSummary {
    /// Wall time from start to end; `None` while running (or for a clock that went backwards).
    pub fn duration(&self) -> Option<Duration> {
        let ended = self.ended_at?;
        (ended - self.started_at.to_utc()).to_std().ok()
    }
}

/// A night declared as a rest night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestNight {
    /// The evening.
    pub night: NaiveDate,
    /// Why, in the user's words.
    pub reason: String,
    /// When it was declared.
    pub created_at: DateTime<Utc>,
}

/// What a night amounted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NightStatus {
    /// A run of that night was completed.
    Completed,
    /// A run reached its end with required steps skipped.
    Partial,
    /// A run is still marked running (resumable tonight, unfinished on a past night).
    Running,
    /// The only runs of that night were abandoned.
    Abandoned,
    /// Declared a rest night, with the reason given.
    Rest(String),
    /// A past night with no run and no rest declared.
    Missed,
    /// Tonight, nothing yet.
    NotYet,
}

impl NightStatus {
    /// The word shown in reports.
    pub fn label(&self) -> &'static str {
        match self {
            NightStatus::Completed => "completed",
            NightStatus::Partial => "partial",
            NightStatus::Running => "unfinished",
            NightStatus::Abandoned => "abandoned",
            NightStatus::Rest(_) => "rest",
            NightStatus::Missed => "missed",
            NightStatus::NotYet => "not yet",
        }
    }
}

/// One night of history: what it amounted to and the run that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightSummary {
    /// The evening.
    pub night: NaiveDate,
    /// What the night amounted to.
    pub status: NightStatus,
    /// The night's most successful run (the latest among equals), if any; boxed
    /// because most lists of nights (streaks, calendars) carry none.
    pub run: Option<Box<RunSummary>>,
}

/// One recorded step result, with the run it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    /// The run it belongs to.
    pub run: RunId,
    /// The run's evening.
    pub night: NaiveDate,
    /// Index into that night's steps.
    pub index: usize,
    /// The step's stable id.
    pub step_id: String,
    /// The step's title at the time.
    pub title: String,
    /// Done or skipped.
    pub outcome: Outcome,
    /// When it ended, in the run's local offset.
    pub at: DateTime<FixedOffset>,
    /// Time it was active.
    pub active: Duration,
}

/// How often one step (by id) was done and skipped, over every recorded run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTally {
    /// The step's stable id.
    pub step_id: String,
    /// Its most recent title.
    pub title: String,
    /// Times done.
    pub done: u64,
    /// Times skipped.
    pub skipped: u64,
}

impl Store {
    /// Declares `night` a rest night (replacing the reason if it already was one).
    pub fn declare_rest(
        &mut self,
        night: NaiveDate,
        reason: &str,
        created_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        tx.execute(
            "INSERT INTO rest_nights (night, reason, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (night) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at",
            params![night_text(night), reason, to_millis(created_at)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every rest night from `since` (inclusive, or from the first) up to `until`, oldest first.
    pub fn rest_nights(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<RestNight>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT night, reason, created_at FROM rest_nights
             WHERE night >= ?1 AND night <= ?2 ORDER BY night",
        )?;
        let rows = statement.query_map(bounds(since, until), |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut rests = Vec::new();
        for row in rows {
            let (night, reason, created_at) = row?;
            rests.push(RestNight {
                night: night_of_row(&night)?,
                reason,
                created_at: instant(created_at)?,
            });
        }
        Ok(rests)
    }

    /// Every run from `since` (inclusive, or from the first) up to `until`, with
    /// its step counts, in the order they started.
    pub fn runs(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<RunSummary>, StoreError> {
        // The whole history is read faster by scanning the table than through the
        // night index; a window of recent nights is read through the index.
        let sql = if since.is_some() {
            "SELECT id, night, routine_id, routine_name, routine_hash, outcome, step_count,
                    started_at, utc_offset, ended_at, done, skipped
             FROM runs WHERE night >= ?1 AND night <= ?2
             ORDER BY night, started_at, id"
        } else {
            "SELECT id, night, routine_id, routine_name, routine_hash, outcome, step_count,
                    started_at, utc_offset, ended_at, done, skipped
             FROM runs NOT INDEXED WHERE night >= ?1 AND night <= ?2
             ORDER BY night, started_at, id"
        };
        let mut statement = self.conn.prepare_cached(sql)?;
        let rows = statement.query_map(bounds(since, until), |row| {
            Ok(RawRun {
                id: row.get(0)?,
                night: row.get(1)?,
                routine_id: row.get(2)?,
                routine_name: row.get(3)?,
                routine_hash: row.get(4)?,
                outcome: row.get(5)?,
                step_count: row.get(6)?,
                started_at: row.get(7)?,
                utc_offset: row.get(8)?,
                ended_at: row.get(9)?,
                done: row.get(10)?,
                skipped: row.get(11)?,
            })
        })?;
        let mut runs = Vec::new();
        for row in rows {
            runs.push(row?.check()?);
        }
        Ok(runs)
    }

    /// The nights from the last `days` (or since the first record) up to `today`,
    /// oldest first, missed nights included. Empty when nothing was ever recorded.
    pub fn history(
        &self,
        days: Option<u32>,
        today: NaiveDate,
    ) -> Result<Vec<NightSummary>, StoreError> {
        let since = days.map(|days| window_start(today, days));
        let runs = self.runs(since, today)?;
        let rests = self.rest_nights(since, today)?;
        Ok(summarise_nights(&runs, &rests, today))
    }

    /// Every recorded step result, oldest run first, for export.
    pub fn all_step_results(&self) -> Result<Vec<StepRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.run_id, r.night, s.step_index, s.step_id, s.title, s.outcome, s.at,
                    r.utc_offset, s.active_ms
             FROM step_results s JOIN runs r ON r.id = s.run_id
             ORDER BY r.night, r.started_at, s.run_id, s.step_index",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, i64>(6)?,
                row.get::<_, i64>(7)?,
                row.get::<_, i64>(8)?,
            ))
        })?;
        let mut steps = Vec::new();
        for row in rows {
            let (run, night, index, step_id, title, outcome, at, offset, active) = row?;
            steps.push(StepRow {
                run: RunId(run),
                night: night_of_row(&night)?,
                index: to_usize(index, "step index")?,
                step_id,
                title,
                outcome: parse_outcome(&outcome)?,
                at: local_instant(at, offset)?,
                active: millis_duration(active, "active time")?,
            });
        }
        Ok(steps)
    }

    /// Done and skipped counts per step id over every recorded run, in routine order.
    pub fn step_tallies(&self) -> Result<Vec<StepTally>, StoreError> {
        // SQLite takes the bare `title` from the row holding max(at): the latest title.
        let mut statement = self.conn.prepare_cached(
            "SELECT step_id, title, max(at), sum(outcome = 'done'), sum(outcome = 'skipped')
             FROM step_results GROUP BY step_id ORDER BY min(step_index), step_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(3)?,
                row.get::<_, i64>(4)?,
            ))
        })?;
        let mut tallies = Vec::new();
        for row in rows {
            let (step_id, title, done, skipped) = row?;
            let count = |n: i64| {
                u64::try_from(n).map_err(|_| StoreError::BadRow(format!("count {n} for {step_id}")))
            };
            tallies.push(StepTally {
                done: count(done)?,
                skipped: count(skipped)?,
                step_id: step_id.clone(),
                title,
            });
        }
        Ok(tallies)
    }
}

/// Turns runs and rest nights into one summary per night from the first record
/// to `today`, filling the gaps as missed nights. Records after `today` are ignored.
pub fn summarise_nights(
    runs: &[RunSummary],
    rests: &[RestNight],
    today: NaiveDate,
) -> Vec<NightSummary> {
    let mut ranked: Vec<Ranked> = runs
        .iter()
        .map(|run| Ranked {
            night: run.night,
            outcome: run.outcome,
            started: run.started_at.timestamp_millis(),
            run: Some(run),
        })
        .collect();
    // Stable: runs of one night keep their order.
    ranked.sort_by_key(|run| run.night);
    let mut rests: Vec<&RestNight> = rests.iter().collect();
    rests.sort_by_key(|rest| rest.night);
    summarise(ranked, rests, today)
}

/// What deciding a night needs of a run; `run` is kept when the caller wants it back.
pub(super) struct Ranked<'a> {
    /// The run's evening.
    pub(super) night: NaiveDate,
    /// How it ended.
    pub(super) outcome: RunOutcome,
    /// When it started, UTC milliseconds: among equals the later run speaks for the night.
    pub(super) started: i64,
    /// The full row, when there is one.
    pub(super) run: Option<&'a RunSummary>,
}

/// One summary per night from the first record to `today`, gaps filled as missed
/// nights. Both lists must be in night order: one pass merges them.
pub(super) fn summarise<'a, 'r>(
    runs: impl IntoIterator<Item = Ranked<'a>>,
    rests: impl IntoIterator<Item = &'r RestNight>,
    today: NaiveDate,
) -> Vec<NightSummary> {
    let mut runs = runs.into_iter().filter(|run| run.night <= today).peekable();
    let mut rests = rests
        .into_iter()
        .filter(|rest| rest.night <= today)
        .peekable();
    let first = [
        runs.peek().map(|run| run.night),
        rests.peek().map(|rest| rest.night),
    ]
    .into_iter()
    .flatten()
    .min();
    let Some(first) = first else {
        return Vec::new();
    };
    let mut nights =
        Vec::with_capacity(usize::try_from((today - first).num_days() + 1).unwrap_or(0));
    for night in first.iter_days().take_while(|&night| night <= today) {
        let mut best: Option<Ranked> = None;
        while let Some(run) = runs.next_if(|run| run.night == night) {
            // Equal rank goes to the later run: a restart that got as far speaks for the night.
            if best.as_ref().is_none_or(|slot| {
                (rank(run.outcome), run.started) >= (rank(slot.outcome), slot.started)
            }) {
                best = Some(run);
            }
        }
        let rest = rests.next_if(|rest| rest.night == night);
        let status = match (best.as_ref().map(|run| run.outcome), rest) {
            (Some(RunOutcome::Completed), _) => NightStatus::Completed,
            (_, Some(rest)) => NightStatus::Rest(rest.reason.clone()),
            (Some(RunOutcome::Partial), None) => NightStatus::Partial,
            (Some(RunOutcome::Running), None) => NightStatus::Running,
            (Some(RunOutcome::Abandoned), None) => NightStatus::Abandoned,
            (None, None) if night == today => NightStatus::NotYet,
            (None, None) => NightStatus::Missed,
        };
        nights.push(NightSummary {
            night,
            status,
            run: best.and_then(|run| run.run).cloned().map(Box::new),
        });
    }
    nights
}

/// Which run speaks for a night when there were several.
fn rank(outcome: RunOutcome) -> u8 {
    match outcome {
        RunOutcome::Completed => 3,
        RunOutcome::Partial => 2,
        RunOutcome::Running => 1,
        RunOutcome::Abandoned => 0,
    }
}

/// A `night BETWEEN` pair as stored text; no lower bound reads as the earliest date.
/// Dates are clamped to four-digit years, where text order is date order.
pub(super) fn bounds(since: Option<NaiveDate>, until: NaiveDate) -> [String; 2] {
    let clamp = |night: NaiveDate| match (
        NaiveDate::from_ymd_opt(0, 1, 1),
        NaiveDate::from_ymd_opt(9999, 12, 31),
    ) {
        (Some(min), Some(max)) => night_text(night.clamp(min, max)),
        _ => night_text(night),
    };
    [
        since.map_or_else(|| "0000-00-00".to_string(), clamp),
        clamp(until),
    ]
}
