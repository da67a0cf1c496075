//! Runs the real binary in a pseudo-terminal and reads its screen back.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long the output must have been quiet before the screen is read: a frame
/// can reach the reader in several pieces, and half a frame is no screen at all.
const SETTLE: Duration = Duration::from_millis(50);

/// The longest wait for the output to go quiet before the screen is read anyway.
const SETTLE_AT_MOST: Duration = Duration::from_millis(200);
/// The longest an exited program's last output is waited for (a program it left
/// running may keep the terminal open; its output is then read as it stands).
const CATCH_UP_AT_MOST: Duration = Duration::from_secs(2);

/// The app under test, its screen as a terminal emulator sees it, and its keyboard.
pub struct PtyApp {
    screen: Arc<Mutex<vt100::Parser>>,
    /// When the program last wrote something.
    last_output: Arc<Mutex<Instant>>,
    /// Every byte the program wrote, in order.
    output: Arc<Mutex<Vec<u8>>>,
    /// The reader met the end of the terminal's output (every writer closed it).
    read_to_end: Arc<AtomicBool>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl PtyApp {
    /// Start `winddown ARGS` in a `cols`×`rows` terminal with `home` as WINDDOWN_HOME.
    pub fn spawn(args: &[&str], home: &Path, cols: u16, rows: u16) -> PtyApp {
        PtyApp::spawn_with_env(args, home, cols, rows, &[])
    }

    /// Like [`PtyApp::spawn`], with extra environment variables.
    pub fn spawn_with_env(
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> PtyApp {
        let program = Path::new(env!("CARGO_BIN_EXE_winddown"));
        PtyApp::start(program, args, home, cols, rows, env)
    }

    /// Start another program (e.g. an example) the same way.
    pub fn spawn_program(
        program: &Path,
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
    ) -> PtyApp {
        PtyApp::start(program, args, home, cols, rows, &[])
    }

    fn start(
        program: &Path,
        args: &[&str],
        home: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> PtyApp {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pseudo-terminal");
        let mut command = CommandBuilder::new(program);
        command.args(args);
        command.env("WINDDOWN_HOME", home);
        command.env("TERM", "xterm-256color");
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("start winddown");
        drop(pair.slave);

        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("read the pty");
        let writer = Arc::new(Mutex::new(
            pair.master.take_writer().expect("write the pty"),
        ));
        let answer = Arc::clone(&writer);
        let parser = Arc::clone(&screen);
        let output = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::clone(&output);
        let last_output = Arc::new(Mutex::new(Instant::now()));
        let wrote_at = Arc::clone(&last_output);
        let read_to_end = Arc::new(AtomicBool::new(false));
        let reader_done = Arc::clone(&read_to_end);
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(read) = reader.read(&mut buf) {
                if read == 0 {
                    break;
                }
                let chunk = &buf[..read];
                // Answer cursor-position queries the way a real terminal would.
                if chunk.windows(4).any(|w| w == b"\x1b[6n") {
                    let _ = answer
                        .lock()
                        .expect("keyboard lock")
                        .write_all(b"\x1b[1;1R");
                }
                // Marked before it is taken in, so a reader waiting for quiet sees it coming.
                *wrote_at.lock().expect("time lock") = Instant::now();
                parser.lock().expect("screen lock").process(chunk);
                written
                    .lock()
                    .expect("output lock")
                    .extend_from_slice(chunk);
            }
            reader_done.store(true, Ordering::Release);
        });
        PtyApp {
            screen,
            last_output,
            output,
            read_to_end,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// The terminal once the program's output has settled, so that a frame is read
    /// whole, never the half of it that has arrived.
    fn settled(&self) -> MutexGuard<'_, vt100::Parser> {
        let give_up = Instant::now() + SETTLE_AT_MOST;
        loop {
            let quiet = self.last_output.lock().expect("time lock").elapsed();
            if quiet >= SETTLE || Instant::now() >= give_up {
                return self.screen.lock().expect("screen lock");
            }
            thread::sleep(SETTLE - quiet);
        }
    }

    /// The visible screen as text.
    pub fn contents(&self) -> String {
        self.settled().screen().contents()
    }

    /// Every byte written so far, as text (lines that scrolled off the screen included).
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().expect("output lock")).into_owned()
    }

    /// Wait until the output so far holds `text`, or fail with the output as it is.
    pub fn wait_for_output(&self, text: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.output().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "output never held {text:?} within {timeout:?}; it is:\n{}",
            self.output()
        );
    }

    /// Whether the program left the terminal on its alternate screen.
    pub fn is_alternate_screen(&self) -> bool {
        self.settled().screen().alternate_screen()
    }

    /// Whether the program left the cursor hidden.
    pub fn is_cursor_hidden(&self) -> bool {
        self.settled().screen().hide_cursor()
    }

    /// Whether the program asked for pastes to be bracketed.
    pub fn is_bracketed_paste(&self) -> bool {
        self.settled().screen().bracketed_paste()
    }

    /// Whether the program asked for mouse clicks.
    pub fn is_mouse_captured(&self) -> bool {
        self.settled().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// Type raw bytes as if from the keyboard.
    pub fn send(&mut self, keys: &str) {
        let mut writer = self.writer.lock().expect("keyboard lock");
        writer.write_all(keys.as_bytes()).expect("type keys");
        writer.flush().expect("flush keys");
    }

    /// Wait until the screen shows `text`, or fail with the screen as it is.
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "screen never showed {text:?} within {timeout:?}; it shows:\n{}",
            self.contents()
        );
    }

    /// Wait for the process to exit and return its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                // What it wrote last may still be on its way through the reader:
                // `output()` holds all of it once the reader met the end.
                let caught_up = Instant::now() + CATCH_UP_AT_MOST;
                while !self.read_to_end.load(Ordering::Acquire) && Instant::now() < caught_up {
                    thread::sleep(Duration::from_millis(5));
                }
                return status.exit_code();
            }
            thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!(
            "winddown did not exit; the screen shows:\n{}",
            self.contents()
        );
    }

    /// The process id, for sending signals.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Send the program signal `name` (`STOP`, `CONT`, `KILL`…) with `kill`, as a
    /// user in another shell would.
    pub fn signal(&self, name: &str) {
        let pid = self.pid().expect("the program's pid");
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} {pid}");
    }

    /// `kill -9` the program and wait for it to be gone.
    pub fn kill_9(&mut self, timeout: Duration) {
        self.signal("KILL");
        self.wait_exit(timeout);
    }
}

impl Drop for PtyApp {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
