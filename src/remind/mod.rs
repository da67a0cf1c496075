//! Start-by reminders: whether this minute is the one to remind the user to
//! start tonight's routine, and the words to use.
//!
//! The system's scheduler wakes `winddown remind tick` every minute of wall-clock
//! time; each wake decides afresh from tonight's plan (the routine as it is now,
//! the weekday, the store's record of tonight). So edits, weekday schedules, rest
//! nights and the day rollover are right without reinstalling anything. Nothing
//! here touches the disk, the clock or the system.

pub mod log;
pub mod units;

use std::fmt;
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::routine::Routine;

/// How late a reminder may still come: a wake after this (the machine was off or
/// asleep at the due minute) stays quiet, so no bedtime reminder arrives at breakfast.
pub const LATEST: Duration = Duration::from_secs(5 * 60);

/// How far ahead of the start-by time to remind, unless the user says otherwise.
pub const DEFAULT_BEFORE: Duration = Duration::from_secs(10 * 60);

/// The longest `--before` may be: longer would reach into the afternoon.
pub const MAX_BEFORE: Duration = Duration::from_secs(6 * 60 * 60);

/// What the store says of tonight, as far as a reminder cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// No run and no rest night yet.
    NotStarted,
    /// A run was started (running, paused, partial or abandoned).
    Started,
    /// A run completed.
    Done,
    /// Declared a rest night.
    Rest,
}

/// The notification's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The headline: "Time to wind down".
    pub summary: String,
    /// "Start by 22:01 for lights out at 22:30 (Leg-cramp wind-down, 29 min)".
    pub body: String,
}

impl fmt::Display for Reminder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.summary, self.body)
    }
}

/// Why no reminder goes out tonight (or not yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Quiet {
    /// The routine sets no bedtime, so there is no start-by time.
    NoBedtime,
    /// No step of the routine is scheduled tonight.
    NothingTonight,
    /// Before the due minute.
    NotYet {
        /// When the reminder is due.
        due: NaiveDateTime,
    },
    /// Tonight was already settled by an earlier wake (reminded, missed or not needed).
    Settled,
    /// A run was already started tonight.
    Started,
    /// Tonight's routine is done.
    Done,
    /// Tonight is a rest night.
    Rest,
    /// The machine woke too long after the due minute.
    Missed {
        /// When the reminder was due.
        due: NaiveDateTime,
    },
}

impl Quiet {
    /// Whether this settles tonight: no later wake tonight can change the answer.
    pub fn settles_tonight(&self) -> bool {
        matches!(
            self,
            Quiet::Started | Quiet::Done | Quiet::Rest | Quiet::Missed { .. }
        )
    }
}

impl fmt::Display for Quiet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Quiet::NoBedtime => write!(f, "no reminder: the routine sets no bedtime"),
            Quiet::NothingTonight => write!(f, "no reminder: nothing is scheduled tonight"),
            Quiet::NotYet { due } => write!(f, "reminder due at {}", clock(*due)),
            Quiet::Settled => write!(f, "tonight's reminder is settled"),
            Quiet::Started => write!(f, "no reminder needed: a run was started tonight"),
            Quiet::Done => write!(f, "no reminder needed: tonight's routine is done"),
            Quiet::Rest => write!(f, "no reminder: tonight is a rest night"),
            Quiet::Missed { due } => write!(
                f,
                "missed: the reminder was due at {} and the machine was not awake then",
                clock(*due)
            ),
        }
    }
}

/// The outcome of one wake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send this notification now.
    Remind(Reminder),
    /// Send nothing, for this reason.
    Quiet(Quiet),
}

/// Tonight's plan and where the night stands, for one wake at `now`.
#[derive(Debug, Clone, Copy)]
pub struct Wake<'a> {
    /// The routine as it is now (the default one).
    pub routine: &'a Routine,
    /// The evening `now` belongs to (after the day rollover).
    pub night: NaiveDate,
    /// The local wall-clock time of this wake.
    pub now: NaiveDateTime,
    /// How far ahead of the start-by time to remind.
    pub before: Duration,
    /// Whether an earlier wake already settled tonight (the log has a line for it).
    pub settled: bool,
}

/// When tonight's reminder is due: `before` ahead of the start-by time.
pub fn due(routine: &Routine, night: NaiveDate, before: Duration) -> Option<NaiveDateTime> {
    Some(routine.start_by(night)? - chrono::Duration::from_std(before).ok()?)
}

/// Decide this wake. `progress` reads the store; it is only called once the
/// reminder is due and tonight is not yet settled, so the day's other wakes stay cheap.
pub fn decide(wake: Wake<'_>, progress: impl FnOnce() -> Progress) -> Decision {
    let routine = wake.routine;
    if routine.bedtime.is_none() {
        return Decision::Quiet(Quiet::NoBedtime);
    }
    if !routine.steps.iter().any(|step| step.runs_on(wake.night)) {
        return Decision::Quiet(Quiet::NothingTonight);
    }
    let (Some(due), Some(start_by), Some(bedtime)) = (
        due(routine, wake.night, wake.before),
        routine.start_by(wake.night),
        routine.bedtime_on(wake.night),
    ) else {
        return Decision::Quiet(Quiet::NoBedtime);
    };
    // Minutes, not seconds: a start-by of 22:01:30 is due in the minute 22:01 begins.
    let due = due.with_second(0).unwrap_or(due);
    if wake.now < due {
        return Decision::Quiet(Quiet::NotYet { due });
    }
    if wake.settled {
        return Decision::Quiet(Quiet::Settled);
    }
    match progress() {
        Progress::Started => return Decision::Quiet(Quiet::Started),
        Progress::Done => return Decision::Quiet(Quiet::Done),
        Progress::Rest => return Decision::Quiet(Quiet::Rest),
        Progress::NotStarted => {}
    }
    if wake.now - due >= chrono::Duration::from_std(LATEST).unwrap_or_default() {
        return Decision::Quiet(Quiet::Missed { due });
    }
    Decision::Remind(Reminder {
        summary: "Time to wind down".to_string(),
        body: format!(
            "Start by {} for lights out at {} ({}, {})",
            clock(start_by),
            clock(bedtime),
            routine.name,
            routine.minutes_on(wake.night)
        ),
    })
}

/// "22:01".
fn clock(moment: NaiveDateTime) -> String {
    moment.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests;
