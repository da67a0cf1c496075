//! The whole history out and back in: read row for row for `export`, merged
//! by natural keys for `import`, copied page by page for `backup`.
//!
//! Natural keys, not row ids, decide what is "the same row": a run is its
//! night, routine and start; a step result its run and step id; a rest night,
//! a check-in and a skipped check-in their night; an SOS episode its start.
//! Where both sides hold a different row, the one recorded later wins, and
//! every local row replaced or kept is named in the [`Merged`] report. One
//! piece of code merges every table (`transfer/table.rs`); each row comes as
//! its values by column name, and each table says by column name which copy
//! is newer.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Transaction;
use rusqlite::types::Value;

use super::checkins::check_checkin;
use super::nights::bounds;
use super::rows::{duration_millis, holds_values, instant, outcome_text, to_i64};
use super::runs::recount;
use super::time::{night_text, to_millis};
use super::{Store, StoreError};

mod experiments;
mod table;

use crate::model::{History, Merged, RecordedCheckIn, RunId, RunRecord, StepRecord};
use table::{
    CHECKIN_SKIPS, CHECKINS, Change, REST_NIGHTS, RUNS, SOS_EPISODES, STEP_RESULTS, bound,
    key_match, merge_row, parameters,
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
                    result: step.result(),
                    step_id: step.step_id,
                    title: step.title,
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
            checkin_skips: self.checkin_skips()?,
            sos_episodes: self.sos_episodes(None, NaiveDate::MAX)?,
            experiments: self
                .experiments()?
                .into_iter()
                .map(|(_, experiment)| experiment)
                .collect(),
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
            let night = night_text(rest.night);
            let state = [
                ("reason", rest.reason.clone().into()),
                ("created_at", to_millis(rest.created_at).into()),
            ];
            let name = format!("the rest night of {night}");
            merge_row(
                &tx,
                &REST_NIGHTS,
                &[("night", night.into())],
                &state,
                &name,
                &mut merged,
            )?;
        }
        for recorded in &history.checkins {
            let checkin = &recorded.checkin;
            let night = night_text(checkin.night);
            let state = [
                ("cramps", i64::from(checkin.cramps).into()),
                ("severity", checkin.severity.map(i64::from).into()),
                (
                    "leg",
                    checkin.leg.map(|leg| leg.as_str().to_string()).into(),
                ),
                ("minutes", checkin.minutes.map(i64::from).into()),
                ("note", checkin.note.clone().into()),
                ("created_at", to_millis(recorded.recorded_at).into()),
                ("severity_unsure", i64::from(checkin.severity_unsure).into()),
            ];
            let name = format!("the check-in of {night}");
            let key = [("night", night.into())];
            merge_row(&tx, &CHECKINS, &key, &state, &name, &mut merged)?;
        }
        for skip in &history.checkin_skips {
            let night = night_text(skip.night);
            let name = format!("the skipped check-in of {night}");
            let state = [("at", to_millis(skip.at).into())];
            merge_row(
                &tx,
                &CHECKIN_SKIPS,
                &[("night", night.into())],
                &state,
                &name,
                &mut merged,
            )?;
        }
        for episode in &history.sos_episodes {
            let key = [("started_at", to_millis(episode.started_at.to_utc()).into())];
            let state = [
                (
                    "utc_offset",
                    i64::from(episode.started_at.offset().local_minus_utc()).into(),
                ),
                ("night", night_text(episode.night).into()),
                ("seconds", i64::from(episode.seconds).into()),
                (
                    "leg",
                    episode.leg.map(|leg| leg.as_str().to_string()).into(),
                ),
            ];
            let name = format!("the SOS episode started {}", episode.started_at);
            merge_row(&tx, &SOS_EPISODES, &key, &state, &name, &mut merged)?;
        }
        for experiment in &history.experiments {
            experiments::merge(&tx, experiment, &mut merged)?;
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

fn merge_run(
    tx: &Transaction<'_>,
    record: &RunRecord,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let run = &record.run;
    let key: [(&str, Value); 3] = [
        ("night", night_text(run.night).into()),
        ("routine_id", run.routine_id.clone().into()),
        ("started_at", to_millis(run.started_at.to_utc()).into()),
    ];
    let state = [
        ("routine_name", run.routine_name.clone().into()),
        ("routine_hash", run.routine_hash.clone().into()),
        ("step_count", to_i64(run.step_count).into()),
        ("outcome", record.outcome.as_str().to_string().into()),
        ("ended_at", record.ended_at.map(to_millis).into()),
        (
            "utc_offset",
            i64::from(run.started_at.offset().local_minus_utc()).into(),
        ),
    ];
    let name = format!(
        "the run of {} on {} started {}",
        run.routine_id,
        night_text(run.night),
        run.started_at
    );
    let change = merge_row(tx, &RUNS, &key, &state, &name, merged)?;
    let id: i64 = tx
        .prepare_cached(&format!("SELECT id FROM runs WHERE {}", key_match(&key)))?
        .query_row(&*bound(&parameters(&key)), |row| row.get(0))?;
    if change == Change::Written {
        // A run the import moved on has no resume point here.
        tx.execute("DELETE FROM progress WHERE run_id = ?1", [id])?;
    }
    for (index, step) in &record.steps {
        let [held_ms, holds, holds_full] = holds_values(step.result.holds);
        let state = [
            ("step_index", to_i64(*index).into()),
            ("title", step.title.clone().into()),
            (
                "outcome",
                outcome_text(step.result.outcome).to_string().into(),
            ),
            ("at", to_millis(step.at).into()),
            ("active_ms", duration_millis(step.result.active).into()),
            ("held_ms", held_ms.into()),
            ("holds", holds.into()),
            ("holds_full", holds_full.into()),
        ];
        let key = [
            ("run_id", id.into()),
            ("step_id", step.step_id.clone().into()),
        ];
        let name = format!("step \"{}\" of {name}", step.step_id);
        merge_row(tx, &STEP_RESULTS, &key, &state, &name, merged)?;
    }
    recount(tx, RunId(id))
}
