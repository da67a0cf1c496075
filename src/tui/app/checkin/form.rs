//! The check-in form: its fields, what each key does to them, and the check-in
//! it makes.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use crate::model::{CheckIn, Leg, MAX_CRAMPS, MAX_MINUTES, MAX_SEVERITY};

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
pub(in crate::tui::app) const CHECKIN_NOTE_LIMIT: usize = 200;

/// How many digits the minutes field takes: as many as its largest value has.
const MINUTES_DIGITS: usize = MAX_MINUTES.ilog10() as usize + 1;

/// The check-in being filled in. A field the user has not answered is `None`, shown
/// as "—", and saved as unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInForm {
    /// The evening the night belongs to.
    pub night: NaiveDate,
    /// The field with the cursor.
    pub field: Field,
    /// Cramps, 0 to 3 (3 means "3 or more"), once chosen.
    pub cramps: Option<u8>,
    /// Worst pain, 0 to 10, once chosen.
    pub severity: Option<u8>,
    /// The saved check-in's severity is an older winddown's 0 that may mean "not
    /// answered", and the user has not changed it: saving keeps it as it was.
    pub severity_unsure: bool,
    /// Which leg, once chosen.
    pub leg: Option<Leg>,
    /// Minutes as typed.
    pub minutes: String,
    /// The note as typed.
    pub note: String,
    /// The check-in saved for the night when the form was filled in (saving replaces it).
    pub loaded: Option<CheckIn>,
    /// Whether it was asked unprompted, so "skip this night" is offered.
    pub asked: bool,
    /// What keeps the form from being saved, shown beside the field it concerns.
    pub problem: Option<(Field, String)>,
    /// `loaded` was saved by another process after the form opened (the answers
    /// shown are the user's): saving replaces it, and the form says so.
    pub changed_elsewhere: bool,
}

impl CheckInForm {
    pub(super) fn new(night: NaiveDate) -> CheckInForm {
        CheckInForm {
            night,
            field: Field::Cramps,
            cramps: None,
            severity: None,
            severity_unsure: false,
            leg: None,
            minutes: String::new(),
            note: String::new(),
            loaded: None,
            asked: false,
            problem: None,
            changed_elsewhere: false,
        }
    }

    /// Another process saved `stored` for the form's night (`None`: removed it) after
    /// the form read its row: a form not yet touched shows what is stored now; one
    /// being filled in keeps the user's answers and says that saving replaces it.
    pub(super) fn stored_elsewhere(&mut self, stored: Option<&CheckIn>) {
        if self.loaded.as_ref() == stored {
            return;
        }
        let untouched = match &self.loaded {
            Some(loaded) => self.answers() == CheckInForm::from_saved(loaded).answers(),
            None => self.answers() == CheckInForm::new(self.night).answers(),
        };
        if untouched {
            let fresh = match stored {
                Some(stored) => CheckInForm::from_saved(stored),
                None => CheckInForm::new(self.night),
            };
            *self = CheckInForm {
                field: self.field,
                asked: self.asked,
                ..fresh
            };
            if !self.fields().contains(&self.field) {
                self.field = Field::Cramps;
            }
        } else {
            self.loaded = stored.cloned();
            self.changed_elsewhere = true;
        }
    }

    /// What the user has answered, to tell a form that was touched.
    pub(super) fn answers(&self) -> (Option<u8>, Option<u8>, bool, Option<Leg>, &str, &str) {
        (
            self.cramps,
            self.severity,
            self.severity_unsure,
            self.leg,
            &self.minutes,
            &self.note,
        )
    }

    /// The form filled in with a saved check-in, to change it.
    pub(super) fn from_saved(saved: &CheckIn) -> CheckInForm {
        CheckInForm {
            cramps: Some(saved.cramps),
            severity: saved.rated_severity(),
            severity_unsure: saved.severity_unsure,
            leg: saved.leg,
            minutes: saved.minutes.map(|m| m.to_string()).unwrap_or_default(),
            note: saved.note.clone().unwrap_or_default(),
            loaded: Some(saved.clone()),
            ..CheckInForm::new(saved.night)
        }
    }

    /// Whether saving replaces a check-in already saved for the night.
    pub fn replaces(&self) -> bool {
        self.loaded.is_some()
    }

    /// Whether the user said there were cramps (so there is something to grade).
    fn cramped(&self) -> bool {
        self.cramps.is_some_and(|cramps| cramps > 0)
    }

    /// The fields that apply: until cramps are counted there is nothing to grade.
    pub fn fields(&self) -> &'static [Field] {
        if self.cramped() {
            &FIELDS
        } else {
            &[Field::Cramps, Field::Note]
        }
    }

    /// The check-in as filled in, or the field that keeps it from being saved and why.
    fn to_checkin(&self) -> Result<CheckIn, (Field, String)> {
        let Some(cramps) = self.cramps else {
            return Err((Field::Cramps, "how many? 0 if none".to_string()));
        };
        let minutes = if self.minutes.is_empty() {
            None
        } else {
            match self.minutes.parse::<u32>() {
                Ok(minutes) if minutes <= MAX_MINUTES => Some(minutes),
                _ => return Err((Field::Minutes, format!("at most {MAX_MINUTES}"))),
            }
        };
        let cramped = cramps > 0;
        let unsure = cramped && self.severity.is_none() && self.severity_unsure;
        let note = self.note.trim();
        Ok(CheckIn {
            night: self.night,
            cramps,
            severity: self.severity.or(unsure.then_some(0)).filter(|_| cramped),
            severity_unsure: unsure,
            leg: self.leg.filter(|_| cramped),
            minutes: minutes.filter(|_| cramped),
            note: (!note.is_empty()).then(|| note.to_string()),
        })
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

    /// ← or →: the next or previous choice; the first press on an unanswered field
    /// chooses its lowest (a leg: the first or the last).
    fn adjust(&mut self, by: i8) {
        match self.field {
            Field::Cramps => {
                self.cramps = Some(
                    self.cramps
                        .map_or(0, |cramps| cramps.saturating_add_signed(by).min(MAX_CRAMPS)),
                );
            }
            Field::Severity => {
                self.severity_unsure = false;
                self.severity = Some(self.severity.map_or(0, |severity| {
                    severity.saturating_add_signed(by).min(MAX_SEVERITY)
                }));
            }
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

    /// Backspace: the last character typed, or a choice taken back to unanswered.
    fn erase(&mut self) {
        match self.field {
            Field::Cramps => self.cramps = None,
            Field::Severity => {
                self.severity = None;
                self.severity_unsure = false;
            }
            Field::Leg => self.leg = None,
            Field::Minutes => drop(self.minutes.pop()),
            Field::Note => drop(self.note.pop()),
        }
    }

    /// A character typed into the field with the cursor.
    fn type_char(&mut self, ch: char) {
        match self.field {
            Field::Cramps => {
                // "3+" takes any count from 3 up: a 5 is "3 or more".
                if let Some(digit) = ch.to_digit(10) {
                    self.cramps = Some((digit as u8).min(MAX_CRAMPS));
                }
            }
            Field::Severity => {
                if let Some(digit) = ch.to_digit(10) {
                    // "1" then "0" makes 10; any other second digit starts over.
                    let typed = if self.severity == Some(1) && digit == 0 {
                        10
                    } else {
                        digit as u8
                    };
                    self.severity = Some(typed);
                    self.severity_unsure = false;
                }
            }
            Field::Leg => match ch {
                'l' => self.leg = Some(Leg::Left),
                'r' => self.leg = Some(Leg::Right),
                '2' => self.leg = Some(Leg::Both),
                _ => {}
            },
            Field::Minutes => {
                if ch.is_ascii_digit() && self.minutes.len() < MINUTES_DIGITS {
                    self.minutes.push(ch);
                }
            }
            Field::Note => {
                if self.note.chars().count() < CHECKIN_NOTE_LIMIT {
                    self.note.push(ch);
                }
            }
        }
    }

    /// Apply one key and say what it asks for.
    pub(super) fn key(&mut self, code: KeyCode) -> FormAnswer {
        let before = self.clone();
        match code {
            KeyCode::Enter => return self.save(),
            KeyCode::Esc => return FormAnswer::Later,
            // Only where no text is typed: the count takes digits, nothing else.
            KeyCode::Char('s') if self.asked && self.field == Field::Cramps => {
                return FormAnswer::SkipNight;
            }
            KeyCode::Tab | KeyCode::Down => self.step_field(1),
            KeyCode::BackTab | KeyCode::Up => self.step_field(-1),
            KeyCode::Right => self.adjust(1),
            KeyCode::Left => self.adjust(-1),
            KeyCode::Backspace => self.erase(),
            KeyCode::Char(ch) => self.type_char(ch),
            _ => {}
        }
        // A problem goes once the field it is about changes.
        if let Some((field, _)) = &self.problem
            && self.value_of(*field) != before.value_of(*field)
        {
            self.problem = None;
        }
        FormAnswer::Editing
    }

    /// Enter: save, or stay open with the problem beside its field.
    fn save(&mut self) -> FormAnswer {
        match self.to_checkin() {
            Ok(checkin) => FormAnswer::Save(checkin),
            Err((field, problem)) => {
                self.field = field;
                self.problem = Some((field, problem));
                FormAnswer::Editing
            }
        }
    }

    /// A field's value as text, to tell whether a key changed it.
    fn value_of(&self, field: Field) -> String {
        match field {
            Field::Cramps => format!("{:?}", self.cramps),
            Field::Severity => format!("{:?}{}", self.severity, self.severity_unsure),
            Field::Leg => format!("{:?}", self.leg),
            Field::Minutes => self.minutes.clone(),
            Field::Note => self.note.clone(),
        }
    }
}

/// What a key on the form asks for.
pub(super) enum FormAnswer {
    /// Keep editing.
    Editing,
    /// Save the check-in.
    Save(CheckIn),
    /// Leave it for later (asked again at the next launch).
    Later,
    /// Never ask about this night again.
    SkipNight,
}
