//! Resume after a crash: the live progress of a running run, and rebuilding
//! the engine's snapshot from it and the step results.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::rows::{
    duration_millis, holds_of_row, instant, local_instant, millis_duration, parse_outcome, to_i64,
    to_usize,
};
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{MAX_RUN_STEPS, RunId};
use crate::session::{Snapshot, StepResult};

/// A run of tonight that never finished, with what is needed to resume it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedRun {
    /// The run to continue writing to.
    pub run: RunId,
    /// The routine it ran.
    pub routine_id: String,
    /// The routine file's hash then; a different hash today means the steps may differ.
    pub routine_hash: String,
    /// How many steps the run has on disk.
    pub step_count: usize,
    /// When it started.
    pub started_at: DateTime<FixedOffset>,
    /// Every stored step result, by index, with the id of the step it belongs to:
    /// what a routine changed since is matched against.
    pub stored: Vec<StoredResult>,
    /// Where it stood over its own steps, rebuilt from the step results and the last
    /// saved progress; results stored beyond its step count are only in `stored`.
    pub snapshot: Snapshot,
    /// When progress was last saved; `None` if it never was.
    pub saved_at: Option<DateTime<Utc>>,
    /// No saved place belongs to the snapshot's step (none was saved, it lies past the
    /// run's steps, or the step's result was stored after it): that step starts again
    /// from its beginning.
    pub from_start: bool,
    /// The id of the step the saved place belongs to, when a place is kept and the
    /// winddown that saved it recorded the id.
    pub place_step: Option<String>,
    /// That step's holds as the run planned them ([`crate::session::plan_key`]), when
    /// a place is kept and the winddown that saved it recorded them.
    pub place_plan: Option<String>,
}

/// The step a saved place stands in: its id, and its holds as the run planned them
/// ([`crate::session::plan_key`]), which a live edit may have changed in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepPlace<'a> {
    /// The step's id.
    pub id: &'a str,
    /// Its holds as the run planned them.
    pub plan: &'a str,
}

/// One stored step result of an unfinished run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResult {
    /// Its index among the run's steps.
    pub index: usize,
    /// The id of the step, as the routine named it then.
    pub step_id: String,
    /// How it ended.
    pub result: StepResult,
}

impl Store {
    /// Saves where a running run stands (position, timer, checklist) and the step it
    /// stands in, for resume. Step results are not taken from the snapshot:
    /// [`Store::record_step`] keeps those.
    pub fn save_progress(
        &mut self,
        run: RunId,
        step: Option<StepPlace<'_>>,
        snapshot: &Snapshot,
        saved_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let flags = |flags: &[bool]| -> String {
            flags.iter().map(|&on| if on { '1' } else { '0' }).collect()
        };
        let (checked, full) = (flags(&snapshot.checked), flags(&snapshot.full));
        // Progress is saved every few seconds while a hold runs. A crash of winddown
        // keeps it without an fsync (the WAL is in the OS cache), and only a power cut
        // could cost its last few seconds; step results, the real record, keep FULL.
        let conn = self.relaxed()?;
        let place = Place {
            step,
            snapshot,
            checked: &checked,
            full: &full,
        };
        write_progress(conn, run, &place, saved_at)
    }

    /// The latest run of `night` that is still marked running, of any routine,
    /// rebuilt for resume.
    pub fn unfinished_run(&self, night: NaiveDate) -> Result<Option<UnfinishedRun>, StoreError> {
        self.unfinished_run_where(night, None)
    }

    /// The latest run of `routine_id` on `night` that is still marked running,
    /// rebuilt for resume (another routine's unfinished run is left for its own turn).
    pub fn unfinished_run_of(
        &self,
        night: NaiveDate,
        routine_id: &str,
    ) -> Result<Option<UnfinishedRun>, StoreError> {
        self.unfinished_run_where(night, Some(routine_id))
    }

    /// The latest running run of `night`, of `routine_id` when given.
    fn unfinished_run_where(
        &self,
        night: NaiveDate,
        routine_id: Option<&str>,
    ) -> Result<Option<UnfinishedRun>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, routine_id, routine_hash, step_count, started_at, utc_offset
                 FROM runs WHERE night = ?1 AND outcome = 'running'
                     AND (?2 IS NULL OR routine_id = ?2)
                 ORDER BY started_at DESC, id DESC LIMIT 1",
            )?
            .query_row(params![night_text(night), routine_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, i64>(4)?,
                    row.get::<_, i64>(5)?,
                ))
            })
            .optional()?;
        let Some((id, routine_id, routine_hash, step_count, started, offset)) = row else {
            return Ok(None);
        };
        let run = RunId(id);
        let step_count = to_usize(step_count, "step count")?;
        let started_at = local_instant(started, offset)?;
        let stored = self.step_results_of(run)?;
        // Never more slots than a run can hold, whatever another program wrote in the
        // row: a result past them stays in `stored`, matched by its step's id.
        let mut results = vec![None; step_count.min(MAX_RUN_STEPS)];
        for result in &stored {
            // A result past the run's steps (written before a live edit was followed
            // through) stays in `stored`, where it is matched by its step's id.
            if let Some(slot) = results.get_mut(result.index) {
                *slot = Some(result.result);
            }
        }
        let progress = self.progress_of(run)?;
        let saved_at = progress.as_ref().map(|progress| progress.saved_at);
        let (snapshot, from_start, place_step, place_plan) = resume_place(results, progress);
        Ok(Some(UnfinishedRun {
            run,
            routine_id,
            routine_hash,
            step_count,
            started_at,
            stored,
            snapshot,
            saved_at,
            from_start,
            place_step,
            place_plan,
        }))
    }

    /// The results recorded for one run, by step index.
    fn step_results_of(&self, run: RunId) -> Result<Vec<StoredResult>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT step_index, step_id, outcome, active_ms, held_ms, holds, holds_full
             FROM step_results WHERE run_id = ?1 ORDER BY step_index",
        )?;
        let rows = statement.query_map([run.0], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                [
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                ],
            ))
        })?;
        let mut results = Vec::new();
        for row in rows {
            let (index, step_id, outcome, active, [held, holds, full]) = row?;
            results.push(StoredResult {
                index: to_usize(index, "step index")?,
                step_id,
                result: StepResult {
                    outcome: parse_outcome(&outcome)?,
                    active: millis_duration(active, "active time")?,
                    holds: holds_of_row(held, holds, full)?,
                },
            });
        }
        Ok(results)
    }

    /// The saved progress of one run, if any.
    fn progress_of(&self, run: RunId) -> Result<Option<Progress>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT position, segment, remaining_ms, paused, checked, saved_at, step_id,
                        length_ms, held_ms, holds_full, plan, returned
                 FROM progress WHERE run_id = ?1",
            )?
            .query_row([run.0], |row| {
                Ok(RawProgress {
                    position: row.get(0)?,
                    segment: row.get(1)?,
                    remaining: row.get(2)?,
                    paused: row.get(3)?,
                    checked: row.get(4)?,
                    saved_at: row.get(5)?,
                    step_id: row.get(6)?,
                    length: row.get(7)?,
                    held: row.get(8)?,
                    full: row.get(9)?,
                    plan: row.get(10)?,
                    returned: row.get(11)?,
                })
            })
            .optional()?;
        row.map(|row| row.check(run)).transpose()
    }
}

/// A progress row as read, before its values are checked.
struct RawProgress {
    position: i64,
    segment: i64,
    remaining: Option<i64>,
    paused: bool,
    checked: String,
    saved_at: i64,
    step_id: Option<String>,
    length: Option<i64>,
    held: Option<i64>,
    full: Option<String>,
    plan: Option<String>,
    returned: bool,
}

impl RawProgress {
    /// Checks every value of run `run`'s progress row.
    fn check(self, run: RunId) -> Result<Progress, StoreError> {
        let flags = |text: &str, what: &str| {
            text.chars()
                .map(|c| match c {
                    '1' => Ok(true),
                    '0' => Ok(false),
                    other => Err(StoreError::BadRow(format!(
                        "{what} {other:?} for run {}",
                        run.0
                    ))),
                })
                .collect::<Result<Vec<bool>, StoreError>>()
        };
        let duration =
            |ms: Option<i64>, what: &str| ms.map(|ms| millis_duration(ms, what)).transpose();
        Ok(Progress {
            position: to_usize(self.position, "position")?,
            segment: to_usize(self.segment, "segment")?,
            remaining: duration(self.remaining, "remaining time")?,
            paused: self.paused,
            checked: flags(&self.checked, "checklist state")?,
            saved_at: instant(self.saved_at)?,
            step_id: self.step_id,
            length: duration(self.length, "segment length")?,
            held: duration(self.held, "time held")?.unwrap_or_default(),
            full: flags(self.full.as_deref().unwrap_or_default(), "hold state")?,
            plan: self.plan,
            returned: self.returned,
        })
    }
}

/// Where a resume of a run with these step `results` starts: the snapshot, whether
/// its step starts from the beginning, and the id and holds of the step the saved
/// place belongs to.
fn resume_place(
    results: Vec<Option<StepResult>>,
    progress: Option<Progress>,
) -> (Snapshot, bool, Option<String>, Option<String>) {
    // A saved place is stale when its step's result was stored after it (a stop
    // between the two writes): a resume never repeats a stored step. A step the
    // user went back to had its result before the place was saved (a result stored
    // after clears `returned`). A place past the run's steps belongs to no step of it.
    let current = progress.filter(|progress| {
        progress.position == results.len()
            || results
                .get(progress.position)
                .is_some_and(|result| result.is_none() || progress.returned)
    });
    match current {
        Some(progress) => {
            let (place_step, place_plan) = (progress.step_id, progress.plan);
            let snapshot = Snapshot {
                position: progress.position,
                segment: progress.segment,
                remaining: progress.remaining,
                paused: progress.paused,
                checked: progress.checked,
                results,
                length: progress.length,
                held: progress.held,
                full: progress.full,
            };
            (snapshot, false, place_step, place_plan)
        }
        None => {
            // Resume at the first step without a result, from its beginning.
            let position = results.iter().take_while(|r| r.is_some()).count();
            (Snapshot::at_start(position, results), true, None, None)
        }
    }
}

/// What a progress row says of where a run stands.
struct Place<'a> {
    step: Option<StepPlace<'a>>,
    snapshot: &'a Snapshot,
    /// One '0' or '1' per checklist item of the step.
    checked: &'a str,
    /// One '0' or '1' per hold of the step: held to the end or not.
    full: &'a str,
}

/// The progress row itself.
/// One statement, so its own transaction; the foreign key tells an unknown run.
fn write_progress(
    conn: &rusqlite::Connection,
    run: RunId,
    place: &Place<'_>,
    saved_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let snapshot = place.snapshot;
    let written = conn
        .prepare_cached(
            "INSERT INTO progress
                 (run_id, position, segment, remaining_ms, paused, checked, saved_at, step_id,
                  length_ms, held_ms, holds_full, plan, returned)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (run_id) DO UPDATE SET
                 position = excluded.position, segment = excluded.segment,
                 remaining_ms = excluded.remaining_ms, paused = excluded.paused,
                 checked = excluded.checked, saved_at = excluded.saved_at,
                 step_id = excluded.step_id, length_ms = excluded.length_ms,
                 held_ms = excluded.held_ms, holds_full = excluded.holds_full,
                 plan = excluded.plan, returned = excluded.returned",
        )?
        .execute(params![
            run.0,
            to_i64(snapshot.position),
            to_i64(snapshot.segment),
            snapshot.remaining.map(duration_millis),
            snapshot.paused,
            place.checked,
            to_millis(saved_at),
            place.step.map(|step| step.id),
            snapshot.length.map(duration_millis),
            duration_millis(snapshot.held),
            place.full,
            place.step.map(|step| step.plan),
            // The step stood in had ended before: the user went back to it.
            snapshot
                .results
                .get(snapshot.position)
                .is_some_and(Option::is_some),
        ]);
    match written {
        Err(err)
            if err.sqlite_error().is_some_and(|error| {
                error.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
            }) =>
        {
            Err(StoreError::UnknownRun(run.0))
        }
        other => other.map(|_| ()).map_err(StoreError::from),
    }
}

/// A progress row, checked.
struct Progress {
    position: usize,
    segment: usize,
    remaining: Option<Duration>,
    paused: bool,
    checked: Vec<bool>,
    saved_at: DateTime<Utc>,
    step_id: Option<String>,
    length: Option<Duration>,
    held: Duration,
    full: Vec<bool>,
    plan: Option<String>,
    returned: bool,
}
