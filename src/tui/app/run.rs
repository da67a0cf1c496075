//! Driving tonight's run: starting or resuming it, sending it the user's actions
//! and time, and going home from its summary.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use crate::journal::Interrupted;
use crate::lapse;
use crate::model::{NightStatus, RunOutcome};
use crate::routine::{Config, Step, StepKind};
use crate::session::{Action, Cue, Effect, Session};

use super::{App, Overlay, Request, Stage};

/// How holds are paced, from `config.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// Time to get into position before a hold, for steps that set none.
    pub lead_in: Duration,
    /// How many final seconds of each hold, rest and lead-in get a cue each.
    pub countdown: u64,
}

impl From<&Config> for Pacing {
    fn from(config: &Config) -> Pacing {
        Pacing {
            lead_in: config.lead_in,
            countdown: config.countdown,
        }
    }
}

/// Tonight's run: an unfinished one offered to resume, the engine once one has
/// started, the highlighted checklist item, and the wall-clock times the screen
/// shows for a pause and for the end.
#[derive(Debug, Default)]
pub(super) struct Run {
    /// An unfinished run of tonight that can be picked up again, while it is offered.
    pub(super) unfinished: Option<Interrupted>,
    pub(super) session: Option<Session>,
    /// The highlighted checklist item.
    pub(super) cursor: usize,
    /// When the timer was paused, while it is.
    pub(super) paused_at: Option<NaiveDateTime>,
    /// When the last step ended, once the routine is over.
    pub(super) finished_at: Option<NaiveDateTime>,
}

impl App {
    /// Whether a run is under way and not yet finished (its progress is worth saving).
    pub fn is_mid_run(&self) -> bool {
        self.run
            .session
            .as_ref()
            .is_some_and(|session| !session.is_finished())
    }

    /// Begin a fresh run of tonight's steps now.
    pub(super) fn start(&mut self) {
        self.lists.summary = 0;
        if self.steps.is_empty() {
            let other = if self.choices.list.len() > 1 {
                "Tab for another routine, "
            } else {
                ""
            };
            let why = if self.unreadable() {
                "cannot run until its mistake is fixed"
            } else {
                "has nothing scheduled tonight"
            };
            self.warn(format!("{} {why}: {other}e to edit it", self.routine.name));
            return;
        }
        let mut session = Session::new(self.steps.clone(), self.now);
        self.pace(&mut session);
        self.requests.push(Request::StartRun);
        self.adopt(&mut session);
        self.run.session = Some(session);
    }

    /// Start tonight's routine now, unless an unfinished run is offered first
    /// (`winddown run`, once the app knows everything tonight's plan depends on).
    pub fn run_now(&mut self) {
        if self.run.unfinished.is_none() && self.run.session.is_none() {
            self.start();
        }
    }

    /// Pick the unfinished run up where it stood.
    pub(super) fn resume(&mut self) {
        let Some(interrupted) = self.run.unfinished.take() else {
            return;
        };
        let restarted = interrupted.restarted_words().zip(
            interrupted
                .next_step()
                .map(|step| format!("\"{}\" starts again from its first hold", step.title)),
        );
        // The run goes on over its own order of the steps (a routine changed since it
        // began has its done steps first).
        self.steps = interrupted.steps;
        match Session::restore(self.steps.clone(), &interrupted.snapshot, self.now) {
            Some(mut session) => {
                self.pace(&mut session);
                self.requests.push(Request::ResumeRun);
                self.run.session = Some(session);
                self.stage = Stage::Running;
                self.sync_pause_clock();
                if let Some((words, shorter)) = restarted {
                    let shortest = "From the first hold".to_string();
                    self.notify_briefly(words, vec![shorter, shortest]);
                }
            }
            None => {
                // Pickup laid the run over these very steps, so this is not expected;
                // should it happen, a fresh run beats a wrong one.
                self.requests.push(Request::AbandonRun);
                self.steps = self.plan_tonight();
                self.start();
            }
        }
    }

    pub(super) fn pace(&self, session: &mut Session) {
        if let Some(pacing) = self.choices.pacing {
            session.set_countdown(pacing.countdown);
        }
    }

    /// Whether tonight already has an ended run: one finished here, or one on record.
    pub fn done_tonight(&self) -> bool {
        self.run.session.as_ref().is_some_and(Session::is_finished)
            || self.history.recent.last().is_some_and(|(night, status)| {
                *night == self.night
                    && matches!(status, Some(NightStatus::Completed | NightStatus::Partial))
            })
    }

    /// Leave the summary for the home screen, which now counts tonight as done.
    pub(super) fn go_home(&mut self) {
        let streak = self.streak_after_run();
        if let Some(outcome) = self.outcome() {
            let status = match outcome {
                RunOutcome::Completed => NightStatus::Completed,
                _ => NightStatus::Partial,
            };
            if let Some((night, slot)) = self.history.recent.last_mut()
                && *night == self.night
            {
                *slot = Some(status);
            }
        }
        self.history.streaks.current = streak;
        self.history.streaks.best = self.history.streaks.best.max(streak);
        self.stage = Stage::Home;
    }

    /// Take a fresh session's start-up cues ("Next: …") and show the run screen.
    pub(super) fn adopt(&mut self, session: &mut Session) {
        let effects = session.update(Action::Tick, self.now);
        self.requests
            .extend(effects.into_iter().map(Request::Session));
        self.stage = Stage::Running;
        self.run.cursor = 0;
        self.run.paused_at = None;
        self.run.finished_at = None;
    }

    pub(super) fn next(&mut self) -> bool {
        let Some(session) = &self.run.session else {
            return false;
        };
        let unticked = session.checked().iter().any(|ticked| !ticked);
        let is_list = matches!(
            session.current_step().map(Step::kind),
            Some(StepKind::Checklist | StepKind::TimedChecklist)
        );
        if is_list && unticked {
            return self.open(Overlay::ConfirmUnticked);
        }
        self.apply(Action::Finish)
    }

    pub(super) fn move_cursor(&mut self, by: isize) -> bool {
        let items = self
            .run
            .session
            .as_ref()
            .map_or(0, |session| session.checked().len());
        if items == 0 {
            return false;
        }
        let moved = self.run.cursor.saturating_add_signed(by).min(items - 1);
        let changed = moved != self.run.cursor;
        self.run.cursor = moved;
        changed
    }

    pub(super) fn sync_pause_clock(&mut self) {
        let paused = self.run.session.as_ref().is_some_and(Session::is_paused);
        match (paused, self.run.paused_at) {
            (true, None) => self.run.paused_at = Some(self.wall),
            (false, Some(_)) => self.run.paused_at = None,
            _ => {}
        }
    }

    /// A hold, rest or lead-in is counting down now (not paused).
    pub(super) fn counting(&self) -> bool {
        self.run
            .session
            .as_ref()
            .is_some_and(|session| !session.is_paused() && session.remaining(self.now).is_some())
    }

    /// Ask "Stop for tonight?"; a counting hold waits while it is asked, so the
    /// question takes none of the hold (and "keep going" lets it count on).
    pub(super) fn ask_to_quit(&mut self) {
        let resume = self.counting();
        if resume {
            self.apply(Action::TogglePause);
        }
        self.overlay = Some(Overlay::ConfirmQuit { resume });
    }

    /// The user is away from the screen (winddown stopped with Ctrl-Z): time moves on
    /// to `now`, then a counting hold waits, paused, for the user to come back.
    pub fn hold_still(&mut self, now: Instant, wall: NaiveDateTime) {
        self.tick(now, wall);
        if self.counting() {
            self.apply(Action::TogglePause);
        }
    }

    /// winddown goes on at `now` after the shell had it stopped (Ctrl-Z, then `fg`): a
    /// counting hold was paused when it stopped ([`App::hold_still`]); any other
    /// step's active time skips the time spent in the shell. Call before the app's
    /// time moves on to `now`.
    pub fn continued(&mut self, now: Instant) {
        self.apply(Action::Unwatched { until: now });
    }

    /// When the loop should look at the clocks again ([`lapse::next_look`]): on a step
    /// with no timer, the clock's next minute may be far off. An open check-in form
    /// looks for other processes' check-ins too ([`App::form_looks_by`]).
    pub fn watch_by(&self) -> Option<Instant> {
        lapse::next_look(self.run.session.as_ref(), self.now)
            .into_iter()
            .chain(self.form_looks_by())
            .min()
    }

    /// The loop woke at `now` (`wall` on the wall clock) after sleeping until `due`,
    /// before it hands the app anything of this wake-up. When the time since the app's
    /// last moment went unwatched (winddown stopped, the computer asleep: see
    /// [`lapse`]), a counting hold is paused where it stood then and the header says
    /// so; on a step without a running timer none of that time is the step's active
    /// time. Returns whether a hold was paused.
    pub fn woke(&mut self, due: Option<Instant>, now: Instant, wall: NaiveDateTime) -> bool {
        if self.run.session.as_ref().is_none_or(Session::is_finished) {
            return false;
        }
        let last = lapse::Reading {
            at: self.now,
            wall: self.wall,
        };
        let woke = lapse::Reading { at: now, wall };
        let Some(asleep) = lapse::unwatched(last, due, woke) else {
            return false;
        };
        if !self.counting() {
            self.apply(Action::Unwatched { until: now });
            return false;
        }
        self.apply(Action::TogglePause);
        self.notify_briefly(
            lapse::paused_words(asleep),
            lapse::paused_words_shorter(asleep),
        );
        true
    }

    /// Send an action to the session at the app's current moment and keep its effects.
    pub(super) fn apply(&mut self, action: Action) -> bool {
        let Some(session) = self.run.session.as_mut() else {
            return false;
        };
        let before = session.position();
        let effects = session.update(action, self.now);
        let moved = session.position() != before;
        let finished = session.is_finished();
        if moved {
            self.run.cursor = 0;
        }
        self.sync_pause_clock();
        self.run.finished_at = match (self.run.finished_at, finished) {
            (None, true) => Some(self.wall),
            (at, true) => at,
            (_, false) => None,
        };
        // A counted second's cue changes nothing a tick does not draw (the digits'
        // colour is part of what a tick compares): the screen needs no whole frame.
        let counted = |effect: &Effect| matches!(effect, Effect::Cue(Cue::Count(_)));
        let changed = !effects.iter().all(counted) || action != Action::Tick;
        self.requests
            .extend(effects.into_iter().map(Request::Session));
        changed
    }
}
