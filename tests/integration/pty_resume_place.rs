//! The real binary in a pseudo-terminal: after `kill -9` the run resumes at what was
//! on screen.
//!
//! - A live edit of the step under way (its sides or sets) then `kill -9`: the run
//!   resumes at the start of that step as the file now has it, and says so (the saved
//!   hold belonged to the step's old holds).
//! - `B` (back to the previous step) then `kill -9`: the offer names the step on screen.

use crate::support;

use std::path::Path;
use std::time::Duration;

use support::on_disk::stored_results;
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// "Calf" (ten-minute holds on `sides`, `sets` each, no lead-in, no rest) then `last`
/// to confirm.
fn calf_then(sides: &str, sets: u32, last: &str) -> String {
    format!(
        "name = \"Legs\"\n\n[[step]]\nid = \"calf\"\ntitle = \"Calf\"\nduration = \"10m\"\n\
         lead_in = \"0s\"\nsides = {sides}\nsets = {sets}\n\n[[step]]\nid = \"ham\"\n\
         title = \"{last}\"\n"
    )
}

/// On Calf's second left hold, the file is saved as `edited` (which renames the last
/// step, so the reload shows), then `kill -9` at once and a restart; Enter resumes.
/// Returns the home and the resumed app.
fn second_left_hold_edited_then_killed(edited: &str) -> (tempfile::TempDir, PtyApp) {
    let home = tempfile::tempdir().expect("temp home");
    let file = home.path().join("legs.toml");
    std::fs::write(&file, calf_then("[\"left\", \"right\"]", 2, "Ham")).expect("routine");
    let path = file.to_str().expect("a UTF-8 path");
    let mut app = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    app.wait_for("LEFT · set 1/2", PATIENCE);
    // Enter ends the first hold early: the second left hold runs.
    app.send("\r");
    app.wait_for("LEFT · set 2/2", PATIENCE);
    std::fs::write(&file, edited).expect("save the edited routine");
    app.wait_for("Next: Hamstring", PATIENCE);
    app.kill_9(PATIENCE);

    let mut again = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    again.wait_for("Resume at \"Calf\" (step 1 of 2)", PATIENCE);
    again.wait_for("\"Calf\" was changed while it was under way", PATIENCE);
    again.send("\r");
    again.wait_for("Next: Hamstring", PATIENCE);
    (home, again)
}

#[test]
fn sides_edited_on_the_hold_under_way_then_kill_9_resumes_at_the_steps_first_hold() {
    // Left and right, two sets each, become right only: the step starts again with
    // its first right hold (not "RIGHT · set 2/2" with the left hold's time).
    let (home, again) =
        second_left_hold_edited_then_killed(&calf_then("[\"right\"]", 2, "Hamstring"));
    again.wait_for("RIGHT · set 1/2", PATIENCE);
    again.wait_for("starts again from its first hold", PATIENCE);
    assert!(stored_results(&home.path().join("winddown.db")).is_empty());
}

#[test]
fn sets_edited_on_the_hold_under_way_then_kill_9_resumes_at_the_steps_first_hold() {
    // Two sets a side become one: the step starts again with its left hold (not the
    // right one, which the saved hold's place names in the new plan).
    let (_home, again) =
        second_left_hold_edited_then_killed(&calf_then("[\"left\", \"right\"]", 1, "Hamstring"));
    again.wait_for("LEFT", PATIENCE);
    let screen = again.contents();
    assert!(!screen.contains("RIGHT"), "{screen}");
}

/// "Step a" to confirm, then "Step b", a ten-minute hold without lead-in.
fn confirm_then_hold(home: &Path) -> std::path::PathBuf {
    let file = home.join("quick.toml");
    std::fs::write(
        &file,
        "name = \"Quick\"\n\n[[step]]\nid = \"a\"\ntitle = \"Step a\"\n\n[[step]]\nid = \"b\"\n\
         title = \"Step b\"\nduration = \"10m\"\nlead_in = \"0s\"\n",
    )
    .expect("routine");
    file
}

#[test]
fn back_to_the_previous_step_then_kill_9_resumes_at_the_step_on_screen() {
    let home = tempfile::tempdir().expect("temp home");
    let file = confirm_then_hold(home.path());
    let path = file.to_str().expect("a UTF-8 path");
    let mut app = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");
    app.wait_for("step 2 of 2", PATIENCE);
    // B: back to the start of the previous step, which keeps its result.
    app.send("B");
    app.wait_for("step 1 of 2", PATIENCE);
    app.wait_for("Press Enter when done", PATIENCE);
    app.kill_9(PATIENCE);

    let mut again = PtyApp::spawn(&["run", path], home.path(), 80, 24);
    again.wait_for("Resume at \"Step a\" (step 1 of 2)", PATIENCE);
    again.send("\r");
    again.wait_for("step 1 of 2", PATIENCE);
    again.wait_for("Press Enter when done", PATIENCE);
    // Its result is the one it had; confirming it again moves on to b.
    again.send("\r");
    again.wait_for("step 2 of 2", PATIENCE);
    assert_eq!(
        stored_results(&home.path().join("winddown.db")),
        [("a".to_string(), "done".to_string())]
    );
}
