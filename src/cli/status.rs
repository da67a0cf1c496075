//! `winddown status [--json]`: one line for a shell prompt or a tmux status bar.
//!
//! The line, `--json` and `--format` (status_format.rs) say the same things in
//! the same words: `--json` holds every `--format` placeholder under its own name,
//! with the value `--format` prints (numbers as numbers, an empty time as null).

use std::io::Write;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use crate::model::{RunOutcome, RunSummary};
use crate::paths::Paths;
use crate::store::{InstanceLock, Store};
use crate::{routines, stats};

/// What tonight amounts to so far, in the one set of words `status` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// No run and no rest night yet.
    NotStarted,
    /// A run is under way in an open winddown.
    Running,
    /// A run was left partway and no winddown has it open: it waits to be resumed.
    Stopped,
    /// A run completed.
    Done,
    /// A run ended with required steps skipped.
    Partial,
    /// The only run was abandoned.
    Abandoned,
    /// Declared a rest night.
    Rest,
}

impl State {
    /// The word for it: `{state}`, `--json`'s `state`.
    pub fn word(self) -> &'static str {
        match self {
            State::NotStarted => "not started",
            State::Running => "running",
            State::Stopped => "stopped",
            State::Done => "done",
            State::Partial => "partial",
            State::Abandoned => "abandoned",
            State::Rest => "rest",
        }
    }

    /// Its sign: `{icon}`.
    pub fn icon(self) -> &'static str {
        match self {
            State::NotStarted => "🌙",
            State::Running => "▶",
            State::Stopped => "⏸",
            State::Done => "✓",
            State::Partial => "◐",
            State::Abandoned => "✗",
            State::Rest => "💤",
        }
    }
}

/// The default routine's plan for tonight, for nights without a run yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plan {
    /// Steps scheduled tonight.
    pub steps: usize,
    /// The latest start to be in bed at bedtime.
    pub start_by: Option<NaiveDateTime>,
    /// Bedtime, as a moment.
    pub bedtime: Option<NaiveDateTime>,
}

/// Tonight's plan of the routine named `routine`; an unreadable routine plans nothing.
pub fn plan(paths: &Paths, routine: &str, night: NaiveDate) -> Plan {
    let routine = routines::find(routine, paths)
        .and_then(|source| routines::load(&source))
        .map(|routine| routines::for_the_evening(routine, paths));
    match routine {
        Ok(routine) => Plan {
            steps: routine.tonight(night).len(),
            start_by: routine.start_by(night),
            bedtime: routine.bedtime_on(night),
        },
        Err(_) => Plan::default(),
    }
}

/// What `status` knows besides the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Around {
    /// Tonight's plan of the default routine.
    pub plan: Plan,
    /// Whether an interactive winddown has the data open now (it holds the lock).
    pub open: bool,
}

impl Around {
    /// The plan of `routine` tonight, and whether a winddown has `paths`' data open.
    pub fn read(paths: &Paths, routine: &str, night: NaiveDate) -> Around {
        Around {
            plan: plan(paths, routine, night),
            open: InstanceLock::holder(&paths.data).is_some(),
        }
    }
}

/// Where tonight and the streak stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Tonight's date (the evening's).
    pub night: NaiveDate,
    /// What tonight amounts to so far.
    pub state: State,
    /// Steps done tonight (0 before a run).
    pub done: usize,
    /// Steps tonight: the run's, or before one the default routine's plan.
    pub total: usize,
    /// The step a running or stopped run stands at, counted from 1.
    pub step: Option<usize>,
    /// The reason given for a rest night.
    pub rest_reason: Option<String>,
    /// The latest start to be in bed at bedtime.
    pub start_by: Option<NaiveDateTime>,
    /// Bedtime, as a moment.
    pub bedtime: Option<NaiveDateTime>,
    /// The current streak.
    pub streak: u32,
    /// The best streak.
    pub best: u32,
}

impl Status {
    /// `{summary}`: "start by 22:01" before a run, "3/7" during and after, "stopped at
    /// step 2 of 7", "abandoned 2/7", "rest night".
    pub fn summary(&self) -> String {
        let (done, total) = (self.done, self.total);
        match self.state {
            State::NotStarted => match self.start_by {
                Some(start_by) => format!("start by {}", start_by.format("%H:%M")),
                None => "not started".to_string(),
            },
            State::Rest => "rest night".to_string(),
            State::Abandoned => format!("abandoned {done}/{total}"),
            State::Stopped => match self.step {
                Some(step) => format!("stopped at step {step} of {total}"),
                None => format!("stopped at {done}/{total}"),
            },
            State::Running | State::Done | State::Partial => format!("{done}/{total}"),
        }
    }

    /// The line `status` prints: "tonight 3/9", "tonight stopped at step 2 of 7",
    /// "tonight done", "rest night".
    fn line(&self) -> String {
        let tonight = match self.state {
            State::NotStarted => "tonight not started".to_string(),
            State::Running | State::Stopped | State::Abandoned => {
                format!("tonight {}", self.summary())
            }
            State::Done => "tonight done".to_string(),
            State::Partial => format!("tonight partial {}", self.summary()),
            State::Rest => "rest night".to_string(),
        };
        format!("winddown: {tonight} · streak {}", self.streak)
    }
}

/// Works out tonight's status from the store and what is `around` it.
pub fn collect(store: &Store, today: NaiveDate, around: &Around) -> anyhow::Result<Status> {
    let nights = store.history(None, today)?;
    let streaks = stats::streaks(&nights, today);
    let runs = store.runs(Some(today), today)?;
    let rest = store.rest_nights(Some(today), today)?.into_iter().next();
    let latest = |outcome: RunOutcome| {
        runs.iter()
            .filter(|run| run.outcome == outcome)
            .max_by_key(|run| (run.started_at, run.id.0))
    };
    // What happens now first, then what the night came to: a run under way is never
    // hidden behind a rest night declared before it.
    let running = latest(RunOutcome::Running);
    let (state, run): (State, Option<&RunSummary>) =
        if let Some(run) = running.filter(|_| around.open) {
            (State::Running, Some(run))
        } else if let Some(run) = latest(RunOutcome::Completed) {
            (State::Done, Some(run))
        } else if let Some(run) = running {
            (State::Stopped, Some(run))
        } else if let Some(run) = latest(RunOutcome::Partial) {
            (State::Partial, Some(run))
        } else if rest.is_some() {
            (State::Rest, None)
        } else if let Some(run) = latest(RunOutcome::Abandoned) {
            (State::Abandoned, Some(run))
        } else {
            (State::NotStarted, None)
        };
    let step = match state {
        State::Running | State::Stopped => store
            .unfinished_run(today)?
            .filter(|unfinished| run.is_some_and(|run| run.id == unfinished.run))
            .map(|unfinished| (unfinished.snapshot.position + 1).min(unfinished.step_count.max(1))),
        _ => None,
    };
    Ok(Status {
        night: today,
        state,
        done: run.map_or(0, |run| run.done),
        total: run.map_or(around.plan.steps, |run| run.step_count),
        step,
        rest_reason: rest
            .map(|rest| rest.reason)
            .filter(|_| state == State::Rest),
        start_by: around.plan.start_by,
        bedtime: around.plan.bedtime,
        streak: streaks.current,
        best: streaks.best,
    })
}

/// Writes one line, e.g. `winddown: tonight 3/9 · streak 12`, or a JSON object with
/// every `--format` placeholder (and the night and a rest night's reason).
pub fn status(
    store: &Store,
    today: NaiveDate,
    around: &Around,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let status = collect(store, today, around)?;
    if json {
        serde_json::to_writer(&mut *out, &as_json(&status))?;
    } else {
        write!(out, "{}", status.line())?;
    }
    writeln!(out)?;
    Ok(())
}

/// The JSON object: each placeholder under its name, with the value `--format` prints.
pub fn as_json(status: &Status) -> Value {
    let mut object = Map::new();
    object.insert(
        "night".to_string(),
        Value::from(status.night.format("%Y-%m-%d").to_string()),
    );
    for (name, _) in super::status_format::PLACEHOLDERS {
        let text = super::status_format::value(name, status).unwrap_or_default();
        let value = match *name {
            "done" | "total" | "streak" | "best" | "step" if !text.is_empty() => {
                text.parse::<u64>().map_or(Value::Null, Value::from)
            }
            _ if text.is_empty() => Value::Null,
            _ => Value::from(text),
        };
        object.insert((*name).to_string(), value);
    }
    object.insert(
        "rest_reason".to_string(),
        status.rest_reason.clone().map_or(Value::Null, Value::from),
    );
    Value::Object(object)
}
