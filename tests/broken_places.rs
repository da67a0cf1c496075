//! Closed pipes and places winddown cannot write: every command ends quietly
//! when its reader goes away, and says which file and why when it cannot write.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

const COMMANDS: [&str; 9] = [
    "list", "history", "stats", "export", "report", "schema", "status", "insights", "check",
];

fn winddown(home: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_winddown"));
    command.arg("--home").arg(home).stdin(Stdio::null());
    command
}

/// A quiet end: success, or the default death by SIGPIPE that `cat` and `ls` die;
/// never a panic (exit 101) or an error exit.
fn assert_quiet(what: &str, status: ExitStatus) {
    assert!(
        status.success() || status.signal() == Some(libc::SIGPIPE),
        "{what} ended with {status:?}"
    );
}

/// A home with a night of history and a broken config.toml, so that commands
/// write to stderr as well as stdout.
fn home_with_a_broken_config() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    let checkin = winddown(home.path())
        .args(["checkin", "--cramps", "1"])
        .output()
        .expect("checkin");
    assert!(checkin.status.success(), "{checkin:?}");
    std::fs::write(home.path().join("config.toml"), "bell = maybe\n").expect("config");
    home
}

#[test]
fn both_streams_into_a_closed_pipe() {
    // `winddown COMMAND 2>&1 | true`
    let home = home_with_a_broken_config();
    for command in COMMANDS {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let status = winddown(home.path())
            .arg(command)
            .stdout(writer.try_clone().expect("clone"))
            .stderr(writer)
            .status()
            .expect("run");
        assert_quiet(command, status);
    }
}

#[test]
fn stdout_into_a_closed_pipe_says_nothing_on_stderr() {
    // `winddown COMMAND | true`, with stderr kept to read.
    let home = home_with_a_broken_config();
    std::fs::remove_file(home.path().join("config.toml")).expect("fix config");
    for command in COMMANDS {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = winddown(home.path())
            .arg(command)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("run");
        assert_quiet(command, output.status);
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "{command} complained"
        );
    }
}

#[test]
fn the_first_line_of_a_broken_config_and_then_a_closed_pipe() {
    // `winddown list 2>&1 | head -1`: the config's diagnostic is read, then the pipe closes.
    let home = home_with_a_broken_config();
    let mut child = winddown(home.path())
        .arg("list")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run");
    let mut stderr = child.stderr.take().expect("stderr");
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stderr, &mut first).expect("a first byte");
    drop(stderr);
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    assert_quiet("list", status);
}

#[test]
fn the_app_refusing_a_pipe_stays_quiet_on_a_closed_one() {
    // `winddown 2>&1 | true`: not a terminal, and nowhere to say so.
    let home = home_with_a_broken_config();
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let status = winddown(home.path())
        .stdout(writer.try_clone().expect("clone"))
        .stderr(writer)
        .status()
        .expect("run");
    assert_ne!(status.code(), Some(101), "panicked");
    assert_eq!(
        status.code(),
        Some(2),
        "the not-a-terminal exit, {status:?}"
    );
}
