//! Every screen rendered into ratatui's TestBackend and compared with a snapshot.
//! A fake clock drives the evening: no test waits for real time to pass.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use winddown::routine::parse;
use winddown::session::Session;
use winddown::tui::App;

const ROUTINE: &str = r#"
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

/// One evening on a fake clock, starting Thursday 26 November 2026 at 22:05.
struct Evening {
    app: App,
    start: Instant,
    wall: NaiveDateTime,
    elapsed: Duration,
}

impl Evening {
    fn new() -> Evening {
        Evening::sized(80, 24)
    }

    fn sized(width: u16, height: u16) -> Evening {
        let routine = parse(ROUTINE).expect("fixture routine is valid");
        let night = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let wall = night.and_hms_opt(22, 5, 0).expect("time");
        let start = Instant::now();
        let session = Session::new(routine.tonight(night), start);
        let app = App::new(
            routine,
            night,
            session,
            start,
            wall,
            Rect::new(0, 0, width, height),
        );
        Evening {
            app,
            start,
            wall,
            elapsed: Duration::ZERO,
        }
    }

    fn now(&self) -> (Instant, NaiveDateTime) {
        let elapsed = chrono::Duration::from_std(self.elapsed).expect("small duration");
        (self.start + self.elapsed, self.wall + elapsed)
    }

    /// Let `seconds` pass on the fake clock.
    fn wait(&mut self, seconds: f64) -> &mut Self {
        self.elapsed += Duration::from_secs_f64(seconds);
        let (now, wall) = self.now();
        self.app.tick(now, wall);
        self
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        let (now, wall) = self.now();
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.app.handle_event(&event, now, wall);
        self
    }

    fn keys(&mut self, keys: &str) -> &mut Self {
        for key in keys.chars() {
            self.key(KeyCode::Char(key));
        }
        self
    }

    fn screen(&self) -> String {
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
            for x in 0..buffer.area.width {
                line.push_str(buffer[(x, y)].symbol());
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }
}

#[test]
fn timed_hold() {
    let mut evening = Evening::new();
    evening.wait(35.4);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn sided_hold_second_set() {
    let mut evening = Evening::new();
    // 2 min rub, then left set 1 (30 s) and a rest (10 s): 12 s into left set 2.
    evening.wait(120.0 + 40.0 + 12.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn rest_between_holds() {
    let mut evening = Evening::new();
    evening.wait(120.0 + 33.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn paused_hold() {
    let mut evening = Evening::new();
    evening
        .wait(120.0 + 5.0)
        .key(KeyCode::Char(' '))
        .wait(600.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn checklist_step() {
    let mut evening = Evening::new();
    evening
        .keys("ss")
        .key(KeyCode::Char(' '))
        .key(KeyCode::Down);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn unticked_checklist_asks_before_continuing() {
    let mut evening = Evening::new();
    evening
        .keys("ss")
        .key(KeyCode::Char(' '))
        .key(KeyCode::Enter);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn confirm_step() {
    let mut evening = Evening::new();
    evening.keys("sss");
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn help_overlay() {
    let mut evening = Evening::new();
    evening.wait(3.0).key(KeyCode::Char('?'));
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn quit_asks_first() {
    let mut evening = Evening::new();
    evening.wait(3.0).key(KeyCode::Char('q'));
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn summary() {
    let mut evening = Evening::new();
    evening
        .wait(120.0)
        .keys("s")
        .keys("xjxjx")
        .key(KeyCode::Enter)
        .wait(4.0)
        .key(KeyCode::Enter);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn too_small() {
    let evening = Evening::sized(24, 6);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn no_size_panics() {
    for (width, height) in [
        (1, 1),
        (10, 3),
        (0, 0),
        (29, 8),
        (30, 9),
        (40, 12),
        (200, 60),
    ] {
        let mut evening = Evening::sized(width, height);
        for _ in 0..3 {
            evening.screen();
            evening.keys("n").wait(7.0);
        }
    }
}
