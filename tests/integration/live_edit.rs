//! The routine file saved while a run is under way, with steps removed or reordered:
//! the whole app driven in process, the database read back with this file's own SQL.
//! Every result recorded before the edit is kept, the steps left are run once each in
//! the file's new order, and a stop afterwards resumes at a step not yet done.

use crate::support;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use support::in_process::{Drive, ENTER, FakeClock, Home, Script, drive, evening, evening_at};
use support::on_disk::{
    all_done as done, routine_of as routine, stored_results as stored, the_run as run_row,
};
use winddown::journal::{Interrupted, Pickup, RoutineKey, import_recoveries};
use winddown::routine::parse;
use winddown::tui::{Incoming, Opening, Pacing};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// Start a run of `before`, confirm `first` steps, save the file as `after` and let it
/// reload, then press Enter at each of `then` seconds and end with a signal (the
/// progress is saved, the run stays unfinished) unless the run ended first.
fn edit_mid_run(
    before: &[&str],
    first: usize,
    after: &[&str],
    then: usize,
) -> (Home, PathBuf, String) {
    let home = Home::new();
    let file = home.routine("quick", &routine(before));
    let clock = FakeClock::at(evening_at(night()));
    let mut script = Script::new(&clock).key(1.0, ENTER);
    let mut at = 2.0;
    for _ in 0..first {
        script = script.key(at, ENTER);
        at += 1.0;
    }
    let edited = routine(after);
    let saved = file.clone();
    script = script
        .meanwhile(at, move || {
            std::fs::write(&saved, edited).expect("save the routine")
        })
        .at(at + 0.1, Incoming::RoutineChanged);
    at += 1.0;
    for _ in 0..then {
        script = script.key(at, ENTER);
        at += 1.0;
    }
    script = script.at(at, Incoming::Signal(15));
    let done = run_app(&home, &file, &clock, script);
    done.end.expect("the app ran");
    (home, file, done.screen)
}

/// The app over `file` driven by `script` on `clock` until it ends.
fn run_app(home: &Home, file: &Path, clock: &FakeClock, script: Script) -> Drive {
    let mut store = home.store();
    drive(
        evening(home, file, night(), Opening::Home),
        &mut store,
        clock,
        script,
    )
}

/// What the next start offers over the routine file as saved, read as the app reads
/// it (each hold after the default lead-in, the text's own fingerprint).
fn offered_over_the_saved_file(home: &Home, file: &Path) -> Interrupted {
    let text = std::fs::read_to_string(file).expect("routine text");
    let lead_in = Pacing::from(&winddown::routine::Config::default()).lead_in;
    let steps = parse(&text)
        .expect("valid")
        .with_lead_in(lead_in)
        .tonight(night());
    let key = RoutineKey {
        id: "quick".into(),
        hash: winddown::routines::fingerprint(&text),
    };
    let pickup = Pickup::find(&home.store(), &key, &steps, night(), Instant::now());
    pickup.unfinished.expect("the run is offered")
}

/// What the next start offers, with the routine file as it is now.
fn next_start(home: &Home, file: &Path) -> Option<(String, usize)> {
    let text = std::fs::read_to_string(file).expect("routine text");
    let steps = parse(&text).expect("valid").tonight(night());
    let store = home.store();
    let key = RoutineKey {
        id: "quick".into(),
        hash: "edited".into(),
    };
    let pickup = Pickup::find(&store, &key, &steps, night(), Instant::now());
    assert!(pickup.trouble.is_none(), "{:?}", pickup.trouble);
    let interrupted = pickup.unfinished?;
    let step = interrupted.next_step()?.id.clone();
    let done = interrupted
        .snapshot
        .results
        .iter()
        .filter(|result| result.is_some())
        .count();
    Some((step, done))
}

#[test]
fn a_reorder_mid_run_runs_each_step_left_once_in_the_new_order() {
    // a done, b running; then d moves first and the done a moves after b.
    let (home, file, _) = edit_mid_run(&["a", "b", "c", "d"], 1, &["d", "b", "a", "c"], 3);
    assert_eq!(stored(&home.database()), done(&["a", "b", "c", "d"]));
    assert_eq!(
        run_row(&home.database()),
        ("completed".to_string(), 4, 4, true)
    );
    assert_eq!(next_start(&home, &file), None);
}

#[test]
fn a_reorder_mid_run_then_a_stop_resumes_at_a_step_not_done() {
    let (home, file, _) = edit_mid_run(&["a", "b", "c", "d"], 1, &["d", "b", "a", "c"], 2);
    // b was running at the edit, then b and d were confirmed: c is left.
    assert_eq!(stored(&home.database()), done(&["a", "b", "d"]));
    assert_eq!(next_start(&home, &file), Some(("c".to_string(), 3)));
}

#[test]
fn removing_done_and_upcoming_steps_mid_run_keeps_every_result() {
    // a and b done, c running; a (done) and d (not yet) are removed.
    let (home, file, _) = edit_mid_run(&["a", "b", "c", "d", "e"], 2, &["b", "c", "e"], 1);
    assert_eq!(stored(&home.database()), done(&["a", "b", "c"]));
    let (outcome, count, done_count, within) = run_row(&home.database());
    assert_eq!((outcome.as_str(), done_count, within), ("running", 3, true));
    assert!(
        count >= 4,
        "a's result is kept among the run's steps: {count}"
    );
    assert_eq!(next_start(&home, &file), Some(("e".to_string(), 2)));
}

#[test]
fn removing_the_running_step_lets_it_be_finished_and_says_so() {
    // a done, b running; b is removed from the file.
    let (home, _, screen) = edit_mid_run(&["a", "b", "c"], 1, &["a", "c"], 0);
    assert!(
        screen.contains("no longer in the routine"),
        "the screen says the step was removed: {screen}"
    );
    assert!(screen.contains("Step b"), "{screen}");
    assert_eq!(stored(&home.database()), done(&["a"]));
}

#[test]
fn finishing_a_removed_running_step_records_it_and_goes_on_with_the_file() {
    let (home, _, _) = edit_mid_run(&["a", "b", "c"], 1, &["a", "c"], 2);
    assert_eq!(stored(&home.database()), done(&["a", "b", "c"]));
    assert_eq!(
        run_row(&home.database()),
        ("completed".to_string(), 3, 3, true)
    );
}

#[test]
fn a_run_started_after_a_reload_is_not_taken_for_an_older_version() {
    let home = Home::new();
    let file = home.routine("quick", &routine(&["a", "b"]));
    let clock = FakeClock::at(evening_at(night()));
    let edited = routine(&["a", "b", "c"]);
    let saved = file.clone();
    // The file is saved while the home screen shows, then a run starts and stops.
    let script = Script::new(&clock)
        .meanwhile(1.0, move || std::fs::write(&saved, edited).expect("save"))
        .at(1.1, Incoming::RoutineChanged)
        .key(2.0, ENTER)
        .key(3.0, ENTER)
        .at(4.0, Incoming::Signal(15));
    run_app(&home, &file, &clock, script)
        .end
        .expect("the app ran");
    let interrupted = offered_over_the_saved_file(&home, &file);
    assert_eq!(interrupted.older, None, "the run began on this very text");
    assert_eq!(interrupted.next_step().map(|s| s.id.as_str()), Some("b"));
}

#[test]
fn a_reorder_during_a_paused_hold_then_a_stop_resumes_in_that_hold_with_its_time_left() {
    // a done at 2 s, b's ten-minute hold runs (after the lead-in) until it is paused at
    // 30 s; the file is then turned around and the app stopped.
    let home = Home::new();
    let timed = |ids: &[&str]| {
        routine(ids).replace(
            "title = \"Step b\"\n",
            "title = \"Step b\"\nduration = \"10m\"\n",
        )
    };
    let file = home.routine("quick", &timed(&["a", "b", "c"]));
    let clock = FakeClock::at(evening_at(night()));
    let edited = timed(&["c", "b", "a"]);
    let saved = file.clone();
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .key(30.0, KeyCode::Char('p'))
        .meanwhile(31.0, move || std::fs::write(&saved, edited).expect("save"))
        .at(31.1, Incoming::RoutineChanged)
        .at(40.0, Incoming::Signal(15));
    run_app(&home, &file, &clock, script)
        .end
        .expect("the app ran");
    let interrupted = offered_over_the_saved_file(&home, &file);
    let order: Vec<&str> = interrupted.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["a", "b", "c"], "done first, then b, then the rest");
    assert_eq!(interrupted.next_step().map(|s| s.id.as_str()), Some("b"));
    let lead_in = Pacing::from(&winddown::routine::Config::default()).lead_in;
    let held = Duration::from_secs(28) - lead_in;
    assert!(interrupted.snapshot.paused, "still paused");
    assert_eq!(
        interrupted.snapshot.remaining,
        Some(Duration::from_secs(600) - held),
        "the hold's time left, not its start"
    );
}

#[test]
fn a_reload_while_another_program_holds_the_lock_loses_nothing_and_resumes_at_the_step() {
    // a done, b on screen; a second connection takes the write lock, the file is
    // turned around, and one more step is confirmed; the lock is still held at quit.
    let home = Home::new();
    let file = home.routine("quick", &routine(&["a", "b", "c", "d"]));
    let clock = FakeClock::at(evening_at(night()));
    let holder: Rc<RefCell<Option<Connection>>> = Rc::default();
    let edited = routine(&["d", "c", "b", "a"]);
    let saved = file.clone();
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .lock_store(3.0, home.database(), &holder)
        .meanwhile(3.05, move || {
            std::fs::write(&saved, edited).expect("save the routine")
        })
        .at(3.1, Incoming::RoutineChanged)
        .at(4.0, Incoming::Signal(15));
    let driven = run_app(&home, &file, &clock, script);
    let end = driven.end.expect("the app ran");
    assert!(
        driven.screen.contains("not saved yet"),
        "the screen says so: {}",
        driven.screen
    );
    let kept = end
        .closing
        .recovery
        .expect("a recovery file")
        .expect("written");
    drop(holder.borrow_mut().take());

    // The next start imports the recovery file: a's result stays, the run's steps
    // follow the edit, and the offer goes on in b.
    let mut store = home.store();
    let notes = import_recoveries(&mut store, &home.paths.data);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(!kept.exists(), "the recovery file is removed once imported");
    drop(store);
    assert_eq!(stored(&home.database()), done(&["a"]));
    assert_eq!(next_start(&home, &file), Some(("b".to_string(), 1)));
}
