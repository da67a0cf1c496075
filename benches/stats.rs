//! `winddown stats` over ten years (3,650 nights) of history, end to end:
//! opening the database read-only, the queries, and the computation and
//! formatting, as the command runs it. Beside it, on the same file: `status`
//! (run by shell prompts, so often) and the read-write open an interactive
//! session does before its first frame (header check, `quick_check`).
//!
//! Run: `cargo bench --bench stats` (add `-- --quick` for a shorter run).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use winddown::cli::stats::stats;
use winddown::cli::status::status;
use winddown::session::{Outcome, StepResult};
use winddown::store::{NewRun, RunOutcome, StepRecord, Store};

const NIGHTS: i64 = 3650;
const STEPS: usize = 9;

fn first_night() -> NaiveDate {
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
fn generate(path: &Path) {
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

fn bench_stats(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    let started = Instant::now();
    generate(&path);
    eprintln!(
        "generated {NIGHTS} nights in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let today = first_night() + chrono::Duration::days(NIGHTS - 1);
    let mut out = Vec::with_capacity(4096);
    c.bench_function("stats over 3650 nights", |b| {
        b.iter(|| {
            out.clear();
            let store = Store::open_read_only(&path).expect("open");
            stats(&store, black_box(today), &mut out).expect("stats");
            black_box(&out);
        })
    });
    c.bench_function("status over 3650 nights", |b| {
        b.iter(|| {
            out.clear();
            let store = Store::open_read_only(&path).expect("open");
            status(&store, black_box(today), false, &mut out).expect("status");
            black_box(&out);
        })
    });
    c.bench_function("session open of 3650 nights", |b| {
        b.iter(|| black_box(Store::open(&path).expect("open")))
    });
}

criterion_group!(benches, bench_stats);
criterion_main!(benches);
