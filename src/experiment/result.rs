//! From the records of an experiment's nights to its result: each night reviewed
//! against the schedule (missing check-in, deviation), then the pairs compared by
//! assignment: a night counts as "with" or "without" by the schedule, whatever was done.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::analysis::{PairedEstimate, Verdict, paired, verdict};
use crate::model::{Arm, Experiment, NightSeen, PlannedNight, StepSeen};

/// How a night went against the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deviation {
    /// A "with" night: the step was skipped.
    Skipped,
    /// A "with" night: a run never reached the step.
    NotDone,
    /// A "with" night: no run at all (and no rest night).
    NoRun,
    /// A "without" night: the step was done anyway.
    DoneAnyway,
    /// A "with" night: the step was begun and left before its holds ran to the end.
    CutShort,
    /// A "without" night: the step was begun anyway, and left before its end.
    BegunAnyway,
}

impl Deviation {
    /// What happened, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Deviation::Skipped => "skipped on a \"with\" night",
            Deviation::NotDone => "not reached on a \"with\" night",
            Deviation::NoRun => "no run on a \"with\" night",
            Deviation::DoneAnyway => "done on a \"without\" night",
            Deviation::CutShort => "cut short on a \"with\" night",
            Deviation::BegunAnyway => "begun on a \"without\" night",
        }
    }

    /// The word `experiment plan --json` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Deviation::Skipped => "skipped",
            Deviation::NotDone => "not_done",
            Deviation::NoRun => "no_run",
            Deviation::DoneAnyway => "done_anyway",
            Deviation::CutShort => "cut_short",
            Deviation::BegunAnyway => "begun_anyway",
        }
    }
}

/// One night of the schedule with what the records say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightReview {
    /// The night and its place in the schedule.
    pub planned: PlannedNight,
    /// Whether the night is over (before tonight); later nights have no record yet.
    pub passed: bool,
    /// What the records say, for a night that has passed.
    pub seen: Option<NightSeen>,
    /// How it went against the schedule, if it did not go as scheduled.
    pub deviation: Option<Deviation>,
    /// A night that counts in the analysis but has no check-in to count (a rest night
    /// is one: the routine did not run as scheduled).
    pub missing: bool,
}

impl NightReview {
    /// The check-in that counts for the analysis, if any.
    fn counted(&self) -> Option<crate::model::CrampsSeen> {
        let seen = self.seen?;
        if self.planned.slot.washout || seen.rest {
            return None;
        }
        seen.checkin
    }
}

/// Each night of `experiment`'s schedule (as it stands on `tonight`) with its records.
pub fn review(experiment: &Experiment, seen: &[NightSeen], tonight: NaiveDate) -> Vec<NightReview> {
    let seen: BTreeMap<NaiveDate, &NightSeen> =
        seen.iter().map(|night| (night.night, night)).collect();
    let tomorrow = tonight.succ_opt().unwrap_or(tonight);
    experiment
        .planned(tomorrow)
        .into_iter()
        .map(|planned| {
            let passed = planned.night < tonight;
            let record = passed
                .then(|| seen.get(&planned.night).map(|night| **night))
                .flatten();
            let record = record.or(passed.then_some(NightSeen {
                night: planned.night,
                checkin: None,
                rest: false,
                step: StepSeen::NoRun,
            }));
            let deviation = record.and_then(|night| deviation(planned.slot.arm, &night));
            let missing = record.is_some_and(|night| {
                !planned.slot.washout && (night.rest || night.checkin.is_none())
            });
            NightReview {
                planned,
                passed,
                seen: record,
                deviation,
                missing,
            }
        })
        .collect()
}

/// How a night that has passed went against its arm.
fn deviation(arm: Arm, night: &NightSeen) -> Option<Deviation> {
    match (arm, night.step) {
        (Arm::With, StepSeen::Done) => None,
        (Arm::With, StepSeen::Skipped) => Some(Deviation::Skipped),
        (Arm::With, StepSeen::CutShort) => Some(Deviation::CutShort),
        (Arm::With, StepSeen::NotDone) => Some(Deviation::NotDone),
        // A rest night is no deviation: the night is missing from the analysis instead.
        (Arm::With, StepSeen::NoRun) => (!night.rest).then_some(Deviation::NoRun),
        (Arm::Without, StepSeen::Done) => Some(Deviation::DoneAnyway),
        (Arm::Without, StepSeen::CutShort) => Some(Deviation::BegunAnyway),
        (Arm::Without, StepSeen::Skipped | StepSeen::NotDone | StepSeen::NoRun) => None,
    }
}

/// How well the schedule was kept over the nights that have passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Adherence {
    /// "With" nights that have passed (washout included, rest nights not).
    pub with_nights: u32,
    /// Of those, the nights the step was done.
    pub with_done: u32,
    /// "Without" nights that have passed (washout included, rest nights not).
    pub without_nights: u32,
    /// Of those, the nights the step was left out.
    pub without_left_out: u32,
}

/// An experiment's result, as `experiment result` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExperimentResult {
    /// The step's title.
    pub step_title: String,
    /// What the primary outcome says.
    pub verdict: Verdict,
    /// Cramps per night, with − without (the primary outcome).
    pub cramps: Option<PairedEstimate>,
    /// Worst pain (0–10), with − without, over the nights it was answered.
    pub worst_pain: Option<PairedEstimate>,
    /// Minutes of cramp, with − without, over the nights they were answered.
    pub minutes: Option<PairedEstimate>,
    /// Pairs in the design.
    pub pairs: u32,
    /// Pairs with answered nights in both blocks: the pairs compared.
    pub pairs_used: u32,
    /// Answered "with" nights in the pairs compared.
    pub nights_with: u32,
    /// Answered "without" nights in the pairs compared.
    pub nights_without: u32,
    /// Nights with worst pain answered, in the pairs compared for it.
    pub pain_nights: u32,
    /// Nights with minutes answered, in the pairs compared for them.
    pub minutes_nights: u32,
    /// Nights that count but have no check-in (rest nights among them).
    pub missing_checkins: u32,
    /// Nights that did not go as scheduled.
    pub deviations: u32,
    /// How well the schedule was kept.
    pub adherence: Adherence,
    /// Nights of the schedule that have passed.
    pub nights_passed: u32,
    /// Nights in the schedule.
    pub nights_total: u32,
    /// Calendar nights from the first night to the last one passed (pauses included).
    pub span_nights: u32,
    /// Read before the schedule ended or was stopped.
    pub early: bool,
    /// The experiment was stopped before its schedule ended.
    pub stopped: bool,
}

/// The result over the `reviews` of `experiment`'s nights; `early` when read before
/// it was over.
pub fn result(experiment: &Experiment, reviews: &[NightReview], early: bool) -> ExperimentResult {
    let passed: Vec<&NightReview> = reviews.iter().filter(|night| night.passed).collect();
    let cramps = compare(&passed, |checkin| Some(f64::from(checkin.cramps)));
    let pain = compare(&passed, |checkin| checkin.severity.map(f64::from));
    let minutes = compare(&passed, |checkin| checkin.minutes.map(f64::from));
    let mut adherence = Adherence::default();
    for night in &passed {
        let Some(seen) = night.seen.filter(|seen| !seen.rest) else {
            continue;
        };
        match night.planned.slot.arm {
            Arm::With => {
                adherence.with_nights += 1;
                adherence.with_done += u32::from(seen.step == StepSeen::Done);
            }
            Arm::Without => {
                adherence.without_nights += 1;
                adherence.without_left_out += u32::from(matches!(
                    seen.step,
                    StepSeen::Skipped | StepSeen::NotDone | StepSeen::NoRun
                ));
            }
        }
    }
    let span_nights = passed.last().map_or(0, |last| {
        let days = (last.planned.night - experiment.start).num_days() + 1;
        u32::try_from(days).unwrap_or(0)
    });
    ExperimentResult {
        step_title: experiment.step_title.clone(),
        verdict: verdict(cramps.estimate.as_ref()),
        cramps: cramps.estimate,
        worst_pain: pain.estimate,
        minutes: minutes.estimate,
        pairs: experiment.design.pairs,
        pairs_used: cramps.pairs_used,
        nights_with: cramps.nights_with,
        nights_without: cramps.nights_without,
        pain_nights: pain.nights_with + pain.nights_without,
        minutes_nights: minutes.nights_with + minutes.nights_without,
        missing_checkins: count(passed.iter().filter(|night| night.missing)),
        deviations: count(passed.iter().filter(|night| night.deviation.is_some())),
        adherence,
        nights_passed: count(passed.iter()),
        nights_total: experiment.design.nights(),
        span_nights,
        early,
        stopped: experiment.stop.is_some(),
    }
}

/// One outcome compared over the pairs that have it answered in both blocks.
struct Comparison {
    estimate: Option<PairedEstimate>,
    pairs_used: u32,
    nights_with: u32,
    nights_without: u32,
}

/// Per pair, the mean of `value` over answered "with" nights minus the mean over
/// answered "without" nights; pairs short of either side are left out.
fn compare(
    passed: &[&NightReview],
    value: impl Fn(&crate::model::CrampsSeen) -> Option<f64>,
) -> Comparison {
    let mut pairs: BTreeMap<u32, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for night in passed {
        let Some(answer) = night.counted().and_then(|checkin| value(&checkin)) else {
            continue;
        };
        let sides = pairs.entry(night.planned.slot.pair).or_default();
        match night.planned.slot.arm {
            Arm::With => sides.0.push(answer),
            Arm::Without => sides.1.push(answer),
        }
    }
    let mean = |values: &[f64]| values.iter().sum::<f64>() / values.len() as f64;
    let mut differences = Vec::new();
    let (mut nights_with, mut nights_without) = (0, 0);
    for (with, without) in pairs.values() {
        if with.is_empty() || without.is_empty() {
            continue;
        }
        differences.push(mean(with) - mean(without));
        nights_with += count(with.iter());
        nights_without += count(without.iter());
    }
    Comparison {
        estimate: paired(&differences),
        pairs_used: count(differences.iter()),
        nights_with,
        nights_without,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
