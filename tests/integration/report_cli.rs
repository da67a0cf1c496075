//! `winddown report --format html --out FILE [--open]` through the real binary:
//! where the page goes, the desktop's opener (a stand-in script on PATH that
//! notes what it was given), and what happens when it cannot be opened.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::diary;

/// The made-up diary in `home`'s database.
fn home_with_diary() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    diary::write(&home.path().join("winddown.db"), &diary::nights(4));
    home
}

fn winddown(home: &Path, path: Option<&Path>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_winddown"));
    command.env("WINDDOWN_HOME", home).args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("run winddown")
}

/// `report --format html --out PAGE --open` with only `path` to look for the opener on.
fn open_report(home: &Path, path: &Path, page: &Path) -> Output {
    winddown(
        home,
        Some(path),
        &[
            "report",
            "--format",
            "html",
            "--out",
            page.to_str().expect("utf-8"),
            "--open",
        ],
    )
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A folder holding a stand-in opener named as this platform's is, which writes
/// its arguments to `opened.txt` beside it and exits with `status`.
fn opener_folder(status: i32) -> (tempfile::TempDir, PathBuf) {
    opener_doing(&format!("exit {status}"))
}

/// A stand-in opener that notes its arguments in `opened.txt`, then runs `then`.
fn opener_doing(then: &str) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("folder");
    let script = folder.path().join(winddown::opener::opener_name());
    let log = folder.path().join("opened.txt");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n{then}\n",
            log.display()
        ),
    )
    .expect("script");
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).expect("chmod");
    (folder, log)
}

#[test]
fn html_goes_to_the_file_named_and_nothing_to_standard_output() {
    let home = home_with_diary();
    let page = home.path().join("for the doctor.html");
    let output = winddown(
        home.path(),
        None,
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
    let to_stdout = winddown(home.path(), None, &["report", "--format", "html"]);
    let dash = winddown(
        home.path(),
        None,
        &["report", "--format", "html", "--out", "-"],
    );
    for output in [&to_stdout, &dash] {
        assert!(output.status.success(), "{}", stderr(output));
        assert!(output.stdout.starts_with(b"<!DOCTYPE html>"));
    }
    assert_eq!(to_stdout.stdout, dash.stdout);
    assert!(!home.path().join("-").exists());
    // Markdown stays the default.
    let markdown = winddown(home.path(), None, &["report"]);
    assert!(
        markdown
            .stdout
            .starts_with(b"# Leg-cramp diary from winddown")
    );
}

#[test]
fn open_hands_the_written_file_to_the_desktops_opener() {
    let home = home_with_diary();
    let (folder, log) = opener_folder(0);
    let page = home.path().join("report.html");
    let output = open_report(home.path(), folder.path(), &page);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(&log).expect("the opener ran"),
        format!("{}\n", page.display())
    );
    assert!(fs::read_to_string(&page).expect("page").contains("<svg"));
}

#[test]
fn a_relative_file_is_opened_by_its_whole_path() {
    let home = home_with_diary();
    let (folder, log) = opener_folder(0);
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home.path())
        .env("PATH", folder.path())
        .current_dir(home.path())
        .args(["report", "--format", "html", "--out", "page.html", "--open"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    let opened = fs::read_to_string(&log).expect("opened");
    assert_eq!(
        opened,
        format!("{}\n", home.path().join("page.html").display())
    );
}

#[test]
fn open_without_a_file_is_refused_before_anything_is_written() {
    let home = home_with_diary();
    let (folder, log) = opener_folder(0);
    let missing = winddown(home.path(), Some(folder.path()), &["report", "--open"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("--out <FILE>"),
        "{}",
        stderr(&missing)
    );
    let dash = winddown(
        home.path(),
        Some(folder.path()),
        &["report", "--format", "html", "--out", "-", "--open"],
    );
    assert!(!dash.status.success());
    assert!(
        stderr(&dash).contains("--open needs a file to open: give --out FILE, not standard output"),
        "{}",
        stderr(&dash)
    );
    assert!(dash.stdout.is_empty());
    assert!(!log.exists());
}

#[test]
fn no_opener_leaves_the_page_written_and_says_so() {
    let home = home_with_diary();
    let empty = tempfile::tempdir().expect("a PATH with nothing on it");
    let page = home.path().join("report.html");
    let output = open_report(home.path(), empty.path(), &page);
    assert_eq!(output.status.code(), Some(1));
    let shown = stderr(&output);
    assert!(
        shown.contains(&format!(
            "wrote {} but cannot open it: {} is not installed; open it in a browser yourself",
            page.display(),
            winddown::opener::opener_name()
        )),
        "{shown}"
    );
    assert!(
        fs::read_to_string(&page)
            .expect("written")
            .contains("</html>")
    );
}

#[test]
fn an_opener_that_fails_is_reported() {
    let home = home_with_diary();
    let (folder, log) = opener_folder(3);
    let page = home.path().join("report.html");
    let output = open_report(home.path(), folder.path(), &page);
    assert_eq!(output.status.code(), Some(1));
    assert!(log.exists());
    assert!(
        stderr(&output).contains(&format!(
            "cannot open it: {} could not open it (exit status: 3)",
            winddown::opener::opener_name()
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_page_never_replaces_winddowns_own_files() {
    let home = home_with_diary();
    let database = home.path().join("winddown.db");
    let before = fs::read(&database).expect("database");
    let output = winddown(
        home.path(),
        None,
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
        None,
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

#[test]
fn an_opener_still_running_is_left_to_show_the_page() {
    // Where no desktop is found, xdg-open runs the browser itself and returns
    // when it closes: winddown must neither wait for that nor close it.
    let home = home_with_diary();
    let alive = home.path().join("still here");
    let (folder, log) = opener_doing(&format!(
        "PATH=/usr/bin:/bin; sleep 6; touch '{}'",
        alive.display()
    ));
    let page = home.path().join("report.html");
    let started = std::time::Instant::now();
    // Waited for by its status: the opener, left running, keeps winddown's
    // standard error open, as a browser started from a shell would.
    let status = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home.path())
        .env("PATH", folder.path())
        .args(["report", "--format", "html", "--out"])
        .arg(&page)
        .arg("--open")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run winddown");
    let waited = started.elapsed();
    assert!(status.success());
    assert!(log.exists(), "the opener was started");
    assert!(
        waited >= winddown::opener::ANSWER_WITHIN && waited < std::time::Duration::from_secs(6),
        "waited {waited:?}"
    );
    assert!(!alive.exists());
    // The stand-in goes on after winddown has left, and finishes.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !alive.exists() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(alive.exists(), "the opener was stopped");
}
