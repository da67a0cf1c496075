//! The run screen's state and how keys, clicks and time change it.
//!
//! Everything here is driven by the caller's clock (`now`, `wall`), so tests
//! replay a whole evening without a terminal and without waiting.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::routine::{Routine, StepKind};
use crate::session::{Action, Effect, Session};

use super::view;

/// A dialog or panel drawn over the run screen; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, explained.
    Help,
    /// "Quit now?" while a routine is under way.
    ConfirmQuit,
    /// "Continue with N items unticked?" on a checklist step.
    ConfirmUnticked,
}

/// The whole state of the terminal app for one run of a routine.
pub struct App {
    routine: Routine,
    night: NaiveDate,
    session: Session,
    overlay: Option<Overlay>,
    cursor: usize,
    now: Instant,
    wall: NaiveDateTime,
    paused_at: Option<NaiveDateTime>,
    finished_at: Option<NaiveDateTime>,
    area: Rect,
    effects: Vec<Effect>,
    quit: bool,
}

impl App {
    /// Wrap a session that has just started (or resumed) at `now` / `wall`.
    pub fn new(
        routine: Routine,
        night: NaiveDate,
        mut session: Session,
        now: Instant,
        wall: NaiveDateTime,
        area: Rect,
    ) -> App {
        // The session's own start-up cues ("Next: …") are due on the first frame.
        let effects = session.update(Action::Tick, now);
        App {
            routine,
            night,
            session,
            overlay: None,
            cursor: 0,
            now,
            wall,
            paused_at: None,
            finished_at: None,
            area,
            effects,
            quit: false,
        }
    }

    /// The routine being run.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// The engine behind the screen.
    pub fn session(&self) -> &Session {
        &self.session
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

    /// Whether the user has asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Hand over what the session asked for since the last call (bells, results).
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// When the screen next changes on its own: the countdown's next second, or the
    /// clock's next minute. `None` while paused or finished: nothing moves, so nothing wakes.
    pub fn next_wake(&self) -> Option<Instant> {
        if self.session.is_paused() || self.session.is_finished() {
            return None;
        }
        let into_minute = Duration::new(
            u64::from(self.wall.second()),
            self.wall.nanosecond().min(999_999_999),
        );
        let next_minute = self.now + (Duration::from_secs(60).saturating_sub(into_minute));
        Some(match self.session.next_change(self.now) {
            Some(change) => change.min(next_minute),
            None => next_minute,
        })
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
        if ctrl_c || key.code == KeyCode::Char('q') {
            if self.session.is_finished() {
                self.quit = true;
            } else {
                self.overlay = Some(Overlay::ConfirmQuit);
            }
            return true;
        }
        if self.session.is_finished() {
            return match key.code {
                KeyCode::Enter | KeyCode::Esc => {
                    self.quit = true;
                    true
                }
                KeyCode::Char('b') => self.apply(Action::Back),
                KeyCode::Char('?') => self.open(Overlay::Help),
                _ => false,
            };
        }
        let kind = self.session.current_step().map(|step| step.kind());
        let has_list = matches!(kind, Some(StepKind::Checklist | StepKind::TimedChecklist));
        match key.code {
            KeyCode::Char('?') => self.open(Overlay::Help),
            KeyCode::Char(' ') if has_list => self.toggle_item(self.cursor),
            KeyCode::Char(' ') | KeyCode::Char('p') => self.apply(Action::TogglePause),
            KeyCode::Char('x') if has_list => self.toggle_item(self.cursor),
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
                self.toggle_item(item)
            }
            None => false,
        }
    }

    fn open(&mut self, overlay: Overlay) -> bool {
        self.overlay = Some(overlay);
        true
    }

    fn next(&mut self) -> bool {
        let unticked = self.session.checked().iter().any(|ticked| !ticked);
        let is_list = matches!(
            self.session.current_step().map(|step| step.kind()),
            Some(StepKind::Checklist | StepKind::TimedChecklist)
        );
        if is_list && unticked {
            return self.open(Overlay::ConfirmUnticked);
        }
        self.apply(Action::Next)
    }

    fn toggle_item(&mut self, item: usize) -> bool {
        self.apply(Action::ToggleItem(item))
    }

    fn move_cursor(&mut self, by: isize) -> bool {
        let items = self.session.checked().len();
        if items == 0 {
            return false;
        }
        let moved = self.cursor.saturating_add_signed(by).min(items - 1);
        let changed = moved != self.cursor;
        self.cursor = moved;
        changed
    }

    /// Send an action to the session at the app's current moment and keep its effects.
    fn apply(&mut self, action: Action) -> bool {
        let before = self.session.position();
        let was_paused = self.session.is_paused();
        let effects = self.session.update(action, self.now);
        if self.session.position() != before {
            self.cursor = 0;
        }
        match (was_paused, self.session.is_paused()) {
            (false, true) => self.paused_at = Some(self.wall),
            (true, false) => self.paused_at = None,
            _ => {}
        }
        self.finished_at = match (self.finished_at, self.session.is_finished()) {
            (None, true) => Some(self.wall),
            (at, true) => at,
            (_, false) => None,
        };
        let changed = !effects.is_empty() || action != Action::Tick;
        self.effects.extend(effects);
        changed
    }
}
