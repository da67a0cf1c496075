//! Check-ins and SOS episodes in the store: round trips, replacement, range
//! checks, the morning question, bad rows, and the rows insights read.

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use rusqlite::Connection;
use tempfile::TempDir;
use winddown::model::{CheckIn, Leg, NewRun, NightSteps, RunOutcome, StepRecord};
use winddown::session::{Outcome, StepResult};
use winddown::store::{Store, StoreError};

fn night(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// 21:45 local (+01:00) on the evening of `n`, plus `minutes`.
fn evening(n: NaiveDate, minutes: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(3600).expect("valid offset");
    tz.from_local_datetime(&n.and_hms_opt(21, 45, 0).expect("valid time"))
        .single()
        .expect("unambiguous")
        + chrono::Duration::minutes(minutes)
}

fn utc(at: DateTime<FixedOffset>) -> DateTime<Utc> {
    at.with_timezone(&Utc)
}

fn checkin(n: NaiveDate, cramps: u8) -> CheckIn {
    CheckIn {
        night: n,
        cramps,
        severity: None,
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: None,
    }
}

/// A run on `n` with the given steps, each `(id, done?)`.
fn run_with(store: &mut Store, n: NaiveDate, steps: &[(&str, bool)]) {
    let run = store
        .start_run(&NewRun {
            routine_id: "leg-cramps".to_string(),
            routine_name: "Leg-cramp wind-down".to_string(),
            routine_hash: "h".to_string(),
            night: n,
            started_at: evening(n, 0),
            step_count: steps.len(),
        })
        .expect("start");
    for (index, (id, done)) in steps.iter().enumerate() {
        let outcome = if *done {
            Outcome::Done
        } else {
            Outcome::Skipped
        };
        let record = StepRecord {
            step_id: (*id).to_string(),
            title: (*id).to_string(),
            result: StepResult {
                outcome,
                active: Duration::from_secs(30),
                holds: None,
            },
            at: utc(evening(n, 1)),
        };
        store.record_step(run, index, &record).expect("record");
    }
    store
        .finish_run(run, utc(evening(n, 5)), RunOutcome::Partial)
        .expect("finish");
}

#[test]
fn a_checkin_round_trips_and_a_later_one_replaces_it() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let n = night(2024, 5, 1);
    let full = CheckIn {
        night: n,
        cramps: 2,
        severity: Some(6),
        severity_unsure: false,
        leg: Some(Leg::Left),
        minutes: Some(4),
        note: Some("after a long walk".to_string()),
    };
    store
        .save_checkin(&full, utc(evening(n, 600)))
        .expect("save");
    assert_eq!(store.checkin(n).expect("read"), Some(full));
    assert_eq!(store.checkin(night(2024, 5, 2)).expect("read"), None);

    store
        .save_checkin(&checkin(n, 0), utc(evening(n, 700)))
        .expect("replace");
    assert_eq!(store.checkin(n).expect("read"), Some(checkin(n, 0)));
    store
        .save_checkin(&checkin(night(2024, 5, 3), 3), utc(evening(n, 800)))
        .expect("save");
    let all = store.checkins(None, night(2024, 12, 31)).expect("all");
    assert_eq!(all, vec![checkin(n, 0), checkin(night(2024, 5, 3), 3)]);
    let window = store
        .checkins(Some(night(2024, 5, 2)), night(2024, 5, 3))
        .expect("window");
    assert_eq!(window, vec![checkin(night(2024, 5, 3), 3)]);
}

#[test]
fn out_of_range_checkins_are_refused_and_nothing_is_written() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let n = night(2024, 5, 1);
    let bad = [
        checkin(n, 4),
        CheckIn {
            severity: Some(11),
            severity_unsure: false,
            ..checkin(n, 1)
        },
        CheckIn {
            minutes: Some(601),
            ..checkin(n, 1)
        },
    ];
    for bad in bad {
        match store.save_checkin(&bad, utc(evening(n, 600))) {
            Err(err @ StoreError::OutOfRange(_)) => {
                assert!(err.to_string().contains("2024-05-01"), "{err}");
            }
            other => panic!("expected OutOfRange for {bad:?}, got {other:?}"),
        }
    }
    assert_eq!(store.checkin(n).expect("read"), None);
}

#[test]
fn leg_words_round_trip() {
    for leg in [Leg::Left, Leg::Right, Leg::Both] {
        assert_eq!(Leg::parse(leg.as_str()), Some(leg));
    }
    assert_eq!(Leg::parse("Left"), None);
}

#[test]
fn only_last_night_with_a_recorded_step_and_no_checkin_needs_one() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let today = night(2024, 5, 10);
    let last = night(2024, 5, 9);
    assert_eq!(store.needs_checkin(today).expect("query"), None);

    // A run started and left before any step ended does not ask.
    store
        .start_run(&NewRun {
            routine_id: "leg-cramps".to_string(),
            routine_name: "Leg-cramp wind-down".to_string(),
            routine_hash: "h".to_string(),
            night: last,
            started_at: evening(last, 0),
            step_count: 2,
        })
        .expect("start");
    assert_eq!(store.needs_checkin(today).expect("query"), None);

    run_with(&mut store, last, &[("calf", false)]);
    assert_eq!(store.needs_checkin(today).expect("query"), Some(last));
    // Two nights later last night's run is no longer asked about.
    assert_eq!(
        store.needs_checkin(night(2024, 5, 11)).expect("query"),
        None
    );
    // Nor is tonight's own run.
    assert_eq!(store.needs_checkin(last).expect("query"), None);

    store
        .save_checkin(&checkin(last, 1), utc(evening(today, -800)))
        .expect("save");
    assert_eq!(store.needs_checkin(today).expect("query"), None);
}

#[test]
fn sos_episodes_round_trip_with_their_local_offset() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let n = night(2024, 5, 1);
    store
        .record_sos(evening(n, 240), n, 95, Some(Leg::Right))
        .expect("sos");
    store.record_sos(evening(n, 300), n, 30, None).expect("sos");
    store
        .record_sos(evening(night(2024, 5, 4), 0), night(2024, 5, 4), 700, None)
        .expect("sos");
    let episodes = store
        .sos_episodes(None, night(2024, 5, 2))
        .expect("episodes");
    assert_eq!(episodes.len(), 2);
    assert_eq!(episodes[0].started_at, evening(n, 240));
    assert_eq!(episodes[0].started_at.offset().local_minus_utc(), 3600);
    assert_eq!(episodes[0].seconds, 95);
    assert_eq!(episodes[0].leg, Some(Leg::Right));
    assert_eq!(episodes[1].leg, None);
    assert_eq!(
        store
            .sos_episodes(Some(night(2024, 5, 3)), night(2024, 5, 9))
            .expect("episodes")
            .len(),
        1
    );
}

#[test]
fn bad_checkin_and_sos_rows_are_errors_not_panics() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    let n = night(2024, 5, 1);
    let mut store = Store::open(&path).expect("open");
    store
        .save_checkin(&checkin(n, 1), utc(evening(n, 600)))
        .expect("save");
    store.record_sos(evening(n, 240), n, 95, None).expect("sos");
    let conn = Connection::open(&path).expect("open");
    for damage in [
        "UPDATE checkins SET cramps = 9",
        "UPDATE checkins SET cramps = 1, severity = 12",
        "UPDATE checkins SET severity = NULL, leg = 'middle'",
        "UPDATE checkins SET leg = NULL, minutes = -3",
    ] {
        conn.execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {damage};"))
            .expect("damage");
        assert!(
            matches!(store.checkin(n), Err(StoreError::BadRow(_))),
            "{damage}"
        );
        assert!(
            matches!(
                store.checkins(None, night(2024, 12, 31)),
                Err(StoreError::BadRow(_))
            ),
            "{damage}"
        );
    }
    conn.execute_batch("PRAGMA ignore_check_constraints = ON; UPDATE sos_episodes SET leg = 'x';")
        .expect("damage");
    assert!(matches!(
        store.sos_episodes(None, n),
        Err(StoreError::BadRow(_))
    ));
    conn.execute_batch(
        "PRAGMA ignore_check_constraints = ON; UPDATE sos_episodes SET leg = NULL, seconds = -1;",
    )
    .expect("damage");
    assert!(matches!(
        store.sos_episodes(None, n),
        Err(StoreError::BadRow(_))
    ));
}

#[test]
fn step_nights_pair_checkins_with_every_step_done_that_night() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let (a, b, c) = (night(2024, 5, 1), night(2024, 5, 2), night(2024, 5, 3));
    // Night a: two runs, each doing a different step; both count.
    run_with(&mut store, a, &[("calf", true), ("soak", false)]);
    run_with(&mut store, a, &[("calf", false), ("soak", true)]);
    // Night b: everything skipped. Night c: a check-in but no run.
    run_with(&mut store, b, &[("calf", false)]);
    for (n, cramps) in [(a, 0), (b, 2), (c, 3)] {
        store
            .save_checkin(&checkin(n, cramps), utc(evening(n, 600)))
            .expect("save");
    }
    let set = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        store.step_nights().expect("rows"),
        vec![
            NightSteps {
                night: a,
                cramps: 0,
                done: set(&["calf", "soak"]),
                cut_short: set(&[]),
            },
            NightSteps {
                night: b,
                cramps: 2,
                done: set(&[]),
                cut_short: set(&[]),
            },
        ]
    );
}

#[test]
fn a_version_2_file_gains_checkins_on_open() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    winddown::store::create_schema_at(&path, 2).expect("v2");
    let mut store = Store::open(&path).expect("migrates");
    assert_eq!(
        store.schema_version().expect("version"),
        winddown::store::SCHEMA_VERSION
    );
    let n = night(2024, 5, 1);
    store
        .save_checkin(&checkin(n, 1), utc(evening(n, 600)))
        .expect("checkins exist after migration");
    store.record_sos(evening(n, 0), n, 10, None).expect("sos");
}

#[test]
fn a_skipped_night_is_not_asked_about_again() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    let mut store = Store::open(&path).expect("open");
    let today = night(2024, 5, 10);
    let last = night(2024, 5, 9);
    run_with(&mut store, last, &[("calf", true)]);
    assert_eq!(store.needs_checkin(today).expect("query"), Some(last));
    store
        .skip_checkin(last, utc(evening(today, -800)))
        .expect("skip");
    assert_eq!(store.needs_checkin(today).expect("query"), None);
    // Skipping twice is harmless, and it holds across a reopen (the next launch).
    store
        .skip_checkin(last, utc(evening(today, -700)))
        .expect("skip again");
    drop(store);
    let store = Store::open(&path).expect("reopen");
    assert_eq!(store.needs_checkin(today).expect("query"), None);
    // A skip is not a check-in: nothing is recorded for the night.
    assert_eq!(store.checkin(last).expect("read"), None);
}

/// A version 5 database written by the release before check-ins knew "not
/// answered": check-ins from `winddown checkin` (`--cramps 2 --severity 0`,
/// `--cramps 2`, `--cramps 0`, `--cramps 1 --severity 4 --leg left`, nights 10 to
/// 13 January 2025) and one from the form (1 cramp, left leg, the pain left alone,
/// night 3 December 2026).
fn v5_copy(dir: &TempDir) -> std::path::PathBuf {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v5-checkins.db");
    let path = dir.path().join("winddown.db");
    std::fs::copy(&fixture, &path).expect("copy fixture");
    path
}

#[test]
fn an_older_zero_severity_on_a_night_with_cramps_is_kept_and_marked_unsure() {
    let dir = TempDir::new().expect("tempdir");
    let path = v5_copy(&dir);
    let version: i64 = Connection::open(&path)
        .expect("open")
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("version");
    assert_eq!(version, 5, "the fixture is a version 5 file");
    let store = Store::open(&path).expect("migrates");
    let all = store.checkins(None, night(2030, 1, 1)).expect("read");
    /// Night, cramps, severity as stored, unsure, severity as surely rated.
    type Seen = (NaiveDate, u8, Option<u8>, bool, Option<u8>);
    let seen: Vec<Seen> = all
        .iter()
        .map(|c| {
            (
                c.night,
                c.cramps,
                c.severity,
                c.severity_unsure,
                c.rated_severity(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            // A 0 with cramps: chosen or left alone, nothing tells. Kept, marked.
            (night(2025, 1, 10), 2, Some(0), true, None),
            // Never given: unknown, as it was.
            (night(2025, 1, 11), 2, None, false, None),
            (night(2025, 1, 12), 0, None, false, None),
            // Above 0: an answer.
            (night(2025, 1, 13), 1, Some(4), false, Some(4)),
            // The form's untouched pain.
            (night(2026, 12, 3), 1, Some(0), true, None),
        ]
    );
    assert_eq!(all[4].leg, Some(Leg::Left), "the rest of the row is kept");
}

#[test]
fn a_new_zero_severity_is_an_answer_and_an_unsure_one_is_refused_where_it_cannot_be() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    let n = night(2024, 5, 1);
    let chosen_zero = CheckIn {
        severity: Some(0),
        ..checkin(n, 1)
    };
    store
        .save_checkin(&chosen_zero, utc(evening(n, 600)))
        .expect("save");
    let read = store.checkin(n).expect("read").expect("saved");
    assert_eq!((read.severity, read.rated_severity()), (Some(0), Some(0)));
    // Unsure is only ever an older 0 on a night with cramps.
    for impossible in [
        CheckIn {
            severity: Some(3),
            severity_unsure: true,
            ..checkin(n, 1)
        },
        CheckIn {
            severity: Some(0),
            severity_unsure: true,
            ..checkin(n, 0)
        },
    ] {
        assert!(matches!(
            store.save_checkin(&impossible, utc(evening(n, 700))),
            Err(StoreError::OutOfRange(_))
        ));
    }
    assert_eq!(store.checkin(n).expect("read"), Some(chosen_zero));
}
