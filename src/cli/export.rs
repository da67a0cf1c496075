//! `winddown export --format csv|json`: the whole history, every step result.
//!
//! JSON nests step results inside their runs and lists rest nights apart. CSV
//! is one flat log for spreadsheets: a `run` row per run, a `step` row per
//! step result after it, and a `rest` row per rest night, in night order.
//! Instants are RFC 3339 in the run's local offset, so they read as the user
//! lived them; rest nights only know UTC.

use std::collections::HashMap;
use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::model::RunSummary;
use crate::session::Outcome;
use crate::store::Store;

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
    /// Every run, oldest first, with its step results.
    pub runs: Vec<ExportRun>,
    /// Every rest night, oldest first.
    pub rest_nights: Vec<ExportRest>,
}

/// One run in the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportRun {
    /// The run's id in the database.
    pub id: i64,
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
    /// `done` or `skipped`.
    pub outcome: String,
    /// When it ended.
    pub at: String,
    /// Time it was active, in seconds (millisecond precision).
    pub active_seconds: f64,
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

/// One line of the CSV log; fields that do not apply to its kind are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CsvRow {
    /// `run`, `step` or `rest`.
    pub kind: String,
    /// The evening, `YYYY-MM-DD`.
    pub night: String,
    /// The run (run and step rows).
    pub run_id: Option<i64>,
    /// The routine's stable id (run rows).
    pub routine_id: Option<String>,
    /// The routine's name (run rows).
    pub routine_name: Option<String>,
    /// The run's outcome (run rows).
    pub run_outcome: Option<String>,
    /// Steps scheduled (run rows).
    pub step_count: Option<usize>,
    /// Run start, step end, or rest declaration.
    pub at: String,
    /// Run end (run rows, once ended).
    pub ended_at: Option<String>,
    /// Index into the night's steps (step rows).
    pub step_index: Option<usize>,
    /// The step's stable id (step rows).
    pub step_id: Option<String>,
    /// The step's title (step rows).
    pub title: Option<String>,
    /// `done` or `skipped` (step rows).
    pub outcome: Option<String>,
    /// Active seconds (step rows).
    pub active_seconds: Option<f64>,
    /// The reason (rest rows).
    pub rest_reason: Option<String>,
}

/// Reads the whole history out of the store.
pub fn collect(store: &Store) -> anyhow::Result<Export> {
    let mut steps_of: HashMap<i64, Vec<ExportStep>> = HashMap::new();
    for step in store.all_step_results()? {
        steps_of.entry(step.run.0).or_default().push(ExportStep {
            index: step.index,
            step_id: step.step_id,
            title: step.title,
            outcome: outcome_word(step.outcome).to_string(),
            at: instant(step.at),
            active_seconds: step.active.as_millis() as f64 / 1000.0,
        });
    }
    let runs = store
        .runs(None, NaiveDate::MAX)?
        .into_iter()
        .map(|run| {
            let steps = steps_of.remove(&run.id.0).unwrap_or_default();
            export_run(run, steps)
        })
        .collect();
    let rest_nights = store
        .rest_nights(None, NaiveDate::MAX)?
        .into_iter()
        .map(|rest| ExportRest {
            night: night(rest.night),
            reason: rest.reason,
            created_at: instant(rest.created_at.fixed_offset()),
        })
        .collect();
    Ok(Export {
        format_version: 1,
        runs,
        rest_nights,
    })
}

/// The CSV log's rows, in night order.
pub fn csv_rows(export: &Export) -> Vec<CsvRow> {
    let mut rows: Vec<CsvRow> = Vec::new();
    for run in &export.runs {
        rows.push(CsvRow {
            kind: "run".to_string(),
            night: run.night.clone(),
            run_id: Some(run.id),
            routine_id: Some(run.routine_id.clone()),
            routine_name: Some(run.routine_name.clone()),
            run_outcome: Some(run.outcome.clone()),
            step_count: Some(run.step_count),
            at: run.started_at.clone(),
            ended_at: run.ended_at.clone(),
            ..CsvRow::empty()
        });
        for step in &run.steps {
            rows.push(CsvRow {
                kind: "step".to_string(),
                night: run.night.clone(),
                run_id: Some(run.id),
                at: step.at.clone(),
                step_index: Some(step.index),
                step_id: Some(step.step_id.clone()),
                title: Some(step.title.clone()),
                outcome: Some(step.outcome.clone()),
                active_seconds: Some(step.active_seconds),
                ..CsvRow::empty()
            });
        }
    }
    for rest in &export.rest_nights {
        rows.push(CsvRow {
            kind: "rest".to_string(),
            night: rest.night.clone(),
            at: rest.created_at.clone(),
            rest_reason: Some(rest.reason.clone()),
            ..CsvRow::empty()
        });
    }
    // Stable: a night's run and step rows keep their order.
    rows.sort_by(|a, b| a.night.cmp(&b.night));
    rows
}

/// Writes the whole history in `format`.
pub fn export(store: &Store, format: ExportFormat, out: &mut impl Write) -> anyhow::Result<()> {
    write_export(&collect(store)?, format, out)
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
        ExportFormat::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            let rows = csv_rows(export);
            if rows.is_empty() {
                // serde writes the header with the first row; an empty log still gets one.
                writer.write_record(CSV_HEADER)?;
            }
            for row in rows {
                writer.serialize(row)?;
            }
            writer.flush()?;
        }
    }
    Ok(())
}

/// The CSV header, in [`CsvRow`]'s field order.
pub const CSV_HEADER: [&str; 15] = [
    "kind",
    "night",
    "run_id",
    "routine_id",
    "routine_name",
    "run_outcome",
    "step_count",
    "at",
    "ended_at",
    "step_index",
    "step_id",
    "title",
    "outcome",
    "active_seconds",
    "rest_reason",
];

impl CsvRow {
    fn empty() -> CsvRow {
        CsvRow {
            kind: String::new(),
            night: String::new(),
            run_id: None,
            routine_id: None,
            routine_name: None,
            run_outcome: None,
            step_count: None,
            at: String::new(),
            ended_at: None,
            step_index: None,
            step_id: None,
            title: None,
            outcome: None,
            active_seconds: None,
            rest_reason: None,
        }
    }
}

fn export_run(run: RunSummary, steps: Vec<ExportStep>) -> ExportRun {
    let offset = *run.started_at.offset();
    ExportRun {
        id: run.id.0,
        night: night(run.night),
        routine_id: run.routine_id,
        routine_name: run.routine_name,
        routine_hash: run.routine_hash,
        outcome: run.outcome.as_str().to_string(),
        step_count: run.step_count,
        started_at: instant(run.started_at),
        ended_at: run
            .ended_at
            .map(|at: DateTime<Utc>| instant(at.with_timezone(&offset))),
        steps,
    }
}

fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Done => "done",
        Outcome::Skipped => "skipped",
    }
}

fn night(night: NaiveDate) -> String {
    night.format("%Y-%m-%d").to_string()
}

fn instant(at: DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}
