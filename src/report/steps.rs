//! How often each step of the routine was done: per step, the share of the
//! nights on record it was done, cut short, skipped, or not run at all.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::StepRow;
use crate::session::Outcome;

/// One step's nights, out of the nights on record in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepShare {
    /// The step's stable id.
    pub step_id: String,
    /// Its latest title in the period.
    pub title: String,
    /// Nights it was done (in any run of the night).
    pub done: usize,
    /// Nights it was cut short (left before its holds ran to the end) and not done in
    /// another run that night.
    pub cut_short: usize,
    /// Nights it was skipped and neither done nor cut short in another run that night.
    pub skipped: usize,
    /// The nights on record in the period: the whole the shares are of.
    pub nights: usize,
}

impl StepShare {
    /// Nights with no result for the step: no run, a rest night, or a run that
    /// ended before it.
    pub fn not_run(&self) -> usize {
        self.nights
            .saturating_sub(self.done + self.cut_short + self.skipped)
    }
}

/// Each step's share of `nights` (the nights on record), in the order steps
/// come in the routine (by the earliest place each held), from the period's
/// step results.
pub(super) fn shares(rows: &[StepRow], nights: usize) -> Vec<StepShare> {
    struct Seen<'a> {
        first_index: usize,
        first_seen: usize,
        title: &'a str,
        latest: chrono::DateTime<chrono::FixedOffset>,
        by_night: BTreeMap<NaiveDate, Outcome>,
    }
    let mut steps: BTreeMap<&str, Seen> = BTreeMap::new();
    for (order, row) in rows.iter().enumerate() {
        let seen = steps.entry(row.step_id.as_str()).or_insert_with(|| Seen {
            first_index: row.index,
            first_seen: order,
            title: &row.title,
            latest: row.at,
            by_night: BTreeMap::new(),
        });
        seen.first_index = seen.first_index.min(row.index);
        if row.at >= seen.latest {
            seen.latest = row.at;
            seen.title = &row.title;
        }
        // The furthest any run of the night took it: done over cut short over skipped.
        let outcome = seen.by_night.entry(row.night).or_insert(row.outcome);
        *outcome = (*outcome).max(row.outcome);
    }
    let mut shares: Vec<(usize, usize, StepShare)> = steps
        .into_iter()
        .map(|(step_id, seen)| {
            let count = |wanted: Outcome| seen.by_night.values().filter(|&&o| o == wanted).count();
            (
                seen.first_index,
                seen.first_seen,
                StepShare {
                    step_id: step_id.to_string(),
                    title: seen.title.to_string(),
                    done: count(Outcome::Done),
                    cut_short: count(Outcome::CutShort),
                    skipped: count(Outcome::Skipped),
                    nights: nights.max(seen.by_night.len()),
                },
            )
        })
        .collect();
    shares.sort_by_key(|(index, seen, _)| (*index, *seen));
    shares.into_iter().map(|(_, _, share)| share).collect()
}
