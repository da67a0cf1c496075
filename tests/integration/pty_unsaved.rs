//! Another program holds the database's write lock while steps end: nothing is
//! lost, the screen says what is not saved yet, and what is still unsaved at quit
//! is kept in a recovery file that the next start adds to the history.

use crate::support;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(20);
const ROUTINE: &str = "tests/routines/e2e.toml";

/// (step index, outcome) of every stored step result, read as another program would.
fn stored_steps(database: &Path) -> Vec<(i64, String)> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database");
    conn.prepare("SELECT step_index, outcome FROM step_results ORDER BY step_index")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("read the step results")
}

/// Wait until the app has written its run: its start-up writes are done.
fn wait_for_the_run(database: &Path) {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let runs: i64 = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|conn| conn.query_row("SELECT count(*) FROM runs", [], |row| row.get(0)))
            .unwrap_or(0);
        if runs > 0 {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "no run was written");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn recovery_files(home: &Path) -> Vec<String> {
    std::fs::read_dir(home)
        .expect("list the data folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("unsaved"))
        .collect()
}

#[test]
fn a_held_write_lock_delays_a_step_result_and_it_is_stored_once_released() {
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    wait_for_the_run(&database);

    let other = Connection::open(&database).expect("a second connection");
    other
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("take the write lock");
    app.send("\r");
    app.wait_for("1 step not saved yet — retrying", PATIENCE);
    other.execute_batch("COMMIT").expect("let go of the lock");
    drop(other);

    // The next retry stores it and the header says so no more.
    let deadline = std::time::Instant::now() + PATIENCE;
    while app.contents().contains("not saved yet") {
        assert!(std::time::Instant::now() < deadline, "{}", app.contents());
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(stored_steps(&database), [(0, "done".to_string())]);
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert!(recovery_files(home.path()).is_empty());
}

#[test]
fn a_step_still_unsaved_at_quit_is_kept_and_added_at_the_next_start() {
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 100, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    wait_for_the_run(&database);

    let other = Connection::open(&database).expect("a second connection");
    other
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("take the write lock");
    app.send("\r");
    app.wait_for("1 step not saved yet — retrying", PATIENCE);
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    app.wait_for("1 step could not be saved", PATIENCE);
    assert_eq!(app.wait_exit(PATIENCE), 1, "unsaved steps are a failure");
    let screen = app.contents();
    assert!(screen.contains("winddown-unsaved-"), "{screen}");
    assert!(!screen.contains("behind you"), "{screen}");
    assert_eq!(recovery_files(home.path()).len(), 1);
    other.execute_batch("COMMIT").expect("let go of the lock");
    drop(other);
    assert!(stored_steps(&database).is_empty());

    let mut again = PtyApp::spawn(&["run", ROUTINE], home.path(), 100, 24);
    again.wait_for("1 step kept at the last close are now saved", PATIENCE);
    assert_eq!(stored_steps(&database), [(0, "done".to_string())]);
    assert!(recovery_files(home.path()).is_empty());
    // The kept step counts: the run resumes after it.
    again.wait_for("Resume at \"Short hold\" (step 2 of", PATIENCE);
    again.send("q");
    assert_eq!(again.wait_exit(PATIENCE), 0);
}

#[test]
fn plain_mode_retries_a_held_step_result_while_it_runs() {
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let mut app = PtyApp::spawn(&["run", "--plain", ROUTINE], home.path(), 80, 24);
    app.wait_for("Enter when done", PATIENCE);
    wait_for_the_run(&database);

    let other = Connection::open(&database).expect("a second connection");
    other
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("take the write lock");
    app.send("\r");
    app.wait_for("Not saved", PATIENCE);
    other.execute_batch("COMMIT").expect("let go of the lock");
    drop(other);

    // Stored by a retry while the routine goes on, not only at quit.
    app.wait_for("Saved now", PATIENCE);
    assert_eq!(stored_steps(&database)[0], (0, "done".to_string()));
    app.send("q");
    app.wait_for("y quits", PATIENCE);
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
}
