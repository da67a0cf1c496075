//! The terminal: one thread owns it, input and signals arrive on one channel,
//! and the loop sleeps until the next input or the next moment the screen changes.

mod app;
mod terminal;
pub mod view;

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Local, NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

pub use app::{App, Overlay};

use crate::routine::Routine;
use crate::session::{Effect, Session};
use terminal::TerminalGuard;

/// How a run of the terminal app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// The user left: after the summary, or by quitting mid-routine.
    Left {
        /// Steps that ended (done or skipped) out of tonight's total.
        ended: usize,
        /// Tonight's step count.
        total: usize,
    },
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked us to stop.
    Signal(i32),
}

/// What reaches the loop from the outside world.
enum Incoming {
    Input(Event),
    InputFailed(std::io::Error),
    Signal(i32),
}

fn wall_now() -> NaiveDateTime {
    Local::now().naive_local()
}

/// Run tonight's steps of `routine` full-screen until the user leaves or a signal arrives.
pub fn run(routine: Routine, night: NaiveDate) -> Result<RunEnd> {
    let (width, height) =
        ratatui::crossterm::terminal::size().context("cannot read the terminal size")?;
    let (sender, incoming) = mpsc::channel();
    forward_signals(sender.clone())?;
    let mut guard = TerminalGuard::enter(width, height)?;
    forward_input(sender);

    let now = Instant::now();
    let session = Session::new(routine.tonight(night), now);
    let mut app = App::new(
        routine,
        night,
        session,
        now,
        wall_now(),
        Rect::new(0, 0, width, height),
    );
    event_loop(&mut guard, &mut app, &incoming)
}

fn event_loop(
    guard: &mut TerminalGuard,
    app: &mut App,
    incoming: &Receiver<Incoming>,
) -> Result<RunEnd> {
    let mut dirty = true;
    loop {
        let bell = app
            .take_effects()
            .iter()
            .any(|effect| matches!(effect, Effect::Cue(_)));
        if dirty {
            guard
                .terminal()
                .draw(|frame| frame.render_widget(&*app, frame.area()))
                .context("cannot draw to the terminal")?;
            dirty = false;
        }
        if bell {
            guard.bell().context("cannot write to the terminal")?;
        }
        if app.should_quit() {
            let session = app.session();
            let ended = session.results().iter().filter(|r| r.is_some()).count();
            return Ok(RunEnd::Left {
                ended,
                total: session.steps().len(),
            });
        }

        let received = match app.next_wake() {
            Some(wake) => incoming.recv_timeout(wake.saturating_duration_since(Instant::now())),
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let mut next = Some(received);
        // Drain everything already queued, then draw once.
        while let Some(received) = next.take() {
            let now = Instant::now();
            match received {
                Ok(Incoming::Input(event)) => {
                    if let Event::Resize(width, height) = event {
                        guard
                            .terminal()
                            .resize(Rect::new(0, 0, width, height))
                            .context("cannot resize the terminal view")?;
                        dirty = true;
                    }
                    dirty |= app.handle_event(&event, now, wall_now());
                }
                Ok(Incoming::InputFailed(err)) => {
                    return Err(err).context("cannot read from the terminal");
                }
                Ok(Incoming::Signal(signal)) => return Ok(RunEnd::Signal(signal)),
                Err(RecvTimeoutError::Timeout) => {
                    app.tick(now, wall_now());
                    dirty = true;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(anyhow::anyhow!("the terminal input stopped"));
                }
            }
            next = incoming.try_recv().ok().map(Ok);
        }
    }
}

/// Read terminal events on their own thread; it blocks in `read`, so it costs nothing while idle.
fn forward_input(sender: Sender<Incoming>) {
    thread::spawn(move || {
        loop {
            let incoming = match event::read() {
                Ok(event) => Incoming::Input(event),
                Err(err) => Incoming::InputFailed(err),
            };
            let failed = matches!(incoming, Incoming::InputFailed(_));
            if sender.send(incoming).is_err() || failed {
                return;
            }
        }
    });
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
