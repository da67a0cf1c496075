//! `export`, `import` and `backup` through the real binary: the export holds
//! everything the database holds, an import restores it exactly and merges
//! by natural keys, a backup is a consistent copy taken while the app may run.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use chrono::{DateTime, Duration as Span, FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::model::{CheckIn, Leg, NewRun, RunOutcome, StepRecord};
use winddown::session::{Holds, Outcome, StepResult};
use winddown::store::{InstanceLock, Store};

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `args` and insists it succeeded; its standard output.
fn ok(home: &Path, args: &[&str]) -> String {
    let output = winddown(home, args);
    assert!(
        output.status.success(),
        "winddown {args:?}: {}{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn evening(night: NaiveDate, offset_hours: i32, secs: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(offset_hours * 3600).expect("offset");
    tz.from_local_datetime(&night.and_hms_opt(21, 30, 0).expect("time"))
        .single()
        .expect("unambiguous")
        + Span::seconds(secs)
}

const STEPS: [(&str, &str); 3] = [
    ("calf", "Standing calf stretch"),
    ("hamstring", "=HYPERLINK(\"http://evil.example\",\"click\")"),
    ("water", "Glass of water"),
];

/// Two holds of which `full` were held to the end, `held_ms` held in all.
fn holds(held_ms: u64, full: u32) -> Holds {
    Holds {
        held: std::time::Duration::from_millis(held_ms),
        full,
        planned: 2,
    }
}

/// Forty nights of varied history: runs of every outcome (two on one night,
/// one still running), rest nights, check-ins with and without details and
/// notes, nights whose check-in the user chose to skip, SOS episodes in two
/// time zones.
fn generate_history(home: &Path) {
    let mut store = Store::open(&home.join("winddown.db")).expect("open");
    let first = date("2024-03-01");
    for day in 0..40_i64 {
        let night = first + Span::days(day);
        let offset = if day < 20 { 1 } else { 2 };
        match day % 7 {
            3 => {
                let at = evening(night, offset, 0).with_timezone(&Utc);
                store
                    .declare_rest(night, &format!("travel, day {day}"), at)
                    .expect("rest");
                continue;
            }
            5 => continue,
            _ => {}
        }
        let runs = if day == 8 { 2 } else { 1 };
        for attempt in 0..runs {
            let started = evening(night, offset, attempt * 3600);
            let run = store
                .start_run(&NewRun {
                    routine_id: "leg-cramps".into(),
                    routine_name: "Leg-cramp wind-down".into(),
                    routine_hash: format!("{:016x}", day / 10),
                    night,
                    started_at: started,
                    step_count: STEPS.len(),
                })
                .expect("start");
            let steps = (day % 3 + 1) as usize;
            for (index, (step_id, title)) in STEPS.iter().take(steps).enumerate() {
                // The first ten nights as an older winddown kept them: done or skipped,
                // nothing known of holds; later ones cut short too, with their holds.
                let (outcome, holds) = match ((day + index as i64) % 4, day < 10) {
                    (0, true) => (Outcome::Skipped, None),
                    (_, true) => (Outcome::Done, None),
                    (0, false) => (Outcome::Skipped, Some(holds(0, 0))),
                    (1, false) => (Outcome::CutShort, Some(holds(12_345, 1))),
                    (_, false) => (Outcome::Done, Some(holds(30_000 + day as u64, 2))),
                };
                store
                    .record_step(
                        run,
                        index,
                        &StepRecord {
                            step_id: step_id.to_string(),
                            title: title.to_string(),
                            result: StepResult {
                                outcome,
                                active: std::time::Duration::from_millis(
                                    30_000 + day as u64 * 1_237,
                                ),
                                holds,
                            },
                            at: (started + Span::seconds(60 * (index as i64 + 1)))
                                .with_timezone(&Utc),
                        },
                    )
                    .expect("step");
            }
            let end = (started + Span::seconds(400)).with_timezone(&Utc);
            match (day, attempt) {
                (39, _) => {}
                (8, 0) => store.abandon_run(run).expect("abandon"),
                _ if steps == STEPS.len() => store
                    .finish_run(run, end, RunOutcome::Completed)
                    .expect("finish"),
                _ => store
                    .finish_run(run, end, RunOutcome::Partial)
                    .expect("finish"),
            }
        }
        if day % 2 == 0 {
            let checkin = CheckIn {
                night,
                cramps: (day % 4) as u8,
                severity: (day % 4 != 0).then_some((day % 11) as u8),
                severity_unsure: false,
                leg: [None, Some(Leg::Left), Some(Leg::Right), Some(Leg::Both)][(day % 4) as usize],
                minutes: (day % 6 == 0).then_some(day as u32),
                note: (day % 8 == 0).then(|| format!("woke at 3, \"calf\" day {day}, ünïcode")),
            };
            let at = evening(night + Span::days(1), offset, -14 * 3600).with_timezone(&Utc);
            store.save_checkin(&checkin, at).expect("checkin");
        }
        if day % 10 == 1 {
            let at = evening(night + Span::days(1), offset, -13 * 3600).with_timezone(&Utc);
            store.skip_checkin(night, at).expect("skip");
        }
        if day % 9 == 0 {
            let at = evening(night, offset, 5 * 3600);
            store
                .record_sos(at, night, 90 + day as u32, Some(Leg::Right))
                .expect("sos");
            store
                .record_sos(at + Span::seconds(700), night, 15, None)
                .expect("sos");
        }
    }
}

/// A home with the generated history, and its JSON export in a file there.
fn exported_history() -> (tempfile::TempDir, std::path::PathBuf) {
    let source = tempfile::tempdir().expect("source");
    generate_history(source.path());
    let file = source.path().join("all.json");
    ok(
        source.path(),
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().expect("utf-8"),
        ],
    );
    (source, file)
}

#[test]
fn json_export_holds_checkins_skips_sos_episodes_and_a_format_version() {
    let home = tempfile::tempdir().expect("home");
    generate_history(home.path());
    let json = ok(home.path(), &["export", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(value["format_version"], 6);
    assert_eq!(value["runs"].as_array().expect("runs").len(), 30);
    assert_eq!(value["rest_nights"].as_array().expect("rests").len(), 6);
    let checkins = value["checkins"].as_array().expect("checkins");
    // Even days, but for the rest nights and missed nights among them.
    assert_eq!(checkins.len(), 15);
    let with_note = &checkins[0];
    assert_eq!(with_note["night"], "2024-03-01");
    assert_eq!(with_note["cramps"], 0);
    assert_eq!(with_note["note"], "woke at 3, \"calf\" day 0, ünïcode");
    let detailed = &checkins[3];
    assert_eq!(detailed["night"], "2024-03-07");
    assert_eq!(detailed["cramps"], 2);
    assert_eq!(detailed["severity"], 6);
    assert_eq!(detailed["leg"], "right");
    assert_eq!(detailed["minutes"], 6);
    let sos = value["sos_episodes"].as_array().expect("sos");
    assert_eq!(sos.len(), 10);
    assert_eq!(sos[0]["started_at"], "2024-03-02T02:30:00.000+01:00");
    assert_eq!(sos[0]["seconds"], 90);
    assert_eq!(sos[0]["leg"], "right");
    assert_eq!(sos[1]["leg"], serde_json::Value::Null);
    // Days 1, 11 and 21 (day 31 is a rest night).
    let skips = value["checkin_skips"].as_array().expect("skips");
    assert_eq!(skips.len(), 3);
    assert_eq!(skips[0]["night"], "2024-03-02");
    assert_eq!(skips[0]["at"], "2024-03-03T07:30:00.000Z");
    // Day 1, an older winddown's result: done, holds unknown.
    let old_step = &value["runs"][1]["steps"][0];
    assert_eq!(old_step["outcome"], "done");
    assert_eq!(old_step["held_seconds"], serde_json::Value::Null);
    assert_eq!(old_step["holds"], serde_json::Value::Null);
    // Day 13, its first step: (13 + 0) % 4 == 1, cut short after 12.345 s, 1 of 2 holds.
    let runs = value["runs"].as_array().expect("runs");
    let day_13 = runs
        .iter()
        .find(|run| run["night"] == "2024-03-14")
        .expect("a run on day 13");
    let cut = &day_13["steps"][0];
    assert_eq!(cut["outcome"], "cut_short");
    assert_eq!(cut["held_seconds"], 12.345);
    assert_eq!(cut["holds"], 2);
    assert_eq!(cut["holds_full"], 1);
}

#[test]
fn an_export_of_the_release_before_cut_short_steps_still_imports() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("format3.json");
    let old = r#"{"format_version": 3, "rest_nights": [], "checkins": [], "sos_episodes": [],
        "checkin_skips": [],
        "runs": [{"night": "2024-03-10", "routine_id": "leg-cramps",
            "routine_name": "Leg-cramp wind-down", "routine_hash": "h1", "outcome": "partial",
            "step_count": 2, "started_at": "2024-03-10T21:45:00.000+01:00",
            "ended_at": "2024-03-10T22:00:00.000+01:00",
            "steps": [
              {"index": 0, "step_id": "calf", "title": "Calf", "outcome": "done",
               "at": "2024-03-10T21:50:00.000+01:00", "active_seconds": 8.5},
              {"index": 1, "step_id": "soak", "title": "Soak", "outcome": "skipped",
               "at": "2024-03-10T22:00:00.000+01:00", "active_seconds": 0}]}]}"#;
    fs::write(&file, old).expect("write");
    let message = ok(home.path(), &["import", file.to_str().expect("utf-8")]);
    assert!(message.contains("3 rows added"), "{message}");
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    let steps: Vec<(Outcome, u128, bool)> = store
        .all_step_results()
        .expect("steps")
        .iter()
        .map(|step| (step.outcome, step.active.as_millis(), step.holds.is_none()))
        .collect();
    assert_eq!(
        steps,
        vec![(Outcome::Done, 8_500, true), (Outcome::Skipped, 0, true)]
    );
}

#[test]
fn holds_that_cannot_be_are_refused_with_the_row_named() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("holds.json");
    let step = |extra: &str| {
        format!(
            r#"{{"format_version": 4, "rest_nights": [], "checkins": [], "sos_episodes": [],
            "checkin_skips": [],
            "runs": [{{"night": "2024-03-10", "routine_id": "r", "routine_name": "R",
                "routine_hash": "h", "outcome": "partial", "step_count": 1,
                "started_at": "2024-03-10T21:45:00.000+01:00", "ended_at": null,
                "steps": [{{"index": 0, "step_id": "calf", "title": "Calf",
                   "at": "2024-03-10T21:50:00.000+01:00",
                   "active_seconds": 8.5{extra}}}]}}]}}"#
        )
    };
    for (extra, complaint) in [
        (
            r#", "outcome": "cut_short", "held_seconds": 4, "holds": 2, "holds_full": 3"#,
            "holds_full: 3 is more than the step's 2 holds",
        ),
        (
            r#", "outcome": "cut_short", "held_seconds": 4"#,
            "held_seconds, holds and holds_full: give all three or none",
        ),
        (
            r#", "outcome": "halfway""#,
            "unknown step outcome \"halfway\"",
        ),
    ] {
        fs::write(&file, step(extra)).expect("write");
        let output = winddown(home.path(), &["import", file.to_str().expect("utf-8")]);
        assert_eq!(output.status.code(), Some(1));
        let message = stderr(&output);
        assert!(message.contains("runs[0]: steps[0]"), "{message}");
        assert!(message.contains(complaint), "{message}");
    }
    assert!(!home.path().join("winddown.db").exists());
}

#[test]
fn csv_export_has_a_row_for_each_skipped_checkin() {
    let home = tempfile::tempdir().expect("home");
    generate_history(home.path());
    let csv_text = ok(home.path(), &["export", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let skips: Vec<(String, String)> = reader
        .records()
        .map(|record| record.expect("record"))
        .filter(|record| &record[0] == "checkin_skip")
        .map(|record| (record[1].to_string(), record[7].to_string()))
        .collect();
    assert_eq!(
        skips,
        [
            ("2024-03-02", "2024-03-03T07:30:00.000Z"),
            ("2024-03-12", "2024-03-13T07:30:00.000Z"),
            ("2024-03-22", "2024-03-23T06:30:00.000Z"),
        ]
        .map(|(night, at)| (night.to_string(), at.to_string()))
    );
}

#[test]
fn an_imported_skip_stops_the_morning_question_for_that_night() {
    let (_source, file) = exported_history();
    let fresh = tempfile::tempdir().expect("fresh");
    ok(fresh.path(), &["import", file.to_str().expect("utf-8")]);
    let store = Store::open_read_only(&fresh.path().join("winddown.db")).expect("open");
    // 2024-03-02 had a run and no check-in: only the skip keeps it from being asked.
    assert_eq!(store.needs_checkin(date("2024-03-03")).expect("ask"), None);
    // 2024-03-08 had a run, no check-in and no skip: it is still asked.
    assert_eq!(
        store.needs_checkin(date("2024-03-09")).expect("ask"),
        Some(date("2024-03-08"))
    );
}

#[test]
fn export_import_export_into_a_fresh_home_is_identical() {
    let (source, file) = exported_history();

    let fresh = tempfile::tempdir().expect("fresh");
    ok(fresh.path(), &["import", file.to_str().expect("utf-8")]);
    let first = fs::read_to_string(&file).expect("first export");
    // Every table of the history is in the file, so every one is compared.
    let value: serde_json::Value = serde_json::from_str(&first).expect("json");
    for table in [
        "runs",
        "rest_nights",
        "checkins",
        "checkin_skips",
        "sos_episodes",
    ] {
        let rows = value[table].as_array().map_or(0, Vec::len);
        assert!(rows > 0, "the generated history has no {table}");
    }
    let again = ok(fresh.path(), &["export", "--format", "json"]);
    assert_eq!(again, first);
    // The CSV log of both homes is the same too.
    assert_eq!(
        ok(fresh.path(), &["export", "--format", "csv"]),
        ok(source.path(), &["export", "--format", "csv"])
    );
}

#[test]
fn importing_twice_changes_nothing() {
    let (source, file) = exported_history();
    // Into the home it came from: everything is already there.
    let message = ok(source.path(), &["import", file.to_str().expect("utf-8")]);
    assert!(message.contains("nothing new"), "{message}");
    let fresh = tempfile::tempdir().expect("fresh");
    ok(fresh.path(), &["import", file.to_str().expect("utf-8")]);
    let once = ok(fresh.path(), &["export", "--format", "json"]);
    let message = ok(fresh.path(), &["import", file.to_str().expect("utf-8")]);
    assert!(message.contains("nothing new"), "{message}");
    assert_eq!(ok(fresh.path(), &["export", "--format", "json"]), once);
}

#[test]
fn a_newer_local_checkin_is_kept_and_the_import_says_so() {
    let (_source, file) = exported_history();

    let local = tempfile::tempdir().expect("local");
    ok(local.path(), &["import", file.to_str().expect("utf-8")]);
    // Later, the user corrects the check-in of 2024-03-07 on this machine.
    ok(
        local.path(),
        &[
            "checkin",
            "--night",
            "2024-03-07",
            "--cramps",
            "1",
            "--note",
            "only one after all",
        ],
    );
    let message = ok(local.path(), &["import", file.to_str().expect("utf-8")]);
    assert!(message.contains("2024-03-07"), "{message}");
    assert!(message.contains("kept"), "{message}");
    let store = Store::open_read_only(&local.path().join("winddown.db")).expect("open");
    let kept = store
        .checkin(date("2024-03-07"))
        .expect("read")
        .expect("there");
    assert_eq!(kept.cramps, 1);
    assert_eq!(kept.note.as_deref(), Some("only one after all"));
}

#[test]
fn an_import_newer_than_the_local_row_replaces_it_and_says_so() {
    let local = tempfile::tempdir().expect("local");
    ok(
        local.path(),
        &["checkin", "--night", "2024-03-07", "--cramps", "3"],
    );
    // Recorded a day after the local check-in (as late as an import may say).
    let later = (Utc::now() + Span::days(1)).to_rfc3339();
    let newer = format!(
        r#"{{"format_version": 2, "runs": [], "rest_nights": [], "sos_episodes": [],
        "checkins": [{{"night": "2024-03-07", "cramps": 0, "severity": null, "leg": null,
                      "minutes": null, "note": "none", "recorded_at": "{later}"}}]}}"#
    );
    let file = local.path().join("newer.json");
    fs::write(&file, newer).expect("write");
    let message = ok(local.path(), &["import", file.to_str().expect("utf-8")]);
    assert!(message.contains("2024-03-07"), "{message}");
    assert!(message.contains("replaced"), "{message}");
    let store = Store::open_read_only(&local.path().join("winddown.db")).expect("open");
    let now = store
        .checkin(date("2024-03-07"))
        .expect("read")
        .expect("there");
    assert_eq!(now.cramps, 0);
}

#[test]
fn a_future_format_version_is_refused_clearly_and_nothing_is_written() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("future.json");
    fs::write(
        &file,
        r#"{"format_version": 99, "everything": "different"}"#,
    )
    .expect("write");
    let output = winddown(home.path(), &["import", file.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("future.json"), "{message}");
    assert!(message.contains("format version 99"), "{message}");
    assert!(message.contains("newer winddown"), "{message}");
    assert!(!home.path().join("winddown.db").exists());
}

#[test]
fn a_bad_row_is_named_and_nothing_is_imported() {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("bad.json");
    let bad = r#"{"format_version": 2, "runs": [], "sos_episodes": [],
        "rest_nights": [{"night": "2024-03-01", "reason": "x", "created_at": "2024-03-01T20:00:00Z"}],
        "checkins": [{"night": "2024-03-07", "cramps": 0, "severity": 11, "leg": null,
                      "minutes": null, "note": null, "recorded_at": "2024-03-08T08:00:00.000Z"}]}"#;
    fs::write(&file, bad).expect("write");
    let output = winddown(home.path(), &["import", file.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("bad.json"), "{message}");
    assert!(message.contains("checkins[0]"), "{message}");
    assert!(message.contains("severity"), "{message}");
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    assert!(
        store
            .rest_nights(None, NaiveDate::MAX)
            .expect("rests")
            .is_empty()
    );
}

#[test]
fn csv_cells_that_would_be_formulas_are_neutralised() {
    let home = tempfile::tempdir().expect("home");
    generate_history(home.path());
    let csv_text = ok(home.path(), &["export", "--format", "csv"]);
    assert!(
        csv_text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
        "{csv_text}"
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    for record in reader.records() {
        for cell in record.expect("record").iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "live formula cell {cell:?}"
            );
        }
    }
}

#[test]
fn backup_copies_the_database_while_the_app_holds_it() {
    let home = tempfile::tempdir().expect("home");
    generate_history(home.path());
    // The app holds the instance lock and an open connection with a write pending.
    let _lock = InstanceLock::acquire(home.path()).expect("lock");
    let mut running = Store::open(&home.path().join("winddown.db")).expect("open");
    running
        .declare_rest(date("2024-05-01"), "app still open", Utc::now())
        .expect("write");
    let copy = home.path().join("copy.db");
    let message = ok(home.path(), &["backup", copy.to_str().expect("utf-8")]);
    assert!(message.contains("copy.db"), "{message}");
    let original = ok(home.path(), &["export", "--format", "json"]);
    let other = tempfile::tempdir().expect("other");
    fs::copy(&copy, other.path().join("winddown.db")).expect("copy in");
    assert_eq!(ok(other.path(), &["export", "--format", "json"]), original);
    assert!(original.contains("app still open"));
}

#[test]
fn backup_refuses_to_overwrite_without_force() {
    let home = tempfile::tempdir().expect("home");
    generate_history(home.path());
    let copy = home.path().join("copy.db");
    fs::write(&copy, "precious").expect("existing");
    let output = winddown(home.path(), &["backup", copy.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&copy).expect("untouched"), "precious");
    ok(
        home.path(),
        &["backup", "--force", copy.to_str().expect("utf-8")],
    );
    let backed_up = Store::open_read_only(&copy).expect("a winddown database");
    assert_eq!(
        backed_up
            .rest_nights(None, NaiveDate::MAX)
            .expect("rests")
            .len(),
        6
    );
    let temporaries: Vec<_> = fs::read_dir(home.path())
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with(".copy"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

/// A run of three steps on 2024-04-01, started at 21:30 +01:00.
fn one_run() -> NewRun {
    NewRun {
        routine_id: "leg-cramps".into(),
        routine_name: "Leg-cramp wind-down".into(),
        routine_hash: "0".into(),
        night: date("2024-04-01"),
        started_at: evening(date("2024-04-01"), 1, 0),
        step_count: STEPS.len(),
    }
}

fn step(index: usize, step_id: &str, minute: i64) -> StepRecord {
    StepRecord {
        step_id: step_id.into(),
        title: STEPS[index].1.into(),
        result: StepResult {
            outcome: Outcome::Done,
            active: std::time::Duration::from_secs(30),
            holds: None,
        },
        at: (evening(date("2024-04-01"), 1, 0) + Span::minutes(minute)).with_timezone(&Utc),
    }
}

#[test]
fn a_run_finished_in_the_import_replaces_it_running_here_and_a_clashing_step_is_not_added() {
    let elsewhere = tempfile::tempdir().expect("elsewhere");
    let mut other = Store::open(&elsewhere.path().join("winddown.db")).expect("open");
    let run = other.start_run(&one_run()).expect("start");
    other
        .record_step(run, 0, &step(0, "calf", 1))
        .expect("step");
    other
        .record_step(run, 1, &step(1, "hamstring", 2))
        .expect("step");
    let end = (evening(date("2024-04-01"), 1, 0) + Span::minutes(5)).with_timezone(&Utc);
    other
        .finish_run(run, end, RunOutcome::Partial)
        .expect("finish");
    let finished = other.whole_history().expect("history");

    // Here the same run is still going, with another step at index 1.
    let home = tempfile::tempdir().expect("home");
    let mut store = Store::open(&home.path().join("winddown.db")).expect("open");
    let here = store.start_run(&one_run()).expect("start");
    store
        .record_step(here, 0, &step(0, "calf", 1))
        .expect("step");
    store
        .record_step(here, 1, &step(2, "water", 3))
        .expect("step");
    let running = store.whole_history().expect("history");

    let merged = store.merge(&finished).expect("merge");
    assert_eq!((merged.added, merged.unchanged), (0, 1), "{merged:?}");
    assert_eq!(merged.replaced.len(), 1, "{merged:?}");
    assert!(
        merged.replaced[0].contains("now partial, as in the import (running here)"),
        "{merged:?}"
    );
    assert_eq!(merged.kept.len(), 1, "{merged:?}");
    assert!(
        merged.kept[0].starts_with("step \"hamstring\" of the run of leg-cramps on 2024-04-01")
            && merged.kept[0].contains("not added"),
        "{merged:?}"
    );
    let runs = store.runs(None, NaiveDate::MAX).expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, RunOutcome::Partial);
    assert_eq!((runs[0].done, runs[0].skipped), (2, 0));
    assert_eq!(
        store.unfinished_run(date("2024-04-01")).expect("read"),
        None
    );

    // The other way round: the run that ended here is kept, and the import's named.
    let merged = store.merge(&running).expect("merge");
    assert_eq!((merged.added, merged.unchanged), (0, 2), "{merged:?}");
    assert_eq!(
        merged.kept,
        [format!(
            "the run of leg-cramps on 2024-04-01 started {}: kept as it is here (partial), \
             the import has it running",
            evening(date("2024-04-01"), 1, 0)
        )]
    );
    assert_eq!(
        store.runs(None, NaiveDate::MAX).expect("runs")[0].outcome,
        RunOutcome::Partial
    );
}

#[test]
fn an_older_export_s_zero_pain_on_a_night_with_cramps_imports_as_unsure() {
    let home = tempfile::tempdir().expect("home");
    let row = |night: &str, cramps: u8, severity: &str, unsure: &str| {
        format!(
            r#"{{"night": "{night}", "cramps": {cramps}, "severity": {severity}, "leg": null,
                "minutes": null, "note": null, "recorded_at": "2024-03-08T08:00:00.000Z"{unsure}}}"#
        )
    };
    // Format 3 could not tell a chosen 0 from a pain left alone.
    let older = format!(
        r#"{{"format_version": 3, "runs": [], "checkins": [{}, {}, {}]}}"#,
        row("2024-03-01", 1, "0", ""),
        row("2024-03-02", 2, "5", ""),
        row("2024-03-03", 0, "null", "")
    );
    // Format 4 says so itself.
    let newer = format!(
        r#"{{"format_version": 4, "runs": [], "checkins": [{}, {}]}}"#,
        row("2024-03-04", 1, "0", r#", "severity_unsure": false"#),
        row("2024-03-05", 1, "0", r#", "severity_unsure": true"#)
    );
    for (name, text) in [("older.json", older), ("newer.json", newer)] {
        let file = home.path().join(name);
        fs::write(&file, text).expect("write");
        ok(home.path(), &["import", file.to_str().expect("utf-8")]);
    }
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    let unsure: Vec<(String, Option<u8>, bool)> = store
        .checkins(None, date("2024-12-31"))
        .expect("read")
        .into_iter()
        .map(|c| (c.night.to_string(), c.severity, c.severity_unsure))
        .collect();
    assert_eq!(
        unsure,
        vec![
            ("2024-03-01".to_string(), Some(0), true),
            ("2024-03-02".to_string(), Some(5), false),
            ("2024-03-03".to_string(), None, false),
            ("2024-03-04".to_string(), Some(0), false),
            ("2024-03-05".to_string(), Some(0), true),
        ]
    );
    // And the export says so, for the next import.
    let json = ok(home.path(), &["export", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_str(&json).expect("json");
    let flags: Vec<bool> = document["checkins"]
        .as_array()
        .expect("checkins")
        .iter()
        .map(|c| c["severity_unsure"].as_bool().expect("a flag"))
        .collect();
    assert_eq!(flags, vec![true, false, false, false, true]);
}
