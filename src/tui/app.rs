//! The app's state and how keys, clicks and time change it.
//!
//! Everything here is driven by the caller's clock (`now`, `wall`), so tests
//! replay a whole evening without a terminal and without waiting. What must
//! reach the disk leaves as [`Request`]s for the loop to carry out.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::routine::{Routine, Step, StepKind};
use crate::session::{Action, Effect, Session, Snapshot};
use crate::stats::Streaks;
use crate::store::{NightStatus, RunOutcome};

use super::view;

/// A dialog or panel drawn over the screen; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, explained.
    Help,
    /// "Quit now?" while a routine is under way.
    ConfirmQuit,
    /// "Continue with N items unticked?" on a checklist step.
    ConfirmUnticked,
}

/// Which screen is showing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// Tonight's plan; Enter starts.
    Home,
    /// An unfinished run of tonight can be picked up again.
    ResumeOffer,
    /// Typing the reason for a rest night.
    RestReason(String),
    /// A routine under way, or its summary once finished.
    Running,
}

/// What the app needs written down; the terminal loop carries these out in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A fresh run starts now.
    StartRun,
    /// The unfinished run is given up (the user chose to restart).
    AbandonRun,
    /// The unfinished run goes on.
    ResumeRun,
    /// Something the session asked for: a cue, a step result, the end.
    Session(Effect),
    /// Tonight is a rest night, for this reason.
    DeclareRest(String),
}

/// What is known of past nights when the app opens (read once, never per frame).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Current and best streak as of now.
    pub streaks: Streaks,
    /// The last nights, oldest first, ending with tonight; `None` before the first night on record.
    pub recent: Vec<(NaiveDate, Option<NightStatus>)>,
}

/// The whole state of the terminal app for one evening.
pub struct App {
    routine: Routine,
    night: NaiveDate,
    steps: Vec<Step>,
    history: History,
    unfinished: Option<Snapshot>,
    stage: Stage,
    session: Option<Session>,
    overlay: Option<Overlay>,
    cursor: usize,
    now: Instant,
    wall: NaiveDateTime,
    paused_at: Option<NaiveDateTime>,
    finished_at: Option<NaiveDateTime>,
    area: Rect,
    requests: Vec<Request>,
    warning: Option<String>,
    edit_requested: bool,
    choices: Vec<Routine>,
    chosen: usize,
    picked: Option<usize>,
    quit: bool,
}

/// How the app opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// On the home screen with tonight's plan.
    Home,
    /// Straight into the routine (`winddown run`).
    RunNow,
}

impl App {
    /// Open the app for `routine` on `night`; `unfinished` is a run of tonight that can be resumed.
    pub fn new(
        routine: Routine,
        night: NaiveDate,
        history: History,
        unfinished: Option<Snapshot>,
        opening: Opening,
        (now, wall): (Instant, NaiveDateTime),
        area: Rect,
    ) -> App {
        let steps = routine.tonight(night);
        let mut app = App {
            routine,
            night,
            steps,
            history,
            unfinished,
            stage: Stage::Home,
            session: None,
            overlay: None,
            cursor: 0,
            now,
            wall,
            paused_at: None,
            finished_at: None,
            area,
            requests: Vec::new(),
            warning: None,
            edit_requested: false,
            choices: Vec::new(),
            chosen: 0,
            picked: None,
            quit: false,
        };
        if app.unfinished.is_some() {
            app.stage = Stage::ResumeOffer;
        } else if opening == Opening::RunNow {
            app.start();
        }
        app
    }

    /// Offer these routines on the home screen; `chosen` is the one open now.
    pub fn with_choices(mut self, choices: Vec<Routine>, chosen: usize) -> App {
        self.chosen = chosen.min(choices.len().saturating_sub(1));
        self.choices = choices;
        self
    }

    /// The routines to pick from and which one is open.
    pub fn choices(&self) -> (&[Routine], usize) {
        (&self.choices, self.chosen)
    }

    /// Which routine the user switched to, once; the loop then writes runs for it.
    pub fn take_pick(&mut self) -> Option<usize> {
        self.picked.take()
    }

    fn pick(&mut self, step: isize) -> bool {
        let count = self.choices.len();
        if count < 2 || self.session.is_some() {
            return false;
        }
        let chosen = (self.chosen as isize + step).rem_euclid(count as isize) as usize;
        self.chosen = chosen;
        self.picked = Some(chosen);
        self.unfinished = None;
        self.warning = None;
        self.routine = self.choices[chosen].clone();
        self.steps = self.routine.tonight(self.night);
        true
    }

    /// The routine being run.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// The evening this is.
    pub fn night(&self) -> NaiveDate {
        self.night
    }

    /// Tonight's steps.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Past nights and streaks, as read at start-up.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The resumable run, while the offer stands.
    pub fn unfinished(&self) -> Option<&Snapshot> {
        self.unfinished.as_ref()
    }

    /// The screen showing.
    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// The engine, once a run has started.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The open dialog, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// The highlighted checklist item.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The monotonic moment the screen is drawn for.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The local wall-clock time the screen is drawn for.
    pub fn wall(&self) -> NaiveDateTime {
        self.wall
    }

    /// Wall-clock time at which the timer was paused, while it is.
    pub fn paused_at(&self) -> Option<NaiveDateTime> {
        self.paused_at
    }

    /// Wall-clock time at which the last step ended, once the routine is over.
    pub fn finished_at(&self) -> Option<NaiveDateTime> {
        self.finished_at
    }

    /// The terminal size the app was last told about.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// A problem to show in the header (e.g. progress could not be saved).
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Show a problem in the header until the next one replaces it.
    pub fn warn(&mut self, warning: String) {
        self.warning = Some(warning);
    }

    /// Whether the user has asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether a run is under way and not yet finished (its progress is worth saving).
    pub fn is_mid_run(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|session| !session.is_finished())
    }

    /// Hand over what must be written or rung since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// How tonight's run ended, once it has: completed when every required step was done.
    pub fn outcome(&self) -> Option<RunOutcome> {
        let session = self
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
            Some(RunOutcome::Completed) if !already_counted => current + 1,
            _ => current,
        }
    }

    /// When the screen next changes on its own: the countdown's next second, or the
    /// clock's next minute. `None` while paused: nothing moves, so nothing wakes.
    pub fn next_wake(&self) -> Option<Instant> {
        let session = self.session.as_ref();
        if session.is_some_and(|session| session.is_paused() || session.is_finished()) {
            return None;
        }
        let into_minute = Duration::new(
            u64::from(self.wall.second()),
            self.wall.nanosecond().min(999_999_999),
        );
        let next_minute = self.now + (Duration::from_secs(60).saturating_sub(into_minute));
        Some(
            match session.and_then(|session| session.next_change(self.now)) {
                Some(change) => change.min(next_minute),
                None => next_minute,
            },
        )
    }

    /// The evening's bedtime as a moment, when the routine sets one.
    pub fn bedtime(&self) -> Option<NaiveDateTime> {
        let bedtime = self.routine.bedtime?;
        // A bedtime after midnight (e.g. 00:30) belongs to the next calendar day.
        let day = if bedtime < NaiveTime::from_hms_opt(12, 0, 0)? {
            self.night.succ_opt()?
        } else {
            self.night
        };
        Some(day.and_time(bedtime))
    }

    /// The routine file changed on disk (or after `e`): a valid file updates the plan at
    /// once, the current step carrying on and later steps following the file by id; an
    /// invalid one leaves everything as it was and says why in the header.
    pub fn routine_changed(&mut self, parsed: Result<Routine, String>) -> bool {
        let routine = match parsed {
            Ok(routine) => routine,
            Err(first_error) => {
                self.warning = Some(format!("{first_error} — fix and save to reload"));
                return true;
            }
        };
        self.warning = None;
        let tonight = routine.tonight(self.night);
        let no_session = self.session.is_none();
        match self
            .session
            .as_mut()
            .filter(|session| !session.is_finished())
        {
            Some(session) => {
                let done: Vec<String> = session.steps()[..=session.position()]
                    .iter()
                    .map(|step| step.id.clone())
                    .collect();
                let current = done.last().cloned().unwrap_or_default();
                let upcoming: Vec<Step> = match tonight.iter().position(|step| step.id == current) {
                    Some(at) => tonight[at + 1..].to_vec(),
                    None => tonight
                        .into_iter()
                        .filter(|step| !done.contains(&step.id))
                        .collect(),
                };
                session.replace_upcoming(upcoming);
                self.steps = session.steps().to_vec();
            }
            None if no_session => self.steps = tonight,
            None => {}
        }
        if let Some(choice) = self.choices.get_mut(self.chosen) {
            *choice = routine.clone();
        }
        self.routine = routine;
        true
    }

    /// Whether the user asked to edit the routine (`e`); asking again clears it.
    pub fn take_edit_request(&mut self) -> bool {
        std::mem::take(&mut self.edit_requested)
    }

    /// Time has passed: move the session through any deadlines reached.
    pub fn tick(&mut self, now: Instant, wall: NaiveDateTime) {
        self.now = now;
        self.wall = wall;
        self.apply(Action::Tick);
    }

    /// React to one terminal event; returns whether the screen needs drawing.
    pub fn handle_event(&mut self, event: &Event, now: Instant, wall: NaiveDateTime) -> bool {
        self.tick(now, wall);
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Resize(width, height) => {
                self.area = Rect::new(0, 0, *width, *height);
                true
            }
            _ => false,
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if let Some(overlay) = self.overlay {
            return self.handle_overlay_key(overlay, key.code, ctrl_c);
        }
        match &self.stage {
            Stage::Home => self.handle_home_key(key.code, ctrl_c),
            Stage::ResumeOffer => self.handle_resume_key(key.code, ctrl_c),
            Stage::RestReason(_) => self.handle_reason_key(key.code, ctrl_c),
            Stage::Running => self.handle_run_key(key.code, ctrl_c),
        }
    }

    fn handle_home_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        match code {
            _ if ctrl_c => self.quit = true,
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Enter | KeyCode::Char('n') => self.start(),
            KeyCode::Char('r') => self.stage = Stage::RestReason(String::new()),
            KeyCode::Char('e') => self.edit_requested = true,
            KeyCode::Char('?') => self.overlay = Some(Overlay::Help),
            KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => return self.pick(1),
            KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => return self.pick(-1),
            _ => return false,
        }
        true
    }

    fn handle_resume_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        match code {
            _ if ctrl_c => self.quit = true,
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Enter => self.resume(),
            KeyCode::Char('r') => {
                self.unfinished = None;
                self.requests.push(Request::AbandonRun);
                self.start();
            }
            _ => return false,
        }
        true
    }

    fn handle_reason_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let Stage::RestReason(reason) = &mut self.stage else {
            return false;
        };
        match code {
            _ if ctrl_c => self.stage = Stage::Home,
            KeyCode::Esc => self.stage = Stage::Home,
            KeyCode::Enter => {
                let reason = reason.trim().to_string();
                let reason = if reason.is_empty() {
                    "rest".to_string()
                } else {
                    reason
                };
                if let Some((_, status)) = self.history.recent.last_mut() {
                    *status = Some(NightStatus::Rest(reason.clone()));
                }
                self.requests.push(Request::DeclareRest(reason));
                self.stage = Stage::Home;
            }
            KeyCode::Backspace => {
                reason.pop();
            }
            KeyCode::Char(ch) if reason.chars().count() < 80 => reason.push(ch),
            _ => return false,
        }
        true
    }

    fn handle_run_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let Some(session) = &self.session else {
            return false;
        };
        if ctrl_c || code == KeyCode::Char('q') {
            if session.is_finished() {
                self.quit = true;
            } else {
                self.overlay = Some(Overlay::ConfirmQuit);
            }
            return true;
        }
        if session.is_finished() {
            return match code {
                KeyCode::Enter | KeyCode::Esc => {
                    self.quit = true;
                    true
                }
                KeyCode::Char('b') => self.apply(Action::Back),
                KeyCode::Char('?') => self.open(Overlay::Help),
                _ => false,
            };
        }
        let kind = session.current_step().map(Step::kind);
        let has_list = matches!(kind, Some(StepKind::Checklist | StepKind::TimedChecklist));
        match code {
            KeyCode::Char('?') => self.open(Overlay::Help),
            KeyCode::Char('e') => {
                // The clock should not run on while the user is in the editor.
                if !session.is_paused() && session.remaining(self.now).is_some() {
                    self.apply(Action::TogglePause);
                }
                self.edit_requested = true;
                true
            }
            KeyCode::Char(' ') if has_list => self.apply(Action::ToggleItem(self.cursor)),
            KeyCode::Char(' ') | KeyCode::Char('p') => self.apply(Action::TogglePause),
            KeyCode::Char('x') if has_list => self.apply(Action::ToggleItem(self.cursor)),
            KeyCode::Down | KeyCode::Char('j') if has_list => self.move_cursor(1),
            KeyCode::Up | KeyCode::Char('k') if has_list => self.move_cursor(-1),
            KeyCode::Enter | KeyCode::Char('n') => self.next(),
            KeyCode::Char('s') => self.apply(Action::Skip),
            KeyCode::Char('b') => self.apply(Action::Back),
            KeyCode::Char('+') | KeyCode::Char('=') => self.apply(Action::AddTime),
            KeyCode::Char('-') | KeyCode::Char('_') => self.apply(Action::TakeTime),
            _ => false,
        }
    }

    fn handle_overlay_key(&mut self, overlay: Overlay, code: KeyCode, ctrl_c: bool) -> bool {
        match overlay {
            Overlay::Help => {
                self.overlay = None;
            }
            Overlay::ConfirmQuit => match code {
                KeyCode::Char('y') | KeyCode::Char('q') | KeyCode::Enter => self.quit = true,
                _ if ctrl_c => self.quit = true,
                _ => self.overlay = None,
            },
            Overlay::ConfirmUnticked => match code {
                KeyCode::Char('y') | KeyCode::Enter => {
                    self.overlay = None;
                    self.apply(Action::Next);
                }
                KeyCode::Char('s') => {
                    self.overlay = None;
                    self.apply(Action::Skip);
                }
                _ if ctrl_c => self.overlay = Some(Overlay::ConfirmQuit),
                _ => self.overlay = None,
            },
        }
        true
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        if self.overlay.is_some() || mouse.kind != MouseEventKind::Down(MouseButton::Left) {
            return false;
        }
        let clicked = Position::new(mouse.column, mouse.row);
        match view::checklist_item_at(self, clicked) {
            Some(item) => {
                self.cursor = item;
                self.apply(Action::ToggleItem(item))
            }
            None => false,
        }
    }

    /// Begin a fresh run of tonight's steps now.
    fn start(&mut self) {
        let mut session = Session::new(self.steps.clone(), self.now);
        self.requests.push(Request::StartRun);
        self.adopt(&mut session);
        self.session = Some(session);
    }

    /// Pick the unfinished run up where it stood.
    fn resume(&mut self) {
        let Some(snapshot) = self.unfinished.take() else {
            return;
        };
        match Session::restore(self.steps.clone(), &snapshot, self.now) {
            Some(session) => {
                self.requests.push(Request::ResumeRun);
                self.session = Some(session);
                self.stage = Stage::Running;
                self.sync_pause_clock();
            }
            None => {
                // The routine changed since: the old run cannot be continued faithfully.
                self.requests.push(Request::AbandonRun);
                self.start();
            }
        }
    }

    /// Take a fresh session's start-up cues ("Next: …") and show the run screen.
    fn adopt(&mut self, session: &mut Session) {
        let effects = session.update(Action::Tick, self.now);
        self.requests
            .extend(effects.into_iter().map(Request::Session));
        self.stage = Stage::Running;
        self.cursor = 0;
        self.paused_at = None;
        self.finished_at = None;
    }

    fn open(&mut self, overlay: Overlay) -> bool {
        self.overlay = Some(overlay);
        true
    }

    fn next(&mut self) -> bool {
        let Some(session) = &self.session else {
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
        self.apply(Action::Next)
    }

    fn move_cursor(&mut self, by: isize) -> bool {
        let items = self
            .session
            .as_ref()
            .map_or(0, |session| session.checked().len());
        if items == 0 {
            return false;
        }
        let moved = self.cursor.saturating_add_signed(by).min(items - 1);
        let changed = moved != self.cursor;
        self.cursor = moved;
        changed
    }

    fn sync_pause_clock(&mut self) {
        let paused = self.session.as_ref().is_some_and(Session::is_paused);
        match (paused, self.paused_at) {
            (true, None) => self.paused_at = Some(self.wall),
            (false, Some(_)) => self.paused_at = None,
            _ => {}
        }
    }

    /// Send an action to the session at the app's current moment and keep its effects.
    fn apply(&mut self, action: Action) -> bool {
        let Some(session) = self.session.as_mut() else {
            return false;
        };
        let before = session.position();
        let effects = session.update(action, self.now);
        let moved = session.position() != before;
        let finished = session.is_finished();
        if moved {
            self.cursor = 0;
        }
        self.sync_pause_clock();
        self.finished_at = match (self.finished_at, finished) {
            (None, true) => Some(self.wall),
            (at, true) => at,
            (_, false) => None,
        };
        let changed = !effects.is_empty() || action != Action::Tick;
        self.requests
            .extend(effects.into_iter().map(Request::Session));
        changed
    }
}
