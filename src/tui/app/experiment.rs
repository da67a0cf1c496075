//! An experiment as the app follows it: tonight's plan with or without its step, the
//! home screen's line, a pause when its step leaves the routine, and starting one from
//! a step of the home screen's plan.

use ratatui::crossterm::event::KeyCode;

use crate::experiment::{self, Reading};
use crate::model::{Experiment, Standing};
use crate::routine::{Routine, Step};

use super::{App, Request, Stage};

/// The latest experiment and which of the app's routines it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Following {
    /// The experiment with what its nights hold, as last read.
    pub reading: Reading,
    /// Its routine's index among the routines the app offers; `None` when it is not one
    /// of them.
    pub routine: Option<usize>,
}

impl App {
    /// Follow `following`'s experiment: tonight's plan leaves its step out on a
    /// "without" night, and a step gone from the routine pauses it.
    pub fn with_experiment(mut self, following: Option<Following>) -> App {
        self.experiment = following;
        let present = self.step_present(&self.routine);
        self.follow_presence(present);
        if self.run.session.is_none() {
            self.steps = self.plan_tonight();
        }
        self
    }

    /// The experiment as read last, while there is one.
    pub fn experiment(&self) -> Option<&Reading> {
        self.experiment.as_ref().map(|following| &following.reading)
    }

    /// The experiment read again (after a check-in, at a new night, once started).
    pub fn refresh_experiment(&mut self, following: Option<Following>) {
        self.experiment = following;
        if self.run.session.is_none() {
            self.steps = self.plan_tonight();
        }
    }

    /// The home screen's line about the experiment in every form it has, longest
    /// first; empty when there is nothing to say.
    pub fn experiment_lines(&self) -> Vec<String> {
        self.experiment()
            .map_or_else(Vec::new, experiment::home_line_forms)
    }

    /// Tonight's steps of the open routine, without the experiment's step on one of its
    /// "without" nights.
    pub(super) fn plan_tonight(&self) -> Vec<Step> {
        self.plan_of(&self.routine)
    }

    /// Tonight's steps of `routine` (the open one, perhaps as just saved) with the
    /// experiment applied.
    pub(super) fn plan_of(&self, routine: &Routine) -> Vec<Step> {
        let steps = routine.tonight(self.night);
        match &self.experiment {
            Some(following) if following.routine == Some(self.choices.chosen) => {
                experiment::tonight_plan(steps, Some(&following.reading.experiment), self.night)
            }
            _ => steps,
        }
    }

    /// Whether the experiment's step is in `routine`, when `routine` is the open one
    /// and the experiment's (`None` otherwise, and for a routine that could not be read).
    pub(super) fn step_present(&self, routine: &Routine) -> Option<bool> {
        let following = self
            .experiment
            .as_ref()
            .filter(|following| following.routine == Some(self.choices.chosen))?;
        let step_id = &following.reading.experiment.step_id;
        (!routine.steps.is_empty()).then(|| routine.steps.iter().any(|step| &step.id == step_id))
    }

    /// A step gone from the open routine pauses the experiment, and its return ends the
    /// pause (the loop writes it).
    pub(super) fn follow_presence(&mut self, present: Option<bool>) {
        let night = self.night;
        let (Some(present), Some(following)) = (present, self.experiment.as_mut()) else {
            return;
        };
        let experiment = &mut following.reading.experiment;
        if let Some(change) = experiment.presence_change(present, night) {
            experiment.apply(change);
            self.requests
                .push(Request::PauseExperiment(following.reading.id, change));
        }
    }

    /// `x` on the home screen: choose a step of tonight's plan to experiment on.
    pub(super) fn choose_experiment_step(&mut self) -> bool {
        if let Some(reading) = self.experiment().filter(|reading| !reading.over()) {
            let title = crate::printable::line(&reading.experiment.step_title).into_owned();
            let until = reading
                .experiment
                .last_night(self.night)
                .map_or_else(String::new, |last| {
                    format!(" until {}", experiment::long_date(last))
                });
            self.notify(format!(
                "An experiment on {title} is under way{until}: one at a time"
            ));
            return true;
        }
        if self.steps.is_empty() || self.run.session.is_some() {
            return false;
        }
        self.stage = Stage::ExperimentStep(0);
        true
    }

    /// Keys while a step is being chosen.
    pub(super) fn handle_experiment_step_key(&mut self, code: KeyCode, cursor: usize) -> bool {
        let last = self.steps.len().saturating_sub(1);
        match code {
            KeyCode::Up | KeyCode::Char('k') => {
                self.stage = Stage::ExperimentStep(cursor.saturating_sub(1));
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.stage = Stage::ExperimentStep((cursor + 1).min(last));
            }
            KeyCode::Enter => {
                let Some(step) = self.steps.get(cursor) else {
                    return false;
                };
                if let Some(days) = &step.days {
                    let days: Vec<String> = days.iter().map(ToString::to_string).collect();
                    let title = crate::printable::line(&step.title).into_owned();
                    self.notify(format!(
                        "{title} runs only on {}: an experiment needs a step that runs every night",
                        days.join(", ")
                    ));
                    return true;
                }
                self.requests.push(Request::DrawExperiment {
                    step_id: step.id.clone(),
                });
            }
            KeyCode::Esc | KeyCode::Char('q') => self.stage = Stage::Home,
            _ => return false,
        }
        true
    }

    /// The loop drew a schedule for the chosen step: show it before asking.
    pub fn offer_experiment(&mut self, drawn: Experiment) {
        self.stage = Stage::ExperimentOffer(Box::new(drawn), 0);
    }

    /// Keys while the drawn schedule is shown: y starts it, n or Esc does not.
    pub(super) fn handle_experiment_offer_key(&mut self, code: KeyCode) -> bool {
        let Stage::ExperimentOffer(drawn, scroll) = &self.stage else {
            return false;
        };
        match code {
            KeyCode::Char('y') | KeyCode::Enter => {
                self.requests.push(Request::StartExperiment(drawn.clone()));
                self.stage = Stage::Home;
            }
            KeyCode::Char('n') | KeyCode::Esc | KeyCode::Char('q') => {
                self.notify("No experiment started".to_string());
                self.stage = Stage::Home;
            }
            KeyCode::Down | KeyCode::Char('j') => {
                self.stage = Stage::ExperimentOffer(drawn.clone(), scroll.saturating_add(1));
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.stage = Stage::ExperimentOffer(drawn.clone(), scroll.saturating_sub(1));
            }
            _ => return false,
        }
        true
    }

    /// The experiment was stored: say what tonight is.
    pub fn experiment_started(&mut self) {
        let text = match self.experiment().map(Reading::standing) {
            Some(Standing::Tonight(night)) => format!(
                "Experiment started: tonight {} (night {} of {})",
                night.slot.arm.as_str(),
                night.slot.number,
                self.experiment()
                    .map_or(0, |reading| reading.experiment.design.nights())
            ),
            _ => "Experiment started: its first night is tomorrow".to_string(),
        };
        self.notify(text);
    }
}
