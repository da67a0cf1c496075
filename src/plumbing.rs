//! The terminal plumbing both front ends share: keys and signals read on threads
//! of their own onto one channel, Ctrl-Z and SIGTSTP handing the terminal back to
//! the shell, and the panic hook that gives the terminal back before any message.
//!
//! The front ends differ only in what taking and giving back the terminal means
//! (the full screen has its alternate screen; plain mode only raw keys), so each
//! passes that in; how events arrive and when the process stops is the same.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, Once};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Result;
use ratatui::crossterm::event::{self, Event};

/// What reaches a front end's loop from the outside world.
#[derive(Debug)]
pub enum Incoming {
    /// A key, a click, a paste, a resize.
    Input(Event),
    /// The terminal could not be read.
    InputFailed(io::Error),
    /// SIGTERM, SIGHUP or SIGINT: save and leave.
    Signal(i32),
    /// Ctrl-Z or SIGTSTP: give the terminal back and stop until the shell continues us.
    Suspend,
    /// SIGCONT: the shell continued us, and may have written over the screen meanwhile.
    Continued,
    /// The watched routine file was written.
    RoutineChanged,
}

/// A wake-up later than this after its deadline may follow a stop; a busy machine
/// seldom wakes a loop this late.
const LATE: Duration = Duration::from_millis(250);

/// How long a late wake-up waits for a SIGCONT on its way (see
/// [`TerminalEvents::wait`]); the signal thread needs microseconds on an idle machine.
const SIGNAL_GRACE: Duration = Duration::from_millis(100);

/// The real terminal's events: input and signals read on their own threads, and
/// whatever else a front end sends (routine-file notices), all on one channel.
pub struct TerminalEvents {
    incoming: Receiver<Incoming>,
    sender: Sender<Incoming>,
    go_ahead: Sender<()>,
    /// Someone else (an editor) has the terminal: a stop cannot wait for the loop.
    lent: Arc<AtomicBool>,
}

impl TerminalEvents {
    /// Start listening for signals now, before the terminal is taken over.
    pub fn listen() -> Result<TerminalEvents> {
        let (sender, incoming) = mpsc::channel();
        let lent = Arc::new(AtomicBool::new(false));
        signals::forward(sender.clone(), Arc::clone(&lent))?;
        let (go_ahead, _) = mpsc::channel();
        Ok(TerminalEvents {
            incoming,
            sender,
            go_ahead,
            lent,
        })
    }

    /// Start reading the terminal (once it is in raw mode).
    pub fn read_input(&mut self) {
        self.go_ahead = forward_input(self.sender.clone());
    }

    /// Wait for the next event until `deadline` (forever when `None`); `Ok(None)`
    /// when the deadline came first (and, when it came late, no signal followed at
    /// once), an error when no event can come any more.
    pub fn wait(&mut self, deadline: Option<Instant>) -> Result<Option<Incoming>> {
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
            Err(RecvTimeoutError::Timeout) => Ok(self.after_a_late_wake_up(deadline)),
            Err(RecvTimeoutError::Disconnected) => {
                Err(anyhow::anyhow!("the terminal input stopped"))
            }
        }
    }

    /// The deadline came. A wake-up this late may be the first after a stop (SIGSTOP,
    /// a debugger), whose SIGCONT the signal thread, woken at the same moment, may not
    /// have passed on yet: it gets [`SIGNAL_GRACE`] to, so that the front end learns of
    /// the stop before it takes the time since for time watched.
    fn after_a_late_wake_up(&mut self, deadline: Option<Instant>) -> Option<Incoming> {
        let late = deadline.is_some_and(|deadline| Instant::now() > deadline + LATE);
        late.then(|| self.incoming.recv_timeout(SIGNAL_GRACE).ok())
            .flatten()
    }

    /// The next event already waiting, without waiting.
    pub fn poll(&mut self) -> Option<Incoming> {
        self.incoming.try_recv().ok()
    }

    /// The last input has been dealt with: the reader may take the next one.
    pub fn input_handled(&mut self) {
        let _ = self.go_ahead.send(());
    }

    /// Another sender onto the same channel (for routine-file notices).
    pub fn sender(&self) -> Sender<Incoming> {
        self.sender.clone()
    }

    /// The terminal is handed to another program (`true`) or taken back. While it
    /// is, Ctrl-Z in that program stops winddown at once, with it, as the shell expects.
    pub fn lend(&mut self, lent: bool) {
        self.lent.store(lent, Ordering::SeqCst);
    }
}

/// Read terminal events on their own thread; it blocks in `read`, so it costs nothing
/// while idle. After each event it waits for the loop's go-ahead, so that while an
/// editor runs in the terminal no keystroke is taken from it. Ctrl-Z arrives as a
/// key in raw mode and is passed on as the stop the shell would have sent.
fn forward_input(sender: Sender<Incoming>) -> Sender<()> {
    let (ack, go_ahead) = mpsc::channel::<()>();
    thread::spawn(move || {
        loop {
            let incoming = match event::read() {
                Ok(event) if signals::is_ctrl_z(&event) => {
                    if sender.send(Incoming::Suspend).is_err() {
                        return;
                    }
                    continue;
                }
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

/// Stop the process as the shell's Ctrl-Z would, and return once it is continued.
/// Give the terminal back first. Where nothing could continue it (no shell with job
/// control: the kernel ignores the stop then) it returns at once.
pub fn stop_until_continued() {
    signals::stop_until_continued();
}

/// How the front end that has the terminal gives it back; run before any panic message.
static RESTORE: Mutex<Option<fn()>> = Mutex::new(None);

/// Before any panic message, run `restore` (the front end's way of giving the
/// terminal back): the release build aborts on panic, so no `Drop` would run.
pub fn restore_on_panic(restore: fn()) {
    *RESTORE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(restore);
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let restore = *RESTORE
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(restore) = restore {
                restore();
            }
            // A spoken cue runs in a process group of its own: it would outlive the abort.
            crate::cues::hush_now();
            previous(info);
        }));
    });
}

#[cfg(unix)]
mod signals {
    //! Signals as loop events (unix): SIGTERM, SIGHUP and SIGINT to leave, SIGTSTP to
    //! stop, SIGCONT to take the terminal back.

    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::Sender;
    use std::thread;

    use anyhow::{Context, Result};
    use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};
    use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    use signal_hook::iterator::Signals;

    use super::Incoming;

    pub(super) fn forward(sender: Sender<Incoming>, lent: Arc<AtomicBool>) -> Result<()> {
        let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])
            .context("cannot listen for signals")?;
        thread::spawn(move || {
            for signal in signals.forever() {
                let incoming = match signal {
                    // An editor has the terminal and stopped with this signal: stop
                    // now, with it, or the shell would wait for us forever.
                    SIGTSTP if lent.load(Ordering::SeqCst) => {
                        stop_until_continued();
                        continue;
                    }
                    SIGTSTP => Incoming::Suspend,
                    SIGCONT => Incoming::Continued,
                    other => Incoming::Signal(other),
                };
                if sender.send(incoming).is_err() {
                    return;
                }
            }
        });
        Ok(())
    }

    /// Ctrl-Z pressed (raw mode delivers it as a key, not as SIGTSTP).
    pub(super) fn is_ctrl_z(event: &Event) -> bool {
        matches!(event, Event::Key(key)
            if key.kind != KeyEventKind::Release
                && key.code == KeyCode::Char('z')
                && key.modifiers.contains(KeyModifiers::CONTROL))
    }

    pub(super) fn stop_until_continued() {
        // SIGTSTP's own default action, not SIGSTOP: the kernel then stops us only
        // where a shell can continue us (not in an orphaned process group, e.g. a
        // terminal window that runs winddown without a shell). signal-hook keeps its
        // handler on SIGTSTP, so the default is put in place for the one raise and
        // the handler put back after.
        //
        // SAFETY: the actions are plain `sigaction` structs, zeroed (no flags, an
        // empty mask) with the default handler, or exactly the one read back; `raise`
        // only sends a signal to this thread.
        unsafe {
            let mut default: libc::sigaction = std::mem::zeroed();
            default.sa_sigaction = libc::SIG_DFL;
            libc::sigemptyset(&mut default.sa_mask);
            let mut ours: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(libc::SIGTSTP, &default, &mut ours) != 0 {
                return;
            }
            libc::raise(libc::SIGTSTP);
            libc::sigaction(libc::SIGTSTP, &ours, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
mod signals {
    //! Elsewhere there are no signals to listen for (Ctrl-C arrives as a key in raw
    //! mode) and no job control to stop for.

    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::sync::mpsc::Sender;

    use anyhow::Result;
    use ratatui::crossterm::event::Event;

    use super::Incoming;

    pub(super) fn forward(_sender: Sender<Incoming>, _lent: Arc<AtomicBool>) -> Result<()> {
        Ok(())
    }

    pub(super) fn is_ctrl_z(_event: &Event) -> bool {
        false
    }

    pub(super) fn stop_until_continued() {}
}

/// Hands the heap's free pages back to the operating system. The start-up reads
/// (history, insights, the routine files) leave freed memory behind that glibc's
/// allocator would otherwise keep for the rest of the evening; counting needs
/// little of it again (BENCHMARKS.md, "The plain release build").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn return_freed_memory() {
    // SAFETY: malloc_trim only walks glibc's own free lists; it takes no pointers
    // and is safe to call at any time from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators (musl, macOS, Windows) return free pages on their own terms
/// and have no call for it: nothing to do.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn return_freed_memory() {}
