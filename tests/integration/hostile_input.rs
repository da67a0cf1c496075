//! Hostile text: control characters in routine files, file names and the
//! history never reach the terminal raw; `check` refuses them in routines.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

use chrono::{Local, NaiveDate, TimeZone, Utc};
use winddown::model::{CheckIn, NewRun, RunOutcome, StepRecord};
use winddown::session::{Outcome, StepResult};
use winddown::store::Store;

use crate::support;

/// What the terminal would be sent: retitle it, ring, clear the screen, then
/// show the rest right to left.
const EVIL: &str = "Evil\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}txt";
/// The same text as winddown shows it.
const SHOWN: &str = "Evil\\u001b]0;PWNED\\u0007\\u001b[2J\\u202etxt";

/// The bidi controls and zero-width characters, from the Unicode standard.
const INVISIBLE: [char; 15] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}',
    '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{feff}',
];

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("--home")
        .arg(home)
        .args(args)
        .output()
        .expect("run winddown")
}

/// Fails when `bytes` hold any control character but a line break, or any
/// bidi control or zero-width character.
fn assert_no_controls(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let found: Vec<char> = text
        .chars()
        .filter(|ch| (ch.is_control() && *ch != '\n') || INVISIBLE.contains(ch))
        .collect();
    assert!(found.is_empty(), "{what} sent {found:?} in:\n{text}");
}

/// A history written before `check` refused control characters: a run of a
/// routine named EVIL with a step titled EVIL, a rest night for reason EVIL
/// and a check-in whose note is EVIL.
fn evil_history(home: &Path) -> NaiveDate {
    let night = Local::now().date_naive() - chrono::Days::new(3);
    let started = Local
        .from_local_datetime(&night.and_hms_opt(21, 0, 0).expect("time"))
        .earliest()
        .expect("local time")
        .fixed_offset();
    let mut store = Store::open(&home.join("winddown.db")).expect("open");
    let run = store
        .start_run(&NewRun {
            routine_id: "evil".into(),
            routine_name: EVIL.into(),
            routine_hash: "h".into(),
            night,
            started_at: started,
            step_count: 1,
        })
        .expect("start");
    let record = StepRecord {
        step_id: "evil".into(),
        title: EVIL.into(),
        result: StepResult {
            outcome: Outcome::Done,
            active: Duration::from_secs(30),
            holds: None,
        },
        at: started.with_timezone(&Utc) + chrono::Duration::seconds(30),
    };
    store.record_step(run, 0, &record).expect("step");
    let ended = started.with_timezone(&Utc) + chrono::Duration::seconds(40);
    store
        .finish_run(run, ended, RunOutcome::Completed)
        .expect("finish");
    let checkin = CheckIn {
        night,
        cramps: 1,
        severity: Some(4),
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: Some(EVIL.into()),
    };
    store.save_checkin(&checkin, ended).expect("check-in");
    let rest = night.succ_opt().expect("next night");
    store.declare_rest(rest, EVIL, ended).expect("rest");
    night
}

#[test]
fn the_history_is_shown_escaped() {
    let home = tempfile::tempdir().expect("home");
    evil_history(home.path());
    for args in [
        &["history"][..],
        &["stats"],
        &["status"],
        &["insights"],
        &["report"],
    ] {
        let output = winddown(home.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        assert_no_controls(&format!("{args:?} stdout"), &output.stdout);
        assert_no_controls(&format!("{args:?} stderr"), &output.stderr);
    }
    let history = winddown(home.path(), &["history"]);
    let history = String::from_utf8_lossy(&history.stdout);
    assert!(history.contains(SHOWN), "{history}");
    assert!(history.contains(&format!("rest: {SHOWN}")), "{history}");
    let stats = winddown(home.path(), &["stats"]);
    assert!(String::from_utf8_lossy(&stats.stdout).contains(&format!("  {SHOWN}  100%")));
    let insights = winddown(home.path(), &["insights"]);
    assert!(String::from_utf8_lossy(&insights.stdout).contains(SHOWN));
}

/// A routine file whose name and file name both carry an escape.
fn evil_routine_folder(home: &Path) -> std::path::PathBuf {
    let folder = home.join("routines");
    std::fs::create_dir_all(&folder).expect("folder");
    let file = folder.join("evil\u{1b}[2J.toml");
    std::fs::write(
        &file,
        "name = \"Evil\\u001b]0;PWNED\\u0007\\u001b[2J\"\n[[step]]\ntitle = \"A\"\n",
    )
    .expect("write");
    file
}

#[test]
fn list_shows_escaped_names_and_the_refusal() {
    let home = tempfile::tempdir().expect("home");
    evil_routine_folder(home.path());
    let output = winddown(home.path(), &["list"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_no_controls("list", &output.stdout);
    let list = String::from_utf8_lossy(&output.stdout);
    let row = list
        .lines()
        .find(|line| line.contains("evil\\u001b[2J.toml"))
        .unwrap_or_else(|| panic!("no row for the file:\n{list}"));
    assert!(
        row.ends_with(
            "evil\\u001b[2J.toml:1:8: \"name\" must not hold control characters: found \\u001b"
        ),
        "{row}"
    );
}

#[test]
fn check_and_run_refuse_the_routine_and_escape_its_path() {
    let home = tempfile::tempdir().expect("home");
    let file = evil_routine_folder(home.path());
    let file = file.to_str().expect("UTF-8 path");
    for args in [["check", file], ["run", file]] {
        let output = winddown(home.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert!(output.stdout.is_empty(), "{args:?} printed {output:?}");
        assert_no_controls(&format!("{args:?}"), &output.stderr);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(&format!(
                "{}:1:8: error: \"name\" must not hold control characters",
                file.replace('\u{1b}', "\\u001b")
            )),
            "{stderr}"
        );
    }
}

#[test]
fn errors_naming_a_hostile_path_are_escaped() {
    let home = tempfile::tempdir().expect("home");
    let missing = home.path().join("gone\u{1b}]0;x\u{7}.toml");
    let missing = missing.to_str().expect("UTF-8 path");
    for args in [["check", missing], ["run", missing]] {
        let output = winddown(home.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert_no_controls(&format!("{args:?}"), &output.stderr);
        assert!(String::from_utf8_lossy(&output.stderr).contains("gone\\u001b]0;x\\u0007.toml"));
    }
}

#[test]
fn the_stats_screen_shows_history_titles_escaped() {
    let home = tempfile::tempdir().expect("home");
    let night = evil_history(home.path());
    let store = Store::open_read_only(&home.path().join("winddown.db")).expect("open");
    let tonight = night + chrono::Days::new(3);
    let data = winddown::tui::read_stats(&store, tonight).expect("stats");
    let view = winddown::tui::StatsView::new(&data, tonight);
    let titles: Vec<&str> = view.steps.iter().map(|step| step.title.as_str()).collect();
    assert_eq!(titles, [SHOWN]);
    assert!(
        view.insights
            .iter()
            .flat_map(|group| &group.lines)
            .any(|line| line.starts_with(SHOWN)),
        "{:?}",
        view.insights
    );
}

#[test]
fn an_export_to_a_terminal_is_shown_escaped_and_a_piped_one_is_the_data() {
    let home = tempfile::tempdir().expect("home");
    evil_history(home.path());
    for (format, last) in [("csv", "rest,"), ("json", "\"checkin_skips\"")] {
        let mut app =
            support::pty::PtyApp::spawn(&["export", "--format", format], home.path(), 200, 50);
        assert_eq!(app.wait_exit(Duration::from_secs(30)), 0, "{format}");
        app.wait_for_output(last, Duration::from_secs(10));
        let shown = app.output();
        let raw: Vec<char> = shown
            .chars()
            .filter(|ch| EVIL.contains(*ch) && (ch.is_control() || INVISIBLE.contains(ch)))
            .collect();
        assert!(
            raw.is_empty(),
            "{format} sent {raw:?} to the terminal:\n{shown}"
        );
        assert!(shown.contains("PWNED"), "{format}: {shown}");
        assert!(shown.contains("\\u202etxt"), "{format}: {shown}");
    }
    // Into a pipe (or a file), the export is the data as it is.
    let piped = winddown(home.path(), &["export", "--format", "csv"]);
    assert!(String::from_utf8_lossy(&piped.stdout).contains(EVIL));
}
