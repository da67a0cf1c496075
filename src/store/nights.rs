//! Reading history back: runs, rest nights and step results, night by night.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::rows::{
    RawRun, holds_of_row, instant, local_instant, millis_duration, night_of_row, parse_outcome,
    to_usize,
};
use super::time::{night_text, to_millis, window_start};
use super::{Store, StoreError};
use crate::model::{
    NightSummary, RestNight, RunId, RunSummary, StepRow, StepTally, summarise_nights,
};

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
                    started_at, utc_offset, ended_at, done, skipped, cut_short
             FROM runs WHERE night >= ?1 AND night <= ?2
             ORDER BY night, started_at, id"
        } else {
            "SELECT id, night, routine_id, routine_name, routine_hash, outcome, step_count,
                    started_at, utc_offset, ended_at, done, skipped, cut_short
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
                cut_short: row.get(12)?,
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
        self.step_results(None, NaiveDate::MAX)
    }

    /// The step results of the runs from `since` (inclusive, or from the first) up to
    /// `until`, oldest run first.
    pub fn step_results(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<StepRow>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT s.run_id, r.night, s.step_index, s.step_id, s.title, s.outcome, s.at,
                    r.utc_offset, s.active_ms, s.held_ms, s.holds, s.holds_full
             FROM step_results s JOIN runs r ON r.id = s.run_id
             WHERE r.night >= ?1 AND r.night <= ?2
             ORDER BY r.night, r.started_at, s.run_id, s.step_index",
        )?;
        let rows = statement.query_map(bounds(since, until), |row| {
            Ok(RawStep {
                run: row.get(0)?,
                night: row.get(1)?,
                index: row.get(2)?,
                step_id: row.get(3)?,
                title: row.get(4)?,
                outcome: row.get(5)?,
                at: row.get(6)?,
                offset: row.get(7)?,
                active: row.get(8)?,
                holds: [row.get(9)?, row.get(10)?, row.get(11)?],
            })
        })?;
        let mut steps = Vec::new();
        for row in rows {
            steps.push(row?.check()?);
        }
        Ok(steps)
    }

    /// The first night anything was recorded for: a run, a rest night, a check-in
    /// (or a skipped one) or an SOS episode; `None` for an empty history.
    pub fn first_night(&self) -> Result<Option<NaiveDate>, StoreError> {
        let first: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT min(night) FROM (
                 SELECT min(night) AS night FROM runs
                 UNION ALL SELECT min(night) FROM rest_nights
                 UNION ALL SELECT min(night) FROM checkins
                 UNION ALL SELECT min(night) FROM checkin_skips
                 UNION ALL SELECT min(night) FROM sos_episodes)",
            )?
            .query_row([], |row| row.get(0))?;
        first.as_deref().map(night_of_row).transpose()
    }

    /// Done, cut-short and skipped counts and the time held per step id over every
    /// recorded run, in routine order.
    pub fn step_tallies(&self) -> Result<Vec<StepTally>, StoreError> {
        // SQLite takes the bare `title` from the row holding max(at): the latest title.
        let mut statement = self.conn.prepare_cached(
            "SELECT step_id, title, max(at), sum(outcome = 'done'), sum(outcome = 'cut_short'),
                    sum(outcome = 'skipped'), total(held_ms)
             FROM step_results GROUP BY step_id ORDER BY min(step_index), step_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                [row.get::<_, i64>(3)?, row.get(4)?, row.get(5)?],
                row.get::<_, f64>(6)?,
            ))
        })?;
        let mut tallies = Vec::new();
        for row in rows {
            let (step_id, title, [done, cut_short, skipped], held) = row?;
            let count = |n: i64| {
                u64::try_from(n).map_err(|_| StoreError::BadRow(format!("count {n} for {step_id}")))
            };
            // A sum of whole milliseconds, each within an i64: exact far past any history.
            let held = Duration::try_from_secs_f64(held / 1000.0)
                .map_err(|_| StoreError::BadRow(format!("{held} ms held in all of {step_id}")))?;
            tallies.push(StepTally {
                done: count(done)?,
                cut_short: count(cut_short)?,
                skipped: count(skipped)?,
                held,
                step_id: step_id.clone(),
                title,
            });
        }
        Ok(tallies)
    }
}

/// A step_results row joined with its run, as read, before its values are checked.
struct RawStep {
    run: i64,
    night: String,
    index: i64,
    step_id: String,
    title: String,
    outcome: String,
    at: i64,
    offset: i64,
    active: i64,
    holds: [Option<i64>; 3],
}

impl RawStep {
    fn check(self) -> Result<StepRow, StoreError> {
        let [held, planned, full] = self.holds;
        Ok(StepRow {
            run: RunId(self.run),
            night: night_of_row(&self.night)?,
            index: to_usize(self.index, "step index")?,
            step_id: self.step_id,
            title: self.title,
            outcome: parse_outcome(&self.outcome)?,
            at: local_instant(self.at, self.offset)?,
            active: millis_duration(self.active, "active time")?,
            holds: holds_of_row(held, planned, full)?,
        })
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
