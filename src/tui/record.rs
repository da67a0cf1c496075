//! Carrying out what the app asks to be written: every step result the moment
//! it happens, and where a running hold stands every few seconds.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate, TimeZone, Utc};

use crate::cli::insights::CAVEAT;
use crate::session::Effect;
use crate::store::{NewRun, NightStatus, NightSummary, RunId, StepRecord, Store, StoreError};
use crate::{insights, stats};

use super::app::{App, CALENDAR_NIGHTS, History, Request, StatsView};

/// How often the remaining time of a running hold is written, at most.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// Nights shown in the home screen's strip.
const RECENT_NIGHTS: i64 = 14;

/// Which routine a run belongs to, as history knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineKey {
    /// Stable id: the shipped name or the file's stem.
    pub id: String,
    /// A hash of the file's text, to tell an edited routine from the one a run used.
    pub hash: String,
}

/// The store, and the run the app is writing to.
pub struct Recorder<'a> {
    store: &'a mut Store,
    key: RoutineKey,
    night: NaiveDate,
    run: Option<RunId>,
    resumable: Option<RunId>,
    last_saved: Option<Instant>,
}

/// What the loop must do besides writing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The cues that came, in order ("Next: Calf stretch", "Left leg").
    pub cues: Vec<String>,
}

impl<'a> Recorder<'a> {
    /// Write for `key`'s runs on `night`; `resumable` is tonight's unfinished run, if any.
    pub fn new(
        store: &'a mut Store,
        key: RoutineKey,
        night: NaiveDate,
        resumable: Option<RunId>,
    ) -> Self {
        Recorder {
            store,
            key,
            night,
            run: None,
            resumable,
            last_saved: None,
        }
    }

    /// Runs from now on belong to this routine (the user picked another on the home screen).
    pub fn set_routine(&mut self, key: RoutineKey) {
        self.key = key;
    }

    /// Carry out the app's requests in order; a failed write becomes a warning on screen,
    /// never a lost evening.
    pub fn carry_out(&mut self, app: &mut App) -> Outcome {
        let mut outcome = Outcome::default();
        for request in app.take_requests() {
            if let Request::Session(Effect::Cue(cue)) = &request {
                outcome.cues.push(cue.text());
                continue;
            }
            if request == Request::LoadStats {
                match read_stats(self.store, self.night) {
                    Ok(view) => app.show_stats(view),
                    Err(err) => app.warn(format!("cannot read the history: {err}")),
                }
                continue;
            }
            if let Err(err) = self.write(&request, app) {
                app.warn(format!("not saved: {err}"));
            }
        }
        outcome
    }

    fn write(&mut self, request: &Request, app: &App) -> Result<(), StoreError> {
        match request {
            Request::StartRun => {
                let run = NewRun {
                    routine_id: self.key.id.clone(),
                    routine_name: app.routine().name.clone(),
                    routine_hash: self.key.hash.clone(),
                    night: self.night,
                    started_at: Local::now().fixed_offset(),
                    step_count: app.steps().len(),
                };
                self.run = Some(self.store.start_run(&run)?);
                self.last_saved = None;
            }
            Request::AbandonRun => {
                if let Some(run) = self.resumable.take() {
                    self.store.abandon_run(run)?;
                }
            }
            Request::ResumeRun => self.run = self.resumable.take(),
            Request::DeclareRest(reason) => {
                self.store.declare_rest(self.night, reason, Utc::now())?;
            }
            Request::Session(effect) => self.write_effect(effect, app)?,
            // Handled in carry_out: it needs the app mutably.
            Request::LoadStats => {}
            Request::CheckIn(checkin) => self.store.save_checkin(checkin, Utc::now())?,
            Request::RecordSos {
                started,
                lasted,
                leg,
            } => {
                // The wall time came from this machine's clock, so the local zone applies.
                let started_at = Local
                    .from_local_datetime(started)
                    .earliest()
                    .map_or_else(|| Local::now().fixed_offset(), |at| at.fixed_offset());
                let seconds = u32::try_from(lasted.as_secs()).unwrap_or(u32::MAX);
                self.store
                    .record_sos(started_at, self.night, seconds, *leg)?;
            }
        }
        Ok(())
    }

    fn write_effect(&mut self, effect: &Effect, app: &App) -> Result<(), StoreError> {
        let Some(run) = self.run else {
            return Ok(());
        };
        match effect {
            Effect::StepEnded { index, result } => {
                let Some(step) = app.steps().get(*index) else {
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
            Effect::StepReopened { index } => self.store.reopen_step(run, *index)?,
            Effect::Finished => {
                if let Some(outcome) = app.outcome() {
                    self.store.finish_run(run, Utc::now(), outcome)?;
                }
            }
            Effect::Cue(_) => {}
        }
        Ok(())
    }

    /// Save where the running hold stands when the user just acted, when `force`d (quit,
    /// signal), or when the last save is a few seconds old.
    pub fn save_progress(&mut self, app: &mut App, now: Instant, acted: bool, force: bool) {
        let (Some(run), Some(session)) = (self.run, app.session()) else {
            return;
        };
        if !app.is_mid_run() {
            return;
        }
        let due = self
            .last_saved
            .is_none_or(|saved| now.saturating_duration_since(saved) >= PROGRESS_EVERY);
        if !(acted || force || due) {
            return;
        }
        let snapshot = session.snapshot(now);
        match self.store.save_progress(run, &snapshot, Utc::now()) {
            Ok(()) => self.last_saved = Some(now),
            Err(err) => app.warn(format!("progress not saved: {err}")),
        }
    }
}

/// Streaks and the last two weeks, read once when the app opens.
pub fn read_history(store: &Store, night: NaiveDate) -> Result<History, StoreError> {
    let nights = store.night_statuses(night)?;
    let streaks = stats::streaks(&nights, night);
    let recent = night_by_night(&nights, night, RECENT_NIGHTS);
    Ok(History { streaks, recent })
}

/// The last `count` nights up to `night`, oldest first, each with its status: missed
/// when nothing was recorded after the first record, `None` before it, tonight not yet.
fn night_by_night(
    nights: &[NightSummary],
    night: NaiveDate,
    count: i64,
) -> Vec<(NaiveDate, Option<NightStatus>)> {
    let statuses: BTreeMap<NaiveDate, &NightStatus> = nights
        .iter()
        .map(|summary| (summary.night, &summary.status))
        .collect();
    let first = statuses.keys().next().copied();
    let since = night - chrono::Duration::days(count - 1);
    since
        .iter_days()
        .take_while(|day| *day <= night)
        .map(|day| {
            let status = match statuses.get(&day) {
                Some(status) => Some((*status).clone()),
                None if day == night => Some(NightStatus::NotYet),
                // Before the first night on record there is nothing to have missed.
                None if first.is_none_or(|first| day < first) => None,
                None => Some(NightStatus::Missed),
            };
            (day, status)
        })
        .collect()
}

/// What the stats screen shows, read in one go when it opens.
pub fn read_stats(store: &Store, night: NaiveDate) -> Result<StatsView, StoreError> {
    let nights = store.night_statuses(night)?;
    let since = night - chrono::Duration::days(CALENDAR_NIGHTS - 1);
    let cramps: BTreeMap<NaiveDate, u8> = store
        .checkins(Some(since), night)?
        .into_iter()
        .map(|checkin| (checkin.night, checkin.cramps))
        .collect();
    let calendar = night_by_night(&nights, night, CALENDAR_NIGHTS)
        .into_iter()
        .map(|(day, status)| (day, status, cramps.get(&day).copied()))
        .collect();
    let tallies = store.step_tallies()?;
    let checked_nights = store.step_nights()?;
    let insights = if checked_nights.is_empty() {
        vec![
            "Insights: after nights with both a run and a check-in, this shows cramps per \
             night with and without each step."
                .to_string(),
        ]
    } else {
        let mut lines = vec![format!(
            "Insights over {} nights with a run and a check-in:",
            checked_nights.len()
        )];
        lines.extend(
            insights::step_insights(&tallies, &checked_nights)
                .iter()
                .map(insights::describe),
        );
        lines.push(CAVEAT.to_string());
        lines
    };
    Ok(StatsView {
        streaks: stats::streaks(&nights, night),
        calendar,
        steps: stats::step_rates(&tallies),
        insights,
    })
}
