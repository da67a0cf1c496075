//! Nights as history sees them: runs, rest nights, step results, and what each
//! night amounted to.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::history::EARLIEST_NIGHT;
use super::run::{RunId, RunOutcome};
use crate::session::{Holds, Outcome, StepResult};

/// One run with its step counts, as history and statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunSummary {
    /// The run's key.
    pub id: RunId,
    /// The evening it belongs to.
    pub night: NaiveDate,
    /// The routine's stable id.
    pub routine_id: String,
    /// The routine's name at the time.
    pub routine_name: String,
    /// The routine file's hash at the time.
    pub routine_hash: String,
    /// How it stands or ended.
    pub outcome: RunOutcome,
    /// Steps scheduled that night.
    pub step_count: usize,
    /// Steps recorded as done.
    pub done: usize,
    /// Steps recorded as cut short (left before their holds ran to the end).
    pub cut_short: usize,
    /// Steps recorded as skipped.
    pub skipped: usize,
    /// When it started, in the local offset of the time.
    pub started_at: DateTime<FixedOffset>,
    /// When it ended; `None` while running.
    pub ended_at: Option<DateTime<Utc>>,
}

impl RunSummary {
    /// Wall time from start to end; `None` while running (or for a clock that went backwards).
    pub fn duration(&self) -> Option<Duration> {
        let ended = self.ended_at?;
        (ended - self.started_at.to_utc()).to_std().ok()
    }
}

/// A night declared as a rest night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestNight {
    /// The evening.
    pub night: NaiveDate,
    /// Why, in the user's words.
    pub reason: String,
    /// When it was declared.
    pub created_at: DateTime<Utc>,
}

/// What a night amounted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NightStatus {
    /// A run of that night was completed.
    Completed,
    /// A run reached its end with required steps skipped.
    Partial,
    /// A run is still marked running (resumable tonight, unfinished on a past night).
    Running,
    /// The only runs of that night were abandoned.
    Abandoned,
    /// Declared a rest night, with the reason given.
    Rest(String),
    /// A past night with no run and no rest declared.
    Missed,
    /// Tonight, nothing yet.
    NotYet,
}

impl NightStatus {
    /// The word shown in reports.
    pub fn label(&self) -> &'static str {
        match self {
            NightStatus::Completed => "completed",
            NightStatus::Partial => "partial",
            NightStatus::Running => "unfinished",
            NightStatus::Abandoned => "abandoned",
            NightStatus::Rest(_) => "rest",
            NightStatus::Missed => "missed",
            NightStatus::NotYet => "not yet",
        }
    }
}

/// One night of history: what it amounted to and the run that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NightSummary {
    /// The evening.
    pub night: NaiveDate,
    /// What the night amounted to.
    pub status: NightStatus,
    /// The night's most successful run (the latest among equals), if any; boxed
    /// because most lists of nights (streaks, calendars) carry none.
    pub run: Option<Box<RunSummary>>,
}

/// One recorded step result, with the run it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    /// The run it belongs to.
    pub run: RunId,
    /// The run's evening.
    pub night: NaiveDate,
    /// Index into that night's steps.
    pub index: usize,
    /// The step's stable id.
    pub step_id: String,
    /// The step's title at the time.
    pub title: String,
    /// Done, cut short or skipped.
    pub outcome: Outcome,
    /// When it ended, in the run's local offset.
    pub at: DateTime<FixedOffset>,
    /// Time it was active.
    pub active: Duration,
    /// What its holds amounted to; `None` when recorded before winddown kept them.
    pub holds: Option<Holds>,
}

impl StepRow {
    /// The result this row records.
    pub fn result(&self) -> StepResult {
        StepResult {
            outcome: self.outcome,
            active: self.active,
            holds: self.holds,
        }
    }
}

/// How often one step (by id) was done, cut short and skipped, over the recorded runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepTally {
    /// The step's stable id.
    pub step_id: String,
    /// Its most recent title.
    pub title: String,
    /// Times done.
    pub done: u64,
    /// Times cut short: left before its holds ran to the end, after holding some.
    pub cut_short: u64,
    /// Times skipped.
    pub skipped: u64,
    /// Time held in all, over the results that know it (those recorded before
    /// winddown kept holds do not).
    pub held: Duration,
}

impl StepTally {
    /// Counts one more result of this step.
    pub fn count(&mut self, result: &StepResult) {
        match result.outcome {
            Outcome::Done => self.done += 1,
            Outcome::CutShort => self.cut_short += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        if let Some(holds) = result.holds {
            self.held = self.held.saturating_add(holds.held);
        }
    }

    /// Times the step ended, whichever way.
    pub fn ended(&self) -> u64 {
        self.done
            .saturating_add(self.cut_short)
            .saturating_add(self.skipped)
    }
}

/// What one step amounted to on one night: the furthest any run of that night took it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepNight {
    /// The evening.
    pub night: NaiveDate,
    /// The step's stable id.
    pub step_id: String,
    /// Its title in that result.
    pub title: String,
    /// Done, cut short or skipped: the best of the night's runs (done over cut short
    /// over skipped; among equals, the longer held).
    pub outcome: Outcome,
    /// What its holds amounted to in that result; `None` when recorded before
    /// winddown kept them.
    pub holds: Option<Holds>,
}

/// One [`StepNight`] per night and step id of `rows` (step results of any runs, in
/// any order), in night order, then step id.
pub fn step_nights(rows: &[StepRow]) -> Vec<StepNight> {
    let mut best: BTreeMap<(NaiveDate, &str), &StepRow> = BTreeMap::new();
    for row in rows {
        let slot = best.entry((row.night, row.step_id.as_str())).or_insert(row);
        let held = |row: &StepRow| row.holds.map(|holds| holds.held);
        if (row.outcome, held(row)) > (slot.outcome, held(slot)) {
            *slot = row;
        }
    }
    best.into_values()
        .map(|row| StepNight {
            night: row.night,
            step_id: row.step_id.clone(),
            title: row.title.clone(),
            outcome: row.outcome,
            holds: row.holds,
        })
        .collect()
}

/// Turns runs and rest nights into one summary per night from the first record
/// to `today`, filling the gaps as missed nights. Records after `today` are ignored.
pub fn summarise_nights(
    runs: &[RunSummary],
    rests: &[RestNight],
    today: NaiveDate,
) -> Vec<NightSummary> {
    let mut ranked: Vec<Ranked> = runs
        .iter()
        .map(|run| Ranked {
            night: run.night,
            outcome: run.outcome,
            started: run.started_at.timestamp_millis(),
            run: Some(run),
        })
        .collect();
    // Stable: runs of one night keep their order.
    ranked.sort_by_key(|run| run.night);
    let mut rests: Vec<&RestNight> = rests.iter().collect();
    rests.sort_by_key(|rest| rest.night);
    summarise(ranked, rests, today)
}

/// Like [`summarise_nights`], with the walk begun no later than `first`: the first
/// night of any other record (a check-in, an SOS episode), so a check-in of the night
/// before the first run has its night too. Those nights, without a run or a rest,
/// are missed (tonight: not yet).
pub fn summarise_nights_from(
    runs: &[RunSummary],
    rests: &[RestNight],
    first: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<NightSummary> {
    let mut nights = summarise_nights(runs, rests, today);
    let Some(first) = first.filter(|first| *first >= EARLIEST_NIGHT && *first <= today) else {
        return nights;
    };
    // Nights before 1970 come first, listed on their own; the walk starts after them.
    let walk_at = nights
        .iter()
        .position(|night| night.night >= EARLIEST_NIGHT)
        .unwrap_or(nights.len());
    let walked_from = nights
        .get(walk_at)
        .map_or_else(|| today.succ_opt().unwrap_or(today), |night| night.night);
    let earlier = first
        .iter_days()
        .take_while(|night| *night < walked_from)
        .map(|night| NightSummary {
            night,
            status: if night == today {
                NightStatus::NotYet
            } else {
                NightStatus::Missed
            },
            run: None,
        });
    nights.splice(walk_at..walk_at, earlier);
    nights
}

/// What deciding a night needs of a run; `run` is kept when the caller wants it back.
pub(crate) struct Ranked<'a> {
    /// The run's evening.
    pub(crate) night: NaiveDate,
    /// How it ended.
    pub(crate) outcome: RunOutcome,
    /// When it started, UTC milliseconds: among equals the later run speaks for the night.
    pub(crate) started: i64,
    /// The full row, when there is one.
    pub(crate) run: Option<&'a RunSummary>,
}

/// One summary per night from the first record to `today`, gaps filled as missed
/// nights. Both lists must be in night order: one pass merges them.
///
/// The walk is bounded by the data, not by the calendar: a record dated before
/// [`EARLIEST_NIGHT`] (no import lets one in; another program may have written it)
/// is listed on its own, and the gaps are filled from the first record on or after
/// that night, so a stray year-1 row costs one line, not 739,000.
pub(crate) fn summarise<'a, 'r>(
    runs: impl IntoIterator<Item = Ranked<'a>>,
    rests: impl IntoIterator<Item = &'r RestNight>,
    today: NaiveDate,
) -> Vec<NightSummary> {
    let runs: Vec<Ranked<'a>> = runs.into_iter().filter(|run| run.night <= today).collect();
    let rests: Vec<&RestNight> = rests
        .into_iter()
        .filter(|rest| rest.night <= today)
        .collect();
    let recorded = || {
        runs.iter()
            .map(|run| run.night)
            .chain(rests.iter().map(|rest| rest.night))
    };
    let walk_from = recorded().filter(|night| *night >= EARLIEST_NIGHT).min();
    let mut before: Vec<NaiveDate> = recorded()
        .filter(|night| walk_from.is_none_or(|from| *night < from))
        .collect();
    before.sort_unstable();
    before.dedup();
    let walked = walk_from
        .into_iter()
        .flat_map(|from| from.iter_days().take_while(move |&night| night <= today));
    let capacity = walk_from.map_or(0, |from| (today - from).num_days() + 1);
    let mut nights = Vec::with_capacity(before.len() + usize::try_from(capacity).unwrap_or(0));
    let mut runs = runs.into_iter().peekable();
    let mut rests = rests.into_iter().peekable();
    for night in before.into_iter().chain(walked) {
        let mut best: Option<Ranked> = None;
        while let Some(run) = runs.next_if(|run| run.night == night) {
            // Equal rank goes to the later run: a restart that got as far speaks for the night.
            if best.as_ref().is_none_or(|slot| {
                (rank(run.outcome), run.started) >= (rank(slot.outcome), slot.started)
            }) {
                best = Some(run);
            }
        }
        let rest = rests.next_if(|rest| rest.night == night);
        let status = match (best.as_ref().map(|run| run.outcome), rest) {
            (Some(RunOutcome::Completed), _) => NightStatus::Completed,
            (_, Some(rest)) => NightStatus::Rest(rest.reason.clone()),
            (Some(RunOutcome::Partial), None) => NightStatus::Partial,
            (Some(RunOutcome::Running), None) => NightStatus::Running,
            (Some(RunOutcome::Abandoned), None) => NightStatus::Abandoned,
            (None, None) if night == today => NightStatus::NotYet,
            (None, None) => NightStatus::Missed,
        };
        nights.push(NightSummary {
            night,
            status,
            run: best.and_then(|run| run.run).cloned().map(Box::new),
        });
    }
    nights
}

/// The last `count` nights up to `night`, oldest first, each with its status: missed
/// when nothing was recorded after the first record, `None` before it, tonight not yet.
pub fn night_by_night(
    nights: &[NightSummary],
    night: NaiveDate,
    count: i64,
) -> Vec<(NaiveDate, Option<NightStatus>)> {
    let statuses: BTreeMap<NaiveDate, &NightStatus> = nights
        .iter()
        .map(|summary| (summary.night, &summary.status))
        .collect();
    let first = statuses.keys().next().copied();
    let since = night - chrono::Duration::days(count - 1);
    since
        .iter_days()
        .take_while(|day| *day <= night)
        .map(|day| {
            let status = match statuses.get(&day) {
                Some(status) => Some((*status).clone()),
                None if day == night => Some(NightStatus::NotYet),
                // Before the first night on record there is nothing to have missed.
                None if first.is_none_or(|first| day < first) => None,
                None => Some(NightStatus::Missed),
            };
            (day, status)
        })
        .collect()
}

/// Which run speaks for a night when there were several.
fn rank(outcome: RunOutcome) -> u8 {
    match outcome {
        RunOutcome::Completed => 3,
        RunOutcome::Partial => 2,
        RunOutcome::Running => 1,
        RunOutcome::Abandoned => 0,
    }
}
