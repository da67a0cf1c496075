//! Two front ends, one truth: another process (the real `winddown` binary, or a
//! second connection) writes the database under an open app. The app sees its
//! check-ins and rest nights, never saves a form over a row it did not read, and
//! its header says what is true now once a held lock lets go.

use crate::support;

use std::path::Path;
use std::process::Command;
use std::rc::Rc;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{ENTER, FakeClock, Home, Script, TWO_STEPS, drive, evening, evening_at};
use winddown::model::{CheckIn, Leg};
use winddown::store::Store;
use winddown::tui::{Incoming, Opening};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn last_night() -> NaiveDate {
    night().pred_opt().expect("a night before")
}

/// Runs the real binary on `home`, as another shell would while the app is open.
fn winddown(home: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown");
    assert!(
        output.status.success(),
        "winddown {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The check-in `checkin --cramps 2 --severity 7 --leg left --minutes 5 --note "from cli"`.
fn from_the_shell(home: &Path) -> impl FnOnce() + 'static {
    let home = home.to_path_buf();
    move || {
        winddown(
            &home,
            &[
                "checkin",
                "--cramps",
                "2",
                "--severity",
                "7",
                "--leg",
                "left",
                "--minutes",
                "5",
                "--note",
                "from cli",
                "--night",
                &last_night().to_string(),
            ],
        );
    }
}

fn the_shells_checkin() -> CheckIn {
    CheckIn {
        night: last_night(),
        cramps: 2,
        severity: Some(7),
        severity_unsure: false,
        leg: Some(Leg::Left),
        minutes: Some(5),
        note: Some("from cli".to_string()),
    }
}

/// The app opened on `opening` at 21:00 tonight with `file`, driven by the events
/// `events` adds to a script on its fake clock until the app ends; the last frame.
fn tonight(
    home: &Home,
    file: &Path,
    store: &mut Store,
    opening: Opening,
    events: impl FnOnce(Script) -> Script,
) -> String {
    let clock = FakeClock::at(evening_at(night()));
    let script = events(Script::new(&clock));
    let done = drive(evening(home, file, night(), opening), store, &clock, script);
    done.end.expect("the app ran");
    done.screen
}

#[test]
fn a_checkin_from_the_shell_is_what_the_form_opens_with_and_saving_keeps_it() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    // The home screen is open; another shell checks in; then `c`, and Enter.
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .meanwhile(1.0, from_the_shell(home.dir.path()))
            .key(2.0, KeyCode::Char('c'))
            .key(3.0, ENTER)
            .key(4.0, KeyCode::Char('c'))
            .at(5.0, Incoming::Signal(15))
    });
    // The form opened the second time shows what the shell stored.
    assert!(screen.contains("[2]"), "{}", screen);
    assert!(screen.contains("from cli"), "{}", screen);
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(the_shells_checkin()),
        "saving the form it opened with keeps every value"
    );
}

#[test]
fn a_form_being_filled_in_says_that_saving_replaces_what_another_process_saved() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    // The form is open and 1 cramp typed when the shell checks in.
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .key(1.5, KeyCode::Char('1'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, KeyCode::Tab)
            .at(4.0, Incoming::Signal(15))
    });
    let flat = screen.replace('\n', " ");
    assert!(
        flat.contains("Saved meanwhile elsewhere: 2 cramps, worst 7/10, left leg, about 5 min."),
        "{}",
        screen
    );
    assert!(
        screen.contains("[1]"),
        "the user's answer stays: {}",
        screen
    );
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(the_shells_checkin()),
        "nothing saved over it yet"
    );
}

#[test]
fn an_untouched_form_shows_what_another_process_saved() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, KeyCode::Tab)
            .at(4.0, Incoming::Signal(15))
    });
    assert!(screen.contains("[2]"), "{}", screen);
    assert!(screen.contains("from cli"), "{}", screen);
    assert!(
        screen.contains("Saving replaces the check-in already saved"),
        "{}",
        screen
    );
    // The answers changed under the user's eyes: the header says why.
    assert!(
        screen.contains("Check-in saved elsewhere: shown here"),
        "{}",
        screen
    );
}

/// An open form looks for other processes' check-ins every few seconds: the one
/// the shell saved shows before any key, so the next key answers it as shown.
#[test]
fn an_open_form_shows_another_process_s_checkin_without_waiting_for_a_key() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .at(6.0, Incoming::Signal(15))
    });
    assert!(screen.contains("[2]"), "{}", screen);
    assert!(screen.contains("from cli"), "{}", screen);
    assert!(
        screen.contains("Check-in saved elsewhere: shown here"),
        "{}",
        screen
    );
}

/// A key pressed on the form as it was, in the wake-up that finds another
/// process's check-in, acts on nothing: the user had not seen the form change.
/// Before, the shell's answers filled the untouched form and the user's "1" then
/// went into it, so Enter stored 1 cramp with the shell's severity, leg, minutes
/// and note: a row nobody had answered.
#[test]
fn a_key_pressed_before_the_form_showed_another_process_s_checkin_changes_nothing() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, KeyCode::Char('1'))
            .key(4.0, ENTER)
            .key(5.0, KeyCode::Char('c'))
            .at(6.0, Incoming::Signal(15))
    });
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(the_shells_checkin()),
        "Enter, pressed on the form as shown, saves what it showed"
    );
    assert!(screen.contains("[2]"), "{}", screen);
}

/// Once the form shows the other process's check-in, keys act on it again.
#[test]
fn keys_pressed_once_the_form_shows_another_process_s_checkin_answer_it() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, KeyCode::Char('1'))
            .key(4.0, KeyCode::Char('3'))
            .key(5.0, ENTER)
            .at(6.0, Incoming::Signal(15))
    });
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(CheckIn {
            cramps: 3,
            ..the_shells_checkin()
        }),
        "the answer given to the form as shown is saved with the rest of it"
    );
}

/// A form being filled in keeps the user's answers when another process saves:
/// a key other than Enter, in the wake-up that finds it, still does what it
/// does (here Tab moves to the next field), so nothing typed is lost.
#[test]
fn a_form_being_filled_in_takes_keys_other_than_enter_in_the_wake_up_that_finds_a_change() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .key(1.5, KeyCode::Char('1'))
            .meanwhile(1.8, from_the_shell(home.dir.path()))
            .key(1.9, KeyCode::Tab)
            .at(2.5, Incoming::Signal(15))
    });
    assert!(
        screen
            .lines()
            .any(|row| row.trim_start().starts_with("› Worst pain")),
        "Tab moved to the next field: {}",
        screen
    );
    assert!(screen.contains("[1]"), "{}", screen);
}

/// The same for a form being filled in: Enter, in the wake-up that finds
/// another process's check-in, does not replace a row the user never saw; the
/// form first says it is there.
#[test]
fn enter_pressed_before_the_form_said_another_process_saved_replaces_nothing() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('c'))
            .key(1.5, KeyCode::Char('1'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, ENTER)
            .at(4.0, Incoming::Signal(15))
    });
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(the_shells_checkin()),
        "the shell's check-in stays until Enter is pressed on the form that names it"
    );
    let flat = screen.replace('\n', " ");
    assert!(flat.contains("Saved meanwhile elsewhere"), "{}", screen);
    assert!(
        screen.contains("[1]"),
        "the user's answer stays: {}",
        screen
    );
}

#[test]
fn a_checkin_saved_in_between_is_not_overwritten_by_a_form_that_read_none() {
    let home = Home::new();
    let mut store = home.store();
    let answered = CheckIn {
        cramps: 1,
        severity: None,
        leg: None,
        minutes: None,
        note: None,
        ..the_shells_checkin()
    };
    // The form read no row; another connection saved one before Enter.
    let mut other = home.store();
    other
        .save_checkin(&the_shells_checkin(), chrono::Utc::now())
        .expect("the shell's check-in");
    let refused = store.save_checkin_replacing(&answered, None, chrono::Utc::now());
    match refused {
        Err(winddown::store::StoreError::CheckinChanged(stored)) => {
            assert_eq!(*stored, Some(the_shells_checkin()));
        }
        other => panic!("expected the change to be named, got {other:?}"),
    }
    assert_eq!(
        store.checkin(last_night()).expect("read"),
        Some(the_shells_checkin())
    );
    // Replacing the row as read goes through.
    store
        .save_checkin_replacing(&answered, Some(&the_shells_checkin()), chrono::Utc::now())
        .expect("replaces what it read");
    assert_eq!(store.checkin(last_night()).expect("read"), Some(answered));
}

#[test]
fn a_rest_night_imported_while_the_home_screen_is_open_is_shown() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let export = home.dir.path().join("rest.json");
    std::fs::write(
        &export,
        format!(
            r#"{{"format_version": 4, "runs": [], "rest_nights": [{{"night": "{}",
                "reason": "travelling", "created_at": "2026-11-26T18:00:00.000Z"}}]}}"#,
            night()
        ),
    )
    .expect("export");
    let importing = {
        let home = home.dir.path().to_path_buf();
        let export = export.clone();
        move || winddown(&home, &["import", export.to_str().expect("utf-8")])
    };
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .meanwhile(1.0, importing)
            .key(2.0, KeyCode::Char('?'))
            .key(2.5, KeyCode::Esc)
            .at(3.0, Incoming::Signal(15))
    });
    assert!(
        screen.contains("Tonight is a rest night (travelling)."),
        "{}",
        screen
    );
}

/// The stats page open while another shell checks in: the next key finds the
/// page showing the new check-in.
#[test]
fn the_stats_page_open_while_a_shell_checks_in_shows_the_check_in() {
    let home = Home::new();
    let file = home.routine("two", TWO_STEPS);
    let mut store = home.store();
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .key(1.0, KeyCode::Char('t'))
            .meanwhile(2.0, from_the_shell(home.dir.path()))
            .key(3.0, KeyCode::Down)
            .at(4.0, Incoming::Signal(15))
    });
    let flat = screen.replace('\n', " ");
    assert!(flat.contains("Cramps per night, 1 check-in"), "{}", screen);
}

/// A 60-second hold without a lead-in, then water.
const LONG_HOLD: &str = r#"
name = "Long hold"

[[step]]
title = "Calf stretch"
duration = "60s"
lead_in = "0s"

[[step]]
title = "Glass of water"
"#;

#[test]
fn the_header_stops_saying_progress_is_not_saved_once_the_lock_lets_go() {
    let home = Home::new();
    let file = home.routine("long", LONG_HOLD);
    let mut store = home.store();
    let holder = Rc::default();
    let released = Rc::clone(&holder);
    // Pausing saves where the hold stands: refused while the lock is held, stored
    // once it is let go.
    let screen = tonight(&home, &file, &mut store, Opening::RunNow, |script| {
        script
            .lock_store(0.5, home.database(), &holder)
            .key(1.0, KeyCode::Char(' '))
            .meanwhile(1.5, move || drop(released.borrow_mut().take()))
            .key(2.0, KeyCode::Char(' '))
            .at(2.5, Incoming::Signal(15))
    });
    assert!(
        !screen.contains("not saved"),
        "saves reach the disk again: {}",
        screen
    );

    // While it is held, the header says so.
    let home = Home::new();
    let file = home.routine("long", LONG_HOLD);
    let mut store = home.store();
    let holder = Rc::default();
    let screen = tonight(&home, &file, &mut store, Opening::RunNow, |script| {
        script
            .lock_store(0.5, home.database(), &holder)
            .key(1.0, KeyCode::Char(' '))
            .at(2.5, Incoming::Signal(15))
    });
    drop(holder.borrow_mut().take());
    assert!(
        screen.contains("progress not saved: database busy: another program holds it"),
        "{}",
        screen
    );
}

/// Env var naming the database the child process holds.
#[cfg(target_os = "linux")]
const CHILD_DATABASE: &str = "WINDDOWN_TEST_HOLD_DATABASE";

/// Not a test of its own: another program holding the database's write lock, run
/// in a subprocess by the next test.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "run as a subprocess by a_busy_database_names_the_program_that_has_it_open"]
fn child_holds_the_database_until_killed() {
    let Some(database) = std::env::var_os(CHILD_DATABASE) else {
        return;
    };
    let connection = rusqlite::Connection::open(database).expect("open");
    connection
        .execute_batch("BEGIN EXCLUSIVE")
        .expect("hold the lock");
    println!("held");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[cfg(target_os = "linux")]
#[test]
fn a_busy_database_names_the_program_that_has_it_open() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let home = Home::new();
    drop(home.store());
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "outside_writes::child_holds_the_database_until_killed",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DATABASE, home.database())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let held = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("held"));
    assert!(held, "the child holds the database");
    let mut store = home.store();
    let refused = store
        .declare_rest(night(), "busy", chrono::Utc::now())
        .expect_err("the lock is held");
    let said = store.explain(&refused);
    child.kill().expect("kill");
    child.wait().expect("reap");
    // The test binary is the other program: its name (cut to 15 characters by the
    // kernel) and its pid, never "another winddown".
    let expected = format!("(pid {})", child.id());
    assert!(
        said.starts_with("database busy: open in integration-") && said.ends_with(&expected),
        "{said}"
    );
}

/// Two steps to confirm, the rub first.
const RUB_AND_WATER: &str = "name = \"Evening\"\n\n[[step]]\nid = \"rub\"\ntitle = \"Rub\"\n\n\
                             [[step]]\nid = \"water\"\ntitle = \"Water\"\n";

#[test]
fn an_experiment_started_elsewhere_changes_the_open_home_screen_s_plan() {
    use winddown::model::{Arm, Design, Experiment, SeedSource};
    let home = Home::new();
    let file = home.routine("evening", RUB_AND_WATER);
    let mut store = home.store();
    // Another process starts an experiment on the rub from tonight, a "without" night.
    let starting = {
        let other = home.store();
        move || {
            let experiment = Experiment {
                routine_id: "evening".into(),
                step_id: "rub".into(),
                step_title: "Rub".into(),
                design: Design {
                    pairs: 2,
                    block_nights: 1,
                    washout_nights: 0,
                },
                blocks: vec![Arm::Without, Arm::With, Arm::With, Arm::Without],
                seed: 5,
                seed_source: SeedSource::Given,
                start: night(),
                created_at: chrono::Utc::now(),
                pauses: Vec::new(),
                stop: None,
            };
            let mut other = other;
            other
                .start_experiment(&experiment, night())
                .expect("started elsewhere");
        }
    };
    let screen = tonight(&home, &file, &mut store, Opening::Home, |script| {
        script
            .meanwhile(1.0, starting)
            // No key: the home screen's next wake-up (its clock's minute) is enough.
            .at(61.0, Incoming::Signal(15))
    });
    assert!(
        screen.contains("Experiment: Rub — tonight without (night 1 of 4)"),
        "{}",
        screen
    );
    assert!(!screen.contains("  Rub  "), "{}", screen);
    assert!(screen.contains("1 step"), "{}", screen);
}
