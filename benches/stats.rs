//! `winddown stats` over ten years (3,650 nights) of history, end to end:
//! opening the database read-only, the queries, and the computation and
//! formatting, as the command runs it. Beside it, on the same file: `status`
//! (run by shell prompts, so often) and the read-write open an interactive
//! session does before its first frame (header check, `quick_check`). And the
//! real binary as a prompt or the reminder's timer runs it, start to exit:
//! `status --format` and a `remind tick` outside the reminder's minutes.
//!
//! Run: `cargo bench --bench stats` (add `-- --quick` for a shorter run).

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use winddown::cli::stats::stats;
use winddown::cli::status::{Around, status};
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
            status(
                &store,
                black_box(today),
                &Around::default(),
                false,
                &mut out,
            )
            .expect("status");
            black_box(&out);
        })
    });
    let exe = env!("CARGO_BIN_EXE_winddown");
    let command = |args: &[&str]| {
        let output = Command::new(exe)
            .env("WINDDOWN_HOME", dir.path())
            .args(args)
            .output()
            .expect("run winddown");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        black_box(output);
    };
    for args in [
        &["status", "--format", "{icon} {summary}"][..],
        &["remind", "tick", "--at", "2026-11-30 12:00"][..],
        &["--version"][..],
    ] {
        let before = children_cpu_ms();
        for _ in 0..40 {
            command(args);
        }
        let each = (children_cpu_ms() - before) / 40.0;
        eprintln!("CPU per run of `winddown {}`: {each:.1} ms", args.join(" "));
    }
    c.bench_function("`winddown status --format` process, 3650 nights", |b| {
        b.iter(|| command(&["status", "--format", "{icon} {summary}"]))
    });
    c.bench_function("`winddown remind tick` process, not due", |b| {
        b.iter(|| command(&["remind", "tick", "--at", "2026-11-30 12:00"]))
    });
    c.bench_function("session open of 3650 nights", |b| {
        b.iter(|| black_box(Store::open(&path).expect("open")))
    });
}

/// CPU time (user and system) of this process's waited-for children, in ms,
/// from `/proc/self/stat` (cutime and cstime, in clock ticks of 10 ms).
fn children_cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after
        .split_whitespace()
        .map(|field| field.parse().unwrap_or(0))
        .collect();
    // cutime and cstime are fields 16 and 17 of the whole line: 14 and 15 here.
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    ticks as f64 * 10.0
}

criterion_group!(benches, bench_stats);
criterion_main!(benches);
