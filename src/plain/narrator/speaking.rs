//! What the engine did, put into lines: a step opening, a hold or rest
//! changing, the marks of the time left, the summary.

use std::time::Instant;

use crate::routine::StepKind;
use crate::session::{Action, Cue, Effect, Segment};

use super::{Moment, Narrator, Write};
use crate::plain::countdown::Countdown;
use crate::plain::telling::{self, Asking};
use crate::plain::words::spoken;

impl Narrator {
    /// Send an action to the session and say what changed; returns whether a step
    /// or a part of one was said.
    pub(super) fn apply(&mut self, action: Action, now: Instant) -> bool {
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        let before = Moment::of(session);
        let effects = session.update(action, now);
        let mut rings = 0;
        let mut began = false;
        let mut finished = false;
        let mut counts = Vec::new();
        for effect in &effects {
            match effect {
                Effect::Cue(Cue::Next(_)) => {
                    rings = rings.max(1);
                    began = true;
                }
                Effect::Cue(Cue::SwitchSides(_)) => rings = 2,
                Effect::Cue(Cue::Count(seconds)) => counts.push(*seconds),
                Effect::Cue(_) => rings = rings.max(1),
                Effect::Finished => finished = true,
                Effect::StepEnded { .. } => {}
            }
        }
        self.writes.extend(effects.into_iter().map(Write::Effect));
        if finished {
            self.finish(now);
            return true;
        }
        let Some(session) = &self.session else {
            return false;
        };
        let after_lead_in = matches!(before.segment, Some(Segment::GetReady { .. }));
        let said = if began {
            self.open_step(rings, now);
            true
        } else if Moment::of(session) != before {
            self.moved_on(rings, after_lead_in, now);
            true
        } else {
            self.say_mark(now);
            false
        };
        // The engine's counted last seconds, each with its bell, as in the full screen.
        for seconds in counts {
            self.ring(seconds.to_string(), 1);
        }
        said
    }

    /// A step begins, or is picked up again: say it, and ask its first question.
    pub(super) fn open_step(&mut self, rings: usize, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(step) = session.current_step() else {
            return;
        };
        self.asking = match step.kind() {
            StepKind::Checklist | StepKind::TimedChecklist => {
                let first = session.checked().iter().position(|ticked| !ticked);
                Some(first.map_or(Asking::Unticked, Asking::Item))
            }
            StepKind::Timed | StepKind::Confirm => None,
        };
        let instructions = step.instructions.clone();
        let step_id = step.id.clone();
        // A step the engine just began is fresh; one picked up again says the time left.
        let opening = telling::step_opening(session, self.asking, rings > 0, now);
        let paused = session.is_paused();
        self.reset_countdown(now);
        if let Some(opening) = opening {
            self.ring(opening, rings);
        }
        if let Some(instructions) = instructions {
            self.say(instructions);
        }
        // Why the step helps, read the first time the step opens tonight (w again).
        if self.why_read.insert(step_id) {
            self.say_why(false);
        }
        if paused {
            self.say("Paused. Space goes on.".to_string());
        }
    }

    /// A new hold, rest or lead-in, or a timed list's time ran out.
    pub(super) fn moved_on(&mut self, rings: usize, after_lead_in: bool, now: Instant) {
        let Some(session) = &self.session else {
            return;
        };
        let line = if session.is_waiting() {
            let question = self
                .asking
                .map_or_else(String::new, |asking| telling::question(session, asking));
            Some(format!("Time's up. {question}").trim_end().to_string())
        } else {
            telling::segment_change(session, after_lead_in, now)
        };
        self.reset_countdown(now);
        if let Some(line) = line {
            self.ring(line, rings);
        }
    }

    pub(super) fn reset_countdown(&mut self, now: Instant) {
        let session = self.session.as_ref();
        self.countdown = session
            .and_then(|session| Some((session.segment_length()?, session.remaining(now)?)))
            .map(|(length, left)| Countdown::new(length, left, self.counted));
    }

    pub(super) fn say_mark(&mut self, now: Instant) {
        let Some(left) = self.session.as_ref().and_then(|s| s.remaining(now)) else {
            return;
        };
        let Some(mark) = self.countdown.as_mut().and_then(|c| c.reached(left)) else {
            return;
        };
        // The last seconds are the engine's to count (its Count cues).
        if mark > self.counted {
            self.say(format!("{}.", spoken(std::time::Duration::from_secs(mark))));
        }
    }

    pub(super) fn finish(&mut self, now: Instant) {
        self.ring("Routine done.".to_string(), 1);
        if let Some(session) = &self.session {
            let lines = telling::summary(&self.routine, session, now);
            for line in lines {
                self.say(line);
            }
        }
        self.asking = None;
        self.quit = true;
    }

    /// The current step's why, if it has one (`asked`: say so when it has none).
    pub(super) fn say_why(&mut self, asked: bool) {
        let why = self
            .session
            .as_ref()
            .and_then(|session| session.current_step())
            .and_then(|step| step.why.clone());
        match why {
            Some(why) => self.say(format!("Why: {}", why.trim())),
            None if asked => self.say("This step has no why in the routine.".to_string()),
            None => {}
        }
    }

    /// The checklist question still waiting for an answer, asked again after
    /// something else was said.
    pub(super) fn ask_again(&mut self) {
        let (Some(session), Some(asking)) = (&self.session, self.asking) else {
            return;
        };
        let question = telling::question(session, asking);
        if !question.is_empty() {
            self.say(question);
        }
    }
}
