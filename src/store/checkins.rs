//! Morning check-ins and Cramp SOS episodes: what the nights were like, beside
//! what was done in the evening.
//!
//! Values are checked here as well as by the command line and the screens, so
//! a caller that forgets cannot put a severity of 11 into the history.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::nights::bounds;
use super::rows::{instant, local_instant, night_of_row};
use super::time::{night_text, to_millis};
use super::{Store, StoreError};
use crate::model::{
    CheckIn, CheckinSkip, Leg, MAX_CRAMPS, MAX_MINUTES, MAX_SEVERITY, NightSteps, SosEpisode, SosId,
};

impl Store {
    /// Records the check-in for `checkin.night`, replacing an earlier one for that night.
    pub fn save_checkin(&mut self, checkin: &CheckIn, at: DateTime<Utc>) -> Result<(), StoreError> {
        check_checkin(checkin)?;
        let tx = self.writable()?.transaction()?;
        insert_checkin(&tx, checkin, at)?;
        tx.commit()?;
        Ok(())
    }

    /// Records `checkin` in place of `replaces`, the check-in of its night as the
    /// caller read it (`None`: there was none): when the night's row is no longer that
    /// (another process saved one meanwhile), nothing is written and
    /// [`StoreError::CheckinChanged`] holds what is stored now.
    pub fn save_checkin_replacing(
        &mut self,
        checkin: &CheckIn,
        replaces: Option<&CheckIn>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        check_checkin(checkin)?;
        // IMMEDIATE: the row compared is the row replaced; no writer comes between.
        let tx = self
            .writable()?
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored = read_checkin(&tx, checkin.night)?;
        if stored.as_ref() != replaces {
            return Err(StoreError::CheckinChanged(Box::new(stored)));
        }
        insert_checkin(&tx, checkin, at)?;
        tx.commit()?;
        Ok(())
    }

    /// The user chose not to check in on `night`: the morning question stops asking about it.
    pub fn skip_checkin(&mut self, night: NaiveDate, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.writable()?.execute(
            "INSERT INTO checkin_skips (night, at) VALUES (?1, ?2)
             ON CONFLICT (night) DO UPDATE SET at = excluded.at",
            params![night_text(night), to_millis(at)],
        )?;
        Ok(())
    }

    /// Every night whose check-in the user chose to skip, oldest first.
    pub fn checkin_skips(&self) -> Result<Vec<CheckinSkip>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT night, at FROM checkin_skips ORDER BY night")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut skips = Vec::new();
        for row in rows {
            let (night, at) = row?;
            skips.push(CheckinSkip {
                night: night_of_row(&night)?,
                at: instant(at)?,
            });
        }
        Ok(skips)
    }

    /// The check-in for `night`, if there is one.
    pub fn checkin(&self, night: NaiveDate) -> Result<Option<CheckIn>, StoreError> {
        read_checkin(&self.conn, night)
    }

    /// Every check-in from `since` (inclusive, or from the first) up to `until`, oldest first.
    pub fn checkins(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<CheckIn>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT night, cramps, severity, leg, minutes, note, severity_unsure FROM checkins
             WHERE night >= ?1 AND night <= ?2 ORDER BY night",
        )?;
        let rows = statement.query_map(bounds(since, until), raw_checkin)?;
        let mut checkins = Vec::new();
        for row in rows {
            checkins.push(row?.check()?);
        }
        Ok(checkins)
    }

    /// Last night (`today - 1`) when it had a run with at least one step recorded
    /// and no check-in yet: the night the first launch of the day should ask about.
    /// Older nights are not asked about: memory of them is too unreliable.
    pub fn needs_checkin(&self, today: NaiveDate) -> Result<Option<NaiveDate>, StoreError> {
        let Some(last) = today.pred_opt() else {
            return Ok(None);
        };
        let asks: bool = self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM runs WHERE night = ?1 AND done + cut_short + skipped > 0)
                AND NOT EXISTS (SELECT 1 FROM checkins WHERE night = ?1)
                AND NOT EXISTS (SELECT 1 FROM checkin_skips WHERE night = ?1)",
            )?
            .query_row([night_text(last)], |row| row.get(0))?;
        Ok(asks.then_some(last))
    }

    /// Logs a Cramp SOS episode that began at `started_at` and lasted `seconds`.
    pub fn record_sos(
        &mut self,
        started_at: DateTime<FixedOffset>,
        night: NaiveDate,
        seconds: u32,
        leg: Option<Leg>,
    ) -> Result<SosId, StoreError> {
        let tx = self.writable()?.transaction()?;
        tx.execute(
            "INSERT INTO sos_episodes (started_at, utc_offset, night, seconds, leg)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                to_millis(started_at.to_utc()),
                started_at.offset().local_minus_utc(),
                night_text(night),
                seconds,
                leg.map(Leg::as_str),
            ],
        )?;
        let id = SosId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(id)
    }

    /// The episode `id` went on for `seconds` in all, with `leg` as last said.
    pub fn update_sos(
        &mut self,
        id: SosId,
        seconds: u32,
        leg: Option<Leg>,
    ) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        tx.execute(
            "UPDATE sos_episodes SET seconds = ?2, leg = ?3 WHERE id = ?1",
            params![id.0, seconds, leg.map(Leg::as_str)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An episode kept in a recovery file, back in the history: the row that began at
    /// the same moment takes its length and leg, or it is added.
    pub fn restore_sos(&mut self, episode: &SosEpisode) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        let started = to_millis(episode.started_at.to_utc());
        let leg = episode.leg.map(Leg::as_str);
        let updated = tx.execute(
            "UPDATE sos_episodes SET seconds = ?2, leg = ?3 WHERE started_at = ?1",
            params![started, episode.seconds, leg],
        )?;
        if updated == 0 {
            tx.execute(
                "INSERT INTO sos_episodes (started_at, utc_offset, night, seconds, leg)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    started,
                    episode.started_at.offset().local_minus_utc(),
                    night_text(episode.night),
                    episode.seconds,
                    leg,
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The episode `id` was no cramp after all (left at once): it is not kept.
    pub fn forget_sos(&mut self, id: SosId) -> Result<(), StoreError> {
        let tx = self.writable()?.transaction()?;
        tx.execute("DELETE FROM sos_episodes WHERE id = ?1", params![id.0])?;
        tx.commit()?;
        Ok(())
    }

    /// Every SOS episode from `since` (inclusive, or from the first) up to `until`, oldest first.
    pub fn sos_episodes(
        &self,
        since: Option<NaiveDate>,
        until: NaiveDate,
    ) -> Result<Vec<SosEpisode>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT started_at, utc_offset, night, seconds, leg FROM sos_episodes
             WHERE night >= ?1 AND night <= ?2 ORDER BY started_at, id",
        )?;
        let rows = statement.query_map(bounds(since, until), |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut episodes = Vec::new();
        for row in rows {
            let (started_at, offset, night, seconds, leg) = row?;
            episodes.push(SosEpisode {
                started_at: local_instant(started_at, offset)?,
                night: night_of_row(&night)?,
                seconds: u32::try_from(seconds).map_err(|_| {
                    StoreError::BadRow(format!("SOS episode of {seconds} s on {night}"))
                })?,
                leg: leg.as_deref().map(leg_of_row).transpose()?,
            });
        }
        Ok(episodes)
    }

    /// Every night with both a check-in and a run, oldest first, with the steps
    /// done in any of that night's runs and those cut short in one and done in none.
    pub fn step_nights(&self) -> Result<Vec<NightSteps>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.night, c.cramps, s.step_id, s.outcome
             FROM checkins c
             JOIN runs r ON r.night = c.night
             LEFT JOIN step_results s ON s.run_id = r.id AND s.outcome IN ('done', 'cut_short')
             ORDER BY c.night",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut nights: BTreeMap<NaiveDate, NightSteps> = BTreeMap::new();
        for row in rows {
            let (night, cramps, step, outcome) = row?;
            let night = night_of_row(&night)?;
            let cramps = cramps_of_row(cramps)?;
            let entry = nights.entry(night).or_insert_with(|| NightSteps {
                night,
                cramps,
                done: BTreeSet::new(),
                cut_short: BTreeSet::new(),
            });
            if let Some(step) = step {
                match outcome.as_deref() {
                    Some("done") => entry.done.insert(step),
                    _ => entry.cut_short.insert(step),
                };
            }
        }
        for entry in nights.values_mut() {
            // Done in one run of the night outweighs cut short in another.
            let done = &entry.done;
            entry.cut_short.retain(|step| !done.contains(step));
        }
        Ok(nights.into_values().collect())
    }
}

/// The check-in for `night` on `conn`, if there is one.
fn read_checkin(conn: &Connection, night: NaiveDate) -> Result<Option<CheckIn>, StoreError> {
    let raw = conn
        .prepare_cached(
            "SELECT night, cramps, severity, leg, minutes, note, severity_unsure
             FROM checkins WHERE night = ?1",
        )?
        .query_row([night_text(night)], raw_checkin)
        .optional()?;
    raw.map(RawCheckIn::check).transpose()
}

/// Writes `checkin` for its night, replacing any there, recorded `at`.
fn insert_checkin(
    conn: &Connection,
    checkin: &CheckIn,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO checkins
             (night, cramps, severity, leg, minutes, note, created_at, severity_unsure)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (night) DO UPDATE SET
             cramps = excluded.cramps, severity = excluded.severity, leg = excluded.leg,
             minutes = excluded.minutes, note = excluded.note, created_at = excluded.created_at,
             severity_unsure = excluded.severity_unsure",
        params![
            night_text(checkin.night),
            checkin.cramps,
            checkin.severity,
            checkin.leg.map(Leg::as_str),
            checkin.minutes,
            checkin.note,
            to_millis(at),
            checkin.severity_unsure,
        ],
    )?;
    Ok(())
}

/// Refuses a check-in no winddown screen or command could produce.
pub fn check_checkin(checkin: &CheckIn) -> Result<(), StoreError> {
    let night = checkin.night;
    if checkin.cramps > MAX_CRAMPS {
        return Err(StoreError::OutOfRange(format!(
            "{} cramps on {night}: record 0 to {MAX_CRAMPS} (3 means 3 or more)",
            checkin.cramps
        )));
    }
    if let Some(severity) = checkin.severity.filter(|&s| s > MAX_SEVERITY) {
        return Err(StoreError::OutOfRange(format!(
            "severity {severity} on {night}: the scale runs from 0 to {MAX_SEVERITY}"
        )));
    }
    if checkin.severity_unsure && (checkin.severity != Some(0) || checkin.cramps == 0) {
        return Err(StoreError::OutOfRange(format!(
            "an unsure severity on {night} is only ever an older 0 on a night with cramps"
        )));
    }
    if let Some(minutes) = checkin.minutes.filter(|&m| m > MAX_MINUTES) {
        return Err(StoreError::OutOfRange(format!(
            "{minutes} minutes of cramps on {night}: at most {MAX_MINUTES}"
        )));
    }
    Ok(())
}

/// A checkins row as read, before its values are checked.
struct RawCheckIn {
    night: String,
    cramps: i64,
    severity: Option<i64>,
    leg: Option<String>,
    minutes: Option<i64>,
    note: Option<String>,
    severity_unsure: bool,
}

fn raw_checkin(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawCheckIn> {
    Ok(RawCheckIn {
        night: row.get(0)?,
        cramps: row.get(1)?,
        severity: row.get(2)?,
        leg: row.get(3)?,
        minutes: row.get(4)?,
        note: row.get(5)?,
        severity_unsure: row.get(6)?,
    })
}

impl RawCheckIn {
    /// Checks every value, turning the row into a check-in.
    fn check(self) -> Result<CheckIn, StoreError> {
        let night = night_of_row(&self.night)?;
        let bad = |what: String| StoreError::BadRow(format!("check-in of {night}: {what}"));
        let severity = self
            .severity
            .map(|s| {
                u8::try_from(s)
                    .ok()
                    .filter(|&s| s <= MAX_SEVERITY)
                    .ok_or_else(|| bad(format!("severity {s}")))
            })
            .transpose()?;
        let minutes = self
            .minutes
            .map(|m| u32::try_from(m).map_err(|_| bad(format!("{m} minutes"))))
            .transpose()?;
        Ok(CheckIn {
            night,
            cramps: cramps_of_row(self.cramps)?,
            severity,
            leg: self.leg.as_deref().map(leg_of_row).transpose()?,
            minutes,
            note: self.note,
            severity_unsure: self.severity_unsure && severity == Some(0),
        })
    }
}

/// Reads a stored cramp count.
fn cramps_of_row(cramps: i64) -> Result<u8, StoreError> {
    u8::try_from(cramps)
        .ok()
        .filter(|&c| c <= MAX_CRAMPS)
        .ok_or_else(|| StoreError::BadRow(format!("cramp count {cramps}")))
}

/// Reads a stored leg.
fn leg_of_row(text: &str) -> Result<Leg, StoreError> {
    Leg::parse(text).ok_or_else(|| StoreError::BadRow(format!("unknown leg {text:?}")))
}
