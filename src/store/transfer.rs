//! The whole history out and back in: read row for row for `export`, merged
//! by natural keys for `import`, copied page by page for `backup`.
//!
//! Natural keys, not row ids, decide what is "the same row": a run is its
//! night, routine and start; a step result its run and step id; a rest night,
//! a check-in and a skipped check-in their night; an SOS episode its start.
//! Where both sides hold a different row, the one recorded later wins, and
//! every local row replaced or kept is named in the [`Merged`] report. One
//! piece of code merges every table; each [`Table`] says only its columns and
//! which copy is newer.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};

use super::checkins::check_checkin;
use super::nights::bounds;
use super::rows::{duration_millis, instant, outcome_text, to_i64};
use super::runs::recount;
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{History, Merged, RecordedCheckIn, RunId, RunRecord, StepRecord};

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
            checkin_skips: self.checkin_skips()?,
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
            let night = night_text(rest.night);
            let state = [
                rest.reason.clone().into(),
                to_millis(rest.created_at).into(),
            ];
            let name = format!("the rest night of {night}");
            merge_row(
                &tx,
                &REST_NIGHTS,
                &[night.into()],
                &state,
                &name,
                &mut merged,
            )?;
        }
        for recorded in &history.checkins {
            let checkin = &recorded.checkin;
            let night = night_text(checkin.night);
            let state = [
                i64::from(checkin.cramps).into(),
                checkin.severity.map(i64::from).into(),
                checkin.leg.map(|leg| leg.as_str().to_string()).into(),
                checkin.minutes.map(i64::from).into(),
                checkin.note.clone().into(),
                to_millis(recorded.recorded_at).into(),
            ];
            let name = format!("the check-in of {night}");
            merge_row(&tx, &CHECKINS, &[night.into()], &state, &name, &mut merged)?;
        }
        for skip in &history.checkin_skips {
            let night = night_text(skip.night);
            let name = format!("the skipped check-in of {night}");
            let state = [to_millis(skip.at).into()];
            merge_row(
                &tx,
                &CHECKIN_SKIPS,
                &[night.into()],
                &state,
                &name,
                &mut merged,
            )?;
        }
        for episode in &history.sos_episodes {
            let key = [to_millis(episode.started_at.to_utc()).into()];
            let state = [
                i64::from(episode.started_at.offset().local_minus_utc()).into(),
                night_text(episode.night).into(),
                i64::from(episode.seconds).into(),
                episode.leg.map(|leg| leg.as_str().to_string()).into(),
            ];
            let name = format!("the SOS episode started {}", episode.started_at);
            merge_row(&tx, &SOS_EPISODES, &key, &state, &name, &mut merged)?;
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

/// One table as the merge sees it: the columns that say which row it is (its
/// natural key) and the columns that may differ between two copies of it.
struct Table {
    /// Its name in the schema.
    name: &'static str,
    /// The natural key's columns.
    key: &'static [&'static str],
    /// The other columns the export carries.
    columns: &'static [&'static str],
    /// Whether the imported copy (first) is newer than the local one (second).
    imported_wins: fn(&[Value], &[Value]) -> bool,
    /// What a new row must meet, over `?1`… (key, then columns); one that
    /// fails it, or clashes with another unique key, is not added.
    insert_when: &'static str,
    /// The column that says how a row stands (an outcome), named in the report.
    shown: Option<usize>,
}

/// A run: its night, routine and start.
const RUNS: Table = Table {
    name: "runs",
    key: &["night", "routine_id", "started_at"],
    columns: &[
        "routine_name",
        "routine_hash",
        "step_count",
        "outcome",
        "ended_at",
        "utc_offset",
    ],
    imported_wins: further_on,
    insert_when: "1",
    shown: Some(3),
};

/// A step result: its run and step id. A new one must fit the local run's
/// steps and leave another step at the same index alone.
const STEP_RESULTS: Table = Table {
    name: "step_results",
    key: &["run_id", "step_id"],
    columns: &["step_index", "title", "outcome", "at", "active_ms"],
    imported_wins: later_in_place,
    insert_when: "?3 < (SELECT step_count FROM runs WHERE id = ?1)",
    shown: Some(2),
};

/// A rest night: its night; the later declaration wins.
const REST_NIGHTS: Table = Table {
    name: "rest_nights",
    key: &["night"],
    columns: &["reason", "created_at"],
    imported_wins: later::<1>,
    insert_when: "1",
    shown: None,
};

/// A check-in: its night; the one recorded later wins.
const CHECKINS: Table = Table {
    name: "checkins",
    key: &["night"],
    columns: &["cramps", "severity", "leg", "minutes", "note", "created_at"],
    imported_wins: later::<5>,
    insert_when: "1",
    shown: None,
};

/// A skipped check-in: its night; the later choice wins.
const CHECKIN_SKIPS: Table = Table {
    name: "checkin_skips",
    key: &["night"],
    columns: &["at"],
    imported_wins: later::<0>,
    insert_when: "1",
    shown: None,
};

/// An SOS episode: its start. An episode is written once, when it ends, so
/// two different ones cannot be ordered: the local one stays.
const SOS_EPISODES: Table = Table {
    name: "sos_episodes",
    key: &["started_at"],
    columns: &["utc_offset", "night", "seconds", "leg"],
    imported_wins: |_, _| false,
    insert_when: "1",
    shown: None,
};

impl Table {
    /// How `row` stands, when the table has such a column.
    fn shown<'row>(&self, row: &'row [Value]) -> Option<&'row str> {
        self.shown.and_then(|column| text(row, column))
    }

    /// `k1 = ?1 AND k2 = ?2 …`
    fn key_match(&self) -> String {
        let terms: Vec<String> = (1..)
            .zip(self.key)
            .map(|(n, column)| format!("{column} = ?{n}"))
            .collect();
        terms.join(" AND ")
    }

    fn select(&self) -> String {
        format!(
            "SELECT {} FROM {} WHERE {}",
            self.columns.join(", "),
            self.name,
            self.key_match()
        )
    }

    fn update(&self) -> String {
        let sets: Vec<String> = (self.key.len() + 1..)
            .zip(self.columns)
            .map(|(n, column)| format!("{column} = ?{n}"))
            .collect();
        format!(
            "UPDATE {} SET {} WHERE {}",
            self.name,
            sets.join(", "),
            self.key_match()
        )
    }

    fn insert(&self) -> String {
        let all: Vec<&str> = self.key.iter().chain(self.columns).copied().collect();
        let values: Vec<String> = (1..=all.len()).map(|n| format!("?{n}")).collect();
        // The WHERE also tells SQLite's parser that ON CONFLICT is not a join's ON.
        format!(
            "INSERT INTO {} ({}) SELECT {} WHERE {} ON CONFLICT DO NOTHING",
            self.name,
            all.join(", "),
            values.join(", "),
            self.insert_when
        )
    }
}

/// What merging one row did, where the caller has more to do.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// The imported row was added or replaced the local one.
    Written,
    /// The local row stays as it was.
    Left,
}

/// Merges one imported row of `table`, found by `key`, and reports it in `merged`
/// under `name`: added when new, left when the same, replaced when the import's
/// copy is newer, kept (and said so) otherwise.
fn merge_row(
    tx: &Transaction<'_>,
    table: &Table,
    key: &[Value],
    imported: &[Value],
    name: &str,
    merged: &mut Merged,
) -> Result<Change, StoreError> {
    let here: Option<Vec<Value>> = tx
        .prepare_cached(&table.select())?
        .query_row(params_from_iter(key), |row| {
            (0..table.columns.len())
                .map(|column| row.get(column))
                .collect()
        })
        .optional()?;
    let every = || params_from_iter(key.iter().chain(imported));
    let Some(here) = here else {
        if tx.prepare_cached(&table.insert())?.execute(every())? == 1 {
            merged.added += 1;
            return Ok(Change::Written);
        }
        merged.kept.push(format!(
            "{name}: not added, another row here stands in its place"
        ));
        return Ok(Change::Left);
    };
    if here == imported {
        merged.unchanged += 1;
        return Ok(Change::Left);
    }
    if !(table.imported_wins)(imported, &here) {
        merged
            .kept
            .push(match (table.shown(&here), table.shown(imported)) {
                (Some(was), Some(now)) => {
                    format!("{name}: kept as it is here ({was}), the import has it {now}")
                }
                _ => format!("{name}: kept as it is here, the import's is not newer"),
            });
        return Ok(Change::Left);
    }
    tx.prepare_cached(&table.update())?.execute(every())?;
    merged
        .replaced
        .push(match (table.shown(&here), table.shown(imported)) {
            (Some(was), Some(now)) => format!("{name}: now {now}, as in the import ({was} here)"),
            _ => format!("{name}: replaced by the import's, recorded later"),
        });
    Ok(Change::Written)
}

/// The integer in `column`; `None` for NULL.
fn integer(values: &[Value], column: usize) -> Option<i64> {
    match values.get(column) {
        Some(Value::Integer(number)) => Some(*number),
        _ => None,
    }
}

/// The text in `column`.
fn text(values: &[Value], column: usize) -> Option<&str> {
    match values.get(column) {
        Some(Value::Text(text)) => Some(text),
        _ => None,
    }
}

/// The copy with the later instant in column `AT` wins; the local one on a tie.
fn later<const AT: usize>(imported: &[Value], here: &[Value]) -> bool {
    integer(imported, AT) > integer(here, AT)
}

/// A step result recorded later at the same index wins.
fn later_in_place(imported: &[Value], here: &[Value]) -> bool {
    later::<3>(imported, here) && imported.first() == here.first()
}

/// A run further on wins: one that ended over the same run still going, and a
/// later end over an earlier one.
fn further_on(imported: &[Value], here: &[Value]) -> bool {
    let progress = |run: &[Value]| (text(run, 3) != Some("running"), integer(run, 4));
    progress(imported) > progress(here)
}

fn merge_run(
    tx: &Transaction<'_>,
    record: &RunRecord,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let run = &record.run;
    let key: [Value; 3] = [
        night_text(run.night).into(),
        run.routine_id.clone().into(),
        to_millis(run.started_at.to_utc()).into(),
    ];
    let state = [
        run.routine_name.clone().into(),
        run.routine_hash.clone().into(),
        to_i64(run.step_count).into(),
        record.outcome.as_str().to_string().into(),
        record.ended_at.map(to_millis).into(),
        i64::from(run.started_at.offset().local_minus_utc()).into(),
    ];
    let name = format!(
        "the run of {} on {} started {}",
        run.routine_id,
        night_text(run.night),
        run.started_at
    );
    let change = merge_row(tx, &RUNS, &key, &state, &name, merged)?;
    let id: i64 = tx
        .prepare_cached(&format!("SELECT id FROM runs WHERE {}", RUNS.key_match()))?
        .query_row(params_from_iter(&key), |row| row.get(0))?;
    if change == Change::Written {
        // A run the import moved on has no resume point here.
        tx.execute("DELETE FROM progress WHERE run_id = ?1", [id])?;
    }
    for (index, step) in &record.steps {
        let state = [
            to_i64(*index).into(),
            step.title.clone().into(),
            outcome_text(step.result.outcome).to_string().into(),
            to_millis(step.at).into(),
            duration_millis(step.result.active).into(),
        ];
        let key = [id.into(), step.step_id.clone().into()];
        let name = format!("step \"{}\" of {name}", step.step_id);
        merge_row(tx, &STEP_RESULTS, &key, &state, &name, merged)?;
    }
    recount(tx, RunId(id))
}
