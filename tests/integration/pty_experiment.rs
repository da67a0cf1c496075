//! One short experiment walked end to end with the real binary in a pty, its clock set
//! to each evening in turn (`WINDDOWN_TEST_NOW`): started with its calendar shown and
//! `y` typed, four nights whose plans leave the step out or keep it as the schedule
//! says, real check-ins each morning, and the result once the last night has passed.
//! (The full screen's `x` starts the default 48-night design; it is walked in process
//! in `experiment_nights`.)

use crate::support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use support::pty::PtyApp;
use winddown::now::TEST_NOW;

const PATIENCE: Duration = Duration::from_secs(20);

/// Two steps to confirm, the rub first.
const EVENING: &str = "name = \"Evening\"\n\n[[step]]\nid = \"rub\"\ntitle = \"Rub the calves\"\n\n\
                       [[step]]\nid = \"water\"\ntitle = \"A glass of water\"\n";

/// The home screen at `now`, in an 80x24 pty.
fn app_at(home: &Path, now: &str) -> PtyApp {
    PtyApp::spawn_with_env(&[], home, 80, 24, &[(TEST_NOW, now)])
}

/// `winddown ARGS` at `now`.
fn winddown_at(home: &Path, now: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .env(TEST_NOW, now)
        .args(args)
        .output()
        .expect("run winddown")
}

#[test]
fn a_short_experiment_from_start_to_result() {
    let home = tempfile::tempdir().expect("temp home");
    std::fs::create_dir_all(home.path().join("routines")).expect("routine folder");
    std::fs::write(home.path().join("routines/evening.toml"), EVENING).expect("routine");
    std::fs::write(home.path().join("config.toml"), "routine = \"evening\"\n").expect("config");

    // Monday evening: two pairs of one night, its calendar shown and y typed.
    let mut start = PtyApp::spawn_with_env(
        &["experiment", "start", "rub", "--pairs", "2", "--block", "1"],
        home.path(),
        80,
        24,
        &[(TEST_NOW, "2027-03-01 20:00")],
    );
    start.wait_for("Start this experiment? [y/N]", PATIENCE);
    let shown = start.contents();
    assert!(shown.contains("Rub the calves, in Evening:"), "{shown}");
    assert!(
        shown.contains("From tonight, Mon 1 Mar 2027 to Thu 4 Mar 2027."),
        "{shown}"
    );
    assert!(
        shown.contains("+ with the rub the calves   - without it"),
        "{shown}"
    );
    start.send("y\r");
    start.wait_for_output("Started. Tonight is night 1 of 4", PATIENCE);
    assert_eq!(start.wait_exit(PATIENCE), 0);

    // The drawn schedule, as the plan gives it.
    let plan = winddown_at(
        home.path(),
        "2027-03-01 20:00",
        &["experiment", "plan", "--json"],
    );
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).expect("JSON");
    let arms: Vec<(String, bool, u64)> = plan
        .as_array()
        .expect("nights")
        .iter()
        .map(|night| {
            (
                night["night"].as_str().expect("night").to_string(),
                night["arm"] == "with",
                night["pair"].as_u64().expect("pair"),
            )
        })
        .collect();
    assert_eq!(arms.len(), 4);
    for pair in arms.chunks(2) {
        assert_ne!(pair[0].1, pair[1].1, "one of each in every pair: {arms:?}");
    }

    for (number, (night, with, pair)) in arms.iter().enumerate() {
        let evening = format!("{night} 21:00");
        let mut app = app_at(home.path(), &evening);
        let line = format!(
            "Experiment: Rub the calves — tonight {} (night {} of 4)",
            if *with { "with" } else { "without" },
            number + 1
        );
        app.wait_for(&line, PATIENCE);
        let screen = app.contents();
        // The plan leaves the rub out on a "without" night and keeps it on a "with" one.
        assert_eq!(screen.contains("Rub the calves  "), *with, "{screen}");
        assert!(screen.contains("A glass of water"), "{screen}");
        app.send("\r");
        if *with {
            app.wait_for("Rub the calves", PATIENCE);
            app.send("\r");
        }
        app.wait_for("A glass of water", PATIENCE);
        app.send("\r");
        app.wait_for("done for tonight", PATIENCE);
        app.send("q");
        assert_eq!(app.wait_exit(PATIENCE), 0, "{}", app.output());

        // The next morning's check-in: with the rub 0 and 1 cramps, without 2.
        let cramps = match (with, pair) {
            (true, 1) => "0",
            (true, _) => "1",
            (false, _) => "2",
        };
        let date = chrono::NaiveDate::parse_from_str(night, "%Y-%m-%d").expect("date");
        let morning = format!("{} 08:00", date.succ_opt().expect("next day"));
        let checkin = winddown_at(
            home.path(),
            &morning,
            &["checkin", "--night", night, "--cramps", cramps],
        );
        assert!(checkin.status.success(), "{checkin:?}");
    }

    // Friday morning, the schedule over: the pair differences are −2 and −1.
    let result = winddown_at(
        home.path(),
        "2027-03-05 09:00",
        &["experiment", "result", "--json"],
    );
    assert!(result.status.success(), "{result:?}");
    let result: serde_json::Value = serde_json::from_slice(&result.stdout).expect("JSON");
    assert_eq!(result["verdict"], "no_clear_difference");
    assert_eq!(result["effect"], -1.5);
    assert_eq!(result["p_value"], 0.5);
    assert_eq!(result["pairs_used"], 2);
    assert_eq!(result["deviations"], 0);
    assert_eq!(result["missing_checkins"], 0);
    assert_eq!(result["early"], false);
    // Mean −1.5, sd √0.5, se 0.5; t(0.975, 1) = 12.706205: −7.85 to 4.85.
    assert_eq!(
        result["words"][0],
        "No clear difference: four nights could not tell a change smaller than about 6.4 \
         cramps a night either way (95% interval 7.9 fewer to 4.9 more; 2 of 2 pairs; \
         p = 0.50)."
    );
    // The home screen that morning says it is over, and stats show the result.
    let mut app = app_at(home.path(), "2027-03-05 09:00");
    app.wait_for(
        "Experiment on Rub the calves over: its result is in stats (t)",
        PATIENCE,
    );
    app.send("t");
    app.wait_for(
        "Experiment on Rub the calves: No clear difference",
        PATIENCE,
    );
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
}
