//! Runs, their step results, and the live progress that makes a run resumable.
//!
//! Each public write is one transaction, committed before it returns: when
//! the engine reports a step transition, it is on disk by the time the screen
//! shows the next step.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::time::{from_millis, night_text, to_millis};
use super::{Store, StoreError};
use crate::session::{Outcome, Snapshot, StepResult};

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

/// A run of tonight that never finished, with what is needed to resume it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnfinishedRun {
    /// The run to continue writing to.
    pub run: RunId,
    /// The routine it ran.
    pub routine_id: String,
    /// The routine file's hash then; a different hash today means the steps may differ.
    pub routine_hash: String,
    /// How many steps were scheduled.
    pub step_count: usize,
    /// When it started.
    pub started_at: DateTime<FixedOffset>,
    /// Where it stood, rebuilt from the step results and the last saved progress.
    pub snapshot: Snapshot,
    /// When progress was last saved; `None` if it never was.
    pub saved_at: Option<DateTime<Utc>>,
}

impl Store {
    /// Records the start of a run. A run of the same night still marked running
    /// is abandoned in the same transaction, so a night never has two live runs.
    pub fn start_run(&mut self, run: &NewRun) -> Result<RunId, StoreError> {
        let step_count = to_i64(run.step_count);
        let night = night_text(run.night);
        let tx = self.writable()?.transaction()?;
        abandon_where(&tx, "night = ?1", &night)?;
        tx.execute(
            "INSERT INTO runs (routine_id, routine_name, routine_hash, night, started_at, utc_offset, step_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                run.routine_id,
                run.routine_name,
                run.routine_hash,
                night,
                to_millis(run.started_at.to_utc()),
                run.started_at.offset().local_minus_utc(),
                step_count,
            ],
        )?;
        let id = RunId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(id)
    }

    /// Records how step `index` ended, replacing what was recorded for it before.
    pub fn record_step(
        &mut self,
        run: RunId,
        index: usize,
        step: &StepRecord,
    ) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        let step_count = step_count(&tx, run)?;
        if index >= step_count {
            return Err(StoreError::NoSuchStep { run: run.0, index });
        }
        tx.execute(
            "INSERT INTO step_results (run_id, step_index, step_id, title, outcome, at, active_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (run_id, step_index) DO UPDATE SET
                 step_id = excluded.step_id, title = excluded.title, outcome = excluded.outcome,
                 at = excluded.at, active_ms = excluded.active_ms",
            params![
                run.0,
                to_i64(index),
                step.step_id,
                step.title,
                outcome_text(step.result.outcome),
                to_millis(step.at),
                duration_millis(step.result.active),
            ],
        )?;
        recount(&tx, run)?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets the result of step `index`, which the user went back to.
    pub fn reopen_step(&mut self, run: RunId, index: usize) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        step_count(&tx, run)?;
        tx.execute(
            "DELETE FROM step_results WHERE run_id = ?1 AND step_index = ?2",
            params![run.0, to_i64(index)],
        )?;
        recount(&tx, run)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves where a running run stands (position, timer, checklist), for resume.
    /// Step results are not taken from the snapshot: [`Store::record_step`] keeps those.
    pub fn save_progress(
        &mut self,
        run: RunId,
        snapshot: &Snapshot,
        saved_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let checked: String = snapshot
            .checked
            .iter()
            .map(|&ticked| if ticked { '1' } else { '0' })
            .collect();
        let tx = self.writable()?.transaction()?;
        step_count(&tx, run)?;
        tx.execute(
            "INSERT INTO progress (run_id, position, segment, remaining_ms, paused, checked, saved_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (run_id) DO UPDATE SET
                 position = excluded.position, segment = excluded.segment,
                 remaining_ms = excluded.remaining_ms, paused = excluded.paused,
                 checked = excluded.checked, saved_at = excluded.saved_at",
            params![
                run.0,
                to_i64(snapshot.position),
                to_i64(snapshot.segment),
                snapshot.remaining.map(duration_millis),
                snapshot.paused,
                checked,
                to_millis(saved_at),
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a run as ended with `outcome` and drops its resume point.
    pub fn finish_run(
        &mut self,
        run: RunId,
        ended_at: DateTime<Utc>,
        outcome: RunOutcome,
    ) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        step_count(&tx, run)?;
        tx.execute(
            "UPDATE runs SET ended_at = ?2, outcome = ?3 WHERE id = ?1",
            params![run.0, to_millis(ended_at), outcome.as_str()],
        )?;
        tx.execute("DELETE FROM progress WHERE run_id = ?1", [run.0])?;
        tx.commit()?;
        Ok(())
    }

    /// Gives up on a run (the user chose to restart). Its end is the last moment
    /// it was known to be alive: the last saved progress or step, else its start.
    pub fn abandon_run(&mut self, run: RunId) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        step_count(&tx, run)?;
        abandon_where(&tx, "id = ?1", &run.0)?;
        tx.commit()?;
        Ok(())
    }

    /// Abandons every run still marked running from a night before `night`:
    /// those can no longer be resumed. Returns how many there were.
    pub fn abandon_runs_before(&mut self, night: NaiveDate) -> Result<usize, StoreError> {
        let tx = self.writable()?.transaction()?;
        let count = abandon_where(&tx, "night < ?1", &night_text(night))?;
        tx.commit()?;
        Ok(count)
    }

    /// The latest run of `night` that is still marked running, rebuilt for resume.
    pub fn unfinished_run(&self, night: NaiveDate) -> Result<Option<UnfinishedRun>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, routine_id, routine_hash, step_count, started_at, utc_offset
                 FROM runs WHERE night = ?1 AND outcome = 'running'
                 ORDER BY started_at DESC, id DESC LIMIT 1",
            )?
            .query_row([night_text(night)], |row| {
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
        let mut results = vec![None; step_count];
        for (index, result) in self.step_results_of(run)? {
            let slot = results.get_mut(index).ok_or_else(|| {
                StoreError::BadRow(format!(
                    "run {id} has a result for step {index} of {step_count}"
                ))
            })?;
            *slot = Some(result);
        }
        let (snapshot, saved_at) = match self.progress_of(run)? {
            Some(progress) => {
                if progress.position > step_count {
                    return Err(StoreError::BadRow(format!(
                        "run {id} is saved at step {} of {step_count}",
                        progress.position
                    )));
                }
                let snapshot = Snapshot {
                    position: progress.position,
                    segment: progress.segment,
                    remaining: progress.remaining,
                    paused: progress.paused,
                    checked: progress.checked,
                    results,
                };
                (snapshot, Some(progress.saved_at))
            }
            None => {
                // Never saved: resume at the first step without a result.
                let position = results.iter().take_while(|r| r.is_some()).count();
                let snapshot = Snapshot {
                    position,
                    segment: 0,
                    remaining: None,
                    paused: false,
                    checked: Vec::new(),
                    results,
                };
                (snapshot, None)
            }
        };
        Ok(Some(UnfinishedRun {
            run,
            routine_id,
            routine_hash,
            step_count,
            started_at,
            snapshot,
            saved_at,
        }))
    }

    /// The results recorded for one run, by step index.
    fn step_results_of(&self, run: RunId) -> Result<Vec<(usize, StepResult)>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT step_index, outcome, active_ms FROM step_results
             WHERE run_id = ?1 ORDER BY step_index",
        )?;
        let rows = statement.query_map([run.0], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut results = Vec::new();
        for row in rows {
            let (index, outcome, active) = row?;
            let result = StepResult {
                outcome: parse_outcome(&outcome)?,
                active: millis_duration(active, "active time")?,
            };
            results.push((to_usize(index, "step index")?, result));
        }
        Ok(results)
    }

    /// The saved progress of one run, if any.
    fn progress_of(&self, run: RunId) -> Result<Option<Progress>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT position, segment, remaining_ms, paused, checked, saved_at
                 FROM progress WHERE run_id = ?1",
            )?
            .query_row([run.0], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, bool>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, i64>(5)?,
                ))
            })
            .optional()?;
        let Some((position, segment, remaining, paused, checked, saved_at)) = row else {
            return Ok(None);
        };
        let checked = checked
            .chars()
            .map(|c| match c {
                '1' => Ok(true),
                '0' => Ok(false),
                other => Err(StoreError::BadRow(format!(
                    "checklist state {other:?} for run {}",
                    run.0
                ))),
            })
            .collect::<Result<Vec<bool>, StoreError>>()?;
        Ok(Some(Progress {
            position: to_usize(position, "position")?,
            segment: to_usize(segment, "segment")?,
            remaining: remaining
                .map(|ms| millis_duration(ms, "remaining time"))
                .transpose()?,
            paused,
            checked,
            saved_at: instant(saved_at)?,
        }))
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
}

/// The number of steps of `run`; an error when there is no such run.
fn step_count(tx: &Transaction<'_>, run: RunId) -> Result<usize, StoreError> {
    let count: Option<i64> = tx
        .prepare_cached("SELECT step_count FROM runs WHERE id = ?1")?
        .query_row([run.0], |row| row.get(0))
        .optional()?;
    match count {
        Some(count) => to_usize(count, "step count"),
        None => Err(StoreError::UnknownRun(run.0)),
    }
}

/// Recomputes a run's done and skipped counts from its step results, in the
/// transaction that changed them, so the counts cannot drift from the rows.
fn recount(tx: &Transaction<'_>, run: RunId) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE runs SET
             done = (SELECT count(*) FROM step_results WHERE run_id = ?1 AND outcome = 'done'),
             skipped = (SELECT count(*) FROM step_results WHERE run_id = ?1 AND outcome = 'skipped')
         WHERE id = ?1",
    )?
    .execute([run.0])?;
    Ok(())
}

/// Marks the running runs matching `filter` (with one parameter) as abandoned,
/// ending them at the last moment they were known to be alive.
fn abandon_where(
    tx: &Transaction<'_>,
    filter: &str,
    value: &dyn rusqlite::ToSql,
) -> Result<usize, StoreError> {
    let sql = format!(
        "UPDATE runs SET outcome = 'abandoned', ended_at = max(
             started_at,
             coalesce((SELECT saved_at FROM progress WHERE run_id = runs.id), started_at),
             coalesce((SELECT max(at) FROM step_results WHERE run_id = runs.id), started_at))
         WHERE outcome = 'running' AND {filter}"
    );
    let count = tx.execute(&sql, [value])?;
    tx.execute(
        "DELETE FROM progress WHERE run_id IN (SELECT id FROM runs WHERE outcome <> 'running')",
        [],
    )?;
    Ok(count)
}

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
fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// A length of time in whole milliseconds, saturating far beyond any real hold.
fn duration_millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
