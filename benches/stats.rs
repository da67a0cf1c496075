//! `winddown stats` over ten years (3,650 nights) of history, end to end:
//! opening the database read-only, the queries, and the computation and
//! formatting, as the command runs it. Beside it, on the same file: `status`
//! (run by shell prompts, so often) and the read-write open an interactive
//! session does before its first frame (header check, `quick_check`).
//!
//! Run: `cargo bench --bench stats` (add `-- --quick` for a shorter run).

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use winddown::cli::stats::stats;
use winddown::cli::status::status;
use winddown::store::Store;

#[path = "support/history.rs"]
mod history;

use history::{NIGHTS, first_night, generate};

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
