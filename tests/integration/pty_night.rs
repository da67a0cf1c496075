//! The real binary in a pty when the evening's routine cannot run: Cramp SOS still
//! opens, and so does the home screen, saying what is wrong or that nothing is
//! scheduled tonight.

use crate::support;

use std::fs;
use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, Local, NaiveTime};
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// A leg-cramps routine with a mistake on line 5.
const BROKEN: &str =
    "name = \"Leg cramps\"\n\n[[step]]\ntitle = \"Calf stretch\"\nduration = \"soon\"\n";

/// The user's routine folder, with the shipped routines seeded as a first start would.
fn routines(home: &Path) -> std::path::PathBuf {
    let paths = winddown::paths::Paths::resolve(Some(home)).expect("paths");
    winddown::routines::seed_if_new(&paths).expect("seed the routine folder");
    paths.routines()
}

#[test]
fn sos_opens_with_a_broken_default_routine() {
    let home = tempfile::tempdir().expect("temp home");
    fs::write(routines(home.path()).join("leg-cramps.toml"), BROKEN).expect("break it");
    let mut app = PtyApp::spawn(&["sos"], home.path(), 80, 24);
    app.wait_for("Cramp SOS", PATIENCE);
    app.wait_for("it has passed", PATIENCE);
    app.send("l");
    app.send("\x1b");
    assert_eq!(app.wait_exit(PATIENCE), 0, "{}", app.output());
}

#[test]
fn sos_opens_when_config_names_a_routine_that_does_not_exist() {
    let home = tempfile::tempdir().expect("temp home");
    fs::write(home.path().join("config.toml"), "routine = \"nope\"\n").expect("config");
    let mut app = PtyApp::spawn(&["sos"], home.path(), 80, 24);
    app.wait_for("it has passed", PATIENCE);
    app.send("\x1b");
    app.wait_for_output("not logged", PATIENCE);
    assert_eq!(app.wait_exit(PATIENCE), 0, "{}", app.output());
}

#[test]
fn a_broken_sos_toml_falls_back_to_the_built_in_relief_steps_and_says_why() {
    let home = tempfile::tempdir().expect("temp home");
    fs::write(routines(home.path()).join("sos.toml"), "name = 3\n").expect("break it");
    let mut app = PtyApp::spawn(&["sos"], home.path(), 120, 30);
    app.wait_for("using the built-in relief steps", PATIENCE);
    let screen = app.contents();
    assert!(
        screen.contains("built-in relief steps: sos.toml:1"),
        "{screen}"
    );
    let shipped = winddown::shipped::find(winddown::shipped::SOS).expect("shipped SOS");
    let guide = winddown::routine::parse(shipped.source).expect("valid");
    assert!(screen.contains(&guide.steps[0].title), "{screen}");
    app.send("\x1b");
    assert_eq!(app.wait_exit(PATIENCE), 0);
}

#[test]
fn bare_winddown_with_an_invalid_default_routine_opens_home_with_the_error() {
    let home = tempfile::tempdir().expect("temp home");
    fs::write(routines(home.path()).join("leg-cramps.toml"), BROKEN).expect("break it");
    let mut app = PtyApp::spawn(&[], home.path(), 120, 30);
    app.wait_for("leg-cramps.toml:5:12: error: invalid duration", PATIENCE);
    app.wait_for(
        "leg-cramps cannot run until its mistake is fixed: e to edit it",
        PATIENCE,
    );
    // An empty plan has no size to give.
    let screen = app.contents();
    assert!(!screen.contains("0 steps"), "{screen}");
    // Enter cannot start it, and says what to do instead.
    app.send("\r");
    app.wait_for("Tab for another routine, e to edit it", PATIENCE);
    // The other routines, the stats and SOS are still there.
    app.send("\t");
    app.wait_for("Quick wind-down", PATIENCE);
    app.send("t");
    app.wait_for("Done when it came up", PATIENCE);
    app.send("\x1b");
    app.wait_for("Enter start", PATIENCE);
    app.send("!");
    app.wait_for("it has passed", PATIENCE);
    app.send("l");
    app.send("\x1b");
    app.wait_for("Enter start", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0, "{}", app.output());
}

#[test]
fn a_night_with_nothing_scheduled_opens_home_and_says_so() {
    let home = tempfile::tempdir().expect("temp home");
    let rollover = NaiveTime::from_hms_opt(4, 0, 0).expect("04:00");
    let tonight = winddown::routine::night_of(Local::now().naive_local(), rollover);
    let other_day = tonight.weekday().succ().to_string().to_lowercase();
    let routine = format!(
        "name = \"Weekly\"\n\n[[step]]\ntitle = \"Foam roller\"\ndays = [\"{other_day}\"]\n"
    );
    fs::write(routines(home.path()).join("weekly.toml"), routine).expect("routine");
    fs::write(home.path().join("config.toml"), "routine = \"weekly\"\n").expect("config");
    let mut app = PtyApp::spawn(&[], home.path(), 80, 24);
    app.wait_for("Nothing in Weekly is scheduled tonight", PATIENCE);
    let screen = app.contents();
    assert!(!screen.contains("0 steps"), "{screen}");
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0, "{}", app.output());
}

/// Three steps, each done with Enter.
const TRI: &str = "name = \"Tri\"\n\n[[step]]\ntitle = \"Alpha\"\n\n[[step]]\ntitle = \"Bravo\"\n\n[[step]]\ntitle = \"Charlie\"\n";

#[test]
fn bare_winddown_opens_on_tri_after_kill_9_and_resumes_it() {
    let home = tempfile::tempdir().expect("temp home");
    fs::write(routines(home.path()).join("tri.toml"), TRI).expect("routine");
    let mut app = PtyApp::spawn(&["run", "tri"], home.path(), 80, 24);
    app.wait_for("Alpha", PATIENCE);
    app.send("\r");
    app.wait_for("Bravo", PATIENCE);
    app.send("\r");
    app.wait_for("Charlie", PATIENCE);
    let pid = app.pid().expect("pid");
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    app.wait_exit(PATIENCE);

    // The default routine is leg-cramps; bare winddown opens on Tri all the same.
    let mut again = PtyApp::spawn(&[], home.path(), 80, 24);
    again.wait_for("Resume at \"Charlie\" (step 3 of 3)", PATIENCE);
    again.send("\r");
    again.wait_for("Press Enter when done", PATIENCE);
    again.send("\r");
    again.wait_for("3 of 3 steps done", PATIENCE);
    again.send("q");
    again.wait_for_output("Tri: 3 of 3 steps done tonight. Sleep well.", PATIENCE);
    assert_eq!(again.wait_exit(PATIENCE), 0);
    let history = std::process::Command::new(env!("CARGO_BIN_EXE_winddown"))
        .args(["history", "--days", "1"])
        .env("WINDDOWN_HOME", home.path())
        .output()
        .expect("run history");
    let history = String::from_utf8_lossy(&history.stdout);
    assert!(!history.contains("abandoned"), "{history}");
}

/// The SOS episodes on record in `home`, for tonight and the night before.
fn sos_episodes(home: &Path) -> Vec<winddown::model::SosEpisode> {
    let today = Local::now().date_naive();
    winddown::store::Store::open_read_only(&home.join("winddown.db"))
        .expect("the history")
        .sos_episodes(None, today + chrono::Duration::days(1))
        .expect("episodes")
}

#[test]
fn plain_sos_keeps_the_episode_when_a_signal_stops_it() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["sos", "--plain"], home.path(), 80, 24);
    app.wait_for_output("Step 1 of ", PATIENCE);
    app.send("l");
    app.wait_for_output("Leg: left leg.", PATIENCE);
    let pid = app.pid().expect("pid");
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(stopped.success());
    app.wait_exit(PATIENCE);
    let episodes = sos_episodes(home.path());
    assert_eq!(episodes.len(), 1, "{episodes:?}");
    assert_eq!(episodes[0].leg, Some(winddown::model::Leg::Left));
}

#[test]
fn plain_sos_left_at_once_is_not_logged() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["sos", "--plain"], home.path(), 80, 24);
    app.wait_for_output("Step 1 of ", PATIENCE);
    app.send("q");
    app.wait_for_output("not logged", PATIENCE);
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert!(sos_episodes(home.path()).is_empty());
}
