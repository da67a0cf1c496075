//! The hand on the current step's clock: pausing, taking or adding time, starting a
//! hold over, and the step's active time, which leaves out what nobody watched.

use std::time::{Duration, Instant};

use super::NUDGE;
use super::engine::{Session, Timer};

/// The shortest a hold or rest can be made with `-`.
const MIN_REMAINING: Duration = Duration::from_secs(1);

impl Session {
    /// Start segment `segment` of the current step over, at its full planned length.
    pub(super) fn restart_segment(&mut self, segment: usize, now: Instant) {
        let Some(&(_, length)) = self.plans[self.position].get(segment) else {
            return;
        };
        self.bank_attempt(now);
        self.segment = segment;
        self.counted = None;
        self.timer = match self.timer {
            Timer::Paused { .. } => Timer::Paused {
                remaining: length,
                length,
            },
            _ => Timer::Running {
                deadline: now + length,
                length,
            },
        };
    }

    pub(super) fn toggle_pause(&mut self, now: Instant) {
        self.timer = match self.timer {
            Timer::Running { deadline, length } => {
                self.active = self.active_time(now);
                self.active_since = None;
                Timer::Paused {
                    remaining: deadline.saturating_duration_since(now),
                    length,
                }
            }
            Timer::Paused { remaining, length } => {
                self.active_since = Some(now);
                Timer::Running {
                    deadline: now + remaining,
                    length,
                }
            }
            Timer::Waiting => Timer::Waiting,
        };
    }

    /// Nobody watched from `now` until `until`: the step's active time stops at `now`
    /// and, when it was running, goes on from `until`. A paused hold stays paused.
    pub(super) fn unwatched(&mut self, now: Instant, until: Instant) {
        if self.active_since.is_some() {
            self.active = self.active_time(now);
            self.active_since = Some(until.max(now));
        }
    }

    /// A paused step that the user moves on from counts as active again from `now`.
    pub(super) fn resume_accounting(&mut self, now: Instant) {
        if self.active_since.is_none() {
            self.active_since = Some(now);
        }
    }

    pub(super) fn nudge(&mut self, now: Instant, add: bool) {
        let (remaining, length) = match self.timer {
            Timer::Running { deadline, length } => {
                (deadline.saturating_duration_since(now), length)
            }
            Timer::Paused { remaining, length } => (remaining, length),
            Timer::Waiting => return,
        };
        let adjusted = if add {
            remaining + NUDGE
        } else {
            remaining
                .saturating_sub(NUDGE)
                .max(MIN_REMAINING.min(remaining))
        };
        let length = (length + adjusted).saturating_sub(remaining);
        self.timer = match self.timer {
            Timer::Running { .. } => Timer::Running {
                deadline: now + adjusted,
                length,
            },
            _ => Timer::Paused {
                remaining: adjusted,
                length,
            },
        };
    }

    pub(super) fn active_time(&self, at: Instant) -> Duration {
        self.active
            + self
                .active_since
                .map_or(Duration::ZERO, |since| at.saturating_duration_since(since))
    }
}
