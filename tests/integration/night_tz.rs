//! Night rollover under a real zone rule, across both DST changes.
//!
//! The zone comes from `TZ` in a subprocess (the test re-runs itself), so no
//! zone-database crate is needed and no global state of this process changes.
//! The rule is a POSIX TZ string for Central Europe, which chrono reads without
//! /usr/share/zoneinfo: clocks go forward on the last Sunday of March at 02:00
//! and back on the last Sunday of October at 03:00.

use std::process::Command;

use chrono::{DateTime, Local, NaiveDate, Offset, Utc};
use winddown::routine::night_of;
use winddown::store::DEFAULT_ROLLOVER;

const CENTRAL_EUROPE: &str = "CET-1CEST,M3.5.0,M10.5.0/3";
const CHILD: &str = "WINDDOWN_TEST_TZ_CHILD";

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("valid instant")
        .with_timezone(&Utc)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date")
}

/// The child half, run with `TZ` set by `rollover_across_dst_with_tz_set`.
#[test]
#[ignore = "run as a subprocess with TZ set"]
fn child_checks_nights_in_local_time() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // Proves TZ was honoured: otherwise the cases below would test nothing.
    let offset = |at: &str| {
        utc(at)
            .with_timezone(&Local)
            .offset()
            .fix()
            .local_minus_utc()
    };
    assert_eq!(offset("2024-01-15T12:00:00Z"), 3600);
    assert_eq!(offset("2024-07-15T12:00:00Z"), 7200);

    let cases = [
        // An ordinary night: 23:59, 00:30 and 03:59 belong to the evening before.
        ("2024-05-10T21:59:00Z", "2024-05-10"), // 23:59 CEST
        ("2024-05-10T22:30:00Z", "2024-05-10"), // 00:30 CEST
        ("2024-05-11T01:59:00Z", "2024-05-10"), // 03:59 CEST
        ("2024-05-11T02:00:00Z", "2024-05-11"), // 04:00 CEST
        // Spring forward, 2024-03-31: 02:00 CET becomes 03:00 CEST.
        ("2024-03-30T22:59:00Z", "2024-03-30"), // 23:59 CET
        ("2024-03-30T23:30:00Z", "2024-03-30"), // 00:30 CET
        ("2024-03-31T01:59:00Z", "2024-03-30"), // 03:59 CEST
        ("2024-03-31T02:00:00Z", "2024-03-31"), // 04:00 CEST
        // Fall back, 2024-10-27: 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
        ("2024-10-26T21:59:00Z", "2024-10-26"), // 23:59 CEST
        ("2024-10-27T00:30:00Z", "2024-10-26"), // 02:30 CEST
        ("2024-10-27T01:30:00Z", "2024-10-26"), // 02:30 CET
        ("2024-10-27T02:59:00Z", "2024-10-26"), // 03:59 CET
        ("2024-10-27T03:00:00Z", "2024-10-27"), // 04:00 CET
    ];
    for (instant, night) in cases {
        assert_eq!(
            // As the app reads the night: the local wall clock, then the rollover.
            night_of(
                utc(instant).with_timezone(&Local).naive_local(),
                DEFAULT_ROLLOVER
            ),
            date(night),
            "{instant}"
        );
    }
}

#[test]
fn rollover_across_dst_with_tz_set() {
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "night_tz::child_checks_nights_in_local_time",
            "--ignored",
            "--test-threads=1",
        ])
        .env("TZ", CENTRAL_EUROPE)
        .env(CHILD, "1")
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("1 passed"),
        "the child ran its test:\n{stdout}"
    );
}
