//! N-of-1 experiments end to end: the store keeps the schedule, pauses and stops,
//! an older database migrates to hold them, and the command line starts, shows and
//! ends one.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tempfile::TempDir;
use winddown::model::{Arm, Design, Experiment, PauseChange, SeedSource, StepSeen, Stop};
use winddown::store::{SCHEMA_VERSION, Store, StoreError};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).expect("a time").to_utc()
}

/// 2 pairs of 2-night blocks on the rub from `start`: with, without, without, with.
fn rub_experiment(start: &str) -> Experiment {
    Experiment {
        routine_id: "leg-cramps".into(),
        step_id: "magnesium-rub".into(),
        step_title: "Magnesium-oil rub".into(),
        design: Design {
            pairs: 2,
            block_nights: 2,
            washout_nights: 0,
        },
        blocks: vec![Arm::With, Arm::Without, Arm::Without, Arm::With],
        seed: u64::MAX,
        seed_source: SeedSource::System,
        start: date(start),
        created_at: Utc
            .with_ymd_and_hms(2024, 11, 4, 17, 0, 0)
            .single()
            .expect("time"),
        pauses: Vec::new(),
        stop: None,
    }
}

fn database(dir: &TempDir) -> PathBuf {
    dir.path().join("winddown.db")
}

/// Copies a committed fixture into a temporary folder.
fn fixture_copy(name: &str, dir: &TempDir) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let path = database(dir);
    fs::copy(&fixture, &path).expect("copy fixture");
    path
}

#[test]
fn a_database_of_the_release_before_experiments_migrates_keeping_every_row() {
    // v5.db was written by the release before experiments (`winddown import` of two
    // runs, two check-ins, a rest night, a skipped check-in and an SOS episode).
    let dir = TempDir::new().expect("tempdir");
    let path = fixture_copy("v5.db", &dir);
    let version: i64 = Connection::open(&path)
        .expect("open")
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("version");
    assert_eq!(version, 5, "the fixture is a version 5 file");
    let mut store = Store::open(&path).expect("migrates");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    let history = store.whole_history().expect("history");
    assert_eq!(history.runs.len(), 2);
    assert_eq!(history.runs[0].steps.len(), 2);
    assert_eq!(history.checkins.len(), 2);
    assert_eq!(
        history.checkins[0].checkin.note.as_deref(),
        Some("after a long walk")
    );
    assert_eq!(history.rest_nights.len(), 1);
    assert_eq!(history.checkin_skips.len(), 1);
    assert_eq!(history.sos_episodes.len(), 1);
    // And an experiment over those very nights reads them.
    let id = store
        .start_experiment(&rub_experiment("2024-11-04"), date("2024-11-04"))
        .expect("start");
    let nights = store
        .experiment_nights("magnesium-rub", date("2024-11-04"), date("2024-11-07"))
        .expect("nights");
    let summary: Vec<(String, Option<u8>, bool, StepSeen)> = nights
        .iter()
        .map(|night| {
            (
                night.night.to_string(),
                night.checkin.map(|checkin| checkin.cramps),
                night.rest,
                night.step,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2024-11-04".to_string(), Some(1), false, StepSeen::Done),
            ("2024-11-05".to_string(), Some(2), false, StepSeen::Skipped),
            ("2024-11-06".to_string(), None, true, StepSeen::NoRun),
        ]
    );
    let (found, _) = store.latest_experiment().expect("read").expect("one");
    assert_eq!(found, id);
}

#[test]
fn one_experiment_at_a_time_and_a_refused_start_writes_nothing() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&database(&dir)).expect("open");
    let first = rub_experiment("2024-11-04");
    store
        .start_experiment(&first, date("2024-11-04"))
        .expect("start");
    let mut second = rub_experiment("2024-11-05");
    second.step_id = "calf-stretch".into();
    second.created_at = at("2024-11-05T17:00:00Z");
    let refused = store
        .start_experiment(&second, date("2024-11-05"))
        .expect_err("one at a time");
    assert!(
        matches!(&refused, StoreError::ExperimentUnderWay { step_title, last_night }
            if step_title == "Magnesium-oil rub" && *last_night == date("2024-11-11")),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("winddown experiment stop"),
        "{refused}"
    );
    assert_eq!(store.experiments().expect("read").len(), 1);
    // Once its eight nights are over, the next may start.
    let later = rub_experiment("2024-11-12");
    store
        .start_experiment(
            &Experiment {
                created_at: at("2024-11-12T17:00:00Z"),
                ..later
            },
            date("2024-11-12"),
        )
        .expect("the first is over");
    assert_eq!(store.experiments().expect("read").len(), 2);
}

#[test]
fn pauses_and_a_stop_are_kept_as_they_happened() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&database(&dir)).expect("open");
    let id = store
        .start_experiment(&rub_experiment("2024-11-04"), date("2024-11-04"))
        .expect("start");
    // Taken out on the 5th and back on the 5th: nothing paused.
    store
        .change_pause(id, PauseChange::Begin(date("2024-11-05")))
        .expect("pause");
    store
        .change_pause(
            id,
            PauseChange::End {
                from: date("2024-11-05"),
                until: date("2024-11-05"),
            },
        )
        .expect("resume");
    let (_, read) = store.latest_experiment().expect("read").expect("one");
    assert!(read.pauses.is_empty());
    // Out on the 6th, back on the 9th; out again on the 10th and stopped on the 11th.
    store
        .change_pause(id, PauseChange::Begin(date("2024-11-06")))
        .expect("pause");
    store
        .change_pause(
            id,
            PauseChange::End {
                from: date("2024-11-06"),
                until: date("2024-11-09"),
            },
        )
        .expect("resume");
    store
        .change_pause(id, PauseChange::Begin(date("2024-11-10")))
        .expect("pause");
    let stop = Stop {
        at: at("2024-11-11T08:00:00Z"),
        last_night: date("2024-11-10"),
    };
    store.stop_experiment(id, stop).expect("stop");
    let (_, read) = store.latest_experiment().expect("read").expect("one");
    let pauses: Vec<(String, Option<String>)> = read
        .pauses
        .iter()
        .map(|pause| (pause.from.to_string(), pause.until.map(|n| n.to_string())))
        .collect();
    assert_eq!(
        pauses,
        [
            ("2024-11-06".to_string(), Some("2024-11-09".to_string())),
            // The pause that still stood ends with the stop.
            ("2024-11-10".to_string(), Some("2024-11-11".to_string())),
        ]
    );
    assert_eq!(read.stop, Some(stop));
    // 4, 5, then 9: three nights of the schedule belong to it.
    let planned: Vec<String> = read
        .planned(date("2024-11-12"))
        .iter()
        .map(|night| night.night.to_string())
        .collect();
    assert_eq!(planned, ["2024-11-04", "2024-11-05", "2024-11-09"]);
}

#[test]
fn a_stored_schedule_that_no_winddown_writes_is_refused_by_name() {
    let dir = TempDir::new().expect("tempdir");
    let path = database(&dir);
    let mut store = Store::open(&path).expect("open");
    store
        .start_experiment(&rub_experiment("2024-11-04"), date("2024-11-04"))
        .expect("start");
    drop(store);
    // Both blocks of pair 1 "with": not a schedule winddown draws.
    Connection::open(&path)
        .expect("open")
        .execute(
            "UPDATE experiment_blocks SET arm = 'with' WHERE block = 2",
            [],
        )
        .expect("edit");
    let store = Store::open(&path).expect("open");
    let error = store.latest_experiment().expect_err("a bad row");
    assert!(
        error
            .to_string()
            .contains("its blocks are not one with and one without per pair"),
        "{error}"
    );
}

/// `winddown ARGS` on `home` at the local moment `now` ("YYYY-MM-DD HH:MM"), with
/// `answer` on its standard input.
fn winddown_at(home: &Path, now: &str, args: &[&str], answer: &str) -> std::process::Output {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .env(winddown::now::TEST_NOW, now)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run winddown");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(answer.as_bytes())
        .expect("answer");
    child.wait_with_output().expect("winddown ends")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Each night's date and arm from `experiment plan --json`.
fn arms(home: &Path, now: &str) -> Vec<(String, String)> {
    let output = winddown_at(home, now, &["experiment", "plan", "--json"], "");
    assert!(output.status.success(), "{output:?}");
    let nights: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    nights
        .as_array()
        .expect("an array")
        .iter()
        .map(|night| {
            (
                night["night"].as_str().expect("night").to_string(),
                night["arm"].as_str().expect("arm").to_string(),
            )
        })
        .collect()
}

#[test]
fn start_shows_the_calendar_before_asking_and_a_no_writes_nothing() {
    let home = TempDir::new().expect("home");
    // Monday 1 March 2027, in the evening.
    let now = "2027-03-01 20:00";
    let declined = winddown_at(
        home.path(),
        now,
        &["experiment", "start", "magnesium-rub", "--seed", "0"],
        "n\n",
    );
    assert_eq!(declined.status.code(), Some(1), "{declined:?}");
    let shown = stdout(&declined);
    // Seed 0 is the all-zero ChaCha20 key, whose keystream RFC 8439 publishes (appendix
    // A.1, #1): its first eight words are even, even, even, odd, odd, even, even, odd,
    // so the pairs start with, with, with, without, without, with, with, without.
    let expected_start = "\
Magnesium-oil rub, in Leg-cramp wind-down:
8 pairs of 3-night blocks, 48 nights.
From tonight, Mon 1 Mar 2027 to Sat 17 Apr 2027.

         Mon  Tue  Wed  Thu  Fri  Sat  Sun
Mar 2027   1+   2+   3+   4-   5-   6-   7+
           8+   9+  10-  11-  12-  13+  14+
          15+  16-  17-  18-  19-  20-  21-
          22+  23+  24+  25-  26-  27-  28+
          29+  30+  31+   1+   2+   3-   4-
Apr 2027   5-   6+   7+   8+   9-  10-  11-
          12-  13-  14-  15+  16+  17+
+ with the magnesium-oil rub   - without it
";
    assert!(shown.starts_with(expected_start), "{shown}");
    assert!(
        shown.contains("Seed 0 (given; kept with the schedule)."),
        "{shown}"
    );
    assert!(
        shown.ends_with("Start this experiment? [y/N] Not started; nothing was written.\n"),
        "{shown}"
    );
    assert!(
        Store::open_read_only(&home.path().join("winddown.db"))
            .expect("open")
            .experiments()
            .expect("read")
            .is_empty()
    );
    let started = winddown_at(
        home.path(),
        now,
        &["experiment", "start", "magnesium-rub", "--seed", "0"],
        "y\n",
    );
    assert!(started.status.success(), "{started:?}");
    assert!(
        stdout(&started)
            .ends_with("Started. Tonight is night 1 of 48: with the magnesium-oil rub.\n"),
        "{}",
        stdout(&started)
    );
    let plan = arms(home.path(), now);
    assert_eq!(plan.len(), 48);
    assert_eq!(plan[0], ("2027-03-01".to_string(), "with".to_string()));
    assert_eq!(plan[3], ("2027-03-04".to_string(), "without".to_string()));
    assert_eq!(plan[47], ("2027-04-17".to_string(), "with".to_string()));
}

#[test]
fn a_seed_draws_the_same_schedule_and_a_system_seed_is_stored_to_draw_it_again() {
    let now = "2027-03-01 20:00";
    let drawn = |seed: Option<&str>| {
        let home = TempDir::new().expect("home");
        let mut args = vec!["experiment", "start", "magnesium-rub", "--yes"];
        if let Some(seed) = seed {
            args.extend(["--seed", seed]);
        }
        let output = winddown_at(home.path(), now, &args, "");
        assert!(output.status.success(), "{output:?}");
        let (_, experiment) = Store::open_read_only(&home.path().join("winddown.db"))
            .expect("open")
            .latest_experiment()
            .expect("read")
            .expect("one");
        (arms(home.path(), now), experiment)
    };
    let (first, _) = drawn(Some("20261204"));
    let (again, _) = drawn(Some("20261204"));
    assert_eq!(first, again);
    let (system, experiment) = drawn(None);
    assert_eq!(experiment.seed_source, SeedSource::System);
    let (redrawn, _) = drawn(Some(&experiment.seed.to_string()));
    assert_eq!(system, redrawn);
}

#[test]
fn a_mistyped_step_gets_the_closest_id_and_a_step_not_run_every_night_is_refused() {
    let home = TempDir::new().expect("home");
    let now = "2027-03-01 20:00";
    let typo = winddown_at(
        home.path(),
        now,
        &["experiment", "start", "magnesium-rb"],
        "",
    );
    assert_eq!(typo.status.code(), Some(1));
    assert_eq!(
        stderr(&typo),
        "winddown: error: no step \"magnesium-rb\" in Leg-cramp wind-down: \
         did you mean \"magnesium-rub\" (Magnesium-oil rub)?\n"
    );
    let soak = winddown_at(home.path(), now, &["experiment", "start", "epsom-soak"], "");
    assert_eq!(soak.status.code(), Some(1));
    assert!(
        stderr(&soak).contains("\"epsom-soak\" runs only on Mon, Thu"),
        "{}",
        stderr(&soak)
    );
    let far = winddown_at(home.path(), now, &["experiment", "start", "yoga"], "");
    assert!(
        stderr(&far).contains("its steps are: epsom-soak (Epsom-salt soak), water"),
        "{}",
        stderr(&far)
    );
    let design = winddown_at(
        home.path(),
        now,
        &[
            "experiment",
            "start",
            "water",
            "--block",
            "3",
            "--washout",
            "3",
        ],
        "",
    );
    assert_eq!(design.status.code(), Some(1));
    assert!(
        stderr(&design).contains("--washout 3"),
        "{}",
        stderr(&design)
    );
}

#[test]
fn one_experiment_at_a_time_from_the_command_line_too() {
    let home = TempDir::new().expect("home");
    let now = "2027-03-01 20:00";
    let args = ["experiment", "start", "water", "--yes", "--seed", "1"];
    assert!(winddown_at(home.path(), now, &args, "").status.success());
    let second = winddown_at(
        home.path(),
        "2027-03-02 20:00",
        &["experiment", "start", "walk", "--yes"],
        "",
    );
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains(
            "an experiment on A glass of water is under way until 2027-04-17: one experiment at a time"
        ),
        "{}",
        stderr(&second)
    );
}

#[test]
fn the_result_waits_for_the_last_night_then_compares_the_pairs_from_real_check_ins() {
    let home = TempDir::new().expect("home");
    // Seed 0, 3 pairs of 1 night: with, without three times (see the calendar test),
    // Monday 1 to Saturday 6 March 2027.
    let start = [
        "experiment",
        "start",
        "water",
        "--pairs",
        "3",
        "--block",
        "1",
        "--seed",
        "0",
        "--yes",
    ];
    let started = winddown_at(home.path(), "2027-03-01 20:00", &start, "");
    assert!(started.status.success(), "{started:?}");
    // Check-ins on chosen nights: 0 / 2, 1 / 3, 0 / 1 cramps (with / without).
    for (night, cramps) in [
        ("2027-03-01", "0"),
        ("2027-03-02", "2"),
        ("2027-03-03", "1"),
        ("2027-03-04", "3"),
        ("2027-03-05", "0"),
    ] {
        let morning = format!("{} 08:00", date(night).succ_opt().expect("date"));
        let checkin = winddown_at(
            home.path(),
            &morning,
            &["checkin", "--night", night, "--cramps", cramps],
            "",
        );
        assert!(checkin.status.success(), "{checkin:?}");
    }
    // The morning of the 6th: the last night is still to come.
    let early = winddown_at(
        home.path(),
        "2027-03-06 08:00",
        &["experiment", "result"],
        "",
    );
    assert_eq!(early.status.code(), Some(1));
    assert!(
        stderr(&early).contains(
            "its result comes after its last night (Sat 6 Mar 2027). Looking early and \
             stopping when the numbers look good biases the result."
        ),
        "{}",
        stderr(&early)
    );
    let peek = winddown_at(
        home.path(),
        "2027-03-06 08:00",
        &["experiment", "result", "--early", "--json"],
        "",
    );
    let peek: serde_json::Value = serde_json::from_slice(&peek.stdout).expect("JSON");
    assert_eq!(peek["early"], true);
    assert!(
        peek["words"][0]
            .as_str()
            .expect("words")
            .starts_with("Early look after 5 of 6 nights:"),
        "{peek}"
    );
    let last = winddown_at(
        home.path(),
        "2027-03-07 08:00",
        &["checkin", "--night", "2027-03-06", "--cramps", "1"],
        "",
    );
    assert!(last.status.success(), "{last:?}");
    let output = winddown_at(
        home.path(),
        "2027-03-07 08:05",
        &["experiment", "result", "--json"],
        "",
    );
    assert!(output.status.success(), "{output:?}");
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    // Pair differences −2, −2, −1: mean −5/3; sd 1/√3, se 1/3; t(0.975, 2) = 4.302653:
    // −1.6667 ± 1.4342. Every pair the same way: 2 of 8 orderings, p = 0.25 — the
    // interval misses zero but p > 0.05: no clear difference.
    let round4 = |value: &serde_json::Value| (value.as_f64().expect("number") * 1e4).round() / 1e4;
    assert_eq!(round4(&result["effect"]), -1.6667);
    assert_eq!(round4(&result["ci_low"]), -3.1009);
    assert_eq!(round4(&result["ci_high"]), -0.2324);
    assert_eq!(result["p_value"], 0.25);
    assert_eq!(result["verdict"], "no_clear_difference");
    assert_eq!(result["pairs_used"], 3);
    assert_eq!(result["nights_with"], 3);
    assert_eq!(result["nights_without"], 3);
    assert_eq!(result["missing_checkins"], 0);
    // No run on the three "with" nights: the step was not done.
    assert_eq!(result["deviations"], 3);
    assert_eq!(result["early"], false);
    let words = winddown_at(
        home.path(),
        "2027-03-07 08:05",
        &["experiment", "result"],
        "",
    );
    let words = stdout(&words);
    assert!(
        words.starts_with(
            "No clear difference: six nights could not tell a change smaller than about 1.4 \
             cramps a night either way (95% interval 0.2 to 3.1 fewer; 3 of 3 pairs; p = 0.25)."
        ),
        "{words}"
    );
    assert!(
        words.ends_with("This is about you, over these weeks; it is not a general result.\n"),
        "{words}"
    );
}

#[test]
fn stop_ends_it_early_keeping_everything_and_its_result_says_so() {
    let home = TempDir::new().expect("home");
    let start = ["experiment", "start", "water", "--seed", "0", "--yes"];
    assert!(
        winddown_at(home.path(), "2027-03-01 20:00", &start, "")
            .status
            .success()
    );
    let checkin = winddown_at(
        home.path(),
        "2027-03-02 08:00",
        &["checkin", "--night", "2027-03-01", "--cramps", "2"],
        "",
    );
    assert!(checkin.status.success());
    let stopped = winddown_at(home.path(), "2027-03-03 09:00", &["experiment", "stop"], "");
    assert!(stopped.status.success(), "{stopped:?}");
    assert!(
        stdout(&stopped).starts_with(
            "Stopped the experiment on A glass of water after 2 nights of 48. Everything \
             recorded is kept"
        ),
        "{}",
        stdout(&stopped)
    );
    let status = winddown_at(
        home.path(),
        "2027-03-03 09:00",
        &["experiment", "status"],
        "",
    );
    assert!(
        stdout(&status).contains("was stopped after 2 nights of 48"),
        "{}",
        stdout(&status)
    );
    let result = winddown_at(
        home.path(),
        "2027-03-03 09:00",
        &["experiment", "result", "--json"],
        "",
    );
    assert!(result.status.success(), "{result:?}");
    let result: serde_json::Value = serde_json::from_slice(&result.stdout).expect("JSON");
    assert_eq!(result["early"], false);
    assert_eq!(result["stopped"], true);
    assert_eq!(result["verdict"], "not_enough_data");
    assert_eq!(result["missing_checkins"], 1);
    // The check-in is still there, and a new experiment may start.
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    assert!(store.checkin(date("2027-03-01")).expect("read").is_some());
    let again = winddown_at(
        home.path(),
        "2027-03-03 20:00",
        &["experiment", "start", "walk", "--yes"],
        "",
    );
    assert!(again.status.success(), "{again:?}");
}

#[test]
fn taking_the_step_out_of_the_routine_pauses_the_experiment_and_putting_it_back_resumes_it() {
    let home = TempDir::new().expect("home");
    let routines = home.path().join("routines");
    fs::create_dir_all(&routines).expect("routine folder");
    let with_rub = "name = \"Evening\"\n\n[[step]]\nid = \"rub\"\ntitle = \"Rub\"\n\n\
                    [[step]]\nid = \"water\"\ntitle = \"Water\"\n";
    let without_rub = "name = \"Evening\"\n\n[[step]]\nid = \"water\"\ntitle = \"Water\"\n";
    fs::write(routines.join("evening.toml"), with_rub).expect("routine");
    let start = [
        "experiment",
        "start",
        "rub",
        "--routine",
        "evening",
        "--pairs",
        "2",
        "--block",
        "2",
        "--seed",
        "0",
        "--yes",
    ];
    assert!(
        winddown_at(home.path(), "2027-03-01 20:00", &start, "")
            .status
            .success()
    );
    // 2 pairs of 2 from Monday 1 March: the 1st to the 8th.
    assert_eq!(
        arms(home.path(), "2027-03-01 20:00")
            .last()
            .map(|(night, _)| night.clone()),
        Some("2027-03-08".to_string())
    );
    // The rub leaves the routine on the 3rd.
    fs::write(routines.join("evening.toml"), without_rub).expect("edit");
    let paused = winddown_at(
        home.path(),
        "2027-03-03 20:00",
        &["experiment", "status"],
        "",
    );
    assert!(
        stdout(&paused).starts_with(
            "Experiment on Rub is paused: the step is not in evening now. Put it back"
        ),
        "{}",
        stdout(&paused)
    );
    // Back on the 6th: the 3rd, 4th and 5th stood still, so night 3 is the 6th.
    fs::write(routines.join("evening.toml"), with_rub).expect("put back");
    let resumed = winddown_at(
        home.path(),
        "2027-03-06 20:00",
        &["experiment", "status"],
        "",
    );
    assert!(
        stdout(&resumed).starts_with("Experiment on Rub (evening): tonight is night 3 of 8"),
        "{}",
        stdout(&resumed)
    );
    let nights: Vec<String> = arms(home.path(), "2027-03-06 20:00")
        .into_iter()
        .map(|(night, _)| night)
        .collect();
    assert_eq!(
        nights,
        [
            "2027-03-01",
            "2027-03-02",
            "2027-03-06",
            "2027-03-07",
            "2027-03-08",
            "2027-03-09",
            "2027-03-10",
            "2027-03-11"
        ]
    );
    let plan = winddown_at(home.path(), "2027-03-06 20:00", &["experiment", "plan"], "");
    assert!(
        stdout(&plan).contains(
            "Paused from Wed 3 Mar 2027 to Fri 5 Mar 2027 (3 nights): the step was not in the \
             routine; the nights after moved on."
        ),
        "{}",
        stdout(&plan)
    );
}

/// A run of leg-cramps on `night` with `done` as its only step result, done.
fn run_with(store: &mut Store, night: NaiveDate, done: &str) {
    let started = night
        .and_hms_opt(21, 0, 0)
        .expect("time")
        .and_utc()
        .fixed_offset();
    let run = store
        .start_run(&winddown::model::NewRun {
            routine_id: "leg-cramps".into(),
            routine_name: "Leg-cramp wind-down".into(),
            routine_hash: "h".into(),
            night,
            started_at: started,
            step_count: 1,
        })
        .expect("run");
    let title = match done {
        "water" => "A glass of water",
        _ => "A short, easy walk",
    };
    let record = winddown::model::StepRecord {
        step_id: done.into(),
        title: title.into(),
        result: winddown::session::StepResult {
            outcome: winddown::session::Outcome::Done,
            active: std::time::Duration::from_secs(60),
            holds: None,
        },
        at: started.to_utc(),
    };
    store.record_step(run, 0, &record).expect("step");
    store
        .finish_run(
            run,
            started.to_utc(),
            winddown::model::RunOutcome::Completed,
        )
        .expect("finish");
}

/// A finished experiment on the water from 1 March 2027 (seed 0, 3 pairs of 1 night:
/// with, without three times), every night run and checked in: 0 and 2, 1 and 3, 0
/// and 1 cramps. The water was done on the "with" nights and on one "without" night.
fn finished_experiment(home: &Path) {
    let start = [
        "experiment",
        "start",
        "water",
        "--pairs",
        "3",
        "--block",
        "1",
        "--seed",
        "0",
        "--yes",
    ];
    assert!(
        winddown_at(home, "2027-03-01 20:00", &start, "")
            .status
            .success()
    );
    let mut store = Store::open(&home.join("winddown.db")).expect("open");
    for (day, cramps, done) in [
        (1, 0, "water"),
        (2, 2, "walk"),
        (3, 1, "water"),
        (4, 3, "water"),
        (5, 0, "water"),
        (6, 1, "walk"),
    ] {
        let night = NaiveDate::from_ymd_opt(2027, 3, day).expect("date");
        run_with(&mut store, night, done);
        let checkin = winddown::model::CheckIn {
            night,
            cramps,
            severity: None,
            severity_unsure: false,
            leg: None,
            minutes: None,
            note: None,
        };
        store.save_checkin(&checkin, Utc::now()).expect("check-in");
    }
}

#[test]
fn insights_and_the_report_put_the_experiment_first_and_mark_the_comparison_it_outranks() {
    let home = TempDir::new().expect("home");
    finished_experiment(home.path());
    let insights = winddown_at(home.path(), "2027-03-07 20:00", &["insights"], "");
    assert!(insights.status.success(), "{insights:?}");
    let text = stdout(&insights);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Experiment on A glass of water: No clear difference: six nights could not tell a \
         change smaller than about 1.4 cramps a night either way (95% interval 0.2 to 3.1 \
         fewer; 3 of 3 pairs; p = 0.25)."
    );
    assert_eq!(
        lines[1],
        "This is about you, over these weeks; it is not a general result."
    );
    let water = lines
        .iter()
        .find(|line| line.starts_with("A glass of water "))
        .expect("the water's row");
    assert!(
        water.ends_with("— the experiment above outranks this comparison"),
        "{water}"
    );
    let report = winddown_at(home.path(), "2027-03-07 20:00", &["report"], "");
    let report = stdout(&report);
    let section = report
        .split("## Experiment: does one step make a difference?\n\n")
        .nth(1)
        .expect("an experiment section");
    assert!(
        section.starts_with(
            "Experiment on A glass of water, 3 pairs of 1-night blocks, 6 nights:\n\n\
             No clear difference: six nights could not tell"
        ),
        "{section}"
    );
    // One deviation: the water on the fourth night, a "without" night.
    assert!(
        section.contains(
            "Schedule kept: the step done on 3 of 3 \"with\" nights and left out on 2 of 3 \
             \"without\" nights; 1 deviation; 0 missing check-ins"
        ),
        "{section}"
    );
    assert!(
        section.contains("This is about you, over these weeks; it is not a general result."),
        "{section}"
    );
    // While it runs, the report says only that it is under way.
    let earlier = winddown_at(home.path(), "2027-03-04 20:00", &["report"], "");
    assert!(
        stdout(&earlier).contains(
            "Experiment on A glass of water under way (night 4 of 6): its result comes after \
             the last night."
        ),
        "{}",
        stdout(&earlier)
    );
}

/// `winddown export --format json` of `home` at `now`, as JSON.
fn exported(home: &Path, now: &str) -> serde_json::Value {
    let output = winddown_at(home, now, &["export", "--format", "json"], "");
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn the_export_holds_each_experiment_and_import_brings_it_back_with_its_result() {
    let home = TempDir::new().expect("home");
    finished_experiment(home.path());
    let document = exported(home.path(), "2027-03-07 20:00");
    assert_eq!(document["format_version"], 6);
    let experiment = &document["experiments"][0];
    assert_eq!(experiment["step_id"], "water");
    assert_eq!(experiment["start"], "2027-03-01");
    assert_eq!(experiment["seed"], "0");
    assert_eq!(experiment["seed_source"], "given");
    assert_eq!(
        experiment["blocks"],
        serde_json::json!(["with", "without", "with", "without", "with", "without"])
    );
    assert_eq!(experiment["nights"].as_array().map(Vec::len), Some(6));
    assert_eq!(experiment["nights"][3]["deviation"], "done_anyway");
    assert_eq!(experiment["result"]["verdict"], "no_clear_difference");
    assert_eq!(experiment["result"]["early"], false);
    // Into a fresh home: the same schedule, and the same result from the same nights.
    let file = home.path().join("export.json");
    fs::write(&file, serde_json::to_vec(&document).expect("JSON")).expect("write");
    let fresh = TempDir::new().expect("fresh home");
    let import = winddown_at(
        fresh.path(),
        "2027-03-07 20:00",
        &["import", file.to_str().expect("path")],
        "",
    );
    assert!(import.status.success(), "{import:?}");
    let again = exported(fresh.path(), "2027-03-07 20:00");
    assert_eq!(again["experiments"], document["experiments"]);
    // Twice changes nothing.
    let twice = winddown_at(
        fresh.path(),
        "2027-03-07 20:00",
        &["import", file.to_str().expect("path")],
        "",
    );
    assert!(stdout(&twice).contains("nothing new"), "{}", stdout(&twice));
}

#[test]
fn an_import_brings_a_stop_made_elsewhere_and_refuses_an_experiment_beside_another() {
    let home = TempDir::new().expect("home");
    let start = ["experiment", "start", "water", "--seed", "3", "--yes"];
    assert!(
        winddown_at(home.path(), "2027-03-01 20:00", &start, "")
            .status
            .success()
    );
    let file = home.path().join("before.json");
    fs::write(
        &file,
        serde_json::to_vec(&exported(home.path(), "2027-03-01 20:00")).expect("JSON"),
    )
    .expect("write");
    // Elsewhere (a copy of this home), it was stopped; the stop comes back with the import.
    let elsewhere = TempDir::new().expect("elsewhere");
    let path = |dir: &TempDir, name: &str| dir.path().join(name).display().to_string();
    assert!(
        winddown_at(
            elsewhere.path(),
            "2027-03-02 09:00",
            &["import", &path(&home, "before.json")],
            ""
        )
        .status
        .success()
    );
    assert!(
        winddown_at(
            elsewhere.path(),
            "2027-03-03 09:00",
            &["experiment", "stop"],
            ""
        )
        .status
        .success()
    );
    let stopped = elsewhere.path().join("stopped.json");
    fs::write(
        &stopped,
        serde_json::to_vec(&exported(elsewhere.path(), "2027-03-03 09:00")).expect("JSON"),
    )
    .expect("write");
    let import = winddown_at(
        home.path(),
        "2027-03-03 10:00",
        &["import", &stopped.display().to_string()],
        "",
    );
    assert!(
        stdout(&import).contains(": now as in the import, which is further on"),
        "{}",
        stdout(&import)
    );
    let (_, here) = Store::open_read_only(&home.path().join("winddown.db"))
        .expect("open")
        .latest_experiment()
        .expect("read")
        .expect("one");
    assert_eq!(
        here.stop.map(|stop| stop.last_night),
        Some(date("2027-03-02"))
    );
    // A third home with its own experiment over the same nights keeps it alone.
    let third = TempDir::new().expect("third");
    let own = ["experiment", "start", "walk", "--seed", "4", "--yes"];
    assert!(
        winddown_at(third.path(), "2027-02-27 20:00", &own, "")
            .status
            .success()
    );
    let refused = winddown_at(
        third.path(),
        "2027-03-03 10:00",
        &["import", &file.display().to_string()],
        "",
    );
    assert!(refused.status.success(), "{refused:?}");
    assert!(
        stdout(&refused).contains(
            "not added, its nights run beside the experiment on walk here (one at a time)"
        ),
        "{}",
        stdout(&refused)
    );
}

#[test]
fn a_bad_experiment_in_an_import_is_named_and_nothing_is_imported() {
    let home = TempDir::new().expect("home");
    let file = home.path().join("bad.json");
    let document = serde_json::json!({
        "format_version": 5,
        "runs": [],
        "checkins": [{"night": "2027-03-01", "cramps": 1, "severity": null, "leg": null,
                      "minutes": null, "note": null, "recorded_at": "2027-03-02T07:00:00Z"}],
        "experiments": [{
            "routine_id": "leg-cramps", "step_id": "water", "step_title": "Water",
            "start": "2027-03-01", "pairs": 2, "block_nights": 1, "washout_nights": 0,
            "seed": "7", "seed_source": "given", "created_at": "2027-03-01T19:00:00Z",
            "blocks": ["with", "with", "without", "with"], "pauses": [],
            "stopped_at": null, "last_night": null
        }]
    });
    fs::write(&file, serde_json::to_vec(&document).expect("JSON")).expect("write");
    let output = winddown_at(
        home.path(),
        "2027-03-03 10:00",
        &["import", &file.display().to_string()],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "experiments[0]: blocks: 2 pairs need 4 blocks, one with and one without in each pair"
        ),
        "{}",
        stderr(&output)
    );
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    assert!(store.checkin(date("2027-03-01")).expect("read").is_none());
}
