//! N-of-1 experiments: the schedule as drawn, pauses, the stop, and what the nights
//! of an experiment hold (check-ins, rest nights, how its step went).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::rows::{instant, night_of_row};
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{
    Arm, CrampsSeen, Design, Experiment, ExperimentId, NightSeen, Pause, PauseChange, SeedSource,
    StepSeen, Stop,
};

impl Store {
    /// Stores a newly drawn experiment, unless another is under way on `tonight`
    /// ([`StoreError::ExperimentUnderWay`]; nothing is written then).
    pub fn start_experiment(
        &mut self,
        experiment: &Experiment,
        tonight: NaiveDate,
    ) -> Result<ExperimentId, StoreError> {
        let conn = self.writable()?;
        // IMMEDIATE: two starts at once cannot both see no experiment under way.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((_, current)) = latest(&tx)?
            && !current.over(tonight)
        {
            return Err(StoreError::ExperimentUnderWay {
                step_title: crate::printable::line(&current.step_title).into_owned(),
                last_night: current.last_night(tonight).unwrap_or(current.start),
            });
        }
        let id = insert(&tx, experiment)?;
        tx.commit()?;
        Ok(id)
    }

    /// Every experiment, oldest first.
    pub fn experiments(&self) -> Result<Vec<(ExperimentId, Experiment)>, StoreError> {
        read_all(&self.conn)
    }

    /// The experiment started last, if any.
    pub fn latest_experiment(&self) -> Result<Option<(ExperimentId, Experiment)>, StoreError> {
        latest(&self.conn)
    }

    /// A pause begins or ends.
    pub fn change_pause(
        &mut self,
        id: ExperimentId,
        change: PauseChange,
    ) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        match change {
            PauseChange::Begin(from) => {
                tx.execute(
                    "INSERT INTO experiment_pauses (experiment_id, from_night) VALUES (?1, ?2)
                     ON CONFLICT DO UPDATE SET until_night = NULL",
                    params![id.0, night_text(from)],
                )?;
            }
            PauseChange::End { from, until } if until > from => {
                tx.execute(
                    "UPDATE experiment_pauses SET until_night = ?3
                     WHERE experiment_id = ?1 AND from_night = ?2",
                    params![id.0, night_text(from), night_text(until)],
                )?;
            }
            // Put back the night it was taken out: nothing was paused.
            PauseChange::End { from, .. } => {
                tx.execute(
                    "DELETE FROM experiment_pauses WHERE experiment_id = ?1 AND from_night = ?2",
                    params![id.0, night_text(from)],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The experiment ends early; everything recorded stays.
    pub fn stop_experiment(&mut self, id: ExperimentId, stop: Stop) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        // Ending a pause that still stands at the stop keeps the nights after it honest.
        tx.execute(
            "UPDATE experiment_pauses SET until_night = max(?2, date(from_night, '+1 day'))
             WHERE experiment_id = ?1 AND until_night IS NULL",
            params![id.0, night_text(stop.last_night)],
        )?;
        tx.execute(
            "UPDATE experiments SET stopped_at = ?2, last_night = ?3
             WHERE id = ?1 AND stopped_at IS NULL",
            params![id.0, to_millis(stop.at), night_text(stop.last_night)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// What the records say of each night from `from` to `to` (inclusive) for the step
    /// `step_id`, one entry per night that has any record.
    pub fn experiment_nights(
        &self,
        step_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<NightSeen>, StoreError> {
        let (from, to) = (night_text(from), night_text(to));
        let mut nights: BTreeMap<String, NightSeen> = BTreeMap::new();
        let mut checkins = self.conn.prepare_cached(
            // A severity that may mean "not answered" (see migration 6) is not one.
            "SELECT night, cramps, CASE WHEN severity_unsure THEN NULL ELSE severity END,
                    minutes FROM checkins
             WHERE night >= ?1 AND night <= ?2",
        )?;
        let rows = checkins.query_map([&from, &to], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, u8>(1)?,
                row.get::<_, Option<u8>>(2)?,
                row.get::<_, Option<u32>>(3)?,
            ))
        })?;
        for row in rows {
            let (night, cramps, severity, minutes) = row?;
            entry(&mut nights, night)?.checkin = Some(CrampsSeen {
                cramps,
                severity,
                minutes,
            });
        }
        let mut rests = self
            .conn
            .prepare_cached("SELECT night FROM rest_nights WHERE night >= ?1 AND night <= ?2")?;
        for night in rests.query_map([&from, &to], |row| row.get::<_, String>(0))? {
            entry(&mut nights, night?)?.rest = true;
        }
        // Every run of those nights, of any routine, with the step's outcome in it if any.
        let mut runs = self.conn.prepare_cached(
            "SELECT runs.night, step_results.outcome FROM runs
             LEFT JOIN step_results
                 ON step_results.run_id = runs.id AND step_results.step_id = ?3
             WHERE runs.night >= ?1 AND runs.night <= ?2",
        )?;
        let rows = runs.query_map([&from, &to, &step_id.to_string()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (night, outcome) = row?;
            let seen = match outcome.as_deref() {
                None => StepSeen::NotDone,
                Some(text) => match super::rows::parse_outcome(text)? {
                    crate::session::Outcome::Done => StepSeen::Done,
                    crate::session::Outcome::CutShort => StepSeen::CutShort,
                    crate::session::Outcome::Skipped => StepSeen::Skipped,
                },
            };
            let night = entry(&mut nights, night)?;
            night.step = stronger(night.step, seen);
        }
        Ok(nights.into_values().collect())
    }
}

/// The record of `night` in `nights`, new and empty if it had none.
fn entry(
    nights: &mut BTreeMap<String, NightSeen>,
    night: String,
) -> Result<&mut NightSeen, StoreError> {
    let date = night_of_row(&night)?;
    Ok(nights.entry(night).or_insert(NightSeen {
        night: date,
        checkin: None,
        rest: false,
        step: StepSeen::NoRun,
    }))
}

/// Of two runs' outcomes for the step on one night, the one that says more was done.
fn stronger(a: StepSeen, b: StepSeen) -> StepSeen {
    let rank = |seen: StepSeen| match seen {
        StepSeen::NoRun => 0,
        StepSeen::NotDone => 1,
        StepSeen::Skipped => 2,
        StepSeen::CutShort => 3,
        StepSeen::Done => 4,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Inserts `experiment` with its blocks and pauses; returns its id.
pub(super) fn insert(
    conn: &Connection,
    experiment: &Experiment,
) -> Result<ExperimentId, StoreError> {
    let design = experiment.design;
    conn.execute(
        "INSERT INTO experiments (routine_id, step_id, step_title, start_night, pairs,
             block_nights, washout_nights, seed, seed_source, created_at, stopped_at, last_night)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            experiment.routine_id,
            experiment.step_id,
            experiment.step_title,
            night_text(experiment.start),
            design.pairs,
            design.block_nights,
            design.washout_nights,
            experiment.seed.to_string(),
            experiment.seed_source.as_str(),
            to_millis(experiment.created_at),
            experiment.stop.map(|stop| to_millis(stop.at)),
            experiment.stop.map(|stop| night_text(stop.last_night)),
        ],
    )?;
    let id = ExperimentId(conn.last_insert_rowid());
    write_children(conn, id, experiment)?;
    Ok(id)
}

/// Writes the blocks and pauses of `experiment` under `id`.
pub(super) fn write_children(
    conn: &Connection,
    id: ExperimentId,
    experiment: &Experiment,
) -> Result<(), StoreError> {
    let mut block = conn.prepare_cached(
        "INSERT OR REPLACE INTO experiment_blocks (experiment_id, block, arm) VALUES (?1, ?2, ?3)",
    )?;
    for (number, arm) in (1_i64..).zip(&experiment.blocks) {
        block.execute(params![id.0, number, arm.as_str()])?;
    }
    conn.execute(
        "DELETE FROM experiment_pauses WHERE experiment_id = ?1",
        [id.0],
    )?;
    let mut pause = conn.prepare_cached(
        "INSERT INTO experiment_pauses (experiment_id, from_night, until_night) VALUES (?1, ?2, ?3)",
    )?;
    for Pause { from, until } in &experiment.pauses {
        pause.execute(params![id.0, night_text(*from), until.map(night_text)])?;
    }
    Ok(())
}

/// The experiment started last.
fn latest(conn: &Connection) -> Result<Option<(ExperimentId, Experiment)>, StoreError> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM experiments ORDER BY created_at DESC, id DESC LIMIT 1")?
        .query_row([], |row| row.get(0))
        .optional()?;
    match id {
        Some(id) => Ok(read_all(conn)?.into_iter().find(|(found, _)| found.0 == id)),
        None => Ok(None),
    }
}

/// One experiments row as read.
struct RawExperiment {
    id: i64,
    routine_id: String,
    step_id: String,
    step_title: String,
    start: String,
    design: (u32, u32, u32),
    seed: String,
    seed_source: String,
    created_at: i64,
    stopped_at: Option<i64>,
    last_night: Option<String>,
}

/// Every experiment with its blocks and pauses, oldest first.
pub(super) fn read_all(conn: &Connection) -> Result<Vec<(ExperimentId, Experiment)>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, routine_id, step_id, step_title, start_night, pairs, block_nights,
                washout_nights, seed, seed_source, created_at, stopped_at, last_night
         FROM experiments ORDER BY created_at, id",
    )?;
    let raws = statement
        .query_map([], |row| {
            Ok(RawExperiment {
                id: row.get(0)?,
                routine_id: row.get(1)?,
                step_id: row.get(2)?,
                step_title: row.get(3)?,
                start: row.get(4)?,
                design: (row.get(5)?, row.get(6)?, row.get(7)?),
                seed: row.get(8)?,
                seed_source: row.get(9)?,
                created_at: row.get(10)?,
                stopped_at: row.get(11)?,
                last_night: row.get(12)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut blocks: BTreeMap<i64, Vec<Arm>> = BTreeMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT experiment_id, arm FROM experiment_blocks ORDER BY experiment_id, block",
    )?;
    for row in statement.query_map([], |row| {
        Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
    })? {
        let (id, arm) = row?;
        let arm = Arm::parse(&arm)
            .ok_or_else(|| StoreError::BadRow(format!("unknown experiment arm {arm:?}")))?;
        blocks.entry(id).or_default().push(arm);
    }
    let mut pauses: BTreeMap<i64, Vec<Pause>> = BTreeMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT experiment_id, from_night, until_night FROM experiment_pauses
         ORDER BY experiment_id, from_night",
    )?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (id, from, until) = row?;
        pauses.entry(id).or_default().push(Pause {
            from: night_of_row(&from)?,
            until: until.as_deref().map(night_of_row).transpose()?,
        });
    }
    raws.into_iter()
        .map(|raw| {
            let id = raw.id;
            let experiment = check(
                raw,
                blocks.remove(&id).unwrap_or_default(),
                pauses.remove(&id).unwrap_or_default(),
            )?;
            Ok((ExperimentId(id), experiment))
        })
        .collect()
}

/// A row read back as an experiment, refusing what no winddown writes.
fn check(
    raw: RawExperiment,
    blocks: Vec<Arm>,
    pauses: Vec<Pause>,
) -> Result<Experiment, StoreError> {
    let (pairs, block_nights, washout_nights) = raw.design;
    let design = Design {
        pairs,
        block_nights,
        washout_nights,
    };
    let bad = |what: String| StoreError::BadRow(format!("experiment {}: {what}", raw.id));
    if let Some(problem) = design.problem() {
        return Err(bad(problem));
    }
    let paired = blocks.len() == 2 * pairs as usize
        && blocks.chunks(2).all(|pair| pair[0] == pair[1].other());
    if !paired {
        return Err(bad(
            "its blocks are not one with and one without per pair".to_string()
        ));
    }
    let seed = raw
        .seed
        .parse::<u64>()
        .map_err(|_| bad(format!("seed {:?} is not a number", raw.seed)))?;
    let seed_source = SeedSource::parse(&raw.seed_source)
        .ok_or_else(|| bad(format!("unknown seed source {:?}", raw.seed_source)))?;
    let stop = match (raw.stopped_at, raw.last_night) {
        (Some(at), Some(last_night)) => Some(Stop {
            at: instant(at)?,
            last_night: night_of_row(&last_night)?,
        }),
        _ => None,
    };
    if pauses
        .iter()
        .rev()
        .skip(1)
        .any(|pause| pause.until.is_none())
    {
        return Err(bad(
            "a pause that still stands is followed by another".to_string()
        ));
    }
    Ok(Experiment {
        routine_id: raw.routine_id,
        step_id: raw.step_id,
        step_title: raw.step_title,
        design,
        blocks,
        seed,
        seed_source,
        start: night_of_row(&raw.start)?,
        created_at: instant(raw.created_at)?,
        pauses,
        stop,
    })
}
