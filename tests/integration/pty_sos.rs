//! Cramp SOS through the real binary: it opens and logs the episode while another
//! winddown holds the instance lock, it keeps the leg and the length through
//! `kill -9`, and it ends with a line saying what was logged.

use crate::support;

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// Every episode stored, as (seconds, leg), read with SQL of the test's own.
fn episodes(home: &Path) -> Vec<(i64, Option<String>)> {
    let conn =
        Connection::open_with_flags(home.join("winddown.db"), OpenFlags::SQLITE_OPEN_READ_ONLY)
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

fn kill(pid: u32) {
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid}");
}

#[test]
fn sos_opens_and_logs_the_episode_while_another_winddown_holds_the_lock() {
    let home = tempfile::tempdir().expect("temp home");
    // The app left open in another window: it holds the instance lock.
    let mut open = PtyApp::spawn(&[], home.path(), 80, 24);
    open.wait_for("Enter start", PATIENCE);
    let second = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("list")
        .env("WINDDOWN_HOME", home.path())
        .output()
        .expect("run list");
    assert!(second.status.success());
    // A second home screen is still refused: the lock holds.
    let mut refused = PtyApp::spawn(&[], home.path(), 80, 24);
    assert_eq!(refused.wait_exit(PATIENCE), 1);
    assert!(
        refused.output().contains("winddown is already running"),
        "{}",
        refused.output()
    );

    let mut sos = PtyApp::spawn(&["sos"], home.path(), 80, 24);
    sos.wait_for("Stand on the cramping leg", PATIENCE);
    sos.send("r");
    sos.wait_for("Leg: right", PATIENCE);
    thread::sleep(Duration::from_millis(2200));
    sos.send("q");
    assert_eq!(sos.wait_exit(PATIENCE), 0, "{}", sos.output());
    let stored = episodes(home.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    let (seconds, leg) = &stored[0];
    assert_eq!(leg.as_deref(), Some("right"));
    assert!((2..=4).contains(seconds), "{stored:?}");
    // The last line says what the history holds.
    let said = format!("Cramp logged: {seconds} seconds, right leg.");
    assert!(sos.output().contains(&said), "{}", sos.output());
    // The app left open is still there, untouched.
    assert!(
        open.contents().contains("Enter start"),
        "{}",
        open.contents()
    );
    open.send("q");
    assert_eq!(open.wait_exit(PATIENCE), 0);
}

#[test]
fn sos_plain_opens_and_logs_while_another_winddown_holds_the_lock() {
    let home = tempfile::tempdir().expect("temp home");
    let mut open = PtyApp::spawn(&[], home.path(), 80, 24);
    open.wait_for("Enter start", PATIENCE);
    let mut sos = PtyApp::spawn(&["sos", "--plain"], home.path(), 80, 24);
    sos.wait_for_output("Step 1 of", PATIENCE);
    sos.send("l");
    sos.wait_for_output("Leg: left leg.", PATIENCE);
    sos.send("q");
    assert_eq!(sos.wait_exit(PATIENCE), 0, "{}", sos.output());
    let stored = episodes(home.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].1.as_deref(), Some("left"));
    let said = format!("Cramp logged: {} ", stored[0].0);
    assert!(sos.output().contains(&said), "{}", sos.output());
    open.send("q");
    assert_eq!(open.wait_exit(PATIENCE), 0);
}

#[test]
fn the_leg_and_the_length_survive_kill_9() {
    for args in [&["sos"][..], &["sos", "--plain"][..]] {
        let home = tempfile::tempdir().expect("temp home");
        let mut sos = PtyApp::spawn(args, home.path(), 80, 24);
        sos.wait_for_output("Stand on the cramping leg", PATIENCE);
        sos.send("l");
        if args.len() == 1 {
            sos.wait_for("Leg: left", PATIENCE);
        } else {
            sos.wait_for_output("Leg: left leg.", PATIENCE);
        }
        thread::sleep(Duration::from_millis(3500));
        kill(sos.pid().expect("pid"));
        sos.wait_exit(PATIENCE);
        let stored = episodes(home.path());
        assert_eq!(stored.len(), 1, "{args:?}: {stored:?}");
        let (seconds, leg) = &stored[0];
        assert_eq!(leg.as_deref(), Some("left"), "{args:?}");
        assert!(*seconds >= 2, "{args:?}: the length as it grew: {stored:?}");
    }
}

#[test]
fn run_sos_opens_cramp_sos_and_logs_an_episode_not_a_run() {
    let home = tempfile::tempdir().expect("temp home");
    let mut sos = PtyApp::spawn(&["run", "sos"], home.path(), 80, 24);
    sos.wait_for("Stand on the cramping leg", PATIENCE);
    sos.send("2");
    sos.wait_for("Leg: both", PATIENCE);
    sos.send("q");
    assert_eq!(sos.wait_exit(PATIENCE), 0, "{}", sos.output());
    assert!(sos.output().contains("Cramp logged: "), "{}", sos.output());
    let stored = episodes(home.path());
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].1.as_deref(), Some("both"));
    let conn = Connection::open_with_flags(
        home.path().join("winddown.db"),
        OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open");
    let runs: i64 = conn
        .query_row("SELECT count(*) FROM runs", [], |row| row.get(0))
        .expect("count");
    assert_eq!(runs, 0, "the relief steps are not tonight's routine");
}
