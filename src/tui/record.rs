//! Carrying out what the app asks to be written: every step result the moment
//! it happens, and where a running hold stands every few seconds.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};

use crate::journal::{Closing, Journal, Pickup, RoutineKey, Unsaved};
use crate::model::{RunId, SosId, night_by_night};
use crate::routine::Step;
use crate::stats;
use crate::store::{Store, StoreError};

use super::app::{App, CALENDAR_NIGHTS, History, Request, StatsData};

/// Nights shown in the home screen's strip.
const RECENT_NIGHTS: i64 = 14;

/// The journal of tonight's run, and what only the full screen writes besides.
pub struct Recorder<'a> {
    journal: Journal<'a>,
    /// The SOS episode begun and not yet ended.
    sos: Option<SosId>,
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
            sos: None,
        }
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
        match request {
            Request::StartRun => {
                let _kept = journal.start_run(&app.routine().name, app.steps());
            }
            Request::AbandonRun => {
                let _kept = journal.abandon_resumable();
            }
            Request::ResumeRun => journal.resume(),
            Request::DeclareRest(reason) => {
                let night = journal.night();
                journal.store().declare_rest(night, reason, Utc::now())?;
            }
            Request::Session(effect) => {
                if let Some(session) = app.session() {
                    let _kept = journal.write_effect(effect, session);
                }
            }
            Request::LoadStats
            | Request::EditRoutine
            | Request::SwitchRoutine(_)
            | Request::NewNight(_)
            | Request::Quit => {}
            Request::CheckIn(checkin) => journal.store().save_checkin(checkin, Utc::now())?,
            Request::SkipCheckin(night) => journal.store().skip_checkin(*night, Utc::now())?,
            Request::SosStarted { started } => {
                self.sos = Some(journal.record_sos(*started, Duration::ZERO, None)?);
            }
            Request::ForgetSos => {
                if let Some(id) = self.sos.take() {
                    journal.forget_sos(id)?;
                }
            }
            Request::RecordSos {
                started,
                lasted,
                leg,
            } => match self.sos.take() {
                Some(id) => journal.end_sos(id, *lasted, *leg)?,
                // Its start could not be written: write it whole now.
                None => {
                    journal.record_sos(*started, *lasted, *leg)?;
                }
            },
        }
        Ok(())
    }

    /// What of tonight's run is not on disk yet, while anything is not.
    pub fn unsaved(&self) -> Option<Unsaved> {
        self.journal.unsaved()
    }

    /// When unsaved results are next to be tried again, if any wait.
    pub fn next_retry(&self) -> Option<Instant> {
        self.journal.next_retry()
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
    /// and keep what still cannot be stored in a recovery file in `folder`.
    pub fn close(&mut self, app: &mut App, now: Instant, folder: &Path) -> Closing {
        // An SOS still open (a signal stopped winddown) keeps its length so far.
        app.end_sos();
        for request in app.take_requests() {
            if let Err(err) = self.write(&request, app) {
                app.warn(format!("not saved: {err}"));
            }
        }
        self.save_progress(app, now, false, true);
        let closing = self.journal.close(folder);
        app.set_unsaved(self.journal.unsaved());
        closing
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
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::{Duration, Instant};

    use chrono::NaiveDate;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;
    use rusqlite::{Connection, OpenFlags};

    use super::Recorder;
    use crate::journal::{RoutineKey, import_recoveries};
    use crate::routine::parse;
    use crate::store::{DB_FILE, Store};
    use crate::tui::app::{App, History, Opening};

    const ROUTINE: &str = r#"
name = "Quick"

[[step]]
title = "One"

[[step]]
title = "Two"
duration = "3s"

[[step]]
title = "Three"
"#;

    fn night() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
    }

    fn key() -> RoutineKey {
        RoutineKey {
            id: "quick".into(),
            hash: "0".into(),
        }
    }

    /// The app straight into a fresh run of Quick at `start`.
    fn app(start: Instant) -> App {
        let routine = parse(ROUTINE).expect("the test routine parses");
        let wall = night().and_hms_opt(21, 0, 0).expect("time");
        App::new(
            routine,
            night(),
            History::default(),
            None,
            Opening::RunNow,
            (start, wall),
            Rect::new(0, 0, 80, 24),
        )
    }

    /// What the loop does with the app's requests: write them, then show what is unsaved.
    fn carry_out(recorder: &mut Recorder, app: &mut App) {
        for request in app.take_requests() {
            recorder.write(&request, app).expect("not a run write");
        }
        app.set_unsaved(recorder.unsaved());
    }

    fn press(app: &mut App, code: KeyCode, now: Instant) {
        let wall = night().and_hms_opt(21, 0, 0).expect("time");
        app.handle_event(
            &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
            now,
            wall,
        );
    }

    fn tick(app: &mut App, now: Instant) {
        app.tick(now, night().and_hms_opt(21, 0, 0).expect("time"));
    }

    /// A second connection, as another program would open the file.
    fn peek(database: &Path) -> Connection {
        Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("peek")
    }

    /// The step results on disk as (index, outcome), and the run's outcome.
    fn on_disk(database: &Path) -> (Vec<(i64, String)>, String) {
        let conn = peek(database);
        let steps = conn
            .prepare("SELECT step_index, outcome FROM step_results ORDER BY step_index")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("read the step results");
        let outcome = conn
            .query_row(
                "SELECT outcome FROM runs ORDER BY id DESC LIMIT 1",
                [],
                |row| row.get(0),
            )
            .expect("read the run");
        (steps, outcome)
    }

    fn done(indexes: &[i64]) -> Vec<(i64, String)> {
        indexes
            .iter()
            .map(|&index| (index, "done".to_string()))
            .collect()
    }

    #[test]
    fn every_step_and_the_end_reach_the_store_as_they_happen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
        tick(&mut app, start + Duration::from_secs(4));
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, start + Duration::from_secs(5));
        carry_out(&mut recorder, &mut app);
        assert_eq!(
            on_disk(&database),
            (done(&[0, 1, 2]), "completed".to_string())
        );
    }

    #[test]
    fn a_step_the_timer_ends_moves_the_saved_place_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        recorder.save_progress(&mut app, start, true, false);
        // Three seconds on, the timer ends "Two": no key, and the last save is recent.
        let later = start + Duration::from_millis(3200);
        tick(&mut app, later);
        carry_out(&mut recorder, &mut app);
        recorder.save_progress(&mut app, later, false, false);
        let position: i64 = peek(&database)
            .query_row("SELECT position FROM progress", [], |row| row.get(0))
            .expect("a saved place");
        assert_eq!(position, 2);
    }

    #[test]
    fn a_full_disk_keeps_every_result_and_retries_until_they_are_stored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        recorder.journal.store().fill_disk(true);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        assert_eq!(
            app.unsaved().map(|unsaved| unsaved.describe()).as_deref(),
            Some("1 step not saved yet — retrying")
        );
        let end = start + Duration::from_secs(4);
        tick(&mut app, end);
        press(&mut app, KeyCode::Enter, end);
        carry_out(&mut recorder, &mut app);
        recorder.retry(&mut app, end);
        assert!(app.session().is_some_and(|session| session.is_finished()));
        // Nothing reached the disk, and the run is not marked finished.
        assert_eq!(on_disk(&database), (Vec::new(), "running".to_string()));
        assert_eq!(
            app.unsaved().map(|unsaved| unsaved.describe()).as_deref(),
            Some("3 steps not saved yet — retrying")
        );

        recorder.journal.store().fill_disk(false);
        let retry_at = recorder.next_retry().expect("a retry is planned");
        assert!(retry_at <= end + Duration::from_secs(5), "{retry_at:?}");
        recorder.retry(&mut app, retry_at);
        assert_eq!(
            on_disk(&database),
            (done(&[0, 1, 2]), "completed".to_string())
        );
        assert!(app.unsaved().is_none());
        assert!(recorder.next_retry().is_none());
    }

    #[test]
    fn another_connection_holding_the_write_lock_delays_results_but_loses_none() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);

        let other = Connection::open(&database).expect("a second connection");
        other
            .execute_batch("BEGIN EXCLUSIVE")
            .expect("take the lock");
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        assert_eq!(
            app.unsaved().map(|unsaved| unsaved.describe()).as_deref(),
            Some("1 step not saved yet — retrying")
        );
        other.execute_batch("COMMIT").expect("let go of the lock");

        let retry_at = recorder.next_retry().expect("a retry is planned");
        recorder.retry(&mut app, retry_at);
        assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
        assert!(app.unsaved().is_none());
    }

    #[test]
    fn results_still_unsaved_at_quit_go_to_a_recovery_file_the_next_start_imports() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        recorder.journal.store().fill_disk(true);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        let closing = recorder.close(&mut app, start, dir.path());
        assert_eq!(closing.unsaved_steps, 1);
        let kept = closing.recovery.expect("a recovery file").expect("written");
        assert_eq!(kept.parent(), Some(dir.path()));
        assert_eq!(on_disk(&database).0, Vec::new());
        drop(recorder);
        drop(store);

        let mut store = Store::open(&database).expect("open again");
        let notes = import_recoveries(&mut store, dir.path());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("1 step"), "{notes:?}");
        assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));
        assert!(!kept.exists(), "the recovery file is removed once imported");
        assert!(import_recoveries(&mut store, dir.path()).is_empty());
    }

    #[test]
    fn steps_added_by_a_live_edit_mid_run_are_recorded_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        let longer =
            format!("{ROUTINE}\n[[step]]\ntitle = \"Four\"\n\n[[step]]\ntitle = \"Five\"\n");
        app.routine_changed(Ok(parse(&longer).expect("the longer routine parses")));
        let later = start + Duration::from_secs(4);
        tick(&mut app, later);
        for _ in 0..3 {
            press(&mut app, KeyCode::Enter, later);
            carry_out(&mut recorder, &mut app);
        }
        assert!(app.unsaved().is_none(), "{:?}", app.unsaved());
        assert_eq!(
            on_disk(&database),
            (done(&[0, 1, 2, 3, 4]), "completed".to_string())
        );
    }

    #[test]
    fn a_live_edit_on_a_full_disk_is_kept_retried_and_laid_out_before_the_results_after_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = dir.path().join(DB_FILE);
        let mut store = Store::open(&database).expect("open");
        let start = Instant::now();
        let mut app = app(start);
        let mut recorder = Recorder::new(&mut store, key(), night(), None);
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, start);
        carry_out(&mut recorder, &mut app);
        // One done, Two's hold on screen; the disk fills, then the file is saved with
        // Four added first and the rest turned around, as the loop reloads it.
        recorder.journal.store().fill_disk(true);
        let edited = "name = \"Quick\"\n\n[[step]]\ntitle = \"Four\"\n\n[[step]]\ntitle = \"Three\"\n\n\
                      [[step]]\ntitle = \"Two\"\nduration = \"3s\"\n\n[[step]]\ntitle = \"One\"\n";
        app.routine_changed(Ok(parse(edited).expect("the edited routine parses")));
        recorder.save_progress(&mut app, start, false, true);
        carry_out(&mut recorder, &mut app);
        assert_eq!(
            app.unsaved().map(|unsaved| unsaved.describe()).as_deref(),
            Some("tonight's run not saved yet — retrying")
        );
        // The timer ends Two; Four is confirmed: both results wait behind the layout.
        let later = start + Duration::from_secs(4);
        tick(&mut app, later);
        carry_out(&mut recorder, &mut app);
        press(&mut app, KeyCode::Enter, later);
        carry_out(&mut recorder, &mut app);
        assert_eq!(
            app.unsaved().map(|unsaved| unsaved.describe()).as_deref(),
            Some("2 steps not saved yet — retrying")
        );
        assert_eq!(on_disk(&database), (done(&[0]), "running".to_string()));

        recorder.journal.store().fill_disk(false);
        let retry_at = recorder.next_retry().expect("a retry is planned");
        recorder.retry(&mut app, retry_at);
        recorder.save_progress(&mut app, retry_at, false, false);
        assert!(app.unsaved().is_none(), "{:?}", app.unsaved());
        let conn = peek(&database);
        let laid_out: Vec<(i64, String)> = conn
            .prepare("SELECT step_index, step_id FROM step_results ORDER BY step_index")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .expect("read the step results");
        let ids = |rows: &[(i64, &str)]| -> Vec<(i64, String)> {
            rows.iter().map(|(i, id)| (*i, id.to_string())).collect()
        };
        assert_eq!(laid_out, ids(&[(0, "one"), (1, "two"), (2, "four")]));
        let (count, place): (i64, (i64, Option<String>)) = (
            conn.query_row("SELECT step_count FROM runs", [], |row| row.get(0))
                .expect("the run"),
            conn.query_row("SELECT position, step_id FROM progress", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("a saved place"),
        );
        assert_eq!(count, 4, "one, two, four, three");
        assert_eq!(place, (3, Some("three".to_string())));
    }
}
