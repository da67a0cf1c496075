//! What `experiment plan`, `status` and `result` print, as lines or as JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;
use serde_json::json;

use crate::experiment::{
    self, Deviation, ExperimentResult, NightReview, PairedEstimate, Reading, WHY_WAIT,
};
use crate::model::{Arm, Standing, StepSeen};
use crate::{plural, printable};

/// One night in `experiment plan --json`.
#[derive(Serialize)]
struct PlanNight {
    /// The evening the night belongs to, YYYY-MM-DD.
    night: String,
    /// Its number in the schedule, from 1.
    number: u32,
    pair: u32,
    block: u32,
    /// "with" or "without".
    arm: &'static str,
    washout: bool,
    /// Before tonight.
    passed: bool,
    tonight: bool,
    /// The check-in's answers, if there is one.
    checkin: Option<serde_json::Value>,
    /// A rest night was declared.
    rest: bool,
    /// How the step went: done, skipped, not_done, no_run; null for nights to come.
    step: Option<&'static str>,
    /// How the night went against its arm, if not as scheduled.
    deviation: Option<&'static str>,
    /// A night that counts with no check-in to count.
    missing: bool,
}

/// `experiment plan --json`: every night of the schedule as it stands.
pub(super) fn plan_json(reading: &Reading, out: &mut impl Write) -> Result<ExitCode> {
    serde_json::to_writer_pretty(&mut *out, &plan_value(reading))?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

/// Every night of the schedule as `plan --json` and the export give it.
pub(crate) fn plan_value(reading: &Reading) -> serde_json::Value {
    let nights: Vec<PlanNight> = reading
        .nights
        .iter()
        .map(|night| {
            let slot = night.planned.slot;
            PlanNight {
                night: night.planned.night.format("%Y-%m-%d").to_string(),
                number: slot.number,
                pair: slot.pair,
                block: slot.block,
                arm: slot.arm.as_str(),
                washout: slot.washout,
                passed: night.passed,
                tonight: night.planned.night == reading.tonight,
                checkin: night.seen.and_then(|seen| seen.checkin).map(|checkin| {
                    json!({
                        "cramps": checkin.cramps,
                        "severity": checkin.severity,
                        "minutes": checkin.minutes,
                    })
                }),
                rest: night.seen.is_some_and(|seen| seen.rest),
                step: night.seen.map(|seen| step_word(seen.step)),
                deviation: night.deviation.map(Deviation::as_str),
                missing: night.missing,
            }
        })
        .collect();
    serde_json::to_value(nights).unwrap_or_default()
}

fn step_word(step: StepSeen) -> &'static str {
    match step {
        StepSeen::Done => "done",
        StepSeen::CutShort => "cut_short",
        StepSeen::Skipped => "skipped",
        StepSeen::NotDone => "not_done",
        StepSeen::NoRun => "no_run",
    }
}

/// `experiment plan`: a table of every night.
pub(super) fn plan(reading: &Reading, out: &mut impl Write) -> Result<ExitCode> {
    let experiment = &reading.experiment;
    writeln!(
        out,
        "{}, in {}: {}.",
        printable::line(&experiment.step_title),
        printable::line(&experiment.routine_id),
        experiment::design_words(experiment.design)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Night  Date            Pair  Block  Arm       Check-in    The step"
    )?;
    for night in &reading.nights {
        let slot = night.planned.slot;
        let arm = format!(
            "{}{}",
            slot.arm.as_str(),
            if slot.washout { "*" } else { "" }
        );
        let row = format!(
            "{:>5}  {}  {:>4}  {:>5}  {arm:<8}  {:<10}  {}",
            slot.number,
            night.planned.night.format("%a %Y-%m-%d"),
            slot.pair,
            slot.block,
            checkin_word(night, reading),
            step_words(night),
        );
        writeln!(out, "{}", row.trim_end())?;
    }
    writeln!(out)?;
    if experiment.design.washout_nights > 0 {
        writeln!(out, "* a washout night: run as scheduled, not counted.")?;
    }
    for pause in &experiment.pauses {
        match pause.until {
            Some(until) => writeln!(
                out,
                "Paused from {} to {} ({}): the step was not in the routine; the nights \
                 after moved on.",
                experiment::long_date(pause.from),
                experiment::long_date(until.pred_opt().unwrap_or(until)),
                plural::count((until - pause.from).num_days(), "night")
            )?,
            None => writeln!(
                out,
                "Paused since {}: the step is not in the routine. The nights after are \
                 shown as if it comes back tomorrow.",
                experiment::long_date(pause.from)
            )?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// "2 cramps", "missing", "rest night", "tonight", or blank for nights to come.
fn checkin_word(night: &NightReview, reading: &Reading) -> String {
    if night.planned.night == reading.tonight {
        return "tonight".to_string();
    }
    let Some(seen) = night.seen else {
        return String::new();
    };
    if seen.rest {
        return "rest night".to_string();
    }
    match seen.checkin {
        Some(checkin) if checkin.cramps >= crate::model::MAX_CRAMPS => "3+ cramps".to_string(),
        Some(checkin) => plural::count(checkin.cramps, "cramp"),
        None => "missing".to_string(),
    }
}

/// How the step went, and whether that was a deviation.
fn step_words(night: &NightReview) -> String {
    let Some(seen) = night.seen else {
        return String::new();
    };
    let arm = night.planned.slot.arm;
    let went = match (seen.step, arm) {
        (StepSeen::Done, _) => "done",
        (StepSeen::CutShort, _) => "cut short",
        (StepSeen::Skipped, _) => "skipped",
        (StepSeen::NotDone, Arm::With) => "not reached",
        (StepSeen::NotDone, Arm::Without) => "left out",
        (StepSeen::NoRun, _) if seen.rest => "",
        (StepSeen::NoRun, _) => "no run",
    };
    match night.deviation {
        Some(_) => format!("{went} (deviation)"),
        None => went.to_string(),
    }
}

/// `experiment status`: where it stands and what is missing so far.
pub(super) fn status(reading: &Reading, out: &mut impl Write) -> Result<ExitCode> {
    let experiment = &reading.experiment;
    let title = printable::line(&experiment.step_title);
    let routine = printable::line(&experiment.routine_id);
    let total = experiment.design.nights();
    let passed = reading.nights.iter().filter(|night| night.passed).count();
    let last = experiment.last_night(reading.tonight);
    match reading.standing() {
        Standing::Tonight(night) => writeln!(
            out,
            "Experiment on {title} ({routine}): tonight is night {} of {total}, {} the step{}.",
            night.slot.number,
            night.slot.arm.as_str(),
            if night.slot.washout {
                " (a washout night: run as scheduled, not counted)"
            } else {
                ""
            }
        )?,
        Standing::NotStarted => writeln!(
            out,
            "Experiment on {title} ({routine}): its first night is {}.",
            experiment::long_date(experiment.start)
        )?,
        Standing::Paused => writeln!(
            out,
            "Experiment on {title} is paused: the step is not in {routine} now. Put it back \
             and it goes on where it stopped; its last night moves later by the nights paused."
        )?,
        Standing::Ended => writeln!(
            out,
            "Experiment on {title} ({routine}) is over: `winddown experiment result` shows \
             what it found."
        )?,
        Standing::Stopped => writeln!(
            out,
            "Experiment on {title} ({routine}) was stopped after {} of {total}: \
             `winddown experiment result` shows what those nights say.",
            plural::count(passed, "night")
        )?,
    }
    writeln!(
        out,
        "{}; from {} to {}.",
        experiment::design_words(experiment.design),
        experiment::long_date(experiment.start),
        last.map_or_else(|| "—".to_string(), experiment::long_date)
    )?;
    writeln!(
        out,
        "So far: {} passed, {}, {} (`winddown experiment plan` lists every night).",
        plural::count(passed, "night"),
        plural::count(reading.missing_checkins(), "missing check-in"),
        plural::count(reading.deviations(), "deviation")
    )?;
    if !reading.over() {
        writeln!(out, "The result comes after the last night. {WHY_WAIT}")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `experiment result`: refused before the end unless `early`, then in words or JSON.
pub(super) fn result(
    reading: &Reading,
    json: bool,
    early: bool,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let experiment = &reading.experiment;
    if !reading.over() && !early {
        let at = match reading.standing() {
            Standing::Tonight(night) => format!(
                "at night {} of {}",
                night.slot.number,
                experiment.design.nights()
            ),
            Standing::Paused => "paused".to_string(),
            _ => "not started yet".to_string(),
        };
        bail!(
            "the experiment on {} is {at}; its result comes after its last night ({}). {WHY_WAIT} \
             `--early` shows it anyway, marked early; `winddown experiment stop` ends it now",
            printable::line(&experiment.step_title),
            experiment
                .last_night(reading.tonight)
                .map_or_else(|| "—".to_string(), experiment::long_date)
        );
    }
    let result = reading.result();
    let words = experiment::describe(&result);
    if json {
        serde_json::to_writer_pretty(&mut *out, &result_json(reading, &result, &words))?;
        writeln!(out)?;
    } else {
        for line in &words {
            writeln!(out, "{line}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The result as it stands (marked early before the end), as `result --json` and the
/// export give it.
pub(crate) fn result_value(reading: &Reading) -> serde_json::Value {
    let result = reading.result();
    let words = experiment::describe(&result);
    result_json(reading, &result, &words)
}

/// The result as scripts read it: the keys README lists, and the words.
fn result_json(
    reading: &Reading,
    result: &ExperimentResult,
    words: &[String],
) -> serde_json::Value {
    let interval = result.cramps.and_then(|estimate| estimate.interval);
    json!({
        "step_id": reading.experiment.step_id,
        "step_title": reading.experiment.step_title,
        "routine_id": reading.experiment.routine_id,
        "effect": result.cramps.map(|estimate| estimate.effect),
        "ci_low": interval.map(|interval| interval.low),
        "ci_high": interval.map(|interval| interval.high),
        "p_value": result.cramps.map(|estimate| estimate.p_value),
        "pairs_used": result.pairs_used,
        "pairs": result.pairs,
        "nights_with": result.nights_with,
        "nights_without": result.nights_without,
        "missing_checkins": result.missing_checkins,
        "deviations": result.deviations,
        "early": result.early,
        "stopped": result.stopped,
        "verdict": result.verdict.as_str(),
        "adherence": result.adherence,
        "worst_pain": secondary(result.worst_pain, result.pain_nights),
        "minutes": secondary(result.minutes, result.minutes_nights),
        "nights_passed": result.nights_passed,
        "nights_total": result.nights_total,
        "words": words,
    })
}

fn secondary(estimate: Option<PairedEstimate>, nights: u32) -> serde_json::Value {
    let interval = estimate.and_then(|estimate| estimate.interval);
    json!({
        "effect": estimate.map(|estimate| estimate.effect),
        "ci_low": interval.map(|interval| interval.low),
        "ci_high": interval.map(|interval| interval.high),
        "p_value": estimate.map(|estimate| estimate.p_value),
        "pairs_used": estimate.map(|estimate| estimate.pairs_used),
        "nights": nights,
    })
}
