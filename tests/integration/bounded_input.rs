//! What a user imports, or points winddown at through the environment, is bounded
//! like everything else: an import holds only what winddown could have written
//! (a bad row is named and nothing is written), only a regular file of a named
//! size is read, history never walks more nights than the data spans, and a `TZ`
//! that names something other than a regular file is ignored with a warning.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use serde_json::{Value, json};
use support::process::wait_within;
use winddown::store::Store;

fn winddown(home: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_winddown"));
    command.env("WINDDOWN_HOME", home).args(args);
    command
}

/// Runs `command` and fails the test when it is still running after `limit`.
fn finishes_within(mut command: Command, limit: Duration) -> Output {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start winddown");
    wait_within(child, limit)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A whole, valid export: one run of two steps, a rest night, a check-in, an SOS episode.
fn valid_export() -> Value {
    json!({
        "format_version": 3,
        "runs": [{
            "night": "2025-03-01",
            "routine_id": "leg-cramps",
            "routine_name": "Leg-cramp wind-down",
            "routine_hash": "h",
            "outcome": "completed",
            "step_count": 2,
            "started_at": "2025-03-01T21:30:00.000+01:00",
            "ended_at": "2025-03-01T21:40:00.000+01:00",
            "steps": [
                {"index": 0, "step_id": "calf", "title": "Calf", "outcome": "done",
                 "at": "2025-03-01T21:35:00.000+01:00", "active_seconds": 60.0},
                {"index": 1, "step_id": "water", "title": "Water", "outcome": "done",
                 "at": "2025-03-01T21:40:00.000+01:00", "active_seconds": 0.0}
            ]
        }],
        "rest_nights": [{"night": "2025-03-02", "reason": "travel",
                         "created_at": "2025-03-02T18:00:00Z"}],
        "checkins": [{"night": "2025-03-01", "cramps": 1, "severity": 4, "leg": "left",
                      "minutes": 2, "note": "ok", "recorded_at": "2025-03-02T08:00:00Z"}],
        "sos_episodes": [{"started_at": "2025-03-02T03:10:00.000+01:00",
                          "night": "2025-03-01", "seconds": 40, "leg": "left"}],
        "checkin_skips": []
    })
}

/// Imports `export` into a fresh home; the exit status and standard error, after
/// checking that a refused import left no database behind.
fn import(export: &Value) -> (bool, String) {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("export.json");
    fs::write(&file, export.to_string()).expect("write");
    let output = finishes_within(
        winddown(home.path(), &["import", file.to_str().expect("utf-8")]),
        Duration::from_secs(30),
    );
    if !output.status.success() {
        let database = home.path().join("winddown.db");
        if database.exists() {
            let store = Store::open_read_only(&database).expect("open");
            assert!(store.whole_history().expect("read").runs.is_empty());
        }
    }
    (output.status.success(), stderr(&output))
}

#[test]
fn an_import_holds_only_what_winddown_could_have_written() {
    let (imported, message) = import(&valid_export());
    assert!(imported, "the valid export was refused: {message}");
    let tomorrow_but_two = (Utc::now().date_naive() + chrono::Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    // Each case: where, the bad value, and what the refusal must say.
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/runs/0/step_count",
            json!(1_000_000_000_000_u64),
            "runs[0]: step_count 1000000000000 is more than the 1000 steps",
        ),
        (
            "/runs/0/steps/0/active_seconds",
            json!(1e300),
            "runs[0]: steps[0]: active_seconds",
        ),
        (
            "/runs/0/steps/0/active_seconds",
            json!(86_401.0),
            "longer than a night",
        ),
        (
            "/runs/0/night",
            json!("0001-01-01"),
            "runs[0]: night 0001-01-01 is outside",
        ),
        (
            "/rest_nights/0/night",
            json!("0001-01-01"),
            "rest_nights[0]: night 0001-01-01",
        ),
        (
            "/rest_nights/0/night",
            json!(tomorrow_but_two),
            "rest_nights[0]: night",
        ),
        (
            "/checkins/0/night",
            json!("1969-12-31"),
            "checkins[0]: night 1969-12-31",
        ),
        (
            "/runs/0/started_at",
            json!("0001-01-01T21:30:00+01:00"),
            "runs[0]: started_at",
        ),
        (
            "/runs/0/steps/1/at",
            json!("9999-12-31T23:59:59Z"),
            "runs[0]: steps[1]: at",
        ),
        (
            "/sos_episodes/0/seconds",
            json!(4_000_000_000_u32),
            "sos_episodes[0]: seconds",
        ),
        (
            "/sos_episodes/0/started_at",
            json!("0001-01-01T03:10:00+01:00"),
            "sos_episodes[0]: started_at",
        ),
    ];
    for (pointer, value, expected) in cases {
        let mut export = valid_export();
        *export.pointer_mut(pointer).expect(pointer) = value.clone();
        let (imported, message) = import(&export);
        assert!(!imported, "{pointer} = {value} was imported");
        assert!(message.contains(expected), "{pointer} = {value}: {message}");
        assert!(message.contains("nothing was imported"), "{message}");
    }
}

#[test]
fn a_running_run_of_the_most_steps_a_run_holds_is_accepted() {
    let mut export = valid_export();
    let tonight = Utc::now().date_naive().format("%Y-%m-%d").to_string();
    export["runs"][0]["night"] = json!(tonight);
    export["runs"][0]["outcome"] = json!("running");
    export["runs"][0]["ended_at"] = Value::Null;
    export["runs"][0]["step_count"] = json!(1000);
    let (imported, message) = import(&export);
    assert!(imported, "{message}");
}

#[test]
fn import_reads_only_a_regular_file_of_at_most_64_mb() {
    let home = tempfile::tempdir().expect("home");
    let fifo = home.path().join("export.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|status| status.success()) {
        let output = finishes_within(
            winddown(home.path(), &["import", fifo.to_str().expect("utf-8")]),
            Duration::from_secs(30),
        );
        assert!(!output.status.success());
        assert!(
            stderr(&output).contains("is a FIFO, not a regular file"),
            "{}",
            stderr(&output)
        );
    }
    let output = finishes_within(
        winddown(home.path(), &["import", "/dev/zero"]),
        Duration::from_secs(30),
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("/dev/zero is a character device, not a regular file"),
        "{}",
        stderr(&output)
    );
    // A sparse file one byte over the limit: refused by its size, without reading it.
    let large = home.path().join("large.json");
    fs::File::create(&large)
        .and_then(|file| file.set_len(64 * 1024 * 1024 + 1))
        .expect("sparse file");
    let output = finishes_within(
        winddown(home.path(), &["import", large.to_str().expect("utf-8")]),
        Duration::from_secs(30),
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output)
            .contains("is larger than 64 MB, the most winddown reads from a winddown export"),
        "{}",
        stderr(&output)
    );
    assert!(!home.path().join("winddown.db").exists());
}

#[test]
fn history_and_stats_walk_only_the_nights_the_data_spans() {
    // A row no import lets in, written straight into the database: a rest night in
    // the year 1, beside a run of three nights ago.
    let home = tempfile::tempdir().expect("home");
    let mut store = Store::open(&home.path().join("winddown.db")).expect("store");
    let ancient = NaiveDate::from_ymd_opt(1, 1, 1).expect("date");
    store
        .declare_rest(ancient, "ancient", Utc::now())
        .expect("rest");
    let recent = Utc::now().date_naive() - chrono::Duration::days(3);
    store
        .declare_rest(recent, "recent", Utc::now())
        .expect("rest");
    drop(store);
    let output = finishes_within(winddown(home.path(), &["history"]), Duration::from_secs(30));
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("0001-01-01") && text.contains("rest: recent"),
        "{text}"
    );
    assert!(text.lines().count() < 20, "{} lines", text.lines().count());
    let output = finishes_within(winddown(home.path(), &["stats"]), Duration::from_secs(30));
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_tz_that_is_not_a_regular_file_is_ignored_with_one_warning() {
    let home = tempfile::tempdir().expect("home");
    let fifo = home.path().join("zone");
    let mut zones = vec![":/dev/zero".to_string(), "/dev/zero".to_string()];
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|status| status.success())
    {
        zones.push(fifo.display().to_string());
        zones.push(format!(":{}", fifo.display()));
    }
    for zone in zones {
        let mut command = winddown(home.path(), &["status"]);
        command.env("TZ", &zone);
        let output = finishes_within(command, Duration::from_secs(30));
        assert!(output.status.success(), "TZ={zone}: {}", stderr(&output));
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "TZ={zone}: {message}");
        assert!(
            message.contains(&format!("TZ={zone}")) && message.contains("not a regular file"),
            "TZ={zone}: {message}"
        );
    }
    // A real zone, a zone rule and an empty TZ are left alone, without a word.
    for zone in ["CET-1CEST,M3.5.0,M10.5.0/3", "", "UTC0"] {
        let mut command = winddown(home.path(), &["status"]);
        command.env("TZ", zone);
        let output = finishes_within(command, Duration::from_secs(30));
        assert!(output.status.success());
        assert_eq!(stderr(&output), "", "TZ={zone}");
    }
}

/// Values an edited or hostile export might hold, for any field.
fn hostile_value() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    prop_oneof![
        Just(json!(1_000_000_000_000_u64)),
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1001)),
        Just(json!(1e300)),
        Just(json!(-0.5)),
        Just(json!(86_400.5)),
        Just(json!("0001-01-01")),
        Just(json!("9999-12-31")),
        Just(json!("2025-02-30")),
        Just(json!("0001-01-01T00:00:00Z")),
        Just(json!("+275760-09-13T00:00:00Z")),
        Just(json!("")),
        Just(json!("\u{1b}[2J\u{202e}")),
        Just(json!(null)),
        Just(json!([])),
        Just(json!({})),
        (0_u64..5000).prop_map(|n| json!(n)),
    ]
}

/// Every field of the valid export that a mutation may hit.
const FIELDS: &[&str] = &[
    "/format_version",
    "/runs/0/night",
    "/runs/0/outcome",
    "/runs/0/step_count",
    "/runs/0/started_at",
    "/runs/0/ended_at",
    "/runs/0/steps/0/index",
    "/runs/0/steps/0/outcome",
    "/runs/0/steps/0/at",
    "/runs/0/steps/0/active_seconds",
    "/runs/0/steps/1/index",
    "/rest_nights/0/night",
    "/rest_nights/0/created_at",
    "/checkins/0/night",
    "/checkins/0/cramps",
    "/checkins/0/severity",
    "/checkins/0/minutes",
    "/checkins/0/recorded_at",
    "/sos_episodes/0/started_at",
    "/sos_episodes/0/night",
    "/sos_episodes/0/seconds",
];

proptest::proptest! {
    // 64 cases in `cargo test`; WINDDOWN_IMPORT_FUZZ_CASES=5000 for a soak (BENCHMARKS.md).
    #![proptest_config(proptest::test_runner::Config {
        cases: std::env::var("WINDDOWN_IMPORT_FUZZ_CASES")
            .ok()
            .and_then(|cases| cases.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    })]

    /// A mutated export is either refused, writing nothing, or imported whole into a
    /// history every reader walks in bounded time and memory.
    #[test]
    fn a_mutated_export_is_refused_or_imported_within_bounds(
        mutations in proptest::collection::vec(
            (proptest::sample::select(FIELDS), hostile_value()),
            1..4,
        ),
    ) {
        let mut export = valid_export();
        for (pointer, value) in &mutations {
            if let Some(slot) = export.pointer_mut(pointer) {
                *slot = value.clone();
            }
        }
        let home = tempfile::tempdir().expect("home");
        let file = home.path().join("export.json");
        fs::write(&file, export.to_string()).expect("write");
        let today = Utc::now().date_naive();
        let database = home.path().join("winddown.db");
        match winddown::cli::import::read(&file, today) {
            Err(err) => {
                let message = format!("{err:#}");
                proptest::prop_assert!(message.contains("export.json"), "{}", message);
                proptest::prop_assert!(!database.exists());
            }
            Ok(history) => {
                let mut store = Store::open(&database).expect("store");
                store.merge(&history).expect("merge");
                let nights = store.history(None, today).expect("history");
                let earliest = winddown::model::EARLIEST_NIGHT;
                proptest::prop_assert!(
                    nights.len() as i64 <= (today - earliest).num_days() + 10,
                    "{} nights", nights.len()
                );
                store.unfinished_run(today).expect("tonight's run");
                store.step_tallies().expect("tallies");
            }
        }
    }
}
