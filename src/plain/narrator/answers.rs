//! The keys that change the run in place: pause, more or less time, a
//! checklist's answers, going back.

use std::time::Instant;

use chrono::NaiveDateTime;

use crate::lapse;
use crate::session::Action;

use super::{Line, Narrator};
use crate::plain::countdown::Countdown;
use crate::plain::telling::{self, Asking};
use crate::plain::words::spoken;

impl Narrator {
    /// winddown is about to stop (Ctrl-Z): a counting hold waits, paused, and says so.
    pub fn hold_still(&mut self, now: Instant) {
        self.tick(now);
        if self.counting() {
            self.toggle_pause(now);
        }
    }

    /// A hold, rest or lead-in is counting down (not paused).
    fn counting(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|session| !session.is_paused() && session.remaining(self.now).is_some())
    }

    /// When the loop should look at the clocks again ([`lapse::next_look`]).
    pub fn watch_by(&self) -> Option<Instant> {
        lapse::next_look(self.session.as_ref(), self.now)
    }

    /// The loop woke at `now` (`wall` on the wall clock) after sleeping until `due`.
    /// When the time since the narrator's last moment went unwatched (winddown stopped,
    /// the computer asleep: see [`lapse`]), a counting hold is paused where it stood
    /// then, and says so; on a step without a running timer none of that time is the
    /// step's active time. Call before the key or tick of this wake-up.
    pub fn woke(&mut self, due: Option<Instant>, now: Instant, wall: NaiveDateTime) {
        let last = lapse::Reading {
            at: self.now,
            wall: self.wall.unwrap_or(wall),
        };
        self.wall = Some(wall);
        let Some(asleep) = lapse::unwatched(last, due, lapse::Reading { at: now, wall }) else {
            return;
        };
        let then = self.now;
        if !self.counting() {
            // No hold to pause: the time nobody watched is not the step's active time.
            self.apply(Action::Unwatched { until: now }, then);
            return;
        }
        self.apply(Action::TogglePause, then);
        let left = self
            .session
            .as_ref()
            .and_then(|session| session.remaining(then))
            .map(spoken)
            .unwrap_or_default();
        self.say(format!(
            "{}. {left} left. Space goes on.",
            lapse::paused_words(asleep)
        ));
    }

    /// winddown was continued after its own stop (Ctrl-Z): say where the run stands.
    pub fn continued(&mut self, now: Instant) {
        // A counting hold was paused when it stopped; any other step's active time
        // skips the time spent in the shell.
        self.unwatched_until(now);
        if let Some(session) = &self.session {
            let line = telling::where_it_stands(session, now);
            self.say(format!("Back. {line}"));
        }
    }

    /// SIGCONT came at `now`: winddown was stopped since its last look at the clocks,
    /// however briefly (a stop too short to make a look late is seen only this way),
    /// so none of that time is the step's active time, as on the full screen.
    pub fn unwatched_until(&mut self, now: Instant) {
        let stopped = self.now;
        self.apply(Action::Unwatched { until: now }, stopped);
        self.tick(now);
    }

    pub(super) fn toggle_pause(&mut self, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        if session.remaining(now).is_none() {
            self.say("Nothing to pause on this step.".to_string());
            return;
        }
        self.apply(Action::TogglePause, now);
        let Some(session) = &self.session else {
            return;
        };
        let left = session.remaining(now).map(spoken).unwrap_or_default();
        let line = if session.is_paused() {
            format!("Paused, {left} left. Space goes on.")
        } else {
            format!("Going on, {left} left.")
        };
        self.say(line);
    }

    pub(super) fn nudge(&mut self, action: Action, done: &str, now: Instant) {
        if self
            .session
            .as_ref()
            .and_then(|s| s.remaining(now))
            .is_none()
        {
            self.say("No timer on this step.".to_string());
            return;
        }
        self.apply(action, now);
        let Some(session) = &self.session else {
            return;
        };
        if let (Some(length), Some(left)) = (session.segment_length(), session.remaining(now)) {
            self.countdown = Some(Countdown::new(length, left, self.counted));
            self.say(format!("30 seconds {done}: {} left.", spoken(left)));
        }
    }

    pub(super) fn answer(&mut self, item: usize, ticked: bool, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        if session.checked().get(item).copied() != Some(ticked) {
            self.apply(Action::ToggleItem(item), now);
        }
        let said = if ticked { "Ticked." } else { "Not ticked." };
        let Some(session) = &self.session else {
            return;
        };
        // The next item not ticked yet (asked again, the ticked ones are passed over).
        let next = session
            .checked()
            .iter()
            .enumerate()
            .skip(item + 1)
            .find(|(_, ticked)| !**ticked)
            .map(|(next, _)| next);
        if let Some(next) = next {
            self.asking = Some(Asking::Item(next));
            let question = telling::question(session, Asking::Item(next));
            self.say(format!("{said} {question}"));
        } else {
            self.end_list(format!("{said} "), now);
        }
    }

    /// Every item is answered (or Enter was pressed): end the step, or ask about the unticked.
    pub(super) fn end_list(&mut self, said: String, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        let all_ticked = session.checked().iter().all(|ticked| *ticked);
        if !all_ticked {
            self.asking = Some(Asking::Unticked);
            let question = telling::question(session, Asking::Unticked);
            self.say(format!("{said}{question}"));
        } else if let Some(left) = session.remaining(now).filter(|_| !session.is_waiting()) {
            // A timed list runs its time out; Enter still ends it early.
            self.asking = None;
            self.say(format!(
                "{said}All ticked; {} left. Enter ends the step now.",
                spoken(left)
            ));
        } else {
            self.apply(Action::Finish, now);
        }
    }

    /// `n` or `s`: on to the next step at once, without credit; says what the step
    /// was recorded as before the next one opens.
    pub(super) fn move_on(&mut self, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        let index = session.position();
        let Some(title) = session.current_step().map(|step| step.title.clone()) else {
            return;
        };
        let before = self.lines.len();
        self.apply(Action::Skip, now);
        let recorded = self
            .session
            .as_ref()
            .and_then(|session| session.results().get(index).copied().flatten());
        if let Some(result) = recorded {
            self.lines.insert(
                before,
                Line {
                    text: telling::moved_on(&title, &result),
                    rings: 0,
                },
            );
        }
    }

    /// Going back restarts a hold, or reopens a step: say where it landed even
    /// when the engine's place did not change (the same hold from its start).
    pub(super) fn go_back(&mut self, action: Action, now: Instant) {
        if !self.apply(action, now) {
            self.moved_on(0, false, now);
        }
    }
}
