//! The terminal: one thread owns it, input and signals arrive on one channel,
//! and the loop sleeps until the next input or the next moment the screen changes.

mod app;
mod clock;
mod paint;
mod record;
mod reload;
mod terminal;
pub mod view;

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Local, NaiveDate};
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

pub use crate::cues::Cues;
pub use crate::journal::RoutineKey;
pub use app::{App, CALENDAR_NIGHTS, History, Opening, Overlay, Request, Stage, StatsView};
pub use paint::Painter;
pub use record::{Recorder, read_history, read_stats};
pub use terminal::TerminalGuard;

use crate::journal::Pickup;
use crate::paths::Paths;
use crate::routine::Routine;
use crate::store::Store;
use clock::WallClock;
use reload::RoutineWatch;

/// How a run of the terminal app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    /// The user left: from home, after the summary, or by quitting mid-routine.
    Left {
        /// Steps that ended (done or skipped) out of tonight's total; `None` when no run started.
        ended: Option<(usize, usize)>,
    },
    /// A signal (SIGTERM, SIGHUP, SIGINT) asked us to stop; progress was saved first.
    Signal(i32),
}

/// How much of the screen the loop must draw before it sleeps again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Redraw {
    Nothing,
    /// Only time passed: the countdown's parts, when a countdown is showing.
    Time,
    Whole,
}

/// What reaches the loop from the outside world.
enum Incoming {
    Input(Event),
    InputFailed(std::io::Error),
    Signal(i32),
    RoutineChanged,
}

/// Everything the terminal app needs to open, read before the terminal is taken over.
pub struct Evening {
    /// The routines the home screen offers; the first frame shows `chosen`.
    pub choices: Vec<Choice>,
    /// Index of the routine asked for.
    pub chosen: usize,
    /// Tonight's date (the evening's, after the rollover rule).
    pub night: NaiveDate,
    /// Home screen or straight into the routine.
    pub opening: Opening,
    /// Where the store lives, for messages.
    pub database: PathBuf,
    /// How cues reach the user.
    pub cues: Cues,
    /// A problem to show from the start (e.g. a broken config.toml).
    pub warning: Option<String>,
    /// Where the user's files live, for `e`.
    pub paths: Paths,
    /// The relief steps of the Cramp SOS screen.
    pub sos_guide: Routine,
}

/// One routine the app can run, with what history and the editor need of it.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The validated routine.
    pub routine: Routine,
    /// Its id and file hash, as history records them.
    pub key: RoutineKey,
    /// Its file, watched for saves; `None` for a shipped routine not yet copied.
    pub file: Option<PathBuf>,
    /// The name or path that finds it again, for `e`.
    pub asked_for: String,
}

/// `NO_COLOR` set to anything (see no-color.org), or a terminal that has no colours.
fn colors_unwanted() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
        || std::env::var("TERM").is_ok_and(|term| term == "dumb")
}

/// Run the evening full-screen until the user leaves or a signal arrives, writing
/// every step to `store` as it happens.
pub fn run(evening: Evening, store: &mut Store) -> Result<RunEnd> {
    let Evening {
        choices,
        chosen,
        night,
        opening,
        database,
        mut cues,
        warning,
        paths,
        sos_guide,
    } = evening;
    let Some(Choice {
        routine,
        key,
        file,
        asked_for,
    }) = choices.get(chosen).cloned()
    else {
        anyhow::bail!("no routine to run");
    };
    let now = Instant::now();
    let history =
        record::read_history(store, night).context("cannot read the history of past nights")?;
    let checkin_night = match opening {
        Opening::Home => store
            .needs_checkin(night)
            .context("cannot look for last night's check-in")?,
        Opening::RunNow | Opening::Sos => None,
    };
    let steps = routine.tonight(night);
    let mut pickup = Pickup::find(store, &key.id, &steps, night, now)?;
    let resumable = pickup.resumable();

    let (width, height) =
        ratatui::crossterm::terminal::size().context("cannot read the terminal size")?;
    let (sender, incoming) = mpsc::channel();
    forward_signals(sender.clone())?;
    let mut watch = RoutineWatch::new(sender.clone());
    let mut guard = TerminalGuard::enter(width, height)?;
    let ack = forward_input(sender);

    let mut app = App::new(
        routine,
        night,
        history,
        pickup.unfinished.take().map(|run| run.snapshot),
        opening,
        (now, Local::now().naive_local()),
        Rect::new(0, 0, width, height),
    )
    .with_choices(
        choices
            .iter()
            .map(|choice| choice.routine.clone())
            .collect(),
        chosen,
    )
    .with_sos_guide(sos_guide)
    .with_no_color(colors_unwanted());
    if let Some(last_night) = checkin_night {
        app.ask_checkin(last_night);
    }
    if let Some(warning) = warning {
        app.warn(warning);
    }
    // The first frame goes up before the slower work; nothing is written until the checks pass.
    guard.draw_whole(&app)?;
    if let Some(file) = &file
        && let Err(err) = watch.watch(file)
    {
        app.warn(format!("{err:#} — edits will not reload"));
    }
    store.verify(&database)?;
    pickup.settle(store, night)?;
    let mut recorder = Recorder::new(store, key, night, resumable);
    let mut editing = Editing {
        asked_for,
        paths,
        watch,
        choices,
    };
    let mut channels = Channels { incoming, ack };
    let end = event_loop(
        &mut guard,
        &mut app,
        &mut recorder,
        &mut cues,
        &mut editing,
        &mut channels,
    )?;
    recorder.save_progress(&mut app, Instant::now(), false, true);
    Ok(match end {
        Some(signal) => RunEnd::Signal(signal),
        None => RunEnd::Left {
            ended: app.session().map(|session| {
                let ended = session.results().iter().filter(|r| r.is_some()).count();
                (ended, session.steps().len())
            }),
        },
    })
}

/// Draw, sleep until something happens, react; returns the signal that stopped it, if any.
fn event_loop(
    guard: &mut TerminalGuard,
    app: &mut App,
    recorder: &mut Recorder,
    cues: &mut Cues,
    editing: &mut Editing,
    channels: &mut Channels,
) -> Result<Option<i32>> {
    let incoming = &channels.incoming;
    let mut wall = WallClock::new(Instant::now());
    let mut redraw = Redraw::Whole;
    let mut acted = false;
    let mut reload_at: Option<Instant> = None;
    loop {
        let outcome = recorder.carry_out(app);
        recorder.save_progress(app, Instant::now(), acted, false);
        match redraw {
            Redraw::Nothing => {}
            Redraw::Time => guard.draw_tick(app)?,
            Redraw::Whole => guard.draw_whole(app)?,
        }
        redraw = Redraw::Nothing;
        let warning = cues
            .deliver(guard.output(), &outcome.cues)
            .context("cannot write to the terminal")?;
        if let Some(warning) = warning {
            app.warn(warning);
            redraw = Redraw::Whole;
        }
        if app.should_quit() {
            return Ok(None);
        }

        let wake = match (app.next_wake(), reload_at) {
            (Some(wake), Some(reload)) => Some(wake.min(reload)),
            (wake, reload) => wake.or(reload),
        };
        let received = match wake {
            Some(wake) => incoming.recv_timeout(wake.saturating_duration_since(Instant::now())),
            None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let mut next = Some(received);
        acted = false;
        // Drain everything already queued, then draw once.
        while let Some(received) = next.take() {
            let now = Instant::now();
            match received {
                Ok(Incoming::Input(event)) => {
                    if let Event::Resize(width, height) = event {
                        guard.resize(Rect::new(0, 0, width, height))?;
                        redraw = Redraw::Whole;
                    }
                    let changed = app.handle_event(&event, now, wall.at(now));
                    acted |= changed;
                    if changed {
                        redraw = Redraw::Whole;
                    }
                    if let Some(choice) = app.take_pick().and_then(|i| editing.choices.get(i)) {
                        recorder.set_routine(choice.key.clone());
                        editing.asked_for = choice.asked_for.clone();
                        if let Some(file) = &choice.file
                            && let Err(err) = editing.watch.watch(file)
                        {
                            app.warn(format!("{err:#} — edits will not reload"));
                        }
                    }
                    if app.take_edit_request() {
                        recorder.save_progress(app, now, true, true);
                        edit_in_terminal(guard, app, editing)?;
                        redraw = Redraw::Whole;
                    }
                    // Only now may the input thread read again: the editor had the keyboard.
                    let _ = channels.ack.send(());
                }
                Ok(Incoming::RoutineChanged) => {
                    // Editors save in several writes: reload once they have settled.
                    reload_at = Some(now + reload::SETTLE);
                }
                Ok(Incoming::InputFailed(err)) => {
                    return Err(err).context("cannot read from the terminal");
                }
                Ok(Incoming::Signal(signal)) => return Ok(Some(signal)),
                Err(RecvTimeoutError::Timeout) => {
                    if reload_at.is_some_and(|at| at <= now) {
                        reload_at = None;
                        if let Some(file) = editing.watch.file() {
                            app.routine_changed(reload::read_routine(file));
                            redraw = Redraw::Whole;
                        }
                    }
                    let changed = app.tick(now, wall.at(now));
                    redraw = redraw.max(if changed { Redraw::Whole } else { Redraw::Time });
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(anyhow::anyhow!("the terminal input stopped"));
                }
            }
            next = incoming.try_recv().ok().map(Ok);
        }
    }
}

/// The routine's file and how to open it in the editor.
struct Editing {
    asked_for: String,
    paths: Paths,
    watch: RoutineWatch,
    choices: Vec<Choice>,
}

/// What the loop hears, and how it lets the input thread read on.
struct Channels {
    incoming: Receiver<Incoming>,
    ack: Sender<()>,
}

/// `e`: give the terminal to the editor, then take it back and reload what was saved.
fn edit_in_terminal(guard: &mut TerminalGuard, app: &mut App, editing: &mut Editing) -> Result<()> {
    guard.suspend();
    let edited = reload::edit_routine(&editing.asked_for, &editing.paths, app.night());
    guard.resume()?;
    match edited {
        Ok((file, note)) => {
            if let Err(err) = editing.watch.watch(&file) {
                app.warn(format!("{err:#} — edits will not reload"));
            }
            app.routine_changed(reload::read_routine(&file));
            if let Some(note) = note {
                app.warn(note);
            }
        }
        Err(err) => app.warn(format!("{err:#}")),
    }
    Ok(())
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
