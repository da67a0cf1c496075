//! Calls to what lies outside winddown (the desktop's notification tool, a
//! speech command) that must not hang it: each gets a deadline, after which the
//! caller goes on and can say that the call did not answer.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How often a running program is looked at while waiting for it.
const POLL: Duration = Duration::from_millis(10);

/// The most of a program's error output read for its first line.
const STDERR_KEPT: usize = 4096;

/// How another program's run ended.
#[derive(Debug)]
pub enum Ran {
    /// It ended by itself: its status, and the first line of its error output.
    Exited(ExitStatus, String),
    /// It was still running at the deadline: it, and what it started, were stopped.
    TimedOut,
    /// It could not be started (not installed, not executable).
    NotStarted(io::Error),
}

/// Runs `command` with nothing on its input and its output thrown away, waiting
/// for it at most `limit`; a program still running then is stopped, with
/// everything it started (on Unix it leads a process group of its own), and reaped.
pub fn run(command: &mut Command, limit: Duration) -> Ran {
    own_group(command);
    let spawned = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(err) => return Ran::NotStarted(err),
    };
    let deadline = Instant::now() + limit;
    // The error output is read as it comes, so a chatty program never blocks on
    // a full pipe while it is waited for.
    let (sender, said) = mpsc::channel();
    if let Some(mut pipe) = child.stderr.take() {
        thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buf = [0u8; 1024];
            while let Ok(read) = pipe.read(&mut buf) {
                if read == 0 {
                    break;
                }
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..read.min(room)]);
            }
            let _ = sender.send(kept);
        });
    }
    match wait_until(&mut child, deadline) {
        None => Ran::TimedOut,
        Some(status) => {
            // Something the program started may still hold its error output open:
            // what it said is waited for only until the deadline.
            let left = deadline.saturating_duration_since(Instant::now());
            let said = said.recv_timeout(left).unwrap_or_default();
            let first = String::from_utf8_lossy(&said)
                .lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .unwrap_or_default()
                .to_string();
            Ran::Exited(status, first)
        }
    }
}

/// The child's exit status, or `None` when it was still running at `deadline`
/// (or could not be waited for) and has been stopped.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => {
                thread::sleep(POLL.min(deadline.saturating_duration_since(Instant::now())));
            }
            _ => {
                // It may have ended just now; either way it is reaped here.
                stop(child);
                let _ = child.wait();
                return None;
            }
        }
    }
}

#[cfg(unix)]
fn own_group(command: &mut Command) {
    use std::os::unix::process::CommandExt as _;
    command.process_group(0);
}

/// Windows has no process groups to stop at once; the program itself is stopped.
#[cfg(not(unix))]
fn own_group(_: &mut Command) {}

#[cfg(unix)]
fn stop(child: &mut Child) {
    match i32::try_from(child.id()) {
        // SAFETY: kill(2) with a negative pid signals that process group, which
        // `own_group` made the child's own; it touches no memory of ours.
        Ok(group) => unsafe {
            libc::kill(-group, libc::SIGKILL);
        },
        Err(_) => {
            let _ = child.kill();
        }
    }
}

#[cfg(not(unix))]
fn stop(child: &mut Child) {
    let _ = child.kill();
}

/// A program left running in the background (a spoken cue) in a process group of
/// its own: stopping it, or dropping this, stops it with everything it started,
/// so none outlives its owner.
#[derive(Debug)]
pub struct Background(Child);

impl Background {
    /// Starts `command` with nothing on its input and its output thrown away.
    pub fn start(command: &mut Command) -> io::Result<Background> {
        own_group(command);
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Background)
    }

    /// Its process id, which is also its process group's on Unix.
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// Stops it (and what it started) if it is still running, and reaps it.
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            stop(&mut self.0);
        }
        let _ = self.0.wait();
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Stops the process group `group` (a [`Background`]'s id) without waiting: for a
/// panic hook, just before the process aborts and nothing is dropped.
pub fn stop_group_now(group: u32) {
    #[cfg(unix)]
    if let Ok(group) = i32::try_from(group)
        && group > 0
    {
        // SAFETY: kill(2) with a negative pid signals that process group; it
        // touches no memory of ours.
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = group;
}

#[cfg(all(test, unix))]
mod program_tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn a_program_that_ends_gives_its_status_and_the_first_line_it_said() {
        let ran = run(
            &mut sh("echo >&2; echo 'no bus' >&2; echo more >&2; exit 3"),
            Duration::from_secs(30),
        );
        let Ran::Exited(status, said) = ran else {
            panic!("not exited: {ran:?}");
        };
        assert_eq!(status.code(), Some(3));
        assert_eq!(said, "no bus");
        assert!(
            matches!(run(&mut sh("exit 0"), Duration::from_secs(30)), Ran::Exited(status, _) if status.success())
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_program_still_running_at_the_deadline_is_stopped_with_what_it_started() {
        let folder = tempfile::tempdir().expect("temp dir");
        let pid_file = folder.path().join("pid");
        // The shell starts a sleep of its own and writes down its pid.
        let script = format!("sleep 30 & echo $! > '{}'; wait", pid_file.display());
        let started = Instant::now();
        let ran = run(&mut sh(&script), Duration::from_millis(300));
        assert!(matches!(ran, Ran::TimedOut), "{ran:?}");
        // The deadline, not the sleep: well under it, whatever the machine's load.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{:?}",
            started.elapsed()
        );
        let pid: i32 = std::fs::read_to_string(&pid_file)
            .expect("pid written")
            .trim()
            .parse()
            .expect("a pid");
        // The sleep was stopped too.
        assert!(ends_soon(pid), "the sleep {pid} outlived the deadline");
    }

    /// Whether process `pid` is gone (or a zombie waiting for init to reap it)
    /// within five seconds.
    #[cfg(target_os = "linux")]
    fn ends_soon(pid: impl std::fmt::Display) -> bool {
        (0..250).any(|_| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let state = stat
                .rsplit(')')
                .next()
                .and_then(|rest| rest.split_whitespace().next());
            let alive = !matches!(state, None | Some("Z"));
            if alive {
                thread::sleep(Duration::from_millis(20));
            }
            !alive
        })
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_background_program_is_stopped_with_what_it_started_when_dropped() {
        let folder = tempfile::tempdir().expect("temp dir");
        let pid_file = folder.path().join("pid");
        let script = format!("sleep 30 & echo $! > '{}'; wait", pid_file.display());
        let background = Background::start(&mut sh(&script)).expect("started");
        let pid = (0..500)
            .find_map(|_| {
                let text = std::fs::read_to_string(&pid_file).unwrap_or_default();
                let pid = text.trim().parse::<u32>().ok();
                if pid.is_none() {
                    thread::sleep(Duration::from_millis(10));
                }
                pid
            })
            .expect("pid written");
        drop(background);
        assert!(ends_soon(pid), "the sleep {pid} outlived its Background");
    }

    #[test]
    fn a_program_that_is_not_there_is_not_started() {
        let ran = run(
            &mut Command::new("/nonexistent/notify-send"),
            Duration::from_secs(1),
        );
        assert!(matches!(ran, Ran::NotStarted(_)), "{ran:?}");
    }

    #[test]
    fn lots_of_error_output_never_blocks_the_wait() {
        // 1 MB on stderr would fill a pipe nobody reads many times over.
        let ran = run(
            &mut sh("head -c 1000000 /dev/zero | tr '\\0' x >&2; exit 1"),
            Duration::from_secs(30),
        );
        let Ran::Exited(status, said) = ran else {
            panic!("not exited: {ran:?}");
        };
        assert_eq!(status.code(), Some(1));
        assert_eq!(said.len(), STDERR_KEPT);
    }
}
