//! Nights survive the process: kill -9 mid-hold and resume, two windows at once,
//! and a database that is not a database.

use crate::support;

use std::fs;
use std::process::Command;
use std::time::Duration;

use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);
const ROUTINE: &str = "tests/routines/e2e-long.toml";

/// What `winddown status` prints for this home.
fn status_line(home: &std::path::Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("status")
        .env("WINDDOWN_HOME", home)
        .output()
        .expect("run status");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A run of `night` with these steps recorded as done and nothing else: as if
/// winddown stopped right after the last of them.
fn record_done_steps(
    home: &std::path::Path,
    night: chrono::NaiveDate,
    routine_id: &str,
    steps: &[&str],
    step_count: usize,
) {
    use winddown::model::{NewRun, StepRecord};
    use winddown::session::{Outcome, StepResult};
    use winddown::store::Store;
    let mut store = Store::open(&home.join("winddown.db")).expect("store");
    let started = chrono::Local::now().fixed_offset() - (chrono::Local::now().date_naive() - night);
    let run = store
        .start_run(&NewRun {
            routine_id: routine_id.into(),
            routine_name: "Quick test evening".into(),
            routine_hash: "0".into(),
            night,
            started_at: started,
            step_count,
        })
        .expect("start");
    for (index, id) in steps.iter().enumerate() {
        let record = StepRecord {
            step_id: (*id).into(),
            title: (*id).into(),
            result: StepResult {
                outcome: Outcome::Done,
                active: Duration::from_secs(2),
                holds: None,
            },
            at: started.to_utc(),
        };
        store.record_step(run, index, &record).expect("record");
    }
}

fn kill(signal: &str, pid: u32) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
}

#[test]
fn sigkill_mid_hold_then_resume_at_the_same_hold() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");
    app.wait_for("Get ready · LEFT LEG", PATIENCE);
    // Cut the lead-in short, then finish the first hold and the rest early: now in
    // the second left hold (segments: lead-in, hold, rest, hold).
    app.send("\r");
    app.wait_for("0:40 hold", PATIENCE);
    app.send("\r");
    app.wait_for("REST · Next: LEFT LEG · set 2/2", PATIENCE);
    app.send("\r");
    app.wait_for("0:40 hold", PATIENCE);
    kill("-KILL", app.pid().expect("pid"));
    app.wait_exit(PATIENCE);

    // At most a few seconds were lost: the 40 s hold was saved with well over 30 s left.
    let night = winddown::routine::night_of(
        chrono::Local::now().naive_local(),
        winddown::store::DEFAULT_ROLLOVER,
    );
    let saved = winddown::store::Store::open_read_only(&home.path().join("winddown.db"))
        .expect("open the history")
        .unfinished_run(night)
        .expect("read the unfinished run")
        .expect("an unfinished run");
    assert_eq!((saved.snapshot.position, saved.snapshot.segment), (1, 3));
    let remaining = saved.snapshot.remaining.expect("a running hold");
    assert!(remaining > Duration::from_secs(30), "{remaining:?}");

    let mut again = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    again.wait_for("Resume at \"Calf stretch\" (step 2 of 3)", PATIENCE);
    again.send("\r");
    again.wait_for("LEFT LEG · set 2/2", PATIENCE);
    again.wait_for("0:40 hold", PATIENCE);
    // Under way in the open window.
    assert_eq!(
        status_line(home.path()),
        "winddown: tonight 1/3 · streak 0\n"
    );
    again.send("q");
    again.wait_for("Stop for tonight?", PATIENCE);
    again.send("y");
    assert_eq!(again.wait_exit(PATIENCE), 0);

    // Nothing runs it now: it waits at the step it was left on.
    assert_eq!(
        status_line(home.path()),
        "winddown: tonight stopped at step 2 of 3 · streak 0\n"
    );
}

#[test]
fn a_second_window_is_refused_with_the_first_ones_pid() {
    let home = tempfile::tempdir().expect("temp home");
    let first = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    first.wait_for("Drink a glass of water", PATIENCE);
    let pid = first.pid().expect("pid");

    let mut second = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    assert_eq!(second.wait_exit(PATIENCE), 1);
    second.wait_for(&format!("already running (pid {pid})"), PATIENCE);

    // Read-only commands still work meanwhile.
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("history")
        .env("WINDDOWN_HOME", home.path())
        .output()
        .expect("run history");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_corrupt_database_is_reported_and_left_byte_for_byte() {
    let home = tempfile::tempdir().expect("temp home");
    let database = home.path().join("winddown.db");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&database, &garbage).expect("write garbage");

    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 100, 24);
    assert_eq!(app.wait_exit(PATIENCE), 1);
    app.wait_for("is not a winddown database", PATIENCE);
    app.wait_for("move it aside", PATIENCE);

    for command in ["history", "stats", "status"] {
        let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
            .arg(command)
            .env("WINDDOWN_HOME", home.path())
            .output()
            .expect("run winddown");
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&database.display().to_string()),
            "{command}: {stderr}"
        );
    }
    assert_eq!(fs::read(&database).expect("read back"), garbage);
    let leftovers: Vec<_> = fs::read_dir(home.path())
        .expect("list home")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("winddown.db"))
        .collect();
    assert_eq!(
        leftovers,
        ["winddown.db"],
        "no -wal or -shm beside a refused file"
    );
}

#[test]
fn sos_logs_the_episode_when_it_closes() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["sos"], home.path(), 80, 24);
    app.wait_for("Cramp SOS", PATIENCE);
    app.wait_for("Stand on the cramping leg", PATIENCE);
    app.send("2");
    app.wait_for("Leg: both", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);

    let store = winddown::store::Store::open_read_only(&home.path().join("winddown.db"))
        .expect("open the history");
    let today = chrono::Local::now().date_naive();
    let episodes = store
        .sos_episodes(None, today + chrono::Duration::days(1))
        .expect("episodes");
    assert_eq!(episodes.len(), 1, "{episodes:?}");
    assert_eq!(episodes[0].leg, Some(winddown::model::Leg::Both));
}

#[test]
fn the_first_launch_after_a_night_asks_how_it_went() {
    use chrono::{Duration as Days, Local};
    use winddown::store::Store;
    let home = tempfile::tempdir().expect("temp home");
    let night = winddown::routine::night_of(
        Local::now().naive_local(),
        winddown::store::DEFAULT_ROLLOVER,
    );
    record_done_steps(home.path(), night - Days::days(1), "e2e", &["water"], 3);
    let mut app = PtyApp::spawn(&[], home.path(), 80, 24);
    app.wait_for("How was the night of", PATIENCE);
    app.send("1\t7\r");
    app.wait_for("Enter start", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("store");
    let checkin = store
        .checkin(night - Days::days(1))
        .expect("read")
        .expect("saved");
    assert_eq!((checkin.cramps, checkin.severity), (1, Some(7)));
}

#[test]
fn a_run_stopped_between_its_last_step_and_its_end_counts_as_finished() {
    let home = tempfile::tempdir().expect("temp home");
    let night = winddown::routine::night_of(
        chrono::Local::now().naive_local(),
        winddown::store::DEFAULT_ROLLOVER,
    );
    let steps = ["drink-a-glass-of-water", "short-hold", "bedding-check"];
    record_done_steps(home.path(), night, "e2e", &steps, 3);
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Drink a glass of water", PATIENCE);
    assert!(!app.contents().contains("Resume at"), "{}", app.contents());
    app.send("q");
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert_eq!(
        status_line(home.path()),
        "winddown: tonight done · streak 1\n"
    );
}

#[test]
fn a_data_folder_removed_mid_run_is_noticed_and_the_exit_line_keeps_nothing() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 100, 24);
    app.wait_for("Drink a glass of water", PATIENCE);
    app.send("\r");
    app.wait_for("Calf stretch", PATIENCE);
    // `rm -rf $WINDDOWN_HOME` from another shell.
    fs::remove_dir_all(home.path()).expect("remove the home folder");
    app.wait_for("progress is no longer kept", PATIENCE);
    assert!(
        app.contents().contains("winddown.db was deleted"),
        "{}",
        app.contents()
    );
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    assert_eq!(
        app.wait_exit(PATIENCE),
        1,
        "nothing was kept: {}",
        app.output()
    );
    let said = app.output();
    assert!(said.contains("but it is not kept"), "{said}");
    assert!(
        said.contains("winddown.db was deleted while winddown ran."),
        "{said}"
    );
    assert!(!said.contains("pick up where you left off"), "{said}");
    assert!(!home.path().exists(), "nothing was written back");
}
