//! The night follows the clock: an idle app moves to the new night at the
//! rollover; a run in progress stays on the night it started.

use std::time::Instant;

use chrono::{NaiveDateTime, NaiveTime};

use crate::routine::night_of;

use super::{App, History, Request, Stage};

impl App {
    /// Move to the next night at `rollover` (local wall-clock time) while no run is under way.
    pub fn with_rollover(mut self, rollover: NaiveTime) -> App {
        self.rollover = Some(rollover);
        self
    }

    /// When tonight ends and the next night begins, on the wall clock.
    fn night_ends(&self) -> Option<NaiveDateTime> {
        Some(self.night.succ_opt()?.and_time(self.rollover?))
    }

    /// The moment the app must wake to move to the next night: only while no run has
    /// started, since a run stays on its night.
    pub(super) fn rollover_wake(&self) -> Option<Instant> {
        if self.run.session.is_some() {
            return None;
        }
        // Already past (the clock was moved on): the next tick moves the night, and a
        // wake-up in the past would only spin.
        let until = (self.night_ends()? - self.wall).to_std().ok()?;
        Some(self.now + until)
    }

    /// Past the rollover with no run started: tonight is the next night, with its steps.
    /// Returns whether the night changed.
    pub(super) fn follow_the_clock(&mut self) -> bool {
        let (Some(rollover), None) = (self.rollover, &self.run.session) else {
            return false;
        };
        let night = night_of(self.wall, rollover);
        if night <= self.night {
            return false;
        }
        self.night = night;
        self.steps = self.plan_tonight();
        // An unfinished run of the night before is not tonight's to resume.
        self.run.unfinished = None;
        if matches!(self.stage, Stage::ResumeOffer | Stage::Stats(_)) {
            self.stage = Stage::Home;
        }
        self.requests.push(Request::NewNight(night));
        self.requests.push(Request::ReadExperiment);
        true
    }

    /// The history as read again for the new night.
    pub fn refresh_history(&mut self, history: History) {
        self.history = history;
    }
}
