//! The real binary in a pseudo-terminal: a run under way, its routine file saved
//! with steps added, removed or reordered, one more step finished, then `kill -9`
//! and a restart. The resume offer must name the step the run goes on with, and
//! the database (read here with this file's own SQL) must hold every result.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::on_disk::{all_done as done, routine_of as routine, stored_results, the_run};
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// Every stored step result of the home's database.
fn stored(home: &Path) -> Vec<(String, String)> {
    stored_results(&home.join("winddown.db"))
}

/// The run's outcome, and whether every result lies within its step count.
fn run_row(home: &Path) -> (String, bool) {
    let (outcome, _, _, within) = the_run(&home.join("winddown.db"));
    (outcome, within)
}

/// Wait for step `id`'s title in the middle of the screen (not on the "Next:" line).
fn wait_for_step(app: &PtyApp, id: &str) {
    app.wait_for(&format!("  Step {id}\n"), PATIENCE);
}

/// Confirm the step on screen and wait for `next` to be the one running: by then the
/// confirmed step's result is committed (before the next frame is drawn).
fn confirm(app: &mut PtyApp, next: &str) {
    app.send("\r");
    wait_for_step(app, next);
}

/// Wait for the resume offer to name step `id` as step `at` of `of`. The run took the
/// edit up, so the offer does not call it a run of an older version.
fn wait_for_offer(app: &PtyApp, id: &str, at: usize, of: usize) {
    app.wait_for(
        &format!("Resume at \"Step {id}\" (step {at} of {of})"),
        PATIENCE,
    );
    let screen = app.contents();
    assert!(!screen.contains("older version"), "{screen}");
}

/// Run `before`, confirming steps until `edited_at` shows; save the file as `after`
/// and wait for the screen to say `Next: Step {next_after_edit}`; confirm once more
/// (to `then`), `kill -9`, and start again. Returns the home and the new app.
fn edit_then_kill(
    before: &[&str],
    edited_at: &[&str],
    after: &[&str],
    next_after_edit: &str,
    then: &str,
) -> (tempfile::TempDir, PtyApp) {
    edit_then_kill_at(before, edited_at, after, next_after_edit, Some(then))
}

/// As [`edit_then_kill`], but `kill -9` comes as soon as the reloaded plan is on
/// screen when `then` is `None`: the step under way is the one the edit found.
fn edit_then_kill_at(
    before: &[&str],
    edited_at: &[&str],
    after: &[&str],
    next_after_edit: &str,
    then: Option<&str>,
) -> (tempfile::TempDir, PtyApp) {
    let home = tempfile::tempdir().expect("temp home");
    let file = home.path().join("quick.toml");
    std::fs::write(&file, routine(before)).expect("write the routine");
    let path = file.to_str().expect("a UTF-8 path");
    let mut app = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    wait_for_step(&app, before[0]);
    for next in edited_at {
        confirm(&mut app, next);
    }
    std::fs::write(&file, routine(after)).expect("save the edited routine");
    app.wait_for(&format!("Next: Step {next_after_edit}"), PATIENCE);
    if let Some(then) = then {
        confirm(&mut app, then);
    }
    app.kill_9(PATIENCE);
    let again = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    (home, again)
}

#[test]
fn two_steps_added_mid_run_then_kill_9_resumes_at_the_first_new_one() {
    // a done, b running; x is added before c and y at the end; b is finished.
    let (home, mut again) = edit_then_kill(
        &["a", "b", "c"],
        &["b"],
        &["a", "b", "x", "c", "y"],
        "x",
        "x",
    );
    wait_for_offer(&again, "x", 3, 5);
    assert_eq!(stored(home.path()), done(&["a", "b"]));
    assert_eq!(run_row(home.path()), ("running".to_string(), true));
    again.send("\r");
    again.wait_for("step 3 of 5", PATIENCE);
    again.wait_for("Next: Step c", PATIENCE);
}

#[test]
fn a_step_removed_mid_run_then_kill_9_keeps_its_result_and_resumes_after() {
    // a and b done, c running; the done b and the upcoming d are removed; c is finished.
    let (home, mut again) = edit_then_kill(
        &["a", "b", "c", "d", "e"],
        &["b", "c"],
        &["a", "c", "e"],
        "e",
        "e",
    );
    wait_for_offer(&again, "e", 3, 3);
    assert_eq!(stored(home.path()), done(&["a", "b", "c"]));
    assert_eq!(run_row(home.path()), ("running".to_string(), true));
    again.send("\r");
    wait_for_step(&again, "e");
    again.send("\r");
    again.wait_for("done for tonight", PATIENCE);
    assert_eq!(stored(home.path()), done(&["a", "b", "c", "e"]));
    assert_eq!(run_row(home.path()), ("completed".to_string(), true));
}

#[test]
fn steps_reordered_mid_run_then_kill_9_resumes_at_the_step_the_run_was_on() {
    // a done, b running; the file is turned around; b is finished, then d is next.
    let (home, mut again) = edit_then_kill(
        &["a", "b", "c", "d"],
        &["b"],
        &["d", "c", "b", "a"],
        "d",
        "d",
    );
    wait_for_offer(&again, "d", 3, 4);
    assert_eq!(stored(home.path()), done(&["a", "b"]));
    assert_eq!(run_row(home.path()), ("running".to_string(), true));
    again.send("\r");
    again.wait_for("Next: Step c", PATIENCE);
}

#[test]
fn two_steps_added_then_kill_9_at_once_resumes_at_the_step_on_screen() {
    // a done, b on screen; x is added before b and y at the end; killed while b shows.
    let (home, mut again) = edit_then_kill_at(
        &["a", "b", "c"],
        &["b"],
        &["a", "x", "b", "c", "y"],
        "x",
        None,
    );
    wait_for_offer(&again, "b", 2, 5);
    assert_eq!(stored(home.path()), done(&["a"]));
    again.send("\r");
    wait_for_step(&again, "b");
    again.wait_for("Next: Step x", PATIENCE);
    confirm(&mut again, "x");
    assert_eq!(stored(home.path()), done(&["a", "b"]));
}

#[test]
fn steps_removed_then_kill_9_at_once_resumes_in_the_paused_hold_on_screen() {
    // a and b done, c's ten-minute hold (no lead-in) paused on screen; the done b and
    // the upcoming d are removed; killed while c shows. It resumes in c, still paused
    // (a resume from c's start would be running).
    let home = tempfile::tempdir().expect("temp home");
    let file = home.path().join("quick.toml");
    let timed = |ids: &[&str]| {
        routine(ids).replace(
            "title = \"Step c\"\n",
            "title = \"Step c\"\nduration = \"10m\"\nlead_in = \"0s\"\n",
        )
    };
    std::fs::write(&file, timed(&["a", "b", "c", "d", "e"])).expect("write the routine");
    let path = file.to_str().expect("a UTF-8 path");
    let mut app = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    wait_for_step(&app, "a");
    confirm(&mut app, "b");
    confirm(&mut app, "c");
    app.send("p");
    app.wait_for("paused at", PATIENCE);
    std::fs::write(&file, timed(&["a", "c", "e"])).expect("save the edited routine");
    app.wait_for("Next: Step e", PATIENCE);
    app.kill_9(PATIENCE);

    let mut again = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    wait_for_offer(&again, "c", 2, 3);
    again.send("\r");
    wait_for_step(&again, "c");
    again.wait_for("paused at", PATIENCE);
    again.wait_for("Next: Step e", PATIENCE);
    assert_eq!(stored(home.path()), done(&["a", "b"]));
    assert_eq!(run_row(home.path()), ("running".to_string(), true));
}

#[test]
fn steps_reordered_then_kill_9_at_once_resumes_at_the_step_on_screen() {
    // a done, b on screen; the file is turned around; killed while b shows.
    let (home, mut again) = edit_then_kill_at(
        &["a", "b", "c", "d"],
        &["b"],
        &["d", "c", "b", "a"],
        "d",
        None,
    );
    wait_for_offer(&again, "b", 2, 4);
    assert_eq!(stored(home.path()), done(&["a"]));
    again.send("\r");
    wait_for_step(&again, "b");
    again.wait_for("Next: Step d", PATIENCE);
    confirm(&mut again, "d");
    assert_eq!(stored(home.path()), done(&["a", "b"]));
}
