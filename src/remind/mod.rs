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

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use crate::routine::{Routine, night_of};

/// How late a reminder may still come: a wake after this (the machine was off or
/// asleep at the due minute) stays quiet, so no bedtime reminder arrives at breakfast.
pub const LATEST: Duration = Duration::from_secs(5 * 60);

/// The file `remind tick`s take turns on (an advisory lock), in the data folder.
pub const TURN_FILE: &str = "remind.lock";

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

/// The local time zone as a wake sees it: the instant a local time names (the
/// earlier one when the clock repeats an hour), or none when the clock skips it
/// (the spring change to daylight saving time). Pure code cannot ask the system.
pub type Zone<'a> = &'a dyn Fn(NaiveDateTime) -> Option<DateTime<Utc>>;

/// One wake of the scheduler: the routine, the time, and what the reminder is set to.
#[derive(Clone, Copy)]
pub struct Wake<'a> {
    /// The routine as it is now (the default one).
    pub routine: &'a Routine,
    /// The local wall-clock time of this wake.
    pub now: NaiveDateTime,
    /// When one night's date gives way to the next (`day_rollover`).
    pub rollover: NaiveTime,
    /// How far ahead of the start-by time to remind.
    pub before: Duration,
    /// The system's time zone, for the minutes daylight saving time skips.
    pub zone: Zone<'a>,
}

/// What a wake decided, and the night it decided for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decided {
    /// The evening the reminder is for (not always the one `now` belongs to: see [`decide`]).
    pub night: NaiveDate,
    /// Remind now, or why not.
    pub decision: Decision,
}

/// When `night`'s reminder is due: `before` ahead of the start-by time, from the
/// start of its minute. A minute the local clock skips (the spring change to
/// daylight saving time) gives way to the first minute after it that exists.
pub fn due(
    routine: &Routine,
    night: NaiveDate,
    before: Duration,
    zone: Zone<'_>,
) -> Option<NaiveDateTime> {
    let due = routine.start_by(night)? - chrono::Duration::from_std(before).ok()?;
    // Minutes, not seconds: a start-by of 22:01:30 is due in the minute 22:01 begins.
    let mut minute = due.with_second(0)?.with_nanosecond(0)?;
    // No zone skips more than a day; the bound only keeps a broken zone from looping.
    for _ in 0..24 * 60 {
        if zone(minute).is_some() {
            return Some(minute);
        }
        minute += chrono::Duration::minutes(1);
    }
    Some(due)
}

/// Decide one wake. The reminder belongs to the night it is for, even when its due
/// minute falls after that night's rollover (a 04:30 bedtime with the rollover at
/// 04:00, or any bedtime after a midnight rollover): from that due minute until
/// that night's bedtime, a wake decides for it until it is settled.
/// `settled` says whether the log already settles a night; `progress` reads the
/// store, and is only called once the night's reminder is due and not yet settled,
/// so the day's other wakes stay cheap.
pub fn decide(
    wake: &Wake<'_>,
    settled: impl Fn(NaiveDate) -> bool,
    progress: impl FnOnce(NaiveDate) -> Progress,
) -> Decided {
    let current = night_of(wake.now, wake.rollover);
    let night = match current.pred_opt() {
        Some(previous) if belongs_to(wake, previous, current) && !settled(previous) => previous,
        _ => current,
    };
    Decided {
        night,
        decision: decide_night(wake, night, settled(night), || progress(night)),
    }
}

/// Whether a wake in `current` is about `previous`'s reminder: `previous`'s due
/// minute fell after the rollover into `current` and has come, its bedtime (or,
/// with no time between the two, its reminder's last minute) has not passed, and
/// `current`'s due minute has not come.
fn belongs_to(wake: &Wake<'_>, previous: NaiveDate, current: NaiveDate) -> bool {
    let routine = wake.routine;
    let scheduled = routine.steps.iter().any(|step| step.runs_on(previous));
    let (Some(due_previous), Some(bedtime)) = (
        due(routine, previous, wake.before, wake.zone),
        routine.bedtime_on(previous),
    ) else {
        return false;
    };
    let over = bedtime.max(due_previous + chrono::Duration::from_std(LATEST).unwrap_or_default());
    let current_due_has_come = due(routine, current, wake.before, wake.zone)
        .is_some_and(|due_current| wake.now >= due_current);
    scheduled
        && due_previous >= current.and_time(wake.rollover)
        && (due_previous..over).contains(&wake.now)
        && !current_due_has_come
}

/// Decide `night`'s reminder at this wake; `settled`: an earlier wake already settled it.
fn decide_night(
    wake: &Wake<'_>,
    night: NaiveDate,
    settled: bool,
    progress: impl FnOnce() -> Progress,
) -> Decision {
    let routine = wake.routine;
    if routine.bedtime.is_none() {
        return Decision::Quiet(Quiet::NoBedtime);
    }
    if !routine.steps.iter().any(|step| step.runs_on(night)) {
        return Decision::Quiet(Quiet::NothingTonight);
    }
    let (Some(due), Some(start_by), Some(bedtime)) = (
        due(routine, night, wake.before, wake.zone),
        routine.start_by(night),
        routine.bedtime_on(night),
    ) else {
        return Decision::Quiet(Quiet::NoBedtime);
    };
    if wake.now < due {
        return Decision::Quiet(Quiet::NotYet { due });
    }
    if settled {
        return Decision::Quiet(Quiet::Settled);
    }
    match progress() {
        Progress::Started => return Decision::Quiet(Quiet::Started),
        Progress::Done => return Decision::Quiet(Quiet::Done),
        Progress::Rest => return Decision::Quiet(Quiet::Rest),
        Progress::NotStarted => {}
    }
    // Late by the clock's real time, not its face: 03:00 is one minute after 01:59
    // on the night the clock springs forward.
    let late = match ((wake.zone)(wake.now), (wake.zone)(due)) {
        (Some(now), Some(due)) => now - due,
        _ => wake.now - due,
    };
    if late >= chrono::Duration::from_std(LATEST).unwrap_or_default() {
        return Decision::Quiet(Quiet::Missed { due });
    }
    Decision::Remind(Reminder {
        summary: "Time to wind down".to_string(),
        body: format!(
            "Start by {} for lights out at {} ({}, {})",
            clock(start_by),
            clock(bedtime),
            routine.name,
            routine.minutes_on(night)
        ),
    })
}

/// "22:01".
fn clock(moment: NaiveDateTime) -> String {
    moment.format("%H:%M").to_string()
}

#[cfg(test)]
mod tests;
