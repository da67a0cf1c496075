//! Ten years of generated history, shared by the benchmarks.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::model::{NewRun, RunOutcome, StepRecord};
use winddown::session::{Outcome, StepResult};
use winddown::store::Store;

/// How many nights of history: ten years.
pub const NIGHTS: i64 = 3650;
const STEPS: usize = 9;

/// The first generated night.
pub fn first_night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 1).expect("valid date")
}

fn evening(night: NaiveDate, secs: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(3600).expect("valid offset");
    tz.from_local_datetime(&night.and_hms_opt(21, 45, 0).expect("valid"))
        .single()
        .expect("unambiguous")
        + chrono::Duration::seconds(secs)
}

/// Ten years of nights: mostly completed, a rest night a fortnight, a missed
/// night and a partial one now and then, with one step often skipped.
pub fn generate(path: &Path) {
    let mut store = Store::open(path).expect("open");
    for offset in 0..NIGHTS {
        let night = first_night() + chrono::Duration::days(offset);
        match offset % 29 {
            13 => {
                store
                    .declare_rest(night, "travelling", evening(night, 0).to_utc())
                    .expect("rest");
                continue;
            }
            27 => continue,
            _ => {}
        }
        let run = store
            .start_run(&NewRun {
                routine_id: "leg-cramps".to_string(),
                routine_name: "Leg-cramp wind-down".to_string(),
                routine_hash: "h1".to_string(),
                night,
                started_at: evening(night, 0),
                step_count: STEPS,
            })
            .expect("start");
        let partial = offset % 17 == 5;
        for index in 0..STEPS {
            let skipped = (index == 4 && offset % 3 == 0) || (partial && index == 2);
            let record = StepRecord {
                step_id: format!("step-{index}"),
                title: format!("Step number {index}"),
                result: StepResult {
                    outcome: if skipped {
                        Outcome::Skipped
                    } else {
                        Outcome::Done
                    },
                    active: Duration::from_secs(if skipped { 2 } else { 90 }),
                    holds: None,
                },
                at: evening(night, 100 * (index as i64 + 1)).to_utc(),
            };
            store.record_step(run, index, &record).expect("record");
        }
        let outcome = if partial {
            RunOutcome::Partial
        } else {
            RunOutcome::Completed
        };
        let ended: DateTime<Utc> = evening(night, 100 * STEPS as i64 + 30).to_utc();
        store.finish_run(run, ended, outcome).expect("finish");
    }
}
