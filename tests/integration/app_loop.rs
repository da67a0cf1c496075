//! The whole app driven in process: scripted keys, ticks, reloads and signals
//! over a test backend, a fake clock and a real store in a temporary folder.

use crate::support;

use std::rc::Rc;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{
    ENTER, FakeClock, Home, Script, TWO_STEPS, drive, evening, evening_at, key,
};
use winddown::model::{NightStatus, RunOutcome};
use winddown::session::{Outcome, Tally};
use winddown::tui::{Incoming, Opening, RunTally};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

#[test]
fn keys_and_ticks_run_a_routine_to_its_end_and_every_step_is_stored() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let clock = FakeClock::at(evening_at(night()));
    // Enter starts; a 5 s lead-in and the 3 s hold end by themselves; Enter confirms
    // the water; Enter goes from the summary to the home screen; q leaves.
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(10.0, ENTER)
        .key(11.0, ENTER)
        .key(12.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    let end = done.end.expect("the app ran");
    assert_eq!(end.signal, None);
    assert_eq!(
        end.run,
        Some(RunTally {
            routine: "Two steps".into(),
            stored: Tally {
                done: 2,
                skipped: 0,
                total: 2
            },
            finished: true,
        })
    );
    let steps = store.all_step_results().expect("step rows");
    let outcomes: Vec<(String, Outcome)> = steps
        .iter()
        .map(|row| (row.step_id.clone(), row.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("calf-stretch".to_string(), Outcome::Done),
            ("glass-of-water".to_string(), Outcome::Done)
        ]
    );
    let runs = store.runs(None, night()).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, RunOutcome::Completed);
    // The hold ended on the clock, not on a key: the loop woke at its deadline.
    assert!(
        done.deadlines
            .iter()
            .flatten()
            .any(|deadline| *deadline == clock.after(std::time::Duration::from_secs(9))),
        "no wake-up at the end of the hold: {:?}",
        done.deadlines
    );
}

#[test]
fn a_signal_mid_run_saves_progress_and_ends_with_the_signal() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        // The first n cuts the lead-in short, the second ends the hold.
        .key(1.5, KeyCode::Char('n'))
        .key(1.7, KeyCode::Char('n'))
        .at(2.0, Incoming::Signal(15));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    assert_eq!(done.end.expect("the app ran").signal, Some(15));
    let unfinished = store
        .unfinished_run(night())
        .expect("read")
        .expect("the run is resumable");
    assert_eq!(unfinished.snapshot.position, 1, "resumes at the water");
}

#[test]
fn a_saved_routine_reloads_once_the_file_settles() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let clock = FakeClock::at(evening_at(night()));
    let edited = TWO_STEPS.replace("Glass of water", "Bedding check");
    std::fs::write(&file, edited).expect("save the routine");
    let script = Script::new(&clock)
        .at(1.0, Incoming::RoutineChanged)
        .at(1.05, Incoming::RoutineChanged)
        .key(3.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(done.screen.contains("Bedding check"), "{}", done.screen);
    assert!(!done.screen.contains("Glass of water"), "{}", done.screen);
}

#[test]
fn a_store_another_process_keeps_locked_is_said_on_screen_and_the_evening_goes_on() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let clock = FakeClock::at(evening_at(night()));
    // A second connection takes the write lock before the rest night is declared,
    // and keeps it past the store's busy timeout.
    let holder = Rc::default();
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Char('r'))
        .lock_store(1.5, home.database(), &holder)
        .key(2.0, ENTER)
        .at(3.0, key(KeyCode::Char('q')));
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    drop(holder.borrow_mut().take());
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("the winddown database is busy"),
        "{}",
        done.screen
    );
    assert!(
        done.screen.contains("Enter start"),
        "still home: {}",
        done.screen
    );
    let history = store.history(None, night()).expect("history");
    assert!(
        history
            .iter()
            .all(|summary| !matches!(summary.status, NightStatus::Rest(_))),
        "nothing was written"
    );
}
