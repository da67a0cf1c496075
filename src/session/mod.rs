//! The engine: one run of tonight's steps as a pure state machine.
//!
//! No I/O and no clock of its own: every call that depends on time receives
//! `now`, so tests drive it with a fake clock and the terminal loop with
//! `Instant::now()`. Timers are deadlines, never sums of ticks.

mod engine;
mod live_edit;
#[cfg(test)]
mod pacing_tests;
#[cfg(test)]
mod random_tests;
#[cfg(test)]
mod rebuild_tests;
mod restore;
mod segments;
#[cfg(test)]
mod tests;
mod view;

use std::time::Duration;

pub use engine::Session;

/// Within this long of a hold's start, `Back` goes to the hold before instead of restarting it.
pub const BACK_AGAIN: Duration = Duration::from_secs(2);

/// How much `+`/`-` add to or take from the current hold.
pub const NUDGE: Duration = Duration::from_secs(30);

/// What the user (or the passing of time) asks of the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Time has passed: advance through every deadline reached by `now`.
    Tick,
    /// Pause or resume the running timer (no effect on untimed steps).
    TogglePause,
    /// Finish the current hold or rest early, or confirm an untimed step as done.
    Next,
    /// Skip the current step; it is recorded as skipped.
    Skip,
    /// Restart the current hold or rest; within [`BACK_AGAIN`] of its start, go to the
    /// hold before it (in this step, else the previous step). Never clears a result.
    Back,
    /// Go to the start of the previous step (or restart the first one), keeping its result and ticks.
    BackStep,
    /// Add 30 s to the current hold or rest.
    AddTime,
    /// Take 30 s from the current hold or rest, never leaving less than 1 s.
    TakeTime,
    /// Tick or untick checklist item `n` of the current step.
    ToggleItem(usize),
}

/// Something the session asks the outside world to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Mark a change for the user: bell, and a spoken cue where configured.
    Cue(Cue),
    /// A step has ended with this result (write it down now).
    StepEnded {
        /// Index into tonight's steps.
        index: usize,
        /// How it ended and how long it was active.
        result: StepResult,
    },
    /// The last step has ended.
    Finished,
}

/// A moment worth a bell or a spoken word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// A new step begins.
    Next(String),
    /// The first hold of a side begins, e.g. "left leg".
    Side(String),
    /// The holds move to another side, e.g. "right leg".
    SwitchSides(String),
    /// The lead-in before a hold begins, e.g. "left leg · set 1/3".
    GetReady(String),
    /// A hold begins after its lead-in or a rest.
    Go,
    /// This many seconds are left of the current hold, rest or lead-in.
    Count(u64),
    /// A rest between holds begins.
    Rest,
    /// A timed step that also has a checklist ran out of time.
    TimeUp,
    /// The routine is over.
    Done,
}

impl Cue {
    /// The words to show or speak, e.g. "Switch sides: right leg".
    pub fn text(&self) -> String {
        match self {
            Cue::Next(title) => format!("Next: {title}"),
            Cue::Side(side) => capitalise(side),
            Cue::SwitchSides(side) => format!("Switch sides: {side}"),
            Cue::GetReady(hold) if hold.is_empty() => "Get ready".to_string(),
            Cue::GetReady(hold) => format!("Get ready: {hold}"),
            Cue::Go => "Go".to_string(),
            Cue::Count(seconds) => seconds.to_string(),
            Cue::Rest => "Rest".to_string(),
            Cue::TimeUp => "Time's up".to_string(),
            Cue::Done => "Routine done".to_string(),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Carried out (a timed step ran out, or the user confirmed it).
    Done,
    /// Passed over with `s`.
    Skipped,
}

/// The record of one ended step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepResult {
    /// Done or skipped.
    pub outcome: Outcome,
    /// Time the step was current and not paused.
    pub active: Duration,
}

/// One piece of a timed step: a hold or a rest between holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A hold: `set` of `sets` (1-based), on `side` when the step has sides.
    Hold {
        /// 1-based set number within the side.
        set: u32,
        /// Sets per side.
        sets: u32,
        /// The side, e.g. "left leg"; `None` for an unsided step.
        side: Option<String>,
    },
    /// A rest between two holds.
    Rest,
    /// Time to get into position before the hold with the same fields.
    GetReady {
        /// 1-based set number of the hold to come.
        set: u32,
        /// Sets per side.
        sets: u32,
        /// The side of the hold to come.
        side: Option<String>,
    },
}

impl Segment {
    /// The hold this is or leads into, for a screen: "LEFT LEG · set 2/3", "set 2/3",
    /// "LEFT LEG", or "" for a single unsided hold; a lead-in starts with "Get ready";
    /// a rest is "REST".
    pub fn label(&self) -> String {
        match self {
            Segment::Rest => "REST".to_string(),
            Segment::Hold { set, sets, side } => hold_label(*set, *sets, side.as_deref(), true),
            Segment::GetReady { set, sets, side } => {
                match hold_label(*set, *sets, side.as_deref(), true) {
                    hold if hold.is_empty() => "Get ready".to_string(),
                    hold => format!("Get ready · {hold}"),
                }
            }
        }
    }
}

/// "LEFT LEG · set 2/3" (the side in capitals when `loud`), "set 2/3", "LEFT LEG" or "".
pub(crate) fn hold_label(set: u32, sets: u32, side: Option<&str>, loud: bool) -> String {
    let side = side.map(|side| {
        if loud {
            side.to_uppercase()
        } else {
            side.to_string()
        }
    });
    let set = (sets > 1).then(|| format!("set {set}/{sets}"));
    match (side, set) {
        (Some(side), Some(set)) => format!("{side} · {set}"),
        (Some(side), None) => side,
        (None, Some(set)) => set,
        (None, None) => String::new(),
    }
}

/// How many of tonight's steps ended which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Steps carried out.
    pub done: usize,
    /// Steps passed over.
    pub skipped: usize,
    /// Tonight's steps in all.
    pub total: usize,
}

impl Tally {
    /// "5 of 7 steps done, 2 skipped", or "7 of 7 steps done" when none was skipped.
    pub fn describe(&self) -> String {
        let mut text = format!("{} done", crate::plural::of(self.done, self.total, "step"));
        if self.skipped > 0 {
            text.push_str(&format!(", {} skipped", self.skipped));
        }
        text
    }
}

/// Where a paused or interrupted session stood, enough to rebuild it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Index of the current step (equal to the step count when finished).
    pub position: usize,
    /// Index of the current segment within the step.
    pub segment: usize,
    /// Time left on the current segment's timer, if it has one.
    pub remaining: Option<Duration>,
    /// Whether the timer was paused.
    pub paused: bool,
    /// Ticked state of the current step's checklist items.
    pub checked: Vec<bool>,
    /// The result of every step so far (`None` for steps not yet ended).
    pub results: Vec<Option<StepResult>>,
}

impl Snapshot {
    /// The very start of step `position`: no timer yet, nothing ticked.
    pub fn at_start(position: usize, results: Vec<Option<StepResult>>) -> Snapshot {
        Snapshot {
            position,
            segment: 0,
            remaining: None,
            paused: false,
            checked: Vec::new(),
            results,
        }
    }
}
