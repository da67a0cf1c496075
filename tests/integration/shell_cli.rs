//! Completions, the man page and `status --format` through the real binary.

use crate::support;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use chrono::{FixedOffset, Local, NaiveTime, TimeZone, Utc};
use support::tools::which;
use winddown::model::{NewRun, RunOutcome, StepRecord};
use winddown::routine::night_of;
use winddown::session::{Outcome, StepResult};
use winddown::store::Store;

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown")
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// A home with one routine of the user's own beside the shipped ones.
fn home_with_routine() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("temp home");
    fs::create_dir_all(home.path().join("routines")).expect("routine folder");
    fs::write(
        home.path().join("routines/late-shift.toml"),
        "name = \"Late shift\"\nbedtime = \"22:30\"\n[[step]]\ntitle = \"Stretch\"\nduration = \"29m\"\n",
    )
    .expect("routine");
    home
}

#[test]
fn every_shell_gets_a_completion_script() {
    let home = home_with_routine();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = ok(winddown(home.path(), &["completions", shell]));
        assert!(
            script.contains("remind"),
            "{shell} lacks the remind subcommand"
        );
        assert!(
            script.contains("late-shift"),
            "{shell} lacks the user's routine"
        );
        // `remind tick` is the scheduler's, hidden from help and the man page alike.
        assert!(
            !script.contains("tick"),
            "{shell} offers the hidden tick subcommand"
        );
    }
    let wrong = winddown(home.path(), &["completions", "tcsh"]);
    assert!(!wrong.status.success());
}

/// The lines of `script` from the first line containing `start` to the next line containing `end`.
fn section<'a>(script: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    script
        .lines()
        .skip_while(|line| !line.contains(start))
        .take_while(|line| !line.contains(end))
        .collect()
}

#[test]
fn elvish_and_powershell_offer_routine_names_after_run_and_edit() {
    let home = home_with_routine();
    let elvish = ok(winddown(home.path(), &["completions", "elvish"]));
    for subcommand in ["run", "edit"] {
        let lines = section(&elvish, &format!("&'winddown;{subcommand}'= {{"), "}");
        assert!(
            lines.iter().any(|line| line.contains("cand late-shift ")),
            "elvish `winddown {subcommand}` lacks the routine: {lines:?}"
        );
        assert!(
            lines.iter().any(|line| line.contains("cand quick ")),
            "elvish `winddown {subcommand}` lacks the shipped routine: {lines:?}"
        );
        assert!(
            !lines.iter().any(|line| line.contains("cand help ")),
            "elvish `winddown {subcommand}` offers help as if it were a routine: {lines:?}"
        );
    }
    let powershell = ok(winddown(home.path(), &["completions", "powershell"]));
    for subcommand in ["run", "edit"] {
        let lines = section(&powershell, &format!("'winddown;{subcommand}' {{"), "break");
        assert!(
            lines
                .iter()
                .any(|line| line.contains("[CompletionResult]::new('late-shift'")),
            "PowerShell `winddown {subcommand}` lacks the routine: {lines:?}"
        );
    }
    // `new NAME` names a file yet to exist: no routine names there.
    let lines = section(&elvish, "&'winddown;new'= {", "}");
    assert!(
        !lines.iter().any(|line| line.contains("cand late-shift ")),
        "{lines:?}"
    );
}

/// What bash's completion offers for `words` (the last one being completed),
/// with the script sourced the way a user's shell would.
fn bash_completes(bash: &Path, script: &Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|word| format!("'{word}'")).collect();
    let line = words.join(" ");
    let current = words.last().copied().unwrap_or_default();
    let previous = words.len().checked_sub(2).map_or("", |at| words[at]);
    let mut session = Command::new(bash)
        .arg("--norc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("bash");
    session
        .stdin
        .take()
        .expect("stdin")
        .write_all(
            format!(
                "source '{}'\nCOMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}\n\
                 _winddown winddown '{current}' '{previous}'\necho \"${{COMPREPLY[@]}}\"\n",
                script.display(),
                quoted.join(" "),
                words.len() - 1,
                line.len(),
            )
            .as_bytes(),
        )
        .expect("write");
    let output = session.wait_with_output().expect("bash ran");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(String::from)
        .collect()
}

#[test]
fn bash_completes_remind_without_the_hidden_tick() {
    let Some(bash) = which("bash") else {
        println!("skipped: bash is not installed");
        return;
    };
    let home = home_with_routine();
    let script = ok(winddown(home.path(), &["completions", "bash"]));
    let file = home.path().join("winddown.bash");
    fs::write(&file, &script).expect("script");
    let words = bash_completes(&bash, &file, &["winddown", "remind", ""]);
    for expected in ["on", "off", "status", "--print", "--before"] {
        assert!(
            words.iter().any(|word| word == expected),
            "no {expected} in {words:?}"
        );
    }
    assert!(!words.iter().any(|word| word == "tick"), "{words:?}");
}

#[test]
fn the_bash_script_parses_and_completes_routine_names() {
    let Some(bash) = which("bash") else {
        println!("skipped: bash is not installed");
        return;
    };
    let home = home_with_routine();
    let script = ok(winddown(home.path(), &["completions", "bash"]));
    let file = home.path().join("winddown.bash");
    fs::write(&file, &script).expect("script");
    let syntax = Command::new(&bash)
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash -n");
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    // Complete `winddown run la<TAB>` the way bash's completion would.
    assert_eq!(
        bash_completes(&bash, &file, &["winddown", "run", "la"]),
        ["late-shift"]
    );
}

#[test]
fn run_does_not_complete_the_sos_relief_steps_but_edit_does() {
    let Some(bash) = which("bash") else {
        println!("skipped: bash is not installed");
        return;
    };
    let home = home_with_routine();
    let script = ok(winddown(home.path(), &["completions", "bash"]));
    let file = home.path().join("winddown.bash");
    fs::write(&file, &script).expect("script");
    let run = bash_completes(&bash, &file, &["winddown", "run", ""]);
    assert!(run.iter().any(|word| word == "quick"), "{run:?}");
    assert!(!run.iter().any(|word| word == "sos"), "{run:?}");
    let edit = bash_completes(&bash, &file, &["winddown", "edit", ""]);
    assert!(edit.iter().any(|word| word == "sos"), "{edit:?}");
}

#[test]
fn the_man_page_renders() {
    let home = tempfile::tempdir().expect("temp home");
    let page = ok(winddown(home.path(), &["man"]));
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH winddown 1"),
        "{page}"
    );
    let Some(man) = which("man") else {
        println!("skipped: man is not installed");
        return;
    };
    let file = home.path().join("winddown.1");
    fs::write(&file, &page).expect("page");
    let rendered = Command::new(man)
        .arg("-l")
        .arg(&file)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
        .expect("man -l");
    let text = String::from_utf8_lossy(&rendered.stdout);
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert!(text.contains("NAME") && text.contains("SYNOPSIS"), "{text}");
    // One page a person can read: no list of pages that `man` does not have.
    assert!(!text.contains("winddown-remind(1)"), "{text}");
    for section in [
        "COMMANDS",
        "KEYS",
        "ROUTINE FILES",
        "CONFIGURATION",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(
            text.lines().any(|line| line == section),
            "no {section} section:\n{text}"
        );
    }
    for said in [
        "winddown remind",
        "start tonight's routine",
        "the cramp has passed",
        "[[step]]",
        "day_rollover",
        "WINDDOWN_HOME",
        "NO_COLOR",
        "VISUAL, EDITOR",
        "winddown.db",
    ] {
        assert!(text.contains(said), "{said:?} not in\n{text}");
    }
}

#[test]
fn the_manual_names_every_config_key_readme_documents() {
    let readme = include_str!("../../README.md");
    let block = readme
        .split("```toml\nroutine = ")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README's config.toml block");
    let documented: Vec<&str> = std::iter::once("routine")
        .chain(
            block
                .lines()
                .skip(1)
                .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.trim()))
                .filter(|key| !key.starts_with('#')),
        )
        .collect();
    let manual: Vec<&str> = winddown::cli::manual::CONFIG_KEYS
        .iter()
        .map(|(key, _, _)| *key)
        .collect();
    assert_eq!(manual, documented);
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let home = tempfile::tempdir().expect("temp home");
    let dir = home.path().join("man1");
    let listed = ok(winddown(
        home.path(),
        &["man", "--dir", dir.to_str().expect("utf-8")],
    ));
    for page in [
        "winddown.1",
        "winddown-remind.1",
        "winddown-status.1",
        "winddown-run.1",
    ] {
        assert!(dir.join(page).is_file(), "{page} missing");
        assert!(listed.contains(page), "{listed}");
    }
    assert!(
        !dir.join("winddown-remind-tick.1").exists(),
        "the scheduler's tick is not for people"
    );
    let top = fs::read_to_string(dir.join("winddown.1")).expect("page");
    assert!(top.contains(".SH ENVIRONMENT"), "the manual itself: {top}");
    let run = fs::read_to_string(dir.join("winddown-run.1")).expect("page");
    assert!(
        !run.contains(".SH ENVIRONMENT"),
        "a command's own page: {run}"
    );
    let status = fs::read_to_string(dir.join("winddown-status.1")).expect("page");
    assert!(
        status.contains("{start_by}"),
        "the placeholders are documented"
    );
}

#[test]
fn status_format_before_and_after_tonights_run() {
    let home = home_with_routine();
    fs::write(
        home.path().join("config.toml"),
        "routine = \"late-shift\"\n",
    )
    .expect("config");
    let template = "{icon} {summary} · {state} {done}/{total} · bed {bedtime} · streak {streak}";
    // 29 min of stretch and the evening's 5 s lead-in before it, as the home screen
    // counts them: start by 22:00:55 to be in bed at 22:30.
    assert_eq!(
        ok(winddown(home.path(), &["status", "--format", template])),
        "🌙 start by 22:00 · not started 0/1 · bed 22:30 · streak 0\n"
    );
    let night = night_of(
        Local::now().naive_local(),
        NaiveTime::from_hms_opt(4, 0, 0).expect("time"),
    );
    let mut store = Store::open(&home.path().join("winddown.db")).expect("store");
    let run = store
        .start_run(&NewRun {
            routine_id: "late-shift".to_string(),
            routine_name: "Late shift".to_string(),
            routine_hash: "h".to_string(),
            night,
            started_at: FixedOffset::east_opt(0)
                .expect("offset")
                .from_utc_datetime(&Utc::now().naive_utc()),
            step_count: 1,
        })
        .expect("run");
    let record = StepRecord {
        step_id: "stretch".to_string(),
        title: "Stretch".to_string(),
        result: StepResult {
            outcome: Outcome::Done,
            active: std::time::Duration::from_secs(29 * 60),
            holds: None,
        },
        at: Utc::now(),
    };
    store.record_step(run, 0, &record).expect("step");
    store
        .finish_run(run, Utc::now(), RunOutcome::Completed)
        .expect("finish");
    drop(store);
    let after = ok(winddown(
        home.path(),
        &["status", "--format", "{icon} {summary}"],
    ));
    assert_eq!(after, "✓ 1/1\n");
}

#[test]
fn a_wrong_placeholder_is_named() {
    let home = tempfile::tempdir().expect("temp home");
    let output = winddown(home.path(), &["status", "--format", "{icon} {strek}"]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("unknown placeholder {strek}"), "{err}");
}
