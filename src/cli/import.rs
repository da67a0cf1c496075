//! `winddown import FILE`: a JSON export merged back into the history.
//!
//! The whole file is read and checked before anything is written; the merge
//! is one transaction (see the store's natural keys). Importing the same file
//! twice changes nothing, and every local row the import replaced or kept is
//! named.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use super::export::{Export, ExportCheckIn, ExportRun, ExportSos, FORMAT_VERSION};
use crate::model::{
    CheckIn, CheckinSkip, History, Leg, Merged, NewRun, RecordedCheckIn, RestNight, RunOutcome,
    RunRecord, SosEpisode, StepRecord,
};
use crate::session::{Outcome, StepResult};
use crate::store::Store;

/// Only the version, read first: a newer document may have any other shape.
#[derive(Deserialize)]
struct Version {
    format_version: u32,
}

/// Reads the export in `file` into a history, refusing a newer format and naming any bad row.
pub fn read(file: &Path) -> Result<History> {
    let shown = file.display();
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {shown}"))?;
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
    history(&export).with_context(|| format!("{shown}: nothing was imported"))
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

/// The export's rows as model rows; an error names the first bad one.
fn history(export: &Export) -> Result<History> {
    let runs = numbered(&export.runs, "runs", run_record)?;
    let rest_nights = numbered(&export.rest_nights, "rest_nights", |rest| {
        Ok(RestNight {
            night: night(&rest.night)?,
            reason: rest.reason.clone(),
            created_at: instant(&rest.created_at, "created_at")?.to_utc(),
        })
    })?;
    let checkins = numbered(&export.checkins, "checkins", |checkin| {
        recorded_checkin(checkin, export.format_version)
    })?;
    let sos_episodes = numbered(&export.sos_episodes, "sos_episodes", sos_episode)?;
    let checkin_skips = numbered(&export.checkin_skips, "checkin_skips", |skip| {
        Ok(CheckinSkip {
            night: night(&skip.night)?,
            at: instant(&skip.at, "at")?.to_utc(),
        })
    })?;
    Ok(History {
        runs,
        rest_nights,
        checkins,
        checkin_skips,
        sos_episodes,
    })
}

/// Converts each row, naming a bad one as `list[index]`.
fn numbered<T, U>(rows: &[T], list: &str, convert: impl Fn(&T) -> Result<U>) -> Result<Vec<U>> {
    rows.iter()
        .enumerate()
        .map(|(index, row)| convert(row).with_context(|| format!("{list}[{index}]")))
        .collect()
}

fn run_record(run: &ExportRun) -> Result<RunRecord> {
    let outcome = RunOutcome::parse(&run.outcome)
        .ok_or_else(|| anyhow!("outcome: unknown outcome {:?}", run.outcome))?;
    let steps = numbered(&run.steps, "steps", |step| {
        if step.index >= run.step_count {
            bail!(
                "index {} is past the run's {} steps",
                step.index,
                run.step_count
            );
        }
        let outcome = match step.outcome.as_str() {
            "done" => Outcome::Done,
            "skipped" => Outcome::Skipped,
            other => bail!("outcome: unknown step outcome {other:?}"),
        };
        if !(step.active_seconds.is_finite() && step.active_seconds >= 0.0) {
            bail!(
                "active_seconds: {} is not a length of time",
                step.active_seconds
            );
        }
        let active = Duration::from_millis((step.active_seconds * 1000.0).round() as u64);
        Ok((
            step.index,
            StepRecord {
                step_id: step.step_id.clone(),
                title: step.title.clone(),
                result: StepResult { outcome, active },
                at: instant(&step.at, "at")?.to_utc(),
            },
        ))
    })?;
    Ok(RunRecord {
        run: NewRun {
            routine_id: run.routine_id.clone(),
            routine_name: run.routine_name.clone(),
            routine_hash: run.routine_hash.clone(),
            night: night(&run.night)?,
            started_at: instant(&run.started_at, "started_at")?,
            step_count: run.step_count,
        },
        outcome,
        ended_at: run
            .ended_at
            .as_deref()
            .map(|at| instant(at, "ended_at").map(|at| at.to_utc()))
            .transpose()?,
        steps,
    })
}

/// The export format from which a check-in's severity 0 is surely an answer: older
/// winddowns saved 0 from the form also when the pain was left unanswered.
const SURE_SEVERITY_FROM: u32 = 4;

fn recorded_checkin(checkin: &ExportCheckIn, format_version: u32) -> Result<RecordedCheckIn> {
    let older_zero =
        format_version < SURE_SEVERITY_FROM && checkin.cramps > 0 && checkin.severity == Some(0);
    let recorded = RecordedCheckIn {
        checkin: CheckIn {
            night: night(&checkin.night)?,
            cramps: checkin.cramps,
            severity: checkin.severity,
            severity_unsure: checkin.severity_unsure || older_zero,
            leg: leg(checkin.leg.as_deref())?,
            minutes: checkin.minutes,
            note: checkin.note.clone(),
        },
        recorded_at: instant(&checkin.recorded_at, "recorded_at")?.to_utc(),
    };
    crate::store::check_checkin(&recorded.checkin).map_err(|err| anyhow!("{err}"))?;
    Ok(recorded)
}

fn sos_episode(episode: &ExportSos) -> Result<SosEpisode> {
    Ok(SosEpisode {
        started_at: instant(&episode.started_at, "started_at")?,
        night: night(&episode.night)?,
        seconds: episode.seconds,
        leg: leg(episode.leg.as_deref())?,
    })
}

fn night(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| anyhow!("night: {text:?} is not a date like 2024-06-01"))
}

fn instant(text: &str, field: &str) -> Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text)
        .map_err(|_| anyhow!("{field}: {text:?} is not an RFC 3339 time"))
}

fn leg(text: Option<&str>) -> Result<Option<Leg>> {
    text.map(|text| {
        Leg::parse(text).ok_or_else(|| anyhow!("leg: {text:?} is not left, right or both"))
    })
    .transpose()
}
