//! What the loop hears and reads from the outside world: terminal input,
//! signals and routine-file changes on one source (the real terminal's is
//! `plumbing::TerminalEvents`, shared with plain mode), and the clocks.
//!
//! Both are traits so that a test can drive the whole app in process: a
//! scripted event source and a clock that moves only when the script says.

use std::sync::mpsc::Sender;
use std::time::Instant;

use anyhow::Result;
use chrono::NaiveDateTime;

use super::clock::WallClock;
pub use crate::plumbing::{Incoming, TerminalEvents};

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

    /// The terminal is handed to another program (an editor), or taken back.
    fn lend_terminal(&mut self, _lent: bool) {}

    /// Stop the process until the shell continues it (after [`Incoming::Suspend`],
    /// once the terminal is given back); a scripted source moves its clock on to the
    /// continuation it has scripted, if any.
    fn stop_until_continued(&mut self) {}
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

impl EventSource for TerminalEvents {
    fn wait(&mut self, deadline: Option<Instant>) -> Result<Option<Incoming>> {
        TerminalEvents::wait(self, deadline)
    }

    fn poll(&mut self) -> Option<Incoming> {
        TerminalEvents::poll(self)
    }

    fn input_handled(&mut self) {
        TerminalEvents::input_handled(self);
    }

    fn file_notices(&self) -> Option<Sender<Incoming>> {
        Some(self.sender())
    }

    fn lend_terminal(&mut self, lent: bool) {
        self.lend(lent);
    }

    fn stop_until_continued(&mut self) {
        crate::plumbing::stop_until_continued();
    }
}
