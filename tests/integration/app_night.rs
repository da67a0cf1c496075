//! The evening around the routine, driven in process: Cramp SOS episodes kept from
//! the moment the screen opens, Esc on the resume offer, the night following the clock.

use crate::support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{
    Drive, ENTER, ESC, FakeClock, Home, Script, TWO_STEPS, drive, evening, evening_at,
};
use winddown::model::{Leg, RunOutcome, SosEpisode};
use winddown::store::Store;
use winddown::tui::{Incoming, Opening};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// Two steps on Thursday night in `home`, opened as `opening`, driven by `script`;
/// returns how it went and the store it wrote to.
fn drive_two(home: &Home, opening: Opening, clock: &FakeClock, script: Script) -> (Drive, Store) {
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let done = drive(
        evening(home, &file, night(), opening),
        &mut store,
        clock,
        script,
    );
    (done, store)
}

/// The SOS episodes on record, read through a second connection as another process would.
fn episodes(database: &std::path::Path) -> Vec<SosEpisode> {
    Store::open_read_only(database)
        .expect("read-only store")
        .sos_episodes(None, night())
        .expect("episodes")
}

#[test]
fn an_sos_episode_is_stored_when_it_starts_and_updated_when_it_ends() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let seen_during: Rc<RefCell<Option<usize>>> = Rc::default();
    let seen = Rc::clone(&seen_during);
    let database = home.database();
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('!'))
        .meanwhile(20.0, move || {
            *seen.borrow_mut() = Some(episodes(&database).len());
        })
        .key(30.0, KeyCode::Char('l'))
        .key(95.0, ESC)
        .key(96.0, KeyCode::Char('q'));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    assert_eq!(
        *seen_during.borrow(),
        Some(1),
        "stored while the SOS screen was open"
    );
    let stored = episodes(&home.database());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].seconds, 94);
    assert_eq!(stored[0].leg, Some(Leg::Left));
}

#[test]
fn a_signal_during_sos_keeps_the_episode_with_its_length() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('!'))
        .at(41.5, Incoming::Signal(1));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    assert_eq!(done.end.expect("the app ran").signal, Some(1));
    let stored = episodes(&home.database());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].seconds, 40);
}

#[test]
fn an_sos_left_within_seconds_without_doing_anything_is_not_an_episode() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('!'))
        .key(3.0, ESC)
        .key(10.0, KeyCode::Char('q'));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    assert!(
        episodes(&home.database()).is_empty(),
        "{:?}",
        episodes(&home.database())
    );
    assert!(done.screen.contains("not logged"), "{}", done.screen);
}

#[test]
fn an_sos_left_soon_after_naming_a_leg_is_an_episode() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('!'))
        .key(2.0, KeyCode::Char('r'))
        .key(3.0, ESC)
        .key(10.0, KeyCode::Char('q'));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    let stored = episodes(&home.database());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].leg, Some(Leg::Right));
}

#[test]
fn winddown_sos_left_at_once_says_on_the_way_out_it_was_not_logged() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock).key(2.0, ESC);
    let (done, _) = drive_two(&home, Opening::Sos, &clock, script);
    let end = done.end.expect("the app ran");
    let (line, stored) = end.exit_line();
    assert!(stored);
    let line = line.expect("a line on the way out");
    assert!(line.contains("not logged"), "{line}");
    assert!(episodes(&home.database()).is_empty());
}

#[test]
fn esc_on_the_resume_offer_goes_home_and_enter_there_offers_the_resume_again() {
    let home = Home::new();
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(1.5, ENTER)
        .at(2.0, Incoming::Signal(15));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("first evening");
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ESC)
        .at(2.0, Incoming::Signal(15));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    assert_eq!(
        done.end.expect("the app ran").signal,
        Some(15),
        "Esc did not leave the app"
    );
    assert!(done.screen.contains("Enter resume"), "{}", done.screen);
    assert!(
        !done.screen.contains("Resume at"),
        "home, not the offer: {}",
        done.screen
    );
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ESC)
        .key(2.0, ENTER)
        .at(3.0, Incoming::Signal(15));
    let (done, store) = drive_two(&home, Opening::Home, &clock, script);
    assert!(done.screen.contains("Resume at"), "{}", done.screen);
    let runs = store.runs(None, night()).expect("runs");
    assert_eq!(runs.len(), 1, "nothing abandoned, nothing started");
    assert_eq!(runs[0].outcome, RunOutcome::Running);
}

#[test]
fn an_idle_home_screen_moves_to_the_new_night_at_the_rollover() {
    let home = Home::new();
    // Thursday's evening, still at 03:58 on Friday morning.
    let friday = night().succ_opt().expect("date");
    let clock = FakeClock::at(friday.and_hms_opt(3, 58, 0).expect("time"));
    let script = Script::new(&clock)
        .key(144.0, ENTER)
        .at(145.0, Incoming::Signal(15));
    let (done, store) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    let runs = store.runs(None, friday).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(
        runs[0].night, friday,
        "Enter after 04:00 starts the new night's run"
    );
    let rollover = clock.after(Duration::from_secs(120));
    assert!(
        done.deadlines.contains(&Some(rollover)),
        "no wake-up at 04:00: {:?}",
        done.deadlines
    );
}

#[test]
fn the_home_screen_says_the_new_night_once_the_clock_passes_the_rollover() {
    let home = Home::new();
    let friday = night().succ_opt().expect("date");
    let clock = FakeClock::at(friday.and_hms_opt(3, 59, 30).expect("time"));
    let script = Script::new(&clock).at(40.0, Incoming::Signal(15));
    let (done, _) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Tonight · Fri 27 November"),
        "{}",
        done.screen
    );
}

#[test]
fn a_run_in_progress_stays_on_the_night_it_started() {
    let home = Home::new();
    let friday = night().succ_opt().expect("date");
    let clock = FakeClock::at(friday.and_hms_opt(3, 59, 0).expect("time"));
    let script = Script::new(&clock)
        .key(30.0, ENTER)
        .key(90.0, ENTER)
        .key(91.0, KeyCode::Char('q'));
    let (done, store) = drive_two(&home, Opening::Home, &clock, script);
    done.end.expect("the app ran");
    let runs = store.runs(None, friday).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].night, night());
    assert_eq!(runs[0].outcome, RunOutcome::Completed);
}
