//! The CSV export: one flat log for spreadsheets. A `run` row per run with a
//! `step` row per step result after it, then a `rest`, `checkin`,
//! `checkin_skip` and `sos` row for each rest night, check-in, skipped
//! check-in and SOS episode, in night order. Fields
//! that do not apply to a row's kind are empty; `run_id` numbers the runs in
//! the file so step rows can be tied to theirs.
//!
//! A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) gets a leading apostrophe, so a step
//! titled `=HYPERLINK(…)` stays text.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::Export;

/// One line of the CSV log; fields that do not apply to its kind are empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CsvRow {
    /// `run`, `step`, `rest`, `checkin`, `checkin_skip` or `sos`.
    pub kind: String,
    /// The evening, `YYYY-MM-DD`.
    pub night: String,
    /// The run's number in this file (run and step rows).
    pub run_id: Option<usize>,
    /// The routine's stable id (run rows).
    pub routine_id: Option<String>,
    /// The routine's name (run rows).
    pub routine_name: Option<String>,
    /// The run's outcome (run rows).
    pub run_outcome: Option<String>,
    /// Steps scheduled (run rows).
    pub step_count: Option<usize>,
    /// Run start, step end, rest declaration, check-in recording or skipping, or SOS start.
    pub at: String,
    /// Run end (run rows, once ended).
    pub ended_at: Option<String>,
    /// Index into the night's steps (step rows).
    pub step_index: Option<usize>,
    /// The step's stable id (step rows).
    pub step_id: Option<String>,
    /// The step's title (step rows).
    pub title: Option<String>,
    /// `done`, `cut_short` or `skipped` (step rows).
    pub outcome: Option<String>,
    /// Active seconds (step rows).
    pub active_seconds: Option<f64>,
    /// Seconds its holds were held (step rows; empty when recorded before winddown kept holds).
    pub held_seconds: Option<f64>,
    /// Holds the step had (step rows; empty as above).
    pub holds: Option<u32>,
    /// Holds held to the end (step rows; empty as above).
    pub holds_full: Option<u32>,
    /// The reason (rest rows).
    pub rest_reason: Option<String>,
    /// Cramps that night, 3 meaning three or more (check-in rows).
    pub cramps: Option<u8>,
    /// The worst pain, 0 to 10 (check-in rows).
    pub severity: Option<u8>,
    /// `left`, `right` or `both` (check-in and SOS rows).
    pub leg: Option<String>,
    /// Minutes of cramps (check-in rows).
    pub minutes: Option<u32>,
    /// The user's note (check-in rows).
    pub note: Option<String>,
    /// How long the SOS screen was open (SOS rows).
    pub sos_seconds: Option<u32>,
    /// Whether a severity of 0 may mean "not answered", saved so by an older
    /// winddown (check-in rows; see the JSON export's `severity_unsure`).
    pub severity_unsure: Option<bool>,
}

/// The CSV header, in [`CsvRow`]'s field order.
pub const CSV_HEADER: [&str; 25] = [
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
    "held_seconds",
    "holds",
    "holds_full",
    "rest_reason",
    "cramps",
    "severity",
    "leg",
    "minutes",
    "note",
    "sos_seconds",
    "severity_unsure",
];

/// A cell that a spreadsheet would take for a formula, made text with a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn text(cell: &str) -> Option<String> {
    Some(neutralise(cell))
}

/// The CSV log's rows, in night order.
pub fn csv_rows(export: &Export) -> Vec<CsvRow> {
    let mut rows: Vec<CsvRow> = Vec::new();
    for (number, run) in (1..).zip(&export.runs) {
        rows.push(CsvRow {
            kind: "run".to_string(),
            night: run.night.clone(),
            run_id: Some(number),
            routine_id: text(&run.routine_id),
            routine_name: text(&run.routine_name),
            run_outcome: Some(run.outcome.clone()),
            step_count: Some(run.step_count),
            at: run.started_at.clone(),
            ended_at: run.ended_at.clone(),
            ..CsvRow::default()
        });
        for step in &run.steps {
            rows.push(CsvRow {
                kind: "step".to_string(),
                night: run.night.clone(),
                run_id: Some(number),
                at: step.at.clone(),
                step_index: Some(step.index),
                step_id: text(&step.step_id),
                title: text(&step.title),
                outcome: Some(step.outcome.clone()),
                active_seconds: Some(step.active_seconds),
                held_seconds: step.held_seconds,
                holds: step.holds,
                holds_full: step.holds_full,
                ..CsvRow::default()
            });
        }
    }
    rows.extend(export.rest_nights.iter().map(|rest| CsvRow {
        kind: "rest".to_string(),
        night: rest.night.clone(),
        at: rest.created_at.clone(),
        rest_reason: text(&rest.reason),
        ..CsvRow::default()
    }));
    rows.extend(export.checkins.iter().map(|checkin| CsvRow {
        kind: "checkin".to_string(),
        night: checkin.night.clone(),
        at: checkin.recorded_at.clone(),
        cramps: Some(checkin.cramps),
        severity: checkin.severity,
        leg: checkin.leg.clone(),
        minutes: checkin.minutes,
        note: checkin.note.as_deref().and_then(text),
        severity_unsure: Some(checkin.severity_unsure),
        ..CsvRow::default()
    }));
    rows.extend(export.checkin_skips.iter().map(|skip| CsvRow {
        kind: "checkin_skip".to_string(),
        night: skip.night.clone(),
        at: skip.at.clone(),
        ..CsvRow::default()
    }));
    rows.extend(export.sos_episodes.iter().map(|episode| CsvRow {
        kind: "sos".to_string(),
        night: episode.night.clone(),
        at: episode.started_at.clone(),
        leg: episode.leg.clone(),
        sos_seconds: Some(episode.seconds),
        ..CsvRow::default()
    }));
    // Stable: within a night, runs and their steps come first, in order.
    rows.sort_by(|a, b| a.night.cmp(&b.night));
    rows
}

/// Writes the log with its header.
pub fn write(export: &Export, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    let rows = csv_rows(export);
    if rows.is_empty() {
        // serde writes the header with the first row; an empty log still gets one.
        writer.write_record(CSV_HEADER)?;
    }
    for row in rows {
        writer.serialize(row)?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe_and_nothing_else_does() {
        for risky in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(risky), format!("'{risky}"));
        }
        for safe in ["Calf stretch", "1+1", "a=b", "", "'quoted"] {
            assert_eq!(neutralise(safe), safe);
        }
    }
}
