//! `history` and `report` show check-in notes and SOS episodes, with control
//! characters from the database escaped before they reach the terminal.

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use winddown::cli::history::history;
use winddown::cli::report::report;
use winddown::model::{CheckIn, Leg};
use winddown::store::Store;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn fixture(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).expect("open");
    store
        .declare_rest(date("2024-06-05"), "away", Utc::now())
        .expect("rest");
    let checkin = CheckIn {
        night: date("2024-06-06"),
        cramps: 2,
        severity: Some(6),
        severity_unsure: false,
        leg: Some(Leg::Left),
        minutes: Some(5),
        note: Some("woke at 3\u{1b}]0;PWNED\u{7}".to_string()),
    };
    store.save_checkin(&checkin, Utc::now()).expect("checkin");
    let tz = FixedOffset::east_opt(7200).expect("offset");
    let at = tz
        .with_ymd_and_hms(2024, 6, 7, 2, 15, 0)
        .single()
        .expect("time");
    store
        .record_sos(at, date("2024-06-06"), 95, Some(Leg::Right))
        .expect("sos");
    store
}

fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    write(&mut out);
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn history_lists_notes_and_sos_episodes_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let store = fixture(&dir.path().join("winddown.db"));
    let shown = text(|out| history(&store, None, date("2024-06-10"), out).expect("history"));
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(
        shown.contains("2024-06-06  note: woke at 3\\u001b]0;PWNED\\u0007"),
        "{shown}"
    );
    assert!(
        shown.contains("2024-06-06  SOS at 02:15, 1m 35s, right leg"),
        "{shown}"
    );
}

#[test]
fn report_lists_notes_and_sos_episodes_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let store = fixture(&dir.path().join("winddown.db"));
    let shown = text(|out| report(&store, 4, date("2024-06-10"), out).expect("report"));
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(
        shown.contains("  - Thu 6 Jun: woke at 3\\u001b]0;PWNED\\u0007"),
        "{shown}"
    );
    assert!(
        shown.contains("  - Fri 7 Jun 02:15: 1m 35s, right leg"),
        "{shown}"
    );
}
