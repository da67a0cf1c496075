//! Resume for whichever routine was interrupted, driven in process: the home
//! screen opens on it, switching to it offers its resume, starting another
//! routine leaves it resumable, and the exit line names the routine that ran.

mod support;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{ENTER, ESC, FakeClock, Home, Script, drive, evening_at, evening_of};
use winddown::model::RunOutcome;
use winddown::tui::{Incoming, Opening};

const TWO_STEPS: &str = r#"
name = "Two steps"

[[step]]
title = "Calf stretch"

[[step]]
title = "Glass of water"
"#;

const TRI: &str = r#"
name = "Tri"

[[step]]
title = "Alpha"

[[step]]
title = "Bravo"

[[step]]
title = "Charlie"
"#;

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// Two steps of Tri done by `winddown run tri`, then the process stops.
fn interrupt_tri(home: &Home, files: &[&std::path::Path]) {
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .at(3.0, Incoming::Signal(9));
    let mut store = home.store();
    let end = drive(
        evening_of(home, &files[1..], 0, night(), Opening::RunNow),
        &mut store,
        &clock,
        script,
    )
    .end
    .expect("the first evening");
    assert_eq!(end.signal, Some(9));
}

#[test]
fn the_home_screen_opens_on_the_interrupted_routine_and_offers_its_resume() {
    let home = Home::new();
    let two = home.routine("two", TWO_STEPS);
    let tri = home.routine("tri", TRI);
    let files = [two.as_path(), tri.as_path()];
    interrupt_tri(&home, &files);

    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .key(3.0, KeyCode::Char('q'));
    let mut store = home.store();
    let done = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    let end = done.end.expect("the app ran");
    let runs = store.runs(None, night()).expect("runs");
    assert_eq!(runs.len(), 1, "resumed, not started again: {runs:?}");
    assert_eq!(runs[0].routine_id, "tri");
    assert_eq!(runs[0].outcome, RunOutcome::Completed);
    let run = end.run.expect("a run");
    assert_eq!(run.routine, "Tri");
    assert_eq!(run.stored.done, 3);
}

#[test]
fn the_offer_names_the_step_of_the_interrupted_routine() {
    let home = Home::new();
    let two = home.routine("two", TWO_STEPS);
    let tri = home.routine("tri", TRI);
    let files = [two.as_path(), tri.as_path()];
    interrupt_tri(&home, &files);

    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock).at(1.0, Incoming::Signal(15));
    let mut store = home.store();
    let done = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\" (step 3 of 3)"),
        "{}",
        done.screen
    );
}

#[test]
fn switching_to_a_routine_with_an_unfinished_run_offers_its_resume() {
    let home = Home::new();
    let two = home.routine("two", TWO_STEPS);
    let tri = home.routine("tri", TRI);
    let files = [two.as_path(), tri.as_path()];
    interrupt_tri(&home, &files);

    // Esc leaves the offer for Tri's home screen; Tab goes to Two, Tab again back to Tri.
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ESC)
        .key(2.0, KeyCode::Tab)
        .key(3.0, KeyCode::Tab)
        .at(4.0, Incoming::Signal(15));
    let mut store = home.store();
    let done = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\""),
        "{}",
        done.screen
    );
}

#[test]
fn starting_another_routine_leaves_the_unfinished_one_resumable() {
    let home = Home::new();
    let two = home.routine("two", TWO_STEPS);
    let tri = home.routine("tri", TRI);
    let files = [two.as_path(), tri.as_path()];
    interrupt_tri(&home, &files);

    // Two is run to its end instead; Tri is not touched.
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ESC)
        .key(2.0, KeyCode::Tab)
        .key(3.0, ENTER)
        .key(4.0, ENTER)
        .key(5.0, ENTER)
        .key(6.0, KeyCode::Char('q'));
    let mut store = home.store();
    let end = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    )
    .end
    .expect("the app ran");
    assert_eq!(end.run.expect("a run").routine, "Two steps");
    let runs = store.runs(None, night()).expect("runs");
    let tri_run = runs
        .iter()
        .find(|run| run.routine_id == "tri")
        .expect("Tri's run");
    assert_eq!(tri_run.outcome, RunOutcome::Running, "{runs:?}");
    let unfinished = store
        .unfinished_run_of(night(), "tri")
        .expect("read")
        .expect("Tri is still resumable");
    assert_eq!(unfinished.snapshot.position, 2);

    // The next start opens on Tri again, with its offer.
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock).at(1.0, Incoming::Signal(15));
    let done = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\""),
        "{}",
        done.screen
    );
}

#[test]
fn the_exit_line_names_the_routine_switched_to() {
    let home = Home::new();
    let two = home.routine("two", TWO_STEPS);
    let tri = home.routine("tri", TRI);
    let files = [two.as_path(), tri.as_path()];
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, KeyCode::Tab)
        .key(2.0, ENTER)
        .key(3.0, ENTER)
        .key(4.0, KeyCode::Char('q'))
        .key(5.0, KeyCode::Char('y'));
    let mut store = home.store();
    let end = drive(
        evening_of(&home, &files, 0, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    )
    .end
    .expect("the app ran");
    let (line, stored) = end.exit_line();
    assert!(stored);
    assert_eq!(
        line.as_deref(),
        Some(
            "Tri: stopped with 1 of 3 steps done. \
             Run winddown again to pick up where you left off."
        )
    );
}
