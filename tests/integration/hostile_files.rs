//! Hostile files in the routine folder or on the command line: a FIFO, a link
//! to /dev/zero, a huge file. None of them may hang winddown or fill memory.
//!
//! Every command runs under a watchdog: one that has not finished after
//! `HANG` is killed and the test fails saying it hung (the bound is only a
//! guard against a hang, not a measure of speed).

use crate::support;

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::pty::PtyApp;

/// Long enough for any real run on a loaded machine; a hang never ends.
const HANG: Duration = Duration::from_secs(30);

/// Run `winddown --home HOME ARGS` with nothing on stdin; panics when it hangs.
fn winddown(home: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("--home")
        .arg(home)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start winddown");
    let deadline = Instant::now() + HANG;
    while child.try_wait().expect("poll").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("winddown {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn mkfifo(path: &Path) {
    let name = CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    let result = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(result, 0, "mkfifo {}", path.display());
}

/// A home whose routine folder holds the shipped routines, a FIFO `f.toml`,
/// a link `z.toml -> /dev/zero` and a 2 MB `big.toml`.
fn hostile_home() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().expect("home");
    let init = winddown(home.path(), &["init"]);
    assert!(init.status.success(), "{init:?}");
    let folder = home.path().join("routines");
    mkfifo(&folder.join("f.toml"));
    std::os::unix::fs::symlink("/dev/zero", folder.join("z.toml")).expect("symlink");
    let mut big = String::from("name = \"Big\"\n[[step]]\ntitle = \"A\"\n");
    big.push_str(&"# padding\n".repeat(200_000));
    std::fs::write(folder.join("big.toml"), big).expect("big file");
    (home, folder)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_skips_what_is_not_a_regular_file_and_names_the_limit() {
    let (home, folder) = hostile_home();
    let output = winddown(home.path(), &["list"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let list = text(&output.stdout);
    let row = |file: &str| {
        list.lines()
            .find(|line| line.contains(&format!("  {file}  ")))
            .unwrap_or_else(|| panic!("no row for {file}:\n{list}"))
            .to_string()
    };
    let fifo = folder.join("f.toml");
    let zero = folder.join("z.toml");
    let big = folder.join("big.toml");
    assert!(
        row("f.toml").ends_with(&format!(
            "skipped: {} is a FIFO, not a regular file",
            fifo.display()
        )),
        "{list}"
    );
    assert!(
        row("z.toml").ends_with(&format!(
            "skipped: {} is a character device, not a regular file",
            zero.display()
        )),
        "{list}"
    );
    assert!(
        row("big.toml").ends_with(&format!(
            "invalid: {} is larger than 1 MB, the most winddown reads from a routine file",
            big.display()
        )),
        "{list}"
    );
    assert!(row("quick.toml").ends_with("valid"), "{list}");
}

#[test]
fn check_and_run_refuse_explicit_hostile_paths() {
    let (home, folder) = hostile_home();
    for (file, why) in [
        ("f.toml", "is a FIFO, not a regular file"),
        ("z.toml", "is a character device, not a regular file"),
        (
            "big.toml",
            "is larger than 1 MB, the most winddown reads from a routine file",
        ),
    ] {
        let path = folder.join(file);
        let path = path.to_str().expect("UTF-8 path");
        let check = winddown(home.path(), &["check", path]);
        assert_eq!(check.status.code(), Some(1), "{check:?}");
        assert_eq!(text(&check.stderr), format!("error: {path} {why}\n"));
        let run = winddown(home.path(), &["run", path]);
        assert_eq!(run.status.code(), Some(1), "{run:?}");
        assert_eq!(
            text(&run.stderr),
            format!("winddown: error: {path} {why}\n")
        );
        // By name, from the routine folder, the same rules hold.
        let name = file.trim_end_matches(".toml");
        let by_name = winddown(home.path(), &["run", name]);
        assert_eq!(by_name.status.code(), Some(1), "{by_name:?}");
        assert!(
            text(&by_name.stderr).ends_with(&format!("{why}\n")),
            "{by_name:?}"
        );
    }
}

#[test]
fn a_hostile_config_file_is_reported_not_read() {
    let home = tempfile::tempdir().expect("home");
    mkfifo(&home.path().join("config.toml"));
    let output = winddown(home.path(), &["status"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let config = home.path().join("config.toml");
    assert!(
        text(&output.stderr).starts_with(&format!(
            "{} is a FIFO, not a regular file\nwinddown: using the default settings",
            config.display()
        )),
        "{output:?}"
    );
}

#[test]
fn the_app_opens_beside_hostile_files_and_quits_on_q() {
    let (home, _folder) = hostile_home();
    let mut app = PtyApp::spawn(&[], home.path(), 80, 24);
    app.wait_for("Enter start", HANG);
    app.send("q");
    assert_eq!(app.wait_exit(HANG), 0, "{}", app.contents());
}
