//! `remind.log`: one line per night that a wake settled (reminded, failed to
//! notify, missed, not needed), so a night is settled at most once and
//! `remind status` can show the last outcome.

use chrono::{NaiveDate, NaiveDateTime};

/// The log's file name in the data folder.
pub const FILE: &str = "remind.log";

/// How many lines the log keeps: years of nights, a few hundred kilobytes at most.
const KEEP: usize = 4000;

/// The line recording how `night` was settled at `now`.
pub fn line(now: NaiveDateTime, night: NaiveDate, outcome: &str) -> String {
    format!(
        "{} night {}: {}",
        now.format("%Y-%m-%d %H:%M"),
        night.format("%Y-%m-%d"),
        outcome.replace('\n', " ")
    )
}

/// Whether the log already settles `night`.
pub fn settles(log: &str, night: NaiveDate) -> bool {
    let marker = format!(" night {}: ", night.format("%Y-%m-%d"));
    log.lines().rev().any(|line| line.contains(&marker))
}

/// The last outcome recorded, if any.
pub fn last(log: &str) -> Option<&str> {
    log.lines().rev().find(|line| !line.trim().is_empty())
}

/// The log with `line` appended, keeping only the newest lines.
pub fn appended(log: &str, line: &str) -> String {
    let lines: Vec<&str> = log.lines().chain([line]).collect();
    let start = lines.len().saturating_sub(KEEP);
    let mut text = lines[start..].join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).expect("date")
    }

    #[test]
    fn a_line_settles_its_night_only() {
        let now = date(30).and_hms_opt(22, 2, 0).expect("time");
        let log = appended("", &line(now, date(30), "reminded: Time to wind down"));
        assert_eq!(
            log,
            "2026-11-30 22:02 night 2026-11-30: reminded: Time to wind down\n"
        );
        assert!(settles(&log, date(30)));
        assert!(!settles(&log, date(29)));
        assert_eq!(
            last(&log),
            Some("2026-11-30 22:02 night 2026-11-30: reminded: Time to wind down")
        );
    }

    #[test]
    fn the_log_keeps_its_newest_lines() {
        let mut log = String::new();
        for index in 0..KEEP + 10 {
            log = appended(&log, &format!("line {index}"));
        }
        assert_eq!(log.lines().count(), KEEP);
        assert_eq!(log.lines().next(), Some("line 10"));
        assert_eq!(last(&log), Some(&*format!("line {}", KEEP + 9)));
    }

    #[test]
    fn an_outcome_stays_on_one_line() {
        let now = date(30).and_hms_opt(22, 2, 0).expect("time");
        assert_eq!(
            line(now, date(30), "failed: no\nbus"),
            "2026-11-30 22:02 night 2026-11-30: failed: no bus"
        );
    }
}
