//! Cramp SOS: relief steps one at a time and a stopwatch, reachable from any screen.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use ratatui::crossterm::event::KeyCode;

use crate::model::{Leg, SosEpisode};
use crate::routine::Routine;
use crate::session::Action;

use super::{App, Request};

/// One cramp being waited out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// The relief step shown.
    pub step: usize,
    /// When it began, on the monotonic clock (for the stopwatch).
    pub started: Instant,
    /// When it began, on the wall clock (for the record).
    pub started_wall: NaiveDateTime,
    /// Which leg, once the user says.
    pub leg: Option<Leg>,
    /// The user moved through the steps or named a leg.
    pub acted: bool,
}

/// Cramp SOS's own state: its relief steps, the cramp being waited out, and
/// whether the app opened for SOS alone (`winddown sos`).
#[derive(Debug, Default)]
pub(super) struct Sos {
    pub(super) guide: Option<Routine>,
    pub(super) episode: Option<Episode>,
    /// Leave when SOS closes.
    pub(super) only: bool,
}

impl App {
    /// The relief steps shown on the SOS screen.
    pub fn with_sos_guide(mut self, guide: Routine) -> App {
        self.sos.guide = Some(guide);
        if self.sos.only {
            self.open_sos();
        }
        self
    }

    /// The relief steps, when known.
    pub fn sos_guide(&self) -> Option<&Routine> {
        self.sos.guide.as_ref()
    }

    /// The cramp being waited out, while the SOS screen is open.
    pub fn sos(&self) -> Option<&Episode> {
        self.sos.episode.as_ref()
    }

    /// Open the SOS screen now; a running timer is paused so the routine waits.
    pub fn open_sos(&mut self) -> bool {
        if self.sos.episode.is_some() || self.sos.guide.is_none() {
            return false;
        }
        let running =
            self.run.session.as_ref().is_some_and(|session| {
                !session.is_paused() && session.remaining(self.now).is_some()
            });
        if running {
            self.apply(Action::TogglePause);
        }
        self.overlay = None;
        // SOS keeps the hold paused; help no longer has it to give back.
        self.help.paused = false;
        self.sos.episode = Some(Episode {
            step: 0,
            started: self.now,
            started_wall: self.wall,
            leg: None,
            acted: false,
        });
        // Kept from the start, so a closed terminal does not lose the episode.
        self.requests
            .push(Request::SosStarted { started: self.wall });
        true
    }

    /// Time since the cramp began.
    pub fn sos_elapsed(&self) -> Option<Duration> {
        self.sos
            .episode
            .as_ref()
            .map(|episode| self.now.saturating_duration_since(episode.started))
    }

    pub(super) fn handle_sos_key(&mut self, code: KeyCode, ctrl_c: bool) -> bool {
        let steps = self.sos.guide.as_ref().map_or(0, |guide| guide.steps.len());
        let Some(episode) = self.sos.episode.as_mut() else {
            return false;
        };
        match code {
            _ if ctrl_c => self.close_sos(),
            KeyCode::Esc | KeyCode::Char('q') => self.close_sos(),
            KeyCode::Enter | KeyCode::Char('n') | KeyCode::Right | KeyCode::Char(' ') => {
                episode.step = (episode.step + 1).min(steps.saturating_sub(1));
            }
            // `b` goes back, as on the run screen; `2` is both legs.
            KeyCode::Char('b') | KeyCode::Left => episode.step = episode.step.saturating_sub(1),
            KeyCode::Char('l') => episode.leg = Some(Leg::Left),
            KeyCode::Char('r') => episode.leg = Some(Leg::Right),
            KeyCode::Char('2') => episode.leg = Some(Leg::Both),
            _ => return false,
        }
        if let Some(episode) = self.sos.episode.as_mut() {
            episode.acted = true;
        }
        true
    }

    /// The cramp has passed: log the episode and go back to where the user was
    /// (a paused routine stays paused until they are ready).
    fn close_sos(&mut self) {
        self.end_sos();
        if self.sos.only {
            self.leave();
        }
    }

    /// The SOS screen closes (the user left it, or winddown is stopping): the
    /// episode's length and leg are kept, or, opened by mistake, it is not kept.
    pub fn end_sos(&mut self) {
        let Some(episode) = self.sos.episode.take() else {
            return;
        };
        let lasted = self.now.saturating_duration_since(episode.started);
        if !SosEpisode::worth_keeping(lasted, episode.acted) {
            self.requests.push(Request::ForgetSos);
            let note = format!(
                "Cramp SOS closed after {} s without a step or a leg: not logged",
                lasted.as_secs()
            );
            self.warn_briefly(
                note.clone(),
                vec![
                    format!("SOS closed after {} s: not logged", lasted.as_secs()),
                    "Cramp SOS not logged".to_string(),
                    "SOS not logged".to_string(),
                ],
            );
            self.parting_note = Some(note);
            return;
        }
        self.requests.push(Request::RecordSos {
            started: episode.started_wall,
            lasted,
            leg: episode.leg,
        });
    }

    /// The stopwatch's next whole second.
    pub(super) fn sos_next_wake(&self) -> Option<Instant> {
        let elapsed = self.sos_elapsed()?;
        let into_second = Duration::from_nanos(u64::from(elapsed.subsec_nanos()));
        Some(self.now + (Duration::from_secs(1) - into_second))
    }
}
