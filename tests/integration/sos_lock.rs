//! Cramp SOS while another program holds the database's write lock (a second
//! connection, as sqlite3 or a backup would hold it): the screen and the stopwatch
//! go on, the header says the cramp is not saved yet, the row catches up once the
//! lock clears, and what still cannot be written at the close is kept in a file,
//! said so, and stored at the next start.

use crate::support;

use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use rusqlite::{Connection, OpenFlags};

use support::in_process::{
    ESC, FakeClock, Home, Script, TWO_STEPS, drive, evening, evening_at, key,
};
use winddown::tui::Opening;

fn night() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
}

/// Every episode stored, as (seconds, leg), read with SQL of the test's own.
fn episodes(database: &Path) -> Vec<(i64, Option<String>)> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database");
    let mut statement = conn
        .prepare("SELECT seconds, leg FROM sos_episodes ORDER BY started_at")
        .expect("prepare");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn an_sos_row_behind_catches_up_once_the_lock_clears_and_the_header_stops_saying_so() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    store
        .wait_for_locks_at_most(Duration::from_millis(20))
        .expect("short wait");
    let clock = FakeClock::at(evening_at(night()));
    let holder = Rc::default();
    let released = Rc::clone(&holder);
    // The row is written when SOS opens; then another connection holds the lock
    // while the leg is named, and lets go at 6 s.
    let script = Script::new(&clock)
        .lock_store(0.5, home.database(), &holder)
        .key(1.0, KeyCode::Char('r'))
        .meanwhile(6.0, move || drop(released.borrow_mut().take()))
        .at(8.5, key(ESC));
    let done = drive(
        evening(&home, &file, night(), Opening::Sos),
        &mut store,
        &clock,
        script,
    );
    let end = done.end.expect("the app ran");
    assert!(!done.screen.contains("not saved"), "{}", done.screen);
    let (line, stored) = end.exit_line();
    assert!(stored, "{line:?}");
    assert_eq!(
        line.as_deref(),
        Some("Cramp logged: 8 seconds, right leg."),
        "the length at the close, once the row caught up"
    );
    assert_eq!(episodes(&home.database()), vec![(8, Some("right".into()))]);
}

#[test]
fn an_sos_the_store_refuses_to_the_end_is_kept_said_so_and_stored_at_the_next_start() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    store
        .wait_for_locks_at_most(Duration::from_millis(20))
        .expect("short wait");
    let clock = FakeClock::at(evening_at(night()));
    let holder = Rc::default();
    let script = Script::new(&clock)
        .lock_store(0.5, home.database(), &holder)
        .key(1.0, KeyCode::Char('l'))
        .at(3.0, key(ESC));
    let done = drive(
        evening(&home, &file, night(), Opening::Sos),
        &mut store,
        &clock,
        script,
    );
    let end = done.end.expect("the app ran");
    let (line, stored) = end.exit_line();
    assert!(!stored, "the command fails: {line:?}");
    let line = line.unwrap_or_default();
    assert!(
        line.starts_with(
            "Cramp SOS (3 seconds, left leg) could not be saved: database busy: another program holds it"
        ),
        "{line}"
    );
    assert!(
        line.contains("It is kept in ") && line.contains("winddown-unsaved-"),
        "{line}"
    );
    assert!(
        done.screen.contains("cramp not saved yet — retrying"),
        "{}",
        done.screen
    );
    // Only its start reached the disk.
    assert_eq!(episodes(&home.database()), vec![(0, None)]);
    drop(holder.borrow_mut().take());

    // The next ordinary start stores what was kept, and says so.
    let clock = FakeClock::at(evening_at(night()));
    let script = Script::new(&clock).at(1.0, key(KeyCode::Char('q')));
    let done = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut store,
        &clock,
        script,
    );
    done.end.expect("the app ran");
    assert_eq!(episodes(&home.database()), vec![(3, Some("left".into()))]);
    let kept: Vec<_> = std::fs::read_dir(&home.paths.data)
        .expect("data folder")
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("winddown-unsaved-")
        })
        .collect();
    assert!(kept.is_empty(), "the recovery file is gone once stored");
}
