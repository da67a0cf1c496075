//! Carrying out what the app asks to be written: every step result the moment
//! it happens, and where a running hold stands every few seconds.

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;

use crate::journal::{Closing, Journal, Pickup, RoutineKey, SosClosing, Unsaved, local};
use crate::model::{RunId, night_by_night};
use crate::routine::Step;
use crate::stats;
use crate::store::{Store, StoreError};

use super::app::{App, CALENDAR_NIGHTS, FormChange, History, Request, StatsData, StatsView};

/// Nights shown in the home screen's strip.
const RECENT_NIGHTS: i64 = 14;

/// The journal of tonight's run, and what only the full screen writes besides.
pub struct Recorder<'a> {
    journal: Journal<'a>,
    /// The database's `data_version` at the last look: a change is another process's commit.
    seen_version: Option<i64>,
}

/// What a look at other processes' writes found.
#[derive(Debug, Default)]
pub struct Noticed {
    /// The screen must be drawn again.
    pub redraw: bool,
    /// How the open check-in form changed with it: input that came with the same
    /// wake-up was typed at the form as it was, not as it is now.
    pub form_change: FormChange,
}

impl<'a> Recorder<'a> {
    /// Write for `key`'s runs on `night`; `resumable` is tonight's unfinished run, if any.
    pub fn new(
        store: &'a mut Store,
        key: RoutineKey,
        night: NaiveDate,
        resumable: Option<RunId>,
    ) -> Self {
        let seen_version = store.data_version().ok();
        Recorder {
            journal: Journal::new(store, key, night, resumable),
            seen_version,
        }
    }

    /// Lets the store free what its start-up reads left cached; a failure costs only
    /// memory, so it is not reported.
    pub fn release_memory(&mut self) {
        let _ = self.journal.store().release_memory();
    }

    /// Runs from now on belong to this routine (the user picked another on the home
    /// screen), whose steps tonight are `steps`; its unfinished run of tonight, if
    /// any, is what [`Pickup::unfinished`] offers.
    pub fn switch_routine(&mut self, key: RoutineKey, steps: &[Step], now: Instant) -> Pickup {
        let night = self.journal.night();
        let mut pickup = Pickup::find(self.journal.store(), &key, steps, night, now);
        if let Err(err) = pickup.settle(self.journal.store(), night) {
            // Tidying can wait for the next start; the routine picked cannot.
            pickup.trouble.get_or_insert_with(|| format!("{err:#}"));
        }
        self.journal.set_routine(key, pickup.resumable());
        pickup
    }

    /// The fingerprint of the routine text the app holds.
    pub fn routine_hash(&self) -> &str {
        self.journal.routine_hash()
    }

    /// The routine's file changed: runs started from now on record this fingerprint,
    /// and so does the run under way in `app`, which took the new text up.
    pub fn set_routine_hash(&mut self, hash: String, app: &App) {
        let under_way = app.session().is_some_and(|session| !session.is_finished());
        if under_way {
            self.journal.follow_routine(hash);
        } else {
            self.journal.set_routine_hash(hash);
        }
    }

    /// Tonight is `night` from now on; returns its history as the home screen shows it.
    pub fn new_night(&mut self, night: NaiveDate) -> Result<History, StoreError> {
        self.journal.set_night(night);
        read_history(self.journal.store(), night)
    }

    /// The latest experiment and its nights, read now.
    pub fn read_experiment(&mut self) -> Result<Option<crate::experiment::Reading>, StoreError> {
        let night = self.journal.night();
        crate::experiment::Reading::latest(self.journal.store(), night)
    }

    /// Whether a run of `routine_id` has begun tonight (an experiment started now
    /// then begins tomorrow).
    pub fn begun_tonight(&mut self, routine_id: &str) -> Result<bool, StoreError> {
        let night = self.journal.night();
        Ok(self
            .journal
            .store()
            .runs(Some(night), night)?
            .iter()
            .any(|run| run.routine_id == routine_id))
    }

    /// What the stats screen is made from, read now.
    pub fn read_stats(&mut self) -> Result<StatsData, StoreError> {
        let night = self.journal.night();
        read_stats(self.journal.store(), night)
    }

    /// Write what `request` asks to be written; requests that write nothing are ignored.
    /// A run write the store refuses is not an error here: the journal keeps it and
    /// tries again, and [`Recorder::unsaved`] says so until it is stored.
    pub fn write(&mut self, request: &Request, app: &App) -> Result<(), StoreError> {
        let journal = &mut self.journal;
        // Stored times come from the app's clock (injected in tests), as the screen's do.
        let stamp = local(app.wall()).to_utc();
        match request {
            Request::StartRun => {
                let _kept = journal.start_run(&app.routine().name, app.steps(), app.wall());
            }
            Request::AbandonRun => {
                let _kept = journal.abandon_resumable();
            }
            Request::ResumeRun => journal.resume(),
            Request::DeclareRest(reason) => {
                let night = journal.night();
                journal.store().declare_rest(night, reason, stamp)?;
            }
            Request::Session(effect) => {
                if let Some(session) = app.session() {
                    let _kept = journal.write_effect(effect, session, app.wall());
                }
            }
            Request::StartExperiment(drawn) => {
                let night = journal.night();
                journal.store().start_experiment(drawn, night)?;
            }
            Request::PauseExperiment(id, change) => journal.store().change_pause(*id, *change)?,
            Request::DrawExperiment { .. }
            | Request::ReadExperiment
            | Request::LoadStats
            | Request::EditRoutine
            | Request::SwitchRoutine(_)
            | Request::NewNight(_)
            | Request::Quit => {}
            // Only over the row the form read: another process's check-in is not lost.
            Request::CheckIn(checkin, replaces) => {
                journal
                    .store()
                    .save_checkin_replacing(checkin, replaces.as_ref(), stamp)?;
            }
            Request::SkipCheckin(night) => journal.store().skip_checkin(*night, stamp)?,
            // A refused SOS write is kept and tried again each second (and at the
            // close kept in a recovery file); the header says so meanwhile.
            Request::SosStarted { started } => {
                let _kept = journal.begin_sos(*started);
            }
            Request::ForgetSos => journal.forget_sos()?,
            Request::RecordSos { lasted, leg, .. } => {
                let _kept = journal.end_sos(*lasted, *leg);
            }
        }
        Ok(())
    }

    /// What other processes did since the last look, at every wake-up at `now`: the
    /// database file gone from under the app (progress is no longer kept; looked at
    /// every few seconds unless the wake-up was `prompted` by more than time passing),
    /// or their commits (`data_version`), after which the nights, streaks and last
    /// night's check-in are read again.
    pub fn notice_outside(&mut self, app: &mut App, now: Instant, prompted: bool) -> Noticed {
        let mut noticed = Noticed::default();
        if app.database_gone().is_none()
            && let Some(why) = self.journal.file_gone(now, prompted)
        {
            app.lose_database(why);
            noticed.redraw = true;
        }
        let store = self.journal.store();
        if app.shows_a_run() {
            return noticed;
        }
        let Ok(version) = store.data_version() else {
            return noticed;
        };
        if self
            .seen_version
            .replace(version)
            .is_none_or(|seen| seen == version)
        {
            return noticed;
        }
        noticed.redraw = true;
        let night = self.journal.night();
        match read_history(self.journal.store(), night) {
            Ok(history) => app.refresh_history(history),
            Err(err) => app.warn(format!("cannot read the history: {err}")),
        }
        if let Some(last_night) = night.pred_opt() {
            match self.journal.store().checkin(last_night) {
                Ok(stored) => noticed.form_change = app.checkin_stored(last_night, stored),
                Err(err) => app.warn(format!("cannot read last night's check-in: {err}")),
            }
        }
        if app.shows_stats() {
            match self.read_stats() {
                Ok(data) => app.refresh_stats(StatsView::new(&data, night)),
                Err(err) => app.warn(format!("cannot read the history: {err}")),
            }
        }
        noticed
    }

    /// `err` in words for the screen, naming what else has a busy database open.
    pub fn explain(&mut self, err: &StoreError) -> String {
        self.journal.store().explain(err)
    }

    /// What of tonight's run is not on disk yet, while anything is not.
    pub fn unsaved(&self) -> Option<Unsaved> {
        self.journal.unsaved()
    }

    /// When unsaved results are next to be tried again, if any wait.
    pub fn next_retry(&self) -> Option<Instant> {
        [self.journal.next_retry(), self.journal.next_sos_retry()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Try unsaved results again when due; returns whether the screen must change.
    pub fn retry(&mut self, app: &mut App, now: Instant) -> bool {
        if self.journal.next_retry().is_none_or(|due| now < due) {
            return false;
        }
        self.journal.retry(now);
        app.set_unsaved(self.journal.unsaved());
        true
    }

    /// The app is closing: save where it stands, try once more to store everything,
    /// and keep what still cannot be stored in a recovery file in `folder`. Also each
    /// Cramp SOS episode of the evening as the history holds it (or where it was kept).
    pub fn close(
        &mut self,
        app: &mut App,
        now: Instant,
        folder: &Path,
    ) -> (Closing, Vec<SosClosing>) {
        // An SOS still open (a signal stopped winddown) keeps its length so far.
        app.end_sos();
        for request in app.take_requests() {
            if let Err(err) = self.write(&request, app) {
                app.warn_not_saved(std::mem::discriminant(&request), &err.to_string());
            }
        }
        let _ = self.save_progress(app, now, false, true);
        let closing = self.journal.close(folder);
        let sos = self.journal.close_sos(folder);
        app.set_unsaved(self.journal.unsaved());
        (closing, sos)
    }

    /// Save where the running hold stands when the user just acted, when `force`d (quit,
    /// signal), when the timer or a key changed the step or segment, or when the last
    /// save is a few seconds old.
    /// Returns whether what the header says of an SOS episode changed.
    pub fn save_progress(&mut self, app: &mut App, now: Instant, acted: bool, force: bool) -> bool {
        if let Some(episode) = app.sos() {
            // The leg the moment it is named, the length once a second; a refused
            // write waits for the next (the header says so meanwhile).
            let lasted = now.saturating_duration_since(episode.started);
            let _kept = self.journal.sos_progress(lasted, episode.leg, now);
        } else {
            // Episodes that ended with their rows behind are tried again.
            let _kept = self.journal.retry_sos(now);
        }
        let mut changed = app.set_sos_unsaved(self.journal.sos_unsaved().map(str::to_string));
        if let Some(session) = app.session() {
            // Said while saving fails, and no longer once a save reaches the disk.
            let _kept = self
                .journal
                .save_progress(session, now, app.wall(), acted, force);
            changed |=
                app.set_progress_unsaved(self.journal.progress_unsaved().map(str::to_string));
        }
        changed
    }

    /// Why a Cramp SOS episode's row is behind what it should say, while one is.
    pub fn sos_unsaved(&self) -> Option<&str> {
        self.journal.sos_unsaved()
    }
}

/// Streaks and the last two weeks, read once when the app opens.
pub fn read_history(store: &Store, night: NaiveDate) -> Result<History, StoreError> {
    let nights = store.night_statuses(night)?;
    let streaks = stats::streaks(&nights, night);
    let recent = night_by_night(&nights, night, RECENT_NIGHTS);
    Ok(History { streaks, recent })
}

/// What the stats screen is made from, read in one go when it opens.
pub fn read_stats(store: &Store, night: NaiveDate) -> Result<StatsData, StoreError> {
    let since = night - chrono::Duration::days(CALENDAR_NIGHTS - 1);
    Ok(StatsData {
        nights: store.night_statuses(night)?,
        cramps: store
            .checkins(Some(since), night)?
            .into_iter()
            .map(|checkin| (checkin.night, checkin.cramps))
            .collect(),
        tallies: store.step_tallies()?,
        checked_nights: store.step_nights()?,
        experiment: crate::experiment::Reading::latest(store, night)?,
    })
}

#[cfg(test)]
mod tests;
