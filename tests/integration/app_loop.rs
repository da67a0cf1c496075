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
                cut_short: 0,
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

/// The UTC milliseconds at which this machine's wall clock shows `wall`.
fn millis_at(wall: chrono::NaiveDateTime) -> i64 {
    use chrono::TimeZone;
    chrono::Local
        .from_local_datetime(&wall)
        .earliest()
        .expect("an evening time exists")
        .timestamp_millis()
}

#[test]
fn stored_times_come_from_the_apps_clock() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let start = evening_at(night());
    let clock = FakeClock::at(start);
    // Enter starts at 1 s; the 5 s lead-in and the 3 s hold end at 9 s; Enter
    // confirms the water at 10 s; q leaves from the summary.
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(10.0, ENTER)
        .key(11.0, ENTER)
        .key(12.0, KeyCode::Char('q'));
    let mut store = home.store();
    drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    let second = |seconds: i64| millis_at(start + chrono::Duration::seconds(seconds));
    let conn = rusqlite::Connection::open(home.database()).expect("open");
    let (started, ended): (i64, i64) = conn
        .query_row("SELECT started_at, ended_at FROM runs", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("the run");
    assert_eq!((started, ended), (second(1), second(10)));
    let stamps: Vec<i64> = conn
        .prepare("SELECT at FROM step_results ORDER BY step_index")
        .and_then(|mut rows| rows.query_map([], |row| row.get(0))?.collect())
        .expect("step results");
    assert_eq!(stamps, [second(9), second(10)]);
}

#[test]
fn a_signal_mid_run_saves_progress_and_ends_with_the_signal() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        // The first Enter cuts the lead-in short, the second ends the hold.
        .key(1.5, ENTER)
        .key(1.7, ENTER)
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
        // The question stays open for another try; Esc leaves it.
        .key(2.5, KeyCode::Esc)
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
        done.screen
            .contains("database busy: another program holds it"),
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
