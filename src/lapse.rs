//! Time nobody watched: between two wake-ups of a front end, winddown was stopped
//! (SIGSTOP, a debugger) or the computer slept. A hold counting then is paused where
//! it stood at the last wake-up, and none of that time is credited to a step.
//!
//! Two clocks tell it. A stopped process wakes long after the moment it slept until,
//! by the monotonic clock. A computer asleep does too where the monotonic clock counts
//! sleep; where it stops meanwhile (Linux, macOS), only the wall clock shows the time
//! gone, running ahead of the monotonic one. Wall times are compared in UTC, so a
//! daylight-saving change is not taken for sleep.

use std::time::{Duration, Instant};

use chrono::{Local, NaiveDateTime, TimeZone};

use crate::session::Session;

/// How late a wake-up may come, or how far the wall clock may run ahead of the
/// monotonic one between two wake-ups, before the time between counts as not
/// watched. A busy machine delays a wake-up by far less; more than this is winddown
/// stopped or the computer asleep.
pub const UNWATCHED_AFTER: Duration = Duration::from_secs(5);

/// While a run is on a step, not paused, a front end wakes at least this often, so a
/// stop is caught within this much of where it began: whether a hold counts or the
/// step has no timer to wake it (its active time runs all the same).
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

/// When a front end whose last moment was `now` should look at the clocks again:
/// [`WATCH_EVERY`] on, while `session` is on a step and not paused. A step with no
/// timer needs it most, since nothing else wakes a front end there.
pub fn next_look(session: Option<&Session>, now: Instant) -> Option<Instant> {
    session
        .filter(|session| !session.is_paused() && !session.is_finished())
        .map(|_| now + WATCH_EVERY)
}

/// The two clocks, read together at one wake-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The monotonic clock.
    pub at: Instant,
    /// The local wall clock.
    pub wall: NaiveDateTime,
}

/// The time not watched between the wake-up `last` and the one at `now`, when the
/// front end, sleeping until `due`, woke more than [`UNWATCHED_AFTER`] late, or the
/// wall clock ran that much ahead of the monotonic one. `None` when nothing was missed.
pub fn unwatched(last: Reading, due: Option<Instant>, now: Reading) -> Option<Duration> {
    let monotonic = now.at.saturating_duration_since(last.at);
    let late = due.map_or(Duration::ZERO, |due| now.at.saturating_duration_since(due));
    let mut wall = wall_between(last.wall, now.wall);
    if wall.saturating_sub(monotonic) > UNWATCHED_AFTER {
        // Only now look the zone up: a jump of the local time may be daylight saving.
        wall = utc_between(last.wall, now.wall).unwrap_or(wall);
    }
    let ahead = wall.saturating_sub(monotonic);
    (late > UNWATCHED_AFTER || ahead > UNWATCHED_AFTER).then_some(monotonic.max(wall))
}

/// How far the local wall clock moved on (nothing when it went back).
fn wall_between(from: NaiveDateTime, to: NaiveDateTime) -> Duration {
    (to - from).to_std().unwrap_or(Duration::ZERO)
}

/// How far the wall clock moved on in UTC, when both local times exist here.
fn utc_between(from: NaiveDateTime, to: NaiveDateTime) -> Option<Duration> {
    let utc = |wall: NaiveDateTime| Local.from_local_datetime(&wall).earliest();
    Some((utc(to)? - utc(from)?).to_std().unwrap_or(Duration::ZERO))
}

/// What a front end says when a hold was paused after `asleep` went unwatched.
pub fn paused_words(asleep: Duration) -> String {
    format!(
        "Paused: winddown was asleep for {}, none of it counted",
        crate::plural::seconds_in_words(asleep.as_secs())
    )
}

/// The same in fewer words, shortest last, for a narrow screen: "Paused after 1 min
/// 31 s asleep", "Paused: 1 min 31 s asleep".
pub fn paused_words_shorter(asleep: Duration) -> Vec<String> {
    let seconds = asleep.as_secs();
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let parts: Vec<String> = [(hours, "h"), (minutes, "min"), (seconds, "s")]
        .into_iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, unit)| format!("{count} {unit}"))
        .collect();
    let short = if parts.is_empty() {
        "0 s".to_string()
    } else {
        parts.join(" ")
    };
    vec![
        format!("Paused after {short} asleep"),
        format!("Paused: {short} asleep"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 21:00 on a night without a daylight-saving change, plus `seconds`.
    fn wall(seconds: i64) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|night| night.and_hms_opt(21, 0, 0))
            .expect("a time")
            + chrono::Duration::seconds(seconds)
    }

    fn secs(seconds: u64) -> Duration {
        Duration::from_secs(seconds)
    }

    #[test]
    fn a_wake_up_on_time_or_a_little_late_misses_nothing() {
        let start = Instant::now();
        let last = Reading {
            at: start,
            wall: wall(0),
        };
        let due = Some(start + secs(1));
        let on_time = Reading {
            at: start + secs(1),
            wall: wall(1),
        };
        assert_eq!(unwatched(last, due, on_time), None);
        // 5 s late is still a busy machine: the limit is more than 5 s.
        let late = Reading {
            at: start + secs(6),
            wall: wall(6),
        };
        assert_eq!(unwatched(last, due, late), None);
        // Woken early by a key, long after the last wake-up, with nothing due (paused).
        let key = Reading {
            at: start + secs(600),
            wall: wall(600),
        };
        assert_eq!(unwatched(last, None, key), None);
    }

    #[test]
    fn a_stopped_process_wakes_late_by_the_monotonic_clock() {
        let start = Instant::now();
        let last = Reading {
            at: start,
            wall: wall(0),
        };
        let woke = Reading {
            at: start + secs(91),
            wall: wall(91),
        };
        assert_eq!(unwatched(last, Some(start + secs(1)), woke), Some(secs(91)));
    }

    #[test]
    fn a_computer_asleep_shows_on_the_wall_clock_alone() {
        let start = Instant::now();
        let last = Reading {
            at: start,
            wall: wall(0),
        };
        // The monotonic clock stood still for the 90 s the computer slept.
        let woke = Reading {
            at: start + secs(1),
            wall: wall(91),
        };
        assert_eq!(unwatched(last, Some(start + secs(1)), woke), Some(secs(91)));
        // A wall clock set back is no sleep.
        let set_back = Reading {
            at: start + secs(1),
            wall: wall(-3600),
        };
        assert_eq!(unwatched(last, Some(start + secs(1)), set_back), None);
    }

    #[test]
    fn the_words_name_the_time_asleep() {
        assert_eq!(
            paused_words(Duration::from_millis(91_400)),
            "Paused: winddown was asleep for 1 minute 31 seconds, none of it counted"
        );
        assert_eq!(
            paused_words_shorter(Duration::from_secs(3600 + 5)),
            ["Paused after 1 h 5 s asleep", "Paused: 1 h 5 s asleep"]
        );
    }
}
