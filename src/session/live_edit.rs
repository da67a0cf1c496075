//! A routine edited mid-run: the step under way takes the new words, the steps after it the new list.

use crate::routine::Step;

use super::StepResult;
use super::engine::{Session, fresh_ticks};
use super::segments::segments;

impl Session {
    /// The step under way in the words of `edited`, the same step as the file now has it
    /// (a routine edited mid-run): its title, instructions, why, picture and checklist
    /// items follow at once; its timing stays, so a hold under way is never cut or
    /// stretched, and its ticks stay (the items are reworded only when as many).
    /// Returns whether any words changed.
    pub fn reword_current(&mut self, edited: &Step) -> bool {
        let Some(current) = self.steps.get_mut(self.position) else {
            return false;
        };
        if current.id != edited.id {
            return false;
        }
        let before = current.clone();
        current.title.clone_from(&edited.title);
        current.instructions.clone_from(&edited.instructions);
        current.why.clone_from(&edited.why);
        current.picture.clone_from(&edited.picture);
        if current.checklist.len() == edited.checklist.len() {
            current.checklist.clone_from(&edited.checklist);
        }
        *current != before
    }

    /// Replace every step after the current one (a routine edited mid-run): what
    /// has ended and the step in progress stay exactly as they are, and a later step
    /// that had ended (the user went back) keeps its result if it is still there.
    pub fn replace_upcoming(&mut self, upcoming: Vec<Step>) {
        if self.is_finished() {
            return;
        }
        let keep = self.position + 1;
        // A later step already ended (the user went back) keeps its result and ticks
        // wherever the edit puts it.
        let mut later: Vec<(String, Option<StepResult>, Vec<bool>)> = self
            .steps
            .drain(keep..)
            .zip(self.results.drain(keep..))
            .zip(self.ticks.drain(keep..))
            .map(|((step, result), ticks)| (step.id, result, ticks))
            .collect();
        self.plans.truncate(keep);
        for step in &upcoming {
            let earlier = later
                .iter()
                .position(|(id, _, ticks)| *id == step.id && ticks.len() == step.checklist.len())
                .map(|at| later.swap_remove(at));
            let (result, ticks) = match earlier {
                Some((_, result, ticks)) => (result, ticks),
                None => (None, fresh_ticks(step)),
            };
            self.results.push(result);
            self.ticks.push(ticks);
        }
        self.plans.extend(upcoming.iter().map(segments));
        self.steps.extend(upcoming);
    }
}
