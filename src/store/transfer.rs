//! The whole history out and back in: read row for row for `export`, merged
//! by natural keys for `import`, copied page by page for `backup`.
//!
//! Natural keys, not row ids, decide what is "the same row": a run is its
//! night, routine and start; a step result its run and step id; a rest night
//! and a check-in their night; an SOS episode its start. Where both sides hold
//! a different row, the one recorded later wins, and every local row replaced
//! or kept is named in the [`Merged`] report.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use super::checkins::check_checkin;
use super::nights::bounds;
use super::rows::{duration_millis, instant, outcome_text, to_i64};
use super::runs::recount;
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{
    CheckIn, History, Merged, RecordedCheckIn, RestNight, RunId, RunRecord, SosEpisode, StepRecord,
};

impl Store {
    /// Everything the database holds, for `export`.
    pub fn whole_history(&self) -> Result<History, StoreError> {
        let mut steps_of: std::collections::HashMap<RunId, Vec<(usize, StepRecord)>> =
            std::collections::HashMap::new();
        for step in self.all_step_results()? {
            steps_of.entry(step.run).or_default().push((
                step.index,
                StepRecord {
                    step_id: step.step_id,
                    title: step.title,
                    result: crate::session::StepResult {
                        outcome: step.outcome,
                        active: step.active,
                    },
                    at: step.at.to_utc(),
                },
            ));
        }
        let runs = self
            .runs(None, NaiveDate::MAX)?
            .into_iter()
            .map(|run| RunRecord {
                steps: steps_of.remove(&run.id).unwrap_or_default(),
                outcome: run.outcome,
                ended_at: run.ended_at,
                run: crate::model::NewRun {
                    routine_id: run.routine_id,
                    routine_name: run.routine_name,
                    routine_hash: run.routine_hash,
                    night: run.night,
                    started_at: run.started_at,
                    step_count: run.step_count,
                },
            })
            .collect();
        Ok(History {
            runs,
            rest_nights: self.rest_nights(None, NaiveDate::MAX)?,
            checkins: self.recorded_checkins()?,
            sos_episodes: self.sos_episodes(None, NaiveDate::MAX)?,
        })
    }

    /// Every check-in with the moment it was recorded, oldest night first.
    fn recorded_checkins(&self) -> Result<Vec<RecordedCheckIn>, StoreError> {
        let checkins = self.checkins(None, NaiveDate::MAX)?;
        let mut statement = self.conn.prepare_cached(
            "SELECT created_at FROM checkins WHERE night >= ?1 AND night <= ?2 ORDER BY night",
        )?;
        let times =
            statement.query_map(bounds(None, NaiveDate::MAX), |row| row.get::<_, i64>(0))?;
        checkins
            .into_iter()
            .zip(times)
            .map(|(checkin, at)| {
                Ok(RecordedCheckIn {
                    checkin,
                    recorded_at: instant(at?)?,
                })
            })
            .collect()
    }

    /// Merges `history` into the database in one transaction: all of it or,
    /// on any error, none of it.
    pub fn merge(&mut self, history: &History) -> Result<Merged, StoreError> {
        for recorded in &history.checkins {
            check_checkin(&recorded.checkin)?;
        }
        let tx = self.writable()?.transaction()?;
        let mut merged = Merged::default();
        for run in &history.runs {
            merge_run(&tx, run, &mut merged)?;
        }
        for rest in &history.rest_nights {
            merge_rest(&tx, rest, &mut merged)?;
        }
        for recorded in &history.checkins {
            merge_checkin(&tx, recorded, &mut merged)?;
        }
        for episode in &history.sos_episodes {
            merge_sos(&tx, episode, &mut merged)?;
        }
        tx.commit()?;
        Ok(merged)
    }

    /// A consistent copy of the whole database into a new file at `path`,
    /// through SQLite's online backup: other connections may keep writing.
    pub fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        self.conn
            .backup(rusqlite::MAIN_DB, path, None)
            .map_err(StoreError::from)
    }
}

/// The columns of a run that can differ between two copies of the same run.
#[derive(Debug, PartialEq, Eq)]
struct RunState {
    routine_name: String,
    routine_hash: String,
    step_count: i64,
    outcome: String,
    ended_at: Option<i64>,
    utc_offset: i64,
}

impl RunState {
    /// Ordered: a run that ended is newer than the same run still going, and a
    /// later end newer than an earlier one.
    fn progress(&self) -> (bool, Option<i64>) {
        (self.outcome != "running", self.ended_at)
    }
}

fn merge_run(
    tx: &Transaction<'_>,
    record: &RunRecord,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let run = &record.run;
    let started = to_millis(run.started_at.to_utc());
    let night = night_text(run.night);
    let name = format!(
        "the run of {} on {night} started {}",
        run.routine_id, run.started_at
    );
    let imported = RunState {
        routine_name: run.routine_name.clone(),
        routine_hash: run.routine_hash.clone(),
        step_count: to_i64(run.step_count),
        outcome: record.outcome.as_str().to_string(),
        ended_at: record.ended_at.map(to_millis),
        utc_offset: i64::from(run.started_at.offset().local_minus_utc()),
    };
    let local = tx
        .prepare_cached(
            "SELECT id, routine_name, routine_hash, step_count, outcome, ended_at, utc_offset
             FROM runs WHERE night = ?1 AND routine_id = ?2 AND started_at = ?3",
        )?
        .query_row(params![night, run.routine_id, started], |row| {
            let state = RunState {
                routine_name: row.get(1)?,
                routine_hash: row.get(2)?,
                step_count: row.get(3)?,
                outcome: row.get(4)?,
                ended_at: row.get(5)?,
                utc_offset: row.get(6)?,
            };
            Ok((RunId(row.get(0)?), state))
        })
        .optional()?;
    let id = match local {
        None => {
            tx.prepare_cached(
                "INSERT INTO runs (routine_id, night, started_at, routine_name, routine_hash,
                                   step_count, outcome, ended_at, utc_offset)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                run.routine_id,
                night,
                started,
                imported.routine_name,
                imported.routine_hash,
                imported.step_count,
                imported.outcome,
                imported.ended_at,
                imported.utc_offset
            ])?;
            merged.added += 1;
            RunId(tx.last_insert_rowid())
        }
        Some((id, here)) if here == imported => {
            merged.unchanged += 1;
            id
        }
        Some((id, here)) if imported.progress() > here.progress() => {
            tx.prepare_cached(
                "UPDATE runs SET routine_name = ?2, routine_hash = ?3, step_count = ?4,
                                 outcome = ?5, ended_at = ?6, utc_offset = ?7
                 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                imported.routine_name,
                imported.routine_hash,
                imported.step_count,
                imported.outcome,
                imported.ended_at,
                imported.utc_offset
            ])?;
            // An ended run has no resume point.
            tx.execute("DELETE FROM progress WHERE run_id = ?1", [id.0])?;
            merged.replaced.push(format!(
                "{name}: now {}, as in the import ({} here)",
                imported.outcome, here.outcome
            ));
            id
        }
        Some((id, here)) => {
            merged.kept.push(format!(
                "{name}: kept as it is here ({}), the import has it {}",
                here.outcome, imported.outcome
            ));
            id
        }
    };
    for (index, step) in &record.steps {
        merge_step(tx, id, &name, *index, step, merged)?;
    }
    recount(tx, id)
}

fn merge_step(
    tx: &Transaction<'_>,
    run: RunId,
    run_name: &str,
    index: usize,
    step: &StepRecord,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let imported = (
        to_i64(index),
        step.title.clone(),
        outcome_text(step.result.outcome).to_string(),
        to_millis(step.at),
        duration_millis(step.result.active),
    );
    let local: Option<(i64, String, String, i64, i64)> = tx
        .prepare_cached(
            "SELECT step_index, title, outcome, at, active_ms FROM step_results
             WHERE run_id = ?1 AND step_id = ?2",
        )?
        .query_row(params![run.0, step.step_id], |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
            ))
        })
        .optional()?;
    let name = format!("step \"{}\" of {run_name}", step.step_id);
    match local {
        Some(here) if here == imported => merged.unchanged += 1,
        Some(here) if imported.3 > here.3 && here.0 == imported.0 => {
            tx.prepare_cached(
                "UPDATE step_results SET title = ?3, outcome = ?4, at = ?5, active_ms = ?6
                 WHERE run_id = ?1 AND step_id = ?2",
            )?
            .execute(params![
                run.0,
                step.step_id,
                imported.1,
                imported.2,
                imported.3,
                imported.4
            ])?;
            merged.replaced.push(format!(
                "{name}: now {}, as recorded later in the import",
                imported.2
            ));
        }
        Some(here) => merged.kept.push(format!(
            "{name}: kept as it is here ({}), the import has it {}",
            here.2, imported.2
        )),
        None => {
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO step_results (run_id, step_index, step_id, title, outcome, at, active_ms)
                     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                     WHERE ?2 < (SELECT step_count FROM runs WHERE id = ?1)
                     ON CONFLICT (run_id, step_index) DO NOTHING",
                )?
                .execute(params![
                    run.0,
                    imported.0,
                    step.step_id,
                    imported.1,
                    imported.2,
                    imported.3,
                    imported.4
                ])?;
            if inserted == 1 {
                merged.added += 1;
            } else {
                merged.kept.push(format!(
                    "{name}: not added, step {index} of that run already holds another step here"
                ));
            }
        }
    }
    Ok(())
}

fn merge_rest(
    tx: &Transaction<'_>,
    rest: &RestNight,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let night = night_text(rest.night);
    let at = to_millis(rest.created_at);
    let local: Option<(String, i64)> = tx
        .prepare_cached("SELECT reason, created_at FROM rest_nights WHERE night = ?1")?
        .query_row([&night], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let name = format!("the rest night of {night}");
    match local {
        Some(here) if here == (rest.reason.clone(), at) => merged.unchanged += 1,
        Some((_, here_at)) if here_at >= at => merged.kept.push(format!(
            "{name}: kept as it is here, newer than the import's"
        )),
        found => {
            tx.prepare_cached(
                "INSERT INTO rest_nights (night, reason, created_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (night) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at",
            )?
            .execute(params![night, rest.reason, at])?;
            count_written(found.is_some(), &name, merged);
        }
    }
    Ok(())
}

fn merge_checkin(
    tx: &Transaction<'_>,
    recorded: &RecordedCheckIn,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let checkin: &CheckIn = &recorded.checkin;
    let night = night_text(checkin.night);
    let at = to_millis(recorded.recorded_at);
    let imported = (
        i64::from(checkin.cramps),
        checkin.severity.map(i64::from),
        checkin.leg.map(|leg| leg.as_str().to_string()),
        checkin.minutes.map(i64::from),
        checkin.note.clone(),
        at,
    );
    type Row = (
        i64,
        Option<i64>,
        Option<String>,
        Option<i64>,
        Option<String>,
        i64,
    );
    let local: Option<Row> = tx
        .prepare_cached(
            "SELECT cramps, severity, leg, minutes, note, created_at FROM checkins WHERE night = ?1",
        )?
        .query_row([&night], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
        })
        .optional()?;
    let name = format!("the check-in of {night}");
    match local {
        Some(here) if here == imported => merged.unchanged += 1,
        Some(here) if here.5 >= at => merged.kept.push(format!(
            "{name}: kept as it is here, recorded after the import's"
        )),
        found => {
            tx.prepare_cached(
                "INSERT INTO checkins (night, cramps, severity, leg, minutes, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (night) DO UPDATE SET
                     cramps = excluded.cramps, severity = excluded.severity, leg = excluded.leg,
                     minutes = excluded.minutes, note = excluded.note, created_at = excluded.created_at",
            )?
            .execute(params![
                night, imported.0, imported.1, imported.2, imported.3, imported.4, at
            ])?;
            count_written(found.is_some(), &name, merged);
        }
    }
    Ok(())
}

fn merge_sos(
    tx: &Transaction<'_>,
    episode: &SosEpisode,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let started = to_millis(episode.started_at.to_utc());
    let imported = (
        i64::from(episode.started_at.offset().local_minus_utc()),
        night_text(episode.night),
        i64::from(episode.seconds),
        episode.leg.map(|leg| leg.as_str().to_string()),
    );
    let local: Option<(i64, String, i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT utc_offset, night, seconds, leg FROM sos_episodes WHERE started_at = ?1",
        )?
        .query_row([started], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    match local {
        Some(here) if here == imported => merged.unchanged += 1,
        // An episode is written once, when it ends: two different ones cannot be ordered.
        Some(_) => merged.kept.push(format!(
            "the SOS episode started {}: kept as it is here, the import's differs",
            episode.started_at
        )),
        None => {
            tx.prepare_cached(
                "INSERT INTO sos_episodes (started_at, utc_offset, night, seconds, leg)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                started, imported.0, imported.1, imported.2, imported.3
            ])?;
            merged.added += 1;
        }
    }
    Ok(())
}

/// Counts a row written by the import: added, or replacing an older local one.
fn count_written(replaced: bool, name: &str, merged: &mut Merged) {
    if replaced {
        merged
            .replaced
            .push(format!("{name}: replaced by the import's, recorded later"));
    } else {
        merged.added += 1;
    }
}
