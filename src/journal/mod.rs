//! Writing tonight's run down as it happens, for either front end (full screen
//! or plain lines): the run's start, every step result the moment it ends,
//! where a running hold stands every few seconds, and picking an unfinished run
//! up again after a crash.

mod lost;
mod pickup;
mod recovery;
mod sos;
mod unsaved;

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone};

use crate::model::{NewRun, RunId, RunOutcome, RunWrite, StepRecord};

use crate::routine::Step;
use crate::session::{Effect, Session};
use crate::store::{StepPlace, Store, StoreError};
pub use pickup::{Interrupted, OlderRun, Pickup};
pub use recovery::{PREFIX as RECOVERY_PREFIX, import_recoveries, recoveries_waiting};
pub use sos::SosClosing;
pub use unsaved::{Closing, RETRY_EVERY, Unsaved};

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
    /// Run writes the store has not taken yet, oldest first, retried in that order.
    unsaved: Vec<RunWrite>,
    /// Why the oldest of them failed, and when it was last tried.
    failure: Option<(String, Instant)>,
    /// The ids of the run's steps on disk, in order, as last written; `None` until known.
    layout: Option<Vec<String>>,
    /// The Cramp SOS episode being written, while SOS is open.
    sos: Option<sos::SosWriter>,
    /// Episodes that ended this evening, for the exit line (and to retry a row behind).
    sos_ended: Vec<sos::SosWriter>,
    /// Why the last save of where the running hold stands failed, until one succeeds.
    progress_failure: Option<String>,
    /// When the database file was last looked for (lost.rs).
    looked_for_loss: Option<Instant>,
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
            unsaved: Vec::new(),
            failure: None,
            layout: None,
            sos: None,
            sos_ended: Vec::new(),
            progress_failure: None,
            looked_for_loss: None,
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

    /// The fingerprint of the routine text runs record now.
    pub fn routine_hash(&self) -> &str {
        &self.key.hash
    }

    /// The routine's text changed: runs started from now on record this fingerprint.
    pub fn set_routine_hash(&mut self, hash: String) {
        self.key.hash = hash;
    }

    /// The run under way took up the routine's new text (a live edit): it records that
    /// text's fingerprint, so a resume after a crash does not call it an older version.
    pub fn follow_routine(&mut self, hash: String) {
        self.key.hash = hash.clone();
        let starting = self
            .unsaved
            .iter()
            .any(|write| matches!(write, RunWrite::Start(_)));
        if self.run.is_some() || starting {
            // Kept and retried with the rest if the store refuses it now.
            let _kept = self.write(RunWrite::Rehash { routine_hash: hash });
        }
    }

    /// Runs from now on belong to `night` (the clock passed the rollover before any started).
    pub fn set_night(&mut self, night: NaiveDate) {
        self.night = night;
        // A run of the night before is not tonight's to resume.
        self.resumable = None;
    }

    /// Runs from now on belong to this routine (the user picked another);
    /// `resumable` is its unfinished run of tonight, if any.
    pub fn set_routine(&mut self, key: RoutineKey, resumable: Option<RunId>) {
        self.key = key;
        self.resumable = resumable;
    }

    /// A fresh run of `routine_name` over `steps` starts now, at `wall` (the front
    /// end's clock).
    pub fn start_run(
        &mut self,
        routine_name: &str,
        steps: &[Step],
        wall: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let run = NewRun {
            routine_id: self.key.id.clone(),
            routine_name: routine_name.to_string(),
            routine_hash: self.key.hash.clone(),
            night: self.night,
            started_at: local(wall),
            step_count: steps.len(),
        };
        self.run = None;
        self.layout = Some(steps.iter().map(|step| step.id.clone()).collect());
        self.last_saved = None;
        self.saved_place = None;
        self.write(RunWrite::Start(run))
    }

    /// The unfinished run is given up (the user chose to restart).
    pub fn abandon_resumable(&mut self) -> Result<(), StoreError> {
        match self.resumable.take() {
            Some(run) => self.write(RunWrite::Abandon(run)),
            None => Ok(()),
        }
    }

    /// The unfinished run goes on over the routine as it is now: write to it from now.
    /// It records the routine's fingerprint now, and its steps on disk are laid out as
    /// the resumed session has them before anything else is written to it.
    pub fn resume(&mut self) {
        self.run = self.resumable.take();
        self.layout = None;
        if self.run.is_some() {
            let routine_hash = self.key.hash.clone();
            // Kept and retried with the rest if the store refuses it now.
            let _kept = self.write(RunWrite::Rehash { routine_hash });
        }
    }

    /// The run on disk follows the session's steps (a live edit added, removed or
    /// reordered some; a resume laid them out anew) before any result of a step it
    /// does not have in that place.
    fn follow_layout(&mut self, session: &Session) {
        let same = self.layout.as_ref().is_some_and(|layout| {
            layout.len() == session.steps().len()
                && layout
                    .iter()
                    .zip(session.steps())
                    .all(|(id, step)| *id == step.id)
        });
        if same {
            return;
        }
        let step_ids: Vec<String> = session.steps().iter().map(|step| step.id.clone()).collect();
        self.layout = Some(step_ids.clone());
        // Kept and retried with the rest if the store refuses it now.
        let _kept = self.write(RunWrite::Relayout { step_ids });
    }

    /// Write down what the session reported (a step result, the end) at `wall` (the
    /// front end's clock). A write that cannot be made now is kept and tried again
    /// (see [`Journal::retry`]); the error says why it is not on disk yet.
    pub fn write_effect(
        &mut self,
        effect: &Effect,
        session: &Session,
        wall: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let starting = self
            .unsaved
            .iter()
            .any(|write| matches!(write, RunWrite::Start(_)));
        if self.run.is_none() && !starting {
            return Ok(());
        }
        self.follow_layout(session);
        let write = match effect {
            Effect::StepEnded { index, result } => {
                let Some(step) = session.steps().get(*index) else {
                    return Ok(());
                };
                let record = StepRecord {
                    step_id: step.id.clone(),
                    title: step.title.clone(),
                    result: *result,
                    at: local(wall).to_utc(),
                };
                RunWrite::Step {
                    index: *index,
                    record,
                }
            }
            Effect::Finished => match outcome_of(session) {
                Some(outcome) => RunWrite::Finish {
                    at: local(wall).to_utc(),
                    outcome,
                },
                None => return Ok(()),
            },
            Effect::Cue(_) => return Ok(()),
        };
        self.write(write)
    }

    /// Save where a running session stands at `now` (`wall` on the front end's clock)
    /// when the user just `acted`, when `force`d (quit, signal), when its step, hold or
    /// rest changed since the last save (whether a key or the timer changed it), or
    /// when the last save is a few seconds old.
    pub fn save_progress(
        &mut self,
        session: &Session,
        now: Instant,
        wall: NaiveDateTime,
        acted: bool,
        force: bool,
    ) -> Result<(), StoreError> {
        let Some(run) = self.run else {
            return Ok(());
        };
        if session.is_finished() {
            // Nothing of a finished run's place is kept: no save can be behind.
            self.progress_failure = None;
            return Ok(());
        }
        // While a step result waits, a saved place past it would skip it after a crash.
        if !self.unsaved.is_empty() {
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
        self.follow_layout(session);
        if !self.unsaved.is_empty() {
            return Ok(());
        }
        // The step's holds as this session runs them: after a live edit, its old ones.
        let plan = session.current_step().map(crate::session::plan_key);
        let step = session
            .current_step()
            .zip(plan.as_deref())
            .map(|(step, plan)| StepPlace { id: &step.id, plan });
        let saved =
            self.store
                .save_progress(run, step, &session.snapshot(now), local(wall).to_utc());
        if let Err(err) = saved {
            self.progress_failure = Some(self.store.explain(&err));
            return Err(err);
        }
        self.progress_failure = None;
        self.last_saved = Some(now);
        self.saved_place = Some(place);
        Ok(())
    }

    /// Why where the running hold stands could not be saved, while the last try failed.
    pub fn progress_unsaved(&self) -> Option<&str> {
        self.progress_failure.as_deref()
    }
}

/// A wall-clock time read on this machine (the front end's clock, injected in
/// tests), with the local offset it had: every time the history stores comes
/// from the front end's clock through here, never from reading the time anew.
pub fn local(wall: NaiveDateTime) -> DateTime<FixedOffset> {
    Local
        .from_local_datetime(&wall)
        .earliest()
        .map_or_else(|| Local::now().fixed_offset(), |at| at.fixed_offset())
}

/// Whole seconds, as episodes are kept.
fn seconds(lasted: Duration) -> u32 {
    u32::try_from(lasted.as_secs()).unwrap_or(u32::MAX)
}
