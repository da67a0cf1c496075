//! `winddown report` over ten years (3,650 nights) of history: the twelve weeks
//! ending last night as the HTML page and as Markdown, end to end as the command
//! runs it (opening the database read-only, the period's queries, the facts, the
//! page with its charts). The history is the benchmarks' ten years with a
//! check-in every morning but one in eight and an SOS episode now and then, so
//! the page has every chart to draw. Prints the page's size.
//!
//! Run: `cargo bench --bench report` (add `-- --quick` for a shorter run).

use std::hint::black_box;
use std::time::Instant;

use chrono::{FixedOffset, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use winddown::cli::args::ReportFormat;
use winddown::cli::report::render;
use winddown::model::{CheckIn, Leg};
use winddown::store::Store;

#[path = "support/history.rs"]
mod history;

use history::{NIGHTS, first_night, generate};

/// Check-ins on seven mornings in eight and an SOS episode every fifth night.
fn add_cramps(path: &std::path::Path) {
    let mut store = Store::open(path).expect("open");
    let tz = FixedOffset::east_opt(3600).expect("offset");
    for offset in 0..NIGHTS {
        let night = first_night() + chrono::Duration::days(offset);
        let cramps = (offset % 4) as u8;
        if offset % 8 != 3 {
            let checkin = CheckIn {
                night,
                cramps,
                severity: (cramps > 0).then_some(3 + (offset % 6) as u8),
                severity_unsure: false,
                leg: (cramps > 0).then_some(Leg::Left),
                minutes: (cramps > 0).then_some(u32::from(cramps) * 3),
                note: (offset % 11 == 0).then(|| "woke at three".to_string()),
            };
            store.save_checkin(&checkin, Utc::now()).expect("checkin");
        }
        if offset % 5 == 0 {
            let started = tz
                .from_local_datetime(&night.and_hms_opt(23, 50, 0).expect("time"))
                .single()
                .expect("time");
            let seconds = 60 + (offset % 13) as u32 * 55;
            store
                .record_sos(started, night, seconds, Some(Leg::Right))
                .expect("sos");
        }
    }
}

fn bench_report(c: &mut Criterion) {
    let dir = tempfile::TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    let started = Instant::now();
    generate(&path);
    add_cramps(&path);
    eprintln!(
        "generated {NIGHTS} nights with check-ins and SOS episodes in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let today = first_night() + chrono::Duration::days(NIGHTS);
    let report = |format| {
        let store = Store::open_read_only(&path).expect("open");
        render(&store, black_box(12), format, black_box(today)).expect("report")
    };
    let page = report(ReportFormat::Html);
    eprintln!(
        "the page for 12 weeks of {NIGHTS} nights: {} bytes ({:.1} kB); Markdown: {} bytes",
        page.len(),
        page.len() as f64 / 1024.0,
        report(ReportFormat::Markdown).len()
    );
    c.bench_function("report --format html, 12 weeks of 3650 nights", |b| {
        b.iter(|| black_box(report(ReportFormat::Html)))
    });
    c.bench_function("report (Markdown), 12 weeks of 3650 nights", |b| {
        b.iter(|| black_box(report(ReportFormat::Markdown)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench_report
}
criterion_main!(benches);
