//! Resume for whichever routine was interrupted, driven in process: the home
//! screen opens on it, switching to it offers its resume, starting another
//! routine leaves it resumable, and the exit line names the routine that ran.

use crate::support;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{
    Drive, ENTER, ESC, FakeClock, Home, Script, drive, evening_at, evening_of,
};
use winddown::model::RunOutcome;
use winddown::store::Store;
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

/// A home with Two (the routine asked for) and Tri in its routine folder.
struct TwoAndTri {
    home: Home,
    two: PathBuf,
    tri: PathBuf,
}

impl TwoAndTri {
    fn new() -> TwoAndTri {
        let home = Home::new();
        let two = home.routine("two", TWO_STEPS);
        let tri = home.routine("tri", TRI);
        TwoAndTri { home, two, tri }
    }

    /// The same, after `winddown run tri` stopped two steps in.
    fn with_tri_interrupted() -> TwoAndTri {
        let both = TwoAndTri::new();
        interrupt_tri(&both.home, &both.tri);
        both
    }

    /// Bare `winddown` at 21:00, on the home screen offering Two then Tri, driven by
    /// `keys`; returns how it went and the store it wrote to.
    fn home_screen(&self, keys: impl FnOnce(Script) -> Script) -> (Drive, Store) {
        let clock = FakeClock::at(evening_at(night()));
        let files = [self.two.as_path(), self.tri.as_path()];
        let mut store = self.home.store();
        let evening = evening_of(&self.home, &files, 0, night(), Opening::Home);
        let done = drive(evening, &mut store, &clock, keys(Script::new(&clock)));
        (done, store)
    }
}

/// Two steps of Tri done by `winddown run tri`, then the process stops.
fn interrupt_tri(home: &Home, tri: &Path) {
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock)
        .key(1.0, ENTER)
        .key(2.0, ENTER)
        .at(3.0, Incoming::Signal(9));
    let mut store = home.store();
    let evening = evening_of(home, &[tri], 0, night(), Opening::RunNow);
    let end = drive(evening, &mut store, &clock, script)
        .end
        .expect("the first evening");
    assert_eq!(end.signal, Some(9));
}

#[test]
fn the_home_screen_opens_on_the_interrupted_routine_and_offers_its_resume() {
    let evenings = TwoAndTri::with_tri_interrupted();
    let (done, store) = evenings.home_screen(|script| {
        script
            .key(1.0, ENTER)
            .key(2.0, ENTER)
            .key(3.0, KeyCode::Char('q'))
    });
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
    let evenings = TwoAndTri::with_tri_interrupted();
    let (done, _) = evenings.home_screen(|script| script.at(1.0, Incoming::Signal(15)));
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\" (step 3 of 3)"),
        "{}",
        done.screen
    );
}

#[test]
fn switching_to_a_routine_with_an_unfinished_run_offers_its_resume() {
    let evenings = TwoAndTri::with_tri_interrupted();
    // Esc leaves the offer for Tri's home screen; Tab goes to Two, Tab again back to Tri.
    let (done, _) = evenings.home_screen(|script| {
        script
            .key(1.0, ESC)
            .key(2.0, KeyCode::Tab)
            .key(3.0, KeyCode::Tab)
            .at(4.0, Incoming::Signal(15))
    });
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\""),
        "{}",
        done.screen
    );
}

#[test]
fn starting_another_routine_leaves_the_unfinished_one_resumable() {
    let evenings = TwoAndTri::with_tri_interrupted();
    // Two is run to its end instead; Tri is not touched.
    let (done, store) = evenings.home_screen(|script| {
        script
            .key(1.0, ESC)
            .key(2.0, KeyCode::Tab)
            .key(3.0, ENTER)
            .key(4.0, ENTER)
            .key(5.0, ENTER)
            .key(6.0, KeyCode::Char('q'))
    });
    let end = done.end.expect("the app ran");
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
    drop(store);

    // The next start opens on Tri again, with its offer.
    let (done, _) = evenings.home_screen(|script| script.at(1.0, Incoming::Signal(15)));
    done.end.expect("the app ran");
    assert!(
        done.screen.contains("Resume at \"Charlie\""),
        "{}",
        done.screen
    );
}

#[test]
fn the_exit_line_names_the_routine_switched_to() {
    let evenings = TwoAndTri::new();
    let (done, _) = evenings.home_screen(|script| {
        script
            .key(1.0, KeyCode::Tab)
            .key(2.0, ENTER)
            .key(3.0, ENTER)
            .key(4.0, KeyCode::Char('q'))
            .key(5.0, KeyCode::Char('y'))
    });
    let (line, stored) = done.end.expect("the app ran").exit_line();
    assert!(stored);
    assert_eq!(
        line.as_deref(),
        Some(
            "Tri: stopped with 1 of 3 steps done. \
             Run winddown again to pick up where you left off."
        )
    );
}
