//! The home screen's glance at past nights: only what decides each night, so
//! ten years of history cost one narrow scan before the first frame.

use chrono::NaiveDate;

use super::rows::{night_of_row, parse_run_outcome};
use super::{Store, StoreError};
use crate::model::{NightSummary, Ranked, summarise};

impl Store {
    /// Every night up to `today` with its status, like [`Store::history`] but without
    /// the run details (`run` is `None`): enough for streaks and the recent-nights strip.
    pub fn night_statuses(&self, today: NaiveDate) -> Result<Vec<NightSummary>, StoreError> {
        // The (night, outcome) index holds all this needs: SQLite reads it alone, in
        // night order, and the values are borrowed rather than copied row by row.
        let mut statement = self
            .conn
            .prepare_cached("SELECT night, outcome FROM runs ORDER BY night")?;
        let mut rows = statement.query([])?;
        let mut runs = Vec::new();
        while let Some(row) = rows.next()? {
            let text = |column: usize| {
                row.get_ref(column)?
                    .as_str()
                    .map_err(|err| StoreError::BadRow(format!("runs column {column}: {err}")))
            };
            runs.push(Ranked {
                night: night_of_row(text(0)?)?,
                outcome: parse_run_outcome(text(1)?)?,
                // Without the run's details, which of two equal runs speaks for the night
                // makes no difference to its status.
                started: 0,
                run: None,
            });
        }
        let rests = self.rest_nights(None, today)?;
        Ok(summarise(runs, &rests, today))
    }
}
