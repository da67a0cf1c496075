//! The routine format: TOML text in, a validated [`Routine`] out.
//!
//! Nothing here touches the disk, the terminal or the clock: callers hand in
//! the file's text and the night's date.

mod config;
mod diagnostic;
mod duration;
mod fields;
mod parse;
mod schedule;
/// The routine format described as serde types, from which the committed JSON Schema
/// (`routines/routine.schema.json`, which `winddown schema` prints) is made and
/// checked; only tests compile it, so schemars is not in the binary.
#[cfg(test)]
#[allow(
    dead_code,
    reason = "files are deserialized into these types only to check they fit; nothing reads them back"
)]
mod schema;

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};

pub use config::{Config, DEFAULT_COUNTDOWN, Theme, parse_config};
pub use diagnostic::{Diagnostic, render_diagnostics};
pub use duration::{for_reading, format_duration, hours_minutes, parse_duration, plan_length};
#[cfg(test)]
pub(crate) use parse::STEP_KEYS;
pub use parse::{parse, slug};
pub use schedule::night_of;

/// The longest a single timed hold may last.
pub const MAX_DURATION: Duration = Duration::from_secs(4 * 60 * 60);

/// The most steps a routine may have: more is a mistake (a generated or pasted
/// file), not an evening.
pub const MAX_STEPS: usize = 100;

/// The widest a step's picture may be, in terminal columns.
pub const MAX_PICTURE_WIDTH: usize = 36;

/// The tallest a step's picture may be, in lines.
pub const MAX_PICTURE_HEIGHT: usize = 10;

/// The longest get-ready lead-in before a hold.
pub const MAX_LEAD_IN: Duration = Duration::from_secs(60);

/// A routine that passed validation: every field is in range and every id unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    /// Display name, e.g. "Leg-cramp wind-down".
    pub name: String,
    /// One-line description shown under the name.
    pub about: Option<String>,
    /// When the user wants to be in bed; drives "start by" and "lights out in".
    pub bedtime: Option<NaiveTime>,
    /// Every step in file order, whatever night it runs on.
    pub steps: Vec<Step>,
}

/// One step of a routine as written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Stable key for history: given in the file, or the slug of the title.
    pub id: String,
    /// What the user sees in large type.
    pub title: String,
    /// Length of one hold; `None` for checklist and confirm steps.
    pub duration: Option<Duration>,
    /// The hold runs once per side, e.g. `["left leg", "right leg"]`; empty when unsided.
    pub sides: Vec<String>,
    /// Holds per side (at least 1).
    pub sets: u32,
    /// Pause between consecutive holds; `None` for no rest.
    pub rest: Option<Duration>,
    /// Items to tick off; empty when the step has no checklist.
    pub checklist: Vec<String>,
    /// Nights the step runs on; `None` means every night.
    pub days: Option<Vec<Weekday>>,
    /// Skipping an optional step does not make the night incomplete.
    pub optional: bool,
    /// How to do it, shown wrapped under the countdown.
    pub instructions: Option<String>,
    /// One honest line of rationale.
    pub why: Option<String>,
    /// Time to get into position before a hold that no rest precedes; `None`
    /// takes the evening's default (see [`Routine::with_lead_in`]), zero turns it off.
    pub lead_in: Option<Duration>,
    /// A small block of text art showing the pose, drawn when the window has room.
    pub picture: Option<String>,
}

/// How a step is carried out, derived from which fields it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A countdown (possibly several holds and rests).
    Timed,
    /// Items to tick off, no timer.
    Checklist,
    /// A countdown with a checklist beside it.
    TimedChecklist,
    /// A single "done" confirmation.
    Confirm,
}

impl Step {
    /// How this step is carried out.
    pub fn kind(&self) -> StepKind {
        match (self.duration.is_some(), !self.checklist.is_empty()) {
            (true, false) => StepKind::Timed,
            (false, true) => StepKind::Checklist,
            (true, true) => StepKind::TimedChecklist,
            (false, false) => StepKind::Confirm,
        }
    }

    /// Number of holds: sets for every side.
    pub fn holds(&self) -> u32 {
        self.sets * (self.sides.len().max(1) as u32)
    }

    /// Time the step's timer runs in all: every hold, the rests between them and
    /// the get-ready lead-ins. Zero for untimed steps.
    pub fn timed_length(&self) -> Duration {
        if self.duration.is_none() {
            return Duration::ZERO;
        }
        // A rest stands in for the lead-in between holds, so only the first gets one then.
        let lead_ins = if self.rest.is_some() { 1 } else { self.holds() };
        self.written_length() + self.lead_in.unwrap_or_default() * lead_ins
    }

    /// The step's length as its file writes it: every hold plus the rests between
    /// them, without the lead-ins the evening adds. Zero for untimed steps.
    pub fn written_length(&self) -> Duration {
        let Some(hold) = self.duration else {
            return Duration::ZERO;
        };
        let holds = self.holds();
        hold * holds + self.rest.unwrap_or_default() * holds.saturating_sub(1)
    }

    /// Whether the step is scheduled on the given night.
    pub fn runs_on(&self, night: NaiveDate) -> bool {
        schedule::runs_on(self.days.as_deref(), night)
    }
}

/// How long `steps` take: every hold, the rests between them and the lead-ins.
/// The one measure of a routine's length: the home screen's plan, `list`, the
/// start-by time and the run's time left all come from it. The lead-ins are the
/// steps' own, so give it steps of a routine the evening's default was applied to
/// ([`Routine::with_lead_in`]; `routines::for_the_evening`).
pub fn length_of(steps: &[Step]) -> Duration {
    steps.iter().map(Step::timed_length).sum()
}

impl Routine {
    /// The steps scheduled for the night of `night` (the evening's date), in order.
    pub fn tonight(&self, night: NaiveDate) -> Vec<Step> {
        self.steps
            .iter()
            .filter(|step| step.runs_on(night))
            .cloned()
            .collect()
    }

    /// The same routine with `lead_in` for every step that does not set its own.
    pub fn with_lead_in(mut self, lead_in: Duration) -> Routine {
        for step in &mut self.steps {
            step.lead_in.get_or_insert(lead_in);
        }
        self
    }

    /// Total timed length of the steps scheduled for `night` (see [`length_of`]).
    pub fn length_on(&self, night: NaiveDate) -> Duration {
        length_of(&self.tonight(night))
    }

    /// "9 steps, 14 min tonight": what the night of `night` holds.
    pub fn summary_on(&self, night: NaiveDate) -> String {
        let steps = crate::plural::count(self.tonight(night).len(), "step");
        format!("{steps}, {} tonight", self.minutes_on(night))
    }

    /// "14 min", "45 s" or "untimed": the timed length of the night's steps, in
    /// the words every screen uses for it ([`plan_length`]).
    pub fn minutes_on(&self, night: NaiveDate) -> String {
        plan_length(self.length_on(night))
    }

    /// The evening's bedtime as a moment, when the routine sets one.
    pub fn bedtime_on(&self, night: NaiveDate) -> Option<NaiveDateTime> {
        schedule::bedtime_on(night, self.bedtime?)
    }

    /// The latest moment to start `night`'s steps and still be in bed at bedtime.
    pub fn start_by(&self, night: NaiveDate) -> Option<NaiveDateTime> {
        let length = chrono::Duration::from_std(self.length_on(night)).ok()?;
        Some(self.bedtime_on(night)? - length)
    }
}
