//! `winddown status [--json]`: one line for a shell prompt or a tmux status bar.

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::NightStatus;
use crate::stats;
use crate::store::Store;

/// What tonight amounts to so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tonight {
    /// No run and no rest night yet.
    NotStarted,
    /// A run is going (or was interrupted and can be resumed).
    Running,
    /// A run completed.
    Completed,
    /// A run ended with required steps skipped.
    Partial,
    /// The only run was abandoned.
    Abandoned,
    /// Declared a rest night.
    Rest,
}

/// Where tonight and the streak stand, as `--json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Tonight's date (the evening's).
    pub night: String,
    /// What tonight amounts to so far.
    pub tonight: Tonight,
    /// Steps done tonight, when there is a run.
    pub done: Option<usize>,
    /// Steps scheduled tonight, when there is a run.
    pub steps: Option<usize>,
    /// The reason given for a rest night.
    pub rest_reason: Option<String>,
    /// The current streak.
    pub streak: u32,
    /// The best streak.
    pub best_streak: u32,
}

/// Works out tonight's status from the store.
pub fn collect(store: &Store, today: NaiveDate) -> anyhow::Result<Status> {
    let nights = store.history(None, today)?;
    let streaks = stats::streaks(&nights, today);
    let tonight = nights.iter().rev().find(|n| n.night == today);
    let run = tonight.and_then(|n| n.run.as_ref());
    let (word, rest_reason) = match tonight.map(|n| &n.status) {
        None | Some(NightStatus::NotYet | NightStatus::Missed) => (Tonight::NotStarted, None),
        Some(NightStatus::Running) => (Tonight::Running, None),
        Some(NightStatus::Completed) => (Tonight::Completed, None),
        Some(NightStatus::Partial) => (Tonight::Partial, None),
        Some(NightStatus::Abandoned) => (Tonight::Abandoned, None),
        Some(NightStatus::Rest(reason)) => (Tonight::Rest, Some(reason.clone())),
    };
    // A rest night may hold an abandoned run; the line is about the rest then.
    let run = run.filter(|_| !matches!(word, Tonight::Rest | Tonight::NotStarted));
    Ok(Status {
        night: today.format("%Y-%m-%d").to_string(),
        tonight: word,
        done: run.map(|run| run.done),
        steps: run.map(|run| run.step_count),
        rest_reason,
        streak: streaks.current,
        best_streak: streaks.best,
    })
}

/// Writes one line, e.g. `winddown: tonight 3/9 · streak 12`, or a JSON object.
pub fn status(
    store: &Store,
    today: NaiveDate,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let status = collect(store, today)?;
    if json {
        serde_json::to_writer(&mut *out, &status)?;
        writeln!(out)?;
        return Ok(());
    }
    let count = match (status.done, status.steps) {
        (Some(done), Some(steps)) => format!("{done}/{steps}"),
        _ => String::new(),
    };
    let tonight = match status.tonight {
        Tonight::NotStarted => "tonight not started".to_string(),
        Tonight::Running => format!("tonight {count}"),
        Tonight::Completed => "tonight done".to_string(),
        Tonight::Partial => format!("tonight partial {count}"),
        Tonight::Abandoned => format!("tonight abandoned {count}"),
        Tonight::Rest => "rest night".to_string(),
    };
    writeln!(out, "winddown: {tonight} · streak {}", status.streak)?;
    Ok(())
}
