//! The plain front end's state: keys and time in, lines and writes out.
//!
//! Driven by the caller's clock like the engine it wraps, so a whole evening
//! is replayed in tests without a terminal and without waiting.

use std::time::Instant;

use crate::journal::Interrupted;
use crate::routine::{Step, StepKind};
use crate::session::{Action, Cue, Effect, Segment, Session};

use super::countdown::Countdown;
use super::telling::{self, Asking};
use super::words::spoken;

/// A key as the plain front end reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Ctrl-C.
    Interrupt,
}

/// One line to print (and speak).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The words, without a line ending.
    pub text: String,
    /// How often the bell rings before it: once for a change the engine cued,
    /// twice when the holds switch sides, as in the full screen.
    pub rings: usize,
}

/// What must be written down, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// A fresh run starts.
    StartRun,
    /// The unfinished run goes on.
    ResumeRun,
    /// The unfinished run is given up.
    AbandonRun,
    /// A step result, a reopened step, or the end.
    Effect(Effect),
}

/// The keys, one line each, for `?`.
const KEYS: &[&str] = &[
    "Keys:",
    "Space or p: pause or go on.",
    "Enter or n: finish this hold early, or mark the step done.",
    "y or n: answer a checklist item; Enter ends the list.",
    "s: skip this step.",
    "b: this hold again; twice quickly, the hold before.",
    "B: back to the previous step.",
    "+ or -: add or take 30 seconds.",
    "t: where you are and the time left.",
    "?: these keys.",
    "q or Ctrl-C: quit, after asking.",
];

/// Where a running session stands, to notice when it moves on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Moment {
    position: usize,
    segment: Option<Segment>,
    waiting: bool,
}

impl Moment {
    fn of(session: &Session) -> Moment {
        Moment {
            position: session.position(),
            segment: session.segment(),
            waiting: session.is_waiting(),
        }
    }
}

/// One evening in plain lines.
pub struct Narrator {
    routine: String,
    steps: Vec<Step>,
    offer: Option<Interrupted>,
    session: Option<Session>,
    countdown: Option<Countdown>,
    asking: Option<Asking>,
    confirm_quit: bool,
    quit: bool,
    lines: Vec<Line>,
    writes: Vec<Write>,
    /// The moment of the last key or tick.
    now: Instant,
    /// How many last seconds of each timed part the engine counts.
    counted: u64,
}

impl Narrator {
    /// Open tonight's `steps` of `routine` at `now`: offer to resume `unfinished`, or start.
    /// The engine counts the last `counted` seconds of every timed part.
    pub fn new(
        routine: &str,
        steps: Vec<Step>,
        unfinished: Option<Interrupted>,
        counted: u64,
        now: Instant,
    ) -> Narrator {
        let mut narrator = Narrator {
            routine: routine.to_string(),
            steps,
            offer: None,
            session: None,
            countdown: None,
            asking: None,
            confirm_quit: false,
            quit: false,
            lines: Vec::new(),
            writes: Vec::new(),
            now,
            counted,
        };
        match unfinished {
            Some(interrupted) => {
                narrator.say(telling::resume_offer(&interrupted, routine));
                narrator.offer = Some(interrupted);
            }
            None => narrator.start(now),
        }
        narrator
    }

    /// The routine's name.
    pub fn routine(&self) -> &str {
        &self.routine
    }

    /// The engine, once a run has started.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Whether the evening is over (finished, or the user quit).
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Hand over the lines said since the last call.
    pub fn take_lines(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.lines)
    }

    /// Hand over what must be written since the last call.
    pub fn take_writes(&mut self) -> Vec<Write> {
        std::mem::take(&mut self.writes)
    }

    /// The next moment something is said on its own: the next mark or the end of
    /// the hold. `None` while paused or waiting for an answer.
    pub fn next_wake(&self) -> Option<Instant> {
        let session = self.session.as_ref()?;
        if session.is_paused() || session.is_finished() {
            return None;
        }
        let left = session.remaining(self.now)?;
        let until_mark = self
            .countdown
            .as_ref()
            .and_then(|countdown| countdown.until_next(left));
        // No mark left: wake when the hold ends.
        Some(self.now + until_mark.unwrap_or(left))
    }

    fn say(&mut self, text: String) {
        self.lines.push(Line { text, rings: 0 });
    }

    fn ring(&mut self, text: String, rings: usize) {
        self.lines.push(Line { text, rings });
    }

    fn start(&mut self, now: Instant) {
        let mut session = Session::new(self.steps.clone(), now);
        session.set_countdown(self.counted);
        self.writes.push(Write::StartRun);
        self.session = Some(session);
        self.apply(Action::Tick, now);
    }

    /// Time has passed: move through deadlines and say any mark reached.
    pub fn tick(&mut self, now: Instant) {
        self.now = now;
        if self.session.is_some() {
            self.apply(Action::Tick, now);
        }
    }

    /// React to one key at `now`.
    pub fn key(&mut self, key: Key, now: Instant) {
        self.tick(now);
        if self.offer.is_some() {
            return self.offer_key(key, now);
        }
        let Some(session) = &self.session else {
            return;
        };
        if self.confirm_quit {
            self.confirm_quit = false;
            match key {
                Key::Char('y' | 'q') | Key::Enter | Key::Interrupt => self.quit = true,
                _ => self.say("Going on.".to_string()),
            }
            return;
        }
        if session.is_finished() {
            return;
        }
        match (key, self.asking) {
            (Key::Char('q') | Key::Interrupt, _) => {
                self.confirm_quit = true;
                self.say(
                    "Quit now? Your place is kept for tonight. y quits, any other key goes on."
                        .to_string(),
                );
            }
            (Key::Char('?'), _) => {
                for line in KEYS {
                    self.say((*line).to_string());
                }
            }
            (Key::Char('t'), _) => {
                let line = telling::where_it_stands(session, now);
                self.say(line);
            }
            (Key::Char(' ' | 'p'), _) => self.toggle_pause(now),
            (Key::Char('+' | '='), _) => self.nudge(Action::AddTime, "added", now),
            (Key::Char('-' | '_'), _) => self.nudge(Action::TakeTime, "taken off", now),
            (Key::Char('s'), _) => {
                let title = session.current_step().map(|step| step.title.clone());
                if let Some(title) = title {
                    self.say(format!("Skipped: {title}."));
                }
                self.apply(Action::Skip, now);
            }
            (Key::Char('b'), _) => {
                self.say("Back.".to_string());
                self.go_back(Action::Back, now);
            }
            (Key::Char('B'), _) => {
                self.say("Back a step.".to_string());
                self.go_back(Action::BackStep, now);
            }
            (Key::Char('y' | 'x'), Some(Asking::Item(item))) => self.answer(item, true, now),
            (Key::Char('n'), Some(Asking::Item(item))) => self.answer(item, false, now),
            (Key::Enter, Some(Asking::Item(_))) => self.end_list(String::new(), now),
            (Key::Char('y') | Key::Enter, Some(Asking::Unticked)) => {
                self.apply(Action::Next, now);
            }
            (Key::Char('r'), Some(Asking::Unticked)) => {
                let first = session.checked().iter().position(|ticked| !ticked);
                self.asking = first.map(Asking::Item);
                if let Some(asking) = self.asking {
                    let question = telling::question(session, asking);
                    self.say(question);
                }
            }
            (Key::Enter | Key::Char('n' | 'y'), _) => {
                self.apply(Action::Next, now);
            }
            _ => self.say("Press ? for the keys.".to_string()),
        }
    }

    fn offer_key(&mut self, key: Key, now: Instant) {
        match key {
            Key::Enter => {
                let Some(interrupted) = self.offer.take() else {
                    return;
                };
                // The run goes on over its own order of the steps (a routine changed
                // since it began has its done steps first).
                let snapshot = interrupted.snapshot;
                let tonight = std::mem::replace(&mut self.steps, interrupted.steps);
                match Session::restore(self.steps.clone(), &snapshot, now) {
                    Some(mut session) => {
                        session.set_countdown(self.counted);
                        self.writes.push(Write::ResumeRun);
                        self.say(format!(
                            "Resuming at step {} of {}.",
                            snapshot.position + 1,
                            self.steps.len()
                        ));
                        self.session = Some(session);
                        self.open_step(0, now);
                    }
                    None => {
                        // Pickup laid the run over these very steps, so this is not
                        // expected; should it happen, a fresh run beats a wrong one.
                        self.steps = tonight;
                        self.writes.push(Write::AbandonRun);
                        self.say("Tonight's run cannot be picked up; starting again.".to_string());
                        self.start(now);
                    }
                }
            }
            Key::Char('r') => {
                self.offer = None;
                self.writes.push(Write::AbandonRun);
                self.start(now);
            }
            Key::Char('q') | Key::Esc | Key::Interrupt => self.quit = true,
            _ => self.say("Enter resumes, r starts again, q quits.".to_string()),
        }
    }

    fn toggle_pause(&mut self, now: Instant) {
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

    fn nudge(&mut self, action: Action, done: &str, now: Instant) {
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

    fn answer(&mut self, item: usize, ticked: bool, now: Instant) {
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
        let items = session.checked().len();
        if item + 1 < items {
            self.asking = Some(Asking::Item(item + 1));
            let question = telling::question(session, Asking::Item(item + 1));
            self.say(format!("{said} {question}"));
        } else {
            self.end_list(format!("{said} "), now);
        }
    }

    /// Every item is answered (or Enter was pressed): end the step, or ask about the unticked.
    fn end_list(&mut self, said: String, now: Instant) {
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
            self.apply(Action::Next, now);
        }
    }

    /// Going back restarts a hold, or reopens a step: say where it landed even
    /// when the engine's place did not change (the same hold from its start).
    fn go_back(&mut self, action: Action, now: Instant) {
        if !self.apply(action, now) {
            self.moved_on(0, false, now);
        }
    }

    /// Send an action to the session and say what changed; returns whether a step
    /// or a part of one was said.
    fn apply(&mut self, action: Action, now: Instant) -> bool {
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
    fn open_step(&mut self, rings: usize, now: Instant) {
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
        if paused {
            self.say("Paused. Space goes on.".to_string());
        }
    }

    /// A new hold, rest or lead-in, or a timed list's time ran out.
    fn moved_on(&mut self, rings: usize, after_lead_in: bool, now: Instant) {
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

    fn reset_countdown(&mut self, now: Instant) {
        let session = self.session.as_ref();
        self.countdown = session
            .and_then(|session| Some((session.segment_length()?, session.remaining(now)?)))
            .map(|(length, left)| Countdown::new(length, left, self.counted));
    }

    fn say_mark(&mut self, now: Instant) {
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

    fn finish(&mut self, now: Instant) {
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
}
