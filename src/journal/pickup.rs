//! Finding tonight's unfinished run before a front end opens, and laying it over the
//! routine as it is now: exactly where it stood when the routine is the one it began
//! on, else by step id (results never matched by position).

use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};

use super::RoutineKey;
use crate::model::{RunId, RunOutcome};
use crate::routine::Step;
use crate::session::{self, Outcome, Session, Snapshot, StepResult};
use crate::store::{Store, UnfinishedRun};

/// Tonight's unfinished run of a routine, found before the front end opens.
#[derive(Debug, Default)]
pub struct Pickup {
    /// The run that can be resumed over tonight's steps, if any.
    pub unfinished: Option<Interrupted>,
    /// Why tonight's runs could not be looked at, if they could not (the app opens all
    /// the same, without an offer to resume).
    pub trouble: Option<String>,
    /// The resumable run's id.
    run: Option<RunId>,
    /// A run whose every step ended but that was never marked finished.
    ended_unmarked: Option<(RunId, DateTime<Utc>, RunOutcome)>,
}

/// Tonight's interrupted run, as it can be picked up with the routine as it is now.
#[derive(Debug, Clone, PartialEq)]
pub struct Interrupted {
    /// The steps in the order the resumed run takes them: the routine's own order,
    /// unless the routine changed since the run began (see [`OlderRun`]).
    pub steps: Vec<Step>,
    /// Where the run stands over `steps`.
    pub snapshot: Snapshot,
    /// Set when the run began on an older version of the routine.
    pub older: Option<OlderRun>,
    /// The step the run goes on with has other holds in the routine now than the ones
    /// it was running (the file was edited while it was under way): its saved hold
    /// would be another one, so it starts again from its first hold.
    pub step_changed: bool,
}

/// What is known of a run that began on an older version of its routine (steps
/// since added, removed, reordered or renamed). Its results are matched to today's
/// steps by step id; the steps done come first, then those left in the routine's
/// order, so the run continues at the first step without a result and repeats none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OlderRun {
    /// Steps done tonight, counting those the routine no longer has.
    pub done: usize,
}

impl Interrupted {
    /// The step the run goes on with, if any is left.
    pub fn next_step(&self) -> Option<&Step> {
        self.steps.get(self.snapshot.position)
    }

    /// What both front ends say when the step the run goes on with starts again
    /// because its holds changed: "\"Calf\" was changed while it was under way: it
    /// starts again from its first hold."
    pub fn restarted_words(&self) -> Option<String> {
        let step = self.next_step().filter(|_| self.step_changed)?;
        Some(format!(
            "\"{}\" was changed while it was under way: it starts again from its first hold.",
            step.title
        ))
    }

    /// The same in fewer words, for a small window: "From the first hold: \"Calf\"
    /// was changed."
    pub fn restarted_briefly(&self) -> Option<String> {
        let step = self.next_step().filter(|_| self.step_changed)?;
        Some(format!(
            "From the first hold: \"{}\" was changed.",
            step.title
        ))
    }
}

impl Pickup {
    /// Look for tonight's unfinished run of `key`'s routine and lay it over `steps`, the
    /// routine's steps tonight as it is now. Never fails: a run that no longer fits the
    /// routine is matched to it by step id, and a store that cannot be read is said in
    /// [`Pickup::trouble`].
    pub fn find(
        store: &Store,
        key: &RoutineKey,
        steps: &[Step],
        night: NaiveDate,
        now: Instant,
    ) -> Pickup {
        // Only this routine's own run: another routine's stays for its own turn.
        let run = match store.unfinished_run_of(night, &key.id) {
            Ok(run) => run,
            Err(err) => {
                return Pickup {
                    trouble: Some(format!("cannot look for tonight's unfinished run: {err}")),
                    ..Pickup::default()
                };
            }
        };
        let Some(mut run) = run else {
            return Pickup::default();
        };
        let step_changed = holds_changed(steps, &run);
        if step_changed {
            run.from_start = true;
        }
        // The saved place, when it names its step, must name the one at its position.
        let place_fits = run.place_step.as_ref().is_none_or(|id| {
            steps
                .get(run.snapshot.position)
                .is_some_and(|step| step.id == *id)
        });
        let unchanged = run.routine_hash == key.hash
            && run.step_count == steps.len()
            && place_fits
            && run.stored.iter().all(|stored| {
                steps
                    .get(stored.index)
                    .is_some_and(|s| s.id == stored.step_id)
            });
        let exact = unchanged
            .then(|| restore(steps, &run, now))
            .flatten()
            .map(|session| Interrupted {
                steps: steps.to_vec(),
                snapshot: session.snapshot(now),
                older: None,
                step_changed: false,
            });
        let same_text = run.routine_hash == key.hash;
        let mut interrupted = exact.unwrap_or_else(|| by_step_id(steps, &run, same_text, now));
        interrupted.step_changed = step_changed
            && interrupted.next_step().is_some_and(|step| {
                run.place_step
                    .as_ref()
                    .is_none_or(|placed| *placed == step.id)
            });
        // Every step ended but the run was never marked finished (stopped between the
        // two writes): it is finished, not something to resume.
        if interrupted.next_step().is_none() {
            let optional: Vec<bool> = interrupted.steps.iter().map(|s| s.optional).collect();
            let ended = run.saved_at.unwrap_or_else(Utc::now);
            let outcome = RunOutcome::judge(&optional, &interrupted.snapshot.results);
            return Pickup {
                ended_unmarked: Some((run.run, ended, outcome)),
                ..Pickup::default()
            };
        }
        Pickup {
            unfinished: Some(interrupted),
            trouble: None,
            run: Some(run.run),
            ended_unmarked: None,
        }
    }

    /// The resumable run's id, for the [`Journal`].
    pub fn resumable(&self) -> Option<RunId> {
        self.run
    }

    /// Tidy the history before writing to it: earlier nights' unfinished runs are
    /// abandoned, and a run that ended unmarked is marked finished.
    pub fn settle(&mut self, store: &mut Store, night: NaiveDate) -> Result<()> {
        store
            .abandon_runs_before(night)
            .context("cannot tidy up unfinished runs of earlier nights")?;
        if let Some((run, ended, outcome)) = self.ended_unmarked.take() {
            store
                .finish_run(run, ended, outcome)
                .context("cannot mark tonight's finished run")?;
        }
        Ok(())
    }
}

/// Whether the step `run`'s saved place stands in has other holds in `steps` than it
/// had when the place was saved (a live edit the session under way did not apply to
/// it, then a crash). Unknown (a place saved by an older winddown) counts as unchanged.
fn holds_changed(steps: &[Step], run: &UnfinishedRun) -> bool {
    let Some(plan) = &run.place_plan else {
        return false;
    };
    let named = match &run.place_step {
        Some(id) => steps.iter().find(|step| step.id == *id),
        None => steps.get(run.snapshot.position),
    };
    named.is_some_and(|step| session::plan_key(step) != *plan)
}

/// `run` laid over today's `steps` by step id: the steps with a stored result first,
/// in the order they were run, then the step its saved place names (when today's
/// routine has it and it has no result), then the others in the routine's order.
/// The run goes on in the named step (one with a result too, when the user had gone
/// back to it) exactly where it stood, else from the start of the named step when its
/// holds changed, else from the start of the first step without a result.
/// `same_text` says the routine's text is the one the run last went on with (it took
/// up a live edit, or began on it).
fn by_step_id(steps: &[Step], run: &UnfinishedRun, same_text: bool, now: Instant) -> Interrupted {
    let has_result = |step: &Step| run.stored.iter().any(|stored| stored.step_id == step.id);
    let mut done: Vec<(usize, Step, StepResult)> = steps
        .iter()
        .filter_map(|step| {
            let stored = run.stored.iter().find(|stored| stored.step_id == step.id)?;
            Some((stored.index, step.clone(), stored.result))
        })
        .collect();
    done.sort_by_key(|(index, _, _)| *index);
    let named = run
        .place_step
        .as_ref()
        .and_then(|id| steps.iter().find(|step| step.id == *id));
    // A step that has a result and a place saved in it: the user had gone back to it.
    let returned_to =
        named.and_then(|named| done.iter().position(|(_, step, _)| step.id == named.id));
    let position = returned_to.unwrap_or(done.len());
    let mut results: Vec<Option<StepResult>> = done.iter().map(|(_, _, r)| Some(*r)).collect();
    let mut order: Vec<Step> = done.into_iter().map(|(_, step, _)| step).collect();
    let placed = named.filter(|step| !has_result(step));
    for step in placed.into_iter().chain(
        steps
            .iter()
            .filter(|step| !has_result(step) && Some(*step) != placed),
    ) {
        order.push(step.clone());
        results.push(None);
    }
    let older = (!same_text).then(|| OlderRun {
        done: run
            .stored
            .iter()
            .filter(|stored| stored.result.outcome == Outcome::Done)
            .count(),
    });
    // In the named step, where it stood (its hold, side, set or rest and the time
    // left), if that place still fits the step as the routine has it now.
    let in_named = placed.is_some() || returned_to.is_some();
    let kept_place = (in_named && !run.from_start).then(|| {
        let place = Snapshot {
            position,
            results: results.clone(),
            ..run.snapshot.clone()
        };
        Session::restore(order.clone(), &place, now)
    });
    let kept_place = kept_place.flatten();
    // Otherwise the engine sets the step up as a fresh start would (its checklist,
    // its first hold).
    let snapshot = kept_place
        .or_else(|| Session::resume_at(order.clone(), &results, position, now))
        .map(|session| session.snapshot(now))
        .unwrap_or_else(|| Snapshot::at_start(position, results));
    Interrupted {
        steps: order,
        snapshot,
        older,
        step_changed: false,
    }
}

/// The session an unfinished run picks up again: where it stood, or from the start
/// of its first step without a result when its saved place is missing or stale.
fn restore(steps: &[Step], run: &UnfinishedRun, now: Instant) -> Option<Session> {
    let snapshot = &run.snapshot;
    if run.from_start {
        Session::resume_at(steps.to_vec(), &snapshot.results, snapshot.position, now)
    } else {
        Session::restore(steps.to_vec(), snapshot, now)
    }
}
