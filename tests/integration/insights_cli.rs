//! `winddown insights` through the real binary, on a generated history.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::model::{CheckIn, NewRun, RunOutcome, StepRecord};
use winddown::session::{Holds, Outcome, StepResult};
use winddown::store::Store;

const CAVEAT: &str = "These are correlations in your own nights, not proof: \
                      other things change from night to night.\n";

fn winddown(home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .arg("insights")
        .output()
        .expect("run winddown")
}

fn evening(night: NaiveDate, minutes: i64) -> DateTime<Utc> {
    let tz = FixedOffset::east_opt(3600).expect("valid offset");
    let start = tz
        .from_local_datetime(&night.and_hms_opt(21, 45, 0).expect("valid"))
        .single()
        .expect("unambiguous");
    (start + chrono::Duration::minutes(minutes)).with_timezone(&Utc)
}

/// The first `nights` of fourteen from 2024-05-01: the calf stretch done on the
/// first seven (cramps 0,0,1,0,2,0,1) and not on the next seven (1,2,3,1,2,2,3):
/// cut short on the first two of those (20 s of its 60 s), skipped on the rest;
/// the soak done every night; water added to the routine on the first three only.
fn generate(path: &Path, nights: usize) {
    let mut store = Store::open(path).expect("open");
    let cramps = [0, 0, 1, 0, 2, 0, 1, 1, 2, 3, 1, 2, 2, 3];
    for (day, cramps) in (0..).zip(cramps).take(nights) {
        let night =
            NaiveDate::from_ymd_opt(2024, 5, 1).expect("date") + chrono::Duration::days(day);
        let mut steps = vec![
            ("calf", "Standing calf stretch", day < 7),
            ("soak", "Epsom-salt soak", true),
        ];
        if day < 3 {
            steps.push(("water", "Glass of water", true));
        }
        let run = store
            .start_run(&NewRun {
                routine_id: "leg-cramps".to_string(),
                routine_name: "Leg-cramp wind-down".to_string(),
                routine_hash: "h".to_string(),
                night,
                started_at: evening(night, 0)
                    .with_timezone(&FixedOffset::east_opt(3600).expect("offset")),
                step_count: steps.len(),
            })
            .expect("start");
        for (index, (id, title, done)) in steps.iter().enumerate() {
            let cut_short = *id == "calf" && (7..9).contains(&day);
            let (outcome, holds) = match (*done, cut_short) {
                (true, _) => (Outcome::Done, None),
                (false, true) => (
                    Outcome::CutShort,
                    Some(Holds {
                        held: Duration::from_secs(20),
                        full: 0,
                        planned: 1,
                    }),
                ),
                (false, false) => (Outcome::Skipped, None),
            };
            let record = StepRecord {
                step_id: id.to_string(),
                title: title.to_string(),
                result: StepResult {
                    outcome,
                    active: Duration::from_secs(30),
                    holds,
                },
                at: evening(night, 1),
            };
            store.record_step(run, index, &record).expect("record");
        }
        let outcome = if day < 7 {
            RunOutcome::Completed
        } else {
            RunOutcome::Partial
        };
        store
            .finish_run(run, evening(night, 5), outcome)
            .expect("finish");
        let checkin = CheckIn {
            night,
            cramps,
            severity: None,
            severity_unsure: false,
            leg: None,
            minutes: None,
            note: None,
        };
        store
            .save_checkin(&checkin, evening(night, 600))
            .expect("check in");
    }
}

#[test]
fn insights_table_on_a_generated_history() {
    let home = tempfile::tempdir().expect("temp home");
    generate(&home.path().join("winddown.db"), 14);
    let output = winddown(home.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Calf: 4/7 = 0.57 against 2.00; difference −10/7 ± t(0.975, 11.98 df)·3/7 = ± 2.1791·3/7.
    // Its two cut-short nights are among the seven without it.
    // Water: 0,0,1 → 0.33 with; the other 17 cramps over 11 nights → 1.55 without.
    let expected = format!(
        "\
Cramps per night with and without each step, over 14 nights with a run and a check-in.
A step needs 7 nights done and 7 not done (cut short is not done); \"3 or more\" counts as 3.

Step                   Done   mean  Not done   mean  Cut short  Difference (95% interval)
Standing calf stretch     7   0.57         7   2.00          2  -1.43 (-2.36 to -0.49)
Epsom-salt soak          14   1.29         0      -          0  done every night: nothing to compare with
Glass of water            3   0.33        11   1.55          0  needs 4 more nights with it

{CAVEAT}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}

#[test]
fn one_night_is_one_night() {
    let home = tempfile::tempdir().expect("temp home");
    generate(&home.path().join("winddown.db"), 1);
    let output = winddown(home.path());
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        text.starts_with(
            "Cramps per night with and without each step, over 1 night with a run and a check-in."
        ),
        "{text}"
    );
}

#[test]
fn insights_with_no_checkins_still_end_with_the_caveat() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(home.path());
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        text.starts_with("No nights with both a run and a check-in yet."),
        "{text}"
    );
    assert!(text.ends_with(CAVEAT), "{text}");
}
