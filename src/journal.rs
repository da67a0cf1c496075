//! Writing tonight's run down as it happens, for either front end (full screen
//! or plain lines): the run's start, every step result the moment it ends,
//! where a running hold stands every few seconds, and picking an unfinished run
//! up again after a crash.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::model::{Leg, NewRun, RunId, RunOutcome, StepRecord};
use crate::routine::Step;
use crate::session::{Effect, Session};
use crate::store::{Store, StoreError, UnfinishedRun};

/// How often the remaining time of a running hold is written, at most.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Which routine a run belongs to, as history knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineKey {
    /// Stable id: the shipped name or the file's stem.
    pub id: String,
    /// A hash of the file's text, to tell an edited routine from the one a run used.
    pub hash: String,
}

/// Tonight's unfinished run of a routine, found before the front end opens.
#[derive(Debug)]
pub struct Pickup {
    /// The run that can be resumed over tonight's steps, if any.
    pub unfinished: Option<UnfinishedRun>,
    /// A run whose every step ended but that was never marked finished.
    ended_unmarked: Option<(RunId, DateTime<Utc>, RunOutcome)>,
}

impl Pickup {
    /// Look for tonight's unfinished run of `routine_id` that still fits `steps`.
    pub fn find(
        store: &Store,
        routine_id: &str,
        steps: &[Step],
        night: NaiveDate,
        now: Instant,
    ) -> Result<Pickup> {
        let mut unfinished = store
            .unfinished_run(night)
            .context("cannot look for tonight's unfinished run")?
            .filter(|run| run.routine_id == routine_id)
            .filter(|run| Session::restore(steps.to_vec(), &run.snapshot, now).is_some());
        // Every step ended but the run was never marked finished (stopped between the
        // two writes): it is finished, not something to resume.
        let ended_unmarked = unfinished
            .take_if(|run| run.snapshot.position >= steps.len())
            .map(|run| {
                let optional: Vec<bool> = steps.iter().map(|step| step.optional).collect();
                let ended = run.saved_at.unwrap_or_else(Utc::now);
                (
                    run.run,
                    ended,
                    RunOutcome::judge(&optional, &run.snapshot.results),
                )
            });
        Ok(Pickup {
            unfinished,
            ended_unmarked,
        })
    }

    /// The resumable run's id, for the [`Journal`].
    pub fn resumable(&self) -> Option<RunId> {
        self.unfinished.as_ref().map(|run| run.run)
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

/// How a finished session's run is judged: completed when every required step was done.
pub fn outcome_of(session: &Session) -> Option<RunOutcome> {
    if !session.is_finished() {
        return None;
    }
    let optional: Vec<bool> = session.steps().iter().map(|step| step.optional).collect();
    Some(RunOutcome::judge(&optional, session.results()))
}

/// The store, and the run being written to.
pub struct Journal<'a> {
    store: &'a mut Store,
    key: RoutineKey,
    night: NaiveDate,
    run: Option<RunId>,
    resumable: Option<RunId>,
    last_saved: Option<Instant>,
    /// Where the last saved progress stood: a change of place is saved at once.
    saved_place: Option<(usize, usize, bool)>,
}

impl<'a> Journal<'a> {
    /// Write for `key`'s runs on `night`; `resumable` is tonight's unfinished run, if any.
    pub fn new(
        store: &'a mut Store,
        key: RoutineKey,
        night: NaiveDate,
        resumable: Option<RunId>,
    ) -> Self {
        Journal {
            store,
            key,
            night,
            run: None,
            resumable,
            last_saved: None,
            saved_place: None,
        }
    }

    /// The store, for what only one front end writes (rest nights, check-ins, stats).
    pub fn store(&mut self) -> &mut Store {
        self.store
    }

    /// The evening this journal writes for.
    pub fn night(&self) -> NaiveDate {
        self.night
    }

    /// Runs from now on belong to this routine (the user picked another).
    pub fn set_routine(&mut self, key: RoutineKey) {
        self.key = key;
    }

    /// A fresh run of `routine_name` with `step_count` steps starts now.
    pub fn start_run(&mut self, routine_name: &str, step_count: usize) -> Result<(), StoreError> {
        let run = NewRun {
            routine_id: self.key.id.clone(),
            routine_name: routine_name.to_string(),
            routine_hash: self.key.hash.clone(),
            night: self.night,
            started_at: Local::now().fixed_offset(),
            step_count,
        };
        self.run = Some(self.store.start_run(&run)?);
        self.last_saved = None;
        Ok(())
    }

    /// The unfinished run is given up (the user chose to restart).
    pub fn abandon_resumable(&mut self) -> Result<(), StoreError> {
        match self.resumable.take() {
            Some(run) => self.store.abandon_run(run),
            None => Ok(()),
        }
    }

    /// The unfinished run goes on: write to it from now.
    pub fn resume(&mut self) {
        self.run = self.resumable.take();
    }

    /// Write down what the session reported (a step result, the end).
    pub fn write_effect(&mut self, effect: &Effect, session: &Session) -> Result<(), StoreError> {
        let Some(run) = self.run else {
            return Ok(());
        };
        match effect {
            Effect::StepEnded { index, result } => {
                let Some(step) = session.steps().get(*index) else {
                    return Ok(());
                };
                let record = StepRecord {
                    step_id: step.id.clone(),
                    title: step.title.clone(),
                    result: *result,
                    at: Utc::now(),
                };
                self.store.record_step(run, *index, &record)?;
            }
            Effect::Finished => {
                if let Some(outcome) = outcome_of(session) {
                    self.store.finish_run(run, Utc::now(), outcome)?;
                }
            }
            Effect::Cue(_) => {}
        }
        Ok(())
    }

    /// Save where a running session stands when the user just `acted`, when `force`d
    /// (quit, signal), when its step, hold or rest changed since the last save (whether
    /// a key or the timer changed it), or when the last save is a few seconds old.
    pub fn save_progress(
        &mut self,
        session: &Session,
        now: Instant,
        acted: bool,
        force: bool,
    ) -> Result<(), StoreError> {
        let Some(run) = self.run else {
            return Ok(());
        };
        if session.is_finished() {
            return Ok(());
        }
        let due = self
            .last_saved
            .is_none_or(|saved| now.saturating_duration_since(saved) >= PROGRESS_EVERY);
        let place = session.place();
        let moved = self.saved_place != Some(place);
        if !(acted || force || due || moved) {
            return Ok(());
        }
        self.store
            .save_progress(run, &session.snapshot(now), Utc::now())?;
        self.last_saved = Some(now);
        self.saved_place = Some(place);
        Ok(())
    }

    /// A cramp waited out on the SOS screen: when it began (this machine's local
    /// wall clock), how long it lasted, and which leg if the user said.
    pub fn record_sos(
        &mut self,
        started: NaiveDateTime,
        lasted: Duration,
        leg: Option<Leg>,
    ) -> Result<(), StoreError> {
        let started_at = Local
            .from_local_datetime(&started)
            .earliest()
            .map_or_else(|| Local::now().fixed_offset(), |at| at.fixed_offset());
        let seconds = u32::try_from(lasted.as_secs()).unwrap_or(u32::MAX);
        self.store.record_sos(started_at, self.night, seconds, leg)
    }
}
