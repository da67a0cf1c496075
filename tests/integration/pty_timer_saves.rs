//! A change the timer makes (the next step, a rest) is saved the moment it
//! happens: a `kill -9` within the second after it resumes at the new place.

use crate::support;

use std::process::Command;
use std::thread;
use std::time::Duration;

use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

fn kill_hard(app: &mut PtyApp) {
    let pid = app.pid().expect("pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid}");
    app.wait_exit(PATIENCE);
}

#[test]
fn a_kill_just_after_the_timer_ends_a_step_resumes_at_the_next_step() {
    let routine = "tests/routines/timer-change.toml";
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", routine], home.path(), 80, 24);
    app.wait_for("Alpha", PATIENCE);
    // The timer, not a key, moves the run on to Beta.
    app.wait_for("step 2 of 3", PATIENCE);
    thread::sleep(Duration::from_millis(300));
    kill_hard(&mut app);

    let mut again = PtyApp::spawn(&["run", routine], home.path(), 80, 24);
    again.wait_for("Resume at \"Beta\" (step 2 of 3)", PATIENCE);
    again.send("\r");
    again.wait_for("step 2 of 3", PATIENCE);
    again.send("q");
    again.wait_for("Stop for tonight?", PATIENCE);
    again.send("y");
    assert_eq!(again.wait_exit(PATIENCE), 0);
}

#[test]
fn a_kill_during_a_rest_the_timer_started_resumes_in_that_rest() {
    let routine = "tests/routines/timer-rest.toml";
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", routine], home.path(), 80, 24);
    app.wait_for("REST", PATIENCE);
    thread::sleep(Duration::from_millis(300));
    kill_hard(&mut app);

    let mut again = PtyApp::spawn(&["run", routine], home.path(), 80, 24);
    again.wait_for("Resume at \"Hold and rest\" (step 1 of 2)", PATIENCE);
    // Pause at once: a resume in the two-second hold before the rest would stop there.
    again.send("\r");
    again.send("p");
    again.wait_for("paused at", PATIENCE);
    let screen = again.contents();
    assert!(
        screen.contains("2:00 rest"),
        "resumed outside the rest:\n{screen}"
    );
    again.send("q");
    again.wait_for("Stop for tonight?", PATIENCE);
    again.send("y");
    assert_eq!(again.wait_exit(PATIENCE), 0);
}
