//! `winddown export --format csv|json`: everything the history holds.
//!
//! JSON is the complete, versioned document `winddown import` reads back:
//! runs with their step results, rest nights, check-ins, skipped check-ins
//! and SOS episodes,
//! keyed by what they are (night, routine, start, step id), not by row ids.
//! CSV is one flat log for spreadsheets (see [`csv`]). Instants are RFC 3339
//! in the local offset the user lived them in; rest nights, check-ins and
//! skipped check-ins only know UTC.

pub mod csv;

use std::io::Write;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Experiment, History, RecordedCheckIn, RunRecord, SosEpisode};
use crate::printable;
use crate::store::Store;

pub use self::csv::{CSV_HEADER, CsvRow, csv_rows};

/// The version of the JSON document this winddown writes; it reads this one and every older one.
/// 4: a check-in's `severity_unsure`; 5: experiments; 6: a step can be `cut_short`, and each
/// step says what its holds amounted to (`held_seconds`, `holds`, `holds_full`).
pub const FORMAT_VERSION: u32 = 6;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One flat table with a header row.
    Csv,
    /// One JSON document.
    Json,
}

/// The whole history, as the JSON export holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    /// Bumped when the shape of this document changes.
    pub format_version: u32,
    /// Every run, in the order they started, with its step results.
    pub runs: Vec<ExportRun>,
    /// Every rest night, oldest first.
    #[serde(default)]
    pub rest_nights: Vec<ExportRest>,
    /// Every check-in, oldest night first (format 2 on).
    #[serde(default)]
    pub checkins: Vec<ExportCheckIn>,
    /// Every SOS episode, oldest first (format 2 on).
    #[serde(default)]
    pub sos_episodes: Vec<ExportSos>,
    /// Every night whose check-in the user chose to skip, oldest first (format 3 on).
    #[serde(default)]
    pub checkin_skips: Vec<ExportSkip>,
    /// Every N-of-1 experiment, oldest first (format 6 on).
    #[serde(default)]
    pub experiments: Vec<ExportExperiment>,
}

/// One experiment in the export: the schedule as drawn, its seed, pauses and stop (what
/// `import` merges back), with its nights and result as they stood when exported
/// (derived from the runs and check-ins, so `import` works them out again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportExperiment {
    /// The routine's stable id.
    pub routine_id: String,
    /// The step's stable id.
    pub step_id: String,
    /// The step's title when the experiment started.
    pub step_title: String,
    /// The first night, `YYYY-MM-DD`.
    pub start: String,
    /// Pairs of blocks.
    pub pairs: u32,
    /// Nights in a block.
    pub block_nights: u32,
    /// Nights at the start of each block left out of the analysis.
    pub washout_nights: u32,
    /// The seed the blocks were drawn from, in decimal (a string: it may not fit a
    /// double).
    pub seed: String,
    /// `given` or `system`.
    pub seed_source: String,
    /// When it was started.
    pub created_at: String,
    /// Each block's arm in order, `with` or `without`, two per pair.
    pub blocks: Vec<String>,
    /// Nights it stood still.
    pub pauses: Vec<ExportPause>,
    /// When it was stopped, if it was.
    pub stopped_at: Option<String>,
    /// The last night that belongs to it, when stopped, `YYYY-MM-DD`.
    pub last_night: Option<String>,
    /// Every night as `experiment plan --json` gives it (not read back).
    #[serde(default)]
    pub nights: serde_json::Value,
    /// The result as `experiment result --json` gives it, marked early before the end
    /// (not read back).
    #[serde(default)]
    pub result: serde_json::Value,
}

/// Nights an experiment stood still, in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportPause {
    /// The first night paused, `YYYY-MM-DD`.
    pub from: String,
    /// The first night after the pause; absent while it stands.
    pub until: Option<String>,
}

/// One run in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRun {
    /// The evening, `YYYY-MM-DD`.
    pub night: String,
    /// The routine's stable id.
    pub routine_id: String,
    /// The routine's name then.
    pub routine_name: String,
    /// The routine file's hash then.
    pub routine_hash: String,
    /// `running`, `completed`, `partial` or `abandoned`.
    pub outcome: String,
    /// Steps scheduled that night.
    pub step_count: usize,
    /// When it started.
    pub started_at: String,
    /// When it ended; absent while running.
    pub ended_at: Option<String>,
    /// Its step results, by step index.
    pub steps: Vec<ExportStep>,
}

/// One step result in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportStep {
    /// Index into that night's steps.
    pub index: usize,
    /// The step's stable id.
    pub step_id: String,
    /// Its title then.
    pub title: String,
    /// `done`, `cut_short` (left before its holds ran to the end) or `skipped`.
    pub outcome: String,
    /// When it ended.
    pub at: String,
    /// Time it was active, in seconds (millisecond precision).
    pub active_seconds: f64,
    /// Time its holds were held, in seconds (millisecond precision); null when it was
    /// recorded before winddown kept holds (format 6 on).
    #[serde(default)]
    pub held_seconds: Option<f64>,
    /// Holds the step had, sets times sides (0 for an untimed step); null as above.
    #[serde(default)]
    pub holds: Option<u32>,
    /// Holds held to the end, or finished early past 80% of their time; null as above.
    #[serde(default)]
    pub holds_full: Option<u32>,
}

/// One rest night in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRest {
    /// The evening, `YYYY-MM-DD`.
    pub night: String,
    /// Why.
    pub reason: String,
    /// When it was declared (UTC).
    pub created_at: String,
}

/// One morning check-in in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportCheckIn {
    /// The evening the night belongs to, `YYYY-MM-DD`.
    pub night: String,
    /// Cramps that night, 0 to 3 (3 meaning three or more).
    pub cramps: u8,
    /// The worst pain, 0 to 10; absent when not answered.
    pub severity: Option<u8>,
    /// The severity is a 0 saved by a winddown before format 4, whose check-in form
    /// stored 0 also when the pain was not answered: it may mean either (format 4 on;
    /// on import of an older document, a 0 on a night with cramps is taken as such).
    #[serde(default)]
    pub severity_unsure: bool,
    /// `left`, `right` or `both`.
    pub leg: Option<String>,
    /// Roughly how many minutes the cramps lasted.
    pub minutes: Option<u32>,
    /// The user's note.
    pub note: Option<String>,
    /// When it was recorded (UTC); the later of two check-ins for a night wins on import.
    pub recorded_at: String,
}

/// A night whose check-in the user chose to skip, in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSkip {
    /// The evening the night belongs to, `YYYY-MM-DD`.
    pub night: String,
    /// When the user chose to skip it (UTC); the later choice wins on import.
    pub at: String,
}

/// One Cramp SOS episode in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportSos {
    /// The evening it belongs to, `YYYY-MM-DD`.
    pub night: String,
    /// When the SOS screen opened.
    pub started_at: String,
    /// How long it was open, in seconds.
    pub seconds: u32,
    /// `left`, `right` or `both`.
    pub leg: Option<String>,
}

/// Reads the whole history out of the store; `tonight` says which experiment nights
/// have passed.
pub fn collect(store: &Store, tonight: NaiveDate) -> anyhow::Result<Export> {
    let mut export = document(&store.whole_history()?);
    for ((id, experiment), exported) in store
        .experiments()?
        .into_iter()
        .zip(&mut export.experiments)
    {
        let reading = crate::experiment::Reading::of(store, id, experiment, tonight)?;
        exported.nights = super::experiment::show::plan_value(&reading);
        exported.result = super::experiment::show::result_value(&reading);
    }
    Ok(export)
}

/// The JSON document of a history.
pub fn document(history: &History) -> Export {
    Export {
        format_version: FORMAT_VERSION,
        runs: history.runs.iter().map(export_run).collect(),
        rest_nights: history
            .rest_nights
            .iter()
            .map(|rest| ExportRest {
                night: night(rest.night),
                reason: rest.reason.clone(),
                created_at: instant(rest.created_at.fixed_offset()),
            })
            .collect(),
        checkins: history.checkins.iter().map(export_checkin).collect(),
        sos_episodes: history.sos_episodes.iter().map(export_sos).collect(),
        checkin_skips: history
            .checkin_skips
            .iter()
            .map(|skip| ExportSkip {
                night: night(skip.night),
                at: instant(skip.at.fixed_offset()),
            })
            .collect(),
        experiments: history.experiments.iter().map(export_experiment).collect(),
    }
}

/// An experiment's schedule, seed, pauses and stop; its nights and result are added
/// by [`collect`], which can read them.
fn export_experiment(experiment: &Experiment) -> ExportExperiment {
    ExportExperiment {
        routine_id: experiment.routine_id.clone(),
        step_id: experiment.step_id.clone(),
        step_title: experiment.step_title.clone(),
        start: night(experiment.start),
        pairs: experiment.design.pairs,
        block_nights: experiment.design.block_nights,
        washout_nights: experiment.design.washout_nights,
        seed: experiment.seed.to_string(),
        seed_source: experiment.seed_source.as_str().to_string(),
        created_at: instant(experiment.created_at.fixed_offset()),
        blocks: experiment
            .blocks
            .iter()
            .map(|arm| arm.as_str().to_string())
            .collect(),
        pauses: experiment
            .pauses
            .iter()
            .map(|pause| ExportPause {
                from: night(pause.from),
                until: pause.until.map(night),
            })
            .collect(),
        stopped_at: experiment.stop.map(|stop| instant(stop.at.fixed_offset())),
        last_night: experiment.stop.map(|stop| night(stop.last_night)),
        nights: serde_json::Value::Null,
        result: serde_json::Value::Null,
    }
}

/// Writes the whole history in `format`. To a terminal (`terminal`), control
/// and invisible formatting characters in the data are shown as escapes
/// instead of sent; a file or a pipe gets the data as it is.
pub fn export(
    store: &Store,
    tonight: NaiveDate,
    format: ExportFormat,
    out: &mut impl Write,
    terminal: bool,
) -> anyhow::Result<()> {
    let export = collect(store, tonight)?;
    if !terminal {
        return write_export(&export, format, out);
    }
    let mut text = Vec::new();
    write_export(&export, format, &mut text)?;
    out.write_all(printable::block(&String::from_utf8_lossy(&text)).as_bytes())?;
    Ok(())
}

/// Writes an export already read from the store in `format`.
pub fn write_export(
    export: &Export,
    format: ExportFormat,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, export)?;
            writeln!(out)?;
        }
        ExportFormat::Csv => csv::write(export, out)?,
    }
    Ok(())
}

fn export_run(record: &RunRecord) -> ExportRun {
    let run = &record.run;
    let offset = *run.started_at.offset();
    let local = |at: DateTime<Utc>| instant(at.with_timezone(&offset));
    ExportRun {
        night: night(run.night),
        routine_id: run.routine_id.clone(),
        routine_name: run.routine_name.clone(),
        routine_hash: run.routine_hash.clone(),
        outcome: record.outcome.as_str().to_string(),
        step_count: run.step_count,
        started_at: instant(run.started_at),
        ended_at: record.ended_at.map(local),
        steps: record
            .steps
            .iter()
            .map(|(index, step)| ExportStep {
                index: *index,
                step_id: step.step_id.clone(),
                title: step.title.clone(),
                outcome: step.result.outcome.as_str().to_string(),
                at: local(step.at),
                active_seconds: seconds(step.result.active),
                held_seconds: step.result.holds.map(|holds| seconds(holds.held)),
                holds: step.result.holds.map(|holds| holds.planned),
                holds_full: step.result.holds.map(|holds| holds.full),
            })
            .collect(),
    }
}

fn export_checkin(recorded: &RecordedCheckIn) -> ExportCheckIn {
    let checkin = &recorded.checkin;
    ExportCheckIn {
        night: night(checkin.night),
        cramps: checkin.cramps,
        severity: checkin.severity,
        severity_unsure: checkin.severity_unsure,
        leg: checkin.leg.map(|leg| leg.as_str().to_string()),
        minutes: checkin.minutes,
        note: checkin.note.clone(),
        recorded_at: instant(recorded.recorded_at.fixed_offset()),
    }
}

fn export_sos(episode: &SosEpisode) -> ExportSos {
    ExportSos {
        night: night(episode.night),
        started_at: instant(episode.started_at),
        seconds: episode.seconds,
        leg: episode.leg.map(|leg| leg.as_str().to_string()),
    }
}

/// A length of time in seconds, to the millisecond.
fn seconds(time: Duration) -> f64 {
    time.as_millis() as f64 / 1000.0
}

fn night(night: NaiveDate) -> String {
    night.format("%Y-%m-%d").to_string()
}

fn instant(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}
