//! The plain front end's state: keys and time in, lines and writes out.
//!
//! Driven by the caller's clock like the engine it wraps, so a whole evening
//! is replayed in tests without a terminal and without waiting.

use std::collections::HashSet;
use std::time::Instant;

use crate::journal::Interrupted;
use crate::routine::Step;
use crate::session::{Action, Effect, Segment, Session};

use super::countdown::Countdown;
use super::telling::{self, Asking};

mod answers;
mod speaking;

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
    "Enter or y: finish this hold early (held for 80% of its time, it counts in full), or mark the step done.",
    "n or s: next step now, without credit: cut short, keeping the time held, or skipped.",
    "y or n: answer a checklist item; Enter ends the list.",
    "b: this hold again; twice quickly, the hold before.",
    "B: back to the previous step.",
    "+ or -: add or take 30 seconds.",
    "t: where you are and the time left.",
    "w: why this step helps, again.",
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
    /// "Quit now?" is asked; `Some(true)` when asking it paused a counting hold,
    /// which goes on if the answer is no.
    confirm_quit: Option<bool>,
    quit: bool,
    lines: Vec<Line>,
    writes: Vec<Write>,
    /// The moment of the last key or tick.
    now: Instant,
    /// The wall clock at the last wake-up the loop told of, once it has.
    wall: Option<chrono::NaiveDateTime>,
    /// The run's place can no longer be kept (its database was deleted).
    not_kept: bool,
    /// How many last seconds of each timed part the engine counts.
    counted: u64,
    /// The steps whose why was read tonight (by id), each once.
    why_read: HashSet<String>,
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
            confirm_quit: None,
            quit: false,
            lines: Vec::new(),
            writes: Vec::new(),
            now,
            wall: None,
            not_kept: false,
            counted,
            why_read: HashSet::new(),
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

    /// The run's place can no longer be kept (its database is gone): the quit
    /// question stops promising it.
    pub fn place_not_kept(&mut self) {
        self.not_kept = true;
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
        if let Some(resume) = self.confirm_quit.take() {
            match key {
                Key::Char('y' | 'q') | Key::Enter | Key::Interrupt => self.quit = true,
                _ => {
                    if resume {
                        self.apply(Action::TogglePause, now);
                    }
                    self.say("Going on.".to_string());
                }
            }
            return;
        }
        if session.is_finished() {
            return;
        }
        match (key, self.asking) {
            (Key::Char('q') | Key::Interrupt, _) => {
                // The hold waits while the question is asked.
                let counting = !session.is_paused() && session.remaining(now).is_some();
                if counting {
                    self.apply(Action::TogglePause, now);
                }
                self.confirm_quit = Some(counting);
                let kept = match self.not_kept {
                    false => " Your place is kept for tonight.",
                    true => "",
                };
                self.say(format!("Quit now?{kept} y quits, any other key goes on."));
            }
            (Key::Char('?'), _) => {
                for line in KEYS {
                    self.say((*line).to_string());
                }
                self.ask_again();
            }
            (Key::Char('t'), _) => {
                let line = telling::where_it_stands(session, now);
                self.say(line);
                self.ask_again();
            }
            (Key::Char('w'), _) => {
                self.say_why(true);
                self.ask_again();
            }
            (Key::Char(' ' | 'p'), _) => self.toggle_pause(now),
            (Key::Char('+' | '='), _) => self.nudge(Action::AddTime, "added", now),
            (Key::Char('-' | '_'), _) => self.nudge(Action::TakeTime, "taken off", now),
            (Key::Char('s'), _) => self.move_on(now),
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
                self.apply(Action::Finish, now);
            }
            (Key::Char('r'), Some(Asking::Unticked)) => {
                let first = session.checked().iter().position(|ticked| !ticked);
                self.asking = first.map(Asking::Item);
                if let Some(asking) = self.asking {
                    let question = telling::question(session, asking);
                    self.say(question);
                }
            }
            (Key::Char('n'), _) => self.move_on(now),
            (Key::Enter | Key::Char('y'), _) => {
                self.apply(Action::Finish, now);
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
}
