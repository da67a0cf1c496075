//! The report to bring to a doctor, as Markdown or as a printable HTML page.
//!
//! Pure: [`Report::new`] turns the rows the store read for the period into the
//! facts a doctor asks about (how often, how long, what was tried); [`markdown`]
//! and [`html`] lay them out as text. Nothing here touches the disk, the
//! terminal or a clock: `cli::report` reads the store and writes the result.
//!
//! It reports what was recorded and nothing more: no diagnosis, no advice on
//! doses. The closing lines are the safety text in ARCHITECTURE.md ("What
//! health text may claim").

mod charts;
mod html;
mod markdown;
mod steps;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{CheckIn, NightStatus, RestNight, RunSummary, SosEpisode, StepRow};

pub use html::html;
pub use markdown::markdown;
pub use steps::StepShare;

/// When to see a doctor, as the safety text in ARCHITECTURE.md words it.
pub const DOCTOR_LINES: [&str; 4] = [
    "See a doctor if cramps often wake you, last longer than 10 minutes, or come \
     with numbness, swelling or muscle weakness.",
    "Some medicines can bring on cramps (water pills, statins, some inhalers): \
     do not stop any, but mention the cramps to whoever prescribed them.",
    "Magnesium supplements need a doctor's word with kidney disease.",
    "Leg cramps are painful hard muscles; restless legs are an uncomfortable urge \
     to move that eases with moving — a different condition worth its own visit.",
];

/// What the report is: the user's own records, not a medical opinion.
pub const NOT_A_DIAGNOSIS: &str = "Recorded by the user in winddown. A diary, not a diagnosis.";

/// An SOS episode longer than this is worth mentioning to a doctor (the safety text's
/// "last longer than 10 minutes").
pub const LONG_EPISODE_SECONDS: u32 = 600;

/// The nights a report covers: whole weeks ending the night before the day it is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first night.
    pub first: NaiveDate,
    /// The last night: the evening before the report's day.
    pub last: NaiveDate,
    /// How many weeks.
    pub weeks: u32,
}

impl Period {
    /// The `weeks` weeks of nights ending the night before `today`.
    pub fn ending_before(today: NaiveDate, weeks: u32) -> Period {
        let weeks = weeks.max(1);
        let last = today.pred_opt().unwrap_or(today);
        let first = last
            .checked_sub_days(chrono::Days::new(u64::from(weeks) * 7 - 1))
            .unwrap_or(NaiveDate::MIN);
        Period { first, last, weeks }
    }

    /// Every night of the period, oldest first.
    pub fn nights(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let last = self.last;
        self.first
            .iter_days()
            .take_while(move |night| *night <= last)
    }
}

/// What the store holds for a period, as the report is made from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    /// The nights reported on.
    pub period: Period,
    /// The day the report is made.
    pub made_on: NaiveDate,
    /// The first night anything was ever recorded for (before the period, too).
    pub first_record: Option<NaiveDate>,
    /// The period's runs, in the order they started.
    pub runs: Vec<RunSummary>,
    /// The period's rest nights.
    pub rests: Vec<RestNight>,
    /// The period's check-ins.
    pub checkins: Vec<CheckIn>,
    /// The period's SOS episodes, oldest first.
    pub episodes: Vec<SosEpisode>,
    /// The step results of the period's runs.
    pub steps: Vec<StepRow>,
    /// What to say of an N-of-1 experiment: its result in its own words once it is
    /// over (the headline first, "This is about you …" last), or that one is under way;
    /// empty without one.
    pub experiment: Vec<String>,
}

/// One night of the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Night {
    /// The evening.
    pub night: NaiveDate,
    /// What the evening's routine amounted to; `None` before the first record,
    /// when winddown was not yet keeping the diary.
    pub status: Option<NightStatus>,
    /// The next morning's check-in, when one was answered.
    pub checkin: Option<CheckIn>,
}

/// Everything the report says, worked out from the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The nights reported on.
    pub period: Period,
    /// The day the report is made.
    pub made_on: NaiveDate,
    /// Every night of the period, oldest first.
    pub nights: Vec<Night>,
    /// The routines run in the period, by name, most nights first.
    pub routines: Vec<String>,
    /// How often each step was done, in routine order.
    pub steps: Vec<StepShare>,
    /// The period's SOS episodes, oldest first.
    pub episodes: Vec<SosEpisode>,
    /// What to say of an experiment (see [`Rows::experiment`]).
    pub experiment: Vec<String>,
}

/// How the recorded nights went, by what the routine amounted to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NightCounts {
    /// Nights on record in the period.
    pub recorded: usize,
    /// Routine completed.
    pub completed: usize,
    /// Routine reached its end with a required step skipped.
    pub partial: usize,
    /// Declared rest nights.
    pub rest: usize,
    /// Nothing done and no rest declared.
    pub missed: usize,
    /// Started and never finished.
    pub unfinished: usize,
}

/// What the check-ins of the period add up to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckinTotals {
    /// Nights with a check-in.
    pub answered: usize,
    /// Cramps in all ("3 or more" counted as 3).
    pub cramps: u32,
    /// Nights with at least one cramp.
    pub nights_with_cramps: usize,
    /// The worst pain given on a night with cramps, and the mean of those given, with
    /// how many gave one.
    pub pain: Option<(u8, f64, usize)>,
    /// Nights with cramps whose pain is an older winddown's 0 that may mean "not
    /// answered": left out of `pain`.
    pub unsure_pains: usize,
    /// Minutes of cramp the check-ins gave, with how many gave them.
    pub minutes: Option<(u32, usize)>,
}

impl Report {
    /// The report the rows make.
    pub fn new(rows: Rows) -> Report {
        let period = rows.period;
        let statuses = statuses(&rows);
        let mut checkins: BTreeMap<NaiveDate, CheckIn> = rows
            .checkins
            .into_iter()
            .map(|checkin| (checkin.night, checkin))
            .collect();
        let nights: Vec<Night> = period
            .nights()
            .map(|night| Night {
                night,
                status: statuses.get(&night).cloned(),
                checkin: checkins.remove(&night),
            })
            .collect();
        let recorded = nights.iter().filter(|n| n.status.is_some()).count();
        let in_period = |night: NaiveDate| night >= period.first && night <= period.last;
        Report {
            period,
            made_on: rows.made_on,
            routines: routine_names(&rows.runs),
            steps: steps::shares(&rows.steps, recorded),
            episodes: rows
                .episodes
                .into_iter()
                .filter(|episode| in_period(episode.night))
                .collect(),
            experiment: rows.experiment,
            nights,
        }
    }

    /// The nights on record, with what the routine amounted to on them.
    pub fn night_counts(&self) -> NightCounts {
        let mut counts = NightCounts::default();
        for status in self.nights.iter().filter_map(|night| night.status.as_ref()) {
            counts.recorded += 1;
            match status {
                NightStatus::Completed => counts.completed += 1,
                NightStatus::Partial => counts.partial += 1,
                NightStatus::Rest(_) => counts.rest += 1,
                NightStatus::Missed | NightStatus::NotYet => counts.missed += 1,
                NightStatus::Running | NightStatus::Abandoned => counts.unfinished += 1,
            }
        }
        counts
    }

    /// The check-ins of the period, oldest first.
    pub fn checkins(&self) -> impl Iterator<Item = &CheckIn> {
        self.nights
            .iter()
            .filter_map(|night| night.checkin.as_ref())
    }

    /// What the check-ins add up to.
    pub fn checkin_totals(&self) -> CheckinTotals {
        let answered = self.checkins().count();
        let cramped = || self.checkins().filter(|c| c.cramps > 0);
        let pains: Vec<u8> = cramped().filter_map(CheckIn::rated_severity).collect();
        let minutes: Vec<u32> = self.checkins().filter_map(|c| c.minutes).collect();
        CheckinTotals {
            answered,
            cramps: self.checkins().map(|c| u32::from(c.cramps)).sum(),
            nights_with_cramps: self.checkins().filter(|c| c.cramps > 0).count(),
            pain: pains.iter().max().map(|&worst| {
                let mean = pains.iter().map(|&p| f64::from(p)).sum::<f64>() / pains.len() as f64;
                (worst, mean, pains.len())
            }),
            unsure_pains: cramped().filter(|c| c.severity_unsure).count(),
            minutes: (!minutes.is_empty()).then(|| (minutes.iter().sum(), minutes.len())),
        }
    }

    /// The episodes that lasted longer than ten minutes.
    pub fn long_episodes(&self) -> impl Iterator<Item = &SosEpisode> {
        self.episodes
            .iter()
            .filter(|episode| episode.seconds > LONG_EPISODE_SECONDS)
    }

    /// The notes given in check-ins, oldest first.
    pub fn notes(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.checkins()
            .filter_map(|checkin| Some((checkin.night, checkin.note.as_deref()?)))
            .filter(|(_, note)| !note.trim().is_empty())
    }
}

/// What each night of the period amounted to, from the first record on: the
/// night's best run, else a rest night, else missed.
fn statuses(rows: &Rows) -> BTreeMap<NaiveDate, NightStatus> {
    let Some(first_record) = rows.first_record else {
        return BTreeMap::new();
    };
    let period = rows.period;
    let mut statuses: BTreeMap<NaiveDate, NightStatus> = period
        .nights()
        .filter(|night| *night >= first_record)
        .map(|night| (night, NightStatus::Missed))
        .collect();
    // The day after the period: nothing in the period is "tonight".
    let after = period.last.succ_opt().unwrap_or(period.last);
    for summary in crate::model::summarise_nights(&rows.runs, &rows.rests, after) {
        if let Some(slot) = statuses.get_mut(&summary.night)
            && summary.status != NightStatus::Missed
        {
            *slot = summary.status;
        }
    }
    statuses
}

/// The routines run in the period, by name, the one run on most nights first.
fn routine_names(runs: &[RunSummary]) -> Vec<String> {
    let mut nights: BTreeMap<&str, std::collections::BTreeSet<NaiveDate>> = BTreeMap::new();
    for run in runs {
        nights
            .entry(run.routine_name.as_str())
            .or_default()
            .insert(run.night);
    }
    let mut names: Vec<(&str, usize)> = nights.into_iter().map(|(n, s)| (n, s.len())).collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    names
        .into_iter()
        .map(|(name, _)| name.to_string())
        .collect()
}

/// How bad the pain was, after "Severity" or "pain": "(0–10): worst 8, mean 5.7 over
/// 3 rated nights of the 4 with cramps", ": no cramps to rate", or ": not rated on
/// any of …"; older winddowns' 0s that may mean "not answered" are said to be left out.
pub(super) fn pain_phrase(totals: &CheckinTotals) -> String {
    let unsure = match totals.unsure_pains {
        0 => String::new(),
        n => format!(
            "; {} left out, saved as 0 by an older winddown that also saved 0 when the pain \
             was not answered",
            crate::plural::count(n, "night")
        ),
    };
    let cramped = totals.nights_with_cramps;
    match totals.pain {
        Some((worst, mean, rated)) => format!(
            " (0–10): worst {worst}, mean {mean:.1} over {rated} rated {} of the {cramped} \
             with cramps{unsure}",
            crate::plural::noun(rated, "night"),
        ),
        None if cramped == 0 => ": no cramps to rate".to_string(),
        None => format!(
            ": not rated on any of the {} with cramps{unsure}",
            crate::plural::count(cramped, "night")
        ),
    }
}

/// The worst pain to show for a night: as surely answered, on a night with cramps.
pub(super) fn shown_pain(checkin: &CheckIn) -> Option<u8> {
    (checkin.cramps > 0)
        .then(|| checkin.rated_severity())
        .flatten()
}

/// A whole, rounded percentage of `total`; 0 when there is nothing to divide by.
pub fn percent(part: usize, total: usize) -> usize {
    (part * 100 + total / 2).checked_div(total).unwrap_or(0)
}

#[cfg(test)]
mod tests;
