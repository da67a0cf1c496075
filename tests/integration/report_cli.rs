//! `winddown report --format html --out FILE` through the real binary: where
//! the page goes, and where it may not.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::diary;

/// The made-up diary in `home`'s database.
fn home_with_diary() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    diary::write(&home.path().join("winddown.db"), &diary::nights(4));
    home
}

fn winddown(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home)
        .args(args)
        .output()
        .expect("run winddown")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn html_goes_to_the_file_named_and_nothing_to_standard_output() {
    let home = home_with_diary();
    let page = home.path().join("for the doctor.html");
    let output = winddown(
        home.path(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().expect("utf-8"),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let html = fs::read_to_string(&page).expect("the page");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    assert!(html.trim_end().ends_with("</html>"));
}

#[test]
fn without_a_file_or_with_a_dash_the_page_goes_to_standard_output() {
    let home = home_with_diary();
    let to_stdout = winddown(home.path(), &["report", "--format", "html"]);
    let dash = winddown(home.path(), &["report", "--format", "html", "--out", "-"]);
    for output in [&to_stdout, &dash] {
        assert!(output.status.success(), "{}", stderr(output));
        assert!(output.stdout.starts_with(b"<!DOCTYPE html>"));
    }
    assert_eq!(to_stdout.stdout, dash.stdout);
    assert!(!home.path().join("-").exists());
    // Markdown stays the default.
    let markdown = winddown(home.path(), &["report"]);
    assert!(
        markdown
            .stdout
            .starts_with(b"# Leg-cramp diary from winddown")
    );
}

#[test]
fn the_page_never_replaces_winddowns_own_files() {
    let home = home_with_diary();
    let database = home.path().join("winddown.db");
    let before = fs::read(&database).expect("database");
    let output = winddown(
        home.path(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            database.to_str().expect("utf-8"),
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("winddown's history database"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read(&database).expect("database"), before);
}

#[test]
fn a_missing_folder_is_named_and_nothing_is_created() {
    let home = home_with_diary();
    let page = home.path().join("no such folder").join("report.html");
    let output = winddown(
        home.path(),
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().expect("utf-8"),
        ],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no such folder"),
        "{}",
        stderr(&output)
    );
    assert!(!home.path().join("no such folder").exists());
}
