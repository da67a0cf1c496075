//! One evening on a fake clock: the fixture routine, its history, and an app
//! driven by keys and time, rendered into a `TestBackend`.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use winddown::journal::Interrupted;
use winddown::model::NightStatus;
use winddown::routine::parse;
use winddown::session::Snapshot;
use winddown::stats::Streaks;
use winddown::tui::{App, History, Opening};

pub const ROUTINE: &str = r#"
name = "Leg-cramp wind-down"
bedtime = "22:30"

[[step]]
title = "Magnesium-oil rub"
duration = "2m"
instructions = "Rub a few sprays of magnesium oil into each calf with long, firm strokes from ankle to knee."
why = "A calming massage; evidence that magnesium passes through the skin is weak."

[[step]]
title = "Standing calf stretch"
duration = "30s"
sides = ["left leg", "right leg"]
sets = 3
rest = "10s"
instructions = """
Hands on the wall, back leg straight, heel down. Lean in until the calf pulls, \
not hurts. Breathe slowly."""
why = "Nightly calf and hamstring stretching before sleep cut cramps by about one a night in a six-week trial."

[[step]]
title = "Bedding check"
checklist = ["Covers loose over the feet", "Breathable sleepwear", "Water by the bed"]
why = "Tight covers push the toes down and shorten the calf overnight."

[[step]]
title = "Glass of water"
why = "Being well hydrated through the day is standard advice; a glass now, not a litre."
"#;

pub fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// Twelve nights in a row, a rest night, a missed one, and tonight not yet done.
pub fn history() -> History {
    let night = thursday();
    let recent = (0..14)
        .rev()
        .map(|back| {
            let day = night - chrono::Duration::days(back);
            let status = match back {
                0 => NightStatus::NotYet,
                13 => NightStatus::Missed,
                12 => NightStatus::Rest("travel".into()),
                5 => NightStatus::Partial,
                _ => NightStatus::Completed,
            };
            (day, Some(status))
        })
        .collect();
    History {
        streaks: Streaks {
            current: 4,
            best: 9,
        },
        recent,
    }
}

/// One evening on a fake clock, starting Thursday 26 November 2026 at 22:05.
pub struct Evening {
    pub app: App,
    pub start: Instant,
    pub wall: NaiveDateTime,
    pub elapsed: Duration,
}

impl Evening {
    pub fn new() -> Evening {
        Evening::sized(80, 24)
    }

    pub fn sized(width: u16, height: u16) -> Evening {
        Evening::opening(Opening::RunNow, history(), None, width, height)
    }

    pub fn opening(
        opening: Opening,
        history: History,
        unfinished: Option<Snapshot>,
        width: u16,
        height: u16,
    ) -> Evening {
        Evening::of(ROUTINE, opening, history, unfinished, (width, height))
    }

    /// An evening with the routine written in `source`.
    pub fn of(
        source: &str,
        opening: Opening,
        history: History,
        unfinished: Option<Snapshot>,
        (width, height): (u16, u16),
    ) -> Evening {
        let routine = parse(source).expect("test routine is valid");
        let night = thursday();
        let unfinished = unfinished.map(|snapshot| Interrupted {
            steps: routine.tonight(night),
            snapshot,
            older: None,
            step_changed: false,
        });
        Evening::interrupted(routine, opening, history, unfinished, (width, height))
    }

    /// An evening of `routine` opening on the offer to pick `unfinished` up.
    pub fn interrupted(
        routine: winddown::routine::Routine,
        opening: Opening,
        history: History,
        unfinished: Option<Interrupted>,
        (width, height): (u16, u16),
    ) -> Evening {
        let night = thursday();
        let wall = night.and_hms_opt(22, 5, 0).expect("time");
        let start = Instant::now();
        let app = App::new(
            routine,
            night,
            history,
            unfinished,
            opening,
            (start, wall),
            Rect::new(0, 0, width, height),
        );
        Evening {
            app,
            start,
            wall,
            elapsed: Duration::ZERO,
        }
    }

    pub fn with_choices(self, choices: Vec<winddown::routine::Routine>) -> Evening {
        Evening {
            app: self.app.with_choices(choices, 0),
            ..self
        }
    }

    pub fn now(&self) -> (Instant, NaiveDateTime) {
        let elapsed = chrono::Duration::from_std(self.elapsed).expect("small duration");
        (self.start + self.elapsed, self.wall + elapsed)
    }

    /// Let `seconds` pass on the fake clock.
    pub fn wait(&mut self, seconds: f64) -> &mut Self {
        self.elapsed += Duration::from_secs_f64(seconds);
        let (now, wall) = self.now();
        self.app.tick(now, wall);
        self
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        let (now, wall) = self.now();
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.handle_event(&event, now, wall);
        self
    }

    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for key in keys.chars() {
            self.key(KeyCode::Char(key));
        }
        self
    }

    pub fn screen(&self) -> String {
        let area = self.app.area();
        let mut terminal =
            Terminal::new(TestBackend::new(area.width, area.height)).expect("test terminal");
        terminal
            .draw(|frame| frame.render_widget(&self.app, frame.area()))
            .expect("draw");
        let buffer = terminal.backend().buffer();
        let mut text = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                // A wide character covers the cell after it, as on a terminal.
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                x += u16::try_from(symbol.width()).unwrap_or(1).max(1);
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }
}

pub fn sos_guide() -> winddown::routine::Routine {
    let shipped = winddown::shipped::find(winddown::shipped::SOS).expect("shipped SOS steps");
    parse(shipped.source).expect("SOS steps parse")
}
