//! Saying briefly what was just done: a check-in saved, an SOS logged, a rest night
//! set, a routine reloaded. The line goes at the next change, never on a timer.

use crate::support;

use std::rc::Rc;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::evening::{Evening, ROUTINE};
use support::in_process::{ENTER, FakeClock, Home, Script, drive, evening, evening_at};
use winddown::routine::parse;
use winddown::tui::{Incoming, Opening};

const TWO_STEPS: &str = r#"
name = "Two steps"

[[step]]
title = "Calf stretch"
duration = "30s"
instructions = "Lean in until the calf pulls."

[[step]]
title = "Glass of water"
"#;

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// The header, the screen's first line.
fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// Drive the app from the home screen through the script `then` writes, then stop
/// it with a signal: the screen is the last frame drawn.
fn home_then(then: impl FnOnce(Script, &Home) -> Script) -> String {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let clock = FakeClock::at(evening_at(night()));
    let script = then(Script::new(&clock), &home).at(30.0, Incoming::Signal(15));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    done.screen
}

/// The screen after `keys` on the home screen, a tenth of a second apart.
fn home_after(keys: &[KeyCode]) -> String {
    home_then(|script, _| {
        (1..).zip(keys).fold(script, |script, (at, code)| {
            script.key(f64::from(at) / 10.0, *code)
        })
    })
}

fn typed(text: &str) -> Vec<KeyCode> {
    text.chars().map(KeyCode::Char).collect()
}

#[test]
fn a_rest_night_once_stored_is_said_in_the_header() {
    let mut keys = vec![KeyCode::Char('r')];
    keys.extend(typed("travel"));
    keys.push(ENTER);
    let screen = home_after(&keys);
    assert!(
        header(&screen).contains("Rest night set: travel"),
        "{screen}"
    );
}

/// A rest night the store refuses is a warning, not a notice; its reason is still
/// there for Enter to try again, and nothing on screen says tonight is a rest night.
#[test]
fn a_rest_night_the_store_refuses_is_a_warning_not_a_notice() {
    let holder = Rc::default();
    let screen = home_then(|script, home| {
        let mut script = script.key(1.0, KeyCode::Char('r'));
        for (at, key) in typed("travel").into_iter().enumerate() {
            script = script.key(1.1 + at as f64 * 0.05, key);
        }
        script
            .lock_store(1.5, home.database(), &holder)
            .key(2.0, ENTER)
    });
    drop(holder.borrow_mut().take());
    assert!(header(&screen).contains("not saved"), "{screen}");
    assert!(!screen.contains("Rest night set"), "{screen}");
    assert!(
        screen.contains("travel"),
        "the reason typed is kept: {screen}"
    );
    assert!(
        !screen.contains("z rest"),
        "no rest night is shown: {screen}"
    );
}

/// A check-in the store cannot take (another program holds the database) loses
/// nothing: the form stays open with every answer, and the header says it was not
/// saved, so Enter can try again once the database is free.
#[test]
fn a_check_in_the_store_refuses_keeps_its_answers_on_the_form() {
    let holder = Rc::default();
    let keys = [KeyCode::Char('2'), KeyCode::Tab, KeyCode::Char('7')];
    let screen = home_then(|script, home| {
        let mut script = script.key(1.0, KeyCode::Char('c'));
        for (at, key) in keys.into_iter().enumerate() {
            script = script.key(1.1 + at as f64 * 0.1, key);
        }
        script
            .lock_store(1.5, home.database(), &holder)
            .key(2.0, ENTER)
    });
    drop(holder.borrow_mut().take());
    assert!(header(&screen).contains("not saved"), "{screen}");
    assert!(!screen.contains("Check-in saved"), "{screen}");
    assert!(
        screen.contains("[2]"),
        "the answers are still on the form: {screen}"
    );
    assert!(
        screen.contains("7 / 10"),
        "the answers are still on the form: {screen}"
    );
}

/// Once the database is free again and Enter saves the check-in, the header no
/// longer says it was not saved: it says it was.
#[test]
fn a_check_in_saved_on_a_second_try_clears_the_not_saved_warning() {
    let holder: Rc<std::cell::RefCell<Option<rusqlite::Connection>>> = Rc::default();
    let released = Rc::clone(&holder);
    let screen = home_then(|script, home| {
        script
            .key(1.0, KeyCode::Char('c'))
            .key(1.1, KeyCode::Char('2'))
            .lock_store(1.5, home.database(), &holder)
            .key(2.0, ENTER)
            .meanwhile(2.5, move || drop(released.borrow_mut().take()))
            .key(3.0, ENTER)
    });
    assert!(!header(&screen).contains("not saved"), "{screen}");
    assert!(
        header(&screen).contains("Check-in saved for Wednesday night"),
        "{screen}"
    );
}

#[test]
fn a_saved_check_in_is_said_in_the_header_and_goes_at_the_next_key() {
    let screen = home_after(&[KeyCode::Char('c'), KeyCode::Char('1'), ENTER]);
    assert!(
        header(&screen).contains("Check-in saved for Wednesday night"),
        "{screen}"
    );
    let screen = home_after(&[KeyCode::Char('c'), KeyCode::Char('1'), ENTER, KeyCode::Tab]);
    assert!(!screen.contains("Check-in saved"), "{screen}");
}

#[test]
fn an_sos_episode_once_stored_is_said_in_the_header() {
    let screen = home_after(&[KeyCode::Char('!'), KeyCode::Char('l'), KeyCode::Char('q')]);
    assert!(header(&screen).contains("Cramp logged"), "{screen}");
    assert!(header(&screen).contains("left leg"), "{screen}");
}

#[test]
fn a_notice_stays_while_only_time_passes_and_goes_when_the_step_changes() {
    let mut evening = Evening::new();
    evening.wait(10.0);
    let edited = ROUTINE.replace("into each calf", "into each calf and each foot");
    evening
        .app
        .routine_changed(parse(&edited).map_err(|err| format!("{err:?}")));
    assert!(header(&evening.screen()).contains("Routine reloaded"));
    evening.wait(30.0);
    assert!(
        header(&evening.screen()).contains("Routine reloaded"),
        "time alone does not take it away"
    );
    evening.wait(90.0);
    assert!(
        !evening.screen().contains("Routine reloaded"),
        "the next step began: {}",
        evening.screen()
    );
}

#[test]
fn a_reload_that_rewords_the_current_step_shows_the_new_words_at_once() {
    let mut evening = Evening::new();
    evening.wait(10.0);
    assert!(evening.screen().contains("Rub a few sprays"));
    let edited = ROUTINE.replace(
        "Rub a few sprays of magnesium oil into each calf",
        "Spray the oil on your hands first, then rub it into each calf",
    );
    evening
        .app
        .routine_changed(parse(&edited).map_err(|err| format!("{err:?}")));
    let screen = evening.screen();
    assert!(screen.contains("Spray the oil on your hands"), "{screen}");
    assert!(!screen.contains("Rub a few sprays"), "{screen}");
    let (now, _) = evening.now();
    let session = evening.app.session().expect("a run");
    assert_eq!(
        session.remaining(now),
        Some(std::time::Duration::from_secs(110)),
        "the hold under way goes on as it was"
    );
}
