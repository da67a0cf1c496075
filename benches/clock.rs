//! The header's wall clock as a countdown reads it: once a second. chrono's
//! `Local::now` checks the time zone (the `TZ` variable and the modification
//! time of /etc/localtime) when a second or more has passed since it last
//! did, so a tight loop would only measure its cached path; here each read
//! comes a little over a second after the one before, as in the app.
//!
//! Run: `cargo bench --bench clock` (set `WINDDOWN_BENCH_READS`, default 20,
//! for the number of once-a-second reads of each kind).

use std::hint::black_box;
use std::thread;
use std::time::{Duration, Instant};

use chrono::{Local, Utc};

/// The median of `times`, in microseconds.
fn median_us(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1e6
}

fn main() {
    let reads: usize = std::env::var("WINDDOWN_BENCH_READS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(20)
        .max(1);
    // The first read loads the time zone; the app does it once at start.
    let offset = *black_box(Local::now()).offset();
    let mut chrono_local = Vec::with_capacity(reads);
    let mut utc_and_offset = Vec::with_capacity(reads);
    for _ in 0..reads {
        thread::sleep(Duration::from_millis(1010));
        let start = Instant::now();
        black_box(Local::now().naive_local());
        chrono_local.push(start.elapsed());
        let start = Instant::now();
        black_box(Utc::now().with_timezone(&offset).naive_local());
        utc_and_offset.push(start.elapsed());
    }
    let local = median_us(&mut chrono_local);
    let fixed = median_us(&mut utc_and_offset);
    println!("{reads} reads, each a second after the last (median):");
    println!(
        "  chrono Local::now:            {local:.2} µs a read, {:.3} ms a minute of countdown",
        local * 60.0 / 1e3
    );
    println!(
        "  UTC plus an offset kept:      {fixed:.2} µs a read, {:.3} ms a minute of countdown",
        fixed * 60.0 / 1e3
    );
}
