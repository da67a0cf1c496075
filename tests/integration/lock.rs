//! One interactive winddown per data folder: the second is told the first's pid,
//! and a killed instance never leaves a stale lock behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use std::sync::Mutex;

use tempfile::TempDir;
use winddown::store::{InstanceLock, LockError};

/// A child forked by one test briefly holds copies of every open file, the other
/// test's lock included, until it execs; so these tests never overlap.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The lock on `folder` once it is free again. Tests of other modules run in this
/// process and fork children too: for the moment between a fork and its exec the
/// child holds a copy of every open file, a just-dropped lock included. So a
/// re-acquire may wait that moment out, never longer than a second.
fn acquire_when_free(folder: &Path) -> InstanceLock {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
    loop {
        match InstanceLock::acquire(folder) {
            Err(LockError::AlreadyRunning { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            result => return result.expect("free after drop"),
        }
    }
}

#[test]
fn second_acquire_fails_with_the_first_pid_until_the_first_is_dropped() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = TempDir::new().expect("tempdir");
    let data = dir.path().join("data");
    let first = InstanceLock::acquire(&data).expect("first");
    assert_eq!(first.path(), data.join("winddown.lock"));
    match InstanceLock::acquire(&data) {
        Err(LockError::AlreadyRunning { pid }) => assert_eq!(pid, Some(std::process::id())),
        other => panic!("expected AlreadyRunning, got {other:?}"),
    }
    let message = InstanceLock::acquire(&data).expect_err("held").to_string();
    assert_eq!(
        message,
        format!("winddown is already running (pid {})", std::process::id())
    );
    drop(first);
    let again = acquire_when_free(&data);
    drop(again);
}

#[test]
fn a_longer_earlier_lock_file_is_overwritten_whole() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.lock");
    std::fs::write(
        &path,
        "4194303\nleft by something else, longer than a pid\n",
    )
    .expect("old lock");
    let lock = InstanceLock::acquire(dir.path()).expect("lock");
    let text = std::fs::read_to_string(&path).expect("read lock");
    assert_eq!(text.trim(), std::process::id().to_string());
    match InstanceLock::acquire(dir.path()) {
        Err(LockError::AlreadyRunning { pid }) => assert_eq!(pid, Some(std::process::id())),
        other => panic!("expected AlreadyRunning, got {other:?}"),
    }
    drop(lock);
}

#[test]
fn asking_who_holds_the_lock_takes_nothing_and_writes_nothing() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = TempDir::new().expect("tempdir");
    let data = dir.path().join("data");
    // No lock file yet: nobody, and none is made.
    assert_eq!(InstanceLock::holder(&data), None);
    assert!(!data.join("winddown.lock").exists());
    let held = InstanceLock::acquire(&data).expect("first");
    assert_eq!(InstanceLock::holder(&data), Some(Some(std::process::id())));
    drop(held);
    let again = acquire_when_free(&data);
    drop(again);
    assert_eq!(InstanceLock::holder(&data), None, "given back at once");
    // And right after asking, the lock is there to take.
    let taken = acquire_when_free(&data);
    drop(taken);
}

/// Env var naming the folder the child process locks.
const CHILD_DIR: &str = "WINDDOWN_TEST_LOCK_CHILD_DIR";

/// Not a test of its own: the child half of the kill test, run in a subprocess.
#[test]
#[ignore = "run as a subprocess by lock_is_released_when_the_holder_is_killed"]
fn child_holds_the_lock_until_killed() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let _lock = InstanceLock::acquire(Path::new(&dir)).expect("child lock");
    println!("locked");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn lock_is_released_when_the_holder_is_killed() {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = TempDir::new().expect("tempdir");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "lock::child_holds_the_lock_until_killed",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("child stdout");
    let locked = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("locked"));
    assert!(locked, "the child took the lock");

    match InstanceLock::acquire(dir.path()) {
        Err(LockError::AlreadyRunning { pid }) => assert_eq!(pid, Some(child.id())),
        other => panic!("expected AlreadyRunning, got {other:?}"),
    }
    // Child::kill is SIGKILL on Unix: no destructor runs in the child.
    child.kill().expect("kill");
    child.wait().expect("reap");
    InstanceLock::acquire(dir.path()).expect("the OS released the lock");
}
