//! The loop's part in what the app asks: each request carried out in order, a
//! write's outcome shown (saved, or why not, with what was typed kept on screen),
//! and the experiment read, drawn and started.

use anyhow::Result;

use super::{EventLoop, Turn};
use crate::model::Experiment;
use crate::session::Effect;
use crate::store::StoreError;
use crate::tui::Redraw;
use crate::tui::app::{Request, StatsView};
use crate::tui::outside::{Clock, EventSource};
use crate::tui::screen::Console;

impl<C: Console, E: EventSource, K: Clock> EventLoop<'_, '_, C, E, K> {
    /// Carry out the app's requests in order; a failed write becomes a warning on
    /// screen, never a lost evening.
    pub(super) fn carry_out(&mut self, turn: &mut Turn) -> Result<()> {
        for request in self.app.take_requests() {
            match request {
                Request::Session(Effect::Cue(cue)) => turn.cues.push(cue.clone()),
                Request::LoadStats => match self.recorder.read_stats() {
                    Ok(data) => {
                        let view = StatsView::new(&data, self.app.night());
                        self.app.show_stats(view);
                    }
                    Err(err) => self.app.warn(format!("cannot read the history: {err}")),
                },
                Request::EditRoutine => {
                    let now = self.clock.now();
                    let _ = self.recorder.save_progress(self.app, now, true, true);
                    self.edit()?;
                    turn.redraw = Redraw::Whole;
                }
                Request::SwitchRoutine(index) => self.switch_routine(index),
                Request::Quit => turn.quit = true,
                Request::NewNight(night) => match self.recorder.new_night(night) {
                    Ok(history) => self.app.refresh_history(history),
                    Err(err) => self.app.warn(format!("cannot read the history: {err}")),
                },
                Request::ReadExperiment => self.read_experiment(),
                Request::DrawExperiment { step_id } => self.draw_experiment(&step_id),
                Request::StartExperiment(drawn) => self.start_experiment(drawn),
                write => {
                    let written = self.recorder.write(&write, self.app);
                    self.written(written, write);
                }
            }
        }
        self.app.set_unsaved(self.recorder.unsaved());
        Ok(())
    }

    /// The experiment the user said yes to, as drawn: started, or why not.
    fn start_experiment(&mut self, drawn: Box<Experiment>) {
        let start = Request::StartExperiment(drawn);
        match self.recorder.write(&start, self.app) {
            Ok(()) => {
                self.read_experiment();
                self.app.saved(&start);
                self.app.experiment_started();
            }
            Err(err) => self.app.warn_until_saved(
                std::mem::discriminant(&start),
                format!("experiment not started: {err}"),
            ),
        }
    }

    /// What the store's answer to `write` shows: that it was saved, or why not,
    /// with what the user typed for it back on screen.
    fn written(&mut self, written: Result<(), StoreError>, write: Request) {
        // Before `saved`: an SOS the store refused is not said to be logged.
        self.app
            .set_sos_unsaved(self.recorder.sos_unsaved().map(str::to_string));
        let kind = std::mem::discriminant(&write);
        match (written, write) {
            (Ok(()), write) => {
                self.app.saved(&write);
                // A check-in or a rest night changes what the experiment is missing.
                if matches!(
                    write,
                    Request::CheckIn(..) | Request::SkipCheckin(_) | Request::DeclareRest(_)
                ) {
                    self.read_experiment();
                }
            }
            // Another process saved a check-in after the form read it.
            (Err(StoreError::CheckinChanged(stored)), Request::CheckIn(answered, _)) => {
                self.app.checkin_changed_meanwhile(answered, *stored);
            }
            // Nothing typed is lost: the form or question opens again.
            (Err(err), Request::CheckIn(answered, loaded)) => {
                let said = self.recorder.explain(&err);
                self.app.checkin_not_saved(answered, loaded);
                self.app.warn_not_saved(kind, &said);
            }
            (Err(err), Request::DeclareRest(reason)) => {
                let said = self.recorder.explain(&err);
                self.app.rest_not_saved(reason);
                self.app.warn_not_saved(kind, &said);
            }
            (Err(err), _) => {
                let said = self.recorder.explain(&err);
                self.app.warn_not_saved(kind, &said);
            }
        }
    }

    /// The latest experiment read again, with the index of its routine among the choices.
    pub(super) fn read_experiment(&mut self) {
        match self.recorder.read_experiment() {
            Ok(reading) => {
                let following =
                    reading.map(|reading| crate::tui::following(reading, &self.editing.choices));
                self.app.refresh_experiment(following);
            }
            Err(err) => self.app.warn(format!("cannot read the experiment: {err}")),
        }
    }

    /// A schedule for an experiment on `step_id` of the open routine, drawn from a seed
    /// the system gives, offered before it starts.
    fn draw_experiment(&mut self, step_id: &str) {
        let (_, chosen) = self.app.choices();
        let Some(choice) = self.editing.choices.get(chosen) else {
            return;
        };
        let Some(step) = self.app.steps().iter().find(|step| step.id == step_id) else {
            return;
        };
        let night = self.app.night();
        let first = match self.recorder.begun_tonight(&choice.key.id) {
            Ok(false) => Some(night),
            Ok(true) => night.succ_opt(),
            Err(err) => {
                self.app.warn(format!("cannot read tonight's runs: {err}"));
                return;
            }
        };
        let seed = match crate::experiment::system_seed() {
            Ok(seed) => seed,
            Err(err) => {
                self.app.warn(format!("{err:#}"));
                return;
            }
        };
        let Some(first) = first else {
            return;
        };
        let drawn = crate::experiment::draw(
            &choice.key.id,
            step,
            crate::experiment::DEFAULT_DESIGN,
            (seed, crate::model::SeedSource::System),
            first,
            crate::now::utc(),
        );
        self.app.offer_experiment(drawn);
    }
}
