//! What the loop hears and reads from the outside world: terminal input,
//! signals and routine-file changes on one source, and the clocks.
//!
//! Both are traits so that a test can drive the whole app in process: a
//! scripted event source and a clock that moves only when the script says.

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::NaiveDateTime;
use ratatui::crossterm::event::{self, Event};
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::clock::WallClock;

/// What reaches the loop from the outside world.
#[derive(Debug)]
pub enum Incoming {
    /// A key, a click, a resize.
    Input(Event),
    /// The terminal could not be read.
    InputFailed(io::Error),
    /// SIGTERM, SIGHUP or SIGINT.
    Signal(i32),
    /// The watched routine file was written.
    RoutineChanged,
}

/// Where the loop's events come from.
pub trait EventSource {
    /// Wait for the next event until `deadline` (forever when `None`); `Ok(None)`
    /// when the deadline came first, an error when no event can come any more.
    fn wait(&mut self, deadline: Option<Instant>) -> Result<Option<Incoming>>;

    /// The next event already waiting, without waiting.
    fn poll(&mut self) -> Option<Incoming>;

    /// The last input has been dealt with: the reader may take the next one (until
    /// then an editor may own the keyboard).
    fn input_handled(&mut self) {}

    /// Where a routine-file watcher sends its notices; `None` when nothing watches files.
    fn file_notices(&self) -> Option<Sender<Incoming>> {
        None
    }
}

/// The clocks the app reads: monotonic for timers, local wall time for the screen and the night.
pub trait Clock {
    /// The monotonic now.
    fn now(&self) -> Instant;

    /// The local wall-clock time at `now` (an instant just read from [`Clock::now`]).
    fn wall(&self, now: Instant) -> NaiveDateTime;
}

/// The machine's clocks.
pub struct SystemClock {
    wall: std::cell::RefCell<WallClock>,
}

impl SystemClock {
    /// Read the machine's clocks from now on.
    pub fn new() -> SystemClock {
        SystemClock {
            wall: std::cell::RefCell::new(WallClock::new(Instant::now())),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        SystemClock::new()
    }
}

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wall(&self, now: Instant) -> NaiveDateTime {
        self.wall.borrow_mut().at(now)
    }
}

/// The real terminal's events: input and signals read on their own threads, and
/// routine-file notices, all on one channel.
pub struct TerminalEvents {
    incoming: Receiver<Incoming>,
    sender: Sender<Incoming>,
    go_ahead: Sender<()>,
}

impl TerminalEvents {
    /// Start listening for signals now, before the terminal is taken over.
    pub fn listen() -> Result<TerminalEvents> {
        let (sender, incoming) = mpsc::channel();
        forward_signals(sender.clone())?;
        let (go_ahead, _) = mpsc::channel();
        Ok(TerminalEvents {
            incoming,
            sender,
            go_ahead,
        })
    }

    /// Start reading the terminal (once it is in raw mode).
    pub fn read_input(&mut self) {
        self.go_ahead = forward_input(self.sender.clone());
    }
}

impl EventSource for TerminalEvents {
    fn wait(&mut self, deadline: Option<Instant>) -> Result<Option<Incoming>> {
        let received = match deadline {
            Some(deadline) => self
                .incoming
                .recv_timeout(deadline.saturating_duration_since(Instant::now())),
            None => self
                .incoming
                .recv()
                .map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(incoming) => Ok(Some(incoming)),
            Err(RecvTimeoutError::Timeout) => Ok(None),
            Err(RecvTimeoutError::Disconnected) => {
                Err(anyhow::anyhow!("the terminal input stopped"))
            }
        }
    }

    fn poll(&mut self) -> Option<Incoming> {
        self.incoming.try_recv().ok()
    }

    fn input_handled(&mut self) {
        let _ = self.go_ahead.send(());
    }

    fn file_notices(&self) -> Option<Sender<Incoming>> {
        Some(self.sender.clone())
    }
}

/// Read terminal events on their own thread; it blocks in `read`, so it costs nothing
/// while idle. After each event it waits for the loop's go-ahead, so that while an
/// editor runs in the terminal no keystroke is taken from it.
fn forward_input(sender: Sender<Incoming>) -> Sender<()> {
    let (ack, go_ahead) = mpsc::channel::<()>();
    thread::spawn(move || {
        loop {
            let incoming = match event::read() {
                Ok(event) => Incoming::Input(event),
                Err(err) => Incoming::InputFailed(err),
            };
            let failed = matches!(incoming, Incoming::InputFailed(_));
            if sender.send(incoming).is_err() || failed || go_ahead.recv().is_err() {
                return;
            }
        }
    });
    ack
}

/// Turn SIGTERM, SIGHUP and SIGINT into loop events so the terminal is restored on the way out.
fn forward_signals(sender: Sender<Incoming>) -> Result<()> {
    let mut signals =
        Signals::new([SIGTERM, SIGHUP, SIGINT]).context("cannot listen for signals")?;
    thread::spawn(move || {
        for signal in signals.forever() {
            if sender.send(Incoming::Signal(signal)).is_err() {
                return;
            }
        }
    });
    Ok(())
}
