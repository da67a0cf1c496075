//! The morning check-in: how last night went, in a few keystrokes.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use crate::model::{CheckIn, Leg};

use super::{App, Request, Stage};

/// The parts of the check-in form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 0, 1, 2 or 3+.
    Cramps,
    /// Worst pain, 0 to 10.
    Severity,
    /// Left, right or both.
    Leg,
    /// Roughly how many minutes, optional.
    Minutes,
    /// Free text, optional.
    Note,
}

const FIELDS: [Field; 5] = [
    Field::Cramps,
    Field::Severity,
    Field::Leg,
    Field::Minutes,
    Field::Note,
];
const LEGS: [Leg; 3] = [Leg::Left, Leg::Right, Leg::Both];

/// The longest check-in note, typed or pasted.
pub(super) const CHECKIN_NOTE_LIMIT: usize = 200;

/// The check-in being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInForm {
    /// The evening the night belongs to.
    pub night: NaiveDate,
    /// The field with the cursor.
    pub field: Field,
    /// Cramps, 0 to 3 (3 means "3 or more").
    pub cramps: u8,
    /// Worst pain, 0 to 10.
    pub severity: u8,
    /// Which leg, once chosen.
    pub leg: Option<Leg>,
    /// Minutes as typed.
    pub minutes: String,
    /// The note as typed.
    pub note: String,
    /// Whether a check-in is already saved for the night (saving replaces it).
    pub replaces: bool,
    /// Whether it was asked unprompted, so "skip this night" is offered.
    pub asked: bool,
}

impl CheckInForm {
    fn new(night: NaiveDate) -> CheckInForm {
        CheckInForm {
            night,
            field: Field::Cramps,
            cramps: 0,
            severity: 0,
            leg: None,
            minutes: String::new(),
            note: String::new(),
            replaces: false,
            asked: false,
        }
    }

    /// The form filled in with a saved check-in, to change it.
    fn from_saved(saved: &CheckIn) -> CheckInForm {
        CheckInForm {
            cramps: saved.cramps,
            severity: saved.severity.unwrap_or(0),
            leg: saved.leg,
            minutes: saved.minutes.map(|m| m.to_string()).unwrap_or_default(),
            note: saved.note.clone().unwrap_or_default(),
            replaces: true,
            ..CheckInForm::new(saved.night)
        }
    }

    /// The fields that apply: with no cramps there is nothing to grade.
    pub fn fields(&self) -> &'static [Field] {
        if self.cramps == 0 {
            &[Field::Cramps, Field::Note]
        } else {
            &FIELDS
        }
    }

    fn to_checkin(&self) -> CheckIn {
        let cramped = self.cramps > 0;
        let note = self.note.trim();
        CheckIn {
            night: self.night,
            cramps: self.cramps,
            severity: cramped.then_some(self.severity),
            leg: self.leg.filter(|_| cramped),
            minutes: self.minutes.parse().ok().filter(|_| cramped),
            note: (!note.is_empty()).then(|| note.to_string()),
        }
    }

    fn step_field(&mut self, by: isize) {
        let fields = self.fields();
        let at = fields
            .iter()
            .position(|field| *field == self.field)
            .unwrap_or(0);
        let next = (at as isize + by).clamp(0, fields.len() as isize - 1) as usize;
        self.field = fields[next];
    }

    fn adjust(&mut self, by: i8) {
        match self.field {
            Field::Cramps => self.cramps = self.cramps.saturating_add_signed(by).min(3),
            Field::Severity => self.severity = self.severity.saturating_add_signed(by).min(10),
            Field::Leg => {
                let at = self
                    .leg
                    .and_then(|leg| LEGS.iter().position(|l| *l == leg))
                    .map_or(if by > 0 { 0 } else { 2 }, |at| {
                        (at as isize + isize::from(by)).rem_euclid(3) as usize
                    });
                self.leg = Some(LEGS[at]);
            }
            Field::Minutes | Field::Note => {}
        }
    }

    /// Apply one key and say what it asks for.
    fn key(&mut self, code: KeyCode) -> FormAnswer {
        match code {
            KeyCode::Enter => return FormAnswer::Save,
            KeyCode::Esc => return FormAnswer::Later,
            // Only where no text is typed: the count takes digits, nothing else.
            KeyCode::Char('s') if self.asked && self.field == Field::Cramps => {
                return FormAnswer::SkipNight;
            }
            KeyCode::Tab | KeyCode::Down => self.step_field(1),
            KeyCode::BackTab | KeyCode::Up => self.step_field(-1),
            KeyCode::Right => self.adjust(1),
            KeyCode::Left => self.adjust(-1),
            KeyCode::Backspace => match self.field {
                Field::Minutes => drop(self.minutes.pop()),
                Field::Note => drop(self.note.pop()),
                _ => {}
            },
            KeyCode::Char(ch) => match self.field {
                Field::Cramps => {
                    if let Some(digit) = ch.to_digit(10).filter(|digit| *digit <= 3) {
                        self.cramps = digit as u8;
                    }
                }
                Field::Severity => {
                    if let Some(digit) = ch.to_digit(10) {
                        // "1" then "0" makes 10; any other second digit starts over.
                        let typed = if self.severity == 1 && digit == 0 {
                            10
                        } else {
                            digit as u8
                        };
                        self.severity = typed;
                    }
                }
                Field::Leg => match ch {
                    'l' => self.leg = Some(Leg::Left),
                    'r' => self.leg = Some(Leg::Right),
                    'b' => self.leg = Some(Leg::Both),
                    _ => {}
                },
                Field::Minutes => {
                    if ch.is_ascii_digit() && self.minutes.len() < 3 {
                        self.minutes.push(ch);
                    }
                }
                Field::Note => {
                    if self.note.chars().count() < CHECKIN_NOTE_LIMIT {
                        self.note.push(ch);
                    }
                }
            },
            _ => {}
        }
        FormAnswer::Editing
    }
}

/// What a key on the form asks for.
enum FormAnswer {
    /// Keep editing.
    Editing,
    /// Save the check-in.
    Save,
    /// Leave it for later (asked again at the next launch).
    Later,
    /// Never ask about this night again.
    SkipNight,
}

impl App {
    /// Ask how `night` went before anything else (the first launch after it).
    pub fn ask_checkin(&mut self, night: NaiveDate) {
        self.open_checkin(night);
        if let Stage::CheckIn(form) = &mut self.stage {
            form.asked = true;
        }
    }

    /// Open the check-in form for `night`, filled in with its saved check-in if any.
    pub(super) fn open_checkin(&mut self, night: NaiveDate) {
        self.after_checkin = Some(self.stage.clone());
        let form = match self.known_checkins.iter().find(|c| c.night == night) {
            Some(saved) => CheckInForm::from_saved(saved),
            None => CheckInForm::new(night),
        };
        self.stage = Stage::CheckIn(form);
    }

    /// A check-in already saved (read at start-up): the form opens with it.
    pub fn know_checkin(&mut self, checkin: CheckIn) {
        self.known_checkins
            .retain(|known| known.night != checkin.night);
        self.known_checkins.push(checkin);
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
            FormAnswer::Save => Some(Request::CheckIn(form.to_checkin())),
            FormAnswer::SkipNight => Some(Request::SkipCheckin(form.night)),
        };
        if let Some(Request::CheckIn(saved)) = &request {
            self.know_checkin(saved.clone());
        }
        self.requests.extend(request);
        self.stage = self.after_checkin.take().unwrap_or(Stage::Home);
        true
    }
}
