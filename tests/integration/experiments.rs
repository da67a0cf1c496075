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
