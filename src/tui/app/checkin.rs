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

    /// Apply one key; `Some(true)` saves, `Some(false)` skips, `None` goes on editing.
    fn key(&mut self, code: KeyCode) -> Option<bool> {
        match code {
            KeyCode::Enter => return Some(true),
            KeyCode::Esc => return Some(false),
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
                    if self.note.chars().count() < 200 {
                        self.note.push(ch);
                    }
                }
            },
            _ => {}
        }
        None
    }
}

impl App {
    /// Ask how `night` went before anything else (the first launch after it).
    pub fn ask_checkin(&mut self, night: NaiveDate) {
        self.after_checkin = Some(self.stage.clone());
        self.stage = Stage::CheckIn(CheckInForm::new(night));
    }

    pub(super) fn handle_checkin_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let Stage::CheckIn(form) = &mut self.stage else {
            return false;
        };
        let done = if ctrl_c { Some(false) } else { form.key(code) };
        if let Some(save) = done {
            if save {
                self.requests.push(Request::CheckIn(form.to_checkin()));
            }
            self.stage = self.after_checkin.take().unwrap_or(Stage::Home);
        }
        true
    }
}
