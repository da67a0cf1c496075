//! `winddown run --plain` in a real pseudo-terminal: lines only, never an escape
//! sequence; the night recorded like any other; resume after kill -9 said plainly.

use crate::support;

use std::process::Command;
use std::time::Duration;

use support::pty::PtyApp;
use winddown::model::RunOutcome;
use winddown::session::Outcome;
use winddown::store::Store;

const PATIENCE: Duration = Duration::from_secs(15);
const ROUTINE: &str = "tests/routines/plain-three.toml";

fn tonight() -> chrono::NaiveDate {
    winddown::routine::night_of(
        chrono::Local::now().naive_local(),
        winddown::store::DEFAULT_ROLLOVER,
    )
}

fn history(home: &std::path::Path) -> Store {
    Store::open_read_only(&home.join("winddown.db")).expect("open the history")
}

/// Type `keys`, then wait for `then` to be printed.
fn answer(app: &mut PtyApp, keys: &str, then: &str) {
    app.send(keys);
    app.wait_for_output(then, PATIENCE);
}

fn assert_no_escape(app: &PtyApp) {
    let output = app.output();
    assert!(
        !output.contains('\x1b'),
        "an escape byte was written:\n{output:?}"
    );
}

#[test]
fn a_three_step_routine_runs_to_the_end_in_plain_lines_and_is_recorded() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "--plain", ROUTINE], home.path(), 80, 24);
    // The first hold and its lead-in (5 s by default) run out on their own: every
    // line, bells included, in order; the last seconds are counted with a bell each.
    app.wait_for_output("Next: left leg, set 2.\r\n", PATIENCE);
    let hold = "\x07Standing calf stretch. Get ready: left leg, set 1 of 2, 5 seconds.\r\n\
                Hands on the wall, back leg straight.\r\n\
                \x073\r\n\
                \x072\r\n\
                \x071\r\n\
                \x07Go. Hold 3 seconds.\r\n\
                \x072\r\n\
                \x071\r\n\
                \x07Rest 1 second. Next: left leg, set 2.\r\n";
    assert!(
        app.output().contains(hold),
        "the first hold's lines:\n{:?}",
        app.output()
    );
    // Every hold and rest runs out on its own, so the stretch is done.
    app.wait_for_output(
        "\x07\x07Switch sides: right leg, set 1 of 2. Hold 3 seconds.\r\n",
        PATIENCE,
    );
    answer(&mut app, "?", "q or Ctrl-C: quit, after asking.\r\n");
    app.wait_for_output(
        "\x07Bedding check: 3 items. Covers loose over the feet? y or n.\r\n",
        PATIENCE,
    );
    answer(&mut app, "y", "Ticked. Breathable sleepwear? y or n.\r\n");
    answer(&mut app, "y", "Ticked. Water by the bed? y or n.\r\n");
    answer(
        &mut app,
        "y",
        "\x07Glass of water. Enter when done, n skips.\r\n",
    );
    answer(
        &mut app,
        "q",
        "Quit now? Your place is kept for tonight. y quits, any other key goes on.\r\n",
    );
    answer(&mut app, "x", "Going on.\r\n");
    app.send("\r");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    let output = app.output();
    for line in [
        "\x07Routine done.\r\n",
        "Three steps: done for tonight.\r\n",
        "3 of 3 steps done. ",
        "Streak: 1 night.\r\n",
    ] {
        assert!(output.contains(line), "{line:?} missing from:\n{output}");
    }
    assert_no_escape(&app);

    let store = history(home.path());
    let runs = store.runs(None, tonight()).expect("runs");
    assert_eq!(runs.len(), 1, "{runs:?}");
    assert_eq!(runs[0].outcome, RunOutcome::Completed);
    assert_eq!((runs[0].done, runs[0].skipped), (3, 0));
    let steps: Vec<(String, Outcome)> = store
        .all_step_results()
        .expect("steps")
        .into_iter()
        .map(|row| (row.step_id, row.outcome))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("standing-calf-stretch".to_string(), Outcome::Done),
            ("bedding-check".to_string(), Outcome::Done),
            ("glass-of-water".to_string(), Outcome::Done),
        ]
    );
}

#[test]
fn after_kill_9_the_run_resumes_where_it_stood_and_says_so() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "--plain", ROUTINE], home.path(), 80, 24);
    app.wait_for_output("Get ready: left leg, set 1 of 2, 5 seconds.\r\n", PATIENCE);
    answer(&mut app, "s", "Covers loose over the feet? y or n.\r\n");
    answer(&mut app, "y", "Ticked. Breathable sleepwear? y or n.\r\n");
    let status = Command::new("kill")
        .args(["-KILL", &app.pid().expect("pid").to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    app.wait_exit(PATIENCE);

    let mut again = PtyApp::spawn(&["run", "--plain", ROUTINE], home.path(), 80, 24);
    again.wait_for_output(
        "Tonight's run stopped at \"Bedding check\" (step 2 of 3). \
         Enter resumes, r starts again, q quits.\r\n",
        PATIENCE,
    );
    answer(
        &mut again,
        "\r",
        "Resuming at step 2 of 3.\r\n\
         Bedding check: 3 items, 1 ticked. Breathable sleepwear? y or n.\r\n",
    );
    answer(&mut again, "y", "Ticked. Water by the bed? y or n.\r\n");
    answer(
        &mut again,
        "y",
        "Glass of water. Enter when done, n skips.\r\n",
    );
    again.send("\r");
    assert_eq!(again.wait_exit(PATIENCE), 0);
    assert_no_escape(&again);

    let runs = history(home.path()).runs(None, tonight()).expect("runs");
    assert_eq!(runs.len(), 1, "one run, picked up again: {runs:?}");
    assert_eq!(runs[0].outcome, RunOutcome::Partial);
    assert_eq!((runs[0].done, runs[0].skipped), (2, 1));
}

#[test]
fn a_dumb_terminal_gets_plain_lines_without_asking() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app =
        PtyApp::spawn_with_env(&["run", ROUTINE], home.path(), 80, 24, &[("TERM", "dumb")]);
    app.wait_for_output("Standing calf stretch. Get ready: left leg", PATIENCE);
    answer(&mut app, "q", "Quit now?");
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert_no_escape(&app);
    assert!(!app.is_alternate_screen());
}

#[test]
fn plain_mode_from_config_toml() {
    let home = tempfile::tempdir().expect("temp home");
    std::fs::write(home.path().join("config.toml"), "plain = true\n").expect("config");
    let mut app = PtyApp::spawn(&["run", ROUTINE], home.path(), 80, 24);
    app.wait_for_output("Standing calf stretch. Get ready: left leg", PATIENCE);
    answer(&mut app, "\x03", "Quit now?");
    app.send("\x03");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert_no_escape(&app);
}

#[test]
fn sos_plain_reads_the_relief_steps_and_logs_the_episode() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["sos", "--plain"], home.path(), 80, 24);
    app.wait_for_output("Step 1 of ", PATIENCE);
    answer(&mut app, "\r", "Step 2 of ");
    answer(&mut app, "2", "Leg: both legs.\r\n");
    answer(&mut app, "q", "Cramp logged: ");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    assert_no_escape(&app);
    let today = chrono::Local::now().date_naive();
    let episodes = history(home.path())
        .sos_episodes(None, today + chrono::Duration::days(1))
        .expect("episodes");
    assert_eq!(episodes.len(), 1, "{episodes:?}");
    assert_eq!(episodes[0].leg, Some(winddown::model::Leg::Both));
}

#[test]
fn with_voice_on_the_same_lines_are_spoken() {
    let home = tempfile::tempdir().expect("temp home");
    let bin = tempfile::tempdir().expect("bin");
    let heard = home.path().join("heard");
    let speaker = bin.path().join("espeak-ng");
    std::fs::write(
        &speaker,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
            heard.display()
        ),
    )
    .expect("stand-in speaker");
    std::fs::set_permissions(
        &speaker,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    std::fs::write(home.path().join("config.toml"), "voice = true\n").expect("config");
    let path = bin.path().to_str().expect("utf-8 path");
    let mut app = PtyApp::spawn_with_env(
        &["run", "--plain", ROUTINE],
        home.path(),
        80,
        24,
        &[("PATH", path)],
    );
    app.wait_for_output("Get ready: left leg, set 1 of 2, 5 seconds.\r\n", PATIENCE);
    answer(&mut app, "s", "Covers loose over the feet? y or n.\r\n");
    answer(&mut app, "q", "Quit now?");
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    // Each moment's lines are said in one go; the speaker runs in the background.
    // The greeting goes with the first step's lines: said alone, the next cue a few
    // milliseconds later would cut it off.
    let expected = [
        "Three steps: 3 steps tonight. Press ? for the keys, q to quit. \
         Standing calf stretch. Get ready: left leg, set 1 of 2, 5 seconds. \
         Hands on the wall, back leg straight.",
        "Skipped: Standing calf stretch. \
         Bedding check: 3 items. Covers loose over the feet? y or n.",
    ];
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let said = std::fs::read_to_string(&heard).unwrap_or_default();
        if expected
            .iter()
            .all(|line| said.lines().any(|heard| heard == *line))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "spoken:\n{said}\nexpected each of:\n{expected:#?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn piped_into_head_it_ends_quietly_and_keeps_its_place() {
    let home = tempfile::tempdir().expect("temp home");
    let script = format!(
        "'{}' run --plain {ROUTINE} | head -1; echo \"exit ${{PIPESTATUS[0]}}\"",
        env!("CARGO_BIN_EXE_winddown")
    );
    let mut app = PtyApp::spawn_program(
        std::path::Path::new("/bin/bash"),
        &["-c", &script],
        home.path(),
        80,
        24,
    );
    // Quietly, as `cat | head -1` does: no "Broken pipe", killed-by-SIGPIPE's status.
    app.wait_for_output("exit 141", PATIENCE);
    app.wait_exit(PATIENCE);
    let output = app.output();
    assert!(!output.contains("Broken pipe"), "{output:?}");
    assert!(!output.contains("error"), "{output:?}");
    assert!(output.contains("Press ? for the keys"), "{output:?}");
    // Stopped as on a signal: the run is kept, to be picked up again tonight.
    let unfinished = history(home.path())
        .unfinished_run(tonight())
        .expect("read");
    assert!(unfinished.is_some(), "tonight's run was not kept");
}
