//! N-of-1 experiments: whether a step of the user's own routine makes a difference to
//! their cramps, found out by leaving it out and keeping it in randomised blocks.
//!
//! draw.rs draws the schedule from a seed; calendar.rs shows it; result.rs reviews
//! each night against it and compares the pairs by assignment; analysis.rs holds the
//! statistics (effect, t-interval, exact randomisation test, verdict); words.rs says
//! the result. This module ties them to the store: the latest experiment with what
//! its nights hold, where it stands tonight, and tonight's plan with or without it.

mod analysis;
mod calendar;
mod draw;
mod result;
mod words;

#[cfg(test)]
mod simulation;

use chrono::{DateTime, NaiveDate, Utc};

pub use analysis::{ALPHA, Interval, PairedEstimate, Verdict, paired, randomisation_p, verdict};
pub use calendar::{
    WASHOUT_MARK, WITH_MARK, WITHOUT_MARK, calendar, design_words, legend, long_date, schedule,
};
pub use draw::{draw_blocks, system_seed};
pub use result::{Adherence, Deviation, ExperimentResult, NightReview, result, review};
pub use words::{PERSONAL, WHY_WAIT, describe, headline, the_step};

use crate::model::{Arm, Design, Experiment, ExperimentId, PauseChange, SeedSource, Standing};
use crate::routine::Step;
use crate::store::{Store, StoreError};

/// The design used when `experiment start` is given none: 8 pairs of 3-night blocks,
/// no washout (48 nights, just under seven weeks; README says why).
pub const DEFAULT_DESIGN: Design = Design {
    pairs: 8,
    block_nights: 3,
    washout_nights: 0,
};

/// A new experiment on `step` of the routine `routine_id`, its blocks drawn from
/// `seed`, from the night `start` on.
pub fn draw(
    routine_id: &str,
    step: &Step,
    design: Design,
    (seed, seed_source): (u64, SeedSource),
    start: NaiveDate,
    created_at: DateTime<Utc>,
) -> Experiment {
    Experiment {
        routine_id: routine_id.to_string(),
        step_id: step.id.clone(),
        step_title: step.title.clone(),
        design,
        blocks: draw_blocks(design.pairs, seed),
        seed,
        seed_source,
        start,
        created_at,
        pauses: Vec::new(),
        stop: None,
    }
}

/// An experiment with what the records say of its nights, as read on `tonight`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// Its key.
    pub id: ExperimentId,
    /// The experiment.
    pub experiment: Experiment,
    /// Tonight's evening, the reading's point of view.
    pub tonight: NaiveDate,
    /// Each night of the schedule with its records.
    pub nights: Vec<NightReview>,
}

impl Reading {
    /// The latest experiment and its nights, read now; `None` before the first.
    pub fn latest(store: &Store, tonight: NaiveDate) -> Result<Option<Reading>, StoreError> {
        let Some((id, experiment)) = store.latest_experiment()? else {
            return Ok(None);
        };
        Ok(Some(Reading::of(store, id, experiment, tonight)?))
    }

    /// `experiment`'s nights, read now.
    pub fn of(
        store: &Store,
        id: ExperimentId,
        experiment: Experiment,
        tonight: NaiveDate,
    ) -> Result<Reading, StoreError> {
        let last = experiment
            .last_night(tonight)
            .unwrap_or(experiment.start)
            .max(tonight);
        let seen = store.experiment_nights(&experiment.step_id, experiment.start, last)?;
        let nights = review(&experiment, &seen, tonight);
        Ok(Reading {
            id,
            experiment,
            tonight,
            nights,
        })
    }

    /// Where the experiment stands tonight.
    pub fn standing(&self) -> Standing {
        self.experiment.standing(self.tonight)
    }

    /// Whether the result may be read without looking early.
    pub fn over(&self) -> bool {
        self.experiment.over(self.tonight)
    }

    /// The result over the nights passed; marked early unless the experiment is over.
    pub fn result(&self) -> ExperimentResult {
        result(&self.experiment, &self.nights, !self.over())
    }

    /// Nights that count but have no check-in, so far.
    pub fn missing_checkins(&self) -> u32 {
        count(
            self.nights
                .iter()
                .filter(|night| night.passed && night.missing),
        )
    }

    /// Nights that did not go as scheduled, so far.
    pub fn deviations(&self) -> u32 {
        count(
            self.nights
                .iter()
                .filter(|night| night.passed && night.deviation.is_some()),
        )
    }
}

/// The result of the latest experiment, once it can be read without looking early,
/// with its words (the headline first, "This is about you …" last). For the report.
pub fn finished_result(
    store: &Store,
    tonight: NaiveDate,
) -> Result<Option<(ExperimentResult, Vec<String>)>, StoreError> {
    Ok(Reading::latest(store, tonight)?
        .filter(Reading::over)
        .map(|reading| {
            let result = reading.result();
            let words = describe(&result);
            (result, words)
        }))
}

/// Tonight's steps with the experiment applied: `steps` (its routine's steps for
/// tonight) without the experiment's step on one of its "without" nights; unchanged on
/// any other night. The caller checks that the steps are of the experiment's routine.
pub fn tonight_plan(
    steps: Vec<Step>,
    experiment: Option<&Experiment>,
    tonight: NaiveDate,
) -> Vec<Step> {
    match experiment.map(|experiment| (experiment, experiment.standing(tonight))) {
        Some((experiment, Standing::Tonight(planned))) if planned.slot.arm == Arm::Without => steps
            .into_iter()
            .filter(|step| step.id != experiment.step_id)
            .collect(),
        _ => steps,
    }
}

/// The home screen's line about an experiment, while there is something to say:
/// "Experiment: Magnesium-oil rub — tonight without (night 9 of 48) · 2 check-ins missing".
pub fn home_line(reading: &Reading) -> Option<String> {
    home_line_forms(reading).into_iter().next()
}

/// The home screen's line in every form it has, longest first, the shorter ones for a
/// narrow window: "Experiment: without Magnesium-oil rub (night 9 of 48)", "Experiment:
/// without Magnesium-oil rub". Empty when there is nothing to say.
pub fn home_line_forms(reading: &Reading) -> Vec<String> {
    let experiment = &reading.experiment;
    let title = crate::printable::line(&experiment.step_title);
    let total = experiment.design.nights();
    let missing = match reading.missing_checkins() {
        0 => String::new(),
        n => format!(" · {} missing", crate::plural::count(n, "check-in")),
    };
    match reading.standing() {
        Standing::Tonight(planned) => {
            let with = planned.slot.arm.as_str();
            let washout = if planned.slot.washout {
                ", washout"
            } else {
                ""
            };
            let night = format!("(night {} of {total})", planned.slot.number);
            // The shorter forms keep the title after "with" or "without", which alone
            // would not say of what; the shortest is cut to fit, at a word.
            let mut forms = vec![
                format!("Experiment: {title} — tonight {with}{washout} {night}{missing}"),
                format!("Experiment: {title} — tonight {with}{washout} {night}"),
                format!("Experiment: {with} {title}{washout} {night}"),
                format!("Experiment: {with} {title}{washout}"),
                format!("Experiment: {with} {title}"),
            ];
            // Off a washout night, the last two are the same.
            forms.dedup();
            forms
        }
        Standing::NotStarted => {
            let starts = format!("starts {}", experiment.start.format("%a %-d %b"));
            vec![
                format!("Experiment: {title} — {starts} ({total} nights)"),
                format!("Experiment {starts}"),
            ]
        }
        Standing::Paused => vec![
            format!(
                "Experiment paused: {title} is not in the routine; put it back to go on{missing}"
            ),
            format!("Experiment paused: {title} is not in the routine; put it back to go on"),
            "Experiment paused: its step is not in the routine".to_string(),
            "Experiment paused".to_string(),
        ],
        Standing::Ended | Standing::Stopped => {
            let Some(ended) = experiment
                .stop
                .map(|stop| stop.last_night)
                .or_else(|| experiment.last_night(reading.tonight))
            else {
                return Vec::new();
            };
            // Said for a week after the last night, then left to stats and insights.
            if (reading.tonight - ended).num_days() > 7 {
                return Vec::new();
            }
            vec![
                format!("Experiment on {title} over: its result is in stats (t){missing}"),
                format!("Experiment on {title} over: its result is in stats (t)"),
                "Experiment over: its result is in stats (t)".to_string(),
                "Experiment over".to_string(),
            ]
        }
    }
}

/// What stats and insights say of the experiment, above their comparisons of nights:
/// its result with "This is about you …" once it is over, or that it is under way.
pub fn summary_lines(reading: &Reading) -> Vec<String> {
    let title = crate::printable::line(&reading.experiment.step_title);
    if reading.over() {
        return vec![
            format!("Experiment on {title}: {}", headline(&reading.result())),
            PERSONAL.to_string(),
        ];
    }
    let at = match reading.standing() {
        Standing::Tonight(night) => format!(
            "night {} of {}",
            night.slot.number,
            reading.experiment.design.nights()
        ),
        Standing::Paused => "paused".to_string(),
        _ => format!("from {}", long_date(reading.experiment.start)),
    };
    vec![format!(
        "Experiment on {title} under way ({at}): its result comes after the last night."
    )]
}

/// What the comparison of nights for `step_id` says beside the experiment on it:
/// the experiment outranks it once over.
pub fn outranked(reading: &Reading, step_id: &str) -> Option<&'static str> {
    if reading.experiment.step_id != step_id {
        return None;
    }
    Some(if reading.over() {
        "the experiment above outranks this comparison"
    } else {
        "an experiment on it is under way"
    })
}

/// Keeps an experiment's pauses in step with its routine: `present` says whether its
/// step is in the routine now. A change is written, applied to `experiment` and returned.
pub fn settle(
    store: &mut Store,
    id: ExperimentId,
    experiment: &mut Experiment,
    present: bool,
    tonight: NaiveDate,
) -> Result<Option<PauseChange>, StoreError> {
    let Some(change) = experiment.presence_change(present, tonight) else {
        return Ok(None);
    };
    store.change_pause(id, change)?;
    experiment.apply(change);
    Ok(Some(change))
}

/// Tonight's night number and arm, when tonight is a night of the experiment.
pub fn tonight_arm(experiment: &Experiment, tonight: NaiveDate) -> Option<(u32, Arm)> {
    match experiment.standing(tonight) {
        Standing::Tonight(planned) => Some((planned.slot.number, planned.slot.arm)),
        _ => None,
    }
}

fn count<T>(items: impl Iterator<Item = T>) -> u32 {
    u32::try_from(items.count()).unwrap_or(u32::MAX)
}
