//! Which routine the app shows: switching on the home screen, reloading after an edit.

use crate::journal::Interrupted;
use crate::routine::{Routine, Step};

use super::{App, Pacing, Request, Stage};

/// The routines the home screen offers, which one is open, and how holds are paced
/// when one is reloaded.
#[derive(Debug, Default)]
pub(super) struct Choices {
    pub(super) list: Vec<Routine>,
    /// The one open now (an index into `list`).
    pub(super) chosen: usize,
    /// config.toml's pacing, for routines read anew.
    pub(super) pacing: Option<Pacing>,
}

impl App {
    /// Offer these routines on the home screen; `chosen` is the one open now.
    pub fn with_choices(mut self, choices: Vec<Routine>, chosen: usize) -> App {
        self.choices.chosen = chosen.min(choices.len().saturating_sub(1));
        self.choices.list = choices;
        self
    }

    /// The routines to pick from and which one is open.
    pub fn choices(&self) -> (&[Routine], usize) {
        (&self.choices.list, self.choices.chosen)
    }

    pub(super) fn pick(&mut self, step: isize) -> bool {
        let count = self.choices.list.len();
        if count < 2 || self.run.session.is_some() {
            return false;
        }
        let chosen = (self.choices.chosen as isize + step).rem_euclid(count as isize) as usize;
        self.choices.chosen = chosen;
        self.requests.push(Request::SwitchRoutine(chosen));
        self.run.unfinished = None;
        self.header.warning = None;
        self.routine = self.choices.list[chosen].clone();
        self.steps = self.plan_tonight();
        true
    }

    /// The routine switched to has an unfinished run tonight: offer to pick it up.
    pub fn offer_resume(&mut self, unfinished: Interrupted) {
        self.run.unfinished = Some(unfinished);
        self.stage = Stage::ResumeOffer;
    }

    /// The routine file changed on disk (or after `e`): a valid file updates the plan at
    /// once, the current step carrying on and later steps following the file by id; an
    /// invalid one leaves everything as it was and says why in the header.
    pub fn routine_changed(&mut self, parsed: Result<Routine, String>) -> bool {
        let routine = match parsed {
            Ok(routine) => match self.choices.pacing {
                Some(pacing) => routine.with_lead_in(pacing.lead_in),
                None => routine,
            },
            Err(first_error) => {
                self.warn(format!("{first_error} — fix and save to reload"));
                return true;
            }
        };
        self.header.warning = None;
        let present = self.step_present(&routine);
        self.follow_presence(present);
        let tonight = self.plan_of(&routine);
        let no_session = self.run.session.is_none();
        match self
            .run
            .session
            .as_mut()
            .filter(|session| !session.is_finished())
        {
            Some(session) => {
                // The steps run so far and the one under way stay as they are; every
                // other step of the file follows in the file's order, once each.
                let kept: Vec<String> = session.steps()[..=session.position()]
                    .iter()
                    .map(|step| step.id.clone())
                    .collect();
                let removed = kept
                    .last()
                    .filter(|current| !tonight.iter().any(|step| &step.id == *current))
                    .and(session.current_step())
                    .map(|step| step.title.clone());
                let reworded = tonight
                    .iter()
                    .find(|step| kept.last() == Some(&step.id))
                    .is_some_and(|step| session.reword_current(step));
                let upcoming: Vec<Step> = tonight
                    .into_iter()
                    .filter(|step| !kept.contains(&step.id))
                    .collect();
                session.replace_upcoming(upcoming);
                self.steps = session.steps().to_vec();
                if let Some(title) = removed {
                    // The step is the one on screen: a narrow header can leave its title out.
                    self.warn_briefly(
                        format!("\"{title}\" is no longer in the routine: finish or skip it"),
                        vec![
                            format!("\"{title}\" removed: finish or skip"),
                            "This step was removed: finish or skip".to_string(),
                            "Step removed: finish or skip".to_string(),
                        ],
                    );
                }
                self.notify(if reworded {
                    "Routine reloaded: this step as saved".to_string()
                } else {
                    "Routine reloaded".to_string()
                });
            }
            None if no_session => {
                self.steps = tonight;
                self.notify("Routine reloaded".to_string());
            }
            None => {}
        }
        if let Some(choice) = self.choices.list.get_mut(self.choices.chosen) {
            *choice = routine.clone();
        }
        self.routine = routine;
        true
    }
}
