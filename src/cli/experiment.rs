//! `winddown experiment`: start an N-of-1 experiment on a step of a routine, follow
//! it night by night, stop it, and read its result once it is over.

pub(crate) mod show;

use std::io::{BufRead, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::setup::Setup;
use crate::experiment::{self, DEFAULT_DESIGN, Reading};
use crate::model::{Design, Experiment, SeedSource, Stop};
use crate::routine::{Routine, Step};
use crate::store::Store;
use crate::{plural, printable, routines};

/// `winddown experiment …`.
#[derive(Debug, Clone, Args)]
pub struct ExperimentArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// The `experiment` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Action {
    /// Start an experiment on STEP (a step id): its schedule is drawn and shown first.
    Start(StartArgs),
    /// Every night of the experiment: date, pair, block, with or without, and what was seen.
    Plan {
        /// A JSON array, one object a night.
        #[arg(long)]
        json: bool,
    },
    /// How far it has got, check-ins missing and nights that went otherwise.
    Status,
    /// End the experiment now; everything recorded is kept.
    Stop,
    /// What the experiment found, once its schedule has ended or after `stop`.
    Result {
        /// A JSON object with the effect, its interval, p and the verdict.
        #[arg(long)]
        json: bool,
        /// Show it before the schedule ends, marked early.
        #[arg(long)]
        early: bool,
    },
}

/// `experiment start`'s options.
#[derive(Debug, Clone, Args)]
pub struct StartArgs {
    /// The step's id, as in the routine file (`winddown list` shows the routines).
    pub step: String,
    /// The routine the step is in (default: the default routine).
    #[arg(long, value_name = "NAME")]
    pub routine: Option<String>,
    /// Pairs of blocks: each pair has one block with the step and one without.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_DESIGN.pairs)]
    pub pairs: u32,
    /// Nights in one block.
    #[arg(long = "block", value_name = "NIGHTS", default_value_t = DEFAULT_DESIGN.block_nights)]
    pub block_nights: u32,
    /// Nights at the start of each block run as scheduled but left out of the analysis.
    #[arg(long = "washout", value_name = "NIGHTS", default_value_t = DEFAULT_DESIGN.washout_nights)]
    pub washout_nights: u32,
    /// Draw the schedule from this seed (the same seed draws the same schedule).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Start without asking (for scripts).
    #[arg(long)]
    pub yes: bool,
}

/// Runs `winddown experiment …`; `answers` is where the start's question is answered.
pub fn experiment(
    args: &ExperimentArgs,
    setup: &Setup,
    answers: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let mut store = Store::open(&setup.database)?;
    match &args.action {
        Action::Start(start) => self::start(start, setup, &mut store, answers, out),
        Action::Plan { json } => with_latest(setup, &mut store, out, |_, reading, out| {
            if *json {
                show::plan_json(reading, out)
            } else {
                show::plan(reading, out)
            }
        }),
        Action::Status => with_latest(setup, &mut store, out, |_, reading, out| {
            show::status(reading, out)
        }),
        Action::Stop => with_latest(setup, &mut store, out, stop),
        Action::Result { json, early } => with_latest(setup, &mut store, out, |_, reading, out| {
            show::result(reading, *json, *early, out)
        }),
    }
}

/// Runs `then` on the latest experiment, read after it has followed its routine; says
/// so when there is none.
fn with_latest<W: Write>(
    setup: &Setup,
    store: &mut Store,
    out: &mut W,
    then: impl FnOnce(&mut Store, &Reading, &mut W) -> Result<ExitCode>,
) -> Result<ExitCode> {
    let Some(mut reading) = Reading::latest(store, setup.night)? else {
        writeln!(
            out,
            "No experiment yet. `winddown experiment start STEP` starts one \
             (`winddown experiment start --help` says how)."
        )?;
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(note) = follow_routine(setup, store, &mut reading)? {
        writeln!(out, "{note}")?;
    }
    then(store, &reading, out)
}

/// The experiment follows its routine: a step gone from it pauses the experiment, and
/// its return resumes it. Returns a line to say when the routine cannot be read.
fn follow_routine(
    setup: &Setup,
    store: &mut Store,
    reading: &mut Reading,
) -> Result<Option<String>> {
    let experiment = &reading.experiment;
    let routine = routines::find(&experiment.routine_id, &setup.paths)
        .and_then(|source| routines::load(&source));
    let routine = match routine {
        Ok(routine) => routine,
        Err(err) => {
            return Ok(Some(format!(
                "(cannot read the routine {} to see whether its step is still in it: {})",
                printable::line(&experiment.routine_id),
                printable::line(&format!("{err:#}"))
            )));
        }
    };
    let present = routine
        .steps
        .iter()
        .any(|step| step.id == experiment.step_id);
    let changed = experiment::settle(
        store,
        reading.id,
        &mut reading.experiment,
        present,
        reading.tonight,
    )?;
    if changed.is_some() {
        *reading = Reading::of(
            store,
            reading.id,
            reading.experiment.clone(),
            reading.tonight,
        )?;
    }
    Ok(None)
}

/// `experiment start`: find the step, draw the schedule, show it, ask, store it.
fn start(
    args: &StartArgs,
    setup: &Setup,
    store: &mut Store,
    answers: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<ExitCode> {
    let design = Design {
        pairs: args.pairs,
        block_nights: args.block_nights,
        washout_nights: args.washout_nights,
    };
    if let Some(problem) = design.problem() {
        bail!("{problem}");
    }
    let asked = args.routine.as_deref().unwrap_or(&setup.default_routine);
    let source = routines::find(asked, &setup.paths)?;
    let routine = routines::load(&source)?;
    let step = find_step(&routine, &args.step)?;
    let tonight = setup.night;
    let started_tonight = store
        .runs(Some(tonight), tonight)?
        .iter()
        .any(|run| run.routine_id == source.id);
    // Tonight's plan is already under way: the first night is tomorrow.
    let first = if started_tonight {
        tonight
            .succ_opt()
            .context("no night after the last the calendar knows")?
    } else {
        tonight
    };
    let seed = match args.seed {
        Some(seed) => (seed, SeedSource::Given),
        None => (experiment::system_seed()?, SeedSource::System),
    };
    let drawn = experiment::draw(&source.id, step, design, seed, first, crate::now::utc());
    for line in experiment::schedule(&drawn, &routine.name, tonight, false) {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for line in before_confirming(&drawn, started_tonight) {
        writeln!(out, "{line}")?;
    }
    if !args.yes && !confirmed(answers, out)? {
        writeln!(out, "Not started; nothing was written.")?;
        return Ok(ExitCode::FAILURE);
    }
    store.start_experiment(&drawn, tonight)?;
    started(&drawn, tonight, out)?;
    Ok(ExitCode::SUCCESS)
}

/// What the user should know before saying yes.
fn before_confirming(experiment: &Experiment, started_tonight: bool) -> Vec<String> {
    let design = experiment.design;
    let mut lines = Vec::new();
    if started_tonight {
        lines.push(
            "Tonight's routine has already begun, so the first night is tomorrow.".to_string(),
        );
    }
    lines.push(
        "On \"without\" nights the step is left out of tonight's plan; nothing else changes."
            .to_string(),
    );
    lines.push(
        "Check in every morning: a night without a check-in is missing, not zero.".to_string(),
    );
    if design.pairs < Design::PAIRS_FOR_A_CLEAR_RESULT {
        let orderings = 1_u32 << design.pairs;
        lines.push(format!(
            "With {} no result can reach p ≤ 0.05 (the smallest p is 2 in {orderings}): \
             it can show a trend, not a clear difference. {} pairs or more can.",
            plural::count(design.pairs, "pair"),
            Design::PAIRS_FOR_A_CLEAR_RESULT
        ));
    }
    let source = match experiment.seed_source {
        SeedSource::Given => "given",
        SeedSource::System => "drawn by the system",
    };
    lines.push(format!(
        "Seed {} ({source}; kept with the schedule).",
        experiment.seed
    ));
    lines
}

/// Asks "Start this experiment?"; yes only for y or yes.
fn confirmed(answers: &mut impl BufRead, out: &mut impl Write) -> Result<bool> {
    write!(out, "Start this experiment? [y/N] ")?;
    out.flush()?;
    let mut answer = String::new();
    answers.read_line(&mut answer)?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(answer == "y" || answer == "yes")
}

/// Says what starting did.
fn started(experiment: &Experiment, tonight: NaiveDate, out: &mut impl Write) -> Result<()> {
    let step = experiment::the_step(&experiment.step_title);
    match experiment::tonight_arm(experiment, tonight) {
        Some((number, arm)) => writeln!(
            out,
            "Started. Tonight is night {number} of {}: {} {step}.",
            experiment.design.nights(),
            arm.as_str()
        )?,
        None => writeln!(
            out,
            "Started. Its first night is tomorrow, {}.",
            experiment::long_date(experiment.start)
        )?,
    }
    Ok(())
}

/// The step with id `wanted` in `routine`, or an error that suggests the closest id.
fn find_step<'r>(routine: &'r Routine, wanted: &str) -> Result<&'r Step> {
    let name = printable::line(&routine.name);
    let Some(step) = routine.steps.iter().find(|step| step.id == wanted) else {
        let closest = routine
            .steps
            .iter()
            .map(|step| (strsim::levenshtein(wanted, &step.id), step))
            .min_by_key(|(distance, _)| *distance);
        let wanted = printable::line(wanted);
        match closest {
            Some((distance, step))
                if distance <= 2.max(wanted.chars().count() / 3)
                    && distance < wanted.chars().count() =>
            {
                bail!(
                    "no step \"{wanted}\" in {name}: did you mean \"{}\" ({})?",
                    step.id,
                    printable::line(&step.title)
                )
            }
            _ => {
                let ids: Vec<String> = routine
                    .steps
                    .iter()
                    .map(|step| format!("{} ({})", step.id, printable::line(&step.title)))
                    .collect();
                bail!(
                    "no step \"{wanted}\" in {name}; its steps are: {}",
                    ids.join(", ")
                )
            }
        }
    };
    if let Some(days) = &step.days {
        let days: Vec<String> = days.iter().map(ToString::to_string).collect();
        bail!(
            "\"{}\" runs only on {}: an experiment needs a step that runs every night \
             (take `days` out of it to try one)",
            step.id,
            days.join(", ")
        );
    }
    Ok(step)
}

/// `experiment stop`: the experiment ends with the last night that was lived under it.
fn stop(store: &mut Store, reading: &Reading, out: &mut impl Write) -> Result<ExitCode> {
    let experiment = &reading.experiment;
    let title = printable::line(&experiment.step_title);
    if reading.over() {
        writeln!(
            out,
            "The experiment on {title} is already over; `winddown experiment result` \
             shows what it found."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let tonight = reading.tonight;
    // Tonight belongs to it when tonight's routine has begun under its schedule.
    let begun = store
        .runs(Some(tonight), tonight)?
        .iter()
        .any(|run| run.routine_id == experiment.routine_id);
    let last_night = if begun {
        tonight
    } else {
        tonight.pred_opt().unwrap_or(tonight)
    };
    store.stop_experiment(
        reading.id,
        Stop {
            at: crate::now::utc(),
            last_night,
        },
    )?;
    let nights = reading
        .nights
        .iter()
        .filter(|night| night.planned.night <= last_night)
        .count();
    writeln!(
        out,
        "Stopped the experiment on {title} after {} of {}. Everything recorded is kept; \
         `winddown experiment result` shows what those nights say. Tonight's plan is the \
         routine as it is.",
        plural::count(nights, "night"),
        experiment.design.nights()
    )?;
    Ok(ExitCode::SUCCESS)
}
