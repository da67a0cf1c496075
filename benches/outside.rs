//! What the app asks at every wake-up (once a second while a hold counts) about
//! other processes: SQLite's `PRAGMA data_version` (did another connection
//! commit?) and a `stat` of the database's path (does it still name the opened
//! file?), on a database with ten years of nights; and, beside them, reading the
//! nights, streaks and last night's check-in again, which happens only after
//! another process wrote.
//!
//! Run: `cargo bench --bench outside` (set `WINDDOWN_BENCH_READS`, default 2000,
//! for the number of looks).

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use winddown::store::Store;

#[path = "support/history.rs"]
mod history;

/// The median of `times`, in microseconds.
fn median_us(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e6
}

fn main() {
    let reads: usize = std::env::var("WINDDOWN_BENCH_READS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(2000)
        .max(1);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("winddown.db");
    history::generate(&path);
    let today = history::first_night() + chrono::Duration::days(history::NIGHTS - 1);
    let store = Store::open(&path).expect("open");
    let mut look = Vec::with_capacity(reads);
    for _ in 0..reads {
        let start = Instant::now();
        black_box(store.data_version().expect("data_version"));
        black_box(store.file_gone());
        look.push(start.elapsed());
    }
    let mut read_again = Vec::with_capacity(reads.min(50));
    for _ in 0..reads.min(50) {
        let start = Instant::now();
        black_box(winddown::tui::read_history(&store, today).expect("history"));
        black_box(
            store
                .checkin(today.pred_opt().unwrap_or(NaiveDate::MIN))
                .expect("checkin"),
        );
        read_again.push(start.elapsed());
    }
    println!("{reads} looks at a database of ten years (median):");
    println!(
        "  data_version + stat of the path:   {:.2} µs a look, {:.3} ms a minute of countdown",
        median_us(&mut look),
        median_us(&mut look) * 60.0 / 1e3
    );
    println!(
        "  nights, streaks and check-in read again (after another process wrote): {:.0} µs",
        median_us(&mut read_again)
    );
}
