//! When things happen: the next moment the screen changes, bedtime, how the night ended.

use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Timelike};

use crate::model::{NightStatus, RunOutcome};
use crate::routine::Theme;

use super::App;

/// How the screen looks: the theme asked for, whether the night palette is on now,
/// and whether colours are off.
#[derive(Debug)]
pub(super) struct Look {
    pub(super) theme: Theme,
    /// The night theme was in use at the last tick (so a change redraws the whole screen).
    pub(super) night_theme: bool,
    /// No colours (`NO_COLOR`): emphasis stays as bold, dim and reverse.
    pub(super) no_color: bool,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            theme: Theme::Plain,
            night_theme: false,
            no_color: false,
        }
    }
}

impl App {
    /// How tonight's run ended, once it has: completed when every required step was done.
    pub fn outcome(&self) -> Option<RunOutcome> {
        let session = self
            .run
            .session
            .as_ref()
            .filter(|session| session.is_finished())?;
        let optional: Vec<bool> = self.steps.iter().map(|step| step.optional).collect();
        Some(RunOutcome::judge(&optional, session.results()))
    }

    /// The streak after tonight's run: one longer when tonight completes it for the first time.
    pub fn streak_after_run(&self) -> u32 {
        let current = self.history.streaks.current;
        let already_counted = self.history.recent.last().is_some_and(|(night, status)| {
            *night == self.night && *status == Some(NightStatus::Completed)
        });
        match self.outcome() {
            Some(RunOutcome::Completed) if !already_counted && self.header.unsaved.is_none() => {
                current + 1
            }
            _ => current,
        }
    }

    /// When the screen next changes on its own: the countdown's next second, the
    /// rollover to the next night, or the clock's next minute. `None` while paused: nothing moves, so nothing wakes.
    pub fn next_wake(&self) -> Option<Instant> {
        if self.sos.episode.is_some() {
            return self.sos_next_wake();
        }
        let session = self.run.session.as_ref();
        if session.is_some_and(|session| session.is_paused() || session.is_finished()) {
            return None;
        }
        let into_minute = Duration::new(
            u64::from(self.wall.second()),
            self.wall.nanosecond().min(999_999_999),
        );
        let next_minute = self.now + (Duration::from_secs(60).saturating_sub(into_minute));
        [
            session.and_then(|session| session.next_change(self.now)),
            self.rollover_wake(),
        ]
        .into_iter()
        .flatten()
        .min()
        .map_or(Some(next_minute), |at| Some(at.min(next_minute)))
    }

    /// The evening's bedtime as a moment, when the routine sets one.
    pub fn bedtime(&self) -> Option<NaiveDateTime> {
        self.routine.bedtime_on(self.night)
    }

    /// Draw in `theme` (config.toml's `theme`).
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.look.theme = theme;
        self.look.night_theme = self.night_now();
        self
    }

    /// Whether the screen is drawn in the night theme now.
    pub fn is_night(&self) -> bool {
        self.look.night_theme
    }

    /// The night theme: always, never, or from an hour before bedtime.
    pub(super) fn night_now(&self) -> bool {
        match self.look.theme {
            Theme::Night => true,
            Theme::Plain => false,
            Theme::Auto => self
                .bedtime()
                .is_some_and(|bedtime| self.wall >= bedtime - chrono::Duration::hours(1)),
        }
    }
}
