//! The recorder against a real store: results reach the disk as they happen, survive
//! a full disk or a held lock, and what is left at quit goes to a recovery file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use rusqlite::{Connection, OpenFlags};

use super::Recorder;
use crate::journal::{RoutineKey, import_recoveries};
use crate::routine::parse;
use crate::store::{DB_FILE, Store};
use crate::tui::app::{App, History, Opening};

const ROUTINE: &str = r#"
name = "Quick"

[[step]]
title = "One"

[[step]]
title = "Two"
duration = "3s"

[[step]]
title = "Three"
"#;

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

fn key() -> RoutineKey {
    RoutineKey {
        id: "quick".into(),
        hash: "0".into(),
    }
}

/// The app straight into a fresh run of Quick at `start`.
fn app(start: Instant) -> App {
    let routine = parse(ROUTINE).expect("the test routine parses");
    let wall = night().and_hms_opt(21, 0, 0).expect("time");
    App::new(
        routine,
        night(),
        History::default(),
        None,
        Opening::RunNow,
        (start, wall),
        Rect::new(0, 0, 80, 24),
    )
}

/// What the loop does with the app's requests: write them, then show what is unsaved.
fn carry_out(recorder: &mut Recorder, app: &mut App) {
    for request in app.take_requests() {
        recorder.write(&request, app).expect("not a run write");
    }
    app.set_unsaved(recorder.unsaved());
}

fn press(app: &mut App, code: KeyCode, now: Instant) {
    let wall = night().and_hms_opt(21, 0, 0).expect("time");
    app.handle_event(
        &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        now,
        wall,
    );
}

fn tick(app: &mut App, now: Instant) {
    app.tick(now, night().and_hms_opt(21, 0, 0).expect("time"));
}

/// A second connection, as another program would open the file.
/// A fresh home folder, the database path in it, and the store opened there.
fn home() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = dir.path().join(DB_FILE);
    let store = Store::open(&database).expect("open");
    (dir, database, store)
}

/// What the header says about results not yet saved.
fn unsaved_line(app: &App) -> Option<String> {
    app.unsaved().map(|unsaved| unsaved.describe())
}

fn peek(database: &Path) -> Connection {
    Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("peek")
}

/// The step results on disk as (index, outcome), and the run's outcome.
fn on_disk(database: &Path) -> (Vec<(i64, String)>, String) {
    let conn = peek(database);
    let steps = conn
        .prepare("SELECT step_index, outcome FROM step_results ORDER BY step_index")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("read the step results");
    let outcome = conn
        .query_row(
            "SELECT outcome FROM runs ORDER BY id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .expect("read the run");
    (steps, outcome)
}

fn done(indexes: &[i64]) -> Vec<(i64, String)> {
    indexes
        .iter()
        .map(|&index| (index, "done".to_string()))
        .collect()
}

#[test]
fn every_step_and_the_end_reach_the_store_as_they_happen() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
    tick(&mut app, start + Duration::from_secs(4));
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, start + Duration::from_secs(5));
    carry_out(&mut recorder, &mut app);
    assert_eq!(
        on_disk(&database),
        (done(&[0, 1, 2]), "completed".to_string())
    );
}

#[test]
fn a_step_the_timer_ends_moves_the_saved_place_at_once() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    recorder.save_progress(&mut app, start, true, false);
    // Three seconds on, the timer ends "Two": no key, and the last save is recent.
    let later = start + Duration::from_millis(3200);
    tick(&mut app, later);
    carry_out(&mut recorder, &mut app);
    recorder.save_progress(&mut app, later, false, false);
    let position: i64 = peek(&database)
        .query_row("SELECT position FROM progress", [], |row| row.get(0))
        .expect("a saved place");
    assert_eq!(position, 2);
}

#[test]
fn a_full_disk_keeps_every_result_and_retries_until_they_are_stored() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    recorder.journal.store().fill_disk(true);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    assert_eq!(
        unsaved_line(&app).as_deref(),
        Some("1 step not saved yet — retrying")
    );
    let end = start + Duration::from_secs(4);
    tick(&mut app, end);
    press(&mut app, KeyCode::Enter, end);
    carry_out(&mut recorder, &mut app);
    recorder.retry(&mut app, end);
    assert!(app.session().is_some_and(|session| session.is_finished()));
    // Nothing reached the disk, and the run is not marked finished.
    assert_eq!(on_disk(&database), (Vec::new(), "running".to_string()));
    assert_eq!(
        unsaved_line(&app).as_deref(),
        Some("3 steps not saved yet — retrying")
    );

    recorder.journal.store().fill_disk(false);
    let retry_at = recorder.next_retry().expect("a retry is planned");
    assert!(retry_at <= end + Duration::from_secs(5), "{retry_at:?}");
    recorder.retry(&mut app, retry_at);
    assert_eq!(
        on_disk(&database),
        (done(&[0, 1, 2]), "completed".to_string())
    );
    assert!(app.unsaved().is_none());
    assert!(recorder.next_retry().is_none());
}

#[test]
fn another_connection_holding_the_write_lock_delays_results_but_loses_none() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);

    let other = Connection::open(&database).expect("a second connection");
    other
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("take the lock");
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    assert_eq!(
        unsaved_line(&app).as_deref(),
        Some("1 step not saved yet — retrying")
    );
    other.execute_batch("COMMIT").expect("let go of the lock");

    let retry_at = recorder.next_retry().expect("a retry is planned");
    recorder.retry(&mut app, retry_at);
    assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
    assert!(app.unsaved().is_none());
}

#[test]
fn results_still_unsaved_at_quit_go_to_a_recovery_file_the_next_start_imports() {
    let (dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    recorder.journal.store().fill_disk(true);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    let (closing, _) = recorder.close(&mut app, start, dir.path());
    assert_eq!(closing.unsaved_steps, 1);
    let kept = closing.recovery.expect("a recovery file").expect("written");
    assert_eq!(kept.parent(), Some(dir.path()));
    assert_eq!(on_disk(&database).0, Vec::new());
    drop(recorder);
    drop(store);

    let mut store = Store::open(&database).expect("open again");
    let notes = import_recoveries(&mut store, dir.path());
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("1 step"), "{notes:?}");
    assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
    assert!(!kept.exists(), "the recovery file is removed once imported");
    assert!(import_recoveries(&mut store, dir.path()).is_empty());
}

#[test]
fn steps_added_by_a_live_edit_mid_run_are_recorded_too() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    let longer = format!("{ROUTINE}\n[[step]]\ntitle = \"Four\"\n\n[[step]]\ntitle = \"Five\"\n");
    app.routine_changed(Ok(parse(&longer).expect("the longer routine parses")));
    let later = start + Duration::from_secs(4);
    tick(&mut app, later);
    for _ in 0..3 {
        press(&mut app, KeyCode::Enter, later);
        carry_out(&mut recorder, &mut app);
    }
    assert!(app.unsaved().is_none(), "{:?}", app.unsaved());
    assert_eq!(
        on_disk(&database),
        (done(&[0, 1, 2, 3, 4]), "completed".to_string())
    );
}

#[test]
fn a_live_edit_on_a_full_disk_is_kept_retried_and_laid_out_before_the_results_after_it() {
    let (_dir, database, mut store) = home();
    let start = Instant::now();
    let mut app = app(start);
    let mut recorder = Recorder::new(&mut store, key(), night(), None);
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, start);
    carry_out(&mut recorder, &mut app);
    // One done, Two's hold on screen; the disk fills, then the file is saved with
    // Four added first and the rest turned around, as the loop reloads it.
    recorder.journal.store().fill_disk(true);
    let edited = "name = \"Quick\"\n\n[[step]]\ntitle = \"Four\"\n\n[[step]]\ntitle = \"Three\"\n\n\
                      [[step]]\ntitle = \"Two\"\nduration = \"3s\"\n\n[[step]]\ntitle = \"One\"\n";
    app.routine_changed(Ok(parse(edited).expect("the edited routine parses")));
    recorder.save_progress(&mut app, start, false, true);
    carry_out(&mut recorder, &mut app);
    assert_eq!(
        unsaved_line(&app).as_deref(),
        Some("tonight's run not saved yet — retrying")
    );
    // The timer ends Two; Four is confirmed: both results wait behind the layout.
    let later = start + Duration::from_secs(4);
    tick(&mut app, later);
    carry_out(&mut recorder, &mut app);
    press(&mut app, KeyCode::Enter, later);
    carry_out(&mut recorder, &mut app);
    assert_eq!(
        unsaved_line(&app).as_deref(),
        Some("2 steps not saved yet — retrying")
    );
    assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));

    recorder.journal.store().fill_disk(false);
    let retry_at = recorder.next_retry().expect("a retry is planned");
    recorder.retry(&mut app, retry_at);
    recorder.save_progress(&mut app, retry_at, false, false);
    assert!(app.unsaved().is_none(), "{:?}", app.unsaved());
    let conn = peek(&database);
    let laid_out: Vec<(i64, String)> = conn
        .prepare("SELECT step_index, step_id FROM step_results ORDER BY step_index")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("read the step results");
    let ids = |rows: &[(i64, &str)]| -> Vec<(i64, String)> {
        rows.iter().map(|(i, id)| (*i, id.to_string())).collect()
    };
    assert_eq!(laid_out, ids(&[(0, "one"), (1, "two"), (2, "four")]));
    let (count, place): (i64, (i64, Option<String>)) = (
        conn.query_row("SELECT step_count FROM runs", [], |row| row.get(0))
            .expect("the run"),
        conn.query_row("SELECT position, step_id FROM progress", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("a saved place"),
    );
    assert_eq!(count, 4, "one, two, four, three");
    assert_eq!(place, (3, Some("three".to_string())));
}
