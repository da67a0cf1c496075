//! The engine: one run of tonight's steps as a pure state machine.
//!
//! No I/O and no clock of its own: every call that depends on time receives
//! `now`, so tests drive it with a fake clock and the terminal loop with
//! `Instant::now()`. Timers are deadlines, never sums of ticks.

mod engine;
mod live_edit;
#[cfg(test)]
mod outcome_tests;
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
mod timing;
mod view;

use std::time::{Duration, Instant};

pub use engine::Session;
pub use segments::plan_key;

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
    /// Finish the current hold, rest or lead-in early (the hold counts as held to the
    /// end when [`held_enough`]); on an untimed step, or a timed checklist whose time is
    /// up, confirm the step as done.
    Finish,
    /// Move to the next step at once, without credit: the step is recorded as cut
    /// short with the time held, or as skipped when nothing was held.
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
    /// Nobody watched from the moment this is applied `until` a later one (winddown
    /// stopped, the computer asleep: see `lapse`): none of that time is the step's
    /// active time. A counting hold is paused instead, where it stood.
    Unwatched {
        /// When watching began again.
        until: Instant,
    },
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

/// A hold finished early still counts as held to the end when at least this share
/// (in percent) of the time the routine sets for it was held.
pub const HELD_ENOUGH_PERCENT: u32 = 80;

/// Less than this held in all, and a step left early counts as skipped, not cut short.
pub const HELD_AT_ALL: Duration = Duration::from_secs(1);

/// Whether `held` of a hold the routine sets at `planned` counts as held to the end:
/// at least [`HELD_ENOUGH_PERCENT`] of `planned` (taking time off with `-` shortens
/// the timer, not this bar; adding time with `+` never raises it).
pub fn held_enough(held: Duration, planned: Duration) -> bool {
    held.as_millis() * 100 >= planned.as_millis() * u128::from(HELD_ENOUGH_PERCENT)
}

/// How a step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    /// Passed over before anything was held (or, for an untimed step, not confirmed).
    Skipped,
    /// Left before its holds ran to the end, after holding some of them.
    CutShort,
    /// Carried out: every hold ran (or was finished) to the end, or the user confirmed it.
    Done,
}

impl Outcome {
    /// The word stored in the database and written to exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::CutShort => "cut_short",
            Outcome::Skipped => "skipped",
        }
    }

    /// Reads a stored or exported outcome word.
    pub fn parse(text: &str) -> Option<Outcome> {
        match text {
            "done" => Some(Outcome::Done),
            "cut_short" => Some(Outcome::CutShort),
            "skipped" => Some(Outcome::Skipped),
            _ => None,
        }
    }

    /// The words for a person: "done", "cut short", "skipped".
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::CutShort => "cut short",
            Outcome::Skipped => "skipped",
        }
    }
}

/// What the holds of one step amounted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holds {
    /// Time spent holding, every hold and every attempt at one, pauses left out.
    pub held: Duration,
    /// Holds held to the end (or finished early past [`held_enough`]).
    pub full: u32,
    /// Holds the step had: sets times sides; 0 for an untimed step.
    pub planned: u32,
}

/// The record of one ended step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepResult {
    /// Done, cut short or skipped.
    pub outcome: Outcome,
    /// Time the step was current and not paused.
    pub active: Duration,
    /// What its holds amounted to; `None` for a result recorded before winddown kept
    /// holds (then only its outcome and active time are known).
    pub holds: Option<Holds>,
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
    /// Steps left before their holds ran to the end.
    pub cut_short: usize,
    /// Steps passed over.
    pub skipped: usize,
    /// Tonight's steps in all.
    pub total: usize,
}

impl Tally {
    /// "4 of 6 steps done, 1 cut short, 1 skipped", leaving out a count that is zero:
    /// "7 of 7 steps done".
    pub fn describe(&self) -> String {
        let mut text = format!("{} done", crate::plural::of(self.done, self.total, "step"));
        if self.cut_short > 0 {
            text.push_str(&format!(", {} cut short", self.cut_short));
        }
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
    /// The current segment's full length, with `+`/`-` adjustments, if it has a timer.
    pub length: Option<Duration>,
    /// Time the current step's holds were held before the current one (pauses left out).
    pub held: Duration,
    /// Which of the current step's holds were held to the end, in the step's order.
    pub full: Vec<bool>,
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
            length: None,
            held: Duration::ZERO,
            full: Vec::new(),
        }
    }
}
