//! Carrying out what the app asks to be written: every step result the moment
//! it happens, and where a running hold stands every few seconds.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{NaiveDate, Utc};

use crate::journal::{Journal, RoutineKey};
use crate::model::{NightStatus, NightSummary, RunId};
use crate::session::Effect;
use crate::store::{Store, StoreError};
use crate::{insights, stats};

use super::app::{App, CALENDAR_NIGHTS, History, Request, StatsView};

/// Nights shown in the home screen's strip.
const RECENT_NIGHTS: i64 = 14;

/// The journal of tonight's run, and what only the full screen writes besides.
pub struct Recorder<'a> {
    journal: Journal<'a>,
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
            journal: Journal::new(store, key, night, resumable),
        }
    }

    /// Runs from now on belong to this routine (the user picked another on the home screen).
    pub fn set_routine(&mut self, key: RoutineKey) {
        self.journal.set_routine(key);
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
                let night = self.journal.night();
                match read_stats(self.journal.store(), night) {
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
        let journal = &mut self.journal;
        match request {
            Request::StartRun => journal.start_run(&app.routine().name, app.steps().len())?,
            Request::AbandonRun => journal.abandon_resumable()?,
            Request::ResumeRun => journal.resume(),
            Request::DeclareRest(reason) => {
                let night = journal.night();
                journal.store().declare_rest(night, reason, Utc::now())?;
            }
            Request::Session(effect) => {
                if let Some(session) = app.session() {
                    journal.write_effect(effect, session)?;
                }
            }
            // Handled in carry_out: it needs the app mutably.
            Request::LoadStats => {}
            Request::CheckIn(checkin) => journal.store().save_checkin(checkin, Utc::now())?,
            Request::RecordSos {
                started,
                lasted,
                leg,
            } => journal.record_sos(*started, *lasted, *leg)?,
        }
        Ok(())
    }

    /// Save where the running hold stands when the user just acted, when `force`d (quit,
    /// signal), when the timer or a key changed the step or segment, or when the last
    /// save is a few seconds old.
    pub fn save_progress(&mut self, app: &mut App, now: Instant, acted: bool, force: bool) {
        let Some(session) = app.session() else {
            return;
        };
        if let Err(err) = self.journal.save_progress(session, now, acted, force) {
            app.warn(format!("progress not saved: {err}"));
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
    let mut tallies = store.step_tallies()?;
    // Titles in the history may predate `check` refusing control characters.
    for tally in &mut tallies {
        tally.title = crate::printable::line(&tally.title).into_owned();
    }
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
        lines.push(insights::CAVEAT.to_string());
        lines
    };
    Ok(StatsView {
        streaks: stats::streaks(&nights, night),
        calendar,
        steps: stats::step_rates(&tallies),
        insights,
    })
}
