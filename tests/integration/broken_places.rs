//! Closed pipes and places winddown cannot write: every command ends quietly
//! when its reader goes away, and says which file and why when it cannot write.

use crate::support;

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

/// Sets the immutable attribute on a path for as long as it lives.
///
/// The tests run as root, and root writes through permission bits, so
/// `chmod a-w` would prove nothing. The kernel refuses root too for an
/// immutable file or folder (EPERM), as it refuses a user a folder without
/// write permission (EACCES) or a read-only mount (EROFS): winddown asks the
/// kernel (access(2)) rather than reading mode bits, so this exercises the
/// same path. Without `chattr` (or on a file system without the attribute)
/// the test says so and checks nothing.
struct Immutable(std::path::PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        match Command::new("chattr").arg("+i").arg(path).output() {
            Ok(output) if output.status.success() => Some(Immutable(path.to_path_buf())),
            Ok(output) => {
                eprintln!(
                    "skipped: chattr +i failed here: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                );
                None
            }
            Err(err) => {
                eprintln!("skipped: no chattr to make a folder read-only even for root: {err}");
                None
            }
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// A home with one completed check-in night and one rest night.
fn home_with_history() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    let checkin = winddown(home.path())
        .args(["checkin", "--cramps", "2", "--note", "left calf"])
        .output()
        .expect("checkin");
    assert!(checkin.status.success(), "{checkin:?}");
    home
}

const READERS: [&str; 6] = ["history", "status", "stats", "export", "report", "insights"];

fn assert_readers_work(home: &Path) {
    for command in READERS {
        let output = winddown(home).arg(command).output().expect("run");
        assert_eq!(output.status.code(), Some(0), "{command}: {output:?}");
        assert!(output.stderr.is_empty(), "{command}: {output:?}");
    }
    let history = winddown(home).arg("history").output().expect("history");
    assert!(!history.stdout.is_empty(), "{history:?}");
}

#[test]
fn a_read_only_home_folder_still_reads_and_writers_say_why() {
    let home = home_with_history();
    let Some(_frozen) = Immutable::set(home.path()) else {
        return;
    };
    assert_readers_work(home.path());
    let database = home.path().join("winddown.db");
    let checkin = winddown(home.path())
        .args(["checkin", "--cramps", "1"])
        .output()
        .expect("checkin");
    assert_eq!(checkin.status.code(), Some(1), "{checkin:?}");
    assert_eq!(
        String::from_utf8_lossy(&checkin.stderr),
        format!(
            "winddown: error: cannot write to {}: the folder is read-only\n",
            database.display()
        )
    );
}

#[test]
fn the_app_in_a_read_only_home_says_which_file_and_why() {
    let home = home_with_history();
    let Some(_frozen) = Immutable::set(home.path()) else {
        return;
    };
    let mut app = support::pty::PtyApp::spawn(&[], home.path(), 100, 10);
    // The screen is read by another thread: wait for the last line before the exit.
    app.wait_for("read-only", std::time::Duration::from_secs(30));
    let code = app.wait_exit(std::time::Duration::from_secs(30));
    let screen = app
        .contents()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(code, 1, "{screen}");
    let database = home.path().join("winddown.db");
    assert!(
        screen.contains(&format!(
            "winddown: error: cannot write to {}: the folder is read-only",
            database.display()
        )),
        "{screen}"
    );
}

#[test]
fn a_read_only_database_file_still_reads_and_writers_say_why() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    let Some(_frozen) = Immutable::set(&database) else {
        return;
    };
    assert_readers_work(home.path());
    let checkin = winddown(home.path())
        .args(["checkin", "--cramps", "1"])
        .output()
        .expect("checkin");
    assert_eq!(checkin.status.code(), Some(1), "{checkin:?}");
    assert_eq!(
        String::from_utf8_lossy(&checkin.stderr),
        format!(
            "winddown: error: cannot write to {}: the file is read-only\n",
            database.display()
        )
    );
}

#[test]
fn a_damaged_page_names_the_file() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    // The schema stays readable (it may outgrow page 1); every table's root page is garbage.
    let roots: Vec<u32> = rusqlite::Connection::open(&database)
        .expect("open")
        .prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND rootpage > 1")
        .expect("schema")
        .query_map([], |row| row.get(0))
        .expect("roots")
        .collect::<Result<_, _>>()
        .expect("root pages");
    let mut bytes = std::fs::read(&database).expect("read");
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(
        !roots.is_empty() && bytes.len() > 2 * page,
        "more than one page"
    );
    for root in roots {
        let root = root as usize;
        bytes[(root - 1) * page..root * page].fill(0xA5);
    }
    std::fs::write(&database, bytes).expect("damage");
    let output = winddown(home.path())
        .arg("history")
        .output()
        .expect("history");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&database.display().to_string()), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn an_unknown_schema_version_gets_a_short_message() {
    for version in [-1, 0] {
        let home = home_with_history();
        let database = home.path().join("winddown.db");
        let conn = rusqlite::Connection::open(&database).expect("open");
        conn.pragma_update(None, "user_version", version)
            .expect("version");
        drop(conn);
        let before = std::fs::read(&database).expect("read");
        for args in [&["history"][..], &["checkin", "--cramps", "1"]] {
            let output = winddown(home.path()).args(args).output().expect("run");
            assert_eq!(output.status.code(), Some(1), "{output:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(
                stderr.contains(&format!(
                    "{} has schema version {version}, which does not match its tables",
                    database.display()
                )),
                "{stderr}"
            );
        }
        assert_eq!(
            std::fs::read(&database).expect("read"),
            before,
            "left as it was"
        );
    }
}

#[test]
fn list_in_a_read_only_home_shows_the_built_in_routines_and_writers_say_why() {
    let home = tempfile::tempdir().expect("home");
    let Some(_frozen) = Immutable::set(home.path()) else {
        return;
    };
    let list = winddown(home.path()).arg("list").output().expect("list");
    assert_eq!(list.status.code(), Some(0), "{list:?}");
    assert!(list.stderr.is_empty(), "{list:?}");
    let shown = String::from_utf8_lossy(&list.stdout);
    let folder = home.path().join("routines");
    let mut lines = shown.lines();
    assert_eq!(
        lines.next(),
        Some(
            format!(
                "Routines built into winddown (cannot create the routine folder {}: {} is read-only):",
                folder.display(),
                home.path().display()
            )
            .as_str()
        ),
        "{shown}"
    );
    let rows: Vec<Vec<&str>> = lines
        .filter(|line| !line.is_empty() && !line.starts_with("Cramp SOS relief steps"))
        .map(|line| {
            line.split("  ")
                .map(str::trim)
                .filter(|cell| !cell.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(rows[0], ["NAME", "FILE", "STEPS", "TIME", "STATUS"]);
    // The evening routines, then the relief steps under their own heading.
    assert_eq!(rows[3], ["NAME", "FILE", "STEPS", "TIME", "STATUS"]);
    let files: Vec<&str> = [&rows[1], &rows[2], &rows[4]]
        .iter()
        .map(|row| row[1])
        .collect();
    assert_eq!(
        files,
        [
            "leg-cramps (built in)",
            "quick (built in)",
            "sos (built in)"
        ]
    );
    assert!(
        [&rows[1], &rows[2], &rows[4]]
            .iter()
            .all(|row| row[4] == "valid"),
        "{shown}"
    );

    for args in [&["init"][..], &["new", "mine"]] {
        let output = winddown(home.path()).args(args).output().expect("writer");
        assert_eq!(output.status.code(), Some(1), "{args:?}: {output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "winddown: error: cannot create the routine folder {}: {} is read-only\n",
                folder.display(),
                home.path().display()
            ),
            "{args:?}"
        );
    }
}

#[test]
fn new_in_a_read_only_routine_folder_says_which_file_and_why() {
    let home = tempfile::tempdir().expect("home");
    let init = winddown(home.path()).arg("init").output().expect("init");
    assert!(init.status.success(), "{init:?}");
    let folder = home.path().join("routines");
    let Some(_frozen) = Immutable::set(&folder) else {
        return;
    };
    let list = winddown(home.path()).arg("list").output().expect("list");
    assert_eq!(list.status.code(), Some(0), "{list:?}");
    let output = winddown(home.path())
        .args(["new", "mine"])
        .output()
        .expect("new");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "winddown: error: cannot write {}: {} is read-only\n",
            folder.join("mine.toml").display(),
            folder.display()
        )
    );
}
