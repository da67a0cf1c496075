//! `winddown checkin` through the real binary, on a throwaway home folder.

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use winddown::model::{CheckIn, Leg};
use winddown::store::Store;

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown")
}

fn stored(home: &Path, night: &str) -> Option<CheckIn> {
    let store = Store::open_read_only(&home.join("winddown.db")).expect("open");
    let night = NaiveDate::parse_from_str(night, "%Y-%m-%d").expect("date");
    store.checkin(night).expect("read")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_full_checkin_is_saved_and_confirmed_in_one_line() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "2",
            "--severity",
            "6",
            "--leg",
            "left",
            "--minutes",
            "5",
            "--note",
            "after a long walk",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "checked in for Wed 27 Nov: 2 cramps, worst 6/10, left leg, about 5 min\n"
    );
    assert_eq!(
        stored(home.path(), "2024-11-27"),
        Some(CheckIn {
            night: NaiveDate::from_ymd_opt(2024, 11, 27).expect("date"),
            cramps: 2,
            severity: Some(6),
            severity_unsure: false,
            leg: Some(Leg::Left),
            minutes: Some(5),
            note: Some("after a long walk".to_string()),
        })
    );
}

#[test]
fn without_night_it_is_for_last_night() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(home.path(), &["checkin", "--cramps", "0"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with(": no cramps\n"),
        "{}",
        stdout(&output)
    );
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    let all = store
        .checkins(None, NaiveDate::from_ymd_opt(9999, 1, 1).expect("date"))
        .expect("read");
    assert_eq!(all.len(), 1);
    // Last night, whatever the clock says today: never later than today.
    assert!(all[0].night < chrono::Local::now().date_naive());
}

#[test]
fn out_of_range_values_are_usage_errors_and_write_nothing() {
    let home = tempfile::tempdir().expect("temp home");
    let cases: [(&[&str], &str); 6] = [
        (&["--cramps", "many"], "--cramps"),
        (&["--cramps", "-1"], "--cramps"),
        (&["--cramps", "1", "--severity", "11"], "--severity"),
        (&["--cramps", "1", "--minutes", "601"], "--minutes"),
        (&["--cramps", "1", "--leg", "middle"], "--leg"),
        (&["--cramps", "1", "--night", "2024-02-30"], "--night"),
    ];
    for (extra, flag) in cases {
        let mut args = vec!["checkin"];
        args.extend_from_slice(extra);
        let output = winddown(home.path(), &args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(flag),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
    }
    assert!(!home.path().join("winddown.db").exists());
}

#[test]
fn a_night_in_the_future_is_refused() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(
        home.path(),
        &["checkin", "--cramps", "1", "--night", "2999-01-01"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("cannot check in for 2999-01-01: that night has not happened yet"),
        "{}",
        stderr(&output)
    );
    assert_eq!(stored(home.path(), "2999-01-01"), None);
}

#[test]
fn a_second_checkin_keeps_the_fields_it_does_not_give_and_never_drops_the_note() {
    let home = tempfile::tempdir().expect("temp home");
    let first = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "2",
            "--severity",
            "6",
            "--leg",
            "left",
            "--minutes",
            "5",
            "--note",
            "after a long walk",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    // A cramp-free correction: nothing to grade any more, but the note stays.
    let second = winddown(
        home.path(),
        &["checkin", "--cramps", "0", "--night", "2024-11-27"],
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        stdout(&second),
        "checked in for Wed 27 Nov: no cramps \
         (updates the earlier check-in, keeping its note: \"after a long walk\"; \
         with no cramps, its worst 6/10, left leg, about 5 min are removed)\n"
    );
    let checkin = stored(home.path(), "2024-11-27").expect("saved");
    assert_eq!(checkin.note.as_deref(), Some("after a long walk"));
    assert_eq!(
        (checkin.cramps, checkin.severity, checkin.leg),
        (0, None, None)
    );
    // A new note replaces the old one, said so.
    let third = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "0",
            "--note",
            "slept well",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(
        stdout(&third).contains("(updates the earlier check-in)"),
        "{}",
        stdout(&third)
    );
    let checkin = stored(home.path(), "2024-11-27").expect("saved");
    assert_eq!(checkin.note.as_deref(), Some("slept well"));
}

#[test]
fn a_second_checkin_for_the_same_night_replaces_the_first() {
    let home = tempfile::tempdir().expect("temp home");
    let first = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "3",
            "--leg",
            "both",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let second = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "1",
            "--severity",
            "2",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(
        stdout(&second),
        "checked in for Wed 27 Nov: 1 cramp, worst 2/10, both legs (updates the earlier check-in)\n"
    );
    let checkin = stored(home.path(), "2024-11-27").expect("saved");
    assert_eq!(
        (checkin.cramps, checkin.severity, checkin.leg),
        (1, Some(2), Some(Leg::Both)),
        "the leg not given is kept"
    );
}

#[test]
fn more_than_three_cramps_are_kept_as_three_or_more_and_said_so() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(
        home.path(),
        &["checkin", "--cramps", "5", "--night", "2024-11-27"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "checked in for Wed 27 Nov: 3 or more cramps \
         (5 given: the diary counts 0, 1, 2, and 3 or more)\n"
    );
    let checkin = stored(home.path(), "2024-11-27").expect("saved");
    assert_eq!(checkin.cramps, 3);
}

#[test]
fn details_of_a_cramp_with_no_cramps_save_nothing_and_say_why() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "0",
            "--severity",
            "5",
            "--night",
            "2024-11-27",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "winddown: error: nothing saved: --severity 5 describes a cramp, but --cramps 0 \
         says there was none. Give the number of cramps (--cramps 1 or more), or leave out \
         that option\n"
    );
    assert!(stdout(&output).is_empty());
    assert_eq!(stored(home.path(), "2024-11-27"), None);

    let both = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "0",
            "--leg",
            "left",
            "--minutes",
            "3",
            "--night",
            "2024-11-27",
        ],
    );
    assert_eq!(both.status.code(), Some(1));
    assert!(
        stderr(&both).contains("--leg left and --minutes 3 describe a cramp"),
        "{}",
        stderr(&both)
    );
}

#[test]
fn a_checkin_without_severity_stores_it_as_unknown_as_the_form_does() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(
        home.path(),
        &["checkin", "--cramps", "1", "--night", "2024-11-27"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "checked in for Wed 27 Nov: 1 cramp\n");
    let checkin = stored(home.path(), "2024-11-27").expect("saved");
    assert_eq!(
        (checkin.cramps, checkin.severity, checkin.severity_unsure),
        (1, None, false)
    );
}

#[test]
fn a_note_quoted_back_shows_control_characters_escaped() {
    let home = tempfile::tempdir().expect("temp home");
    let first = winddown(
        home.path(),
        &[
            "checkin",
            "--cramps",
            "1",
            "--note",
            "calf\u{202e}evil",
            "--night",
            "2024-11-27",
        ],
    );
    assert!(first.status.success(), "{}", stderr(&first));
    let second = winddown(
        home.path(),
        &["checkin", "--cramps", "2", "--night", "2024-11-27"],
    );
    assert!(
        stdout(&second).contains("keeping its note: \"calf\\u202eevil\""),
        "{}",
        stdout(&second)
    );
}
