//! `winddown import FILE`: a JSON export merged back into the history.
//!
//! The whole file is read and checked before anything is written; the merge
//! is one transaction (see the store's natural keys). Importing the same file
//! twice changes nothing, and every local row the import replaced or kept is
//! named.
//!
//! An import holds only what winddown could have written: a regular file of at
//! most [`MAX_BYTES`]; nights and moments from [`EARLIEST_NIGHT`] to
//! [`DAYS_AHEAD`] days past today; at most [`MAX_RUN_STEPS`] steps a run, each
//! index within its run; a step's active time and an SOS episode within
//! [`NIGHT_LENGTH`]. Anything else is refused with its row named.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use super::export::{
    Export, ExportCheckIn, ExportExperiment, ExportRun, ExportSos, FORMAT_VERSION,
};
use crate::model::{
    Arm, CheckIn, CheckinSkip, DAYS_AHEAD, Design, EARLIEST_NIGHT, Experiment, History, Leg,
    MAX_RUN_STEPS, Merged, NIGHT_LENGTH, NewRun, Pause, RecordedCheckIn, RestNight, RunOutcome,
    RunRecord, SeedSource, SosEpisode, StepRecord, Stop, latest_night,
};
use crate::textfile;

/// The largest export `import` reads: ten years of a long routine every night
/// (about 8 MB for nine steps a night: BENCHMARKS.md) several times over.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
use crate::session::{Holds, Outcome, StepResult};
use crate::store::Store;

/// Only the version, read first: a newer document may have any other shape.
#[derive(Deserialize)]
struct Version {
    format_version: u32,
}

/// Reads the export in `file` into a history, refusing a newer format and naming any
/// bad row; `today` (the importing machine's night) bounds the dates it accepts.
pub fn read(file: &Path, today: NaiveDate) -> Result<History> {
    let shown = file.display();
    let text = textfile::read_up_to(file, "winddown export", MAX_BYTES)?;
    let Version { format_version } = serde_json::from_str(&text)
        .with_context(|| format!("{shown} is not a winddown JSON export"))?;
    if format_version > FORMAT_VERSION {
        bail!(
            "{shown} is format version {format_version}, written by a newer winddown; \
             this one reads versions 1 to {FORMAT_VERSION}. Update winddown to import it"
        );
    }
    let export: Export = serde_json::from_str(&text)
        .with_context(|| format!("{shown} is not a winddown JSON export"))?;
    let span = Span {
        latest: latest_night(today),
    };
    history(&export, &span).with_context(|| format!("{shown}: nothing was imported"))
}

/// Merges `history`, read from `file`, into `store` and tells the user what changed.
pub fn import(
    store: &mut Store,
    history: &History,
    file: &Path,
    out: &mut impl Write,
) -> Result<()> {
    let merged = store
        .merge(history)
        .with_context(|| format!("cannot import {}: nothing was imported", file.display()))?;
    report(&merged, file, out)
}

fn report(merged: &Merged, file: &Path, out: &mut impl Write) -> Result<()> {
    let shown = file.display();
    if merged.added == 0 && merged.replaced.is_empty() && merged.kept.is_empty() {
        writeln!(
            out,
            "Imported {shown}: nothing new ({} already here).",
            rows(merged.unchanged)
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Imported {shown}: {} added, {} already here, {} replaced, {} kept.",
        rows(merged.added),
        merged.unchanged,
        merged.replaced.len(),
        merged.kept.len()
    )?;
    for line in &merged.replaced {
        writeln!(out, "  replaced {line}")?;
    }
    for line in &merged.kept {
        writeln!(out, "  kept {line}")?;
    }
    Ok(())
}

/// "1 row", "3 rows".
fn rows(count: usize) -> String {
    crate::plural::count(count, "row")
}

/// The nights (and moments) an import accepts: from [`EARLIEST_NIGHT`] to `latest`.
struct Span {
    latest: NaiveDate,
}

impl Span {
    fn night(&self, text: &str) -> Result<NaiveDate> {
        let night = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| anyhow!("night: {text:?} is not a date like 2024-06-01"))?;
        self.within(night)
            .map_err(|outside| anyhow!("night {text} is outside {outside}"))?;
        Ok(night)
    }

    fn instant(&self, text: &str, field: &str) -> Result<DateTime<FixedOffset>> {
        let at = DateTime::parse_from_rfc3339(text)
            .map_err(|_| anyhow!("{field}: {text:?} is not an RFC 3339 time"))?;
        self.within(at.date_naive())
            .map_err(|outside| anyhow!("{field}: {text} is outside {outside}"))?;
        Ok(at)
    }

    /// `Err` with the span in words when `date` is outside it.
    fn within(&self, date: NaiveDate) -> Result<(), String> {
        if (EARLIEST_NIGHT..=self.latest).contains(&date) {
            Ok(())
        } else {
            Err(format!(
                "the dates winddown can have recorded ({} to {}, {DAYS_AHEAD} days after today)",
                EARLIEST_NIGHT.format("%Y-%m-%d"),
                self.latest.format("%Y-%m-%d")
            ))
        }
    }
}

/// The export's rows as model rows; an error names the first bad one.
fn history(export: &Export, span: &Span) -> Result<History> {
    let runs = numbered(&export.runs, "runs", |run| run_record(run, span))?;
    let rest_nights = numbered(&export.rest_nights, "rest_nights", |rest| {
        Ok(RestNight {
            night: span.night(&rest.night)?,
            reason: rest.reason.clone(),
            created_at: span.instant(&rest.created_at, "created_at")?.to_utc(),
        })
    })?;
    let checkins = numbered(&export.checkins, "checkins", |checkin| {
        recorded_checkin(checkin, export.format_version, span)
    })?;
    let sos_episodes = numbered(&export.sos_episodes, "sos_episodes", |episode| {
        sos_episode(episode, span)
    })?;
    let checkin_skips = numbered(&export.checkin_skips, "checkin_skips", |skip| {
        Ok(CheckinSkip {
            night: span.night(&skip.night)?,
            at: span.instant(&skip.at, "at")?.to_utc(),
        })
    })?;
    let experiments = numbered(&export.experiments, "experiments", |exported| {
        experiment(exported, span)
    })?;
    Ok(History {
        runs,
        rest_nights,
        checkins,
        checkin_skips,
        sos_episodes,
        experiments,
    })
}

/// An exported experiment's schedule, seed, pauses and stop; refused when it is not one
/// winddown draws. Its nights and result are not read: they follow from the runs and
/// check-ins.
fn experiment(exported: &ExportExperiment, span: &Span) -> Result<Experiment> {
    let design = Design {
        pairs: exported.pairs,
        block_nights: exported.block_nights,
        washout_nights: exported.washout_nights,
    };
    if let Some(problem) = design.problem() {
        bail!(
            "{}",
            problem.replace("--block", "block_nights").replace("--", "")
        );
    }
    let blocks = exported
        .blocks
        .iter()
        .map(|arm| Arm::parse(arm).ok_or_else(|| anyhow!("blocks: {arm:?} is not with or without")))
        .collect::<Result<Vec<Arm>>>()?;
    let paired = blocks.len() == 2 * design.pairs as usize
        && blocks.chunks(2).all(|pair| pair[0] == pair[1].other());
    if !paired {
        bail!(
            "blocks: {} pairs need {} blocks, one with and one without in each pair",
            design.pairs,
            2 * design.pairs
        );
    }
    let seed = exported
        .seed
        .parse::<u64>()
        .map_err(|_| anyhow!("seed: {:?} is not a whole number", exported.seed))?;
    let seed_source = SeedSource::parse(&exported.seed_source).ok_or_else(|| {
        anyhow!(
            "seed_source: {:?} is not given or system",
            exported.seed_source
        )
    })?;
    let pauses = numbered(&exported.pauses, "pauses", |pause| {
        let (from, until) = (
            span.night(&pause.from)?,
            pause
                .until
                .as_deref()
                .map(|until| span.night(until))
                .transpose()?,
        );
        if until.is_some_and(|until| until <= from) {
            bail!("until: the pause ends before it begins");
        }
        Ok(Pause { from, until })
    })?;
    if pauses
        .iter()
        .rev()
        .skip(1)
        .any(|pause| pause.until.is_none())
    {
        bail!("pauses: only the last pause may still stand");
    }
    let stop = match (&exported.stopped_at, &exported.last_night) {
        (Some(at), Some(last)) => Some(Stop {
            at: span.instant(at, "stopped_at")?.to_utc(),
            last_night: span.night(last)?,
        }),
        (None, None) => None,
        _ => bail!("stopped_at and last_night: a stop has both or neither"),
    };
    Ok(Experiment {
        routine_id: exported.routine_id.clone(),
        step_id: exported.step_id.clone(),
        step_title: exported.step_title.clone(),
        design,
        blocks,
        seed,
        seed_source,
        start: span.night(&exported.start)?,
        created_at: span.instant(&exported.created_at, "created_at")?.to_utc(),
        pauses,
        stop,
    })
}

/// Converts each row, naming a bad one as `list[index]`.
fn numbered<T, U>(rows: &[T], list: &str, convert: impl Fn(&T) -> Result<U>) -> Result<Vec<U>> {
    rows.iter()
        .enumerate()
        .map(|(index, row)| convert(row).with_context(|| format!("{list}[{index}]")))
        .collect()
}

fn run_record(run: &ExportRun, span: &Span) -> Result<RunRecord> {
    let outcome = RunOutcome::parse(&run.outcome)
        .ok_or_else(|| anyhow!("outcome: unknown outcome {:?}", run.outcome))?;
    if run.step_count > MAX_RUN_STEPS {
        bail!(
            "step_count {} is more than the {MAX_RUN_STEPS} steps a run can hold",
            run.step_count
        );
    }
    let steps = numbered(&run.steps, "steps", |step| {
        if step.index >= run.step_count {
            bail!(
                "index {} is past the run's {} steps",
                step.index,
                run.step_count
            );
        }
        let outcome = Outcome::parse(&step.outcome).ok_or_else(|| {
            anyhow!(
                "outcome: unknown step outcome {:?} (done, cut_short or skipped)",
                step.outcome
            )
        })?;
        let active = length(step.active_seconds, "active_seconds")?;
        let holds = match (step.held_seconds, step.holds, step.holds_full) {
            (None, None, None) => None,
            (Some(held), Some(planned), Some(full)) if full <= planned => Some(Holds {
                held: length(held, "held_seconds")?,
                full,
                planned,
            }),
            (Some(_), Some(planned), Some(full)) => {
                bail!("holds_full: {full} is more than the step's {planned} holds")
            }
            _ => bail!("held_seconds, holds and holds_full: give all three or none"),
        };
        Ok((
            step.index,
            StepRecord {
                step_id: step.step_id.clone(),
                title: step.title.clone(),
                result: StepResult {
                    outcome,
                    active,
                    holds,
                },
                at: span.instant(&step.at, "at")?.to_utc(),
            },
        ))
    })?;
    Ok(RunRecord {
        run: NewRun {
            routine_id: run.routine_id.clone(),
            routine_name: run.routine_name.clone(),
            routine_hash: run.routine_hash.clone(),
            night: span.night(&run.night)?,
            started_at: span.instant(&run.started_at, "started_at")?,
            step_count: run.step_count,
        },
        outcome,
        ended_at: run
            .ended_at
            .as_deref()
            .map(|at| span.instant(at, "ended_at").map(|at| at.to_utc()))
            .transpose()?,
        steps,
    })
}

/// The export format from which a check-in's severity 0 is surely an answer: older
/// winddowns saved 0 from the form also when the pain was left unanswered.
const SURE_SEVERITY_FROM: u32 = 4;

fn recorded_checkin(
    checkin: &ExportCheckIn,
    format_version: u32,
    span: &Span,
) -> Result<RecordedCheckIn> {
    let older_zero =
        format_version < SURE_SEVERITY_FROM && checkin.cramps > 0 && checkin.severity == Some(0);
    let recorded = RecordedCheckIn {
        checkin: CheckIn {
            night: span.night(&checkin.night)?,
            cramps: checkin.cramps,
            severity: checkin.severity,
            severity_unsure: checkin.severity_unsure || older_zero,
            leg: leg(checkin.leg.as_deref())?,
            minutes: checkin.minutes,
            note: checkin.note.clone(),
        },
        recorded_at: span.instant(&checkin.recorded_at, "recorded_at")?.to_utc(),
    };
    crate::store::check_checkin(&recorded.checkin).map_err(|err| anyhow!("{err}"))?;
    Ok(recorded)
}

fn sos_episode(episode: &ExportSos, span: &Span) -> Result<SosEpisode> {
    if u64::from(episode.seconds) > NIGHT_LENGTH.as_secs() {
        bail!(
            "seconds: {} is longer than a night ({} seconds)",
            episode.seconds,
            NIGHT_LENGTH.as_secs()
        );
    }
    Ok(SosEpisode {
        started_at: span.instant(&episode.started_at, "started_at")?,
        night: span.night(&episode.night)?,
        seconds: episode.seconds,
        leg: leg(episode.leg.as_deref())?,
    })
}

/// A length of time given in seconds, to the millisecond: within a night.
fn length(seconds: f64, field: &str) -> Result<Duration> {
    if !(seconds.is_finite() && seconds >= 0.0) {
        bail!("{field}: {seconds} is not a length of time");
    }
    if seconds > NIGHT_LENGTH.as_secs_f64() {
        bail!(
            "{field}: {seconds} is longer than a night ({} seconds)",
            NIGHT_LENGTH.as_secs()
        );
    }
    Ok(Duration::from_millis((seconds * 1000.0).round() as u64))
}

fn leg(text: Option<&str>) -> Result<Option<Leg>> {
    text.map(|text| {
        Leg::parse(text).ok_or_else(|| anyhow!("leg: {text:?} is not left, right or both"))
    })
    .transpose()
}
