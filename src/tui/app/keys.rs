//! How keys and clicks change the app, one function per screen.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Position;

use crate::routine::{Step, StepKind};
use crate::session::Action;

use super::checkin::CHECKIN_NOTE_LIMIT;
use super::{App, Overlay, Request, Stage};
use crate::tui::view;

/// The longest rest-night reason, typed or pasted.
const REASON_LIMIT: usize = 80;

/// Pasted text as it would be typed: line breaks and tabs as spaces, every other
/// control character left out.
fn as_typed(pasted: &str) -> impl Iterator<Item = char> + '_ {
    let mut after_return = false;
    pasted.chars().filter_map(move |c| {
        let follows_return = std::mem::replace(&mut after_return, c == '\r');
        match c {
            // "\r\n" is one line break.
            '\n' if follows_return => None,
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        }
    })
}

impl App {
    /// A paste into the text field being typed in, as if typed (no longer than typing
    /// allows); anywhere else a paste does nothing, and is never taken for keys.
    pub(super) fn handle_paste(&mut self, pasted: &str) -> bool {
        if self.sos.episode.is_some() || self.overlay.is_some() {
            return false;
        }
        // More than the longest field holds could never be typed into it.
        let text: String = as_typed(pasted)
            .take(CHECKIN_NOTE_LIMIT.max(REASON_LIMIT))
            .collect();
        match &self.stage {
            Stage::RestReason(_) => {
                let mut typed = false;
                for c in text.chars() {
                    typed |= self.handle_reason_key(KeyCode::Char(c), false);
                }
                typed
            }
            Stage::CheckIn(_) => self.paste_into_checkin(&text),
            _ => false,
        }
    }

    /// Whether keys are text being typed (a rest night's reason, a check-in's
    /// note), so `!` and `?` are characters rather than SOS and help.
    pub fn typing(&self) -> bool {
        match &self.stage {
            Stage::RestReason(_) => true,
            Stage::CheckIn(form) => form.field == super::checkin::Field::Note,
            _ => false,
        }
    }

    pub(super) fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl_c =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
        if self.sos.episode.is_some() {
            // Help opens over the SOS screen too, and takes the keys while open.
            return match self.overlay {
                Some(overlay) => self.handle_overlay_key(overlay, key.code, ctrl_c),
                None if key.code == KeyCode::Char('?') => self.open_help(),
                None => self.handle_sos_key(key.code, ctrl_c),
            };
        }
        if key.code == KeyCode::Char('!') && !self.typing() {
            return self.open_sos();
        }
        if let Some(overlay) = self.overlay {
            return self.handle_overlay_key(overlay, key.code, ctrl_c);
        }
        // The check-in's fields that take no text leave `?` to help, as elsewhere.
        if matches!(self.stage, Stage::CheckIn(_))
            && key.code == KeyCode::Char('?')
            && !self.typing()
        {
            return self.open_help();
        }
        match &self.stage {
            Stage::Home => self.handle_home_key(key.code, ctrl_c),
            Stage::ResumeOffer => self.handle_resume_key(key.code, ctrl_c),
            Stage::RestReason(_) => self.handle_reason_key(key.code, ctrl_c),
            Stage::Running => self.handle_run_key(key.code, ctrl_c),
            Stage::CheckIn(_) => self.handle_checkin_key(key.code, ctrl_c),
            Stage::ExperimentStep(cursor) => {
                let cursor = *cursor;
                if ctrl_c {
                    self.leave();
                    return true;
                }
                self.handle_experiment_step_key(key.code, cursor)
            }
            Stage::ExperimentOffer(..) => {
                if ctrl_c {
                    self.leave();
                    return true;
                }
                self.handle_experiment_offer_key(key.code)
            }
            Stage::Stats(_) => match key.code {
                _ if ctrl_c => {
                    self.leave();
                    true
                }
                KeyCode::Char('q') => {
                    self.leave();
                    true
                }
                KeyCode::Char('?') => self.open_help(),
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('t') => {
                    self.stage = Stage::Home;
                    true
                }
                code => self.scroll_key(code),
            },
        }
    }

    fn handle_home_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        match code {
            _ if ctrl_c => self.leave(),
            KeyCode::Char('q') | KeyCode::Esc => self.leave(),
            KeyCode::Enter | KeyCode::Char('n') if self.run.unfinished.is_some() => {
                self.stage = Stage::ResumeOffer;
            }
            KeyCode::Enter | KeyCode::Char('n') if self.done_tonight() => {
                self.overlay = Some(Overlay::ConfirmRunAgain);
            }
            KeyCode::Enter | KeyCode::Char('n') => self.start(),
            // A night with a run behind it is no rest night.
            KeyCode::Char('r') if !self.done_tonight() => {
                self.stage = Stage::RestReason(String::new());
            }
            KeyCode::Char('e') => self.requests.push(Request::EditRoutine),
            KeyCode::Char('t') => return self.open_stats(),
            KeyCode::Char('x') => return self.choose_experiment_step(),
            KeyCode::Char('c') => {
                let last_night = self.night.pred_opt().unwrap_or(self.night);
                self.open_checkin(last_night);
            }
            KeyCode::Char('?') => return self.open_help(),
            KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => return self.pick(1),
            KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => return self.pick(-1),
            code => return self.scroll_key(code),
        }
        true
    }

    fn handle_resume_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        match code {
            _ if ctrl_c => self.leave(),
            KeyCode::Char('q') => self.leave(),
            // The offer stands: Enter on the home screen brings it back.
            KeyCode::Esc => self.stage = Stage::Home,
            KeyCode::Enter => self.resume(),
            KeyCode::Char('r') => {
                self.run.unfinished = None;
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
                // The strip shows the rest night once the store has it (`saved`).
                self.requests.push(Request::DeclareRest(reason));
                self.stage = Stage::Home;
            }
            KeyCode::Backspace => {
                reason.pop();
            }
            KeyCode::Char(ch) if reason.chars().count() < REASON_LIMIT => reason.push(ch),
            _ => return false,
        }
        true
    }

    fn handle_run_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let Some(session) = &self.run.session else {
            return false;
        };
        if ctrl_c || code == KeyCode::Char('q') {
            if session.is_finished() {
                self.leave();
            } else {
                self.ask_to_quit();
            }
            return true;
        }
        if session.is_finished() {
            return match code {
                KeyCode::Enter | KeyCode::Esc => {
                    self.go_home();
                    true
                }
                KeyCode::Char('b') => self.apply(Action::Back),
                KeyCode::Char('?') => self.open_help(),
                code => self.scroll_key(code),
            };
        }
        let kind = session.current_step().map(Step::kind);
        let has_list = matches!(kind, Some(StepKind::Checklist | StepKind::TimedChecklist));
        let can_go_back = session.can_go_back();
        match code {
            KeyCode::Char('?') => self.open_help(),
            KeyCode::Char('e') => {
                // The clock should not run on while the user is in the editor.
                if self.counting() {
                    self.apply(Action::TogglePause);
                }
                self.requests.push(Request::EditRoutine);
                true
            }
            KeyCode::Char(' ') if has_list => self.apply(Action::ToggleItem(self.run.cursor)),
            KeyCode::Char(' ') | KeyCode::Char('p') => self.apply(Action::TogglePause),
            KeyCode::Char('x') if has_list => self.apply(Action::ToggleItem(self.run.cursor)),
            KeyCode::Down | KeyCode::Char('j') if has_list => self.move_cursor(1),
            KeyCode::Up | KeyCode::Char('k') if has_list => self.move_cursor(-1),
            // Enter finishes the hold (or the step, without a timer); `n` moves on
            // at once without credit, and `s` does too (the key it had before).
            KeyCode::Enter => self.next(),
            KeyCode::Char('n') | KeyCode::Char('s') => self.apply(Action::Skip),
            // At the very start there is nothing to go back to: say so rather than
            // do nothing (the footer does not offer it then).
            KeyCode::Char('b') if !can_go_back => {
                self.notify("Nothing to go back to: this is the first step".into());
                true
            }
            KeyCode::Char('b') => self.apply(Action::Back),
            KeyCode::Char('B') => self.apply(Action::BackStep),
            KeyCode::Char('+') | KeyCode::Char('=') => self.apply(Action::AddTime),
            KeyCode::Char('-') | KeyCode::Char('_') => self.apply(Action::TakeTime),
            _ => false,
        }
    }

    fn handle_overlay_key(&mut self, overlay: Overlay, code: KeyCode, ctrl_c: bool) -> bool {
        match overlay {
            Overlay::Help => match code {
                KeyCode::Down | KeyCode::Char('j') => self.scroll_help(1),
                KeyCode::Up | KeyCode::Char('k') => self.scroll_help(-1),
                KeyCode::PageDown => self.scroll_help(5),
                KeyCode::PageUp => self.scroll_help(-5),
                _ => self.close_help(),
            },
            Overlay::ConfirmQuit { resume } => match code {
                KeyCode::Char('y') | KeyCode::Char('q') | KeyCode::Enter => self.leave(),
                _ if ctrl_c => self.leave(),
                _ => {
                    self.overlay = None;
                    if resume {
                        self.apply(Action::TogglePause);
                    }
                }
            },
            Overlay::ConfirmRunAgain => {
                self.overlay = None;
                match code {
                    KeyCode::Char('y') | KeyCode::Enter => self.start(),
                    _ if ctrl_c => self.leave(),
                    _ => {}
                }
            }
            Overlay::ConfirmUnticked => match code {
                KeyCode::Char('y') | KeyCode::Enter => {
                    self.overlay = None;
                    self.apply(Action::Finish);
                }
                KeyCode::Char('s') => {
                    self.overlay = None;
                    self.apply(Action::Skip);
                }
                _ if ctrl_c => self.ask_to_quit(),
                _ => self.overlay = None,
            },
        }
        true
    }

    /// The keys that scroll a list: ↓ ↑ (j k) an item, PgDn PgUp a page, Home End
    /// to either end.
    fn scroll_key(&mut self, code: KeyCode) -> bool {
        /// More than any window's height: a page, or to the end.
        const PAGE: isize = 1 << 16;
        match code {
            KeyCode::Down | KeyCode::Char('j') => self.scroll_list(1),
            KeyCode::Up | KeyCode::Char('k') => self.scroll_list(-1),
            KeyCode::PageDown => self.scroll_list(PAGE),
            KeyCode::PageUp => self.scroll_list(-PAGE),
            KeyCode::End => (0..64).take_while(|_| self.scroll_list(PAGE)).count() > 0,
            KeyCode::Home => (0..64).take_while(|_| self.scroll_list(-PAGE)).count() > 0,
            _ => false,
        }
    }

    pub(super) fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        // The wheel (when the terminal sends it) scrolls what ↑ and ↓ scroll.
        let wheel = match mouse.kind {
            MouseEventKind::ScrollDown => Some(KeyCode::Down),
            MouseEventKind::ScrollUp => Some(KeyCode::Up),
            _ => None,
        };
        if let Some(code) = wheel {
            return self.handle_key(ratatui::crossterm::event::KeyEvent::new(
                code,
                KeyModifiers::NONE,
            ));
        }
        if self.overlay.is_some() || mouse.kind != MouseEventKind::Down(MouseButton::Left) {
            return false;
        }
        let clicked = Position::new(mouse.column, mouse.row);
        match view::checklist_item_at(self, clicked) {
            Some(item) => {
                self.run.cursor = item;
                self.apply(Action::ToggleItem(item))
            }
            None => false,
        }
    }
}
