//! Runs and their step results.
//!
//! Each public write is one transaction, committed before it returns: when
//! the engine reports a step transition, it is on disk by the time the screen
//! shows the next step.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::rows::{duration_millis, outcome_text, to_i64, to_usize};
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{NewRun, RunId, RunOutcome, StepRecord};

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
}

/// The number of steps of `run`; an error when there is no such run.
pub(super) fn step_count(tx: &Transaction<'_>, run: RunId) -> Result<usize, StoreError> {
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
pub(super) fn recount(tx: &Transaction<'_>, run: RunId) -> Result<(), StoreError> {
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
