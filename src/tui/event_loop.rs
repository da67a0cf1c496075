//! The loop: draw, sleep until something happens, react, carry out what the app asked.
//!
//! It runs over any [`Console`] (any ratatui backend), any [`EventSource`] and any
//! [`Clock`], so a test drives it in process with scripted events and a fake clock.

mod requests;

use std::time::Instant;

use anyhow::{Context, Result};
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

use super::app::App;
use super::outside::{Clock, EventSource, Incoming};
use super::record::Recorder;
use super::reload::{self, RoutineWatch};
use super::screen::Console;
use super::view;
use super::{Choice, Redraw};
use crate::cues::Cues;
use crate::paths::Paths;
use crate::session::Cue;

/// The routine's file and how to open it in the editor.
pub(super) struct Editing {
    /// The name or path that finds the routine again.
    pub(super) asked_for: String,
    /// Where the user's files live.
    pub(super) paths: Paths,
    /// The watched routine file.
    pub(super) watch: RoutineWatch,
    /// Every routine the home screen offers.
    pub(super) choices: Vec<Choice>,
}

/// Everything the loop works with, for the length of one evening.
pub(super) struct EventLoop<'r, 's, C, E, K> {
    pub(super) console: &'r mut C,
    pub(super) app: &'r mut App,
    pub(super) recorder: &'r mut Recorder<'s>,
    pub(super) cues: &'r mut Cues,
    pub(super) editing: &'r mut Editing,
    pub(super) events: &'r mut E,
    pub(super) clock: &'r K,
}

/// What one turn of waiting left to do.
struct Turn {
    redraw: Redraw,
    /// The user acted (a key or a click that changed something): save progress now.
    acted: bool,
    /// Cues to ring after the next frame.
    cues: Vec<Cue>,
    /// The user asked to leave.
    quit: bool,
    /// A signal asked us to stop.
    signal: Option<i32>,
}

impl<C: Console, E: EventSource, K: Clock> EventLoop<'_, '_, C, E, K> {
    /// Draw, sleep until something happens, react; returns the signal that stopped it, if any.
    pub(super) fn run(&mut self) -> Result<Option<i32>> {
        let mut turn = Turn {
            redraw: Redraw::Whole,
            acted: false,
            cues: Vec::new(),
            quit: false,
            signal: None,
        };
        let mut reload_at: Option<Instant> = None;
        let mut started = false;
        loop {
            self.carry_out(&mut turn)?;
            if self.recorder.retry(self.app, self.clock.now()) {
                turn.redraw = Redraw::Whole;
            }
            if self
                .recorder
                .save_progress(self.app, self.clock.now(), turn.acted, false)
            {
                turn.redraw = Redraw::Whole;
            }
            self.draw(turn.redraw)?;
            if !started {
                // The first frame is up and the start-up reads are done: what they
                // freed need not stay with the process for the rest of the evening.
                started = true;
                self.recorder.release_memory();
                crate::plumbing::return_freed_memory();
            }
            self.ring(&mut turn)?;
            if turn.quit {
                return Ok(None);
            }
            turn.redraw = Redraw::Nothing;
            turn.acted = false;
            self.wait(&mut turn, &mut reload_at)?;
            if turn.signal.is_some() {
                return Ok(turn.signal);
            }
        }
    }

    fn draw(&mut self, redraw: Redraw) -> Result<()> {
        match redraw {
            Redraw::Nothing => Ok(()),
            Redraw::Time => self.console.screen().draw_tick(self.app),
            Redraw::Whole => {
                self.console.capture_mouse(view::clickable(self.app))?;
                self.console.screen().draw_whole(self.app)
            }
        }
    }

    /// Ring the cues that came since the last frame.
    fn ring(&mut self, turn: &mut Turn) -> Result<()> {
        let cues = std::mem::take(&mut turn.cues);
        let warning = self
            .cues
            .deliver(&mut self.console.cue_output(), &cues)
            .context("cannot write to the terminal")?;
        if let Some(warning) = warning {
            self.app.warn(warning);
            self.draw(Redraw::Whole)?;
        }
        Ok(())
    }

    /// Sleep until the next event or the app's next wake-up, then take everything queued.
    fn wait(&mut self, turn: &mut Turn, reload_at: &mut Option<Instant>) -> Result<()> {
        // Besides these, the app looks at the clocks every second during a run: a look
        // that finds nothing changed draws nothing.
        let due = [self.app.next_wake(), *reload_at, self.recorder.next_retry()]
            .into_iter()
            .flatten()
            .min();
        let wake = due.into_iter().chain(self.app.watch_by()).min();
        let mut next = Some(self.events.wait(wake)?);
        let woke = self.clock.now();
        let prompted = matches!(next, Some(Some(_)));
        // Before the app hears of anything: time it did not watch pauses a hold first.
        if self.app.woke(wake, woke, self.clock.wall(woke)) {
            turn.redraw = Redraw::Whole;
        }
        // Before anything is shown or typed into: what other processes wrote since.
        let noticed = self.recorder.notice_outside(self.app, woke, prompted);
        if noticed.redraw {
            // An experiment started, stopped or checked in on elsewhere changes
            // tonight's plan and the home screen's line.
            self.read_experiment();
            turn.redraw = Redraw::Whole;
        }
        while let Some(received) = next.take() {
            let now = self.clock.now();
            match received {
                // Keys pressed at the check-in form as it was before another process
                // changed it would answer or save what the user has not seen: they
                // do nothing, and the form shows the change first.
                Some(Incoming::Input(event)) if noticed.form_change.holds_back(&event) => {
                    self.events.input_handled();
                }
                Some(Incoming::Input(event)) => self.input(&event, now, turn)?,
                Some(Incoming::RoutineChanged) => {
                    // Editors save in several writes: reload once they have settled.
                    *reload_at = Some(now + reload::SETTLE);
                }
                Some(Incoming::InputFailed(err)) => {
                    return Err(err).context("cannot read from the terminal");
                }
                Some(Incoming::Signal(signal)) => {
                    turn.signal = Some(signal);
                    return Ok(());
                }
                Some(Incoming::Suspend) => self.stop(now, turn)?,
                Some(Incoming::Continued) => {
                    self.take_terminal_back(now)?;
                    turn.redraw = Redraw::Whole;
                }
                None => {
                    let only_looked = due.is_none_or(|due| now < due);
                    self.time_passed(now, turn, reload_at, only_looked);
                }
            }
            next = self.events.poll().map(Some);
        }
        Ok(())
    }

    /// A key, a click or a resize.
    fn input(&mut self, event: &Event, now: Instant, turn: &mut Turn) -> Result<()> {
        if let Event::Resize(width, height) = event {
            self.console
                .screen()
                .resize(Rect::new(0, 0, *width, *height))?;
            turn.redraw = Redraw::Whole;
        }
        let changed = self.app.handle_event(event, now, self.clock.wall(now));
        turn.acted |= changed;
        if changed {
            turn.redraw = Redraw::Whole;
        }
        // Before the reader may read again: the editor may need the keyboard.
        self.carry_out(turn)?;
        self.events.input_handled();
        Ok(())
    }

    /// Ctrl-Z or SIGTSTP: a counting hold waits, the place is saved, the terminal
    /// goes back to the shell, and winddown stops until the shell continues it.
    fn stop(&mut self, now: Instant, turn: &mut Turn) -> Result<()> {
        self.app.hold_still(now, self.clock.wall(now));
        self.carry_out(turn)?;
        self.recorder.save_progress(self.app, now, true, true);
        self.console.suspend();
        self.events.stop_until_continued();
        self.take_terminal_back(self.clock.now())?;
        turn.redraw = Redraw::Whole;
        Ok(())
    }

    /// The terminal is ours again (after a stop or the editor): raw mode and the
    /// alternate screen, at the window's size now, which the app learns too.
    fn take_terminal_back(&mut self, now: Instant) -> Result<()> {
        self.app.continued(now);
        let area = self.console.resume()?;
        self.console.screen().resize(area)?;
        let resized = Event::Resize(area.width, area.height);
        self.app.handle_event(&resized, now, self.clock.wall(now));
        Ok(())
    }

    /// The deadline came: a settled routine file reloads, and the app's time moves on.
    /// `only_looked`: no deadline but the look at the clocks had come, so unless the app
    /// changed, the screen shows what it did.
    fn time_passed(
        &mut self,
        now: Instant,
        turn: &mut Turn,
        reload_at: &mut Option<Instant>,
        only_looked: bool,
    ) {
        if reload_at.is_some_and(|at| at <= now) {
            *reload_at = None;
            self.reload();
            turn.redraw = Redraw::Whole;
        }
        let changed = self.app.tick(now, self.clock.wall(now));
        let shown = match (changed, only_looked) {
            (true, _) => Redraw::Whole,
            (false, false) => Redraw::Time,
            (false, true) => Redraw::Nothing,
        };
        turn.redraw = turn.redraw.max(shown);
    }

    /// Runs from now on are of the routine the user switched to; watch its file.
    fn switch_routine(&mut self, index: usize) {
        let Some(choice) = self.editing.choices.get(index) else {
            return;
        };
        let now = self.clock.now();
        let pickup = self
            .recorder
            .switch_routine(choice.key.clone(), self.app.steps(), now);
        if let Some(trouble) = pickup.trouble {
            self.app.warn(trouble);
        }
        if let Some(unfinished) = pickup.unfinished {
            self.app.offer_resume(unfinished);
        }
        self.editing.asked_for = choice.asked_for.clone();
        if let Some(file) = &choice.file
            && let Err(err) = self.editing.watch.watch(file, &choice.key.hash)
        {
            self.app.warn(format!("{err:#} — edits will not reload"));
        }
    }

    /// The routine file was saved: when its text changed, the app follows it, and runs
    /// record the new text's fingerprint, the run under way too. A run under way has
    /// its steps on disk laid out anew and its place saved at once, so a crash right
    /// after the edit resumes at the step on screen.
    fn reload(&mut self) {
        let Some((fingerprint, routine)) = self.editing.watch.read_if_changed() else {
            return;
        };
        let valid = routine.is_ok();
        self.app.routine_changed(routine);
        if let Some(fingerprint) = fingerprint.filter(|_| valid) {
            self.recorder.set_routine_hash(fingerprint, self.app);
        }
        let _ = self
            .recorder
            .save_progress(self.app, self.clock.now(), false, true);
    }

    /// `e`: give the terminal to the editor, then take it back and reload what was saved.
    fn edit(&mut self) -> Result<()> {
        self.console.suspend();
        self.events.lend_terminal(true);
        let edited = reload::edit_routine(
            &self.editing.asked_for,
            &self.editing.paths,
            self.app.night(),
        );
        self.events.lend_terminal(false);
        self.take_terminal_back(self.clock.now())?;
        match edited {
            Ok((file, note)) => {
                // A shipped routine is edited as a copy just written, of the same text.
                let seen = self.recorder.routine_hash().to_string();
                if let Err(err) = self.editing.watch.watch(&file, &seen) {
                    self.app.warn(format!("{err:#} — edits will not reload"));
                }
                self.reload();
                if let Some(note) = note {
                    self.app.notify(note);
                }
            }
            Err(err) => self.app.warn(format!("{err:#}")),
        }
        Ok(())
    }
}
