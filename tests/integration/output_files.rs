//! Files winddown writes for the user (`export --out` here) never destroy a file
//! that is not theirs: a bystander named like a temporary file, the link a
//! symlink is, a FIFO or a device node.

use crate::support;

use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, symlink};
use std::path::Path;
use std::process::{Command, Output};

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

/// The names in `folder`, sorted.
fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_bystander_named_like_the_old_temporary_file_survives() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    fs::write(out.path().join("keep.partial"), "hi\n").expect("bystander");
    let target = out.path().join("keep.csv");
    let output = winddown(
        home.path(),
        &["export", "--out", target.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(out.path().join("keep.partial")).expect("still there"),
        "hi\n"
    );
    assert!(
        fs::read_to_string(&target)
            .expect("export")
            .starts_with("kind,night")
    );
    assert_eq!(names_in(out.path()), ["keep.csv", "keep.partial"]);
}

#[test]
fn a_symlink_stays_a_link_and_the_file_it_points_to_gets_the_export() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    let real_folder = out.path().join("real");
    fs::create_dir(&real_folder).expect("folder");
    let real = real_folder.join("history.json");
    fs::write(&real, "old").expect("old export");
    let link = out.path().join("latest.json");
    symlink(&real, &link).expect("link");

    let output = winddown(
        home.path(),
        &[
            "export",
            "--format",
            "json",
            "--out",
            link.to_str().expect("utf-8"),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let link_meta = fs::symlink_metadata(&link).expect("link");
    assert!(link_meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(fs::read_link(&link).expect("link"), real);
    assert!(
        fs::read_to_string(&real)
            .expect("real")
            .contains("format_version")
    );
    assert_eq!(
        names_in(&real_folder),
        ["history.json"],
        "no temporary left"
    );
}

#[test]
fn a_dangling_symlink_creates_the_file_it_names() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    let real = out.path().join("not-yet.csv");
    let link = out.path().join("link.csv");
    symlink("not-yet.csv", &link).expect("relative link");
    let output = winddown(
        home.path(),
        &["export", "--out", link.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .expect("created")
            .starts_with("kind,night")
    );
}

#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    let fifo = out.path().join("pipe.csv");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    // The reader is a thread: opening a FIFO for reading waits for the writer.
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        fs::File::open(&reader_path)
            .expect("open fifo")
            .read_to_string(&mut text)
            .expect("read fifo");
        text
    });
    let output = winddown(
        home.path(),
        &["export", "--out", fifo.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // Checked before waiting for the reader, which would wait forever on a replaced FIFO.
    let meta = fs::symlink_metadata(&fifo).expect("fifo");
    assert!(
        meta.file_type().is_fifo(),
        "the FIFO was replaced by a file"
    );
    assert_eq!(names_in(out.path()), ["pipe.csv"]);
    let text = reader.join().expect("reader");
    assert!(text.starts_with("kind,night"), "{text:?}");
}

#[test]
fn a_full_device_reports_the_error_and_stays_a_device() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    // A private copy of /dev/full (character device 1,7): only root can make one,
    // and only root could have replaced the real one.
    let device = out.path().join("full");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "7"])
        .status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("skipped: making a device node needs root (and mknod)");
        return;
    }
    let output = winddown(
        home.path(),
        &["export", "--out", device.to_str().expect("utf-8")],
    );
    assert!(
        !output.status.success(),
        "writing to a full device must fail"
    );
    let message = stderr(&output);
    assert!(
        message.contains(device.to_str().expect("utf-8")),
        "{message}"
    );
    assert!(message.contains("No space left"), "{message}");
    let meta = fs::symlink_metadata(&device).expect("device");
    assert!(
        meta.file_type().is_char_device(),
        "the device node was replaced"
    );
    assert_eq!(names_in(out.path()), ["full"], "no temporary left");
}

#[test]
fn a_dash_writes_to_standard_output() {
    let home = tempfile::tempdir().expect("home");
    let output = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .env("WINDDOWN_HOME", home.path())
        .current_dir(home.path())
        .args(["export", "--out", "-"])
        .output()
        .expect("run");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("kind,night"));
    assert!(!home.path().join("-").exists(), "no file named '-'");
}

#[test]
fn a_folder_as_the_target_is_refused_and_left_alone() {
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    let folder = out.path().join("exports");
    fs::create_dir(&folder).expect("folder");
    let output = winddown(
        home.path(),
        &["export", "--out", folder.to_str().expect("utf-8")],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is a folder"),
        "{}",
        stderr(&output)
    );
    assert!(folder.is_dir());
    assert_eq!(names_in(out.path()), ["exports"]);
}

#[test]
fn replacing_a_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("home");
    let out = tempfile::tempdir().expect("out");
    let target = out.path().join("history.csv");
    fs::write(&target, "old").expect("old");
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).expect("chmod");
    let output = winddown(
        home.path(),
        &["export", "--out", target.to_str().expect("utf-8")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = fs::metadata(&target).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

// ---- winddown's own files are never an output target ----

/// A home with a history: one check-in, so the database exists and holds a row.
fn home_with_history() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("home");
    let output = winddown(home.path(), &["checkin", "--cramps", "1", "--note", "kept"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(home.path().join("winddown.db").is_file());
    home
}

/// The history still reads back: `export --format json` holds the check-in's note.
fn assert_history_intact(home: &Path) {
    let output = winddown(home, &["export", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("\"note\": \"kept\""), "{text}");
}

/// `winddown ARGS` with `target` as the last argument is refused, saying which of
/// winddown's files it is, and leaves the history as it was.
fn assert_refused(home: &Path, args: &[&str], target: &Path, what: &str) {
    let before = fs::read(home.join("winddown.db")).expect("database");
    let existed = fs::symlink_metadata(target).is_ok();
    let mut all: Vec<&str> = args.to_vec();
    all.push(target.to_str().expect("utf-8"));
    let output = winddown(home, &all);
    let message = stderr(&output);
    assert!(!output.status.success(), "{all:?} was allowed: {message}");
    assert!(message.contains(what), "{all:?}: {message}");
    assert_eq!(
        fs::read(home.join("winddown.db")).expect("database"),
        before,
        "{all:?} changed the database"
    );
    // Reading the history may create SQLite's own -wal and -shm, never an export there.
    let now = fs::read(target).unwrap_or_default();
    assert!(
        existed || !now.starts_with(b"kind,night"),
        "{all:?} wrote the target"
    );
    assert_history_intact(home);
}

#[test]
fn export_onto_the_database_is_refused_and_names_it() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    for format in ["csv", "json"] {
        assert_refused(
            home.path(),
            &["export", "--format", format, "--out"],
            &database,
            &format!("{} is winddown's history database", database.display()),
        );
    }
}

#[test]
fn export_through_dot_dot_a_symlink_or_a_hard_link_is_refused() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    let name = home
        .path()
        .file_name()
        .expect("name")
        .to_str()
        .expect("utf-8");
    let dotted = home
        .path()
        .join("..")
        .join(name)
        .join(".")
        .join("winddown.db");
    assert_refused(
        home.path(),
        &["export", "--out"],
        &dotted,
        "history database",
    );

    let elsewhere = tempfile::tempdir().expect("elsewhere");
    let link = elsewhere.path().join("history.csv");
    symlink(&database, &link).expect("symlink");
    assert_refused(home.path(), &["export", "--out"], &link, "history database");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );

    let folder_link = elsewhere.path().join("home");
    symlink(home.path(), &folder_link).expect("folder symlink");
    assert_refused(
        home.path(),
        &["export", "--out"],
        &folder_link.join("winddown.db"),
        "history database",
    );

    let hard = home.path().join("hard.csv");
    fs::hard_link(&database, &hard).expect("hard link");
    assert_refused(home.path(), &["export", "--out"], &hard, "history database");
}

#[test]
fn export_onto_the_logs_lock_and_recovery_file_is_refused() {
    let home = home_with_history();
    // Names that do not exist now are refused too: the app creates them when it runs.
    for (name, what) in [
        ("winddown.db-wal", "write-ahead log"),
        ("winddown.db-shm", "shared-memory index"),
        ("winddown.db-journal", "rollback journal"),
        ("winddown.lock", "lock file"),
        ("remind.lock", "lock file"),
        ("winddown-unsaved-2026-01-05.json", "unsaved progress"),
        ("remind.log", "reminder log"),
        ("config.toml", "settings"),
    ] {
        let target = home.path().join(name);
        assert_refused(home.path(), &["export", "--out"], &target, what);
    }
    // An existing routine file, and one the app would list.
    fs::create_dir_all(home.path().join("routines")).expect("routines");
    let routine = home.path().join("routines").join("mine.toml");
    fs::write(&routine, "name = \"Mine\"\n").expect("routine");
    assert_refused(home.path(), &["export", "--out"], &routine, "routine file");
    assert_eq!(
        fs::read_to_string(&routine).expect("routine"),
        "name = \"Mine\"\n"
    );
}

#[test]
fn backup_force_onto_the_database_or_its_log_is_refused() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    assert_refused(
        home.path(),
        &["backup", "--force"],
        &database,
        "history database",
    );
    assert_refused(
        home.path(),
        &["backup", "--force"],
        &home.path().join("winddown.db-wal"),
        "write-ahead log",
    );
    assert_refused(home.path(), &["backup"], &database, "history database");
}

#[test]
fn import_refuses_the_database_as_its_input() {
    let home = home_with_history();
    let database = home.path().join("winddown.db");
    assert_refused(home.path(), &["import"], &database, "history database");
    let link = home.path().join("export.json");
    symlink(&database, &link).expect("symlink");
    assert_refused(home.path(), &["import"], &link, "history database");
}

#[test]
fn export_onto_the_database_of_a_running_app_is_refused_and_the_night_is_kept() {
    use std::time::Duration;
    let patience = Duration::from_secs(15);
    let home = tempfile::tempdir().expect("home");
    let mut app =
        support::pty::PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Press Enter when done", patience);
    app.send("\r");
    app.wait_for("Short hold", patience);
    // The app holds the database, its -wal and -shm and the lock open now.
    for name in [
        "winddown.db",
        "winddown.db-wal",
        "winddown.db-shm",
        "winddown.lock",
    ] {
        let target = home.path().join(name);
        let output = winddown(
            home.path(),
            &["export", "--out", target.to_str().expect("utf-8")],
        );
        assert!(!output.status.success(), "export onto {name} was allowed");
        assert!(
            stderr(&output).contains("winddown's"),
            "{}",
            stderr(&output)
        );
    }
    app.wait_for("[ ] Covers loose", patience);
    app.send(" j \r");
    app.wait_for("done for tonight", patience);
    app.send("q");
    assert_eq!(app.wait_exit(patience), 0);
    app.wait_for("3 of 3 steps done tonight. Sleep well.", patience);
    let output = winddown(home.path(), &["export", "--format", "json"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("\"outcome\": \"completed\""), "{text}");
}

#[test]
fn man_pages_never_write_through_a_link_to_the_database() {
    let home = home_with_history();
    let pages = tempfile::tempdir().expect("pages");
    let link = pages.path().join("winddown-status.1");
    symlink(home.path().join("winddown.db"), &link).expect("symlink");
    assert_refused(
        home.path(),
        &["man", "--dir"],
        pages.path(),
        &format!(
            "{} is {}",
            link.display(),
            home.path().join("winddown.db").display()
        ),
    );
}

/// A small file system of its own (tmpfs), unmounted however the test ends.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    /// Mounts 400 KB at a new folder in `parent`; `None` without the right to mount.
    fn mount(parent: &Path) -> Option<SmallDisk> {
        let point = parent.join("small");
        fs::create_dir(&point).ok()?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
            .arg(&point)
            .output()
            .ok()?;
        mounted.status.success().then_some(SmallDisk(point))
    }

    /// Fills what room is left.
    fn fill(&self) {
        let mut filler = fs::File::create(self.0.join("filler")).expect("filler");
        let block = vec![0u8; 4096];
        while std::io::Write::write_all(&mut filler, &block).is_ok() {}
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn on_a_full_disk_export_says_the_disk_is_full_and_where() {
    let outside = tempfile::tempdir().expect("outside");
    let Some(disk) = SmallDisk::mount(outside.path()) else {
        println!("skipped: mounting a small tmpfs needs root");
        return;
    };
    let home = disk.0.join("home");
    let output = winddown(&home, &["checkin", "--cramps", "1", "--note", "kept"]);
    assert!(output.status.success(), "{}", stderr(&output));
    disk.fill();
    // The history's own disk is full: even reading it needs room beside it.
    let output = winddown(&home, &["export", "--format", "json"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("the disk holding {} is full", home.display())),
        "{message}"
    );
    assert!(!message.contains("disk I/O error"), "{message}");
    // The export's target on the full disk, the history elsewhere.
    let elsewhere = home_with_history();
    let target = disk.0.join("export.json");
    let output = winddown(
        elsewhere.path(),
        &[
            "export",
            "--format",
            "json",
            "--out",
            target.to_str().expect("utf-8"),
        ],
    );
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("the disk holding {} is full", disk.0.display())),
        "{message}"
    );
    assert!(!target.exists());
    let copy = disk.0.join("copy.db");
    let output = winddown(elsewhere.path(), &["backup", copy.to_str().expect("utf-8")]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!("the disk holding {} is full", disk.0.display())),
        "{message}"
    );
    assert!(!copy.exists());
}

#[test]
fn a_missing_folder_is_named_with_the_users_path_never_a_temporary_one() {
    let home = home_with_history();
    for args in [&["backup"][..], &["export", "--out"]] {
        let target = home.path().join("missing/dir/x.db");
        let mut all = args.to_vec();
        all.push(target.to_str().expect("utf-8"));
        let output = winddown(home.path(), &all);
        assert!(!output.status.success());
        let message = stderr(&output);
        assert_eq!(
            message.trim_end(),
            format!(
                "winddown: error: cannot write {}: the folder {} does not exist",
                target.display(),
                home.path().join("missing/dir").display()
            ),
            "{all:?}"
        );
    }
}
