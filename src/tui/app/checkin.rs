//! The morning check-in: how last night went, in a few keystrokes. The form
//! itself is in form.rs; here, what the app keeps of check-ins and how the form
//! opens, follows another process's writes and hands its answers to the loop.

mod form;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode};

use crate::model::CheckIn;

pub(super) use form::CHECKIN_NOTE_LIMIT;
use form::FormAnswer;
pub use form::{CheckInForm, Field};

use super::{App, Request, Stage};

/// How another process's check-in changed the open check-in form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormChange {
    /// No form open for that night, or nothing on it changed.
    #[default]
    None,
    /// The form had not been touched and now shows the stored answers.
    Answers,
    /// The form keeps the user's answers and now says saving replaces the stored row.
    Named,
}

impl FormChange {
    /// Whether `event`, which came before the form showed the change, must do
    /// nothing: any key at answers that changed under it; only Enter at a form that
    /// kept its answers, since saving would replace a row the user has not seen.
    pub fn holds_back(self, event: &Event) -> bool {
        match self {
            FormChange::None => false,
            FormChange::Answers => !matches!(event, Event::Resize(..)),
            FormChange::Named => {
                matches!(event, Event::Key(key) if key.code == KeyCode::Enter)
            }
        }
    }
}

/// How often an open check-in form looks for a check-in another process saved for
/// its night: soon enough that the form shows it before the next answer is typed.
const FORM_LOOKS_EVERY: Duration = Duration::from_secs(2);

/// What the check-in form needs beyond the form itself: the screen to go back to,
/// and the check-ins already saved, so the form opens with them.
#[derive(Debug, Default)]
pub(super) struct CheckIns {
    /// The screen the form was opened from.
    pub(super) after: Option<Stage>,
    /// Check-ins already saved (last night's, as read at start).
    pub(super) known: Vec<CheckIn>,
}

impl App {
    /// When an open check-in form should next look at other processes' writes.
    pub(super) fn form_looks_by(&self) -> Option<Instant> {
        matches!(self.stage, Stage::CheckIn(_)).then(|| self.now + FORM_LOOKS_EVERY)
    }

    /// Ask how `night` went before anything else (the first launch after it).
    pub fn ask_checkin(&mut self, night: NaiveDate) {
        self.open_checkin(night);
        if let Stage::CheckIn(form) = &mut self.stage {
            form.asked = true;
        }
    }

    /// Open the check-in form for `night`, filled in with its saved check-in if any.
    pub(super) fn open_checkin(&mut self, night: NaiveDate) {
        self.checkins.after = Some(self.stage.clone());
        let form = match self.checkins.known.iter().find(|c| c.night == night) {
            Some(saved) => CheckInForm::from_saved(saved),
            None => CheckInForm::new(night),
        };
        self.stage = Stage::CheckIn(form);
    }

    /// A check-in already saved (read at start-up): the form opens with it.
    pub fn know_checkin(&mut self, checkin: CheckIn) {
        self.checkins
            .known
            .retain(|known| known.night != checkin.night);
        self.checkins.known.push(checkin);
    }

    /// What the store holds for `night` now (another process wrote it): the form
    /// opens with it, and an open form for that night follows it. Says how the open
    /// form changed, for what the user typed before seeing it.
    pub fn checkin_stored(&mut self, night: NaiveDate, stored: Option<CheckIn>) -> FormChange {
        self.checkins.known.retain(|known| known.night != night);
        let mut change = FormChange::None;
        if let Stage::CheckIn(form) = &mut self.stage
            && form.night == night
        {
            let was = form.clone();
            form.stored_elsewhere(stored.as_ref());
            if *form != was {
                change = if form.changed_elsewhere {
                    FormChange::Named
                } else {
                    FormChange::Answers
                };
            }
            // A form the user had not touched now shows the other process's answers
            // (a touched one keeps the user's and says so itself).
            if change == FormChange::Answers {
                let (whole, shorter) = match stored {
                    Some(_) => ("Check-in saved elsewhere: shown here", "Saved elsewhere"),
                    None => ("Check-in removed elsewhere", "Removed elsewhere"),
                };
                self.notify_briefly(whole.to_string(), vec![shorter.to_string()]);
            }
        }
        self.checkins.known.extend(stored);
        change
    }

    /// Saving `answered` failed (the database busy, the disk full): the form opens
    /// again with the user's answers, over the row it had read (`loaded`), so
    /// nothing typed is lost and Enter tries again.
    pub fn checkin_not_saved(&mut self, answered: CheckIn, loaded: Option<CheckIn>) {
        self.checkins.after = Some(self.stage.clone());
        let mut form = CheckInForm::from_saved(&answered);
        form.loaded = loaded;
        self.stage = Stage::CheckIn(form);
    }

    /// Saving `answered` was refused: another process saved `stored` for its night
    /// after the form read it. The form opens again with the user's answers, saying
    /// what is stored and that saving replaces it.
    pub fn checkin_changed_meanwhile(&mut self, answered: CheckIn, stored: Option<CheckIn>) {
        let night = answered.night;
        self.checkins.known.retain(|known| known.night != night);
        self.checkins.known.extend(stored.clone());
        self.checkins.after = Some(self.stage.clone());
        let mut form = CheckInForm::from_saved(&answered);
        form.loaded = stored;
        form.changed_elsewhere = true;
        self.stage = Stage::CheckIn(form);
    }

    /// Pasted text into the field being typed in (the note, or the minutes' digits),
    /// as if typed; a field that takes no text ignores it.
    pub(super) fn paste_into_checkin(&mut self, text: &str) -> bool {
        let Stage::CheckIn(form) = &mut self.stage else {
            return false;
        };
        if !matches!(form.field, Field::Note | Field::Minutes) {
            return false;
        }
        let before = (form.note.len(), form.minutes.len());
        for c in text.chars() {
            form.key(KeyCode::Char(c));
        }
        (form.note.len(), form.minutes.len()) != before
    }

    pub(super) fn handle_checkin_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let Stage::CheckIn(form) = &mut self.stage else {
            return false;
        };
        let answer = if ctrl_c {
            FormAnswer::Later
        } else {
            form.key(code)
        };
        let request = match answer {
            FormAnswer::Editing => return true,
            FormAnswer::Later => None,
            FormAnswer::Save(checkin) => Some(Request::CheckIn(checkin, form.loaded.clone())),
            FormAnswer::SkipNight => Some(Request::SkipCheckin(form.night)),
        };
        // The form opens with the check-in once the store has it (`saved`), not
        // before: a write that fails leaves nothing known that is not stored.
        self.requests.extend(request);
        self.stage = self.checkins.after.take().unwrap_or(Stage::Home);
        true
    }
}
