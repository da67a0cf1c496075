//! Runs and their step results.
//!
//! Each public write is one transaction, committed before it returns: when
//! the engine reports a step transition, it is on disk by the time the screen
//! shows the next step.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::rows::{duration_millis, holds_values, outcome_text, to_i64, to_usize};
use super::time::{night_text, parse_night, to_millis};
use super::{Store, StoreError};
use crate::model::{NewRun, RunId, RunOutcome, RunWrite, StepRecord};

impl Store {
    /// Records the start of a run. A run of the same routine and night still marked
    /// running is abandoned in the same transaction, so a routine never has two live
    /// runs in a night; another routine's unfinished run stays resumable.
    pub fn start_run(&mut self, run: &NewRun) -> Result<RunId, StoreError> {
        let tx = self.writable()?.transaction()?;
        let id = start_in(&tx, run)?;
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
        let record = RunWrite::Step {
            index,
            record: step.clone(),
        };
        self.apply(Some(run), std::slice::from_ref(&record))
            .map(|_| ())
    }

    /// Forgets the result of step `index`, which the user went back to.
    pub fn reopen_step(&mut self, run: RunId, index: usize) -> Result<(), StoreError> {
        self.apply(Some(run), &[RunWrite::Reopen { index }])
            .map(|_| ())
    }

    /// Marks a run as ended with `outcome` and drops its resume point.
    pub fn finish_run(
        &mut self,
        run: RunId,
        ended_at: DateTime<Utc>,
        outcome: RunOutcome,
    ) -> Result<(), StoreError> {
        let finish = RunWrite::Finish {
            at: ended_at,
            outcome,
        };
        self.apply(Some(run), &[finish]).map(|_| ())
    }

    /// Gives up on a run (the user chose to restart). Its end is the last moment
    /// it was known to be alive: the last saved progress or step, else its start.
    pub fn abandon_run(&mut self, run: RunId) -> Result<(), StoreError> {
        self.apply(None, &[RunWrite::Abandon(run)]).map(|_| ())
    }

    /// Carries out `writes` in order, all in one transaction: all of them reach the
    /// disk or none does. `run` is the run they write to until a [`RunWrite::Start`]
    /// begins another; returns the run written to last.
    pub fn apply(
        &mut self,
        mut run: Option<RunId>,
        writes: &[RunWrite],
    ) -> Result<Option<RunId>, StoreError> {
        let tx = self.writable()?.transaction()?;
        for write in writes {
            run = apply_in(&tx, run, write)?;
        }
        tx.commit()?;
        Ok(run)
    }

    /// Abandons every run still marked running from a night before `night`:
    /// those can no longer be resumed. Returns how many there were.
    pub fn abandon_runs_before(&mut self, night: NaiveDate) -> Result<usize, StoreError> {
        let tx = self.writable()?.transaction()?;
        let count = abandon_where(&tx, "night < ?1", &night_text(night))?;
        tx.commit()?;
        Ok(count)
    }

    /// The routine and night of run `run`, if the database has it.
    pub fn run_identity(&self, run: RunId) -> Result<Option<(String, NaiveDate)>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT routine_id, night FROM runs WHERE id = ?1")?
            .query_row([run.0], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        row.map(|(routine, night)| {
            let night = parse_night(&night)
                .ok_or_else(|| StoreError::BadRow(format!("run {} has night {night:?}", run.0)))?;
            Ok((routine, night))
        })
        .transpose()
    }
}

/// One write inside a transaction; returns the run the next write goes to.
fn apply_in(
    tx: &Transaction<'_>,
    run: Option<RunId>,
    write: &RunWrite,
) -> Result<Option<RunId>, StoreError> {
    let current = || run.ok_or(StoreError::UnknownRun(0));
    match write {
        RunWrite::Start(new) => return start_in(tx, new).map(Some),
        RunWrite::Abandon(abandoned) => {
            step_count(tx, *abandoned)?;
            abandon_where(tx, "id = ?1", &abandoned.0)?;
        }
        RunWrite::Step { index, record } => {
            let run = current()?;
            if *index >= step_count(tx, run)? {
                return Err(StoreError::NoSuchStep {
                    run: run.0,
                    index: *index,
                });
            }
            let [held_ms, holds, holds_full] = holds_values(record.result.holds);
            tx.prepare_cached(
                "INSERT INTO step_results
                     (run_id, step_index, step_id, title, outcome, at, active_ms,
                      held_ms, holds, holds_full)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (run_id, step_index) DO UPDATE SET
                     step_id = excluded.step_id, title = excluded.title, outcome = excluded.outcome,
                     at = excluded.at, active_ms = excluded.active_ms, held_ms = excluded.held_ms,
                     holds = excluded.holds, holds_full = excluded.holds_full",
            )?
            .execute(params![
                run.0,
                to_i64(*index),
                record.step_id,
                record.title,
                outcome_text(record.result.outcome),
                to_millis(record.at),
                duration_millis(record.result.active),
                held_ms,
                holds,
                holds_full,
            ])?;
            // A place saved in this step when the user had gone back to it is behind
            // this result now: a resume goes on after it.
            tx.execute(
                "UPDATE progress SET returned = 0 WHERE run_id = ?1 AND position = ?2",
                params![run.0, to_i64(*index)],
            )?;
            recount(tx, run)?;
        }
        RunWrite::Reopen { index } => {
            let run = current()?;
            step_count(tx, run)?;
            tx.execute(
                "DELETE FROM step_results WHERE run_id = ?1 AND step_index = ?2",
                params![run.0, to_i64(*index)],
            )?;
            recount(tx, run)?;
        }
        RunWrite::Relayout { step_ids } => {
            let run = current()?;
            step_count(tx, run)?;
            relayout(tx, run, step_ids)?;
        }
        RunWrite::Rehash { routine_hash } => {
            let run = current()?;
            step_count(tx, run)?;
            tx.execute(
                "UPDATE runs SET routine_hash = ?2 WHERE id = ?1",
                params![run.0, routine_hash],
            )?;
        }
        RunWrite::Finish { at, outcome } => {
            let run = current()?;
            step_count(tx, run)?;
            tx.execute(
                "UPDATE runs SET ended_at = ?2, outcome = ?3 WHERE id = ?1",
                params![run.0, to_millis(*at), outcome.as_str()],
            )?;
            tx.execute("DELETE FROM progress WHERE run_id = ?1", [run.0])?;
        }
    }
    Ok(run)
}

/// Lays `run`'s stored results out over `step_ids`: a result moves to the index of
/// its step's id; results of steps not listed keep their order after them, so none
/// is lost; the run's step count covers both.
fn relayout(tx: &Transaction<'_>, run: RunId, step_ids: &[String]) -> Result<(), StoreError> {
    let stored: Vec<(i64, String)> = tx
        .prepare_cached(
            "SELECT step_index, step_id FROM step_results WHERE run_id = ?1 ORDER BY step_index",
        )?
        .query_map([run.0], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut taken = vec![false; step_ids.len()];
    let mut beyond = step_ids.len();
    let mut moves = Vec::with_capacity(stored.len());
    for (index, id) in &stored {
        let listed = step_ids
            .iter()
            .position(|step| step == id)
            .filter(|&at| !std::mem::replace(&mut taken[at], true));
        let to = listed.unwrap_or_else(|| {
            beyond += 1;
            beyond - 1
        });
        moves.push((*index, to_i64(to)));
    }
    // Every row first steps out of the way of every new index, then into its own.
    let clear = moves
        .iter()
        .map(|(from, to)| (*from).max(*to))
        .max()
        .unwrap_or(0)
        + 1;
    tx.prepare_cached("UPDATE step_results SET step_index = step_index + ?2 WHERE run_id = ?1")?
        .execute(params![run.0, clear])?;
    let mut place = tx.prepare_cached(
        "UPDATE step_results SET step_index = ?3 WHERE run_id = ?1 AND step_index = ?2",
    )?;
    for (from, to) in moves {
        place.execute(params![run.0, from + clear, to])?;
    }
    tx.execute(
        "UPDATE runs SET step_count = ?2 WHERE id = ?1",
        params![run.0, to_i64(beyond)],
    )?;
    Ok(())
}

/// Inserts a new run, abandoning the live one of its routine that night first.
fn start_in(tx: &Transaction<'_>, run: &NewRun) -> Result<RunId, StoreError> {
    let night = night_text(run.night);
    let live = tx
        .prepare_cached(
            "SELECT id FROM runs WHERE night = ?1 AND routine_id = ?2 AND outcome = 'running'",
        )?
        .query_map(params![night, run.routine_id], |row| row.get::<_, i64>(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    for id in live {
        abandon_where(tx, "id = ?1", &id)?;
    }
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
            to_i64(run.step_count),
        ],
    )?;
    Ok(RunId(tx.last_insert_rowid()))
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

/// Recomputes a run's done, cut-short and skipped counts from its step results, in
/// the transaction that changed them, so the counts cannot drift from the rows.
pub(super) fn recount(tx: &Transaction<'_>, run: RunId) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE runs SET
             done = (SELECT count(*) FROM step_results WHERE run_id = ?1 AND outcome = 'done'),
             cut_short = (SELECT count(*) FROM step_results
                          WHERE run_id = ?1 AND outcome = 'cut_short'),
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
