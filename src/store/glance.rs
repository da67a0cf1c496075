//! The home screen's glance at past nights: only what decides each night, so
//! ten years of history cost one narrow scan before the first frame.

use chrono::NaiveDate;

use super::nights::{Ranked, summarise};
use super::rows::{night_of_row, parse_run_outcome};
use super::{NightSummary, Store, StoreError};

impl Store {
    /// Every night up to `today` with its status, like [`Store::history`] but without
    /// the run details (`run` is `None`): enough for streaks and the recent-nights strip.
    pub fn night_statuses(&self, today: NaiveDate) -> Result<Vec<NightSummary>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT night, outcome, started_at FROM runs NOT INDEXED")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        let mut runs = Vec::new();
        for row in rows {
            let (night, outcome, started) = row?;
            runs.push(Ranked {
                night: night_of_row(&night)?,
                outcome: parse_run_outcome(&outcome)?,
                started,
                run: None,
            });
        }
        let rests = self.rest_nights(None, today)?;
        Ok(summarise(runs.into_iter(), &rests, today))
    }
}
